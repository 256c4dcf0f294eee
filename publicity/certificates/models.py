from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """One issued document and its query log entry (存档备查): a credit query result
    (信用信息查询结果), a 专项信用报告 or a 信用修复告知书 (`doc_type`); or the log entry alone of
    a department system's credit check through the API (接口信用核查: the token, the purpose and
    the answer as snapshot; no PDF, so nothing to verify and no number anyone holds).

    Saved before rendering; the PDF is rendered from `snapshot`, never from live records, so a
    document verified years later shows exactly what it stated.
    """

    class DocType(models.TextChoices):
        QUERY_RESULT = "query", _("信用信息查询结果")
        REPORT = "report", _("专项信用报告")
        REPAIR_NOTICE = "repair_notice", _("信用修复告知书")
        API_CHECK = "api_check", _("接口信用核查")

    class RequesterKind(models.TextChoices):
        PUBLIC = "public", _("社会公众")
        SUBJECT = "subject", _("主体本人（验证码）")
        STAFF = "staff", _("部门工作人员")
        SYSTEM = "system", _("部门系统（接口）")

    class Purpose(models.TextChoices):
        PROCUREMENT = "procurement", _("政府采购")
        PERMIT = "permit", _("行政许可")
        BIDDING = "bidding", _("招标投标")
        HONOURS = "honours", _("评先评优")
        LISTING = "listing", _("上市融资")
        OTHER = "other", _("其他")

    doc_type = models.CharField(
        _("文书类型"), max_length=16, choices=DocType.choices, default=DocType.QUERY_RESULT
    )

    number = models.CharField(_("证书编号"), max_length=20, unique=True, editable=False)
    # Human-readable, sequential; never accepted by the public verification page (enumerable).
    # Derived from the primary key, so NULL (not "", which would clash) until the row exists.
    serial = models.CharField(_("流水号"), max_length=30, unique=True, null=True, editable=False)  # noqa: DJ001
    subject = models.ForeignKey(
        "records.Subject", verbose_name=_("信用主体"), on_delete=models.PROTECT, related_name="certificates"
    )
    # As certified, for the log: a subject renamed later keeps its old name here.
    subject_name = models.CharField(_("主体名称"), max_length=200)
    subject_code = models.CharField(
        _("主体代码"), max_length=30, blank=True, help_text=_("自然人的证件号码已脱敏")
    )
    purpose = models.CharField(_("查询事由"), max_length=12, choices=Purpose.choices)
    purpose_detail = models.CharField(_("事由说明"), max_length=100, blank=True)
    requester_org = models.CharField(_("申请单位"), max_length=100)
    department = models.ForeignKey(
        "records.Department",
        verbose_name=_("申请部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        help_text=_("申请单位与平台登记的部门名称一致时自动关联"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requester_ip = models.GenericIPAddressField(_("申请人IP"), null=True, blank=True)
    token = models.ForeignKey(
        "records.ApiToken",
        verbose_name=_("接口令牌"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requester_kind = models.CharField(
        _("申请人类别"), max_length=10, choices=RequesterKind.choices, default=RequesterKind.PUBLIC
    )
    requester_contact = models.CharField(
        _("验证码接收方式"),
        max_length=100,
        blank=True,
        help_text=_("主体本人申请时验证码发送到的联系方式（已脱敏）"),
    )
    # 专项信用报告: the fields (sorted catalogue codes, comma-separated) and the period covered.
    # A newer report for the same subject and fields supersedes an older one.
    scope = models.CharField(_("报告领域"), max_length=300, blank=True)
    period_start = models.DateField(_("报告期间自"), null=True, blank=True)
    period_end = models.DateField(_("报告期间至"), null=True, blank=True)
    issued_at = models.DateTimeField(_("查询时间"), default=timezone.now)
    snapshot = models.JSONField(_("查询结果快照"))
    pdf_sha256 = models.CharField(_("PDF 文件 SHA-256"), max_length=64, blank=True, db_index=True)
    pdf_size = models.PositiveIntegerField(_("PDF 文件大小（字节）"), null=True, blank=True)
    signer = models.CharField(_("签章证书"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("信用查询记录")
        verbose_name_plural = _("信用查询记录")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["subject", "-issued_at"], name="certificate_subject_time"),
            models.Index(fields=["department", "-issued_at"], name="certificate_dept_time"),
            models.Index(fields=["purpose", "-issued_at"], name="certificate_purpose_time"),
            models.Index(fields=["-issued_at"], name="certificate_time"),
            models.Index(
                fields=["subject", "doc_type", "scope", "-issued_at"], name="certificate_scope_time"
            ),
        ]

    def __str__(self):
        return f"{self.serial or self.number} {self.subject_name}"

    @property
    def purpose_text(self) -> str:
        """政府采购, or 其他（说明） / 行政许可（说明） when a detail was given."""
        label = self.get_purpose_display()
        return f"{label}（{self.purpose_detail}）" if self.purpose_detail else label

    @property
    def is_complete(self) -> bool:
        """False only while the PDF is being rendered, or if rendering failed."""
        return bool(self.pdf_sha256)

    @property
    def title(self) -> str:
        return self.get_doc_type_display()

    def superseded_by(self):
        """A newer complete 专项信用报告 for the same subject and fields, or None."""
        if self.doc_type != self.DocType.REPORT:
            return None
        return (
            Certificate.objects.filter(
                subject_id=self.subject_id,
                doc_type=self.doc_type,
                scope=self.scope,
                issued_at__gt=self.issued_at,
            )
            .exclude(pdf_sha256="")
            .order_by("-issued_at", "-id")
            .first()
        )


class ReportField(models.Model):
    """A field (领域) of the 专项信用报告 catalogue, kept by the credit office: which departments'
    records it covers (listed, or every department whose 行业领域 is one of `department_fields`)
    and which record kinds."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("领域名称"), max_length=50, unique=True)
    departments = models.ManyToManyField(
        "records.Department", verbose_name=_("部门"), blank=True, related_name="report_fields"
    )
    department_fields = models.CharField(
        _("部门行业领域"),
        max_length=200,
        blank=True,
        help_text=_("用顿号或逗号分隔；行业领域为其中之一的部门自动纳入，如：应急管理、安全生产"),
    )
    record_kinds = models.JSONField(_("信息类别"), default=list)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("专项信用报告领域")
        verbose_name_plural = _("专项信用报告领域")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name

    @property
    def domain_list(self) -> list[str]:
        import re

        return [p for p in (x.strip() for x in re.split(r"[、,，;；\s]+", self.department_fields)) if p]


class ReportAccessCode(models.Model):
    """A one-time code sent to a subject's contact on record, so the subject itself may request
    its 专项信用报告 or make a credit commitment online. Only a keyed hash of the code is stored;
    a code serves only the purpose it was sent for."""

    class Purpose(models.TextChoices):
        REPORT = "report", _("专项信用报告")
        COMMITMENT = "commitment", _("信用承诺")

    purpose = models.CharField(_("用途"), max_length=10, choices=Purpose.choices, default=Purpose.REPORT)
    subject = models.ForeignKey(
        "records.Subject", verbose_name=_("信用主体"), on_delete=models.CASCADE, related_name="+"
    )
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    sent_to = models.CharField(_("发送至"), max_length=100)
    requester_ip = models.GenericIPAddressField(_("申请人IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("专项信用报告验证码")
        verbose_name_plural = _("专项信用报告验证码")
        indexes = [models.Index(fields=["subject", "-created_at"], name="report_code_subject_time")]

    def __str__(self):
        return f"{self.subject_id} {self.sent_to}"

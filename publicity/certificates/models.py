from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """One issued credit query result (信用信息查询结果) and its query log entry (存档备查).

    Saved before rendering; the PDF is rendered from `snapshot`, never from live records, so a
    certificate verified years later shows exactly what it certified.
    """

    class Purpose(models.TextChoices):
        PROCUREMENT = "procurement", _("政府采购")
        PERMIT = "permit", _("行政许可")
        BIDDING = "bidding", _("招标投标")
        HONOURS = "honours", _("评先评优")
        OTHER = "other", _("其他")

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

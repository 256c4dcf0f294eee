"""The fields every credit record shares.

A record is identified by its natural key: the reporting department, the record kind (the
table, plus `kind` where one table holds several kinds) and the document number. Re-sending a
record with the same key updates it; it never creates a duplicate.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubjectCategory(models.TextChoices):
    """行政相对人类别 as in the national 双公示 standard."""

    LEGAL_ENTITY = "legal", _("法人及非法人组织")
    PERSON = "person", _("自然人")
    INDIVIDUAL_BUSINESS = "individual", _("个体工商户")


class RecordStatus(models.TextChoices):
    """Where a record stands. Records from department systems and imports arrive published;
    records staff enter by hand go draft -> submitted -> published (or returned -> submitted
    again), approved by someone other than their author (see records.services.publication).
    Only PUBLISHED records can be public (publicity.rules)."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("已退回")
    PUBLISHED = "published", _("公示中")
    WITHDRAWN = "withdrawn", _("已撤销")
    EXPIRED = "expired", _("已到期")
    REPAIRED = "repaired", _("已信用修复")


# States a record is in before it is first published: never public, editable by its department.
UNAPPROVED_STATUSES = (RecordStatus.DRAFT, RecordStatus.SUBMITTED, RecordStatus.RETURNED)


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_RESIDENT = "foreign_resident", _("外国人永久居留身份证")


class CreditRecord(models.Model):
    # Record kind slug (see records.kinds); set on each concrete class.
    KIND = ""

    # No index of its own on subject or department: the (subject, decision date) and
    # (department, decision date) indexes below start with them and serve every lookup by them.
    subject = models.ForeignKey(
        "records.Subject",
        verbose_name=_("信用主体"),
        on_delete=models.PROTECT,
        related_name="%(class)s_set",
        db_index=False,
    )
    # The subject as the department reported it (行政相对人).
    subject_name = models.CharField(_("行政相对人名称"), max_length=200)
    subject_category = models.CharField(
        _("行政相对人类别"),
        max_length=12,
        choices=SubjectCategory.choices,
        default=SubjectCategory.LEGAL_ENTITY,
    )
    subject_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    subject_reg_no = models.CharField(_("工商注册号"), max_length=30, blank=True)
    subject_org_code = models.CharField(_("组织机构代码"), max_length=10, blank=True)
    subject_tax_no = models.CharField(_("税务登记号"), max_length=20, blank=True)
    subject_inst_cert_no = models.CharField(_("事业单位证书号"), max_length=30, blank=True)
    subject_social_org_no = models.CharField(_("社会组织登记证号"), max_length=30, blank=True)
    legal_rep = models.CharField(_("法定代表人"), max_length=100, blank=True)
    legal_rep_id_type = models.CharField(
        _("法定代表人证件类型"), max_length=20, choices=IdType.choices, blank=True
    )
    legal_rep_id_number = models.CharField(_("法定代表人证件号码"), max_length=30, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=30, blank=True)

    department = models.ForeignKey(
        "records.Department",
        verbose_name=_("数据来源单位"),
        on_delete=models.PROTECT,
        related_name="%(class)s_set",
        db_index=False,
    )
    document_number = models.CharField(_("文书号"), max_length=128)
    decision_date = models.DateField(_("决定日期"))
    reported_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    report_deadline = models.DateField(_("报送截止日"), null=True, blank=True)
    is_late = models.BooleanField(_("逾期报送"), default=False)

    publish_from = models.DateField(_("公示起始日"), null=True, blank=True)
    publish_until = models.DateField(_("公示截止期"), null=True, blank=True)
    status = models.CharField(
        _("公示状态"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.PUBLISHED
    )
    status_reason = models.CharField(_("状态变更原因"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    remarks = models.TextField(_("备注"), blank=True)

    # The publication workflow of records staff enter by hand (empty for imported records).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # Who changed the record last by hand or by file (four eyes: they may not approve it).
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最后修改人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["department", "document_number"], name="%(class)s_natural_key"),
        ]
        indexes = [
            models.Index(fields=["subject", "-decision_date"], name="%(class)s_subj_date"),
            # Public lists: status = published, newest first, and the keyset of deep pages
            # ((decision_date, id) < (…)) as one index range scan.
            models.Index(fields=["status", "-decision_date", "-id"], name="%(class)s_st_dt_id"),
            models.Index(fields=["department", "-decision_date"], name="%(class)s_dept_date"),
            # The staff admin's change list: every row of a kind, newest first (Meta.ordering).
            models.Index(fields=["-decision_date", "-id"], name="%(class)s_date_id"),
            # Changes feeds: (updated_at, id) > (…) as one index range scan.
            models.Index(fields=["updated_at", "id"], name="%(class)s_upd_id"),
        ]

    def __str__(self):
        return f"{self.subject_name} {self.document_number}"

    @property
    def kind(self) -> str:
        return self.KIND

    def set_status(self, status: str, reason: str = "") -> None:
        self.status = status
        self.status_reason = reason
        self.status_changed_at = timezone.now()

"""Four eyes on what staff type and on red/black lists: revisions under review, departments
allowed to publish their own lists, and delegations to report for another authority.

A published record is never changed in place by an edit that needs review: the edit is kept as a
Revision (the proposed values) and the published row stays as it is, so the public keeps seeing
the published version until a reviewer approves the revision (records.services.publication).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where a write came from."""

    ADMIN = "admin", _("后台录入")
    UPLOAD = "upload", _("文件上传")
    COMMAND = "command", _("命令行导入")
    API = "api", _("接口推送")


class Revision(models.Model):
    """A proposed change to a published record, waiting for a reviewer."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "published", _("已通过")
        RETURNED = "returned", _("已退回")
        SUPERSEDED = "superseded", _("已被新修改替代")

    record_kind = models.CharField(_("信息类别"), max_length=20)
    record_id = models.PositiveBigIntegerField(_("记录ID"))
    record_repr = models.CharField(_("记录"), max_length=300)
    department = models.ForeignKey(
        "records.Department", verbose_name=_("数据来源单位"), on_delete=models.PROTECT, related_name="+"
    )
    # {attribute: value as JSON} of the fields this revision sets, and {field: [published, proposed]}.
    values = models.JSONField(_("修改后的值"), default=dict)
    changes = models.JSONField(_("变更内容"), default=dict)
    status = models.CharField(
        _("审核状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    status_reason = models.CharField(_("退回原因"), max_length=500, blank=True)
    channel = models.CharField(_("修改渠道"), max_length=10, choices=Channel.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    batch = models.ForeignKey(
        "records.IngestBatch",
        verbose_name=_("报送批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待审核修改")
        verbose_name_plural = _("待审核修改")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["record_kind", "record_id"], name="revision_record")]
        constraints = [
            # At most one revision of a record waits for review: a newer edit supersedes it.
            models.UniqueConstraint(
                fields=["record_kind", "record_id"],
                condition=Q(status="submitted"),
                name="revision_one_open_per_record",
            )
        ]

    def __str__(self):
        return f"{self.record_repr}（{self.get_status_display()}）"

    @property
    def record(self):
        from records.kinds import RECORD_KINDS

        return RECORD_KINDS[self.record_kind].model._base_manager.filter(pk=self.record_id).first()

    @property
    def record_kind_label(self) -> str:
        from records.kinds import RECORD_KINDS

        kind = RECORD_KINDS.get(self.record_kind)
        return str(kind.label) if kind else self.record_kind


class DirectPublishing(models.Model):
    """The credit office lets a department publish its own entries of one list type without
    review (any channel). Changes to it are in the audit trail like every admin change."""

    department = models.ForeignKey(
        "records.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    list_type = models.ForeignKey(
        "records.ListType", verbose_name=_("名单类型"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(_("授权依据"), max_length=300, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    granted_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("名单自行公示授权")
        verbose_name_plural = _("名单自行公示授权")
        ordering = ["department", "list_type"]
        constraints = [
            models.UniqueConstraint(fields=["department", "list_type"], name="directpublishing_unique")
        ]

    def __str__(self):
        return f"{self.department} · {self.list_type}"


class Delegation(models.Model):
    """A department reports records decided by another authority (受托报送), for a period."""

    reporting_department = models.ForeignKey(
        "records.Department", verbose_name=_("报送部门"), on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        "records.Department",
        verbose_name=_("委托部门（决定机关）"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("有效期自"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("留空表示长期有效"))
    basis = models.CharField(_("委托依据"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("委托报送")
        verbose_name_plural = _("委托报送")
        ordering = ["reporting_department", "-valid_from"]
        indexes = [models.Index(fields=["reporting_department", "valid_from"], name="delegation_reporting")]

    def __str__(self):
        return f"{self.reporting_department} → {self.on_behalf_of}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("有效期至不能早于有效期自。")})
        if self.reporting_department_id and self.reporting_department_id == self.on_behalf_of_id:
            raise ValidationError({"on_behalf_of": _("委托部门不能是报送部门本身。")})


class CorrectionConflict(models.Model):
    """A row that tried to set back a field corrected through an objection, and was refused."""

    record_kind = models.CharField(_("信息类别"), max_length=20)
    record_id = models.PositiveBigIntegerField(_("记录ID"))
    record_repr = models.CharField(_("记录"), max_length=300)
    department = models.ForeignKey(
        "records.Department", verbose_name=_("数据来源单位"), on_delete=models.PROTECT, related_name="+"
    )
    objection = models.ForeignKey(
        "records.Objection", verbose_name=_("异议申诉"), on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(_("字段"), max_length=60)
    field_label = models.CharField(_("字段名称"), max_length=100)
    corrected_value = models.TextField(_("异议更正后的值"), blank=True)
    attempted_value = models.TextField(_("本次报送的值"), blank=True)
    channel = models.CharField(_("报送渠道"), max_length=10, choices=Channel.choices)
    batch = models.ForeignKey(
        "records.IngestBatch",
        verbose_name=_("报送批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("与异议处理结果冲突")
        verbose_name_plural = _("与异议处理结果冲突")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.record_repr} {self.field_label}"

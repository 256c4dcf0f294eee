"""Credit repair applications (信用修复) and objections (异议申诉). What they share (Appeal and its
events and attachments): an applicant (the subject itself), the record concerned, the department
that handles it, a tracking number, a stage deadline in working days, attachments and a public
timeline of events. Each then adds its own fields (CreditRepair, Objection)."""

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class Appeal(models.Model):
    number = models.CharField(_("受理编号"), max_length=20, unique=True)
    subject = models.ForeignKey(
        "records.Subject", verbose_name=_("信用主体"), on_delete=models.PROTECT, related_name="%(class)s_set"
    )
    applicant_name = models.CharField(_("申请主体名称"), max_length=200)
    applicant_code = models.CharField(_("统一社会信用代码"), max_length=18)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=30)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    # The record concerned: its kind (records.kinds slug) and primary key.
    record_kind = models.CharField(_("信息类别"), max_length=20)
    record_id = models.PositiveBigIntegerField(_("记录ID"))
    record_document_number = models.CharField(_("文书号"), max_length=128)
    department = models.ForeignKey(
        "records.Department",
        verbose_name=_("承办部门"),
        on_delete=models.PROTECT,
        related_name="%(class)s_set",
        help_text=_("记录的数据来源单位"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    due_on = models.DateField(_("本环节办理时限"), null=True, blank=True)
    decision_note = models.TextField(_("办理意见"), blank=True, help_text=_("向申请人公开的办理结果说明"))
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return f"{self.number} {self.applicant_name}"

    @property
    def record_kind_label(self) -> str:
        from records.kinds import RECORD_KINDS

        kind = RECORD_KINDS.get(self.record_kind)
        return str(kind.label) if kind else self.record_kind

    @property
    def record(self):
        from records.kinds import RECORD_KINDS

        return RECORD_KINDS[self.record_kind].model._base_manager.filter(pk=self.record_id).first()

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()


class AppealEvent(models.Model):
    """One step of an application: from which state to which, by whom, with a note the
    applicant reads on the tracking page."""

    at = models.DateTimeField(_("时间"), default=timezone.now)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20)
    note = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # The Status choices of the application this event belongs to (set on each subclass).
    STATUS = None

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self):
        return _("%(at)s %(status)s") % {
            "at": formats.date_format(timezone.localtime(self.at), "Y-m-d H:i"),
            "status": self.status_label,
        }

    def _label(self, status: str) -> str:
        return str(dict(self.STATUS.choices).get(status, status)) if self.STATUS else status

    @property
    def status_label(self) -> str:
        return self._label(self.to_status)

    @property
    def from_status_label(self) -> str:
        return self._label(self.from_status) if self.from_status else ""


class AppealAttachment(models.Model):
    file = models.FileField(_("文件"), upload_to="appeals/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return self.name


class CreditRepair(Appeal):
    """信用修复: a subject that has corrected its conduct asks to end a publication early.

    待审核 (the credit office checks the application) -> 待核实 (the source department verifies
    the correction) -> 已通过 / 未通过 -> 已完成 (the credit office ends the publication and
    records the 信用修复型 commitment)."""

    class Status(models.TextChoices):
        PENDING_REVIEW = "review", _("待审核")
        PENDING_VERIFY = "verify", _("待核实")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")
        COMPLETED = "completed", _("已完成")

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上申请")
        OFFLINE = "offline", _("线下窗口")

    status = models.CharField(
        _("办理状态"), max_length=10, choices=Status.choices, default=Status.PENDING_REVIEW, db_index=True
    )
    channel = models.CharField(_("申请渠道"), max_length=7, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("窗口录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("申请理由"), help_text=_("失信行为已纠正、处罚已履行的情况"))
    commitment_text = models.TextField(_("信用修复承诺"))
    commitment = models.ForeignKey(
        "records.Commitment",
        verbose_name=_("信用修复型承诺"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta(Appeal.Meta):
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")


class RepairEvent(AppealEvent):
    STATUS = CreditRepair.Status
    repair = models.ForeignKey(CreditRepair, on_delete=models.CASCADE, related_name="events")

    class Meta(AppealEvent.Meta):
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")


class RepairAttachment(AppealAttachment):
    repair = models.ForeignKey(CreditRepair, on_delete=models.CASCADE, related_name="attachments")

    class Meta(AppealAttachment.Meta):
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")


class Objection(Appeal):
    """异议申诉: a subject says a record about it is wrong.

    待受理 (the credit office accepts or refuses) -> 处理中 (routed to the source department)
    -> 已更正 (the record was corrected, before/after kept) / 维持原记录 (explained)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待受理")
        HANDLING = "handling", _("处理中")
        CORRECTED = "corrected", _("已更正")
        UPHELD = "upheld", _("维持原记录")
        REFUSED = "refused", _("不予受理")

    OPEN_STATUSES = (Status.SUBMITTED, Status.HANDLING)

    status = models.CharField(
        _("办理状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    wrong_content = models.TextField(_("有误的信息"), help_text=_("哪一项信息有误"))
    correct_content = models.TextField(_("应更正为"), blank=True)
    description = models.TextField(_("异议理由"))
    mark_record = models.BooleanField(
        _("公示时标注“异议处理中”"),
        default=False,
        help_text=_("由信用办受理时决定；办结后标注自动消失"),
    )
    # {field: [before, after]} of the correction made when the objection was upheld.
    correction = models.JSONField(_("更正内容"), default=dict, blank=True)

    class Meta(Appeal.Meta):
        verbose_name = _("异议申诉")
        verbose_name_plural = _("异议申诉")
        indexes = [models.Index(fields=["record_kind", "record_id"], name="objection_record")]


class ObjectionEvent(AppealEvent):
    STATUS = Objection.Status
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="events")

    class Meta(AppealEvent.Meta):
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")


class ObjectionAttachment(AppealAttachment):
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="attachments")

    class Meta(AppealAttachment.Meta):
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")

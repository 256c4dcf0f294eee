"""What credit repair applications (信用修复) and objections (异议申诉) share: an applicant
(the subject itself), the record concerned, the department that handles it, a tracking number,
a stage deadline in working days, attachments and a public timeline of events."""

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

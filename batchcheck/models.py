"""A batch credit check (seed task (五), 招标采购 and 公共资源交易): one official's list of
bidders, checked against the public record, each found subject with its own signed query
certificate (publicity.certificates) logged like a single one."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BatchCheck(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("核查中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人员"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "records.Department", verbose_name=_("申请部门"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("查询事由"), max_length=12)
    project = models.CharField(_("项目名称或招标编号"), max_length=100)
    source = models.CharField(
        _("名单来源"), max_length=200, blank=True, help_text=_("上传的文件名，或“粘贴”")
    )
    requester_ip = models.GenericIPAddressField(_("申请人IP"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.CharField(_("说明"), max_length=300, blank=True)
    total_rows = models.PositiveIntegerField(_("需出具查询结果的主体数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理"), default=0)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("最近进展"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批量信用核查")
        verbose_name_plural = _("批量信用核查")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["department", "-created_at"], name="batchcheck_dept_time")]

    def __str__(self):
        return f"{self.project} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.is_finished else 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def purpose_label(self) -> str:
        from publicity.certificates.models import Certificate

        return (
            str(Certificate.Purpose(self.purpose).label) if self.purpose in Certificate.Purpose.values else ""
        )


class BatchCheckRow(models.Model):
    """One bidder of the list as entered (lines merged when it was listed more than once)."""

    class Outcome(models.TextChoices):
        FOUND = "found", _("已找到")
        NOT_FOUND = "not_found", _("未找到")
        AMBIGUOUS = "ambiguous", _("同名主体多个")

    check_run = models.ForeignKey(
        BatchCheck, verbose_name=_("批量核查"), on_delete=models.CASCADE, related_name="rows"
    )
    position = models.PositiveIntegerField(_("序号"))
    lines = models.JSONField(_("名单行号"), default=list)
    query = models.CharField(_("填报内容"), max_length=200)
    outcome = models.CharField(_("核查结果"), max_length=10, choices=Outcome.choices)
    subject = models.ForeignKey(
        "records.Subject",
        verbose_name=_("信用主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # As checked: a person's ID number is masked (publicity.certificates.snapshot.subject_code).
    subject_name = models.CharField(_("主体名称"), max_length=200, blank=True)
    subject_code = models.CharField(_("主体代码"), max_length=30, blank=True)
    candidates = models.JSONField(_("同名主体"), default=list)
    summary = models.JSONField(_("核查摘要"), default=dict)
    certificate = models.ForeignKey(
        "publicity.Certificate",
        verbose_name=_("查询结果"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The signed file exactly as issued (a PDF rendered again would not match its fingerprint),
    # in the media storage: the file system, or an S3 bucket (MEDIA_STORAGE=s3).
    pdf = models.FileField(_("查询结果文件"), upload_to="batchcheck/%Y/%m/", max_length=200, blank=True)
    done = models.BooleanField(_("已处理"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("批量核查明细")
        verbose_name_plural = _("批量核查明细")
        ordering = ["check_run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["check_run", "position"], name="batchcheck_row_position"),
        ]

    def __str__(self):
        return f"{self.position} {self.query}"

    @property
    def lines_text(self) -> str:
        return "、".join(str(n) for n in self.lines)

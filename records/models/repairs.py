from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.appeals import Appeal, AppealAttachment, AppealEvent


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

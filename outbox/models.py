"""Every e-mail the portal sends (complaint receipts and replies, repair and objection outcomes,
one-time codes) is a row here first, written in the same transaction as what it reports, and
delivered by the task worker with retries (outbox.services). Staff see what failed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("待发送")
        RETRYING = "retrying", _("重试中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    purpose = models.CharField(_("用途"), max_length=60)
    reference = models.CharField(_("关联事项"), max_length=100, blank=True)
    to = models.EmailField(_("收件人"))
    subject = models.CharField(_("主题"), max_length=300)
    text = models.TextField(_("正文"))
    html = models.TextField(_("HTML正文"), blank=True)
    # One-time codes: the text is blanked once the mail is sent or given up on.
    sensitive = models.BooleanField(_("含验证码"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    last_error = models.TextField(_("最近一次错误"), blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("外发邮件")
        verbose_name_plural = _("外发邮件")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.purpose}：{self.subject}"

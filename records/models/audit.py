"""The audit trail: who (a staff member or a department's API token) changed what, through
which channel and batch, when, from where, and the fields before and after. Rows are written
once and never changed or deleted: the application refuses it (AuditQuerySet, save/delete
below) and on PostgreSQL a trigger refuses it in the database (migration
`0010_audit_channel_batch_trigger`). records.audit writes them."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied(_("审计记录不可修改。"))

    def delete(self):
        raise PermissionDenied(_("审计记录不可删除。"))


class AuditEntry(models.Model):
    class Channel(models.TextChoices):
        ADMIN = "admin", _("管理后台")
        UPLOAD = "upload", _("文件上传")
        COMMAND = "command", _("命令行")
        API = "api", _("接口推送")
        PUBLIC = "public", _("公众服务")
        SYSTEM = "system", _("系统")

    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        SUBMIT = "submit", _("提交审核")
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回修改")
        ACCEPT = "accept", _("受理")
        WITHDRAW = "withdraw", _("撤销公示")
        EXPIRE = "expire", _("到期处理")
        REPAIR = "repair", _("信用修复")
        OBJECTION = "objection", _("异议处理")
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")
        TWO_FACTOR = "two_factor", _("两步验证")
        EXPORT = "export", _("数据导出")

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # No database constraint: the entry outlives the account and is never rewritten.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    actor_username = models.CharField(_("操作账号"), max_length=150, blank=True)
    # A department system's change: the token it came with (the key itself is never stored).
    token = models.ForeignKey(
        "records.ApiToken",
        verbose_name=_("接口令牌"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices, default=Channel.SYSTEM)
    batch = models.ForeignKey(
        "records.IngestBatch",
        verbose_name=_("报送批次"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=14, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("对象类型"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # audit_object leads with it
        related_name="+",
    )
    object_id = models.CharField(_("对象ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    # {field name: [before, after]}
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    reason = models.TextField(_("原因/说明"), blank=True)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    path = models.CharField(_("请求地址"), max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        # Few indexes: every bulk write adds an entry per row (records.audit), and each index
        # costs on every one. The admin's text search (icontains) uses none of them anyway.
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_object"),
            models.Index(fields=["action", "-at"], name="audit_action"),
        ]

    def __str__(self):
        at = timezone.localtime(self.at) if self.at else None  # Beijing time, not UTC
        return f"{at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied(_("审计记录不可修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("审计记录不可删除。"))

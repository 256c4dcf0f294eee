"""The repair propagation feed: what department systems and credit agencies that pulled a
record must do with their copy (第36号: a repaired record stops being shared and used).

Each delta is one row, numbered in order; every read token has its own position in the feed
(the last delta it was sent), so staff see which consumers have not yet fetched a repair."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecordDelta(models.Model):
    class Op(models.TextChoices):
        ADD = "ADD", _("新增（可使用）")
        MOD = "MOD", _("变更（按新内容使用）")
        DEL = "DEL", _("删除（停止使用）")

    op = models.CharField(_("操作"), max_length=3, choices=Op.choices)
    record_kind = models.CharField(_("信息类别"), max_length=20)
    record_id = models.PositiveBigIntegerField(_("记录ID"))
    document_number = models.CharField(_("文书号"), max_length=128)
    subject_name = models.CharField(_("主体名称"), max_length=200)
    subject_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    department = models.ForeignKey(
        "records.Department", verbose_name=_("认定部门"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("原因"), max_length=300)
    repair = models.ForeignKey(
        "records.CreditRepair",
        verbose_name=_("信用修复申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deltas",
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("修复同步记录")
        verbose_name_plural = _("修复同步记录")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.get_op_display()} {self.document_number}"


class FeedPosition(models.Model):
    """How far one consumer (read token) has fetched the repair propagation feed."""

    token = models.OneToOneField(
        "records.ApiToken", verbose_name=_("接口令牌"), on_delete=models.CASCADE, related_name="feed_position"
    )
    delivered_id = models.PositiveBigIntegerField(_("已获取至"), default=0)
    fetched_at = models.DateTimeField(_("最近获取时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("修复同步进度")
        verbose_name_plural = _("修复同步进度")

    def __str__(self):
        return f"{self.token} → {self.delivered_id}"

"""Monthly statistics as generated (seed task 三(二)): one row per unit and month, so a month's
figures stay as they were circulated even when late records or status changes arrive later."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlySnapshot(models.Model):
    class UnitType(models.TextChoices):
        TOTAL = "total", _("合计")
        REGION = "region", _("地区")
        DEPARTMENT = "department", _("部门")

    month = models.DateField(_("统计月份"), help_text=_("该月第一天"))
    unit_type = models.CharField(_("单位类别"), max_length=10, choices=UnitType.choices)
    # "total", "region:<area code>" or "department:<USCC>": stable across renames.
    unit = models.CharField(_("统计单位"), max_length=40)
    unit_name = models.CharField(_("单位名称"), max_length=100)
    # The unit (area code) a department belongs to; the area code itself for a region row.
    unit_code = models.CharField(_("所属地区代码"), max_length=6, blank=True)
    department = models.ForeignKey(
        "records.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    figures = models.JSONField(_("统计数据"), default=dict)
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("月度统计")
        verbose_name_plural = _("信用信息共享共用月度统计")
        ordering = ["-month", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["month", "unit"], name="monthlysnapshot_month_unit")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.unit_name}"

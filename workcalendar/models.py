"""The State Council's holiday schedule (国务院办公厅关于部分节假日安排的通知) as data the credit
office maintains: for each year, whether its schedule has been entered, and the days that differ
from Monday-Friday (放假 on a weekday, 调休上班 on a weekend).

Working-day arithmetic lives in records/workdays.py and reads this table through
workcalendar.schedule; a year that is not here has no schedule yet (see workcalendar.checks)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    notice = models.CharField(
        _("通知文号"), max_length=100, blank=True, help_text=_("如：国办发明电〔2025〕7号")
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")
        ordering = ["-year"]

    def __str__(self):
        return _("%(year)s年节假日安排") % {"year": self.year}


class HolidayDay(models.Model):
    class Kind(models.TextChoices):
        OFF = "off", _("放假")
        WORK = "work", _("调休上班")

    year = models.ForeignKey(
        HolidayYear, verbose_name=_("年份"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(
        _("日期"), unique=True, help_text=_("只需录入与周一至周五不同的日子：工作日放假、周末调休上班。")
    )
    kind = models.CharField(_("类型"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("节假日/调休日")
        verbose_name_plural = _("节假日/调休日")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.date and self.year_id and self.date.year != self.year_id:
            errors["date"] = _("日期不在%(year)s年内。") % {"year": self.year_id}
        if self.date and self.kind == self.Kind.WORK and self.date.weekday() < 5:
            errors["kind"] = _("调休上班日应为周六或周日；周一至周五本来就是工作日。")
        if errors:
            raise ValidationError(errors)

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureCase(models.Model):
    """A typical case of a joint reward or punishment measure applied, reported monthly by the
    implementing department (seed task (十))."""

    department = models.ForeignKey(
        "records.Department",
        verbose_name=_("报送部门"),
        on_delete=models.PROTECT,
        related_name="measure_cases",
    )
    month = models.DateField(_("所属月份"), help_text=_("填该月任意一天，按月统计"))
    measure = models.ForeignKey(
        "records.Measure", verbose_name=_("适用措施"), on_delete=models.PROTECT, related_name="cases"
    )
    subject_name = models.CharField(_("主体名称"), max_length=200)
    subject_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    title = models.CharField(_("案例标题"), max_length=200)
    summary = models.TextField(_("案例情况"))
    outcome = models.TextField(_("实施效果"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("报送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("联合奖惩典型案例")
        verbose_name_plural = _("联合奖惩典型案例")
        ordering = ["-month", "-id"]
        indexes = [models.Index(fields=["department", "-month"], name="measurecase_dept_month")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.month:
            self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)

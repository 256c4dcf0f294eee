"""Typical cases of joint reward and punishment (seed task (十)), reported monthly.

Each department reports the month's typical cases (MeasureCase) or declares that it has none
(MeasureCaseNone, "本月无") by the due day (records.deadlines.typical_cases_due); the credit
office sees who reported, declared none or is late (records.selectors.case_reporting) and
publishes the cases it selects (records.services.cases), which then appear on the public
联合奖惩典型案例 page.
"""

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
    subject_uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, help_text=_("自然人不填；自然人姓名不公开")
    )
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
    # Selected by the credit office for the public 联合奖惩典型案例 page.
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("联合奖惩典型案例")
        verbose_name_plural = _("联合奖惩典型案例")
        ordering = ["-month", "-id"]
        indexes = [models.Index(fields=["department", "-month"], name="measurecase_dept_month")]
        permissions = [
            ("publish_measurecase", _("发布联合奖惩典型案例")),
            ("view_case_reporting", _("查看典型案例报送情况")),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.month:
            self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def about_person(self) -> bool:
        """A case without a USCC is about a natural person, whose name is never public."""
        return not self.subject_uscc


class MeasureCaseNone(models.Model):
    """A department's declaration that it has no typical case for a month ("本月无"), which
    counts as reporting for that month."""

    department = models.ForeignKey(
        "records.Department",
        verbose_name=_("报送部门"),
        on_delete=models.PROTECT,
        related_name="measure_case_nones",
    )
    month = models.DateField(_("所属月份"), help_text=_("填该月任意一天，按月统计"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    declared_at = models.DateTimeField(_("报送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("本月无典型案例")
        verbose_name_plural = _("本月无典型案例")
        ordering = ["-month", "department"]
        constraints = [
            models.UniqueConstraint(fields=["department", "month"], name="measurecasenone_dept_month")
        ]

    def __str__(self):
        return f"{self.department} {self.month:%Y-%m} 本月无"

    def save(self, *args, **kwargs):
        if self.month:
            self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)

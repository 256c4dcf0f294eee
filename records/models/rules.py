"""The dated rules that class dishonest conduct and set its publication periods.

Both are data the credit office maintains in the admin (national rules changed in 2019, 2021,
2023 and 2026); records.periods applies them, publicity.rules publishes by the result.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.penalties import PENALTY_CATEGORIES, Penalty

Severity = Penalty.Severity


class SeverityRule(models.Model):
    """One line of the table that classes a penalty by its 处罚类别 and amounts.

    The lines of the penalty's field (its department's 行业领域) in force on its decision date
    are read in order; the first that matches gives the class. When the field has no lines, the
    general ones (no field) apply; when none matches, the penalty is 一般."""

    class Match(models.TextChoices):
        ANY = "any", _("含其中任一类别")
        ONLY = "only", _("仅含其中的类别")

    field = models.CharField(
        _("适用领域"), max_length=50, blank=True, help_text=_("部门的行业领域，如“市场监管”；留空为通用")
    )
    effective_from = models.DateField(_("适用决定日期自"), null=True, blank=True)
    effective_until = models.DateField(_("适用决定日期至"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=10)
    severity = models.CharField(_("认定为"), max_length=10, choices=Severity.choices)
    categories = models.CharField(
        _("处罚类别"),
        max_length=300,
        blank=True,
        help_text=_("以分号分隔，留空为任意类别。可选：%(c)s") % {"c": "、".join(PENALTY_CATEGORIES)},
    )
    match = models.CharField(_("类别条件"), max_length=4, choices=Match.choices, default=Match.ANY)
    fine_at_least = models.DecimalField(
        _("罚款金额不低于（万元）"), max_digits=14, decimal_places=6, null=True, blank=True
    )
    fine_at_most = models.DecimalField(
        _("罚款金额不高于（万元）"), max_digits=14, decimal_places=6, null=True, blank=True
    )
    basis = models.CharField(_("依据"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("失信程度认定规则")
        verbose_name_plural = _("失信程度认定规则")
        ordering = ["field", "effective_from", "order", "id"]

    def __str__(self):
        return f"{self.field or _('通用')} #{self.order} → {self.get_severity_display()}"


class PublicationRule(models.Model):
    """A version of the national (or a field's) rules on publication periods, in force for
    decisions from `effective_from` until the next version of the same scope."""

    name = models.CharField(_("规则名称"), max_length=200)
    document = models.CharField(_("文号"), max_length=100)
    field = models.CharField(
        _("适用领域"),
        max_length=50,
        blank=True,
        help_text=_("部门的行业领域，如“市场监管”；留空为各领域通用"),
    )
    effective_from = models.DateField(_("适用于此日起作出的决定"))
    notes = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("公示期限规则版本")
        verbose_name_plural = _("公示期限规则版本")
        ordering = ["-effective_from", "field"]
        constraints = [
            models.UniqueConstraint(fields=["field", "effective_from"], name="publicationrule_scope_date"),
        ]

    def __str__(self):
        return f"{self.document}（{self.effective_from:%Y-%m-%d}起）"


class PublicationPeriod(models.Model):
    """What one rule version says for one class: published or not, minimum and maximum."""

    rule = models.ForeignKey(
        PublicationRule, verbose_name=_("规则版本"), on_delete=models.CASCADE, related_name="periods"
    )
    severity = models.CharField(_("失信程度"), max_length=10, choices=Severity.choices)
    published = models.BooleanField(
        _("予以公示"),
        default=True,
        help_text=_("不勾选：原则上不公示；最长公示期大于0时，部门报送公示截止期的仍可公示至最长期限"),
    )
    min_months = models.PositiveSmallIntegerField(
        _("最短公示期（月）"), help_text=_("自决定日期起，满此期限方可申请信用修复")
    )
    max_months = models.PositiveSmallIntegerField(_("最长公示期（月）"), help_text=_("期满自动停止公示"))

    class Meta:
        verbose_name = _("公示期限")
        verbose_name_plural = _("公示期限")
        ordering = ["rule", "severity"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "severity"], name="publicationperiod_rule_severity"),
        ]

    def __str__(self):
        return f"{self.rule} {self.get_severity_display()}"

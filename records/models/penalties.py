from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.base import CreditRecord

# 处罚类别 as in the national standard; one decision may carry several.
PENALTY_CATEGORIES = [
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
]
CATEGORY_SEPARATOR = ";"
# Set by apply_rules() on every save.
RULE_DERIVED_FIELDS = ("severity", "severity_basis", "period_rule", "repair_from", "publication_end")


class Penalty(CreditRecord):
    """行政处罚 (national 双公示 fields)."""

    KIND = "penalty"

    class Severity(models.TextChoices):
        MINOR = "minor", _("轻微")
        ORDINARY = "ordinary", _("一般")
        SERIOUS = "serious", _("严重")

    violation_type = models.CharField(_("违法行为类型"), max_length=200)
    violation_facts = models.TextField(_("违法事实"))
    legal_basis = models.TextField(_("处罚依据"))
    # Stored as "罚款;警告" so a category filter works the same on SQLite and PostgreSQL.
    categories = models.CharField(_("处罚类别"), max_length=200)
    content = models.TextField(_("处罚内容"))
    fine_amount = models.DecimalField(
        _("罚款金额（万元）"), max_digits=14, decimal_places=6, null=True, blank=True
    )
    confiscated_amount = models.DecimalField(
        _("没收违法所得、没收非法财物的金额（万元）"), max_digits=14, decimal_places=6, null=True, blank=True
    )
    license_affected = models.CharField(_("暂扣或吊销证照名称及编号"), max_length=200, blank=True)
    penalty_valid_until = models.DateField(_("处罚有效期"), null=True, blank=True)
    authority = models.CharField(_("处罚机关"), max_length=200)
    authority_uscc = models.CharField(_("处罚机关统一社会信用代码"), max_length=18)
    severity_reported = models.CharField(
        _("报送的失信程度"),
        max_length=10,
        choices=Severity.choices,
        blank=True,
        help_text=_("部门认定的失信程度；不填时按失信程度认定规则由处罚类别和罚款金额认定"),
    )
    # Derived on every save from the rule tables (records.periods); never typed by hand.
    severity = models.CharField(
        _("失信程度"), max_length=10, choices=Severity.choices, default=Severity.ORDINARY
    )
    severity_basis = models.CharField(_("失信程度认定依据"), max_length=500, blank=True)
    period_rule = models.ForeignKey(
        "records.PublicationRule",
        verbose_name=_("适用的公示期限规则"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    repair_from = models.DateField(_("可申请修复日期"), null=True, blank=True)
    publication_end = models.DateField(_("公示至"), null=True, blank=True, help_text=_("为空：依规不予公示"))

    class Meta(CreditRecord.Meta):
        verbose_name = _("行政处罚")
        verbose_name_plural = _("行政处罚")
        indexes = [
            *CreditRecord.Meta.indexes,
            models.Index(fields=["severity", "-decision_date"], name="penalty_severity_date"),
        ]

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split(CATEGORY_SEPARATOR) if c]

    @staticmethod
    def join_categories(categories) -> str:
        return CATEGORY_SEPARATOR.join(dict.fromkeys(c.strip() for c in categories if c and c.strip()))

    def apply_rules(self, book=None) -> None:
        """Set the class and periods from the rules in force on the decision date."""
        from records.periods import RuleBook

        book = book or RuleBook.load()
        values = {
            "decision_date": self.decision_date,
            "categories": self.category_list,
            "fine_amount": self.fine_amount,
            "severity_reported": self.severity_reported,
            "publish_until": self.publish_until,
        }
        for name, value in book.penalty(self.department.field, values).as_dict().items():
            setattr(self, name, value)

    def save(self, *args, **kwargs):
        self.apply_rules()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *RULE_DERIVED_FIELDS}
        super().save(*args, **kwargs)

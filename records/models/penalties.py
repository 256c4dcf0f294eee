from decimal import Decimal

from django.conf import settings
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
# Categories that make a penalty serious whatever the fine.
SERIOUS_CATEGORIES = {
    "吊销许可证件",
    "责令关闭",
    "责令停产停业",
    "限制从业",
    "限制开展生产经营活动",
    "降低资质等级",
}
MINOR_CATEGORIES = {"警告", "通报批评"}
CATEGORY_SEPARATOR = ";"


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
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=Severity.choices, default=Severity.ORDINARY
    )

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

    @classmethod
    def classify(cls, categories: list[str], fine_amount: Decimal | None) -> str:
        """Severity of a penalty, which picks its default publication window.

        Minor: only 警告/通报批评, or a fine alone of at most PENALTY_MINOR_FINE_WAN 万元.
        Serious: a heavy category, or a fine of at least PENALTY_SERIOUS_FINE_WAN 万元.
        """
        cats = set(categories)
        fine = fine_amount or Decimal(0)
        if cats & SERIOUS_CATEGORIES or fine >= settings.PENALTY_SERIOUS_FINE_WAN:
            return cls.Severity.SERIOUS
        if cats <= MINOR_CATEGORIES or (
            cats <= MINOR_CATEGORIES | {"罚款"} and fine <= settings.PENALTY_MINOR_FINE_WAN
        ):
            return cls.Severity.MINOR
        return cls.Severity.ORDINARY

    def save(self, *args, **kwargs):
        self.severity = self.classify(self.category_list, self.fine_amount)
        super().save(*args, **kwargs)

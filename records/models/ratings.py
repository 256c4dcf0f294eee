from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.base import CreditRecord


class Rating(CreditRecord):
    """信用评价: a grade on a scale that belongs to the rating (A/B/C/D; A/B/M/C/D for tax)."""

    KIND = "rating"

    rating_type = models.CharField(
        _("评价类型"), max_length=100, help_text=_("如：纳税信用等级、企业综合信用等级")
    )
    grade = models.CharField(_("信用等级"), max_length=10)
    scale = models.CharField(_("等级体系"), max_length=50, help_text=_("如：A/B/M/C/D"))
    agency = models.CharField(_("评价机构"), max_length=200)
    agency_uscc = models.CharField(_("评价机构统一社会信用代码"), max_length=18, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta(CreditRecord.Meta):
        verbose_name = _("信用评价")
        verbose_name_plural = _("信用评价")

"""信用评价, and the register of the third-party credit service agencies that issue 企业综合信用等级.

A registered agency (RatingAgency, 备案 with the credit office, which guides and supervises it)
pushes its ratings itself, with its own push token (ApiToken.rating_agency): only ratings, only
in its own name, only with grades on the scales it registered (records.ingest.checks). Ratings a
department reports (纳税信用等级 …) have no registered agency. While an agency is suspended or
cancelled its ratings are not public (publicity.rules `_conditions`).
"""

import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from records.codes import validate_uscc
from records.models.base import CreditRecord

_SCALE_SEPARATORS = re.compile(r"\s*[/／、,，]\s*")


def scale_grades(scale: str) -> list[str]:
    """ "AAA/AA/A" (also with full-width slashes, commas or spaces around) -> ["AAA", "AA", "A"]."""
    return [g.upper() for g in _SCALE_SEPARATORS.split(str(scale or "").strip()) if g]


def normalize_scale(scale: str) -> str:
    return "/".join(scale_grades(scale))


class RatingAgency(models.Model):
    """A third-party credit service agency (信用服务机构) registered (备案) with the credit office."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("正常")
        SUSPENDED = "suspended", _("暂停")
        CANCELLED = "cancelled", _("注销")

    name = models.CharField(_("机构名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    filed_on = models.DateField(_("备案日期"))
    scales = models.TextField(
        _("等级体系"),
        help_text=_("机构使用的等级体系，每行一个，等级之间用“/”分隔，如：AAA/AA/A/BBB/BB/B/CCC/CC/C"),
    )
    status = models.CharField(_("备案状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField(_("状态变更原因"), max_length=500, blank=True)
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    remarks = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("信用评价机构")
        verbose_name_plural = _("信用评价机构")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def scale_list(self) -> list[str]:
        """The registered scales, normalized ("AAA/AA/A"), in the order entered."""
        out = [normalize_scale(line) for line in str(self.scales or "").splitlines()]
        return list(dict.fromkeys(s for s in out if s))

    def set_status(self, status: str, reason: str = "", on=None) -> None:
        self.status = status
        self.status_reason = reason
        self.status_changed_on = on or timezone.localdate()


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
    # Set when a registered agency pushed the rating with its own token; empty for the ratings
    # departments report (纳税信用等级 …).
    rating_agency = models.ForeignKey(
        RatingAgency,
        verbose_name=_("备案评价机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta(CreditRecord.Meta):
        verbose_name = _("信用评价")
        verbose_name_plural = _("信用评价")

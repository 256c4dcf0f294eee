from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.base import CreditRecord


class ListType(models.Model):
    """A red list (守信激励) or black list (失信惩戒) of one field, with its legal basis."""

    class Polarity(models.TextChoices):
        RED = "red", _("红名单")
        BLACK = "black", _("黑名单")

    name = models.CharField(_("名单名称"), max_length=100, unique=True)
    polarity = models.CharField(_("名单类别"), max_length=5, choices=Polarity.choices)
    field = models.CharField(_("领域"), max_length=50)
    legal_basis = models.TextField(_("认定依据"))
    default_years = models.PositiveSmallIntegerField(_("默认公示年限"), default=3)
    is_serious = models.BooleanField(
        _("严重失信主体名单"), default=False, help_text=_("黑名单中列为严重失信主体名单的类型")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("名单类型")
        verbose_name_plural = _("名单类型")
        ordering = ["polarity", "field", "name"]

    def __str__(self):
        return f"{self.name}（{self.get_polarity_display()}）"


class ListEntry(CreditRecord):
    """A subject on a red or black list. decision_date is the date it was entered."""

    KIND = "list_entry"

    list_type = models.ForeignKey(
        ListType, verbose_name=_("名单类型"), on_delete=models.PROTECT, related_name="entries"
    )
    reason = models.TextField(_("列入事由"))
    basis_document = models.CharField(_("认定依据文书"), max_length=200, blank=True)
    deciding_authority = models.CharField(_("认定部门"), max_length=200)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    removal_reason = models.CharField(_("移出原因"), max_length=300, blank=True)

    class Meta(CreditRecord.Meta):
        verbose_name = _("红黑名单记录")
        verbose_name_plural = _("红黑名单记录")
        indexes = [
            *CreditRecord.Meta.indexes,
            models.Index(fields=["list_type", "-decision_date"], name="listentry_type_date"),
        ]


class Measure(models.Model):
    """A joint reward or punishment measure (联合奖惩措施) that applies to some list types."""

    name = models.CharField(_("措施"), max_length=300)
    content = models.TextField(_("措施内容"), blank=True)
    polarity = models.CharField(_("措施类别"), max_length=5, choices=ListType.Polarity.choices)
    basis_memorandum = models.CharField(_("依据备忘录"), max_length=300)
    implementing_department = models.CharField(_("实施部门"), max_length=200)
    list_types = models.ManyToManyField(
        ListType, verbose_name=_("适用名单"), related_name="measures", blank=True
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("联合奖惩措施")
        verbose_name_plural = _("联合奖惩措施")
        ordering = ["polarity", "id"]

    def __str__(self):
        return self.name

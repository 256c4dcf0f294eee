from django.db import models
from django.utils.translation import gettext_lazy as _

from records.codes import validate_uscc


class Region(models.Model):
    """An administrative area by its GB/T 2260 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县（区）")

    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A department that reports records (数据来源单位) or handles cases."""

    name = models.CharField(_("单位名称"), max_length=100)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="departments"
    )
    field = models.CharField(
        _("行业领域"), max_length=50, blank=True, help_text=_("如：市场监管、税务、生态环境")
    )
    is_credit_office = models.BooleanField(_("信用办"), default=False)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["region__sort_order", "name"]

    def __str__(self):
        return self.name

from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.base import CreditRecord


class Commitment(CreditRecord):
    """信用承诺 with its fulfilment. document_number is the 20-character 承诺编码."""

    KIND = "commitment"

    class CommitmentType(models.TextChoices):
        APPROVAL_SUBSTITUTE = "审批替代型", _("审批替代型")
        TOLERANCE = "容缺受理型", _("容缺受理型")
        CERTIFICATION = "证明事项型", _("证明事项型")
        CREDIT_REPAIR = "信用修复型", _("信用修复型")
        SELF_DISCIPLINE = "行业自律型", _("行业自律型")
        VOLUNTARY = "主动型", _("主动型")
        OTHER = "其他", _("其他")

    class Fulfilment(models.TextChoices):
        FULFILLED = "全部履行", _("全部履行")
        PARTIAL = "部分履行", _("部分履行")
        UNFULFILLED = "全部未履行", _("全部未履行")

    class Disclosure(models.TextChoices):
        PUBLIC = "可向社会公开", _("可向社会公开")
        RESTRICTED = "特定范围内公开", _("特定范围内公开")
        PRIVATE = "不可公开", _("不可公开")

    commitment_type = models.CharField(_("承诺类型"), max_length=6, choices=CommitmentType.choices)
    matter = models.CharField(_("承诺事由"), max_length=300)
    content = models.TextField(_("承诺内容"))
    liability = models.TextField(_("违诺责任"))
    valid_until = models.DateField(_("承诺有效期"), null=True, blank=True)
    fulfilment = models.CharField(_("承诺履行状态"), max_length=6, choices=Fulfilment.choices, blank=True)
    unfulfilled_content = models.TextField(_("未履行的承诺内容"), blank=True)
    liability_pursued = models.TextField(_("违诺责任追究内容"), blank=True)
    determined_on = models.DateField(_("履行状态认定日期"), null=True, blank=True)
    determining_unit = models.CharField(_("认定单位"), max_length=200, blank=True)
    determining_unit_uscc = models.CharField(_("认定单位统一社会信用代码"), max_length=18, blank=True)
    accepting_unit = models.CharField(_("承诺受理单位"), max_length=200)
    accepting_unit_uscc = models.CharField(_("承诺受理单位统一社会信用代码"), max_length=18)
    disclosure = models.CharField(
        _("公开类型"), max_length=8, choices=Disclosure.choices, default=Disclosure.PUBLIC
    )
    # Made by the market entity itself on the public site (records.services.commitments), not
    # reported by a department: it waits (待审核) for the accepting department to accept it.
    made_online = models.BooleanField(_("网上作出"), default=False)

    class Meta(CreditRecord.Meta):
        verbose_name = _("信用承诺")
        verbose_name_plural = _("信用承诺")


class CommitmentTemplate(models.Model):
    """The standard text of a commitment type (格式化承诺书), maintained by the credit office: the
    online commitment form starts from it."""

    commitment_type = models.CharField(_("承诺类型"), max_length=6, choices=Commitment.CommitmentType.choices)
    title = models.CharField(_("标题"), max_length=100)
    matter = models.CharField(_("承诺事由（示例）"), max_length=300, blank=True)
    content = models.TextField(_("标准承诺内容"))
    liability = models.TextField(_("标准违诺责任"))
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("信用承诺标准文本")
        verbose_name_plural = _("信用承诺标准文本")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.get_commitment_type_display()}：{self.title}"


class CommitmentSerial(models.Model):
    """The last serial given out for one prefix of the 承诺编码 (6-digit area code + 8-digit
    date), so that numbers given online are unique however many servers give them out."""

    prefix = models.CharField(_("编码前缀"), max_length=14, unique=True)
    last = models.PositiveIntegerField(_("最后流水号"), default=0)

    class Meta:
        verbose_name = _("承诺编码流水号")
        verbose_name_plural = _("承诺编码流水号")

    def __str__(self):
        return f"{self.prefix} {self.last:06d}"

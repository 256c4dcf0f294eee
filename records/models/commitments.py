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

    class Meta(CreditRecord.Meta):
        verbose_name = _("信用承诺")
        verbose_name_plural = _("信用承诺")

from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.base import CreditRecord


class Permit(CreditRecord):
    """行政许可 (national 双公示 fields)."""

    KIND = "permit"

    class Category(models.TextChoices):
        GENERAL = "普通", _("普通")
        FRANCHISE = "特许", _("特许")
        RECOGNITION = "认可", _("认可")
        APPROVAL = "核准", _("核准")
        REGISTRATION = "登记", _("登记")
        OTHER = "其他", _("其他")

    class State(models.TextChoices):
        VALID = "valid", _("有效")
        INVALID = "invalid", _("无效")

    decision_doc_name = models.CharField(_("行政许可决定文书名称"), max_length=200)
    category = models.CharField(_("许可类别"), max_length=4, choices=Category.choices)
    certificate_name = models.CharField(_("许可证书名称"), max_length=200, blank=True)
    permit_number = models.CharField(_("许可编号"), max_length=100, blank=True)
    content = models.TextField(_("许可内容"))
    valid_from = models.DateField(_("有效期自"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    authority = models.CharField(_("许可机关"), max_length=200)
    authority_uscc = models.CharField(_("许可机关统一社会信用代码"), max_length=18)
    current_state = models.CharField(_("当前状态"), max_length=8, choices=State.choices, default=State.VALID)

    class Meta(CreditRecord.Meta):
        verbose_name = _("行政许可")
        verbose_name_plural = _("行政许可")

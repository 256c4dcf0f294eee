"""行政强制, 行政确认, 行政奖励, 行政给付, 登记备案, 资质资格.

These six kinds share one table: their own details fit the same few columns (a title, a
category, content, an amount, a validity period, a level, the deciding authority). Each has a
proxy model so staff find it under its own name in the admin.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models.base import CreditRecord


class ActionKind(models.TextChoices):
    ENFORCEMENT = "enforcement", _("行政强制")
    CONFIRMATION = "confirmation", _("行政确认")
    REWARD = "reward", _("行政奖励")
    PAYMENT = "payment", _("行政给付")
    FILING = "filing", _("登记备案")
    QUALIFICATION = "qualification", _("资质资格")


class AdministrativeAction(CreditRecord):
    action_kind = models.CharField(_("信息类别"), max_length=14, choices=ActionKind.choices)
    title = models.CharField(
        _("名称"), max_length=200, help_text=_("如：强制措施名称、奖励名称、资质证书名称")
    )
    category = models.CharField(
        _("类别"), max_length=100, blank=True, help_text=_("如：查封、扣押；资质类别")
    )
    content = models.TextField(_("内容"))
    amount = models.DecimalField(_("金额（万元）"), max_digits=14, decimal_places=6, null=True, blank=True)
    level = models.CharField(_("等级"), max_length=50, blank=True)
    valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    authority = models.CharField(_("决定机关"), max_length=200)
    authority_uscc = models.CharField(_("决定机关统一社会信用代码"), max_length=18)

    class Meta(CreditRecord.Meta):
        verbose_name = _("其他行政行为")
        verbose_name_plural = _("其他行政行为")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "action_kind", "document_number"],
                name="administrativeaction_natural_key",
            ),
        ]
        indexes = [
            *CreditRecord.Meta.indexes,
            models.Index(fields=["action_kind", "-decision_date"], name="action_kind_date"),
        ]

    @property
    def kind(self) -> str:
        return self.action_kind


class _ActionKindManager(models.Manager):
    def __init__(self, action_kind):
        super().__init__()
        self.action_kind = action_kind

    def get_queryset(self):
        return super().get_queryset().filter(action_kind=self.action_kind)


def _proxy(name: str, action_kind: ActionKind):
    class Meta:
        proxy = True
        verbose_name = action_kind.label
        verbose_name_plural = action_kind.label

    def save(self, *args, **kwargs):
        self.action_kind = action_kind.value
        AdministrativeAction.save(self, *args, **kwargs)

    return type(
        name,
        (AdministrativeAction,),
        {
            "__module__": __name__,
            "Meta": Meta,
            "KIND": action_kind.value,
            "objects": _ActionKindManager(action_kind.value),
            "save": save,
        },
    )


Enforcement = _proxy("Enforcement", ActionKind.ENFORCEMENT)
Confirmation = _proxy("Confirmation", ActionKind.CONFIRMATION)
Reward = _proxy("Reward", ActionKind.REWARD)
Payment = _proxy("Payment", ActionKind.PAYMENT)
Filing = _proxy("Filing", ActionKind.FILING)
Qualification = _proxy("Qualification", ActionKind.QUALIFICATION)

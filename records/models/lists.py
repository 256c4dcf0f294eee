from django.conf import settings
from django.db import models
from django.utils import timezone
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
    criteria = models.TextField(_("认定标准"), blank=True)
    exit_conditions = models.TextField(_("移出条件"), blank=True)
    procedure = models.TextField(
        _("认定和移出程序"), blank=True, help_text=_("告知、陈述申辩、列入、移出的程序")
    )
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


class ListNotice(models.Model):
    """告知 before a listing (国办发〔2020〕49号): the party is told the reasons, the basis and
    its rights, and may state its case (陈述申辩) by `statement_due`. The entry can be made
    only after that day, or once the party's statement has been answered."""

    class Status(models.TextChoices):
        NOTIFIED = "notified", _("告知中")
        STATED = "stated", _("已陈述申辩")
        ANSWERED = "answered", _("已答复")
        LISTED = "listed", _("已列入")
        DROPPED = "dropped", _("不予列入")

    number = models.CharField(_("告知书编号"), max_length=30, unique=True)
    list_type = models.ForeignKey(
        ListType, verbose_name=_("名单类型"), on_delete=models.PROTECT, related_name="notices"
    )
    subject = models.ForeignKey(
        "records.Subject", verbose_name=_("信用主体"), on_delete=models.PROTECT, related_name="list_notices"
    )
    department = models.ForeignKey(
        "records.Department",
        verbose_name=_("认定部门"),
        on_delete=models.PROTECT,
        related_name="list_notices",
    )
    reasons = models.TextField(_("拟列入事由"))
    basis = models.TextField(_("认定依据"))
    rights = models.TextField(_("当事人权利"))
    served_on = models.DateField(_("告知日期"))
    statement_due = models.DateField(_("陈述申辩截止日"))
    statement = models.TextField(_("陈述申辩意见"), blank=True)
    stated_on = models.DateField(_("陈述申辩日期"), null=True, blank=True)
    answer = models.TextField(_("答复意见"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.NOTIFIED)
    entry = models.OneToOneField(
        ListEntry,
        verbose_name=_("名单记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notice",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("告知人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("列入名单告知")
        verbose_name_plural = _("列入名单告知")
        ordering = ["-served_on", "-id"]

    def __str__(self):
        return f"{self.number} {self.subject}"


class ListProcedureEvent(models.Model):
    """One dated step of a listing: notice, statement, answer, listing, exit."""

    notice = models.ForeignKey(
        ListNotice, verbose_name=_("告知"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    on = models.DateField(_("日期"))
    step = models.CharField(_("环节"), max_length=20)
    note = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("名单程序记录")
        verbose_name_plural = _("名单程序记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.on:%Y-%m-%d} {self.step}"

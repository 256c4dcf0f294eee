from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaffProfile(models.Model):
    """Links a staff account to its department. Department operators see and change only
    their department's records; the credit office roles and auditors see every department
    (records.staff)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    department = models.ForeignKey(
        "records.Department", verbose_name=_("所属部门"), on_delete=models.PROTECT, related_name="staff"
    )
    phone = models.CharField(_("办公电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        permissions = [
            ("view_all_departments", _("查看所有部门的数据")),
            ("review_record", _("审核发布信用记录")),
            ("withdraw_record", _("撤销公示信用记录")),
        ]

    def __str__(self):
        return f"{self.user.get_username()}（{self.department}）"


class AccountApplication(models.Model):
    """A department's staff member asks for a platform account (seed (二): departments without a
    system of their own report by hand). The credit office approves it, which creates the account
    with the one role and the department, or refuses it with a reason (records.services.accounts)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已开通")
        REFUSED = "refused", _("不予开通")

    ROLE_CHOICES = [("部门填报员", _("部门填报员（报送本部门信用信息）"))]

    number = models.CharField(_("申请编号"), max_length=20, unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    department = models.ForeignKey(
        "records.Department", verbose_name=_("所在部门"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(_("职务"), max_length=50, blank=True)
    role = models.CharField(_("申请角色"), max_length=20, choices=ROLE_CHOICES)
    username = models.CharField(_("登录账号"), max_length=30)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"))
    letter = models.FileField(_("部门授权函"), upload_to="accounts/%Y/%m/", max_length=200)
    letter_name = models.CharField(_("授权函原文件名"), max_length=200)
    status = models.CharField(
        _("审批状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decision_reason = models.TextField(_("审批意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("开通的账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account_application",
    )
    submitted_at = models.DateTimeField(_("申请时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("平台账号申请")
        verbose_name_plural = _("平台账号申请")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return f"{self.number} {self.name}（{self.department}）"

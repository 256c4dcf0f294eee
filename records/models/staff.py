from django.conf import settings
from django.db import models
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

"""The public form of an account application (records.services.accounts does the checks)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from records.models import AccountApplication, Department

PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")


def _required(what):
    return {"required": _("请填写%(what)s。") % {"what": what}}


class AccountApplicationForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages=_required(_("姓名")))
    department = forms.ModelChoiceField(
        label=_("所在部门"),
        queryset=Department.objects.none(),
        empty_label=_("请选择您所在的部门"),
        error_messages={
            "required": _("请选择所在部门。"),
            "invalid_choice": _("所选部门不存在或已停用，请重新选择。"),
        },
    )
    position = forms.CharField(label=_("职务"), max_length=50, required=False)
    role = forms.ChoiceField(
        label=_("申请角色"),
        choices=AccountApplication.ROLE_CHOICES,
        error_messages={"required": _("请选择申请角色。"), "invalid_choice": _("只能申请“部门填报员”角色。")},
        help_text=_("部门填报员可录入、导入和报送本部门的信用信息，办理转办本部门的投诉。"),
    )
    username = forms.CharField(
        label=_("登录账号"),
        max_length=30,
        error_messages=_required(_("登录账号")),
        help_text=_("4至30位英文字母、数字或 _ . -，以字母开头，如 wang.xsj"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        error_messages=_required(_("联系电话")),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        error_messages={"required": _("请填写电子邮箱。"), "invalid": _("电子邮箱格式不正确。")},
        help_text=_("审批结果和设置密码的链接将发送到此邮箱，建议使用单位邮箱。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    letter = forms.FileField(
        label=_("部门授权函"),
        error_messages={
            "required": _("请上传部门授权函（加盖公章的PDF或图片）。"),
            "empty": _("上传的授权函是空文件。"),
        },
        help_text=_("加盖部门公章的授权函扫描件，PDF、JPG 或 PNG，不超过10MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            is_active=True, is_credit_office=False
        ).order_by("region__code", "name")

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_username(self):
        return self.cleaned_data["username"].strip()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE.match(phone):
            raise forms.ValidationError(_("联系电话格式不正确（7至20位数字，可含 - 和括号）。"))
        return phone

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)

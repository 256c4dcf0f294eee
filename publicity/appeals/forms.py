"""Public forms for credit repair (信用修复) and objections (异议申诉)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from records.appeals.common import MAX_ATTACHMENTS
from records.appeals.repairs import REPAIRABLE_KINDS
from records.codes import validate_uscc
from records.kinds import RECORD_KINDS

PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class AppealForm(forms.Form):
    KINDS: list[str] = []

    applicant_name = forms.CharField(label=_("申请主体名称"), max_length=200)
    applicant_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=30, help_text=_("申请主体的18位统一社会信用代码")
    )
    record_kind = forms.ChoiceField(label=_("信息类别"))
    document_number = forms.CharField(
        label=_("决定文书号"),
        max_length=128,
        help_text=_("与公示信息中的文书号一致，如：西市监罚〔2026〕12号"),
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=50)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30)
    contact_email = forms.EmailField(label=_("电子邮箱（选填）"), required=False)
    attachments = MultipleFileField(
        label=_("证明材料（选填）"),
        required=False,
        help_text=_("PDF、JPG 或 PNG，最多%(n)d个，每个不超过5MB") % {"n": MAX_ATTACHMENTS},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_kind"].choices = [("", _("请选择"))] + [
            (slug, RECORD_KINDS[slug].label) for slug in self.KINDS
        ]
        self.fields["attachments"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

    def clean_applicant_code(self):
        try:
            return validate_uscc(self.cleaned_data["applicant_code"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if not PHONE.match(phone):
            raise ValidationError(_("联系电话格式不正确，请填写手机号或座机号。"))
        return phone

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["files"] = data.pop("attachments", [])
        data.pop("agree", None)
        return data


class RepairForm(AppealForm):
    KINDS = REPAIRABLE_KINDS

    reason = forms.CharField(
        label=_("申请理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("说明失信行为已纠正、行政处罚已履行（如已缴纳罚款）的情况"),
    )
    commitment_text = forms.CharField(
        label=_("信用修复承诺"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        initial=_(
            "本主体已纠正失信行为、履行相关义务，承诺所提交材料真实有效，今后依法诚信经营；"
            "如违反承诺，自愿接受相关部门依法依规实施的失信惩戒。"
        ),
    )
    agree = forms.BooleanField(label=_("我确认以上信息和承诺真实，并同意将信用修复承诺向社会公开"))


class ObjectionForm(AppealForm):
    KINDS = list(RECORD_KINDS)

    wrong_content = forms.CharField(
        label=_("有误的信息"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("哪一项信息有误，如：处罚金额、违法事实、主体名称"),
    )
    correct_content = forms.CharField(
        label=_("应更正为（选填）"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    description = forms.CharField(
        label=_("异议理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class TrackForm(forms.Form):
    number = forms.CharField(label=_("受理编号"), max_length=20)
    applicant_code = forms.CharField(label=_("统一社会信用代码"), max_length=30)

    def clean_number(self):
        return "".join(self.cleaned_data["number"].split()).upper()

    def clean_applicant_code(self):
        return "".join(self.cleaned_data["applicant_code"].split()).upper()

"""The public form of an online credit commitment (publicity.views_commitments)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records.codes import normalize_code
from records.models import Commitment, Department, Subject
from records.selectors import commitment_departments


def _length(model_field: str) -> int | None:
    return Commitment._meta.get_field(model_field).max_length


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.region.name}）"


class CommitmentForm(forms.Form):
    uscc = forms.CharField(
        label=gettext_lazy("统一社会信用代码"),
        max_length=40,
        error_messages={"required": gettext_lazy("请填写承诺人的统一社会信用代码")},
        help_text=gettext_lazy("作出承诺的企业等经营主体的18位统一社会信用代码"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    department = DepartmentChoiceField(
        label=gettext_lazy("承诺受理单位"),
        queryset=Department.objects.none(),
        empty_label=gettext_lazy("请选择承诺受理单位"),
        error_messages={
            "required": gettext_lazy("请选择承诺受理单位"),
            "invalid_choice": gettext_lazy("承诺受理单位无效，请从列表中选择"),
        },
    )
    commitment_type = forms.ChoiceField(
        label=gettext_lazy("承诺类型"),
        choices=[("", gettext_lazy("请选择承诺类型")), *Commitment.CommitmentType.choices],
        error_messages={
            "required": gettext_lazy("请选择承诺类型"),
            "invalid_choice": gettext_lazy("承诺类型无效，请从列表中选择"),
        },
    )
    matter = forms.CharField(
        label=gettext_lazy("承诺事由"),
        max_length=_length("matter"),
        error_messages={
            "required": gettext_lazy("请填写承诺事由"),
            "max_length": gettext_lazy("承诺事由不能超过%(limit_value)d个字"),
        },
        help_text=gettext_lazy("如：申请办理食品经营许可"),
    )
    content = forms.CharField(
        label=gettext_lazy("承诺内容"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": gettext_lazy("请填写承诺内容"),
            "max_length": gettext_lazy("承诺内容不能超过%(limit_value)d个字"),
        },
    )
    liability = forms.CharField(
        label=gettext_lazy("违诺责任"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": gettext_lazy("请填写违诺责任"),
            "max_length": gettext_lazy("违诺责任不能超过%(limit_value)d个字"),
        },
    )
    valid_until = forms.DateField(
        label=gettext_lazy("承诺有效期至"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("请填写承诺有效期"),
            "invalid": gettext_lazy("承诺有效期格式不正确，请按 YYYY-MM-DD 填写"),
        },
    )
    disclosure = forms.ChoiceField(
        label=gettext_lazy("公开类型"),
        choices=Commitment.Disclosure.choices,
        initial=Commitment.Disclosure.PUBLIC,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选择公开类型")},
    )
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        required=False,
        max_length=12,
        help_text=gettext_lazy("点“获取验证码”，平台将验证码发送至该主体登记的联系邮箱"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = commitment_departments()
        self.subject = None

    def clean_uscc(self):
        code = normalize_code(self.cleaned_data["uscc"])
        if len(code) != 18:
            raise forms.ValidationError(_("统一社会信用代码应为18位字母和数字，请核对后重新输入。"))
        subject = Subject.objects.filter(uscc=code).first()
        if subject is None:
            raise forms.ValidationError(
                _("统一社会信用代码：平台没有代码为 %(code)s 的主体，请核对后重新输入。") % {"code": code}
            )
        self.subject = subject
        return code

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("承诺有效期不能早于今天（%(d)s）") % {"d": today.isoformat()})
        return value

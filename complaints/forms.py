import datetime
import re
import secrets

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from complaints import uploads
from complaints.models import Category, Kind
from records.codes import validate_uscc
from records.models import Department, Subject

TOKEN_SALT = "complaints.form-token"
PHONE_RE = re.compile(r"^[0-9+\-() ]{7,20}$")


def new_form_token() -> str:
    return signing.Signer(salt=TOKEN_SALT).sign(secrets.token_urlsafe(24))


def unsign_form_token(value: str) -> str | None:
    try:
        return signing.Signer(salt=TOKEN_SALT).unsign(value or "")
    except signing.BadSignature:
        return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Up to COMPLAINT_MAX_FILES JPEG/PNG/PDF files, checked by content; cleans to CheckedFile list."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        return uploads.check_files(files)


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(label=_l("类型"), choices=Kind.choices, widget=forms.RadioSelect)
    anonymous = forms.BooleanField(
        label=_l("匿名举报（不留姓名和联系方式，将无法接收办理结果通知）"), required=False
    )
    subject_name = forms.CharField(label=_l("被投诉举报主体名称"), max_length=200)
    subject_uscc = forms.CharField(
        label=_l("统一社会信用代码"),
        max_length=30,
        required=False,
        help_text=_l("选填。从检索结果中选择主体时自动填写；不知道可不填。"),
    )
    subject_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    category = forms.ChoiceField(label=_l("问题类别"), choices=[("", _l("请选择"))] + Category.choices)
    title = forms.CharField(label=_l("标题"), max_length=100, help_text=_l("一句话概括问题，100字以内"))
    facts = forms.CharField(
        label=_l("事实描述"),
        max_length=5000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_l("时间、地点、经过、涉及金额等，10至5000字"),
    )
    demand = forms.CharField(
        label=_l("诉求"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    occurred_on = forms.DateField(
        label=_l("发生日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    complainant_name = forms.CharField(
        label=_l("姓名或单位名称"), max_length=100, required=False, help_text=_l("投诉必填；举报可选择匿名")
    )
    complainant_phone = forms.CharField(
        label=_l("联系电话"), max_length=30, required=False, help_text=_l("投诉必填；举报可选择匿名")
    )
    complainant_email = forms.EmailField(
        label=_l("电子邮箱"),
        required=False,
        help_text=_l("选填。填写后，受理编号、查询码和办理结果将发送到该邮箱。"),
    )
    complainant_address = forms.CharField(label=_l("联系地址"), max_length=200, required=False)
    attachments = EvidenceField(
        label=_l("证据材料"),
    )
    agree = forms.BooleanField(
        label=_l("我已阅读并同意《投诉举报须知》，保证所反映情况真实，如有捏造、诬告愿承担法律责任"),
        error_messages={"required": _l("请阅读并同意《投诉举报须知》")},
    )
    # A field people never see (hidden by CSS, skipped by keyboard); bots fill it in.
    homepage = forms.CharField(required=False, label=_l("个人主页（请留空）"))
    form_token = forms.CharField(widget=forms.HiddenInput)
    pow_challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    pow_nonce = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = None
        for name in ("subject_name", "title"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["complainant_phone"].widget.attrs.update({"type": "tel", "autocomplete": "tel"})
        self.fields["complainant_email"].widget.attrs["autocomplete"] = "email"
        self.fields["complainant_name"].widget.attrs["autocomplete"] = "name"
        self.fields["attachments"].widget.attrs["accept"] = (
            "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf"
        )
        self.fields["attachments"].help_text = _(
            "选填。最多 %(n)d 个文件，每个不超过 %(mb)d MB，限 JPEG、PNG 图片和 PDF 文档。"
        ) % {"n": settings.COMPLAINT_MAX_FILES, "mb": settings.COMPLAINT_MAX_FILE_MB}
        self.fields["homepage"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name, field in self.fields.items():
            if field.required and not isinstance(field.widget, (forms.HiddenInput, forms.RadioSelect)):
                field.widget.attrs.setdefault("required", True)
                if name != "agree":
                    field.widget.attrs["aria-required"] = "true"

    def clean_form_token(self):
        token = unsign_form_token(self.cleaned_data["form_token"])
        if not token:
            raise ValidationError(_("表单已失效，请刷新页面后重新填写"))
        return token

    def clean_subject_uscc(self):
        raw = self.cleaned_data["subject_uscc"]
        if not raw.strip():
            return ""
        return validate_uscc(raw)

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day and day > timezone.localdate():
            raise ValidationError(_("发生日期不能晚于今天"))
        if day and day < datetime.date(1990, 1, 1):
            raise ValidationError(_("发生日期不正确"))
        return day

    def clean_complainant_phone(self):
        phone = self.cleaned_data["complainant_phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise ValidationError(_("联系电话格式不正确，请填写手机号或带区号的固定电话"))
        return phone

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Kind.COMPLAINT and data.get("anonymous"):
            self.add_error("anonymous", _("投诉须实名，匿名只适用于举报"))
            data["anonymous"] = False
        if not data.get("anonymous"):
            if not data.get("complainant_name", "").strip():
                self.add_error("complainant_name", _("请填写姓名或单位名称（举报可选择匿名）"))
            if not data.get("complainant_phone"):
                self.add_error("complainant_phone", _("请填写联系电话（举报可选择匿名）"))
        self._match_subject(data)
        return data

    def _match_subject(self, data):
        """Link a subject from the store when one was picked or the code matches; persons never."""
        subjects = Subject.objects.exclude(kind=Subject.Kind.PERSON)
        subject = None
        if data.get("subject_id"):
            subject = subjects.filter(pk=data["subject_id"]).first()
        if subject is None and data.get("subject_uscc"):
            subject = subjects.filter(uscc=data["subject_uscc"]).first()
        if subject is not None and data.get("subject_uscc") and subject.uscc != data["subject_uscc"]:
            subject = subjects.filter(uscc=data["subject_uscc"]).first()
        self.subject = subject

    def case_data(self) -> dict:
        data = self.cleaned_data
        anonymous = bool(data.get("anonymous"))
        return {
            "kind": data["kind"],
            "anonymous": anonymous,
            "subject_name": data["subject_name"].strip(),
            "subject_uscc": data.get("subject_uscc", ""),
            "category": data["category"],
            "title": data["title"].strip(),
            "facts": data["facts"].strip(),
            "demand": data.get("demand", "").strip(),
            "occurred_on": data.get("occurred_on"),
            "complainant_name": "" if anonymous else data.get("complainant_name", "").strip(),
            "complainant_phone": "" if anonymous else data.get("complainant_phone", ""),
            "complainant_email": "" if anonymous else data.get("complainant_email", ""),
            "complainant_address": "" if anonymous else data.get("complainant_address", "").strip(),
        }


class TrackForm(forms.Form):
    tracking_number = forms.CharField(label=_l("受理编号"), max_length=30)
    query_code = forms.CharField(label=_l("查询码"), max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracking_number"].widget.attrs.update({"autocomplete": "off", "placeholder": "TS2026…"})
        self.fields["query_code"].widget.attrs.update({"autocomplete": "off"})


class EvaluationForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_l("您对办理结果是否满意"),
        choices=[("1", _l("满意")), ("0", _l("不满意"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_l("评价意见"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    action = forms.CharField()
    note = forms.CharField(max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ForwardForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_l("承办部门"),
        queryset=Department.objects.filter(is_active=True, is_credit_office=False).select_related("region"),
        error_messages={"required": _l("请至少选择一个承办部门")},
        help_text=_l("可多选：按住 Ctrl（Mac 上为 ⌘）点选多个部门；在列表中输入部门名称的首字可快速定位。"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    note = forms.CharField(
        label=_l("转办意见（仅工作人员可见）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TypicalForm(forms.Form):
    title = forms.CharField(label=_l("案例标题"), max_length=100)
    summary = forms.CharField(label=_l("案情摘要"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    outcome = forms.CharField(label=_l("处理结果"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

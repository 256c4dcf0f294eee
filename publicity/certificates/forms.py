from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publicity.certificates.models import Certificate
from publicity.certificates.numbers import LENGTH, is_well_formed, normalize_number

DETAIL_MAX = Certificate._meta.get_field("purpose_detail").max_length
ORG_MAX = Certificate._meta.get_field("requester_org").max_length
PDF_MAGIC = b"%PDF-"


def _too_long(field_label: str, limit: int):
    def check(value):
        if len(value) > limit:
            raise forms.ValidationError(
                _("%(field)s不能超过%(limit)d个字（当前%(n)d个字）")
                % {"field": field_label, "limit": limit, "n": len(value)}
            )

    return check


def purpose_field(**kwargs) -> forms.ChoiceField:
    """查询事由, one of Certificate.Purpose: the certificate form's and the batch check's."""
    return forms.ChoiceField(
        label=gettext_lazy("查询事由"),
        choices=Certificate.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("请选择查询事由"),
            "invalid_choice": gettext_lazy("查询事由无效，请从列表中选择"),
        },
        **kwargs,
    )


class CertificateRequestForm(forms.Form):
    purpose = purpose_field()
    purpose_detail = forms.CharField(
        label=gettext_lazy("事由说明"),
        required=False,
        help_text=gettext_lazy("选择“其他”时必填，如：项目名称、许可事项"),
        widget=forms.TextInput(attrs={"maxlength": DETAIL_MAX, "autocomplete": "off"}),
        validators=[_too_long("事由说明", DETAIL_MAX)],
    )
    requester_org = forms.CharField(
        label=gettext_lazy("申请单位"),
        error_messages={"required": gettext_lazy("请填写申请单位")},
        help_text=gettext_lazy("使用查询结果的单位全称，如：西安市财政局"),
        widget=forms.TextInput(
            attrs={"maxlength": ORG_MAX, "list": "department-names", "autocomplete": "organization"}
        ),
        validators=[_too_long("申请单位", ORG_MAX)],
    )

    def clean(self):
        data = super().clean()
        if data.get("purpose") == Certificate.Purpose.OTHER and not data.get("purpose_detail"):
            self.add_error("purpose_detail", _("选择“其他”时请填写事由说明"))
        return data


class VerifyNumberForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("证书编号"),
        max_length=60,
        error_messages={
            "required": gettext_lazy("请输入证书编号"),
            "max_length": gettext_lazy("证书编号格式不正确：应为20位字母和数字"),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "placeholder": "ABCDE-FGHJK-MNPQR-STVWX"}
        ),
    )

    def clean_number(self):
        number = normalize_number(self.cleaned_data["number"])
        if len(number) != LENGTH or not is_well_formed(number):
            raise forms.ValidationError(malformed_number_message())
        return number


def malformed_number_message() -> str:
    return _("证书编号格式不正确：应为20位字母和数字（如 ABCDE-FGHJK-MNPQR-STVWX），请核对后重新输入。")


def upload_limit_bytes() -> int:
    return settings.CERTIFICATE_UPLOAD_MAX_MB * 1024 * 1024


def too_big_message() -> str:
    return _("上传的文件过大：最大 %(mb)d MB。请上传平台签发的查询结果 PDF 原件。") % {
        "mb": settings.CERTIFICATE_UPLOAD_MAX_MB
    }


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload past the size limit, before it is written anywhere.

    The rest of the request body is drained and discarded, so the browser receives the page
    with the message instead of a reset connection.
    """

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        request.upload_too_big = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Only note it here: StopUpload is caught once the parser reaches the file part.
        if content_length and content_length > self.limit + 64 * 1024:
            self.request.upload_too_big = True

    def new_file(self, *args, **kwargs):
        if self.request.upload_too_big:
            self._stop()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._stop()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _stop(self):
        self.request.upload_too_big = True
        raise StopUpload(connection_reset=False)


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("待核验的 PDF 文件"),
        error_messages={
            "required": gettext_lazy("请选择要核验的 PDF 文件"),
            "empty": gettext_lazy("上传的文件是空的，请选择查询结果 PDF 文件"),
            "invalid": gettext_lazy("上传失败，请重新选择查询结果 PDF 文件"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, too_big: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_big = too_big

    def clean(self):
        if self.too_big:
            self.errors.pop("file", None)
            self.add_error("file", too_big_message())
        return super().clean()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > upload_limit_bytes():
            raise forms.ValidationError(too_big_message())
        upload.seek(0)
        head = upload.read(1024)
        if PDF_MAGIC not in head:
            raise forms.ValidationError(_("上传的文件不是 PDF 文件，请上传平台签发的查询结果 PDF 原件。"))
        upload.seek(0)
        return upload

    def read(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()


REPORT_PURPOSES = [
    (value, label)
    for value, label in Certificate.Purpose.choices
    if value in {"listing", "bidding", "honours", "other"}
]


class ReportFieldChoice(forms.ModelMultipleChoiceField):
    """Fields of the catalogue by code; an unknown code names the fields there are."""

    def __init__(self, **kwargs):
        from publicity.certificates.models import ReportField

        super().__init__(
            queryset=ReportField.objects.filter(is_active=True),
            to_field_name="code",
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except forms.ValidationError as error:
            if error.code not in {"invalid_choice", "invalid_pk_value"}:
                raise
            names = "、".join(self.queryset.values_list("name", flat=True))
            unknown = next((v for v in value if not self.queryset.filter(code=v).exists()), "")
            raise forms.ValidationError(
                _("没有“%(value)s”这个领域。可选领域：%(names)s。")
                % {"value": str(unknown)[:30], "names": names},
                code="invalid_choice",
            ) from error

    def label_from_instance(self, obj):
        return obj.name


class ReportRequestForm(forms.Form):
    """Fields, period and purpose of a 专项信用报告; the one-time code when the subject asks."""

    # Not "fields": a form's `fields` is its dict of fields.
    areas = ReportFieldChoice(
        label=gettext_lazy("报告领域"),
        error_messages={"required": gettext_lazy("请至少选择一个领域")},
    )
    period_start = forms.DateField(
        label=gettext_lazy("报告期间自"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("请填写报告期间的起始日期"),
            "invalid": gettext_lazy("报告期间的起始日期格式不正确，应为 年-月-日，如 2024-01-01"),
        },
    )
    period_end = forms.DateField(
        label=gettext_lazy("报告期间至"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("请填写报告期间的截止日期"),
            "invalid": gettext_lazy("报告期间的截止日期格式不正确，应为 年-月-日，如 2026-12-01"),
        },
    )
    purpose = forms.ChoiceField(
        label=gettext_lazy("报告用途"),
        choices=REPORT_PURPOSES,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("请选择报告用途"),
            "invalid_choice": gettext_lazy("报告用途无效，请从上市融资、招标投标、评先评优、其他中选择"),
        },
    )
    purpose_detail = forms.CharField(
        label=gettext_lazy("用途说明"),
        required=False,
        help_text=gettext_lazy("选择“其他”时必填，如：项目名称"),
        widget=forms.TextInput(attrs={"maxlength": DETAIL_MAX, "autocomplete": "off"}),
        validators=[_too_long("用途说明", DETAIL_MAX)],
    )
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        required=False,
        max_length=12,
        help_text=gettext_lazy("主体本人申请时填写发送至登记联系邮箱的6位验证码；部门工作人员登录后无需填写"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 12}
        ),
    )

    def clean(self):
        from publicity.certificates.report import earliest_start
        from publicity.rules import today

        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        now = today()
        if end and end > now:
            self.add_error(
                "period_end", _("报告期间的截止日期不能晚于今天（%(today)s）。") % {"today": now.isoformat()}
            )
        elif start and end:
            if start > end:
                self.add_error("period_start", _("报告期间的起始日期不能晚于截止日期。"))
            elif start < earliest_start(end):
                self.add_error(
                    "period_start",
                    _("报告期间最长 %(years)d 年：截止日期为 %(end)s 时，起始日期不能早于 %(start)s。")
                    % {
                        "years": settings.REPORT_MAX_YEARS,
                        "end": end.isoformat(),
                        "start": earliest_start(end).isoformat(),
                    },
                )
        if data.get("purpose") == Certificate.Purpose.OTHER and not data.get("purpose_detail"):
            self.add_error("purpose_detail", _("选择“其他”时请填写用途说明"))
        return data


class ReportSubjectForm(forms.Form):
    """The landing page: which company the report is about."""

    code = forms.CharField(
        label=gettext_lazy("统一社会信用代码"),
        max_length=40,
        error_messages={"required": gettext_lazy("请填写企业的统一社会信用代码")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        from publicity.selectors import subject_by_key
        from records.codes import normalize_code

        code = normalize_code(self.cleaned_data["code"])
        if len(code) != 18:
            raise forms.ValidationError(_("统一社会信用代码应为18位字母和数字，请核对后重新输入。"))
        subject = subject_by_key(code)
        if subject is None:
            raise forms.ValidationError(
                _("平台没有统一社会信用代码为 %(code)s 的主体，请核对后重新输入。") % {"code": code}
            )
        self.subject = subject
        return code

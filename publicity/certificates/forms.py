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


class CertificateRequestForm(forms.Form):
    purpose = forms.ChoiceField(
        label=gettext_lazy("查询事由"),
        choices=Certificate.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("请选择查询事由"),
            "invalid_choice": gettext_lazy("查询事由无效，请从列表中选择"),
        },
    )
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
        label=gettext_lazy("查询结果 PDF 文件"),
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

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from batchcheck.bidders import BidderListError, max_bidders, read_bidders
from publicity.certificates.forms import purpose_field
from publicity.certificates.models import Certificate

PROJECT_MAX = Certificate._meta.get_field("purpose_detail").max_length
FILE_MAX_BYTES = 5 * 1024 * 1024


class BatchCheckForm(forms.Form):
    purpose = purpose_field(initial=Certificate.Purpose.BIDDING)
    project = forms.CharField(
        label=gettext_lazy("项目名称或招标编号"),
        max_length=PROJECT_MAX,
        help_text=gettext_lazy("写入每份查询结果的事由说明，如：西安地铁10号线土建施工（XAZB-2026-0158）"),
        error_messages={
            "required": gettext_lazy("请填写项目名称或招标编号"),
            "max_length": gettext_lazy("项目名称或招标编号不能超过%(limit_value)d个字"),
        },
        widget=forms.TextInput(attrs={"maxlength": PROJECT_MAX, "autocomplete": "off"}),
    )
    bidders = forms.CharField(
        label=gettext_lazy("投标人名单（粘贴）"),
        required=False,
        help_text=gettext_lazy(
            "每行一个：统一社会信用代码或登记名称（须与登记名称完全一致）；可直接从 Excel 复制粘贴"
        ),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
    )
    file = forms.FileField(
        label=gettext_lazy("或上传名单文件（.xlsx / .csv）"),
        required=False,
        error_messages={
            "empty": gettext_lazy("上传的文件是空的"),
            "invalid": gettext_lazy("上传失败，请重新选择文件"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bidders"].help_text = _(
            "每行一个：统一社会信用代码或登记名称（须与登记名称完全一致），最多%(max)d个；可直接从 Excel 复制粘贴"
        ) % {"max": max_bidders()}
        self.bidder_list = None
        self.source = ""

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        text = data.get("bidders", "")
        if upload is None and not text.strip():
            if "file" not in self.errors:
                self.add_error("bidders", _("请粘贴投标人名单，或上传名单文件"))
            return data
        try:
            if upload is not None:
                if upload.size > FILE_MAX_BYTES:
                    raise BidderListError([_("文件过大：名单文件最大 5 MB。")])
                self.bidder_list = read_bidders(data=upload.read(), filename=upload.name)
                self.source = upload.name
            else:
                self.bidder_list = read_bidders(text=text)
                self.source = _("粘贴")
        except BidderListError as error:
            self.add_error("file" if upload is not None else "bidders", error.errors)
        return data

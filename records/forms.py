import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from records.ingest.fields import KIND_SPECS
from records.kinds import RECORD_KINDS


class UploadForm(forms.Form):
    department = forms.ModelChoiceField(label=_("报送部门"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("信息类别"), required=False)
    file = forms.FileField(
        label=_("数据文件"),
        help_text=_("国家标准模板的 .xlsx 或 .csv（UTF-8 或 GBK 编码）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["kind"].choices = [("", _("按表头自动识别"))] + [
            (slug, RECORD_KINDS[slug].label) for slug in KIND_SPECS
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv", ".txt", ".xls")):
            raise forms.ValidationError(_("只接受 .xlsx 或 .csv 文件"))
        return upload


class TimelinessFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("决定日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label=_("信息类别"),
        required=False,
        choices=[("", _("行政许可和行政处罚")), ("permit", _("行政许可")), ("penalty", _("行政处罚"))],
    )

    @staticmethod
    def defaults() -> dict:
        today = timezone.localdate()
        return {"date_from": today - datetime.timedelta(days=365), "date_to": today, "kind": ""}

    def clean(self):
        data = super().clean()
        defaults = self.defaults()
        for key in ("date_from", "date_to"):
            if not data.get(key):
                data[key] = defaults[key]
        if data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("开始日期不能晚于结束日期"))
        return data

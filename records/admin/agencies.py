"""Admin of the register of rating agencies (信用评价机构备案), kept by the credit office.

Every change is in the audit trail (records.audit registers every records model). Suspending or
cancelling an agency takes its ratings off the public site at once (publicity.rules
`_conditions`); the change list shows per agency how many ratings are valid, expired and under
an open objection (records.selectors.rating_agencies_with_counts).
"""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from records.models import RatingAgency
from records.models.ratings import normalize_scale
from records.selectors import rating_agencies_with_counts
from records.signals import announce_published_change


class RatingAgencyForm(forms.ModelForm):
    class Meta:
        model = RatingAgency
        fields = ["name", "uscc", "filed_on", "scales", "status", "status_reason", "contact_phone", "remarks"]

    def clean_uscc(self):
        return (self.cleaned_data.get("uscc") or "").strip().upper()

    def clean_scales(self):
        lines = [normalize_scale(line) for line in self.cleaned_data.get("scales", "").splitlines()]
        lines = [line for line in dict.fromkeys(lines) if line]
        if not lines:
            raise forms.ValidationError(_("请至少填写一个等级体系，如：AAA/AA/A/BBB/BB/B/CCC/CC/C"))
        too_long = [g for line in lines for g in line.split("/") if len(g) > 10]
        if too_long:
            raise forms.ValidationError(_("等级“%(g)s”过长（最多10个字符）") % {"g": too_long[0][:20]})
        return "\n".join(lines)

    def clean(self):
        data = super().clean()
        if (
            data.get("status")
            and data["status"] != RatingAgency.Status.ACTIVE
            and not data.get("status_reason")
        ):
            self.add_error("status_reason", _("暂停或注销备案时须填写原因"))
        return data


@admin.register(RatingAgency)
class RatingAgencyAdmin(admin.ModelAdmin):
    form = RatingAgencyForm
    list_display = (
        "name",
        "uscc",
        "filed_on",
        "status",
        "status_changed_on",
        "valid_ratings",
        "expired_ratings",
        "disputed_ratings",
    )
    list_filter = ("status",)
    search_fields = ("name", "=uscc")
    readonly_fields = ("status_changed_on",)

    def get_queryset(self, request):
        return rating_agencies_with_counts(super().get_queryset(request))

    @admin.display(description=_("有效评价"), ordering="valid_count")
    def valid_ratings(self, obj):
        return obj.valid_count

    @admin.display(description=_("已过期评价"), ordering="expired_count")
    def expired_ratings(self, obj):
        return obj.expired_count

    @admin.display(description=_("异议处理中"), ordering="disputed_count")
    def disputed_ratings(self, obj):
        return obj.disputed_count

    def has_delete_permission(self, request, obj=None):
        return False  # an agency is cancelled (注销), never deleted: its ratings keep their issuer

    def save_model(self, request, obj, form, change):
        status_changed = change and "status" in form.changed_data
        if status_changed:
            obj.status_changed_on = timezone.localdate()
        super().save_model(request, obj, form, change)
        if status_changed:
            # Its ratings appear or vanish publicly: what is derived from public records is stale.
            announce_published_change()

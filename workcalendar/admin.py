from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from workcalendar.models import HolidayDay, HolidayYear


class HolidayDayInline(admin.TabularInline):
    model = HolidayDay
    extra = 3
    fields = ("date", "kind", "name")


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    list_display = ("year", "notice", "published_on", "off_days", "work_days", "source_label", "updated_at")
    readonly_fields = ("source_label", "updated_at", "updated_by")
    fields = ("year", "notice", "published_on", "source_label", "updated_at", "updated_by")
    inlines = [HolidayDayInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                off_count=Count("days", filter=Q(days__kind=HolidayDay.Kind.OFF)),
                work_count=Count("days", filter=Q(days__kind=HolidayDay.Kind.WORK)),
            )
        )

    @admin.display(description=_("放假天数"), ordering="off_count")
    def off_days(self, obj):
        return obj.off_count

    @admin.display(description=_("调休上班天数"), ordering="work_count")
    def work_days(self, obj):
        return obj.work_count

    @admin.display(description=_("来源"), ordering="source")
    def source_label(self, obj):
        """Years seeded from the chinesecalendar package (workcalendar.loading) say so in Chinese."""
        name, _sep, version = obj.source.partition(" ")
        if name == "chinesecalendar":
            return (
                _("内置节假日数据（%(version)s版）") % {"version": version}
                if version
                else _("内置节假日数据")
            )
        return obj.source

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "year") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        if not change and not obj.source:
            obj.source = str(_("信用办录入"))
        super().save_model(request, obj, form, change)

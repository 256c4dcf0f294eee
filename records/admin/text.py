"""Admin text in Chinese where Django's own is English or says what does not apply."""

import datetime

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FilterWidgetHelpMixin:
    """A many-to-many field shown with the two-list filter widget (filter_horizontal) gets
    Django's hint about holding Control or Command added to its help text: the widget is
    used by clicking and the arrows, so its own help text is kept and a Chinese hint given."""

    filter_hint = _("在左侧列表中选中后点击箭头移到右侧；可用上方搜索框筛选。")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in (*self.filter_horizontal, *self.filter_vertical):
            own = db_field.help_text
            field.help_text = f"{own} {self.filter_hint}" if own else self.filter_hint
        return field


class RecordKindFilter(admin.SimpleListFilter):
    """Filter by the kind of record a row is about (a `record_kind` slug), named by its label."""

    title = _("信息类别")
    parameter_name = "record_kind"

    def lookups(self, request, model_admin):
        from records.kinds import RECORD_KINDS

        return [(slug, kind.label) for slug, kind in RECORD_KINDS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(record_kind=self.value()) if self.value() else queryset


class DecisionYearFilter(admin.SimpleListFilter):
    """决定年度: this year and the ten before it, listed without reading the table (Django's
    date_hierarchy finds its years with a DISTINCT over every matching row). A year is a range
    on decision_date, so on PostgreSQL it reads that year's partition only (records.partitions)."""

    title = _("决定年度")
    parameter_name = "decision_year"
    YEARS_SHOWN = 11

    def lookups(self, request, model_admin):
        this_year = timezone.localdate().year
        years = [
            (str(y), _("%(year)s年") % {"year": y})
            for y in range(this_year, this_year - self.YEARS_SHOWN, -1)
        ]
        return [*years, ("earlier", _("%(year)s年以前") % {"year": this_year - self.YEARS_SHOWN + 1})]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == "earlier":
            first_shown = timezone.localdate().year - self.YEARS_SHOWN + 1
            return queryset.filter(decision_date__lt=datetime.date(first_shown, 1, 1))
        if not value.isdigit():
            return queryset.none()
        year = int(value)
        return queryset.filter(
            decision_date__gte=datetime.date(year, 1, 1), decision_date__lt=datetime.date(year + 1, 1, 1)
        )

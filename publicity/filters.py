"""Filters of the 信用公示 columns (django-filter): region, department, dates, category, keyword, sort.

A bad value (an unknown department, a malformed date, a one-character keyword) is reported next
to its field and that filter is left out; the page still answers 200.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from publicity.columns import date_label
from publicity.search import (
    MIN_FRAGMENT,
    USCC_SHAPE,
    matching_subject_ids,
    persons_by_full_name,
    text_contains_q,
)
from publicity.widgets import FastSelect
from records.codes import normalize_code
from records.models import (
    AbnormalOperation,
    Commitment,
    Department,
    Inspection,
    ListEntry,
    ListType,
    Penalty,
    Permit,
    Rating,
    Region,
)
from records.models.penalties import CATEGORY_SEPARATOR, PENALTY_CATEGORIES

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SORTS = {
    # %(date)s: the column's own name for its date (publicity.columns.date_label).
    "-date": (_("%(date)s（最新在前）"), ("-decision_date", "-id")),
    "date": (_("%(date)s（最早在前）"), ("decision_date", "id")),
}
PENALTY_SORTS = {**SORTS, "-fine": (_("罚款金额（从高到低）"), ("-fine_amount", "-decision_date", "-id"))}


# Choices are plain (value, label) lists read in one small query each: a ModelChoiceFilter
# would iterate its queryset through a server-side cursor on PostgreSQL for every page view.
def region_choices():
    return list(
        Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.CITY]).values_list(
            "code", "name"
        )
    )


def department_choices():
    """Departments grouped by region (an <optgroup> per region)."""
    groups: dict[str, list] = {}
    for pk, name, region in Department.objects.filter(is_active=True).values_list(
        "pk", "name", "region__name"
    ):
        groups.setdefault(region, []).append((str(pk), name))
    return list(groups.items())


def list_type_choices(polarity: str):
    return lambda: [
        (str(pk), name) for pk, name in ListType.objects.filter(polarity=polarity).values_list("pk", "name")
    ]


# A keyword matching more subjects than this filters by the first ones only (and says so).
KEYWORD_MAX_SUBJECTS = 2000


def keyword_subject_ids(value: str) -> tuple[list[int], bool]:
    """The subjects a keyword names, for filtering records by subject_id (the pages' keyword and
    open data's `q`): organisations whose name contains it (the bigram index on subjects, never
    a LIKE '%…%' over a record table) and natural persons only by their full name, while listed.
    At most KEYWORD_MAX_SUBJECTS organisations; the flag says when there were more."""
    ids = list(matching_subject_ids(value)[: KEYWORD_MAX_SUBJECTS + 1])
    too_broad = len(ids) > KEYWORD_MAX_SUBJECTS
    ids = ids[:KEYWORD_MAX_SUBJECTS]
    ids += persons_by_full_name(value).values_list("pk", flat=True)[:KEYWORD_MAX_SUBJECTS]
    return ids, too_broad


def region_department_ids(code: str) -> list[int]:
    """Departments of a region or of the counties under it. Records are then filtered by
    department_id IN (…), which the (department, decision date) index serves; a join through
    departments and regions to both levels made PostgreSQL read the whole record table."""
    return list(
        Department.objects.filter(Q(region__code=code) | Q(region__parent__code=code)).values_list(
            "pk", flat=True
        )
    )


class RecordFilter(django_filters.FilterSet):
    keyword = django_filters.CharFilter(
        label=_("关键词"),
        method="filter_keyword",
        min_length=MIN_FRAGMENT,
        max_length=100,
        help_text=_("主体名称（至少2个字）、统一社会信用代码或文书号"),
    )
    region = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("地区"),
        choices=region_choices,
        method="filter_region",
        empty_label=_("全部地区"),
    )
    department = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("数据来源单位"),
        choices=department_choices,
        field_name="department_id",
        empty_label=_("全部单位"),
    )
    date_from = django_filters.DateFilter(
        label=_("起始日期"), field_name="decision_date", lookup_expr="gte", widget=DATE_WIDGET
    )
    date_to = django_filters.DateFilter(
        label=_("截止日期"), field_name="decision_date", lookup_expr="lte", widget=DATE_WIDGET
    )
    sort = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("排序"),
        method="filter_sort",
        empty_label=None,
        choices=[(k, str(v[0]) % {"date": _("决定日期")}) for k, v in SORTS.items()],
    )

    sorts = SORTS
    kind = ""  # the record kind slug, for the name of the column's date
    keyword_help = ""  # when the column's keyword matches more than the default help text says
    keyword_too_broad = False

    class Meta:
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        date = date_label(self.kind)
        self.filters["sort"].extra["choices"] = [
            (k, str(v[0]) % {"date": date}) for k, v in self.sorts.items()
        ]
        for name, label in (("date_from", _("%(date)s起")), ("date_to", _("%(date)s止"))):
            self.filters[name].label = str(label) % {"date": date}
            self.form.fields[name].label = self.filters[name].label
        self.form.label_suffix = ""
        if self.keyword_help:
            self.form.fields["keyword"].help_text = self.keyword_help

    def filter_keyword(self, queryset, name, value):
        code = normalize_code(value)
        if USCC_SHAPE.match(code):
            return queryset.filter(subject__uscc=code)
        return queryset.filter(self.keyword_q(value))

    def keyword_q(self, value: str) -> Q:
        """What a keyword matches in this column: the subject's name, a listed person's full
        name, the document number."""
        # The subjects first (bigram index), then their records by the subject index: one
        # query with an IN (subquery) or an OR lets the planner scan the whole record table.
        ids, self.keyword_too_broad = keyword_subject_ids(value)
        q = Q(subject_id__in=ids)
        if any(ch.isdigit() for ch in value):
            q |= Q(document_number=value)
        return q

    def filter_region(self, queryset, name, value):
        return queryset.filter(department_id__in=region_department_ids(value))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*self.sorts.get(value, SORTS["-date"])[1])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["-date"][1])
        return queryset


def _penalty_category_q(value: str) -> Q:
    sep = CATEGORY_SEPARATOR
    return (
        Q(categories=value)
        | Q(categories__startswith=value + sep)
        | Q(categories__endswith=sep + value)
        | Q(categories__contains=sep + value + sep)
    )


class PenaltyFilter(RecordFilter):
    kind = "penalty"
    keyword_help = _("主体名称（至少2个字）、统一社会信用代码、文书号或违法行为（如：虚开）")
    category = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("处罚类别"),
        choices=[(c, c) for c in PENALTY_CATEGORIES],
        method="filter_category",
        empty_label=_("全部类别"),
    )
    sorts = PENALTY_SORTS

    class Meta:
        model = Penalty
        fields = []

    def filter_category(self, queryset, name, value):
        return queryset.filter(_penalty_category_q(value))

    def keyword_q(self, value: str) -> Q:
        """And what was punished: 虚开 finds the penalties for 虚开增值税发票 (bigram indexes on the
        violation type and facts, records migration 0019_penalty_fact_search)."""
        return (
            super().keyword_q(value)
            | text_contains_q("violation_type", value)
            | text_contains_q("violation_facts", value)
        )


class PermitFilter(RecordFilter):
    kind = "permit"
    category = django_filters.ChoiceFilter(
        widget=FastSelect, label=_("许可类别"), choices=Permit.Category.choices, empty_label=_("全部类别")
    )

    class Meta:
        model = Permit
        fields = []


class InspectionFilter(RecordFilter):
    kind = "inspection"
    category = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("检查类型"),
        field_name="inspection_type",
        choices=Inspection.InspectionType.choices,
        empty_label=_("全部类型"),
    )
    result = django_filters.ChoiceFilter(
        widget=FastSelect, label=_("检查结果"), choices=Inspection.Result.choices, empty_label=_("全部结果")
    )

    class Meta:
        model = Inspection
        fields = []


class CommitmentFilter(RecordFilter):
    kind = "commitment"
    category = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("承诺类型"),
        field_name="commitment_type",
        choices=Commitment.CommitmentType.choices,
        empty_label=_("全部类型"),
    )
    fulfilment = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("履行状态"),
        choices=Commitment.Fulfilment.choices,
        empty_label=_("全部状态"),
    )

    class Meta:
        model = Commitment
        fields = []


class AbnormalFilter(RecordFilter):
    kind = "abnormal"

    class Meta:
        model = AbnormalOperation
        fields = []


class RatingFilter(RecordFilter):
    kind = "rating"
    agency = django_filters.CharFilter(
        label=_("评价机构"), field_name="agency", lookup_expr="contains", max_length=100
    )

    class Meta:
        model = Rating
        fields = []


def _list_filter(polarity: str):
    class ListEntryFilter(RecordFilter):
        kind = "list_entry"
        category = django_filters.ChoiceFilter(
            widget=FastSelect,
            label=_("名单类型"),
            field_name="list_type_id",
            choices=list_type_choices(polarity),
            empty_label=_("全部名单"),
        )

        class Meta:
            model = ListEntry
            fields = []

    return ListEntryFilter


FILTERS = {
    "permit": PermitFilter,
    "penalty": PenaltyFilter,
    "inspection": InspectionFilter,
    "red": _list_filter(ListType.Polarity.RED),
    "black": _list_filter(ListType.Polarity.BLACK),
    "commitment": CommitmentFilter,
    "abnormal": AbnormalFilter,
    "rating": RatingFilter,
}

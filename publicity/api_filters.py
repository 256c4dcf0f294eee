"""Filters of the open-data API (publicity.api): one FilterSet per record kind, each parameter
documented in the OpenAPI schema with its limits."""

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field

from publicity.filters import keyword_subject_ids, region_department_ids
from records import models as m
from records.api.selectors import MAX_ID
from records.models.penalties import PENALTY_CATEGORIES

MAX_KEYWORD = 100

# Query strings may not carry NUL characters (Django refuses them); every text parameter says so.
NO_NUL = "^[^\\u0000]*$"


def documented(flt, schema: dict):
    """The filter with its OpenAPI schema spelled out: django-filter's own mapping drops the
    lengths and ranges the filter enforces, and the schema must name every constraint."""
    return extend_schema_field({**schema, "description": str(flt.label)})(flt)


def text_filter(label: str, max_length: int, **kw):
    flt = django_filters.CharFilter(max_length=max_length, label=label, **kw)
    return documented(flt, {"type": "string", "maxLength": max_length, "pattern": NO_NUL})


class IdFilter(django_filters.NumberFilter):
    """A primary key: an integer from 1 to the largest bigint (larger ones are a 400, not an
    OverflowError in the database driver)."""

    field_class = forms.IntegerField


# An empty parameter (`?department=`, as an HTML form sends it) means "not given".
EMPTY = {"type": "string", "maxLength": 0}


def id_filter(field_name: str, label: str):
    flt = IdFilter(field_name=field_name, label=label, min_value=1, max_value=MAX_ID)
    return documented(flt, {"anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ID}, EMPTY]})


def documented_filters(filterset):
    """Spell out the schema of a FilterSet's date and choice filters, the empty value included."""
    for flt in filterset.base_filters.values():
        if isinstance(flt, django_filters.ChoiceFilter):
            values = [str(value) for value, _label in flt.extra["choices"]]
            documented(flt, {"type": "string", "enum": ["", *values]})
        elif isinstance(flt, django_filters.DateFilter):
            documented(flt, {"anyOf": [{"type": "string", "format": "date"}, EMPTY]})
    return filterset


class RecordFilter(django_filters.FilterSet):
    q = text_filter("关键词（主体名称或文书号；为空时不筛选）", MAX_KEYWORD, method="keyword")
    uscc = text_filter("统一社会信用代码", 30, field_name="subject_uscc", method="code")
    department = id_filter("department_id", "数据来源单位编号")
    region = text_filter("行政区划代码（如 610100）", 6, method="in_region")
    decided_after = django_filters.DateFilter(
        field_name="decision_date", lookup_expr="gte", label="决定日期起"
    )
    decided_before = django_filters.DateFilter(
        field_name="decision_date", lookup_expr="lte", label="决定日期止"
    )

    def keyword(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        # Organisations by a name fragment, natural persons only as search finds them (their
        # full name, while listed): subjects first, then their records by the subject index, as
        # the disclosure pages do. Document numbers always carry digits.
        ids, _too_broad = keyword_subject_ids(value)
        q = Q(subject_id__in=ids)
        if any(ch.isdigit() for ch in value):
            q |= Q(document_number=value)
        return qs.filter(q)

    def code(self, qs, name, value):
        return qs.filter(subject_uscc="".join(value.split()).upper()) if value.strip() else qs

    def in_region(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(department_id__in=region_department_ids(value))


@documented_filters
class PermitFilter(RecordFilter):
    category = django_filters.ChoiceFilter(choices=m.Permit.Category.choices, label="许可类别")

    class Meta:
        model = m.Permit
        fields = []


@documented_filters
class PenaltyFilter(RecordFilter):
    category = django_filters.ChoiceFilter(
        choices=[(c, c) for c in PENALTY_CATEGORIES], method="has_category", label="处罚类别"
    )
    severity = django_filters.ChoiceFilter(choices=m.Penalty.Severity.choices, label="严重程度")

    class Meta:
        model = m.Penalty
        fields = []

    def has_category(self, qs, name, value):
        # categories is stored as "罚款;警告": match a whole item, not a substring of another.
        return qs.filter(
            Q(categories=value)
            | Q(categories__startswith=value + ";")
            | Q(categories__endswith=";" + value)
            | Q(categories__contains=";" + value + ";")
        )


@documented_filters
class InspectionFilter(RecordFilter):
    inspection_type = django_filters.ChoiceFilter(
        choices=m.Inspection.InspectionType.choices, label="检查类型"
    )
    result = django_filters.ChoiceFilter(choices=m.Inspection.Result.choices, label="检查结果")

    class Meta:
        model = m.Inspection
        fields = []


@documented_filters
class ListEntryFilter(RecordFilter):
    list_type = id_filter("list_type_id", "名单类型编号")

    class Meta:
        model = m.ListEntry
        fields = []


@documented_filters
class CommitmentFilter(RecordFilter):
    commitment_type = django_filters.ChoiceFilter(
        choices=m.Commitment.CommitmentType.choices, label="承诺类型"
    )
    fulfilment = django_filters.ChoiceFilter(choices=m.Commitment.Fulfilment.choices, label="承诺履行状态")

    class Meta:
        model = m.Commitment
        fields = []


@documented_filters
class AbnormalFilter(RecordFilter):
    class Meta:
        model = m.AbnormalOperation
        fields = []

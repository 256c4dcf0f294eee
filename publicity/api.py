"""Open data: the disclosure columns as a public, read-only, throttled JSON API.

Every endpoint selects through publicity.rules.publishable and masks personal data through
publicity.masking, exactly like the pages: what the API shows is what the site shows.
"""

import django_filters
from django.db.models import Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.throttling import ScopedRateThrottle

from publicity.masking import mask_id_number
from publicity.rules import publishable
from records import models as m
from records.models.penalties import PENALTY_CATEGORIES

MAX_KEYWORD = 100


class OpenDataPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


# ---------------------------------------------------------------------------------------- filters


class RecordFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="keyword", max_length=MAX_KEYWORD, label="关键词（主体名称或文书号）"
    )
    uscc = django_filters.CharFilter(field_name="subject_uscc", method="code", label="统一社会信用代码")
    department = django_filters.NumberFilter(field_name="department_id", label="数据来源单位编号")
    region = django_filters.CharFilter(method="in_region", max_length=6, label="行政区划代码（如 610100）")
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
        return qs.filter(Q(subject_name__contains=value) | Q(document_number=value))

    def code(self, qs, name, value):
        return qs.filter(subject_uscc="".join(value.split()).upper()) if value.strip() else qs

    def in_region(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(department__region__code=value) | Q(department__region__parent__code=value))


class PermitFilter(RecordFilter):
    category = django_filters.ChoiceFilter(choices=m.Permit.Category.choices, label="许可类别")

    class Meta:
        model = m.Permit
        fields = []


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


class InspectionFilter(RecordFilter):
    inspection_type = django_filters.ChoiceFilter(
        choices=m.Inspection.InspectionType.choices, label="检查类型"
    )
    result = django_filters.ChoiceFilter(choices=m.Inspection.Result.choices, label="检查结果")

    class Meta:
        model = m.Inspection
        fields = []


class ListEntryFilter(RecordFilter):
    list_type = django_filters.NumberFilter(field_name="list_type_id", label="名单类型编号")

    class Meta:
        model = m.ListEntry
        fields = []


class CommitmentFilter(RecordFilter):
    commitment_type = django_filters.ChoiceFilter(
        choices=m.Commitment.CommitmentType.choices, label="承诺类型"
    )
    fulfilment = django_filters.ChoiceFilter(choices=m.Commitment.Fulfilment.choices, label="承诺履行状态")

    class Meta:
        model = m.Commitment
        fields = []


class AbnormalFilter(RecordFilter):
    class Meta:
        model = m.AbnormalOperation
        fields = []


# ---------------------------------------------------------------------------------------- serializers


class RecordSerializer(serializers.ModelSerializer):
    """The public fields every record shares; ID numbers masked, persons' representatives blank."""

    subject_id_number = serializers.SerializerMethodField(help_text="证件号码（已脱敏：仅显示前4位和后4位）")
    legal_rep = serializers.SerializerMethodField()
    department = serializers.CharField(source="department.name", help_text="数据来源单位")
    department_uscc = serializers.CharField(
        source="department.uscc", help_text="数据来源单位统一社会信用代码"
    )

    COMMON = [
        "id",
        "document_number",
        "subject_name",
        "subject_category",
        "subject_uscc",
        "subject_id_number",
        "legal_rep",
        "department",
        "department_uscc",
        "decision_date",
        "publish_until",
    ]

    def get_subject_id_number(self, obj) -> str:
        return mask_id_number(obj.id_number)

    def get_legal_rep(self, obj) -> str:
        return "" if obj.subject_category == m.SubjectCategory.PERSON else obj.legal_rep


class PermitSerializer(RecordSerializer):
    class Meta:
        model = m.Permit
        fields = [
            *RecordSerializer.COMMON,
            "decision_doc_name",
            "category",
            "certificate_name",
            "permit_number",
            "content",
            "valid_from",
            "valid_until",
            "authority",
            "authority_uscc",
            "current_state",
        ]


class PenaltySerializer(RecordSerializer):
    categories = serializers.ListField(
        source="category_list", child=serializers.CharField(), help_text="处罚类别"
    )

    class Meta:
        model = m.Penalty
        fields = [
            *RecordSerializer.COMMON,
            "violation_type",
            "violation_facts",
            "legal_basis",
            "categories",
            "content",
            "fine_amount",
            "confiscated_amount",
            "license_affected",
            "penalty_valid_until",
            "authority",
            "authority_uscc",
            "severity",
        ]


class InspectionSerializer(RecordSerializer):
    class Meta:
        model = m.Inspection
        fields = [
            *RecordSerializer.COMMON,
            "task_name",
            "task_number",
            "inspection_type",
            "items",
            "result",
            "result_detail",
            "authority",
            "authority_uscc",
        ]


class ListEntrySerializer(RecordSerializer):
    list_type = serializers.CharField(source="list_type.name", help_text="名单类型")
    is_serious = serializers.BooleanField(source="list_type.is_serious", help_text="是否严重失信主体名单")

    class Meta:
        model = m.ListEntry
        fields = [
            *RecordSerializer.COMMON,
            "list_type",
            "is_serious",
            "reason",
            "basis_document",
            "deciding_authority",
        ]


class CommitmentSerializer(RecordSerializer):
    class Meta:
        model = m.Commitment
        fields = [
            *RecordSerializer.COMMON,
            "commitment_type",
            "matter",
            "content",
            "liability",
            "valid_until",
            "fulfilment",
            "unfulfilled_content",
            "liability_pursued",
            "determined_on",
            "determining_unit",
            "accepting_unit",
            "accepting_unit_uscc",
        ]


class AbnormalSerializer(RecordSerializer):
    class Meta:
        model = m.AbnormalOperation
        fields = [*RecordSerializer.COMMON, "reason", "authority", "authority_uscc"]


# ---------------------------------------------------------------------------------------- views


class OpenDataView(ListAPIView):
    model = None
    polarity = ""
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "open_data"
    pagination_class = OpenDataPagination

    def get_queryset(self):
        qs = publishable(self.model).select_related("department")
        if self.model is m.ListEntry:
            qs = qs.select_related("list_type").filter(list_type__polarity=self.polarity)
        return qs.order_by("-decision_date", "-id")


def _open_view(name, model, serializer, filterset, label, polarity=""):
    view = type(
        name,
        (OpenDataView,),
        {
            "model": model,
            "polarity": polarity,
            "serializer_class": serializer,
            "filterset_class": filterset,
            "__doc__": f"{label}（公开数据，仅含公示期内信息，个人证件号码已脱敏）",
        },
    )
    return extend_schema_view(
        get=extend_schema(tags=["公开数据"], summary=f"{label}公示信息", operation_id=f"open_{name.lower()}")
    )(view)


OPEN_DATA_VIEWS = {
    "permits": _open_view("Permits", m.Permit, PermitSerializer, PermitFilter, "行政许可"),
    "penalties": _open_view("Penalties", m.Penalty, PenaltySerializer, PenaltyFilter, "行政处罚"),
    "inspections": _open_view(
        "Inspections", m.Inspection, InspectionSerializer, InspectionFilter, "双随机抽查结果"
    ),
    "red-list": _open_view("RedList", m.ListEntry, ListEntrySerializer, ListEntryFilter, "守信红名单", "red"),
    "black-list": _open_view(
        "BlackList", m.ListEntry, ListEntrySerializer, ListEntryFilter, "失信黑名单", "black"
    ),
    "commitments": _open_view(
        "Commitments", m.Commitment, CommitmentSerializer, CommitmentFilter, "信用承诺"
    ),
    "abnormal": _open_view(
        "Abnormal", m.AbnormalOperation, AbnormalSerializer, AbnormalFilter, "经营异常名录"
    ),
}

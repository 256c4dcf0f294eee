"""Serializers of the open-data API (publicity.api): the public fields of each record kind, with
personal data masked as on the pages."""

from rest_framework import serializers

from publicity.masking import mask_id_number
from records import models as m


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

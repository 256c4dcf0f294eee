"""Serializers that describe the API in the OpenAPI schema.

Push rows are validated by records.ingest (fast, with Chinese field-level errors), not by these
serializers: they exist so the schema documents each kind's national fields, and so the schema
fuzz test sends realistic rows.
"""

from functools import cache

from rest_framework import serializers

from records.ingest.fields import CATEGORIES, CHOICE, DATE, DECIMAL, KIND_SPECS
from records.ingest.services import MAX_BATCH_ROWS


def _doc_field(f):
    help_text = f.header + (f"（{f.hint}）" if f.hint else "")
    common = {"required": f.required, "help_text": help_text}
    if f.type == DATE:
        return serializers.DateField(**common, allow_null=not f.required)
    if f.type == DECIMAL:
        return serializers.FloatField(**common, allow_null=True, min_value=0)
    if f.type == CHOICE:
        return serializers.ChoiceField(choices=f.choice_labels, **common, allow_blank=not f.required)
    if f.type == CATEGORIES:
        return serializers.CharField(**common, max_length=200)
    return serializers.CharField(**common, allow_blank=not f.required, max_length=f.max_length)


@cache
def row_serializer(slug: str):
    spec = KIND_SPECS[slug]
    attrs = {f.code: _doc_field(f) for f in spec.fields}
    name = "".join(part.title() for part in slug.split("_"))
    return type(f"{name}Row", (serializers.Serializer,), attrs)


@cache
def push_request_serializer(slug: str):
    name = "".join(part.title() for part in slug.split("_"))
    return type(
        f"{name}Batch",
        (serializers.Serializer,),
        {
            "rows": row_serializer(slug)(
                many=True,
                help_text=f"要报送的记录，每批 1 至 {MAX_BATCH_ROWS} 条",
                min_length=1,
                max_length=MAX_BATCH_ROWS,
            )
        },
    )


class RowErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="字段代码（如 cf_wsh）；整行错误时为空")
    column = serializers.CharField(help_text="字段中文名")
    message = serializers.CharField(help_text="错误原因")


class RowResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="该记录在 rows 中的位置（从 0 开始）")
    status = serializers.ChoiceField(choices=["created", "updated", "unchanged", "rejected"])
    document_number = serializers.CharField()
    id = serializers.IntegerField(required=False, help_text="平台记录编号")
    late = serializers.BooleanField(required=False, help_text="是否逾期报送")
    errors = RowErrorSerializer(many=True, required=False)


class BatchResultSerializer(serializers.Serializer):
    batch = serializers.IntegerField(help_text="批次编号")
    kind = serializers.CharField()
    received = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rejected = serializers.IntegerField()
    late = serializers.IntegerField()
    results = RowResultSerializer(many=True)
    ignored_fields = serializers.ListField(child=serializers.CharField(), required=False)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class MeasureSerializer(serializers.Serializer):
    name = serializers.CharField()
    content = serializers.CharField()
    basis_memorandum = serializers.CharField()
    implementing_department = serializers.CharField()


class ListEntryBriefSerializer(serializers.Serializer):
    list_type = serializers.CharField()
    polarity = serializers.CharField()
    is_serious = serializers.BooleanField()
    reason = serializers.CharField()
    document_number = serializers.CharField()
    deciding_authority = serializers.CharField()
    department = serializers.CharField()
    entered_on = serializers.DateField()
    publish_until = serializers.DateField(allow_null=True)
    measures = MeasureSerializer(many=True)


class CreditCheckSerializer(serializers.Serializer):
    checked_at = serializers.DateTimeField()
    subject = serializers.DictField()
    flags = serializers.DictField(child=serializers.BooleanField())
    black_list = ListEntryBriefSerializer(many=True)
    red_list = ListEntryBriefSerializer(many=True)
    abnormal = serializers.ListField(child=serializers.DictField())
    penalties = serializers.ListField(child=serializers.DictField())
    commitments = serializers.ListField(child=serializers.DictField())
    ratings = serializers.ListField(child=serializers.DictField())


class ChangesSerializer(serializers.Serializer):
    results = serializers.ListField(child=serializers.DictField())
    next_cursor = serializers.CharField(help_text="下次请求时作为 cursor 传回")
    has_more = serializers.BooleanField()

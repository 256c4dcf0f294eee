"""What the API accepts and returns, as the OpenAPI schema says it.

A push request is checked against its kind's JSON Schema (`push_request_schema`), the same one
the OpenAPI document publishes: a request that does not match (a missing required field, a
wrong type, a value too long, not one of the listed values, not a date) is refused whole with a
400 naming the row and the field, and nothing is written. A request that matches has each row
checked for what a schema cannot say (check digits of codes and ID numbers, dates not in the
future, rules between fields, the reporting department's own code): those rows come back
rejected one by one in a 200, and the others are written.
"""

import copy
import re
from functools import cache

import fastjsonschema
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from jsonschema import Draft4Validator, FormatChecker
from rest_framework import serializers

from records.ingest.fields import CATEGORIES, CHOICE, DATE, DECIMAL, KIND_SPECS, USCC
from records.ingest.services import MAX_BATCH_ROWS
from records.models.penalties import PENALTY_CATEGORIES

USCC_CHARS = "0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy"
USCC_PATTERN = rf"^\s*[{USCC_CHARS}]{{18}}\s*$"
MAX_AMOUNT = 10**8  # 万元: a DecimalField(max_digits=14, decimal_places=6)
AMOUNT_PATTERN = r"^\s*\d{1,8}(\.\d{1,6})?\s*$"
MAX_REPORTED_ERRORS = 100
DRAFT_4 = "http://json-schema.org/draft-04/schema#"


def _field_schema(f) -> dict:
    description = f.header + (f"（{f.hint}）" if f.hint else "")
    if f.type == DATE:
        schema = {"type": "string", "format": "date", "example": "2026-03-15"}
    elif f.type == DECIMAL:
        schema = {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": MAX_AMOUNT, "exclusiveMaximum": True},
                {"type": "string", "pattern": AMOUNT_PATTERN},
            ],
        }
        description += "（万元，数字或数字文本，最多6位小数）"
    elif f.type == CHOICE:
        schema = {"type": "string", "enum": list(f.choices) + ([] if f.required else [""])}
    elif f.type == CATEGORIES:
        schema = {"type": "string", "maxLength": 200}
        description += "（可多选，以分号分隔：" + "、".join(PENALTY_CATEGORIES) + "）"
    elif f.type == USCC:
        schema = {
            "type": "string",
            "pattern": USCC_PATTERN if f.required else f"^(\\s*|{USCC_PATTERN[1:-1]})$",
        }
        description += "（18位统一社会信用代码，不区分大小写）"
    else:
        schema = {"type": "string"}
        if f.max_length:
            schema["maxLength"] = f.max_length
    if f.required and schema.get("type") == "string":
        schema["minLength"] = 1
    if not f.required:
        schema["nullable"] = True
    return {**schema, "description": description}


@cache
def row_schema(slug: str) -> dict:
    spec = KIND_SPECS[slug]
    return {
        "type": "object",
        "description": "一条记录：键为国家标准字段代码；未列出的字段被忽略（见响应的 ignored_fields）",
        "properties": {f.code: _field_schema(f) for f in spec.fields},
        "required": [f.code for f in spec.fields if f.required],
    }


@cache
def push_request_schema(slug: str) -> dict:
    return {
        "type": "object",
        "properties": {
            "rows": {
                "type": "array",
                "items": row_schema(slug),
                "minItems": 1,
                "maxItems": MAX_BATCH_ROWS,
                "description": f"要报送的记录，每批 1 至 {MAX_BATCH_ROWS} 条",
            }
        },
        "required": ["rows"],
    }


def _json_schema(schema):
    """OpenAPI 3.0's `nullable` in the JSON Schema terms jsonschema checks."""
    if isinstance(schema, list):
        return [_json_schema(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _json_schema(v) for k, v in schema.items() if k not in ("nullable", "example", "description")}
    if schema.get("nullable"):
        if "anyOf" in out:
            out["anyOf"] = [*out["anyOf"], {"type": "null"}]
        else:
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
    return out


@cache
def _validator(slug: str) -> Draft4Validator:
    return Draft4Validator(
        _json_schema(copy.deepcopy(push_request_schema(slug))), format_checker=FormatChecker()
    )


@cache
def _fast_check(slug: str):
    """The same schema compiled to Python by fastjsonschema: about ten times faster than
    jsonschema on a valid 1,000-row request, which is the common case. It only answers
    "valid or not"; the messages of an invalid request come from jsonschema, which says where
    and why for every error. Formats are checked by jsonschema's own FormatChecker, so both
    agree on what a date is.

    Compiled as draft 4, the draft jsonschema checks and OpenAPI 3.0 writes: the amounts'
    `"exclusiveMaximum": true` is a flag there, while fastjsonschema's default (draft 7) reads
    it as the number 1, failing every amount of 1 万元 or more sent as a JSON number (jsonschema
    then found nothing wrong, so such requests were accepted, the slow way)."""
    checker = FormatChecker()
    schema = {"$schema": DRAFT_4, **_json_schema(copy.deepcopy(push_request_schema(slug)))}
    return fastjsonschema.compile(schema, formats={name: _format(checker, name) for name in checker.checkers})


def _format(checker: FormatChecker, name: str):
    return lambda value: checker.conforms(value, name)


REQUIRED_MESSAGE = re.compile(r"'(.+)' is a required property")
_TYPES = {"string": "文本", "number": "数字", "integer": "整数", "object": "JSON 对象", "array": "数组"}


def push_request_errors(slug: str, payload) -> list[dict]:
    """Where a push request departs from its schema: [{"row", "field", "column", "message"}]."""
    try:
        _fast_check(slug)(payload)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # the detailed messages below
    spec = KIND_SPECS[slug]
    out = []
    for error in sorted(_validator(slug).iter_errors(payload), key=lambda e: list(map(str, e.path))):
        path = list(error.path)
        row = path[1] if len(path) > 1 and path[0] == "rows" else None
        code = path[2] if len(path) > 2 else ""
        if error.validator == "required" and row is not None:
            code = REQUIRED_MESSAGE.match(error.message).group(1)
        f = spec.by_code.get(code)
        if f is not None:
            label = f"rows[{row}] {code}（{f.header}）"
        elif row is not None:
            label = f"rows[{row}]"
        else:
            label = "rows" if path[:1] == ["rows"] else _("请求体")
        out.append(
            {
                "row": row,
                "field": code if f is not None else "",
                "column": f.header if f is not None else "",
                "message": f"{label}：{_message(error, f)}",
            }
        )
        if len(out) >= MAX_REPORTED_ERRORS:
            break
    return out


def _message(error, f) -> str:
    kind, value = error.validator, error.validator_value
    if kind == "required":
        return _("缺少必填字段") if f else _('应为 {"rows": [记录, …]}：缺少 rows')
    if kind == "type":
        wanted = value if isinstance(value, str) else value[0]
        return _("应为%(type)s") % {"type": _TYPES.get(wanted, wanted)}
    if kind == "minLength":
        return _("必填，不能为空")
    if kind == "maxLength":
        return _("不能超过%(max)d个字符（当前%(n)d个）") % {"max": value, "n": len(error.instance)}
    if kind == "enum":
        options = "、".join(v for v in value if v and not v.isascii())
        return _("“%(value)s”不是有效值，可选：%(options)s") % {
            "value": str(error.instance)[:40],
            "options": options,
        }
    if kind == "format":
        return _("日期格式应为 YYYY-MM-DD（如 2024-03-15），当前为“%(value)s”") % {
            "value": str(error.instance)[:40]
        }
    if kind == "pattern":
        return _("应为18位统一社会信用代码，当前为“%(value)s”") % {"value": str(error.instance)[:40]}
    if kind == "anyOf":
        return _("应为不小于0、小于1亿的数字（单位：万元，最多6位小数）")
    if kind == "minItems":
        return _("不能为空，每批至少1条记录")
    if kind == "maxItems":
        return _("每批最多 %(max)d 条记录") % {"max": value}
    return error.message[:200]


class PushBatchDoc(serializers.Serializer):
    """Stands for one kind's push request in the schema; see PushBatchSchema."""

    slug = ""


@cache
def push_request_serializer(slug: str):
    name = "".join(part.title() for part in slug.split("_"))
    return type(f"{name}Batch", (PushBatchDoc,), {"slug": slug})


class PushBatchSchema(OpenApiSerializerExtension):
    target_class = PushBatchDoc
    match_subclasses = True

    def get_name(self, auto_schema, direction):
        return self.target.__name__ if isinstance(self.target, type) else type(self.target).__name__

    def map_serializer(self, auto_schema, direction):
        return push_request_schema(self.target.slug)


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
    detail = serializers.CharField(help_text="错误说明（中文），点名出错的参数或字段")
    field = serializers.CharField(required=False, help_text="出错的参数名（参数错误时）")
    errors = serializers.JSONField(required=False, help_text="逐项错误明细")


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

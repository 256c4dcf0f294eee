"""Validation of one reported row against its kind's fields, with Chinese field-level errors.

Pure Python, no database: the batch upsert validates every row first and writes only the rows
that passed, so a rejected row is never half-written. Each error names the field (its pinyin
code and its Chinese column name) and says what is wrong.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import NOT_PROVIDED
from django.utils.translation import gettext as _

from records.codes import normalize_code, validate_id_number, validate_uscc
from records.ingest.fields import CATEGORIES, CHOICE, DATE, DECIMAL, TEXT, USCC, FieldSpec, KindSpec
from records.ingest.values import FieldError, parse_date, parse_decimal, parse_text, printable
from records.models import Penalty, SubjectCategory
from records.models.penalties import PENALTY_CATEGORIES

CATEGORY_SPLIT = re.compile(r"[;；、,，/\s]+")
# Subject.id_number: persons are matched on it, so it must fit whole.
PERSON_ID_MAX = 18
COMMITMENT_CODE = re.compile(r"^\d{6}(\d{8})[0-9A-Z]{6}$")
# Code fields kept in the normalised form (no spaces, upper case).
CODE_ATTRS = {
    "subject_reg_no",
    "subject_org_code",
    "subject_tax_no",
    "subject_inst_cert_no",
    "subject_social_org_no",
    "legal_rep_id_number",
    "id_number",
}


@dataclass
class CleanRow:
    position: int
    values: dict = field(default_factory=dict)  # model attribute -> value
    errors: list = field(default_factory=list)  # [{"field": code, "column": header, "message": text}]
    subject_key: tuple | None = None  # ("uscc", code) or ("id", number)
    # Set by the write phase for the audit trail: the stored values an update replaced.
    before: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def document_number(self) -> str:
        return self.values.get("document_number") or ""


def field_error(spec_field: FieldSpec | None, message: str) -> dict:
    message = printable(message)
    if spec_field is None:
        return {"field": "", "column": "", "message": message}
    label = spec_field.label
    return {
        "field": spec_field.code,
        "column": spec_field.header,
        # Code validators already name the code ("统一社会信用代码校验码错误…").
        "message": message if message.startswith(label) else f"{label}：{message}",
    }


def _blank_value(model, f: FieldSpec):
    if f.attr is None or f.attr == "list_type":
        return None
    model_field = model._meta.get_field(f.attr)
    if model_field.default is not NOT_PROVIDED and not callable(model_field.default):
        return model_field.default
    return None if f.type in (DATE, DECIMAL) else ""


class RowValidator:
    """Validates raw rows (dicts keyed by field code) of one kind for one department."""

    def __init__(self, spec: KindSpec, department, today: datetime.date, list_types: dict | None = None):
        self.spec = spec
        self.department = department
        self.today = today
        self.list_types = list_types or {}
        # (spec, value when blank, plain text: no parsing beyond strip and length)
        self.fields = [
            (f, _blank_value(spec.model, f), f.type == TEXT and f.attr not in CODE_ATTRS) for f in spec.fields
        ]
        self.by_attr = {f.attr: f for f in spec.fields if f.attr}
        # Values repeat across a batch's rows (authority and source codes, dates, classes):
        # parse each (column, value) once. Every parsed value is immutable.
        self._parsed: dict = {}
        self.source_code_field = next((f for f in spec.fields if f.attr is None and f.type == USCC), None)
        self.kind_check = getattr(self, f"_check_{spec.slug}", None)

    def validate(self, position: int, raw: dict) -> CleanRow:
        row = CleanRow(position)
        if not isinstance(raw, dict):
            row.errors.append(field_error(None, _("每条记录应为一个 JSON 对象（字段名: 值）")))
            return row
        values, errors = row.values, row.errors
        # Problems a file reader found in the row's cells (formulas, merged cells).
        errors.extend(getattr(raw, "cell_errors", ()))
        for f, blank, plain in self.fields:
            value = raw.get(f.code)
            if value is None:
                parsed = None  # an absent column: what _parse makes of None, without the call
            elif (
                plain
                and type(value) is str
                and value.isprintable()
                and len(value) <= (f.max_length or 1_000_000)
            ):
                parsed = value.strip()  # the common case, kept fast
            else:
                ok, parsed = self._parse_once(f, value)
                if not ok:
                    errors.append(field_error(f, parsed))
                    continue
            if parsed is None or parsed == "":
                if f.required:
                    errors.append(field_error(f, _("必填，不能为空")))
                    continue
                parsed = blank
            if f.attr is not None:
                values[f.attr] = parsed
        self._check_row(row, raw)
        return row

    # ------------------------------------------------------------------ one value
    def _parse_once(self, f: FieldSpec, raw) -> tuple[bool, object]:
        """(True, value) or (False, message), remembered per column and raw value."""
        key = (f.code, type(raw), raw) if raw is None or type(raw) in (str, int, float) else None
        answer = self._parsed.get(key) if key is not None else None
        if answer is None:
            try:
                answer = (True, self._parse(f, raw))
            except FieldError as exc:
                answer = (False, str(exc))
            if key is not None and len(self._parsed) < 20_000:
                self._parsed[key] = answer
        return answer

    def _parse(self, f: FieldSpec, raw):
        kind = f.type
        if kind == DATE:
            value = parse_date(raw)
            if value is not None and f.not_future and value > self.today:
                raise FieldError(
                    _("不能晚于今天（%(today)s），当前为 %(value)s") % {"today": self.today, "value": value}
                )
            if value is not None and value.year < 1949:
                raise FieldError(_("日期过早：%(value)s") % {"value": value})
            return value
        if kind == DECIMAL:
            return parse_decimal(raw)
        if (kind == USCC or f.attr in CODE_ATTRS) and isinstance(raw, int | float) and abs(raw) >= 1e11:
            raise FieldError(_("被表格软件存成了数字，后几位可能已丢失：请将该列设为“文本”格式后重新填写"))
        text = parse_text(raw)
        if not text:
            return ""
        if kind == TEXT:
            if f.attr in CODE_ATTRS:
                text = normalize_code(text)
            if f.max_length and len(text) > f.max_length:
                raise FieldError(
                    _("不能超过%(max)d个字符（当前%(n)d个）") % {"max": f.max_length, "n": len(text)}
                )
            return text
        if kind == USCC:
            try:
                return validate_uscc(text)
            except ValidationError as exc:
                raise FieldError(exc.messages[0]) from exc
        if kind == CHOICE:
            key = "".join(text.split())
            if key in f.choices:
                return f.choices[key]
            raise FieldError(
                _("“%(value)s”不是有效值，可选：%(options)s")
                % {"value": text[:40], "options": "、".join(f.choice_labels)}
            )
        if kind == CATEGORIES:
            parts = [p for p in CATEGORY_SPLIT.split(text) if p]
            wrong = [p for p in parts if p not in PENALTY_CATEGORIES]
            if wrong:
                raise FieldError(
                    _("“%(value)s”不是国家标准处罚类别，可选：%(options)s")
                    % {"value": "、".join(wrong)[:60], "options": "、".join(PENALTY_CATEGORIES)}
                )
            return Penalty.join_categories(parts)
        raise AssertionError(kind)

    # ------------------------------------------------------------------ the row as a whole
    def _check_row(self, row: CleanRow, raw: dict) -> None:
        spec, values, errors = self.spec, row.values, row.errors
        by_attr = self.by_attr
        failed_codes = {e["field"] for e in errors}
        failed = {spec.by_code[c].attr for c in failed_codes if c}

        def bad(attr, message):
            errors.append(field_error(by_attr.get(attr), message))

        # 数据来源单位: a department reports only its own records.
        source_code = self.source_code_field
        if source_code is not None and source_code.code not in failed_codes:
            given = normalize_code(
                raw.get(source_code.code) if isinstance(raw.get(source_code.code), str) else ""
            )
            if given and given != self.department.uscc:
                errors.append(
                    field_error(
                        source_code,
                        _("%(given)s 不是报送部门（%(dept)s，%(code)s）的代码：只能报送本部门的信用信息")
                        % {"given": given, "dept": self.department.name, "code": self.department.uscc},
                    )
                )

        category = values.get("subject_category")
        if category and "subject_category" not in failed:
            self._check_identity(row, category, by_attr, failed)

        legal_rep_type = values.get("legal_rep_id_type")
        legal_rep_number = values.get("legal_rep_id_number")
        if legal_rep_number and legal_rep_type in ("", "resident_id") and "legal_rep_id_number" in values:
            try:
                values["legal_rep_id_number"] = validate_id_number(legal_rep_number)
            except ValidationError as exc:
                bad("legal_rep_id_number", exc.messages[0])

        decision = values.get("decision_date")
        for start, end in (("valid_from", "valid_until"), ("decision_date", "publish_until")):
            a, b = values.get(start), values.get(end)
            if a and b and b < a:
                bad(end, _("不能早于%(other)s（%(a)s）") % {"other": by_attr[start].label, "a": a})
        if decision and values.get("removed_on") and values["removed_on"] < decision:
            bad("removed_on", _("不能早于列入日期（%(a)s）") % {"a": decision})

        if self.kind_check is not None:
            self.kind_check(row, bad, failed)

    def _check_identity(self, row: CleanRow, category: str, by_attr: dict, failed: set) -> None:
        values, errors = row.values, row.errors
        if category == SubjectCategory.PERSON:
            number = values.get("id_number")
            id_type = values.get("id_type") or "resident_id"
            if not number:
                if "id_number" not in failed:
                    errors.append(field_error(by_attr["id_number"], _("行政相对人类别为自然人时必填")))
                return
            if id_type == "resident_id":
                try:
                    number = validate_id_number(number)
                except ValidationError as exc:
                    errors.append(field_error(by_attr["id_number"], exc.messages[0]))
                    return
            if len(number) > PERSON_ID_MAX:
                errors.append(
                    field_error(
                        by_attr["id_number"], _("自然人的证件号码不能超过%(n)d位") % {"n": PERSON_ID_MAX}
                    )
                )
                return
            values["id_type"] = id_type
            values["id_number"] = number
            row.subject_key = ("id", number)
            return
        uscc = values.get("subject_uscc")
        if not uscc:
            if "subject_uscc" not in failed:
                label = SubjectCategory(category).label
                errors.append(
                    field_error(by_attr["subject_uscc"], _("行政相对人类别为%(c)s时必填") % {"c": label})
                )
            return
        row.subject_key = ("uscc", uscc)

    def _check_penalty(self, row: CleanRow, bad, failed: set) -> None:
        values = row.values
        categories = set(values.get("categories", "").split(";")) if "categories" not in failed else set()
        if "罚款" in categories and values.get("fine_amount") is None and "fine_amount" not in failed:
            bad("fine_amount", _("处罚类别含“罚款”时必填"))
        if categories & {"没收违法所得", "没收非法财物"} and values.get("confiscated_amount") is None:
            if "confiscated_amount" not in failed:
                bad("confiscated_amount", _("处罚类别含没收违法所得或没收非法财物时必填"))
        if categories & {"暂扣许可证件", "吊销许可证件"} and not values.get("license_affected"):
            bad("license_affected", _("处罚类别含暂扣或吊销许可证件时必填"))

    def _check_commitment(self, row: CleanRow, bad, failed: set) -> None:
        values = row.values
        code = values.get("document_number", "")
        if code:
            match = COMMITMENT_CODE.match(code)
            valid = bool(match)
            if match:
                try:
                    datetime.datetime.strptime(match.group(1), "%Y%m%d")
                except ValueError:
                    valid = False
            if not valid:
                bad("document_number", _("应为20位：6位行政区划代码+8位日期（YYYYMMDD）+6位流水号"))
        fulfilment = values.get("fulfilment")
        if fulfilment and fulfilment != "全部履行":
            for attr in ("unfulfilled_content", "liability_pursued"):
                if not values.get(attr) and attr not in failed:
                    bad(attr, _("承诺履行状态为%(s)s时必填") % {"s": fulfilment})

    def _check_rating(self, row: CleanRow, bad, failed: set) -> None:
        values = row.values
        scale, grade = values.get("scale"), values.get("grade")
        if scale and grade:
            grades = [g.strip() for g in re.split(r"[/／、,，;；\s]+", scale) if g.strip()]
            if len(grades) > 1 and grade not in grades:
                bad("grade", _("“%(g)s”不在等级体系 %(s)s 中") % {"g": grade, "s": scale})

    def _check_list_entry(self, row: CleanRow, bad, failed: set) -> None:
        values = row.values
        name = values.pop("list_type", None)
        if not name:
            return
        list_type_id = self.list_types.get(name)
        if list_type_id is None:
            known = "、".join(list(self.list_types)[:8])
            bad(
                "list_type",
                _("“%(n)s”不是平台已登记的名单类型（如：%(known)s）") % {"n": name[:40], "known": known},
            )
            return
        values["list_type_id"] = list_type_id

"""Which fields of a record the public sees, in what order, and how each value is shown.

An allow-list per record kind: a field added to a record model later stays internal until it is
listed here. Every public value goes through `public_value`, which masks ID numbers
(publicity.masking) and turns choices, dates, amounts and departments into display text. The
record page, the CSV export and the profile tables all use these lists.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publicity.masking import mask_id_number
from publicity.rules import penalty_public_until

# Fields whose values are ID numbers: shown masked, always.
MASKED = {"id_number", "legal_rep_id_number"}


@dataclass(frozen=True)
class PublicField:
    name: str
    label: str | None = None  # None: the model field's verbose_name

    def label_for(self, model) -> str:
        if self.label is not None:
            return str(self.label)
        return str(model._meta.get_field(self.name).verbose_name)


def F(name, label=None):  # noqa: N802 - reads like a table of fields
    return PublicField(name, label)


SUBJECT_FIELDS = [
    F("subject_name"),
    F("subject_category"),
    F("subject_uscc", _("行政相对人代码（统一社会信用代码）")),
    F("subject_reg_no"),
    F("subject_org_code"),
    F("subject_tax_no"),
    F("subject_inst_cert_no"),
    F("subject_social_org_no"),
    F("legal_rep"),
    F("legal_rep_id_type"),
    F("legal_rep_id_number"),
    F("id_type"),
    F("id_number"),
]
SOURCE_FIELDS = [
    F("department", _("数据来源单位")),
    F("department_uscc", _("数据来源单位统一社会信用代码")),
    F("remarks"),
]
_ACTION_FIELDS = [
    F("document_number", _("决定文书号")),
    F("title"),
    F("category"),
    F("content"),
    F("amount"),
    F("level"),
    F("decision_date"),
    F("valid_from"),
    F("valid_until"),
    F("authority"),
    F("authority_uscc"),
]
KIND_FIELDS = {
    "permit": [
        F("decision_doc_name"),
        F("document_number", _("行政许可决定文书号")),
        F("category"),
        F("certificate_name"),
        F("permit_number"),
        F("content"),
        F("decision_date", _("许可决定日期")),
        F("valid_from"),
        F("valid_until"),
        F("authority"),
        F("authority_uscc"),
        F("current_state"),
    ],
    "penalty": [
        F("document_number", _("行政处罚决定书文号")),
        F("violation_type"),
        F("violation_facts"),
        F("legal_basis"),
        F("categories"),
        F("content"),
        F("fine_amount"),
        F("confiscated_amount"),
        F("license_affected"),
        F("decision_date", _("处罚决定日期")),
        F("penalty_valid_until"),
        F("public_until", _("公示截止期")),
        F("severity"),
        F("repair_from"),
        F("authority"),
        F("authority_uscc"),
    ],
    "inspection": [
        F("document_number", _("检查文书号")),
        F("task_name"),
        F("task_number"),
        F("inspection_type"),
        F("items"),
        F("result"),
        F("result_detail"),
        F("decision_date", _("检查日期")),
        F("authority"),
        F("authority_uscc"),
    ],
    "abnormal": [
        F("document_number", _("列入决定书文号")),
        F("reason"),
        F("decision_date", _("列入日期")),
        F("authority"),
        F("authority_uscc"),
    ],
    "list_entry": [
        F("list_type"),
        F("list_polarity", _("名单类别")),
        F("reason"),
        F("basis_document"),
        F("document_number", _("认定文书号")),
        F("deciding_authority"),
        F("decision_date", _("列入日期")),
        F("publish_until", _("公示截止期")),
    ],
    "commitment": [
        F("document_number", _("承诺编码")),
        F("commitment_type"),
        F("matter"),
        F("content"),
        F("liability"),
        F("decision_date", _("承诺作出日期")),
        F("valid_until"),
        F("fulfilment"),
        F("unfulfilled_content"),
        F("liability_pursued"),
        F("determined_on"),
        F("determining_unit"),
        F("determining_unit_uscc"),
        F("accepting_unit"),
        F("accepting_unit_uscc"),
        F("disclosure"),
    ],
    "rating": [
        F("document_number", _("评价文书号")),
        F("rating_type"),
        F("grade"),
        F("scale"),
        F("agency"),
        F("agency_uscc"),
        F("decision_date", _("评价日期")),
        F("valid_until"),
    ],
    **{
        slug: _ACTION_FIELDS
        for slug in ("enforcement", "confirmation", "reward", "payment", "filing", "qualification")
    },
}


def public_fields(kind_slug: str) -> list[PublicField]:
    """Every public field of a record of this kind, in the order of the national standard."""
    return [*SUBJECT_FIELDS, *KIND_FIELDS[kind_slug], *SOURCE_FIELDS]


def _computed(record, name):
    if name == "department_uscc":
        return record.department.uscc
    if name == "public_until":
        # The end the rules in force on the decision date give (or the earlier reported one).
        return penalty_public_until(record)
    if name == "list_polarity":
        return record.list_type.get_polarity_display()
    return None


COMPUTED = {"department_uscc", "public_until", "list_polarity"}


def format_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)  # Beijing time, not the UTC it is stored in
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def public_value(record, name: str) -> str:
    """The display text of one public field of a record (masked where the rules require)."""
    if name in COMPUTED:
        return format_value(_computed(record, name))
    if name in MASKED:
        return mask_id_number(getattr(record, name))
    if name == "categories":
        return "、".join(record.category_list)
    field = record._meta.get_field(name)
    if field.choices:
        return str(getattr(record, f"get_{name}_display")()) if getattr(record, name) else ""
    if field.is_relation:
        related = getattr(record, name)
        return getattr(related, "name", str(related)) if related else ""
    return format_value(getattr(record, name))


def public_rows(record, kind_slug: str, skip_empty: bool = True) -> list[tuple[str, str]]:
    """(label, value) pairs for a record page; empty optional fields are left out."""
    rows = []
    for f in public_fields(kind_slug):
        value = public_value(record, f.name)
        if value or not skip_empty:
            rows.append((f.label_for(type(record)), value))
    return rows

"""What a certificate certifies, as plain JSON: built once at issuance and never recomputed.

Records are selected only through `publicity.rules.publishable`, so a withdrawn, repaired or
expired record never appears in a new certificate; a person's ID number is masked by
`publicity.masking`. Labels are stored with the values, so the certificate reads the same
years later even if a label in the code changes.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from publicity.masking import mask_id_number, public_address
from publicity.rules import penalty_public_until, publishable
from publicity.selectors import measures_for_subject
from records.kinds import RECORD_KINDS
from records.models import ListType, Subject

SNAPSHOT_VERSION = 1


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value).strip()


def _period(start, end) -> str:
    if not start and not end:
        return ""
    return _("%(start)s 至 %(end)s") % {"start": _text(start) or "—", "end": _text(end) or _("长期")}


def _penalty_until(p) -> str:
    return _text(penalty_public_until(p))


def _amount(value) -> str:
    return _("%(n)s 万元") % {"n": _text(value)} if value is not None else ""


@dataclass(frozen=True)
class KindLayout:
    """How one record kind reads on a certificate: its column labels and its detail lines."""

    details: Callable[[object], list[tuple[str, object]]]
    authority: Callable[[object], str] = lambda r: r.authority
    number_label: str = _lazy("文书号")
    date_label: str = _lazy("决定日期")
    authority_label: str = _lazy("决定机关")
    select_related: tuple = field(default=())


def _action_details(r):
    return [
        (_("名称"), r.title),
        (_("类别"), r.category),
        (_("内容"), r.content),
        (_("金额"), _amount(r.amount)),
        (_("等级"), r.level),
        (_("有效期"), _period(r.valid_from, r.valid_until)),
    ]


_ACTION = KindLayout(details=_action_details)

LAYOUTS: dict[str, KindLayout] = {
    "permit": KindLayout(
        details=lambda r: [
            (_("决定文书名称"), r.decision_doc_name),
            (_("许可类别"), r.get_category_display()),
            (_("许可证书"), " ".join(x for x in (r.certificate_name, r.permit_number) if x)),
            (_("许可内容"), r.content),
            (_("有效期"), _period(r.valid_from, r.valid_until)),
        ],
        number_label=_lazy("行政许可决定文书号"),
        date_label=_lazy("许可决定日期"),
        authority_label=_lazy("许可机关"),
    ),
    "penalty": KindLayout(
        details=lambda r: [
            (_("违法行为类型"), r.violation_type),
            (_("违法事实"), r.violation_facts),
            (_("处罚类别"), "、".join(r.category_list)),
            (_("处罚内容"), r.content),
            (_("罚款金额"), _amount(r.fine_amount)),
            (_("没收金额"), _amount(r.confiscated_amount)),
            (_("公示截止期"), _penalty_until(r)),
        ],
        number_label=_lazy("行政处罚决定书文号"),
        date_label=_lazy("处罚决定日期"),
        authority_label=_lazy("处罚机关"),
    ),
    "enforcement": _ACTION,
    "confirmation": _ACTION,
    "reward": _ACTION,
    "payment": _ACTION,
    "filing": _ACTION,
    "qualification": _ACTION,
    "inspection": KindLayout(
        details=lambda r: [
            (_("抽查任务"), " ".join(x for x in (r.task_name, r.task_number) if x)),
            (_("检查类型"), r.get_inspection_type_display()),
            (_("检查事项"), r.items),
            (_("检查结果"), r.get_result_display()),
            (_("结果说明"), r.result_detail),
        ],
        date_label=_lazy("检查日期"),
        authority_label=_lazy("检查实施机关"),
    ),
    "abnormal": KindLayout(
        details=lambda r: [(_("列入原因"), r.reason)],
        date_label=_lazy("列入日期"),
        authority_label=_lazy("列入决定机关"),
    ),
    "list_entry": KindLayout(
        details=lambda r: [
            (_("名单"), f"{r.list_type.name}（{r.list_type.get_polarity_display()}）"),
            (_("列入事由"), r.reason),
            (_("认定依据"), r.basis_document),
            (_("公示截止期"), r.publish_until),
        ],
        authority=lambda r: r.deciding_authority,
        date_label=_lazy("列入日期"),
        authority_label=_lazy("认定部门"),
        select_related=("list_type",),
    ),
    "commitment": KindLayout(
        details=lambda r: [
            (_("承诺类型"), r.get_commitment_type_display()),
            (_("承诺事由"), r.matter),
            (_("承诺内容"), r.content),
            (_("履行状态"), r.get_fulfilment_display() or _("未认定")),
        ],
        authority=lambda r: r.accepting_unit,
        number_label=_lazy("承诺编码"),
        date_label=_lazy("承诺作出日期"),
        authority_label=_lazy("承诺受理单位"),
    ),
    "rating": KindLayout(
        details=lambda r: [
            (_("评价类型"), r.rating_type),
            (_("信用等级"), r.grade),
            (_("等级体系"), r.scale),
            (_("有效期"), _period(r.decision_date, r.valid_until)),
        ],
        authority=lambda r: r.agency,
        date_label=_lazy("评价日期"),
        authority_label=_lazy("评价机构"),
    ),
}


def subject_code(subject: Subject) -> tuple[str, str]:
    """(label, value) of the code that identifies a subject publicly; a person's is masked."""
    if subject.is_person:
        return _("身份证号码"), mask_id_number(subject.id_number)
    if subject.uscc:
        return _("统一社会信用代码"), subject.uscc
    return _("工商注册号"), subject.reg_no


def _subject_part(subject: Subject) -> dict:
    code_label, code = subject_code(subject)
    fields = [
        (_("名称") if not subject.is_person else _("姓名"), subject.name),
        (code_label, code),
        (_("主体类别"), subject.get_kind_display()),
    ]
    if not subject.is_person:
        fields += [
            (subject.representative_label, subject.legal_rep),
            (_("登记状态"), subject.get_status_display()),
            (_("成立日期"), subject.established_on),
            (_("登记机关"), subject.reg_authority),
            (_("住所"), public_address(subject)),
            (_("行业"), subject.industry),
        ]
    fields.append((_("所属区划"), subject.region.name if subject.region_id else ""))
    return {
        "name": subject.name,
        "kind": subject.kind,
        "code_label": code_label,
        "code": code,
        "fields": [[label, _text(value)] for label, value in fields if _text(value)],
    }


def _record_part(record, layout: KindLayout) -> dict:
    return {
        "document_number": record.document_number,
        "date": _text(record.decision_date),
        "authority": _text(layout.authority(record)),
        "details": [[label, _text(value)] for label, value in layout.details(record) if _text(value)],
    }


def build_snapshot(subject: Subject, on: datetime.date | None = None) -> dict:
    """Every publishable record of `subject` on day `on` (today), one section per kind."""
    on = on or timezone.localdate()
    sections = []
    flags = {ListType.Polarity.RED: [], ListType.Polarity.BLACK: []}
    for slug, kind in RECORD_KINDS.items():
        layout = LAYOUTS[slug]
        qs = publishable(kind.model.objects.filter(subject=subject), on).select_related(
            *layout.select_related
        )
        records = list(qs.order_by("-decision_date", "-id"))
        if slug == "list_entry":
            for entry in records:
                names = flags[entry.list_type.polarity]
                if entry.list_type.name not in names:
                    names.append(entry.list_type.name)
        sections.append(
            {
                "slug": slug,
                "label": str(kind.label),
                "number_label": str(layout.number_label),
                "date_label": str(layout.date_label),
                "authority_label": str(layout.authority_label),
                "records": [_record_part(r, layout) for r in records],
            }
        )
    return {
        "version": SNAPSHOT_VERSION,
        "as_of": on.isoformat(),
        "subject": _subject_part(subject),
        "flags": {"red": flags[ListType.Polarity.RED], "black": flags[ListType.Polarity.BLACK]},
        "sections": sections,
        "total": sum(len(s["records"]) for s in sections),
        "measures": [
            {
                "name": m.name,
                "content": m.content,
                "polarity": m.polarity,
                "basis": m.basis_memorandum,
                "department": m.implementing_department,
            }
            for m in measures_for_subject(subject, on)
        ],
    }


def document_numbers(snapshot: dict) -> list[str]:
    return [r["document_number"] for s in snapshot["sections"] for r in s["records"]]

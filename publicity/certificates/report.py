"""What a 专项信用报告 (发改财金〔2025〕565号) states, as plain JSON built once at issuance.

Unlike a query result, a report is not limited to what is public today: per field (领域) of
the catalogue it lists every 行政处罚 (including those decided under 简易程序 and 轻微 ones
that are not published), 行政强制 and 严重失信主体名单 / black-list entry its departments
reported with a decision date in the period, including records whose publication has ended
and repaired records, which are marked 已修复. Withdrawn records and records staff entered but
no reviewer approved are never in a report. Personal data is masked as everywhere.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from publicity.certificates.snapshot import LAYOUTS, _record_part, _subject_part
from records.kinds import RECORD_KINDS
from records.models import ListType, Penalty, PublicationRule, RecordStatus

REPORT_VERSION = 1
# The record kinds a report field may cover, in report order.
REPORT_KINDS = {
    "penalty": _lazy("行政处罚（含简易程序）"),
    "enforcement": _lazy("行政强制"),
    "list_entry": _lazy("严重失信主体名单及其他失信惩戒名单"),
}
# Withdrawn and unapproved records are never reported; expired and repaired ones are.
REPORTED_STATUSES = (RecordStatus.PUBLISHED, RecordStatus.EXPIRED, RecordStatus.REPAIRED)


def earliest_start(end: datetime.date) -> datetime.date:
    """The earliest first day of a period ending on `end` (at most REPORT_MAX_YEARS years)."""
    return end - relativedelta(years=settings.REPORT_MAX_YEARS) + datetime.timedelta(days=1)


def field_records(subject, field, kind_slug: str, start: datetime.date, end: datetime.date):
    """Records of one kind the field's departments reported about `subject` in the period."""
    kind = RECORD_KINDS[kind_slug]
    departments = Q(department__in=field.departments.all())
    if field.domain_list:
        departments |= Q(department__field__in=field.domain_list)
    qs = kind.model.objects.filter(
        departments,
        subject=subject,
        status__in=REPORTED_STATUSES,
        decision_date__gte=start,
        decision_date__lte=end,
    ).select_related(*LAYOUTS[kind_slug].select_related)
    if kind_slug == "list_entry":
        qs = qs.filter(list_type__polarity=ListType.Polarity.BLACK)
    return qs.order_by("-decision_date", "-id")


def _marks(record) -> list[str]:
    marks = []
    if record.status == RecordStatus.REPAIRED:
        changed = timezone.localdate(record.status_changed_at) if record.status_changed_at else None
        marks.append(_("已修复（%(date)s）") % {"date": changed.isoformat()} if changed else _("已修复"))
    elif record.status == RecordStatus.EXPIRED:
        marks.append(_("公示期满"))
    if isinstance(record, Penalty):
        marks.append(_("失信行为等级：%(level)s") % {"level": record.get_severity_display()})
    if getattr(record, "list_type", None) is not None and record.list_type.is_serious:
        marks.append(_("严重失信主体名单"))
    if getattr(record, "removed_on", None):
        marks.append(_("已于 %(date)s 移出") % {"date": record.removed_on.isoformat()})
    return marks


def _record(record, slug: str) -> dict:
    part = _record_part(record, LAYOUTS[slug])
    part["repaired"] = record.status == RecordStatus.REPAIRED
    part["marks"] = _marks(record)
    return part


def _field_part(subject, field, start, end) -> dict:
    sections = []
    for slug, label in REPORT_KINDS.items():
        if slug not in field.record_kinds:
            continue
        layout = LAYOUTS[slug]
        sections.append(
            {
                "slug": slug,
                "label": str(label),
                "number_label": str(layout.number_label),
                "date_label": str(layout.date_label),
                "authority_label": str(layout.authority_label),
                "records": [_record(r, slug) for r in field_records(subject, field, slug, start, end)],
            }
        )
    total = sum(len(s["records"]) for s in sections)
    return {
        "code": field.code,
        "name": field.name,
        "departments": [
            *sorted(d.name for d in field.departments.all()),
            *(
                [_("%(fields)s领域各级部门") % {"fields": "、".join(field.domain_list)}]
                if field.domain_list
                else []
            ),
        ],
        "kinds": [s["label"] for s in sections],
        "sections": sections,
        "total": total,
        "repaired": sum(1 for s in sections for r in s["records"] if r["repaired"]),
        "finding": _("未发现违法违规记录") if total == 0 else _("发现 %(n)d 条记录") % {"n": total},
    }


def rules_applied() -> list[list[str]]:
    """The rule versions a report is built under, printed on it (label, text)."""
    rows = [
        [
            _("专项信用报告"),
            _("发改财金〔2025〕565号：以专项信用报告替代有无违法违规记录证明，报告期间最长 %(years)d 年。")
            % {"years": settings.REPORT_MAX_YEARS},
        ],
        [
            _("失信行为等级"),
            _("按部门报送或失信程度认定规则（处罚类别和罚款金额）认定为轻微、一般、严重。"),
        ],
    ]
    labels = dict(Penalty.Severity.choices)
    for rule in PublicationRule.objects.prefetch_related("periods").order_by("effective_from", "field"):
        parts = []
        for period in sorted(rule.periods.all(), key=lambda p: list(labels).index(p.severity)):
            if period.published:
                text = _("%(sev)s最短%(min)d个月、最长%(max)d个月")
            else:
                text = _("%(sev)s原则上不公示")
            parts.append(
                text % {"sev": labels[period.severity], "min": period.min_months, "max": period.max_months}
            )
        rows.append(
            [
                _("公示期限"),
                _(
                    "%(doc)s（%(scope)s，%(date)s起作出的决定）：%(periods)s；自决定日期起算，最短公示期满后可申请修复。"
                )
                % {
                    "doc": rule.document,
                    "scope": rule.field or _("各领域"),
                    "date": rule.effective_from.isoformat(),
                    "periods": "；".join(parts),
                },
            ]
        )
    rows.append([_("信用修复"), _("已修复信息在本报告中标注“已修复”。")])
    return rows


def build_report_snapshot(subject, fields, start: datetime.date, end: datetime.date, on=None) -> dict:
    on = on or timezone.localdate()
    parts = [_field_part(subject, field, start, end) for field in fields]
    return {
        "version": REPORT_VERSION,
        "as_of": on.isoformat(),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "subject": _subject_part(subject),
        "fields": parts,
        "total": sum(p["total"] for p in parts),
        "rules": rules_applied(),
    }


def scope_key(fields) -> str:
    return ",".join(sorted(f.code for f in fields))

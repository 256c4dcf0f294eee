"""What a 信用修复告知书 states (两书同达, 国家发展改革委令第36号): served with a penalty or a
listing decision, it tells the party the decision's date and class, the minimum publication
period, from which day repair may be asked, and how to apply online and offline.

Built once at issuance, like every document of the pipeline; the class, the minimum period,
the repair date and the publication end are those the rule version in force on the decision
date gave the record (records.periods, through publicity.rules).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from publicity.certificates.snapshot import LAYOUTS, _record_part, _subject_part
from publicity.rules import penalty_public_until, repair_allowed_from
from records.kinds import RECORD_KINDS
from records.models import ListEntry, ListType, Penalty
from records.models.rules import PublicationPeriod

NOTICE_VERSION = 1
# Decisions a notice is served with: penalties and black-list entries.
NOTICE_KINDS = ("penalty", "list_entry")


def notice_applies(record) -> bool:
    if isinstance(record, Penalty):
        return True
    return isinstance(record, ListEntry) and record.list_type.polarity == ListType.Polarity.BLACK


def _class_text(record) -> str:
    if isinstance(record, Penalty):
        return record.get_severity_display()
    if record.list_type.is_serious:
        return str(Penalty.Severity.SERIOUS.label)
    return ""


def _publication_end(record):
    if isinstance(record, Penalty):
        return penalty_public_until(record)
    return record.publish_until


def _minimum(record) -> tuple[str, str]:
    """(minimum publication period, first day repair may be asked), as printed."""
    if isinstance(record, Penalty):
        line = PublicationPeriod.objects.filter(
            rule_id=record.period_rule_id, severity=record.severity
        ).first()
        months = line.min_months if line else 0
        earliest = repair_allowed_from(record) or record.decision_date
        period = _("%(n)d 个月") % {"n": months} if months else _("无最短公示期（履行法定义务后即可申请）")
        return period, earliest.isoformat()
    return (
        _("按“%(list)s”公布的移出条件") % {"list": record.list_type.name},
        _("符合该名单移出条件之日"),
    )


def build_notice_snapshot(record, on=None) -> dict:
    on = on or timezone.localdate()
    slug = record.kind
    minimum, earliest = _minimum(record)
    end = _publication_end(record)
    department = record.department
    offline = _("向作出决定的 %(authority)s 或各级信用办信用修复窗口提交书面申请") % {
        "authority": LAYOUTS[slug].authority(record)
    }
    if department.contact_phone:
        offline += _("（咨询电话 %(phone)s）") % {"phone": department.contact_phone}
    return {
        "version": NOTICE_VERSION,
        "as_of": on.isoformat(),
        "subject": _subject_part(record.subject),
        "record": {
            "kind": slug,
            "kind_label": str(RECORD_KINDS[slug].label),
            "number_label": str(LAYOUTS[slug].number_label),
            "date_label": str(LAYOUTS[slug].date_label),
            "authority_label": str(LAYOUTS[slug].authority_label),
            **_record_part(record, LAYOUTS[slug]),
        },
        "class": _class_text(record) or _("未认定"),
        "minimum_period": minimum,
        "repair_from": earliest,
        "publication_end": end.isoformat()
        if end
        else (_("依规不予公示") if isinstance(record, Penalty) else _("至移出之日")),
        "apply_online": f"{settings.SITE_URL}{reverse('appeals:repair')}",
        "apply_offline": offline,
    }

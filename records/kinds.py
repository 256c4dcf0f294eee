"""The registry of record kinds: one place that maps a kind slug to its model and label."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from records import models as m


@dataclass(frozen=True)
class RecordKind:
    slug: str
    label: str
    model: type


RECORD_KINDS: dict[str, RecordKind] = {
    k.slug: k
    for k in [
        RecordKind("permit", _("行政许可"), m.Permit),
        RecordKind("penalty", _("行政处罚"), m.Penalty),
        RecordKind("enforcement", _("行政强制"), m.Enforcement),
        RecordKind("confirmation", _("行政确认"), m.Confirmation),
        RecordKind("reward", _("行政奖励"), m.Reward),
        RecordKind("payment", _("行政给付"), m.Payment),
        RecordKind("filing", _("登记备案"), m.Filing),
        RecordKind("qualification", _("资质资格"), m.Qualification),
        RecordKind("inspection", _("检查抽查"), m.Inspection),
        RecordKind("abnormal", _("经营异常名录"), m.AbnormalOperation),
        RecordKind("list_entry", _("红黑名单"), m.ListEntry),
        RecordKind("commitment", _("信用承诺"), m.Commitment),
        RecordKind("rating", _("信用评价"), m.Rating),
    ]
}


def kind_of(model_or_instance) -> RecordKind:
    return RECORD_KINDS[model_or_instance.KIND]

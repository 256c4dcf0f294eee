"""Public marks from open objections: "异议处理中" beside a record while the credit office has
decided to show it (Objection.mark_record) and the objection is open.

For the record page, the subject profile and the columns: `objection_marks(records)` returns the
(kind, id) pairs of the given records that carry the mark, in one query whatever the kinds.
"""

from records.models import Objection

MARK_LABEL = "异议处理中"


def objection_marks(records) -> set[tuple[str, int]]:
    wanted = {(record.kind, record.pk) for record in records}
    if not wanted:
        return set()
    rows = Objection.objects.filter(
        record_kind__in={kind for kind, _pk in wanted},
        record_id__in={pk for _kind, pk in wanted},
        status__in=Objection.OPEN_STATUSES,
        mark_record=True,
    ).values_list("record_kind", "record_id")
    return wanted & set(rows)


def is_under_objection(record) -> bool:
    return (record.kind, record.pk) in objection_marks([record])

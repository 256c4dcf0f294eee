"""Public marks from open objections: "异议处理中" beside a record while the credit office has
decided to show it (Objection.mark_record) and the objection is open.

For the subject profile and columns: `objection_marks(records)` returns the (kind, id) pairs of
the given records that carry the mark, in one query per kind.
"""

from collections import defaultdict

from records.models import Objection

MARK_LABEL = "异议处理中"


def objection_marks(records) -> set[tuple[str, int]]:
    by_kind = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record.pk)
    marked = set()
    for kind, ids in by_kind.items():
        rows = Objection.objects.filter(
            record_kind=kind, record_id__in=ids, status__in=Objection.OPEN_STATUSES, mark_record=True
        ).values_list("record_id", flat=True)
        marked.update((kind, pk) for pk in rows)
    return marked


def is_under_objection(record) -> bool:
    return (record.kind, record.pk) in objection_marks([record])

"""Re-applying the rule tables to stored penalties after the credit office edits them."""

import datetime

from django.db import transaction

from records.models import Penalty
from records.models.penalties import RULE_DERIVED_FIELDS
from records.periods import RuleBook
from records.signals import announce_published_change

BATCH = 2000


def penalties_apply_rules(decided_from: datetime.date | None = None) -> int:
    """Recompute class and periods of penalties decided on or after `decided_from` (all when
    None); returns how many changed. Statuses stay as they are: a record the expiry command
    already ended is not put back into publication."""
    book = RuleBook.load()
    qs = Penalty._base_manager.select_related("department").order_by("pk")
    if decided_from is not None:
        qs = qs.filter(decision_date__gte=decided_from)
    changed = 0
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last)[:BATCH])
        if not batch:
            if changed:
                # Periods decide what is public (bulk_update sends no model signals).
                announce_published_change()
            return changed
        dirty = []
        for penalty in batch:
            before = [
                getattr(penalty, f if f != "period_rule" else "period_rule_id") for f in RULE_DERIVED_FIELDS
            ]
            penalty.apply_rules(book)
            after = [
                getattr(penalty, f if f != "period_rule" else "period_rule_id") for f in RULE_DERIVED_FIELDS
            ]
            if before != after:
                dirty.append(penalty)
        with transaction.atomic():
            Penalty._base_manager.bulk_update(dirty, RULE_DERIVED_FIELDS)
        changed += len(dirty)
        last = batch[-1].pk

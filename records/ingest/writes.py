"""The write phase of a batch (records.ingest.services step 3): existing records by natural key,
review (revisions of published list entries), corrections that must not be set back, then the
inserts and updates (records.ingest.bulk) and the audit entries of every record written."""

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from records import audit
from records.deadlines import reporting_deadline
from records.ingest import checks
from records.ingest.bulk import Table, insert_rows, update_rows
from records.ingest.fields import KindSpec
from records.ingest.results import CREATED, REJECTED, UNCHANGED, UPDATED, RowResult, spec_field
from records.ingest.validate import CleanRow, field_error
from records.models import (
    UNAPPROVED_STATUSES,
    IngestBatch,
    Penalty,
    RecordStatus,
)
from records.partitions import PARTITIONED, REGISTRY
from records.periods import RuleBook
from records.services.publication import (
    directly_published_list_types,
    needs_review,
    open_revisions,
    revision_values,
    revisions_propose,
)


def write(spec: KindSpec, batch: IngestBatch, clean: list[CleanRow], now, today) -> list[RowResult]:
    department = batch.department
    table = Table.of(spec)
    # Status "" = still to be decided; rejected rows never reach the database.
    results = {
        r.position: RowResult(r.position, REJECTED if r.errors else "", r.document_number, errors=r.errors)
        for r in clean
    }
    for r in clean:
        r.before = None
    good = sorted((r for r in clean if r.ok), key=lambda r: r.document_number)
    if not good:
        return [results[r.position] for r in clean]

    # On a partitioned table no unique index stops two batches inserting the same key at once
    # (records.partitions): one batch per department and kind writes at a time instead.
    table.lock_natural_keys(department.pk)
    existing = _existing(table, spec, department, [r.document_number for r in good])
    deadlines: dict = {}
    # Red/black lists wait for a reviewer unless the department may publish the list type itself.
    reviewed = spec.slug == "list_entry"
    direct = directly_published_list_types(department) if reviewed else set()

    def under_review(values) -> bool:
        return reviewed and needs_review(
            spec.slug, department, values.get("list_type_id"), by_hand=False, direct=direct
        )

    # Penalties: class and periods from the rule tables, read once per batch.
    book = RuleBook.load() if table.model is Penalty else None

    def deadline(day):
        if day not in deadlines:
            deadlines[day] = reporting_deadline(spec.slug, day)
        return deadlines[day]

    # ---- new rows
    new_rows = [r for r in good if r.document_number not in existing]
    for r in new_rows:
        v = r.values
        v["department_id"] = department.pk
        v["reported_at"] = now
        v["created_at"] = v["updated_at"] = now
        v["report_deadline"] = deadline(v["decision_date"])
        v["is_late"] = today > v["report_deadline"]
        if spec.action_kind:
            v["action_kind"] = spec.action_kind
        if book is not None:
            v.update(book.penalty(department.field, v).as_dict())
        if under_review(v):
            v["status"] = RecordStatus.SUBMITTED
            v["entered_by_id"] = v["submitted_by_id"] = v["last_edited_by_id"] = batch.user_id
    inserted = insert_rows(table, new_rows, results)
    raced = [r for r in new_rows if r.document_number not in inserted and not results[r.position].status]
    for r in new_rows:
        if r.document_number in inserted:
            res = results[r.position]
            res.status, res.record_id, res.late = CREATED, inserted[r.document_number], r.values["is_late"]
            res.pending_review = r.values.get("status") == RecordStatus.SUBMITTED

    # ---- rows that exist (or that another batch inserted a moment ago)
    if raced:
        existing.update(_existing(table, spec, department, [r.document_number for r in raced]))
    candidates = []
    for r in good:
        old = existing.get(r.document_number)
        if old is None or results[r.position].status:
            continue
        res = results[r.position]
        res.record_id = old["id"]
        if all(r.values.get(a) == old[a] for a in table.compare):
            res.status, res.late = UNCHANGED, old["is_late"]
            continue
        candidates.append(r)
    candidates = _refuse_reverted_corrections(spec, batch, candidates, existing, results)
    if reviewed:
        candidates = _keep_as_revisions(spec, batch, candidates, existing, results, under_review)
    changed = []
    for r in candidates:
        old = existing[r.document_number]
        v = r.values
        v["report_deadline"] = deadline(v["decision_date"])
        v["is_late"] = timezone.localdate(old["reported_at"]) > v["report_deadline"]
        v["updated_at"] = now
        if book is not None:
            v.update(book.penalty(department.field, v).as_dict())
        v["id"] = old["id"]
        r.before = old
        changed.append(r)
    update_rows(table, changed, results)
    if reviewed:
        # An entry not yet public (or expired) that is re-sent waits for review again.
        again = [
            r.values["id"]
            for r in changed
            if results[r.position].status == UPDATED
            and under_review(r.values)
            and existing[r.document_number]["status"] in (*UNAPPROVED_STATUSES, RecordStatus.EXPIRED)
        ]
        if again:
            table.model._base_manager.filter(pk__in=again).update(
                status=RecordStatus.SUBMITTED, status_reason="", last_edited_by_id=batch.user_id
            )
            for r in changed:
                if r.values["id"] in again:
                    results[r.position].pending_review = True
    for res in results.values():
        if not res.status:  # inserted by another batch and gone again before we could read it
            res.status = REJECTED
            res.errors = [field_error(None, _("与同时进行的另一批次冲突，请重新报送该条记录"))]
    return [results[r.position] for r in clean]


def _refuse_reverted_corrections(spec, batch, rows: list[CleanRow], existing: dict, results: dict) -> list:
    """Reject rows that set back a field corrected through an objection; they are kept in the
    list of conflicts. Returns the rows that may go on (one query, none when nothing changed)."""
    if not rows:
        return rows
    protected = checks.protected_fields(spec.slug, [existing[r.document_number]["id"] for r in rows])
    if not protected:
        return rows
    keep, found = [], []
    for r in rows:
        old = existing[r.document_number]
        problems = checks.correction_problems(spec.model, protected.get(old["id"], {}), r.values)
        if not problems:
            keep.append(r)
            continue
        res = results[r.position]
        res.status = REJECTED
        res.errors = [
            {**field_error(spec_field(spec, p.attr), p.message), "code": p.code} for p, *_rest in problems
        ]
        text = f"{old.get('subject_name', '')} {r.document_number}"
        found.extend((old["id"], text, spec.model, problem) for problem in problems)
    checks.record_conflicts(
        spec.slug,
        batch.department,
        found,
        channel=batch.source,
        batch=batch if batch.pk else None,
        user=batch.user,
    )
    return keep


def _keep_as_revisions(
    spec, batch, rows: list[CleanRow], existing: dict, results: dict, under_review
) -> list:
    """A changed published list entry that needs review is kept as a revision: the published
    version is not touched. Returns the rows still to be written in place."""
    published = [
        r
        for r in rows
        if existing[r.document_number]["status"] == RecordStatus.PUBLISHED and under_review(r.values)
    ]
    if not published:
        return rows
    pending = open_revisions(spec.slug, [existing[r.document_number]["id"] for r in published])
    proposals = []
    for r in published:
        old = existing[r.document_number]
        values, changes = revision_values(
            spec.model, old, {a: r.values.get(a) for a in Table.of(spec).compare}
        )
        res = results[r.position]
        res.pending_review = True
        if pending.get(old["id"]) == values:
            res.status, res.late = UNCHANGED, old["is_late"]
            continue
        res.status, res.late = UPDATED, old["is_late"]
        proposals.append((old["id"], f"{old.get('subject_name', '')} {r.document_number}", values, changes))
    revisions_propose(
        spec.slug,
        batch.department,
        proposals,
        author=batch.user,
        channel=batch.source,
        batch=batch if batch.pk else None,
    )
    moved = {id(r) for r in published}
    return [r for r in rows if id(r) not in moved]


def _existing(table: "Table", spec: KindSpec, department, docs: list[str]) -> dict:
    """{document_number: {attr: value}} of this department's records with these numbers."""
    attrs = ["id", "document_number", "reported_at", "is_late", "status", *table.compare]
    if connection.vendor != "postgresql":
        qs = table.model._base_manager.filter(department=department, document_number__in=docs)
        if spec.action_kind:
            qs = qs.filter(action_kind=spec.action_kind)
        return {row["document_number"]: row for row in qs.values(*attrs)}
    # One round trip with the numbers as a single array parameter (the ORM's IN list of a
    # thousand parameters costs more than the query).
    qn = connection.ops.quote_name
    if table.partitioned:
        # Each year's partition has its own index: ask the natural-key registry (one index)
        # which numbers exist at all, and read the partitions for those only. A batch of new
        # records then costs one look-up instead of one per partition.
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT document_number FROM {REGISTRY} WHERE kind = %s AND department_id = %s"
                " AND document_number = ANY(%s)",
                [PARTITIONED[table.table], department.pk, docs],
            )
            docs = [doc for (doc,) in cur.fetchall()]
        if not docs:
            return {}
    where = "department_id = %s AND document_number = ANY(%s)"
    params = [department.pk, docs]
    if spec.action_kind:
        where += " AND action_kind = %s"
        params.append(spec.action_kind)
    columns = ", ".join(qn(table.columns[a]) for a in attrs)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {columns} FROM {qn(table.table)} WHERE {where}", params)
        return {row[1]: dict(zip(attrs, row, strict=True)) for row in cur.fetchall()}


def audit_records(batch: IngestBatch, table: Table, clean: list[CleanRow], results: list[RowResult], now):
    """One audit entry per created or updated record: created ones with every field the batch
    set (read back from the new rows), updated ones with the values they replaced."""
    who = {
        "channel": batch.source,
        "actor": batch.user,
        "token": batch.token,
        "batch_id": batch.pk,
        "at": now,
    }
    created = [res.record_id for res in results if res.status == CREATED]
    within = None
    if table.partitioned and created:
        dates = [
            row.values["decision_date"]
            for row, res in zip(clean, results, strict=True)
            if res.status == CREATED
        ]
        within = (min(dates), max(dates))
    audit.write_created(
        table.model,
        created,
        table.audited,
        label=("subject_name", "document_number"),
        decided_within=within,
        **who,
    )
    names = table.audit_names
    updated = [
        (row, res) for row, res in zip(clean, results, strict=True) if res.status == UPDATED and row.before
    ]
    # An update may also move the status (an expired record back into publication, a list
    # entry back to review): read the statuses as they are now.
    status_now = (
        dict(
            table.model._base_manager.filter(pk__in=[res.record_id for _row, res in updated]).values_list(
                "pk", "status"
            )
        )
        if updated
        else {}
    )
    changes = []
    for row, res in updated:
        v, old = row.values, row.before
        diff = {names[a]: [old[a], v.get(a)] for a in (*table.compare, "is_late") if old[a] != v.get(a)}
        if status_now.get(res.record_id, old["status"]) != old["status"]:
            diff["status"] = [old["status"], status_now[res.record_id]]
        changes.append(
            audit.Change(res.record_id, f"{v.get('subject_name', '')} {res.document_number}", diff)
        )
    audit.write_bulk(table.model, changes, **who)

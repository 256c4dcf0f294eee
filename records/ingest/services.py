"""The one upsert path of reported records: the push API, the upload page and `import_records`.

`ingest()` takes a batch of raw rows (dicts keyed by the national field codes) of one kind from
one department and, for each row, reports created / updated / unchanged / rejected:

1. Every row is validated first (records.ingest.validate); a rejected row is never written.
   A document number that appears twice in one batch is rejected the second time.
2. Subjects are matched by USCC (organisations, individual businesses) or ID number (persons);
   missing ones are created in the same transaction as the batch and its records: a push, an
   upload step or a command chunk that is interrupted (server killed, connection lost) leaves
   no subject without its records behind.
3. Existing records are fetched by natural key (department + kind + document number) in one
   query; new rows go in with one multi-row INSERT … ON CONFLICT DO NOTHING per chunk, changed
   rows with one UPDATE per chunk; unchanged rows are not written at all.
4. Each record is one table row, so each row is written whole or not at all; if a chunk's
   statement fails anyway, that chunk is redone row by row under savepoints and only the
   failing rows are rejected.

Concurrent batches with overlapping keys never duplicate: the unique natural-key constraint
decides, a row another batch inserted first becomes an update here, and rows are written in key
order so two batches cannot deadlock on each other's inserts. PostgreSQL's deadlock or
serialization errors (from other writers) are retried.

Trust checks (records.ingest.checks, shared with the admin form): the deciding authority must be
the department or one it reports for, the reported name must be the subject's registered one,
and a field corrected through an objection is not set back (rejected "与异议处理结果冲突");
a rating agency's token reports ratings only in its own name and on its registered scales.
Review (records.services.publication): red/black list entries arrive 待审核 unless the
department may publish that list type itself; a changed published entry becomes a revision
under review and the published version stays as it is.

Audit: every created or updated record, and every subject a batch registers, gets an audit
entry with its fields before and after, the batch, the channel (the batch's source) and who
(its user or token), written in the same transaction (records.audit.write_created, write_bulk).

Timeliness: every record gets its reporting deadline (records.deadlines) and a late flag when
it first arrives; a correction re-sent later keeps the date it first arrived.

This module is the door (ingest, batch_response); the steps live beside it: records.ingest.subjects
(step 2), records.ingest.writes (step 3, review, corrections, audit), records.ingest.bulk (the SQL
of steps 3-4), records.ingest.results (RowResult, statuses, limits).
"""

import hashlib
import json
import time

from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.httpcache import public_pages_changed
from records.ingest import checks
from records.ingest.bulk import Table
from records.ingest.fields import KIND_SPECS, KindSpec
from records.ingest.results import (  # noqa: F401  (the door: callers import these from here)
    _COUNTER_FIELDS,
    CREATED,
    MAX_BATCH_ROWS,
    REJECTED,
    RETRIES,
    UNCHANGED,
    UPDATED,
    RowResult,
    spec_field,
)
from records.ingest.subjects import audit_subjects, resolve_subjects
from records.ingest.validate import CleanRow, RowValidator, field_error
from records.ingest.writes import audit_records, write
from records.models import (
    IngestBatch,
    ListType,
)
from records.signals import announce_published_change


def request_fingerprint(payload) -> str:
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")
    ).hexdigest()


# ---------------------------------------------------------------------------------------- entry


def ingest(
    batch: IngestBatch,
    rows: list[tuple[int, dict]],
    *,
    duplicate_label=lambda position: str(position),
) -> list[RowResult]:
    """Upsert `rows` ([(position, raw dict)]) into the batch's department and kind.

    `batch` may be unsaved (it is then created in the same transaction as the records, which is
    what makes an Idempotency-Key safe) or an existing batch that receives another chunk.
    Returns one RowResult per row, in the order given.
    """
    started = time.perf_counter()
    spec = KIND_SPECS[batch.kind]
    department = batch.department
    now = timezone.now()
    today = timezone.localdate(now)

    list_types = {}
    if spec.slug == "list_entry":
        list_types = dict(ListType.objects.filter(is_active=True).values_list("name", "id"))
    validator = RowValidator(spec, department, today, list_types)
    clean = [validator.validate(position, raw) for position, raw in rows]
    _reject_duplicates(spec, clean, duplicate_label)
    if spec.authority:
        _check_authorities(spec, clean, checks.allowed_authorities(department, today))
    if spec.slug == "rating":
        token = batch.token if batch.token_id else None
        _check_rating_agency(spec, clean, department, token.rating_agency if token else None)

    was_new = batch.pk is None
    counters = {f: getattr(batch, f) for f in _COUNTER_FIELDS}
    for attempt in range(RETRIES):
        try:
            with transaction.atomic():
                registered = resolve_subjects(spec, [r for r in clean if r.ok])
                if registered:
                    public_pages_changed()  # new subjects are found by the public search at once
                if was_new:
                    batch.save(force_insert=True)
                else:
                    # One chunk of a batch at a time: a second tab or server waits here.
                    IngestBatch.objects.select_for_update().filter(pk=batch.pk).exists()
                    batch.refresh_from_db()
                audit_subjects(batch, registered)
                results = write(spec, batch, clean, now, today)
                audit_records(batch, Table.of(spec), clean, results, now)
                _account(batch, results, time.perf_counter() - started)
                if any(r.status in (CREATED, UPDATED) and not r.pending_review for r in results):
                    # Public records changed: the home page's counts are recounted by the worker
                    # (its task row commits with the batch).
                    announce_published_change()
                if batch.idempotency_key:
                    batch.response = batch_response(batch, results)
                batch.save()
            return results
        except OperationalError as exc:
            # Deadlock (40P01) or serialization failure (40001) with another writer: try again,
            # unless an outer transaction owns the connection (then it must handle it).
            if connection.in_atomic_block or attempt == RETRIES - 1 or not _is_retryable(exc):
                raise
            for row in clean:
                row.values.pop("subject_id", None)
            for name, value in counters.items():
                setattr(batch, name, value)
            if was_new:
                batch.pk = None
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _is_retryable(exc) -> bool:
    code = getattr(getattr(exc, "__cause__", None), "sqlstate", None)
    return code in ("40P01", "40001")


def batch_response(batch: IngestBatch, results: list[RowResult]) -> dict:
    return {
        "batch": batch.pk,
        "kind": batch.kind,
        **batch.counts(),
        "results": [r.as_dict() for r in results],
    }


def duplicate_error(spec: KindSpec, document_number: str, where: str) -> dict:
    """The error of a row repeating a document number of the same file or request: in the
    document number's column, so the error report points at the cell."""
    return field_error(
        spec_field(spec, "document_number"),
        _("文书号“%(doc)s”在本批次中重复出现（首次出现于%(where)s）")
        % {"doc": document_number, "where": where},
    )


def _reject_duplicates(spec: KindSpec, clean: list[CleanRow], label) -> None:
    first = {}
    for row in clean:
        if not row.ok:
            continue
        key = row.document_number
        if key in first:
            row.errors.append(duplicate_error(spec, key, label(first[key])))
        else:
            first[key] = row.position


def _check_authorities(spec: KindSpec, clean: list[CleanRow], allowed: list) -> None:
    for row in clean:
        if row.ok:
            for problem in checks.authority_problems(spec.authority, allowed, row.values):
                row.errors.append(field_error(spec_field(spec, problem.attr), problem.message))


def _check_rating_agency(spec: KindSpec, clean: list[CleanRow], department, agency) -> None:
    good = [r for r in clean if r.ok]
    if agency is None:
        for row in good:
            row.values["rating_agency_id"] = None
        for i, problem in checks.registered_agency_problems([r.values for r in good]).items():
            good[i].errors.append(field_error(spec_field(spec, problem.attr), problem.message))
    else:
        for row in good:
            for problem in checks.agency_problems(agency, row.values):
                row.errors.append(field_error(spec_field(spec, problem.attr), problem.message))
    owners = checks.rating_owners(department, [r.document_number for r in clean if r.ok])
    for row in clean:
        if row.ok and row.document_number in owners:
            problem = checks.rating_owner_problem(agency, owners[row.document_number])
            if problem is not None:
                row.errors.append(field_error(spec_field(spec, problem.attr), problem.message))


def _account(batch: IngestBatch, results: list[RowResult], seconds: float) -> None:
    counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, REJECTED: 0}
    late = 0
    errors = list(batch.errors) if isinstance(batch.errors, list) else []
    for r in results:
        counts[r.status] += 1
        late += r.late and r.status != REJECTED
        if r.errors and len(errors) < IngestBatch.MAX_STORED_ERRORS:
            errors.extend({"row": r.position, **e} for e in r.errors)
    batch.errors = errors[: IngestBatch.MAX_STORED_ERRORS]
    batch.created_count += counts[CREATED]
    batch.updated_count += counts[UPDATED]
    batch.unchanged_count += counts[UNCHANGED]
    batch.rejected_count += counts[REJECTED]
    batch.late_count += late
    batch.processed_rows += len(results)
    batch.duration_ms += round(seconds * 1000)
    # A command-line load does not know its total in advance (total 0) and finishes itself.
    if batch.total_rows and batch.processed_rows >= batch.total_rows:
        batch.status = IngestBatch.Status.DONE
        batch.finished_at = timezone.now()
    else:
        batch.status = IngestBatch.Status.RUNNING

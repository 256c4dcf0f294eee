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
"""

import datetime
import functools
import hashlib
import json
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.httpcache import public_pages_changed
from records import audit
from records.deadlines import reporting_deadline
from records.demo.loader import RowShape
from records.ingest import checks
from records.ingest.fields import KIND_SPECS, KindSpec
from records.ingest.validate import CleanRow, RowValidator, field_error
from records.models import (
    UNAPPROVED_STATUSES,
    IngestBatch,
    ListType,
    Penalty,
    RecordStatus,
    Region,
    Subject,
    SubjectCategory,
)
from records.periods import DERIVED_FIELDS, RuleBook
from records.services.publication import (
    directly_published_list_types,
    needs_review,
    open_revisions,
    revision_values,
    revisions_propose,
)
from records.signals import announce_published_change

MAX_BATCH_ROWS = 1000
RETRIES = 3
_COUNTER_FIELDS = (
    "created_count",
    "updated_count",
    "unchanged_count",
    "rejected_count",
    "late_count",
    "processed_rows",
    "duration_ms",
    "errors",
    "status",
    "finished_at",
)

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
REPUBLISHED_REASON = "数据来源单位重新报送"


@dataclass
class RowResult:
    position: int
    status: str
    document_number: str = ""
    record_id: int | None = None
    late: bool = False
    errors: list = field(default_factory=list)
    pending_review: bool = False  # waits for a reviewer before it (or this change) is public

    def as_dict(self, position_name: str = "index") -> dict:
        out = {position_name: self.position, "status": self.status, "document_number": self.document_number}
        if self.record_id is not None:
            out["id"] = self.record_id
        if self.status != REJECTED:
            out["late"] = self.late
        if self.pending_review:
            out["pending_review"] = True
        if self.errors:
            out["errors"] = self.errors
        return out


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
                registered = _resolve_subjects(spec, [r for r in clean if r.ok])
                if registered:
                    public_pages_changed()  # new subjects are found by the public search at once
                if was_new:
                    batch.save(force_insert=True)
                else:
                    # One chunk of a batch at a time: a second tab or server waits here.
                    IngestBatch.objects.select_for_update().filter(pk=batch.pk).exists()
                    batch.refresh_from_db()
                _audit_subjects(batch, registered)
                results = _write(spec, batch, clean, now, today)
                _audit_records(batch, _Table.of(spec), clean, results, now)
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
        _spec_field(spec, "document_number"),
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
                row.errors.append(field_error(_spec_field(spec, problem.attr), problem.message))


def _check_rating_agency(spec: KindSpec, clean: list[CleanRow], department, agency) -> None:
    good = [r for r in clean if r.ok]
    if agency is None:
        for row in good:
            row.values["rating_agency_id"] = None
        for i, problem in checks.registered_agency_problems([r.values for r in good]).items():
            good[i].errors.append(field_error(_spec_field(spec, problem.attr), problem.message))
    else:
        for row in good:
            for problem in checks.agency_problems(agency, row.values):
                row.errors.append(field_error(_spec_field(spec, problem.attr), problem.message))
    owners = checks.rating_owners(department, [r.document_number for r in clean if r.ok])
    for row in clean:
        if row.ok and row.document_number in owners:
            problem = checks.rating_owner_problem(agency, owners[row.document_number])
            if problem is not None:
                row.errors.append(field_error(_spec_field(spec, problem.attr), problem.message))


def _spec_field(spec: KindSpec, attr: str):
    return next((f for f in spec.fields if f.attr == attr), None)


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


# ---------------------------------------------------------------------------------------- subjects


def _region_id(regions: dict, code: str):
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        if candidate in regions:
            return regions[candidate]
    return None


def _resolve_subjects(spec: KindSpec, rows: list[CleanRow]) -> list[int]:
    """Set values["subject_id"] on every row: match by USCC / ID number, create what is missing.
    A row whose reported name is not the subject's registered name is rejected. Returns the ids
    of the subjects created (for the audit trail)."""
    created_ids: list[int] = []
    spec_fields = {f.attr: f for f in spec.fields if f.attr}
    by_uscc, by_id = {}, {}
    for row in rows:
        kind, code = row.subject_key
        (by_uscc if kind == "uscc" else by_id).setdefault(code, row)
    found, names = {}, {}
    if by_uscc:
        for u, pk, name in _subjects_by_uscc(list(by_uscc)):
            found[("uscc", u)] = pk
            names[("uscc", u)] = name
    if by_id:
        for number, pk, name in (
            Subject.objects.filter(kind=Subject.Kind.PERSON, id_number__in=list(by_id))
            .order_by("id")
            .values_list("id_number", "id", "name")
        ):
            if ("id", number) not in found:
                found[("id", number)] = pk
                names[("id", number)] = name
    missing_uscc = sorted(u for u in by_uscc if ("uscc", u) not in found)
    missing_id = sorted(n for n in by_id if ("id", n) not in found)
    if missing_uscc or missing_id:
        regions = dict(Region.objects.values_list("code", "id"))
        if missing_uscc:
            created = _insert_subjects([_new_subject(by_uscc[u], regions) for u in missing_uscc])
            found.update((("uscc", u), pk) for u, pk in created.items())
            raced = [u for u in missing_uscc if u not in created]  # created by another batch just now
            if raced:
                for u, pk, name in _subjects_by_uscc(raced):
                    found[("uscc", u)] = pk
                    names[("uscc", u)] = name
            if connection.vendor != "postgresql":  # no RETURNING: SQLite serialises writers
                created = {u: found[("uscc", u)] for u in missing_uscc if ("uscc", u) in found}
            created_ids.extend(created.values())
        if missing_id:
            persons, new = _create_persons({n: by_id[n] for n in missing_id}, regions)
            found.update(persons)
            created_ids.extend(s.pk for s in new)
    code_labels = {"uscc": _("统一社会信用代码"), "id": _("证件号码")}
    for row in rows:
        pk = found.get(row.subject_key)
        if pk is None:  # not expected: the subject could neither be found nor created
            row.errors.append(field_error(None, _("无法匹配或登记该行政相对人，请核对名称和代码后重新报送")))
            continue
        # The reported name must be the registered one (a subject created now: its first row's).
        kind, code = row.subject_key
        registered = names.get(row.subject_key)
        if registered is None:
            registered = (by_uscc if kind == "uscc" else by_id)[code].values.get("subject_name", "")
        problem = checks.subject_name_problem(
            row.values.get("subject_name", ""),
            registered,
            code_labels[kind],
            code,
        )
        if problem is not None:
            row.errors.append(field_error(spec_fields.get("subject_name"), problem.message))
        else:
            row.values["subject_id"] = pk
    return created_ids


def _subjects_by_uscc(codes: list[str]):
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT uscc, id, name FROM records_subject WHERE uscc = ANY(%s)", [codes])
            return cur.fetchall()
    return Subject.objects.filter(uscc__in=codes).values_list("uscc", "id", "name")


def _insert_subjects(subjects: list[Subject]) -> dict:
    """INSERT … ON CONFLICT (uscc) DO NOTHING, in USCC order (so two batches never deadlock).
    Returns {uscc: id} of the subjects this call inserted."""
    if connection.vendor != "postgresql":
        Subject.objects.bulk_create(subjects, ignore_conflicts=True, batch_size=500)
        return {}
    shape = _subject_shape()
    now = timezone.now()
    rows = []
    for subject in subjects:
        values = {f: getattr(subject, f) for f in _SUBJECT_FIELDS}
        values["created_at"] = values["updated_at"] = now
        rows.append(shape.row(values))
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in shape.columns)
    with connection.cursor() as cur:
        _stage(cur, shape.table, shape.columns, rows)
        cur.execute(
            f"INSERT INTO {qn(shape.table)} ({cols}) SELECT {cols} FROM {_stage_name(shape.table)}"
            " ORDER BY uscc ON CONFLICT (uscc) DO NOTHING RETURNING uscc, id"
        )
        return dict(cur.fetchall())


_SUBJECT_FIELDS = ("kind", "name", "uscc", "reg_no", "id_number", "legal_rep", "region_id", "status")


@functools.cache
def _subject_shape() -> RowShape:
    return RowShape(Subject)


def _create_persons(rows_by_id: dict, regions: dict) -> tuple[dict, list]:
    """Persons have no unique column; an advisory lock per ID number keeps two batches from both
    creating the same person (PostgreSQL; SQLite serialises writers anyway). Returns the found
    ids and the subjects this call created."""
    numbers = sorted(rows_by_id)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended('subject:' || n, 0))"
                " FROM unnest(%s::text[]) AS n ORDER BY n",
                [numbers],
            )
    found = {}
    for number, pk in (
        Subject.objects.filter(kind=Subject.Kind.PERSON, id_number__in=numbers)
        .order_by("id")
        .values_list("id_number", "id")
    ):
        found.setdefault(("id", number), pk)
    new = [_new_subject(rows_by_id[n], regions) for n in numbers if ("id", n) not in found]
    for subject in Subject.objects.bulk_create(new, batch_size=500):
        found[("id", subject.id_number)] = subject.pk
    if new and not all(s.pk for s in new):  # backends without RETURNING
        found.update(
            (("id", n), pk)
            for n, pk in Subject.objects.filter(kind=Subject.Kind.PERSON, id_number__in=numbers).values_list(
                "id_number", "id"
            )
        )
        for s in new:
            s.pk = found[("id", s.id_number)]
    return found, new


def _new_subject(row: CleanRow, regions: dict) -> Subject:
    v = row.values
    category = v.get("subject_category")
    if category == SubjectCategory.PERSON:
        number = v["id_number"]
        return Subject(
            kind=Subject.Kind.PERSON,
            name=v["subject_name"],
            id_number=number,
            region_id=_region_id(regions, number[:6]) if number[:6].isdigit() else None,
        )
    uscc = v["subject_uscc"]
    return Subject(
        kind=Subject.Kind.INDIVIDUAL_BUSINESS
        if category == SubjectCategory.INDIVIDUAL_BUSINESS
        else Subject.Kind.LEGAL_ENTITY,
        name=v["subject_name"],
        uscc=uscc,
        reg_no=v.get("subject_reg_no", ""),
        legal_rep=v.get("legal_rep", ""),
        region_id=_region_id(regions, uscc[2:8]),
    )


# ---------------------------------------------------------------------------------------- records


class _Table:
    """What the write phase needs to know about one kind's table, computed once per process."""

    _cache: dict = {}

    def __init__(self, spec: KindSpec):
        model = spec.model
        self.model = model
        self.shape = RowShape(model)
        self.table = model._meta.db_table
        attrs = [f.attr for f in spec.fields if f.attr and f.attr != "list_type"]
        if spec.slug == "list_entry":
            attrs.append("list_type_id")
        if spec.slug == "rating":
            attrs.append("rating_agency_id")
        self.compare = [*dict.fromkeys(attrs), "subject_id"]
        self.derived = ["report_deadline", "is_late"] + (DERIVED_FIELDS if model is Penalty else [])
        self.update_cols = [*self.compare, *self.derived, "updated_at"]
        self.key_cols = ["department_id", "document_number"] + (["action_kind"] if spec.action_kind else [])
        fields = {f.attname: f for f in model._meta.concrete_fields}
        # What a created record's audit entry lists: everything the batch set.
        self.audited = [*self.compare, "department_id", *self.derived, "status"]
        self.audit_names = {a: fields[a].name for a in [*self.audited, "is_late"]}
        self.columns = {a: fields[a].column for a in fields}
        self.stage = _stage_name(self.table)

    @classmethod
    def of(cls, spec: KindSpec) -> "_Table":
        key = (spec.slug, connection.vendor)
        if key not in cls._cache:
            cls._cache[key] = cls(spec)
        return cls._cache[key]


def _write(spec: KindSpec, batch: IngestBatch, clean: list[CleanRow], now, today) -> list[RowResult]:
    department = batch.department
    table = _Table.of(spec)
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
    inserted = _insert(table, new_rows, results)
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
    _update(table, changed, results)
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
            {**field_error(_spec_field(spec, p.attr), p.message), "code": p.code} for p, *_rest in problems
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
            spec.model, old, {a: r.values.get(a) for a in _Table.of(spec).compare}
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


def _existing(table: "_Table", spec: KindSpec, department, docs: list[str]) -> dict:
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
    where = "department_id = %s AND document_number = ANY(%s)"
    params = [department.pk, docs]
    if spec.action_kind:
        where += " AND action_kind = %s"
        params.append(spec.action_kind)
    columns = ", ".join(qn(table.columns[a]) for a in attrs)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {columns} FROM {qn(table.table)} WHERE {where}", params)
        return {row[1]: dict(zip(attrs, row, strict=True)) for row in cur.fetchall()}


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _max_rows(ncols: int) -> int:
    limit = 60_000 if connection.vendor == "postgresql" else 30_000
    return max(1, min(MAX_BATCH_ROWS, limit // ncols))


def _insert(table: _Table, rows: list[CleanRow], results: dict) -> dict:
    """Insert rows that did not exist; returns {document_number: id} of those actually inserted."""
    if not rows:
        return {}
    qn = connection.ops.quote_name
    cols = table.shape.columns
    col_list = ", ".join(qn(c) for c in cols)
    conflict = ", ".join(qn(table.columns[a]) for a in table.key_cols)
    tail = f" ON CONFLICT ({conflict}) DO NOTHING RETURNING id, document_number"
    inserted = {}

    if connection.vendor == "postgresql":
        # COPY the chunk into a session-local staging table, then one INSERT … SELECT: far cheaper
        # than a statement with tens of thousands of bound parameters.
        order = ", ".join(qn(table.columns[a]) for a in table.key_cols)
        sql = f"INSERT INTO {qn(table.table)} ({col_list}) SELECT {col_list} FROM {table.stage} ORDER BY {order}{tail}"

        def run(chunk):
            with connection.cursor() as cur:
                _stage(
                    cur, table.table, cols, (table.shape.row(_shape_values(table, r.values)) for r in chunk)
                )
                cur.execute(sql)
                return {doc: pk for pk, doc in cur.fetchall()}

    else:
        head = f"INSERT INTO {qn(table.table)} ({col_list}) VALUES "
        one = "(" + ", ".join(["%s"] * len(cols)) + ")"

        def run(chunk):
            params = []
            for r in chunk:
                params.extend(_adapt(x) for x in table.shape.row(_shape_values(table, r.values)))
            with connection.cursor() as cur:
                cur.execute(head + ", ".join([one] * len(chunk)) + tail, params)
                return {doc: pk for pk, doc in cur.fetchall()}

    for chunk in _chunks(rows, _max_rows(len(cols))):
        inserted.update(_guarded(chunk, run, results))
    return inserted


def _update(table: _Table, rows: list[CleanRow], results: dict) -> None:
    if not rows:
        return
    qn = connection.ops.quote_name
    attrs = table.update_cols
    cols = [table.columns[a] for a in attrs]
    if connection.vendor == "postgresql":
        sets = ", ".join(f"{qn(c)} = s.{qn(c)}" for c in cols)
        sql = f"UPDATE {qn(table.table)} AS t SET {sets} FROM {table.stage} AS s WHERE t.id = s.id"

        def run(chunk):
            with connection.cursor() as cur:
                _stage(
                    cur,
                    table.table,
                    ["id", *cols],
                    ([r.values["id"], *(r.values.get(a) for a in attrs)] for r in sorted(chunk, key=_by_id)),
                )
                cur.execute(sql)
            return {}

    else:
        sql = f"UPDATE {qn(table.table)} SET " + ", ".join(f"{qn(c)} = %s" for c in cols) + " WHERE id = %s"

        def run(chunk):
            with connection.cursor() as cur:
                cur.executemany(
                    sql, [[_adapt(r.values.get(a)) for a in attrs] + [r.values["id"]] for r in chunk]
                )
            return {}

    updated_ids = []
    for chunk in _chunks(rows, _max_rows(len(cols) + 1)):
        _guarded(chunk, run, results)
        for r in chunk:
            res = results[r.position]
            if res.status == REJECTED:
                continue
            res.status, res.late = UPDATED, r.values["is_late"]
            updated_ids.append(r.values["id"])
    # A department that re-sends an expired record (say with a longer window) puts it back into
    # publication; the publication rules still check its dates at every read, and the nightly
    # expiry marks it again if the window is over. Withdrawn and repaired records stay so.
    if updated_ids:
        table.model._base_manager.filter(pk__in=updated_ids, status=RecordStatus.EXPIRED).update(
            status=RecordStatus.PUBLISHED, status_reason=REPUBLISHED_REASON, status_changed_at=timezone.now()
        )


def _adapt(value):
    """A value bound the way the ORM stores it on SQLite (dates as ISO text, UTC datetimes)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _by_id(row: CleanRow) -> int:
    return row.values["id"]


_STAGE_NAMES: dict = {}


def _stage_name(db_table: str) -> str:
    """The staging table's name carries a digest of the table's columns, so a connection that
    outlives a migration never COPYs into a staging table of the old shape."""
    if db_table not in _STAGE_NAMES:
        model = next(m for m in apps.get_models() if m._meta.db_table == db_table)
        columns = ",".join(f.column for f in model._meta.concrete_fields)
        digest = hashlib.sha256(columns.encode()).hexdigest()[:8]
        _STAGE_NAMES[db_table] = connection.ops.quote_name(f"_ingest_{db_table}_{digest}")
    return _STAGE_NAMES[db_table]


def _stage(cur, db_table: str, columns: list[str], rows) -> None:
    """Fill a table's session-local staging table with rows (PostgreSQL COPY). The staging table
    has the table's columns and no constraints; it lives as long as the database session."""
    qn = connection.ops.quote_name
    stage = _stage_name(db_table)
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT * FROM {qn(db_table)} WITH NO DATA")
    cur.execute(f"TRUNCATE {stage}")
    # psycopg formats each value for COPY (in C with psycopg[binary]): three times faster than
    # building the text here.
    with cur.cursor.copy(f"COPY {stage} ({', '.join(qn(c) for c in columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _guarded(chunk: list[CleanRow], run, results: dict) -> dict:
    """Run a chunk's statement under a savepoint; if it fails, redo it row by row so that only
    the rows the database refuses are rejected."""
    try:
        with transaction.atomic():
            return run(chunk)
    except (OperationalError, InterfaceError):
        # Deadlocks, lock timeouts and a lost connection are not a row's fault: the whole
        # transaction fails, so nothing of the batch (subjects included) is kept.
        raise
    except DatabaseError as exc:  # IntegrityError, DataError: a value the database refuses
        error = exc
    if len(chunk) == 1:
        res = results[chunk[0].position]
        res.status = REJECTED
        res.errors = [field_error(None, _("写入数据库失败：%(e)s") % {"e": str(error).splitlines()[0][:200]})]
        return {}
    out = {}
    for r in chunk:
        out.update(_guarded([r], run, results))
    return out


def _shape_values(table: _Table, values: dict) -> dict:
    index = table.shape.index
    return {k: v for k, v in values.items() if k in index}


# ---------------------------------------------------------------------------------------- audit


def _audit_records(batch: IngestBatch, table: _Table, clean: list[CleanRow], results: list[RowResult], now):
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
    audit.write_created(table.model, created, table.audited, label=("subject_name", "document_number"), **who)
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


_SUBJECT_AUDITED = ["kind", "name", "uscc", "reg_no", "id_number", "legal_rep", "region_id"]


def _audit_subjects(batch: IngestBatch, subject_ids: list[int]) -> None:
    """Subjects a batch registers, audited with the batch's records."""
    audit.write_created(
        Subject,
        subject_ids,
        _SUBJECT_AUDITED,
        label=("name",),
        channel=batch.source,
        actor=batch.user,
        token=batch.token,
        batch_id=batch.pk,
        reason=_("报送时登记的信用主体"),
    )

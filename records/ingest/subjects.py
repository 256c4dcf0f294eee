"""Subjects of an ingested batch: matched by USCC or ID number, missing ones registered in the
batch's transaction (records.ingest.services step 2), and audited with its records."""

import functools

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from records import audit
from records.demo.loader import RowShape
from records.ingest import checks
from records.ingest.bulk import stage, stage_name
from records.ingest.fields import KindSpec
from records.ingest.validate import CleanRow, field_error
from records.models import (
    IngestBatch,
    Region,
    Subject,
    SubjectCategory,
)

# ---------------------------------------------------------------------------------------- subjects


def _region_id(regions: dict, code: str):
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        if candidate in regions:
            return regions[candidate]
    return None


def resolve_subjects(spec: KindSpec, rows: list[CleanRow]) -> list[int]:
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
        stage(cur, shape.table, shape.columns, rows)
        cur.execute(
            f"INSERT INTO {qn(shape.table)} ({cols}) SELECT {cols} FROM {stage_name(shape.table)}"
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


_SUBJECT_AUDITED = ["kind", "name", "uscc", "reg_no", "id_number", "legal_rep", "region_id"]


def audit_subjects(batch: IngestBatch, subject_ids: list[int]) -> None:
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

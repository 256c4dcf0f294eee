import pytest
from django.core.management import call_command

from records import models as m
from records.codes import is_valid_id_number, is_valid_uscc
from records.kinds import RECORD_KINDS

pytestmark = pytest.mark.django_db


def _counts():
    return {slug: kind.model.objects.count() for slug, kind in RECORD_KINDS.items()} | {
        "subjects": m.Subject.objects.count()
    }


def test_seed_demo_builds_every_kind_with_valid_codes_and_a_second_run_adds_nothing():
    call_command("seed_demo", subjects=400, seed=7, quiet=True)
    first = _counts()
    assert first["subjects"] == 400
    for slug, count in first.items():
        assert count > 0, slug
    assert all(is_valid_uscc(c) for c in m.Subject.objects.exclude(uscc=None).values_list("uscc", flat=True))
    persons = m.Subject.objects.filter(kind=m.Subject.Kind.PERSON)
    assert all(is_valid_id_number(p.id_number) for p in persons)
    assert m.Subject.objects.filter(kind=m.Subject.Kind.INDIVIDUAL_BUSINESS).exists()
    # Realistic mix: some reported late, some withdrawn, some expired.
    assert m.Penalty.objects.filter(is_late=True).exists()
    assert (
        m.Permit.objects.filter(status=m.RecordStatus.WITHDRAWN).exists()
        or m.Penalty.objects.filter(status=m.RecordStatus.WITHDRAWN).exists()
    )
    assert m.Penalty.objects.filter(status=m.RecordStatus.EXPIRED).exists()
    assert m.Department.objects.filter(region__code="610581").exists()  # 韩城市 reports separately

    call_command("seed_demo", subjects=400, seed=7, quiet=True)
    assert _counts() == first


def test_seed_is_deterministic():
    call_command("seed_demo", subjects=50, seed=11, quiet=True)
    names = list(m.Subject.objects.order_by("uscc", "id_number").values_list("name", "uscc"))
    m.ListEntry.objects.all().delete()
    for kind in RECORD_KINDS.values():
        kind.model.objects.all().delete()
    m.Subject.objects.all().delete()
    call_command("seed_demo", subjects=50, seed=11, quiet=True)
    assert list(m.Subject.objects.order_by("uscc", "id_number").values_list("name", "uscc")) == names


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_turns_the_indexes_off_and_back_on_partitioned_tables_and_their_key_registry(monkeypatch):
    """seed_demo's bulk mode (from BULK_THRESHOLD subjects; here from the first) drops the record
    tables' indexes and constraints, loads, and rebuilds them: on PostgreSQL that includes the
    partitioned tables' indexes and the natural-key registry (records.partitions)."""
    from django.db import IntegrityError, connection, transaction

    from records.demo import generator
    from records.partitions import REGISTRY
    from tests import factories as f

    def indexes():
        """(table, index, valid) of every record table and every partition of one."""
        if connection.vendor != "postgresql":
            return []
        with connection.cursor() as cur:
            cur.execute(
                "SELECT t.relname, i.relname, x.indisvalid FROM pg_index x"
                " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
                " WHERE t.relname LIKE 'records\\_%%' AND t.relnamespace = current_schema()::regnamespace"
                " ORDER BY 1, 2"
            )
            # The stash itself is made by the first bulk load.
            return [row for row in cur.fetchall() if row[0] != "records_bulkload_stash"]

    before = indexes()
    monkeypatch.setattr(generator, "BULK_THRESHOLD", 0)
    call_command("seed_demo", subjects=300, seed=11, quiet=True)
    assert indexes() == before
    if connection.vendor == "postgresql":
        # Each yearly partition has its own copy of every index, valid, as the migration made it.
        assert ("records_penalty_y2025", "records_penalty_y2025_subject_id_decision_date_idx", True) in before
        assert all(valid for _table, _index, valid in before)
    penalty = m.Penalty.objects.order_by("pk").first()
    if connection.vendor == "postgresql":
        assert (REGISTRY, "records_natural_key_unique", True) in before
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {REGISTRY} WHERE kind = 'penalty'")
            assert cur.fetchone() == (m.Penalty.objects.count(),)
    # The natural key is enforced again after the load.
    with pytest.raises(IntegrityError), transaction.atomic():
        f.penalty(penalty.subject, penalty.department, document_number=penalty.document_number)

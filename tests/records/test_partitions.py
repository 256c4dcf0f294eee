"""Yearly partitions of 行政处罚, 行政许可 and 检查抽查 on PostgreSQL (records.partitions,
migration 0027): each record lands in its decision year's partition, the natural key stays
unique across every year on every path, next year's partition is made by the worker's daily job
and its absence in December is reported. SQLite keeps plain tables with the unique index; each
test states what holds there."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from portal import schedule
from records import partitions
from records.models import Inspection, Penalty, Permit
from tests import factories as f

POSTGRES = connection.vendor == "postgresql"
BEIJING = datetime.timezone(datetime.timedelta(hours=8))
pytestmark = pytest.mark.django_db


def _partition_of(model, pk) -> str:
    with connection.cursor() as cur:
        cur.execute(f'SELECT tableoid::regclass::text FROM "{model._meta.db_table}" WHERE id = %s', [pk])
        return cur.fetchone()[0].strip('"')


def test_the_three_largest_tables_are_partitioned_by_decision_year():
    year = timezone.localdate().year
    for model in (Penalty, Permit, Inspection):
        table = model._meta.db_table
        assert partitions.is_partitioned(table) is POSTGRES
        if POSTGRES:
            assert set(range(partitions.FIRST_YEAR, year + 2)) <= partitions.partition_years(table)
            assert partitions.missing_partitions(year + 1) == []
    # Lists, commitments and ratings stay plain tables everywhere.
    assert not partitions.is_partitioned("records_listentry")


def test_a_record_lands_in_its_decision_years_partition_and_moves_with_its_date():
    dept, subj = f.department(), f.subject()
    this_year = timezone.localdate().replace(month=1, day=2)
    recent = f.penalty(subj, dept, decision_date=this_year)
    old = f.penalty(subj, dept, decision_date=datetime.date(2009, 6, 1))
    permit = f.permit(subj, dept, decision_date=datetime.date(2019, 3, 1))
    if POSTGRES:
        assert _partition_of(Penalty, recent.pk) == f"records_penalty_y{this_year.year}"
        assert _partition_of(Penalty, old.pk) == "records_penalty_before2016"
        assert _partition_of(Permit, permit.pk) == "records_permit_y2019"
    # A corrected decision date moves the row; the ORM reads it back by id as before.
    old.decision_date = datetime.date(2021, 5, 1)
    old.save()
    assert Penalty.objects.get(pk=old.pk).decision_date == datetime.date(2021, 5, 1)
    if POSTGRES:
        assert _partition_of(Penalty, old.pk) == "records_penalty_y2021"
    # Newest first, as the public lists read them.
    assert list(Penalty.objects.order_by("-decision_date", "-id").values_list("pk", flat=True)) == [
        recent.pk,
        old.pk,
    ]


def test_the_natural_key_is_unique_across_years_whatever_writes_it():
    dept, other_dept, subj = f.department(), f.department("宝鸡市市场监督管理局", "610300"), f.subject()
    first = f.penalty(subj, dept, document_number="陕罚〔2020〕1号", decision_date=datetime.date(2020, 1, 5))
    # The same number of the same department in another year's partition is refused ...
    with pytest.raises(IntegrityError), transaction.atomic():
        f.penalty(subj, dept, document_number="陕罚〔2020〕1号", decision_date=datetime.date(2024, 1, 5))
    # ... also in one raw multi-row INSERT, as the push writes.
    if POSTGRES:
        with pytest.raises(IntegrityError) as refused, transaction.atomic(), connection.cursor() as cur:
            cur.execute("CREATE TEMP TABLE copied AS SELECT * FROM records_penalty WHERE id = %s", [first.pk])
            cur.execute("UPDATE copied SET id = id + 1000000, decision_date = '2023-03-03'")
            cur.execute("INSERT INTO records_penalty SELECT * FROM copied ON CONFLICT DO NOTHING")
        assert partitions.REGISTRY_UNIQUE in str(refused.value)
    # Another department may use the number; and another kind of record is its own key space.
    f.penalty(subj, other_dept, document_number="陕罚〔2020〕1号")
    f.permit(subj, dept, document_number="陕罚〔2020〕1号")
    # Renumbering frees the old number; deleting frees the new one.
    first.document_number = "陕罚〔2020〕1号（更正）"
    first.save()
    again = f.penalty(subj, dept, document_number="陕罚〔2020〕1号", decision_date=datetime.date(2025, 2, 1))
    first.delete()
    f.penalty(subj, dept, document_number="陕罚〔2020〕1号（更正）")
    with pytest.raises(IntegrityError), transaction.atomic():
        f.penalty(subj, dept, document_number=again.document_number)


@pytest.mark.django_db(transaction=True)
def test_emptying_the_table_empties_its_keys():
    """TRUNCATE (what a transactional test's flush runs) clears the registry of that kind."""
    dept, subj = f.department(), f.subject()
    f.penalty(subj, dept, document_number="陕罚〔2026〕9号")
    Penalty.objects.all()._raw_delete(Penalty.objects.db)
    if POSTGRES:
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {partitions.REGISTRY}")
            assert cur.fetchone() == (0,)
            f.penalty(subj, dept, document_number="陕罚〔2026〕8号")
            cur.execute("TRUNCATE records_penalty")
            cur.execute(f"SELECT count(*) FROM {partitions.REGISTRY} WHERE kind = 'penalty'")
            assert cur.fetchone() == (0,)
    f.penalty(subj, dept, document_number="陕罚〔2026〕8号")


def _drop_next_years_partition(year: int) -> None:
    with connection.cursor() as cur:
        cur.execute(f'DROP TABLE "{partitions.partition_name("records_penalty", year)}"')


def test_december_warns_while_next_years_partition_is_missing_and_the_daily_job_makes_it():
    december = datetime.datetime(timezone.localdate().year, 12, 1, 0, 30, tzinfo=BEIJING)
    next_year = december.year + 1
    if POSTGRES:
        _drop_next_years_partition(next_year)
        assert partitions.missing_partitions(next_year) == ["records_penalty"]
    with time_machine.travel(december, tick=False):
        out = io.StringIO()
        call_command("check", "--database", "default", stdout=out, stderr=out)
        assert ("records.W001" in out.getvalue()) is POSTGRES
        if POSTGRES:
            assert f"records_penalty has no partition for {next_year}" in out.getvalue()
        # Before 01:00 the daily jobs wait; after it they run, partitions included.
        assert schedule.daily() is False
    with time_machine.travel(december + datetime.timedelta(hours=1), tick=False):
        assert schedule.daily() is True
        out = io.StringIO()
        call_command("check", "--database", "default", stdout=out, stderr=out)
        assert "records.W001" not in out.getvalue()
    assert partitions.missing_partitions(next_year) == []
    # A record decided on 1 January of that year can be stored.
    dept, subj = f.department(), f.subject()
    with time_machine.travel(datetime.datetime(next_year, 1, 1, 0, 5, tzinfo=BEIJING), tick=False):
        penalty = f.penalty(subj, dept, decision_date=timezone.localdate())
    if POSTGRES:
        assert _partition_of(Penalty, penalty.pk) == f"records_penalty_y{next_year}"


def test_outside_december_a_missing_next_year_is_not_yet_a_warning_but_this_year_is_an_error():
    year = timezone.localdate().year
    june = datetime.datetime(year + 1, 6, 1, 23, 59, tzinfo=BEIJING)
    if POSTGRES:
        # In June of next year, that year's partition is the current one.
        _drop_next_years_partition(year + 1)
    with time_machine.travel(june, tick=False):
        out = io.StringIO()
        if POSTGRES:
            with pytest.raises(Exception) as failed:
                call_command("check", "--database", "default", stdout=out, stderr=out)
            assert "records.E001" in str(failed.value)
        else:
            call_command("check", "--database", "default", stdout=out, stderr=out)
            assert "records.E001" not in out.getvalue()
        assert "records.W001" not in out.getvalue()


def test_an_index_left_on_the_parent_alone_is_an_error_until_rebuilt_on_every_partition():
    """What seed_demo's bulk mode once did: CREATE INDEX … ON ONLY (pg_indexes' own wording).
    SQLite has no partitions: nothing is ever reported or rebuilt there."""
    year = timezone.localdate().year
    if POSTGRES:
        with connection.cursor() as cur:
            cur.execute("CREATE INDEX penalty_bogus ON ONLY records_penalty (subject_name)")
        assert partitions.invalid_indexes() == [("records_penalty", "penalty_bogus")]
        with pytest.raises(Exception) as failed:
            call_command("check", "--database", "default", stdout=io.StringIO(), stderr=io.StringIO())
        assert "records.E002" in str(failed.value) and "penalty_bogus" in str(failed.value)
    assert partitions.rebuild_invalid_indexes() == (["penalty_bogus"] if POSTGRES else [])
    assert partitions.invalid_indexes() == []
    if POSTGRES:
        with connection.cursor() as cur:
            cur.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [f"records_penalty_y{year}"])
            assert any("(subject_name)" in d for (d,) in cur.fetchall())
    out = io.StringIO()
    call_command("check", "--database", "default", stdout=out, stderr=out)
    assert "records.E002" not in out.getvalue()


def test_ensure_partitions_adds_the_years_asked_for_once():
    year = timezone.localdate().year
    created = partitions.ensure_partitions(year + 3)
    if POSTGRES:
        assert sorted(created) == sorted(
            partitions.partition_name(t, y) for t in partitions.PARTITIONED for y in (year + 2, year + 3)
        )
    else:
        assert created == []
    assert partitions.ensure_partitions(year + 3) == []


def test_the_migration_round_trip_keeps_rows_indexes_and_the_unique_key():
    """records.partitions.unpartition then partition (the migration's two directions) on a table
    with rows: the rows, the ids, every index and the natural key come back."""
    if not POSTGRES:
        assert partitions.missing_partitions(2026) == []
        return
    dept, subj = f.department(), f.subject()
    kept = [f.inspection(subj, dept, decision_date=datetime.date(y, 3, 1)) for y in (2012, 2020, 2026)]

    def indexes():
        with connection.cursor() as cur:
            cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'records_inspection' ORDER BY 1")
            return [name for (name,) in cur.fetchall()]

    before = indexes()
    assert "inspection_natural_key" in before
    with connection.schema_editor() as editor:
        partitions.unpartition("records_inspection", editor)
    assert not partitions.is_partitioned("records_inspection")
    assert indexes() == before
    with pytest.raises(IntegrityError), transaction.atomic():
        f.inspection(subj, dept, document_number=kept[0].document_number)
    with connection.schema_editor() as editor:
        partitions.partition("records_inspection", timezone.localdate().year + 1, editor)
    assert partitions.is_partitioned("records_inspection")
    assert indexes() == before
    assert sorted(Inspection.objects.values_list("pk", flat=True)) == sorted(r.pk for r in kept)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.inspection(subj, dept, document_number=kept[1].document_number)
    # The id sequence goes on after the copied rows.
    assert f.inspection(subj, dept).pk > max(r.pk for r in kept)

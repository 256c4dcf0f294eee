"""Indexes: each one a query needs, none that another already covers (migration 0018)."""

import pytest
from django.db import connection
from django.urls import reverse

from records import models as m
from records.kinds import RECORD_KINDS
from tests import factories as f
from tests.query_plans import POSTGRES, plan, queries_of, uses_index

pytestmark = pytest.mark.django_db

RECORD_MODELS = sorted({kind.model for kind in RECORD_KINDS.values()}, key=lambda model: model.__name__)


def indexes_of(model) -> dict[str, dict]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: c for name, c in constraints.items() if c["index"] and not c["primary_key"]}


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda model: model.__name__)
def test_record_tables_have_no_index_a_composite_one_covers(model):
    indexes = indexes_of(model)
    columns = [tuple(c["columns"]) for c in indexes.values()]
    for single in (("subject_id",), ("department_id",), ("updated_at",), ("status",)):
        assert single not in columns, f"{model.__name__}: {single} repeats the head of a composite index"
    assert ("subject_id", "decision_date") in columns and ("department_id", "decision_date") in columns
    assert ("status", "decision_date", "id") in columns and ("updated_at", "id") in columns


def test_subject_name_has_one_pattern_index_and_the_feed_its_pair():
    indexes = indexes_of(m.Subject)
    assert "subject_name_prefix" not in indexes
    assert ("updated_at",) not in [tuple(c["columns"]) for c in indexes.values()]
    assert indexes["subject_updated_id"]["columns"] == ["updated_at", "id"]
    if POSTGRES:  # Django's own varchar_pattern_ops index on name serves LIKE '陕西%'
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'records_subject'"
                " AND indexdef LIKE '%%(name varchar_pattern_ops)%%'"
            )
            assert len(cursor.fetchall()) == 1


@pytest.mark.parametrize("kind", ["penalty", "permit", "inspection"])
def test_admin_change_list_reads_the_newest_from_an_index_and_counts_no_further_than_the_cap(people, kind):
    """The three largest tables (partitioned by year on PostgreSQL): the office's change list
    reads the newest rows through <kind>_date_id, newest partition first, with no sort; its count
    stops at the cap (records.admin.paging) and no DISTINCT over the years is run."""
    subject = f.subject()
    make = getattr(f, kind)
    for i in range(3):
        make(subject, people.market, document_number=f"序-{i}")
    client = people.client(people.reviewer)
    table = f"records_{kind}"
    sql = queries_of(client.get, reverse(f"admin:records_{kind}_changelist"))
    listing = next(
        q
        for q in sql
        if f'FROM "{table}"' in q and f'ORDER BY "{table}"."decision_date" DESC, "{table}"."id" DESC' in q
    )
    shown = plan(listing)
    if POSTGRES:
        assert "Index Scan" in shown and uses_index(shown, f"{kind}_date_id") and "Sort" not in shown, shown
    else:
        assert f"{kind}_date_id" in shown and "TEMP B-TREE" not in shown, shown
    counts = [q for q in sql if "COUNT(" in q.upper() and table in q]
    assert counts and all("LIMIT 2001" in q for q in counts), counts
    assert not any("DISTINCT" in q.upper() and table in q for q in sql), "date_hierarchy's DISTINCT is back"


def test_a_fragment_at_the_end_of_long_facts_is_found_and_its_bigrams_are_neighbouring_pairs():
    """records_name_bigrams (migration 0020) builds the name and penalty-fact indexes: every
    pair of neighbouring characters, for empty, one-character, mixed and 3,000-character text,
    so a keyword at the very end of long 违法事实 is found (LIKE on SQLite)."""
    from publicity.search import text_contains_q

    long_facts = "经查，当事人发布虚假广告。" * 230 + "另查明其虚开发票"
    subj, dept = f.subject(), f.department()
    hit = f.penalty(subj, dept, violation_facts=long_facts)
    f.penalty(subj, dept)
    for fragment in ("虚开", "虚开发票"):
        assert list(m.Penalty.objects.filter(text_contains_q("violation_facts", fragment))) == [hit]
    if POSTGRES:
        with connection.cursor() as cursor:
            for text in ["", "陕", "陕西", "AB陕西Xy 1", long_facts]:
                cursor.execute("SELECT records_name_bigrams(%s)", [text])
                assert cursor.fetchone()[0] == [text.lower()[i : i + 2] for i in range(len(text) - 1)]
            cursor.execute("SELECT records_name_bigrams(NULL)")
            assert cursor.fetchone()[0] is None

"""Indexes: each one a query needs, none that another already covers (migration 0018)."""

import pytest
from django.db import connection
from django.urls import reverse

from records import models as m
from records.kinds import RECORD_KINDS
from tests import factories as f
from tests.query_plans import POSTGRES, plan, queries_of
from tests.records.personas import people  # noqa: F401

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


def test_admin_penalty_change_list_reads_the_newest_from_an_index(people):  # noqa: F811
    subject = f.subject()
    for i in range(3):
        f.penalty(subject, people.market, document_number=f"罚-{i}")
    client = people.client(people.reviewer)
    sql = queries_of(client.get, reverse("admin:records_penalty_changelist"))
    listing = next(
        q
        for q in sql
        if 'FROM "records_penalty"' in q
        and 'ORDER BY "records_penalty"."decision_date" DESC, "records_penalty"."id" DESC' in q
    )
    shown = plan(listing)
    if POSTGRES:
        assert "Index Scan using penalty_date_id on records_penalty" in shown and "Sort" not in shown, shown
    else:
        assert "penalty_date_id" in shown and "TEMP B-TREE" not in shown, shown

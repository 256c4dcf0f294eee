"""Staff find every record kind in the admin, searchable and filterable, without N+1 queries:
孙管理 of the credit office, who sees every department's records."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records.kinds import RECORD_KINDS
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(people):
    return people.client(people.office_admin)


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_kind_is_registered():
    for kind in RECORD_KINDS.values():
        assert kind.model in admin.site._registry, kind.slug


@pytest.mark.parametrize("slug", list(RECORD_KINDS))
def test_changelist_search_and_filters(staff_client, slug):
    response = staff_client.get(
        _changelist(RECORD_KINDS[slug].model), {"q": "秦华", "status__exact": "published"}
    )
    assert response.status_code == 200


def test_penalty_changelist_query_count_does_not_grow(staff_client, people):
    subj = f.subject()
    for _ in range(3):
        f.penalty(subj, people.market)
    url = _changelist(RECORD_KINDS["penalty"].model)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    for _ in range(30):
        f.penalty(f.subject(name="另一家公司"), people.ecology)
    with CaptureQueriesContext(connection) as many:
        assert staff_client.get(url).status_code == 200
    assert len(many) <= len(few) + 1  # the department filter may add a choice, not a query per row

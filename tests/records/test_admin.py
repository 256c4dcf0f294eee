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


def test_a_long_change_list_says_more_than_the_cap_and_select_all_names_no_number(
    staff_client, people, monkeypatch
):
    from portal import paginator

    monkeypatch.setattr(paginator, "DEFAULT_CAP", 4)
    subj = f.subject()
    for n in range(6):
        f.permit(subj, people.market, document_number=f"许-{n}")
    url = _changelist(RECORD_KINDS["permit"].model)
    page = staff_client.get(url, {"all": ""}).content.decode()
    assert "超过 4 条，仅可翻阅前 4 条" in page
    assert "选择全部符合条件的记录（超过 4 条）" in page
    assert "6 行政许可" not in page and "全部 6" not in page
    # Under the cap the exact count is shown as Django shows it.
    few = staff_client.get(url, {"q": "许-1"}).content.decode()
    assert "超过" not in few and "1 行政许可" in few


def test_the_decision_year_filter_lists_years_without_reading_the_table(staff_client, people):
    import datetime

    from django.utils import timezone

    this_year = timezone.localdate().year
    subj = f.subject()
    f.penalty(subj, people.market, document_number="号甲", decision_date=datetime.date(this_year, 1, 1))
    f.penalty(subj, people.market, document_number="号乙", decision_date=datetime.date(this_year - 1, 12, 31))
    f.penalty(subj, people.market, document_number="号丙", decision_date=datetime.date(this_year - 20, 6, 1))
    url = _changelist(RECORD_KINDS["penalty"].model)
    page = staff_client.get(url).content.decode()
    assert "决定年度" in page and f"{this_year - 10}年" in page and f"{this_year - 10}年以前" in page
    shown = staff_client.get(url, {"decision_year": str(this_year - 1)}).content.decode()
    assert "号乙" in shown and "号甲" not in shown and "号丙" not in shown
    earlier = staff_client.get(url, {"decision_year": "earlier"}).content.decode()
    assert "号丙" in earlier and "号乙" not in earlier
    assert staff_client.get(url, {"decision_year": "x"}).status_code == 200

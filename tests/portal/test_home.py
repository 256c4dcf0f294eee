import pytest
from django.urls import reverse

from records import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_home_page_counts_only_publishable_records(client):
    dept, company = f.department(), f.subject(name="西安鼎盛商贸有限公司")
    f.penalty(company, dept)
    f.penalty(company, dept, status=m.RecordStatus.WITHDRAWN)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "信用陕西" in html and "信用查询" in html and "信用公示" in html and "投诉举报" in html
    assert 'data-kind="penalty">1<' in html
    assert "西安鼎盛商贸有限公司" in html


def test_not_found_page_is_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_policy_article_is_listed_and_readable(client):
    from portal.models import Article

    a = Article.objects.create(
        kind="policy", title="加强信用信息互联互通共享共用行动计划", body="第一段\n第二段"
    )
    assert a.title in client.get(reverse("portal:policies")).content.decode()
    page = client.get(a.get_absolute_url()).content.decode()
    assert "<p>第二段</p>" in page


def test_static_assets_are_served_locally(client):
    html = client.get(reverse("portal:home")).content.decode()
    assert "/static/css/portal.css" in html
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]


def _counts_in(queries) -> list[str]:
    """COUNTs over record tables (the database cache counts its own rows when it culls)."""
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and '"records_' in q["sql"]]


def test_no_visitor_waits_for_the_counts_the_worker_keeps_them(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import schedule
    from publicity import selectors

    dept, company = f.department(), f.subject()
    f.penalty(company, dept)
    assert selectors.published_counts()["penalty"] == 1  # cold: the worker (immediate here) counted
    f.penalty(company, dept)
    with CaptureQueriesContext(connection) as fresh:
        html = client.get(reverse("portal:home")).content.decode()
    assert 'data-kind="penalty">1<' in html and not _counts_in(fresh.captured_queries)

    entry = cache.get(selectors.COUNTS_KEY)
    cache.set(selectors.COUNTS_KEY, {**entry, "at": entry["at"] - 3600})  # now stale
    with CaptureQueriesContext(connection) as stale:
        html = client.get(reverse("portal:home")).content.decode()
    assert 'data-kind="penalty">1<' in html, "the last counts are served, nobody recounts"
    assert not _counts_in(stale.captured_queries)

    with CaptureQueriesContext(connection) as tick:
        schedule.every_minute()  # the worker's clock recounts what is stale
    assert len(_counts_in(tick.captured_queries)) == len(selectors.RECORD_KINDS)
    assert selectors.published_counts()["penalty"] == 2
    with CaptureQueriesContext(connection) as idle:
        schedule.every_minute()  # fresh: nothing to do
    assert not _counts_in(idle.captured_queries)

    f.penalty(company, dept)
    selectors.forget_published_counts()  # staff published something: the worker recounts at once
    assert selectors.published_counts()["penalty"] == 3


def test_cold_counts_are_queued_for_the_worker_not_counted_in_the_request(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks import default_task_backend

    from publicity import selectors

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    f.penalty(f.subject(), f.department())
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("portal:home")).content.decode()
        client.get(reverse("portal:home"))
    assert "统计数据正在更新" in first and "data-kind=" not in first
    assert not _counts_in(queries.captured_queries)
    queued = [r.task.name for r in default_task_backend.results]
    assert queued == ["recount_published_counts"], "asked once, however many visitors"
    selectors.recount_published()  # what the worker runs
    assert 'data-kind="penalty">1<' in client.get(reverse("portal:home")).content.decode()


def test_a_push_has_the_worker_recount_the_home_page(client):
    """A department system's push publishes records at once: the home page's counts follow
    without waiting for the five-minute refresh (the worker, immediate here, recounts)."""
    from django.test import Client

    from publicity import selectors
    from tests.records.exchange_factories import penalty_row, token

    dept = f.department()
    assert selectors.published_counts()["penalty"] == 0
    _t, key = token(dept)
    response = Client().post(
        "/api/v1/push/penalty/",
        {"rows": [penalty_row(dept), penalty_row(dept)]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.json()["created"] == 2
    assert 'data-kind="penalty">2<' in client.get(reverse("portal:home")).content.decode()

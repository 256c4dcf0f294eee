"""The server keeps whole public pages for anonymous visitors (portal.httpcache): a kept page is
the page byte for byte, a change to what it shows is on it as soon as the change commits, and
staff or visitors with a session never get the kept copy."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import httpcache
from portal.models import Article
from records import models as m
from records.appeals.objections import objection_accept, objection_lodge
from records.services.publication import record_approve
from tests import factories as f
from tests.publicity import factories as pf
from tests.records.appeal_factories import objection_data

pytestmark = pytest.mark.django_db

NUMBER = "西市监罚〔2026〕88号"


@pytest.fixture
def company(people):
    company = f.subject(name="西安鼎盛商贸有限公司")
    penalty = f.penalty(company, people.market, document_number="西市监罚〔2026〕12号")
    Article.objects.create(kind=Article.Kind.NEWS, title="我省信用信息平台上线", body="正文。")
    company.penalty = penalty
    return company


def public_urls(company) -> dict[str, str]:
    article = Article.objects.get()
    return {
        "home": reverse("portal:home"),
        "search": reverse("publicity:search") + "?q=鼎盛",
        "profile": reverse("publicity:subject", args=[company.uscc]),
        "columns": reverse("publicity:columns"),
        "column": reverse("publicity:column", args=["penalty"]),
        "column with a query": reverse("publicity:column", args=["penalty"]) + "?keyword=鼎盛&page=1",
        "record": reverse("publicity:record", args=["penalty", company.penalty.pk]),
        "lists": reverse("publicity:list_types"),
        "cases": reverse("publicity:measure_cases"),
        "statistics": reverse("creditstats:statistics"),
        "news": reverse("portal:news"),
        "article": reverse("portal:article", args=[article.pk]),
        "api guide": reverse("portal:api-guide"),
        "open data": "/api/v1/open/penalties/?page_size=5",
    }


def kept_pages() -> int:
    """Pages in the database cache's table (the generation is not a page)."""
    table = connection.ops.quote_name(settings.CACHES["pages"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE cache_key LIKE %s", ["%page:%"])
        return cursor.fetchone()[0]


def served_from_the_cache(client, url, **headers):
    """The response and whether it was served without touching a record or any other table but
    the page cache's (and the API throttle's counter)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    allowed = (settings.CACHES["pages"]["LOCATION"], "portal_ratecounter")
    return response, all(any(t in q["sql"] for t in allowed) for q in queries.captured_queries)


def headers(response) -> dict:
    return dict(response.items())


def anonymous_get_twice(url):
    """Two anonymous visitors: the first makes the page (a recount it starts may change the
    home page's counts while it is being made), the second is then sure to find it kept."""
    Client().get(url)
    return Client().get(url)


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "search",
        "profile",
        "columns",
        "column",
        "column with a query",
        "record",
        "lists",
        "cases",
        "statistics",
        "news",
        "article",
        "api guide",
        "open data",
    ],
)
def test_a_kept_page_is_served_with_the_same_bytes_and_headers(company, page):
    url = public_urls(company)[page]
    made = anonymous_get_twice(url)
    assert made.status_code == 200
    kept, from_cache = served_from_the_cache(Client(), url)
    assert from_cache, "the second visitor gets the kept page without the page's own queries"
    assert kept.content == made.content
    assert headers(kept) == headers(made)


def test_a_kept_page_answers_a_matching_etag_with_304(company):
    url = public_urls(company)["profile"]
    etag = anonymous_get_twice(url)["ETag"]
    again, from_cache = served_from_the_cache(Client(), url, HTTP_IF_NONE_MATCH=etag)
    assert from_cache and again.status_code == 304 and again["ETag"] == etag
    other = Client().get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200 and other["ETag"] == etag


def test_the_query_string_and_the_host_are_part_of_the_key(company, people):
    column = public_urls(company)["column"]
    anonymous_get_twice(column)
    found = Client().get(column + "?keyword=鼎盛").content.decode()
    nothing = Client().get(column + "?keyword=没有这家").content.decode()
    assert "西安鼎盛商贸有限公司" in found and "西安鼎盛商贸有限公司" not in nothing
    f.penalty(company, people.market, document_number=NUMBER)
    api = "/api/v1/open/penalties/?page_size=1"  # its next link names the host asked for
    for host in ("localhost", "127.0.0.1", "localhost"):
        assert Client().get(api, HTTP_HOST=host).json()["next"].startswith(f"http://{host}/")


@pytest.mark.django_db(transaction=True)
def test_a_published_record_is_on_every_page_as_soon_as_it_commits(people):
    company = f.subject(name="西安鼎盛商贸有限公司")
    draft = f.penalty(
        company,
        people.market,
        document_number=NUMBER,
        status=m.RecordStatus.SUBMITTED,
        entered_by=people.operator,
        submitted_by=people.operator,
    )
    shown = {  # what each page shows of the record once it is public
        reverse("portal:home"): "西安鼎盛商贸有限公司",
        reverse("publicity:search") + "?q=鼎盛": "有行政处罚",
        reverse("publicity:subject", args=[company.uscc]): NUMBER,
        reverse("publicity:column", args=["penalty"]): NUMBER,
        "/api/v1/open/penalties/": NUMBER,
    }
    for url, text in shown.items():
        assert text not in anonymous_get_twice(url).content.decode()
        assert served_from_the_cache(Client(), url)[1]
    record_url = reverse("publicity:record", args=["penalty", draft.pk])
    assert Client().get(record_url).status_code == 404

    with transaction.atomic():  # as a request or the worker publishes: the change commits at the end
        record_approve(draft, people.reviewer)
        # Until it commits, other connections do not see the record, and the kept pages stay.
        assert served_from_the_cache(Client(), reverse("publicity:column", args=["penalty"]))[1]

    for url, text in [*shown.items(), (record_url, NUMBER)]:
        response = Client().get(url)
        assert response.status_code == 200 and text in response.content.decode(), url


def test_a_page_made_while_a_change_commits_is_never_kept_as_new(company):
    """The generation is read before the page is made: a change in between leaves the page out
    of date, so the next visitor gets a fresh one (never the one made from older rows)."""
    url = public_urls(company)["column"]
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    lookup = httpcache.fetch(request)
    httpcache.public_pages_changed()
    response = HttpResponse("made from rows read before the change")
    httpcache.keep(lookup, request, response)
    assert httpcache.fetch(request).response is None


def test_staff_and_visitors_with_a_session_never_get_the_kept_copy(company, people):
    url = public_urls(company)["column"]
    kept = anonymous_get_twice(url)
    # The page's data changes behind the cache's back (a bulk UPDATE sends no signal): whoever
    # still sees the old name was served the kept copy.
    m.Penalty.objects.filter(pk=company.penalty.pk).update(subject_name="西安鼎盛商贸集团有限公司")

    staff = people.client(people.office_admin).get(url)
    assert "西安鼎盛商贸集团有限公司" in staff.content.decode()
    assert "private" in staff["Cache-Control"] and "ETag" not in staff
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "tied-to-this-visitor"
        assert "西安鼎盛商贸集团有限公司" in visitor.get(url).content.decode(), cookie

    # Nobody's page replaced the anonymous copy either.
    again, from_cache = served_from_the_cache(Client(), url)
    assert from_cache and again.content == kept.content


def test_personal_data_stays_masked_in_kept_pages(people):
    person = pf.person(name="张建国")
    entry = f.list_entry(person, people.market, lt=f.list_type(name="失信被执行人"))
    urls = [
        reverse("publicity:search") + "?q=张建国",
        reverse("publicity:subject", args=[str(person.pk)]),
        reverse("publicity:record", args=["list_entry", entry.pk]),
        reverse("publicity:column", args=["black"]),
        "/api/v1/open/black-list/",
    ]
    masked = person.id_number[:4]
    for url in urls:
        made = anonymous_get_twice(url)
        kept, from_cache = served_from_the_cache(Client(), url)
        assert from_cache and kept.content == made.content
        text = kept.content.decode()
        assert "张建国" in text, url
        assert person.id_number not in text and "13800000000" not in text and "某小区" not in text
    assert masked in json.dumps(Client().get(urls[-1]).json(), ensure_ascii=False)
    # Nor in what the cache holds.
    table = connection.ops.quote_name(settings.CACHES["pages"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")
        keys = [row[0].split(":", 2)[2] for row in cursor.fetchall()]
    for value in caches["pages"].get_many(keys).values():
        assert person.id_number.encode() not in json.dumps(value, default=repr).encode()


def test_answers_other_than_200_and_pages_with_a_form_are_never_kept(company, settings):
    Client().get(reverse("publicity:subject", args=["91610000000000000X"]))
    Client().get(reverse("publicity:record", args=["penalty", 10**9]))
    Client().get(reverse("publicity:column", args=["penalty"]) + "?format=csv")
    Client().get(reverse("complaints:submit"))
    Client().get("/api/v1/open/penalties/?page=999")
    assert kept_pages() == 0

    def form(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    request = RequestFactory().get("/a-form/")
    request.user = AnonymousUser()
    response = httpcache.public_page(form)(request)
    assert "private" in response["Cache-Control"] and kept_pages() == 0


def test_the_api_throttle_counts_kept_answers_and_its_refusal_is_not_kept(company, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "open_data": "3/min"},
    }
    url = public_urls(company)["open data"]
    statuses = [Client().get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert kept_pages() == 1


def test_the_browsable_api_is_never_kept(company):
    url = "/api/v1/open/penalties/"
    Client().get(url, HTTP_ACCEPT="text/html")
    assert kept_pages() == 0
    anonymous_get_twice(url)
    assert kept_pages() == 1


# ---------------------------------------------------------------------------- what makes pages out of date


def _article(company, people):
    Article.objects.create(kind=Article.Kind.NEWS, title="信用修复工作取得新进展", body="正文。")
    return [
        (reverse("portal:home"), "信用修复工作取得新进展"),
        (reverse("portal:news"), "信用修复工作取得新进展"),
    ]


def _list_type(company, people):
    lt = f.list_type(name="严重违法失信名单")
    lt.name = "市场监管严重违法失信名单"
    lt.save()
    return [(reverse("publicity:list_types"), "市场监管严重违法失信名单")]


def _objection_mark(company, people):
    objection = objection_lodge(**objection_data(company.penalty))
    objection_accept(objection, people.reviewer, mark_record=True)
    return [(reverse("publicity:record", args=["penalty", company.penalty.pk]), "异议处理中")]


def _statistics(company, people):
    from creditstats.figures import previous_month
    from creditstats.services import snapshot_month

    month = previous_month()
    snapshot_month(month, people.office_admin)
    return [(reverse("creditstats:statistics"), f"{month:%Y-%m} 全省情况")]


def _pushed_record(company, people):
    from tests.records.exchange_factories import penalty_row, token

    row = penalty_row(people.market, cf_xdr_mc="陕西鼎盛贸易有限公司", cf_wsh=NUMBER)
    response = Client().post(
        "/api/v1/push/penalty/",
        data=json.dumps({"rows": [row]}, ensure_ascii=False),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token(people.market)[1]}",
    )
    assert response.status_code == 200 and response.json()["created"] == 1
    return [
        (reverse("publicity:search") + "?q=鼎盛", "陕西<mark>鼎盛</mark>贸易有限公司"),
        (reverse("publicity:column", args=["penalty"]), NUMBER),
        ("/api/v1/open/penalties/?page_size=5", NUMBER),
    ]


def _measure(company, people):
    lt = f.list_type(name="失信被执行人")
    entry = f.list_entry(company, people.market, lt=lt)
    url = reverse("publicity:record", args=["list_entry", entry.pk])
    anonymous_get_twice(url)
    pf.measure(lt, "限制高消费")  # the M2M link comes after the measure is saved
    return [(url, "限制高消费")]


CHANGES = {
    "an article": _article,
    "a list type": _list_type,
    "an objection marked on a record": _objection_mark,
    "a month's statistics": _statistics,
    "a record pushed by a department": _pushed_record,
    "a measure linked to a list": _measure,
}
TARGETS = {
    "an article": ["home", "news"],
    "a list type": ["lists"],
    "an objection marked on a record": ["record"],
    "a month's statistics": ["statistics"],
    "a record pushed by a department": ["search", "column", "open data"],
    "a measure linked to a list": [],
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_to_what_a_page_shows_is_on_it_at_once(company, people, change):
    for page in TARGETS[change]:
        anonymous_get_twice(public_urls(company)[page])
    for url, text in CHANGES[change](company, people):
        assert text in Client().get(url).content.decode(), url


def test_changed_home_page_counts_make_the_home_page_out_of_date(company, people):
    from publicity.selectors import recount_published

    recount_published()
    home = anonymous_get_twice(reverse("portal:home")).content.decode()
    assert 'data-kind="penalty">1<' in home
    m.Penalty.objects.bulk_create(
        [m.Penalty(**{**_penalty_values(company, people), "document_number": NUMBER})]
    )
    recount_published()  # the worker's recount
    assert 'data-kind="penalty">2<' in Client().get(reverse("portal:home")).content.decode()


def _penalty_values(company, people) -> dict:
    p = company.penalty
    fields = [f.attname for f in m.Penalty._meta.concrete_fields if f.attname != "id"]
    return {name: getattr(p, name) for name in fields}


@pytest.fixture
def redis_pages(settings, redis_url):
    """The pages cache in a real Redis server, as with REDIS_URL (config/settings.py)."""
    original = settings.CACHES
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    settings.CACHES = {**original, "pages": {**redis, "KEY_PREFIX": "pages"}}
    yield
    settings.CACHES = original  # before the server stops


def test_pages_kept_in_redis_as_production_keeps_them(company, people, redis_pages):
    url = public_urls(company)["column"]
    made = anonymous_get_twice(url)
    with CaptureQueriesContext(connection) as queries:
        kept = Client().get(url)
    assert queries.captured_queries == [], "a kept page costs no database query at all"
    assert kept.content == made.content and headers(kept) == headers(made)
    staff = people.client(people.office_admin).get(url)
    assert "private" in staff["Cache-Control"]
    f.penalty(company, people.market, document_number=NUMBER)
    assert NUMBER in Client().get(url).content.decode()

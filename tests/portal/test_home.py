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


def test_home_counts_stay_served_while_one_request_recounts():
    from django.core.cache import cache

    from publicity import selectors

    dept, company = f.department(), f.subject()
    f.penalty(company, dept)
    assert selectors.published_counts()["penalty"] == 1
    f.penalty(company, dept)
    assert selectors.published_counts()["penalty"] == 1  # still fresh
    entry = cache.get(selectors.COUNTS_KEY)
    cache.set(selectors.COUNTS_KEY, {**entry, "at": entry["at"] - 3600})  # now stale
    cache.add(selectors.COUNTS_LOCK, 1, 60)  # another request is recounting
    assert selectors.published_counts()["penalty"] == 1  # served the last count, no wait
    cache.delete(selectors.COUNTS_LOCK)
    assert selectors.published_counts()["penalty"] == 2  # this request recounts
    f.penalty(company, dept)
    selectors.forget_published_counts()  # staff published something: counted at once
    assert selectors.published_counts()["penalty"] == 3

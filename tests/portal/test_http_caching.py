"""Anonymous public pages carry ETag / Cache-Control so a reverse proxy can keep them; staff and
visitor-specific responses never do."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    company = f.subject(name="西安鼎盛商贸有限公司")
    f.penalty(company, f.department())
    return company


def public_urls(company):
    return {
        "home": reverse("portal:home"),
        "search": reverse("publicity:search") + "?q=鼎盛",
        "profile": reverse("publicity:subject", args=[company.uscc]),
        "columns": reverse("publicity:columns"),
        "column": reverse("publicity:column", args=["penalty"]) + "?keyword=鼎盛",
    }


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("page", ["home", "search", "profile", "columns", "column"])
def test_anonymous_pages_are_cacheable_and_revalidate(company, page, settings):
    url = public_urls(company)[page]
    client = Client()
    response = client.get(url)
    assert response.status_code == 200
    assert {"public", "max-age=0", f"s-maxage={settings.PUBLIC_PAGE_MAX_AGE}"} <= cache_control(response)
    assert "cookie" in vary(response), "a proxy must not hand one visitor's variant to another"
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies
    etag = response["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag


@pytest.mark.parametrize("page", ["home", "search", "profile", "column"])
def test_staff_and_visitors_with_a_session_get_private_pages(company, page, people):
    url = public_urls(company)[page]
    staff = people.client(people.operator).get(url)
    assert staff.status_code == 200
    assert "private" in cache_control(staff) and "public" not in cache_control(staff)
    assert "ETag" not in staff

    visitor = Client()
    visitor.cookies["sessionid"] = "someone-with-a-session"
    response = visitor.get(url)
    assert "private" in cache_control(response) and "public" not in cache_control(response)


def test_not_found_and_forms_are_not_public(company):
    missing = Client().get(reverse("publicity:subject", args=["91610000000000000X"]))
    assert missing.status_code == 404 and "public" not in cache_control(missing)
    form = Client().get(reverse("complaints:submit"))
    assert "public" not in cache_control(form)
    csv = Client().get(reverse("publicity:column", args=["penalty"]) + "?format=csv")
    assert "public" not in cache_control(csv)

"""No 500 from the APIs: malformed depth, dates and ids are a 400 with a Chinese message naming the
parameter, and every error under /api/ is JSON (unknown URLs and server errors included)."""

import json

import pytest
from django.test import Client

from records.models import IngestBatch, Subject
from tests import factories as f
from tests.records.exchange_factories import token

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept():
    return f.department()


def _json(response):
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response.json()


def test_deeply_nested_json_in_a_push_is_a_400_and_writes_nothing(dept):
    _t, key = token(dept)
    for depth in (100, 100_000):
        body = '{"rows": [' + "[" * depth + "]" * depth + "]}"
        response = Client().post(
            "/api/v1/push/penalty/", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
        )
        assert response.status_code == 400
        assert "嵌套过深" in _json(response)["detail"]
    assert IngestBatch.objects.count() == 0 and Subject.objects.count() == 0


@pytest.mark.parametrize("feed", ["subjects", "list-entries"])
@pytest.mark.parametrize(
    "query, words",
    [
        ("since=9999-99-99", "since"),
        ("since=2026-02-30", "since"),
        ("since=2026-01-01T25:00:00", "since"),
        ("limit=0", "limit"),
        ("limit=99999999999999999999", "limit"),
        ("cursor=OTk5OS0xMi0zMVQwMDowMDowMCswMDowMHw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "cursor"),
    ],
)
def test_bad_feed_parameters_are_a_400_naming_the_parameter(dept, feed, query, words):
    _t, key = token(dept, direction="read")
    response = Client().get(f"/api/v1/changes/{feed}/?{query}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400
    assert words in _json(response)["detail"]


@pytest.mark.parametrize("feed", ["subjects", "list-entries"])
def test_moments_past_the_calendar_are_the_start_or_nothing_yet(dept, feed):
    _t, key = token(dept, direction="read")
    client = Client()
    for since in ("0001-01-01", "0001-01-01T00:00:00%2B14:00", "9999-12-31T23:59:59-12:00"):
        response = client.get(f"/api/v1/changes/{feed}/?since={since}", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200, since


@pytest.mark.parametrize(
    "query, field",
    [
        ("department=99999999999999999999", "department"),
        ("department=-1", "department"),
        ("department=abc", "department"),
        ("decided_after=2026-13-01", "decided_after"),
        ("page_size=abc", "page_size"),
        ("page_size=101", "page_size"),
        ("q=" + "长" * 101, "q"),
    ],
)
def test_bad_open_data_parameters_are_a_400_naming_the_parameter(query, field):
    response = Client().get(f"/api/v1/open/penalties/?{query}")
    assert response.status_code == 400
    body = _json(response)
    assert body["detail"].startswith(field) and body["field"] == field


def test_out_of_range_list_type_is_a_400():
    response = Client().get("/api/v1/open/black-list/?list_type=99999999999999999999")
    assert response.status_code == 400 and _json(response)["field"] == "list_type"


def test_an_empty_keyword_lists_everything():
    assert Client().get("/api/v1/open/penalties/?q=").status_code == 200


def test_a_page_past_the_end_is_a_json_404():
    response = Client().get("/api/v1/open/penalties/?page=99999999999999999999")
    assert response.status_code == 404 and "detail" in _json(response)


def test_errors_under_api_are_json(dept):
    assert Client().get("/api/v1/no-such-endpoint/").status_code == 404
    assert "接口不存在" in _json(Client().get("/api/v1/no-such-endpoint/"))["detail"]
    unauthenticated = Client().post("/api/v1/push/penalty/", {"rows": []}, content_type="application/json")
    assert unauthenticated.status_code == 401 and _json(unauthenticated)["detail"]
    wrong_method = Client().delete("/api/v1/open/penalties/")
    assert wrong_method.status_code == 405 and _json(wrong_method)["detail"]
    # Pages outside /api/ keep their HTML error page.
    assert Client().get("/no-such-page/")["Content-Type"].startswith("text/html")


def test_a_server_error_under_api_is_json(rf):
    from portal.views import server_error

    response = server_error(rf.get("/api/v1/open/penalties/"))
    assert response.status_code == 500
    assert "服务器内部错误" in json.loads(response.content)["detail"]

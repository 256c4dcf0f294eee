"""Open data API: public, read-only, throttled; the same publication rules and masking as pages."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from records.models import RecordStatus, Subject
from tests import factories as f

# Date-sensitive: also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def dept():
    return f.department()


def get(url, **params):
    return Client().get(url, params)


def test_each_column_lists_only_publishable_records(dept):
    company = f.subject()
    today = timezone.localdate()
    f.penalty(company, dept, document_number="罚-公示中")
    f.penalty(company, dept, document_number="罚-已撤销", status=RecordStatus.WITHDRAWN)
    f.penalty(company, dept, document_number="罚-已到期", publish_until=today - datetime.timedelta(days=1))
    f.permit(company, dept, document_number="许-有效")
    f.permit(company, dept, document_number="许-过期", valid_until=today - datetime.timedelta(days=1))
    f.commitment(company, dept, document_number="61010020260101000001")
    f.commitment(company, dept, document_number="61010020260101000002", disclosure="不可公开")
    f.list_entry(company, dept, f.list_type(), document_number="黑-1")
    f.list_entry(company, dept, f.list_type("A级纳税人", "red"), document_number="红-1")
    f.abnormal(company, dept, document_number="异-1")
    f.abnormal(company, dept, document_number="异-移出", removed_on=today - datetime.timedelta(days=2))
    f.inspection(company, dept, document_number="查-1")

    def docs(column):
        response = get(f"/api/v1/open/{column}/")
        assert response.status_code == 200
        return [r["document_number"] for r in response.json()["results"]]

    assert docs("penalties") == ["罚-公示中"]
    assert docs("permits") == ["许-有效"]
    assert docs("commitments") == ["61010020260101000001"]
    assert docs("black-list") == ["黑-1"]
    assert docs("red-list") == ["红-1"]
    assert docs("abnormal") == ["异-1"]
    assert docs("inspections") == ["查-1"]


def test_person_id_numbers_are_masked(dept):
    person = f.subject(name="钱某", kind=Subject.Kind.PERSON)
    f.list_entry(person, dept, f.list_type("失信被执行人"))
    text = get("/api/v1/open/black-list/").content.decode()
    assert person.id_number not in text
    row = get("/api/v1/open/black-list/").json()["results"][0]
    assert row["subject_id_number"] == person.id_number[:4] + "*" * 10 + person.id_number[-4:]


def test_filters_and_pagination(dept):
    company = f.subject(name="陕西筛选测试有限公司")
    other = f.subject(name="宝鸡其他有限公司")
    baoji = f.department(name="宝鸡市市场监督管理局", area="610300")
    f.penalty(company, dept, categories="警告;罚款", document_number="罚-警告")
    f.penalty(company, dept, categories="罚款;没收违法所得", document_number="罚-罚款")
    f.penalty(other, baoji, document_number="罚-宝鸡")
    for i in range(25):
        f.permit(company, dept, document_number=f"许-{i}")

    def docs(**params):
        return sorted(
            r["document_number"] for r in get("/api/v1/open/penalties/", **params).json()["results"]
        )

    assert docs(category="警告") == ["罚-警告"]
    assert docs(category="没收违法所得") == ["罚-罚款"]
    assert docs(region="610300") == ["罚-宝鸡"]
    assert docs(q="筛选测试") == ["罚-罚款", "罚-警告"]
    assert docs(uscc=" " + other.uscc.lower()) == ["罚-宝鸡"]
    assert docs(department=baoji.pk) == ["罚-宝鸡"]
    page = get("/api/v1/open/permits/", page_size=10, page=3).json()
    assert page["count"] == 25 and len(page["results"]) == 5 and page["next"] is None

    assert get("/api/v1/open/penalties/", decided_after="not-a-date").status_code == 400
    assert get("/api/v1/open/penalties/", category="罚金").status_code == 400
    assert get("/api/v1/open/permits/", page=99).status_code == 404


def test_read_only_and_throttled(dept, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "open_data": "3/day"},
    }
    codes = [get("/api/v1/open/permits/").status_code for _ in range(5)]
    assert Client().post("/api/v1/open/penalties/", {}, REMOTE_ADDR="192.0.2.50").status_code == 405
    assert codes[:3] == [200, 200, 200] and codes[3] == 429


def test_count_stops_at_the_pages_cap_and_the_cursor_reads_on(dept, monkeypatch):
    """Never a COUNT of every public row: the disclosure pages' cap (portal.paginator), then
    next_cursor, a keyset on (decision_date, id), to the last row whatever the depth."""
    from portal import paginator
    from publicity import api
    from tests.query_plans import queries_of

    assert api.DEFAULT_CAP is paginator.DEFAULT_CAP  # one definition for pages and API
    monkeypatch.setattr(api, "DEFAULT_CAP", 5)
    company = f.subject()
    today = timezone.localdate()
    for i in range(8):  # two on each day: the id breaks the tie
        f.permit(
            company, dept, document_number=f"许-{i}", decision_date=today - datetime.timedelta(days=i // 2)
        )
    newest_first = [f"许-{i}" for i in (1, 0, 3, 2, 5, 4, 7, 6)]

    url = "/api/v1/open/permits/"
    sql = queries_of(get, url, page_size=2)
    counts = [q for q in sql if "COUNT(" in q.upper() and '"records_permit"' in q]
    assert len(counts) == 1 and "LIMIT 6" in counts[0], counts
    first = get(url, page_size=2).json()
    assert first["count"] == 5 and first["count_capped"] is True
    assert "page=2" in first["next"] and first["next_cursor"]
    last_numbered = get(url, page_size=2, page=3).json()
    assert len(last_numbered["results"]) == 1 and "cursor=" in last_numbered["next"]
    assert get(url, page_size=2, page=4).status_code == 404

    seen, cursor = [r["document_number"] for r in first["results"]], first["next_cursor"]
    while cursor:
        page = get(url, page_size=3, cursor=cursor, page=99).json()  # page is ignored with a cursor
        assert page["previous"] is None and page["count"] == 5
        seen += [r["document_number"] for r in page["results"]]
        cursor = page["next_cursor"]
        assert (page["next"] is None) == (not cursor)
    assert seen == newest_first, "every row once, newest first"
    numbered = get(url, page_size=100).json()  # page numbers reach the cap, the cursor goes on
    assert [r["document_number"] for r in numbered["results"]] == newest_first[:5]
    assert numbered["next_cursor"] and "cursor=" in numbered["next"]
    assert get(url, cursor="not-a-cursor").status_code == 400
    assert get(url, cursor="0_1").json()["results"] == []  # past the oldest row
    assert len(get(url, cursor="99999999999999999999_1").json()["results"]) == 8  # before any row


def test_region_and_keyword_read_records_by_index(dept):
    """?region= by department ids (the (department, decision date) index), never a join through
    regions; ?q= finds the subjects first (their name index), never LIKE '%…%' on a record table."""
    from tests.query_plans import POSTGRES, plan, queries_of

    baoji = f.department(name="宝鸡市市场监督管理局", area="610300")
    company = f.subject(name="陕西筛选测试有限公司")
    f.penalty(company, baoji, document_number="罚-宝鸡")
    f.penalty(f.subject(name="西安其他有限公司"), dept, document_number="罚-西安")

    url = "/api/v1/open/penalties/"
    assert [r["document_number"] for r in get(url, region="610300").json()["results"]] == ["罚-宝鸡"]
    records = [q for q in queries_of(get, url, region="610300") if 'FROM "records_penalty"' in q]
    assert len(records) == 2  # the capped count and the page
    for sql in records:
        assert "records_region" not in sql and '"records_penalty"."department_id" IN (' in sql, sql
        if POSTGRES:
            shown = plan(sql)
            assert "records_region" not in shown and "Seq Scan on records_penalty" not in shown, shown

    assert [r["document_number"] for r in get(url, q="筛选测试").json()["results"]] == ["罚-宝鸡"]
    sql = queries_of(get, url, q="筛选测试")
    records = [q for q in sql if 'FROM "records_penalty"' in q]
    assert len(records) == 2 and all("LIKE" not in q.upper() for q in records), records
    assert all('"records_penalty"."subject_id" IN (' in q for q in records)
    by_name = [q for q in sql if 'FROM "records_subject"' in q and "LIKE" in q.upper() or "bigrams" in q]
    assert len(by_name) == 1, "the name fragment is looked up once, on subjects"

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

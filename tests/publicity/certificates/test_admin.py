"""The query log (存档备查): staff filter it by subject, department, purpose and date, and export it."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from publicity.certificates.models import Certificate
from tests import factories as f
from tests.publicity.certificates.factories import issue

# Date-sensitive: also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock]
CHANGELIST = "admin:publicity_certificate_changelist"


@pytest.fixture
def staff_client(people):
    """孙管理, 信用办管理员 with the role as shipped (records and publicity migrations)."""
    return people.client(people.office_admin)


@pytest.fixture
def log():
    finance = f.department(name="西安市财政局", short_name="西财")
    company = f.subject(name="陕西秦华建筑工程有限公司")
    other = f.subject(name="宝鸡渭滨食品有限公司")
    return {
        "finance": finance,
        "company": company,
        "other": other,
        "a": issue(company, purpose="procurement", requester_org="西安市财政局").certificate,
        "b": issue(company, purpose="honours", requester_org="某协会").certificate,
        "c": issue(other, purpose="bidding", requester_org="西安市财政局").certificate,
    }


def listed(response) -> set[str]:
    return {c.serial for c in response.context["cl"].result_list}


def test_log_lists_every_issuance(staff_client, log):
    response = staff_client.get(reverse(CHANGELIST))
    page = response.content.decode()
    assert response.status_code == 200
    assert listed(response) == {log[k].serial for k in "abc"}
    assert "10.0.0.8" in page and "政府采购" in page


@pytest.mark.parametrize(
    "params, expected",
    [
        (lambda log: {"subject": log["company"].pk}, "ab"),
        (lambda log: {"department__id__exact": log["finance"].pk}, "ac"),
        (lambda log: {"purpose__exact": "bidding"}, "c"),
        (
            lambda log: {
                "issued_at__gte": "2000-01-01 00:00:00+08:00",
                "issued_at__lt": "2000-01-02 00:00:00+08:00",
            },
            "",
        ),
        (lambda log: {"q": "宝鸡渭滨"}, "c"),
        (lambda log: {"q": log["a"].serial}, "a"),
    ],
)
def test_filters(staff_client, log, params, expected):
    response = staff_client.get(reverse(CHANGELIST), params(log))
    assert response.status_code == 200
    assert listed(response) == {log[k].serial for k in expected}


def test_date_filter_today(staff_client, log):
    response = staff_client.get(reverse(CHANGELIST))
    choices = response.context["cl"].filter_specs[0].choices(response.context["cl"])
    today_link = next(c for c in choices if c["display"] == "今天")
    assert listed(staff_client.get(reverse(CHANGELIST) + today_link["query_string"])) == {
        log[k].serial for k in "abc"
    }


def test_subject_name_links_to_that_subjects_log(staff_client, log):
    page = staff_client.get(reverse(CHANGELIST)).content.decode()
    assert f"?subject={log['other'].pk}" in page


def _export(staff_client, action, log):
    return staff_client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [log[k].pk for k in "abc"]},
    )


def test_export_csv(staff_client, log):
    response = _export(staff_client, "export_csv", log)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["流水号", "证书编号", "查询时间"]
    assert {row[0] for row in rows[1:]} == {log[k].serial for k in "abc"}
    assert any(row[5] == "评先评优" and row[6] == "某协会" for row in rows[1:])


def test_export_xlsx(staff_client, log):
    response = _export(staff_client, "export_xlsx", log)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "流水号" and len(values) == 4


def test_log_is_read_only(staff_client, log):
    assert staff_client.get(reverse("admin:publicity_certificate_add")).status_code == 403
    assert (
        staff_client.get(reverse("admin:publicity_certificate_delete", args=[log["a"].pk])).status_code == 403
    )
    detail = staff_client.get(reverse("admin:publicity_certificate_change", args=[log["a"].pk]))
    assert detail.status_code == 200 and log["a"].number in detail.content.decode()
    staff_client.post(
        reverse("admin:publicity_certificate_change", args=[log["a"].pk]), {"requester_org": "改"}
    )
    assert Certificate.objects.get(pk=log["a"].pk).requester_org == "西安市财政局"


def test_changelist_queries_do_not_grow_with_rows(staff_client, log):
    staff_client.get(reverse(CHANGELIST))  # first request of the session does one-off work
    with CaptureQueriesContext(connection) as few:
        staff_client.get(reverse(CHANGELIST))
    for _ in range(5):
        issue(log["other"], requester_org="西安市财政局")
    with CaptureQueriesContext(connection) as more:
        staff_client.get(reverse(CHANGELIST))
    assert len(more) == len(few)

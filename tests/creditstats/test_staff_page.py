"""The staff page: the credit office and auditors see every unit with changes and rankings; a
department operator only its own department's row; complaint handlers and staff without a
role are refused."""

from io import BytesIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from creditstats.selectors import stored_month
from portal.workbench import links
from tests.creditstats.demo import MONTH

pytestmark = pytest.mark.django_db
URL = "/admin/creditstats/monthlysnapshot/?month=2026-10"


@pytest.mark.parametrize("role", ["office_admin", "reviewer", "auditor"])
def test_the_credit_office_and_auditors_see_every_unit(month_data, people, role):
    call_command("monthly_statistics", "2026-10")
    page = people.client(getattr(people, role)).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("陕西省", "西安市", "宝鸡市", "杨凌示范区", "韩城市", people.market.name, people.baoji.name):
        assert name in html
    assert 'id="ranking-units"' in html and 'id="ranking-departments-volume"' in html
    assert 'id="silent-departments"' in html and people.ecology.name in html
    assert "统计快照生成于" in html


def test_rankings_order_by_on_time_rate_and_volume(month_data, people):
    page = people.client(people.office_admin).get(URL)
    ranking = page.context["ranking_units"]
    assert [r["name"] for r in ranking["by_rate"]] == ["西安市", "宝鸡市"]  # 66.7% before 50%
    assert [r["name"] for r in ranking["by_volume"]][:2] == ["西安市", "宝鸡市"]
    departments = [r["name"] for r in page.context["ranking_departments"]["by_rate"]]
    assert departments[0] == people.market.name and departments[-1] == people.ecology.name


def test_month_on_month_changes(month_data, people):
    call_command("monthly_statistics", "2026-09")
    page = people.client(people.office_admin).get(URL)
    table = page.context["table"]
    baoji = next(r for r in table["units"] if r["name"] == "宝鸡市")
    # September had one list entry reported in 宝鸡; October three records.
    assert baoji["change"]["reported_total"] == 3 - 1
    assert baoji["change"]["reported_list_entry"] == 0
    assert table["total_change"]["reported_total"] == 10 - 1
    assert table["previous_month"] == "2026-09"


def test_a_month_without_snapshot_is_computed_live_and_says_so(month_data, people):
    html = people.client(people.office_admin).get(URL).content.decode()
    assert "尚未生成统计快照" in html


def test_an_operator_sees_only_their_own_department(month_data, people):
    call_command("monthly_statistics", "2026-10")
    page = people.client(people.operator).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert people.market.name in html
    for other in (people.ecology.name, people.baoji.name, "宝鸡市", "杨凌示范区"):
        assert other not in html
    assert page.context["table"]["units"] == [] and page.context["ranking_units"] is None
    export = people.client(people.operator).get("/admin/creditstats/monthlysnapshot/export/?month=2026-10")
    wb = load_workbook(BytesIO(export.content))
    assert wb.sheetnames == ["各部门"]
    assert [row[0].value for row in wb["各部门"].iter_rows(min_row=4)] == [people.market.name]


@pytest.mark.parametrize("role", ["outsider", "complaint_handler"])
def test_staff_without_a_statistics_role_are_refused(month_data, people, role):
    client = people.client(getattr(people, role))
    assert client.get(URL).status_code == 403
    assert client.get("/admin/creditstats/monthlysnapshot/export/?month=2026-10").status_code == 403


def test_the_public_is_sent_to_the_login(month_data, client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_office_admin_generates_a_finished_month(month_data, people):
    client = people.client(people.office_admin)
    assert "生成本月统计快照" in client.get(URL).content.decode()
    response = client.post(URL)
    assert response.status_code == 302
    assert stored_month(MONTH)["generated_by"] == people.office_admin.username
    assert "按当前数据重新生成快照" in client.get(URL).content.decode()


@pytest.mark.parametrize("role", ["reviewer", "auditor", "operator"])
def test_other_roles_cannot_generate(month_data, people, role):
    client = people.client(getattr(people, role))
    assert "生成本月统计快照" not in client.get(URL).content.decode()
    assert client.post(URL).status_code == 403


def test_the_current_month_cannot_be_frozen(db, people):
    client = people.client(people.office_admin)
    assert (
        client.post(f"/admin/creditstats/monthlysnapshot/?month={timezone.localdate():%Y-%m}").status_code
        == 403
    )


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("office_admin", True),
        ("reviewer", True),
        ("auditor", True),
        ("operator", True),
        ("complaint_handler", False),
        ("outsider", False),
    ],
)
def test_the_workbench_links_the_page_for_the_roles_that_may_open_it(people, role, shown):
    labels = {link.label for link in links(getattr(people, role))}
    assert ("月度统计" in labels) is shown

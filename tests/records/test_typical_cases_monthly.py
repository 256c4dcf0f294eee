"""Typical cases of joint reward and punishment, monthly (seed task (十)): departments report
their cases or "本月无" by the due day, the credit office sees who is late and publishes the cases
it selects on the public 联合奖惩典型案例 page, never with a person's data."""

import datetime

import pytest
from django.utils import timezone

from records.deadlines import typical_cases_due
from records.models import MeasureCase, MeasureCaseNone
from tests import factories as f
from tests.publicity import factories as pf

pytestmark = pytest.mark.django_db

ADD_CASE = "/admin/records/measurecase/add/"
ADD_NONE = "/admin/records/measurecasenone/add/"
CASES = "/admin/records/measurecase/"


def months_ago(n: int) -> datetime.date:
    day = timezone.localdate().replace(day=1)
    for _ in range(n):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


@pytest.fixture
def measure():
    return pf.measure(f.list_type())


def case_form(department, measure, month, **over) -> dict:
    data = {
        "department": department.pk,
        "month": month.isoformat(),
        "measure": measure.pk,
        "subject_name": "西安失信建材有限公司",
        "subject_uscc": f.uscc(),
        "title": "失信企业被限制参与政府采购",
        "summary": "该企业被列入严重违法失信名单后，在市级政府采购项目中被依法拒绝参与投标。",
        "outcome": "企业主动履行法定义务并申请信用修复。",
    }
    data.update(over)
    return data


def test_the_due_day_is_the_tenth_of_the_next_month_in_calendar_or_working_days(settings):
    assert typical_cases_due(datetime.date(2026, 11, 17)) == datetime.date(2026, 12, 10)
    settings.TYPICAL_CASES_DUE_IN_WORKING_DAYS = True
    # December 2026: the 1st is a Tuesday; ten working days later is Monday the 14th.
    assert typical_cases_due(datetime.date(2026, 11, 1)) == datetime.date(2026, 12, 14)


def test_an_operator_reports_only_for_their_own_department(people, measure):
    month = months_ago(1)
    wang = people.client(people.operator)
    assert wang.post(ADD_CASE, case_form(people.market, measure, month)).status_code == 302
    case = MeasureCase.objects.get()
    assert case.department == people.market and case.reported_by == people.operator and case.month == month

    refused = wang.post(ADD_CASE, case_form(people.ecology, measure, month, title="替别的部门报送"))
    assert refused.status_code == 200 and "只能填报本部门" in refused.content.decode()
    refused = wang.post(ADD_NONE, {"department": people.ecology.pk, "month": month.isoformat()})
    assert refused.status_code == 200 and "只能填报本部门" in refused.content.decode()
    assert MeasureCase.objects.count() == 1 and not MeasureCaseNone.objects.exists()

    # A month with cases cannot also be declared empty.
    again = wang.post(ADD_NONE, {"department": people.market.pk, "month": month.isoformat()})
    assert "不能再声明“本月无”" in again.content.decode()


def test_the_office_sees_who_reported_declared_none_or_is_late(people, measure):
    month = months_ago(2)  # its due day has passed
    people.client(people.operator).post(ADD_CASE, case_form(people.market, measure, month))
    declared = people.client(people.other_operator).post(
        ADD_NONE, {"department": people.ecology.pk, "month": month.replace(day=20).isoformat()}
    )
    assert declared.status_code == 302
    assert MeasureCaseNone.objects.get().month == month

    page = people.client(people.office_admin).get("/admin/typical-cases/", {"month": month.strftime("%Y-%m")})
    assert page.status_code == 200
    html = page.content.decode()
    rows = {r["department"].name: r for r in page.context["rows"]}
    assert set(rows) == {"西安市市场监督管理局", "西安市生态环境局", "宝鸡市市场监督管理局"}  # not the office
    assert rows["西安市市场监督管理局"]["state"] == "cases" and rows["西安市市场监督管理局"]["cases"] == 1
    assert rows["西安市生态环境局"]["state"] == "none"  # "本月无" counts as reported
    assert rows["宝鸡市市场监督管理局"]["state"] == "late" and rows["宝鸡市市场监督管理局"]["late"]
    assert "逾期未报送" in html and "本月无" in html and "已报送典型案例" in html
    assert "逾期未报送 1 个" in html

    # Reporting after the due day counts as reported, and late.
    people.client(people.baoji_operator).post(
        ADD_NONE, {"department": people.baoji.pk, "month": month.isoformat()}
    )
    rows = {
        r["department"].name: r
        for r in people.client(people.auditor)
        .get("/admin/typical-cases/", {"month": month.strftime("%Y-%m")})
        .context["rows"]
    }
    assert rows["宝鸡市市场监督管理局"]["state"] == "none" and rows["宝鸡市市场监督管理局"]["late"]

    assert people.client(people.operator).get("/admin/typical-cases/").status_code == 403


def test_publishing_puts_the_case_on_the_public_page(people, measure, client):
    month = months_ago(1)
    people.client(people.operator).post(ADD_CASE, case_form(people.market, measure, month))
    person_case = MeasureCase.objects.create(
        department=people.market,
        month=month,
        measure=measure,
        subject_name="张建国",
        title="失信被执行人乘坐高铁受限",
        summary="被执行人购买高铁车票时被系统拦截，随后主动履行判决。",
    )
    case = MeasureCase.objects.exclude(pk=person_case.pk).get()
    assert "失信企业被限制参与政府采购" not in client.get("/cases/").content.decode()

    # An operator has no publish action: the case stays unpublished.
    people.client(people.operator).post(CASES, {"action": "publish_cases", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert not case.is_published

    reviewer = people.client(people.reviewer)
    done = reviewer.post(
        CASES, {"action": "publish_cases", "_selected_action": [case.pk, person_case.pk]}, follow=True
    )
    assert "已发布 2 个典型案例" in done.content.decode()
    case.refresh_from_db()
    assert case.published_by == people.reviewer

    page = client.get("/cases/").content.decode()
    assert (
        "联合奖惩典型案例" in page and "失信企业被限制参与政府采购" in page and "西安失信建材有限公司" in page
    )
    assert "失信被执行人乘坐高铁受限" in page and "张建国" not in page and "姓名不予公开" in page
    assert "失信投诉举报典型案例" not in page  # the complaint window's cases are another page

    reviewer.post(CASES, {"action": "unpublish_cases", "_selected_action": [case.pk]})
    assert "失信企业被限制参与政府采购" not in client.get("/cases/").content.decode()

    from records.models import AuditEntry

    assert (
        AuditEntry.objects.filter(
            content_type__model="measurecase", object_id=str(case.pk), actor=people.reviewer
        ).count()
        == 2
    )


@pytest.mark.parametrize(
    ("field", "text", "found"),
    [
        ("summary", "当事人王某（身份证号610102198503120011）拒不履行。", "身份证号码"),
        ("outcome", "联系人电话 13812345678，已整改。", "手机号码"),
        ("title", "张建国乘坐高铁受限", "自然人姓名"),
    ],
)
def test_a_case_with_personal_data_is_refused_at_publication(people, measure, client, field, text, found):
    case = MeasureCase.objects.create(
        department=people.market,
        month=months_ago(1),
        measure=measure,
        subject_name="张建国",
        title="失信被执行人乘坐高铁受限",
        summary="被执行人购买车票时被拦截。",
        outcome="已履行。",
    )
    setattr(case, field, text)
    case.save()
    response = people.client(people.office_admin).post(
        CASES, {"action": "publish_cases", "_selected_action": [case.pk]}, follow=True
    )
    html = response.content.decode()
    assert f"含有{found}" in html and "请删除后再发布" in html
    case.refresh_from_db()
    assert not case.is_published
    assert "乘坐高铁" not in client.get("/cases/").content.decode()

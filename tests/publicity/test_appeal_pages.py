"""The public credit repair and objection pages: apply, get a number, follow it."""

import pytest
from django.urls import reverse

from records import models as m
from records.appeals.repairs import repair_accept
from tests import factories as f
from tests.records.appeal_factories import objection_data, old_penalty, pdf, repair_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def penalty():
    return old_penalty(
        f.subject(name="西安页面测试有限公司"), f.department(), document_number="西市监罚〔2026〕77号"
    )


def test_intro_pages_explain_the_steps(client):
    repair = client.get(reverse("appeals:repair")).content.decode()
    assert "待审核" in repair and "待核实" in repair and "已完成" in repair
    objection = client.get(reverse("appeals:objection")).content.decode()
    assert "异议处理中" in objection and "维持原记录" in objection


def test_apply_then_track_with_number_and_code(client, people, penalty):
    data = repair_data(penalty, agree="on", attachments=pdf())
    response = client.post(reverse("appeals:repair_apply"), data)
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    repair = m.CreditRepair.objects.get()
    assert repair.number in done and repair.attachments.count() == 1

    track = client.get(
        reverse("appeals:repair_track"),
        {"number": repair.number, "applicant_code": penalty.subject.uscc.lower()},
    ).content.decode()
    assert "待审核" in track and "申请已提交" in track and "刘*" in track
    assert "029-88886666" not in track

    repair_accept(repair, people.reviewer)
    track = client.get(
        reverse("appeals:repair_track"), {"number": repair.number, "applicant_code": penalty.subject.uscc}
    ).content.decode()
    assert "待核实" in track and "chen" not in track and "陈审核" not in track  # staff stay internal


def test_tracking_with_another_code_finds_nothing(client, penalty):
    client.post(reverse("appeals:repair_apply"), repair_data(penalty, agree="on"))
    repair = m.CreditRepair.objects.get()
    page = client.get(
        reverse("appeals:repair_track"), {"number": repair.number, "applicant_code": f.uscc()}
    ).content.decode()
    assert "未找到该申请" in page and "待审核" not in page


def test_errors_are_shown_beside_the_field(client, penalty):
    other = f.subject(name="冒名公司")
    page = client.post(
        reverse("appeals:repair_apply"), repair_data(penalty, agree="on", applicant_code=other.uscc)
    ).content.decode()
    assert "只能就本主体的信息提出申请" in page
    page = client.post(
        reverse("appeals:repair_apply"),
        repair_data(penalty, agree="on", applicant_code="123", contact_phone="abc"),
    ).content.decode()
    assert "统一社会信用代码" in page and "联系电话格式不正确" in page
    page = client.post(reverse("appeals:repair_apply"), repair_data(penalty)).content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    assert not m.CreditRepair.objects.exists()


def test_objection_form_and_tracking(client, penalty):
    response = client.post(reverse("appeals:objection_apply"), objection_data(penalty))
    assert response.status_code == 302
    objection = m.Objection.objects.get()
    page = client.get(
        reverse("appeals:objection_track"),
        {"number": objection.number, "applicant_code": penalty.subject.uscc},
    ).content.decode()
    assert "待受理" in page and penalty.department.name in page


def test_done_page_without_an_application_goes_back(client):
    response = client.get(reverse("appeals:repair_done"))
    assert response.status_code == 302 and response["Location"] == reverse("appeals:repair")


def test_repeated_wrong_tracking_lookups_are_throttled(client, settings):
    settings.APPEAL_TRACK_FAILURE_LIMIT = (3, 3600)
    url = "/repair/track/"
    params = {"number": "XF20261126000000", "applicant_code": "91110000802100433B"}
    for _ in range(3):
        assert client.get(url, params).status_code == 200
    response = client.get(url, params)
    assert response.status_code == 429 and "查询失败次数过多" in response.content.decode()


def test_repeated_applications_from_one_address_are_throttled(client, settings):
    settings.APPEAL_SUBMIT_LIMIT = (2, 3600)
    for _ in range(2):
        assert client.post("/objections/apply/", {}).status_code == 200  # form errors, counted
    response = client.post("/objections/apply/", {})
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()

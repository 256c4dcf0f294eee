"""A record's own page: /records/<kind>/<pk>/ with all its public fields."""

from decimal import Decimal

import pytest
from django.urls import reverse

from records import models as m
from records.kinds import RECORD_KINDS
from tests import factories as f
from tests.publicity import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept():
    return f.department()


@pytest.fixture
def company():
    return f.subject(name="陕西秦华建筑工程有限公司")


def page(client, record):
    return client.get(reverse("publicity:record", args=[record.kind, record.pk]))


def test_penalty_page_shows_the_national_fields(client, company, dept):
    p = f.penalty(
        company,
        dept,
        categories="罚款;没收违法所得",
        fine_amount=Decimal("5.50"),
        legal_rep_id_type="resident_id",
        legal_rep_id_number="11010519491231002X",
        document_number="西市监罚〔2026〕88号",
    )
    response = page(client, p)
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "行政处罚决定书文号",
        "西市监罚〔2026〕88号",
        "违法行为类型",
        "发布虚假广告",
        "罚款、没收违法所得",
        "5.5",
        "处罚机关",
        dept.name,
        "数据来源单位统一社会信用代码",
        dept.uscc,
        "公示截止期",
    ):
        assert text in html
    assert "11010519491231002X" not in html and "1101**********002X" in html
    assert reverse("publicity:subject", args=[company.uscc]) in html


def test_default_publication_deadline_is_shown_when_none_was_reported(client, company, dept):
    p = f.penalty(company, dept, decision_date=pf.days_ago(10))
    expected = (pf.days_ago(10).replace(year=pf.days_ago(10).year + 1)).isoformat()
    assert expected in page(client, p).content.decode()


@pytest.mark.parametrize(
    "make",
    [
        lambda s, d: pf.withdrawn_penalty(s, d),
        lambda s, d: pf.expired_penalty(s, d),
        lambda s, d: f.penalty(s, d, status=m.RecordStatus.REPAIRED),
        lambda s, d: f.commitment(s, d, disclosure=m.Commitment.Disclosure.RESTRICTED),
        lambda s, d: f.list_entry(s, d, removed_on=pf.days_ago(1)),
        lambda s, d: f.permit(s, d, current_state=m.Permit.State.INVALID),
    ],
)
def test_records_that_are_not_publishable_have_no_page(client, company, dept, make):
    response = page(client, make(company, dept))
    assert response.status_code == 404
    assert "已不在公示期内" in response.content.decode()


def test_unknown_kind_or_id_is_404(client):
    assert client.get("/records/nosuchkind/1/").status_code == 404
    assert client.get("/records/penalty/999999/").status_code == 404
    assert client.get("/records/penalty/99999999999999999999999999/").status_code == 404
    assert client.get("/records/penalty/0/").status_code == 404


def test_a_record_of_one_kind_is_not_found_under_another(client, company, dept):
    reward = f.action(m.Reward, company, dept)
    assert client.get(f"/records/filing/{reward.pk}/").status_code == 404
    assert client.get(f"/records/reward/{reward.pk}/").status_code == 200


@pytest.mark.parametrize("slug", list(RECORD_KINDS))
def test_every_kind_has_a_page(client, company, dept, slug):
    model = RECORD_KINDS[slug].model
    builders = {
        "permit": f.permit,
        "penalty": f.penalty,
        "inspection": f.inspection,
        "abnormal": f.abnormal,
        "list_entry": f.list_entry,
        "commitment": f.commitment,
        "rating": f.rating,
    }
    record = builders[slug](company, dept) if slug in builders else f.action(model, company, dept)
    response = page(client, record)
    assert response.status_code == 200
    title = "黑名单" if slug == "list_entry" else str(RECORD_KINDS[slug].label)
    assert f"<h1>{title}<span" in response.content.decode()


def test_list_entry_page_shows_its_measures(client, company, dept):
    lt = f.list_type(name="失信被执行人", is_serious=True)
    pf.measure(lt, "限制高消费")
    entry = f.list_entry(company, dept, lt=lt)
    html = page(client, entry).content.decode()
    assert "失信被执行人" in html and "限制高消费" in html and "黑名单" in html


def test_person_records_show_masked_id_and_no_contact_details(client, dept):
    person = pf.person(name="张三")
    entry = f.list_entry(person, dept, lt=f.list_type(name="失信被执行人"))
    html = page(client, entry).content.decode()
    assert person.id_number not in html
    assert person.id_number[:4] in html and person.id_number[-4:] in html
    assert "13800000000" not in html and "某小区" not in html

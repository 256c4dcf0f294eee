"""Credit repair under 国家发展改革委令第36号: the minimum period, 谁认定、谁修复, the offline
window, and the propagation feed that tells every system which pulled a record to stop using it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from publicity.certificates.snapshot import build_snapshot, document_numbers
from records import models as m
from records.appeals.common import AppealError
from records.appeals.repairs import repair_accept, repair_apply, repair_approve, repair_complete
from records.services.propagation import pending_consumers
from tests import factories as f
from tests.records.appeal_factories import old_penalty, repair_data
from tests.records.exchange_factories import token

pytestmark = pytest.mark.django_db
DOC = "西市监罚〔2026〕88号"


@pytest.fixture
def company():
    return f.subject(name="西安守诺整改商贸有限公司")


def feed(key, **params):
    return Client().get("/api/v1/changes/repairs/", params, HTTP_AUTHORIZATION=f"Bearer {key}")


def repaired(people, penalty):
    repair = repair_apply(**repair_data(penalty))
    repair_accept(repair, people.reviewer)
    repair_approve(repair, people.operator, "罚款已缴清。")
    repair_complete(repair, people.reviewer)
    return repair


def test_a_repaired_penalty_leaves_every_public_view_and_is_a_del_in_the_feed(people, company, settings):
    settings.CHANGES_FEED_LAG_SECONDS = 0
    tax_token, tax_key = token(people.market, direction="read", name="税收征管系统")
    agency_token, agency_key = token(people.office, direction="read", name="某信用服务机构")
    penalty = old_penalty(company, people.market, document_number=DOC)
    anon = Client()
    assert DOC in anon.get("/disclosure/penalty/", {"keyword": company.name}).content.decode()

    repair = repaired(people, penalty)

    for url in (f"/subjects/{company.uscc}/", "/disclosure/penalty/?keyword=西安守诺", "/search/?q=西安守诺"):
        assert DOC not in anon.get(url).content.decode(), url
    assert anon.get("/api/v1/open/penalties/", {"uscc": company.uscc}).json()["results"] == []
    credit = Client().get(f"/api/v1/credit-check/{company.uscc}/", HTTP_AUTHORIZATION=f"Bearer {tax_key}")
    assert DOC not in credit.content.decode()
    assert DOC not in document_numbers(build_snapshot(company))
    # Still in the store for staff and audit.
    penalty.refresh_from_db()
    assert penalty.status == m.RecordStatus.REPAIRED

    delta = m.RecordDelta.objects.get()
    assert {t.name for t in pending_consumers(delta)} == {"税收征管系统", "某信用服务机构"}
    page = feed(tax_key).json()
    assert [(r["op"], r["document_number"], r["subject_uscc"]) for r in page["results"]] == [
        ("DEL", DOC, company.uscc)
    ]
    assert repair.number in page["results"][0]["reason"] and page["has_more"] is False
    assert [t.name for t in pending_consumers(delta)] == ["某信用服务机构"]
    # Staff see who has not fetched it yet.
    admin_page = people.client(people.reviewer).get(reverse("admin:records_recorddelta_changelist"))
    assert "某信用服务机构" in admin_page.content.decode()
    assert "税收征管系统" not in admin_page.content.decode()
    # The cursor moves on; a push token cannot read the feed; a bad cursor is named.
    assert feed(tax_key, cursor=page["next_cursor"]).json()["results"] == []
    assert feed(agency_key).json()["results"][0]["op"] == "DEL"
    assert pending_consumers(delta) == []
    _push, push_key = token(people.market, direction="push", name="执法系统")
    assert feed(push_key).status_code == 403
    bad = feed(tax_key, cursor="不是游标")
    assert bad.status_code == 400 and "cursor" in bad.json()["detail"]


def test_repair_before_the_minimum_period_names_the_date_on_both_sides_of_2026_04_01(people, company):
    before = f.penalty(
        company,
        people.ecology,
        categories="吊销许可证件",
        fine_amount=None,
        decision_date=datetime.date(2026, 3, 31),
        document_number="西环罚〔2026〕1号",
    )
    after = f.penalty(
        company,
        people.ecology,
        categories="吊销许可证件",
        fine_amount=None,
        decision_date=datetime.date(2026, 4, 1),
        document_number="西环罚〔2026〕2号",
    )
    assert before.repair_from == datetime.date(2026, 9, 30)  # 527号: 6 months
    assert after.repair_from == datetime.date(2027, 4, 1)  # 第36号: 1 year
    # Decided under 527号: its 6 months are over, the application goes in.
    assert repair_apply(**repair_data(before)).status == m.CreditRepair.Status.PENDING_REVIEW
    # Decided under 第36号 100 days ago: refused, saying from which day it is allowed.
    recent = f.penalty(
        company,
        people.ecology,
        categories="吊销许可证件",
        fine_amount=None,
        decision_date=timezone.localdate() - datetime.timedelta(days=100),
        document_number="西环罚〔2026〕3号",
    )
    with pytest.raises(AppealError) as exc:
        repair_apply(**repair_data(recent))
    message = exc.value.message_dict["document_number"][0]
    assert "严重" in message and f"自 {recent.repair_from.isoformat()} 起方可申请信用修复" in message


def test_the_deciding_department_decides_and_staff_enter_offline_applications(people, company):
    penalty = old_penalty(company, people.market, document_number=DOC)
    repair = repair_apply(**repair_data(penalty), entered_by=people.operator)
    assert repair.channel == m.CreditRepair.Channel.OFFLINE and repair.entered_by == people.operator
    assert repair.events.get().actor == people.operator
    repair_accept(repair, people.reviewer)
    # 谁认定、谁修复: not the credit office, not another department.
    for user in (people.reviewer, people.other_operator):
        with pytest.raises(AppealError, match="谁认定、谁修复"):
            repair_approve(repair, user)
    repair_approve(repair, people.colleague)
    repair_complete(repair, people.reviewer)
    repair.refresh_from_db()
    assert repair.commitment.commitment_type == m.Commitment.CommitmentType.CREDIT_REPAIR
    with pytest.raises(AppealError, match="只有信用办或部门工作人员"):
        repair_apply(**repair_data(old_penalty(company, people.market)), entered_by=people.outsider)

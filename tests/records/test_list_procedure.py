"""The serious-dishonesty list procedure (国办发〔2020〕49号): notice, statement, answer,
listing only after the deadline (then four-eyes review), exit with its reason."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from publicity.rules import is_publishable
from records import models as m
from records.services import listing
from records.services.publication import record_approve
from records.workdays import add_workdays
from tests import factories as f

pytestmark = pytest.mark.django_db


def today():
    """Read at call time (tests also run under a moved clock, tests/conftest.py)."""
    return timezone.localdate()


@pytest.fixture
def black():
    return f.list_type(
        is_serious=True,
        criteria="虚假广告情节严重，受到较重行政处罚的",
        exit_conditions="列入满一年，已履行行政处罚义务并主动纠正的，可申请提前移出",
        procedure="告知—陈述申辩—答复—列入决定—公示；移出依申请或期满",
    )


@pytest.fixture
def company():
    return f.subject(name="西安虚广传媒有限公司")


def serve(people, black, company):
    return listing.notice_serve(
        list_type=black,
        subject=company,
        department=people.market,
        reasons="2026年发布虚假广告三次，受到较重行政处罚。",
        basis="《市场监督管理严重违法失信名单管理办法》第九条",
        user=people.operator,
    )


def test_a_listing_waits_for_the_statement_deadline(people, black, company):
    notice = serve(people, black, company)
    assert notice.statement_due == add_workdays(today(), 5)
    allowed = notice.statement_due + datetime.timedelta(days=1)
    with pytest.raises(listing.ListingError) as exc:
        listing.notice_list(notice, people.operator, document_number="西市监失信〔2026〕1号")
    assert (
        f"陈述申辩期限至 {notice.statement_due.isoformat()}，自 {allowed.isoformat()} 起方可列入名单"
        in exc.value.messages[0]
    )
    assert not m.ListEntry.objects.exists()

    # The deadline passed without a statement: the listing goes to the credit office's review.
    m.ListNotice.objects.filter(pk=notice.pk).update(statement_due=today() - datetime.timedelta(days=1))
    notice.refresh_from_db()
    entry = listing.notice_list(notice, people.operator, document_number="西市监失信〔2026〕1号")
    assert entry.status == m.RecordStatus.SUBMITTED and not is_publishable(entry)
    assert entry.reason == notice.reasons and entry.list_type == black
    record_approve(entry, people.reviewer)
    assert is_publishable(entry)
    notice.refresh_from_db()
    assert notice.status == m.ListNotice.Status.LISTED and notice.entry == entry
    assert [e.step for e in notice.events.all()] == ["告知", "列入"]


def test_a_statement_must_be_answered_before_listing(people, black, company):
    notice = serve(people, black, company)
    with pytest.raises(listing.ListingError, match="只能由认定部门"):
        listing.notice_statement(notice, people.other_operator, "我们已整改。")
    listing.notice_statement(notice, people.operator, "广告系第三方发布，已全部撤下。")
    with pytest.raises(listing.ListingError, match="须先答复，方可列入名单"):
        listing.notice_list(notice, people.operator, document_number="西市监失信〔2026〕2号")
    listing.notice_answer(notice, people.colleague, "经核实，广告由当事人发布，申辩理由不成立。")
    entry = listing.notice_list(notice, people.operator, document_number="西市监失信〔2026〕2号")
    assert entry.status == m.RecordStatus.SUBMITTED
    notice.refresh_from_db()
    steps = [(e.step, e.on) for e in notice.events.all()]
    assert [s for s, _on in steps] == ["告知", "陈述申辩", "答复", "列入"]
    assert all(on == today() for _s, on in steps)


def test_exit_with_its_reason_keeps_the_entry_and_tells_consumers(people, black, company):
    notice = serve(people, black, company)
    listing.notice_statement(notice, people.operator, "申辩")
    listing.notice_answer(notice, people.operator, "不成立")
    entry = listing.notice_list(notice, people.operator, document_number="西市监失信〔2026〕3号")
    record_approve(entry, people.reviewer)
    with pytest.raises(listing.ListingError):
        listing.entry_exit(entry, people.operator, "")
    listing.entry_exit(entry, people.operator, "已履行处罚义务并纠正，符合提前移出条件。", on_request=True)
    entry.refresh_from_db()
    assert entry.removed_on == today() and "依申请移出" in entry.removal_reason
    assert not is_publishable(entry) and m.ListEntry.objects.filter(pk=entry.pk).exists()
    assert m.RecordDelta.objects.get().op == "DEL"
    assert notice.events.last().step == "移出"


def test_only_black_lists_and_the_deciding_department(people, company, black):
    red = f.list_type("A级纳税人", polarity="red")
    with pytest.raises(listing.ListingError, match="只适用于黑名单"):
        listing.notice_serve(
            list_type=red,
            subject=company,
            department=people.market,
            reasons="r",
            basis="b",
            user=people.operator,
        )
    with pytest.raises(listing.ListingError, match="只能由认定部门"):
        listing.notice_serve(
            list_type=black,
            subject=company,
            department=people.market,
            reasons="r",
            basis="b",
            user=people.other_operator,
        )


def test_public_page_per_list_type(black):
    page = Client().get(reverse("publicity:list_type", args=[black.pk])).content.decode()
    for text in (black.name, black.legal_basis, black.criteria, black.exit_conditions, black.procedure):
        assert text in page
    assert black.name in Client().get(reverse("publicity:list_types")).content.decode()


def test_staff_serve_print_and_are_refused_an_early_listing_in_the_admin(people, black, company):
    client = people.client(people.operator)
    response = client.post(
        reverse("admin:records_listnotice_add"),
        {
            "list_type": black.pk,
            "subject": company.pk,
            "department": people.market.pk,
            "reasons": "发布虚假广告，情节严重。",
            "basis": "《广告法》第五十五条",
            "rights": "",
        },
    )
    assert response.status_code == 302
    notice = m.ListNotice.objects.get()
    assert notice.created_by == people.operator and notice.rights == listing.RIGHTS
    printed = client.get(reverse("admin:records_listnotice_print", args=[notice.pk])).content.decode()
    assert "列入失信主体名单告知书" in printed and "发布虚假广告，情节严重。" in printed
    assert (
        f"{notice.statement_due.year}年{notice.statement_due.month}月{notice.statement_due.day}日" in printed
    )
    early = client.post(
        reverse("admin:records_listnotice_step", args=[notice.pk, "list"]),
        {"document_number": "西市监失信〔2026〕9号"},
    )
    assert "起方可列入名单" in early.content.decode()
    assert people.client(people.other_operator).get(
        reverse("admin:records_listnotice_print", args=[notice.pk])
    ).status_code in (302, 404)


def test_the_office_admin_runs_the_procedure_with_just_its_role(people, black, company):
    """孙管理 (信用办管理员, no department) serves, lists and removes for a department in the
    admin; another office member (陈审核) approves; 钱审计 reads and cannot act."""
    admin = people.client(people.office_admin)
    response = admin.post(
        reverse("admin:records_listnotice_add"),
        {
            "list_type": black.pk,
            "subject": company.pk,
            "department": people.market.pk,
            "reasons": "2026年发布虚假广告三次。",
            "basis": "《广告法》第五十五条",
            "rights": "",
        },
    )
    assert response.status_code == 302
    notice = m.ListNotice.objects.get()
    m.ListNotice.objects.filter(pk=notice.pk).update(statement_due=today() - datetime.timedelta(days=1))
    step = reverse("admin:records_listnotice_step", args=[notice.pk, "list"])
    assert admin.post(step, {"document_number": "西市监失信〔2026〕8号"}).status_code == 302
    entry = m.ListEntry.objects.get(document_number="西市监失信〔2026〕8号")
    assert entry.status == m.RecordStatus.SUBMITTED and entry.entered_by == people.office_admin
    record_approve(entry, people.reviewer)

    auditor = people.client(people.auditor)
    change = reverse("admin:records_listnotice_change", args=[notice.pk])
    assert auditor.get(change).status_code == 200
    exit_step = reverse("admin:records_listnotice_step", args=[notice.pk, "exit"])
    assert auditor.post(exit_step, {"text": "符合移出条件。"}).status_code == 403
    assert admin.post(exit_step, {"text": "已履行处罚义务并纠正。"}).status_code == 302
    entry.refresh_from_db()
    assert entry.removed_on == today() and not is_publishable(entry)

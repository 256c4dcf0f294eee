"""信用修复告知书: printable with a penalty or black-list decision, for staff from the admin and for
the public from a public record's page; same signed pipeline and verification as the others."""

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from publicity.certificates.models import Certificate
from records import models as m
from tests import factories as f
from tests.publicity.certificates.pdftools import pdf_text
from tests.publicity.certificates.report_factories import days_ago

pytestmark = pytest.mark.django_db


def url(record):
    return reverse("certificates:repair_notice", args=[record.kind, record.pk])


def test_public_prints_the_notice_of_a_public_penalty(client):
    subject, dept = f.subject(), f.department(contact_phone="029-88886666")
    penalty = f.penalty(subject, dept, decision_date=days_ago(30))  # 5 万元 fine: 一般
    page = client.get(reverse("publicity:record", args=["penalty", penalty.pk])).content.decode()
    assert url(penalty) in page
    response = client.post(url(penalty))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    earliest = penalty.decision_date + relativedelta(months=3)
    assert "信用修复告知书" in text and penalty.document_number in text
    assert "失信行为等级一般" in text and "最短公示期3个月" in text
    assert f"可申请修复日期{earliest.isoformat()}" in text
    assert "/repair/" in text and "029-88886666" in text
    notice = Certificate.objects.get()
    assert notice.doc_type == "repair_notice" and notice.requester_kind == "public"
    verify = client.get(reverse("certificates:detail", args=[notice.number])).content.decode()
    assert "信用修复告知书核验" in verify and earliest.isoformat() in verify


def test_staff_print_for_an_unpublished_decision_of_their_department(client, people):
    draft = f.penalty(f.subject(), people.market, status=m.RecordStatus.DRAFT)
    assert client.get(url(draft)).status_code == 404
    assert people.client(people.other_operator).get(url(draft)).status_code == 404
    operator = people.client(people.operator)
    admin_page = operator.get(reverse("admin:records_penalty_change", args=[draft.pk])).content.decode()
    assert url(draft) in admin_page
    response = operator.post(url(draft))
    assert response.status_code == 200
    notice = Certificate.objects.get()
    assert notice.requester_kind == "staff" and notice.requested_by == people.operator


def test_serious_list_entry_and_not_a_red_list(client):
    subject, dept = f.subject(), f.department()
    black = f.list_entry(subject, dept, f.list_type(is_serious=True))
    text = pdf_text(client.post(url(black)).content)
    assert "失信行为等级严重" in text and "移出条件" in text
    red = f.list_entry(
        subject, dept, f.list_type("A级纳税人", polarity="red"), document_number="红〔2026〕1号"
    )
    assert client.post(url(red)).status_code == 404

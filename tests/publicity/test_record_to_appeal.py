"""From a public record to credit repair or an objection, and the 异议处理中 mark on every page
that shows the record."""

import pytest
from django.urls import reverse

from records.appeals.objections import objection_accept, objection_lodge
from tests import factories as f
from tests.records.appeal_factories import objection_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def penalty(people):
    return f.penalty(
        f.subject(name="西安链接示例有限公司"), people.market, document_number="西市监罚〔2026〕77号"
    )


def form_value(html: str, name: str) -> str:
    import re

    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    found = re.search(r'value="([^"]*)"', tag)
    return found.group(1) if found else ""


def selected(html: str, name: str) -> str:
    import re

    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="([^"]*)"[^>]*selected', select).group(1)


def test_a_penalty_page_links_to_a_prefilled_repair_form(client, penalty):
    page = client.get(f"/records/penalty/{penalty.pk}/").content.decode()
    link = f"{reverse('appeals:repair_apply')}?record=penalty%3A{penalty.pk}"
    assert f'href="{link}"' in page and "申请信用修复" in page
    form = client.get(link).content.decode()
    assert form_value(form, "document_number") == "西市监罚〔2026〕77号"
    assert form_value(form, "applicant_name") == "西安链接示例有限公司"
    assert form_value(form, "applicant_code") == penalty.subject.uscc
    assert selected(form, "record_kind") == "penalty"


def test_every_record_links_to_an_objection_but_only_repairable_kinds_to_repair(client, people):
    permit = f.permit(f.subject(name="西安许可示例有限公司"), people.market)
    page = client.get(f"/records/permit/{permit.pk}/").content.decode()
    assert "申请信用修复" not in page
    link = f"{reverse('appeals:objection_apply')}?record=permit%3A{permit.pk}"
    assert f'href="{link}"' in page
    form = client.get(link).content.decode()
    assert selected(form, "record_kind") == "permit"
    assert form_value(form, "document_number") == permit.document_number


def test_a_record_that_is_not_public_prefills_nothing(client, penalty):
    from records import models as m

    penalty.status = m.RecordStatus.WITHDRAWN
    penalty.save()
    form = client.get(f"{reverse('appeals:repair_apply')}?record=penalty:{penalty.pk}").content.decode()
    assert form_value(form, "document_number") == ""
    assert client.get(f"{reverse('appeals:repair_apply')}?record=penalty:abc").status_code == 200


def test_an_accepted_objection_marks_the_record_wherever_it_is_shown(client, people, penalty):
    record_url = f"/records/penalty/{penalty.pk}/"
    profile_url = f"/subjects/{penalty.subject.uscc}/"
    column_url = "/disclosure/penalty/"
    for url in (record_url, profile_url, column_url):
        assert "异议处理中" not in client.get(url).content.decode()
    objection_accept(objection_lodge(**objection_data(penalty)), people.reviewer, mark_record=True)
    for url in (record_url, profile_url, column_url):
        assert "异议处理中" in client.get(url).content.decode(), url

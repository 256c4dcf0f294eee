"""A department system's credit check is in the query log (信用查询记录, 存档备查) like a
certificate: the token's department as requester, the token, the purpose and the answer."""

import pytest
from django.test import Client
from django.urls import reverse

from publicity.certificates.models import Certificate
from records.signals import API_CHECK_PURPOSES
from tests import factories as f
from tests.records.exchange_factories import token

pytestmark = pytest.mark.django_db


def check(key, uscc, **params):
    return Client().get(f"/api/v1/credit-check/{uscc}/", params, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def reader(people):
    return token(people.market, direction="read", name="招标投标监管系统")


def test_a_check_is_logged_with_the_token_the_purpose_and_the_answer(people, reader):
    read_token, key = reader
    company = f.subject("西安投标建设有限公司")
    f.penalty(company, people.market)
    response = check(key, company.uscc, purpose="bidding", purpose_detail="西安地铁十号线土建招标")
    assert response.status_code == 200
    entry = Certificate.objects.get()
    assert (entry.doc_type, entry.requester_kind, entry.token, entry.department) == (
        "api_check",
        "system",
        read_token,
        people.market,
    )
    assert (entry.purpose, entry.purpose_detail, entry.requester_org) == (
        "bidding",
        "西安地铁十号线土建招标",
        people.market.name,
    )
    assert (entry.subject, entry.subject_code) == (company, company.uscc)
    assert entry.snapshot["penalties"] == response.json()["penalties"] and entry.serial
    # No document was issued: the entry verifies nothing.
    assert Client().get(reverse("certificates:detail", args=[entry.number])).status_code == 404

    # The auditor reads it in the query log beside the certificates.
    page = people.client(people.auditor).get(reverse("admin:publicity_certificate_changelist"))
    text = page.content.decode()
    assert page.status_code == 200 and "接口信用核查" in text and "招标投标监管系统" in text


def test_the_purpose_defaults_to_other_and_a_bad_one_is_a_chinese_400(people, reader):
    _token, key = reader
    company = f.subject()
    assert check(key, company.uscc).status_code == 200
    assert Certificate.objects.get().purpose == "other"
    bad = check(key, company.uscc, purpose="curiosity")
    assert (
        bad.status_code == 400 and bad.json()["field"] == "purpose" and "purpose 应为" in bad.json()["detail"]
    )
    long = check(key, company.uscc, purpose_detail="长" * 101)
    assert long.status_code == 400 and long.json()["field"] == "purpose_detail"
    assert check(key, f.uscc()).status_code == 404  # no subject: nothing was checked
    assert Certificate.objects.count() == 1


def test_the_api_offers_exactly_the_query_logs_purposes():
    assert API_CHECK_PURPOSES == list(Certificate.Purpose.values)

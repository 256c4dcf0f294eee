"""A natural person on no list has no public face anywhere: profile, certificate page, issuing,
search, the columns' keyword and open data all answer as if they did not exist
(publicity.rules.public_subjects / is_public_subject is the one rule)."""

import pytest
from django.test import Client

from publicity.certificates.models import Certificate
from publicity.certificates.services import SubjectNotPublic
from publicity.rules import is_public_subject, public_subjects
from tests import factories as f
from tests.publicity import factories as pf
from tests.publicity.certificates.factories import issue

pytestmark = pytest.mark.django_db

VALID = {"purpose": "bidding", "purpose_detail": "", "requester_org": "西安市公共资源交易中心"}


@pytest.fixture
def dept():
    return f.department()


@pytest.fixture
def unlisted(dept):
    person = pf.person(name="张建华")
    f.penalty(person, dept, document_number="陕罚〔2026〕501号")
    return person


@pytest.fixture
def listed(dept):
    person = pf.person(name="张立新", id_number=f.id_number(birth="19790203"))
    f.list_entry(person, dept, lt=f.list_type(name="失信被执行人"), document_number="失信〔2026〕9号")
    return person


def routes(person):
    return [
        f"/subjects/{person.pk}/",
        f"/subjects/{person.pk}/certificate/",
    ]


def test_an_unlisted_person_is_404_on_every_subject_route(client, unlisted):
    for route in routes(unlisted):
        response = client.get(route)
        assert response.status_code == 404, route
        assert unlisted.name not in response.content.decode()
        assert unlisted.id_number[:4] not in response.content.decode()


def test_no_certificate_is_issued_for_an_unlisted_person(client, unlisted):
    response = client.post(f"/subjects/{unlisted.pk}/certificate/", VALID)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    with pytest.raises(SubjectNotPublic):
        issue(unlisted)
    assert Certificate.objects.count() == 0


def test_a_listed_person_has_a_profile_and_a_certificate(client, listed):
    for route in routes(listed):
        assert client.get(route).status_code == 200, route
    response = client.post(f"/subjects/{listed.pk}/certificate/", VALID)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert Certificate.objects.get().subject == listed


def test_the_person_leaves_every_route_when_the_listing_ends(client, listed):
    listed.listentry_set.update(removed_on=pf.days_ago(1))
    for route in routes(listed):
        assert client.get(route).status_code == 404, route
    assert not is_public_subject(listed)


def test_the_rule_keeps_organisations_and_listed_persons(unlisted, listed):
    company = f.subject(name="西安鼎盛商贸有限公司")
    ids = set(public_subjects().values_list("pk", flat=True))
    assert company.pk in ids and listed.pk in ids and unlisted.pk not in ids
    assert is_public_subject(company) and is_public_subject(listed) and not is_public_subject(unlisted)


def test_a_record_page_of_an_unlisted_person_does_not_link_a_profile(client, unlisted):
    record = unlisted.penalty_set.get()
    response = client.get(f"/records/penalty/{record.pk}/")
    assert response.status_code == 200
    assert f"/subjects/{unlisted.pk}/" not in response.content.decode()


def open_data(column, **params):
    response = Client().get(f"/api/v1/open/{column}/", params)
    assert response.status_code == 200
    return [row["subject_name"] for row in response.json()["results"]]


def test_open_data_finds_persons_only_as_search_does(dept, unlisted, listed):
    company = f.subject(name="张家堡建材有限公司")
    f.penalty(company, dept, document_number="陕罚〔2026〕502号")
    f.penalty(listed, dept, document_number="陕罚〔2026〕503号")
    # A fragment finds organisations only.
    assert open_data("penalties", q="张") == ["张家堡建材有限公司"]
    assert open_data("black-list", q="张") == []
    assert open_data("penalties", q="张建") == []
    # The full name finds a person only while listed.
    assert open_data("penalties", q="张建华") == []
    assert open_data("penalties", q="张立新") == ["张立新"]
    assert open_data("black-list", q="张立新") == ["张立新"]


def test_the_columns_keyword_finds_persons_only_as_search_does(client, dept, unlisted, listed):
    f.penalty(listed, dept, document_number="陕罚〔2026〕503号")

    def rows(keyword):
        return client.get("/disclosure/penalty/", {"keyword": keyword}).content.decode()

    assert "陕罚〔2026〕503号" not in rows("张立")
    assert "陕罚〔2026〕503号" in rows("张立新")
    assert "陕罚〔2026〕501号" not in rows("张建华")

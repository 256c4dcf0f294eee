"""Scoping by department and role beyond the record lists: natural persons' details in the
subject admin, the timeliness summary and the changes feed (tests/records/test_credit_check_api.py)."""

import datetime

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db

SUBJECTS = "/admin/records/subject/"


@pytest.fixture
def person(people):
    """A natural person 西安's market regulator has fined."""
    subject = f.subject(
        name="张小明",
        kind="person",
        uscc=None,
        id_number=f.id_number(),
        phone="13900001111",
        address="西安市雁塔区某小区3号楼",
    )
    f.penalty(subject, people.market)
    return subject


def test_the_reporting_department_and_the_office_see_a_persons_details(people, person):
    for user in (people.operator, people.reviewer, people.office_admin):
        client = people.client(user)
        listing = client.get(SUBJECTS, {"q": person.name}).content.decode()
        assert person.id_number in listing, user
        page = client.get(f"{SUBJECTS}{person.pk}/change/").content.decode()
        assert person.id_number in page and person.phone in page and person.address in page, user
        assert person.name in client.get(SUBJECTS, {"q": person.id_number}).content.decode(), user


def test_other_departments_see_a_person_masked_and_cannot_find_them_by_id_number(people, person):
    masked = person.id_number[:4] + "*" * 10 + person.id_number[-4:]
    for user in (people.other_operator, people.baoji_operator):
        client = people.client(user)
        listing = client.get(SUBJECTS, {"q": person.name}).content.decode()
        assert person.name in listing and masked in listing, user
        assert person.id_number not in listing
        page = client.get(f"{SUBJECTS}{person.pk}/change/").content.decode()
        assert page.count(person.name) and masked in page, user
        for secret in (person.id_number, person.phone, person.address):
            assert secret not in page, (user, secret)
        by_id = client.get(SUBJECTS, {"q": person.id_number}).content.decode()
        assert person.name not in by_id, user


def test_organisations_stay_fully_visible_to_every_department(people):
    company = f.subject(name="陕西秦岭商贸有限公司", address="西安市未央区凤城八路1号", phone="029-88886666")
    page = people.client(people.baoji_operator).get(f"{SUBJECTS}{company.pk}/change/").content.decode()
    assert company.address in page and company.phone in page


def _late_penalty(dept, subject):
    day = timezone.localdate() - datetime.timedelta(days=40)
    return f.penalty(subject, dept, decision_date=day, report_deadline=day + datetime.timedelta(days=9))


def test_timeliness_is_scoped_to_the_operators_department(people):
    subject = f.subject()
    _late_penalty(people.market, subject)
    _late_penalty(people.baoji, subject)
    own = people.client(people.baoji_operator).get("/records/timeliness/").content.decode()
    assert "宝鸡市市场监督管理局" in own and "西安市市场监督管理局" not in own
    for user in (people.reviewer, people.auditor):
        page = people.client(user).get("/records/timeliness/").content.decode()
        assert "宝鸡市市场监督管理局" in page and "西安市市场监督管理局" in page, user


def test_timeliness_is_refused_to_staff_without_a_role(people):
    response = people.client(people.outsider).get("/records/timeliness/")
    assert response.status_code == 403
    assert "西安市市场监督管理局" not in response.content.decode()

"""Publication windows and masking: what the public may see."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from publicity.masking import mask_id_number, public_address
from publicity.rules import is_publishable, publishable
from records import models as m
from tests import factories as f

# Date-sensitive: also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def today():
    """Read at each call, never at import: a test may run under another clock (tests/conftest.py)."""
    return timezone.localdate()


def days_ago(n):
    return today() - datetime.timedelta(days=n)


@pytest.fixture
def dept():
    return f.department()


@pytest.fixture
def company():
    return f.subject()


def test_penalty_public_until_its_reported_deadline(dept, company):
    inside = f.penalty(company, dept, decision_date=days_ago(100), publish_until=today())
    past = f.penalty(company, dept, decision_date=days_ago(100), publish_until=days_ago(1))
    assert is_publishable(inside) and not is_publishable(past)


def test_penalty_default_windows_by_severity(dept, company):
    minor = f.penalty(company, dept, categories="警告", fine_amount=None, decision_date=days_ago(100))
    ordinary = f.penalty(company, dept, fine_amount=Decimal("5"), decision_date=days_ago(100))
    old_ordinary = f.penalty(company, dept, fine_amount=Decimal("5"), decision_date=days_ago(400))
    serious = f.penalty(
        company, dept, categories="吊销许可证件", fine_amount=None, decision_date=days_ago(800)
    )
    assert not is_publishable(minor)  # 3 months
    assert is_publishable(ordinary) and not is_publishable(old_ordinary)  # 1 year
    assert is_publishable(serious)  # 3 years


@pytest.mark.parametrize(
    "status", [m.RecordStatus.WITHDRAWN, m.RecordStatus.EXPIRED, m.RecordStatus.REPAIRED]
)
def test_withdrawn_expired_repaired_never_public(dept, company, status):
    p = f.penalty(company, dept, status=status)
    assert not publishable(m.Penalty).filter(pk=p.pk).exists()


def test_future_decision_or_publish_from_not_yet_public(dept, company):
    p = f.penalty(company, dept, decision_date=today(), publish_from=today() + datetime.timedelta(days=3))
    assert not is_publishable(p)


def test_permits_public_while_valid(dept, company):
    valid = f.permit(
        company, dept, decision_date=days_ago(2000), valid_until=today() + datetime.timedelta(days=10)
    )
    lapsed = f.permit(company, dept, decision_date=days_ago(200), valid_until=days_ago(1))
    invalid = f.permit(company, dept, current_state=m.Permit.State.INVALID)
    assert is_publishable(valid) and not is_publishable(lapsed) and not is_publishable(invalid)


def test_commitments_only_when_disclosure_allows(dept, company):
    public = f.commitment(company, dept)
    restricted = f.commitment(company, dept, disclosure=m.Commitment.Disclosure.RESTRICTED)
    private = f.commitment(company, dept, disclosure=m.Commitment.Disclosure.PRIVATE)
    assert is_publishable(public)
    assert not is_publishable(restricted) and not is_publishable(private)


def test_list_entries_only_while_listed(dept, company):
    listed = f.list_entry(company, dept, publish_until=today() + datetime.timedelta(days=100))
    removed = f.list_entry(company, dept, removed_on=days_ago(1))
    lapsed = f.list_entry(company, dept, decision_date=days_ago(900), publish_until=days_ago(1))
    assert is_publishable(listed) and not is_publishable(removed) and not is_publishable(lapsed)


def test_other_kinds_last_three_years(dept, company):
    recent = f.inspection(company, dept, decision_date=days_ago(300))
    old = f.inspection(company, dept, decision_date=days_ago(3 * 366))
    assert is_publishable(recent) and not is_publishable(old)


def test_abnormal_until_removed(dept, company):
    listed = f.abnormal(company, dept)
    removed = f.abnormal(company, dept, removed_on=days_ago(3))
    assert is_publishable(listed) and not is_publishable(removed)


@pytest.mark.parametrize(
    "raw, masked",
    [
        ("11010519491231002X", "1101**********002X"),
        ("440524188001010014", "4405**********0014"),
        ("G1234567", "********"),
        ("", ""),
        (None, ""),
    ],
)
def test_id_numbers_show_at_most_first_and_last_four(raw, masked):
    assert mask_id_number(raw) == masked


def test_person_address_not_public():
    person = f.subject(name="张三", kind=m.Subject.Kind.PERSON, address="西安市某小区1号楼")
    assert public_address(person) == ""
    assert public_address(f.subject()) == "西安市未央路100号"


def test_abnormal_listing_stays_public_until_removed_even_after_three_years(dept, company):
    old = f.abnormal(company, dept, decision_date=days_ago(4 * 365))
    assert is_publishable(old)


def test_ratings_public_only_while_valid(dept, company):
    valid = f.rating(company, dept, valid_until=today() + datetime.timedelta(days=30))
    lapsed = f.rating(company, dept, valid_until=days_ago(1))
    assert is_publishable(valid) and not is_publishable(lapsed)


def test_government_systems_also_see_restricted_commitments(dept, company):
    from publicity.rules import GOVERNMENT

    restricted = f.commitment(company, dept, disclosure=m.Commitment.Disclosure.RESTRICTED)
    private = f.commitment(company, dept, disclosure=m.Commitment.Disclosure.PRIVATE)
    government = publishable(m.Commitment, audience=GOVERNMENT)
    assert government.filter(pk=restricted.pk).exists()
    assert not government.filter(pk=private.pk).exists()
    assert not publishable(m.Commitment).filter(pk=restricted.pk).exists()


def test_the_last_day_of_a_default_window_is_still_public(dept, company):
    from dateutil.relativedelta import relativedelta

    last_day = f.penalty(
        company, dept, fine_amount=Decimal("5"), decision_date=today() - relativedelta(months=12)
    )
    day_after = f.penalty(
        company, dept, fine_amount=Decimal("5"), decision_date=today() - relativedelta(months=12, days=1)
    )
    assert last_day.publication_end == today()
    assert is_publishable(last_day) and not is_publishable(day_after)


def test_list_entries_without_an_end_use_their_list_types_default_years(dept, company):
    one_year = f.list_type(name="纳税信用A级纳税人", polarity="red", default_years=1)
    three_years = f.list_type(name="严重违法失信名单", polarity="black", default_years=3)
    a_level = f.list_entry(company, dept, one_year, decision_date=days_ago(400))
    blacklisted = f.list_entry(company, dept, three_years, decision_date=days_ago(400))
    assert not is_publishable(a_level) and is_publishable(blacklisted)

"""Classes and publication periods from the dated rule versions (records.periods), as the
public site, the record page and the expiry command apply them (publicity.rules)."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from publicity.rules import is_publishable, repair_allowed_from
from records import models as m
from records.services.expiry import expire_publications
from tests import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date
BEFORE = D(2026, 3, 31)  # last decision day under the earlier rules (527号)
AFTER = D(2026, 4, 1)  # 国家发展改革委令第36号 in force


@pytest.fixture
def dept():
    return f.department(name="西安市生态环境局", field="生态环境")


@pytest.fixture
def market():
    return f.department(name="西安市市场监督管理局", area="610100", field="市场监管", short_name="西市监")


@pytest.fixture
def company():
    return f.subject()


def serious(company, dept, on, **kw):
    return f.penalty(company, dept, categories="吊销许可证件", fine_amount=None, decision_date=on, **kw)


def test_serious_periods_on_both_sides_of_2026_04_01(company, dept):
    old = serious(company, dept, BEFORE)
    new = serious(company, dept, AFTER, document_number="环罚〔2026〕2号")
    assert old.severity == new.severity == m.Penalty.Severity.SERIOUS
    # 527号: 6 months to 3 years; 第36号: 1 year to 3 years, from the decision date.
    assert old.repair_from == D(2026, 9, 30) and old.publication_end == D(2029, 3, 31)
    assert new.repair_from == D(2027, 4, 1) and new.publication_end == D(2029, 4, 1)
    assert old.period_rule.document == "发改办财金〔2019〕527号"
    assert new.period_rule.document == "国家发展改革委令第36号"
    # Publication stops by itself at the maximum: the last day is public, the next is not.
    assert is_publishable(new, on=D(2029, 4, 1)) and not is_publishable(new, on=D(2029, 4, 2))


def test_ordinary_periods_and_a_reported_end_beyond_the_maximum(company, dept):
    p = f.penalty(company, dept, fine_amount=Decimal("5"), decision_date=AFTER, publish_until=D(2030, 1, 1))
    assert p.severity == m.Penalty.Severity.ORDINARY
    assert p.repair_from == D(2026, 7, 1)  # 3 months
    assert p.publication_end == D(2027, 4, 1)  # capped at 1 year
    earlier = f.penalty(
        company,
        dept,
        fine_amount=Decimal("5"),
        decision_date=AFTER,
        publish_until=D(2026, 6, 1),
        document_number="环罚〔2026〕9号",
    )
    assert earlier.publication_end == D(2026, 6, 1)  # an earlier reported 公示截止期 stands


def test_minor_not_published_under_36_but_was_before(company, dept):
    warning_old = f.penalty(company, dept, categories="警告", fine_amount=None, decision_date=BEFORE)
    warning_new = f.penalty(
        company,
        dept,
        categories="警告",
        fine_amount=None,
        decision_date=AFTER,
        document_number="环罚〔2026〕3号",
    )
    assert warning_old.severity == warning_new.severity == m.Penalty.Severity.MINOR
    assert is_publishable(warning_old, on=D(2026, 4, 2))  # 527号 knew no 轻微: public as 一般
    assert warning_new.publication_end is None
    assert not is_publishable(warning_new, on=AFTER)
    # Repairable once the duty is fulfilled: no minimum period.
    assert repair_allowed_from(warning_new) == AFTER
    # A department that chooses to publish one gets at most 3 months.
    published = f.penalty(
        company,
        dept,
        categories="警告",
        fine_amount=None,
        decision_date=AFTER,
        publish_until=D(2027, 1, 1),
        document_number="环罚〔2026〕4号",
    )
    assert published.publication_end == D(2026, 7, 1)


def test_market_regulation_follows_samr_order_45_until_2026(company, market):
    warning = f.penalty(company, market, categories="警告", fine_amount=None, decision_date=D(2025, 6, 1))
    small_fine = f.penalty(
        company,
        market,
        categories="罚款",
        fine_amount=Decimal("0.5"),
        decision_date=D(2025, 6, 1),
        document_number="市监罚〔2025〕2号",
    )
    other = f.penalty(
        company,
        market,
        fine_amount=Decimal("5"),
        decision_date=D(2025, 6, 1),
        document_number="市监罚〔2025〕3号",
    )
    assert warning.publication_end is None  # a warning alone is not published
    assert small_fine.publication_end == D(2025, 9, 1)  # 3 months
    assert other.publication_end == D(2028, 6, 1)  # 3 years
    assert other.period_rule.document == "国家市场监督管理总局令第45号"
    after = f.penalty(
        company, market, fine_amount=Decimal("5"), decision_date=AFTER, document_number="市监罚〔2026〕1号"
    )
    assert after.period_rule.document == "国家发展改革委令第36号"
    assert after.severity == m.Penalty.Severity.ORDINARY and after.publication_end == D(2027, 4, 1)


def test_reported_class_wins_and_the_derivation_is_kept(company, dept):
    p = f.penalty(company, dept, fine_amount=Decimal("5"), decision_date=AFTER, severity_reported="serious")
    assert p.severity == m.Penalty.Severity.SERIOUS and "报送单位认定" in p.severity_basis
    derived = f.penalty(
        company, dept, categories="吊销许可证件", decision_date=AFTER, document_number="环罚〔2026〕7号"
    )
    assert "吊销许可证件" in derived.severity_basis and "严重" in derived.severity_basis


def test_editing_the_tables_recomputes_stored_penalties(company, dept):
    p = f.penalty(company, dept, fine_amount=Decimal("5"), decision_date=AFTER)
    period = m.PublicationPeriod.objects.get(rule__document="国家发展改革委令第36号", severity="ordinary")
    period.max_months = 6
    period.save()
    call_command("apply_publication_rules", stdout=open("/dev/null", "w"))
    p.refresh_from_db()
    assert p.publication_end == D(2026, 10, 1)
    m.SeverityRule.objects.create(
        field="生态环境", order=1, severity="serious", categories="罚款", match="any"
    )
    call_command("apply_publication_rules", stdout=open("/dev/null", "w"))
    p.refresh_from_db()
    assert p.severity == m.Penalty.Severity.SERIOUS and p.repair_from == D(2027, 4, 1)


def test_expiry_ends_at_the_maximum_and_marks_unpublished_minor(company, dept):
    ended = serious(company, dept, AFTER)
    minor = f.penalty(
        company,
        dept,
        categories="警告",
        fine_amount=None,
        decision_date=AFTER,
        document_number="环罚〔2026〕5号",
    )
    counts = expire_publications(on=D(2029, 4, 1))
    ended.refresh_from_db()
    minor.refresh_from_db()
    assert counts == {"penalty": 1} and ended.status == m.RecordStatus.PUBLISHED
    assert minor.status == m.RecordStatus.EXPIRED and "不予公示" in minor.status_reason
    expire_publications(on=D(2029, 4, 2))
    ended.refresh_from_db()
    assert ended.status == m.RecordStatus.EXPIRED


def test_the_office_admin_maintains_the_rules_with_just_its_role(people, company, dept):
    """孙管理 (信用办管理员) adds a classification line in the admin and the stored penalties
    follow; 钱审计 reads the tables and cannot change them."""
    p = f.penalty(company, dept, fine_amount=Decimal("5"), decision_date=AFTER)
    assert p.severity == m.Penalty.Severity.ORDINARY
    admin = people.client(people.office_admin)
    add = reverse("admin:records_severityrule_add")
    response = admin.post(
        add,
        {
            "field": "生态环境",
            "order": "1",
            "severity": "serious",
            "match": "any",
            "categories": "罚款",
            "fine_at_least": "",
            "fine_at_most": "",
            "effective_from": "",
            "effective_until": "",
            "basis": "本省生态环境领域认定标准",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    p.refresh_from_db()
    assert p.severity == m.Penalty.Severity.SERIOUS and p.severity_basis
    rule = m.PublicationRule.objects.get(document="国家发展改革委令第36号", field="")
    assert admin.get(reverse("admin:records_publicationrule_change", args=[rule.pk])).status_code == 200

    auditor = people.client(people.auditor)
    assert auditor.get(reverse("admin:records_publicationrule_changelist")).status_code == 200
    assert auditor.get(reverse("admin:records_severityrule_changelist")).status_code == 200
    assert (
        auditor.post(add, {"field": "", "order": "1", "severity": "minor", "match": "any"}).status_code == 403
    )

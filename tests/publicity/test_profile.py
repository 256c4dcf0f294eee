"""The subject credit profile: /subjects/<code or id>/."""

import datetime

import pytest
from django.urls import reverse

from records import models as m
from tests import factories as f
from tests.publicity import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept():
    return f.department()


@pytest.fixture
def company():
    return f.subject(
        name="陕西秦华建筑工程有限公司",
        legal_rep="王伟",
        reg_authority="西安市市场监督管理局",
        established_on=datetime.date(2010, 5, 1),
        address="西安市未央路100号",
    )


def profile(client, key):
    return client.get(reverse("publicity:subject", args=[key]))


def test_profile_by_code_in_any_case_or_by_id(client, company):
    for key in (company.uscc, company.uscc.lower(), str(company.pk)):
        response = profile(client, key)
        assert response.status_code == 200
        assert "陕西秦华建筑工程有限公司" in response.content.decode()


def test_basic_information(client, company):
    html = profile(client, company.uscc).content.decode()
    for text in (company.uscc, "王伟", "2010-05-01", "西安市市场监督管理局", "存续", "西安市未央路100号"):
        assert text in html


@pytest.mark.parametrize(
    "key", ["91610113MA6TXB5Q4W", "999999999", "abc", "<script>", "1" * 30, "0", "9" * 19]
)
def test_unknown_or_malformed_keys_are_a_chinese_404(client, key):
    response = profile(client, key)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_records_per_kind_newest_first_with_counts(client, company, dept):
    older = f.penalty(company, dept, decision_date=pf.days_ago(100), document_number="西市监罚〔2026〕1号")
    newer = f.penalty(company, dept, decision_date=pf.days_ago(5), document_number="西市监罚〔2026〕2号")
    f.permit(company, dept)
    f.inspection(company, dept)
    html = profile(client, company.uscc).content.decode()
    assert 'data-kind="penalty">2<' in html and 'data-kind="permit">1<' in html
    assert 'data-kind="rating">0<' in html
    section = html[html.index('id="kind-penalty"') :]
    assert section.index(newer.document_number) < section.index(older.document_number)
    assert reverse("publicity:record", args=["penalty", newer.pk]) in html


def test_only_publishable_records_are_shown_or_counted(client, company, dept):
    shown = f.penalty(company, dept, document_number="西市监罚〔2026〕10号")
    pf.withdrawn_penalty(company, dept, document_number="西市监罚〔2026〕11号")
    pf.expired_penalty(company, dept, document_number="西市监罚〔2026〕12号")
    f.penalty(company, dept, status=m.RecordStatus.REPAIRED, document_number="西市监罚〔2026〕13号")
    f.commitment(company, dept, disclosure=m.Commitment.Disclosure.PRIVATE)
    html = profile(client, company.uscc).content.decode()
    assert shown.document_number in html
    for hidden in ("〔2026〕11号", "〔2026〕12号", "〔2026〕13号"):
        assert hidden not in html
    assert 'data-kind="penalty">1<' in html and 'data-kind="commitment">0<' in html


def test_badges_and_measures_of_a_listed_subject(client, company, dept):
    lt = f.list_type(name="严重违法失信名单", is_serious=True)
    pf.measure(lt, "限制参与政府采购活动")
    pf.measure(f.list_type(name="其他名单"), "不应出现的措施")
    f.list_entry(company, dept, lt=lt)
    f.abnormal(company, dept)
    html = profile(client, company.uscc).content.decode()
    assert "严重失信主体名单" in html and "经营异常" in html
    assert "适用的联合奖惩措施" in html and "限制参与政府采购活动" in html
    assert "不应出现的措施" not in html


def test_measures_disappear_when_the_listing_ends(client, company, dept):
    lt = f.list_type(name="严重违法失信名单", is_serious=True)
    pf.measure(lt)
    f.list_entry(company, dept, lt=lt, removed_on=pf.days_ago(1))
    html = profile(client, company.uscc).content.decode()
    assert "限制参与政府采购活动" not in html and "严重失信主体名单" not in html


def test_a_clean_subject_says_it_has_nothing_public(client, company):
    html = profile(client, company.uscc).content.decode()
    assert "该主体暂无处于公示期内" in html


def test_a_person_has_a_profile_only_while_listed_and_never_a_full_id(client, dept):
    person = pf.person(name="张三")
    assert profile(client, str(person.pk)).status_code == 404
    f.list_entry(person, dept, lt=f.list_type(name="失信被执行人"))
    response = profile(client, str(person.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert person.id_number not in html
    assert person.id_number[:4] + "*" * 10 + person.id_number[-4:] in html
    assert "西安市某小区1号楼" not in html and "13800000000" not in html


def test_the_certificate_button_has_its_place(client, company):
    html = profile(client, company.uscc).content.decode()
    assert 'class="profile-actions' in html


def test_constant_number_of_queries_however_many_records(client, company, dept, django_assert_num_queries):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert profile(client, company.uscc).status_code == 200
        return len(captured)

    f.penalty(company, dept)
    few = count_queries()
    lt = f.list_type()
    for _n in range(40):
        f.penalty(company, dept)
        f.permit(company, dept)
        f.inspection(company, dept)
        f.action(m.Reward, company, dept)
        f.action(m.Filing, company, dept)
    f.list_entry(company, dept, lt=lt)
    f.commitment(company, dept)
    f.rating(company, dept)
    f.abnormal(company, dept)
    with django_assert_num_queries(few):
        html = profile(client, company.uscc).content.decode()
    assert 'data-kind="penalty">41<' in html and 'data-kind="reward">40<' in html

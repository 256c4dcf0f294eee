"""The public search: fragments, codes, ranking, persons, badges and bad input."""

import pytest
from django.urls import reverse

from publicity import search as search_module
from publicity.search import Mode, parse_query
from records import models as m
from tests import factories as f
from tests.publicity import factories as pf

pytestmark = pytest.mark.django_db
URL = reverse("publicity:search")


def results(client, q, **params):
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    return response, response.content.decode()


def result_block(html: str, name_tail: str) -> str:
    """The search result item whose name ends with name_tail."""
    start = html.index(f"{name_tail}</a>")
    return html[start : html.index("</li>", start)]


@pytest.fixture
def dept():
    return f.department()


@pytest.fixture
def dingsheng():
    return f.subject(name="西安鼎盛商贸有限公司", uscc="91610113MA6TXB5Q4W")


def test_two_characters_of_a_name_find_the_company(client, dingsheng):
    f.subject(name="宝鸡秦川机械有限公司")
    response, html = results(client, "鼎盛")
    assert [s.pk for s in response.context["result"].subjects] == [dingsheng.pk]
    assert "西安<mark>鼎盛</mark>商贸有限公司" in html
    assert "共找到 1 个信用主体" in html


def test_a_pasted_code_in_lower_case_with_spaces_finds_the_company(client, dingsheng):
    response, html = results(client, "  91610113ma6txb5q4w ")
    assert [s.pk for s in response.context["result"].subjects] == [dingsheng.pk]
    assert reverse("publicity:subject", args=[dingsheng.uscc]) in html
    _, html = results(client, "9161 0113 MA6T XB5Q 4W")
    assert "西安鼎盛商贸有限公司" in html


def test_registration_number_finds_the_company(client):
    company = f.subject(name="咸阳渭滨食品有限公司", reg_no="610402600000520")
    response, _ = results(client, "610402600000520")
    assert [s.pk for s in response.context["result"].subjects] == [company.pk]


def test_a_code_with_a_wrong_check_character_gets_a_helpful_message(client, dingsheng):
    _, html = results(client, "91610113MA6TXB5Q4X")
    assert "校验码错误" in html and "第18位应为 W" in html


def test_a_code_with_a_missing_character_says_so(client):
    _, html = results(client, "91610113MA6TXB5Q4")
    assert "统一社会信用代码应为18位，当前为17位" in html


def test_ranking_exact_code_then_exact_name_then_prefix_then_fragment():
    fragment = f.subject(name="陕西秦华建筑工程有限公司")
    prefix = f.subject(name="秦华建筑劳务有限公司")
    exact = f.subject(name="秦华建筑")
    longer_prefix = f.subject(name="秦华建筑工程集团有限公司")
    found = search_module.search_subjects(parse_query("秦华建筑")).subjects
    assert [s.pk for s in found] == [exact.pk, prefix.pk, longer_prefix.pk, fragment.pk]


def test_fragment_search_is_case_insensitive_for_latin_letters(client):
    company = f.subject(name="西安ABC科技有限公司")
    response, html = results(client, "abc科技")
    assert [s.pk for s in response.context["result"].subjects] == [company.pk]
    assert "<mark>ABC科技</mark>" in html


def test_persons_are_found_only_by_full_name_and_only_while_listed(client, dept):
    listed = pf.person(name="李建国")
    f.list_entry(listed, dept, lt=f.list_type(name="失信被执行人"))
    unlisted = pf.person(name="李建设")
    f.penalty(unlisted, dept)
    assert results(client, "李建")[0].context["result"].subjects == []
    assert [s.pk for s in results(client, "李建国")[0].context["result"].subjects] == [listed.pk]
    assert results(client, "李建设")[0].context["result"].subjects == []
    _, html = results(client, "李建国")
    assert listed.id_number not in html
    assert listed.id_number[:4] + "**********" + listed.id_number[-4:] in html


def test_persons_whose_listing_ended_are_not_found(client, dept):
    removed = pf.person(name="王五")
    f.list_entry(removed, dept, removed_on=pf.days_ago(1))
    assert results(client, "王五")[0].context["result"].subjects == []


def test_results_carry_badges_from_publishable_records_only(client, dept, dingsheng):
    f.list_entry(dingsheng, dept, lt=f.list_type(name="严重违法失信名单", is_serious=True))
    f.list_entry(dingsheng, dept, lt=pf.red_list_type())
    f.abnormal(dingsheng, dept)
    f.penalty(dingsheng, dept)
    clean = f.subject(name="西安鼎盛物流有限公司")
    pf.withdrawn_penalty(clean, dept)
    pf.expired_penalty(clean, dept)
    f.abnormal(clean, dept, removed_on=pf.days_ago(2))
    _, html = results(client, "鼎盛")
    badges = ["守信红名单", "严重失信主体名单", "经营异常", "有行政处罚"]
    assert all(b in result_block(html, "商贸有限公司") for b in badges)
    assert not any(b in result_block(html, "物流有限公司") for b in badges)


@pytest.mark.parametrize("q", ["鼎", "x", " 鼎 "])
def test_one_character_asks_for_two(client, q):
    _, html = results(client, q)
    assert "请输入至少2个字的企业名称" in html


def test_a_very_long_query_is_refused_politely(client):
    _, html = results(client, "鼎" * 500)
    assert "查询内容过长" in html


@pytest.mark.parametrize(
    "q",
    [
        "<script>alert(1)</script>",
        "' OR 1=1; DROP TABLE records_subject; --",
        '"><img src=x onerror=alert(1)>',
        "%_%",
        "鼎盛\x00",
    ],
)
def test_sql_or_html_in_the_query_is_harmless_and_escaped(client, dingsheng, q):
    _, html = results(client, q)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert m.Subject.objects.filter(pk=dingsheng.pk).exists()


def test_percent_and_underscore_are_literal_characters(client, dingsheng):
    f.subject(name="西安100%_科技有限公司")
    response, _ = results(client, "0%_")
    assert [s.name for s in response.context["result"].subjects] == ["西安100%_科技有限公司"]


def test_no_result_says_so(client, dingsheng):
    _, html = results(client, "不存在的公司")
    assert "未找到名称含“不存在的公司”的信用主体" in html
    unknown = f.uscc()
    _, html = results(client, unknown.lower())
    assert f"未找到代码为 {unknown} 的信用主体" in html


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", "%00"])
def test_malformed_page_numbers_are_handled(client, page):
    for n in range(25):
        f.subject(name=f"西安鼎盛第{n:02d}分公司")
    response, html = results(client, "鼎盛", page=page)
    assert len(response.context["result"].subjects) in (20, 5)


def test_results_are_paginated_and_pages_keep_the_query(client):
    for n in range(45):
        f.subject(name=f"西安鼎盛第{n:02d}分公司")
    response, html = results(client, "鼎盛")
    assert len(response.context["result"].subjects) == 20
    assert "q=%E9%BC%8E%E7%9B%9B&amp;page=2" in html
    response, _ = results(client, "鼎盛", page=3)
    assert len(response.context["result"].subjects) == 5


def test_too_many_matches_are_cut_but_exact_and_prefix_matches_stay(client, monkeypatch):
    monkeypatch.setattr(search_module, "MAX_RESULTS", 5)
    for n in range(12):
        f.subject(name=f"陕西第{n:02d}鼎盛有限公司")
    exact = f.subject(name="鼎盛")
    prefix = f.subject(name="鼎盛商行")
    response, html = results(client, "鼎盛")
    found = response.context["result"].subjects
    assert [s.pk for s in found[:2]] == [exact.pk, prefix.pk]
    assert len(found) == 5
    assert "结果较多" in html


@pytest.mark.parametrize(
    "raw, mode, code",
    [
        ("91610113ma6txb5q4w", Mode.USCC, "91610113MA6TXB5Q4W"),
        (" 9161 0113 MA6T XB5Q 4W ", Mode.USCC, "91610113MA6TXB5Q4W"),
        ("610402600000520", Mode.REG_NO, "610402600000520"),
        ("鼎盛", Mode.NAME, ""),
        ("西安 鼎盛", Mode.NAME, ""),
    ],
)
def test_parse_query(raw, mode, code):
    query = parse_query(raw)
    assert (query.mode, query.code, query.error) == (mode, code, "")


def test_stray_spaces_in_a_chinese_name_are_ignored(client, dingsheng):
    response, _ = results(client, " 西安 鼎盛　商贸 ")
    assert [s.pk for s in response.context["result"].subjects] == [dingsheng.pk]
    assert parse_query("Xi'an Tech 公司").text == "Xi'an Tech公司"


def test_home_page_search_box_goes_to_the_search(client, dingsheng):
    html = client.get(reverse("portal:home")).content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html

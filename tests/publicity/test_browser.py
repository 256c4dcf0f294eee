"""The public search, profile and 信用公示 columns in Chromium: flows, accessibility, phone, print."""

import pytest

from tests import factories as f
from tests.browser import assert_no_axe_violations
from tests.publicity import factories as pf

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def data():
    dept = f.department()
    baoji = f.department(name="宝鸡市市场监督管理局", area="610300", short_name="宝市监")
    company = f.subject(name="西安鼎盛商贸有限公司")
    f.subject(name="宝鸡秦川机械有限公司")
    penalty = f.penalty(
        company,
        dept,
        document_number="西市监罚〔2026〕15号",
        violation_type="发布虚假广告",
        categories="罚款",
    )
    f.penalty(company, baoji, document_number="宝市监罚〔2026〕3号", categories="警告;罚款")
    f.permit(company, dept)
    f.inspection(company, dept)
    lt = f.list_type(name="严重违法失信名单", is_serious=True)
    pf.measure(lt)
    f.list_entry(company, dept, lt=lt)
    f.abnormal(company, dept)
    f.commitment(company, dept)
    person = pf.person(name="张建国")
    f.list_entry(person, dept, lt=f.list_type(name="失信被执行人"))
    return {"company": company, "penalty": penalty, "person": person}


def test_search_by_fragment_then_profile_then_penalty(live_server, page, data):
    page.goto(live_server.url + "/")
    page.fill("#home-q", "鼎盛")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search/**")
    result = page.locator(".subject-results li").first
    assert "西安鼎盛商贸有限公司" in result.inner_text()
    assert "严重失信主体名单" in result.inner_text() and "有行政处罚" in result.inner_text()
    assert page.locator(".subject-results mark").first.inner_text() == "鼎盛"
    assert_no_axe_violations(page)

    result.locator("a.result-name").click()
    page.wait_for_url("**/subjects/**")
    assert page.locator("h1").inner_text() == "西安鼎盛商贸有限公司"
    assert page.locator('[data-kind="penalty"]').inner_text() == "2"
    assert "限制参与政府采购活动" in page.locator("body").inner_text()
    assert_no_axe_violations(page)

    page.locator("#kind-penalty").get_by_role("link", name="西市监罚〔2026〕15号").click()
    page.wait_for_url("**/records/penalty/**")
    body = page.locator("main").inner_text()
    assert "行政处罚决定书文号" in body and "发布虚假广告" in body
    assert_no_axe_violations(page)


def test_search_by_code_in_lower_case(live_server, page, data):
    code = data["company"].uscc
    page.goto(live_server.url + "/search/")
    page.fill("#q", f"  {code[:8].lower()} {code[8:].lower()} ")
    page.press("#q", "Enter")
    page.wait_for_url("**/search/**")
    assert page.locator(".subject-results li").count() == 1
    assert "西安鼎盛商贸有限公司" in page.locator(".subject-results").inner_text()


def test_a_bad_query_shows_a_message_and_is_accessible(live_server, page, data):
    page.goto(live_server.url + "/search/?q=%3C")
    assert "请输入至少2个字" in page.locator("#q-error").inner_text()
    assert page.locator("#q").input_value() == "<"
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/search/?q=%3Cb%3E%E9%BC%8E%E7%9B%9B%3C%2Fb%3E")
    assert page.locator("main b").count() == 0
    assert "未找到名称含“<b>鼎盛</b>”的信用主体" in page.locator(".search-summary").inner_text()


def test_filter_a_column_and_download_its_csv(live_server, page, data, tmp_path):
    page.goto(live_server.url + "/disclosure/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="行政处罚").first.click()
    page.wait_for_url("**/disclosure/penalty/")
    assert page.locator("table.record-table tbody tr").count() == 2
    assert_no_axe_violations(page)

    page.select_option("#id_region", "610100")
    page.select_option("#id_category", "罚款")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**category=**")
    rows = page.locator("table.record-table tbody tr")
    assert rows.count() == 1 and "西市监罚〔2026〕15号" in rows.first.inner_text()
    assert "共 1 条" in page.locator(".list-count").inner_text()
    assert_no_axe_violations(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="下载 CSV").click()
    path = tmp_path / "penalty.csv"
    info.value.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "西市监罚〔2026〕15号" in text and "宝市监罚〔2026〕3号" not in text
    assert info.value.suggested_filename.endswith(".csv")


def test_bad_filter_values_are_shown_next_to_the_field(live_server, page, data):
    page.goto(live_server.url + "/disclosure/penalty/?date_from=2026-13-45&keyword=%E9%BC%8E")
    assert page.locator(".filter-field.has-error").count() == 2
    assert page.locator("table.record-table tbody tr").count() == 2
    assert_no_axe_violations(page)


def urls(live_server, data):
    company = data["company"]
    return [
        "/",
        "/search/?q=%E9%BC%8E%E7%9B%9B",
        f"/subjects/{company.uscc}/",
        f"/subjects/{data['person'].pk}/",
        f"/records/penalty/{data['penalty'].pk}/",
        "/disclosure/",
        "/disclosure/penalty/",
        "/disclosure/black/",
    ]


def test_every_page_fits_a_phone(live_server, phone_page, data):
    for url in urls(live_server, data):
        phone_page.goto(live_server.url + url)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (url, width)
    # Tables become one card per record, each value labelled.
    phone_page.goto(live_server.url + "/disclosure/penalty/")
    cell = phone_page.locator("table.record-table tbody td").first
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert "行政相对人名称" in label
    assert_no_axe_violations(phone_page)


def test_pages_print_without_navigation_or_filters(live_server, page, data):
    page.emulate_media(media="print")
    page.goto(live_server.url + "/disclosure/penalty/")
    for selector in (".site-nav", "form.filters", ".column-tabs", ".download", ".header-search"):
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator("table.record-table").is_visible()
    page.goto(live_server.url + f"/subjects/{data['company'].uscc}/")
    assert page.locator(".breadcrumb").is_hidden()
    assert page.locator("#kind-penalty").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")

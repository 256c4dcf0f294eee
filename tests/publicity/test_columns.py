"""The 信用公示 columns: lists, filters, sorting, pagination and CSV export."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from publicity.columns import COLUMNS
from tests import factories as f
from tests.publicity import factories as pf

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept():
    return f.department()


@pytest.fixture
def baoji():
    return f.department(name="宝鸡市市场监督管理局", area="610300", short_name="宝市监")


@pytest.fixture
def company():
    return f.subject(name="西安鼎盛商贸有限公司")


def column(client, slug, **params):
    response = client.get(reverse("publicity:column", args=[slug]), params)
    assert response.status_code == 200
    return response.content.decode()


def download(client, slug, **params):
    response = client.get(reverse("publicity:column_export", args=[slug]), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM so Excel opens it"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_index_lists_the_seven_columns(client):
    html = client.get(reverse("publicity:columns")).content.decode()
    for label in ("行政许可", "行政处罚", "双随机抽查结果", "红名单", "黑名单", "信用承诺", "经营异常名录"):
        assert label in html
    for slug in ("permit", "penalty", "inspection", "red", "black", "commitment", "abnormal"):
        assert f'href="/disclosure/{slug}/"' in html


@pytest.mark.parametrize("slug", list(COLUMNS))
def test_every_column_page_answers_even_when_empty(client, slug):
    html = column(client, slug)
    assert "没有符合条件的公示信息" in html


def test_unknown_column_is_404(client):
    assert client.get("/disclosure/nosuch/").status_code == 404


def test_red_and_black_lists_are_separate_columns(client, company, dept):
    f.list_entry(company, dept, lt=pf.red_list_type(), document_number="红-1")
    f.list_entry(f.subject(name="西安失信建材有限公司"), dept, lt=f.list_type(), document_number="黑-1")
    red, black = column(client, "red"), column(client, "black")
    assert "西安鼎盛商贸有限公司" in red and "西安失信建材有限公司" not in red
    assert "西安失信建材有限公司" in black and "西安鼎盛商贸有限公司" not in black


def test_columns_show_only_publishable_records(client, company, dept):
    f.penalty(company, dept, document_number="西市监罚〔2026〕1号")
    pf.withdrawn_penalty(company, dept, document_number="西市监罚〔2026〕2号")
    pf.expired_penalty(company, dept, document_number="西市监罚〔2026〕3号")
    html = column(client, "penalty")
    assert "〔2026〕1号" in html and "〔2026〕2号" not in html and "〔2026〕3号" not in html
    assert "共 1 条" in html


def test_filter_by_region_and_department(client, company, dept, baoji):
    f.penalty(company, dept, document_number="西-1")
    f.penalty(company, baoji, document_number="宝-1")
    html = column(client, "penalty", region="610300")
    assert "宝-1" in html and "西-1" not in html
    html = column(client, "penalty", department=str(dept.pk))
    assert "西-1" in html and "宝-1" not in html


def test_filter_by_date_range(client, company, dept):
    f.penalty(company, dept, decision_date=pf.days_ago(40), document_number="早-1")
    f.penalty(company, dept, decision_date=pf.days_ago(5), document_number="近-1")
    html = column(client, "penalty", date_from=pf.days_ago(10).isoformat())
    assert "近-1" in html and "早-1" not in html
    html = column(client, "penalty", date_to=pf.days_ago(10).isoformat())
    assert "早-1" in html and "近-1" not in html


def test_filter_penalties_by_category(client, company, dept):
    f.penalty(company, dept, categories="警告;罚款", document_number="罚-1")
    f.penalty(company, dept, categories="没收违法所得", fine_amount=None, document_number="没-1")
    html = column(client, "penalty", category="罚款")
    assert "罚-1" in html and "没-1" not in html
    html = column(client, "penalty", category="没收违法所得")
    assert "没-1" in html and "罚-1" not in html


def test_filter_list_entries_by_list_type(client, company, dept):
    serious = f.list_type(name="失信被执行人")
    other = f.list_type(name="严重违法失信名单")
    f.list_entry(company, dept, lt=serious)
    f.list_entry(f.subject(name="宝鸡秦川机械有限公司"), dept, lt=other)
    html = column(client, "black", category=str(serious.pk))
    assert "西安鼎盛商贸有限公司" in html and "宝鸡秦川机械有限公司" not in html


def test_filter_by_keyword_name_code_or_document_number(client, company, dept):
    other = f.subject(name="宝鸡秦川机械有限公司")
    f.penalty(company, dept, document_number="西市监罚〔2026〕7号")
    f.penalty(other, dept, document_number="西市监罚〔2026〕8号")
    assert "〔2026〕8号" not in column(client, "penalty", keyword="鼎盛")
    assert "〔2026〕7号" in column(client, "penalty", keyword="鼎盛")
    assert "〔2026〕7号" not in column(client, "penalty", keyword=other.uscc.lower())
    assert "〔2026〕8号" in column(client, "penalty", keyword=other.uscc.lower())
    html = column(client, "penalty", keyword="西市监罚〔2026〕8号")
    assert "〔2026〕8号" in html and "〔2026〕7号" not in html


def test_sort_by_date_and_by_fine(client, company, dept):
    f.penalty(company, dept, decision_date=pf.days_ago(30), fine_amount=Decimal("50"), document_number="旧大")
    f.penalty(company, dept, decision_date=pf.days_ago(3), fine_amount=Decimal("2"), document_number="新小")
    html = column(client, "penalty")
    assert html.index("新小") < html.index("旧大")
    html = column(client, "penalty", sort="date")
    assert html.index("旧大") < html.index("新小")
    html = column(client, "penalty", sort="-fine")
    assert html.index("旧大") < html.index("新小")


@pytest.mark.parametrize(
    "params, message",
    [
        ({"date_from": "2026-13-45"}, "处罚决定日期起"),
        ({"date_to": "yesterday"}, "处罚决定日期止"),
        ({"department": "99999"}, "数据来源单位"),
        ({"region": "<script>"}, "地区"),
        ({"category": "' OR 1=1 --"}, "处罚类别"),
        ({"keyword": "鼎"}, "关键词"),
        ({"keyword": "鼎" * 500}, "关键词"),
        ({"keyword": "鼎盛\x00"}, "关键词"),
        ({"sort": "password"}, "排序"),
    ],
)
def test_bad_filter_values_are_reported_next_to_their_field(client, company, dept, params, message):
    f.penalty(company, dept, document_number="西市监罚〔2026〕1号")
    html = column(client, "penalty", **params)
    assert "〔2026〕1号" in html, "a bad filter is left out, the list still shows"
    field_html = html[html.index(f">{message}</label>") :]
    assert 'class="errorlist' in field_html[:800]
    assert "<script>" not in html.split("<main")[1]


@pytest.mark.parametrize("page", ["abc", "-3", "0", "10000", "2.5"])
def test_malformed_page_numbers_are_handled(client, company, dept, page):
    for n in range(25):
        f.penalty(company, dept, document_number=f"页-{n}")
    html = column(client, "penalty", page=page)
    assert "页-" in html


def test_pagination_keeps_the_filters(client, company, dept):
    for n in range(25):
        f.penalty(company, dept, document_number=f"页-{n}")
    html = column(client, "penalty", category="罚款")
    assert "category=%E7%BD%9A%E6%AC%BE&amp;page=2" in html


def test_count_is_capped_on_very_long_lists(client, company, dept, monkeypatch):
    from portal import paginator

    monkeypatch.setattr(paginator, "DEFAULT_CAP", 10)
    for n in range(12):
        f.penalty(company, dept, document_number=f"页-{n}")
    html = column(client, "penalty")
    assert "超过 10 条" in html


def test_csv_has_the_filtered_rows_with_public_fields(client, company, dept, baoji):
    f.penalty(
        company,
        dept,
        document_number="西-1",
        legal_rep_id_type="resident_id",
        legal_rep_id_number="11010519491231002X",
    )
    f.penalty(company, baoji, document_number="宝-1")
    pf.withdrawn_penalty(company, dept, document_number="西-撤")
    pf.expired_penalty(company, dept, document_number="西-过")
    rows = download(client, "penalty", region="610100")
    header, body = rows[0], rows[1:]
    assert "行政处罚决定书文号" in header and "处罚机关统一社会信用代码" in header
    numbers = [r[header.index("行政处罚决定书文号")] for r in body]
    assert numbers == ["西-1"]
    assert body[0][header.index("法定代表人证件号码")] == "1101**********002X"
    text = "\n".join(",".join(r) for r in rows)
    assert "11010519491231002X" not in text


def test_csv_is_also_served_as_format_csv(client, company, dept):
    f.penalty(company, dept, document_number="西-1")
    response = client.get(reverse("publicity:column", args=["penalty"]), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "西-1" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_csv_is_bounded(client, company, dept, settings):
    settings.PUBLICITY_CSV_MAX_ROWS = 3
    for n in range(5):
        f.penalty(company, dept, document_number=f"行-{n}", decision_date=pf.days_ago(n + 1))
    rows = download(client, "penalty")
    assert len(rows) == 1 + 3
    assert rows[1][rows[0].index("行政处罚决定书文号")] == "行-0"


def test_csv_cells_cannot_become_spreadsheet_formulas(client, dept):
    evil = f.subject(name='=HYPERLINK("http://x")公司')
    f.penalty(evil, dept, document_number="-1+1", remarks="@SUM(A1)")
    rows = download(client, "penalty")
    header, row = rows[0], rows[1]
    assert row[header.index("行政相对人名称")].startswith("'=")
    assert row[header.index("行政处罚决定书文号")] == "'-1+1"
    assert row[header.index("备注")] == "'@SUM(A1)"


def test_csv_of_each_list_column_masks_person_ids(client, dept):
    person = pf.person(name="张三")
    f.list_entry(person, dept, lt=f.list_type(name="失信被执行人"))
    rows = download(client, "black")
    text = "\n".join(",".join(r) for r in rows)
    assert "张三" in text and person.id_number not in text
    assert person.id_number[:4] + "*" * 10 + person.id_number[-4:] in text


def test_record_links_and_subject_links(client, company, dept):
    p = f.penalty(company, dept)
    html = column(client, "penalty")
    assert reverse("publicity:record", args=["penalty", p.pk]) in html
    assert reverse("publicity:subject", args=[company.uscc]) in html


def test_person_names_in_lists_do_not_link_to_a_profile_unless_listed(client, dept):
    person = pf.person(name="李四")
    f.penalty(person, dept, document_number="人-1")
    html = column(client, "penalty")
    assert "李四" in html
    assert reverse("publicity:subject", args=[str(person.pk)]) not in html


def test_date_filter_accepts_iso_dates_from_the_date_picker(client, company, dept):
    f.penalty(
        company, dept, decision_date=datetime.date(2026, 1, 15), publish_until=pf.today(), document_number="A"
    )
    html = column(client, "penalty", date_from="2026-01-01", date_to="2026-01-31")
    assert ">A<" in html


@pytest.mark.parametrize("slug", list(COLUMNS))
def test_column_page_queries_do_not_grow_with_the_rows(client, company, dept, slug):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    builders = {
        "permit": f.permit,
        "penalty": f.penalty,
        "inspection": f.inspection,
        "red": lambda s, d: f.list_entry(s, d, lt=pf.red_list_type()),
        "black": f.list_entry,
        "commitment": f.commitment,
        "abnormal": f.abnormal,
        "rating": f.rating,
    }

    def queries():
        with CaptureQueriesContext(connection) as captured:
            column(client, slug)
        return len(captured)

    builders[slug](company, dept)
    one = queries()
    for n in range(15):
        builders[slug](f.subject(name=f"西安测试{n}有限公司"), dept)
    assert queries() == one


@pytest.mark.parametrize(
    ("slug", "date"),
    [
        ("permit", "许可决定日期"),
        ("inspection", "检查日期"),
        ("black", "列入日期"),
        ("commitment", "承诺日期"),
    ],
)
def test_sort_and_date_filters_name_the_columns_own_date(client, slug, date):
    html = client.get(f"/disclosure/{slug}/").content.decode()
    assert f"{date}（最新在前）" in html and f"{date}（最早在前）" in html
    assert f"{date}起" in html and f"{date}止" in html
    assert ">决定日期（最新在前）" not in html


def test_the_penalty_keyword_finds_what_was_punished(client, dept, company):
    other = f.subject(name="西安长安物流有限公司")
    invoice = f.penalty(
        company, dept, violation_type="虚开增值税专用发票", violation_facts="经查，当事人为他人开具发票。"
    )
    facts = f.penalty(other, dept, violation_type="其他", violation_facts="经查，当事人虚开发票三份。")
    advert = f.penalty(other, dept)  # 发布虚假广告
    page = column(client, "penalty", keyword="虚开")
    assert invoice.document_number in page and facts.document_number in page
    assert advert.document_number not in page
    assert "违法行为（如：虚开）" in page  # the help text says what the keyword matches


def test_the_penalty_fact_search_is_an_index_lookup_on_postgresql(dept, company):
    from django.db import connection

    from publicity.filters import PenaltyFilter
    from records.models import Penalty

    f.penalty(company, dept, violation_type="虚开增值税专用发票")
    queryset = PenaltyFilter({"keyword": "虚开增值税"}, queryset=Penalty.objects.all()).qs
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A test table is small enough to scan, or to walk in date order: ask for the access
            # path of the condition alone (bitmap scans are what a large table gets).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.order_by().explain()
        from tests.query_plans import uses_index

        assert uses_index(plan, "penalty_violation_bigrams") and uses_index(plan, "penalty_facts_bigrams"), (
            plan
        )
    else:
        sql = str(queryset.query)
        assert "LIKE" in sql and "violation_facts" in sql
    assert queryset.count() == 1

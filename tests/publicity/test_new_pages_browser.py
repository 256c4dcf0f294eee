"""The public 联合奖惩典型案例 page and the 信用评价 column on a phone and a desktop: they fit,
pass axe, keep the CSP, and show what they should (a screenshot of each is kept in tmp_path)."""

import datetime

import pytest
from django.utils import timezone

from records.models import MeasureCase, Rating, RatingAgency
from tests import factories as f
from tests.browser import assert_no_axe_violations, assert_no_csp_violations, watch_csp
from tests.portal.test_layout_browser import overflow
from tests.publicity import factories as pf

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def fill():
    dept = f.department("西安市市场监督管理局", short_name="西市监")
    measure = pf.measure(f.list_type(), name="限制参与政府采购活动和政府投资项目招标投标")
    month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    now = timezone.now()
    MeasureCase.objects.create(
        department=dept,
        month=month,
        measure=measure,
        subject_name="陕西省西安市长安区某某建筑材料科技发展有限责任公司",
        subject_uscc=f.uscc(),
        title="严重失信建材企业在市级政府采购项目中被依法拒绝参与投标",
        summary="该企业因提供虚假材料骗取行政许可被列入严重违法失信名单。" * 4,
        outcome="企业主动纠正失信行为，履行法定义务并作出信用承诺。",
        published_at=now,
    )
    MeasureCase.objects.create(
        department=dept,
        month=month,
        measure=measure,
        subject_name="张建国",
        title="失信被执行人乘坐高铁受限后主动履行",
        summary="被执行人购买高铁车票时被系统拦截，随后主动履行判决确定的义务。",
        published_at=now,
    )
    agency = RatingAgency.objects.create(
        name="陕西诚信信用评估有限公司",
        uscc=f.uscc(),
        filed_on=datetime.date(2025, 3, 1),
        scales="AAA/AA/A/BBB",
    )
    company = f.subject(name="西安鼎盛商贸有限公司")
    f.rating(
        company,
        dept,
        document_number="评〔2026〕001号",
        rating_type="企业综合信用等级",
        grade="AA",
        scale="AAA/AA/A/BBB",
        agency=agency.name,
        agency_uscc=agency.uscc,
        rating_agency=agency,
        valid_until=timezone.localdate() + datetime.timedelta(days=300),
    )
    f.rating(
        company,
        dept,
        document_number="税评-1",
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert Rating.objects.count() == 2


@pytest.mark.parametrize("width", [375, 1366])
def test_the_new_public_pages_fit_and_pass_axe(live_server, browser, width, tmp_path):
    fill()
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    for path, name, expected in (
        ("/cases/", "cases", ["联合奖惩典型案例", "严重失信建材企业", "自然人（姓名不予公开）"]),
        ("/disclosure/rating/", "ratings", ["信用评价", "陕西诚信信用评估有限公司", "企业综合信用等级"]),
    ):
        page.goto(live_server.url + path)
        text = page.inner_text("main") if page.query_selector("main") else page.inner_text("body")
        for words in expected:
            assert words in text, (path, words)
        assert "张建国" not in page.content()
        assert overflow(page, width) == []
        assert_no_axe_violations(page)
        page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
    context.close()
    assert_no_csp_violations(violations)

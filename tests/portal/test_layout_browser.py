"""Every public page fits a 375 px phone and a 1366 px desktop: nothing scrolls sideways.

The pages are filled with the demo generator's data (long company names, long 违法事实) so
overflow from real content shows, not only from an empty layout.
"""

import pytest
from django.core.management import call_command

from portal.models import Article
from records import models as m
from tests.browser import assert_no_axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WIDTHS = (375, 1366)


def public_paths() -> list[str]:
    call_command("seed_demo", subjects=120, seed=2017, quiet=True)
    article = long_article()
    penalty = m.Penalty.objects.filter(status=m.RecordStatus.PUBLISHED).order_by("-decision_date").first()
    listed = m.ListEntry.objects.filter(status=m.RecordStatus.PUBLISHED).first()
    subject = penalty.subject
    paths = [
        "/",
        "/search/?q=" + subject.name[:4],
        f"/subjects/{subject.uscc or subject.pk}/",
        f"/records/penalty/{penalty.pk}/",
        f"/subjects/{subject.uscc or subject.pk}/certificate/",
        "/disclosure/",
        "/policies/",
        "/news/",
        "/complaints/",
        "/complaints/new/",
        "/complaints/track/",
        "/complaints/cases/",
        "/repair/",
        "/repair/apply/",
        "/objections/",
        "/objections/apply/",
        "/verify/",
        "/reports/",
        "/no-such-page/",
        "/contact/",
        "/sitemap/",
        "/accessibility/",
        "/api/",
        article.get_absolute_url(),
    ]
    if listed is not None:
        paths.append(f"/records/list_entry/{listed.pk}/")
    from publicity.columns import COLUMNS

    paths += [f"/disclosure/{slug}/" for slug in COLUMNS]
    return paths


def long_article() -> Article:
    # The longest real title the portal carries: it once widened every home-page panel to 642 px.
    return Article.objects.create(
        kind=Article.Kind.POLICY,
        title="陕西省发展和改革委员会关于印发《加强信用信息互联互通共享共用行动计划》的通知",
        document_number="陕发改财金〔2017〕550号",
        body="各设区市发展改革委。\n为贯彻落实国家有关要求，制定本行动计划。",
    )


def overflow(page, width: int) -> list[str]:
    """The elements sticking out past the viewport's right edge (empty when the page fits)."""
    if page.evaluate("document.documentElement.scrollWidth") <= width:
        return []
    return page.evaluate(
        """(width) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)""",
        width,
    )


def test_no_public_page_scrolls_sideways(live_server, browser):
    paths = public_paths()
    failures = {}
    for width in WIDTHS:
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        for path in paths:
            page.goto(live_server.url + path)
            if sticking_out := overflow(page, width):
                failures[f"{width}px {path}"] = sticking_out
        context.close()
    assert failures == {}


def test_home_page_with_demo_data_is_accessible_on_a_phone(live_server, phone_page):
    call_command("seed_demo", subjects=60, seed=2017, quiet=True)
    long_article()
    phone_page.goto(live_server.url + "/")
    assert overflow(phone_page, 375) == []
    assert_no_axe_violations(phone_page)


def test_large_print_mode_is_kept_across_pages(live_server, page):
    page.goto(live_server.url + "/accessibility/")
    page.get_by_role("button", name="大字模式").click()
    assert page.get_by_role("button", name="大字模式").get_attribute("aria-pressed") == "true"
    page.goto(live_server.url + "/disclosure/")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    assert overflow(page, 1280) == []
    page.goto(live_server.url + "/accessibility/")
    page.get_by_role("button", name="恢复默认").click()
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "16px"

"""The main pages in Chromium under the strict Content-Security-Policy: every script, style
and handler still works, and the browser reports no violation."""

import pytest

from tests import factories as f
from tests.browser import assert_no_csp_violations, watch_csp
from tests.records.personas import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PUBLIC_PAGES = [
    "/",
    "/search/?q=鼎盛",
    "/disclosure/",
    "/disclosure/penalty/",
    "/policies/",
    "/complaints/",
    "/complaints/track/",
    "/complaints/cases/",
    "/repair/",
    "/objections/",
    "/verify/",
]


def test_main_pages_run_without_csp_violations(live_server, browser, people, settings):
    settings.COMPLAINT_POW_DIFFICULTY = 8
    company = f.subject(name="西安鼎盛商贸有限公司")
    f.penalty(company, people.market, document_number="西市监罚〔2026〕15号")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(60_000)
    for path in [*PUBLIC_PAGES, f"/subjects/{company.uscc}/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        assert "camera=()" in response.headers["permissions-policy"], path

    # The complaint form's scripts (subject suggestions, proof-of-work) run from static files.
    page.goto(live_server.url + "/complaints/new/")
    page.wait_for_function("document.getElementById('id_pow_nonce').value !== ''", timeout=30_000)
    page.fill("#id_subject_name", "鼎盛")
    page.wait_for_selector("#subject-suggestions button")

    # The API documentation: Swagger UI starts from a script file and renders the operations.
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".opblock", timeout=30_000)

    # Staff pages: the one login, the admin, the workspace, the exchange pages.
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", people.office_admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form input[type=submit]")
    page.wait_for_url("**/admin/")
    for path in [
        "/admin/records/penalty/",
        "/admin/two-factor/",
        "/complaints/staff/",
        "/records/timeliness/",
    ]:
        assert page.goto(live_server.url + path).status == 200, path
    context.close()
    assert_no_csp_violations(violations)

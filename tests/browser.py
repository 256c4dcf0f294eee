"""Shared browser-test helpers: Playwright driving Debian's Chromium, and axe-core checks.

Never downloads a browser: it launches /usr/bin/chromium (CHROMIUM env var to override).
axe-core comes from npm (node_modules, installed by `make test`) and is injected into the page
from disk, so nothing is fetched from outside.
"""

import json
import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Chromium, open for the tests of one module.

    Playwright's sync API runs an event loop in this thread while it is open, and Django's ORM
    refuses to run in a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. It
    is set while the browser is open and removed when it closes, so every other test runs with
    Django's guard on (tests/test_settings.py checks)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()


# Every Content-Security-Policy violation becomes a console error the watcher collects.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watch_csp(context) -> list[str]:
    """Collect the Content-Security-Policy violations of every page of `context`."""
    violations: list[str] = []
    context.add_init_script(_REPORT_CSP_VIOLATIONS)

    def on_console(message):
        text = message.text
        if message.type == "error" and ("CSP violation" in text or "Content Security Policy" in text):
            violations.append(f"{message.page.url if message.page else ''}: {text}")

    context.on("console", on_console)
    return violations


def assert_no_csp_violations(violations: list[str]) -> None:
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert_no_csp_violations(violations)


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740}, is_mobile=True)
    violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert_no_csp_violations(violations)


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the current page; return violations of the given impacts."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (npm install axe-core)")
    # Evaluated through the DevTools protocol: an injected inline <script> would break the CSP.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in impacts]


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, json.dumps(
        [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
            for v in violations
        ],
        ensure_ascii=False,
        indent=1,
    )


def staff_page(browser, live_server, username: str, password: str):
    """A second browser window logged in to the staff admin as `username` (a persona), for a
    flow in which two people take turns (an operator and a reviewer)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    return page

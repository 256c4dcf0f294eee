"""Security headers on every page, and templates the strict Content-Security-Policy allows."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

# What the browser renders (e-mails and WeasyPrint's PDF templates are not pages).
NOT_PAGES = ("email/", "certificates/pdf")
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "inline <style>"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _templates():
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += [
        Path(settings.BASE_DIR) / app / "templates"
        for app in ("records", "publicity", "complaints", "portal")
    ]
    for root in roots:
        for path in root.rglob("*.html"):
            if not any(part in path.as_posix() for part in NOT_PAGES):
                yield path


def test_no_template_needs_inline_script_or_style():
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {what}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "path", ["/", "/complaints/", "/admin/login/", "/api/docs/", "/api/v1/open/permits/"]
)
def test_every_response_carries_the_policies(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_the_api_docs_load_their_start_up_script_as_a_file(client):
    page = client.get("/api/docs/").content.decode()
    assert "<style" not in page and re.search(r'<script src="/api/docs/\?[^"]*script', page)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()

"""A server process loads WeasyPrint, the certificate fonts and the signing key as it starts
(config/wsgi.py), so its first certificate does not wait for them (issue 16)."""

import os
import subprocess
import sys

from django.conf import settings

from publicity.certificates.render import WARM_UP_HTML, html_to_pdf
from tests.publicity.certificates.pdftools import pdf_fonts

LOADED = "import sys, config.wsgi; print('weasyprint' in sys.modules, sys.modules['config.wsgi'].application is not None)"


def _start_server_process(**extra) -> str:
    env = {k: v for k, v in os.environ.items() if k != "TESTING"}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings", **extra)
    return subprocess.run(
        [sys.executable, "-c", LOADED],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout.split()


def test_a_server_process_renders_a_certificate_page_as_it_starts():
    assert _start_server_process() == ["True", "True"]


def test_without_the_warm_up_nothing_of_weasyprint_is_loaded_at_start():
    assert _start_server_process(CERTIFICATE_WARM_UP="0") == ["False", "True"]


def test_the_warm_up_page_uses_the_certificate_fonts():
    fonts = pdf_fonts(html_to_pdf(WARM_UP_HTML, title="warm-up"))
    assert any("CJK" in font["name"] and font["emb"] == "yes" for font in fonts), fonts

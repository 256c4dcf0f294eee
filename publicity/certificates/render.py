"""Render a saved certificate into an archival PDF (WeasyPrint, PDF/A-3b).

Only the certificate record is read: its snapshot, number, serial, time, purpose and
requesting organisation. The QR code is drawn locally (segno, SVG); nothing is fetched from
the network while rendering.
"""

import json
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from publicity.certificates.numbers import grouped

PDF_VARIANT = "pdf/a-3b"
STYLESHEET = "css/certificate-pdf.css"
# Each document type has its PDF page and the content it states (shared with the verification
# page, which shows the same content from the same snapshot).
PDF_TEMPLATES = {
    "query": "publicity/certificates/pdf.html",
    "report": "publicity/certificates/report_pdf.html",
    "repair_notice": "publicity/certificates/repair_notice_pdf.html",
}
CONTENT_TEMPLATES = {
    "query": "publicity/certificates/_content.html",
    "report": "publicity/certificates/_report_content.html",
    "repair_notice": "publicity/certificates/_repair_notice_content.html",
}


def verify_path(number: str) -> str:
    return reverse("certificates:detail", args=[number]).rstrip("/")


def verify_url(number: str) -> str:
    """The short URL printed under the QR code (no trailing slash: shorter to type)."""
    return f"{settings.SITE_URL}{verify_path(number)}"


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m", micro=False).svg_data_uri(border=0, dark="#000")


def stylesheet_path() -> Path:
    path = finders.find(STYLESHEET)
    if not path:
        raise FileNotFoundError(STYLESHEET)
    return Path(path)


def certificate_context(certificate) -> dict:
    url = verify_url(certificate.number)
    return {
        "certificate": certificate,
        "snapshot": certificate.snapshot,
        "content_template": CONTENT_TEMPLATES[certificate.doc_type],
        "number_grouped": grouped(certificate.number),
        "issued_at": timezone.localtime(certificate.issued_at),
        "verify_url": url,
        "qr": qr_data_uri(url),
        "SITE_NAME": settings.SITE_NAME,
    }


def render_html(certificate) -> str:
    return render_to_string(PDF_TEMPLATES[certificate.doc_type], certificate_context(certificate))


def html_to_pdf(html: str, *, extra_css: str = "", attachments=(), title: str = "") -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data", "file"})
    stylesheets = [CSS(filename=str(stylesheet_path()), url_fetcher=fetcher)]
    if extra_css:
        stylesheets.append(CSS(string=extra_css, url_fetcher=fetcher))
    return HTML(string=html, base_url=str(stylesheet_path().parent), url_fetcher=fetcher).write_pdf(
        stylesheets=stylesheets,
        pdf_variant=PDF_VARIANT,
        attachments=list(attachments),
        finisher=_producer_as_signer,
    )


def _producer_as_signer(document, pdf) -> None:
    """PDF/A wants the info dictionary and the XMP metadata to agree. Signing rewrites the XMP
    producer to pyHanko's name and keeps an info producer that already contains it, so name
    the producer that way from the start."""
    import pydyf
    from pyhanko.pdf_utils.metadata.model import VENDOR

    pdf.info["Producer"] = pydyf.String(VENDOR)


def render_pdf(certificate) -> bytes:
    """The unsigned PDF of a saved document, with its snapshot attached as JSON (PDF/A-3)."""
    from weasyprint import Attachment

    snapshot = Attachment(
        string=json.dumps(
            {
                "document": certificate.title,
                "number": certificate.number,
                "serial": certificate.serial,
                "issued_at": certificate.issued_at.isoformat(),
                "purpose": certificate.purpose_text,
                "requester_org": certificate.requester_org,
                "snapshot": certificate.snapshot,
            },
            ensure_ascii=False,
            indent=1,
        ),
        name="snapshot.json",
        description=_("本文件的结构化数据"),
        relationship="Data",
    )
    return html_to_pdf(render_html(certificate), attachments=[snapshot])


# Never shown: CJK and Latin text in the certificate's fonts, so warming up loads what issuing does.
WARM_UP_HTML = '<html lang="zh-Hans"><body><h1>信用信息查询结果</h1><p>统一社会信用代码 91610000MA6TG0000X</p></body></html>'


def warm_up() -> None:
    """Load WeasyPrint, fontconfig, the CJK font and the signing key into this process.

    Otherwise the first certificate a fresh server process issues waits for all of them (1.5 to
    5.5 s measured, issue 16) while later ones take about 0.4 s. config/wsgi.py calls this when
    a server process starts (CERTIFICATE_WARM_UP, on by default), so the wait is at start-up,
    before the process takes requests. A missing signing key is not an error here: the system
    check reports it, and issuance says so.
    """
    from publicity.certificates.signing import SigningNotConfigured, get_signer

    html_to_pdf(WARM_UP_HTML, title="warm-up")
    try:
        get_signer()
    except SigningNotConfigured:
        pass

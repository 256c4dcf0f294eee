"""Many officials print a certificate at the same moment: on SQLite too, every one is issued.

22 threads post the certificate form to the live server at once (each thread a browser-like
session with its own cookie and CSRF token). SQLite runs in WAL mode with a busy timeout and
IMMEDIATE transactions (config/settings.py), so writers queue instead of failing with
"database is locked".
"""

import re
import threading

import pytest
import requests

from publicity.certificates.models import Certificate
from tests.publicity.certificates.factories import company_with_every_kind

PARALLEL = 22


@pytest.mark.django_db(transaction=True)
def test_twenty_two_parallel_certificate_issues_all_succeed(live_server, settings):
    settings.CERTIFICATE_ISSUE_RATE = "1000/hour"
    story = company_with_every_kind()
    url = f"{live_server.url}/subjects/{story.subject.uscc}/certificate/"
    sessions = []
    for _ in range(PARALLEL):
        session = requests.Session()
        form = session.get(url, timeout=60)
        assert form.status_code == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        sessions.append((session, token))
    barrier = threading.Barrier(PARALLEL)
    results = [None] * PARALLEL

    def issue(i):
        session, token = sessions[i]
        try:
            barrier.wait(timeout=60)
            response = session.post(
                url,
                data={
                    "csrfmiddlewaretoken": token,
                    "purpose": "bidding",
                    "purpose_detail": "",
                    "requester_org": "西安市公共资源交易中心",
                },
                headers={"Referer": url},
                timeout=300,
            )
            results[i] = (response.status_code, response.headers.get("Content-Type", ""))
        except Exception as exc:  # reported below with the thread's number
            results[i] = (repr(exc), "")

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)

    failures = [r for r in results if r != (200, "application/pdf")]
    assert failures == []
    assert Certificate.objects.exclude(pdf_sha256="").count() == PARALLEL
    assert len(set(Certificate.objects.values_list("serial", flat=True))) == PARALLEL

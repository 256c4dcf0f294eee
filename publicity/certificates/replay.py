"""One certificate per submitted form, however often it is sent.

The request form carries a random `issue_token` (made when the page is served). The first POST
with a token claims it in the shared cache and issues; a second POST with the same token and the
same answers (a double click, a browser resending after a slow first response) waits for the
first one and gets the very same PDF: one number, one query-log entry. Different answers with an
old token are a new request. A POST without a token (scripts, older pages) always issues.
"""

import hashlib
import re
import secrets
import time

from django.core.cache import cache

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEEP_SECONDS = 600
WAIT_SECONDS = 60


def new_token() -> str:
    return secrets.token_urlsafe(18)


def _key(token: str, subject_pk: int, answers: dict) -> str:
    fingerprint = hashlib.sha256(repr(sorted(answers.items())).encode()).hexdigest()[:32]
    return f"certificate-issue:{subject_pk}:{token}:{fingerprint}"


def issue_once(token: str, subject_pk: int, answers: dict, issue):
    """`issue()` returns an IssuedCertificate; this returns (number, filename, pdf)."""
    if not TOKEN.fullmatch(token or ""):
        issued = issue()
        return issued.certificate.number, issued.filename, issued.pdf
    key = _key(token, subject_pk, answers)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if cache.add(key, {"state": "pending"}, KEEP_SECONDS):
            try:
                issued = issue()
            except BaseException:
                cache.delete(key)
                raise
            done = {
                "state": "done",
                "number": issued.certificate.number,
                "filename": issued.filename,
                "pdf": issued.pdf,
            }
            cache.set(key, done, KEEP_SECONDS)
            return done["number"], done["filename"], done["pdf"]
        while time.monotonic() < deadline:
            value = cache.get(key)
            if value is None:
                break  # the first attempt failed and let go of the token: try to claim it again
            if value["state"] == "done":
                return value["number"], value["filename"], value["pdf"]
            time.sleep(0.2)
        else:
            raise TimeoutError("the first request with this token did not finish")

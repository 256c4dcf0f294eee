"""The attacks of issue 11, sent in parallel against a live server (threads, each with its own
HTTP session and database connection), counted: nothing gets past a limit, a forged
X-Forwarded-For buys nothing, and a stranger cannot lock a real user out."""

import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from complaints import challenge
from complaints.models import Case
from tests.complaints import factories as cf
from tests.complaints.helpers import fields
from tests.records.personas import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _all_at_once(jobs) -> list:
    """Run the prepared jobs together: every thread waits at a barrier, then fires."""
    barrier = threading.Barrier(len(jobs))

    def fire(job):
        barrier.wait()
        return job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(fire, jobs))


def _prepared_submission(base: str):
    session = requests.Session()
    html = session.get(f"{base}/complaints/new/", timeout=30).text
    pow_challenge = re.search(r'name="pow_challenge" value="([^"]+)"', html).group(1)
    data = {
        **fields(),
        "csrfmiddlewaretoken": _csrf(html),
        "form_token": re.search(r'name="form_token" value="([^"]+)"', html).group(1),
        "pow_challenge": pow_challenge,
        "pow_nonce": challenge.solve(pow_challenge),
    }
    return lambda: session.post(f"{base}/complaints/new/", data=data, allow_redirects=False, timeout=60)


def test_twenty_parallel_submissions_create_five_cases(live_server, settings):
    settings.COMPLAINT_POW_DIFFICULTY = 4
    settings.COMPLAINT_SUBMIT_LIMIT = (5, 3600)
    jobs = [_prepared_submission(live_server.url) for _ in range(20)]
    codes = [r.status_code for r in _all_at_once(jobs)]
    assert Case.objects.count() == 5  # cases created over the limit: 0
    assert codes.count(302) == 5 and codes.count(429) == 15


def _prepared_lookup(base: str, number: str):
    session = requests.Session()
    html = session.get(f"{base}/complaints/track/", timeout=30).text
    data = {"csrfmiddlewaretoken": _csrf(html), "tracking_number": number, "query_code": "AAAAAAAA"}
    return lambda: session.post(f"{base}/complaints/track/", data=data, allow_redirects=False, timeout=60)


def test_thirty_parallel_wrong_lookups_get_ten_answers(live_server, settings):
    settings.COMPLAINT_TRACK_FAILURE_LIMIT = (10, 3600)
    number = cf.case().tracking_number
    jobs = [_prepared_lookup(live_server.url, number) for _ in range(30)]
    responses = _all_at_once(jobs)
    answered = [r for r in responses if r.status_code == 400 and "受理编号或查询码不正确" in r.text]
    assert len(answered) == 10  # look-ups answered over the limit: 0
    assert sum(r.status_code == 429 for r in responses) == 20


def _open_data_rate(settings, rate):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "open_data": rate},
    }


@pytest.mark.parametrize("proxies", [0, 1])
def test_forged_forwarded_for_does_not_bypass_the_open_data_throttle(live_server, settings, proxies):
    settings.TRUSTED_PROXY_COUNT = proxies
    _open_data_rate(settings, "5/hour")
    url = f"{live_server.url}/api/v1/open/permits/"

    def forged():
        # A fresh random address each time; behind one proxy, the proxy appends the real one.
        header = f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
        if proxies:
            header += ", 203.0.113.7"
        return requests.get(url, headers={"X-Forwarded-For": header}, timeout=60).status_code

    codes = _all_at_once([forged] * 30)
    assert codes.count(200) == 5  # bypasses with forged headers: 0
    assert codes.count(429) == 25


def _login(base: str, username: str, password: str, address: str):
    """A staff login through the proxy (TRUSTED_PROXY_COUNT=1) from `address`."""
    session = requests.Session()
    headers = {"X-Forwarded-For": address}
    html = session.get(f"{base}/admin/login/", headers=headers, timeout=30).text
    data = {"csrfmiddlewaretoken": _csrf(html), "username": username, "password": password}
    return lambda: session.post(
        f"{base}/admin/login/", data=data, headers=headers, allow_redirects=False, timeout=60
    )


def test_a_stranger_cannot_lock_a_real_user_out(live_server, settings, people):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXY_COUNT = 1
    base = live_server.url
    stranger = [_login(base, "chen", "wrong-guess-1", "198.51.100.66") for _ in range(5)]
    codes = {r.status_code for r in _all_at_once(stranger)}
    assert codes <= {200, 429}  # the form again with an error, or already the lockout

    # The stranger's address is locked for this username, and told when to try again ...
    locked = _login(base, "chen", PASSWORD, "198.51.100.66")()
    assert locked.status_code == 429 and "登录已被暂时锁定" in locked.text and "之后再试" in locked.text
    # ... while the real user, elsewhere, logs in.
    real = _login(base, "chen", PASSWORD, "203.0.113.10")()
    assert real.status_code == 302 and "sessionid" in real.cookies

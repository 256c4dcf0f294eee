"""Public reads from a real streaming standby (portal/replica.py, DATABASE_REPLICA_URL).

The set-up starts its own PostgreSQL primary and a `pg_basebackup -R` standby of it on free
ports (tests/pgcluster.py) and serves the portal with gunicorn on both (tests/pgsite.py), so
this runs the same in the SQLite and the PostgreSQL suite. To tell where a page was read, the
standby's replay is paused: what the primary then writes exists on the primary only, and a page
shows it only when the primary served it.

The staff member is 孙管理, a 信用办管理员 (the shipped role, granted by its data migration) of
that separate database, made the way tests/records/personas.py makes the personas.
"""

import contextlib
import datetime
import itertools
import re
from dataclasses import dataclass

import pytest
import requests
from django.utils import timezone

from portal.replica import PIN_COOKIE
from tests import factories as f
from tests.pgcluster import Cluster, free_port
from tests.pgsite import STAFF_PASSWORD, STAFF_USERNAME, site_env, start_server, stop_server

PIN_SECONDS = 300


@dataclass
class Site:
    cluster: Cluster
    url: str
    data: dict

    def on(self, server, statement: str, params=()):
        return self.cluster.sql(server, statement, "credit", params)

    @contextlib.contextmanager
    def standby_behind(self):
        """The standby keeps everything written before the block and nothing written in it."""
        with self.cluster.replay_paused("credit"):
            yield
        # Caught up again when the block ends.


@pytest.fixture(scope="module")
def site(portal_cluster):
    cluster, data = portal_cluster
    env = site_env(
        cluster.primary.url("credit"),
        DATABASE_REPLICA_URL=cluster.standby.url("credit"),
        REPLICA_PIN_SECONDS=str(PIN_SECONDS),
    )
    port = free_port()
    server = start_server(env, port)
    try:
        yield Site(cluster, f"http://127.0.0.1:{port}", data)
    finally:
        log = stop_server(server)
        assert "Traceback" not in log, log[-3000:]


_numbers = itertools.count(1)


def penalty_row(site: Site) -> dict:
    """A penalty of a new company in the national fields (as tests/records/exchange_factories)."""
    n = next(_numbers)
    department, code = site.data["department_name"], site.data["department_uscc"]
    return {
        "cf_xdr_mc": f"陕西副本测试商贸有限公司{n}",
        "cf_xdr_lb": "法人及非法人组织",
        "cf_xdr_shxym": f.uscc(),
        "cf_fr": "张三",
        "cf_wsh": f"西市监罚〔2026〕副{n}号",
        "cf_wfxw": "发布虚假广告",
        "cf_sy": "经查，当事人在其网店发布虚假广告。",
        "cf_yj": "《中华人民共和国广告法》第五十五条",
        "cf_cflb": "罚款",
        "cf_nr": "罚款人民币2万元",
        "cf_nr_fk": "2",
        "cf_jdrq": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "cf_cfjg": department,
        "cf_cfjgdm": code,
        "cf_sjly": department,
        "cf_sjlydm": code,
    }


def push_penalty(site: Site, client=None) -> dict:
    """A department system pushes one penalty of a new company (POST /api/v1/push/penalty/)."""
    row = penalty_row(site)
    response = (client or requests).post(
        f"{site.url}/api/v1/push/penalty/",
        json={"rows": [row]},
        headers={"Authorization": f"Bearer {site.data['push_token']}"},
    )
    assert response.status_code == 200, response.text[:2000]
    assert response.json()["created"] == 1
    return row


def subject_count(site: Site, server, uscc: str) -> int:
    return site.on(server, "SELECT count(*) FROM records_subject WHERE uscc = %s", (uscc,))[0][0]


def open_data_count(client, site: Site, uscc: str) -> int:
    response = client.get(f"{site.url}/api/v1/open/penalties/", params={"uscc": uscc})
    assert response.status_code == 200, response.text[:2000]
    return response.json()["count"]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def staff_login(site: Site) -> requests.Session:
    staff = requests.Session()
    form = staff.get(f"{site.url}/admin/login/")
    response = staff.post(
        f"{site.url}/admin/login/",
        data={
            "csrfmiddlewaretoken": csrf_of(form.text),
            "username": STAFF_USERNAME,
            "password": STAFF_PASSWORD,
            "next": "/admin/",
        },
        allow_redirects=False,
    )
    assert response.status_code == 302 and "sessionid" in staff.cookies, response.text[:2000]
    return staff


def add_policy(site: Site, staff: requests.Session, title: str) -> requests.Response:
    """The credit office adds a 政策法规 article through the admin."""
    form = staff.get(f"{site.url}/admin/portal/article/add/")
    assert form.status_code == 200
    now = timezone.localtime()
    response = staff.post(
        f"{site.url}/admin/portal/article/add/",
        data={
            "csrfmiddlewaretoken": csrf_of(form.text),
            "kind": "policy",
            "title": title,
            "document_number": "",
            "source": "省信用办",
            "body": "为加强信用信息共享，制定本办法。",
            "published_at_0": now.strftime("%Y-%m-%d"),
            "published_at_1": now.strftime("%H:%M:%S"),
            "is_published": "on",
            "_save": "保存",
        },
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:3000]
    return response


def test_anonymous_public_pages_and_open_data_are_read_from_the_standby(site):
    visitor = requests.Session()
    with site.standby_behind():
        row = push_penalty(site)
        uscc = row["cf_xdr_shxym"]
        # The push wrote to the primary; the standby has not applied it.
        assert (
            subject_count(site, site.cluster.primary, uscc),
            subject_count(site, site.cluster.standby, uscc),
        ) == (1, 0)
        assert site.on(site.cluster.standby, "SELECT pg_is_in_recovery()")[0][0] is True

        # So a visitor, served by the standby, does not find the company yet.
        assert visitor.get(f"{site.url}/subjects/{uscc}/").status_code == 404
        assert open_data_count(visitor, site, uscc) == 0
        assert row["cf_wsh"] not in visitor.get(f"{site.url}/disclosure/penalty/").text
        assert row["cf_wsh"] not in visitor.get(f"{site.url}/disclosure/penalty/?format=csv").text

    # Once the standby has applied it, the same visitor finds it: the pages read the standby.
    profile = visitor.get(f"{site.url}/subjects/{uscc}/")
    assert profile.status_code == 200 and row["cf_xdr_mc"] in profile.text
    assert open_data_count(visitor, site, uscc) == 1
    assert row["cf_wsh"] in visitor.get(f"{site.url}/disclosure/penalty/").text
    assert row["cf_wsh"] in visitor.get(f"{site.url}/disclosure/penalty/?format=csv").text  # streamed
    assert PIN_COOKIE not in visitor.cookies  # reading never pins anyone to the primary


def test_staff_read_and_write_the_primary(site):
    staff = staff_login(site)
    visitor = requests.Session()
    with site.standby_behind():
        row = push_penalty(site)
        uscc = row["cf_xdr_shxym"]
        # Logged in, the same public page comes from the primary.
        profile = staff.get(f"{site.url}/subjects/{uscc}/")
        assert profile.status_code == 200 and row["cf_xdr_mc"] in profile.text
        assert open_data_count(staff, site, uscc) == 1
        assert visitor.get(f"{site.url}/subjects/{uscc}/").status_code == 404

        # The office's change is written to the primary (the standby could not take a write)
        # and the office sees it at once on the public 政策法规 page.
        add_policy(site, staff, "信用信息共享管理办法（第一版）")
        titles = "SELECT count(*) FROM portal_article WHERE title = '信用信息共享管理办法（第一版）'"
        assert (site.on(site.cluster.primary, titles), site.on(site.cluster.standby, titles)) == (
            [(1,)],
            [(0,)],
        )
        assert "信用信息共享管理办法（第一版）" in staff.get(f"{site.url}/policies/").text
        assert "信用信息共享管理办法（第一版）" not in visitor.get(f"{site.url}/policies/").text

    assert "信用信息共享管理办法（第一版）" in visitor.get(f"{site.url}/policies/").text


def test_whoever_wrote_reads_their_own_writes_for_a_while(site):
    staff = staff_login(site)
    visitor = requests.Session()
    with site.standby_behind():
        saved = add_policy(site, staff, "公共信用信息目录（第二版）")
        # The write pins this browser to the primary for REPLICA_PIN_SECONDS.
        pin = next(c for c in saved.raw.headers.getlist("Set-Cookie") if c.startswith(f"{PIN_COOKIE}="))
        assert f"Max-Age={PIN_SECONDS}" in pin and "HttpOnly" in pin

        # Logged out, the browser is anonymous but still reads the primary: the article it just
        # published is there, though the standby has not applied it.
        logout = staff.post(
            f"{site.url}/admin/logout/",
            data={"csrfmiddlewaretoken": staff.cookies["csrftoken"]},
            allow_redirects=False,
        )
        assert logout.status_code in (200, 302) and "sessionid" not in staff.cookies
        assert "公共信用信息目录（第二版）" in staff.get(f"{site.url}/policies/").text
        assert "公共信用信息目录（第二版）" not in visitor.get(f"{site.url}/policies/").text

        # A department system that pushed reads its own rows back from the open data at once.
        system = requests.Session()
        row = push_penalty(site, system)
        assert PIN_COOKIE in system.cookies
        assert open_data_count(system, site, row["cf_xdr_shxym"]) == 1
        assert open_data_count(visitor, site, row["cf_xdr_shxym"]) == 0

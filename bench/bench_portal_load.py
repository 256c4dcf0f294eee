"""Load on the whole portal under gunicorn: public pages, APIs, certificates, admin change lists.

Figure: per endpoint and concurrency (1, 8 and 32 keep-alive clients on loopback, each for
BENCH_LOAD_SECONDS, default 5, and for at least BENCH_LOAD_MIN_REQUESTS requests, default 5):
requests/s, client-side p50/p95/p99, server-side p50/p95 (the request time gunicorn's access
log records), errors (status outside 2xx/3xx, timeouts), and the RSS of the gunicorn workers
after the row.
Baseline (same run, same gunicorn): the bare view /ping (the whole middleware stack, no database,
no template); each row's requests/s is divided by the bare view's at the same concurrency.

Server: `.venv/bin/gunicorn config.wsgi` with 2 sync workers and production settings (DEBUG=0,
a SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, SECURE_SSL_REDIRECT=0, manifest static files, the demo
signing key of `make_demo_signing_key` under a data directory of its own). For the benchmark
only: STAFF_OTP_ROLES is empty (the credit office persona logs in with a password alone; in
production its role requires TOTP), and the per-address limits (open data, certificates) are
raised, since every request comes from 127.0.0.1.

Data: a database BENCH_DB_PREFIX + "portal_load" (default bench_portal_load) built by
`manage.py demo_setup --subjects BENCH_LOAD_SUBJECTS` (default 1,000,000, issue 16's size: about
5 million records, a few minutes to build; BENCH_LOAD_SUBJECTS=100000 for a quicker look). BENCH_LOAD_REUSE=1 keeps a
database an earlier run built. BENCH_LOAD_ONLY=word,word runs only the rows whose label contains
one of the words (the bare view always runs).

Targets (issue 16 item 2): a public page or API p95 ≤ 100 ms at c=1 and ≥ 50% of the bare view's
requests/s at c=8; admin change lists p95 ≤ 500 ms (at c=1); certificate issuance at c=8 ≥ 80%
of 2 ÷ the single-issue time (the c=1 median; 2 workers).

Why one long module: a benchmark reads best as one script, set-up to table, in the order it runs.
"""

import datetime
import http.client
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadgen  # noqa: E402
from common import (  # noqa: E402
    OUT,
    PG_URL_BASE,
    ROOT,
    free_port,
    manage,
    percentile,
    pg_name,
    save_section,
    worker_pids,
)
from common import start_gunicorn as common_start_gunicorn  # noqa: E402
from loadgen import Request  # noqa: E402

SUBJECTS = int(os.environ.get("BENCH_LOAD_SUBJECTS", 1_000_000))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", 5))
CONCURRENCY = [int(c) for c in os.environ.get("BENCH_LOAD_CONCURRENCY", "1,8,32").split(",")]
# Every row gets at least this many requests (a certificate takes about a second).
MIN_REQUESTS = int(os.environ.get("BENCH_LOAD_MIN_REQUESTS", 5))
ONLY = [w for w in os.environ.get("BENCH_LOAD_ONLY", "").split(",") if w]
DB = pg_name("portal_load")
WORK = OUT / "portal_load"
PUBLIC_P95_MS, PUBLIC_RATIO, ADMIN_P95_MS, CERT_SHARE = 100, 0.5, 500, 0.8


def server_env(url: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(WORK / "static"),
            "DATA_DIR": str(WORK / "var"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "STAFF_OTP_ROLES": "",
            "OPEN_DATA_RATE": "100000000/min",
            "API_ANON_RATE": "100000000/min",
            "CERTIFICATE_ISSUE_RATE": "100000000/hour",
            "LOG_LEVEL": "ERROR",
        }
    )
    return env


def ensure_database() -> str:
    admin = f"{PG_URL_BASE}/postgres"
    exists = subprocess.run(
        ["psql", admin, "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{DB}'"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    reuse = exists and os.environ.get("BENCH_LOAD_REUSE")
    if not reuse:
        subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {DB}"], check=True)
        subprocess.run(["psql", admin, "-q", "-c", f"CREATE DATABASE {DB}"], check=True)
    url = f"{PG_URL_BASE}/{DB}"
    if not reuse:
        print(f"building {DB}: demo_setup --subjects {SUBJECTS:,}", flush=True)
        started = time.perf_counter()
        manage(url, "migrate", "-v0")
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "demo_setup", "--subjects", str(SUBJECTS)],
            env={**server_env(url), "DEBUG": "1"},
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return url


def setup_django(url: str) -> None:
    os.environ.update(server_env(url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)


# ---------------------------------------------------------------------------- data


def samples() -> dict:
    """What the requests ask for, drawn from the data (deterministic)."""
    from django.db import connection
    from django.utils import timezone

    from publicity.columns import COLUMNS
    from publicity.selectors import recount_published
    from records import models as m

    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) records_subject")
        cur.execute("ANALYZE")
        cur.execute(
            "SELECT uscc, name FROM records_subject TABLESAMPLE SYSTEM (5) REPEATABLE (7)"
            " WHERE kind = 'legal' AND uscc IS NOT NULL LIMIT 400"
        )
        rows = cur.fetchall()
        # The busy subject: most publishable penalties (the profile's biggest table).
        cur.execute(
            "SELECT s.uscc FROM records_penalty p JOIN records_subject s ON s.id = p.subject_id"
            " WHERE s.kind = 'legal' AND s.uscc IS NOT NULL"
            " GROUP BY s.uscc ORDER BY count(*) DESC, s.uscc LIMIT 1"
        )
        busy = cur.fetchone()[0]
    rng = random.Random(2017)
    rng.shuffle(rows)
    recount_published()  # the home page's counts, as the task worker keeps them
    penalty = m.Penalty.objects.filter(subject__uscc__isnull=False).order_by("-decision_date", "-id")
    penalty_pks = list(penalty.values_list("pk", flat=True)[:50])
    from publicity.selectors import public_record

    penalty_pks = [pk for pk in penalty_pks if public_record("penalty", pk)][:20]
    return {
        "usccs": [u for u, _ in rows[:60]],
        "fragments": [n[2:4] for _, n in rows[:60]],
        "busy": busy,
        "penalties": penalty_pks,
        "columns": list(COLUMNS),
        "region": "610100",
        "year_ago": (timezone.localdate() - datetime.timedelta(days=365)).isoformat(),
        "department": m.Department.objects.order_by("pk").values_list("pk", flat=True).first(),
    }


def read_token() -> str:
    from records.models import ApiToken, Department

    dept = Department.objects.order_by("pk").first()
    _token, key = ApiToken.issue(department=dept, direction=ApiToken.Direction.READ, name="负载基准测试")
    return key


# ---------------------------------------------------------------------------- HTTP helpers


def fetch(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    cookies = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            k, _, v = value.split(";", 1)[0].partition("=")
            cookies[k.strip()] = v.strip()
    conn.close()
    return response.status, data, cookies, dict(response.getheaders())


def demo_password() -> str:
    from portal.management.commands.demo_setup import DEMO_PASSWORD

    return DEMO_PASSWORD


def csrf_of(html: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()


def cookie_header(cookies: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def login(port, username: str) -> dict:
    """Session cookies of a staff login through the admin's login form."""
    status, html, cookies, _ = fetch(port, "GET", "/admin/login/")
    assert status == 200, status
    body = urlencode(
        {
            "csrfmiddlewaretoken": csrf_of(html),
            "username": username,
            "password": demo_password(),
            "next": "/admin/",
        }
    )
    status, _, more, _ = fetch(
        port,
        "POST",
        "/admin/login/",
        body,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(cookies)},
    )
    cookies.update(more)
    assert status == 302 and "sessionid" in cookies, (username, status)
    return cookies


def form_post(port, path: str, fields: dict, cookies: dict | None = None) -> Request:
    """A POST of the form served at `path` (its CSRF token and cookie), fields as given."""
    headers = {"Cookie": cookie_header(cookies)} if cookies else {}
    status, html, more, _ = fetch(port, "GET", path, headers=headers)
    assert status == 200, (path, status)
    all_cookies = {**(cookies or {}), **more}
    data = {"csrfmiddlewaretoken": csrf_of(html), **fields}
    body = urlencode(data, doseq=True).encode()
    return Request(
        "POST",
        path,
        body,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(all_cookies)},
    )


# ---------------------------------------------------------------------------- the rows


def deep_page(port: int) -> int:
    """Page 100 of the penalties, or the last page of a smaller database."""
    status, body, _, _ = fetch(port, "GET", "/api/v1/open/penalties/")
    count = json.loads(body)["count"] if status == 200 else 0
    return max(1, min(100, -(-count // 50)))


def endpoints(port: int, s: dict, key: str) -> list[tuple[str, str, list[Request]]]:
    """(group, label, requests) of every row but the bare view."""
    from django.utils import timezone

    auth = {"Authorization": f"Bearer {key}"}

    def get(path, headers=None):
        return Request("GET", path, None, headers or {})

    def api(path):
        return get(path, auth)

    busy = s["busy"]
    rows = [
        ("public", "home /", [get("/")]),
        ("public", "search by USCC", [get("/search/?q=" + u) for u in s["usccs"]]),
        (
            "public",
            "search by 2-character name fragment",
            [get("/search/?q=" + quote(f)) for f in s["fragments"]],
        ),
        ("public", "profile of the busiest subject", [get(f"/subjects/{busy}/")]),
        *[("public", f"信用公示 column /disclosure/{c}/", [get(f"/disclosure/{c}/")]) for c in s["columns"]],
        ("public", "record detail (penalty)", [get(f"/records/penalty/{pk}/") for pk in s["penalties"]]),
        ("public", "/statistics/", [get("/statistics/")]),
        ("public", "/lists/", [get("/lists/")]),
        ("public", "/api/ guide", [get("/api/")]),
    ]
    open_data = ["permits", "penalties", "inspections", "red-list", "black-list", "commitments", "abnormal"]
    rows += [("api", f"open data /{name}/", [get(f"/api/v1/open/{name}/")]) for name in open_data]
    page = deep_page(port)
    filters = {
        "q (2 characters)": [f"q={quote(f)}" for f in s["fragments"][:20]],
        "uscc": [f"uscc={u}" for u in s["usccs"][:20]],
        "department": [f"department={s['department']}"],
        "region": [f"region={s['region']}"],
        "decided_after": [f"decided_after={s['year_ago']}"],
        "category": [f"category={quote('罚款')}"],
        "severity": ["severity=serious"],
        f"deep page (page={page})": [f"page={page}"],
    }
    rows += [
        ("api", f"open data /penalties/?{label}", [get(f"/api/v1/open/penalties/?{q}") for q in qs])
        for label, qs in filters.items()
    ]
    rows.append(("api", "credit check", [api(f"/api/v1/credit-check/{u}/") for u in s["usccs"]]))
    since = quote((timezone.now() - datetime.timedelta(minutes=2)).isoformat())
    for feed in ("subjects", "list-entries", "repairs"):
        rows.append(("api", f"changes/{feed} from the start", [api(f"/api/v1/changes/{feed}/")]))
        status, body, _, _ = fetch(port, "GET", f"/api/v1/changes/{feed}/?since={since}", headers=auth)
        cursor = json.loads(body).get("next_cursor") if status == 200 else None
        if cursor:
            rows.append(
                (
                    "api",
                    f"changes/{feed} from a recent cursor",
                    [api(f"/api/v1/changes/{feed}/?cursor={quote(cursor)}")],
                )
            )
    # Certificates: the public form posted without an issue_token (each POST issues one).
    cert_subject = s["usccs"][0]
    rows.append(
        (
            "certificate",
            "certificate issuance (public form POST)",
            [
                form_post(
                    port,
                    f"/subjects/{cert_subject}/certificate/",
                    {"purpose": "bidding", "purpose_detail": "", "requester_org": "西安市公共资源交易中心"},
                )
            ],
        )
    )
    operator = login(port, "demo_operator")
    today = timezone.localdate()
    rows.append(
        (
            "certificate",
            "专项信用报告 (department operator, form POST)",
            [
                form_post(
                    port,
                    f"/subjects/{cert_subject}/report/",
                    {
                        "areas": ["market", "tax", "ecology"],
                        "period_start": (today - datetime.timedelta(days=3 * 365 - 1)).isoformat(),
                        "period_end": today.isoformat(),
                        "purpose": "bidding",
                        "purpose_detail": "",
                        "code": "",
                    },
                    operator,
                )
            ],
        )
    )
    office = {"Cookie": cookie_header(login(port, "demo_office"))}
    for model in ("subject", "penalty", "permit", "inspection"):
        rows.append(
            (
                "admin",
                f"admin change list records/{model} (信用办管理员)",
                [get(f"/admin/records/{model}/", office)],
            )
        )
    # Mixed, weighted like public traffic: mostly search and profiles.
    rng = random.Random(16)
    weighted = (
        [get("/search/?q=" + u) for u in s["usccs"][:15]]
        + [get("/search/?q=" + quote(f)) for f in s["fragments"][:15]]
        + [get(f"/subjects/{u}/") for u in s["usccs"][15:45]]
        + [get(f"/disclosure/{c}/") for c in s["columns"]][:8]
        + [get("/")] * 5
        + [get(f"/records/penalty/{pk}/") for pk in s["penalties"][:5]]
        + [get("/api/v1/open/penalties/"), get("/statistics/")] * 2
        + [api(f"/api/v1/credit-check/{u}/") for u in s["usccs"][45:48]]
    )
    rng.shuffle(weighted)
    rows.append(("mixed", "mixed (search 30%, profiles 30%, columns, home, records, API)", weighted))
    if ONLY:
        rows = [r for r in rows if any(w in r[1] for w in ONLY)]
    return rows


# ---------------------------------------------------------------------------- gunicorn


def start_gunicorn(url: str, port: int, access: Path) -> subprocess.Popen:
    return common_start_gunicorn(
        server_env(url), port, WORK / "gunicorn-error.log", access=access, access_format=loadgen.ACCESS_FORMAT
    )


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# ---------------------------------------------------------------------------- measuring


def measure(port, server, log, requests, concurrency) -> dict:
    log.skip()
    result = loadgen.run(port, requests, concurrency, SECONDS, MIN_REQUESTS)
    time.sleep(0.3)  # gunicorn logs a request just after its reply
    server_ms = [r[3] for r in log.new_rows()]
    row = result.summary()
    row.update(
        concurrency=concurrency,
        server_p50=percentile(server_ms, 50),
        server_p95=percentile(server_ms, 95),
        server_requests=len(server_ms),
        rss=[round(rss_mib(w)) for w in worker_pids(server.pid)],
    )
    return row


def verdict(group: str, label: str, by_c: dict, bare: dict) -> str:
    """met / not met against issue 16 item 2 (saying which part failed), or "—" when no target
    applies to the row."""
    c1, c8 = by_c.get(1), by_c.get(8)
    if group in ("public", "api", "mixed") and c1 and c8:
        ratio = c8["rps"] / bare[8]["rps"] if bare.get(8, {}).get("rps") else 0
        missed = []
        if c1["p95"] > PUBLIC_P95_MS:
            missed.append(f"p95 at c=1 {c1['p95']:.0f} ms")
        if ratio < PUBLIC_RATIO:
            missed.append(f"c=8 at {ratio:.0%} of bare")
        if c1["errors"] or c8["errors"] or c1["timeouts"] or c8["timeouts"]:
            missed.append("errors")
        return "met" if not missed else "not met: " + ", ".join(missed)
    if group == "admin" and c1:
        ok = c1["p95"] <= ADMIN_P95_MS and not c1["errors"] and not c1["timeouts"]
        return "met" if ok else f"not met: p95 at c=1 {c1['p95']:.0f} ms"
    if group == "certificate" and label.startswith("certificate") and c1 and c8 and c1["p50"]:
        target = CERT_SHARE * 2 / (c1["p50"] / 1000)
        ok = c8["rps"] >= target and not c8["errors"] and not c8["timeouts"]
        return f"{'met' if ok else 'not met'}: c=8 {c8['rps']:.2f}/s, target ≥ {target:.2f}/s"
    return "—"


def main():
    WORK.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    url = ensure_database()
    setup_django(url)
    s = samples()
    key = read_token()
    from django.db import connection

    counts = {}
    with connection.cursor() as cur:
        for table in ("records_subject", "records_penalty", "records_permit", "records_inspection"):
            cur.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cur.fetchone()[0]
    connection.close()

    port = free_port()
    access = WORK / "access.log"
    server = start_gunicorn(url, port, access)
    log = loadgen.AccessLog(access)
    results = []
    try:
        rows = endpoints(port, s, key)
        bare_requests = [Request("GET", "/ping")]
        plan = [("baseline", "bare view /ping", bare_requests), *rows]
        bare = {}
        for group, label, requests in plan:
            # Warm-up: each request once (templates, connections, caches), not measured.
            for req in requests[:20]:
                fetch(port, req.method, req.path, req.body, req.headers)
            by_c = {}
            for c in CONCURRENCY:
                row = measure(port, server, log, requests, c)
                by_c[c] = row
                if group == "baseline":
                    bare[c] = row
                print(
                    f"  {label:<60} c={c:<2} {row['rps']:8.1f}/s  p50 {row['p50']:7.1f}  p95 {row['p95']:7.1f}"
                    f"  p99 {row['p99']:7.1f}  server p95 {row['server_p95']:7.1f}  errors {row['errors']}"
                    f"+{row['timeouts']}  {row['statuses']}  rss {row['rss']}",
                    flush=True,
                )
            results.append({"group": group, "label": label, "rows": by_c})
        for r in results:
            r["verdict"] = verdict(r["group"], r["label"], r["rows"], bare)
            for c, row in r["rows"].items():
                row["ratio"] = row["rps"] / bare[c]["rps"] if bare.get(c, {}).get("rps") else 0.0
    finally:
        server.terminate()
        server.wait(timeout=60)
    write(results, counts, (load_before[0], os.getloadavg()[0]))


def ms(value: float) -> str:
    return f"{value:.1f} ms"


def write(results, counts, load):
    lines = [
        "## Load on the whole portal (gunicorn, PostgreSQL)",
        "",
        f"`demo_setup --subjects {SUBJECTS:,}` ({counts['records_subject']:,} subjects, "
        f"{counts['records_penalty']:,} penalties, {counts['records_permit']:,} permits); gunicorn with 2 sync "
        f"workers and production settings. A Python load generator on loopback (bench/loadgen.py: threads, one "
        f"keep-alive connection each) sends requests back to back at concurrency {', '.join(map(str, CONCURRENCY))} "
        f"for {SECONDS:g} s per row (and at least {MIN_REQUESTS} requests). Client times: request out to reply in; server times: gunicorn's access log "
        "(`%(D)s`), which leaves out the wait in the listen queue: with 2 sync workers, a client beyond the "
        "second waits its turn, so at c=8 and c=32 the client's time is mostly queueing. Errors: status outside 2xx/3xx, plus timeouts. Ratio: requests/s over the bare view "
        "(/ping: the whole middleware stack, no database, no template) at the same concurrency, same server. RSS: each worker after the "
        "row. The generator shares the two cores with the server, and the machine is shared: load average "
        f"before / after {load[0]:.1f} / {load[1]:.1f}. For the benchmark only: STAFF_OTP_ROLES is empty (the "
        "信用办管理员 persona logs in with a password; production requires TOTP for that role) and the "
        "per-address limits are raised (every request comes from 127.0.0.1). Another size: "
        "`BENCH_LOAD_SUBJECTS=N python bench/run.py portal_load`.",
        "",
        "Targets (issue 16 item 2): public pages and APIs p95 ≤ 100 ms at c=1 and ≥ 50% of the bare view's "
        "requests/s at c=8; admin change lists p95 ≤ 500 ms at c=1; certificate issuance at c=8 ≥ 80% of "
        "2 ÷ the single-issue time (its c=1 median).",
        "",
        "| endpoint | c | req/s | p50 | p95 | p99 | server p50 | server p95 | errors | ratio to bare | worker RSS (MiB) | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        for i, (c, row) in enumerate(r["rows"].items()):
            errors = f"{row['errors']}" + (f" + {row['timeouts']} timeouts" if row["timeouts"] else "")
            bad = {k: v for k, v in row["statuses"].items() if not 200 <= int(k) < 400}
            if bad:
                errors += " (" + ", ".join(f"{k}×{v}" for k, v in bad.items()) + ")"
            client = " | ".join(
                ms(row[p]) if row["requests"] > row["errors"] else "—" for p in ("p50", "p95", "p99")
            )
            lines.append(
                f"| {r['label'] if i == 0 else ''} | {c} | {row['rps']:.1f} | {client} | "
                f"{ms(row['server_p50'])} | {ms(row['server_p95'])} | "
                f"{errors} | {row['ratio']:.2f} | {' / '.join(map(str, row['rss']))} | "
                f"{r['verdict'] if i == 0 else ''} |"
            )
    met = sum(r["verdict"].startswith("met") for r in results)
    targeted = sum(r["verdict"] != "—" for r in results)
    public = [r for r in results if r["group"] in ("public", "api", "mixed")]
    fast = sum(not r["verdict"].startswith("not met") or "p95" not in r["verdict"] for r in public)
    share = sum(not r["verdict"].startswith("not met") or "of bare" not in r["verdict"] for r in public)
    lines += [
        "",
        f"Rows meeting their target: {met} of {targeted}. Public pages and APIs: p95 ≤ {PUBLIC_P95_MS} ms at "
        f"c=1 in {fast} of {len(public)} rows; ≥ {PUBLIC_RATIO:.0%} of the bare view's requests/s at c=8 in "
        f"{share} of {len(public)}.",
    ]
    save_section("bench_portal_load", "\n".join(lines), {"results": results, "counts": counts})
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())

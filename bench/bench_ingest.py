"""Push API ingestion throughput on PostgreSQL.

Figure: rows per second through POST /api/v1/push/penalty/ in 1,000-row batches to the portal as
a deployment runs it (gunicorn, 2 sync workers, DEBUG off): (a) new penalties of subjects already
registered, (b) new penalties whose subjects are new too, (c) the same batches sent again (every
row unchanged), each from one department system sending batch after batch, and (d) two
departments' systems pushing new rows at the same time (the portal's throughput when more than
one system reports). Timed on the client: request out to reply in, so JSON parsing, validation,
the upsert, the audit trail, the batch log and the per-row reply are all inside.
Baseline (same run, same rows): PostgreSQL's COPY of those stored rows into an unindexed copy
of the table. The ratio shows what the API, validation and the indexes cost over raw writing.

BENCH_INGEST_BATCHES (default 20) sets how many 1,000-row batches each scenario sends.
"""

import datetime
import http.client
import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import (
    OUT,
    ROOT,
    drop_pg,
    env_for,
    free_port,
    fresh_pg,
    manage,
    median,
    percentile,
    save_section,
    start_gunicorn,
)
from django.utils import timezone

BATCH = 1000
TARGET = 5000
ROUNDS = 3


def setup_django(url: str):
    os.environ.update(env_for(url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def make_rows(dept, n: int, offset: int, with_subjects: bool) -> list[dict]:
    """n penalty rows in the national format; subjects registered beforehand when with_subjects."""
    from records.codes import make_uscc
    from records.demo.generator import org_code
    from records.models import Subject

    today = timezone.localdate()
    rows, subjects = [], []
    for i in range(offset, offset + n):
        uscc = make_uscc("9", "1", "610100", org_code(50_000_000 + i))
        name = f"陕西基准测试商贸有限公司{i}"
        if with_subjects:
            subjects.append(Subject(name=name, uscc=uscc, legal_rep="张三"))
        day = today - datetime.timedelta(days=3 + i % 200)
        rows.append(
            {
                "cf_xdr_mc": name,
                "cf_xdr_lb": "法人及非法人组织",
                "cf_xdr_shxym": uscc,
                "cf_fr": "张三",
                "cf_wsh": f"西市监罚〔{day.year}〕{i}号",
                "cf_wfxw": "发布虚假广告",
                "cf_sy": "经查，当事人在其经营场所发布虚假广告，违反了《中华人民共和国广告法》第二十八条的规定。",
                "cf_yj": "《中华人民共和国广告法》第五十五条第一款",
                "cf_cflb": "罚款;警告" if i % 3 else "罚款",
                "cf_nr": f"警告，并处罚款人民币{1 + i % 20}万元",
                "cf_nr_fk": str(1 + i % 20),
                "cf_jdrq": day.isoformat(),
                "cf_cfjg": dept.name,
                "cf_cfjgdm": dept.uscc,
                "cf_sjly": dept.name,
                "cf_sjlydm": dept.uscc,
            }
        )
    if subjects:
        Subject.objects.bulk_create(subjects, batch_size=2000)
    return rows


def start_server(url: str, port: int) -> subprocess.Popen:
    env = env_for(
        url,
        DEBUG="0",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return start_gunicorn(env, port, OUT / "ingest-gunicorn-error.log")


def push_all(port: int, key: str, bodies: list[bytes]) -> tuple[float, list[float], list[dict]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    latencies, replies = [], []
    started = time.perf_counter()
    for body in bodies:
        t0 = time.perf_counter()
        conn.request("POST", "/api/v1/push/penalty/", body=body, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        latencies.append(time.perf_counter() - t0)
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {payload[:300]!r}")
        reply = json.loads(payload)
        replies.append({k: reply[k] for k in ("created", "updated", "unchanged", "rejected")})
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed, latencies, replies


def copy_baseline(ids: list[int]) -> tuple[float, int]:
    """COPY the stored rows out, then time COPY FROM into an unindexed copy of the table."""
    from django.db import connection

    raw = connection.connection if connection.connection else None
    if raw is None:
        connection.ensure_connection()
        raw = connection.connection
    buf = io.BytesIO()
    with raw.cursor() as cur:
        with cur.copy(
            "COPY (SELECT * FROM records_penalty WHERE id = ANY(%s) ORDER BY id) TO STDOUT", [ids]
        ) as copy:
            for chunk in copy:
                buf.write(chunk)
        cur.execute("DROP TABLE IF EXISTS bench_penalty_copy")
        cur.execute("CREATE TABLE bench_penalty_copy (LIKE records_penalty)")
        raw.commit()
        data = buf.getvalue()
        started = time.perf_counter()
        with cur.copy("COPY bench_penalty_copy FROM STDIN") as copy:
            for i in range(0, len(data), 1 << 20):
                copy.write(data[i : i + (1 << 20)])
        raw.commit()
        elapsed = time.perf_counter() - started
        cur.execute("SELECT count(*) FROM bench_penalty_copy")
        count = cur.fetchone()[0]
        cur.execute("DROP TABLE bench_penalty_copy")
        raw.commit()
    return elapsed, count


def main():
    batches = int(os.environ.get("BENCH_INGEST_BATCHES", 20))
    n = batches * BATCH
    url = fresh_pg("ingest")
    manage(url, "migrate", "-v0")
    setup_django(url)
    from django.db import connection

    from records.codes import make_uscc
    from records.demo.generator import org_code
    from records.models import ApiToken, Department, IngestBatch, Penalty, Region

    dept = Department.objects.create(
        name="西安市市场监督管理局",
        uscc=make_uscc("1", "1", "610100", org_code(12_345_678)),
        region=Region.objects.get(code="610100"),
    )
    other = Department.objects.create(
        name="宝鸡市市场监督管理局",
        uscc=make_uscc("1", "1", "610300", org_code(12_345_679)),
        region=Region.objects.get(code="610300"),
    )
    _token, key = ApiToken.issue(department=dept, direction="push", name="基准测试")
    _token, other_key = ApiToken.issue(department=other, direction="push", name="基准测试")
    # Each scenario runs ROUNDS times on rows of its own; the table shows the median round (the
    # machine is shared, so single runs wander) and the range.
    known = [make_rows(dept, n, r * n, with_subjects=True) for r in range(ROUNDS)]
    fresh = [make_rows(dept, n, (ROUNDS + r) * n, with_subjects=False) for r in range(ROUNDS)]
    # Two systems at once: half the rows each, so a round moves as many rows as the others.
    half = n // 2
    pairs = [
        (
            make_rows(dept, half, (2 * ROUNDS + r) * n, with_subjects=True),
            make_rows(other, half, (2 * ROUNDS + r) * n + half, with_subjects=True),
        )
        for r in range(ROUNDS)
    ]
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    connection.close()

    def bodies(rows):
        return [
            json.dumps({"rows": rows[i : i + BATCH]}, ensure_ascii=False).encode()
            for i in range(0, len(rows), BATCH)
        ]

    def one_system(rows):
        return push_all(port, key, bodies(rows))

    def two_systems(pair):
        outcomes = [None, None]

        def send(i, token_key, rows):
            outcomes[i] = push_all(port, token_key, bodies(rows))

        threads = [
            threading.Thread(target=send, args=(i, k, rows))
            for i, (k, rows) in enumerate(((key, pair[0]), (other_key, pair[1])))
        ]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        if None in outcomes:
            raise RuntimeError("a pushing system failed")
        return elapsed, outcomes[0][1] + outcomes[1][1], outcomes[0][2] + outcomes[1][2]

    port = free_port()
    server = start_server(url, port)
    try:
        # Warm-up: each worker once, both departments.
        for i, (warm_key, warm_dept) in enumerate(((key, dept), (other_key, other)) * 2):
            push_all(port, warm_key, bodies(make_rows(warm_dept, BATCH, (100 + i) * n, with_subjects=True)))
        scenarios = []
        for label, rounds, send in (
            ("new rows, subjects registered", known, one_system),
            ("new rows and new subjects", fresh, one_system),
            ("same batches re-sent (unchanged)", known, one_system),
            ("two departments at once, new rows", pairs, two_systems),
        ):
            runs = []
            for rows in rounds:
                elapsed, latencies, replies = send(rows)
                runs.append((n / elapsed, elapsed, latencies, replies))
            runs.sort(key=lambda r: r[0])
            rate, elapsed, latencies, replies = runs[len(runs) // 2]
            totals = {k: sum(r[k] for run in runs for r in run[3]) for k in replies[0]}
            scenarios.append(
                {
                    "scenario": label,
                    "rows": n * len(runs),
                    "seconds": round(elapsed, 2),
                    "rows_per_s": round(rate),
                    "rows_per_s_range": [round(runs[0][0]), round(runs[-1][0])],
                    "batch_median_ms": round(median(latencies) * 1000),
                    "batch_p95_ms": round(percentile(latencies, 95) * 1000),
                    **totals,
                }
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    server_ms = list(
        IngestBatch.objects.filter(total_rows=BATCH).order_by("id").values_list("duration_ms", flat=True)
    )
    ids = list(
        Penalty.objects.filter(document_number__in=[r["cf_wsh"] for r in known[0]]).values_list(
            "id", flat=True
        )
    )
    copy_elapsed, copy_rows = copy_baseline(ids)
    copy_rate = copy_rows / copy_elapsed
    for s in scenarios:
        s["ratio_to_copy"] = round(s["rows_per_s"] / copy_rate, 3)

    lines = [
        "## Push API ingestion (PostgreSQL)",
        "",
        f"`POST /api/v1/push/penalty/` with {batches} batches of {BATCH:,} national-format penalty rows per round, "
        f"{ROUNDS} rounds per scenario (fresh rows each round), over HTTP to gunicorn (2 sync workers, DEBUG off), "
        "timed on the client (request out to reply in). One system sends its batches one after another; in the "
        "last row two departments' systems do so at the same time, each with half the rows. Baseline: "
        "PostgreSQL `COPY FROM` of the same stored rows into an unindexed copy of the table, same run.",
        "",
        "| scenario | rows (all rounds) | median round | rows/s (median round) | range of rounds | batch median | batch p95 | created | updated | unchanged | rejected | ratio to COPY |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scenarios:
        lines.append(
            f"| {s['scenario']} | {s['rows']:,} | {s['seconds']} s | {s['rows_per_s']:,} | "
            f"{s['rows_per_s_range'][0]:,}–{s['rows_per_s_range'][1]:,} | {s['batch_median_ms']} ms | "
            f"{s['batch_p95_ms']} ms | {s['created']:,} | {s['updated']:,} | {s['unchanged']:,} | {s['rejected']:,} | "
            f"{s['ratio_to_copy']} |"
        )
    lines += [
        f"| baseline: `COPY` | {copy_rows:,} | {copy_elapsed:.2f} s | {copy_rate:,.0f} | | | | | | | | 1 |",
        "",
        f"Server-side time inside the upsert (IngestBatch.duration_ms), median per 1,000-row batch: "
        f"{median(server_ms):.0f} ms.",
        f"Target: ≥ {TARGET:,} new rows/s; measured {scenarios[0]['rows_per_s']:,} from one system "
        f"(subjects registered), {scenarios[1]['rows_per_s']:,} (new subjects too) and "
        f"{scenarios[3]['rows_per_s']:,} with two systems at once.",
    ]
    save_section(
        "bench_ingest", "\n".join(lines), {"scenarios": scenarios, "copy_rows_per_s": round(copy_rate)}
    )
    print("\n".join(lines))
    connection.close()
    drop_pg(url)


if __name__ == "__main__":
    Path(ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    main()

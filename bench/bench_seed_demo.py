"""seed_demo throughput on SQLite and PostgreSQL.

Figure: subjects and records per second of `manage.py seed_demo` into an empty database.
Baseline (same run, same rows): the database copying those very rows into an unindexed table
(PostgreSQL: COPY TO/FROM; SQLite: INSERT … SELECT). The ratio shows what generating the data
and maintaining indexes cost over the raw write speed. A second run with the same seed must add
nothing; its time is reported too.

BENCH_SQLITE_SUBJECTS (default 50,000) and BENCH_PG_SUBJECTS (default 1,000,000) set the sizes.
"""

import os
import re
import sqlite3
import subprocess
import tempfile
import time

from common import PG_URL_BASE, fresh_pg, fresh_sqlite, manage, save_section

RECORD_TABLES = [
    "records_permit",
    "records_penalty",
    "records_administrativeaction",
    "records_inspection",
    "records_abnormaloperation",
    "records_listentry",
    "records_commitment",
    "records_rating",
]


def seed(url: str, subjects: int) -> tuple[float, int, int]:
    started = time.perf_counter()
    out = manage(url, "seed_demo", "--subjects", str(subjects), "--quiet").stdout
    elapsed = time.perf_counter() - started
    m = re.search(r"新增 ([\d,]+) 个信用主体、([\d,]+) 条信用记录", out)
    return elapsed, int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))


def pg_copy_baseline(url: str) -> tuple[float, int]:
    total_rows, elapsed = 0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for table in ["records_subject", *RECORD_TABLES]:
            path = os.path.join(tmp, f"{table}.copy")
            subprocess.run(
                ["psql", url, "-q", "-c", f"\\copy (SELECT * FROM {table}) TO '{path}'"], check=True
            )
            subprocess.run(
                ["psql", url, "-q", "-c", f"CREATE TABLE bench_{table} (LIKE {table})"], check=True
            )
            started = time.perf_counter()
            subprocess.run(["psql", url, "-q", "-c", f"\\copy bench_{table} FROM '{path}'"], check=True)
            elapsed += time.perf_counter() - started
            subprocess.run(["psql", url, "-q", "-c", f"DROP TABLE bench_{table}"], check=True)
            with open(path, "rb") as fh:
                total_rows += sum(1 for _ in fh)
    return elapsed, total_rows


def sqlite_baseline(url: str) -> tuple[float, int]:
    path = url.removeprefix("sqlite:///")
    con = sqlite3.connect(path)
    total_rows, elapsed = 0, 0.0
    for table in ["records_subject", *RECORD_TABLES]:
        con.execute(f"CREATE TABLE bench_{table} AS SELECT * FROM {table} WHERE 0")
        started = time.perf_counter()
        cur = con.execute(f"INSERT INTO bench_{table} SELECT * FROM {table}")
        con.commit()
        elapsed += time.perf_counter() - started
        total_rows += cur.rowcount
        con.execute(f"DROP TABLE bench_{table}")
    con.close()
    return elapsed, total_rows


def measure(label: str, url: str, subjects: int, baseline) -> dict:
    manage(url, "migrate", "-v0")
    elapsed, n_subjects, n_records = seed(url, subjects)
    again, again_subjects, again_records = seed(url, subjects)
    base_elapsed, base_rows = baseline(url)
    rows = n_subjects + n_records
    return {
        "database": label,
        "subjects": n_subjects,
        "records": n_records,
        "seconds": round(elapsed, 1),
        "subjects_per_s": round(n_subjects / elapsed),
        "records_per_s": round(n_records / elapsed),
        "rows_per_s": round(rows / elapsed),
        "baseline_rows_per_s": round(base_rows / base_elapsed),
        "ratio": round((rows / elapsed) / (base_rows / base_elapsed), 3),
        "second_run_seconds": round(again, 1),
        "second_run_added": again_subjects + again_records,
    }


def main():
    results = []
    sqlite_n = int(os.environ.get("BENCH_SQLITE_SUBJECTS", 50_000))
    results.append(measure("SQLite", fresh_sqlite("bench_seed"), sqlite_n, sqlite_baseline))
    pg_n = int(os.environ.get("BENCH_PG_SUBJECTS", 1_000_000))
    pg_url = fresh_pg("seed_demo")
    results.append(measure("PostgreSQL", pg_url, pg_n, pg_copy_baseline))
    lines = [
        "## seed_demo throughput",
        "",
        "`manage.py seed_demo --subjects N` into an empty database. Baseline: the same database writing the "
        "same rows into an unindexed copy of each table (PostgreSQL `COPY FROM`; SQLite `INSERT … SELECT`). "
        "Second run: the same command again, which must add nothing.",
        "",
        "| database | subjects | records | time | subjects/s | records/s | rows/s | baseline rows/s | ratio | second run | added |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['database']} | {r['subjects']:,} | {r['records']:,} | {r['seconds']:,} s | {r['subjects_per_s']:,} | "
            f"{r['records_per_s']:,} | {r['rows_per_s']:,} | {r['baseline_rows_per_s']:,} | {r['ratio']} | "
            f"{r['second_run_seconds']} s | {r['second_run_added']} |"
        )
    pg = results[-1]
    lines += [
        "",
        f"Target: 1,000,000 subjects on PostgreSQL in under 15 minutes; measured {pg['seconds'] / 60:.1f} min "
        f"for {pg['subjects']:,} subjects.",
    ]
    save_section("bench_seed_demo", "\n".join(lines), {"results": results, "pg": PG_URL_BASE})
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""Shared helpers for benchmark scenarios: machine facts, fresh databases, sub-processes.

Every scenario measures its subject beside a baseline in the same run and reports the ratio,
so the figures stay meaningful on another machine.

Environment:
    BENCH_PG_URL      PostgreSQL server (default postgres://postgres@127.0.0.1:5432).
    BENCH_DB_PREFIX   prefix of every database a scenario creates (default "bench_"): scenarios
                      name theirs through pg_name("ingest") -> bench_ingest, so two people can run
                      benchmarks on one server with BENCH_DB_PREFIX=alice_ and BENCH_DB_PREFIX=bob_.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PG_URL_BASE = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "bench_")


def pg_name(name: str) -> str:
    """The database name of a scenario's database: BENCH_DB_PREFIX + name."""
    return f"{DB_PREFIX}{name}"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def env_for(database_url: str, **extra) -> dict:
    env = dict(os.environ)
    env.update({"DEBUG": "1", "DATABASE_URL": database_url, "SECRET_KEY": "bench-only", **extra})
    return env


def fresh_pg(name: str) -> str:
    """Create an empty PostgreSQL database named BENCH_DB_PREFIX + name and return its URL."""
    name = pg_name(name)
    admin = f"{PG_URL_BASE}/postgres"
    subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
    return f"{PG_URL_BASE}/{name}"


def drop_pg(url: str) -> None:
    """Drop a database fresh_pg created (by its URL)."""
    admin = f"{PG_URL_BASE}/postgres"
    name = url.rsplit("/", 1)[1]
    subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name}"], check=False)


def fresh_sqlite(name: str) -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def manage(database_url: str, *args, capture=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env_for(database_url),
        cwd=ROOT,
        check=True,
        capture_output=capture,
        text=True,
    )


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def save_section(name: str, markdown: str, data: dict | None = None) -> None:
    """Each scenario writes its Markdown section (and raw figures) for bench/run.py to collect."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.md").write_text(markdown.strip() + "\n", encoding="utf-8")
    if data is not None:
        (OUT / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")

"""Shared helpers for benchmark scenarios: machine facts, fresh databases, sub-processes.

Every scenario measures its subject beside a baseline in the same run and reports the ratio,
so the figures stay meaningful on another machine.

Environment:
    BENCH_PG_URL      PostgreSQL server (default postgres://postgres@127.0.0.1:5432).
    BENCH_DB_PREFIX   prefix of every database a scenario creates (default "bench_"): scenarios
                      name theirs through pg_name("ingest") -> bench_ingest, so two people can run
                      benchmarks on one server with BENCH_DB_PREFIX=alice_ and BENCH_DB_PREFIX=bob_.
"""

import http.client
import json
import os
import platform
import socket
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_pids(master: int) -> list[int]:
    """The pids of a process's children (gunicorn's workers)."""
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def start_gunicorn(
    env: dict,
    port: int,
    errors: Path,
    *,
    workers: int = 2,
    access: Path | None = None,
    access_format: str = "",
) -> subprocess.Popen:
    """`gunicorn config.wsgi` with `workers` sync workers on 127.0.0.1:port, as a deployment runs
    the portal; returns once /healthz answers and every worker is up."""
    args = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi:application",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--error-logfile",
        str(errors),
    ]
    if access is not None:
        access.unlink(missing_ok=True)
        args += ["--access-logfile", str(access), "--access-logformat", access_format]
    server = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            ok = conn.getresponse().status == 200
            conn.close()
            if ok and len(worker_pids(server.pid)) == workers:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn did not start (see {errors})")

"""A bounded HTTP load generator on loopback, and the reader of gunicorn's access log.

Each of `concurrency` threads keeps one HTTP/1.1 keep-alive connection (http.client) and sends
requests back to back, cycling through its list of requests, until the duration is over; a
request in flight at the end is waited for. Latency is client-side: request out to the last
byte of the reply in. Errors: any status outside 2xx/3xx, a timeout or a broken connection
(the thread then opens a new connection).

The generator is Python: with 32 threads it shares the machine's cores with the server, so the
figures are what one client machine on loopback sees (the ratio to the bare view, measured the
same way, is what compares across machines).
"""

import http.client
import threading
import time
from dataclasses import dataclass, field

from common import percentile

TIMEOUT = 60


@dataclass(frozen=True)
class Request:
    method: str = "GET"
    path: str = "/"
    body: bytes | None = None
    headers: dict = field(default_factory=dict)


@dataclass
class Result:
    latencies: list = field(default_factory=list)  # seconds, successful requests only
    errors: int = 0
    timeouts: int = 0
    statuses: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors + self.timeouts

    def summary(self) -> dict:
        ms = [v * 1000 for v in self.latencies]
        return {
            "requests": self.requests,
            "rps": self.requests / self.seconds if self.seconds else 0.0,
            "p50": percentile(ms, 50),
            "p95": percentile(ms, 95),
            "p99": percentile(ms, 99),
            "errors": self.errors,
            "timeouts": self.timeouts,
            "statuses": dict(sorted(self.statuses.items())),
        }


def run(
    port: int, requests: list[Request], concurrency: int, seconds: float, min_requests: int = 0
) -> Result:
    """Send `requests` (cycled, each thread starting at its own offset) for `seconds`, and on
    until `min_requests` were sent in all (a slow endpoint still gets a few samples)."""
    result = Result()
    sent = [0]
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def worker(n: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        latencies, statuses, errors, timeouts = [], {}, 0, 0
        i = n
        start.wait()
        while time.perf_counter() < deadline[0] or sent[0] < min_requests:
            req = requests[i % len(requests)]
            i += 1
            sent[0] += 1  # approximate under threads: only a floor for slow endpoints
            t0 = time.perf_counter()
            try:
                conn.request(req.method, req.path, body=req.body, headers=req.headers)
                response = conn.getresponse()
                response.read()
            except TimeoutError:
                timeouts += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
                continue
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
                continue
            elapsed = time.perf_counter() - t0
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if 200 <= response.status < 400:
                latencies.append(elapsed)
            else:
                errors += 1
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        conn.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            result.timeouts += timeouts
            for status, count in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + count

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(concurrency)]
    for t in threads:
        t.start()
    started = time.perf_counter()
    deadline[0] = started + seconds
    start.wait()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - started
    return result


# gunicorn --access-logformat ACCESS_FORMAT: method, path, status, request time in microseconds.
ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(D)s"


def parse_access_log(text: str) -> list[tuple[str, str, int, float]]:
    """(method, path, status, server milliseconds) of each line written with ACCESS_FORMAT;
    lines that are not (a partial last line, anything else gunicorn wrote) are skipped."""
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 4 or not parts[2].isdigit() or not parts[3].isdigit():
            continue
        rows.append((parts[0], parts[1], int(parts[2]), int(parts[3]) / 1000))
    return rows


class AccessLog:
    """Reads the lines an access log gained since the last call."""

    def __init__(self, path):
        self.path = path
        self.offset = 0

    def skip(self) -> None:
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def new_rows(self) -> list[tuple[str, str, int, float]]:
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        # Only whole lines; a line still being written is read next time.
        end = data.rfind(b"\n") + 1
        self.offset += end
        return parse_access_log(data[:end].decode("utf-8", "replace"))

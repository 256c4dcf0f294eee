"""32 clients at once through a real server never exhaust PostgreSQL's connections when the
connections are pooled (DATABASE_POOL_MAX_SIZE, Django's psycopg pool).

The server is gunicorn with one worker of 32 threads, so 32 requests run at the same time; the
primary (our own, tests/pgcluster.py) allows only 20 connections. Without a pool each thread
would hold a connection of its own, more than PostgreSQL allows ("sorry, too many clients
already"); with a pool of 4 every request borrows one of the same four. While the clients run,
a monitor counts the server's sessions in pg_stat_activity.
"""

import http.client
import threading
import time

from tests.pgcluster import free_port
from tests.pgsite import site_env, start_server, stop_server

CLIENTS = 32
REQUESTS_EACH = 3
POOL_SIZE = 4
PAGES = ("/disclosure/penalty/", "/api/v1/open/penalties/", "/disclosure/permit/")


def _client(port: int, start: threading.Barrier, statuses: list, lock: threading.Lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    start.wait()
    mine = []
    for i in range(REQUESTS_EACH):
        conn.request("GET", PAGES[i % len(PAGES)])
        response = conn.getresponse()
        response.read()
        mine.append(response.status)
    conn.close()
    with lock:
        statuses.extend(mine)


def test_32_concurrent_clients_share_a_pool_smaller_than_max_connections(portal_cluster):
    cluster, _data = portal_cluster
    max_connections = int(cluster.sql(cluster.primary, "SHOW max_connections")[0][0])
    assert POOL_SIZE < max_connections < CLIENTS

    env = site_env(
        cluster.primary.url("credit"),
        DATABASE_POOL_MAX_SIZE=str(POOL_SIZE),
        DATABASE_POOL_TIMEOUT="30",
        OPEN_DATA_RATE="100000/min",  # every client comes from 127.0.0.1
    )
    port = free_port()
    server = start_server(env, port, threads=CLIENTS)
    statuses, lock = [], threading.Lock()
    seen, done = [], threading.Event()

    def monitor():
        while not done.is_set():
            (count,) = cluster.sql(
                cluster.primary,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = 'credit' AND backend_type = 'client backend'",
            )[0]
            seen.append(count)
            time.sleep(0.02)

    try:
        start = threading.Barrier(CLIENTS)
        clients = [
            threading.Thread(target=_client, args=(port, start, statuses, lock)) for _ in range(CLIENTS)
        ]
        watcher = threading.Thread(target=monitor)
        watcher.start()
        for c in clients:
            c.start()
        for c in clients:
            c.join(timeout=120)
        done.set()
        watcher.join()
    finally:
        log = stop_server(server)

    assert statuses == [200] * (CLIENTS * REQUESTS_EACH), sorted(set(statuses))
    assert "too many clients" not in log and "Traceback" not in log, log[-3000:]
    # The server's sessions (the monitor's own is in the postgres database): never above the pool.
    assert 1 <= max(seen) <= POOL_SIZE, seen

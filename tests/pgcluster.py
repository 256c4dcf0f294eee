"""A throw-away PostgreSQL primary and a streaming standby of it, for tests of the read router and
the connection pool.

The primary is a fresh `initdb` in a temporary directory on a free port; the standby is a
`pg_basebackup -R` copy of it (streaming replication, hot standby) on another free port. Both are
tuned for speed, not durability (fsync off), and removed afterwards. The binaries are found from
`pg_config --bindir`, then PATH, then Debian's /usr/lib/postgresql/<version>/bin. PostgreSQL
refuses to run as root: when the tests do, the servers run as the `postgres` system account
(or `nobody`).
"""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SERVER_TOOLS = ("initdb", "pg_ctl", "pg_basebackup", "postgres")


def _has_tools(directory: str) -> bool:
    return all(os.access(os.path.join(directory, tool), os.X_OK) for tool in SERVER_TOOLS)


def find_bindir() -> str:
    """The directory holding initdb, pg_ctl, pg_basebackup and postgres."""
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if result.returncode == 0 and _has_tools(result.stdout.strip()):
            return result.stdout.strip()
    initdb = shutil.which("initdb")
    if initdb and _has_tools(os.path.dirname(os.path.realpath(initdb))):
        return os.path.dirname(os.path.realpath(initdb))

    def version(path: str) -> tuple:
        name = Path(path).parent.name
        return tuple(int(part) for part in name.split(".") if part.isdigit())

    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if _has_tools(candidate):
            return candidate
    raise RuntimeError(
        "PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) not found: install the "
        "`postgresql` package (`make test` does)"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_account() -> pwd.struct_passwd | None:
    """The account the servers run as: None (this one) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise RuntimeError("running as root and neither a `postgres` nor a `nobody` account exists")


@dataclass
class Server:
    datadir: Path
    port: int
    log: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


@dataclass
class Cluster:
    """A primary and its streaming standby. `sql()` runs a statement on either."""

    bindir: str
    root: Path
    primary: Server | None = None
    standby: Server | None = None
    account: pwd.struct_passwd | None = field(default_factory=_server_account)
    # Low on purpose: the pool test shows 32 clients served by fewer connections than this.
    max_connections: int = 20

    def _run(self, tool: str, *args: str, check: bool = True, timeout: float = 120):
        kwargs = {}
        if self.account is not None:
            kwargs = {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}
        return subprocess.run(
            [os.path.join(self.bindir, tool), *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
            cwd=self.root,
            **kwargs,
        )

    def _dir(self, name: str) -> Path:
        path = self.root / name
        path.mkdir(mode=0o700)
        if self.account is not None:
            os.chown(path, self.account.pw_uid, self.account.pw_gid)
        return path

    def _options(self, port: int) -> str:
        return " ".join(
            [
                f"-p {port}",
                "-c listen_addresses=127.0.0.1",
                "-c unix_socket_directories=''",
                f"-c max_connections={self.max_connections}",
                "-c shared_buffers=16MB",
                "-c fsync=off",
                "-c full_page_writes=off",
                "-c wal_level=replica",
                "-c max_wal_senders=4",
                "-c hot_standby=on",
                # A query on the standby waits for replay instead of being cancelled by it.
                "-c max_standby_streaming_delay=-1",
            ]
        )

    def _start(self, server: Server) -> None:
        self._run(
            "pg_ctl", "-D", str(server.datadir), "-l", str(server.log), "-o", self._options(server.port),
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def start(self) -> "Cluster":
        if self.account is not None:
            os.chown(self.root, self.account.pw_uid, self.account.pw_gid)
        primary = Server(self._dir("primary"), free_port(), self.root / "primary.log")
        self._run(
            "initdb", "-D", str(primary.datadir), "-U", "postgres", "--auth=trust", "--no-sync",
            "--encoding=UTF8", "--locale=C",
        )  # fmt: skip
        self._start(primary)
        self.primary = primary
        standby = Server(self.root / "standby", free_port(), self.root / "standby.log")
        self._run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
            "-D", str(standby.datadir), "-R", "-X", "stream", "-c", "fast", "--no-sync",
        )  # fmt: skip
        self._start(standby)
        self.standby = standby
        return self

    def stop(self) -> None:
        for server in (self.standby, self.primary):
            if server is not None:
                self._run("pg_ctl", "-D", str(server.datadir), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def sql(self, server: Server, statement: str, database: str = "postgres", params=()):
        """Rows of one statement (autocommit), through a connection of its own."""
        import psycopg

        with psycopg.connect(server.url(database), autocommit=True) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    @contextlib.contextmanager
    def replay_paused(self, database: str = "postgres"):
        """The standby stops applying what the primary writes (it keeps receiving it) until the
        block ends; then it catches up. What the primary writes meanwhile is on the primary only."""
        self.wait_replayed(database)
        self.sql(self.standby, "SELECT pg_wal_replay_pause()")
        deadline = time.monotonic() + 30
        while self.sql(self.standby, "SELECT pg_get_wal_replay_pause_state()")[0][0] != "paused":
            if time.monotonic() > deadline:
                raise TimeoutError("the standby did not pause its replay")
            time.sleep(0.05)
        try:
            yield
        finally:
            self.sql(self.standby, "SELECT pg_wal_replay_resume()")
            self.wait_replayed(database)

    def wait_replayed(self, database: str = "postgres", timeout: float = 30) -> None:
        """Wait until the standby has replayed everything the primary has written so far."""
        (lsn,) = self.sql(self.primary, "SELECT pg_current_wal_insert_lsn()::text")[0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            (done,) = self.sql(
                self.standby, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", database, (lsn,)
            )[0]
            if done:
                return
            time.sleep(0.05)
        raise TimeoutError(f"the standby did not replay up to {lsn} in {timeout} s")


@contextlib.contextmanager
def primary_and_standby():
    cluster = Cluster(find_bindir(), Path(tempfile.mkdtemp(prefix="credit-pg-")))
    try:
        yield cluster.start()
    finally:
        cluster.stop()

"""A throwaway PostgreSQL server for the tests: Debian's binaries, a temp data dir, a free loopback port.

PostgreSQL refuses to run as root, so under root the server runs as the `postgres` system user (or
`nobody`), which owns the data dir. Logins over TCP need a password (scram-sha-256), so a wrong
one is refused as on a real server.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER, PASSWORD = "eventwire", "wire-test-pw"


class Unavailable(Exception):
    """No server can be started here (no binaries, no driver); the reason says why."""


def bin_dir() -> Path:
    """The newest installed PostgreSQL's bin folder (EVENTWIRE_PG_BIN overrides)."""
    if os.environ.get("EVENTWIRE_PG_BIN"):
        folder = Path(os.environ["EVENTWIRE_PG_BIN"])
        if not (folder / "initdb").exists():
            raise Unavailable(f"EVENTWIRE_PG_BIN={folder} has no initdb")
        return folder
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise Unavailable("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; "
                      "`apt-get install postgresql`, as .ci/run does)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One running server; `new_database()` makes an empty database and returns its URL."""

    def __init__(self) -> None:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise Unavailable("the psycopg driver is not installed (pip install -e '.[postgres]')") from None
        self.bin = bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="eventwire-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:
            self.user = next((u for u in ("postgres", "nobody") if _has_user(u)), None)
            if self.user is None:
                raise Unavailable("running as root and there is no `postgres` or `nobody` user to run PostgreSQL as")
            os.chown(self.root, pwd.getpwnam(self.user).pw_uid, pwd.getpwnam(self.user).pw_gid)
        (self.root / "pw").write_text(PASSWORD)
        self._chown(self.root / "pw")
        self._as_user([self.bin / "initdb", "-D", self.data, "-U", USER, "--pwfile", self.root / "pw",
                       "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        self._as_user([self.bin / "pg_ctl", "-D", self.data, "-l", self.root / "log", "-w", "-t", "60", "start",
                       "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off"
                             " -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"])
        self._n = 0

    def _chown(self, path: Path) -> None:
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(path, pw.pw_uid, pw.pw_gid)

    def _as_user(self, cmd: list) -> None:
        cmd = [str(c) for c in cmd]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=self.root)
        if r.returncode != 0:
            log = (self.root / "log").read_text() if (self.root / "log").exists() else ""
            raise Unavailable(f"{Path(cmd[-1] if 'start' not in cmd else 'pg_ctl').name} failed: "
                              f"{(r.stderr or r.stdout).strip()[-500:]} {log[-500:]}")

    def url(self, dbname: str = "postgres", password: str = PASSWORD, user: str = USER) -> str:
        """The URL of database DBNAME over TCP on the loopback port."""
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """A fresh, empty database's URL."""
        import psycopg
        self._n += 1
        name = f"t{os.getpid()}_{self._n}_{int(time.time() * 1000) % 100000}"
        with psycopg.connect(self.url(), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and remove its files."""
        try:
            self._as_user([self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"])
        except Unavailable:
            pass
        shutil.rmtree(self.root, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


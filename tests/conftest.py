"""Shared fixtures: resources loaded once per test session, the bundled example articles."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED_000 = EXAMPLES / "000_aff28270448f48dd.txt"
SEED_002 = EXAMPLES / "002_8aaa51da4e876324.txt"
SEED_002_PUBLISHED = dt.date(2023, 10, 26)


@pytest.fixture(scope="session")
def resources():
    """The spaCy pipeline, actor KB and lexicons, loaded once for the whole run."""
    from eventwire.pipeline import Resources
    return Resources.load()


@pytest.fixture(scope="session")
def seed_results(resources):
    """Both example articles run through the pipeline (002 with its publication date, 000 without)."""
    from eventwire.ingest import make_article
    from eventwire.pipeline import process_article
    a0 = make_article(SEED_000.read_text("utf-8"), name="seed-000", id="seed-000")
    a2 = make_article(SEED_002.read_text("utf-8"), name="seed-002", id="seed-002", published=SEED_002_PUBLISHED)
    return {"seed-000": process_article(a0, resources), "seed-002": process_article(a2, resources)}


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory):
    """The examples coded into a database by the real CLI, once per run; tests only read it
    (a re-run on the same files is a no-op)."""
    from click.testing import CliRunner
    from eventwire.cli import main
    path = tmp_path_factory.mktemp("examples") / "ew.db"
    r = CliRunner().invoke(main, ["run", str(EXAMPLES), "--db", str(path)])
    assert r.exit_code == 0, r.output
    return path


@pytest.fixture(scope="session")
def examples_pg(request):
    """The examples coded by the real CLI into a PostgreSQL database, once per run (tests only read it)."""
    from click.testing import CliRunner
    from eventwire.cli import main
    url = request.getfixturevalue("pg_server").new_database()
    r = CliRunner().invoke(main, ["run", str(EXAMPLES), "--db", url])
    assert r.exit_code == 0, r.output
    return url


def new_store(request, backend: str, path: Path) -> str:
    """An empty database for BACKEND: the SQLite file PATH, or a new PostgreSQL database's URL."""
    return str(path) if backend == "sqlite" else request.getfixturevalue("pg_server").new_database()


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server of Debian's package on a loopback port for the whole run (tests/pg_server.py);
    the test is skipped, with the reason, where none can be started."""
    from pg_server import Server, Unavailable
    try:
        server = Server()
    except Unavailable as e:
        pytest.skip(f"PostgreSQL tests skipped: {e}")
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A new, empty database for the store: an SQLite file, then a PostgreSQL database (same tests on both)."""
    return new_store(request, request.param, tmp_path / "x.db")


@pytest.fixture(scope="module", params=BACKENDS)
def examples_any(request) -> str:
    """The examples database (conftest's examples_db), then the same in PostgreSQL (examples_pg)."""
    return str(request.getfixturevalue("examples_db" if request.param == "sqlite" else "examples_pg"))

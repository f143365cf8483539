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


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A new, empty database for the store: an SQLite file, then a PostgreSQL database (same tests on both)."""
    if request.param == "sqlite":
        return str(tmp_path / "x.db")
    return request.getfixturevalue("pg_server").new_database()

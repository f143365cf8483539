"""PostgreSQL as the store (issue 11, part 3): what the shared tests (run on both backends through
conftest's db_url) cannot show: the SQL rewriting, byte-wise text order, migrations of an old
schema, two writers and a reader at once, and one clear line for a server that refuses or is gone."""
from __future__ import annotations

import dataclasses
import json
import multiprocessing
import re
import socket
import sqlite3
import threading
import time

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.store import StoreError, connect, counts, query_events, store_result
from eventwire.store import sqlite as store_sqlite
from eventwire.store.pg_sql import UnsupportedSQL, translate

from test_concurrency import _hammer
from test_store import make_result


class FakeCatalog:
    """Two tables, as the server's catalog would describe them."""

    def tables(self):
        return ["meta", "events", "corrections"]

    def columns(self, table):
        return {"meta": [("key", "text"), ("value", "text")], "events": [("id", "text"), ("quad", "bigint")],
                "corrections": [("id", "bigint"), ("who", "text")]}[table]

    def primary_key(self, table):
        return {"meta": ["key"], "events": ["id"], "corrections": ["id"]}[table]

    def identity(self, table):
        return "id" if table == "corrections" else None


def pg(sql: str):
    return translate(sql, FakeCatalog(), '"public"')


# --------------------------------------------------------------------------- the rewriting (no server)

def test_placeholders_and_percent_signs_outside_and_inside_quotes():
    st = pg("SELECT '?' AS q, \"a?b\" FROM t WHERE x LIKE '%x%' AND y = ? AND z ILIKE ?")
    assert st.sql == "SELECT '?' AS q, \"a?b\" FROM t WHERE x ILIKE '%%x%%' AND y = %s AND z ILIKE %s"


def test_named_and_numbered_placeholders_bind_as_sqlite_does():
    from eventwire.store.postgres import PostgresProgrammingError, _params
    st = pg("SELECT a FROM t WHERE x=:a UNION SELECT a FROM u WHERE y=:a AND z=:b AND w::text = ':c' ORDER BY 1")
    assert st.sql.startswith("SELECT a FROM t WHERE x=%s UNION SELECT a FROM u WHERE y=%s AND z=%s AND w::text = ':c'")
    assert st.binds == [(1, "a"), (1, "a"), (2, "b")]
    assert _params({"b": 2, "a": True, "unused": 0}, st.binds) == (1, 1, 2)     # by name, extra keys ignored
    assert _params(["x", "y"], st.binds) == ("x", "x", "y")                    # by SQLite's numbers
    with pytest.raises(PostgresProgrammingError, match=":b"):
        _params({"a": 1}, st.binds)
    st = pg("SELECT ?2, ?1, ? FROM t")                                   # a bare ? follows the largest number
    assert st.sql == "SELECT %s, %s, %s FROM t" and _params("abc", st.binds) == ("b", "a", "c")
    assert pg("SELECT a FROM t WHERE x = ? AND y = ?").binds is None      # plain ?s: passed as they come
    assert pg("INSERT INTO events (id) VALUES (:id)").binds == [(1, "id")]


def test_sqlite_only_statements():
    assert pg("PRAGMA database_list").sql == "SELECT 0 AS seq, 'main' AS name, '' AS file"    # no file to name
    with pytest.raises(UnsupportedSQL, match="UPDATE OR"):                  # no ON CONFLICT for an UPDATE
        pg("UPDATE OR IGNORE event_actors SET actor_id=? WHERE actor_id=?")


def test_insert_or_replace_is_an_upsert_on_the_primary_key():
    assert pg("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)").sql == (
        'INSERT INTO meta ("key", "value") VALUES (\'schema_version\', %s)'
        ' ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value"')
    assert pg("INSERT OR IGNORE INTO events (id) VALUES (?)").sql.endswith(" ON CONFLICT DO NOTHING")
    st = pg("INSERT INTO corrections (who) VALUES (?)")              # lastrowid comes back by RETURNING
    assert st.returning == "id" and st.sql.endswith('RETURNING "id"')
    assert "SET df = term_df.df + 1" in translate(
        "INSERT INTO term_df (term, df) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1",
        type("C", (FakeCatalog,), {"columns": lambda self, t: [("term", "text"), ("df", "bigint")],
                                   "identity": lambda self, t: None})(), "public").sql


def test_functions_rowid_and_empty_lists():
    st = pg("SELECT rowid, group_concat(DISTINCT role), instr(a || char(10), char(10)), substr(t, s + 1, 3)"
            " FROM x WHERE rowid > ? AND id IN () ORDER BY rowid LIMIT ?")
    assert st.sql.startswith("SELECT _rowid AS rowid, string_agg(DISTINCT (role)::text, ','),"
                             " strpos(a || chr(10), chr(10)), substr(t, (s + 1)::int, (3)::int)")
    assert "WHERE _rowid > %s AND id IN (SELECT NULL WHERE false) ORDER BY _rowid" in st.sql
    assert st.sql.endswith("LIMIT nullif(greatest(%s, -1), -1)")
    assert pg("SELECT a FROM t ORDER BY a, b DESC").sql.endswith("ORDER BY a NULLS FIRST, b DESC NULLS LAST")  # SQLite's


def test_schema_statements():
    st = pg("CREATE TABLE IF NOT EXISTS c (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL, x REAL,"
            " PRIMARY KEY (id))")
    assert st.sql == ('CREATE TABLE IF NOT EXISTS c (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,'
                      ' text TEXT COLLATE "C" NOT NULL, x DOUBLE PRECISION, PRIMARY KEY (id))') and st.ddl
    assert pg("CREATE TABLE t (a TEXT)").sql.endswith("_rowid BIGINT GENERATED ALWAYS AS IDENTITY)")
    assert pg("CREATE TABLE IF NOT EXISTS m AS SELECT * FROM events WHERE 0").sql.endswith("WHERE false")
    assert pg('ALTER TABLE machine_events ADD COLUMN "quad"').sql == 'ALTER TABLE machine_events ADD COLUMN "quad" bigint'
    trig = pg("CREATE TRIGGER IF NOT EXISTS no_delete BEFORE DELETE ON corrections\n"
              "    BEGIN SELECT RAISE(ABORT, 'append-only'); END;")
    assert "integrity_constraint_violation" in trig.sql and len(trig.extra) == 2     # DELETE and TRUNCATE
    assert "table_name = 'events'" in pg("PRAGMA table_info(events)").sql
    with pytest.raises(UnsupportedSQL):
        pg("PRAGMA journal_mode=WAL")
    assert pg("REPLACE INTO meta VALUES (?, ?)").sql.startswith('INSERT INTO meta ("key", "value")')
    assert pg("CREATE VIEW IF NOT EXISTS v AS SELECT 1").sql.startswith("CREATE OR REPLACE VIEW v")
    assert pg("SELECT 1 FROM t WHERE a IS ? AND b IS NOT ? AND c IS NULL").sql.endswith(
        "a IS NOT DISTINCT FROM %s AND b IS DISTINCT FROM %s AND c IS NULL")


def test_sqlite_master_lists_tables_and_indexes(url):
    conn = connect(url)
    rows = {tuple(r) for r in conn.execute("SELECT type, name, tbl_name FROM sqlite_master WHERE name IN"
                                           " ('events', 'events_date')")}
    assert rows == {("table", "events", "events"), ("index", "events_date", "events")}
    assert conn.execute("SELECT count(*) FROM events WHERE date IS ?", (None,)).fetchone()[0] == 0
    conn.close()


# --------------------------------------------------------------------------- a real server

@pytest.fixture
def url(pg_server) -> str:
    return pg_server.new_database()


def test_schema_version_and_hidden_rowid(url):
    conn = connect(url)
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(store_sqlite.SCHEMA_VERSION)
    store_result(conn, make_result())
    row = conn.execute("SELECT * FROM actors WHERE id='RUS'").fetchone()
    assert "_rowid" not in row.keys() and row["name"] == "Russia" and row[1] == "Russia"
    assert conn.execute("SELECT rowid FROM actors ORDER BY rowid").fetchone()["rowid"] >= 1
    conn.close()


def test_text_compares_byte_wise_under_any_database_collation(pg_server):
    """SQLite compares text byte-wise; the store relies on it ('2008~' >= '2008-06-01' keeps a year-only
    event in a range starting mid-year). A database whose default collation is en-US still does."""
    import psycopg
    with psycopg.connect(pg_server.url(), autocommit=True) as c:
        try:
            c.execute('CREATE DATABASE icu_en LOCALE_PROVIDER icu ICU_LOCALE \'en-US\' LOCALE \'C\' TEMPLATE template0')
        except psycopg.Error as e:
            pytest.skip(f"no ICU collation here: {e}")
    conn = connect(pg_server.url("icu_en"))
    assert conn.execute("SELECT 'b' > 'A' COLLATE \"default\"").fetchone()[0]      # en-US order: b after A
    store_result(conn, make_result(date="2008"))
    assert len(query_events(conn, since="2008-06-01")) == 1                # would be 0 in en-US order
    conn.execute("INSERT INTO meta VALUES ('Z', '1'), ('a', '1'), ('~', '1')")
    keys = [r[0] for r in conn.execute("SELECT key FROM meta WHERE key IN ('Z', 'a', '~') ORDER BY key")]
    assert keys == ["Z", "a", "~"]
    conn.close()


def test_old_event_columns_are_added_with_their_types(url):
    """A schema-1 database from before quad/size/evidence_more (events and their raw-view copy) is migrated."""
    conn = connect(url)
    store_result(conn, make_result())
    for table in ("events", "machine_events"):
        for col in ("quad", "size", "evidence_more"):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {col}")
    for table in ("event_links", "event_clusters", "cluster_keys", "story_keys", "story_articles", "stories",
                  "term_df"):                                   # version 3's tables, empty in a version-1 file
        conn.execute(f"DELETE FROM {table}")
    conn.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    conn.close()
    conn = connect(url)
    assert conn.execute("SELECT count(*) FROM event_links").fetchone()[0] == 1     # filled by the migration
    types = dict(conn.execute("SELECT column_name, data_type FROM information_schema.columns"
                              " WHERE table_name = 'machine_events'").fetchall())
    assert types["quad"] == "bigint" and types["evidence_more"] == "text"
    assert conn.execute("SELECT evidence_more FROM events").fetchone()[0] == "[]"
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(store_sqlite.SCHEMA_VERSION)
    assert store_result(conn, make_result("a2")) == "stored" and counts(conn)["events"] == 2
    conn.close()


def test_the_corrections_log_refuses_truncate_too(url):
    conn = connect(url)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("TRUNCATE corrections CASCADE")
    conn.close()


def test_web_connections_are_read_only(url):
    from eventwire.web.app import open_db
    connect(url).close()
    conn = open_db(url)
    with pytest.raises(sqlite3.DatabaseError, match="read-only"):
        conn.execute("INSERT INTO meta VALUES ('x', 'y')")
    conn.close()


def test_two_writers_and_a_reader(url):
    """Three processes store 150 articles each, flat out, while the web API reads: writers take turns
    (the advisory lock of BEGIN IMMEDIATE), nothing is lost, and the reader only sees whole articles."""
    from fastapi.testclient import TestClient
    from eventwire.web import create_app
    connect(url).close()
    stop, seen, errors = threading.Event(), [], []

    def read() -> None:
        client = TestClient(create_app(url))
        while not stop.is_set():
            r = client.get("/api/events", params={"limit": 5})
            (seen.append(r.json()["total"]) if r.status_code == 200 else errors.append(r.text[:200]))
            time.sleep(0.05)
    reader = threading.Thread(target=read)
    reader.start()
    ctx = multiprocessing.get_context("spawn")
    failures = ctx.Queue()
    procs = [ctx.Process(target=_hammer, args=(url, p, 150, failures)) for p in ("x", "y", "z")]
    try:
        for p in procs:
            p.start()
        for p in procs:
            p.join(180)
    finally:
        stop.set()
        reader.join()
    problems = []
    while not failures.empty():
        problems.append(failures.get())
    assert not problems, problems[:3]
    assert all(p.exitcode == 0 for p in procs)
    assert not errors and seen and seen == sorted(seen)
    conn = connect(url)
    assert counts(conn)["articles"] == 450 and counts(conn)["events"] == 450
    assert conn.execute("SELECT count(*) FROM event_links").fetchone()[0] == 450    # each event linked once
    conn.close()


def test_two_writers_in_one_process_wait_for_each_other(url):
    """A transaction holds the write lock until it ends; another connection's BEGIN IMMEDIATE waits."""
    a, b = connect(url), connect(url)
    a.execute("BEGIN IMMEDIATE")
    a.execute("INSERT INTO meta VALUES ('held', '1')")
    done = []
    t = threading.Thread(target=lambda: (store_result(b, make_result()), done.append(time.monotonic())))
    t.start()
    time.sleep(0.5)
    assert not done                                               # b waits for a
    released = time.monotonic()
    a.execute("COMMIT")
    t.join(30)
    assert done and done[0] >= released and counts(b)["articles"] == 1
    a.close()
    b.close()


# --------------------------------------------------------------------------- one clear line

def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _refused(args: list[str]) -> str:
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output and len(r.output.strip().splitlines()) == 1, r.output
    return r.output


def test_bad_password_unknown_database_and_no_server(pg_server):
    pytest.importorskip("psycopg")
    bad = pg_server.url("postgres", password="not-the-password")
    out = _refused(["events", "--db", bad])
    assert "password authentication failed" in out and "not-the-password" not in out and ":***@" in out
    out = _refused(["run", "--db", pg_server.url("no_such_db"), "-"])
    assert 'database "no_such_db" does not exist' in out
    gone = f"postgresql://eventwire:pw@127.0.0.1:{_closed_port()}/x"
    for args in (["events", "--db", gone], ["serve", "--db", gone], ["export", "--db", gone, "--format", "csv"]):
        assert "cannot open the PostgreSQL database" in _refused(args)
    import eventwire
    with pytest.raises(StoreError, match="refused"):
        eventwire.open(gone)


def test_an_empty_database_is_not_an_eventwire_store_yet(url):
    out = _refused(["events", "--db", url])
    assert "no such database; create it with `eventwire run" in out
    import eventwire
    with pytest.raises(FileNotFoundError):
        eventwire.open(url)
    with eventwire.open(url, create=True) as db:
        assert db.store(dataclasses.replace(make_result(), content_hash="c1")) == "stored"
    r = CliRunner().invoke(main, ["events", "--db", url, "--format", "json"])
    assert r.exit_code == 0 and '"CONSULT"' in r.output


# --------------------------------------------------------------------------- the same answers

@pytest.mark.parametrize("args", [["events", "--all-polarities"], ["timeline", "--actor", "Russia", "--with", "Hamas"],
                                  ["actors"], ["actor", "Lavrov"], ["claims"], ["quotes"], ["stories"],
                                  ["story", "seed-002"], ["corrections"]])
def test_both_backends_answer_the_same(examples_db, examples_pg, args):
    """The examples coded into SQLite and into PostgreSQL by the same CLI give the same JSON everywhere."""
    def answer(db):
        r = CliRunner().invoke(main, [*args, "--db", str(db), "--format", "json"])
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)
    assert answer(examples_pg) == answer(examples_db)


@pytest.mark.parametrize("fmt", ["csv", "plover-jsonl", "gdelt-tsv"])
def test_both_backends_export_the_same(examples_db, examples_pg, fmt):
    def out(db):
        r = CliRunner().invoke(main, ["export", "--db", str(db), "--format", fmt])
        assert r.exit_code == 0, r.output
        return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|\t\d{14}\t", "<ingested>", r.stdout)   # when each was stored
    assert out(examples_pg) == out(examples_db)


def test_nul_in_a_filter_is_no_error(url):
    """PostgreSQL text cannot hold NUL; a parameter with one is stored and matched as U+FFFD (as ingest stores it)."""
    conn = connect(url)
    store_result(conn, make_result())
    assert query_events(conn, actor="Lavrov\x00") == []
    conn.execute("INSERT INTO meta VALUES (?, ?)", ("nul\x00key", "v"))
    assert conn.execute("SELECT value FROM meta WHERE key = ?", ("nul\ufffdkey",)).fetchone()[0] == "v"
    conn.close()


def test_named_parameters_on_the_server(url):
    conn = connect(url)
    conn.executemany("INSERT INTO meta VALUES (:k, :v)", [{"k": "a", "v": "1"}, {"v": "2", "k": "b"}])
    assert [r[0] for r in conn.execute("SELECT key FROM meta WHERE value IN (:x, ?2) OR key = :x ORDER BY key",
                                       ("1", "2"))][:2] == ["a", "b"]
    assert conn.execute("SELECT value FROM meta WHERE key = :k", {"k": "b"}).fetchone()[0] == "2"
    conn.close()


def test_without_the_driver_one_line_says_what_to_install(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "psycopg", None)      # import psycopg fails
    with pytest.raises(StoreError, match=r"pip install 'eventwire\[postgres\]'"):
        connect("postgresql://ana:secret@127.0.0.1:1/news")
    out = _refused(["events", "--db", "postgresql://ana:secret@127.0.0.1:1/news"])
    assert "secret" not in out and "psycopg" in out


def test_a_schema_of_its_own(pg_server, url):
    """`?options=-csearch_path%3Dnews`: the tables go in that schema, and every connection (the web's
    read-only ones too) reads them there."""
    import psycopg
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("CREATE SCHEMA news")
    in_news = url + "?options=-csearch_path%3Dnews"
    conn = connect(in_news)
    store_result(conn, make_result())
    conn.close()
    with psycopg.connect(url) as c:
        assert c.execute("SELECT to_regclass('public.events'), to_regclass('news.events') IS NOT NULL").fetchone() \
            == (None, True)
    from fastapi.testclient import TestClient
    from eventwire.web import create_app
    r = TestClient(create_app(in_news)).get("/api/events")
    assert r.status_code == 200 and r.json()["total"] == 1


def test_first_connections_at_once_create_the_schema_once(url):
    """Four processes' worth of first connections to an empty database at the same moment: the schema
    is made by one, under the write lock, and the others find it (no duplicate-type errors)."""
    errors, barrier = [], threading.Barrier(4)

    def first() -> None:
        barrier.wait()
        try:
            connect(url).close()
        except Exception as e:             # noqa: BLE001
            errors.append(e)
    threads = [threading.Thread(target=first) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    conn = connect(url)
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(store_sqlite.SCHEMA_VERSION)
    conn.close()

"""SQLite store: schema, WAL, one transaction per article, idempotent re-ingest, queries."""
from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import pytest

from eventwire.records import Actor, Article, Event, Mention, Result, Span
from eventwire.store import StoreError, connect, counts, query_events, store_result
from eventwire.store import sqlite as store_sqlite


def dump_hash(path) -> str:
    conn = sqlite3.connect(str(path))
    lines = sorted(line for line in conn.iterdump() if "ingested_at" not in line and "INSERT INTO \"articles\"" not in line)
    arts = sorted(map(repr, conn.execute("SELECT id, content_hash, text FROM articles")))
    conn.close()
    return hashlib.sha256("\n".join(lines + arts).encode()).hexdigest()


def make_result(article_id="a1", text="Lavrov met Mashal in Damascus in 2008.", date="2008") -> Result:
    ru = Actor("RUS", "Russia", "GPE", country="RUS", in_kb=True)
    lavrov = Actor("person:sergei-lavrov", "Sergei Lavrov", "PERSON", country="RUS", sector="GOV")
    mashal = Actor("person:khaled-mashal", "Khaled Mashal", "PERSON", country="PSE", sector="REB", affiliation="org:hamas")
    hamas = Actor("org:hamas", "Hamas", "ORG", country="PSE", sector="REB")
    mentions = (Mention(0, 6, text[0:6], "PERSON", lavrov.id), Mention(11, 17, text[11:17], "PERSON", mashal.id))
    ev = Event(id=f"ev-{article_id}", article_id=article_id, type="CONSULT", mode=None, cameo="04",
               actors=(lavrov.id, mashal.id), recipients=(), location=None, date=date, date_end=None,
               date_precision="year", date_source="text", polarity="asserted", historical=True, reported_by=None,
               confidence=0.9, evidence=Span(0, len(text), text), trigger=Span(7, 10, text[7:10]),
               sentence=Span(0, len(text), text))
    art = Article(id=article_id, text=text, published=dt.date(2024, 1, 19))
    return Result(article=art, actors=(ru, lavrov, mashal, hamas), mentions=mentions, events=(ev,),
                  content_hash=hashlib.sha256(text.encode()).hexdigest()[:16])


def test_schema_wal_and_version(tmp_path):
    conn = connect(tmp_path / "x.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(store_sqlite.SCHEMA_VERSION)


def test_store_is_idempotent(tmp_path):
    path = tmp_path / "x.db"
    conn = connect(path)
    assert store_result(conn, make_result()) == "stored"
    first = counts(conn)
    before = dump_hash(path)
    assert store_result(conn, make_result()) == "unchanged"
    assert counts(conn) == first
    assert dump_hash(path) == before
    assert first["articles"] == 1 and first["events"] == 1 and first["event_actors"] == 2


def test_changed_text_replaces_without_orphans(tmp_path):
    conn = connect(tmp_path / "x.db")
    store_result(conn, make_result())
    assert store_result(conn, make_result(text="Lavrov met Mashal in Damascus in 2009!", date="2009")) == "replaced"
    assert counts(conn)["events"] == 1
    assert conn.execute("SELECT date FROM events").fetchone()[0] == "2009"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    orphans = conn.execute("SELECT count(*) FROM event_actors WHERE event_id NOT IN (SELECT id FROM events)").fetchone()[0]
    assert orphans == 0


def test_failure_mid_article_rolls_back(tmp_path, monkeypatch):
    path = tmp_path / "x.db"
    conn = connect(path)
    store_result(conn, make_result("a0"))
    before = dump_hash(path)

    def boom(*a, **k):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(store_sqlite, "_event_row", boom)
    with pytest.raises(RuntimeError):
        store_result(conn, make_result("a1"))
    assert dump_hash(path) == before
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "x.db"
    conn = connect(path)
    conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        connect(path)


def test_not_a_database(tmp_path):
    path = tmp_path / "x.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        connect(path)


def test_queries_expand_countries_and_groups(tmp_path):
    conn = connect(tmp_path / "x.db")
    store_result(conn, make_result())
    assert len(query_events(conn, actor="Sergei Lavrov")) == 1
    assert len(query_events(conn, actor="Russia", with_="Hamas")) == 1   # Lavrov is RUS, Mashal is Hamas's
    assert query_events(conn, actor="Russia", with_="Hamas")[0]["actors"] == ["Sergei Lavrov", "Khaled Mashal"]
    assert query_events(conn, actor="Nobody At All") == []
    assert len(query_events(conn, type="consult", since="2008-01-01", until="2008-12-31")) == 1
    assert query_events(conn, since="2009-01-01") == []
    assert query_events(conn, type="ASSAULT") == []

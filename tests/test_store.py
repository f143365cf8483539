"""SQLite store: schema, WAL, one transaction per article, idempotent re-ingest, queries."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sqlite3

import pytest

from eventwire.records import Actor, Article, Event, Mention, Result, Span
from eventwire.store import StoreError, connect, counts, query_events, store_result
from eventwire.store import sqlite as store_sqlite


def dump_hash(path) -> str:
    """A hash of everything stored (schema and rows) but the ingestion times; SQLite file or PostgreSQL URL."""
    if str(path).startswith("postgresql://"):
        return _pg_dump_hash(str(path))
    conn = sqlite3.connect(str(path))
    lines = sorted(line for line in conn.iterdump() if "ingested_at" not in line and "INSERT INTO \"articles\"" not in line)
    arts = sorted(map(repr, conn.execute("SELECT id, content_hash, text FROM articles")))
    conn.close()
    return hashlib.sha256("\n".join(lines + arts).encode()).hexdigest()


def _pg_dump_hash(url: str) -> str:
    conn = connect(url)
    tables = [r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables"
                                         " WHERE table_schema = current_schema() ORDER BY table_name")]
    lines = [repr(tuple(r)) for r in conn.execute("SELECT table_name, column_name, data_type FROM"
                                                  " information_schema.columns WHERE table_schema = current_schema()"
                                                  " ORDER BY table_name, column_name")]
    for t in tables:
        lines += sorted(f"{t} " + repr(sorted((k, v) for k, v in dict(r).items() if k != "ingested_at"))
                        for r in conn.execute(f"SELECT * FROM {t}"))
    conn.close()
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


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


def test_store_is_idempotent(db_url):
    path = db_url
    conn = connect(path)
    assert store_result(conn, make_result()) == "stored"
    first = counts(conn)
    before = dump_hash(path)
    assert store_result(conn, make_result()) == "unchanged"
    assert counts(conn) == first
    assert dump_hash(path) == before
    assert first["articles"] == 1 and first["events"] == 1 and first["event_actors"] == 2


def test_changed_text_replaces_without_orphans(db_url):
    conn = connect(db_url)
    store_result(conn, make_result())
    assert store_result(conn, make_result(text="Lavrov met Mashal in Damascus in 2009!", date="2009")) == "replaced"
    assert counts(conn)["events"] == 1
    assert conn.execute("SELECT date FROM events").fetchone()[0] == "2009"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    orphans = conn.execute("SELECT count(*) FROM event_actors WHERE event_id NOT IN (SELECT id FROM events)").fetchone()[0]
    assert orphans == 0


def test_failure_mid_article_rolls_back(db_url, monkeypatch):
    path = db_url
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


def test_newer_schema_is_refused(db_url):
    path = db_url
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


def test_queries_expand_countries_and_groups(db_url):
    conn = connect(db_url)
    store_result(conn, make_result())
    assert len(query_events(conn, actor="Sergei Lavrov")) == 1
    assert len(query_events(conn, actor="Russia", with_="Hamas")) == 1   # Lavrov is RUS, Mashal is Hamas's
    assert query_events(conn, actor="Russia", with_="Hamas")[0]["actors"] == ["Sergei Lavrov", "Khaled Mashal"]
    assert query_events(conn, actor="Nobody At All") == []
    assert len(query_events(conn, type="consult", since="2008-01-01", until="2008-12-31")) == 1
    assert query_events(conn, since="2009-01-01") == []
    assert query_events(conn, type="ASSAULT") == []


def with_claims_and_quotes(r: Result) -> Result:
    """The result with one claim inside one quote of Lavrov's (records made by hand, no model)."""
    from eventwire.records import Claim, Quote
    text = 'Lavrov said "12 people were killed in Damascus" on Monday.'
    art = dataclasses.replace(r.article, text=text)
    q = Quote(speaker="person:sergei-lavrov", speaker_span=Span(0, 6, "Lavrov"), start=13, end=46,
              text=text[13:46], direct=True, cue=Span(7, 11, "said"), date="2024-01-15", events=("ev-a1",))
    c = Claim(what="killed", subject="people in Damascus", low=12, high=12, qualifier="exact", as_of="2024-01-15",
              said_by="person:sergei-lavrov", start=13, end=46, text=text[13:46], count_type="KILL",
              number=Span(13, 15, "12"), subject_span=Span(16, 22, "people"), date="2024-01-15")
    return dataclasses.replace(r, article=art, claims=(c,), quotes=(q,), content_hash="cq")


def test_claims_and_quotes_round_trip(db_url):
    from eventwire.store import query_claims, query_quotes
    conn = connect(db_url)
    store_result(conn, with_claims_and_quotes(make_result()))
    [c] = query_claims(conn, what="killed")
    assert (c["low"], c["high"], c["qualifier"], c["count_type"], c["number_text"]) == (12, 12, "exact", "KILL", "12")
    assert c["said_by_name"] == "Sergei Lavrov" and c["date"] == "2024-01-15"
    assert query_claims(conn, what="injured") == []
    assert [x["what"] for x in query_claims(conn, source="Russia")] == ["killed"]   # a country includes its officials
    [q] = query_quotes(conn, speaker="Lavrov")
    assert q["text"] == "12 people were killed in Damascus" and q["direct"] == 1 and q["events"] == ["ev-a1"]
    assert q["speaker_name"] == "Sergei Lavrov" and q["cue"] == "said"
    assert query_quotes(conn, speaker="Hamas") == [] and query_quotes(conn, speaker="nobody at all") == []
    # re-storing a changed article replaces its claims and quotes instead of adding to them
    store_result(conn, dataclasses.replace(with_claims_and_quotes(make_result()), content_hash="cq2"))
    assert counts(conn)["claims"] == 1 and counts(conn)["quotes"] == 1


def test_version_1_database_gains_claim_and_quote_tables(db_url):
    path = db_url
    conn = connect(path)
    conn.execute("DROP TABLE claims")
    conn.execute("DROP TABLE quotes")
    conn.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    conn.close()
    conn = connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(store_sqlite.SCHEMA_VERSION)
    store_result(conn, with_claims_and_quotes(make_result()))
    assert counts(conn)["claims"] == 1

"""SQLite store: a versioned schema, WAL, one transaction per article, idempotent re-ingest."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterable, Sequence

from ..records import Actor, Result

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, text TEXT NOT NULL, title TEXT, url TEXT, outlet TEXT,
    published TEXT, published_inferred INTEGER NOT NULL, language TEXT, source TEXT,
    dropped TEXT NOT NULL, ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE TABLE IF NOT EXISTS actors (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, country TEXT, sector TEXT, affiliation TEXT,
    aliases TEXT NOT NULL, roles TEXT NOT NULL, attributes TEXT NOT NULL, in_kb INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, kind TEXT NOT NULL, actor_id TEXT REFERENCES actors(id), title TEXT,
    PRIMARY KEY (article_id, start, "end"));
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL, mode TEXT, cameo TEXT NOT NULL, context TEXT NOT NULL,
    location TEXT, location_country TEXT, lat REAL, lon REAL,
    date TEXT, date_end TEXT, date_precision TEXT, date_source TEXT, polarity TEXT NOT NULL,
    historical INTEGER NOT NULL, reported_by TEXT, confidence REAL NOT NULL,
    evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL, evidence TEXT NOT NULL,
    trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL, trigger TEXT NOT NULL,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, time_text TEXT);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE, actor_id TEXT NOT NULL REFERENCES actors(id),
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')), position INTEGER NOT NULL,
    PRIMARY KEY (event_id, actor_id, role));
CREATE TABLE IF NOT EXISTS times (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL, anchor TEXT, confidence REAL,
    date TEXT, date_end TEXT, precision TEXT, PRIMARY KEY (article_id, start, "end"));
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors(actor_id);
CREATE INDEX IF NOT EXISTS mentions_actor ON mentions(actor_id);
"""


class StoreError(Exception):
    """A database that cannot be used (newer schema, not an eventwire file)."""


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (and create or migrate) an eventwire database: WAL, busy timeout, foreign keys."""
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as e:
        conn.close()
        raise StoreError(f"{path}: not an SQLite database ({e})") from None
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    _migrate(conn, path)
    return conn


def _migrate(conn: sqlite3.Connection, path: str | Path) -> None:
    """Create the schema or check its version; future versions add steps here."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None:
            conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"{path}: schema version {row[0]} is newer than this eventwire ({SCHEMA_VERSION}); upgrade eventwire")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _actor_row(a: Actor) -> tuple:
    roles = [{"title": r.title, "org": r.org, "country": r.country, "start": r.start, "end": r.end} for r in a.roles]
    return (a.id, a.name, a.kind, a.country, a.sector, a.affiliation, json.dumps(list(a.aliases)),
            json.dumps(roles), json.dumps(dict(a.attributes), default=str), int(a.in_kb))


def _event_row(article_id: str, e) -> dict:
    loc = e.location
    return {
        "id": e.id, "article_id": article_id, "type": e.type, "mode": e.mode, "cameo": e.cameo,
        "context": json.dumps(list(e.context)), "location": loc.name if loc else None,
        "location_country": loc.country if loc else None, "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None, "date": e.date, "date_end": e.date_end, "date_precision": e.date_precision,
        "date_source": e.date_source, "polarity": e.polarity, "historical": int(e.historical),
        "reported_by": e.reported_by, "confidence": e.confidence, "evidence_start": e.evidence.start,
        "evidence_end": e.evidence.end, "evidence": e.evidence.text, "trigger_start": e.trigger.start,
        "trigger_end": e.trigger.end, "trigger": e.trigger.text, "sentence_start": e.sentence.start,
        "sentence_end": e.sentence.end, "time_text": e.time.text if e.time else None,
    }


def store_result(conn: sqlite3.Connection, r: Result) -> str:
    """Store one article and all it yielded in one transaction; 'stored', 'unchanged' or 'replaced'."""
    a = r.article
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT content_hash FROM articles WHERE id=?", (a.id,)).fetchone()
        if row is not None and row[0] == r.content_hash:
            conn.execute("COMMIT")
            return "unchanged"
        status = "stored"
        if row is not None:
            conn.execute("DELETE FROM articles WHERE id=?", (a.id,))      # children go by ON DELETE CASCADE
            status = "replaced"
        conn.execute(
            "INSERT INTO articles (id, content_hash, text, title, url, outlet, published, published_inferred, language,"
            " source, dropped) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, r.content_hash, a.text, a.title, a.url, a.outlet, a.published.isoformat() if a.published else None,
             int(a.published_inferred), a.language, a.source,
             json.dumps([{"start": d.start, "end": d.end, "text": d.text, "reason": d.reason} for d in a.dropped])))
        for actor in r.actors:
            conn.execute(
                "INSERT INTO actors VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                " country=coalesce(actors.country, excluded.country), sector=coalesce(actors.sector, excluded.sector),"
                " affiliation=coalesce(actors.affiliation, excluded.affiliation)", _actor_row(actor))
        conn.executemany(
            'INSERT OR IGNORE INTO mentions (article_id, start, "end", text, kind, actor_id, title) VALUES (?,?,?,?,?,?,?)',
            [(a.id, m.start, m.end, m.text, m.kind, m.actor_id, m.title) for m in r.mentions])
        for e in r.events:
            row = _event_row(a.id, e)
            conn.execute("INSERT OR REPLACE INTO events (%s) VALUES (%s)" % (", ".join(row), ", ".join("?" * len(row))),
                         tuple(row.values()))
            rows = [(e.id, x, "actor", i) for i, x in enumerate(e.actors)]
            rows += [(e.id, x, "recipient", i) for i, x in enumerate(e.recipients)]
            conn.executemany("INSERT OR IGNORE INTO event_actors VALUES (?,?,?,?)", rows)
        conn.executemany(
            'INSERT OR IGNORE INTO times VALUES (?,?,?,?,?,?,?,?,?,?,?)',
            [(a.id, t.start, t.end, t.text, t.type, t.value, t.anchor, t.confidence, t.date, t.date_end, t.precision)
             for t in r.times])
        conn.execute("COMMIT")
        return status
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def find_actor_ids(conn: sqlite3.Connection, name: str) -> set[str]:
    """Actor ids a user's name stands for: matching actors, plus members of a matched country or group."""
    like = name.strip().lower()
    ids: set[str] = set()
    for row in conn.execute("SELECT id, kind, country, name, aliases FROM actors"):
        names = [row["name"].lower(), row["id"].lower()] + [x.lower() for x in json.loads(row["aliases"])]
        if like in names:
            ids.add(row["id"])
    if not ids:
        rows = conn.execute("SELECT id FROM actors WHERE lower(name) LIKE ?", (f"%{like}%",)).fetchall()
        ids = {r[0] for r in rows}
    extra: set[str] = set()
    for row in conn.execute("SELECT id, kind, country FROM actors WHERE id IN (%s)" % ",".join("?" * len(ids)), tuple(ids)):
        if row["kind"] == "GPE" and row["country"] and row["id"] == row["country"]:   # a country: all its actors
            extra |= {r[0] for r in conn.execute("SELECT id FROM actors WHERE country=?", (row["country"],))}
        extra |= {r[0] for r in conn.execute("SELECT id FROM actors WHERE affiliation=?", (row["id"],))}
    return ids | extra


def query_events(conn: sqlite3.Connection, actor: str | None = None, with_: str | None = None,
                 type: str | None = None, since: str | None = None, until: str | None = None,
                 polarity: Sequence[str] | None = ("asserted",), limit: int | None = None) -> list[dict]:
    """Events with their parties' names, oldest first, filtered by actor(s), type and date range."""
    where, args = ["1=1"], []
    for name in (actor, with_):
        if name:
            ids = find_actor_ids(conn, name)
            if not ids:
                return []
            where.append("e.id IN (SELECT event_id FROM event_actors WHERE actor_id IN (%s))" % ",".join("?" * len(ids)))
            args += sorted(ids)
    if type:
        where.append("e.type = ?")
        args.append(type.upper())
    if since:
        where.append("coalesce(e.date_end, e.date) || '~' >= ?")     # '2008' lasts until 2008-12-31
        args.append(since)
    if until:
        where.append("e.date <= ?")
        args.append(until)
    if polarity:
        where.append("e.polarity IN (%s)" % ",".join("?" * len(polarity)))
        args += list(polarity)
    sql = ("SELECT e.*, a.published, a.title FROM events e JOIN articles a ON a.id = e.article_id WHERE "
           + " AND ".join(where) + " ORDER BY e.date IS NULL, e.date, e.article_id, e.evidence_start")
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for row in conn.execute(sql, args):
        d = dict(row)
        parties = conn.execute(
            "SELECT ea.role, ac.id, ac.name FROM event_actors ea JOIN actors ac ON ac.id = ea.actor_id"
            " WHERE ea.event_id=? ORDER BY ea.role, ea.position", (row["id"],)).fetchall()
        d["actors"] = [p["name"] for p in parties if p["role"] == "actor"]
        d["recipients"] = [p["name"] for p in parties if p["role"] == "recipient"]
        d["actor_ids"] = [p["id"] for p in parties if p["role"] == "actor"]
        d["recipient_ids"] = [p["id"] for p in parties if p["role"] == "recipient"]
        out.append(d)
    return out


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Row counts per table, for summaries and tests."""
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "actors", "mentions", "events", "event_actors", "times")}


def store_many(conn: sqlite3.Connection, results: Iterable[Result]) -> dict[str, int]:
    """Store results; returns how many were stored, unchanged or replaced."""
    tally: dict[str, int] = {}
    for r in results:
        s = store_result(conn, r)
        tally[s] = tally.get(s, 0) + 1
    return tally

"""SQLite store: a versioned schema, WAL, one transaction per article, idempotent re-ingest."""
from __future__ import annotations

import dataclasses
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
    published TEXT, published_inferred INTEGER NOT NULL, published_reason TEXT, language TEXT, source TEXT,
    dropped TEXT NOT NULL, duplicate_of TEXT, errors TEXT NOT NULL DEFAULT '[]', ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
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
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, time_text TEXT,
    quad INTEGER, size TEXT, evidence_more TEXT NOT NULL DEFAULT '[]');
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
        _add_event_columns(conn)
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None:
            conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"{path}: schema version {row[0]} is newer than this eventwire ({SCHEMA_VERSION}); upgrade eventwire")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# Event columns added to schema version 1 before its first release; a database made before them
# gets them here (NULL / '[]' for the events already stored).
_EVENT_COLUMNS = (("quad", "INTEGER"), ("size", "TEXT"), ("evidence_more", "TEXT NOT NULL DEFAULT '[]'"))


def _add_event_columns(conn: sqlite3.Connection) -> None:
    have = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    for name, decl in _EVENT_COLUMNS:
        if name not in have:
            conn.execute(f"ALTER TABLE events ADD COLUMN {name} {decl}")


def _actor_row(a: Actor, article_id: str | None = None) -> tuple:
    roles = [_role_json(r, article_id) for r in a.roles]
    return (a.id, a.name, a.kind, a.country, a.sector, a.affiliation,
            json.dumps(_merge_aliases([], a.aliases, a.name), ensure_ascii=False),
            json.dumps(_merge_roles([], roles), ensure_ascii=False),
            json.dumps(dict(a.attributes), default=str, ensure_ascii=False), int(a.in_kb))


def _role_json(r, article_id: str | None) -> dict:
    """A role as stored: the KB/text fields plus the articles that state it (none for a KB role)."""
    return {"title": r.title, "org": r.org, "country": r.country, "start": r.start, "end": r.end,
            "articles": [article_id] if article_id and r.evidence is not None else []}


def _role_key(r: dict) -> tuple:
    return (" ".join(str(r.get("title") or "").split()).casefold(), r.get("org"))


def _same_role(a: dict, b: dict) -> bool:
    """Same title and organisation, and dates that do not disagree (a role stated in a text has
    none: it is the KB's dated role, not another one)."""
    if _role_key(a) != _role_key(b):
        return False
    return all(a.get(k) is None or b.get(k) is None or a.get(k) == b.get(k) for k in ("start", "end"))


def _merge_aliases(old: Sequence[str], new: Iterable[str], name: str) -> list[str]:
    """Old aliases then new ones, each once, never the actor's own name."""
    out: list[str] = []
    for a in (*old, *new):
        if a and a != name and a not in out:
            out.append(a)
    return out


def _merge_roles(old: Sequence[dict], new: Iterable[dict]) -> list[dict]:
    """Roles of all articles: one entry per (title, org, start, end); the articles that state it add up."""
    out = [dict(r, articles=list(r.get("articles") or ())) for r in old]
    for r in new:
        same = [x for x in out if _same_role(x, r)]
        have = next((x for x in same if x.get("end") is None), same[0] if same else None)   # the current one
        if have is None:
            have = dict(r, articles=[])
            out.append(have)
        for k in ("country", "start", "end"):
            if have.get(k) is None and r.get(k):
                have[k] = r[k]
        for aid in r.get("articles") or ():
            if aid not in have["articles"]:
                have["articles"].append(aid)
    return out


def _upsert_actor(conn: sqlite3.Connection, a: Actor, article_id: str) -> None:
    """Insert an actor, or merge it into the stored one: aliases, roles and attributes accumulate
    across articles (JSON lists without duplicates); country, sector and affiliation fill gaps."""
    row = conn.execute("SELECT * FROM actors WHERE id=?", (a.id,)).fetchone()
    if row is None:
        conn.execute("INSERT INTO actors VALUES (?,?,?,?,?,?,?,?,?,?)", _actor_row(a, article_id))
        return
    aliases = _merge_aliases(json.loads(row["aliases"]), a.aliases, row["name"])
    roles = _merge_roles(json.loads(row["roles"]), [_role_json(r, article_id) for r in a.roles])
    attributes = {**{k: v for k, v in a.attributes}, **json.loads(row["attributes"])}
    new = (row["country"] or a.country, row["sector"] or a.sector, row["affiliation"] or a.affiliation,
           json.dumps(aliases, ensure_ascii=False), json.dumps(roles, ensure_ascii=False),
           json.dumps(attributes, default=str, ensure_ascii=False), max(int(row["in_kb"]), int(a.in_kb)))
    if new != (row["country"], row["sector"], row["affiliation"], row["aliases"], row["roles"], row["attributes"],
               row["in_kb"]):
        conn.execute("UPDATE actors SET country=?, sector=?, affiliation=?, aliases=?, roles=?, attributes=?, in_kb=?"
                     " WHERE id=?", (*new, a.id))


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
        "quad": e.quad,
        "size": json.dumps({k: v for k, v in dataclasses.asdict(e.size).items() if v is not None})
        if e.size is not None else None,
        "evidence_more": json.dumps([{"start": x.start, "end": x.end, "text": x.text} for x in e.evidence_more]),
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
            "INSERT INTO articles (id, content_hash, text, title, url, outlet, published, published_inferred,"
            " published_reason, language, source, dropped, duplicate_of, errors) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, r.content_hash, a.text, a.title, a.url, a.outlet, a.published.isoformat() if a.published else None,
             int(a.published_inferred), a.published_reason, a.language, a.source,
             json.dumps([{"start": d.start, "end": d.end, "text": d.text, "reason": d.reason} for d in a.dropped]),
             a.duplicate_of, json.dumps([{"code": e.code, "message": e.message} for e in a.errors])))
        for actor in r.actors:
            _upsert_actor(conn, actor, a.id)
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


# --------------------------------------------------------------------------- actors

def list_actors(conn: sqlite3.Connection, kind: str | None = None, country: str | None = None) -> list[dict]:
    """Stored actors with their mention and event counts, most active first; optional kind/country filters."""
    where, args = ["1=1"], []
    if kind:
        where.append("upper(a.kind) = ?")
        args.append(kind.strip().upper())
    if country:
        where.append("upper(a.country) = ?")
        args.append(country.strip().upper())
    return [dict(r) for r in conn.execute(
        "SELECT a.id, a.name, a.kind, a.country, a.sector, a.affiliation,"
        " (SELECT count(*) FROM mentions m WHERE m.actor_id = a.id) AS mentions,"
        " (SELECT count(DISTINCT event_id) FROM event_actors e WHERE e.actor_id = a.id) AS events"
        " FROM actors a WHERE " + " AND ".join(where) + " ORDER BY events DESC, mentions DESC, a.name", args)]


def _casefold(s: str) -> str:
    return " ".join(s.split()).casefold()


def resolve_actor(conn: sqlite3.Connection, name: str) -> str | None:
    """The id of the stored actor a user's NAME means: its id, then its name, then one of its aliases
    (case-insensitive); among namesakes the most mentioned.  None when nothing matches."""
    key = _casefold(name)
    if not key:
        return None
    hits: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for row in conn.execute("SELECT id, name, aliases FROM actors"):
        if _casefold(row["id"]) == key:
            hits[0].append(row["id"])
        elif _casefold(row["name"]) == key:
            hits[1].append(row["id"])
        elif any(_casefold(a) == key for a in json.loads(row["aliases"])):
            hits[2].append(row["id"])
    for level in (0, 1, 2):
        if hits[level]:
            return max(hits[level], key=lambda i: (conn.execute(
                "SELECT count(*) FROM mentions WHERE actor_id=?", (i,)).fetchone()[0], i))
    return None


def similar_actors(conn: sqlite3.Connection, name: str, limit: int = 5) -> list[str]:
    """Names of stored actors close to NAME (rapidfuzz over names and aliases), best first, as 'Name (id)'."""
    from rapidfuzz import fuzz, process
    choices: list[str] = []
    owners: list[tuple[str, str]] = []
    for row in conn.execute("SELECT id, name, aliases FROM actors"):
        for n in (row["name"], *json.loads(row["aliases"])):
            if len(n) < 4 and len(name) >= 4:            # "AP" is close to everything to WRatio
                continue
            choices.append(_casefold(n))
            owners.append((row["id"], row["name"]))
    out: list[str] = []
    for _, score, i in process.extract(_casefold(name), choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=70):
        label = f"{owners[i][1]} ({owners[i][0]})"
        if label not in out:
            out.append(label)
    return out[:limit]


def actor_profile(conn: sqlite3.Connection, name: str) -> dict | None:
    """Everything stored about one actor, found by id, name or alias (see ``resolve_actor``):
    its record (aliases, attributes), its roles over time (KB dates, and the articles and
    publication dates that state each), the articles that mention it, and its events, oldest first.
    None when no actor matches."""
    aid = resolve_actor(conn, name)
    if aid is None:
        return None
    row = conn.execute("SELECT * FROM actors WHERE id=?", (aid,)).fetchone()
    names = dict(conn.execute("SELECT id, name FROM actors").fetchall())
    published = {r[0]: r[1] for r in conn.execute("SELECT id, published FROM articles")}
    roles = []
    for r in json.loads(row["roles"]):
        seen = sorted(d for d in (published.get(x) for x in r.get("articles") or ()) if d)
        roles.append({**r, "org_name": names.get(r.get("org")) if r.get("org") else None,
                      "first_seen": seen[0] if seen else None, "last_seen": seen[-1] if seen else None})
    roles.sort(key=lambda r: (r.get("start") or r.get("first_seen") or "9999", r["title"]))
    articles = [dict(r) for r in conn.execute(          # that mention it, or code it in an event
        "SELECT a.id, coalesce(a.title, substr(ltrim(a.text), 1, instr(ltrim(a.text) || char(10), char(10)) - 1))"
        " AS title, a.published,"
        " (SELECT count(*) FROM mentions m WHERE m.article_id = a.id AND m.actor_id = ?) AS mentions"
        " FROM articles a WHERE a.id IN (SELECT article_id FROM mentions WHERE actor_id = ? UNION"
        " SELECT e.article_id FROM events e JOIN event_actors ea ON ea.event_id = e.id WHERE ea.actor_id = ?)"
        " ORDER BY a.published IS NULL, a.published, a.id", (aid, aid, aid))]
    for a in articles:
        if a["title"] and len(a["title"]) > 100:
            a["title"] = a["title"][:97] + "..."
    events = []
    for e in conn.execute(
            "SELECT e.id, e.article_id, e.type, e.mode, e.date, e.date_end, e.location, e.polarity, e.evidence,"
            " group_concat(DISTINCT ea.role) AS roles FROM events e JOIN event_actors ea ON ea.event_id = e.id"
            " WHERE ea.actor_id=? GROUP BY e.id ORDER BY e.date IS NULL, e.date, e.article_id, e.evidence_start",
            (aid,)):
        parties = conn.execute("SELECT role, actor_id FROM event_actors WHERE event_id=? ORDER BY role, position",
                               (e["id"],)).fetchall()
        d = dict(e)
        d["role"] = "actor" if "actor" in (d.pop("roles") or "").split(",") else "recipient"
        d["actors"] = [names.get(p[1], p[1]) for p in parties if p[0] == "actor"]
        d["recipients"] = [names.get(p[1], p[1]) for p in parties if p[0] == "recipient"]
        events.append(d)
    return {
        "id": row["id"], "name": row["name"], "kind": row["kind"], "country": row["country"],
        "sector": row["sector"], "affiliation": row["affiliation"],
        "affiliation_name": names.get(row["affiliation"]) if row["affiliation"] else None,
        "in_kb": bool(row["in_kb"]), "aliases": json.loads(row["aliases"]),
        "attributes": json.loads(row["attributes"]), "roles": roles, "articles": articles, "events": events,
    }

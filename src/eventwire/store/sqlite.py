"""SQLite store: a versioned schema, WAL, one transaction per article, idempotent re-ingest."""
from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import unicodedata
from pathlib import Path
from typing import Iterable, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ..records import Actor, Result
from ..stories.index import add_article, remove_article
from .corrections import after_store, create_tables, raw_view
from .corrections_actors import merged_into
from .postgres import is_url

SCHEMA_VERSION = 4          # 2: claims and quotes tables; 3: event clusters, claim links, stories; 4: cluster tallies

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
CREATE TABLE IF NOT EXISTS claims (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    what TEXT NOT NULL, subject TEXT, low REAL, high REAL, qualifier TEXT, as_of TEXT, date TEXT, said_by TEXT,
    count_type TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    number_start INTEGER, number_end INTEGER, number_text TEXT, subject_start INTEGER, subject_end INTEGER,
    PRIMARY KEY (article_id, seq));
CREATE TABLE IF NOT EXISTS quotes (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    speaker TEXT, speaker_start INTEGER, speaker_end INTEGER, speaker_text TEXT,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, direct INTEGER NOT NULL,
    cue_start INTEGER, cue_end INTEGER, cue TEXT, medium TEXT, via TEXT, date TEXT, events TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (article_id, seq));
CREATE INDEX IF NOT EXISTS claims_what ON claims(what);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors(actor_id);
CREATE INDEX IF NOT EXISTS mentions_actor ON mentions(actor_id);
CREATE TABLE IF NOT EXISTS event_clusters (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, polarity TEXT NOT NULL, actors TEXT NOT NULL, recipients TEXT NOT NULL,
    date TEXT, date_end TEXT, date_precision TEXT, date_source TEXT, location TEXT, location_country TEXT,
    n_events INTEGER NOT NULL, n_articles INTEGER NOT NULL, n_outlets INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS event_links (
    event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE, cluster_id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS cluster_keys (
    type TEXT NOT NULL, actor_id TEXT NOT NULL, cluster_id TEXT NOT NULL REFERENCES event_clusters(id) ON DELETE CASCADE,
    lo TEXT NOT NULL, hi TEXT NOT NULL, PRIMARY KEY (type, actor_id, cluster_id));
CREATE TABLE IF NOT EXISTS cluster_tallies (cluster_id TEXT PRIMARY KEY, tally TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS claim_keys (
    what TEXT NOT NULL, word TEXT NOT NULL, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, PRIMARY KEY (what, word, article_id, seq));
CREATE TABLE IF NOT EXISTS claim_links (
    article_a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, seq_a INTEGER NOT NULL,
    article_b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, seq_b INTEGER NOT NULL,
    verdict TEXT NOT NULL, why TEXT NOT NULL, PRIMARY KEY (article_a, seq_a, article_b, seq_b));
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY, title TEXT, first TEXT, last TEXT, size INTEGER NOT NULL, vector TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, story_id TEXT NOT NULL,
    vector TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS story_keys (key TEXT NOT NULL, story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS actor_keys (
    actor_id TEXT PRIMARY KEY REFERENCES actors(id) ON DELETE CASCADE, block TEXT NOT NULL, key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS actor_keys_block ON actor_keys(block);
CREATE INDEX IF NOT EXISTS event_links_cluster ON event_links(cluster_id, article_id);
CREATE INDEX IF NOT EXISTS event_links_article ON event_links(article_id);
CREATE INDEX IF NOT EXISTS cluster_keys_range ON cluster_keys(type, actor_id, hi);
CREATE INDEX IF NOT EXISTS cluster_keys_cluster ON cluster_keys(cluster_id);
CREATE INDEX IF NOT EXISTS claim_keys_article ON claim_keys(article_id);
CREATE INDEX IF NOT EXISTS claim_keys_recent ON claim_keys(what, word);
CREATE INDEX IF NOT EXISTS claim_links_b ON claim_links(article_b);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id, seq);
CREATE UNIQUE INDEX IF NOT EXISTS story_keys_pair ON story_keys(story_id, key);
CREATE INDEX IF NOT EXISTS story_keys_key ON story_keys(key);
"""


class StoreError(Exception):
    """A database that cannot be used (newer schema, not an eventwire file)."""


class Connection(sqlite3.Connection):
    """An sqlite3 connection that can carry per-connection caches (the index of actor names)."""

    actor_names: "_NameIndex | None" = None


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (and create or migrate) an eventwire database: WAL, busy timeout, foreign keys; a
    postgresql:// URL opens that PostgreSQL database instead (store/postgres.py), same schema."""
    if is_url(path):
        return _connect_postgres(str(path))
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, factory=Connection)
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


WRITER_CACHE_KIB = 65_536    # SQLite page cache of the one connection that stores and links a run's articles


def writer_cache(conn: sqlite3.Connection) -> None:
    """Give the connection that stores a run a 64 MiB page cache (SQLite's default is 2 MiB): linking reads the
    same index pages and big clusters' rows for every article. A server database keeps its own settings."""
    if isinstance(conn, sqlite3.Connection):
        conn.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")


def _connect_postgres(url: str):
    """A PostgreSQL connection with the schema created or migrated; StoreError (one line) when it cannot be."""
    from .postgres import PostgresError, open_connection, redact
    conn = open_connection(url)
    try:
        _migrate(conn, redact(url))
    except PostgresError as e:
        conn.close()
        raise StoreError(f"{redact(url)}: cannot set up the eventwire schema: {e}") from None
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection, path: str | Path) -> None:
    """Create the schema or check its version; future versions add steps here."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        _add_event_columns(conn)
        create_tables(conn)                     # the corrections log (store/corrections.py)
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is not None and int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"{path}: schema version {row[0]} is newer than this eventwire ({SCHEMA_VERSION}); upgrade eventwire")
        # version 1 -> 2 only added tables, which the CREATE statements above made; 2 -> 3 added the
        # cross-article tables, filled here for the articles already stored (oldest first); 3 -> 4 added
        # cluster tallies, written as clusters change (a cluster without one is recomputed from its members)
        if row is not None and int(row[0]) < 3:
            for (aid,) in conn.execute("SELECT id FROM articles ORDER BY ingested_at, rowid").fetchall():
                add_article(conn, aid)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
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


# --- cross-document merging of actors that are not in the KB ----------------------------------
# Two articles may spell one person's name differently ("Andrei Kozlov" / "Andrey Kozlov"); the
# resolver gives each spelling an id of its own.  When an actor not in the KB arrives whose name is
# a near spelling of a stored actor of the same kind, it takes the stored id (its spelling becomes
# an alias).  The guards refuse different people with similar names ("Ali Hassan" / "Ali Hussein",
# "Alexander Shein" / "Alexander Trufanov"): see _close_names.
FUZZY_KINDS = ("PERSON", "ORG")
FUZZY_CUTOFF = 90


def name_key(name: str) -> str:
    """A name for comparison: lower case, no accents, hyphens and dots as spaces, 'the' dropped."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"['’`]s\b", "", s)
    s = re.sub(r"[-‐–—.,'’`\"()]", " ", s)
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


_VOWELS = set("aeiouy")
_SWAPS = {frozenset("kc"), frozenset("kq"), frozenset("vw"), frozenset("jy"), frozenset("ij"), frozenset("sz")}


def _spelling_variant(x: str, y: str) -> bool:
    """Two spellings of one word as transliteration varies them: the same first letter, and every
    edit a vowel for a vowel ("Andrei"/"Andrey", "Marzook"/"Marzouk"), a vowel or an 'h' added,
    a letter doubled ("Hasan"/"Hassan"), 'k' before 'h' ("Buhari"/"Bukhari") or a usual swap
    (k/c, v/w, j/y, s/z).  Any other consonant change is another name ("Shein"/"Stein", "John"/"Joan")."""
    if x == y:
        return True
    if x[:1] != y[:1] or Levenshtein.distance(x, y) > (2 if min(len(x), len(y)) >= 8 else 1):
        return False
    for op, i, j in Levenshtein.editops(x, y):
        if op == "replace":
            cx, cy = x[i], y[j]
            if not ({cx, cy} <= _VOWELS or frozenset((cx, cy)) in _SWAPS):
                return False
        else:
            w, k = (y, j) if op == "insert" else (x, i)      # the letter one spelling has and the other lacks
            c = w[k]
            doubled = (k > 0 and w[k - 1] == c) or (k + 1 < len(w) and w[k + 1] == c)
            if not (c in _VOWELS or c == "h" or doubled or c == "k" and w[k + 1:k + 2] == "h"):
                return False
    return True


def _close_names(a: str, b: str) -> bool:
    """The guards on a fuzzy match of two name keys: a rapidfuzz ratio of 90+, the same number of
    words, the same digits, and each word the same or a spelling variant of it (_spelling_variant:
    same first letter, edit distance 1, or 2 when both are 8+ letters, only vowel-like edits).  So
    different surnames or first names never merge: "Alexander Shein" / "Alexander Trufanov",
    "Ali Hassan" / "Ali Hussein", "John Smith" / "Joan Smith"."""
    ta, tb = a.split(), b.split()
    if a == b or len(ta) != len(tb) or len(ta) < 2 and not (len(a) >= 8 and len(b) >= 8):
        return False
    if re.findall(r"\d+", a) != re.findall(r"\d+", b):
        return False
    if fuzz.ratio(a, b) < FUZZY_CUTOFF:
        return False
    return all(_spelling_variant(x, y) for x, y in zip(ta, tb))


def name_block(kind: str, key: str) -> str | None:
    """The block a name key is looked up in: its kind and the first letter of each word, which every near
    spelling shares (_close_names); None for a name that never near-matches (one word under 8 letters)."""
    words = key.split()
    if kind not in FUZZY_KINDS or not words or len(words) == 1 and len(key) < 8:
        return None
    return f"{kind}:{''.join(w[0] for w in words)}"


def _index_names(conn: sqlite3.Connection) -> None:
    """Bring the actor_keys table up to date with the actors stored since it was last (rows by rowid, so
    any writer's actors come in, and a database made before the table is indexed on first use)."""
    top = conn.execute("SELECT max(rowid) FROM actors").fetchone()[0] or 0
    row = conn.execute("SELECT value FROM meta WHERE key='actor_keys_upto'").fetchone()
    done = int(row[0]) if row else 0
    if top <= done:
        return
    rows = []
    for rowid, aid, name, kind in conn.execute("SELECT rowid, id, name, kind FROM actors WHERE rowid > ? ORDER BY rowid",
                                               (done,)).fetchall():
        key = name_key(name)
        block = name_block(kind, key)
        if block is not None:
            rows.append((aid, block, key))
    conn.executemany("INSERT OR IGNORE INTO actor_keys (actor_id, block, key) VALUES (?,?,?)", rows)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('actor_keys_upto', ?)", (str(top),))


def _near_spelling(conn: sqlite3.Connection, a: Actor) -> str | None:
    """The id of a stored actor whose name is a near spelling of a's, or None. Read from the store (the
    names of one block), so the writer's memory does not grow with the number of actors stored."""
    key = name_key(a.name)
    block = name_block(a.kind, key)
    if block is None:
        return None
    rows = conn.execute("SELECT k.key, k.actor_id, a.country FROM actor_keys k JOIN actors a ON a.id = k.actor_id"
                        " WHERE k.block=? AND a.kind=? ORDER BY k.rowid", (block, a.kind)).fetchall()
    for cand, score, i in process.extract(key, [r[0] for r in rows], scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                          limit=5):
        aid, country = rows[i][1], rows[i][2]
        if (a.country and country and a.country != country) or not _close_names(key, cand):
            continue
        if aid != a.id:
            return aid
    return None


def _merge_variants(conn: sqlite3.Connection, r: Result) -> Result:
    """The result with its non-KB actors that near-match a stored actor (same kind, guarded fuzzy
    name match, no conflicting country) renamed to the stored id, everywhere in the result: mentions,
    events, affiliations and role organisations.  The variant spelling is kept as an alias."""
    _index_names(conn)
    remap: dict[str, str] = {}
    for a in r.actors:
        if a.in_kb or a.kind not in FUZZY_KINDS:
            continue
        if conn.execute("SELECT 1 FROM actors WHERE id=?", (a.id,)).fetchone() is not None:
            continue
        hit = _near_spelling(conn, a)
        if hit is not None:
            remap[a.id] = hit
    if not remap:
        return r

    def m(x: str | None) -> str | None:
        return remap.get(x, x) if x else x

    def dedup(ids) -> tuple[str, ...]:
        out: list[str] = []
        for x in ids:
            x = m(x)
            if x not in out:
                out.append(x)
        return tuple(out)

    actors = []
    for a in r.actors:
        roles = tuple(dataclasses.replace(x, org=m(x.org)) for x in a.roles)
        if a.id in remap:
            a = dataclasses.replace(a, id=remap[a.id], aliases=(a.name, *a.aliases))
        actors.append(dataclasses.replace(a, affiliation=m(a.affiliation), roles=roles))
    mentions = tuple(dataclasses.replace(x, actor_id=m(x.actor_id)) for x in r.mentions)
    events = tuple(dataclasses.replace(e, actors=dedup(e.actors), recipients=dedup(e.recipients),
                                       reported_by=m(e.reported_by)) for e in r.events)
    quotes = tuple(dataclasses.replace(q, speaker=m(q.speaker), via=m(q.via)) for q in r.quotes)
    claims = tuple(dataclasses.replace(c, said_by=m(c.said_by)) for c in r.claims)
    return dataclasses.replace(r, actors=tuple(actors), mentions=mentions, events=events, quotes=quotes, claims=claims)


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


def _parts(span) -> tuple:
    return (None, None, None) if span is None else (span.start, span.end, span.text)


def _claim_row(article_id: str, seq: int, c) -> tuple:
    return (article_id, seq, c.what, c.subject, c.low, c.high, c.qualifier, c.as_of, c.date, c.said_by,
            c.count_type, c.start, c.end, c.text, *_parts(c.number), *_parts(c.subject_span)[:2])


def _quote_row(article_id: str, seq: int, q) -> tuple:
    return (article_id, seq, q.speaker, *_parts(q.speaker_span), q.start, q.end, q.text, int(q.direct),
            *_parts(q.cue), q.medium.text if q.medium else None, q.via, q.date, json.dumps(list(q.events)))


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
            remove_article(conn, a.id)                                     # its cross-article links first
            conn.execute("DELETE FROM articles WHERE id=?", (a.id,))      # children go by ON DELETE CASCADE
            status = "replaced"
        conn.execute(
            "INSERT INTO articles (id, content_hash, text, title, url, outlet, published, published_inferred,"
            " published_reason, language, source, dropped, duplicate_of, errors) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, r.content_hash, a.text, a.title, a.url, a.outlet, a.published.isoformat() if a.published else None,
             int(a.published_inferred), a.published_reason, a.language, a.source,
             json.dumps([{"start": d.start, "end": d.end, "text": d.text, "reason": d.reason} for d in a.dropped]),
             a.duplicate_of, json.dumps([{"code": e.code, "message": e.message} for e in a.errors])))
        r = _merge_variants(conn, r)
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
        conn.executemany('INSERT INTO claims VALUES (%s)' % ",".join("?" * 19),
                         [_claim_row(a.id, i, c) for i, c in enumerate(r.claims)])
        conn.executemany('INSERT INTO quotes VALUES (%s)' % ",".join("?" * 17),
                         [_quote_row(a.id, i, q) for i, q in enumerate(r.quotes)])
        after_store(conn, a.id)                 # analysts' corrections applied again (store/corrections.py)
        add_article(conn, a.id)                 # event clusters, claim verdicts, story: same transaction
        conn.execute("COMMIT")
        return status
    except BaseException:
        conn.execute("ROLLBACK")
        if getattr(conn, "actor_names", None) is not None:
            conn.actor_names = None          # it may hold rows the rollback removed: reload next time
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


def event_filter(conn: sqlite3.Connection, actor: str | None, with_: str | None, type: str | None,
                 since: str | None, until: str | None,
                 polarity: Sequence[str] | None) -> tuple[list[str], list] | None:
    """The WHERE terms (on `events e`) and arguments for the event filters; None when nothing can match."""
    where, args = ["1=1"], []
    for name in (actor, with_):
        if name:
            ids = find_actor_ids(conn, name)
            if not ids:
                return None
            where.append("e.id IN (SELECT event_id FROM event_actors WHERE actor_id IN (%s))" % ",".join("?" * len(ids)))
            args += sorted(ids)
    if type:
        where.append("e.type = ?")
        args.append(type.upper())
    if since:
        where.append("coalesce(e.date_end, e.date) || '~' >= ?")     # '2008' lasts until 2008-12-31
        args.append(str(since))
    if until:
        where.append("e.date <= ?")
        args.append(str(until))
    if polarity:
        where.append("e.polarity IN (%s)" % ",".join("?" * len(polarity)))
        args += list(polarity)
    return where, args


def query_events(conn: sqlite3.Connection, actor: str | None = None, with_: str | None = None,
                 type: str | None = None, since: str | None = None, until: str | None = None,
                 polarity: Sequence[str] | None = ("asserted",), limit: int | None = None,
                 raw: bool = False) -> list[dict]:
    """Events with their parties' names, oldest first, filtered by actor(s), type and date range;
    RAW: the machine's events, without the analysts' corrections."""
    clause = event_filter(conn, actor, with_, type, since, until, polarity)
    if clause is None:
        return []
    where, args = clause
    view = raw_view(conn) if raw else ""
    sql = (view + "SELECT e.*, a.published, a.title FROM events e JOIN articles a ON a.id = e.article_id WHERE "
           + " AND ".join(where) + " ORDER BY e.date IS NULL, e.date, e.article_id, e.evidence_start")
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for row in conn.execute(sql, args):
        d = dict(row)
        parties = conn.execute(
            view + "SELECT ea.role, ac.id, ac.name FROM event_actors ea JOIN actors ac ON ac.id = ea.actor_id"
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
            for t in ("articles", "actors", "mentions", "events", "event_actors", "times", "claims", "quotes")}


def store_many(conn: sqlite3.Connection, results: Iterable[Result]) -> dict[str, int]:
    """Store results; returns how many were stored, unchanged or replaced."""
    tally: dict[str, int] = {}
    for r in results:
        s = store_result(conn, r)
        tally[s] = tally.get(s, 0) + 1
    return tally


# --------------------------------------------------------------------------- claims and quotes

def _article_and_actor(conn: sqlite3.Connection, where: list[str], args: list, table: str, article: str | None,
                       column: str, name: str | None) -> bool:
    """Add the filters "of this article" and "COLUMN is this actor (or one of its members)";
    False when the name matches no stored actor, so nothing can match."""
    if article:
        where.append(f"{table}.article_id = ?")
        args.append(article)
    if name:
        ids = find_actor_ids(conn, name)
        if not ids:
            return False
        where.append(f"{column} IN (%s)" % ",".join("?" * len(ids)))
        args += sorted(ids)
    return True


def query_claims(conn: sqlite3.Connection, what: str | None = None, source: str | None = None,
                 article: str | None = None) -> list[dict]:
    """Stored claims, by date of what they count (undated last), optionally of one `what`, one
    source (who gives the number: a name; a country includes its officials) or one article."""
    where, args = ["1=1"], []
    if what:
        where.append("c.what = ?")
        args.append(what.strip().lower())
    if not _article_and_actor(conn, where, args, "c", article, "c.said_by", source):
        return []
    sql = ("SELECT c.*, s.name AS said_by_name, a.published, a.outlet FROM claims c"
           " JOIN articles a ON a.id = c.article_id LEFT JOIN actors s ON s.id = c.said_by WHERE "
           + " AND ".join(where) + " ORDER BY coalesce(c.date, c.as_of) IS NULL, coalesce(c.date, c.as_of),"
           " c.article_id, c.start")
    return [dict(r) for r in conn.execute(sql, args)]


def query_quotes(conn: sqlite3.Connection, speaker: str | None = None, article: str | None = None) -> list[dict]:
    """Stored quotes in article order, optionally of one speaker (a name; a country includes its
    officials, a group its members) or one article; with the speaker's and relay's names."""
    where, args = ["1=1"], []
    if not _article_and_actor(conn, where, args, "q", article, "q.speaker", speaker):
        return []
    sql = ("SELECT q.*, s.name AS speaker_name, v.name AS via_name, a.published, a.outlet FROM quotes q"
           " JOIN articles a ON a.id = q.article_id LEFT JOIN actors s ON s.id = q.speaker"
           " LEFT JOIN actors v ON v.id = q.via WHERE " + " AND ".join(where)
           + " ORDER BY coalesce(q.date, a.published) IS NULL, coalesce(q.date, a.published), q.article_id, q.start")
    out = []
    for r in conn.execute(sql, args):
        d = dict(r)
        d["events"] = json.loads(d["events"])
        out.append(d)
    return out


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
        " FROM actors a WHERE a.id NOT IN (SELECT actor_id FROM merged_actors) AND " + " AND ".join(where)
        + " ORDER BY events DESC, mentions DESC, a.name", args)]


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
            best = max(hits[level], key=lambda i: (conn.execute(
                "SELECT count(*) FROM mentions WHERE actor_id=?", (i,)).fetchone()[0], i))
            return merged_into(conn, best)              # an analyst's merge: the actor kept
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

"""Analysts' corrections: an append-only log, applied to the stored events (the effective view).

The machine's own rows of a corrected article are kept in `machine_events` / `machine_event_actors`
(the raw view); `events` / `event_actors` hold them with the active corrections applied, so every
reader (CLI, API, exports, timeline, network, stories) sees the corrected data.  Each correction is
anchored to the article's content hash and its evidence span: when the article is stored again its
corrections are applied again to the new machine rows, and one whose anchor no longer matches is
marked orphaned (listed by `eventwire corrections --orphaned`, never dropped).
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sqlite3
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from ..events.lexicon import PLOVER_MODES, PLOVER_TYPES

ACTIONS = ("delete_event", "edit_event", "add_event", "mark_boilerplate", "merge_actors", "split_actor", "undo")
EVENT_ACTIONS = ("delete_event", "edit_event", "add_event")
# the machine's rows of a corrected article, kept as they came (the raw view, and what undo goes back to)
SHADOWS = (("machine_events", "events"), ("machine_event_actors", "event_actors"), ("machine_mentions", "mentions"),
           ("machine_claims", "claims"), ("machine_quotes", "quotes"))
EDITABLE = ("type", "mode", "actors", "recipients", "date", "date_end", "location", "polarity")
POLARITIES = ("asserted", "negated", "proposed", "hypothetical", "future")
MAX_NOTE = 2000
MAX_WHO = 100
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

TABLES = """
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT, article_id TEXT NOT NULL,
    action TEXT NOT NULL, event_id TEXT, undoes INTEGER REFERENCES corrections(id), content_hash TEXT NOT NULL,
    evidence_start INTEGER, evidence_end INTEGER, evidence TEXT, changes TEXT, before TEXT, after TEXT, note TEXT);
CREATE INDEX IF NOT EXISTS corrections_article ON corrections(article_id, id);
CREATE TRIGGER IF NOT EXISTS corrections_no_update BEFORE UPDATE ON corrections
    BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
CREATE TRIGGER IF NOT EXISTS corrections_no_delete BEFORE DELETE ON corrections
    BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
CREATE TABLE IF NOT EXISTS correction_state (
    correction_id INTEGER PRIMARY KEY REFERENCES corrections(id), state TEXT NOT NULL, reason TEXT, event_id TEXT);
CREATE TABLE IF NOT EXISTS machine_articles (article_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS machine_events AS SELECT * FROM events WHERE 0;
CREATE TABLE IF NOT EXISTS machine_event_actors AS SELECT * FROM event_actors WHERE 0;
CREATE TABLE IF NOT EXISTS machine_mentions AS SELECT * FROM mentions WHERE 0;
CREATE TABLE IF NOT EXISTS machine_claims AS SELECT * FROM claims WHERE 0;
CREATE TABLE IF NOT EXISTS machine_quotes AS SELECT * FROM quotes WHERE 0;
CREATE INDEX IF NOT EXISTS machine_mentions_article ON machine_mentions(article_id);
CREATE INDEX IF NOT EXISTS machine_claims_article ON machine_claims(article_id);
CREATE INDEX IF NOT EXISTS machine_quotes_article ON machine_quotes(article_id);
CREATE TABLE IF NOT EXISTS merged_actors (
    actor_id TEXT PRIMARY KEY, into_id TEXT NOT NULL, correction_id INTEGER NOT NULL REFERENCES corrections(id));
CREATE INDEX IF NOT EXISTS machine_events_article ON machine_events(article_id);
CREATE INDEX IF NOT EXISTS machine_event_actors_event ON machine_event_actors(event_id);
"""


class CorrectionError(ValueError):
    """A correction that cannot be stored: FIELD names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Correction:
    """One log entry with its current state (applied, orphaned or undone) and the event it now applies to."""

    id: int
    at: str
    who: str | None
    article_id: str
    action: str
    event_id: str | None
    undoes: int | None
    content_hash: str
    evidence_start: int | None
    evidence_end: int | None
    evidence: str | None
    changes: dict | None
    before: dict | None
    after: dict | None
    note: str | None
    state: str
    reason: str | None

    def to_json(self) -> dict:
        """The entry as the API answers it."""
        return dict(self.__dict__)


# --------------------------------------------------------------------------- schema

def create_tables(conn: sqlite3.Connection) -> None:
    """Create the log and the machine-row tables (inside `_migrate`'s transaction); no version bump needed."""
    had = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for statement in TABLES.split(";\n"):
        if statement.strip():
            conn.execute(statement + (";" if "BEGIN" in statement else ""))
    # a database whose corrections predate the actor and boilerplate ones: its snapshots gain the rows
    # those never changed (the current ones are the machine's)
    if "dropped" not in _columns(conn, "machine_articles"):
        conn.execute("ALTER TABLE machine_articles ADD COLUMN dropped TEXT")
        conn.execute("UPDATE machine_articles SET dropped = (SELECT dropped FROM articles WHERE id = article_id)")
    for shadow, table in SHADOWS[2:]:
        if shadow not in had and "machine_articles" in had:
            cols = ", ".join(f'"{c}"' for c in _columns(conn, table))
            conn.execute(f"INSERT INTO {shadow} ({cols}) SELECT {cols} FROM {table} WHERE article_id IN"
                         " (SELECT article_id FROM machine_articles)")
    for shadow, table in SHADOWS:
        have = set(_columns(conn, shadow))
        for name in _columns(conn, table):
            if name not in have:
                conn.execute(f'ALTER TABLE {shadow} ADD COLUMN "{name}"')


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def raw_view(conn: sqlite3.Connection) -> str:
    """A WITH clause that makes `events` and `event_actors` the machine's rows in the statement it prefixes."""
    cols = ", ".join(f'"{c}"' for c in _columns(conn, "events"))
    return (f"WITH events AS (SELECT {cols} FROM main.events WHERE article_id NOT IN"
            f" (SELECT article_id FROM main.machine_articles) UNION ALL SELECT {cols} FROM main.machine_events),"
            " event_actors AS (SELECT ea.event_id, ea.actor_id, ea.role, ea.position FROM main.event_actors ea"
            " JOIN main.events e ON e.id = ea.event_id WHERE e.article_id NOT IN"
            " (SELECT article_id FROM main.machine_articles) UNION ALL"
            " SELECT event_id, actor_id, role, position FROM main.machine_event_actors) ")


# --------------------------------------------------------------------------- event rows

@functools.lru_cache(maxsize=1)
def _type_facts() -> dict[str, dict]:
    """CAMEO root and quad class of each PLOVER type, from the packaged lexicon."""
    text = resources.files("eventwire.data").joinpath("event_lexicon.yaml").read_text("utf-8")
    return yaml.safe_load(text).get("types") or {}


def event_record(conn: sqlite3.Connection, event_id: str) -> dict | None:
    """An event row as stored (effective view) with its actor and recipient ids."""
    row = conn.execute("SELECT * FROM events WHERE id=?", (event_id,)).fetchone()
    if row is None:
        return None
    parties = conn.execute("SELECT role, actor_id FROM event_actors WHERE event_id=? ORDER BY role, position",
                           (event_id,)).fetchall()
    return {**dict(row), "actors": [p[1] for p in parties if p[0] == "actor"],
            "recipients": [p[1] for p in parties if p[0] == "recipient"]}


def _write_event(conn: sqlite3.Connection, rec: dict) -> None:
    """Insert or replace an event row and its parties from a record of `event_record`'s shape."""
    cols = set(_columns(conn, "events"))
    row = {k: v for k, v in rec.items() if k in cols}
    conn.execute("DELETE FROM event_actors WHERE event_id=?", (rec["id"],))
    conn.execute("INSERT OR REPLACE INTO events (%s) VALUES (%s)" % (", ".join(f'"{k}"' for k in row),
                                                                   ", ".join("?" * len(row))), tuple(row.values()))
    parties = [(rec["id"], x, "actor", i) for i, x in enumerate(rec.get("actors") or [])]
    parties += [(rec["id"], x, "recipient", i) for i, x in enumerate(rec.get("recipients") or [])]
    conn.executemany("INSERT OR IGNORE INTO event_actors VALUES (?,?,?,?)", parties)


def _precision(date: str | None) -> str | None:
    return None if not date else {4: "year", 7: "month", 10: "day"}[len(date)]


def apply_changes(rec: dict, changes: dict) -> dict:
    """An event record with the user's CHANGES (validated fields) applied."""
    out = dict(rec)
    if "type" in changes and changes["type"] != rec["type"]:
        facts = _type_facts().get(changes["type"], {})
        out.update(type=changes["type"], cameo=str(facts.get("cameo", "")), quad=facts.get("quad"))
        if out.get("mode") not in PLOVER_MODES.get(changes["type"], ()):
            out["mode"] = None
    for key in ("mode", "actors", "recipients", "polarity"):
        if key in changes:
            out[key] = changes[key]
    if "date" in changes:
        out.update(date=changes["date"], date_end=changes.get("date_end"), date_precision=_precision(changes["date"]),
                   date_source="user")
    if "location" in changes:
        out.update(location=changes["location"], location_country=None, lat=None, lon=None)
    return out


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from after the last stop before it to the next stop after it."""
    a = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    while a < start and text[a].isspace():
        a += 1
    stops = [i for i in (text.find(c, max(end - 1, 0)) for c in ".!?\n") if i != -1]
    return a, min(stops) + 1 if stops else len(text)


def new_event(article_id: str, text: str, start: int, end: int, changes: dict, correction_key: str) -> dict:
    """The record of an event a user adds, its evidence (and trigger) the selection [start, end)."""
    s0, s1 = _sentence(text, start, end)
    base = {"id": f"user-{correction_key}", "article_id": article_id, "type": changes["type"], "mode": None,
            "cameo": "", "context": "[]", "location": None, "location_country": None, "lat": None, "lon": None,
            "date": None, "date_end": None, "date_precision": None, "date_source": None, "polarity": "asserted",
            "historical": 0, "reported_by": None, "confidence": 1.0, "evidence_start": start, "evidence_end": end,
            "evidence": text[start:end], "trigger_start": start, "trigger_end": end, "trigger": text[start:end],
            "sentence_start": s0, "sentence_end": s1, "time_text": None, "quad": None, "size": None,
            "evidence_more": "[]", "actors": [], "recipients": []}
    facts = _type_facts().get(changes["type"], {})
    base.update(cameo=str(facts.get("cameo", "")), quad=facts.get("quad"))
    return apply_changes(base, {k: v for k, v in changes.items() if k != "type"})


def _shift(rec: dict, delta: int) -> dict:
    """A record with its text offsets moved by DELTA."""
    out = dict(rec)
    for key in ("evidence", "trigger", "sentence"):
        out[f"{key}_start"] += delta
        out[f"{key}_end"] += delta
    return out


# --------------------------------------------------------------------------- validation

def _actor_ids(conn: sqlite3.Connection, field: str, value: Any) -> list[str]:
    """Stored actor ids for a list of ids or names (each must be known)."""
    from .sqlite import resolve_actor, similar_actors
    if not isinstance(value, list) or not all(isinstance(x, str) and 0 < len(x) <= 200 for x in value):
        raise CorrectionError(field, "a list of actor ids or names")
    ids = []
    for name in value:
        aid = resolve_actor(conn, name)
        if aid is None:
            close = similar_actors(conn, name, 3)
            raise CorrectionError(field, f"no stored actor {name!r}" + (f"; did you mean {', '.join(close)}?" if close else ""))
        ids.append(aid)
    return list(dict.fromkeys(ids))


def _check_date(field: str, value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not DATE.match(value):
        raise CorrectionError(field, "a date as YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        dt.date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        raise CorrectionError(field, f"{value!r} is not a calendar date") from None
    return value


def validate_changes(conn: sqlite3.Connection, event: Any, event_type: str | None) -> dict:
    """The user's event fields checked and normalised (actor names to ids); EVENT_TYPE is the type they apply to."""
    if not isinstance(event, dict) or not event:
        raise CorrectionError("event", "an object with the fields to set: " + ", ".join(EDITABLE))
    unknown = sorted(set(event) - set(EDITABLE))
    if unknown:
        raise CorrectionError(f"event.{unknown[0]}", "not a field a correction can set (" + ", ".join(EDITABLE) + ")")
    out: dict[str, Any] = {}
    if "type" in event:
        if str(event["type"]).upper() not in PLOVER_TYPES:
            raise CorrectionError("event.type", "a PLOVER type: " + ", ".join(PLOVER_TYPES))
        out["type"] = event_type = str(event["type"]).upper()
    if "mode" in event:
        mode = event["mode"] or None
        if mode is not None and mode not in PLOVER_MODES.get(event_type or "", ()):
            raise CorrectionError("event.mode", f"a mode of {event_type}: "
                                  + (", ".join(PLOVER_MODES.get(event_type or "", ())) or "none"))
        out["mode"] = mode
    for key in ("actors", "recipients"):
        if key in event:
            out[key] = _actor_ids(conn, f"event.{key}", event[key])
    if "date" in event or "date_end" in event:
        out["date"] = _check_date("event.date", event.get("date"))
        out["date_end"] = _check_date("event.date_end", event.get("date_end"))
    if "location" in event:
        loc = event["location"]
        loc = loc.get("name") if isinstance(loc, dict) else loc
        if loc is not None and (not isinstance(loc, str) or len(loc) > 200):
            raise CorrectionError("event.location", "a place name (at most 200 characters) or null")
        out["location"] = loc or None
    if "polarity" in event:
        if event["polarity"] not in POLARITIES:
            raise CorrectionError("event.polarity", "one of " + ", ".join(POLARITIES))
        out["polarity"] = event["polarity"]
    return out


# --------------------------------------------------------------------------- the log

def add_correction(conn: sqlite3.Connection, article_id: str | None, action: str, *, who: str | None = None,
                   event_id: str | None = None, event: Any = None, evidence: Any = None,
                   correction_id: int | None = None, note: str | None = None, **fields: Any) -> Correction:
    """Validate, log and apply one correction in one transaction; the stored entry with its state.

    FIELDS: `actor` and `into` (merge_actors), `actor`, `name`, `kind` (split_actor), `boilerplate`
    (mark_boilerplate: true or false).  A merge or its undo also rewrites the user actors file beside the
    database (store/user_actors.py)."""
    from . import corrections_actors as ca
    conn.execute("BEGIN IMMEDIATE")
    try:
        entry = _log_entry(conn, article_id, action, who, event_id, event, evidence, correction_id, note, fields)
        cid = conn.execute(
            "INSERT INTO corrections (at, who, article_id, action, event_id, undoes, content_hash, evidence_start,"
            " evidence_end, evidence, changes, before, after, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            entry).lastrowid
        merge = _merge_of(conn, cid)
        if merge is not None:                   # a merge (or its undo) holds in every article naming the actor
            ca.sync_merges(conn)
            ca.set_aliases(conn, merge, undo=action == "undo")
            for aid in dict.fromkeys([entry[2], *ca.articles_naming(conn, merge["actor"])]):
                _refresh(conn, aid)
        else:
            _refresh(conn, entry[2])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if action == ca.MERGE or (action == "undo" and _undone_action(conn, cid) == ca.MERGE):
        from .user_actors import write_user_actors
        write_user_actors(conn)
    return get_correction(conn, cid)


def _undone_action(conn: sqlite3.Connection, correction_id: int) -> str | None:
    """The action of the entry an undo takes back."""
    row = conn.execute("SELECT t.action FROM corrections u JOIN corrections t ON t.id = u.undoes WHERE u.id=?",
                       (correction_id,)).fetchone()
    return row[0] if row else None


def _merge_of(conn: sqlite3.Connection, correction_id: int) -> dict | None:
    """The changes of a merge entry, or of the merge an undo entry takes back; None for other entries."""
    row = conn.execute("SELECT coalesce(t.action, c.action), coalesce(t.changes, c.changes) FROM corrections c"
                       " LEFT JOIN corrections t ON t.id = c.undoes WHERE c.id=?", (correction_id,)).fetchone()
    return json.loads(row[1]) if row[0] == "merge_actors" else None


def _log_entry(conn: sqlite3.Connection, article_id: str | None, action: str, who: str | None,
               event_id: str | None, event: Any, evidence: Any, correction_id: int | None, note: str | None,
               fields: dict | None = None) -> tuple:
    """The row to log for a correction, validated against the effective view."""
    if action not in ACTIONS:
        raise CorrectionError("action", "one of " + ", ".join(ACTIONS))
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        raise CorrectionError("note", f"a text of at most {MAX_NOTE} characters")
    if who is not None and len(who) > MAX_WHO:
        raise CorrectionError("who", f"at most {MAX_WHO} characters")
    stray = sorted(k for k, v in (fields or {}).items() if v is not None)
    if action in (*EVENT_ACTIONS, "undo") and stray:
        raise CorrectionError(stray[0], f"not a field of {action}")
    if action == "undo":
        article_id = _undo_target(conn, article_id, correction_id)
    art = conn.execute("SELECT text, content_hash FROM articles WHERE id=?", (article_id,)).fetchone()
    if art is None:
        raise CorrectionError("article_id", f"no stored article {article_id!r}")
    text, chash = art
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    head = (now, who, article_id, action)
    if action == "undo":
        return (*head, None, correction_id, chash, None, None, None, None, None, None, note)
    if action not in EVENT_ACTIONS and (event is not None or event_id is not None):
        raise CorrectionError("event" if event is not None else "event_id", f"not a field of {action}")
    if action not in EVENT_ACTIONS:
        return (*head, None, None, chash, *_other_entry(conn, article_id, action, text, evidence, fields or {}), note)
    if action == "add_event":
        start, end = _evidence_span(text, evidence)
        if not isinstance(event, dict) or not event.get("type"):
            raise CorrectionError("event.type", "the type of the event to add")
        changes = validate_changes(conn, event, None)
        key = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM corrections").fetchone()[0]
        after = new_event(article_id, text, start, end, changes, f"{article_id}-{key}")
        return (*head, after["id"], None, chash, start, end, text[start:end], json.dumps(changes), None,
                json.dumps(after), note)
    before = event_record(conn, event_id) if isinstance(event_id, str) else None
    if before is None or before["article_id"] != article_id:
        raise CorrectionError("event_id", f"no event {event_id!r} in article {article_id!r}")
    ev = (before["evidence_start"], before["evidence_end"], before["evidence"])
    if action == "delete_event":
        return (*head, event_id, None, chash, *ev, None, json.dumps(before), None, note)
    changes = validate_changes(conn, event, before["type"])
    after = apply_changes(before, changes)
    return (*head, event_id, None, chash, *ev, json.dumps(changes), json.dumps(before), json.dumps(after), note)


def _other_entry(conn: sqlite3.Connection, article_id: str, action: str, text: str, evidence: Any,
                 fields: dict) -> tuple:
    """(evidence start, end, text, changes, before, after) of a merge, split or boilerplate mark."""
    from . import corrections_actors as ca
    allowed = {ca.MERGE: ("actor", "into"), ca.SPLIT: ("actor", "name", "kind"), ca.BOILERPLATE: ("boilerplate",)}
    extra = sorted(k for k, v in fields.items() if v is not None and k not in allowed[action])
    if extra:
        raise CorrectionError(extra[0], f"not a field of {action} (" + ", ".join(allowed[action]) + ")")
    span = None
    if evidence is not None or action == ca.BOILERPLATE:
        start, end = _evidence_span(text, evidence)
        span = (start, end, text[start:end])
    if action == ca.BOILERPLATE:
        changes, before = ca.log_boilerplate(conn, article_id, span, fields.get("boilerplate"))
        return (*span, json.dumps(changes), json.dumps(before), None)
    if action == ca.MERGE:
        span, changes, before, after = ca.log_merge(conn, article_id, text, fields.get("actor"), fields.get("into"),
                                                    span)
    else:
        span, changes, before, after = ca.log_split(conn, article_id, text, fields.get("actor"), fields.get("name"),
                                                    fields.get("kind"), span)
    return (*span, json.dumps(changes, ensure_ascii=False), json.dumps(before, ensure_ascii=False),
            json.dumps(after, ensure_ascii=False))


def _undo_target(conn: sqlite3.Connection, article_id: str | None, correction_id: Any) -> str:
    """The article of the correction an undo names (it must be active and not itself an undo)."""
    if not isinstance(correction_id, int) or isinstance(correction_id, bool):
        raise CorrectionError("correction_id", "the id of the correction to undo")
    row = conn.execute("SELECT c.article_id, c.action, s.state FROM corrections c LEFT JOIN correction_state s"
                       " ON s.correction_id = c.id WHERE c.id=?", (correction_id,)).fetchone()
    if row is None:
        raise CorrectionError("correction_id", f"no correction {correction_id}")
    if row[1] == "undo":
        raise CorrectionError("correction_id", "an undo cannot be undone; make the correction again")
    if row[2] == "undone":
        raise CorrectionError("correction_id", f"correction {correction_id} is already undone")
    if article_id not in (None, row[0]):
        raise CorrectionError("article_id", f"correction {correction_id} is about article {row[0]!r}")
    return row[0]


def _evidence_span(text: str, evidence: Any) -> tuple[int, int]:
    """The selection [start, end) of an added event, inside the text and not blank."""
    if not isinstance(evidence, dict):
        raise CorrectionError("evidence", "the selected span as {start, end}")
    start, end = evidence.get("start"), evidence.get("end")
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)) or not 0 <= start < end <= len(text):
        raise CorrectionError("evidence", f"start and end offsets with 0 <= start < end <= {len(text)}")
    if not text[start:end].strip():
        raise CorrectionError("evidence", "the selection is blank")
    if evidence.get("text") is not None and evidence["text"] != text[start:end]:
        raise CorrectionError("evidence.text", "does not match the article text at start..end")
    return start, end


# --------------------------------------------------------------------------- applying

def after_store(conn: sqlite3.Connection, article_id: str) -> None:
    """Hook for `store_result` (inside its transaction), after an article's machine rows were (re)stored:
    keep them as its raw view and apply its corrections again."""
    from .corrections_actors import names_merged
    if (conn.execute("SELECT 1 FROM corrections WHERE article_id=? LIMIT 1", (article_id,)).fetchone() is None
            and not names_merged(conn, article_id)):
        return
    _drop_snapshot(conn, article_id)
    _rebuild(conn, article_id)


def _drop_snapshot(conn: sqlite3.Connection, article_id: str) -> None:
    conn.execute("DELETE FROM machine_event_actors WHERE event_id IN (SELECT id FROM machine_events WHERE article_id=?)",
                 (article_id,))
    for shadow, _ in SHADOWS:
        if shadow != "machine_event_actors":
            conn.execute(f"DELETE FROM {shadow} WHERE article_id=?", (article_id,))
    conn.execute("DELETE FROM machine_articles WHERE article_id=?", (article_id,))


def _snapshot(conn: sqlite3.Connection, article_id: str, content_hash: str) -> None:
    """Keep the article's current rows (the machine's: it has no corrections applied yet) as its raw view."""
    cols = ", ".join(f'"{c}"' for c in _columns(conn, "events"))
    conn.execute(f"INSERT INTO machine_events ({cols}) SELECT {cols} FROM events WHERE article_id=?", (article_id,))
    conn.execute("INSERT INTO machine_event_actors (event_id, actor_id, role, position) SELECT ea.event_id,"
                 " ea.actor_id, ea.role, ea.position FROM event_actors ea JOIN events e ON e.id = ea.event_id"
                 " WHERE e.article_id=?", (article_id,))
    for shadow, table in SHADOWS[2:]:
        cols = ", ".join(f'"{c}"' for c in _columns(conn, table))
        conn.execute(f"INSERT INTO {shadow} ({cols}) SELECT {cols} FROM {table} WHERE article_id=?", (article_id,))
    conn.execute("INSERT INTO machine_articles (article_id, content_hash, dropped) SELECT id, ?, dropped FROM articles"
                 " WHERE id=?", (content_hash, article_id))


def _restore(conn: sqlite3.Connection, article_id: str) -> None:
    """Put the article's machine rows back in `events` / `event_actors`."""
    cols = ", ".join(f'"{c}"' for c in _columns(conn, "events"))
    conn.execute("DELETE FROM events WHERE article_id=?", (article_id,))     # parties go by ON DELETE CASCADE
    conn.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM machine_events WHERE article_id=?", (article_id,))
    conn.execute("INSERT INTO event_actors (event_id, actor_id, role, position) SELECT event_id, actor_id, role,"
                 " position FROM machine_event_actors WHERE event_id IN (SELECT id FROM machine_events WHERE"
                 " article_id=?)", (article_id,))
    for shadow, table in SHADOWS[2:]:
        cols = ", ".join(f'"{c}"' for c in _columns(conn, table))
        conn.execute(f"DELETE FROM {table} WHERE article_id=?", (article_id,))
        conn.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {shadow} WHERE article_id=?", (article_id,))
    conn.execute("UPDATE articles SET dropped = coalesce((SELECT dropped FROM machine_articles WHERE article_id=?),"
                 " dropped) WHERE id=?", (article_id, article_id))


def _refresh(conn: sqlite3.Connection, article_id: str) -> None:
    """Apply an article's corrections again after a new entry, keeping its story links in step."""
    from ..stories.index import add_article, remove_article
    remove_article(conn, article_id)
    _rebuild(conn, article_id)
    add_article(conn, article_id)


def _rebuild(conn: sqlite3.Connection, article_id: str) -> None:
    """The article's effective rows: its machine rows with its active corrections, and every active actor
    merge, applied in log order."""
    art = conn.execute("SELECT text, content_hash FROM articles WHERE id=?", (article_id,)).fetchone()
    if art is None:
        return
    if conn.execute("SELECT 1 FROM machine_articles WHERE article_id=?", (article_id,)).fetchone() is None:
        _snapshot(conn, article_id, art["content_hash"])
    _restore(conn, article_id)
    entries = conn.execute("SELECT * FROM corrections WHERE article_id=? OR action='merge_actors' OR undoes IN"
                           " (SELECT id FROM corrections WHERE action='merge_actors') ORDER BY id",
                           (article_id,)).fetchall()
    undone = {e["undoes"] for e in entries if e["action"] == "undo"}
    for e in entries:
        if e["id"] in undone:
            state = ("undone", None, e["event_id"])
        elif e["action"] == "undo":
            state = ("applied", None, None)
        else:
            state = _apply(conn, e, article_id, art["text"], art["content_hash"])
        conn.execute("INSERT OR REPLACE INTO correction_state VALUES (?,?,?,?)", (e["id"], *state))


def _locate(entry: sqlite3.Row, text: str, content_hash: str) -> int | None:
    """How far the entry's evidence moved in the current text (0 when it is the same text); None when it is gone."""
    if entry["content_hash"] == content_hash:
        return 0
    old, want = entry["evidence_start"], entry["evidence"]
    places = [m.start() for m in re.finditer(re.escape(want), text)] if want else []
    return min(places, key=lambda p: abs(p - old)) - old if places else None


def _target(conn: sqlite3.Connection, entry: sqlite3.Row, delta: int) -> str | None:
    """The current event a delete or edit applies to: the same id, else the same trigger moved by DELTA."""
    if conn.execute("SELECT 1 FROM events WHERE id=? AND article_id=?", (entry["event_id"], entry["article_id"])).fetchone():
        return entry["event_id"]
    before = json.loads(entry["before"])
    row = conn.execute("SELECT id FROM events WHERE article_id=? AND trigger_start=? AND trigger=?",
                       (entry["article_id"], before["trigger_start"] + delta, before["trigger"])).fetchone()
    return row[0] if row else None


def _apply(conn: sqlite3.Connection, entry: sqlite3.Row, article_id: str, text: str, content_hash: str) -> tuple:
    """Apply one entry to the effective rows: its (state, reason, event id)."""
    from . import corrections_actors as ca
    if entry["action"] == ca.MERGE:                 # holds store-wide, whatever its article's text now says
        changes = json.loads(entry["changes"])
        ca.rewrite_actor(conn, article_id, changes["actor"], ca.merged_into(conn, changes["actor"]))
        return ("applied", None, None)
    delta = _locate(entry, text, content_hash)
    if delta is None:
        return ("orphaned", "its evidence is no longer in the article text", entry["event_id"])
    if entry["action"] == ca.SPLIT:
        if not ca.apply_split(conn, article_id, text, json.loads(entry["changes"])):
            return ("orphaned", "no mention of the actor is written so any more", None)
        return ("applied", None, None)
    if entry["action"] == ca.BOILERPLATE:
        start = entry["evidence_start"] + delta
        ca.apply_boilerplate(conn, entry["article_id"], text, start, start + len(entry["evidence"]),
                             json.loads(entry["changes"])["boilerplate"])
        return ("applied", None, None)
    if entry["action"] == "add_event":
        _write_event(conn, _shift(json.loads(entry["after"]), delta))
        return ("applied", None, entry["event_id"])
    target = _target(conn, entry, delta)
    if target is None:
        return ("orphaned", "the machine no longer codes this event", entry["event_id"])
    if entry["action"] == "delete_event":
        conn.execute("DELETE FROM events WHERE id=?", (target,))
    else:
        _write_event(conn, apply_changes(event_record(conn, target), json.loads(entry["changes"])))
    return ("applied", None, target)


# --------------------------------------------------------------------------- reading

def _entry(row: sqlite3.Row) -> Correction:
    d = dict(row)
    for key in ("changes", "before", "after"):
        d[key] = json.loads(d[key]) if d[key] else None
    d["state"] = d["state"] or "pending"
    return Correction(**d)


def get_correction(conn: sqlite3.Connection, correction_id: int) -> Correction:
    """One log entry with its state."""
    return list_corrections(conn, correction_id=correction_id)[0]


def list_corrections(conn: sqlite3.Connection, orphaned: bool = False, article_id: str | None = None,
                     correction_id: int | None = None) -> list[Correction]:
    """The log, oldest first, optionally only the orphaned entries, one article's or one entry."""
    where, args = ["1=1"], []
    if orphaned:
        where.append("s.state = 'orphaned'")
    if article_id:
        where.append("c.article_id = ?")
        args.append(article_id)
    if correction_id is not None:
        where.append("c.id = ?")
        args.append(correction_id)
    rows = conn.execute("SELECT c.*, s.state, s.reason FROM corrections c LEFT JOIN correction_state s"
                        " ON s.correction_id = c.id WHERE " + " AND ".join(where) + " ORDER BY c.id", args)
    return [_entry(r) for r in rows]

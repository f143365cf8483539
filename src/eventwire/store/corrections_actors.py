"""The corrections that are not about one event: actor merges and splits, boilerplate marks.

A merge ("Abu Marzook" is "Mousa Abu Marzook") holds for the whole store: every article's effective
rows (event parties, mentions, quotes, claims) name the kept actor, the merged one leaves the actors
list and its names become the kept one's aliases.  A split ("this Ali Hassan is not Ali Hussein") and a
boilerplate mark hold for their article, anchored to their evidence span like the event corrections.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from .corrections import CorrectionError

MERGE, SPLIT, BOILERPLATE = "merge_actors", "split_actor", "mark_boilerplate"
# (table, column) pairs that name an actor and carry an article_id
ACTOR_COLUMNS = (("mentions", "actor_id"), ("quotes", "speaker"), ("quotes", "via"), ("claims", "said_by"),
                 ("events", "reported_by"))
MAX_NAME = 200
KINDS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")


def actor_row(conn: sqlite3.Connection, actor_id: str) -> dict:
    """A stored actor as a JSON-able record (aliases decoded)."""
    row = conn.execute("SELECT id, name, kind, country, sector, affiliation, aliases FROM actors WHERE id=?",
                       (actor_id,)).fetchone()
    return {**dict(row), "aliases": json.loads(row["aliases"])}


def merged_into(conn: sqlite3.Connection, actor_id: str) -> str:
    """The actor an id stands for after the active merges (itself when not merged)."""
    row = conn.execute("SELECT into_id FROM merged_actors WHERE actor_id=?", (actor_id,)).fetchone()
    return row[0] if row else actor_id


def _known(conn: sqlite3.Connection, field: str, value: Any) -> str:
    """The stored actor id of a user's id or name (after merges), or a CorrectionError naming FIELD."""
    from .corrections import _actor_ids
    if not isinstance(value, str):
        raise CorrectionError(field, "an actor id or name")
    return merged_into(conn, _actor_ids(conn, field, [value])[0])


def _first_mention(conn: sqlite3.Connection, article_id: str, actor_id: str) -> tuple | None:
    row = conn.execute('SELECT start, "end", text FROM mentions WHERE article_id=? AND actor_id=? ORDER BY start'
                       " LIMIT 1", (article_id, actor_id)).fetchone()
    return tuple(row) if row else None


def log_merge(conn: sqlite3.Connection, article_id: str, text: str, actor: Any, into: Any,
              span: tuple | None) -> tuple:
    """Validate a merge of ACTOR into INTO: (evidence start, end, text), changes, before, after."""
    old, new = _known(conn, "actor", actor), _known(conn, "into", into)
    if old == new:
        raise CorrectionError("into", f"{into!r} is the same actor as {actor!r}")
    a, b = actor_row(conn, old), actor_row(conn, new)
    if a["kind"] != b["kind"]:
        raise CorrectionError("into", f"a {a['kind']} like {a['name']!r}, not a {b['kind']}")
    names = [n for n in (a["name"], *a["aliases"]) if n != b["name"] and n not in b["aliases"]]
    evidence = span or _first_mention(conn, article_id, old) or (None, None, None)
    after = {**b, "aliases": b["aliases"] + names}
    return evidence, {"actor": old, "into": new, "aliases": names}, {"actor": a, "into": b}, {"into": after}


def log_split(conn: sqlite3.Connection, article_id: str, text: str, actor: Any, name: Any, kind: Any,
              span: tuple | None) -> tuple:
    """Validate a split of NAME (someone else) off ACTOR in this article: evidence, changes, before, after."""
    from ..actors.kb import make_id
    old = _known(conn, "actor", actor)
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise CorrectionError("name", f"the name (at most {MAX_NAME} characters) of the other actor")
    name = " ".join(name.split())
    a = actor_row(conn, old)
    kind = a["kind"] if kind in (None, "") else str(kind).upper()
    if kind not in KINDS:
        raise CorrectionError("kind", "one of " + ", ".join(KINDS))
    new = make_id(kind, name)
    if new == old or name.casefold() == a["name"].casefold():
        raise CorrectionError("name", f"{name!r} is {a['name']!r}'s own name; give the other actor's name")
    if span is None:
        row = conn.execute('SELECT start, "end", text FROM mentions WHERE article_id=? AND actor_id=? AND lower(text)=?'
                           " ORDER BY start LIMIT 1", (article_id, old, name.casefold())).fetchone()
        span = tuple(row) if row else None
    if span is None:
        at = text.casefold().find(name.casefold())
        if at < 0:
            raise CorrectionError("name", f"{name!r} is not in the article text")
        span = (at, at + len(name), text[at:at + len(name)])
    if conn.execute("SELECT 1 FROM actors WHERE id=?", (new,)).fetchone() is None:
        conn.execute("INSERT INTO actors (id, name, kind, country, sector, affiliation, aliases, roles, attributes,"
                     " in_kb) VALUES (?,?,?,NULL,NULL,NULL,'[]','[]','{}',0)", (new, name, kind))
    changes = {"actor": old, "name": name, "new_id": new, "kind": kind}
    return span, changes, {"actor": a}, {"actor": actor_row(conn, new)}


def log_boilerplate(conn: sqlite3.Connection, article_id: str, span: tuple, flag: Any) -> tuple:
    """Validate a boilerplate mark (FLAG true) or un-mark (false) of SPAN: changes, before."""
    if not isinstance(flag, bool):
        raise CorrectionError("boilerplate", "true (the selection is boilerplate) or false (it is not)")
    dropped = json.loads(conn.execute("SELECT dropped FROM articles WHERE id=?", (article_id,)).fetchone()[0])
    start, end = span[0], span[1]
    touching = [d for d in dropped if d["start"] < end and start < d["end"]]
    if flag and any(d["start"] <= start and end <= d["end"] for d in touching):
        raise CorrectionError("evidence", "the selection is already boilerplate")
    if not flag and not touching:
        raise CorrectionError("evidence", "no dropped (boilerplate) span there to un-mark")
    if not flag and any(d.get("reason") == "analyst" for d in touching):
        raise CorrectionError("evidence", "an analyst marked this boilerplate: undo that correction instead")
    return {"boilerplate": flag}, {"dropped": touching}


# --------------------------------------------------------------------------- applying (one article)

# the row's event does not name the actor (a parameter) in its role already: UPDATE OR IGNORE, portably
_NOT_NAMED = ("NOT EXISTS (SELECT 1 FROM event_actors o WHERE o.event_id = event_actors.event_id"
              " AND o.role = event_actors.role AND o.actor_id = ?)")


def rewrite_actor(conn: sqlite3.Connection, article_id: str, old: str, new: str) -> None:
    """In one article's effective rows, name NEW wherever OLD is named."""
    events = "SELECT id FROM events WHERE article_id=?"
    conn.execute(f"UPDATE event_actors SET actor_id=? WHERE actor_id=? AND event_id IN ({events}) AND {_NOT_NAMED}",
                 (new, old, article_id, new))
    conn.execute(f"DELETE FROM event_actors WHERE actor_id=? AND event_id IN ({events})", (old, article_id))
    for table, column in ACTOR_COLUMNS:
        conn.execute(f"UPDATE {table} SET {column}=? WHERE article_id=? AND {column}=?", (new, article_id, old))


def apply_split(conn: sqlite3.Connection, article_id: str, text: str, changes: dict) -> bool:
    """In one article: the actor's mentions written as the name go to the new actor, and so do the events
    whose sentence names the new actor and no longer the old one; False when no mention has the name."""
    old, new, key = changes["actor"], changes["new_id"], changes["name"].casefold()
    conn.execute("UPDATE mentions SET actor_id=? WHERE article_id=? AND actor_id=? AND lower(text)=?",
                 (new, article_id, old, key))
    conn.execute("UPDATE quotes SET speaker=? WHERE article_id=? AND speaker=? AND lower(speaker_text)=?",
                 (new, article_id, old, key))
    names = "SELECT count(*) FROM mentions m WHERE m.article_id = e.article_id AND m.actor_id=? AND m.start >= " \
            'e.sentence_start AND m."end" <= e.sentence_end'
    for e in conn.execute(f"SELECT e.id, ({names}) AS other, ({names}) AS kept FROM events e JOIN event_actors ea"
                          " ON ea.event_id = e.id WHERE e.article_id=? AND ea.actor_id=?",
                          (new, old, article_id, old)).fetchall():
        if e["other"] and not e["kept"]:             # its sentence names the other actor, not this one
            conn.execute(f"UPDATE event_actors SET actor_id=? WHERE event_id=? AND actor_id=? AND {_NOT_NAMED}",
                         (new, e["id"], old, new))
            conn.execute("DELETE FROM event_actors WHERE event_id=? AND actor_id=?", (e["id"], old))
    return conn.execute("SELECT 1 FROM mentions WHERE article_id=? AND actor_id=? AND lower(text)=? LIMIT 1",
                        (article_id, new, key)).fetchone() is not None


def apply_boilerplate(conn: sqlite3.Connection, article_id: str, text: str, start: int, end: int, flag: bool) -> None:
    """Mark [start, end) boilerplate (its events, claims, quotes and mentions leave the effective view),
    or un-mark the dropped spans that overlap it."""
    dropped = json.loads(conn.execute("SELECT dropped FROM articles WHERE id=?", (article_id,)).fetchone()[0])
    if flag:
        conn.execute("DELETE FROM events WHERE article_id=? AND trigger_start>=? AND trigger_end<=?",
                     (article_id, start, end))
        for table in ("claims", "quotes", "mentions"):
            conn.execute(f'DELETE FROM {table} WHERE article_id=? AND start>=? AND "end"<=?', (article_id, start, end))
        dropped = sorted(dropped + [{"start": start, "end": end, "text": text[start:end], "reason": "analyst"}],
                         key=lambda d: d["start"])
    else:
        dropped = [d for d in dropped if not (d["start"] < end and start < d["end"])]
    conn.execute("UPDATE articles SET dropped=? WHERE id=?", (json.dumps(dropped, ensure_ascii=False), article_id))


# --------------------------------------------------------------------------- merges across the store

def sync_merges(conn: sqlite3.Connection) -> None:
    """Recompute `merged_actors` (merged id -> kept id, chains followed) from the active merges in the log."""
    rows = conn.execute("SELECT id, changes FROM corrections WHERE action=? AND id NOT IN"
                        " (SELECT undoes FROM corrections WHERE undoes IS NOT NULL) ORDER BY id", (MERGE,)).fetchall()
    into: dict[str, tuple[str, int]] = {}
    for cid, changes in rows:
        c = json.loads(changes)
        into[c["actor"]] = (c["into"], cid)
    conn.execute("DELETE FROM merged_actors")
    for old, (new, cid) in into.items():
        seen = {old}
        while new in into and new not in seen:
            seen.add(new)
            new = into[new][0]
        conn.execute("INSERT INTO merged_actors VALUES (?,?,?)", (old, new, cid))


def set_aliases(conn: sqlite3.Connection, changes: dict, undo: bool) -> None:
    """Add a merge's names to the kept actor's aliases, or take them out again on undo."""
    row = conn.execute("SELECT name, aliases FROM actors WHERE id=?", (changes["into"],)).fetchone()
    aliases = json.loads(row["aliases"])
    if undo:
        aliases = [x for x in aliases if x not in changes["aliases"]]
    else:
        aliases += [x for x in changes["aliases"] if x not in aliases and x != row["name"]]
    conn.execute("UPDATE actors SET aliases=? WHERE id=?", (json.dumps(aliases, ensure_ascii=False), changes["into"]))


def articles_naming(conn: sqlite3.Connection, actor_id: str) -> list[str]:
    """Articles whose effective or machine rows name ACTOR_ID: those a merge of it touches."""
    parts = ["SELECT e.article_id FROM event_actors ea JOIN events e ON e.id = ea.event_id WHERE ea.actor_id=:a",
             "SELECT e.article_id FROM machine_event_actors ea JOIN machine_events e ON e.id = ea.event_id"
             " WHERE ea.actor_id=:a"]
    for table, column in ACTOR_COLUMNS:
        parts.append(f"SELECT article_id FROM {table} WHERE {column}=:a")
        parts.append(f"SELECT article_id FROM machine_{table} WHERE {column}=:a")
    return [r[0] for r in conn.execute(" UNION ".join(parts) + " ORDER BY 1", {"a": actor_id})]


def names_merged(conn: sqlite3.Connection, article_id: str) -> bool:
    """Whether an article's rows name an actor that an active merge took away."""
    if conn.execute("SELECT 1 FROM merged_actors LIMIT 1").fetchone() is None:
        return False
    merged = "SELECT actor_id FROM merged_actors"
    if conn.execute(f"SELECT 1 FROM event_actors ea JOIN events e ON e.id = ea.event_id WHERE e.article_id=?"
                    f" AND ea.actor_id IN ({merged}) LIMIT 1", (article_id,)).fetchone():
        return True
    return any(conn.execute(f"SELECT 1 FROM {t} WHERE article_id=? AND {c} IN ({merged}) LIMIT 1",
                            (article_id,)).fetchone() for t, c in ACTOR_COLUMNS)

"""Read-only queries the web UI needs beyond the store's: pages of events, articles, one article's spans."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Sequence

from ..store import query_claims, query_quotes
from ..store.sqlite import event_filter

ORDER = " ORDER BY e.date IS NULL, e.date, e.article_id, e.evidence_start"
HEADLINE = ("coalesce(a.title, substr(ltrim(a.text), 1, instr(ltrim(a.text) || char(10), char(10)) - 1))"
            " AS headline")                  # the title, else the first line
EVENT_COLUMNS = ("SELECT e.*, a.published, a.title, a.url, a.outlet, " + HEADLINE + ","
                 " substr(a.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence")


@dataclass(frozen=True)
class EventFilters:
    """The filters of `eventwire events`, plus a text search in the evidence and the title."""

    actor: str | None = None
    with_: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    polarity: tuple[str, ...] | None = ("asserted",)
    q: str | None = None

    def store_args(self) -> dict:
        """The keyword arguments of the store's and export's event functions."""
        return dict(actor=self.actor, with_=self.with_, type=self.type, since=self.since, until=self.until,
                    polarity=self.polarity)


def _like(q: str) -> str:
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _with_parties(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[dict]:
    """Event rows with their parties' names and ids, as `query_events` gives them."""
    out = []
    for row in rows:
        d = dict(row)
        parties = conn.execute(
            "SELECT ea.role, ac.id, ac.name FROM event_actors ea JOIN actors ac ON ac.id = ea.actor_id"
            " WHERE ea.event_id=? ORDER BY ea.role, ea.position", (row["id"],)).fetchall()
        for role, key in (("actor", "actors"), ("recipient", "recipients")):
            d[key] = [p["name"] for p in parties if p["role"] == role]
            d[key[:-1] + "_ids"] = [p["id"] for p in parties if p["role"] == role]
        out.append(d)
    return out


def events_page(conn: sqlite3.Connection, f: EventFilters, limit: int | None = 50,
                offset: int = 0) -> tuple[int, list[dict]]:
    """How many events match, and one page of them (oldest first) with parties and their sentence."""
    clause = event_filter(conn, **f.store_args())
    if clause is None:
        return 0, []
    where, args = clause
    if f.q:
        where = [*where, "(e.evidence LIKE ? ESCAPE '\\' OR a.title LIKE ? ESCAPE '\\')"]
        args = [*args, _like(f.q), _like(f.q)]
    base = " FROM events e JOIN articles a ON a.id = e.article_id WHERE " + " AND ".join(where)
    total = conn.execute("SELECT count(*)" + base, args).fetchone()[0]
    rows = conn.execute(EVENT_COLUMNS + base + ORDER + " LIMIT ? OFFSET ?",
                        [*args, -1 if limit is None else limit, offset]).fetchall()
    return total, _with_parties(conn, rows)


def timeline(conn: sqlite3.Connection, actor: str, with_: str | None = None) -> list[dict]:
    """An actor's (or a pair's) dated, asserted events, oldest first (`eventwire timeline`)."""
    _, rows = events_page(conn, EventFilters(actor=actor, with_=with_), limit=None)
    return [r for r in rows if r["date"]]


def list_articles(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    """How many articles are stored, and one page of them, newest first, with their event counts."""
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    rows = conn.execute(
        "SELECT a.id, a.title, " + HEADLINE + ", a.url, a.outlet, a.published, a.published_inferred, a.language, a.duplicate_of,"
        " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events"
        " FROM articles a ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?",
        (limit, offset)).fetchall()
    return total, [{**r, "published_inferred": bool(r["published_inferred"])} for r in map(dict, rows)]


def article(conn: sqlite3.Connection, article_id: str) -> dict | None:
    """One stored article with everything extracted from it; None when there is no such article."""
    row = conn.execute("SELECT *, " + HEADLINE + " FROM articles a WHERE id=?", (article_id,)).fetchone()
    if row is None:
        return None
    d = dict(row)
    d["published_inferred"] = bool(d["published_inferred"])
    d["dropped"] = json.loads(d["dropped"])
    d["errors"] = json.loads(d["errors"])
    d["mentions"] = [dict(r) for r in conn.execute(
        'SELECT m.start, m."end", m.text, m.kind, m.actor_id, m.title, ac.name FROM mentions m'
        " LEFT JOIN actors ac ON ac.id = m.actor_id WHERE m.article_id=? ORDER BY m.start", (article_id,))]
    rows = conn.execute(EVENT_COLUMNS + " FROM events e JOIN articles a ON a.id = e.article_id"
                        " WHERE e.article_id=? ORDER BY e.evidence_start, e.trigger_start", (article_id,)).fetchall()
    d["events"] = _with_parties(conn, rows)
    d["times"] = [dict(r) for r in conn.execute("SELECT * FROM times WHERE article_id=? ORDER BY start", (article_id,))]
    d["claims"] = query_claims(conn, article=article_id)
    d["quotes"] = query_quotes(conn, article=article_id)
    return d


def contacts(conn: sqlite3.Connection, actor_id: str) -> list[dict]:
    """The actors that share events with this one, most shared first."""
    return [dict(r) for r in conn.execute(
        "SELECT o.actor_id AS id, ac.name, count(DISTINCT o.event_id) AS events FROM event_actors ea"
        " JOIN event_actors o ON o.event_id = ea.event_id AND o.actor_id != ea.actor_id"
        " JOIN actors ac ON ac.id = o.actor_id WHERE ea.actor_id=? GROUP BY o.actor_id, ac.name"
        " ORDER BY events DESC, ac.name", (actor_id,))]


def overview(conn: sqlite3.Connection) -> dict:
    """Row counts and the date range of the events, for the front page."""
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("articles", "actors", "events", "claims", "quotes")}
    first, last = conn.execute("SELECT min(date), max(coalesce(date_end, date)) FROM events").fetchone()
    return {"counts": counts, "first": first, "last": last}

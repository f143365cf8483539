"""Corrections as gold: the corrected articles in the format of shared/gold/seeds.yaml, texts inline."""
from __future__ import annotations

import json
import sqlite3

import yaml

from .corrections import event_record

GOLD_KINDS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "ORG", "FAC": "LOC"}


def corrected_articles(conn: sqlite3.Connection) -> list[str]:
    """Ids of the articles with at least one applied correction (undos aside), in log order."""
    rows = conn.execute("SELECT c.article_id FROM corrections c JOIN correction_state s ON s.correction_id = c.id"
                        " WHERE s.state = 'applied' AND c.action != 'undo' GROUP BY c.article_id ORDER BY min(c.id)")
    return [r[0] for r in rows]


def gold_article(conn: sqlite3.Connection, article_id: str) -> dict:
    """One article's effective events as a seeds-format gold article, its text inline."""
    art = conn.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
    rows = conn.execute("SELECT id FROM events WHERE article_id=? AND polarity='asserted'"
                        " ORDER BY evidence_start, trigger_start", (article_id,)).fetchall()
    events = [event_record(conn, r[0]) for r in rows]
    deleted = _deleted_events(conn, article_id)
    actors = {r["id"]: r for r in conn.execute(
        "SELECT * FROM actors WHERE id IN (SELECT actor_id FROM event_actors ea JOIN events e ON e.id = ea.event_id"
        " WHERE e.article_id=?)", (article_id,))}
    merged = dict(conn.execute("SELECT actor_id, into_id FROM merged_actors").fetchall())
    for aid in {x for d, _ in deleted for x in (*d["actors"], *d["recipients"])} - set(actors):
        row = conn.execute("SELECT * FROM actors WHERE id=?", (merged.get(aid, aid),)).fetchone()
        if row is not None:
            actors[aid] = row
    name = lambda i: actors[i]["name"]  # noqa: E731
    gold_events = [dict(_gold_event(e, name), id=f"e{k}") for k, e in enumerate(events, 1)]
    must_not = [{**_gold_event(d, name), "why": why} for d, why in deleted]
    entities = [{"name": a["name"], "kind": GOLD_KINDS.get(a["kind"], "ORG"), "aliases": json.loads(a["aliases"]),
                 **({"country": a["country"]} if a["country"] else {})}
                for a in {a["id"]: a for a in actors.values()}.values()]
    return {"id": article_id, "text": art["text"], "outlet": art["outlet"],
            "published": None if art["published_inferred"] else art["published"],
            "boilerplate": [d["text"] for d in json.loads(art["dropped"])],
            "entities": entities, "events": gold_events, **({"must_not": must_not} if must_not else {})}


def _gold_event(e: dict, name) -> dict:
    """An event record as a gold event (parties by name; no id)."""
    item = {"type": e["type"], "mode": e["mode"],
            "source": name(e["actors"][0]) if e["actors"] else None,
            "source_people": [name(x) for x in e["actors"][1:]] or None,
            "target": name(e["recipients"][0]) if e["recipients"] else None,
            "date": f"{e['date']}/{e['date_end']}" if e["date"] and e["date_end"] else e["date"],
            "location": e["location"], "evidence": e["evidence"]}
    return {k: v for k, v in item.items() if v is not None}


def _deleted_events(conn: sqlite3.Connection, article_id: str) -> list[tuple[dict, str]]:
    """The machine events analysts deleted (applied delete_event entries), each with why: a natural must_not."""
    rows = conn.execute("SELECT c.who, c.note, c.before FROM corrections c JOIN correction_state s"
                        " ON s.correction_id = c.id WHERE c.article_id=? AND c.action='delete_event'"
                        " AND s.state='applied' ORDER BY c.id", (article_id,)).fetchall()
    out = []
    for who, note, before in rows:
        rec = json.loads(before)
        if rec.get("polarity", "asserted") == "asserted" and not str(rec["id"]).startswith("user-"):
            out.append((rec, f"deleted by {who or 'an analyst'}" + (f": {note}" if note else "")))
    return out


def export_gold(conn: sqlite3.Connection) -> str:
    """The corrected articles as a seeds-format gold YAML file (texts inline)."""
    head = ("# Gold written by `eventwire corrections export`: the corrected articles, each event as the\n"
            "# analysts left it (machine output with their corrections applied). Score with `eventwire eval FILE`.\n")
    data = {"articles": [gold_article(conn, a) for a in corrected_articles(conn)]}
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)

"""Reads over the cross-article tables: the story list, one story's dossier, event clusters and verdicts."""
from __future__ import annotations

import json
import sqlite3


def list_stories(conn: sqlite3.Connection) -> list[dict]:
    """Every story with its articles (input ids, in arrival order), title, first and last dates and size."""
    members: dict[str, list[str]] = {}
    for sid, aid in conn.execute("SELECT story_id, article_id FROM story_articles ORDER BY seq"):
        members.setdefault(sid, []).append(aid)
    rows = conn.execute("SELECT s.id, s.title, s.first, s.last, s.size FROM stories s"
                        " ORDER BY s.size DESC, (SELECT min(seq) FROM story_articles x WHERE x.story_id = s.id)")
    return [{"id": r["id"], "articles": members.get(r["id"], []), "title": r["title"], "first": r["first"],
             "last": r["last"], "size": r["size"]} for r in rows]


def find_story(conn: sqlite3.Connection, ref: str) -> str | None:
    """The story id a user means: a story id, or the id of one of its articles."""
    if conn.execute("SELECT 1 FROM stories WHERE id=?", (ref,)).fetchone():
        return ref
    row = conn.execute("SELECT story_id FROM story_articles WHERE article_id=?", (ref,)).fetchone()
    return row[0] if row else None


def _names(conn: sqlite3.Connection, ids: list[str]) -> list[str]:
    out = []
    for i in ids:
        row = conn.execute("SELECT name FROM actors WHERE id=?", (i,)).fetchone()
        out.append(row[0] if row else i)
    return out


def cluster_rows(conn: sqlite3.Connection, article_ids: list[str] | None = None) -> list[dict]:
    """Event clusters (of these articles, or all), oldest first: canonical record, counts and every evidence span."""
    where, args = "1=1", []
    if article_ids is not None:
        where = f"c.id IN (SELECT cluster_id FROM event_links WHERE article_id IN ({','.join('?' * len(article_ids))}))"
        args = list(article_ids)
    out = []
    for r in conn.execute(f"SELECT c.* FROM event_clusters c WHERE {where}"
                          " ORDER BY c.date IS NULL, c.date, c.date_end, c.id", args):
        d = dict(r)
        d["actors"], d["recipients"] = json.loads(d["actors"]), json.loads(d["recipients"])
        d["actor_names"], d["recipient_names"] = _names(conn, d["actors"]), _names(conn, d["recipients"])
        d["evidence"] = [dict(e) for e in conn.execute(
            "SELECT e.id AS event_id, e.article_id, e.evidence, e.evidence_start, e.evidence_end, e.trigger_start,"
            " e.trigger_end, e.date, e.date_source FROM event_links l JOIN events e ON e.id = l.event_id"
            " WHERE l.cluster_id=? ORDER BY e.article_id, e.evidence_start", (r["id"],))]
        out.append(d)
    return out


def claim_verdicts(conn: sqlite3.Connection, article_ids: list[str] | None = None) -> list[dict]:
    """Aligned claim pairs with their verdict and both claims (of these articles, or all)."""
    where, args = "1=1", []
    if article_ids is not None:
        marks = ",".join("?" * len(article_ids))
        where, args = f"l.article_a IN ({marks}) OR l.article_b IN ({marks})", list(article_ids) * 2
    out = []
    for r in conn.execute(
            "SELECT l.verdict, l.why, a.article_id AS article_a, a.what, a.subject AS subject_a, a.low AS low_a,"
            " a.high AS high_a, coalesce(a.as_of, a.date) AS when_a, a.text AS text_a, b.article_id AS article_b,"
            " b.subject AS subject_b, b.low AS low_b, b.high AS high_b, coalesce(b.as_of, b.date) AS when_b,"
            " b.text AS text_b FROM claim_links l"
            " JOIN claims a ON a.article_id = l.article_a AND a.seq = l.seq_a"
            f" JOIN claims b ON b.article_id = l.article_b AND b.seq = l.seq_b WHERE {where}"
            " ORDER BY a.what, when_a, l.article_a, l.seq_a, l.article_b, l.seq_b", args):
        out.append(dict(r))
    return out


def story_detail(conn: sqlite3.Connection, ref: str) -> dict | None:
    """One story: its articles, the merged timeline of its event clusters, its claims with verdicts."""
    sid = find_story(conn, ref)
    if sid is None:
        return None
    story = conn.execute("SELECT id, title, first, last, size FROM stories WHERE id=?", (sid,)).fetchone()
    articles = [dict(r) for r in conn.execute(
        "SELECT a.id, a.title, a.published, a.outlet, a.url FROM story_articles s JOIN articles a ON a.id = s.article_id"
        " WHERE s.story_id=? ORDER BY a.published IS NULL, a.published, s.seq", (sid,))]
    ids = [a["id"] for a in articles]
    return {**dict(story), "articles": articles, "timeline": cluster_rows(conn, ids),
            "claims": claim_verdicts(conn, ids)}


def cross_article(conn: sqlite3.Connection) -> dict:
    """What the eval scores: event -> cluster, the clusters, the claim verdicts and the stories."""
    return {"event_clusters": dict(conn.execute("SELECT event_id, cluster_id FROM event_links")),
            "clusters": cluster_rows(conn), "claim_verdicts": claim_verdicts(conn), "stories": list_stories(conn)}

"""A throwaway in-memory store of coded articles, linked as `eventwire run` links them (for eval and benches)."""
from __future__ import annotations

import sqlite3
from typing import Iterable

from ..records import Result
from ..store import connect, store_result
from . import cluster as C
from .index import assign_story
from .settle import settle


def memory_store(results: Iterable[Result], batch: bool = True) -> sqlite3.Connection:
    """Store (and link) the results in order in a new in-memory database; then, as `eventwire run` does at
    the end of a run, settle the stories in one batch pass (unless `batch` is false)."""
    conn = connect(":memory:")
    stored = []
    for r in results:
        if not r.article.errors or all(e.code in ("not_english", "duplicate") for e in r.article.errors):
            if store_result(conn, r) != "unchanged":
                stored.append(r.article.id)
    if batch and stored:
        settle(conn, stored)
    return conn


def restory(conn: sqlite3.Connection, params: C.StoryParams) -> None:
    """Cluster every stored article into stories again, in arrival order, with other parameters."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in ("story_keys", "story_articles", "stories", "term_df"):
            conn.execute(f"DELETE FROM {table}")
        for (aid,) in conn.execute("SELECT id FROM articles ORDER BY rowid").fetchall():
            clusters = [r[0] for r in conn.execute("SELECT cluster_id FROM event_links WHERE article_id=?"
                                                   " ORDER BY rowid", (aid,))]
            assign_story(conn, aid, clusters, params)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise

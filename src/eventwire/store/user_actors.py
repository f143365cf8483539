"""The user actors file beside a database: the analysts' actor merges as KB entries.

`eventwire run --db X.db` layers `X.actors.yaml` (when it exists) on the shipped KB, last, so the next
run resolves a merged alias to the kept actor by itself.  The file is rewritten from the corrections
log after every merge or undo of one; edit it by correcting (or undoing) in eventwire, not by hand.
"""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import yaml

SUFFIX = ".actors.yaml"
HEAD = ("# Written by eventwire from the analysts' actor merges (merge_actors corrections) in {db}.\n"
        "# `eventwire run --db {db}` layers it on the actor KB; rewritten after each merge or undo of one.\n")


def user_actors_path(db: str | Path) -> Path:
    """Where the user actors file of database DB lives: beside it, `NAME.actors.yaml`."""
    db = Path(db)
    return db.with_name(db.stem + SUFFIX)


def _db_file(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("PRAGMA database_list").fetchone()
    return row[2] or None


def user_entries(conn: sqlite3.Connection) -> list[dict]:
    """KB entries for the active merges: the kept actor with the merged names as aliases.  (A split holds in
    its article only, so it is not written here: a KB entry would change every article's reading.)"""
    out: dict[str, dict] = {}
    for old, new in conn.execute("SELECT actor_id, into_id FROM merged_actors ORDER BY correction_id").fetchall():
        kept = conn.execute("SELECT name, kind FROM actors WHERE id=?", (new,)).fetchone()
        gone = conn.execute("SELECT name, aliases FROM actors WHERE id=?", (old,)).fetchone()
        entry = out.setdefault(new, {"id": new, "name": kept["name"], "kind": kept["kind"], "aliases": []})
        for name in (gone["name"], *json.loads(gone["aliases"])):
            if name != kept["name"] and name not in entry["aliases"]:
                entry["aliases"].append(name)
    return [{k: v for k, v in e.items() if v != []} for e in out.values()]


def write_user_actors(conn: sqlite3.Connection) -> Path | None:
    """Rewrite the user actors file of the connection's database (atomically); its path, None in memory (and
    for PostgreSQL, which has no file to put it beside: `eventwire run` reads its merges with merges_file)."""
    db = _db_file(conn)
    if db is None:
        return None
    return _write(conn, user_actors_path(db), Path(db).name)


def merges_file(conn: sqlite3.Connection, directory: Path) -> Path | None:
    """The active merges of a database without a file of its own (PostgreSQL) as a user actors file in
    DIRECTORY, for `eventwire run` to layer on the KB; None when there are none."""
    from .backend import label
    return _write(conn, Path(directory) / ("merges" + SUFFIX), label(getattr(conn, "url", "the database")))


def _write(conn: sqlite3.Connection, path: Path, db: str) -> Path | None:
    entries = user_entries(conn)
    if not entries and not path.exists():
        return None
    text = HEAD.format(db=db) + yaml.safe_dump({"version": 1, "actors": entries}, sort_keys=False,
                                               allow_unicode=True, width=100)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path

"""Run by hand: the near-spelling lookup of the writer, by block (actor_keys) vs a scan of every name.

    .venv/bin/python bench/name_lookup.py DB [--queries N]

Reads the persons and organisations of an existing eventwire SQLite file (a soak's, say), copies
them into an in-memory store, and looks up N near spellings of stored names (a vowel changed):
once through the store's `actor_keys` blocks (kind + each word's first letter, what `eventwire
run` does), once by scoring every name of the same kind and word count with rapidfuzz (what the
writer did before, from a list it kept in memory). Prints CPU per lookup and how many of the N
found a stored actor each way (the block may only find more: a scan's five best can be filled by
look-alikes of another initial that the guards then refuse).
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import time

from rapidfuzz import fuzz, process

from eventwire.records import Actor
from eventwire.store import sqlite as st


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("--queries", type=int, default=2000)
    args = ap.parse_args()
    rows = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True).execute(
        "SELECT id, name, kind, country FROM actors WHERE kind IN ('PERSON', 'ORG') ORDER BY rowid").fetchall()
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE actors (id TEXT PRIMARY KEY, name TEXT, kind TEXT, country TEXT)")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("CREATE TABLE actor_keys (actor_id TEXT PRIMARY KEY, block TEXT NOT NULL, key TEXT NOT NULL)")
    conn.execute("CREATE INDEX actor_keys_block ON actor_keys(block)")
    conn.executemany("INSERT INTO actors VALUES (?,?,?,?)", rows)
    rng = random.Random(7)

    def variant(name: str) -> str:
        spots = [i for i, c in enumerate(name) if c in "aeiou"]
        if not spots:
            return name
        i = rng.choice(spots)
        return name[:i] + rng.choice([v for v in "aeiou" if v != name[i]]) + name[i + 1:]

    queries = [Actor(f"q{k}", variant(r[1]), r[2], country=r[3]) for k, r in enumerate(rng.sample(rows, args.queries))]
    t = time.process_time()
    st._index_names(conn)
    built = time.process_time() - t
    t = time.process_time()
    by_block = sum(st._near_spelling(conn, a) is not None for a in queries)
    block_ms = (time.process_time() - t) / len(queries) * 1000

    groups: dict[tuple[str, int], tuple[list[str], list[tuple[str, str | None]]]] = {}
    for aid, name, kind, country in rows:
        key = st.name_key(name)
        if key:
            keys, info = groups.setdefault((kind, len(key.split())), ([], []))
            keys.append(key)
            info.append((aid, country))

    def scan(a: Actor) -> str | None:
        key = st.name_key(a.name)
        keys, info = groups.get((a.kind, len(key.split())), ([], []))
        for cand, _, i in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=st.FUZZY_CUTOFF, limit=5):
            aid, country = info[i]
            if (a.country and country and a.country != country) or not st._close_names(key, cand):
                continue
            if aid != a.id:
                return aid
        return None

    t = time.process_time()
    by_scan = sum(scan(a) is not None for a in queries)
    scan_ms = (time.process_time() - t) / len(queries) * 1000
    print(f"{len(rows):,} persons and organisations, {len(queries):,} near spellings looked up")
    print(f"  by block: {block_ms:.2f} ms CPU a lookup, {by_block} found (table built in {built:.1f} s)")
    print(f"  by scan:  {scan_ms:.2f} ms CPU a lookup, {by_scan} found")


if __name__ == "__main__":
    main()

"""Issue 12, part 3: two `eventwire run` processes and a reader (the web API) on one SQLite file at
once. No "database is locked" reaches the user, no row is lost, and the file stays consistent."""
from __future__ import annotations

import dataclasses
import json
import multiprocessing
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from eventwire.store import connect, counts, store_result
from eventwire.web import create_app

from test_store import make_result

EVENTWIRE = Path(sys.executable).with_name("eventwire")
PLACES = ["Moscow", "Tehran", "Ankara", "Cairo", "Doha", "Amman", "Beirut", "Riyadh"]


def _batch(path: Path, prefix: str, n: int) -> None:
    """N short articles, each with its own id and one dated meeting."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text = (f"Report {prefix}{i}. Russian Foreign Minister Sergei Lavrov met Hamas leaders in "
                    f"{PLACES[i % len(PLACES)]} on March {i % 28 + 1}, 2024.")
            f.write(json.dumps({"id": f"{prefix}{i}", "text": text, "published": "2024-03-30"}) + "\n")


def _read_loop(db: Path, stop: threading.Event, seen: list, errors: list) -> None:
    """Poll the API while the writers run, as `eventwire serve` would."""
    client = TestClient(create_app(db))
    while not stop.is_set():
        r = client.get("/api/events", params={"limit": 5})
        if r.status_code != 200:
            errors.append((r.status_code, r.text[:200]))
        else:
            seen.append(r.json()["total"])
        time.sleep(0.05)


def test_two_writers_and_a_reader_on_one_file(tmp_path):
    db = tmp_path / "shared.db"
    connect(db).close()                                   # the file exists before the reader opens it
    inputs = []
    for prefix in ("a", "b"):
        _batch(tmp_path / f"{prefix}.jsonl", prefix, 25)
        inputs.append(tmp_path / f"{prefix}.jsonl")
    stop, seen, errors = threading.Event(), [], []
    reader = threading.Thread(target=_read_loop, args=(db, stop, seen, errors))
    reader.start()
    try:
        procs = [subprocess.Popen([str(EVENTWIRE), "run", str(p), "--input-format", "jsonl", "--db", str(db),
                                   "--workers", "1", "--timeout", "0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in inputs]
        outs = [p.communicate(timeout=300) for p in procs]
    finally:
        stop.set()
        reader.join()
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "locked" not in err.lower() and "25 stored" in err
    assert not errors and seen                            # the reader never failed and did read
    assert seen == sorted(seen)                           # it saw whole articles arrive, never a rollback
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
    assert ids == {f"{x}{i}" for x in "ab" for i in range(25)}
    per_article = dict(conn.execute("SELECT article_id, count(*) FROM events GROUP BY article_id").fetchall())
    assert set(per_article) == ids                        # every article kept its meeting: nothing lost


def _hammer(db: str, prefix: str, n: int, failures) -> None:
    """Store N small articles as fast as possible (no NLP in between: the worst case for locks)."""
    conn = connect(db)
    for i in range(n):
        r = make_result(f"{prefix}{i}", text=f"Lavrov met Mashal in Damascus in {1990 + i % 30}.")
        try:
            store_result(conn, dataclasses.replace(r, content_hash=f"{prefix}{i}"))
        except sqlite3.OperationalError as e:          # "database is locked" would land here
            failures.put(f"{prefix}{i}: {e}")
    conn.close()


def test_writers_storing_flat_out_never_see_a_locked_database(tmp_path):
    """Three processes store 150 articles each into one file with no pause: the busy timeout and
    BEGIN IMMEDIATE make them take turns (with busy_timeout=0 this fails with "database is locked")."""
    db = str(tmp_path / "hammer.db")
    connect(db).close()
    ctx = multiprocessing.get_context("spawn")
    failures = ctx.Queue()
    procs = [ctx.Process(target=_hammer, args=(db, p, 150, failures)) for p in ("x", "y", "z")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    errors = []
    while not failures.empty():
        errors.append(failures.get())
    assert not errors, errors[:3]
    assert all(p.exitcode == 0 for p in procs)
    conn = connect(db)
    assert counts(conn)["articles"] == 450 and counts(conn)["events"] == 450
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

"""Local parallelism (`run --workers N`, batch.run_parallel) and progress lines."""
from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import Future

from click.testing import CliRunner

from eventwire import batch
from eventwire.batch import count_articles, progress, run_parallel
from eventwire.cli import main
from eventwire.ingest import make_article
from eventwire.pipeline import process_article

from conftest import EXAMPLES


def poison_process(article, res):
    """Stands in for process_article in the workers (module level, so it pickles by name)."""
    if "POISON" in article.text:
        raise RuntimeError("poisoned")
    if "CRASH" in article.text:
        os._exit(1)                       # the worker dies as on a segfault
    return process_article(article, res)


def _dump(path) -> str:
    conn = sqlite3.connect(path)
    h = hashlib.sha256()
    for table in ("articles", "events", "event_actors", "actors", "mentions", "times"):
        cols = [f'"{r[1]}"' for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
        for row in conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {', '.join(cols)}"):
            h.update(repr(row).encode())
    conn.close()
    return h.hexdigest()


def test_two_workers_store_the_same_rows_as_one(tmp_path):
    dumps = {}
    for n in (1, 2):
        db = tmp_path / f"w{n}.db"
        r = CliRunner().invoke(main, ["run", str(EXAMPLES), "--db", str(db), "--workers", str(n)])
        assert r.exit_code == 0, r.output
        assert "2 stored" in r.stderr
        assert "coding: coded 2 of 2 articles" in r.stderr        # the quiet line when stderr is no terminal
        dumps[n] = _dump(db)
    assert dumps[1] == dumps[2]


def test_poisoned_and_crashing_articles_are_reported_and_the_rest_coded():
    texts = [f"Report {i}. Russian Foreign Minister Sergei Lavrov met Hamas leaders in Moscow on Monday."
             for i in range(7)]
    texts[2] += " POISON"
    texts[4] += " CRASH"
    arts = [make_article(t, name=f"a{i}", id=f"a{i}") for i, t in enumerate(texts)]
    results = list(run_parallel(arts, 2, batch_size=2, process=poison_process))
    assert [r.article.id for r in results] == [a.id for a in arts]         # input order
    codes = {r.article.id: [e.code for e in r.errors] for r in results}
    assert codes["a2"] == ["internal_error"] and "poisoned" in results[2].errors[0].message
    assert codes["a4"] == ["worker_crashed"]
    for i in (0, 1, 3, 5, 6):
        assert codes[f"a{i}"] == [] and results[i].events, (i, results[i])


def test_progress_lines_when_not_a_terminal():
    out = io.StringIO()
    assert list(progress(range(5), total=5, every=2, stream=out)) == list(range(5))
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and lines[0].startswith("coding: coded 2 of 5 articles, ") and lines[0].endswith("/s")
    assert lines[-1].startswith("coding: coded 5 of 5 articles")
    out = io.StringIO()
    list(progress(iter(range(3)), stream=out))
    assert out.getvalue().startswith("coding: coded 3 articles, ")


def test_count_articles(tmp_path):
    assert count_articles([str(EXAMPLES)]) == 2
    (tmp_path / "b.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n', "utf-8")
    (tmp_path / "c.txt").write_text("x", "utf-8")
    assert count_articles([str(tmp_path)]) == 3
    assert count_articles(["-"]) is None and count_articles([str(tmp_path)], feeds=["f.xml"]) is None


def test_the_clock_marks_a_shared_parse_apart_from_an_article(monkeypatch):
    """A worker's slot holds the article number, or -(k + 1) while it parses the group that starts at k."""
    import multiprocessing
    clock = batch._Clock(multiprocessing.get_context("spawn"), 1)
    monkeypatch.setattr(batch, "_SLOT", (clock.array, clock.claim(os.getpid())))
    batch._clock_in(4, shared=True)
    time.sleep(0.05)
    assert clock.overdue(0.01) == [(os.getpid(), -5)]
    batch._clock_in(4)
    time.sleep(0.05)
    assert clock.overdue(0.01) == [(os.getpid(), 4)]
    batch._clock_in(None)
    assert clock.overdue(0.0) == []


def test_a_shared_parse_over_budget_is_killed_and_blames_no_article():
    """The worker is killed, but no article is marked as over budget: the group is re-run one article
    at a time, so that only the article that is slow on its own gets the `timeout` error."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])

    class Clock:
        def overdue(self, budget):
            return [(proc.pid, -3)] if proc.poll() is None else []

    pool = batch._Pool(1, (), timeout=1.0)
    pool.clock = Clock()
    fut: Future = Future()
    threading.Thread(target=lambda: (proc.wait(), fut.set_result([])), daemon=True).start()
    pool.wait([fut])
    assert proc.returncode == -batch._KILL and pool.timed_out == set()

"""Run by hand: kill -9 `eventwire run` at random points, check the database after every kill, and
check that the run, started again, ends with exactly the rows of an uninterrupted run.

    .venv/bin/python bench/crash_loop.py [KILLS] [--articles N] [--mode statement|timed] [--replay] [--seed S]

A round starts from an empty database; `eventwire run ARTICLES.jsonl --db DB` is started, killed
with SIGKILL, checked, started again on the same database, and so on until a run ends by itself;
then the whole database must equal the uninterrupted run's (checksum over the sorted rows of
every table, `ingested_at` left out). Rounds go on until KILLS kills have landed.

Kill points:
* `statement`: the run SIGKILLs itself when SQLite is about to execute its m-th SQL statement, m
  drawn uniformly over the statements of a whole run, so kills land inside the write path
  (between BEGIN and COMMIT, in the middle of an article's rows);
* `timed`: this script SIGKILLs the run a random 0-80 ms after the database holds a randomly
  chosen number of new articles (while the next article is coded or stored).

After every kill: `PRAGMA integrity_check` is ok, `PRAGMA foreign_key_check` finds nothing, and
every stored article is stored whole: its row and all its events, event parties, mentions and
times equal those of the uninterrupted run (one digest per article).

`--replay` replaces the NLP by the uninterrupted run's results (computed once here, pickled, and
replayed by article id), so a run costs a second, not the model's load; ingest, the CLI and the
store are the real ones. Without it, each run is the real `eventwire run` (model loaded each time).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("articles", "actors", "mentions", "events", "event_actors", "times")
PLACES = ["Moscow", "Kyiv", "Ankara", "Cairo", "Tehran", "Berlin", "Paris", "Beijing", "Doha", "Amman"]
LEADERS = ["Russian Foreign Minister Sergei Lavrov", "Turkish President Recep Tayyip Erdogan",
           "Egyptian President Abdel Fattah el-Sisi", "German Chancellor Olaf Scholz",
           "Iranian Foreign Minister Hossein Amirabdollahian", "Chinese Foreign Minister Wang Yi",
           "Qatari Prime Minister Mohammed bin Abdulrahman Al Thani", "Jordan's King Abdullah"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def write_articles(path: Path, n: int, seed: int = 1) -> None:
    """N small articles as JSONL: meetings, an attack and a protest each; plus one empty record,
    one French article and one near-duplicate, which are reported and not coded."""
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        a, b = rng.sample(LEADERS, 2)
        place, day, day2 = rng.choice(PLACES), rng.choice(DAYS), rng.choice(DAYS)
        text = (f"Report {i}. {a} met {b} in {place} on {day} to discuss a ceasefire, officials said.\n\n"
                f"Militants attacked a police station near {rng.choice(PLACES)} on {day2}, killing {rng.randint(2, 40)} "
                f"people, the interior ministry said.\n\nHundreds of people protested in {place} against the war.")
        lines.append({"id": f"art-{i:03d}", "text": text, "published": f"2024-03-{1 + i % 28:02d}"})
    lines.insert(n // 3, {"id": "empty", "text": "   "})
    lines.insert(n // 2, {"id": "french", "text": "Le président français a rencontré jeudi à Genève le ministre des "
                          "Affaires étrangères, a indiqué l'Élysée dans un communiqué publié dans la soirée."})
    lines.append({"id": "dup", "text": lines[0]["text"] + " (Updated.)", "published": lines[0]["published"]})
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")


# --- the database checks ------------------------------------------------------------------------

def _rows(conn: sqlite3.Connection, table: str, where: str = "", args: tuple = ()) -> list[tuple]:
    cols = [f'"{r[1]}"' for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
    return conn.execute(f"SELECT {', '.join(cols)} FROM {table} {where} ORDER BY {', '.join(cols)}", args).fetchall()


def checksum(db: Path) -> str:
    """sha256 over the sorted rows of every table, ingested_at left out."""
    conn = sqlite3.connect(db)
    h = hashlib.sha256()
    for table in TABLES:
        h.update(repr(_rows(conn, table)).encode())
    conn.close()
    return h.hexdigest()


def article_digests(db: Path) -> dict[str, str]:
    """Per stored article: a digest of its row and of all its events, parties, mentions and times."""
    conn = sqlite3.connect(db)
    out = {}
    for (aid,) in conn.execute("SELECT id FROM articles").fetchall():
        parts = [_rows(conn, "articles", "WHERE id=?", (aid,))]
        parts += [_rows(conn, t, "WHERE article_id=?", (aid,)) for t in ("events", "mentions", "times")]
        parts.append(_rows(conn, "event_actors", "WHERE event_id IN (SELECT id FROM events WHERE article_id=?)", (aid,)))
        out[aid] = hashlib.sha256(repr(parts).encode()).hexdigest()
    conn.close()
    return out


def check(db: Path, reference: dict[str, str]) -> list[str]:
    """What is wrong with a database left by a killed run ([] when nothing is)."""
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    problems = []
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems.append(f"integrity_check: {integrity[:3]}")
    if conn.execute("PRAGMA foreign_key_check").fetchall():
        problems.append("foreign_key_check finds rows without their parent")
    conn.close()
    for aid, digest in article_digests(db).items():
        if reference.get(aid) != digest:
            problems.append(f"article {aid} stored differently from the uninterrupted run (half-stored?)")
    return problems


def stored_count(db: Path) -> int:
    """Articles in the database now (read-only; 0 while it does not exist yet)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


# --- running and killing ------------------------------------------------------------------------

def _drive(argv: list[str]) -> None:
    """In the child: `eventwire run ARGV`, SIGKILLing itself at SQL statement EVENTWIRE_KILL_AT (0: never;
    the count goes to stderr at exit), with the results of EVENTWIRE_REPLAY instead of the NLP."""
    import atexit
    import contextlib
    import types

    import eventwire.pipeline as pipeline
    import eventwire.store as store
    from eventwire.cli import main

    kill_at, count = int(os.environ.get("EVENTWIRE_KILL_AT", "0")), [0]
    connect = store.connect

    def trace(sql: str) -> None:
        count[0] += 1
        if count[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def traced_connect(path):
        conn = connect(path)
        conn.set_trace_callback(trace)
        return conn

    store.connect = traced_connect
    atexit.register(lambda: print(f"statements: {count[0]}", file=sys.stderr))
    if os.environ.get("EVENTWIRE_REPLAY"):
        cache = pickle.loads(Path(os.environ["EVENTWIRE_REPLAY"]).read_bytes())
        real = pipeline.process_article
        pipeline.Resources.load = classmethod(lambda cls, **kw: types.SimpleNamespace(
            nlp=types.SimpleNamespace(memory_zone=contextlib.nullcontext), max_chars=pipeline.MAX_CHARS))
        pipeline.process_article = (lambda article, res, chunks=None:
                                    real(article, res) if article.errors else cache[article.id])
    main(["run", *argv])


def launch(jsonl: Path, db: Path, kill_at: int = 0, replay: Path | None = None) -> subprocess.Popen:
    """Start the driven `eventwire run` (in-process coding with --replay, the CLI's defaults otherwise)."""
    env = {**os.environ, "EVENTWIRE_KILL_AT": str(kill_at), "EVENTWIRE_REPLAY": str(replay or "")}
    args = [str(jsonl), "--db", str(db)] + (["--workers", "1", "--timeout", "0"] if replay else [])
    return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--drive", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, limit: float = 600) -> tuple[int, int]:
    """(return code, SQL statements run; -1 when killed) of a launched run."""
    _, err = proc.communicate(timeout=limit)
    lines = [x for x in err.splitlines() if x.startswith("statements: ")]
    return proc.returncode, int(lines[-1].split()[1]) if lines else -1


def build_replay(jsonl: Path, out: Path, resources=None) -> None:
    """Code every article of JSONL once (real pipeline) and pickle the Results by article id."""
    from eventwire.ingest import read_inputs
    from eventwire.pipeline import Resources, process_article
    from eventwire.records import Article
    res = resources or Resources.load()
    cache = {a.id: process_article(a, res) for a in read_inputs([str(jsonl)])
             if isinstance(a, Article) and not a.errors}
    out.write_bytes(pickle.dumps(cache))


@dataclass
class Tally:
    """What a campaign did and found."""

    kills: int = 0
    rounds: int = 0
    runs: int = 0
    problems: list[str] = field(default_factory=list)
    mismatches: int = 0
    seconds: float = 0.0
    statements: int = 0


def reference_run(jsonl: Path, work: Path, replay: Path | None) -> tuple[str, dict[str, str], int]:
    """Checksum, per-article digests and statement count of an uninterrupted run."""
    db = work / "reference.db"
    code, statements = finish(launch(jsonl, db, replay=replay))
    if code not in (0, 1):
        raise RuntimeError(f"the uninterrupted run failed (exit {code})")
    return checksum(db), article_digests(db), statements


def campaign(kills: int, jsonl: Path, work: Path, mode: str = "statement", replay: Path | None = None,
             seed: int = 1, log=print) -> Tally:
    """Kill runs until `kills` kills have landed; check after each; compare every finished round."""
    rng = random.Random(seed)
    total, reference, statements = reference_run(jsonl, work, replay)
    n = sum(1 for line in jsonl.read_text("utf-8").splitlines() if line.strip())
    tally = Tally(statements=statements)
    start = time.monotonic()
    while tally.kills < kills:
        tally.rounds += 1
        db = work / f"round{tally.rounds}.db"
        while True:
            tally.runs += 1
            killed = _one_run(jsonl, db, mode, rng, statements, n, replay)
            found = check(db, reference)
            tally.problems += [f"round {tally.rounds}, run {tally.runs}: {p}" for p in found]
            if not killed:
                break
            tally.kills += 1
            log(f"kill {tally.kills}: round {tally.rounds}, {stored_count(db)} articles stored, "
                f"{'ok' if not found else '; '.join(found)}")
        if checksum(db) != total:
            tally.mismatches += 1
            tally.problems.append(f"round {tally.rounds}: the finished database differs from the uninterrupted run")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    tally.seconds = time.monotonic() - start
    return tally


def _one_run(jsonl: Path, db: Path, mode: str, rng: random.Random, statements: int, n: int,
             replay: Path | None) -> bool:
    """One run on `db`, killed at a random point (or let to finish, a resumed run at times); True if killed."""
    if mode == "statement":
        code, _ = finish(launch(jsonl, db, kill_at=rng.randint(1, statements), replay=replay))
        return code == -signal.SIGKILL
    have = stored_count(db)
    if have >= n - 3 or (have and rng.random() < 0.2):
        finish(launch(jsonl, db, replay=replay))
        return False
    target = rng.randint(have + 1, n - 3)
    proc = launch(jsonl, db, replay=replay)
    while proc.poll() is None and stored_count(db) < target:
        time.sleep(0.005)
    time.sleep(rng.uniform(0, 0.08))
    if proc.poll() is not None:
        finish(proc)
        return False
    proc.send_signal(signal.SIGKILL)
    finish(proc)
    return True


def main() -> None:
    if sys.argv[1:2] == ["--drive"]:
        _drive(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kills", type=int, nargs="?", default=50)
    ap.add_argument("--articles", type=int, default=30)
    ap.add_argument("--mode", choices=["statement", "timed"], default="statement")
    ap.add_argument("--replay", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        jsonl = work / "articles.jsonl"
        write_articles(jsonl, args.articles, args.seed)
        replay = None
        if args.replay:
            replay = work / "replay.pickle"
            build_replay(jsonl, replay)
        t = campaign(args.kills, jsonl, work, args.mode, replay, args.seed)
    print(f"\n{args.mode} kills{' (replay)' if args.replay else ''}: {t.kills} kills in {t.rounds} rounds, "
          f"{t.runs} runs, {t.seconds:.0f} s; {t.statements} SQL statements in a whole run; "
          f"problems after kills: {len(t.problems) - t.mismatches}; finished rounds differing from the "
          f"uninterrupted run: {t.mismatches} of {t.rounds}")
    for p in t.problems[:20]:
        print("  ", p)
    sys.exit(1 if t.problems else 0)


if __name__ == "__main__":
    main()

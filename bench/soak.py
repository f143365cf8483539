"""Run by hand: code N synthetic articles with `eventwire run` to the end and watch memory and speed.

    .venv/bin/python bench/soak.py [N] [--workers W] [--every K] [--file PATH] [--db PATH] [--tty]

The input is a JSONL of N distinct articles, 2 to 7 sentences each, written from templates with
parties, places, days and numbers, and with a freshly made-up person name in most articles (so the
string store, the actor KB's caches and the story index see new names all the time, as on real
news); one article in 50 repeats an earlier one under another header (a near-duplicate). The run is
`eventwire run FILE --db DB --workers W` in a child, to the end; its progress lines ("coding: coded
N articles, R/s"; with --tty, the run's terminal progress bar, read from a pseudo-terminal) say how far it is. RSS of the parent (reader, store, story linking) and of each
worker is sampled every second; at every K articles the script prints the peak RSS since the last
mark and the articles/s over that stretch. The last lines give the growth of peak RSS from the mark
at 10,000 articles (or the first mark) to the end: the issue's target is < 10 %.
"""
from __future__ import annotations

import argparse
import json
import os
import pty
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator

from big_jsonl import DAYS, SENTENCES, WHERE, WHO   # bench/ is on sys.path when a script here runs

TITLES = ["Foreign Minister", "opposition leader", "Defence Minister", "rebel commander", "Interior Minister",
          "President", "police chief", "senior diplomat", "Prime Minister", "union leader"]
COUNTRIES = ["Nigerian", "Peruvian", "Indonesian", "Polish", "Ethiopian", "Colombian", "Thai", "Ukrainian",
             "Sudanese", "Bolivian", "Pakistani", "Serbian", "Malian", "Filipino", "Iraqi", "Chilean"]
NAMED = ["{country} {title} {name} met {who} in {where} on {day} and signed a trade agreement.",
         "{country} {title} {name} accused {who} of violating the ceasefire near {where}.",
         "Police in {where} arrested {name}, a {country} activist, on {day}, his lawyer said.",
         "{name}, the {country} {title}, called on {who} to release {n} detained journalists.",
         "{country} {title} {name} said on {day} that the government would not negotiate.",
         "Hundreds of supporters of {name} marched through {where} on {day}, demanding new elections."]
SYLLABLES = ["ka", "to", "ren", "mi", "sa", "vo", "lek", "da", "ni", "por", "tu", "bel", "an", "ze", "rio", "mun"]


def _name(rng: random.Random) -> str:
    """A made-up two-part person name such as 'Renvosa Tubelka'."""
    part = lambda: "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()  # noqa: E731
    return f"{part()} {part()}"


def _article(rng: random.Random, i: int) -> str:
    """2-7 sentences from the templates, most with a new person name; distinct from all others."""
    name, country, title = _name(rng), rng.choice(COUNTRIES), rng.choice(TITLES)
    pool = SENTENCES + NAMED * 2
    out = []
    for s in rng.sample(pool, rng.randint(2, 7)):
        out.append(s.format(who=rng.choice(WHO), who2=rng.choice(WHO), where=rng.choice(WHERE), day=rng.choice(DAYS),
                            n=rng.randint(2, 99), name=name, country=country, title=title))
    return f"Report {i}. " + " ".join(out)


def write_jsonl(path: Path, n: int) -> None:
    """Write n articles; one in 50 repeats an earlier text under another header (a near-duplicate)."""
    rng, recent = random.Random(7), []
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            if recent and i % 50 == 49:
                text = f"Report {i}. " + rng.choice(recent).split(". ", 1)[1]
            else:
                text = _article(rng, i)
                recent = (recent + [text])[-200:]
            f.write(json.dumps({"id": f"s{i}", "text": text, "published": "2024-03-06"}) + "\n")


def rss_by_process(pid: int) -> dict[int, float]:
    """Resident memory in MB of a process and each of its descendants (Linux /proc)."""
    out, todo = {}, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                out[p] = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, StopIteration):
            continue
    return out


_PROGRESS = re.compile(r"coded (\d+)|(\d+)/\d+ ")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def _lines(proc: subprocess.Popen, master: int | None) -> Iterator[str]:
    """The child's stderr line by line; from a pseudo-terminal, the bar's redraws (\\r) as lines, ANSI removed."""
    if master is None:
        yield from proc.stderr
        return
    buf = ""
    while True:
        try:
            chunk = os.read(master, 65536).decode("utf-8", "replace")
        except OSError:                     # EIO: the child closed the terminal
            break
        if not chunk:
            break
        *done, buf = re.split(r"[\r\n]", buf + _ANSI.sub("", chunk))
        yield from (line for line in done if line.strip())


def soak(path: Path, db: Path, workers: int, every: int, total: int, tty: bool = False) -> list[dict]:
    """Run `eventwire run` over the file to the end; one row per `every` articles with peak RSS and rate."""
    exe = Path(sys.executable).with_name("eventwire")
    master = slave = None
    if tty:                                 # stderr is a terminal: the run draws its progress bar
        master, slave = pty.openpty()
        os.environ.setdefault("COLUMNS", "120")
    proc = subprocess.Popen([str(exe), "run", str(path), "--db", str(db), "--workers", str(workers),
                             "--input-format", "jsonl"], stdout=subprocess.DEVNULL,
                            stderr=slave if tty else subprocess.PIPE, text=not tty)
    if slave is not None:
        os.close(slave)
    done, tail, shown = [0], [], [""]

    def read() -> None:
        for line in _lines(proc, master):
            m = _PROGRESS.search(line)
            if m:
                done[0] = int(m.group(1) or m.group(2))
                shown[0] = line.strip()
            else:
                tail.append(line.rstrip())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    rows, mark, t0 = [], every, time.monotonic()
    peak = {"total": 0.0, "parent": 0.0, "worker": 0.0}
    last_t, last_n = t0, 0
    while proc.poll() is None:
        time.sleep(1.0)
        rss = rss_by_process(proc.pid)
        kids = [mb for p, mb in rss.items() if p != proc.pid]
        peak = {"total": max(peak["total"], sum(rss.values())), "parent": max(peak["parent"], rss.get(proc.pid, 0)),
                "worker": max([peak["worker"], *kids])}
        n = done[0]
        if n >= mark or (proc.poll() is not None and n > last_n):
            now = time.monotonic()
            rows.append({"articles": n, "seconds": now - t0, "rate": (n - last_n) / max(now - last_t, 1e-9), **peak})
            print(f"  {n:>8,} articles {now - t0:7.0f} s  {rows[-1]['rate']:6.1f}/s  peak RSS total "
                  f"{peak['total']:7.0f} MB  parent {peak['parent']:6.0f} MB  largest worker {peak['worker']:6.0f} MB",
                  flush=True)
            if tty:
                print(f"    the bar: {shown[0]}", flush=True)
            peak = {"total": 0.0, "parent": 0.0, "worker": 0.0}
            last_t, last_n = now, n
            while mark <= n:
                mark += every
    reader.join(timeout=5)
    print(f"eventwire run exited {proc.returncode}; last stderr lines: {tail[-3:]}")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, nargs="?", default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--every", type=int, default=10_000)
    ap.add_argument("--file", type=Path, help="keep the generated JSONL here (reused when it exists)")
    ap.add_argument("--db", type=Path, help="database to write (default: a temporary one, removed after)")
    ap.add_argument("--tty", action="store_true", help="give the run a pseudo-terminal, so it draws its progress bar")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file or Path(tmp) / "soak.jsonl"
        if not path.exists():
            write_jsonl(path, args.n)
        words = sum(len(json.loads(line)["text"].split()) for line in open(path, encoding="utf-8"))
        print(f"{args.n:,} articles, {words:,} words, {path.stat().st_size / 1e6:.0f} MB; workers={args.workers}")
        db = args.db or Path(tmp) / "soak.db"
        rows = soak(path, db, args.workers, args.every, args.n, args.tty)
        print(f"database {db.stat().st_size / 1e6:.0f} MB")
    if len(rows) >= 2:
        base = next((r for r in rows if r["articles"] >= 10_000), rows[0])
        later = [r for r in rows if r["articles"] > base["articles"]]
        for key in ("total", "parent", "worker"):
            top = max(r[key] for r in later) if later else base[key]
            print(f"peak RSS {key:6}: {base[key]:.0f} MB at {base['articles']:,} articles -> max {top:.0f} MB after "
                  f"({(top - base[key]) / base[key] * 100:+.1f} %)")
        print(f"rate: {rows[0]['rate']:.1f}/s in the first stretch, {rows[-1]['rate']:.1f}/s in the last")


if __name__ == "__main__":
    main()

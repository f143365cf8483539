"""Run by hand: write a large JSONL of small articles and measure memory while eventwire streams it.

    .venv/bin/python bench/big_jsonl.py [MEGABYTES] [--mode read|run|extract] [--seconds S] [--file PATH]

* `read`: the CLI's reader (read_inputs with near-duplicate marking, as `run` uses it) over the
  whole file, in this process; RSS at every tenth of the file.
* `run` / `extract`: `eventwire run FILE --db DB` / `eventwire extract FILE > /dev/null` in a child
  for S seconds (the NLP codes ~10-20 articles a second, so the whole of a big file would take
  days), RSS of the child and all its descendants (workers, forkserver) sampled every 0.5 s; then
  the child is killed (its workers exit with it). Prints RSS at ten points and the peak.

The file (kept with --file, else a temporary one) holds distinct articles of ~400 bytes each.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crash_loop import stored_count   # bench/ is on sys.path when a script here runs

SENTENCES = ["{who} met {who2} in {where} on {day} to discuss the ceasefire, the ministry said.",
             "Militants attacked a checkpoint near {where} on {day}, killing {n} soldiers.",
             "About {n}00 people protested in {where} against the new law, police said.",
             "{who} warned that {who2} would face sanctions if the talks failed.",
             "The government of {where} expelled {n} diplomats on {day}, state media reported.",
             "Aid agencies said {n} trucks had crossed into {where} since {day}.",
             "{who} told reporters in {where} that an agreement was close.",
             "Troops arrested {n} suspects in a raid near {where} on {day}, the army said."]
WHO = ["Russian Foreign Minister Sergei Lavrov", "Turkish President Recep Tayyip Erdogan", "UN envoy Martin Griffiths",
       "Egyptian President Abdel Fattah el-Sisi", "German Chancellor Olaf Scholz", "Qatar's prime minister",
       "the Iranian foreign minister", "a senior Hamas official", "the US secretary of state", "Kenya's president"]
WHERE = ["Moscow", "Ankara", "Cairo", "Doha", "Geneva", "Amman", "Riyadh", "Kyiv", "Beirut", "Nairobi", "Kano", "Gaza"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _article(rng: random.Random, i: int) -> str:
    """Four random sentences with random parties, places, days and numbers: no two near-duplicates."""
    picks = rng.sample(SENTENCES, 4)
    return f"Report {i}. " + " ".join(s.format(who=rng.choice(WHO), who2=rng.choice(WHO), where=rng.choice(WHERE),
                                               day=rng.choice(DAYS), n=rng.randint(2, 99)) for s in picks)


def write_jsonl(path: Path, megabytes: float) -> int:
    """Write distinct small articles until the file holds `megabytes` MB; returns how many."""
    limit, size, i, rng = int(megabytes * 1_000_000), 0, 0, random.Random(1)
    with open(path, "w", encoding="utf-8") as f:
        while size < limit:
            text = _article(rng, i)
            line = json.dumps({"id": f"a{i}", "text": text, "published": "2024-03-06"}) + "\n"
            f.write(line)
            size += len(line)
            i += 1
    return i


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def measure_read(path: Path) -> list[tuple[str, float]]:
    """RSS of this process at every tenth of the file while read_inputs streams it."""
    from eventwire.ingest import read_inputs
    with open(path, "rb") as f:
        lines = sum(1 for _ in f)
    mb_per_line, step, points = path.stat().st_size / lines / 1e6, max(1, lines // 10), []
    t = time.monotonic()
    for n, _ in enumerate(read_inputs([str(path)], dedup=True), start=1):
        if n % step == 0:
            points.append((f"{n:,} articles ({n * mb_per_line:,.0f} MB) {time.monotonic() - t:.0f} s",
                           rss_mb(os.getpid())))
    return points


def measure_child(path: Path, mode: str, seconds: float) -> list[tuple[str, float]]:
    """RSS of `eventwire MODE FILE` and its descendants, sampled for `seconds`, with the articles
    stored (run) or written out (extract) so far."""
    with tempfile.TemporaryDirectory() as tmp:
        db, out = Path(tmp) / "big.db", Path(tmp) / "out.json"
        args = [str(path), "--db", str(db)] if mode == "run" else [str(path)]
        exe = Path(sys.executable).with_name("eventwire")
        with open(out, "wb") as stdout:
            proc = subprocess.Popen([str(exe), mode, *args], stdout=stdout, stderr=subprocess.DEVNULL)
            samples, t = [], time.monotonic()
            while time.monotonic() - t < seconds and proc.poll() is None:
                time.sleep(0.5)
                done = stored_count(db) if mode == "run" else _written(out)
                samples.append((time.monotonic() - t, rss_mb(proc.pid), done))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    step = max(1, len(samples) // 10)
    return [(f"{s:5.0f} s, {n:,} articles {'stored' if mode == 'run' else 'written'}", mb)
            for s, mb, n in samples[step - 1::step]]


def _written(out: Path) -> int:
    """Articles in `extract`'s output so far (one "published_inferred" key each)."""
    return out.read_bytes().count(b'"published_inferred"')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("megabytes", type=float, nargs="?", default=200)
    ap.add_argument("--mode", choices=["read", "run", "extract"], default="read")
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--file", type=Path)
    args = ap.parse_args()
    path = args.file or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    try:
        if not path.exists() or path.stat().st_size < args.megabytes * 1_000_000 * 0.99:
            t = time.monotonic()
            n = write_jsonl(path, args.megabytes)
            print(f"wrote {n:,} articles, {path.stat().st_size / 1e6:,.0f} MB in {time.monotonic() - t:.0f} s")
        points = measure_read(path) if args.mode == "read" else measure_child(path, args.mode, args.seconds)
    finally:
        if args.file is None:
            path.unlink(missing_ok=True)
    for label, mb in points:
        print(f"  {label:45} RSS {mb:8.0f} MB")
    print(f"{args.mode}: peak RSS {max(mb for _, mb in points):.0f} MB, first {points[0][1]:.0f} MB, "
          f"last {points[-1][1]:.0f} MB")


if __name__ == "__main__":
    main()

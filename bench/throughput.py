"""Run by hand: throughput of bare spaCy vs eventwire on 1 and 2 worker processes, same articles, one run.

    .venv/bin/python bench/throughput.py [N] [--profile]

Articles: the two examples plus the texts of /work/shared/eval/ecbplus_dev.jsonl and
timeml_meantime_dev.jsonl (when present), cycled up to N (default 400), each made unique with
a first line "Report <i>." so that no two share a content hash. Runs
  (a) bare spaCy: `nlp.pipe(texts, batch_size=8)` with the model eventwire loads,
  (b) eventwire's full pipeline, 1 worker (in-process, `batch.run_parallel(..., workers=1)`),
  (c) the same on 2 worker processes,
  (d) the same on a 2-worker Dask LocalCluster as `--scheduler local:2` starts it
      (`dask_run.connect`, `dask_run.run_dask`, partitions of 64, Parquet parts written to a
      temporary folder; start-up and model loading not timed),
and prints articles/s, words/s, the ratios b/a, c/b and d/c, and peak RSS (this process plus its
children, sampled from /proc every 0.2 s). Model and resource loading is not timed. With
--profile it also profiles (b) on the first 60 articles with cProfile and prints the top 25.
"""
from __future__ import annotations

import cProfile
import json
import os
import pstats
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

from eventwire.batch import run_parallel
from eventwire.ingest import make_article

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def texts() -> list[str]:
    out = [p.read_text("utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    for name in ("ecbplus_dev.jsonl", "timeml_meantime_dev.jsonl"):
        path = EVAL / name
        if path.is_file():
            out += [rec["text"] for rec in map(json.loads, path.read_text("utf-8").splitlines()) if rec.get("text")]
    return out


def build(n: int):
    base = texts()
    random.Random(0).shuffle(base)            # a mix of the sources from the first article on
    arts = [make_article(f"Report {i}.\n\n{base[i % len(base)]}", name=f"bench-{i}", id=f"bench-{i}")
            for i in range(n)]
    return arts, sum(len(a.text.split()) for a in arts), len(base)


class RSS:
    """Peak of (this process + all its descendants) resident memory, and the CPU seconds they used
    meanwhile (the machine may be shared: CPU time is the load-independent figure), from /proc."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self):
        self.peak = 0
        self.cpu: dict[int, list[int]] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    @staticmethod
    def tree(pid: int) -> list[int]:
        out, todo = [], [pid]
        while todo:
            p = todo.pop()
            out.append(p)
            try:
                for task in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{task}/children") as f:
                        todo += [int(c) for c in f.read().split()]
            except OSError:
                pass
        return out

    @staticmethod
    def rss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    @staticmethod
    def ticks(pid: int) -> int | None:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])            # utime + stime
        except (OSError, IndexError, ValueError):
            return None

    def sample(self):
        pids = self.tree(os.getpid())
        self.peak = max(self.peak, sum(self.rss(p) for p in pids))
        for p in pids:
            t = self.ticks(p)
            if t is not None:
                self.cpu.setdefault(p, [t, t])[1] = t

    @property
    def cpu_seconds(self) -> float:
        return sum(last - first for first, last in self.cpu.values()) / self.TICK

    def run(self):
        while not self.stop.wait(0.2):
            self.sample()

    def __enter__(self):
        self.peak, self.cpu = 0, {}
        self.sample()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.sample()
        self.stop.set()
        self.thread.join()
        self.stop.clear()


def bare(arts, nlp) -> tuple[float, int]:
    t = time.perf_counter()
    n = 0
    with nlp.memory_zone():
        for _ in nlp.pipe((a.text for a in arts), batch_size=8):
            n += 1
    return time.perf_counter() - t, n


def ours(results) -> tuple[float, int, int]:
    t = time.perf_counter()
    n = events = 0
    for r in results:
        n += 1
        events += len(r.events)
        assert not r.errors, r.errors
    return time.perf_counter() - t, n, events


def dask_row(arts) -> tuple:
    """(d): the articles on a 2-worker LocalCluster, started as `--scheduler local:2` starts it; the
    cluster's start and shutdown are not timed."""
    from eventwire.dask_run import connect, run_dask
    client, cluster = connect("local:2")
    with tempfile.TemporaryDirectory() as parts:
        results = run_dask(arts, client, Path(parts))         # both workers load the resources before this returns
        with RSS() as m:
            secs, _, ev = ours(results)
    client.close()
    cluster.close()
    return ("Dask LocalCluster(2)", secs, m.peak, ev, m.cpu_seconds)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 400
    arts, words, distinct = build(n)
    print(f"load average {os.getloadavg()[0]:.2f} before the runs")
    print(f"{n} articles ({distinct} distinct texts, each made unique), {words:,} words, "
          f"{os.cpu_count()} cores, batch size 8")
    rows = {}
    from eventwire.annotate import load_nlp
    nlp = load_nlp()
    with RSS() as m:
        secs, _ = bare(arts, nlp)
    del nlp
    rows["a"] = ("bare spaCy nlp.pipe", secs, m.peak, None, m.cpu_seconds)
    results = run_parallel(arts, 1)          # loads the resources before returning
    with RSS() as m:
        secs, _, ev = ours(results)
    del results
    rows["b"] = ("eventwire, 1 worker", secs, m.peak, ev, m.cpu_seconds)
    results = run_parallel(arts, 2)          # starts the 2 workers and waits until both loaded
    with RSS() as m:
        secs, _, ev2 = ours(results)
    rows["c"] = ("eventwire, 2 workers", secs, m.peak, ev2, m.cpu_seconds)
    rows["d"] = dask_row(arts)
    if ev != ev2:          # the same articles must give the same events; differing code (edited mid-run?) would not
        print(f"WARNING: {ev} events on 1 worker, {ev2} on 2")
    if ev != rows["d"][3]:
        print(f"WARNING: {ev} events on 1 worker, {rows['d'][3]} on the Dask LocalCluster")
    print(f"{'':3}{'run':24}{'seconds':>9}{'articles/s':>12}{'words/s':>10}{'peak RSS':>11}{'events':>8}"
          f"{'CPU s*':>8}{'CPU s/article':>15}")
    for k, (name, s, peak, e, cpu) in rows.items():
        print(f"{k:3}{name:24}{s:9.1f}{n / s:12.1f}{words / s:10,.0f}{peak / 2**30:9.2f} GB"
              f"{'' if e is None else e:>8}{cpu:8.1f}{cpu / n:15.3f}")
    a, b, c, d = (n / rows[k][1] for k in "abcd")
    print(f"b/a = {b / a:.2f}   c/b = {c / b:.2f}   d/c = {d / c:.2f}   (wall clock)")
    ca, cb, cc, cd = (rows[k][4] for k in "abcd")
    print(f"CPU-time ratios: b/a = {ca / cb:.2f}   c/b = {cb / cc:.2f}   d/c = {cc / cd:.2f} "
          "(c/b ~1 means no parallel overhead)")
    print("* CPU s: this process and its children while the run lasted (loading not included); "
          f"load average {os.getloadavg()[0]:.2f} (the machine may be shared)")
    if "--profile" in sys.argv:
        results = run_parallel(arts[:60], 1)
        prof = cProfile.Profile()
        prof.enable()
        for _ in results:
            pass
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()

"""Run by hand: the single writer's cost. Store N coded articles into a fresh database, articles/s per stretch.

    .venv/bin/python bench/store_linking.py [N] [--results FILE.pkl] [--every K] [--profile LAST] [--db FILE]

`eventwire run` codes in worker processes but stores (and links: event clusters, claim verdicts,
stories, all in the article's own transaction) in one process, so that process caps the run's
rate whatever the number of workers. This script codes N of `soak.py`'s synthetic articles once on
two workers (kept in --results, reused when it exists), then times `store_result` alone over them
into an empty SQLite file: articles/s for each stretch of K, so the cost per article as the store
grows shows, and the CPU time an article (the figure to compare on a shared machine).
`--profile LAST` prints a cProfile of the last LAST articles; `--db FILE` keeps the database (to compare
two versions' tables), which must not exist yet.
"""
from __future__ import annotations

import argparse
import cProfile
import itertools
import pickle
import pstats
import tempfile
import time
from pathlib import Path

from soak import write_jsonl   # bench/ is on sys.path when a script here runs


def coded(n: int, path: Path) -> list:
    """N soak articles coded on two workers, pickled in `path` (reused when present)."""
    if path.exists():
        return pickle.loads(path.read_bytes())[:n]
    from eventwire.batch import run_parallel
    from eventwire.ingest import read_inputs
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "soak.jsonl"
        write_jsonl(src, n)
        arts = list(itertools.islice(read_inputs([str(src)], input_format="jsonl", dedup=True), n))
        results = list(run_parallel(arts, workers=2))
    path.write_bytes(pickle.dumps(results))
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, nargs="?", default=4000)
    ap.add_argument("--results", type=Path, default=Path(tempfile.gettempdir()) / "eventwire-bench-results.pkl")
    ap.add_argument("--every", type=int, default=500)
    ap.add_argument("--profile", type=int, default=0)
    ap.add_argument("--db", type=Path, help="store into this new file and keep it (default: a temporary one)")
    args = ap.parse_args()
    from eventwire.store.sqlite import connect, store_result, writer_cache
    results = coded(args.n, args.results)
    if args.db is not None and args.db.exists():
        ap.error(f"{args.db} exists: give a new file")
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(args.db or Path(tmp) / "bench.db")
        writer_cache(conn)                          # as `eventwire run` does
        prof = cProfile.Profile() if args.profile else None
        start = last = time.perf_counter()
        cpu0 = time.process_time()
        for i, r in enumerate(results, 1):
            if prof and i == len(results) - args.profile + 1:
                prof.enable()
            store_result(conn, r)
            if i % args.every == 0:
                now = time.perf_counter()
                print(f"  {i:>7,} stored  {args.every / (now - last):6.1f} articles/s", flush=True)
                last = now
        total, cpu = time.perf_counter() - start, time.process_time() - cpu0
        print(f"{len(results):,} articles stored in {total:.1f} s: {len(results) / total:.1f}/s, "
              f"{total / len(results) * 1000:.1f} ms an article ({cpu / len(results) * 1000:.1f} ms of CPU)")
        conn.close()
    if prof:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()

"""Run by hand: one very long article (default 5 MB) through the full pipeline vs bare spaCy.

    .venv/bin/python bench/big_text.py [MEGABYTES]

Prints the time of each, their ratio, peak RSS and the number of events, and
checks that every event's evidence offsets index the text.
"""
from __future__ import annotations

import datetime as dt
import resource
import sys
import time
from pathlib import Path

from eventwire import annotate
from eventwire.ingest import make_article
from eventwire.pipeline import Resources, process_article

ROOT = Path(__file__).resolve().parents[1]


def build(megabytes: float) -> str:
    """Paragraphs of the example articles, repeated with a running number so no two are equal."""
    paras = [p for f in sorted((ROOT / "examples").glob("*.txt")) for p in f.read_text("utf-8").split("\n\n") if p.strip()]
    out, n, size = [], 0, int(megabytes * 1_000_000)
    while sum(map(len, out)) < size:
        out.append(f"({n}) {paras[n % len(paras)]}")
        n += 1
    return "\n\n".join(out)


def main() -> None:
    mb = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    text = build(mb)
    res = Resources.load()
    t0 = time.perf_counter()
    for _ in annotate.annotate(res.nlp, text):
        pass
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    r = process_article(make_article(text, name="big", published=dt.date(2024, 1, 19)), res)
    full = time.perf_counter() - t0
    assert all(text[e.evidence.start:e.evidence.end] == e.evidence.text for e in r.events)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"text {len(text):,} chars; bare spaCy {bare:.1f} s; full pipeline {full:.1f} s; ratio {full / bare:.2f}; "
          f"events {len(r.events):,}; mentions {len(r.mentions):,}; peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()

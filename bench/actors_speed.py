"""Run by hand: time `resolve_actors` alone on long texts (spaCy runs once, outside the timing).

    .venv/bin/python bench/actors_speed.py [MEGABYTES ...]      (default: 0.1 0.3 1)

The text is the example articles' paragraphs repeated with a running number (as bench/big_text.py
builds it).  Prints seconds per size, the number of mentions and actors, and a short digest of the
output so two versions of the code can be compared for identical results.
"""
from __future__ import annotations

import hashlib
import sys
import time

from eventwire import annotate
from eventwire.actors import load_kb, resolve_actors
from eventwire.records import to_jsonable

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from big_text import build  # noqa: E402


def main() -> None:
    sizes = [float(a) for a in sys.argv[1:]] or [0.1, 0.3, 1.0]
    nlp = annotate.load_nlp()
    kb = load_kb([])
    for mb in sizes:
        text = build(mb)
        chunks = annotate.annotate(nlp, text)
        t0 = time.perf_counter()
        actors, mentions = resolve_actors(chunks, text, kb)
        dt = time.perf_counter() - t0
        digest = hashlib.sha1(repr((to_jsonable(list(actors)), to_jsonable(list(mentions)))).encode()).hexdigest()[:12]
        print(f"{mb:5.2f} MB ({len(text):,} chars): resolve_actors {dt:6.2f} s; "
              f"mentions {len(mentions):,}; actors {len(actors):,}; digest {digest}", flush=True)


if __name__ == "__main__":
    main()

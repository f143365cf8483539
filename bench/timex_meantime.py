"""Score eventwire.timex.find_times on the MEANTIME TimeML dev set (DCT given as the published date).

Usage: python bench/timex_meantime.py [PATH.jsonl] [--errors]

Prints strict span F1, relaxed span F1, value accuracy over the relaxed matches and value F1
(relaxed F1 x value accuracy, TempEval-3 Task A), scored as eval/README.md says: only gold and
predictions starting before `annotated_until`, predictions overlapping `dct_span` left out.
The scorer is eventwire.eval.timeml (the one `eventwire eval` uses).  --errors lists the
misses, the false alarms and the wrong values.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from eventwire.annotate import annotate, load_nlp
from eventwire.eval.timeml import score_timeml
from eventwire.timex import find_times

DEFAULT = Path("/work/shared/eval/timeml_meantime_dev.jsonl")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _errors(rec: dict, times: list[dict]) -> list[str]:
    until = rec.get("annotated_until") or len(rec["text"])
    dct = tuple(rec.get("dct_span") or (0, 0))
    gold = [g for g in rec["timexes"] if g["start"] < until]
    pred = [p for p in times if p["start"] < until and not _overlap((p["start"], p["end"]), dct)]
    lines = []
    for g in gold:
        hits = [p for p in pred if _overlap((g["start"], g["end"]), (p["start"], p["end"]))]
        if not hits:
            lines.append(f"  MISS  {g['text']!r} {g['type']} {g['value']}")
        elif all(p["value"] != g["value"] for p in hits):
            lines.append(f"  VALUE {g['text']!r} gold {g['value']} | ours " +
                         ", ".join(f"{p['text']!r} {p['value']}" for p in hits))
    for p in pred:
        if not any(_overlap((g["start"], g["end"]), (p["start"], p["end"])) for g in gold):
            lines.append(f"  FALSE {p['text']!r} {p['type']} {p['value']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--errors", action="store_true", help="list misses, false alarms and wrong values")
    args = ap.parse_args(argv)
    records = [json.loads(line) for line in Path(args.path).read_text("utf-8").splitlines() if line.strip()]
    nlp = load_nlp()
    t0 = time.perf_counter()
    articles: dict[str, dict] = {}
    t_timex = 0.0
    for rec in records:
        chunks = annotate(nlp, rec["text"])
        t1 = time.perf_counter()
        pub = dt.date.fromisoformat(rec["dct"]) if rec.get("dct") else None
        times = [asdict(t) for t in find_times(chunks, rec["text"], pub)]
        t_timex += time.perf_counter() - t1
        articles[str(rec["doc_id"])] = {"times": times}
        if args.errors:
            errs = _errors(rec, times)
            if errs:
                print(f"# {rec['doc_id']} dct {rec['dct']} {rec['title'][:70]}")
                print("\n".join(errs))
    s = score_timeml(records, articles)["timex"]
    elapsed = time.perf_counter() - t0
    print(f"MEANTIME dev: {len(records)} articles, {s['n_gold']} gold timexes, {s['n_pred']} predicted")
    print(f"strict span F1   {s['strict_f1']:.3f}  (P {s['strict_precision']:.3f}  R {s['strict_recall']:.3f})")
    print(f"relaxed span F1  {s['relaxed_f1']:.3f}  (P {s['relaxed_precision']:.3f}  R {s['relaxed_recall']:.3f})")
    print(f"value accuracy   {s['value_accuracy']:.3f}  (over relaxed matches; type accuracy {s['type_accuracy']:.3f})")
    print(f"value F1         {s['value_f1']:.3f}")
    print(f"time: {elapsed:.1f} s in all, {t_timex:.2f} s in find_times")
    return 0


if __name__ == "__main__":
    sys.exit(main())

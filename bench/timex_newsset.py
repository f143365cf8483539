"""Score eventwire.timex.find_times on the news test set tests/data/timex_news.yaml.

Usage: python bench/timex_newsset.py [PATH.yaml] [--errors]

Each expected expression is located in its text; a found time matches it strictly when the
offsets are equal and relaxed when they overlap.  Prints span recall (strict and relaxed),
value accuracy over all expected expressions (a missed one counts as wrong) and over the
found ones, per batch and per case, and the false alarms on the `not` substrings (ages, counts, ...).
Batch 2 was written after the first round of fixes and scored before any further change
(56 of 59 values right then, 0.949); see the note in the data file.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import yaml

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "timex_news.yaml"


def load_items(path: Path = DEFAULT) -> list[dict]:
    items = yaml.safe_load(Path(path).read_text("utf-8")) or []
    for it in items:
        if isinstance(it["pub"], str):
            it["pub"] = dt.date.fromisoformat(it["pub"])
    return items


def locate(text: str, expr: str) -> tuple[int, int]:
    """Offsets of 'expr' (or 'expr#n', the n-th occurrence) in text."""
    name, _, nth = expr.partition("#")
    pos = -1
    for _ in range(int(nth or 1)):
        pos = text.find(name, pos + 1)
        if pos < 0:
            raise ValueError(f"{name!r} not in {text!r}")
    return pos, pos + len(name)


def expectations(items: list[dict]) -> Iterator[tuple[int, dict, str, str | None]]:
    """(item index, item, expression, expected value or None for a `not` substring)."""
    for i, it in enumerate(items):
        for expr, value in it.get("times") or []:
            yield i, it, expr, str(value)
        for expr in it.get("not") or []:
            yield i, it, expr, None


def best_match(spans: list[Any], start: int, end: int) -> tuple[Any | None, bool]:
    """The found span that best covers start..end (exact first, else the largest overlap), and whether exact."""
    over = [s for s in spans if s.start < end and start < s.end]
    if not over:
        return None, False
    exact = [s for s in over if (s.start, s.end) == (start, end)]
    if exact:
        return exact[0], True
    return max(over, key=lambda s: min(end, s.end) - max(start, s.start)), False


def run(path: Path, show_errors: bool) -> dict:
    from eventwire.annotate import annotate, load_nlp
    from eventwire.timex import find_times

    items = load_items(path)
    nlp = load_nlp()
    found = {}
    t0 = time.perf_counter()
    for i, it in enumerate(items):
        found[i] = find_times(annotate(nlp, it["text"]), it["text"], it["pub"])
    elapsed = time.perf_counter() - t0
    n = strict = relaxed = right = 0
    neg = neg_bad = 0
    per_case: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    per_batch: dict[int, list[int]] = collections.defaultdict(lambda: [0, 0])
    errors = []
    for i, it, expr, value in expectations(items):
        s, e = locate(it["text"], expr)
        span, exact = best_match(found[i], s, e)
        if value is None:
            neg += 1
            if span is not None:
                neg_bad += 1
                errors.append(f"FALSE  [{it['case']}] {expr!r} tagged as {span.text!r} {span.value}  | {it['text']}")
            continue
        n += 1
        per_case[it["case"]][1] += 1
        per_batch[it.get("batch", 1)][1] += 1
        if span is None:
            errors.append(f"MISS   [{it['case']}] {expr!r} want {value}  pub {it['pub']} | {it['text']}")
            continue
        relaxed += 1
        strict += exact
        if span.value == value:
            right += 1
            per_case[it["case"]][0] += 1
            per_batch[it.get("batch", 1)][0] += 1
        else:
            errors.append(f"VALUE  [{it['case']}] {expr!r} want {value} got {span.text!r} {span.value}"
                          f"  pub {it['pub']} | {it['text']}")
        if not exact:
            errors.append(f"EXTENT [{it['case']}] {expr!r} found as {span.text!r}")
    res = {"items": len(items), "expressions": n, "negatives": neg, "strict_recall": strict / n,
           "relaxed_recall": relaxed / n, "value_accuracy": right / n,
           "value_accuracy_found": right / relaxed if relaxed else 0.0, "false_alarms": neg_bad,
           "per_case": dict(per_case), "per_batch": dict(per_batch), "seconds": elapsed}
    if show_errors:
        print("\n".join(errors))
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--errors", action="store_true", help="list misses, wrong values, extents and false alarms")
    args = ap.parse_args(argv)
    r = run(Path(args.path), args.errors)
    print(f"news set: {r['items']} items, {r['expressions']} expressions, {r['negatives']} non-date substrings")
    print(f"span recall      strict {r['strict_recall']:.3f}  relaxed {r['relaxed_recall']:.3f}")
    print(f"value accuracy   {r['value_accuracy']:.3f} of all expressions  ({r['value_accuracy_found']:.3f} of those found)")
    print(f"false alarms     {r['false_alarms']} of {r['negatives']} non-date substrings tagged")
    for batch, (ok, tot) in sorted(r["per_batch"].items()):
        print(f"  batch {batch}: {ok}/{tot} values right")
    for case, (ok, tot) in sorted(r["per_case"].items()):
        print(f"  {case:15s} {ok:3d}/{tot:<3d}")
    print(f"time: {r['seconds']:.1f} s (parse + find_times)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

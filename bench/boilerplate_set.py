"""Run by hand: plain-text boilerplate precision/recall on tests/data/boilerplate (dev and heldout).

    .venv/bin/python bench/boilerplate_set.py [-v]

Each case is an article-like text with furniture lines marked `@@ ` (gold boilerplate) and
headings marked `== ` (must stay); see tests/data/boilerplate/README.md. A line counts as
dropped when a dropped span of `find_boilerplate` covers it. Prints line-level precision,
recall and F1 per split and overall, and the headings dropped (must be 0); `-v` lists every
false positive and false negative.
"""
from __future__ import annotations

import sys
from pathlib import Path

from eventwire.clean import find_boilerplate, load_rules

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "boilerplate"


def load_case(path: Path) -> tuple[str, list[tuple[int, int, str, str]]]:
    """(text, [(start, end, line, mark)]) with mark "@@" (boilerplate), "==" (heading) or ""."""
    lines, spans, pos = [], [], 0
    for raw in path.read_text("utf-8").splitlines():
        mark = raw[:2] if raw[:3] in ("@@ ", "== ") else ""
        line = raw[3:] if mark else raw
        if line.strip():
            spans.append((pos, pos + len(line), line, mark))
        lines.append(line)
        pos += len(line) + 1
    return "\n".join(lines) + "\n", spans


def score(paths: list[Path], rules, verbose: bool = False) -> dict:
    tp = fp = fn = heads_dropped = heads = 0
    for path in paths:
        text, spans = load_case(path)
        dropped = find_boilerplate(text, rules)
        for start, end, line, mark in spans:
            hit = any(d.start < end and start < d.end for d in dropped)
            heads += mark == "=="
            if mark == "@@":
                tp += hit
                fn += not hit
                if verbose and not hit:
                    print(f"  FN {path.parent.name}/{path.name}: {line[:100]}")
            elif hit:
                fp += 1
                heads_dropped += mark == "=="
                if verbose:
                    print(f"  FP {path.parent.name}/{path.name}: {line[:100]}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"cases": len(paths), "precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
            "headings": heads, "headings_dropped": heads_dropped}


def main(argv: list[str]) -> None:
    rules = load_rules()
    verbose = "-v" in argv
    splits = {name: sorted((DATA / name).glob("*.txt")) for name in ("dev", "heldout")}
    splits["all"] = splits["dev"] + splits["heldout"]
    print(f"{'split':8s} {'cases':>5s} {'P':>6s} {'R':>6s} {'F1':>6s}  tp/fp/fn    headings dropped")
    for name, paths in splits.items():
        s = score(paths, rules, verbose and name != "all")
        print(f"{name:8s} {s['cases']:5d} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}  "
              f"{s['tp']}/{s['fp']}/{s['fn']}    {s['headings_dropped']} of {s['headings']}")


if __name__ == "__main__":
    main(sys.argv[1:])

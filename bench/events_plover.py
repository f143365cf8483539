"""Score the event stage on the PLOVER gold-standard records (eval/plover_gsr_dev.jsonl).

Usage: python bench/events_plover.py [PATH.jsonl] [--errors] [--json OUT.json]

Each record is one sentence from the CAMEO manual's examples with one human-coded
event. The whole pipeline runs on `text` with no publication date (the record's
date is a 2000-01-01 placeholder; dates are not scored). Only asserted events count
as the system's events.

Metrics (micro-averaged over all records; each expected event matches at most one
system event, and each system event at most one expected event):
  type          a system event matches an expected one when the PLOVER type is equal
  type+source   ... and one of the system event's actors is the expected source: the
                actor's mentions overlap the source text in the sentence, or its name
                or an alias overlaps the source text (case-insensitive substring)
  type+target   ... and the expected target (recipient) is among the system's recipients
                (or its actors, for the reciprocal types), matched the same way; an
                expected event with no target needs only the type
  mode          of the type matches, how many have the expected mode
Also: per-type recall, records that yield no event at all, and the macro average of
the per-record F1. --errors lists every record with a miss or a false event.

The figures `eventwire eval` reports on this file (event type accuracy, mode accuracy,
actor and recipient F1 by country + sector code; eventwire/eval/plover.py) are printed
first, from the same run.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

from eventwire.pipeline import Resources, process_article
from eventwire.eval.common import find_all
from eventwire.ingest import make_article

DEFAULT = Path("/work/shared/eval/plover_gsr_dev.jsonl")


def _actor_matches(actor: dict | None, mentions: list[dict], gold_texts: list[str], text: str) -> bool:
    """Whether a system entity is one of the expected parties (by span overlap or name overlap)."""
    if actor is None:
        return False
    for g in gold_texts:
        spans = find_all(text.lower(), g.lower().strip())
        for m in mentions:
            if any(m["start"] < e and s < m["end"] for s, e in spans):
                return True
        gl = g.lower()
        for name in [actor.get("name") or "", *(actor.get("aliases") or [])]:
            nl = name.lower()
            if len(nl) >= 3 and (nl in gl or gl in nl):
                return True
    return False


def _parties_match(ids: list[str], gold: list[dict], ents: dict[str, dict], text: str) -> bool:
    texts = [g["text"] for g in gold if g.get("text")]
    if not texts:
        return False
    return any(_actor_matches(ents.get(i), ents.get(i, {}).get("mentions", []), texts, text) for i in ids)


def score_record(rec: dict, result: dict, reciprocal: set[str]) -> dict:
    """Match one record's expected events to the system's asserted events."""
    text = rec["text"]
    ents = {e["id"]: e for e in result["entities"]}
    system = [e for e in result["events"] if e["polarity"] == "asserted"]
    expected = rec["expected"]
    out = {"n_exp": len(expected), "n_sys": len(system), "n_any": len(result["events"])}
    for level in ("type", "source", "target"):
        used: set[int] = set()
        tp = 0
        for g in expected:
            for j, s in enumerate(system):
                if j in used or s["type"] != g["code"]:
                    continue
                if level == "source" and not _parties_match(s["actors"], g["source"], ents, text):
                    continue
                if level == "target" and any(t.get("text") for t in g["target"]):
                    pool = s["actors"] + s["recipients"] if s["type"] in reciprocal else s["recipients"]
                    if not _parties_match(pool, g["target"], ents, text):
                        continue
                used.add(j)
                tp += 1
                break
        out[f"tp_{level}"] = tp
    hits, modes = [], 0
    used = set()
    for g in expected:
        j = next((j for j, s in enumerate(system) if j not in used and s["type"] == g["code"]), None)
        hits.append(j is not None)
        if j is not None:
            used.add(j)
            modes += (system[j]["mode"] or None) == (g.get("mode") or None)
    out["hits"] = hits
    out["mode_ok"] = modes
    return out


def _prf(tp: int, n_sys: int, n_exp: int) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_exp if n_exp else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--errors", action="store_true", help="list records with misses or false events")
    ap.add_argument("--json", type=Path, help="write the per-record results here")
    args = ap.parse_args(argv)

    from eventwire.pipeline import result_json
    recs = [json.loads(line) for line in args.path.read_text("utf-8").splitlines() if line.strip()]
    t0 = time.perf_counter()
    res = Resources.load()
    load_s = time.perf_counter() - t0
    reciprocal = {t for t in res.lexicon.types if res.lexicon.reciprocal(t)}
    rows = []
    t0 = time.perf_counter()
    for rec in recs:
        art = make_article(rec["text"], name=rec["id"], id=rec["id"], published=None)
        result = result_json(process_article(art, res))
        rows.append((rec, result, score_record(rec, result, reciprocal)))
    run_s = time.perf_counter() - t0

    from eventwire.eval import format_table
    from eventwire.eval.plover import score_plover
    print("eventwire eval (country + sector codes):")
    print(format_table(score_plover(recs, {rec["id"]: result for rec, result, _ in rows})))
    print()
    print("span/name-based diagnostics:")
    n_exp = sum(s["n_exp"] for _, _, s in rows)
    n_sys = sum(s["n_sys"] for _, _, s in rows)
    print(f"records {len(recs)}  expected events {n_exp}  system asserted events {n_sys}  "
          f"(load {load_s:.1f}s, run {run_s:.1f}s)")
    for level, label in (("type", "type"), ("source", "type+source"), ("target", "type+target")):
        tp = sum(s[f"tp_{level}"] for _, _, s in rows)
        p, r, f = _prf(tp, n_sys, n_exp)
        print(f"{label:<12} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, fp {n_sys - tp}, fn {n_exp - tp})")
    macro = [(_prf(s["tp_type"], s["n_sys"], s["n_exp"])[2]) for _, _, s in rows]
    print(f"{'type macro':<12} per-record F1 averaged over records: {sum(macro) / len(macro):.3f}")
    tp = sum(s["tp_type"] for _, _, s in rows)
    modes = sum(s["mode_ok"] for _, _, s in rows)
    print(f"{'mode':<12} {modes}/{tp} type matches have the expected mode ({modes / tp if tp else 0:.3f})")
    none = sum(1 for _, _, s in rows if s["n_any"] == 0)
    none_asserted = sum(1 for _, _, s in rows if s["n_sys"] == 0)
    print(f"{'no event':<12} {none}/{len(recs)} records yield no event at all; "
          f"{none_asserted}/{len(recs)} no asserted event")

    by_type: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    fp_type: collections.Counter = collections.Counter()
    for rec, result, s in rows:
        for g, hit in zip(rec["expected"], s["hits"]):
            by_type[g["code"]][0] += hit
            by_type[g["code"]][1] += 1
        matched = collections.Counter(g["code"] for g, hit in zip(rec["expected"], s["hits"]) if hit)
        for e in result["events"]:
            if e["polarity"] == "asserted":
                if matched[e["type"]]:
                    matched[e["type"]] -= 1
                else:
                    fp_type[e["type"]] += 1
    print("per-type recall (and false events of that type):")
    for t, (h, n) in sorted(by_type.items(), key=lambda kv: (-kv[1][1], kv[0])):
        print(f"  {t:<10} {h:>3}/{n:<3} {h / n:.2f}   fp {fp_type.get(t, 0)}")
    for t in sorted(set(fp_type) - set(by_type)):
        print(f"  {t:<10}   -/-        fp {fp_type[t]}")

    if args.errors:
        print("\nerrors:")
        for rec, result, s in rows:
            if all(s["hits"]) and s["n_sys"] == s["tp_type"]:
                continue
            exp = "; ".join(f"{g['code']}/{g.get('mode')} {[x['text'] for x in g['source']]}->"
                            f"{[x['text'] for x in g['target']]}" for g in rec["expected"])
            names = {e["id"]: e["name"] for e in result["entities"]}
            got = "; ".join(f"{e['type']}/{e['mode']} {e['polarity']} trig={e['trigger']['text']!r} "
                            f"{[names.get(a, a) for a in e['actors']]}->{[names.get(a, a) for a in e['recipients']]}"
                            for e in result["events"]) or "-"
            print(f"{rec['id']}\n  text: {rec['text']}\n  gold: {exp}\n  ours: {got}")
    if args.json:
        args.json.write_text(json.dumps([{"id": r["id"], "score": {k: v for k, v in s.items()}, "events": res_["events"]}
                                         for r, res_, s in rows], indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

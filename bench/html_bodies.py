"""Run by hand: HTML body extraction on the article-extraction dev set, eventwire next to plain trafilatura.

    .venv/bin/python bench/html_bodies.py [GROUND_TRUTH.jsonl] [--pipeline]

eventwire's body is what `eventwire eval GROUND_TRUTH.jsonl` scores: the extracted text
(ingest: trafilatura with eventwire's options, paragraphs, non-article check) minus the spans the
boilerplate cleaner drops; an article with errors (e.g. not English) keeps its whole text, as in
the pipeline. `--pipeline` runs the full pipeline (spaCy and all) instead, exactly as `eval`
does; it is slower and gives the same body. Plain trafilatura is `trafilatura.extract(html)` with
its defaults. Scoring: the benchmark's shingle precision/recall (eventwire.eval.html_body).
"""
from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

import trafilatura

from eventwire.clean import find_boilerplate, load_rules
from eventwire.eval.html_body import html_inputs, score_bodies
from eventwire.ingest import IngestError, from_record
from eventwire.records import to_jsonable

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "html_extraction_dev" / "ground_truth.jsonl"


def eventwire_bodies(inputs: list[dict], pipeline: bool) -> dict[str, dict]:
    if pipeline:
        from eventwire.pipeline import Resources, process_many, result_json
        res = Resources.load()
        arts = [from_record(rec, rec["id"]) for rec in inputs]
        return {r.article.id: result_json(r) for r in process_many(arts, res)}
    rules = load_rules()
    out = {}
    for rec in inputs:
        try:
            a = from_record(rec, rec["id"])
        except IngestError:
            continue
        dropped = () if a.errors else find_boilerplate(a.text, rules)
        out[rec["id"]] = {"text": a.text, "dropped": to_jsonable(dropped), "errors": [e.code for e in a.errors]}
    return out


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    gold_path = Path(args[0]) if args else DEFAULT
    records = [json.loads(line) for line in gold_path.read_text("utf-8").splitlines() if line.strip()]
    inputs = html_inputs(records, gold_path.parent)
    t = time.perf_counter()
    plain = {rec["id"]: {"text": trafilatura.extract(rec["html"]) or "", "dropped": []} for rec in inputs}
    t_plain = time.perf_counter() - t
    t = time.perf_counter()
    ours = eventwire_bodies(inputs, "--pipeline" in argv)
    t_ours = time.perf_counter() - t
    errors: dict[str, int] = {}
    for a in ours.values():
        for code in a.get("errors", []):
            code = code if isinstance(code, str) else code["code"]
            errors[code] = errors.get(code, 0) + 1
    print(f"{gold_path}: {len(records)} pages")
    print(f"{'system':34s} {'P':>6s} {'R':>6s} {'F1':>6s} {'exact':>6s}  time")
    for label, arts, secs in (("plain trafilatura.extract(html)", plain, t_plain), ("eventwire", ours, t_ours)):
        s = score_bodies(records, arts)["body"]
        print(f"{label:34s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['exact']:6.3f}  {secs:.1f} s")
    print("eventwire item errors (bodies still scored):", json.dumps(errors) if errors else "none")


if __name__ == "__main__":
    main(sys.argv[1:])

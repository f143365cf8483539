"""Score extracted article bodies against eval/html_extraction_dev/ground_truth.jsonl.

The method is the Scrapinghub article-extraction benchmark's `evaluate.py`: tokens are the
\\w+ runs (case kept); each text is a multiset of 4-token shingles (a text shorter than 4
tokens gives one shorter shingle); per page TP/FP/FN are the shared, extra and missed
shingles; precision is averaged over the pages where something was predicted, recall over
the pages with a gold body, F1 is the harmonic mean of the two averages; exact is the share
of pages whose token sequence equals the gold's.  The system's body is its `text` minus
`dropped[]`.
"""
from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

from .common import EvalError, body_text, harmonic, tokens


def html_inputs(records: list[dict], base_dir: Path) -> list[dict]:
    """Input records for the system: id, the page's HTML (read from the gzip file named by
    `html_file`, relative to base_dir) and the url when given."""
    out = []
    for rec in records:
        file = Path(base_dir) / str(rec["html_file"])
        try:
            html = gzip.decompress(file.read_bytes()).decode("utf-8", errors="replace")
        except FileNotFoundError as exc:
            raise EvalError(f"page {rec.get('id')}: {file} not found; the ground truth's html_file "
                            "paths are relative to its folder (or to --docs DIR)") from exc
        except (OSError, EOFError) as exc:
            raise EvalError(f"page {rec.get('id')}: cannot read {file} as gzip ({exc})") from exc
        item = {"id": str(rec["id"]), "html": html}
        if rec.get("url"):
            item["url"] = rec["url"]
        out.append(item)
    return out


def shingles(text: str, n: int = 4) -> Counter:
    """The multiset of n-token shingles of a text (one shorter shingle for a short text)."""
    toks = tokens(text)
    grams = [tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1))]
    return Counter(g for g in grams if g)


def shingle_counts(true: str, pred: str) -> tuple[int, int, int]:
    """(TP, FP, FN) of predicted against true shingles."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    return tp, sum(p.values()) - tp, sum(t.values()) - tp


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def score_bodies(gold_records: list[dict], articles: dict[str, dict]) -> dict:
    """{"body": {"precision", "recall", "f1", "exact", "n_pages", "n_predicted"}}."""
    precisions, recalls, exact = [], [], []
    n_predicted = 0
    for rec in gold_records:
        true = rec.get("body") or ""
        pred = body_text(articles.get(str(rec.get("id"))))
        tp, fp, fn = shingle_counts(true, pred)
        if fp == fn == 0 and tp > 0:
            p = r = 1.0
        else:
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
        if tp + fp > 0:
            precisions.append(p)
            n_predicted += 1
        if tp + fn > 0:
            recalls.append(r)
        exact.append(1.0 if tokens(true) == tokens(pred) else 0.0)
    precision, recall = _mean(precisions), _mean(recalls)
    return {"body": {"precision": precision, "recall": recall, "f1": harmonic(precision, recall),
                     "exact": _mean(exact), "n_pages": len(gold_records), "n_predicted": n_predicted}}

"""Score times[] against TimeML-style timex gold (eval/timeml_meantime_dev.jsonl).

Per eval/README.md: only what starts before `annotated_until` is scored (gold and
predictions); a prediction overlapping `dct_span` (the dateline, which is the DCT itself
and not in the gold) is neither right nor wrong and is left out.  Spans are matched one to
one: strict = same start and end, relaxed = overlapping (pairs taken greedily by the
length of the overlap).  Value F1 (TempEval-3 Task A) = relaxed F1 x value accuracy over the
relaxed matches.  Counts are summed over all documents (micro average).
"""
from __future__ import annotations

from typing import Any

from .common import harmonic, overlaps, ratio


def timeml_inputs(records: list[dict]) -> list[dict]:
    """Input records for the system: id = doc_id, the text, published = the DCT."""
    return [{"id": str(r["doc_id"]), "text": r["text"], "published": r.get("dct")} for r in records]


def _span(item: dict) -> tuple[int, int] | None:
    try:
        s, e = int(item["start"]), int(item["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return (s, e) if e > s else None


def _predictions(record: dict, article: dict | None) -> list[dict]:
    """The system's times[] that count: inside the annotated part, not on the dateline."""
    until = record.get("annotated_until")
    dct = record.get("dct_span")
    dct_span = (int(dct[0]), int(dct[1])) if isinstance(dct, (list, tuple)) and len(dct) == 2 else None
    out = []
    for t in (article or {}).get("times") or []:
        if not isinstance(t, dict):
            continue
        span = _span(t)
        if span is None:
            continue
        if until is not None and span[0] >= int(until):
            continue
        if dct_span is not None and overlaps(span, dct_span):
            continue
        out.append({**t, "_span": span})
    return out


def _gold(record: dict) -> list[dict]:
    until = record.get("annotated_until")
    out = []
    for t in record.get("timexes") or []:
        span = _span(t)
        if span is None or (until is not None and span[0] >= int(until)):
            continue
        out.append({**t, "_span": span})
    return out


def _match(gold: list[dict], pred: list[dict], strict: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index)."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            gs, ps = g["_span"], p["_span"]
            if strict:
                if gs == ps:
                    candidates.append((0, gi, pi))
            elif overlaps(gs, ps):
                shared = min(gs[1], ps[1]) - max(gs[0], ps[0])
                candidates.append((-shared, gi, pi))
    candidates.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def _norm_value(v: Any) -> str:
    return str(v).strip() if v is not None else ""


def score_timeml(gold_records: list[dict], articles: dict[str, dict]) -> dict:
    """{"timex": {"strict_f1", "relaxed_f1", "value_f1", "value_accuracy", "n_gold", "n_pred",
    and beside them strict/relaxed precision and recall, type_accuracy, n_docs,
    missing_articles}}."""
    n_gold = n_pred = strict_tp = relaxed_tp = value_ok = type_ok = 0
    missing = 0
    for rec in gold_records:
        article = articles.get(str(rec.get("doc_id")))
        if article is None:
            missing += 1
        gold, pred = _gold(rec), _predictions(rec, article)
        n_gold += len(gold)
        n_pred += len(pred)
        strict_tp += len(_match(gold, pred, strict=True))
        pairs = _match(gold, pred, strict=False)
        relaxed_tp += len(pairs)
        for gi, pi in pairs:
            value_ok += _norm_value(gold[gi].get("value")) == _norm_value(pred[pi].get("value"))
            type_ok += _norm_value(gold[gi].get("type")).upper() == _norm_value(pred[pi].get("type")).upper()
    sp, sr = ratio(strict_tp, n_pred), ratio(strict_tp, n_gold)
    rp, rr = ratio(relaxed_tp, n_pred), ratio(relaxed_tp, n_gold)
    relaxed_f1 = harmonic(rp, rr)
    value_accuracy = ratio(value_ok, relaxed_tp)
    if relaxed_f1 is None:
        value_f1 = None
    else:
        value_f1 = relaxed_f1 * value_accuracy if value_accuracy is not None else 0.0
    return {"timex": {
        "strict_f1": harmonic(sp, sr), "relaxed_f1": relaxed_f1, "value_f1": value_f1,
        "value_accuracy": value_accuracy, "n_gold": n_gold, "n_pred": n_pred,
        "strict_precision": sp, "strict_recall": sr,
        "relaxed_precision": rp, "relaxed_recall": rr,
        "type_accuracy": ratio(type_ok, relaxed_tp),
        "n_docs": len(gold_records), "missing_articles": missing,
    }}

"""ECB+ scoring: the system's story clusters and cross-document event clusters against the gold.

The system sees `doc_id` (as the article id) and `text` only. Articles are stored, linked and
clustered incrementally in a topic-blind order (sorted by a hash of the id), then the stories are
settled in one batch pass, as at the end of an `eventwire run`. Stories are scored
against `subtopic` (the gold story) and `topic`; a TF-IDF cosine + average-linkage baseline,
its threshold tuned on the same file, is measured in the same run. Event coreference maps each
event's trigger span onto the validated gold event mentions by overlap.
"""
from __future__ import annotations

import hashlib
import math
import time
import sqlite3
from collections import Counter
from dataclasses import replace
from typing import Any, Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from ..records import Result
from ..stories.build import memory_store
from ..stories.cluster import words
from ..stories.index import PARAMS
from ..stories.settle import settle
from ..stories.views import list_stories
from .clustering import coref_scores, document_scores

ABLATION = (("text only", replace(PARAMS, actors=0, places=0, dates=0, events=0)),
            ("+ actors", replace(PARAMS, places=0, dates=0, events=0)),
            ("+ places", replace(PARAMS, dates=0, events=0)),
            ("+ dates", replace(PARAMS, events=0)),
            ("+ events (all, the default)", PARAMS),
            ("all, small stories not attached", replace(PARAMS, attach=0)))
SWEEP = tuple(("threshold", t, replace(PARAMS, threshold=t)) for t in (0.10, 0.12, 0.14, 0.16, 0.18, 0.20)) + \
    tuple(("attach", a, replace(PARAMS, attach=a)) for a in (0.25, 0.5, 0.75)) + \
    tuple(("small", k, replace(PARAMS, small=k)) for k in (1, 2, 3))
BASELINE_THRESHOLDS = tuple(round(0.30 + 0.02 * i, 2) for i in range(34))    # cosine distance cut-offs


def ecbplus_inputs(records: Sequence[dict]) -> list[dict]:
    """What the system is given: {"id": doc_id, "text": text}, nothing else."""
    return [{"id": str(r["doc_id"]), "text": r["text"]} for r in records]


def arrival_order(results: Sequence[Result]) -> list[Result]:
    """A topic-blind order to store the articles in: by a hash of the id."""
    return sorted(results, key=lambda r: hashlib.sha1(r.article.id.encode()).hexdigest())


def story_labels(conn: sqlite3.Connection) -> dict[str, str]:
    """Article id -> story id."""
    return {a: s["id"] for s in list_stories(conn) for a in s["articles"]}


def _gold(records: Sequence[dict], field: str) -> dict[str, str]:
    return {str(r["doc_id"]): str(r[field]) for r in records}


def story_scores(records: Sequence[dict], labels: dict[str, str]) -> dict[str, Any]:
    """Document clustering against subtopic (the story), with `by_topic` against the topic."""
    pred = {d: labels.get(d, f"missing:{d}") for d in _gold(records, "subtopic")}
    out = document_scores(_gold(records, "subtopic"), pred)
    out["by_topic"] = document_scores(_gold(records, "topic"), pred)
    return out


# --------------------------------------------------------------------------- baseline

def tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """Sublinear TF-IDF rows (smooth idf), L2-normalised, over the same content words the system uses."""
    docs = [Counter(words(t)) for t in texts]
    vocab = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
    df = Counter(w for d in docs for w in d)
    n = len(docs)
    x = np.zeros((n, len(vocab)))
    for i, d in enumerate(docs):
        for w, c in d.items():
            x[i, vocab[w]] = (1 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms == 0, 1, norms)


def baseline(records: Sequence[dict]) -> dict[str, Any]:
    """TF-IDF cosine with average linkage; the distance threshold tuned on this file (best subtopic B-cubed F1)."""
    ids = [str(r["doc_id"]) for r in records]
    z = linkage(tfidf_matrix([r["text"] for r in records]), method="average", metric="cosine")
    best: dict[str, Any] | None = None
    for t in BASELINE_THRESHOLDS:
        labels = dict(zip(ids, map(str, fcluster(z, t, criterion="distance"))))
        s = story_scores(records, labels)
        if best is None or s["bcubed_f1"] > best["bcubed_f1"]:
            best = {**s, "threshold": t}
    return best or {}


# --------------------------------------------------------------------------- event coreference

def _validated_lines(rec: dict) -> set[int]:
    """Line numbers (0-based) of the sentences whose coreference the annotators validated."""
    text = rec["text"]
    shift = {m["sentence"] - text.count("\n", 0, m["start"]) for m in rec.get("event_mentions") or []}
    delta = shift.pop() if len(shift) == 1 else (1 if "ecbplus" in str(rec["doc_id"]) else 0)
    return {int(s) - delta for s in rec.get("coref_sentences") or []}


def gold_event_clusters(records: Sequence[dict]) -> list[frozenset]:
    """The validated gold event mentions, (doc, m_id), grouped by chain."""
    chains: dict[str, set] = {}
    for r in records:
        for m in r.get("event_mentions") or []:
            if m.get("in_coref_sentence"):
                chains.setdefault(m["chain"], set()).add((str(r["doc_id"]), str(m["m_id"])))
    return [frozenset(c) for c in chains.values()]


def predicted_event_clusters(records: Sequence[dict], conn: sqlite3.Connection) -> tuple[list[frozenset], int]:
    """The system's event clusters over mentions: a trigger overlapping a validated gold mention takes its
    id (once), other triggers in validated sentences stay twinless, the rest are not scored.
    Also returns how many gold mentions were found."""
    by_doc = {str(r["doc_id"]): r for r in records}
    clusters: dict[str, set] = {}
    used: set = set()
    rows = conn.execute("SELECT l.cluster_id, e.article_id, e.trigger_start, e.trigger_end FROM event_links l"
                        " JOIN events e ON e.id = l.event_id ORDER BY e.article_id, e.trigger_start, e.id")
    seen_spans: set = set()
    for cid, doc, s, e in rows:
        rec = by_doc.get(doc)
        if rec is None or (doc, s, e) in seen_spans:
            continue
        seen_spans.add((doc, s, e))
        gold = [m for m in rec.get("event_mentions") or [] if m.get("in_coref_sentence")
                and m["start"] < e and s < m["end"] and (doc, str(m["m_id"])) not in used]
        if gold:
            m = max(gold, key=lambda m: min(e, m["end"]) - max(s, m["start"]))
            mention = (doc, str(m["m_id"]))
            used.add(mention)
        elif rec["text"].count("\n", 0, s) in _validated_lines(rec):
            mention = (doc, f"sys:{s}:{e}")
        else:
            continue
        clusters.setdefault(cid, set()).add(mention)
    return [frozenset(c) for c in clusters.values()], len(used)


def event_coref(records: Sequence[dict], conn: sqlite3.Connection) -> dict[str, Any]:
    """MUC, B-cubed, CEAF-e and CoNLL F1 of the linked events on the validated gold event mentions."""
    key = gold_event_clusters(records)
    response, found = predicted_event_clusters(records, conn)
    n_gold = sum(map(len, key))
    return {**coref_scores(key, response), "mentions_found": found, "n_gold_mentions": n_gold,
            "n_pred_mentions": sum(map(len, response)), "mention_recall": found / n_gold if n_gold else None}


# --------------------------------------------------------------------------- the scorer

def _row(records: Sequence[dict], conn: sqlite3.Connection, params: Any) -> dict[str, Any]:
    """Settle every article with these parameters and score the stories."""
    settle(conn, params=params)
    s = story_scores(records, story_labels(conn))
    return {"bcubed_f1": s["bcubed_f1"], "ari": s["ari"], "v_measure": s["v_measure"], "n_pred": s["n_pred"],
            "topic_bcubed_f1": s["by_topic"]["bcubed_f1"]}


def _ablation(records: Sequence[dict], conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [{"signals": name, **_row(records, conn, params)} for name, params in ABLATION]


def _sweep(records: Sequence[dict], conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [{"param": name, "value": value, **_row(records, conn, params)} for name, value, params in SWEEP]


def score_ecbplus(records: Sequence[dict], results: Sequence[Result], ablation: bool = True) -> dict[str, Any]:
    """Stories (vs subtopic, and topic; before and after the batch pass), the TF-IDF baseline, the ablation,
    the threshold sweep and event coreference."""
    t0 = time.perf_counter()
    conn = memory_store(arrival_order(results), batch=False)
    t1 = time.perf_counter()
    incremental = story_scores(records, story_labels(conn))
    settle(conn)
    t2 = time.perf_counter()
    out = {"stories": story_scores(records, story_labels(conn)), "stories_incremental": incremental,
           "event_coref": event_coref(records, conn), "baseline_tfidf": baseline(records),
           "seconds": {"store_link_incremental": round(t1 - t0, 2), "settle": round(t2 - t1, 2)}}
    if ablation:
        out["ablation"] = _ablation(records, conn)
        out["sweep"] = _sweep(records, conn)
        settle(conn)
    conn.close()
    return out


def _f(x: Any) -> str:
    return "-" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def format_ecbplus(scores: dict[str, Any]) -> str:
    """The ECB+ result as text: stories vs the baseline, event coreference, the ablation."""
    s, b, e = scores["stories"], scores.get("baseline_tfidf") or {}, scores["event_coref"]
    lines = ["stories (vs subtopic)     B3 P      B3 R      B3 F1     ARI       V         clusters",
             f"  eventwire              {_f(s['bcubed_p']):9} {_f(s['bcubed_r']):9} {_f(s['bcubed_f1']):9} "
             f"{_f(s['ari']):9} {_f(s['v_measure']):9} {s['n_pred']} (gold {s['n_gold']})"]
    if b:
        lines.append(f"  TF-IDF avg-link @{b['threshold']:<5} {_f(b['bcubed_p']):9} {_f(b['bcubed_r']):9} "
                     f"{_f(b['bcubed_f1']):9} {_f(b['ari']):9} {_f(b['v_measure']):9} {b['n_pred']}")
    inc = scores.get("stories_incremental")
    if inc:
        lines.append(f"  incremental only       {_f(inc['bcubed_p']):9} {_f(inc['bcubed_r']):9} "
                     f"{_f(inc['bcubed_f1']):9} {_f(inc['ari']):9} {_f(inc['v_measure']):9} {inc['n_pred']}")
    lines.append(f"  vs topic: eventwire B3 F1 {_f(s['by_topic']['bcubed_f1'])}"
                 + (f", baseline {_f(b['by_topic']['bcubed_f1'])}" if b else ""))
    lines.append(f"event coreference: CoNLL F1 {_f(e['conll_f1'])} (MUC {_f(e['muc_f1'])}, B3 {_f(e['bcubed_f1'])}, "
                 f"CEAF-e {_f(e['ceafe_f1'])}); gold mentions found {e['mentions_found']} of {e['n_gold_mentions']}")
    for row in scores.get("ablation") or []:
        lines.append(f"  ablation {row['signals']:<10} B3 F1 {_f(row['bcubed_f1'])} ARI {_f(row['ari'])} "
                     f"V {_f(row['v_measure'])} clusters {row['n_pred']}")
    for row in scores.get("sweep") or []:
        lines.append(f"  sweep {row['param']}={row['value']:<5} B3 F1 {_f(row['bcubed_f1'])} ARI {_f(row['ari'])} "
                     f"V {_f(row['v_measure'])} clusters {row['n_pred']}")
    return "\n".join(lines)

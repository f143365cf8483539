"""Cluster scores: B-cubed, ARI and V-measure for documents; MUC, B-cubed, CEAF-e and CoNLL for coreference."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Hashable, Mapping, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from .common import harmonic

Clusters = Sequence[frozenset]


def bcubed_items(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a labelling of the same items (item -> cluster label)."""
    g_members, p_members = defaultdict(set), defaultdict(set)
    for x, g in gold.items():
        g_members[g].add(x)
    for x, p in pred.items():
        p_members[p].add(x)
    p_sum = r_sum = 0.0
    for x in gold:
        both = len(g_members[gold[x]] & p_members[pred[x]])
        p_sum += both / len(p_members[pred[x]])
        r_sum += both / len(g_members[gold[x]])
    p, r = p_sum / len(gold), r_sum / len(gold)
    return {"bcubed_p": p, "bcubed_r": r, "bcubed_f1": harmonic(p, r)}


def ari(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> float:
    """Adjusted Rand index of two labellings of the same items."""
    pairs = lambda n: n * (n - 1) / 2  # noqa: E731
    cells = Counter((gold[x], pred[x]) for x in gold)
    a, b = Counter(gold[x] for x in gold), Counter(pred[x] for x in gold)
    index = sum(pairs(n) for n in cells.values())
    sa, sb, total = sum(pairs(n) for n in a.values()), sum(pairs(n) for n in b.values()), pairs(len(gold))
    expected = sa * sb / total if total else 0.0
    top = (sa + sb) / 2
    return (index - expected) / (top - expected) if top != expected else 1.0


def _entropy(counts: Counter, n: int) -> float:
    return -sum(c / n * math.log(c / n) for c in counts.values() if c)


def v_measure(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> float:
    """V-measure (harmonic mean of homogeneity and completeness)."""
    n = len(gold)
    cells = Counter((gold[x], pred[x]) for x in gold)
    a, b = Counter(gold[x] for x in gold), Counter(pred[x] for x in gold)
    h_g, h_p = _entropy(a, n), _entropy(b, n)
    h_g_given_p = -sum(c / n * math.log(c / b[p]) for (g, p), c in cells.items())
    h_p_given_g = -sum(c / n * math.log(c / a[g]) for (g, p), c in cells.items())
    hom = 1.0 if h_g == 0 else 1 - h_g_given_p / h_g
    com = 1.0 if h_p == 0 else 1 - h_p_given_g / h_p
    return harmonic(hom, com) or 0.0


def document_scores(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> dict:
    """B-cubed P/R/F1, ARI, V-measure and the cluster counts of a document clustering."""
    return {**bcubed_items(gold, pred), "ari": ari(gold, pred), "v_measure": v_measure(gold, pred),
            "n_gold": len(set(gold.values())), "n_pred": len({pred[x] for x in gold})}


def _prf(num_p: float, den_p: float, num_r: float, den_r: float) -> dict[str, float]:
    p = num_p / den_p if den_p else 0.0
    r = num_r / den_r if den_r else 0.0
    return {"p": p, "r": r, "f1": harmonic(p, r) or 0.0}


def muc(key: Clusters, response: Clusters) -> dict[str, float]:
    """MUC link-based score; mentions missing from the other side count as singletons."""
    def side(a: Clusters, b: Clusters) -> tuple[int, int]:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for c in a:
            parts = {where.get(m, ("alone", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num, den
    nr, dr = side(key, response)
    np_, dp = side(response, key)
    return _prf(np_, dp, nr, dr)


def bcubed(key: Clusters, response: Clusters) -> dict[str, float]:
    """Mention-based B-cubed over possibly different mention sets."""
    where = {m: i for i, c in enumerate(response) for m in c}
    rec = 0.0
    for c in key:
        shared = Counter(where[m] for m in c if m in where)
        rec += sum(n * n for n in shared.values()) / len(c)
    where_k = {m: i for i, c in enumerate(key) for m in c}
    prec = 0.0
    for c in response:
        shared = Counter(where_k[m] for m in c if m in where_k)
        prec += sum(n * n for n in shared.values()) / len(c)
    return _prf(prec, sum(map(len, response)), rec, sum(map(len, key)))


def _members(clusters: Clusters) -> dict[Hashable, list[int]]:
    out: dict[Hashable, list[int]] = defaultdict(list)
    for i, c in enumerate(clusters):
        for m in c:
            out[m].append(i)
    return out


def ceafe(key: Clusters, response: Clusters) -> dict[str, float]:
    """Entity-based CEAF (phi4), the optimal alignment found per connected group of overlapping clusters."""
    in_key, in_resp = _members(key), _members(response)
    total, done = 0.0, set()
    for start in range(len(key)):
        if start in done:
            continue
        ks, rs, todo = {start}, set(), [start]
        while todo:
            i = todo.pop()
            for j in {j for m in key[i] for j in in_resp.get(m, ())} - rs:
                rs.add(j)
                for i2 in {i2 for m in response[j] for i2 in in_key.get(m, ())} - ks:
                    ks.add(i2)
                    todo.append(i2)
        done |= ks
        if not rs:
            continue
        kl, rl = sorted(ks), sorted(rs)
        sim = np.array([[2 * len(key[i] & response[j]) / (len(key[i]) + len(response[j])) for j in rl] for i in kl])
        rows, cols = linear_sum_assignment(-sim)
        total += float(sim[rows, cols].sum())
    return _prf(total, len(response), total, len(key))


def coref_scores(key: Clusters, response: Clusters) -> dict[str, float]:
    """MUC, B-cubed, CEAF-e F1 (with P and R) and CoNLL F1, their mean."""
    m, b, c = muc(key, response), bcubed(key, response), ceafe(key, response)
    return {"muc_p": m["p"], "muc_r": m["r"], "muc_f1": m["f1"], "bcubed_p": b["p"], "bcubed_r": b["r"],
            "bcubed_f1": b["f1"], "ceafe_p": c["p"], "ceafe_r": c["r"], "ceafe_f1": c["f1"],
            "conll_f1": (m["f1"] + b["f1"] + c["f1"]) / 3}

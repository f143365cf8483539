"""The batch pass over stored stories: average linkage of the story similarity, so early merges come undone.

Incremental assignment (`index.assign_story`) decides once, on what it knows when an article
arrives; an early wrong merge then draws more articles in. `settle` clusters a set of stored
articles again, all pairs at once, with the document frequencies of the whole store: the same
signals and cuts as `cluster.similarity`, average linkage cut at the join threshold, then each
story of at most `small` articles joins the larger story it is closest to on average when that is
at least `attach` of the threshold. `eventwire run` settles the stories a run touched (and their
neighbours) every 1,500 stored articles and when it ends; eval settles every article. Measured on ECB+ in docs/stories.md.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Iterable, Sequence

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage

from . import cluster as C
from .index import PARAMS, STORY_CANDIDATES, _df, _refresh_story, _story_inputs, _title

FULL = 100_000              # terms kept per article vector in the batch pass (all of them)
NEIGHBOURS = 5              # candidate stories per touched article brought into a settle
SETTLE_MAX = 3000           # articles clustered together at most (a bigger scope is settled in parts)
ROWS = 256                  # rows of the pair matrix computed at once


# --------------------------------------------------------------------------- pure: matrix and labels

def _unit_rows(vectors: Sequence[C.Vector]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """One signal's vectors as sparse rows scaled to length 1, and which rows are non-empty."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, v in enumerate(vectors):
        for t, x in v.items():
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(x)
    x = sparse.csr_matrix((np.array(vals, dtype=np.float32), (rows, cols)), shape=(len(vectors), max(1, len(vocab))))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    has = norms > 0
    return sparse.diags(np.where(has, 1 / np.where(has, norms, 1), 0).astype(np.float32)) @ x, has


def similarity_matrix(vectors: Sequence[C.Groups], params: C.StoryParams = PARAMS) -> np.ndarray:
    """`cluster.similarity` for every pair: word cosine, cut where both have a signal and share too little
    of it (actors, places, dates), raised by shared event clusters. Computed ROWS rows at a time, so
    the pass needs the n x n result and little more (a sparse product of all rows at once is ~3x that)."""
    n = len(vectors)
    words = _unit_rows([v.get("t", {}) for v in vectors])[0]
    cuts = [(_unit_rows([v.get(g, {}) for v in vectors]), cut)
            for g, cut in (("a", params.actors), ("p", params.places), ("d", params.dates)) if cut]
    events = _unit_rows([v.get("e", {}) for v in vectors])[0] if params.events else None
    sim = np.empty((n, n), dtype=np.float32)
    for lo in range(0, n, ROWS):
        block = sim[lo:lo + ROWS]
        block[:] = (words[lo:lo + ROWS] @ words.T).toarray()
        for (x, has), cut in cuts:
            cos = (x[lo:lo + ROWS] @ x.T).toarray()
            np.divide(cos, np.float32(params.shared), out=cos)
            np.subtract(np.float32(1), cos, out=cos)
            np.maximum(cos, np.float32(0), out=cos)                  # apart: 1 - cos / shared, at least 0
            cos[~has[lo:lo + ROWS], :] = 0                           # ... where both have the signal
            cos[:, ~has] = 0
            np.multiply(cos, np.float32(-cut), out=cos)
            np.add(cos, np.float32(1), out=cos)
            block *= cos                                             # sim *= 1 - cut * apart
        if events is not None:
            cos = (events[lo:lo + ROWS] @ events.T).toarray()
            np.multiply(cos, np.float32(params.events), out=cos)
            np.add(cos, np.float32(1), out=cos)
            block *= cos
    return sim


def batch_labels(sim: np.ndarray, params: C.StoryParams = PARAMS) -> list[int]:
    """Story labels: average linkage cut at the join threshold, then small stories attached."""
    n = len(sim)
    if n < 2:
        return list(range(n))
    condensed = np.empty(n * (n - 1) // 2)              # the pairs i < j row by row, as linkage takes them
    at = 0
    for i in range(n - 1):
        pair = sim[i, i + 1:] + sim[i + 1:, i]          # 1 - the symmetric mean, at least 0
        np.multiply(pair, np.float32(0.5), out=pair)
        np.subtract(np.float32(1), pair, out=pair)
        np.maximum(pair, np.float32(0), out=pair)
        condensed[at:at + len(pair)] = pair
        at += len(pair)
    labels = fcluster(linkage(condensed, method="average"), 1 - params.threshold, criterion="distance")
    return attach_small(sim, [int(x) for x in labels], params.attach * params.threshold, params.small)


def attach_small(sim: np.ndarray, labels: list[int], floor: float, small: int) -> list[int]:
    """Each story of at most `small` articles joins the larger story its articles are most similar to on
    average, when that mean is at least `floor` (a few articles are too little evidence to stand alone)."""
    size = Counter(labels)
    where: dict[int, list[int]] = {}
    for i, c in enumerate(labels):
        where.setdefault(c, []).append(i)
    large = {c: np.array(m) for c, m in where.items() if size[c] > small}
    out = list(labels)
    if not floor or not large:
        return out
    for c in [c for c in where if size[c] <= small]:
        rows = sim[where[c]]
        best, best_sim = None, floor
        for c2, members in large.items():
            s = float(rows[:, members].mean())
            if s >= best_sim:
                best, best_sim = c2, s
        if best is not None:
            for i in where[c]:
                out[i] = best
    return out


# --------------------------------------------------------------------------- the store side

def batch_inputs(conn: sqlite3.Connection,
                 article_ids: Sequence[str]) -> list[tuple[dict[str, Counter], dict[str, int]]]:
    """Each article's story feature counts and the whole store's document frequencies of its terms."""
    out = []
    for aid in article_ids:
        clusters = [r[0] for r in conn.execute("SELECT cluster_id FROM event_links WHERE article_id=? ORDER BY rowid",
                                               (aid,))]
        raw = _story_inputs(conn, aid, clusters)
        out.append((raw, _df(conn, sorted({C.key(g, t) for g, counts in raw.items() for t in counts}))))
    return out


def scope(conn: sqlite3.Connection, article_ids: Iterable[str], limit: int = SETTLE_MAX) -> list[str]:
    """The articles to settle with these: the members of their stories, then of their nearest candidate
    stories, most recent first, at most `limit` (the older part of a very long story stays as it is)."""
    own: dict[str, None] = {}
    near: dict[str, None] = {}
    for aid in article_ids:
        row = conn.execute("SELECT story_id, vector FROM story_articles WHERE article_id=?", (aid,)).fetchone()
        if row is None:
            continue
        own[row[0]] = None
        hits: Counter = Counter()
        for k in C.signature(json.loads(row[1])):
            hits.update(r[0] for r in conn.execute("SELECT story_id FROM story_keys WHERE key=? ORDER BY rowid DESC"
                                                   " LIMIT ?", (k, STORY_CANDIDATES)))
        near.update((s, None) for s, _ in hits.most_common(NEIGHBOURS))
    out: dict[str, None] = {}
    for sid in list(own) + [s for s in near if s not in own]:
        for (aid,) in conn.execute("SELECT article_id FROM story_articles WHERE story_id=? ORDER BY seq DESC LIMIT ?",
                                   (sid, max(0, limit - len(out)))):
            out[aid] = None
    return list(out)


def settle(conn: sqlite3.Connection, article_ids: Iterable[str] | None = None,
           params: C.StoryParams = PARAMS) -> int:
    """Cluster the stories of these articles (all stored articles when None) again in one batch; returns how
    many articles changed story. One transaction; a scope over SETTLE_MAX articles is settled in parts."""
    moved = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        whole = article_ids is None
        touched = list(dict.fromkeys([r[0] for r in conn.execute("SELECT article_id FROM story_articles ORDER BY seq")]
                                     if article_ids is None else article_ids))
        whole = whole and len(touched) <= SETTLE_MAX    # a bigger store is settled in parts, like a big run
        step = SETTLE_MAX // 2                          # touched articles bring their neighbours along
        for part in [touched] if whole else [touched[i:i + step] for i in range(0, len(touched), step)]:
            moved += _settle_part(conn, part if whole else scope(conn, part), params)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return moved


def _settle_part(conn: sqlite3.Connection, ids: list[str], params: C.StoryParams) -> int:
    """Re-cluster these articles (all members of their stories) and rewrite their stories."""
    if len(ids) < 2:
        return 0
    n = conn.execute("SELECT count(*) FROM story_articles").fetchone()[0]
    inputs = batch_inputs(conn, ids)
    labels = _labels(conn, ids, [C.weigh(raw, df, n, keep=FULL) for raw, df in inputs], params)
    old = {aid: conn.execute("SELECT story_id FROM story_articles WHERE article_id=?", (aid,)).fetchone()[0]
           for aid in ids}
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(lab, []).append(i)
    taken: set[str] = set()
    moved = 0
    for members in sorted(groups.values(), key=len, reverse=True):
        sid = next((s for s, _ in Counter(old[ids[i]] for i in members).most_common() if s not in taken), None)
        if sid is None:
            sid = _new_story(conn, ids[members[0]])
        taken.add(sid)
        for i in members:
            moved += old[ids[i]] != sid
            conn.execute("UPDATE story_articles SET story_id=?, vector=? WHERE article_id=?",
                         (sid, json.dumps(C.weigh(*inputs[i], n)), ids[i]))
    for sid in sorted(set(old.values()) | taken):
        conn.execute("DELETE FROM story_keys WHERE story_id=?", (sid,))
        _refresh_story(conn, sid)
        first = conn.execute("SELECT a.title, a.text FROM story_articles s JOIN articles a ON a.id = s.article_id"
                             " WHERE s.story_id=? ORDER BY s.seq LIMIT 1", (sid,)).fetchone()
        if first is not None:
            conn.execute("UPDATE stories SET title=? WHERE id=?", (_title(first[0], first[1]), sid))
        keys = {k for (v,) in conn.execute("SELECT vector FROM story_articles WHERE story_id=?", (sid,))
                for k in C.signature(json.loads(v))}
        conn.executemany("INSERT OR IGNORE INTO story_keys (key, story_id) VALUES (?,?)",
                         [(k, sid) for k in sorted(keys)])
    return moved


def _labels(conn: sqlite3.Connection, ids: list[str], vectors: list[C.Groups], params: C.StoryParams) -> list[int]:
    """Batch labels of the articles; a near-duplicate of another article in scope is left out of the
    clustering (it is the same report again, with no features of its own) and takes its original's label."""
    index = {aid: i for i, aid in enumerate(ids)}
    original: dict[int, int] = {}
    for i, aid in enumerate(ids):
        row = conn.execute("SELECT duplicate_of FROM articles WHERE id=?", (aid,)).fetchone()
        if row and row[0] in index and row[0] != aid:
            original[i] = index[row[0]]
    kept = [i for i in range(len(ids)) if i not in original]
    sub = batch_labels(similarity_matrix([vectors[i] for i in kept], params), params)
    labels = [-1] * len(ids)
    for i, lab in zip(kept, sub):
        labels[i] = lab
    for i in original:
        j, seen = i, {i}
        while j in original and original[j] not in seen:    # an original that is itself a duplicate: follow it up
            j = original[j]
            seen.add(j)
        labels[i] = labels[j] if labels[j] != -1 else max(labels) + 1
    return labels


def _new_story(conn: sqlite3.Connection, article_id: str) -> str:
    """A new, empty story named after its first article (a suffix when that id is taken)."""
    art = conn.execute("SELECT published, title, text FROM articles WHERE id=?", (article_id,)).fetchone()
    sid, k = f"story:{article_id}", 1
    while conn.execute("SELECT 1 FROM stories WHERE id=?", (sid,)).fetchone():
        k += 1
        sid = f"story:{article_id}:{k}"
    conn.execute("INSERT INTO stories (id, title, first, last, size, vector) VALUES (?,?,?,?,0,'{}')",
                 (sid, _title(art["title"], art["text"]), art["published"], art["published"]))
    return sid

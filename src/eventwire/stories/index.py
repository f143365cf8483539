"""The store side: link one stored article (events, claims, story) through indexes, and unlink it.

Called by `store.store_result` inside the article's own transaction, so a crash never leaves an
article half-linked. Every lookup goes through an index and a bounded number of candidates:
event clusters by (type, party, date range), claims by (what, subject word), stories by the
keys of a compact signature. Adding an article costs the same in a store of 10 or 10 million.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import sqlite3
from collections import Counter

from . import cluster as C
from .compare import ClaimRecord, compare_claims, subject_words
from .link import EventRecord, compatible, link_score, tally_add, tally_counts, tally_of, tally_record

CANDIDATES = 200            # rows read per index key, most recent first
CLAIM_CANDIDATES = 50       # earlier claims read per (what, subject word), most recent first
STORY_CANDIDATES = 30       # stories scored per article
MEMBERS = 10                # most recent articles of a story whose actors, places and dates are compared
PARAMS = C.StoryParams()
_NO_LO, _NO_HI = "0000-00-00", "9999-99-99"


def add_article(conn: sqlite3.Connection, article_id: str, params: C.StoryParams = PARAMS) -> None:
    """Link a freshly stored article: its events to clusters, its claims to earlier ones, itself to a story."""
    up: dict[str, frozenset[str]] = {}        # actor lineages, read once per article
    clusters = [link_event(conn, e, up) for e in _events(conn, "e.article_id = ?", (article_id,))]
    for c in _claims(conn, article_id):
        link_claim(conn, c)
    assign_story(conn, article_id, clusters, params)


# --------------------------------------------------------------------------- events

def _events(conn: sqlite3.Connection, where: str, args: tuple) -> list[EventRecord]:
    rows = conn.execute(
        "SELECT e.id, e.article_id, e.type, e.date, e.date_end, e.date_precision, e.date_source, e.location,"
        " e.location_country, e.polarity, e.evidence_start, a.outlet, a.url FROM events e JOIN articles a ON a.id = e.article_id"
        f" WHERE {where} ORDER BY e.article_id, e.evidence_start, e.id", args).fetchall()
    by_event: dict[str, list] = {r["id"]: [] for r in rows}
    ids = list(by_event)
    for i in range(0, len(ids), 500):                # one query for all members' parties, not one per event
        part = ids[i:i + 500]
        for p in conn.execute(f"SELECT event_id, actor_id, role FROM event_actors WHERE event_id IN"
                              f" ({','.join('?' * len(part))}) ORDER BY event_id, role, position", part):
            by_event[p[0]].append((p[1], p[2]))
    out = []
    for r in rows:
        parties = by_event[r["id"]]
        url = r["url"] or ""
        out.append(EventRecord(
            id=r["id"], article_id=r["article_id"], type=r["type"],
            actors=frozenset(p[0] for p in parties if p[1] == "actor"),
            recipients=frozenset(p[0] for p in parties if p[1] == "recipient"),
            date=r["date"], date_end=r["date_end"], precision=r["date_precision"], date_source=r["date_source"],
            location=r["location"], location_country=r["location_country"], polarity=r["polarity"],
            outlet=r["outlet"] or (url.split("/")[2] if url.count("/") >= 2 else None), position=r["evidence_start"]))
    return out


def lineage(conn: sqlite3.Connection, ids: frozenset[str],
            cache: dict[str, frozenset[str]] | None = None) -> dict[str, frozenset[str]]:
    """Each actor's lineage: the codes above it (RUS.GOV above RUS.GOV.MFA), its country, its organisation's
    (`cache`: lineages already read in this transaction). The actors table is read a level at a time."""
    cache = {} if cache is None else cache
    todo = [aid for aid in ids if aid not in cache]
    parents: dict[str, tuple] = {}
    frontier = set(todo)
    while frontier:
        part = sorted(frontier)
        for i in range(0, len(part), 500):
            chunk = part[i:i + 500]
            parents.update((r[0], (r[1], r[2])) for r in conn.execute(
                f"SELECT id, country, affiliation FROM actors WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        for aid in part:
            parents.setdefault(aid, ())
        frontier = {x for aid in part for x in parents[aid] if x and x not in parents}
    for aid in todo:
        up: set[str] = {aid.rsplit(".", i)[0] for i in range(1, aid.count(".") + 1)} if ":" not in aid else set()
        stack, seen = [aid], {aid}
        while stack:
            for x in parents.get(stack.pop(), ()):
                if x and x not in seen:
                    seen.add(x)
                    up.add(x)
                    stack.append(x)
        cache[aid] = frozenset(up)
    return {aid: cache[aid] for aid in ids}


def _surname(aid: str) -> set[str]:
    return {"person:" + aid.rsplit("-", 1)[-1].split(":")[-1]} if aid.startswith("person:") else set()


def index_keys(conn: sqlite3.Connection, parties: frozenset[str],
               cache: dict[str, frozenset[str]] | None = None) -> set[str]:
    """What a cluster is found by: its parties, a person's surname ('person:keller'), and '^X' for each X
    in their lineage (a party of the cluster is below X: RUS.GOV.MFA's cluster has '^RUS.GOV', '^RUS')."""
    keys = set(parties)
    for aid, up in lineage(conn, parties, cache).items():
        keys |= {"^" + x for x in up} | _surname(aid)
    return keys


def lookup_keys(conn: sqlite3.Connection, parties: frozenset[str],
                cache: dict[str, frozenset[str]] | None = None) -> set[str]:
    """The keys an event looks clusters up by: clusters naming one of its parties or a surname of one, naming a
    body above one ('RUS' for RUS.GOV), or with a party below one ('^RUS.GOV'). Siblings that only share a
    country (RUS.GOV, RUS.REB) are not candidates: neither is the other nor above it."""
    keys = set(parties) | {"^" + x for x in parties}
    for aid, up in lineage(conn, parties, cache).items():
        keys |= up | _surname(aid)
    return keys


def _bounds(e: EventRecord) -> tuple[str, str]:
    days = e.days
    return (days[0].isoformat(), days[1].isoformat()) if days else (_NO_LO, _NO_HI)


@functools.lru_cache(maxsize=8192)
def _id_set(encoded: str) -> frozenset[str]:
    """A cluster's stored party list (JSON) as a set; memoised, as the same clusters are read again and again."""
    return frozenset(json.loads(encoded))


@functools.lru_cache(maxsize=4096)
def _member_vector(encoded: str) -> C.Groups:
    """A story member's stored vector (JSON, ~6 KB decoded), decoded once: the same candidates are scored for
    article after article. Shared between callers, so read-only: similarity() only reads it."""
    return json.loads(encoded)


@functools.lru_cache(maxsize=128)
def _story_vector(encoded: str) -> C.Groups:
    """A story's summed vector (JSON, up to ~100 KB decoded; a new string after each update, so few are kept)."""
    return json.loads(encoded)


def _cluster_record(row: sqlite3.Row) -> EventRecord:
    return EventRecord(id=row["id"], article_id="", type=row["type"], actors=_id_set(row["actors"]),
                       recipients=_id_set(row["recipients"]), date=row["date"],
                       date_end=row["date_end"], precision=row["date_precision"], date_source=row["date_source"],
                       location=row["location"], location_country=row["location_country"], polarity=row["polarity"])


def link_event(conn: sqlite3.Connection, e: EventRecord, cache: dict[str, frozenset[str]] | None = None) -> str:
    """Put one stored event into the best compatible cluster (one event per article in a cluster), or a new one."""
    cache = {} if cache is None else cache
    best: tuple | None = None
    lo, hi = _bounds(e)
    taken = {r[0] for r in conn.execute("SELECT cluster_id FROM event_links WHERE article_id=?", (e.article_id,))}
    ids: list[str] = []
    for party in sorted(lookup_keys(conn, e.parties, cache)):
        for (cid,) in conn.execute(
                "SELECT cluster_id FROM cluster_keys WHERE type=? AND actor_id=? AND hi >= ? AND lo <= ? ORDER BY hi"
                " LIMIT ?", (e.type, party, lo, hi, CANDIDATES)):
            if cid not in taken:
                taken.add(cid)
                ids.append(cid)
    rows: dict[str, sqlite3.Row] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        rows.update((r["id"], r) for r in conn.execute(
            f"SELECT * FROM event_clusters WHERE id IN ({','.join('?' * len(part))})", part))
    recs = [_cluster_record(rows[cid]) for cid in ids]
    lineage(conn, frozenset().union(e.parties, *(rec.parties for rec in recs)), cache)   # one read for all
    for cid, rec in zip(ids, recs):
        if compatible(rec, e, lineage(conn, rec.parties | e.parties, cache)) \
                and (best is None or link_score(rec, e) > best[0]):
            best = (link_score(rec, e), cid)
    cid = best[1] if best else f"ec:{e.id}"
    relinked = conn.execute("SELECT 1 FROM event_links WHERE event_id=?", (e.id,)).fetchone() is not None
    conn.execute("INSERT OR REPLACE INTO event_links (event_id, cluster_id, article_id) VALUES (?,?,?)",
                 (e.id, cid, e.article_id))
    refresh_cluster(conn, cid, cache, add=None if relinked else e)
    return cid


def refresh_cluster(conn: sqlite3.Connection, cid: str, cache: dict[str, frozenset[str]] | None = None,
                    add: EventRecord | None = None) -> None:
    """Recompute a cluster's canonical record, counts and index keys: from its stored tally and `add`, the one
    event just linked to it (a big cluster's members are not read again), else from all its members (a cluster
    left empty is deleted)."""
    tally = json.loads(row[0]) if add and (row := conn.execute(
        "SELECT tally FROM cluster_tallies WHERE cluster_id=?", (cid,)).fetchone()) else None
    if tally is not None and tally["events"] + 1 == conn.execute(        # the tally is of the other members
            "SELECT count(*) FROM event_links WHERE cluster_id=?", (cid,)).fetchone()[0]:
        same_article = conn.execute("SELECT 1 FROM event_links WHERE cluster_id=? AND article_id=? AND event_id != ?"
                                    " LIMIT 1", (cid, add.article_id, add.id)).fetchone()
        tally = tally_add(tally, add, new_article=same_article is None)
    else:
        members = _events(conn, "e.id IN (SELECT event_id FROM event_links WHERE cluster_id = ?)", (cid,))
        if not members:
            for table, column in (("cluster_keys", "cluster_id"), ("cluster_tallies", "cluster_id"), ("event_clusters", "id")):
                conn.execute(f"DELETE FROM {table} WHERE {column}=?", (cid,))
            return
        tally = tally_of(members)
    rec = tally_record(cid, tally)
    conn.execute(
        "INSERT OR REPLACE INTO event_clusters (id, type, polarity, actors, recipients, date, date_end, date_precision,"
        " date_source, location, location_country, n_events, n_articles, n_outlets) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (cid, rec.type, rec.polarity, json.dumps(sorted(rec.actors)), json.dumps(sorted(rec.recipients)), rec.date,
         rec.date_end, rec.precision, rec.date_source, rec.location, rec.location_country, *tally_counts(tally)))
    conn.execute("INSERT OR REPLACE INTO cluster_tallies (cluster_id, tally) VALUES (?,?)", (cid, json.dumps(tally)))
    lo, hi = _bounds(rec)
    conn.execute("DELETE FROM cluster_keys WHERE cluster_id=?", (cid,))
    conn.executemany("INSERT OR IGNORE INTO cluster_keys (type, actor_id, cluster_id, lo, hi) VALUES (?,?,?,?,?)",
                     [(rec.type, p, cid, lo, hi) for p in sorted(index_keys(conn, rec.parties, cache))])


# --------------------------------------------------------------------------- claims

def _claims(conn: sqlite3.Connection, article_id: str) -> list[ClaimRecord]:
    return [ClaimRecord(r["article_id"], r["seq"], r["what"], r["subject"], r["low"], r["high"], r["as_of"],
                        r["date"], r["text"])
            for r in conn.execute("SELECT * FROM claims WHERE article_id=? ORDER BY seq", (article_id,))]


def claim_places(conn: sqlite3.Connection, c: ClaimRecord) -> tuple[frozenset[str], frozenset[str]]:
    """The countries where the events told in the claim's sentence happened, and those of their actors."""
    sentence = ("FROM claims c JOIN events e ON e.article_id = c.article_id AND e.sentence_start <= c.start"
                " AND c.start < e.sentence_end")
    places = conn.execute(f"SELECT DISTINCT e.location_country {sentence} WHERE c.article_id=? AND c.seq=?"
                          " AND e.location_country IS NOT NULL", (c.article_id, c.seq))
    parties = conn.execute(f"SELECT DISTINCT a.country {sentence} JOIN event_actors x ON x.event_id = e.id"
                           " AND x.role = 'actor' JOIN actors a ON a.id = x.actor_id"
                           " WHERE c.article_id=? AND c.seq=? AND a.country IS NOT NULL", (c.article_id, c.seq))
    return frozenset(r[0] for r in places), frozenset(r[0] for r in parties)


def link_claim(conn: sqlite3.Connection, c: ClaimRecord) -> None:
    """Compare one stored claim with earlier claims of the same `what` sharing a subject word; store the verdicts."""
    words = sorted(subject_words(c.subject))
    conn.executemany("INSERT OR IGNORE INTO claim_keys (what, word, article_id, seq) VALUES (?,?,?,?)",
                     [(c.what, w, c.article_id, c.seq) for w in words])
    if not words:
        return
    seen: dict[tuple[str, int], sqlite3.Row] = {}
    for w in words:
        for r in conn.execute("SELECT c.article_id, c.seq, c.what, c.subject, c.low, c.high, c.as_of, c.date, c.text"
                              " FROM claim_keys k JOIN claims c ON c.article_id = k.article_id AND c.seq = k.seq"
                              " WHERE k.what=? AND k.word=? AND k.article_id != ? ORDER BY k.rowid DESC LIMIT ?",
                              (c.what, w, c.article_id, CLAIM_CANDIDATES)):
            seen.setdefault((r["article_id"], r["seq"]), r)
    where = None
    for _, r in sorted(seen.items(), key=lambda kv: kv[0]):
        other = ClaimRecord(r["article_id"], r["seq"], r["what"], r["subject"], r["low"], r["high"], r["as_of"],
                            r["date"], r["text"])
        v = compare_claims(other, c)
        if v is not None:                   # and where and by whom, read only for a pair that compares
            if where is None:
                where = claim_places(conn, c)
                c = dataclasses.replace(c, places=where[0], parties=where[1])
            if any(where):
                places, parties = claim_places(conn, other)
                v = compare_claims(dataclasses.replace(other, places=places, parties=parties), c)
        if v is not None:
            conn.execute("INSERT OR REPLACE INTO claim_links VALUES (?,?,?,?,?,?)",
                         (other.article_id, other.seq, c.article_id, c.seq, v.verdict, v.why))


# --------------------------------------------------------------------------- stories

def _story_inputs(conn: sqlite3.Connection, article_id: str, clusters: list[str]) -> dict[str, Counter]:
    row = conn.execute("SELECT text, title, dropped FROM articles WHERE id=?", (article_id,)).fetchone()
    text = row["text"]
    for d in sorted(json.loads(row["dropped"]), key=lambda d: -d["start"]):
        text = text[:d["start"]] + "\n" + text[d["end"]:]
    actors = conn.execute("SELECT a.kind, m.actor_id FROM mentions m JOIN actors a ON a.id = m.actor_id"
                          " WHERE m.article_id=?", (article_id,)).fetchall()
    places = [r[0] for r in conn.execute("SELECT location FROM events WHERE article_id=? AND location IS NOT NULL",
                                         (article_id,))]
    dates = [r[0] for r in conn.execute("SELECT value FROM times WHERE article_id=? AND type='DATE'", (article_id,))]
    return C.raw_features(f"{row['title'] or ''}\n{text}", [(r[0], r[1]) for r in actors],
                          [p.casefold() for p in places], dates, clusters)


def _df(conn: sqlite3.Connection, keys: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(keys), 500):
        part = keys[i:i + 500]
        out.update(conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({','.join('?' * len(part))})", part))
    return out


def article_vector(conn: sqlite3.Connection, article_id: str, clusters: list[str]) -> C.Groups:
    """The article's story vectors, counting it into the document frequencies."""
    raw = _story_inputs(conn, article_id, clusters)
    keys = sorted({C.key(g, t) for g, counts in raw.items() for t in counts})
    conn.executemany("INSERT INTO term_df (term, df) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1",
                     [(k,) for k in keys])
    n = conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] + 1
    return C.weigh(raw, _df(conn, keys), n)


def assign_story(conn: sqlite3.Connection, article_id: str, clusters: list[str],
                 params: C.StoryParams = PARAMS) -> str:
    """Put the article into the most similar candidate story above the threshold, or start a new story."""
    vec = article_vector(conn, article_id, clusters)
    keys = C.signature(vec)
    hits: Counter = Counter()
    for k in keys:
        hits.update(r[0] for r in conn.execute("SELECT story_id FROM story_keys WHERE key=? ORDER BY rowid DESC LIMIT ?",
                                               (k, CANDIDATES)))
    best, best_sim = _original_story(conn, article_id), params.threshold
    for sid, _ in ([] if best else hits.most_common(STORY_CANDIDATES)):
        members = [_member_vector(r[0]) for r in conn.execute(
            "SELECT vector FROM story_articles WHERE story_id=? ORDER BY seq DESC LIMIT ?", (sid, MEMBERS))]
        sim = C.similarity(vec, _story_vector(conn.execute("SELECT vector FROM stories WHERE id=?", (sid,)).fetchone()[0]),
                           params, members)
        if sim >= best_sim:
            best, best_sim = sid, sim
    art = conn.execute("SELECT published, title, text FROM articles WHERE id=?", (article_id,)).fetchone()
    seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM story_articles").fetchone()[0]
    if best is None:
        best = f"story:{article_id}"
        conn.execute("INSERT INTO stories (id, title, first, last, size, vector) VALUES (?,?,?,?,0,'{}')",
                     (best, _title(art["title"], art["text"]), art["published"], art["published"]))
    conn.execute("INSERT INTO story_articles (article_id, story_id, vector, seq) VALUES (?,?,?,?)",
                 (article_id, best, json.dumps(vec), seq))
    _refresh_story(conn, best, add=vec, published=art["published"])
    conn.executemany("INSERT OR IGNORE INTO story_keys (key, story_id) VALUES (?,?)", [(k, best) for k in keys])
    return best


def _original_story(conn: sqlite3.Connection, article_id: str) -> str | None:
    """The story of the article this one near-duplicates (a duplicate is one more report of it)."""
    row = conn.execute("SELECT s.story_id FROM articles a JOIN story_articles s ON s.article_id = a.duplicate_of"
                       " WHERE a.id=?", (article_id,)).fetchone()
    return row[0] if row else None


def _title(title: str | None, text: str) -> str:
    line = (title or next((ln.strip() for ln in text.splitlines() if ln.strip()), "")).strip()
    return line if len(line) <= 100 else line[:97] + "..."


def _refresh_story(conn: sqlite3.Connection, sid: str, add: C.Groups | None = None,
                   published: str | None = None) -> None:
    """Update a story's size, dates and vector after an article (vector `add`, `published`) joined, from the
    stored row (a big story's members are not read again), or after one left (recomputed from its members)."""
    if add is not None:
        size, first, last, stored = conn.execute("SELECT size, first, last, vector FROM stories WHERE id=?",
                                                 (sid,)).fetchone()
        days = [d for d in (first, last, published) if d is not None]
        conn.execute("UPDATE stories SET size=?, first=?, last=?, vector=? WHERE id=?",
                     (size + 1, min(days, default=None), max(days, default=None),
                      json.dumps(C.add_into(json.loads(stored), add)), sid))
        return
    size, first, last = conn.execute(
        "SELECT count(*), min(a.published), max(a.published) FROM story_articles s JOIN articles a ON a.id = s.article_id"
        " WHERE s.story_id=?", (sid,)).fetchone()
    if not size:
        conn.execute("DELETE FROM stories WHERE id=?", (sid,))
        return
    vector: C.Groups = {}
    for (v,) in conn.execute("SELECT vector FROM story_articles WHERE story_id=? ORDER BY seq", (sid,)):
        vector = C.add_into(vector, json.loads(v))
    conn.execute("UPDATE stories SET size=?, first=?, last=?, vector=? WHERE id=?",
                 (size, first, last, json.dumps(vector), sid))


# --------------------------------------------------------------------------- removal

def remove_article(conn: sqlite3.Connection, article_id: str) -> None:
    """Undo `add_article` before the article is deleted or replaced: clusters, stories and frequencies."""
    clusters = [r[0] for r in conn.execute("SELECT DISTINCT cluster_id FROM event_links WHERE article_id=?",
                                           (article_id,))]
    conn.execute("DELETE FROM event_links WHERE article_id=?", (article_id,))
    for cid in clusters:
        refresh_cluster(conn, cid)
    conn.execute("DELETE FROM claim_links WHERE article_a=? OR article_b=?", (article_id, article_id))
    conn.execute("DELETE FROM claim_keys WHERE article_id=?", (article_id,))
    row = conn.execute("SELECT story_id, vector FROM story_articles WHERE article_id=?", (article_id,)).fetchone()
    if row is None:
        return
    raw = _story_inputs(conn, article_id, list(json.loads(row["vector"]).get("e", {})))
    conn.executemany("UPDATE term_df SET df = df - 1 WHERE term=?",
                     [(C.key(g, t),) for g, counts in raw.items() for t in counts])
    conn.execute("DELETE FROM story_articles WHERE article_id=?", (article_id,))
    _refresh_story(conn, row["story_id"])

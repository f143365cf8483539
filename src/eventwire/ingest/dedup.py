"""Near-duplicate articles at ingest: the same story fetched twice, or syndicated under another header.

Each article's text becomes a set of 5-word shingles (lowercased `\\w+` tokens), summarised by a
64-permutation MinHash (datasketch) and looked up in a MinHash LSH index; a candidate counts as a
duplicate when the estimated Jaccard similarity of the two shingle sets is at least THRESHOLD.
Texts too short for shingles to mean much (under MIN_TOKENS tokens) are matched on their exact
token sequence only. The later article gets `duplicate_of` = the first one's id and the error
`duplicate`, so the pipeline does not code it again and the CLI reports it as skipped.

Memory stays bounded: the index keeps the last WINDOW articles (older ones are removed from it),
so a 1 GB batch streams through in constant memory; a duplicate further apart than that, or
from an earlier run, is not recognised here (an identical text has the same content id, and the
store already keeps one copy of it).
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import OrderedDict
from typing import Iterable, Iterator, TypeVar

from ..records import Article, ItemError

THRESHOLD = 0.7
NUM_PERM = 64
SHINGLE = 5
MIN_TOKENS = 30
WINDOW = 50_000
_TOKEN = re.compile(r"\w+")
T = TypeVar("T")


def shingles(text: str, n: int = SHINGLE) -> set[bytes]:
    """The set of n-token shingles of a text (lowercased \\w+ tokens), as UTF-8 bytes."""
    toks = _TOKEN.findall(text.lower())
    if len(toks) <= n:
        return {" ".join(toks).encode("utf-8", "replace")} if toks else set()
    return {" ".join(toks[i:i + n]).encode("utf-8", "replace") for i in range(len(toks) - n + 1)}


class NearDuplicates:
    """A bounded index of recent articles; `check(article)` returns (first id, similarity) or None."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, window: int = WINDOW):
        from datasketch import MinHash, MinHashLSH
        self._MinHash = MinHash
        self.threshold = threshold
        self.num_perm = num_perm
        self.window = window
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        proto = MinHash(num_perm=num_perm, seed=1)
        self._perms, self._scheme = proto.permutations, proto.scheme
        self._sigs: OrderedDict[int, tuple[str, object]] = OrderedDict()    # key -> (article id, MinHash)
        self._exact: OrderedDict[bytes, str] = OrderedDict()                 # token-sequence hash -> article id
        self._next = 0
        self.stored: set[str] = set()         # ids indexed from the database (seed_index), not from this run

    def _minhash(self, grams: set[bytes]):
        m = self._MinHash(num_perm=self.num_perm, permutations=self._perms, scheme=self._scheme)
        m.update_batch(list(grams))
        return m

    def check(self, article_id: str, text: str) -> tuple[str, float] | None:
        """The earlier article this text duplicates, with the similarity, or None (then it is indexed)."""
        toks = _TOKEN.findall(text.lower())
        if not toks:
            return None
        exact = hashlib.sha256(" ".join(toks).encode("utf-8", "replace")).digest()
        if exact in self._exact:
            return self._exact[exact], 1.0
        self._remember(self._exact, exact, article_id)
        if len(toks) < MIN_TOKENS:
            return None
        m = self._minhash(shingles(text))
        best: tuple[str, float] | None = None
        for key in self._lsh.query(m):
            first_id, other = self._sigs[key]
            sim = float(m.jaccard(other))
            if sim >= self.threshold and (best is None or sim > best[1]):
                best = (first_id, sim)
        if best is not None:
            return best
        key = self._next
        self._next += 1
        self._lsh.insert(key, m)
        self._sigs[key] = (article_id, m)
        while len(self._sigs) > self.window:
            old, _ = self._sigs.popitem(last=False)
            self._lsh.remove(old)
        return None

    def _remember(self, table: OrderedDict, key, value) -> None:
        table[key] = value
        while len(table) > self.window:
            table.popitem(last=False)


def seed_index(index: NearDuplicates, stored: Iterable[tuple[str, str]]) -> NearDuplicates:
    """Index articles already stored (id, text), so a later run links near-duplicates of them too."""
    for article_id, text in stored:
        index.stored.add(article_id)
        index.check(article_id, text)
    return index


def mark_duplicates(items: Iterable[T], index: NearDuplicates | None = None) -> Iterator[T]:
    """Pass a stream of Articles (and anything else) through, marking near-duplicates of earlier ones.

    Only articles that would be coded (no errors) are compared; a duplicate keeps its text and
    metadata, gains `duplicate_of` and the error `duplicate` naming the first article."""
    seen = index or NearDuplicates()
    for item in items:
        if isinstance(item, Article) and not item.errors and item.text.strip():
            hit = seen.check(item.id, item.text)
            if hit is not None and not (hit[0] == item.id and item.id in seen.stored):  # a re-run: store's job
                first, sim = hit
                what = (f"the same article as {first}, given again" if first == item.id
                        else f"the same text as article {first}" if sim >= 1.0
                        else f"a near-duplicate of article {first} (similarity {sim:.2f})")
                err = ItemError("duplicate", f"{item.source or item.id}: {what}; linked to it and not coded again")
                item = dataclasses.replace(item, duplicate_of=first, errors=(*item.errors, err))
        yield item

"""Near-duplicate articles at ingest: the same story fetched twice, or syndicated under another header.

Each article's text becomes a set of 5-word shingles (lowercased `\\w+` tokens), summarised by a
64-permutation MinHash (datasketch) and looked up by its LSH band keys; a candidate counts as a
duplicate when the estimated Jaccard similarity of the two shingle sets is at least THRESHOLD.
Texts too short for shingles to mean much (under MIN_TOKENS tokens) are matched on their exact
token sequence only. The later article gets `duplicate_of` = the first one's id and the error
`duplicate`, so the pipeline does not code it again and the CLI reports it as skipped.

Memory stays bounded and small: the index keeps the last WINDOW articles in fixed-size arrays
(a ring: each article's 64 hash values as uint32, 16 band keys (4 values each, hashed to 32 bits), and the first 8
bytes of its token-sequence hash; ~330 bytes an article, 17 MB when full, instead of ~3.7 KB
with datasketch's MinHash objects and LSH tables), so a 1 GB batch streams through in constant
memory. A lookup compares the band keys of all indexed articles at once (numpy) and estimates the
similarity of those sharing a band from their hash values. A duplicate further apart than WINDOW
articles, or from an earlier run, is not recognised here (an identical text has the same content
id, and the store already keeps one copy of it).
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
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

    BANDS = 16                      # LSH bands of NUM_PERM // BANDS values: P(candidate | J=0.7) ~ 0.99

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, window: int = WINDOW):
        import numpy as np
        from datasketch import MinHash
        self._np, self._MinHash = np, MinHash
        self.threshold, self.num_perm, self.window = threshold, num_perm, window
        proto = MinHash(num_perm=num_perm, seed=1)
        self._perms, self._scheme = proto.permutations, proto.scheme
        self._rows = num_perm // self.BANDS
        self._mix = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5]
                             * self._rows, dtype=np.uint64)[:self._rows]
        self._sig = np.zeros((window, num_perm), dtype=np.uint32)     # ring of MinHash values
        self._band = np.zeros((self.BANDS, window), dtype=np.uint32)  # ring of band keys, a row a band
        self._sig_ids: list[str | None] = [None] * window
        self._sigs = 0                                                # signatures indexed so far (all time)
        self._exact = np.zeros(window, dtype=np.uint64)               # ring of token-sequence hashes
        self._exact_ids: list[str | None] = [None] * window
        self._exacts = 0
        self.stored: set[str] = set()         # ids indexed from the database (seed_index), not from this run

    @property
    def size(self) -> int:
        """How many articles' signatures the index holds now (at most `window`; no __len__, so an empty
        index is still true where callers test `if dedup`)."""
        return min(self._sigs, self.window)

    def _signature(self, grams: set[bytes]):
        m = self._MinHash(num_perm=self.num_perm, permutations=self._perms, scheme=self._scheme)
        m.update_batch(list(grams))
        return m.hashvalues.astype(self._np.uint32)

    def _bands(self, sig):
        np = self._np
        mixed = (sig.reshape(self.BANDS, self._rows).astype(np.uint64) * self._mix).sum(axis=1, dtype=np.uint64)
        return (mixed >> np.uint64(32)).astype(np.uint32)

    def check(self, article_id: str, text: str) -> tuple[str, float] | None:
        """The earlier article this text duplicates, with the similarity, or None (then it is indexed)."""
        np = self._np
        toks = _TOKEN.findall(text.lower())
        if not toks:
            return None
        digest = hashlib.sha256(" ".join(toks).encode("utf-8", "replace")).digest()
        exact = np.uint64(int.from_bytes(digest[:8], "little"))
        filled = min(self._exacts, self.window)
        hits = np.flatnonzero(self._exact[:filled] == exact)
        if len(hits):
            return self._exact_ids[int(hits[0])], 1.0
        slot = self._exacts % self.window
        self._exact[slot], self._exact_ids[slot] = exact, article_id
        self._exacts += 1
        if len(toks) < MIN_TOKENS:
            return None
        sig = self._signature(shingles(text))
        bands = self._bands(sig)
        filled = self.size
        candidates = np.flatnonzero((self._band[:, :filled] == bands[:, None]).any(axis=0))
        if len(candidates):
            sims = (self._sig[candidates] == sig).mean(axis=1)
            best = int(np.argmax(sims))
            if sims[best] >= self.threshold:
                return self._sig_ids[int(candidates[best])], float(sims[best])
        slot = self._sigs % self.window
        self._sig[slot], self._band[:, slot], self._sig_ids[slot] = sig, bands, article_id
        self._sigs += 1
        return None


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
    seen = index if index is not None else NearDuplicates()
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

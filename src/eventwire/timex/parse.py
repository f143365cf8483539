"""Access to the spaCy parse by character offset, and the tense of the verb that governs an expression."""
from __future__ import annotations

import bisect
from typing import Any, Sequence

from eventwire.annotate import Chunk


# --------------------------------------------------------------------------- parse environment


class _Env:
    """The text plus access to the spaCy tokens (if chunks were given) by character offset."""

    def __init__(self, text: str, chunks: Sequence[Chunk] = ()) -> None:
        self.text = text
        self.chunks = sorted(chunks, key=lambda c: c.offset)
        self._offsets = [c.offset for c in self.chunks]
        self._tenses: dict[tuple[int, int], str | None] = {}

    def token(self, pos: int) -> Any | None:
        """The spaCy token covering text offset pos, or None."""
        i = bisect.bisect_right(self._offsets, pos) - 1
        if i < 0:
            return None
        ch = self.chunks[i]
        local = pos - ch.offset
        if local >= ch.length:
            return None
        j = int(ch.token_starts.searchsorted(local, side="right")) - 1
        return ch.doc[j] if 0 <= j < len(ch.doc) else None

    def tense(self, start: int, end: int) -> str | None:
        """past | future | None: the tense of the verb that governs text[start:end] (memoised: each
        expression is resolved several times)."""
        key = (start, end)
        if key not in self._tenses:
            self._tenses[key] = self._tense(start, end)
        return self._tenses[key]

    def _tense(self, start: int, end: int) -> str | None:
        """tense() without the memo."""
        tok = self.token(start)
        if tok is None:
            return None
        try:
            span = tok.doc.char_span(tok.idx, tok.idx + max(1, end - start), alignment_mode="expand")
            tok = span.root if span is not None and len(span) else tok
            for _ in range(6):
                if tok.pos_ in ("VERB", "AUX"):
                    return _verb_tense(tok)
                if tok.head is tok:
                    return None
                tok = tok.head
        except (IndexError, ValueError, AttributeError):
            return None
        return None

    def before(self, pos: int, n: int = 40) -> str:
        return self.text[max(0, pos - n):pos]

    def after(self, pos: int, n: int = 40) -> str:
        return self.text[pos:pos + n]


_FUTURE_AUX = {"will", "shall", "'ll", "wo", "ll", "should", "would", "may", "might", "must", "could", "can", "ca"}
_FUTURE_LEMMAS = {"plan", "expect", "schedule", "due", "set", "intend", "aim", "hope", "prepare", "slate", "want",
                  "seek", "propose"}
_INTENT_LEMMAS = {"agree", "decide", "promise", "vow", "pledge", "threaten", "offer", "resolve", "undertake", "commit"}
_SCHEDULE_LEMMAS = {"schedule", "slate", "plan", "postpone", "reschedule", "delay", "adjourn"}


def _verb_tense(v: Any, depth: int = 0) -> str | None:
    kids = list(v.children)
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in kids):
        return "future"
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in kids):
        head = v.head
        if (v.dep_ in ("xcomp", "advcl") and head is not v and head.pos_ == "VERB" and depth < 3
                and head.lemma_ not in _FUTURE_LEMMAS | _INTENT_LEMMAS and _verb_tense(head, depth + 1) == "past"):
            return "past"                   # "voted to leave the EU on Thursday", "were invited to join NATO on Wednesday"
        return "future"                     # infinitive: "to be held on October 12", "to remain closed until Friday"
    if v.lemma_ in _SCHEDULE_LEMMAS:
        return "future"
    if v.lemma_ in _FUTURE_LEMMAS and any(c.dep_ == "xcomp" for c in kids):
        return "future"                     # "wants to eliminate ... by early June"
    if (v.tag_ in ("VBZ", "VBP") and v.dep_ == "advcl" and v.head is not v
            and depth < 2 and v.head.pos_ in ("VERB", "AUX")):
        return _verb_tense(v.head, depth + 1)   # "will wear ... when it arrives on November 11"
    if any(c.lower_ == "going" for c in kids) or (v.lower_ == "going" and any(c.dep_ == "xcomp" for c in kids)):
        return "future"
    head = v.head
    if v.dep_ in ("xcomp", "advcl") and head is not v and head.lemma_ in _FUTURE_LEMMAS:
        return "future"
    if v.dep_ == "xcomp" and head is not v and any(c.lower_ in _FUTURE_AUX for c in head.children):
        return "future"
    auxes = [c for c in kids if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "VBD" for c in auxes) or any(c.lemma_ == "have" for c in auxes):
        return "past"
    if v.tag_ == "VBD":
        return "past"
    if v.tag_ == "VBN" and not auxes:
        return "past"
    if v.tag_ == "VBG" and any(c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in auxes):
        return "future"
    if v.lemma_ in _FUTURE_LEMMAS and any(c.dep_ == "xcomp" for c in kids):
        return "future"
    return None

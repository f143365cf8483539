"""Claim comparison across articles: are two numbers about the same thing, and do they agree?

Two claims are compared only when they count the same thing of the same happening: the same
`what`, a shared content word of their subjects, and nothing that tells two happenings apart: the
names in their subjects ("soldiers near Amman" / "soldiers near Nairobi", "supporters of X" /
"supporters of Y"), the countries where the events told in their sentences happened ("arrested 12
suspects in a raid near Amman" / "... near Moscow") or of those events' actors ("Russia expelled 10
diplomats" / "Poland expelled 5 diplomats"), or the dates of what they count ("killed 46 on Monday" /
"killed 29 on Wednesday": two attacks, not a toll that changed). A standing state (held hostage,
missing) counted at two dates is one thing that changed over time.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .dates import overlap
from ..eval.common import day_range as _day_range

CONSISTENT, CONFLICTING, CHANGED = "consistent", "conflicting", "changed over time"
_STOP = frozenset("a an the of in on at to for from by with and or as is are was were who which that this these "
                  "those people taken".split())
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class ClaimRecord:
    """What comparison needs of one stored claim."""

    article_id: str
    seq: int
    what: str
    subject: str | None
    low: float | None
    high: float | None
    as_of: str | None
    date: str | None
    text: str = ""
    places: frozenset[str] | None = None    # countries of the located events told in the claim's sentence
    parties: frozenset[str] | None = None   # countries of those events' actors (who did it)


@dataclass(frozen=True)
class Verdict:
    """Two aligned claims of different articles and how they relate."""

    a: ClaimRecord
    b: ClaimRecord
    verdict: str
    why: str


day_range = functools.lru_cache(maxsize=8192)(_day_range)   # claims' dates are strings: memoised


@functools.lru_cache(maxsize=8192)
def subject_words(subject: str | None) -> frozenset[str]:
    """Content-word stems (first five letters) of a claim's subject: 'Russian nationals' -> {russi, natio}."""
    return frozenset(w.lower()[:5] for w in _WORD.findall(subject or "") if w.lower() not in _STOP and len(w) > 2)


@functools.lru_cache(maxsize=8192)
def name_words(subject: str | None) -> frozenset[str]:
    """The capitalised words of a claim's subject, first four letters: whose or where the count is
    ('Russian nationals' -> {russ}, 'soldiers in checkpoint near Amman' -> {amma})."""
    return frozenset(w.lower()[:4] for w in _WORD.findall(subject or "") if w[0].isupper() and w.lower() not in _STOP)


def _one_happening(c: ClaimRecord) -> bool:
    """A count of one happening (killed, arrested): its as_of is the happening's date, not a later one."""
    return c.as_of is None or c.as_of == c.date


def _ranges_overlap(a: ClaimRecord, b: ClaimRecord) -> bool:
    lo_a, hi_a = (a.low if a.low is not None else float("-inf")), (a.high if a.high is not None else float("inf"))
    lo_b, hi_b = (b.low if b.low is not None else float("-inf")), (b.high if b.high is not None else float("inf"))
    return lo_a <= hi_b and lo_b <= hi_a


def _value(c: ClaimRecord) -> str:
    f = lambda x: f"{x:g}"  # noqa: E731
    if c.low is not None and c.high is not None:
        return f(c.low) if c.low == c.high else f"{f(c.low)}-{f(c.high)}"
    return f"{f(c.low)}+" if c.low is not None else f"<={f(c.high)}" if c.high is not None else "?"


def compare_claims(a: ClaimRecord, b: ClaimRecord) -> Verdict | None:
    """The verdict on two claims, or None when they are not about the same thing (what, subject, happening:
    see the module docstring)."""
    if a.article_id == b.article_id or a.what != b.what or (a.low is None and a.high is None) \
            or (b.low is None and b.high is None):
        return None
    if not subject_words(a.subject) & subject_words(b.subject):
        return None
    names_a, names_b = name_words(a.subject), name_words(b.subject)
    if names_a and names_b and not names_a & names_b:
        return None                             # other people's, or another place's
    if a.places and b.places and not a.places & b.places:
        return None                             # told of events in other countries
    if a.parties and b.parties and not a.parties & b.parties:
        return None                             # ... or done by other countries' actors
    if a.date and b.date and a.date != b.date and not overlap(day_range(a.date), day_range(b.date)):
        if _one_happening(a) or _one_happening(b):
            return None                         # counts of two different happenings
    when_a, when_b = a.as_of or a.date, b.as_of or b.date
    ra, rb = day_range(when_a) if when_a else None, day_range(when_b) if when_b else None
    values = f"{_value(a)} ({a.article_id}) vs {_value(b)} ({b.article_id})"
    if ra is not None and rb is not None and ra != rb and not (ra[0] <= rb[0] and rb[1] <= ra[1]) \
            and not (rb[0] <= ra[0] and ra[1] <= rb[1]):
        return Verdict(a, b, CHANGED, f"{values}: as of {when_a} and {when_b}")
    if _ranges_overlap(a, b):
        return Verdict(a, b, CONSISTENT, f"{values}: the ranges overlap")
    return Verdict(a, b, CONFLICTING, f"{values}: disjoint ranges for the same date")

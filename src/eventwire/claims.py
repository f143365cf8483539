"""Claims: the numbers an article states about what happened or holds ("killing over a thousand
people", "the estimated 220 taken hostage", "the third time that X met Y"), each with what it
counts, a value range, a qualifier, the subject counted, its date and who gives it.

The rules run over the spaCy parse, sentence by sentence, in one pass (linear in text length):

1. Numbers. A run of number tokens is read with events.size's number words (numbers.yaml):
   figures ("1,400", "1.5 million"), words ("three", "twenty-five", "a thousand"), dozens
   ("a dozen", "half-dozen", "half a dozen"), vague plurals ("dozens", "hundreds of thousands")
   and vague multipliers ("several hundred"). The qualifier words right before it (claims.yaml
   `qualifiers`, longest match, incl. the frequent typo "more that") and after it ("or more")
   are part of the number span.
2. Not counts: a number inside a date expression (`times`) or boilerplate (`dropped`), one the
   NER marks as anything but a cardinal or quantity (ages "Kozlov, 27," and "32-year-old" are
   DATE; money, percentages, ordinals, names), one right after `not_before` words ("aged", "$",
   "No.") or before `not_after` words ("%", "percent", "dollars"), list numbering ("1." at a
   line start), a bare year-like figure, "no one" and "one of the ...", and any number that
   nothing in the vocabulary counts ("several times", "twice" and "many" are not numbers at
   all). Negated or unrealised counting verbs ("could kill", "did not kill", "threatened to
   kill") give no claim; a count of one needs a counting verb ("killing one man", not "one
   protester threw"); verbs that also take things (`people_only_verbs`: release, execute,
   deploy ...) count only person nouns ("released 20 reports" is no claim).
3. What it counts (claims.yaml `what`), first rule that applies:
   a. a counting verb whose object or passive subject is the counted noun ("killed 20 people",
      "1,400 Israelis and foreigners were slaughtered", "20 killed", "kidnapping hundreds"),
      whose subject it is for `subject_verbs` ("15 people died", "thousands marched"), or a
      predicate adjective ("three remain missing"); a tally ("the death toll rose to 45",
      "a death toll of 20");
   b. a participle or relative clause on the counted noun ("the 220 taken hostage",
      "people who were abducted");
   c. the counted noun itself ("220 hostages", "20 dead", "5,000 protesters");
   d. membership: "among these captives are three Russian citizens", "the half-dozen nationals
      who are among the 220 taken hostage", "including five children", "the dead include ...";
   e. ordinals: "the third time (this year) that X met Y" counts `ordinal_verbs` (meetings 3).
4. Value range [low, high], both inclusive, None where open:
   exact "20" -> [20, 20]; "at least 20" -> [20, None]; "more than/over 20" -> [21, None]
   (an inclusive low bound; fractional values keep N); "fewer than 20" -> [None, 19];
   "up to/as many as 20" -> [None, 20]; "about/around/some 20" and "estimated 20" -> N +- 10 %
   rounded outwards ([18, 22]); "nearly/almost 20" -> [18, 20]; "a dozen", "half-dozen" ->
   about 12 / about 6 ([5, 7]); vague plurals -> claims.yaml `vague` ("dozens" [24, 99],
   "hundreds" [200, 999], "hundreds of thousands" [200000, 999999]); "several hundred" ->
   [300, 999]; ordinals -> [n, n].
   Qualifier, a short controlled vocabulary: exact, at least, more than, fewer than, up to,
   about, estimated, nearly, ordinal, or for vague numbers the number words themselves
   (dozens, hundreds, thousands, tens of thousands, hundreds of thousands, several hundred ...).
5. Subject: the counted noun phrase up to its first comma, without number, determiner, clauses
   and dates ("Israelis and
   foreigners", "Russian nationals", "taken hostage by Hamas in Gaza"). A generic one ("people",
   "hostages", a bare number -> the what's `default`) is completed with where it happened: a
   place preposition of the verb ("people in Kabul") or the object of the attack verb a
   participle follows ("attacked Israeli territory, killing ..." -> "people in Israeli
   territory"). Ordinals: "<subject of the verb> with/to <its object>".
6. Dates: the nearest date expression (`times` with a date) inside the smallest clause around
   the counting word, climbing up the parse but not past a saying verb: `date` is the date of
   the happening counted. `as_of` is that date for events; for states (`state: true`, e.g.
   held_hostage) it is the date of the statement (a date on the saying verb) or else the
   publication date.
7. Source: "according to X" in the sentence, or the subject of a saying verb whose complement
   holds the count, where a resolved mention names an actor (`said_by`, an actor id).
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np
import yaml
from spacy.attrs import ENT_TYPE, LIKE_NUM, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .annotate import Chunk
from .events.size import Numbers, load_numbers, parse_number
from .records import Actor, Claim, Dropped, Mention, Span, TimeSpan

_FIGURE = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_ORDINAL_FIGURE = re.compile(r"^(\d+)(st|nd|rd|th)$", re.IGNORECASE)
_NUMBER_ENTS = frozenset(("", "CARDINAL", "QUANTITY"))
_CLAUSE_DEPS = frozenset(("ROOT", "advcl", "ccomp", "relcl", "conj", "parataxis", "xcomp", "acl", "csubj", "pcomp"))
_OBJECT_DEPS = frozenset(("dobj", "obj", "nsubjpass"))
_NOT_REALIS_AUX = frozenset(("will", "would", "could", "might", "may", "should", "can", "must", "shall", "'ll", "to"))
_NP_SKIP = frozenset(("relcl", "appos", "punct", "advcl", "parataxis"))
_HEAD_SKIP = frozenset(("det", "predet", "advmod"))       # dropped on the counted noun itself only
_ARG_DEPS = frozenset(("nsubj", "nsubjpass", "dobj", "obj", "attr", "oprd"))
_RELATIVE = frozenset(("who", "that", "which", "whom"))
_SPAN_DETS = frozenset(("the", "an", "a"))
_PARTICLES = frozenset(("to", "over", "up", "down", "off", "out", "in", "on", "away"))
_CURRENCY = frozenset(("$", "€", "£", "¥", "US$", "₹", "₪", "₽"))
_COPULAS = frozenset(("be", "remain", "stay"))


@dataclass(frozen=True)
class WhatEntry:
    """One kind of count: its GDELT count type, whether it is a state, and what a bare number counts."""

    name: str
    count_type: str | None
    state: bool
    default: str
    ordinal_link: str


@dataclass(frozen=True)
class ClaimVocabulary:
    """What a number can count and how it is qualified (data/claims.yaml)."""

    whats: dict[str, WhatEntry]
    verbs: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]          # lemma -> ((what, extra words), ...)
    subject_verbs: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    nouns: dict[str, str]
    adjectives: dict[str, str]
    ordinal_verbs: dict[str, str]
    qualifiers: dict[tuple[str, ...], str]                             # words before a number -> qualifier
    after: dict[tuple[str, ...], str]                                  # words after it ("or more")
    band: float
    vague: dict[str, tuple[int, int]]
    multipliers: dict[str, tuple[int, int]]
    ordinals: dict[str, int]
    ordinal_nouns: frozenset[str]
    generic: frozenset[str]
    tally_nouns: frozenset[str]
    tally_verbs: frozenset[str]
    place_preps: frozenset[str]
    place_verbs: frozenset[str]
    membership_preps: frozenset[str]
    membership_verbs: frozenset[str]
    saying_verbs: frozenset[str]
    people_only_verbs: frozenset[str]
    predicate_verbs: frozenset[str]
    person_nouns: frozenset[str]
    not_before: frozenset[str]
    not_after: frozenset[str]
    numbers: Numbers
    verb_words: frozenset[str] = frozenset()       # the extra words of verb entries ("hostage", "dead")

    @property
    def words(self) -> frozenset[str]:
        """Every word that says what a number counts."""
        return frozenset((*self.verbs, *self.subject_verbs, *self.nouns, *self.adjectives, *self.ordinal_verbs))

    @cached_property
    def qualifiers_by_last(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """`qualifiers` by their last word (the one right before the number), in their order."""
        out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for words, q in self.qualifiers.items():
            if words:
                out.setdefault(words[-1], []).append((words, q))
        return out

    @cached_property
    def number_start_ids(self) -> np.ndarray:
        """String ids of the lower-case words that may start a number ("two", "dozens", "half")."""
        nums = self.numbers
        words = {*nums.tens, *nums.scales, *self.vague, *(w for w in nums.units if w not in ("a", "an")), "half"}
        return np.array(sorted(get_string_id(w) for w in words), dtype=np.uint64)


# --------------------------------------------------------------------------- vocabulary

def _merge(base: dict, extra: dict) -> dict:
    """Layer a user file over the packaged data: dicts merge, lists extend, scalars replace."""
    out = dict(base)
    for k, v in (extra or {}).items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        elif isinstance(v, list) and isinstance(out.get(k), list):
            out[k] = out[k] + [x for x in v if x not in out[k]]
        else:
            out[k] = v
    return out


def _words(items: Iterable) -> frozenset[str]:
    """Lower-cased strings of a YAML list."""
    return frozenset(str(w).lower() for w in items or [])


def _singulars(words: frozenset[str]) -> frozenset[str]:
    """The words plus their plain singulars ("soldiers" -> "soldier", "women" -> "woman")."""
    extra = {w[:-1] for w in words if w.endswith("s")} | {w[:-3] + "man" for w in words if w.endswith("men")}
    return frozenset(words | extra)


def _verb_table(whats: dict, key: str) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """lemma -> ((what, required words), ...), entries with required words first."""
    table: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for name, entry in whats.items():
        for phrase in (entry or {}).get(key) or []:
            parts = str(phrase).lower().split()
            table.setdefault(parts[0], []).append((name, tuple(parts[1:])))
    return {k: tuple(sorted(v, key=lambda e: -len(e[1]))) for k, v in table.items()}


def _word_table(whats: dict, key: str) -> dict[str, str]:
    """word -> what for one list key of every `what` entry (the first entry wins)."""
    out: dict[str, str] = {}
    for name, entry in whats.items():
        for w in (entry or {}).get(key) or []:
            out.setdefault(str(w).lower(), name)
    return out


def _range(pair: Sequence) -> tuple[int, int]:
    """A two-number YAML list as a tuple."""
    return int(pair[0]), int(pair[1])


def load_vocabulary(extra_files: Sequence[Path] = ()) -> ClaimVocabulary:
    """Load data/claims.yaml plus user files."""
    data = yaml.safe_load(resources.files("eventwire.data").joinpath("claims.yaml").read_text("utf-8")) or {}
    for p in extra_files:
        data = _merge(data, yaml.safe_load(Path(p).read_text("utf-8")) or {})
    whats = data.get("what") or {}
    entries = {name: WhatEntry(name, (e or {}).get("count_type"), bool((e or {}).get("state")),
                               str((e or {}).get("default") or "people"), str((e or {}).get("ordinal_link") or "with"))
               for name, e in whats.items()}
    qualifiers = {tuple(str(w).lower().split()): q
                  for q, ws in (data.get("qualifiers") or {}).items() for w in ws or []}
    after = {tuple(str(w).lower().split()): str(q) for w, q in (data.get("after") or {}).items()}
    verbs = _verb_table(whats, "verbs")
    return ClaimVocabulary(
        whats=entries, verbs=verbs, subject_verbs=_verb_table(whats, "subject_verbs"),
        nouns=_word_table(whats, "nouns"), adjectives=_word_table(whats, "adjectives"),
        ordinal_verbs=_word_table(whats, "ordinal_verbs"), qualifiers=qualifiers, after=after,
        band=float(data.get("band", 0.1)),
        vague={str(k).lower(): _range(v) for k, v in (data.get("vague") or {}).items()},
        multipliers={str(k).lower(): _range(v) for k, v in (data.get("multipliers") or {}).items()},
        ordinals={str(k).lower(): int(v) for k, v in (data.get("ordinals") or {}).items()},
        ordinal_nouns=_words(data.get("ordinal_nouns")), generic=_words(data.get("generic")),
        tally_nouns=_words(data.get("tally_nouns")), tally_verbs=_words(data.get("tally_verbs")),
        place_preps=_words(data.get("place_preps")), place_verbs=_words(data.get("place_verbs")),
        membership_preps=_words(data.get("membership_preps")), membership_verbs=_words(data.get("membership_verbs")),
        saying_verbs=_words(data.get("saying_verbs")), people_only_verbs=_words(data.get("people_only_verbs")),
        predicate_verbs=_words(data.get("predicate_verbs")),
        person_nouns=_singulars(_words(data.get("person_nouns")) | load_numbers().participants),
        not_before=_words(data.get("not_before")), not_after=_words(data.get("not_after")), numbers=load_numbers(),
        verb_words=frozenset(w for entries in verbs.values() for _, ws in entries for w in ws) - _PARTICLES)


# --------------------------------------------------------------------------- numbers

@dataclass(frozen=True)
class Number:
    """A number phrase in a sentence: its tokens, qualifier span and value range."""

    first: int                  # doc index of the first token of the whole span (qualifier included)
    start: int                  # doc index of the first number word
    end: int                    # doc index after the last number word (and any "or more")
    head: Token                 # the number word the parse attaches to the rest of the sentence
    low: float | None
    high: float | None
    qualifier: str


def _is_number_word(w: str, vocab: ClaimVocabulary) -> bool:
    """A figure or a number word (not the article 'a')."""
    nums = vocab.numbers
    return bool(_FIGURE.match(w)) or (w not in ("a", "an") and (w in nums.units or w in nums.tens
                                                                 or w in nums.scales or w in vocab.vague))


def _is_scale(w: str, vocab: ClaimVocabulary) -> bool:
    """'hundred', 'thousand', 'dozen' or their plurals."""
    nums = vocab.numbers
    return w in nums.scales or w.rstrip("s") in nums.scales or w in ("dozen", "dozens")


def _number_end(doc: Doc, i: int, stop: int, vocab: ClaimVocabulary) -> int:
    """The end of the number words starting at doc[i], or i when none start there."""
    w = doc[i].lower_
    nxt = doc[i + 1].lower_ if i + 1 < stop else ""
    if w == "half" and nxt in ("-", "a") and i + 2 < stop and _is_scale(doc[i + 2].lower_, vocab) \
            and not doc[i + 2].lower_.endswith("s"):
        return i + 3
    if w in ("a", "an") and (_is_scale(nxt, vocab) and not nxt.endswith("s")):
        j = i + 1
    elif w in vocab.multipliers and _is_scale(nxt, vocab) and not nxt.endswith("s"):
        j = i + 1
    elif _is_number_word(w, vocab) and w not in vocab.multipliers:
        j = i
    else:
        return i
    j += 1
    nums = vocab.numbers
    while j < stop:
        w, prev = doc[j].lower_, doc[j - 1].lower_
        after = doc[j + 1].lower_ if j + 1 < stop else ""
        if w == "," and re.fullmatch(r"\d{1,3}", prev) and re.fullmatch(r"\d{3}", after) and j - 1 == i:
            j += 2                                       # "26, 000": thousands written with a space
            continue
        if _FIGURE.match(w):
            if not _FIGURE.match(prev) and prev not in ("-", "and"):
                break                                    # "two 20-year-olds": a new number
            if _FIGURE.match(prev):
                break
        elif w in nums.units or w in nums.tens or _is_scale(w, vocab):
            if w in ("a", "an"):
                break
        elif w == "-" and prev in nums.tens and after in nums.units:
            pass
        elif w == "and" and prev in nums.scales and (after in nums.units or after in nums.tens or _FIGURE.match(after)):
            pass
        elif w == "of" and prev in vocab.vague and after.rstrip("s") in nums.scales and after.endswith("s"):
            pass
        else:
            break
        j += 1
    return j


def _value(words: list[str], vocab: ClaimVocabulary) -> tuple[float, float, str | None] | None:
    """(low, high, vague qualifier or None) of the number words; dozens give (n, n, 'about')."""
    nums = vocab.numbers
    words = [w for w in words if w not in ("-",)]
    if len(words) == 3 and words[1] == ",":
        words = [words[0] + "," + words[2]]
    if words[:1] == ["half"]:                          # "half-dozen", "half a million"
        scale = _scale_of([w for w in words[1:] if w not in ("a", "an")], vocab)
        return (None if not scale else (scale / 2, scale / 2, "about" if scale == 12 else None))
    if words[0] in ("a", "an") and len(words) > 1:
        words = words[1:] if words[1] == "dozen" else words
    if words[0] in vocab.multipliers and len(words) > 1:
        scale = _scale_of(words[1:], vocab)
        if scale is None:
            return None
        lo, hi = vocab.multipliers[words[0]]
        return lo * scale, (hi + 1) * scale - 1, " ".join(words)
    if words[0] in vocab.vague:
        scale = _scale_of([w for w in words[1:] if w != "of"], vocab) if len(words) > 1 else 1
        if scale is None:
            return None
        lo, hi = vocab.vague[words[0]]
        return lo * scale, (hi + 1) * scale - 1, " ".join(words)
    if len(words) == 1 and _FIGURE.match(words[0]):
        n = float(words[0].replace(",", ""))
    else:
        value = parse_number(words, nums)
        if value is None:
            return None
        n = float(value)
    if "dozen" in words:
        return n, n, "about"
    return n, n, None


def _scale_of(words: list[str], vocab: ClaimVocabulary) -> int | None:
    """The product of scale words ('thousand', 'millions', 'dozen'), None if another word is there."""
    scale = 1
    for w in words:
        s = vocab.numbers.scales.get(w) or vocab.numbers.scales.get(w.rstrip("s"))
        if s is None and w.rstrip("s") == "dozen":
            s = 12
        if s is None:
            return None
        scale *= s
    return scale


def _qualified(low: float, high: float, qualifier: str, vocab: ClaimVocabulary) -> tuple[float | None, float | None]:
    """Apply a qualifier to a value range (see the module docstring)."""
    whole = low == high and float(low).is_integer()
    if qualifier == "more than":
        return (low + 1 if whole else low), None
    if qualifier == "at least":
        return low, None
    if qualifier == "fewer than":
        return None, (high - 1 if whole else high)
    if qualifier == "up to":
        return None, high
    if qualifier in ("about", "estimated") and low == high:
        return math.floor(round(low * (1 - vocab.band), 6)), math.ceil(round(high * (1 + vocab.band), 6))
    if qualifier == "nearly" and low == high:
        return math.floor(round(low * (1 - vocab.band), 6)), high
    return low, high


def _is_particle(doc: Doc, k: int, lo: int, vocab: ClaimVocabulary) -> bool:
    """Whether doc[k] is a verb's particle ("handed over"), not a qualifier ("over 700")."""
    if doc[k].dep_ == "prt":
        return True
    prev = doc[k - 1] if k > lo else None
    return prev is not None and prev.pos_ == "VERB" and any(
        ws[:1] == (doc[k].lower_,) for _, ws in vocab.verbs.get(prev.lemma_.lower(), ()))


def _match_before(doc: Doc, i: int, lo: int, vocab: ClaimVocabulary) -> tuple[int, str | None]:
    """The qualifier words ending right before doc[i]: (their first index, qualifier) or (i, None)."""
    best = (i, None)
    for words, q in vocab.qualifiers_by_last.get(doc[i - 1].lower_, ()) if i > lo else ():
        k = i - len(words)
        if k >= lo and k < best[0] and all(doc[k + n].lower_ == w for n, w in enumerate(words)):
            if len(words) == 1 and doc[k].dep_ == "prep" and doc[k].lower_ not in ("over", "under"):
                if not any(c.i >= i for c in doc[k].children):
                    continue
            if _is_particle(doc, k, lo, vocab):
                continue                                     # "handed over 700 kg": a particle
            best = (k, q)
    k = best[0]
    if best[1] == "estimated" and k - 1 >= lo and doc[k - 1].lower_ in _SPAN_DETS:
        best = (k - 1, best[1])
    return best


def _match_after(doc: Doc, j: int, stop: int, vocab: ClaimVocabulary) -> tuple[int, str | None]:
    """Qualifier words right after the number ("or more", "-plus")."""
    k = j + 1 if j < stop and doc[j].text == "-" else j
    for words, q in vocab.after.items():
        if k + len(words) <= stop and all(doc[k + n].lower_ == w for n, w in enumerate(words)):
            return k + len(words), q
    return j, None


def _head_of(doc: Doc, start: int, end: int) -> Token:
    """The token of doc[start:end] whose head lies outside it (the last one if several)."""
    best = doc[end - 1]
    for t in doc[start:end]:
        if not (start <= t.head.i < end) or t.head.i == t.i:
            best = t
    return best


def _numbers(doc: Doc, sent: SpacySpan, vocab: ClaimVocabulary) -> Iterator[Number]:
    """Every number phrase of the sentence with its value range and qualifier."""
    i, stop = sent.start, sent.end
    while i < stop:
        j = _number_end(doc, i, stop, vocab)
        if j == i:
            i += 1
            continue
        words = [t.lower_ for t in doc[i:j]]
        value = _value(words, vocab)
        if value is not None:
            low, high, vague = value
            first, qualifier = _match_before(doc, i, sent.start, vocab)
            if first == i and words[0] == "few" and i > sent.start and doc[i - 1].lower_ == "a":
                first = i - 1                                # "a few hundred"
            end, post = _match_after(doc, j, stop, vocab)
            qualifier = qualifier or post
            if qualifier:
                lo, hi = _qualified(low, high, qualifier, vocab)
            else:
                lo, hi = low, high
                qualifier = "about" if vague == "about" else (vague or "exact")
                if vague == "about":
                    lo, hi = _qualified(low, high, "about", vocab)
            yield Number(first, i, end if post else j, _head_of(doc, i, j), _num(lo), _num(hi), qualifier)
        i = j


def _num(x: float | None) -> float | int | None:
    """Integral floats as ints (1400.0 -> 1400)."""
    return int(x) if isinstance(x, float) and x.is_integer() else x


# --------------------------------------------------------------------------- not counts

class _Index:
    """Sorted character spans for fast overlap tests (times, dropped parts, mentions)."""

    def __init__(self, spans: Iterable) -> None:
        """Sort the spans once."""
        self.items = sorted(spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.items]
        self.max_len = max((s.end - s.start for s in self.items), default=0)

    def overlapping(self, start: int, end: int) -> list:
        """Items overlapping [start, end)."""
        lo = bisect.bisect_left(self.starts, start - self.max_len)
        hi = bisect.bisect_left(self.starts, end)
        return [s for s in self.items[lo:hi] if s.start < end and start < s.end]


def _not_a_count(doc: Doc, num: Number, offset: int, vocab: ClaimVocabulary, times: _Index, dropped: _Index) -> bool:
    """Ages, dates, money, percentages, list numbers, numbers in names and boilerplate."""
    toks = doc[num.start:num.end]
    if any(t.ent_type_ not in _NUMBER_ENTS for t in toks if t.lower_ not in ("-", "and", "of")):
        return True
    start, end = offset + toks[0].idx, offset + toks[-1].idx + len(toks[-1].text)
    if times.overlapping(start, end) or dropped.overlapping(offset + doc[num.first].idx, end):
        return True
    before = doc[num.first - 1] if num.first > 0 else None
    if before is not None and (before.lower_ in vocab.not_before or before.text in vocab.not_before):
        return True
    back = [doc[k] for k in range(max(0, num.first - 3), num.first) if doc[k].text != "-"]
    if any(t.text in _CURRENCY for t in back) or (back and re.fullmatch(r"\d+\.", back[-1].text)):
        return True                                       # "$2. 5 million", "Windows 8. 1"
    if toks[0].lower_ in ("one", "1") and num.end - num.start == 1:
        if back and back[-1].lower_ in ("no", "any", "every", "each", "this", "that", "which", "the"):
            return True                                   # "no one was hurt", "no-one"
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in toks[0].children):
            return True                                   # "one of the most famous ..."
    if num.low == 0 and num.high == 0:
        return True
    after = doc[num.end] if num.end < len(doc) else None
    if after is not None:
        a = after.lower_
        nxt = doc[num.end + 1].lower_ if num.end + 1 < len(doc) else ""
        if a in vocab.not_after or (a == "-" and nxt in ("year", "years")) \
                or (a in ("year", "years") and nxt in ("old", "-")):
            return True                                   # "45 percent", "a 32-year-old", "20 years old"
        line_start = num.start == 0 or "\n" in doc[num.start - 1].text
        if a in (".", ")") and num.first == num.start and line_start:
            return True                                   # list numbering "1." at a line start
    w = toks[0].text
    if len(toks) == 1 and re.fullmatch(r"1[89]\d\d|20\d\d", w) and toks[0].dep_ != "nummod":
        return True                                       # a bare year
    if toks[0].ent_type_ == "" and any(t.pos_ == "PROPN" and t.dep_ == "compound" for t in toks):
        return True
    return False


# --------------------------------------------------------------------------- what is counted

@dataclass(frozen=True)
class Found:
    """What a number counts: the what, the counted noun, the word that says it (anchor)."""

    what: str
    noun: Token | None          # the counted noun (None: the number stands alone)
    anchor: Token               # the counting verb, noun or be-verb


def _counted(num: Number) -> tuple[Token | None, Token]:
    """(counted noun or None, the token that plays the noun phrase's role in the clause)."""
    h = num.head
    if h.dep_ in ("nummod", "quantmod", "compound", "amod") and h.head.pos_ in ("NOUN", "PROPN", "ADJ") \
            and h.head.i >= num.end:
        noun = h.head
        role = noun
        while role.dep_ == "compound" and role.head.pos_ in ("NOUN", "PROPN") and role.head.i > role.i:
            role = role.head                                  # "a dozen aid workers hostage"
        return noun, role
    for t in h.doc[num.start:num.end]:                       # "hundreds of people"
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "of" and c.i >= num.end:
                for p in c.children:
                    if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN", "PRON"):
                        return p, h
    return None, h


def _realis(v: Token) -> bool:
    """False for negated, modal or infinitive counting verbs ("could kill", "did not kill", "to kill")."""
    for c in v.children:
        if c.dep_ == "neg" or (c.dep_ in ("aux", "auxpass") and (c.lower_ in _NOT_REALIS_AUX or c.tag_ == "MD")):
            return False
    return True


def _extra_words(v: Token, words: tuple[str, ...]) -> bool:
    """Whether the words a verb entry needs ("hostage" for "take hostage") follow it or attach to it."""
    if not words:
        return True
    doc = v.doc
    sent = v.sent
    near = {t.lower_ for t in doc[v.i + 1: min(v.i + 7, sent.end)]}
    near |= {t.lemma_.lower() for t in doc[v.i + 1: min(v.i + 7, sent.end)]}
    near |= {v.head.lower_, v.head.lemma_.lower()}
    return all(w in near for w in words)


_PERSON_ENDING = re.compile(r"(ist|ian|ee|man|men|ren|ier)s?$")


def _is_person(noun: Token | None, vocab: ClaimVocabulary) -> bool:
    """Whether a counted noun names people (a bare number is taken to)."""
    if noun is None or noun.ent_type_ in ("NORP", "PERSON"):
        return True
    lemma, low = noun.lemma_.lower(), noun.lower_
    return (lemma in vocab.person_nouns or low in vocab.person_nouns or lemma in vocab.generic
            or bool(_PERSON_ENDING.search(low)))


def _verb_what(v: Token, table: dict, vocab: ClaimVocabulary, counted: Token | None = None) -> str | None:
    """The what of a counting verb (lemma and required words), or None. Verbs that also take
    things count only people (`people_only_verbs`), checked on `counted` when given."""
    if v.pos_ not in ("VERB", "AUX") and not (v.pos_ == "ADJ" and v.lower_.endswith(("ed", "en"))):
        return None
    lemma = v.lemma_.lower()
    for what, words in table.get(lemma, ()) or table.get(v.lower_, ()):
        if not _extra_words(v, words):
            continue
        if lemma in vocab.people_only_verbs and not _is_person(counted, vocab):
            return None
        return what
    return None


def _noun_what(t: Token, vocab: ClaimVocabulary) -> str | None:
    """The what a noun names ("hostages", "dead", "toll")."""
    return vocab.nouns.get(t.lower_) or vocab.nouns.get(t.lemma_.lower())


def _np_what(t: Token, vocab: ClaimVocabulary, depth: int = 0) -> tuple[str, Token] | None:
    """What a noun phrase counts: its noun, a tally of it ("the number of dead"), a counting
    participle or relative clause on it, or the verb it is the object of. -> (what, anchor)."""
    if depth > 3:
        return None
    what = _noun_what(t, vocab)
    if what:
        return what, t
    for c in t.children:
        if c.dep_ in ("acl", "amod", "relcl") and c.pos_ in ("VERB", "ADJ", "AUX"):
            relative_object = any(k.dep_ in ("nsubjpass", "dobj") and k.lower_ in _RELATIVE for k in c.children)
            if c.dep_ == "relcl" and not relative_object and c.tag_ != "VBN":
                continue                                     # "people who killed ..." counts no victims
            what = _verb_what(c, vocab.verbs, vocab, t)
            if what and _realis(c):
                return what, c
        if c.dep_ == "amod" and c.lower_ in vocab.adjectives:
            return vocab.adjectives[c.lower_], c
    if t.lemma_.lower() in vocab.tally_nouns:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return _np_what(p, vocab, depth + 1)
    if t.dep_ in _OBJECT_DEPS:
        what = _verb_what(t.head, vocab.verbs, vocab, t)
        if what and _realis(t.head):
            return what, t.head
    return None


_UNREAL = ("", None)     # a count in a negated, modal or infinitive clause: no claim


def _governor(role: Token, noun: Token | None, vocab: ClaimVocabulary) -> tuple[str, Token] | None:
    """What the clause around a counted noun phrase says it counts (rule a)."""
    while role.dep_ == "conj" and role.head.pos_ in ("NOUN", "PROPN", "NUM"):
        role = role.head                                   # "killed 20 soldiers and 5 civilians"
    dep, h = role.dep_, role.head
    if dep == "pobj" and h.dep_ in ("quantmod", "advmod", "prep") and h.lower_ in ("over", "about", "around", "under") \
            and h.head.pos_ == "VERB":                     # "killed over 1,000" parsed as a preposition
        role, dep, h = h, "dobj", h.head
    elif dep == "prep" and h.pos_ == "VERB" and role.i < h.i:   # "Upwards of 5,000 people were evacuated"
        dep = "nsubjpass" if any(c.dep_ == "auxpass" for c in h.children) else "nsubj"
    elif dep == "npadvmod" and h.pos_ == "VERB" and role.i > h.i and noun is not None and _is_person(noun, vocab):
        dep = "dobj"                                       # "abducted 30 schoolchildren" misparsed
    if h.pos_ in ("VERB", "AUX", "ADJ") and not _realis(h):
        return _UNREAL
    if dep in _OBJECT_DEPS or (dep == "nsubj" and h.tag_ == "VBN" and not any(
            c.dep_ in ("aux", "auxpass") for c in h.children)):
        what = _verb_what(h, vocab.verbs, vocab, noun)
        if what:
            return what, h
    if dep == "nsubj":
        what = _verb_what(h, vocab.subject_verbs, vocab)
        if what:
            return what, h
        if h.lower_ in vocab.adjectives:                   # "40 people are missing" parsed as a verb
            return vocab.adjectives[h.lower_], h
    if dep in ("nsubj", "nsubjpass", "dobj"):
        if h.lemma_.lower() in vocab.predicate_verbs:     # "20 are missing", "left 30 people dead"
            for c in h.children:
                if c.dep_ in ("acomp", "oprd", "xcomp", "attr") and c.lower_ in vocab.adjectives:
                    return vocab.adjectives[c.lower_], h
    if dep in ("pobj", "dobj", "attr"):                    # tallies: "the toll rose to 45", "reached 45"
        verb = h.head if dep == "pobj" and h.lower_ in ("to", "at", "of") else h
        if dep == "pobj" and h.lower_ == "of" and verb.lemma_.lower() in vocab.tally_nouns:
            found = _np_what(verb, vocab)
            if found:
                return found[0], verb
        if verb.lemma_.lower() in vocab.tally_verbs or (dep == "attr" and verb.lemma_ == "be"):
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in vocab.tally_nouns:
                    found = _np_what(c, vocab)
                    if found:
                        return found[0], verb
    if dep == "oprd" or (dep == "dobj" and role.lower_ in vocab.adjectives):
        what = vocab.adjectives.get(role.lower_) or _noun_what(role, vocab)
        if what:
            return what, h
    return None


def _membership(role: Token, noun: Token | None, vocab: ClaimVocabulary) -> tuple[str, Token] | None:
    """Rule d: "among the dead were three journalists", "the six who are among the 220 hostages",
    "killed 20, including five children", "the dead include three journalists"."""
    def among(verb: Token) -> tuple[str, Token] | None:
        """What the "among X" of a be-verb counts."""
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in vocab.membership_preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        found = _np_what(p, vocab)
                        if found:
                            return found[0], verb
        return None

    h = role.head
    if role.dep_ in ("nsubj", "attr") and h.lemma_ in _COPULAS:
        found = among(h)
        if found:
            return found
    for t in (noun, role):
        if t is None:
            continue
        for c in t.children:
            if c.dep_ == "relcl" and c.lemma_ in _COPULAS:
                found = among(c)
                if found:
                    return found
    if role.dep_ == "pobj" and h.lower_ in vocab.membership_preps:
        g = h.head
        found = _np_what(g, vocab) if g.pos_ in ("NOUN", "PROPN", "NUM") else None
        if found is None and g.pos_ in ("VERB", "AUX"):
            what = _verb_what(g, vocab.verbs, vocab)
            found = (what, g) if what and _realis(g) else None
        if found:
            return found
    if role.dep_ == "dobj" and h.lemma_.lower() in vocab.membership_verbs:
        for c in h.children:
            if c.dep_ == "nsubj":
                found = _np_what(c, vocab)
                if found:
                    return found[0], h
    return None


def _above_qualifier(role: Token, num: Number) -> Token:
    """The qualifier word when the parse hangs the number phrase under it ("upwards of 5,000 people")."""
    for _ in range(3):
        h = role.head
        if h.i != role.i and num.first <= h.i < num.start:
            role = h
        elif h.lower_ == "of" and h.head.i != h.i and num.first <= h.head.i < num.start:
            role = h.head
        else:
            break
    return role


def _what_of(num: Number, vocab: ClaimVocabulary) -> Found | None:
    """What a number counts, by rules a-d of the module docstring."""
    noun, role = _counted(num)
    role = _above_qualifier(role, num)
    found = _governor(role, noun, vocab)
    if found is _UNREAL:
        return None
    if found is None and num.low == 1 and num.high == 1:
        return None                                      # "one protester threw", "one count of": no count
    if found is None and noun is not None:
        found = _np_what(noun, vocab)
    if found is None and noun is None and num.head.lower_ in vocab.adjectives:
        found = vocab.adjectives[num.head.lower_], num.head
    if found is None:
        found = _membership(role, noun, vocab)
    if found is None and noun is not None:
        for c in noun.children:                          # "12 dead": a post-nominal adjective
            if c.dep_ == "amod" and c.lower_ in vocab.adjectives and c.i > noun.i:
                found = vocab.adjectives[c.lower_], c
    if found is None:
        return None
    return Found(found[0], noun, found[1])


# --------------------------------------------------------------------------- subject

def _is_time(t: Token) -> bool:
    """A modifier that is a date ("since June", "last week")."""
    if t.dep_ == "npadvmod" or t.ent_type_ in ("DATE", "TIME"):
        return True
    return t.dep_ == "prep" and any(p.dep_ == "pobj" and p.ent_type_ in ("DATE", "TIME") for p in t.children)


def _np_tokens(noun: Token, skip: set[int], drop_words: frozenset[str] = frozenset()) -> list[Token]:
    """The counted noun phrase without number, determiners, clauses, appositions, dates and
    the words of the counting verb ("40 aid workers captive" -> "aid workers")."""
    out: list[Token] = []

    def walk(t: Token) -> None:
        """Collect t's subtree in text order, minus the skipped parts."""
        for c in t.lefts:
            if c.dep_ not in _NP_SKIP and not (t.i == noun.i and c.dep_ in _HEAD_SKIP):
                walk(c)
        out.append(t)
        for c in t.rights:
            if c.dep_ == "punct" and c.text in (",", ":", ";", "(", "—", "–"):
                break                                        # the noun phrase ends at a comma
            if c.dep_ in _NP_SKIP or (t.i == noun.i and c.dep_ in _HEAD_SKIP) or (c.dep_ == "prep" and c.lower_ in ("among", "including")) or _is_time(c) \
                    or c.lower_ in drop_words:
                continue
            if c.dep_ == "conj" and any(k.dep_ == "nummod" for k in c.children):
                continue                                     # "3 missiles and 2,000 soldiers": its own count
            walk(c)

    walk(noun)
    out = [t for t in out if t.i not in skip and not t.is_space]
    while out and (out[0].is_punct or out[0].dep_ in ("det", "cc", "case") or out[0].pos_ in ("CCONJ", "ADP")
                   or out[0].lower_ in _SPAN_DETS):
        out.pop(0)
    while out and (out[-1].is_punct or out[-1].pos_ in ("CCONJ", "ADP", "DET")):
        out.pop()
    return out


def _text_of(tokens: list[Token], offset: int, text: str) -> tuple[str, Span | None]:
    """Readable text of tokens, with their Span when they are contiguous."""
    if not tokens:
        return "", None
    start, end = offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text)
    if tokens[-1].i - tokens[0].i + 1 == len(tokens):
        return text[start:end], Span(start, end, text[start:end])
    out = tokens[0].text
    for a, b in zip(tokens, tokens[1:]):
        out += (a.whitespace_ if b.i == a.i + 1 else " ") + b.text
    return out, None


def _is_generic(tokens: list[Token], vocab: ClaimVocabulary) -> bool:
    """A noun phrase that says only 'people' or the what itself ("hostages", "dead")."""
    content = [t for t in tokens if not t.is_punct and t.pos_ not in ("DET", "ADP", "CCONJ", "PRON")]
    return all(t.lemma_.lower() in vocab.generic or t.lower_ in vocab.generic or _noun_what(t, vocab) for t in content)


def _first_conjunct(v: Token) -> Token:
    """The first verb of a coordination ("killing ... and kidnapping" -> killing)."""
    while v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
        v = v.head
    return v


def _where(anchor: Token, vocab: ClaimVocabulary) -> Token | None:
    """The place a generic count happened: a place preposition's object on the verb, or the
    object of the attack verb a participle follows."""
    v = _first_conjunct(anchor)
    for t in (anchor, v):
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in vocab.place_preps:
                for p in c.children:
                    if p.dep_ == "pobj" and p.ent_type_ in ("GPE", "LOC", "FAC"):
                        return p
    if v.tag_ != "VBG":
        return None
    sent = v.sent
    for k in range(v.i - 1, sent.start - 1, -1):
        t = v.doc[k]
        if t.pos_ != "VERB":
            continue
        if t.lemma_.lower() not in vocab.place_verbs:
            return None
        for c in t.children:
            if c.dep_ in ("dobj", "obj"):
                return c
            if c.dep_ == "prep" and c.lower_ in vocab.place_preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        return None
    return None


def _subject(found: Found, num: Number, offset: int, text: str, vocab: ClaimVocabulary) -> tuple[str, Span | None]:
    """The subject counted: the noun phrase, completed with where when it is generic."""
    skip = set(range(num.first, num.end))
    a = found.anchor
    if found.noun is not None and a.head.i == found.noun.i and a.dep_ in ("amod", "acl") and not any(a.children):
        skip.add(a.i)                                    # "two wounded men", "23 pirates arrested" -> men, pirates
    tokens = _np_tokens(found.noun, skip, vocab.verb_words) if found.noun is not None else []
    subject, span = _text_of(tokens, offset, text)
    if tokens and not _is_generic(tokens, vocab):
        return subject, span
    if all(t.lower_ in vocab.adjectives for t in tokens):      # "12 dead", "30 injured"
        subject, span = "", None
    base = subject or vocab.whats[found.what].default
    place = _where(found.anchor, vocab)
    if place is None:
        return base, span
    ptoks = [t for t in place.subtree if not (t.is_punct and (t.i == place.left_edge.i or t.i == place.right_edge.i))]
    ptoks = [t for t in ptoks if not (t.dep_ == "det" and t.i == ptoks[0].i)] or ptoks
    ptext, pspan = _text_of(ptoks, offset, text)
    return f"{base} in {ptext}", span or pspan


# --------------------------------------------------------------------------- ordinals

def _ordinal_value(t: Token, vocab: ClaimVocabulary) -> int | None:
    """'third' -> 3, '3rd' -> 3."""
    m = _ORDINAL_FIGURE.match(t.text)
    return int(m.group(1)) if m else vocab.ordinals.get(t.lower_)


def _ordinal_claim(t: Token, vocab: ClaimVocabulary) -> tuple[str, Token, Token] | None:
    """Rule e: "the third time (this year) that X met Y" -> (what, verb, the 'time' noun)."""
    time = t.head
    if t.dep_ != "amod" or time.lemma_.lower() not in vocab.ordinal_nouns:
        return None
    verbs = [c for c in time.children if c.dep_ in ("relcl", "acl") and c.pos_ in ("VERB", "AUX")]
    if time.dep_ == "pobj" and time.head.lower_ == "for" and time.head.head.pos_ == "VERB":
        verbs.append(time.head.head)
    for v in verbs:
        what = vocab.ordinal_verbs.get(v.lemma_.lower())
        if what and _realis(v) and not any(c.dep_ == "neg" for c in v.children):
            return what, v, time
    return None


def _ordinal_subject(what: str, v: Token, offset: int, text: str, vocab: ClaimVocabulary) -> tuple[str, Span | None]:
    """"<who> with <whom>" for an ordinal count."""
    who = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    whom = None
    for c in v.children:
        if c.dep_ in ("dobj", "obj"):
            whom = c
        elif c.dep_ == "prep" and c.lower_ in ("with", "to") and whom is None:
            whom = next((p for p in c.children if p.dep_ == "pobj"), None)
    parts, span = [], None
    for tok in (who, whom):
        if tok is None or tok.lower_ in _RELATIVE:
            continue
        toks = [x for x in tok.subtree if not (x.dep_ == "det" and x.i == tok.left_edge.i)]
        t, s = _text_of(toks, offset, text)
        parts.append(t)
        span = span or s
    if not parts:
        return vocab.whats[what].default, None
    return f" {vocab.whats[what].ordinal_link} ".join(parts), span


# --------------------------------------------------------------------------- clause, dates, source

def _lca(a: Token, b: Token) -> Token:
    """Lowest common ancestor of two tokens of one sentence."""
    up = set()
    t = a
    while True:
        up.add(t.i)
        if t.head.i == t.i:
            break
        t = t.head
    t = b
    while t.i not in up and t.head.i != t.i:
        t = t.head
    return t


def _clause(num: Number, anchor: Token) -> tuple[int, int]:
    """Token range [start, end) of the clause or noun phrase that states the count."""
    doc = anchor.doc
    lo_i, hi_i = min(num.first, anchor.i), max(num.end - 1, anchor.i)
    root = _lca(num.head, anchor)
    if root.pos_ not in ("VERB", "AUX") and root.dep_ in _ARG_DEPS and root.head.pos_ in ("VERB", "AUX"):
        root = root.head                                   # "Russia has held 6 meetings": the clause
    if root.pos_ in ("VERB", "AUX"):
        while root.dep_ not in _CLAUSE_DEPS and root.head.i != root.i:
            root = root.head
    start, end = min(root.left_edge.i, num.first), max(root.right_edge.i + 1, num.end)
    for c in root.children:
        if c.dep_ in ("conj", "advcl", "ccomp", "parataxis", "relcl") and c.pos_ in ("VERB", "AUX") \
                and not (c.left_edge.i <= lo_i <= c.right_edge.i or c.left_edge.i <= hi_i <= c.right_edge.i):
            if c.left_edge.i > hi_i:
                end = min(end, c.left_edge.i)
            elif c.right_edge.i < lo_i:
                start = max(start, c.right_edge.i + 1)
    for k in range(hi_i + 1, end):
        if doc[k].text in (":", ";", "—", "–"):
            end = k
            break
    for k in range(lo_i - 1, start - 1, -1):
        if doc[k].text in (":", ";", "—", "–"):
            start = k + 1
            break
    while start < lo_i and (doc[start].is_punct or doc[start].is_space or doc[start].pos_ in ("CCONJ", "SCONJ")
                            or doc[start].dep_ in ("mark", "cc")):
        start += 1
    while end - 1 > hi_i and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].pos_ == "CCONJ"):
        end -= 1
    return start, end


_BOUND_WORDS = re.compile(r"\b(since|until|till|between|from|through|after|before)\s*$"
                          r"|\bbetween\s+\S+(\s+\S+){0,3}\s+and\s*$", re.IGNORECASE)


def _dated(ts: TimeSpan, text: str) -> bool:
    """A date expression with an ISO date that is not the bound of a period ("since 2006")."""
    before = text[max(0, ts.start - 40):ts.start]
    return ts.type in ("DATE", "TIME") and bool(ts.date) and not _BOUND_WORDS.search(before)


def _times_for(anchor: Token, offset: int, sent_times: list[TimeSpan], vocab: ClaimVocabulary
               ) -> tuple[str | None, str | None]:
    """(date of the happening, date of the statement): the nearest dated expression in the
    smallest clause around the anchor; above a saying verb it dates the statement."""
    if not sent_times:
        return None, None
    pos = offset + anchor.idx
    t, date, said = anchor, None, None
    in_frame = False
    while True:
        lo, hi = offset + t.left_edge.idx, offset + t.right_edge.idx + len(t.right_edge.text)
        inside = [ts for ts in sent_times if lo <= ts.start and ts.end <= hi]
        if inside:
            best = min(inside, key=lambda ts: min(abs(ts.start - pos), abs(ts.end - pos)))
            if not in_frame:
                return best.date, None
            if said is None:
                said = best.date
                return date, said
        if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in vocab.saying_verbs:
            in_frame = True
        if t.head.i == t.i:
            break
        t = t.head
    return date, said


def _source(anchor: Token, sent: SpacySpan, offset: int, mentions: _Index, vocab: ClaimVocabulary) -> str | None:
    """Who gives the number: "according to X", or the subject of a saying verb above it."""
    def actor_in(tok: Token) -> str | None:
        """The first resolved actor named in tok's subtree."""
        lo, hi = offset + tok.left_edge.idx, offset + tok.right_edge.idx + len(tok.right_edge.text)
        ms = [m for m in mentions.overlapping(lo, hi) if m.actor_id]
        return ms[0].actor_id if ms else None

    for t in sent:
        if t.lower_ == "according":
            for c in t.children:
                if c.lower_ == "to":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            who = actor_in(p)
                            if who:
                                return who
    t = anchor
    while t.head.i != t.i:
        h = t.head
        if t.dep_ in ("ccomp", "parataxis") and h.lemma_.lower() in vocab.saying_verbs:
            for c in h.children:
                if c.dep_ == "nsubj":
                    return actor_in(c)
        t = h
    for c in t.children:                                   # "20 were killed, police said"
        if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in vocab.saying_verbs and c.i > anchor.i:
            for s in c.children:
                if s.dep_ == "nsubj":
                    return actor_in(s)
    return None


# --------------------------------------------------------------------------- claims

def _make_claim(what: str, num: Number, anchor: Token, subject: tuple[str, Span | None], sent: SpacySpan,
                offset: int, text: str, ctx: "_Context", sent_times: list[TimeSpan]) -> Claim:
    """One Claim record with its clause, dates and source."""
    doc = anchor.doc
    a, b = _clause(num, anchor)
    start, end = offset + doc[a].idx, offset + doc[b - 1].idx + len(doc[b - 1].text)
    nstart, nend = offset + doc[num.first].idx, offset + doc[num.end - 1].idx + len(doc[num.end - 1].text)
    entry = ctx.vocab.whats[what]
    date, said = _times_for(anchor, offset, sent_times, ctx.vocab)
    published = ctx.published.isoformat() if ctx.published else None
    as_of = (said or published) if entry.state else date
    return Claim(what=what, subject=subject[0] or None, low=num.low, high=num.high, qualifier=num.qualifier,
                 as_of=as_of, said_by=_source(anchor, sent, offset, ctx.mentions, ctx.vocab), start=start, end=end,
                 text=text[start:end], count_type=entry.count_type, number=Span(nstart, nend, text[nstart:nend]),
                 subject_span=subject[1], date=date)


@dataclass(frozen=True)
class _Context:
    """Per-article lookups shared by the sentence loop."""

    vocab: ClaimVocabulary
    times: _Index
    dropped: _Index
    mentions: _Index
    published: dt.date | None


def _sentence_claims(doc: Doc, sent: SpacySpan, offset: int, text: str, ctx: _Context,
                     sent_times: list[TimeSpan]) -> Iterator[Claim]:
    """The claims of one sentence (`sent_times`: its dated expressions)."""
    vocab = ctx.vocab
    for num in _numbers(doc, sent, vocab):
        if _not_a_count(doc, num, offset, vocab, ctx.times, ctx.dropped):
            continue
        found = _what_of(num, vocab)
        if found is None or found.what not in vocab.whats:
            continue
        subject = _subject(found, num, offset, text, vocab)
        yield _make_claim(found.what, num, found.anchor, subject, sent, offset, text, ctx, sent_times)
    for t in sent:
        value = _ordinal_value(t, vocab) if (t.ent_type_ == "ORDINAL" or _ORDINAL_FIGURE.match(t.text)) else None
        if value is None:
            continue
        hit = _ordinal_claim(t, vocab)
        if hit is None or ctx.dropped.overlapping(offset + t.idx, offset + t.idx + len(t.text)):
            continue
        what, verb, time = hit
        first = t.i - 1 if t.i > sent.start and doc[t.i - 1].lower_ in _SPAN_DETS else t.i
        num = Number(first, t.i, t.i + 1, t, value, value, "ordinal")
        subject = _ordinal_subject(what, verb, offset, text, vocab)
        yield _make_claim(what, num, verb, subject, sent, offset, text, ctx, sent_times)


def _maybe_numbers(doc: Doc, vocab: ClaimVocabulary) -> np.ndarray:
    """Per token of doc, whether it may start a number or an ordinal (a cheap test to skip sentences):
    like a number, an ORDINAL entity or a number word; one pass over the doc's arrays."""
    arr = doc.to_array([LIKE_NUM, ENT_TYPE, LOWER])
    return (arr[:, 0] != 0) | (arr[:, 1] == get_string_id("ORDINAL")) | np.isin(arr[:, 2], vocab.number_start_ids)


def find_claims(chunks: Sequence[Chunk], text: str, mentions: Sequence[Mention], actors: dict[str, Actor],
                times: Sequence[TimeSpan], dropped: Sequence[Dropped], published: dt.date | None,
                vocab: ClaimVocabulary) -> list[Claim]:
    """Every counted claim of the article, in text order."""
    dated = sorted((t for t in times if _dated(t, text)), key=lambda t: t.start)
    dated_starts = [t.start for t in dated]
    ctx = _Context(vocab, _Index(times), _Index(dropped), _Index(mentions), published)
    out: list[Claim] = []
    for chunk in chunks:
        doc, offset = chunk.doc, chunk.offset
        maybe = _maybe_numbers(doc, vocab)
        for sent in chunk.sents:
            s0 = offset + sent.start_char
            s1 = offset + sent.end_char
            if any(d.start <= s0 and s1 <= d.end for d in ctx.dropped.overlapping(s0, s1)):
                continue                                     # a sentence wholly inside boilerplate
            if not maybe[sent.start:sent.end].any():
                continue
            lo, hi = bisect.bisect_left(dated_starts, s0), bisect.bisect_left(dated_starts, s1)
            out.extend(_sentence_claims(doc, sent, offset, text, ctx, dated[lo:hi]))
    out.sort(key=lambda c: (c.number.start if c.number else c.start, c.start))
    return out

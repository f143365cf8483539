"""PLOVER `size` for ASSAULT and PROTEST: dead, injured, arrested and participants, where the text
gives numbers ("killing at least 156 people", "20 dead and 35 injured", "police arrested 30",
"hundreds of thousands of people marched").

Simple rules over the parse: a number (digits or number words from data/numbers.yaml) counts
what the word that governs it says: the object or passive subject of a counting verb ("killed",
"wounded", "arrested"), a counting noun or adjective ("dead", "injured", "death toll of"), or, for
a protest, the people who protest (its subject: "5,000 students marched", "a crowd of 10,000").
Vague plurals are read as lower bounds ("dozens" = 24, "hundreds of thousands" = 200,000).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

import yaml
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

FIELDS = ("dead", "injured", "arrested", "participants")
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")


@dataclass(frozen=True)
class Numbers:
    """Number words and counting words (data/numbers.yaml)."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, int]
    verbs: dict[str, tuple[str, str | None]]     # lemma -> (field, required particle or None)
    nouns: dict[str, str]                        # word -> field
    participants: frozenset[str]

    def is_number_word(self, w: str) -> bool:
        w = w.lower()
        return bool(_DIGITS.match(w)) or w in self.units or w in self.tens or w in self.scales or w in self.vague


@lru_cache(maxsize=1)
def load_numbers() -> Numbers:
    data = yaml.safe_load(resources.files("eventwire.data").joinpath("numbers.yaml").read_text("utf-8")) or {}
    verbs: dict[str, tuple[str, str | None]] = {}
    for field, words in (data.get("verbs") or {}).items():
        for w in words or []:
            parts = str(w).lower().split()
            verbs[parts[0]] = (field, parts[1] if len(parts) > 1 else None)
    nouns = {str(w).lower(): field for field, words in (data.get("nouns") or {}).items() for w in words or []}
    ints = lambda k: {str(a).lower(): int(b) for a, b in (data.get(k) or {}).items()}  # noqa: E731
    return Numbers(ints("units"), ints("tens"), ints("scales"), ints("vague"), verbs, nouns,
                   frozenset(str(w).lower() for w in data.get("participants") or []))


def parse_number(words: Sequence[str], nums: Numbers) -> int | None:
    """'1,400' -> 1400; 'two hundred' -> 200; 'twenty-five' -> 25; 'hundreds of thousands' -> 200000;
    '1.5 million' -> 1500000; 'two dozen' -> 24."""
    words = [w.lower() for w in words if w.lower() not in ("of", "and", "-")]
    expanded: list[str] = []
    for w in words:
        expanded += [p for p in w.split("-") if p] if w not in nums.units else [w]
    if not expanded:
        return None
    if expanded[0] in nums.vague:                    # "hundreds of thousands": 200 x 1,000
        value = nums.vague[expanded[0]]
        for w in expanded[1:]:
            scale = nums.scales.get(w) or nums.scales.get(w.rstrip("s"))
            if scale is None:
                return None
            value *= scale
        return value
    total = current = 0.0
    seen = False
    for w in expanded:
        if _DIGITS.match(w):
            current += float(w.replace(",", ""))
        elif w == "dozen" and current:               # "two dozen": 24
            current *= nums.units[w]
        elif w in nums.units:
            current += nums.units[w]
        elif w in nums.tens:
            current += nums.tens[w]
        elif w in nums.scales:
            current = max(current, 1) * nums.scales[w]
            if nums.scales[w] >= 1000:
                total, current = total + current, 0
        elif w in nums.vague:                        # "two thousands" is not English; "tens of thousands" is
            current = max(current, 1) * nums.vague[w]
        else:
            return None
        seen = True
    return int(total + current) if seen else None


def _number_tokens(tok: Token, nums: Numbers) -> list[Token]:
    """The words of the number phrase headed by a number token ("two hundred", "Hundreds of thousands")."""
    out = [tok]
    for c in tok.subtree:
        if c.i == tok.i:
            continue
        if c.dep_ in ("compound", "quantmod", "nummod") and (nums.is_number_word(c.text) or c.lower_ == "of"):
            out.append(c)
    return sorted(out, key=lambda t: t.i)


def count_of(tok: Token | None, nums: Numbers, people: bool = False) -> int | None:
    """The number a noun phrase gives: its own number ("156", "hundreds"), a number modifying its
    head ("156 people"), or 'of <number>' ("a crowd of 10,000"). people=True also reads
    "thousands of people" and requires the head to be a number or a people word."""
    if tok is None:
        return None
    if nums.is_number_word(tok.text) and tok.lower_ not in ("a", "an", "one") or tok.like_num:
        value = parse_number([t.text for t in _number_tokens(tok, nums)], nums)
        if value is not None:
            return value
    head_word = tok.lower_ in nums.participants or tok.lemma_.lower() in nums.participants
    if people and not head_word:
        return None
    for c in tok.children:
        if c.dep_ == "nummod" and (c.like_num or nums.is_number_word(c.text)):
            return parse_number([t.text for t in _number_tokens(c, nums)], nums)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and (p.like_num or nums.is_number_word(p.text)):
                    return parse_number([t.text for t in _number_tokens(p, nums)], nums)
    return None


def _verb_object(v: Token) -> Token | None:
    """What a counting verb counts: its object, its passive subject, or the subject of a bare
    participle ("dozens wounded"); shared with a coordinated verb ("killing or wounding 50")."""
    kids = list(v.children)
    for c in kids:
        if c.dep_ in ("dobj", "obj", "nsubjpass"):
            return c
    if v.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in kids):
        for c in kids:
            if c.dep_ == "nsubj":
                return c
    for c in kids:                                   # "killing or wounding 50": the object of the conjunct
        if c.dep_ == "conj" and c.pos_ == "VERB":
            for o in c.children:
                if o.dep_ in ("dobj", "obj"):
                    return o
    if v.dep_ == "conj" and v.head.pos_ == "VERB":
        for o in v.head.children:
            if o.dep_ in ("dobj", "obj", "nsubjpass"):
                return o
    return None


def _has_particle(v: Token, word: str) -> bool:
    return any(c.lower_ == word and c.dep_ in ("prt", "advmod", "acomp", "oprd", "xcomp", "amod") for c in v.children)


def size_facts(sent: SpacySpan, nums: Numbers | None = None) -> list[tuple[Token, str, int]]:
    """(anchor token, field, number) for every count the sentence states."""
    nums = nums or load_numbers()
    out: list[tuple[Token, str, int]] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma in nums.verbs:
            field, particle = nums.verbs[lemma]
            if particle and not _has_particle(tok, particle):
                continue
            value = count_of(_verb_object(tok), nums)
            if value is not None:
                out.append((tok, field, value))
            continue
        field = nums.nouns.get(tok.lower_) or nums.nouns.get(lemma)
        if field is None or tok.pos_ == "VERB":
            continue
        value = None
        for c in tok.children:                       # "20 dead", "30 arrests"
            if c.dep_ == "nummod" and (c.like_num or nums.is_number_word(c.text)):
                value = parse_number([t.text for t in _number_tokens(c, nums)], nums)
        if value is None:                            # "a death toll of 20", "the toll rose to 45"
            preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "at")]
            if tok.dep_ in ("nsubj", "nsubjpass"):
                preps += [c for c in tok.head.children if c.dep_ == "prep" and c.lower_ in ("to", "at")]
            for c in preps:
                for p in c.children:
                    if p.dep_ == "pobj" and (p.like_num or nums.is_number_word(p.text)):
                        value = parse_number([t.text for t in _number_tokens(p, nums)], nums)
        if value is not None:
            out.append((tok, field, value))
    return out


def participants(subjects: Iterable[Token], nums: Numbers | None = None) -> int | None:
    """How many took part in a protest, from the noun phrases naming who protests."""
    nums = nums or load_numbers()
    for s in subjects:
        value = count_of(s, nums, people=True)
        if value is None and (s.like_num or nums.is_number_word(s.text)):
            value = count_of(s, nums)
        if value is None:                            # "thousands of people", "a crowd of students"
            for c in s.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            value = count_of(p, nums, people=True)
        if value is not None:
            return value
    return None


def _distance(a: Token, b: Token) -> int:
    """Number of dependency arcs between two tokens of one sentence."""
    up = {}
    t, n = a, 0
    while True:
        up[t.i] = n
        if t.head.i == t.i:
            break
        t, n = t.head, n + 1
    t, n = b, 0
    while t.i not in up:
        if t.head.i == t.i:
            return 99
        t, n = t.head, n + 1
    return n + up[t.i]


def assign(facts: Sequence[tuple[Token, str, int]], triggers: Sequence[tuple[int, Token]],
           ) -> dict[int, dict[str, int]]:
    """Give each count to the nearest ASSAULT/PROTEST trigger of the sentence: index -> {field: n}."""
    out: dict[int, dict[str, int]] = {}
    if not triggers:
        return out
    for anchor, field, value in facts:
        k = min(triggers, key=lambda kt: (_distance(anchor, kt[1]), abs(anchor.i - kt[1].i)))[0]
        slot = out.setdefault(k, {})
        slot[field] = max(slot.get(field, 0), value)
    return out

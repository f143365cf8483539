"""Pronouns as event arguments, where safe: "he"/"she"/"him"/"her" -> the person, "it"/"they"/"them"
-> the organisation, country or people the text just named.

A pronoun becomes a Mention on its own token carrying the antecedent's kind and actor id (and no
title), so the event stage reads it like a name.  Only pronouns that are a clause's subject or a
verb's object are resolved (not "her" as a possessive, not "in it"), and only when the antecedent
is clear:

* in the same sentence, before the pronoun: the one candidate there, else the one candidate that
  is a subject (nsubj) ("Putin told Macron he would ..." -> Putin); none when that is not unique;
* else in the previous sentence: exactly one candidate actor (two different people there: none);
  across a paragraph break only a name counts, not a pronoun resolved earlier, so a chain of
  pronouns never crosses a paragraph without a name;
* "he/she/him/her": PERSON mentions; "it": a subject ORG, or a subject country (GPE); "they": a
  subject whose name is plural (NORP "Palestinians", ORG "the Houthis", tagged NNS/NNPS).  "it" and
  "they" are resolved only as subjects, and need their antecedent to be a subject, because they so
  often stand for things or for several parties ("Russia proposed a truce. It would begin ...",
  "The ministry said the talks focused on Gaza. They highlighted ...": both left alone);
* "it"/"they" take only the nearest subject before them: "Russia proposed a truce, and officials
  said it would begin" has "officials" nearer, so "it" stays unresolved;
* an earlier resolved pronoun is an antecedent only for a pronoun of its own class (he/she with
  he/she, it with it, they with they).

These mentions never name an actor: they are made after the actors are built, so they add no
alias; `is_pronoun` tells them apart (pipeline.entity_json leaves them out of entities[].mentions).
"""
from __future__ import annotations

import bisect
from typing import Any, Sequence

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, LENGTH, POS, TAG
from spacy.strings import get_string_id
from spacy.symbols import AUX, VERB

from eventwire.records import Actor, Mention

PERSONAL = {"he", "she", "him", "her"}
NEUTER = {"it"}
PLURAL = {"they"}
PRONOUNS = PERSONAL | NEUTER | PLURAL
_ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "obj"}
_SUBJ_DEPS = {"nsubj", "nsubjpass"}
_SUBJ_DEP_IDS = np.array([get_string_id(x) for x in sorted(_SUBJ_DEPS)], dtype=np.uint64)
_PLURAL_TAGS = np.array([get_string_id(x) for x in ("NNS", "NNPS")], dtype=np.uint64)
_PRP = np.uint64(get_string_id("PRP"))


def is_pronoun(m: Mention) -> bool:
    """A mention made here: a pronoun standing for a named actor."""
    return m.title is None and m.text.lower() in PRONOUNS


def _class(word: str) -> str:
    return "personal" if word in PERSONAL else "neuter" if word in NEUTER else "plural"


def _fits(pron: str, m: Mention, actor: Actor | None, plural: bool) -> bool:
    if pron in PERSONAL:
        return m.kind == "PERSON"
    if pron in NEUTER:
        return (m.kind == "ORG" or m.kind == "GPE" and actor is not None and actor.id == actor.country) and not plural
    return m.kind in ("ORG", "NORP") and plural


def pronoun_mentions(chunks: Sequence[Any], text: str, actors: Sequence[Actor],
                     mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions for the pronouns whose antecedent is clear (see the module's rules)."""
    by_id = {a.id: a for a in actors}
    named = sorted((m for m in mentions if m.actor_id), key=lambda m: m.start)
    starts = [m.start for m in named]
    plural_ends: set[int] = set()                  # where plural nouns (NNS/NNPS) end
    subj_heads: list[int] = []                     # where subject heads (and names coordinated with them) start
    sents: list[tuple[int, int]] = []
    prons = []
    for ch in chunks:
        doc, off = ch.doc, ch.offset
        try:
            if not doc.has_annotation("DEP"):
                continue
            ss = ch.sents
        except (ValueError, AttributeError):
            continue
        for s in ss:
            sents.append((off + s.start_char, off + s.end_char))
        # the tokens that matter, found on the arrays (a Python pass over every token cost more)
        heads, pos, idx, length = doc.to_array([HEAD, POS, IDX, LENGTH]).astype(np.int64).T
        tag, dep = doc.to_array([TAG, DEP]).T          # string hashes (uint64)
        verb_head = np.isin(pos[np.arange(len(doc)) + heads], (VERB, AUX))
        plural = np.isin(tag, _PLURAL_TAGS)
        plural_ends.update((off + idx[plural] + length[plural]).tolist())
        subj = np.isin(dep, _SUBJ_DEP_IDS) & verb_head
        for i in np.flatnonzero(subj).tolist():
            todo = [doc[i]]
            while todo:
                x = todo.pop()
                subj_heads.append(off + x.idx)
                todo += [c for c in x.children if c.dep_ in ("conj", "appos")]
        for i in np.flatnonzero((tag == _PRP) & verb_head).tolist():
            t = doc[i]
            if t.lower_ in PRONOUNS and (t.dep_ in _SUBJ_DEPS or t.dep_ in _ARG_DEPS and t.lower_ in PERSONAL):
                prons.append((off + t.idx, off + t.idx + len(t.text), t.lower_, t.dep_))
    if not prons or not sents:
        return []
    sents.sort()
    subj_heads.sort()

    def is_subject(m: Mention) -> bool:          # the mention holds a subject's head word
        i = bisect.bisect_left(subj_heads, m.start)
        return i < len(subj_heads) and subj_heads[i] < m.end

    def sent_index(pos: int) -> int:
        return bisect.bisect_right(sents, (pos, float("inf"))) - 1

    def pick(cands: list[Mention]) -> Mention | None:
        ids = {m.actor_id for m in cands}
        if len(ids) == 1:
            return cands[-1]
        subj = [m for m in cands if is_subject(m)]
        if len({m.actor_id for m in subj}) == 1:
            return subj[-1]
        return None

    out: list[Mention] = []
    resolved: dict[int, Mention] = {}             # start -> pronoun mention (antecedents for later pronouns)
    for s, e, low, dep in prons:
        si = sent_index(s)
        if si < 0:
            continue
        ss, se = sents[si]

        def cands_in(a: int, b: int, names_only: bool) -> list[Mention]:
            lo, hi = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
            got = [m for m in named[lo:hi] if m.end <= b]
            if not names_only:
                got += [m for p, m in resolved.items() if a <= p < b and _class(m.text.lower()) == _class(low)]
                got.sort(key=lambda m: m.start)
            return [m for m in got
                    if _fits(low, m, by_id.get(m.actor_id), m.kind == "NORP" or m.end in plural_ends
                             or m.text.lower() in PLURAL)
                    and (low in PERSONAL or is_subject(m))]

        found = None
        same = cands_in(ss, s, False)
        if same:
            found = pick(same)
        elif si > 0:
            ps, pe = sents[si - 1]
            para_break = "\n" in text[ps + len(text[ps:pe].rstrip()):ss]
            prev = cands_in(ps, pe, para_break)
            if len({m.actor_id for m in prev}) == 1:
                found = prev[-1]
        if found is not None and low not in PERSONAL:
            k = bisect.bisect_left(subj_heads, s) - 1       # the nearest subject before the pronoun
            if k < 0 or not found.start <= subj_heads[k] < found.end:
                found = None
        if found is None:
            continue
        pm = Mention(start=s, end=e, text=text[s:e], kind=found.kind, actor_id=found.actor_id, title=None)
        resolved[s] = pm
        out.append(pm)
    return out

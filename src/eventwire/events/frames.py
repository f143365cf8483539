"""Event frames: find PLOVER events in parsed sentences with dependency rules.

A trigger (verb or noun from the lexicon) gives the type; its subject, object
and prepositional phrases give the parties; "in <place>" gives the location;
the date expression that the trigger governs gives the date, else the
publication date. Polarity (negated, proposed, hypothetical, future) and who
reports the event come from the words that govern the trigger.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np
from spacy.attrs import POS, TAG
from spacy.symbols import AUX, NOUN, PROPN, VERB
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..annotate import Chunk
from ..clean import DroppedIndex
from ..records import Actor, Dropped, Event, Location, Mention, Size, Span, TimeSpan
from ..timex import TimeRange
from .lexicon import MODE_CONTEXTS, Entry, Lexicon
from .size import assign as assign_sizes
from .size import participants as protest_participants
from .size import size_facts

PARTY_KINDS = {"PERSON", "ORG", "GPE", "NORP"}
PLACE_KINDS = {"GPE", "LOC", "FAC"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "parataxis", "xcomp", "csubj"}
PLACE_PREPS = {"in", "at", "inside", "near", "outside"}
COUNTERPART_PREPS = {"with", "between", "among"}
RECIPIENT_PREPS = {"against", "on", "to", "at", "upon", "from"}
PROTEST_AIM_PREPS = frozenset({"against", "of", "at", "over", "for", "to"})
AIM_PREPS = frozenset({"with", "against", "on", "upon", "to", "toward", "towards", "for"})
TIME_AFTER = {"after", "following", "since"}
HISTORICAL_DAYS = 60
SUBJECT_PRONOUNS = {"it", "they", "he", "she", "we"}
# The aim of a purpose phrase's noun: "mobilized ... for a possible war against Iraq".
PURPOSE_AIM_PREPS = frozenset({"with", "against", "to", "toward", "towards", "on", "upon"})
PURPOSE_PREPS = {"for", "ahead", "before", "on", "in", "over", "from"}


@dataclass(frozen=True)
class Context:
    """What the frame rules need besides the parse: mentions, actors, times and place lookup."""

    mentions: Sequence[Mention]
    actors: dict[str, Actor]
    times: Sequence[TimeSpan]
    ranges: Sequence[TimeRange]
    dropped: Sequence[Dropped]
    published: dt.date | None
    published_source: str                       # "published" or "inferred"
    place: Callable[[str], Location | None]
    country_actor: Callable[[str], str | None]  # ISO3 -> actor id of the country (added to the entities)


class _Doc:
    """Per-chunk index from token to mention and to time expression."""

    def __init__(self, chunk: Chunk, ctx: Context, lex: Lexicon):
        self.off = chunk.offset
        self.doc = chunk.doc
        self.ctx = ctx
        self.lex = lex
        self.absorbed: set[int] = set()
        self.dropped = DroppedIndex(ctx.dropped)
        self.mention: dict[int, Mention] = {}
        self.time: dict[int, TimeSpan] = {}
        # the chunk's own text (Doc.text rebuilds the string on every access, and has symbol runs blanked)
        self.text = chunk.text or self.doc.text
        end = self.off + len(self.text)
        for m in ctx.mentions:
            if self.off <= m.start < end:
                for t in self._tokens(m.start, m.end):
                    self.mention[t.i] = m
        for ts in ctx.times:
            if self.off <= ts.start < end:
                for t in self._tokens(ts.start, ts.end):
                    self.time[t.i] = ts

    def _tokens(self, start: int, end: int) -> Iterable[Token]:
        span = self.doc.char_span(start - self.off, end - self.off, alignment_mode="expand")
        return span if span is not None else ()

    def span(self, left: int, right: int) -> Span:
        """Span record over doc tokens left..right inclusive, offsets into Article.text."""
        s = self.doc[left].idx
        e = self.doc[right].idx + len(self.doc[right].text)
        return Span(self.off + s, self.off + e, self.text[s:e])


PARTICLES = {"up", "down", "out", "off", "back", "aside", "in", "over", "away", "on"}
_TRIGGER_POS = np.array([VERB, AUX, NOUN, PROPN], dtype=np.uint64)


def _trigger_candidates(doc: Doc) -> np.ndarray:
    """Indices of the tokens that may trigger an event (VERB, AUX, NOUN, PROPN or a VB* tag): the
    others find no lexicon entry, so find_events need not look at them."""
    arr = doc.to_array([POS, TAG])
    vb_tags = [t for t in np.unique(arr[:, 1]) if doc.vocab.strings[int(t)].startswith("VB")]
    return np.flatnonzero(np.isin(arr[:, 0], _TRIGGER_POS) | np.isin(arr[:, 1], vb_tags))


def _has_prep(tok: Token, word: str) -> Token | None:
    for c in tok.children:
        if c.lower_ == word and (c.dep_ in ("prt", "prep") or (c.dep_ == "advmod" and word in PARTICLES)):
            return c
    return None


def _dobj(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("dobj", "obj"):
            return c
    if _is_passive(tok):
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                return c
    return None


def _is_passive(tok: Token) -> bool:
    """A passive verb, also a participle that shares its passive head's auxiliary ("was shot and killed")."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return True
    return (tok.dep_ == "conj" and tok.tag_ == "VBN" and tok.head.i != tok.i and _is_passive(tok.head)
            and not any(c.dep_ in ("nsubj", "aux") for c in tok.children))


def _match(tok: Token, entries: Sequence[Entry], d: _Doc) -> Entry | None:
    """The most specific lexicon entry whose constraints the trigger's context meets."""
    obj = _dobj(tok)
    nominal = tok.tag_ in ("VBN", "VBD", "JJ") and tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") and any(
        c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
    for e in entries:
        if e.pos == "VERB" and nominal:
            continue                                     # "evacuated the wounded": people, not an attack
        if e.particle:
            prep = _has_prep(tok, e.particle.lower())
            if prep is None or any(p.dep_ == "pobj" and p.i in d.time for p in prep.children):
                continue                                 # "fired the coach on Saturday" is no "fire on"
        if (e.type == "ASSAULT" and e.pos == "VERB" and not (e.object or e.complement or e.particle)
                and not _assault_object_ok(obj, d)):
            continue                                     # "fighting cancer", "beat predictions"
        if e.object and (obj is None or not _object_words(obj, d.lex) & e.object):
            continue
        if e.object and e.pos == "VERB" and any(n.type == e.type for n in d.lex.nouns.get(_compound_lemma(obj), ())):
            continue                                     # "opened mortar fire": the noun trigger says which
        if e.object_kinds:
            m = d.mention.get(obj.i) if obj is not None else None
            if m is None or m.kind not in e.object_kinds:
                continue
        if e.object_adjectives:
            words = {t.lemma_.lower() for c in tok.children if c.dep_ in ("prep", "oprd", "acomp", "dobj")
                     for t in c.subtree}
            if not words & e.object_adjectives:
                continue
        if e.complement and not any(c.lemma_.lower() in e.complement or c.lower_ in e.complement
                                    for c in _complement_words(tok)):
            continue
        if e.requires_place and not (_places(tok, d) or _destinations(tok, d)):
            continue
        return e
    return None


def _assault_object_ok(obj: Token | None, d: _Doc) -> bool:
    """Whether what a violent verb acts on can be a target: a party, a pronoun, a place, people
    or a thing attacks hit (lexicon `assault_targets`), rather than "cancer" or "predictions"."""
    if obj is None or obj.pos_ in ("PRON", "NUM", "PROPN") or obj.like_num:
        return True
    if any(t.i in d.mention for t in obj.subtree):
        return True
    lex = d.lex
    words = {obj.lemma_.lower(), obj.lower_}
    return bool(words & lex.assault_targets) or bool(words & set(lex.group_sectors)) \
        or obj.lemma_.lower() in lex.words["territory_nouns"]


def _destinations(tok: Token, d: _Doc) -> list[Mention]:
    """Places a verb of motion goes to: "travelled to Tokyo", "flew to Riyadh"."""
    if tok.lemma_.lower() not in d.lex.words["motion_verbs"]:
        return []
    return [m for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "into")
            for p in c.children if p.dep_ == "pobj" and (m := d.mention.get(p.i)) is not None and m.kind in PLACE_KINDS]


CITY_PEOPLE_TYPES = {"ASSAULT", "COERCE", "THREATEN", "SANCTION", "AID", "MOBILIZE"}
VERBAL_TYPES = {"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}


def _compound_lemma(tok: Token) -> str | None:
    """The lemma of a noun with the compounds before it ("mortar fire"), or None when it has none."""
    before = [c.lemma_.lower() for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
    return " ".join([*before, tok.lemma_.lower()]) if before else None


def _object_words(obj: Token, lex: Lexicon) -> set[str]:
    """The words an `object` constraint is checked against: the object's lemma and form, and for
    "a state of emergency" the noun after 'of'."""
    out = {obj.lemma_.lower(), obj.lower_}
    measure = obj.lemma_.lower() in lex.words["measure_nouns"]   # "20 million dollars in flood aid" as "... of aid"
    if obj.lemma_.lower() in ("state", "kind", "form", "round", "mission", "team", "part", "portion") or measure:
        out |= {w for c in obj.children if c.dep_ == "prep" and (c.lower_ == "of" or (measure and c.lower_ == "in"))
                for p in c.children if p.dep_ == "pobj" for w in (p.lemma_.lower(), p.lower_)}
    return out


def _complement_words(tok: Token) -> Iterable[Token]:
    """The trigger's dependents and the objects of its prepositions ("took to the streets")."""
    for c in tok.children:
        yield c
        if c.dep_ in ("prep", "prt", "agent"):
            for p in c.children:
                if p.dep_ == "pobj":
                    yield p
                elif p.dep_ == "prep":                # "walked out of the talks"
                    yield from (q for q in p.children if q.dep_ == "pobj")


def _modifier_of_name(tok: Token, d: _Doc) -> bool:
    """A demonym or place used as a modifier of a person/org name ("Russian" in "Russian Minister X")."""
    head = tok
    while head.dep_ in ("amod", "compound", "nmod", "npadvmod") and head.head.i != head.i:
        head = head.head
        m = d.mention.get(head.i)
        if m is not None and m.kind in ("PERSON", "ORG") and m is not d.mention.get(tok.i):
            return True
    if (head is not tok and head.pos_ == "PROPN" and head.i not in d.mention and head.dep_ == "pobj"
            and head.head.lower_ == "of" and (o := d.mention.get(head.head.head.i)) is not None and o.kind == "ORG"):
        return True                                  # "the Liberation Tigers of Tamil Eelam": a word of the name
    return False


def _np_tokens(tok: Token, lex: Lexicon, appos: bool = False) -> Iterable[Token]:
    """The tokens of a noun phrase, not descending into clauses, appositions or other prepositions."""
    group_acl, not_their_own = lex.words["group_acl"], lex.words["not_their_own"]
    stack = [tok]
    while stack:
        t = stack.pop()
        yield t
        for c in t.children:
            if c.dep_ in ("relcl", "advcl", "ccomp", "parataxis", "punct", "cc", "det"):
                continue
            if c.dep_ == "appos" and not appos:
                continue
            if c.dep_ == "acl" and c.lemma_.lower() not in group_acl:
                continue
            if c.dep_ == "prep" and c.lower_ not in ("of", "from", "by"):
                continue
            if c.dep_ == "prep" and c.lower_ == "of" and t.lemma_.lower() in not_their_own:
                continue
            stack.append(c)


def parties(tok: Token, d: _Doc, skip: frozenset[int] = frozenset()) -> list[Mention]:
    """The actor mentions a noun phrase names, following conjunctions, 'of'/'from' and 'led by'.

    A role noun with a name in apposition stands for that name: "the current head
    of Hamas, Ismail Haniyeh" is Haniyeh, "the Palestinian organization Hamas" is Hamas.
    """
    if tok.i not in d.mention:
        for t in _np_tokens(tok, d.lex, appos=True):
            m = d.mention.get(t.i)
            if t.dep_ == "appos" and m is not None and m.kind in ("PERSON", "ORG") and t.i not in skip:
                own = parties(t, d, skip)
                conj = [x for c in tok.children if c.dep_ == "conj" for x in parties(c, d, skip)]
                return sorted({x.start: x for x in own + conj}.values(), key=lambda x: x.start)
    out: list[Mention] = []
    at: dict[tuple[int, int], int] = {}              # a mention's span -> its place in `out`
    for t in _np_tokens(tok, d.lex):
        if t.i in skip:
            continue
        m = d.mention.get(t.i)
        if m is not None and m.kind == "LOC" and not d.dropped.overlaps(m.start, m.end):
            a = _as_agent(m, t, d)                   # "rebels in Darfur", "the government of Sindh province":
            if a is not m and a.kind != "LOC":       # a region is a party only as its group's home
                at[(m.start, m.end)] = len(out)
                out.append(a)
            continue
        if m is None or m.kind not in PARTY_KINDS or d.dropped.overlaps(m.start, m.end) or _backer(t, m, d):
            continue
        if (m.start, m.end) in at:                   # "Ivory Coast rebels": the last word decides the group
            k = at[(m.start, m.end)]
            if out[k] == m and (a := _as_agent(m, t, d)) != m:
                out[k] = a
            continue
        if not (m.kind != "PERSON" and _modifier_of_name(t, d)):
            at[(m.start, m.end)] = len(out)
            out.append(_as_agent(m, t, d))
    out = [m for m in out if not (m.kind != "PERSON" and not _is_group_id(m.actor_id)
                                  and any(m.start <= d.doc[i].idx + d.off < m.end for i in d.absorbed))]
    out = _drop_possessor_leaders(out, d)
    if not out and tok.i not in skip:
        out = _located_group(tok, d) or _supporters(tok, d)   # "arrested protesters in Nairobi": Kenya's civilians
    elif tok.i not in skip:                          # "the Sudanese government and the rebels in Darfur"
        out += [m for c in tok.children if c.dep_ == "conj" and c.i not in skip and c.i not in d.mention
                and not any(d.mention.get(x.i) is not None for x in c.children if x.dep_ in GROUP_MODIFIER_DEPS)
                for m in _located_group(c, d)]
    out.sort(key=lambda m: m.start)
    return list({(m.start, m.actor_id): m for m in out}.values())


def _supporters(tok: Token, d: _Doc) -> list[Mention]:
    """'supporters of former President Ben Bella': a group of that leader's country; the opposition
    when the leader is out of power or leads an opposition, a rebel or a party, else civilians."""
    if tok.pos_ not in ("NOUN", "PROPN") or _singular(tok) not in d.lex.words["supporter_nouns"]:
        return []
    out = []
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ != "of":
            continue
        for p in c.children:
            if p.dep_ != "pobj" or (m := d.mention.get(p.i)) is None or m.kind not in ("PERSON", "ORG"):
                continue
            actor = d.ctx.actors.get(_party_id(m, d) or "")
            if actor is None or not actor.country:
                continue
            out_of_power = any(x.lower_ in d.lex.words["out_of_power"] for x in p.subtree)
            sector = (actor.sector if actor.sector in ("OPP", "PTY", "REB", "REL") else
                      "OPP" if out_of_power else "CVL")
            lo, hi = tok.i, p.i
            country = d.ctx.actors.get(actor.country)
            out.append(_group_mention(m, actor.country, sector, tok.doc[lo:hi + 1].text,
                                      country.name if country is not None else actor.country, d))
    return out


def _is_group_id(aid: str | None) -> bool:
    """Whether an actor id is a country's sector as a whole (ISO3.SECTOR, as `_group_mention` makes)."""
    iso, dot, sector = (aid or "").partition(".")
    return bool(dot) and len(iso) == 3 and iso.isupper() and sector.isalpha() and sector.isupper()


def _drop_possessor_leaders(ms: list[Mention], d: _Doc) -> list[Mention]:
    """"Osama bin Laden's al-Qaeda", "Djindjic's opposition coalition": a person named as the
    possessor of an organisation is not a second party; the organisation acts."""
    orgs = [m for m in ms if m.kind == "ORG" and not _is_group_id(m.actor_id)]
    if not orgs:
        return ms
    out = []
    for m in ms:
        if m.kind == "PERSON":
            span = d.doc.char_span(m.start - d.off, m.end - d.off, alignment_mode="expand")
            if span is not None and span.root.dep_ == "poss" and any(
                    o.start <= span.root.head.idx + d.off < o.end or span.root.head.i in d.mention
                    and d.mention[span.root.head.i] is o or any(
                        d.mention.get(c.i) is o for c in span.root.head.children) for o in orgs):
                continue                             # the leader's own organisation acts
        out.append(m)
    return out


def _backer(t: Token, m: Mention, d: _Doc) -> bool:
    """A country in "Israeli-occupied", "Syrian-backed": whoever occupies or backs a party is not
    that party ("the Syrian-backed Amal militia" is Amal; lexicon `backer_participles`)."""
    last = t
    while last.i + 1 < len(t.doc) and d.mention.get(last.i + 1) is m:
        last = t.doc[last.i + 1]
    if last.i + 2 >= len(t.doc) or t.doc[last.i + 1].text != "-" or last.whitespace_:
        return False
    return t.doc[last.i + 2].lower_ in d.lex.words["backer_participles"]


SECTOR_LABELS = {"GOV": "government", "MIL": "military", "LEG": "parliament", "COP": "police", "JUD": "judiciary",
                 "SPY": "intelligence services", "REB": "rebels", "CVL": "civilians", "OPP": "opposition",
                 "EDU": "students", "AGR": "farmers", "LAB": "workers", "REF": "refugees", "MED": "medical workers",
                 "JRN": "media", "BUS": "business", "CRM": "criminals", "UAF": "gunmen", "REL": "clergy",
                 "PTY": "party", "ELI": "elites", "PRM": "paramilitaries"}
GROUP_MODIFIER_DEPS = {"amod", "compound", "poss", "nmod"}


def _group_head(t: Token, lex: Lexicon) -> Token | None:
    """The group noun a country mention describes: "Israeli soldiers", "Nigeria's army",
    "the government of Sudan", "refugees from Liberia", "police in Kenya"."""
    if t.dep_ == "compound" and t.head.i > t.i and t.head.lemma_.lower() in lex.words["region_nouns"]:
        return _group_head(t.head, lex)                  # "the government of Sindh province": the province's
    if t.dep_ in GROUP_MODIFIER_DEPS and t.head.i != t.i and t.head.i > t.i:
        return t.head
    if (t.head.lower_ == "led" and t.head.dep_ in GROUP_MODIFIER_DEPS and t.head.head.i > t.i
            and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text == "-"):
        return t.head.head                           # "Vietnamese-led forces": the leader's forces (PLOVER)
    if (t.dep_ == "conj" and t.head.dep_ in GROUP_MODIFIER_DEPS and t.head.head.i > t.i
            and t.head.head.pos_ == "NOUN"):
        return t.head.head                           # "Hungarian and Romanian officials": both are officials
    for c in t.children:                             # "Sierra Leonean and Liberian refugees" parsed as
        if (c.dep_ == "conj" and c.pos_ == "NOUN" and t.pos_ == "PROPN"     # "S. L." + "L. refugees": shared
                and any(x.dep_ in ("amod", "compound") and x.text[:1].isupper() for x in c.children)):
            return c
    if (fled := _fled_from(t)) is not None:
        return fled                                  # "refugees fleeing (the war in) Liberia": Liberia's refugees
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.lower_ in ("of", "from", "in"):
        h = t.head.head
        if (t.head.lower_ == "in" and h.dep_ == "acl" and h.lemma_.lower() in lex.words["located_acl"]
                and h.head.i != h.i and h.head.pos_ == "NOUN"):
            return h.head                            # "a newspaper based in Beirut", "guerrillas operating in X"
        return h
    return None


def _fled_from(t: Token) -> Token | None:
    """The people a place is where they flee from: "refugees fleeing Syria", "... fleeing the war in Liberia"."""
    v = t.head
    if t.dep_ == "pobj" and v.lower_ == "in":
        v = v.head.head if v.head.dep_ == "dobj" else v.head
    elif t.dep_ != "dobj":
        return None
    if v.dep_ == "acl" and v.lemma_.lower() == "flee" and v.head.pos_ == "NOUN" and v.head.i < v.i:
        return v.head
    return None


def _group_sector(head: Token, d: _Doc) -> str | None:
    """The PLOVER sector a group noun names (lexicon `group_sectors`); a sector noun compounded
    with it wins ("police officers" COP, "opposition candidates" OPP)."""
    sectors = d.lex.group_sectors
    if not sectors or head.i in d.mention or head.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = head.lemma_.lower()
    deps = (("compound", "nmod", "amod") if lemma in d.lex.words["org_nouns"] or lemma in d.lex.words["unit_nouns"]
            else ("compound", "nmod"))
    for c in head.children:
        if c.dep_ in deps and c.i < head.i and c.i not in d.mention:
            s = sectors.get(c.lemma_.lower()) or sectors.get(c.lower_)
            if s:
                return s
    own = sectors.get(head.lemma_.lower()) or sectors.get(head.lower_)
    if own == "PTY" and any(c.dep_ == "compound" and c.i not in d.mention for c in head.children):
        return None                         # "the office Christmas party": a gathering, not a political party
    return own


def _as_agent(m: Mention, t: Token, d: _Doc) -> Mention:
    """A country named as the modifier of a group noun stands for that country's group, coded
    country + sector as PLOVER does: "Israeli soldiers" ISR.MIL, "Turkish police" TUR.COP,
    "Sudanese rebels" SDN.REB, "the government of Sudan" SDN.GOV. The id follows the KB's
    scheme for state bodies (ISO3.SECTOR); an actor of that id found in the article is reused."""
    if m.kind not in ("NORP", "GPE", "LOC"):
        return m
    head = _group_head(t, d.lex)
    if head is None or head.i == t.i:
        return m if m.kind == "LOC" else _people_of(m, t, d)
    sector = _group_sector(head, d)
    outer = head.head.head if head.dep_ == "pobj" and head.head.lower_ in ("from", "of") else None
    if sector is None and outer is not None and outer.i < head.i and (s := _group_sector(outer, d)):
        head, sector = outer, s                      # "doctors from two American aid groups": American doctors
    head_m = d.mention.get(head.i)
    if sector is None and head_m is not None and head_m.kind == "NORP" and head_m is not m:
        sector = "CVL"                               # "Iraqi Kurds", "Bosnian Serbs": a people of that country
    if sector is None:
        return m if m.kind == "LOC" else _people_of(m, t, d)   # "thousands of Nigerians", "the welfare of Libyans"
    if head_m is not None and head_m is not m and head_m.kind == "NORP":
        d.absorbed.add(head.i)                       # the group mention is now part of the agent
    pid = _party_id(m, d)
    actor = d.ctx.actors.get(pid or "")
    iso = getattr(actor, "country", None)
    faith = m.text.lower() in d.lex.words["religion_words"]
    if m.kind == "NORP" and not iso and not faith:
        home = _people_home(t, head, d)              # "Kurdish rebels in northern Iraq": a people without a state
        if home:
            lo, hi = min(t.i, head.i), max(t.i, head.i)
            return _group_mention(m, home, sector, t.doc[lo:hi + 1].text, m.text, d)
    if m.kind == "NORP" and not iso and faith and m.actor_id:
        return _faith_group(m, t, head, sector, d)   # "Muslim hackers": a faith's group, in no country
    if not iso or actor.id != iso:
        return m                                     # only a country (or a city standing for it)
    lo, hi = min(t.i, head.i), max(t.i, head.i)
    surface = t.doc[lo:hi + 1].text                  # "Israeli soldiers", "government of Sudan"
    iso = _minority_country(t, head, iso, d) if m.kind == "NORP" else iso
    return _group_mention(m, iso, sector, surface, m.text if m.kind == "NORP" else actor.name, d)


def _faith_group(m: Mention, t: Token, head: Token, sector: str, d: _Doc) -> Mention:
    """A group named by a faith ("Muslim hackers", "Christian activists"): its sector, no country
    (PLOVER codes the faith, ISM/CHR ..., not a state)."""
    cid = f"{m.actor_id}.{sector}"
    lo, hi = min(t.i, head.i), max(t.i, head.i)
    if cid not in d.ctx.actors:
        d.ctx.actors[cid] = Actor(id=cid, name=f"{m.text} {SECTOR_LABELS.get(sector, sector.lower())}",
                                  kind="NORP", country=None, sector=sector, aliases=(t.doc[lo:hi + 1].text,))
    return Mention(m.start, m.end, m.text, "ORG", cid, m.title)


def _country_of_mention(x: Token, d: _Doc) -> str | None:
    m = d.mention.get(x.i)
    if m is None:
        return None
    loc = d.ctx.place(m.text) if m.kind in ("GPE", "LOC") else None
    actor = d.ctx.actors.get(m.actor_id or "")
    return (loc.country if loc is not None else None) or getattr(actor, "country", None)


def _people_home(t: Token, head: Token, d: _Doc) -> str | None:
    """The country of a group named by a people with no state of its own ("Kurdish rebels",
    "Tamil refugees", "Maoist rebels"): a country that also qualifies the group ("Nepal's Maoist
    rebels"), else where the group is ("in northern Iraq"), else the one country the sentence names."""
    for c in head.children:
        if c.i != t.i and c.dep_ in GROUP_MODIFIER_DEPS and (cc := _country_of_mention(c, d)):
            return cc
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "of", "from"):
            for p in c.children:
                if p.dep_ == "pobj" and (cc := _country_of_mention(p, d)):
                    return cc
    found = {cc for x in t.sent if x.i not in (t.i, head.i) and d.mention.get(x.i) is not None
             and d.mention[x.i].kind in ("GPE", "LOC", "NORP", "ORG") and (cc := _country_of_mention(x, d))}
    return found.pop() if len(found) == 1 else None


def _minority_country(t: Token, head: Token, iso: str, d: _Doc) -> str:
    """An ethnic group is coded with the country it lives in (PLOVER: "ethnic Albanians in
    southern Serbia" SRB, ethnic code apart): the nearest other country or place the sentence
    names, when the demonym is marked "ethnic"; else the demonym's own country."""
    if not any(c.lower_ == "ethnic" and c.dep_ in ("amod", "compound") for x in (t, head) for c in x.children):
        return iso
    best: tuple[int, str] | None = None
    for x in t.sent:
        m = d.mention.get(x.i)
        if m is None or m.kind not in ("GPE", "LOC", "NORP") or x.i in (t.i, head.i):
            continue
        if m.kind == "NORP" and x.dep_ in GROUP_MODIFIER_DEPS and x.head.lemma_.lower() in d.lex.group_sectors:
            continue                                 # "Macedonian officials": a party, not where they live
        loc = d.ctx.place(m.text) if m.kind != "NORP" else None
        actor = d.ctx.actors.get(m.actor_id or "")
        other = (loc.country if loc is not None else None) or getattr(actor, "country", None)
        if other and other != iso and (best is None or abs(x.i - t.i) < best[0]):
            best = (abs(x.i - t.i), other)
    return best[1] if best else iso


def _group_mention(m: Mention, iso: str, sector: str, surface: str, adj: str, d: _Doc,
                   name: str | None = None) -> Mention:
    """The mention `m` as the party ISO3.SECTOR (a country's group), adding that actor to the article."""
    cid = f"{iso}.{sector}"
    if cid not in d.ctx.actors:
        name = name or f"{adj} {SECTOR_LABELS.get(sector, sector.lower())}"
        d.ctx.actors[cid] = Actor(id=cid, name=name, kind="NORP",
                                  country=iso, sector=sector, aliases=(surface,))
    else:
        known = d.ctx.actors[cid]
        if not known.in_kb and surface not in known.aliases and surface != known.name:
            d.ctx.actors[cid] = dataclasses.replace(known, aliases=known.aliases + (surface,))
    return Mention(m.start, m.end, m.text, "ORG", cid, m.title)   # a group, no longer a place or a demonym


def _people_of(m: Mention, t: Token, d: _Doc) -> Mention:
    """A plural demonym standing alone names that country's people, coded country + CVL as PLOVER
    does ("deported 168 Liberians" LBR.CVL); a group it heads ("Iraqi Kurds") stays as it is."""
    if m.kind != "NORP" or t.tag_ not in ("NNPS", "NNS") or t.dep_ in GROUP_MODIFIER_DEPS:
        return m
    if any(c.dep_ in GROUP_MODIFIER_DEPS and (o := d.mention.get(c.i)) is not None and o is not m
           and o.kind in ("NORP", "GPE") for c in t.children):
        return m                                     # "Bosnian Serbs": the people of Bosnia (the modifier's rule)
    if t.i + 1 < len(t.doc) and t.doc[t.i + 1].i in d.mention and d.mention[t.doc[t.i + 1].i] is m:
        return m                                     # a multi-word demonym: its last word decides
    actor = d.ctx.actors.get(m.actor_id or "")
    if actor is None or not actor.country or actor.id != actor.country:
        return m
    iso = _minority_country(t, t, actor.country, d)
    return _group_mention(m, iso, "CVL", m.text, m.text, d, name=m.text)


def _subject(v: Token, d: _Doc) -> list[Mention]:
    """Who does it: nsubj, the agent of a passive, or the subject inherited from a governing verb."""
    passive = _is_passive(v)
    out: list[Mention] = []
    if any(c.dep_ in ("nsubj", "csubj") and c.tag_ not in ("WDT", "WP") and c.lower_ not in SUBJECT_PRONOUNS
           for c in v.children) and not passive:
        explicit = True                              # "unless the president agrees to ...": the president, unnamed
    else:
        explicit = False
    if v.tag_ == "VBG" and v.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos"):
        owners = [c for c in v.children if c.dep_ in ("poss", "amod", "compound")]
        if owners:                                   # "China's hacking of ...": a gerund used as a noun
            return [m for c in owners for m in parties(c, d)]
    if not explicit and not passive:                 # "Turkey shipped aid ...": a name misparsed as npadvmod
        for c in v.children:
            if c.dep_ == "npadvmod" and c.i < v.i and c.i in d.mention and d.mention[c.i].kind in PARTY_KINDS:
                return parties(c, d)
    for c in v.children:
        if passive and c.dep_ == "agent":
            out += [m for p in c.children if p.dep_ == "pobj" for m in parties(p, d)]
        elif not passive and c.dep_ in ("nsubj", "csubj"):
            if c.tag_ in ("WDT", "WP") and v.dep_ == "relcl":
                out += parties(v.head, d)
            elif c.lower_ in SUBJECT_PRONOUNS:     # the speaker, else what the actors stage resolved it to
                out += _speaker_of(v, d) or parties(c, d)
            else:
                out += parties(c, d) or _located_group(c, d)
    if passive and not out:                          # "were captured and taken to Gaza by Hamas": the
        kin = [c for c in v.children if c.dep_ == "conj" and _is_passive(c)]   # agent of a passive joined to it
        kin += [v.head] if v.dep_ == "conj" and v.head.i != v.i and _is_passive(v.head) else []
        out += [m for k in kin for c in k.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                for m in parties(p, d)]
    if out or explicit:
        return out
    if passive:                                      # "slaughtered in Hamas's attack": the attacker of the noun
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "during", "by"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        out += [m for o in p.children if o.dep_ in ("poss", "compound", "amod") for m in parties(o, d)]
        return out
    if v.dep_ == "xcomp":                            # "called on Moscow to expel": the one called on does it
        head = v.head
        obj = _dobj(head)
        if obj is not None and (found := parties(obj, d)):
            return found                             # ("used tear gas to disperse": gas is no one, the user does)
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "on":
                found = [m for p in c.children if p.dep_ == "pobj" for m in parties(p, d)]
                if found:
                    return found
    if v.dep_ == "conj" and _is_passive(v.head) and not _is_passive(v):
        own = [m for c in v.head.children if c.dep_ == "nsubjpass" for m in parties(c, d)]
        if own:                                      # "was indicted by the court and will resign": the indicted
            return own
    if v.dep_ in ("conj", "xcomp", "advcl", "acomp") and v.head.i != v.i:
        return _subject(v.head, d)                   # "is willing to withdraw": the subject of "is"
    if v.dep_ == "acl":
        owners = [c for c in v.head.children if c.dep_ == "poss"]
        if owners:
            return parties(owners[0], d)
        own = parties(v.head, d, skip=frozenset({v.i}))
        if not own and v.head.dep_ in ("dobj", "obj") and v.head.head.lemma_.lower() in d.lex.words["statement_verbs"]:
            return _subject(v.head.head, d)          # "issued a declaration demanding ...": who issued it
        return own
    return []


def _event_agent(obj: Token | None, lex: Lexicon) -> Token | None:
    """Who holds a protest named as an object ("prevented the demonstration staged by students",
    "broke up a rally of workers", "banned the opposition's march")."""
    if obj is None or obj.lemma_.lower() not in lex.words["protest_nouns"]:
        return None
    for c in obj.children:
        if c.dep_ == "poss":
            return c
        if c.dep_ == "prep" and c.lower_ in ("by", "of"):
            return next((p for p in c.children if p.dep_ == "pobj"), None)
        if c.dep_ == "acl":
            for a in c.children:
                if a.dep_ == "agent":
                    return next((p for p in a.children if p.dep_ == "pobj"), None)
    return None


def _requesters(obj: Token, subj: list[Mention], d: _Doc) -> list[Mention]:
    """The bare group ("opposition leaders", "miners' unions") whose call/demand/plea "from" it a
    party rejects or accepts: that party's own country's group, as PLOVER codes a domestic demand."""
    iso = next((getattr(d.ctx.actors.get(m.actor_id or ""), "country", None) for m in subj
                if getattr(d.ctx.actors.get(m.actor_id or ""), "country", None)), None)
    cid = d.ctx.country_actor(iso) if iso else None
    if cid is None:
        return []
    out = []
    for c in obj.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            for p in c.children:
                sector = _bare_group(p, d) if p.dep_ == "pobj" else None
                if sector is None:
                    continue
                name = getattr(d.ctx.actors.get(cid), "name", iso)
                start = p.idx + d.off
                g = Mention(start, start + len(p.text), p.text, "NORP", None)
                label = SECTOR_LABELS.get(sector, sector.lower()).capitalize()
                out.append(_group_mention(g, iso, sector, p.text, name, d, name=f"{label} of {name}"))
    return out


def _protesters(tok: Token, obj: Token | None, d: _Doc) -> list[Mention]:
    """Acting on a protest is acting on those who hold it: their parties, or a bare group of them
    ("students") coded with the country of the first place the sentence names."""
    agent = _event_agent(obj, d.lex)
    if agent is None:
        return []
    found = parties(agent, d)
    sector = _bare_group(agent, d) if not found else None
    if sector is None:
        return found
    for x in tok.sent:
        m = d.mention.get(x.i)
        if m is None or m.kind not in PLACE_KINDS:
            continue
        loc = d.ctx.place(m.text)
        actor = d.ctx.actors.get(m.actor_id or "")
        iso = (loc.country if loc is not None else None) or getattr(actor, "country", None)
        cid = d.ctx.country_actor(iso) if iso else None
        if cid is not None:
            name = getattr(d.ctx.actors.get(cid), "name", iso)
            start = agent.idx + d.off
            g = Mention(start, start + len(agent.text), agent.text, "NORP", None)
            label = SECTOR_LABELS.get(sector, sector.lower()).capitalize()
            return [_group_mention(g, iso, sector, agent.text, name, d, name=f"{label} of {name}")]
    return []


def _bare_group(tok: Token | None, d: _Doc) -> str | None:
    """The sector of a group noun that names no party of its own ("police", "the protesters",
    "dozens of students")."""
    if tok is not None and (tok.like_num or tok.lemma_.lower() in d.lex.words["quantity_nouns"]):
        tok = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children if p.dep_ == "pobj"), None)
    if tok is None or tok.pos_ != "NOUN" or any(t.i in d.mention for t in _np_tokens(tok, d.lex)):
        return None
    return _group_sector(tok, d)


def _placed_groups(tok: Token, obj: Token | None, passive: bool, both_act: bool, actors_m: list[Mention],
                   recips_m: list[Mention], places: list[Mention], d: _Doc) -> tuple[list[Mention], list[Mention]]:
    """Group nouns with no country of their own are the groups of the country where the event
    happens, as PLOVER codes them: "police fired on protesters in Nairobi" KEN.COP -> KEN.CVL."""
    first = places[0]
    loc = d.ctx.place(first.text)
    actor = d.ctx.actors.get(first.actor_id or "")
    iso = (loc.country if loc is not None else None) or getattr(actor, "country", None)
    if not iso or d.ctx.country_actor(iso) is None:
        return actors_m, recips_m
    name = getattr(d.ctx.actors.get(d.ctx.country_actor(iso) or ""), "name", iso)

    def group(t: Token | None) -> list[Mention]:
        sector = _bare_group(t, d)
        if t is None or sector is None:
            return []
        start = t.idx + d.off
        m = Mention(start, start + len(t.text), t.text, "NORP", None)
        label = SECTOR_LABELS.get(sector, sector.lower())
        return [_group_mention(m, iso, sector, t.text, name, d, name=f"{label.capitalize()} of {name}")]

    if passive:
        subj_t = next((p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
        targets = [c for c in tok.children if c.dep_ == "nsubjpass"]
    else:
        subj_t = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        targets = _targets(tok, obj)
        up = tok
        while subj_t is None and up.dep_ == "xcomp" and up.head.i != up.i:   # "the opposition plans to hold
            up = up.head                                                      # a rally in Harare"
            subj_t = next((c for c in up.children if c.dep_ == "nsubj"), None)
    if not actors_m:
        actors_m = group(subj_t)
    if not recips_m and not both_act:
        recips_m = next(([m for m in g if m.actor_id not in {a.actor_id for a in actors_m}]
                         for g in map(group, targets) if g), [])
    return actors_m, recips_m


def _targets(tok: Token, obj: Token | None) -> list[Token]:
    """What a verb acts on: its object, then the objects of on/at/upon/against/to after the verb or its
    object ("fired on protesters", "fired tear gas at protesters", "set fire to the parliament"),
    each followed by whose it is ("members of the opposition party", "the offices of the party")."""
    out = [obj] if obj is not None else []
    for h in [tok] + out:
        out += [p for c in h.children if c.dep_ == "prep" and c.lower_ in ("on", "at", "upon", "against", "to")
                for p in c.children if p.dep_ == "pobj"]
    return [x for t in out for x in [t] + [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                                           for p in c.children if p.dep_ == "pobj"]]


def _speaker_of(v: Token, d: _Doc) -> list[Mention]:
    """'Switzerland said it had expelled ...': a pronoun subject of a reported clause is the speaker."""
    t = v
    while t.dep_ in ("conj", "xcomp") and t.head.i != t.i:
        t = t.head
    if t.dep_ == "ccomp" and t.head.pos_ in ("VERB", "AUX"):
        for c in t.head.children:
            if c.dep_ == "nsubj" and c.lower_ not in SUBJECT_PRONOUNS:
                return parties(c, d) or _located_group(c, d)   # "Rebels in Chad said they ..."
    return []


def _singular(tok: Token) -> str:
    """The lemma, also of a plural the model tags as a name ("Rebels in Chad": PROPN, lemma 'Rebels')."""
    w = tok.lemma_.lower()
    return w[:-1] if tok.pos_ == "PROPN" and w.endswith("s") and not w.endswith("ss") else w


def _located_group(tok: Token, d: _Doc) -> list[Mention]:
    """'Rebels in the Ivory Coast', 'opposition groups in Zimbabwe': a group of people named by where they are."""
    if tok.i in d.mention or tok.pos_ not in ("NOUN", "PROPN") or _singular(tok) not in d.lex.words["group_nouns"]:
        return []
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"]
    preps += [c for a in tok.children if a.dep_ == "acl" and a.lemma_.lower() in d.lex.words["located_acl"]
              for c in a.children if c.dep_ == "prep" and c.lower_ == "in"]   # "a terror group based in X"
    at = [p for c in preps for p in c.children if p.dep_ == "pobj"]
    flee = [a for a in tok.children if a.dep_ == "acl" and a.lemma_.lower() == "flee"]
    fled = [o for a in flee for o in a.children if o.dep_ == "dobj"]   # "refugees fleeing (the war in) X"
    at += fled + [p for o in flee + fled for c in o.children if c.dep_ == "prep" and c.lower_ == "in"
                  for p in c.children if p.dep_ == "pobj"]
    return [m for p in at for m in parties(p, d) if m.kind in ("GPE", "ORG")]


def _places(tok: Token, d: _Doc, depth: int = 1) -> list[Mention]:
    """Place mentions under 'in/at/near <place>' attached to the token or to a name in apposition to
    it, and where the thing such a phrase (or 'during') names is: "arrested 13 suspects in a raid near
    Cairo", "fired on demonstrators at a rally in Khartoum", "exploded near a market in Mogadishu"."""
    out = []
    heads = [tok]
    for h in heads:
        if len(heads) < 6:
            heads += [c for c in h.children if c.dep_ in ("appos", "npadvmod") and c.i != tok.i]
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and (c.lower_ in PLACE_PREPS or c.lower_ == "during"):
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    m = d.mention.get(p.i)
                    if m is not None and m.kind in PLACE_KINDS and c.lower_ != "during":
                        out.append(m)
                    elif m is None and p.pos_ == "NOUN" and depth > 0:
                        out += _places(p, d, depth - 1)
    return out


def _counterparts(tok: Token, d: _Doc) -> list[tuple[Token, list[Mention]]]:
    """Parties in 'with X' / 'between X and Y' phrases attached to the token."""
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in COUNTERPART_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    out.append((p, parties(p, d)))
    return out


def _light_host(tok: Token, lex: Lexicon) -> Token | None:
    """The verb whose subject does what a nominal trigger names: a light verb taking it as object
    ("staged a protest", "opened an investigation"), or a verb of motion it is the purpose of
    ("returned to Geneva for talks")."""
    first = tok
    while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ in ("NOUN", "PROPN"):
        first = first.head                           # "launched artillery, mortar and rocket fire": the list's verb
    if first is not tok and first.dep_ in ("dobj", "obj"):
        tok = first
    h = tok.head
    if tok.dep_ in ("dobj", "obj") and h.pos_ in ("VERB", "AUX") and h.lemma_.lower() in lex.light_verbs:
        return h
    if (tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "for"
            and h.head.lemma_.lower() in lex.words["motion_verbs"]):
        return h.head
    if (tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "in"
            and h.head.lemma_.lower() in lex.words["engage_verbs"]):
        return h.head                                # "engaged in ethnic cleansing", "took part in talks"
    if (tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "from"
            and h.head.lemma_.lower() in lex.polarity.negating_verbs):
        return h.head                                # "refrains from contacts with Hamas": negated, Putin's
    return None


def _recipient_preps(tok: Token, d: _Doc, skip: str | None) -> list[Mention]:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in RECIPIENT_PREPS and c.lower_ != skip:
            for p in [p for p in c.children if p.dep_ == "pobj"] or _dangling_object(c):
                if p.dep_ == "pobj" or p.head.i != tok.i:
                    out += [m for m in parties(p, d) if m.kind != "GPE" or c.lower_ != "at"]
    return out


def _complement_recipients(tok: Token, obj: Token | None, d: _Doc, lex: Lexicon,
                           etype: str | None = None) -> list[Mention]:
    """Whom a request, threat or accusation is aimed at when no object names them:
    "further action against Russia" (the object's against/on), "demanded that the US cancel"
    (the subject of the demanded clause), "threatened to ban Ugandan candidates" (the object of
    the threatened act)."""
    if obj is not None:
        out = [m for c in obj.children if c.dep_ == "prep" and c.lower_ in ("against", "on", "upon")
               for p in c.children if p.dep_ == "pobj" for m in parties(p, d)]
        if out:
            return out
    for c in tok.children:
        if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
            subj = [m for s in c.children if s.dep_ in ("nsubj", "nsubjpass") and s.lower_ not in SUBJECT_PRONOUNS
                    for m in parties(s, d)]
            if subj:
                return subj
        if c.dep_ == "xcomp" and c.pos_ == "VERB" and not any(s.dep_.startswith("nsubj") for s in c.children):
            o = _dobj(c)
            out = [m for m in parties(o, d) if not _is_place_only(m, d)] if o is not None else []
            out = out or _recipient_preps(c, d, skip=None)
            out = out or (_object_pp_parties(o, d) if o is not None else [])
            out = out or [m for _, ms in _counterparts(c, d) for m in ms]   # "offered to negotiate with X"
            if out:
                return out
    if etype in CITY_PEOPLE_TYPES:                   # "threatened to impose a curfew in Algiers": its people
        for c in tok.children:
            if c.dep_ == "xcomp" and c.pos_ == "VERB":
                o = _dobj(c)
                cities = [m for m in _places(c, d) + (_places(o, d) if o is not None else []) if _is_city(m, d)]
                if cities:
                    return cities[:1]
    for c in [tok] + [c for c in tok.children if c.dep_ == "xcomp"]:
        for a in c.children:                         # "threatened to ... unless Baghdad accepted": Baghdad
            if a.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in a.children):
                out = [m for s in a.children if s.dep_ in ("nsubj", "nsubjpass") and s.lower_ not in SUBJECT_PRONOUNS
                       for m in parties(s, d)]
                if out:
                    return out
    return []


def _object_pp_parties(obj: Token, d: _Doc, preps: frozenset[str] = AIM_PREPS) -> list[Mention]:
    """Parties a nominal object is aimed at through its prepositions, down a chain of 'of'
    ("a suspension of air links with Serbia", "part of an aid program for Bosnia")."""
    out: list[Mention] = []
    nouns = [obj]
    for _ in range(3):
        nxt = []
        for n in nouns:
            for c in n.children:
                if c.dep_ != "prep":
                    continue
                pobjs = [p for p in c.children if p.dep_ == "pobj"]
                if c.lower_ in preps:
                    out += [m for p in pobjs for m in parties(p, d) if not _is_place_only(m, d)]
                elif c.lower_ == "of":
                    nxt += pobjs
        if out:
            return out
        nouns = nxt
    return out


def _protest_targets(tok: Token, d: _Doc) -> list[Mention]:
    """Whom a protest is aimed at when no object names them: "in protest against violations by
    X", "in defiance of X", "to show their disapproval of X's policies" (lexicon `protest_aim_nouns`)."""
    words = d.lex.words
    out: list[Mention] = []
    for c in tok.children:                           # "a general strike that shut down Khatmandu": the city's
        if c.dep_ in ("relcl", "acl") and c.lemma_.lower() in words["shutdown_verbs"] and (o := _dobj(c)) is not None:
            out += [dataclasses.replace(m) for m in parties(o, d) if _is_city(m, d)]     # authorities
    if out:
        return out
    stack = [tok]
    seen: set[int] = set()
    while stack and not out:
        t = stack.pop()
        if t.i in seen:
            continue
        seen.add(t.i)
        for c in t.children:
            if c.dep_ == "relcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                pass                                 # "a rally in Lagos to protest ...": a purpose, misparsed
            elif c.dep_ in ("relcl", "ccomp", "parataxis", "conj", "nsubj", "nsubjpass", "punct"):
                continue
            if c.pos_ == "NOUN" and c.lemma_.lower() in words["removal_nouns"]:   # "calling for the removal of X"
                out += [m for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                        for q in p.children if q.dep_ == "pobj" for m in parties(q, d)]
                out += [m for p in c.children if p.dep_ == "poss" for m in parties(p, d)]
            elif (c.pos_ == "NOUN" and c.dep_ in ("dobj", "pobj") and c.lower_ not in words["protest_nouns"]
                  and t.i != tok.i):
                out += _grievance_agents(c, d)       # "to denounce the abuses committed by the police"
            elif c.dep_ == "prep" and c.lower_ == "by" and t.pos_ == "VERB" and t.i != tok.i and not _is_passive(t) \
                    and _dobj(t) is not None:        # "to protest the violations ... by X" (by on the verb)
                out += [m for p in c.children if p.dep_ == "pobj" for m in parties(p, d)]
            if out:
                continue
            if c.lemma_.lower() in words["protest_aim_nouns"] and c.pos_ == "NOUN":
                out += [m for m in _object_pp_parties(c, d, PROTEST_AIM_PREPS) if not _is_place_only(m, d)]
                if not out:                          # "in protest of X's arrest"
                    out += [m for p in c.children if p.dep_ == "prep" and p.lower_ in PROTEST_AIM_PREPS
                            for q in p.children if q.dep_ == "pobj"
                            for o in q.children if o.dep_ == "poss" for m in parties(o, d)]
            elif c.dep_ in ("prep", "pobj", "xcomp", "advcl", "dobj", "acl"):
                stack.append(c)
    return out


def _grievance_agents(n: Token, d: _Doc) -> list[Mention]:
    """Who did what a protest denounces: 'violations by X', 'the abuses committed by X'."""
    out = [m for c in n.children if c.dep_ == "prep" and c.lower_ == "by"
           for p in c.children if p.dep_ == "pobj" for m in parties(p, d)]
    out += [m for a in n.children if a.dep_ == "acl" and a.tag_ == "VBN"
            for c in a.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj" for m in parties(p, d)]
    return out


def _purpose_parties(tok: Token, d: _Doc) -> list[Mention]:
    """The party a verb's purpose or commitment phrase is aimed at: "mobilized reservists for a war
    against Iraq", "ahead of a possible confrontation with Peru", "reneged on its commitment to X"."""
    out: list[Mention] = []
    for c in tok.children:
        preps = [c] if c.dep_ == "prep" and c.lower_ in PURPOSE_PREPS else []
        if c.dep_ in ("advmod", "prep") and c.lower_ in ("ahead", "because", "prior"):
            preps = [p for p in c.children if p.dep_ == "prep" and p.lower_ in ("of", "to")]
        for pr in preps:
            for p in pr.children:
                if (p.dep_ == "pobj" and p.pos_ == "NOUN" and p.i not in d.mention
                        and p.lower_ not in d.lex.words["protest_nouns"]):
                    out += [m for m in _object_pp_parties(p, d, PURPOSE_AIM_PREPS) if not _is_place_only(m, d)]
    return out


def _countries_at(ms: list[Mention], d: _Doc, subj: list[Mention]) -> list[Mention]:
    """Of place mentions, those that are countries (not cities or regions) and not the actor."""
    own = {m.actor_id for m in subj}
    return [dataclasses.replace(m) for m in ms if not _is_city(m, d) and m.actor_id and m.actor_id not in own
            and (a := d.ctx.actors.get(m.actor_id)) is not None and a.id == a.country]   # a copy: not a place


def _dangling_object(prep: Token) -> list[Token]:
    """'granted asylum to five Panamanian officers holed up in ...' parsed with the officers as the
    subject of 'holed': a preposition without object whose next words head a clause of their own."""
    if any(c.dep_ == "pobj" for c in prep.children):
        return []
    return [t for t in prep.head.subtree if t.dep_ in ("nsubj", "nsubjpass") and t.left_edge.i == prep.i + 1
            and t.head.dep_ in ("advcl", "conj", "ccomp") and t.head.tag_ in ("VBN", "VBD", "VBG")]


STATE_FORCE_SECTORS = {"GOV", "MIL", "COP", "SPY", "JUD", "PRM", None}


def _sector_of(m: Mention, d: _Doc) -> str | None:
    a = d.ctx.actors.get(_party_id(m, d) or "")
    return getattr(a, "sector", None) or ("CVL" if a is not None and a.kind == "NORP" else None)


def _talk_partners(tok: Token, d: _Doc) -> list[Mention]:
    """'called off the strike after talks with X': X, the side the concession is made to."""
    return [m for c in tok.children if c.dep_ == "prep" and c.lower_ in TIME_AFTER | {"following"}
            for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() in d.lex.words["talk_nouns"]
            for pr in p.children if pr.dep_ == "prep" and pr.lower_ == "with"
            for q in pr.children if q.dep_ == "pobj" for m in parties(q, d)]


def _is_place_only(m: Mention, d: _Doc) -> bool:
    return m.kind in PLACE_KINDS and _is_city(m, d)


def _region(tok: Token) -> set[int]:
    """Token indices the trigger governs: its subtree minus embedded clauses."""
    out: set[int] = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        out.add(t.i)
        for c in t.children:
            if c.dep_ in CLAUSE_DEPS or (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")):
                continue
            stack.append(c)
    return out


def _time_relation(tok: Token, stop: Token) -> str:
    """'after' when the date sits under after/following/since between itself and the trigger."""
    t = tok
    while t.i != stop.i and t.head.i != t.i:
        if t.dep_ == "prep" and t.lower_ in TIME_AFTER:
            return "after"
        t = t.head
    return "at"


def _dates(tok: Token, d: _Doc) -> list[tuple[TimeSpan, str, TimeSpan | None]]:
    """The date expressions that govern an event: (time, relation, end of range)."""
    region = _region(tok)
    found: list[tuple[TimeSpan, str, TimeSpan | None]] = []
    seen: set[int] = set()
    for i in sorted(region):
        ts = d.time.get(i)
        if ts is None or id(ts) in seen or ts.type not in ("DATE", "TIME") or not ts.date:
            continue
        seen.add(id(ts))
        rng = next((r for r in d.ctx.ranges if r.first is ts), None)
        if any(r.last is ts for r in d.ctx.ranges):
            continue                                 # the end of a range travels with its start
        if rng is not None:
            found.append((ts, "since" if rng.last is None else "range", rng.last))
        else:
            found.append((ts, _time_relation(d.doc[i], tok), None))
    if not found:                                    # "..., when Hamas attacked": the clause hangs off a date
        h = tok
        while h.dep_ in ("relcl", "advcl", "conj") and h.head.i != h.i:
            h = h.head
            ts = d.time.get(h.i)
            if ts is not None and ts.date:
                return [(ts, "at", None)]
    return found


def _past_perfect(v: Token) -> bool:
    return v.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in v.children)


def _flashback_dates(v: Token, d: _Doc) -> list[tuple[TimeSpan, str, TimeSpan | None]]:
    """An undated past-perfect clause continues the flashback of the sentence before it (same paragraph):
    "Bogdanov had contacted Marzook last month ... Initially, Bogdanov had proposed a meeting" -> last month."""
    if not _past_perfect(v):
        return []
    sent = v.sent
    for _ in range(3):
        if sent.start == 0 or "\n\n" in d.text[d.doc[sent.start - 1].idx:sent.start_char]:
            return []
        sent = d.doc[sent.start - 1].sent
        if not _past_perfect(sent.root):
            return []
        found = [x for x in _dates(sent.root, d) if x[1] == "at"]
        if found:
            return found
    return []


def _governors(tok: Token) -> Iterable[tuple[Token, Token]]:
    """The chain of words that govern a trigger inside its clause (and up through embedding verbs),
    each with the word it governs on the way (its dependent on the path)."""
    t = tok
    for _ in range(6):
        while t.dep_ == "conj" and t.head.i != t.i and t.head.pos_ == t.pos_:
            t = t.head                               # "to unite and mobilize": the second shares the first's governors
        if t.head.i == t.i or t.dep_ in ("ROOT", "conj", "relcl", "parataxis"):
            return
        via, t = t, t.head
        yield t, via


ATTEMPT_COUNTS = {"ASSAULT", "COERCE"}
SUBJECT_DEPS = {"nsubj", "csubj"}              # active subjects; a passive subject is the object
# Verbal acts named by a noun happened even when someone rejects or denies them ("rejected
# Israel's demand", "denied the accusations"): a negating governor does not negate them.
SPEECH_ACT_TYPES = {"REQUEST", "ACCUSE", "THREATEN"}


def _polarity(tok: Token, lex: Lexicon, etype: str | None = None) -> str:
    """asserted, negated, proposed, hypothetical or future, from cue words around the trigger."""
    pol = lex.polarity
    alleging, speech_nouns = lex.words["alleging_verbs"], lex.words["speech_nouns"]
    kids = list(tok.children)
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in kids):
        return "negated"
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in pol.future_auxiliaries for c in kids):
        return "future"
    if (any(c.dep_ == "aux" and c.lower_ == "would" for c in kids) and tok.dep_ == "ccomp"
            and tok.head.lemma_.lower() in pol.reporting_verbs
            and not any(c.dep_ == "mark" and c.lower_ in pol.conditional_marks for c in kids)):
        return "future"                              # "said they would boycott": future in the past
    if any(c.dep_ == "aux" and c.lower_ in pol.hypothetical_modals for c in kids):
        return "hypothetical"
    if any(c.dep_ == "mark" and c.lower_ in pol.conditional_marks for c in kids):
        return "hypothetical"
    speech_act = etype in SPEECH_ACT_TYPES and tok.pos_ in ("NOUN", "PROPN")
    for g, via in _governors(tok):
        if via.dep_ in SUBJECT_DEPS:
            break                                    # "a walkout halted trade": what the subject does is not said of it
        lemma = g.lemma_.lower()
        if (via.dep_ == "acl" and g.pos_ in ("NOUN", "PROPN") and lemma in speech_nouns
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in via.children)):
            return "proposed"                        # "an appeal to lay down their arms": asked for, not done
        if lemma in alleging and via.i != tok.i or (
                g.dep_ == "pobj" and g.head.head.lemma_.lower() in alleging):
            return "hypothetical"                    # "accused X of ignoring the law": alleged, not established
        if (lemma in alleging and via.dep_ == "advcl" and via.tag_ == "VBG"
                and any(c.dep_ == "prep" and c.lower_ == "of" and c.i < via.i and any(p.dep_ == "pcomp" for p in c.children)
                        for c in g.children)):
            return "hypothetical"                    # "accused X of violating rights, ignoring the law": the list, misparsed
        if via.dep_ in ("ccomp", "xcomp", "acl") and any(
                c.dep_ in ("dobj", "obj") and c.lemma_.lower() in pol.proposing_verbs | speech_nouns
                for c in g.children):
            return "proposed"                        # "reiterated its demand that Israel ease ..."
        if (any(c.dep_ == "aux" and c.lower_ == "would" for c in g.children) and g.dep_ == "ccomp"
                and g.head.lemma_.lower() in pol.reporting_verbs):
            return "future"                          # "said they would blockade Paris to demand ..."
        if any(c.dep_ == "neg" for c in g.children) and g.pos_ in ("VERB", "AUX"):
            return "negated"
        if lemma in pol.negating_verbs:
            if speech_act and via.i == tok.i:
                continue
            return "negated"
        if lemma in pol.proposing_verbs:
            if etype in ATTEMPT_COUNTS and lemma in lex.words["attempt_verbs"] and via.i == tok.i:
                continue                             # "attempted to assassinate": an attempted attack is an attack
            return "proposed"
        if lemma in pol.future_verbs:
            return "future"
        if any(c.dep_ == "aux" and c.lower_ in pol.future_auxiliaries for c in g.children):
            return "future"
        if any(c.dep_ == "mark" and c.lower_ in pol.conditional_marks for c in g.children):
            return "hypothetical"
    return "asserted"


def _reported_by(tok: Token, d: _Doc, lex: Lexicon) -> str | None:
    """Who the text says reports the event: the subject of a governing 'say' verb or 'according to X'."""
    t = tok
    for _ in range(8):
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                ms = [d.mention[x.i] for x in c.subtree if x.i in d.mention and d.mention[x.i].kind in ("ORG", "PERSON")]
                if ms:
                    return ms[0].actor_id
        if t.head.i == t.i:
            break
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in lex.polarity.reporting_verbs:
            subj = _subject(t.head, d)
            if subj:
                return subj[0].actor_id
        t = t.head
    return None


def _ids(ms: Iterable[Mention]) -> list[str]:
    out: list[str] = []
    for m in ms:
        if m.actor_id and m.actor_id not in out:
            out.append(m.actor_id)
    return out


def _party_id(m: Mention, d: _Doc, city_sector: str | None = None) -> str | None:
    """A city named as a party stands for its country; with `city_sector` for that sector of it,
    as CAMEO/PLOVER code a city: "Moscow said", "urged Moscow" are RUS.GOV (the government seated
    there), "shelled Juba", "a curfew in Algiers" are aimed at its people (SDN.CVL, DZA.CVL)."""
    actor = d.ctx.actors.get(m.actor_id or "")
    if m.kind in ("GPE", "LOC") and actor is not None and actor.country and actor.id != actor.country:
        place = d.ctx.place(m.text)
        if place is not None and place.country:
            cid = d.ctx.country_actor(place.country)
            if cid is None or city_sector is None:
                return cid or m.actor_id
            span = d.doc.char_span(m.start - d.off, m.end - d.off, alignment_mode="expand")
            if city_sector == "CVL" and span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                city_sector = "GOV"                  # "unless Baghdad accepted": the city acts, its government
            country = d.ctx.actors.get(cid)
            name = country.name if country is not None else place.country
            label = SECTOR_LABELS.get(city_sector, city_sector.lower()).capitalize()
            return _group_mention(m, place.country, city_sector, m.text, name, d,
                                  name=f"{label} of {name}").actor_id
    return m.actor_id


def _drop_redundant(ms: list[Mention], d: _Doc) -> list[Mention]:
    """Drop a demonym ("Palestinian") when a named party of that country is already there (Hamas),
    and a country when one of its groups is (ISO3.SECTOR)."""
    named = {getattr(d.ctx.actors.get(m.actor_id or ""), "country", None) for m in ms if m.kind in ("PERSON", "ORG")}
    groups = {m.actor_id.split(".")[0] for m in ms if _is_group_id(m.actor_id)}
    return [m for m in ms if not (m.kind == "NORP" and m.actor_id and
                                  getattr(d.ctx.actors.get(m.actor_id), "country", None) in named)
            and not (m.actor_id in groups)]      # "the Bosnian town of Gorazde": its people, not Bosnia too


def _city_sector(event_type: str, role: str) -> str:
    """The sector a city named as a party stands for: its government, or its people when it is
    the target of force, coercion, threats, sanctions or aid (`CITY_PEOPLE_TYPES`)."""
    return "CVL" if role == "recipient" and event_type in CITY_PEOPLE_TYPES else "GOV"


def _party_ids(ms: Iterable[Mention], d: _Doc, city_sector: str | None = None) -> list[str]:
    out: list[str] = []
    for m in ms:
        i = _party_id(m, d, city_sector)
        if i and i not in out:
            out.append(i)
    groups = {i.split(".")[0] for i in out if _is_group_id(i)}
    return [i for i in out if i not in groups]       # "the Bosnian town of Gorazde": its people, not Bosnia too


def _is_city(m: Mention, d: _Doc) -> bool:
    """A place mention that is not itself a country (a city, a region)."""
    actor = d.ctx.actors.get(m.actor_id or "")
    return d.ctx.place(m.text) is not None and not (actor is not None and actor.id == actor.country)


def _location(ms: Sequence[Mention], d: _Doc) -> Location | None:
    if not ms:
        return None
    m = ms[0]
    place = d.ctx.place(m.text)
    actor = d.ctx.actors.get(m.actor_id or "")
    if place is not None:
        return Location(name=m.text, country=place.country, lat=place.lat, lon=place.lon, actor_id=m.actor_id)
    return Location(name=m.text, country=actor.country if actor else None, actor_id=m.actor_id)


def _territory(tok: Token, d: _Doc) -> Location | None:
    """"attacked Israeli territory", "strikes on Russian soil": the country whose land it is."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    objs += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "in", "into", "across")
             for p in c.children if p.dep_ == "pobj"]
    for o in objs:
        if o.lemma_.lower() not in d.lex.words["territory_nouns"]:
            continue
        for c in o.children:
            m = d.mention.get(c.i)
            actor = d.ctx.actors.get(m.actor_id or "") if m is not None else None
            if m is not None and c.dep_ in ("amod", "compound", "poss") and actor is not None and actor.country:
                country = d.ctx.country_actor(actor.country)
                name = d.ctx.actors[country].name if country in d.ctx.actors else actor.country
                return Location(name=name, country=actor.country, actor_id=country)
    return None


def _consult_mode(entry: Entry, actors: Sequence[str], location: Location | None, d: _Doc) -> str | None:
    """PLOVER CONSULT mode from where the meeting was: a party's home (visit) or a third country;
    multilateral when three or more countries, or an international organisation, take part."""
    if entry.mode:
        return entry.mode
    parties = [d.ctx.actors.get(a) for a in actors]
    homes = {getattr(a, "country", None) for a in parties} - {None}
    if location is not None and location.country:
        if location.country in homes and len(homes) > 1:
            return "visit"
    if len(homes) >= 3 or any(a is not None and a.kind == "ORG" and not a.country for a in parties):
        return "multilateral"
    if location is not None and location.country and homes and location.country not in homes and len(homes) > 1:
        return "third-party"
    return None


def complement_act(tok: Token, d: _Doc, lex: Lexicon) -> Entry | None:
    """The act a request, refusal, threat or promise is about: the trigger entry of its
    infinitive or that-clause ("urged Israel to release ..."), of its object noun ("demanded the
    release of ..."), or of 'for'/'to' + noun ("called for talks")."""
    cands: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            cands.append(c)
            cands += [x for x in c.children if x.dep_ == "conj" and x.pos_ == "VERB"]
            if c.lemma_.lower() in ("be", "have") or c.lemma_.lower() in lex.light_verbs:
                cands += [x for x in c.children if x.dep_ in ("dobj", "obj", "attr")]
    for c in tok.children:
        if c.dep_ in ("dobj", "obj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"):
            cands.append(c)
        if c.dep_ == "prep" and c.lower_ in ("for", "to", "on"):
            cands += [p for p in c.children if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")]
    for c in cands:
        if c.i == tok.i:
            continue
        table = lex.verbs if c.pos_ in ("VERB", "AUX") else lex.nouns
        entries = table.get(c.lemma_.lower(), ()) or table.get(c.lower_, ())
        if not entries:
            continue
        entry = _match(c, entries, d)
        if entry is not None:
            return entry
    return None


def _refine_mode(tok: Token, anchor: Token, entry: Entry, d: _Doc, lex: Lexicon) -> str | None:
    """The mode the trigger's own words imply: for REQUEST, REJECT and THREATEN the act asked
    for, refused or threatened (types `complement_modes`: "urged X to release" -> yield,
    "threatened to break relations" -> relations); else, when the entry gives none, the lexicon's
    `mode_words` in the trigger's clause ("a bomb attack" -> explosives) or in a when-clause on it
    ("were killed when a car bomb exploded")."""
    if lex.types.get(entry.type, {}).get("complement_modes"):
        comp = complement_act(tok, d, lex)
        if comp is None and anchor.i != tok.i:
            comp = complement_act(anchor, d, lex)
        if comp is not None:
            m = lex.complement_mode(entry.type, comp.type, comp.mode)
            if m:
                return m
    if entry.mode is None and entry.type == "ASSAULT" and tok.pos_ == "VERB" and _crowd_control(tok, lex):
        return "crowd-control"                      # "used tear gas", "used water cannon" (not heavy weapons)
    if entry.mode is None and entry.type in lex.mode_words:
        words = _region(tok) | (_region(anchor) if anchor.i != tok.i else set())
        for c in tok.children:                      # "were killed when a car bomb exploded": how, told after
            if c.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ == "when" for m in c.children):
                words |= _region(c)
        lemmas = {tok.doc[i].lemma_.lower() for i in words} | {tok.doc[i].lower_ for i in words}
        for mode, cue in lex.mode_words[entry.type].items():
            if lemmas & cue:
                return mode
    return entry.mode


def _historical(date: str | None, date_end: str | None, published: dt.date | None) -> bool:
    """True when the event ends more than HISTORICAL_DAYS before the publication date."""
    last = date_end or date
    if not last or published is None:
        return False
    parts = [int(x) for x in last.split("-")[:3] if x.isdigit()]
    if not parts:
        return False
    try:
        if len(parts) == 1:
            end = dt.date(parts[0], 12, 31)
        elif len(parts) == 2:
            end = (dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1) - dt.timedelta(days=1))
        else:
            end = dt.date(*parts)
    except ValueError:
        return False
    return (published - end).days > HISTORICAL_DAYS


def _clause(tok: Token, sent: SpacySpan) -> tuple[int, int]:
    """Token range of the clause a trigger heads (its subtree), kept inside the sentence."""
    left = max(tok.left_edge.i, sent.start)
    right = min(tok.right_edge.i, sent.end - 1)
    while right > left and (tok.doc[right].is_punct or tok.doc[right].is_space):
        right -= 1
    return left, right


def _event_id(article_id: str, etype: str, start: int, date: str | None) -> str:
    return hashlib.sha1(f"{article_id}|{etype}|{start}|{date}".encode()).hexdigest()[:16]


def _frame(tok: Token, entry: Entry, d: _Doc, lex: Lexicon, min_actors: int | None = None,
           ) -> tuple[list[str], list[str], list[Mention]] | None:
    """Actors, recipients and place mentions of one trigger, or None when it names no party.
    `min_actors` overrides the type's minimum (a mention that refers back needs only one)."""
    reciprocal = lex.reciprocal(entry.type)
    obj = _dobj(tok)
    passive = _is_passive(tok)
    places = list(_places(tok, d))
    if entry.particle and tok.pos_ in ("VERB", "AUX"):   # "went on strike in Buenos Aires"
        places += [m for c in tok.children if c.dep_ == "prep" and c.lower_ == entry.particle.lower()
                   for p in c.children if p.dep_ == "pobj" and p.i not in d.mention for m in _places(p, d, 0)]
    if tok.pos_ in ("NOUN", "PROPN"):
        own = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod")]
        subj = [m for c in own for m in parties(c, d)]
        cps = [m for _, ms in _counterparts(tok, d) for m in ms]
        agents = [m for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                  for p in c.children for m in parties(p, d)]
        aimed = [m for m in _recipient_preps(tok, d, skip="from") if m not in agents]
        if not aimed and not cps and not reciprocal and not entry.two_sided:
            preps = AIM_PREPS | {"from"} if entry.type == "RETREAT" else AIM_PREPS
            aimed = [m for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj" for m in _object_pp_parties(p, d, preps)
                     if m not in agents]             # "a suspension of air links with Serbia"
        others = agents + aimed
        host = _light_host(tok, lex)
        if (not subj and tok.dep_ in ("dobj", "obj") and tok.head.pos_ in ("VERB", "AUX")
                and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)):
            host = tok.head                            # "Israel reiterated its demand": its = the subject's
        elif (not subj and host is None and tok.dep_ == "pobj" and tok.head.dep_ == "prep"
                and tok.head.head.pos_ == "VERB" and not _is_passive(tok.head.head)
                and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)):
            host = tok.head.head                       # "X reneged on his commitment to Y": X's commitment
        if host is not None and not reciprocal and not others and any(
                c.dep_ == "prep" and c.lower_ == "of"
                and any(p.lemma_.lower() in lex.words["vague_parties"] for p in c.children) for c in tok.children):
            host = None                                # "issued criticism of both sides": of whom, we cannot tell
        if entry.mode == "investigate" and not aimed and not cps:   # "opened an inquiry into X": X is investigated
            aimed = [m for t in (tok, host) if t is not None for c in t.children
                     if c.dep_ == "prep" and c.lower_ == "into"
                     for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() not in lex.words["claim_nouns"]
                     for m in parties(p, d) if m not in agents]   # not "into an allegation by X": X alleged
            others = agents + aimed
        if (entry.type == "PROTEST" and host is None and not subj and tok.dep_ == "pobj"
                and tok.head.lower_ in ("during", "in", "at") and tok.head.head.pos_ == "VERB"
                and not _is_passive(tok.head.head)):
            subj = [m for m in _subject(tok.head.head, d) if _sector_of(m, d) not in STATE_FORCE_SECTORS]
            # "youths threw stones during demonstrations against X": the youths demonstrate (police don't)
        if host is not None and not subj:          # "Israel launched an attack on ...": the attack is Israel's
            subj = _subject(host, d)
            if not subj and host.lemma_.lower() in lex.words["engage_verbs"] and _is_passive(host):
                subj = [m for c in host.children if c.dep_ == "nsubjpass" for m in parties(c, d)]
        if host is not None and not cps:
            for p, ms in _counterparts(host, d):
                cps += ms
                places += _places(p, d)
        if host is not None and not reciprocal and not others and not cps:
            # "opened investigations against X": the host verb carries the target; else
            # "reiterated its demand that Israel ease ...": the complement's party
            aimed = ([m for m in _recipient_preps(host, d, skip="from") if m not in subj]
                     or _complement_recipients(host, None, d, lex))
            others = agents + aimed
        if entry.type == "PROTEST" and not others and not cps:
            aimed = [m for t in ([tok] + ([host] if host is not None else [])) for m in _protest_targets(t, d)
                     if m not in subj]
            others = agents + aimed
        if not subj and not cps and not others and host is not None and (where := places + _places(host, d)):
            subj = _placed_groups(host, None, _is_passive(host), True, [], [], where, d)[0]
            # "thousands of workers went on strike in Buenos Aires": the workers of Argentina
        if not subj and not cps and not others:
            return None
        places += _places(tok.head, d) if tok.dep_ == "dobj" else []
        if host is not None and host.i != tok.head.i:
            places += _places(host, d)
        if reciprocal or entry.two_sided:
            actors_m, recips_m = subj + cps + others, []  # "fighting between X and Y": both sides act
        else:
            actors_m = subj or agents
            recips_m = [m for m in cps + aimed if m not in actors_m]
    else:
        subj = _subject(tok, d)
        if not subj and passive and entry.type == "RETREAT" and not any(c.dep_ == "agent" for c in tok.children):
            subj = [m for c in tok.children if c.dep_ == "nsubjpass"   # "the guerrillas were demobilized":
                    for m in parties(c, d) or _located_group(c, d)]       # they stood down, no one named did it
        cps: list[Mention] = []
        for p, ms in _counterparts(tok, d):
            cps += ms
            places += _places(p, d)
        target: list[Mention] = []
        if obj is not None:
            if entry.object:                             # "held consultations with X in Moscow"
                for p, ms in _counterparts(obj, d):
                    cps += ms
                    places += _places(p, d)
                places += _places(obj, d)
                target += parties(obj, d)                # "received Hamas delegations"
                target += _recipient_preps(obj, d, skip=None)   # "paid a visit to France", "sanctions on Iran"
            else:
                obj_ms = parties(obj, d)
                if obj.lemma_.lower() in lex.words["invite_nouns"]:   # "the invitation of Hamas officials to Moscow":
                    hosts = [m for c in obj.children if c.dep_ == "prep" and c.lower_ == "to"   # Moscow invited
                             for p in c.children if p.dep_ == "pobj" for m in parties(p, d)]
                    obj_ms = [Mention(m.start, m.end, m.text, "GPE", _party_id(m, d)) for m in hosts] or obj_ms
                if reciprocal and not obj_ms:            # "brokered talks between X and Y"
                    for p, ms in _counterparts(obj, d):
                        cps += ms
                obj_places = [m for m in obj_ms if m.kind in PLACE_KINDS and _is_city(m, d)]
                if entry.mode == "visit" and obj_places and len(obj_ms) == len(obj_places):
                    places = obj_places + places         # "visited Moscow": a place, and its country a party
                    for m in obj_places:
                        loc = d.ctx.place(m.text)
                        cid = d.ctx.country_actor(loc.country) if loc and loc.country else None
                        if cid:
                            target.append(Mention(m.start, m.end, m.text, "GPE", cid))
                else:
                    target += obj_ms
                for p in _places(obj, d):
                    if p not in places:
                        places.append(p)
        target += [m for c in tok.children if c.dep_ == "dative" and c.pos_ != "ADP"
                   for m in parties(c, d) if m not in target]   # "gave Tanzania a grant": the indirect object
        if entry.particle:
            prep = _has_prep(tok, entry.particle.lower())
            target += [m for c in (prep.children if prep is not None else ()) if c.dep_ == "pobj" for m in parties(c, d)]
        target += _recipient_preps(tok, d, skip=entry.particle)
        if entry.mode == "visit" and not cps:           # "travelled to Tokyo", "arrived in Cairo": the host
            for m in _destinations(tok, d) + (places if not target else []):
                if not _is_city(m, d):
                    continue
                loc = d.ctx.place(m.text)
                cid = d.ctx.country_actor(loc.country) if loc and loc.country else None
                if cid:
                    target = [t for t in target if t.start != m.start] + [Mention(m.start, m.end, m.text, "GPE", cid)]
                    if m not in places:
                        places.append(m)
        if not reciprocal and not entry.two_sided and not target and not cps and obj is not None:
            target += _object_pp_parties(obj, d)         # "suspended part of an aid program for Bosnia"
        if not reciprocal and not entry.two_sided and not target and not cps and entry.type != "PROTEST":
            target += [m for m in _purpose_parties(tok, d) if m not in subj]
        if entry.type == "REQUEST" and not target and not cps and obj is not None \
                and obj.lemma_.lower() in lex.words["refuge_nouns"]:
            target += _countries_at(_places(tok, d) + _places(obj, d), d, subj)   # "sought refuge in Germany"
        if entry.type == "REJECT" and not target and not cps and obj is not None \
                and obj.lemma_.lower() in lex.words["directive_nouns"]:   # "rejected demands by X": X asked
            target += [m for c in obj.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                       for p in c.children if p.dep_ == "pobj" for m in parties(p, d) if m not in subj]
            if not target:                              # "rejected demands from miners": a bare group
                target += _requesters(obj, subj, d)     # asking a country's party is that country's
        if entry.type == "REJECT" and not target and not cps:
            for x in tok.children:                      # "refused to deploy peacekeepers in Iraq": Iraq
                if x.dep_ == "xcomp" and x.pos_ == "VERB":
                    o = _dobj(x)
                    target += _countries_at(_places(x, d) + (_places(o, d) if o is not None else []), d, subj)
        if entry.type in ("CONCEDE", "RETREAT") and not target and not cps:
            target += [m for m in _talk_partners(tok, d) if m not in subj]
        if entry.type == "PROTEST" and not target and not cps:
            target += [m for m in _protest_targets(tok, d) if m not in subj]
        if entry.type == "PROTEST" and entry.mode == "obstruct" and not target and not cps and obj is not None:
            named = [d.mention[q.i] for h in (obj, tok) for c in h.children if c.dep_ == "prep" and c.lower_ == "in"
                     for p in c.children if p.dep_ == "pobj" and (p.lemma_.lower() == "capital" or (
                         p.lemma_.lower() == "city" and any(x.lower_ == "capital" for x in p.children)))
                     for o in p.children if o.dep_ == "prep" and o.lower_ == "of"
                     for q in o.children if q.dep_ == "pobj" and q.i in d.mention]   # "in the capital city of X"
            target += [dataclasses.replace(m) for m in named if _is_city(m, d)][:1]   # the seat of power
            # "blocked roads in the capital city of Algiers": the government sitting there
        if not reciprocal and not entry.two_sided and not target and not cps and entry.type != "PROTEST":
            target += _protesters(tok, obj, d)           # "prevented the demonstration staged by students"
        if entry.type == "REJECT" and not target and not cps:
            target += [m for v in [tok] + [x for x in tok.children if x.dep_ == "xcomp"]
                       for c in v.children if c.dep_ == "prep" and c.lower_ in ("despite", "defying")
                       for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() in lex.words["pressure_nouns"]
                       for m in parties(p, d) + _object_pp_parties(p, d, frozenset({"by", "from"}))
                       if m not in subj]             # "declined to resign despite pressure by X": X
        if (not reciprocal or (lex.min_actors(entry.type) < 2 and any(c.dep_ == "xcomp" for c in tok.children))) \
                and not target and not cps:
            target += _complement_recipients(tok, obj, d, lex, entry.type)   # "pledged to help Ukraine"
        if entry.type in ("RETREAT", "MOBILIZE") and (obj is None or obj.lemma_.lower() in lex.words["troop_words"]):
            moved = [m for m in target if m.kind in PLACE_KINDS and _is_city(m, d)]
            target = [m for m in target if m not in moved]   # "withdrew from the town of X", "deployed
            places += [m for m in moved if m not in places]  # troops to the state of Y": where, not whom
        if reciprocal or entry.two_sided:               # two-sided violence: every side is an actor (PLOVER)
            actors_m, recips_m = subj + cps + target, []
        else:
            actors_m, recips_m = subj, target + cps
    if not places and actors_m and not recips_m and tok.pos_ in ("VERB", "AUX") and not passive:
        places = [m for c in tok.children if c.dep_ == "nsubj" for m in _places(c, d)]   # "police in X arrested ..."
    if not places and tok.pos_ in ("VERB", "AUX") and lex.target_place(entry.type):
        aims = ([c for c in tok.children if c.dep_ == "nsubjpass"] if passive else _targets(tok, obj)) + [
            o for x in tok.children if x.dep_ == "xcomp" for o in _targets(x, _dobj(x))]
        aims += [x for x in tok.children if x.dep_ == "advcl"]     # "were killed when a bomb exploded near ..."
        aims += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"   # "kidnapped 30 students
                 for p in c.children if p.dep_ == "pobj" and p.i not in d.mention]  # from a school in X"
        places = [dataclasses.replace(m) for t in aims for m in _places(t, d)][:1]   # "... at protesters in Nairobi"
    if places and tok.pos_ in ("VERB", "AUX"):
        actors_m, recips_m = _placed_groups(tok, obj, passive, reciprocal or entry.two_sided,
                                            actors_m, recips_m, places, d)
    place_ids = {id(m) for m in places}
    actors = _party_ids(_drop_redundant([m for m in actors_m if id(m) not in place_ids], d), d,
                        _city_sector(entry.type, "actor"))
    recips = [r for r in _party_ids(_drop_redundant([m for m in recips_m if id(m) not in place_ids], d), d,
                                    _city_sector(entry.type, "recipient"))
              if r not in actors]
    if len(actors) < (lex.min_actors(entry.type) if min_actors is None else min_actors) or not (actors or recips):
        return None
    if reciprocal and len(actors) < 2 and any(                  # "promised that the Russians will pay":
            c.dep_ == "ccomp" and any(m.actor_id not in actors   # a promise about another party, not a commitment
                                      for s in c.children if s.dep_.startswith("nsubj") for m in parties(s, d))
            for c in tok.children):
        return None
    return actors, recips, places


def find_events(chunks: Sequence[Chunk], article_id: str, ctx: Context, lex: Lexicon) -> list[Event]:
    """All events stated in the article's (non-dropped) sentences, one per happening: later
    mentions of the same happening are merged into the first (`evidence_more`)."""
    events: list[Event] = []
    anaphoric: set[str] = set()                      # ids of events named by "the meeting", "this attack"
    joins: list[tuple[int, list[str], list[str]]] = []
    sentence_of: dict[str, int] = {}                 # event id -> sentence number in the article
    partial_ids: set[str] = set()                    # mentions too thin to stand alone
    pluperfect: set[str] = set()                     # "had proposed": set in the narrative's past
    n_sent = 0
    for chunk in chunks:
        d = _Doc(chunk, ctx, lex)
        consumed: set[int] = set()
        triggers: dict[int, str] = {}
        candidates = _trigger_candidates(chunk.doc)
        for sent in chunk.sents:
            n_sent += 1
            first = len(events)
            placed: dict[str, Token] = {}
            lo, hi = candidates.searchsorted([sent.start, sent.end])
            for i in candidates[lo:hi]:
                tok = chunk.doc[int(i)]
                if tok.i in consumed or d.dropped.overlaps(chunk.offset + tok.idx, chunk.offset + tok.idx + len(tok)):
                    continue
                if tok.i in d.time:
                    continue                             # "March 27" is a date, not a march
                lemma = tok.lemma_.lower()
                if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
                    entries = lex.verbs.get(lemma, ()) or next(
                        (lex.verbs[w] for w in _stems(tok) if w in lex.verbs), ())
                elif tok.pos_ in ("NOUN", "PROPN"):
                    entries = lex.nouns.get(lemma, ()) or lex.nouns.get(tok.lower_, ())
                    if tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and not tok.doc[tok.i - 2].whitespace_:
                        entries = lex.nouns.get(f"{tok.doc[tok.i - 2].lower_}-{tok.lower_}", ()) + tuple(entries)
                    for c in tok.children:               # "hunger strike", "general strike": a two-word trigger first
                        if c.dep_ in ("compound", "amod") and c.i == tok.i - 1:
                            entries = (lex.nouns.get(f"{c.lemma_.lower()} {lemma}", ())
                                       or lex.nouns.get(f"{c.lower_} {lemma}", ())) + tuple(entries)
                    if tok.i in d.mention:
                        entries = ()
                else:
                    entries = ()
                if not entries:
                    continue
                entry = _match(tok, entries, d)
                if entry is None:
                    continue
                if (entry.pos == "NOUN" and tok.dep_ in ("dobj", "obj", "nsubjpass")
                        and tok.head.lemma_.lower() in lex.words["state_verbs"]):
                    continue                             # "to oversee a ceasefire": no new ceasefire
                if entry.pos == "VERB" and tok.dep_ == "amod":
                    continue                             # "the Israeli-occupied West Bank": a state, not an event
                if (entry.pos == "NOUN" and tok.dep_ == "compound" and " " not in entry.lemma
                        and tok.head.lemma_.lower() not in lex.words["frame_nouns"]):
                    continue                             # "aid convoys", "ceasefire agreement": a modifier
                head_type = triggers.get(tok.head.i)
                if (tok.dep_ in ("xcomp", "advcl") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
                        and (head_type == entry.type or (head_type == "ASSAULT" and entry.type == "COERCE"
                                                         and _crowd_control(tok.head, lex)))):
                    # "met ... to discuss", "began a hunger strike to protest against Sweden's decision":
                    # the purpose, not a second event; whom it is aimed at joins the first
                    purpose = _frame(tok, entry, d, lex)
                    if purpose is not None and purpose[1]:
                        for k in range(first, len(events)):
                            e = events[k]
                            if e.type == head_type and placed.get(e.id) is not None and not lex.reciprocal(e.type):
                                extra = tuple(r for r in purpose[1] if r not in e.actors and r not in e.recipients)
                                events[k] = dataclasses.replace(e, recipients=e.recipients + extra)
                    continue
                entry = _commitment_type(tok, entry, d, lex)
                triggers[tok.i] = entry.type
                obj = _dobj(tok)
                if entry.pos == "VERB" and entry.object and obj is not None:
                    consumed.add(obj.i)                  # "held talks": one event, not two
                pos = tok
                if (entry.pos == "NOUN" and tok.dep_ == "compound"
                        and tok.head.lemma_.lower() in lex.words["frame_nouns"] and tok.head.i not in d.mention):
                    pos = tok.head                       # "a mediation effort between X and Y": the effort's place
                frame = _frame(pos, entry, d, lex)
                refers_back = _is_anaphoric(tok) or (entry.object and obj is not None and _is_anaphoric(obj))
                partial = False
                if frame is None and refers_back and lex.min_actors(entry.type) > 1:
                    frame = _frame(pos, entry, d, lex, min_actors=1)   # "the meeting was attended by X"
                    partial = frame is not None
                if frame is None:
                    continue
                made = _make_events(pos, entry, frame, sent, d, lex, article_id, trig=tok)
                if entry.pos == "NOUN" and (host := _light_host(tok, lex)) is not None:
                    triggers.setdefault(host.i, entry.type)   # its purpose clauses hang off the host verb
                for e in made:
                    placed[e.id] = tok
                    if _is_pluperfect(_light_host(tok, lex) or tok):
                        pluperfect.add(e.id)
                    if refers_back:
                        anaphoric.add(e.id)              # "the meeting", "attended the meeting"
                    if partial:
                        partial_ids.add(e.id)            # kept only when it joins the event it refers to
                events += made
                events += [x for e in made if (x := _stated_intent(e, tok, d, lex)) is not None]
                events += [x for e in made if (x := _preparation(e, tok, d, lex)) is not None]
                subject_ids = set(_party_ids(_subject(tok, d), d)) if tok.pos_ in ("VERB", "AUX") else set()
                events += [x for e in made if (x := _refusal(e, lex, subject_ids)) is not None]
            events += _threat_promises(sent, d, lex, article_id, triggers, events[first:])
            events += _obligations(sent, d, lex, article_id, triggers)
            events[first:] = _with_sizes(events[first:], placed, sent)
            sentence_of.update({e.id: n_sent for e in events[first:]})
            joins += _joins(sent, d)
    events = _apply_joins(_dedupe(events), joins, lex)
    events = _continue_discourse(events, sentence_of, pluperfect, lex)
    events = _captors(events, ctx)
    events = _place_recipients(events, ctx, lex)
    return merge_mentions(events, anaphoric, lex, partial_ids, sentence_of)


def _crowd_control(v: Token, lex: Lexicon) -> bool:
    """Whether a verb uses a crowd-control weapon ("used tear gas", "fired water cannon"): its purpose
    "to disperse the protesters" is the same act (PLOVER ASSAULT crowd-control), not a COERCE."""
    obj = _dobj(v)
    return obj is not None and bool(({obj.lower_, obj.lemma_.lower()} | {c.lower_ for c in obj.children})
                                    & lex.words["crowd_control_words"])


def _is_pluperfect(v: Token) -> bool:
    """'had proposed': a past perfect verb."""
    return v.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ == "VBD"
                                   for c in v.children)


DISCOURSE_TYPES = {"REQUEST"}


def _continue_discourse(events: list[Event], sentence_of: dict[str, int], pluperfect: set[str],
                        lex: Lexicon) -> list[Event]:
    """A request with no addressee, by a party that acted towards someone in the sentence just
    before, is addressed to that someone ("Bogdanov had contacted Marzook ... Initially, Bogdanov
    had proposed a meeting in Qatar"); an undated past-perfect event in such a sequence takes the
    earlier event's date from the text (the narrative's reference time)."""
    out = list(events)
    by_sentence: dict[int, list[int]] = {}
    for k, e in enumerate(out):
        if e.id in sentence_of:
            by_sentence.setdefault(sentence_of[e.id], []).append(k)
    for k, e in enumerate(out):
        if e.type not in DISCOURSE_TYPES or e.recipients or e.polarity != "asserted" or e.id not in sentence_of:
            continue
        prev = [out[j] for j in by_sentence.get(sentence_of[e.id] - 1, ()) if j < k
                and out[j].polarity == "asserted" and set(out[j].actors) & set(e.actors)]
        if not prev:
            continue
        f = prev[-1]
        others = tuple(x for x in (f.actors + f.recipients) if x not in e.actors)
        if not others:
            continue
        changes: dict = {"recipients": others}
        if e.id in pluperfect and e.date_source != "text" and f.date_source == "text":
            changes.update(date=f.date, date_end=f.date_end, date_precision=f.date_precision, date_source="text",
                           historical=f.historical)
        out[k] = dataclasses.replace(e, **changes)
    return out


def _captors(events: list[Event], ctx: Context) -> list[Event]:
    """A demand to release people "captured during the attacks on October 7" is addressed to who
    carried out those attacks: the actors of the article's ASSAULT of that date."""
    out = list(events)
    attackers: dict[str, list[str]] = {}
    for f in events:
        if f.type == "ASSAULT" and f.polarity == "asserted" and f.date:
            attackers.setdefault(f.date, []).extend(f.actors)
    if not attackers:
        return out
    times = sorted((t.start, t.date) for t in ctx.times if t.date and t.precision == "day")
    starts = [t[0] for t in times]
    for k, e in enumerate(out):
        if e.type != "REQUEST" or e.mode != "yield" or e.recipients or e.polarity != "asserted":
            continue
        lo, hi = bisect.bisect_left(starts, e.evidence.start), bisect.bisect_left(starts, e.evidence.end)
        dates = dict.fromkeys(date for _, date in times[lo:hi])
        captors = [a for date in dates for a in attackers.get(date, ()) if a not in e.actors]
        if captors:
            out[k] = dataclasses.replace(e, recipients=tuple(dict.fromkeys(captors)))
    return out


def _commitment_type(tok: Token, entry: Entry, d: _Doc, lex: Lexicon) -> Entry:
    """A promise is coded by what is promised (PLOVER manual): "vowed to fight" is THREATEN,
    "pledged to withdraw" CONCEDE, "promised to help" stays AGREE (types `future_as` of the act,
    with its `future_mode`)."""
    if entry.type != "AGREE" or tok.pos_ not in ("VERB", "AUX"):
        return entry
    comp = None
    for c in tok.children:
        if c.pos_ == "VERB" and (c.dep_ == "xcomp" or (c.dep_ == "advcl" and any(
                a.dep_ == "aux" and a.lower_ == "to" for a in c.children))):
            if any(a.dep_ == "neg" for a in c.children):   # "vowed not to return the Golan Heights": a refusal
                neg = lex.types.get("AGREE", {}).get("negated_as")
                if neg:
                    cameo = str(lex.types.get(neg, {}).get("cameo", entry.cameo)).zfill(2)
                    return dataclasses.replace(entry, type=neg, mode=None, cameo=cameo)
            table = lex.verbs.get(c.lemma_.lower(), ())
            comp = _match(c, table, d) if table else None
            break
    new_type = lex.future_as(comp.type) if comp is not None else None
    if new_type is None or lex.quad(new_type) in (1, 2):
        return entry                                 # "agreed to withdraw", "pledged to help": AGREE
    fm = lex.types.get(comp.type, {}).get("future_mode")
    mode = (fm.get(comp.mode or "*", fm.get("*")) if isinstance(fm, dict) else fm) if fm else None
    cameo = str(lex.types.get(new_type, {}).get("cameo", entry.cameo)).zfill(2)
    return dataclasses.replace(entry, type=new_type, mode=mode, cameo=cameo)


ANAPHORIC_DETS = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "such"}


def _is_anaphoric(tok: Token) -> bool:
    """A nominal trigger that refers back: "the meeting", "this attack", "their talks"."""
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("det", "poss") and c.lower_ in ANAPHORIC_DETS for c in tok.children)


def _with_sizes(evs: list[Event], placed: dict[str, Token], sent: SpacySpan) -> list[Event]:
    """PLOVER `size` for the sentence's ASSAULT and PROTEST events: each count goes to the nearest
    trigger that can carry it (dead and injured: ASSAULT or PROTEST; arrested and participants:
    PROTEST)."""
    trig = {e.id: placed[e.id] for e in evs if e.id in placed and e.type in ("ASSAULT", "PROTEST")}
    if not trig:
        return evs
    facts = size_facts(sent)
    sizes: dict[str, dict[str, int]] = {}
    for field, types in (("dead", ("ASSAULT", "PROTEST")), ("injured", ("ASSAULT", "PROTEST")),
                         ("arrested", ("PROTEST",))):
        cands = [(e.id, trig[e.id]) for e in evs if e.id in trig and e.type in types]
        for eid, fields in assign_sizes([f for f in facts if f[1] == field], cands).items():
            sizes.setdefault(eid, {}).update(fields)
    for e in evs:
        if e.type == "PROTEST" and e.id in trig:
            tok = trig[e.id]
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            subjects += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "by")
                         for p in c.children if p.dep_ == "pobj"]
            if tok.dep_ in ("dobj", "obj"):          # "thousands staged a protest"
                subjects += [c for c in tok.head.children if c.dep_ == "nsubj"]
            n = protest_participants(subjects)
            if n is not None:
                sizes.setdefault(e.id, {})["participants"] = n
    return [dataclasses.replace(e, size=Size(**sizes[e.id])) if e.id in sizes else e for e in evs]


def _threat_promises(sent: SpacySpan, d: _Doc, lex: Lexicon, article_id: str, triggers: dict[int, str],
                     done: Sequence[Event]) -> list[Event]:
    """"X promised that the Russians will pay (for ...)", "vowed they would regret it": a party saying
    another will pay, regret or suffer is a THREATEN from the speaker to that party (the
    lexicon's `threat_predicates`)."""
    out: list[Event] = []
    if not lex.threat_predicates:
        return out
    have = {e.trigger.start for e in done}
    for tok in sent:
        if tok.lemma_.lower() not in lex.threat_predicates or tok.dep_ != "ccomp":
            continue
        if not any(c.dep_ == "aux" and c.lower_ in lex.polarity.future_auxiliaries | {"would"} for c in tok.children):
            continue
        obj = _dobj(tok)
        if obj is not None and obj.lemma_.lower() not in ("price", "penalty", "consequence", "cost"):
            continue                                 # "will pay compensation": not a threat
        say = tok.head
        if say.pos_ not in ("VERB", "AUX") or d.off + say.idx in have:
            continue
        speaker = _party_ids(_drop_redundant(_subject(say, d), d), d)
        aimed = [m for c in tok.children if c.dep_ == "nsubj" and c.lower_ not in SUBJECT_PRONOUNS
                 for m in parties(c, d)]
        recips = [r for r in _party_ids(_drop_redundant(aimed, d), d) if r not in speaker]
        if not speaker or not recips:
            continue
        triggers[say.i] = "THREATEN"
        entry = Entry(lemma=say.lemma_.lower(), pos="VERB", type="THREATEN", mode=None,
                      cameo=str(lex.types.get("THREATEN", {}).get("cameo", "13")).zfill(2))
        out += _make_events(say, entry, (speaker, recips, []), sent, d, lex, article_id)
    return out


def _joins(sent: SpacySpan, d: _Doc) -> list[tuple[int, list[str], list[str]]]:
    """"X was joined by Y", "Y joined X (the delegation, the talks)": (offset, X's ids, Y's ids)."""
    out = []
    for tok in sent:
        if tok.lemma_.lower() != "join" or tok.pos_ not in ("VERB", "AUX"):
            continue
        kids = list(tok.children)
        if _is_passive(tok):
            xs = [c for c in kids if c.dep_ == "nsubjpass"]
            if not xs and tok.dep_ == "conj":
                xs = [c for c in tok.head.children if c.dep_ in ("nsubjpass", "nsubj")]
            ys = [p for c in kids if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        else:
            xs = [c for c in kids if c.dep_ in ("dobj", "obj")]
            ys = [c for c in kids if c.dep_ == "nsubj"]
        x_ids = _party_ids([m for x in xs for m in parties(x, d)], d)
        y_ids = _party_ids(_drop_redundant([m for y in ys for m in parties(y, d)], d), d)
        if x_ids and y_ids:
            out.append((d.off + tok.idx, x_ids, [y for y in y_ids if y not in x_ids]))
    return out


def _apply_joins(events: list[Event], joins: Sequence[tuple[int, list[str], list[str]]], lex: Lexicon) -> list[Event]:
    """Add who joined to the nearest event before it (same or previous sentence) that X takes part in."""
    for where, xs, ys in joins:
        best = None
        # the latest start of a sentence with events that ends before `where` (joins change no sentence)
        last_start = max((f.sentence.start for f in events if f.sentence.end < where), default=None)
        for k, e in enumerate(events):
            if e.trigger.start > where or e.polarity != "asserted" or not set(xs) & set(e.actors + e.recipients):
                continue
            if e.sentence.end < where and last_start is not None and last_start > e.sentence.end:
                continue                              # only the same or the previous sentence with events
            if best is None or e.trigger.start > events[best].trigger.start:
                best = k
        if best is None or not ys:
            continue
        e = events[best]
        if lex.reciprocal(e.type) or set(xs) & set(e.actors):
            actors = tuple(dict.fromkeys(e.actors + tuple(y for y in ys if y not in e.recipients)))
            events[best] = dataclasses.replace(e, actors=actors)
        else:
            recips = tuple(dict.fromkeys(e.recipients + tuple(y for y in ys if y not in e.actors)))
            events[best] = dataclasses.replace(e, recipients=recips)
    return events


def _overlap_ok(f: Event, e: Event, lex: Lexicon) -> bool:
    """The parties of two mentions can be one happening's: reciprocal types share a party; others
    share an actor (X accusing Y and Y accusing X are two events)."""
    if lex.reciprocal(f.type):
        return bool(set(f.actors + f.recipients) & set(e.actors + e.recipients))
    return bool(set(f.actors) & set(e.actors))


def _place_ok(f: Event, e: Event) -> bool:
    if f.location is None or e.location is None:
        return True
    return f.location.name == e.location.name or (
        f.location.country is not None and f.location.country == e.location.country)


ANAPHORA_WINDOW = 50         # how many earlier events of its type a back-reference may join


def merge_mentions(events: list[Event], anaphoric: set[str], lex: Lexicon,
                   partial: set[str] = frozenset(), sentence_of: dict[str, int] | None = None) -> list[Event]:
    """One event per happening per article. A later mention joins an earlier event when they have
    the same type, polarity and background flag and places that agree, and either
      * the later mention refers back ("the meeting between Bogdanov and Abu Marzook", "this
        attack"), gives no other date, and shares a party with it, or (a meeting "attended by X")
        is the nearest one in the two sentences before, or
      * both are dated to the same day by the text and their parties overlap (`_overlap_ok`).
    The merged event keeps the first mention's id, trigger and evidence; its parties are the union;
    missing place, mode, size and attribution are filled from the later mention; a text date
    replaces a publication date; the later evidence goes to `evidence_more`."""
    out: list[Event] = []
    sentence_of = sentence_of or {}
    kinds: dict[tuple, list[int]] = {}          # (type, polarity, historical) -> positions in out
    days: dict[tuple, list[int]] = {}           # ... + text date -> positions, for day-dated mentions
    for e in events:
        kind = (e.type, e.polarity, e.historical)
        if e.id in anaphoric:                   # a back-reference looks at the latest such events only
            candidates = kinds.get(kind, [])[-ANAPHORA_WINDOW:]
        elif e.date_source == "text" and e.date_precision == "day":
            candidates = days.get(kind + (e.date, e.date_end), [])
        else:
            candidates = []
        target = None
        for k in reversed(candidates):
            f = out[k]
            if f.sentence.start == e.sentence.start or not _place_ok(f, e):
                continue
            if e.id in anaphoric:
                ok = e.date_source != "text" or (e.date, e.date_end) == (f.date, f.date_end)
                # "the meeting" with parties of its own ("was attended by X") is the latest one just before
                near = sentence_of.get(e.id, 0) - sentence_of.get(f.id, -9) <= 2
                ok = ok and (_overlap_ok(f, e, lex) or (near and target is None and lex.reciprocal(e.type)))
            else:
                ok = (_overlap_ok(f, e, lex) and e.date_source == "text" and f.date_source == "text"
                      and e.date_precision == "day" and (e.date, e.date_end) == (f.date, f.date_end))
            if ok:
                target = k
                break
        if target is None:
            if e.id in partial:                      # a thin back-reference with nothing to join is dropped
                continue
            target = len(out)
            out.append(e)
            kinds.setdefault(kind, []).append(target)
        else:
            out[target] = _merged(out[target], e, lex)
        f = out[target]
        if f.date_source == "text" and f.date_precision == "day":
            slot = days.setdefault(kind + (f.date, f.date_end), [])
            if target not in slot:
                bisect.insort(slot, target)
    return out


def _merged(f: Event, e: Event, lex: Lexicon) -> Event:
    if lex.reciprocal(f.type):
        actors = tuple(dict.fromkeys(f.actors + f.recipients + e.actors + e.recipients))
        recips: tuple[str, ...] = ()
    else:
        actors = tuple(dict.fromkeys(f.actors + tuple(a for a in e.actors if a not in f.recipients)))
        recips = tuple(dict.fromkeys(f.recipients + tuple(r for r in e.recipients if r not in actors)))
    size = _merge_size(f.size, e.size)
    changes = dict(actors=actors, recipients=recips, location=f.location or e.location, mode=f.mode or e.mode,
                   size=size, reported_by=f.reported_by or e.reported_by,
                   context=tuple(dict.fromkeys(f.context + e.context)),
                   confidence=max(f.confidence, e.confidence),
                   evidence_more=f.evidence_more + (e.evidence,) + e.evidence_more)
    if f.date_source != "text" and e.date_source == "text":
        changes.update(date=e.date, date_end=e.date_end, date_precision=e.date_precision,
                       date_source=e.date_source, time=e.time, historical=e.historical)
    return dataclasses.replace(f, **changes)


def _stems(tok: Token) -> list[str]:
    """Base forms to try when the tagger's lemma is off ("staged" -> "stag"): the surface form
    with its inflection taken off."""
    w = tok.lower_
    out = []
    if tok.tag_ in ("VBD", "VBN") and w.endswith("ed"):
        out += [w[:-1], w[:-2]] + ([w[:-3]] if len(w) > 4 and w[-3] == w[-4] else [])
    elif tok.tag_ == "VBZ" and w.endswith("s"):
        out += [w[:-1], w[:-2]]
    elif tok.tag_ == "VBG" and w.endswith("ing"):
        out += [w[:-3] + "e", w[:-3]]
    return out


def _report_verb(tok: Token, lex: Lexicon) -> Token | None:
    """The verb of saying whose clause holds the trigger ("said they will ...")."""
    t = tok
    for _ in range(8):
        if t.head.i == t.i:
            return None
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in lex.polarity.reporting_verbs:
            return t.head
        t = t.head
    return None


def _statement_dates(verb: Token | None, d: _Doc) -> tuple[str | None, str | None, str | None, str | None, Span | None]:
    """Date of a statement: the date expression its verb governs, else the publication date."""
    for ts, rel, last in (_dates(verb, d) if verb is not None else []):
        if rel == "at":
            prec = ts.precision if ts.precision in ("day", "month", "season", "year") else "year"
            return ts.date, None, prec, "text", Span(ts.start, ts.end, ts.text)
    pub = d.ctx.published
    return (pub.isoformat() if pub else None, None, "day" if pub else None,
            d.ctx.published_source if pub else None, None)


def _stated_intent(e: Event, tok: Token, d: _Doc, lex: Lexicon) -> Event | None:
    """A party saying it will do something is itself an event (PLOVER manual): a future meeting,
    aid or support promised is AGREE, a retreat announced is CONCEDE, a future sanction, arrest,
    attack or boycott announced is THREATEN (the lexicon's types `future_as`)."""
    new_type = lex.future_as(e.type)
    if new_type is None or e.polarity != "future" or not e.actors:
        return None
    cooperative = lex.quad(new_type) in (1, 2)
    if not cooperative and (not e.reported_by or e.reported_by not in e.actors):
        return None                                  # a threat is a party's own statement; an intent to help is coded anyway
    facts = lex.types.get(e.type, {})
    fm = facts.get("future_mode")
    mode = (fm.get(e.mode or "*", fm.get("*")) if isinstance(fm, dict) else fm) if fm else None
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
           for c in tok.children) and new_type != "THREATEN":
        new_type, mode = "THREATEN", None            # "will withdraw unless ...": a conditional threat
    actors, recips = ((e.actors + e.recipients, ()) if lex.reciprocal(new_type) else (e.actors, e.recipients))
    date, date_end, prec, source, when = _statement_dates(_report_verb(tok, lex), d)
    cameo = str(lex.types.get(new_type, {}).get("cameo", e.cameo)).zfill(2)
    return dataclasses.replace(
        e, id=_event_id(e.article_id, new_type, e.trigger.start, date), type=new_type, mode=mode, cameo=cameo,
        actors=actors, recipients=recips, polarity="asserted", date=date, date_end=date_end, date_precision=prec,
        date_source=source, time=when, historical=_historical(date, date_end, d.ctx.published),
        confidence=round(max(0.3, e.confidence - 0.1), 2), quad=lex.quad(new_type), size=None)


HEAVY_MODES = {"heavy-weapons", "aerial", "explosives"}


def _preparation(e: Event, tok: Token, d: _Doc, lex: Lexicon) -> Event | None:
    """Forces preparing to attack ("the army prepared to resume shelling X") raise their readiness:
    a MOBILIZE event of the would-be attackers (PLOVER; CAMEO 152 "increase military alert status"),
    `weapons` for shelling or air strikes, else `troops` (`militia` for non-state forces). The attack
    itself stays unasserted."""
    if e.type != "ASSAULT" or e.polarity not in ("future", "proposed") or not e.actors or "MOBILIZE" not in lex.types:
        return None
    t = tok
    for _ in range(3):                               # "prepared to (resume) shelling"
        if t.dep_ != "xcomp" or t.head.i == t.i:
            return None
        t = t.head
        if t.lemma_.lower() in lex.words["prepare_verbs"] and t.pos_ in ("VERB", "ADJ", "AUX"):
            break
    else:
        return None
    if any(c.dep_ == "neg" for c in t.children):
        return None                                  # "was not preparing to attack"
    armed = {getattr(d.ctx.actors.get(a), "sector", None) for a in e.actors}
    mode = "weapons" if e.mode in HEAVY_MODES else "militia" if armed & {"REB", "PRM", "UAF", "CRM"} else "troops"
    cameo = str(lex.types.get("MOBILIZE", {}).get("cameo", "15")).zfill(2)
    return dataclasses.replace(e, id=_event_id(e.article_id, "MOBILIZE", e.trigger.start, e.date), type="MOBILIZE",
                               mode=mode, cameo=cameo, polarity="asserted", quad=lex.quad("MOBILIZE"), size=None,
                               confidence=round(max(0.3, e.confidence - 0.1), 2))


def _refusal(e: Event, lex: Lexicon, subject_ids: set[str] = frozenset()) -> Event | None:
    """A negated agreement is a rejection (types `negated_as`): "will not accept more refugees",
    "failed to reach agreement" are REJECT events. The subject's parties refuse; the others, when
    the subject is among the parties, are whom they refuse."""
    new_type = lex.types.get(e.type, {}).get("negated_as")
    if new_type is None or e.polarity != "negated" or not e.actors:
        return None
    actors, recips = e.actors, e.recipients
    own = tuple(a for a in e.actors if a in subject_ids)
    if own and not lex.reciprocal(new_type):
        actors, recips = own, tuple(a for a in e.actors + e.recipients if a not in own)
    cameo = str(lex.types.get(new_type, {}).get("cameo", e.cameo)).zfill(2)
    return dataclasses.replace(
        e, id=_event_id(e.article_id, new_type, e.trigger.start, e.date), type=new_type, mode=None, cameo=cameo,
        actors=actors, recipients=recips, polarity="asserted", quad=lex.quad(new_type),
        confidence=round(max(0.3, e.confidence - 0.1), 2))


def _obligations(sent: SpacySpan, d: _Doc, lex: Lexicon, article_id: str, triggers: dict[int, str]) -> list[Event]:
    """"Russia said Sudan must return the helicopter": a speaker saying another party must act is a
    REQUEST from the speaker to that party (the lexicon's `obligation_modals`)."""
    out: list[Event] = []
    modals = lex.obligation_modals
    if not modals:
        return out
    for tok in sent:
        if tok.dep_ != "ccomp" or tok.head.lemma_.lower() not in lex.polarity.reporting_verbs:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in modals for c in tok.children):
            continue
        say = tok.head
        speaker = _subject(say, d)
        subj = [m for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in SUBJECT_PRONOUNS
                for m in parties(c, d)]
        actors = _party_ids(_drop_redundant(speaker, d), d)
        recips = [r for r in _party_ids(_drop_redundant(subj, d), d) if r not in actors]
        if not actors or not recips or say.i in triggers:
            continue
        triggers[say.i] = "REQUEST"
        entry = Entry(lemma=say.lemma_.lower(), pos="VERB", type="REQUEST", mode=None,
                      cameo=str(lex.types.get("REQUEST", {}).get("cameo", "10")).zfill(2))
        evs = _make_events(say, entry, (actors, recips, []), sent, d, lex, article_id)
        out += [dataclasses.replace(e, confidence=round(max(0.3, e.confidence - 0.1), 2)) for e in evs]
    return out


def _make_events(tok: Token, entry: Entry, frame, sent: SpacySpan, d: _Doc, lex: Lexicon, article_id: str,
                 trig: Token | None = None) -> list[Event]:
    """The events of one trigger (one per date it has); `trig` is the trigger word when the
    frame was read off another token (the noun it modifies)."""
    actors, recips, places = frame
    trig = trig if trig is not None else tok
    anchor = tok.head if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" else tok
    if tok.pos_ in ("NOUN", "PROPN"):
        anchor = _light_host(tok, lex) or anchor
    dates = _dates(tok, d) or (_dates(anchor, d) if anchor.i != tok.i else []) or _flashback_dates(anchor, d)
    polarity = _polarity(tok, lex, entry.type)
    if polarity == "asserted" and anchor.i != tok.i:
        polarity = _polarity(anchor, lex)
    reported_by = _reported_by(tok, d, lex)
    actors = _speaker_as_actor(entry, actors, reported_by, d)
    left, right = _clause(anchor, sent)
    evidence = d.span(left, right)
    hyphen = "-" in entry.lemma and trig.i >= 2 and trig.doc[trig.i - 1].text == "-"
    trigger = d.span(trig.i - 2 if hyphen else trig.i, trig.i)   # "sit-in" is three tokens
    sentence = d.span(sent.start, sent.end - 1)
    location = _location(places, d) or _territory(tok, d)
    mode = _consult_mode(entry, actors, location, d) if entry.type == "CONSULT" else _refine_mode(tok, anchor, entry, d, lex)
    ctx = d.ctx
    pub = ctx.published
    base_conf = 0.55 + 0.15 * bool(recips or len(actors) > 1) + 0.1 * (tok.pos_ == "VERB") + 0.05 * bool(location)
    out = []
    options: list[tuple[str | None, str | None, str | None, str | None, TimeSpan | None]] = []
    for ts, rel, last in dates or [(None, "none", None)]:
        if ts is None:
            options.append((pub.isoformat() if pub else None, None, "day" if pub else None,
                            ctx.published_source if pub else None, None))
        elif rel == "range" and last is not None:
            options.append((ts.date, last.date_end or last.date, "interval", "text", ts))
        elif rel in ("since", "after"):
            options.append((ts.date, pub.isoformat() if pub else None, "interval", "text", ts))
        else:
            prec = ts.precision if ts.precision in ("day", "month", "season", "year") else "year"
            options.append((ts.date, ts.date_end if prec == "season" else None, prec, "text", ts))
    for date, date_end, prec, source, ts in options:
        conf = round(min(0.99, base_conf + (0.1 if source == "text" else 0.0)), 2)
        out.append(Event(
            id=_event_id(article_id, entry.type, trigger.start, date), article_id=article_id,
            type=entry.type, mode=mode, cameo=entry.cameo, actors=tuple(actors), recipients=tuple(recips),
            location=location, date=date, date_end=date_end, date_precision=prec, date_source=source,
            polarity=polarity, historical=_historical(date, date_end, pub), reported_by=reported_by,
            confidence=conf, evidence=evidence, trigger=trigger, sentence=sentence,
            context=_contexts(tok, anchor, entry, mode, lex),
            time=Span(ts.start, ts.end, ts.text) if ts else None, quad=lex.quad(entry.type)))
    return out


def _speaker_as_actor(entry: Entry, actors: Sequence[str], reported_by: str | None, d: _Doc) -> list[str]:
    """'"Israel sees ... as an obscene step," the Israeli Foreign Ministry said': a verbal act a
    country is said to perform, reported by a body of that country, is that body's act."""
    if entry.type not in VERBAL_TYPES or not reported_by or reported_by in actors or not actors:
        return list(actors)
    speaker = d.ctx.actors.get(reported_by)
    if speaker is None or not speaker.country or speaker.id == speaker.country:
        return list(actors)
    parts = [d.ctx.actors.get(a) for a in actors]
    if all(a is not None and a.id == a.country == speaker.country for a in parts):
        return [reported_by]
    return list(actors)


def _contexts(tok: Token, anchor: Token, entry: Entry, mode: str | None, lex: Lexicon) -> tuple[str, ...]:
    """PLOVER contexts the trigger implies: the entry's own, its mode's (cyber, misinformation,
    unconventional -> cbrn), and the lexicon's `context_words` among the words the trigger
    governs in its own clause ("threatened to use chemical weapons" -> cbrn)."""
    out = list(entry.context)
    if mode in MODE_CONTEXTS:
        out.append(MODE_CONTEXTS[mode])
    if lex.context_words:
        words = _region(tok) | (_region(anchor) if anchor.i != tok.i else set())
        for c in tok.children:                       # "threatened to use chemical weapons": what is threatened
            if c.dep_ in ("xcomp", "ccomp") and entry.type in VERBAL_TYPES:
                words |= _region(c)
        for i in sorted(words):
            t = tok.doc[i]
            c = lex.context_words.get(t.lemma_.lower()) or lex.context_words.get(t.lower_)
            if c:
                out.append(c)
    return tuple(dict.fromkeys(out))


def _place_recipients(events: list[Event], ctx: Context, lex: Lexicon) -> list[Event]:
    """A curfew, ban or concession with no named target is aimed at the people of where it happens:
    the country of its location becomes the recipient (PLOVER codes "lifted a curfew in Montenegro"
    as aimed at Montenegro), unless that country is already a party."""
    out = []
    for e in events:
        if e.recipients or e.location is None or not e.location.country or not lex.place_recipient(e.type):
            out.append(e)
            continue
        cid = ctx.country_actor(e.location.country)
        if cid is None or cid in e.actors:
            out.append(e)
            continue
        here = ctx.actors.get(e.location.actor_id or "")
        country = ctx.actors.get(cid)
        in_city = not (here is not None and here.id == here.country) and (
            country is None or e.location.name.lower() != country.name.lower())
        if e.type in CITY_PEOPLE_TYPES and in_city:  # "suspended aid deliveries in Baghdad": its people
            pid = f"{e.location.country}.CVL"
            if pid not in ctx.actors:
                ctx.actors[pid] = Actor(id=pid, name=f"Civilians of {country.name if country else e.location.country}",
                                        kind="NORP", country=e.location.country, sector="CVL",
                                        aliases=(e.location.name,))
            if pid not in e.actors:
                cid = pid
        out.append(dataclasses.replace(e, recipients=(cid,)))
    return out


def _dedupe(events: list[Event]) -> list[Event]:
    """Drop an event when another in the same sentence has the same type and date and all its parties."""
    def parties(e: Event) -> set[str]:
        return set(e.actors) | set(e.recipients)

    keep: dict[int, Event] = {}
    groups: dict[tuple, list[int]] = {}              # only events of one sentence, type and date can cover
    for i, e in enumerate(events):
        groups.setdefault((e.sentence.start, e.type, e.date), []).append(i)
    for i, e in enumerate(events):
        mine = parties(e)
        cover = next((j for j in groups[(e.sentence.start, e.type, e.date)]
                      if j != i and mine <= parties(events[j]) and (mine < parties(events[j]) or j < i)), None)
        if cover is None:
            keep.setdefault(i, e)
            continue
        f = before = keep.get(cover, events[cover])
        if e.size is not None:                       # "killed three and wounded twelve": one event, both counts
            f = dataclasses.replace(f, size=_merge_size(f.size, e.size))
        if (e.mode is not None and e.trigger.end <= f.trigger.start
                and f.evidence.start <= e.trigger.start):      # "a suicide bombing killed ...": the noun names it
            f = dataclasses.replace(f, trigger=e.trigger, mode=e.mode)
        if f is not before:
            keep[cover] = f
    return [keep.get(i, e) for i, e in enumerate(events) if i in keep]


def _merge_size(a: Size | None, b: Size | None) -> Size | None:
    if a is None or b is None:
        return a or b
    x, y = dataclasses.asdict(a), dataclasses.asdict(b)
    return Size(**{k: max([v for v in (x[k], y[k]) if v is not None], default=None) for k in x})

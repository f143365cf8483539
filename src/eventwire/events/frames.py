"""Event frames: find PLOVER events in parsed sentences with dependency rules.

A trigger (verb or noun from the lexicon) gives the type; its subject, object
and prepositional phrases give the parties; "in <place>" gives the location;
the date expression that the trigger governs gives the date, else the
publication date. Polarity (negated, proposed, hypothetical, future) and who
reports the event come from the words that govern the trigger.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..annotate import Chunk
from ..clean import inside
from ..records import Actor, Dropped, Event, Location, Mention, Span, TimeSpan
from ..timex import TimeRange
from .lexicon import Entry, Lexicon

PARTY_KINDS = {"PERSON", "ORG", "GPE", "NORP"}
PLACE_KINDS = {"GPE", "LOC", "FAC"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "parataxis", "xcomp", "csubj"}
PLACE_PREPS = {"in", "at", "inside", "near", "outside"}
COUNTERPART_PREPS = {"with", "between", "among"}
RECIPIENT_PREPS = {"against", "on", "to", "at", "upon", "from"}
TIME_AFTER = {"after", "following", "since"}
GROUP_ACL = {"lead", "head", "include", "accompany", "compose", "join"}
HISTORICAL_DAYS = 60
SUBJECT_PRONOUNS = {"it", "they", "he", "she", "we"}
# Nouns for groups of people that a place can name: "rebels in the Ivory Coast" are the Ivory Coast's.
GROUP_NOUNS = {"group", "rebel", "militant", "guerrilla", "force", "troop", "soldier", "police", "authority",
               "official", "demonstrator", "protester", "protestor", "activist", "student", "worker", "farmer",
               "party", "opposition", "insurgent", "fighter", "militia", "militiaman", "settler", "resident",
               "leader", "government", "army", "military", "doctor", "hacker", "youth", "supporter"}
# "supporters of X", "victims of X": people named by their relation to X are not X.
NOT_THEIR_OWN = {"supporter", "follower", "opponent", "critic", "relative", "family", "victim", "friend", "enemy",
                 "rival", "loyalist", "foe", "adversary", "hostage", "captive", "prisoner", "detractor"}
MOTION_VERBS = {"come", "return", "arrive", "travel", "go", "head", "fly", "meet", "gather", "convene"}
TERRITORY_NOUNS = {"territory", "soil", "land", "border", "borders", "town", "towns", "city", "cities", "village",
                   "villages", "positions", "base", "bases", "communities", "settlement", "settlements"}


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

    def __init__(self, chunk: Chunk, ctx: Context):
        self.off = chunk.offset
        self.doc = chunk.doc
        self.ctx = ctx
        self.mention: dict[int, Mention] = {}
        self.time: dict[int, TimeSpan] = {}
        end = self.off + len(self.doc.text)
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
        return Span(self.off + s, self.off + e, self.doc.text[s:e])


def _has_prep(tok: Token, word: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prt", "prep") and c.lower_ == word:
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
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _match(tok: Token, entries: Sequence[Entry], d: _Doc) -> Entry | None:
    """The most specific lexicon entry whose constraints the trigger's context meets."""
    obj = _dobj(tok)
    for e in entries:
        if e.particle and not _has_prep(tok, e.particle.lower()):
            continue
        if e.object and (obj is None or (obj.lemma_.lower() not in e.object and obj.lower_ not in e.object)):
            continue
        if e.object_kinds:
            m = d.mention.get(obj.i) if obj is not None else None
            if m is None or m.kind not in e.object_kinds:
                continue
        if e.object_adjectives:
            words = {t.lemma_.lower() for c in tok.children if c.dep_ in ("prep", "oprd", "acomp", "dobj")
                     for t in c.subtree}
            if not words & e.object_adjectives:
                continue
        if e.complement and not any(c.lemma_.lower() in e.complement for c in tok.children):
            continue
        if e.requires_place and not _places(tok, d):
            continue
        return e
    return None


def _modifier_of_name(tok: Token, d: _Doc) -> bool:
    """A demonym or place used as a modifier of a person/org name ("Russian" in "Russian Minister X")."""
    head = tok
    while head.dep_ in ("amod", "compound", "nmod", "npadvmod") and head.head.i != head.i:
        head = head.head
        m = d.mention.get(head.i)
        if m is not None and m.kind in ("PERSON", "ORG") and m is not d.mention.get(tok.i):
            return True
    return False


def _np_tokens(tok: Token, appos: bool = False) -> Iterable[Token]:
    """The tokens of a noun phrase, not descending into clauses, appositions or other prepositions."""
    stack = [tok]
    while stack:
        t = stack.pop()
        yield t
        for c in t.children:
            if c.dep_ in ("relcl", "advcl", "ccomp", "parataxis", "punct", "cc", "det"):
                continue
            if c.dep_ == "appos" and not appos:
                continue
            if c.dep_ == "acl" and c.lemma_.lower() not in GROUP_ACL:
                continue
            if c.dep_ == "prep" and c.lower_ not in ("of", "from", "by"):
                continue
            if c.dep_ == "prep" and c.lower_ == "of" and t.lemma_.lower() in NOT_THEIR_OWN:
                continue
            stack.append(c)


def parties(tok: Token, d: _Doc, skip: frozenset[int] = frozenset()) -> list[Mention]:
    """The actor mentions a noun phrase names, following conjunctions, 'of'/'from' and 'led by'.

    A role noun with a name in apposition stands for that name: "the current head
    of Hamas, Ismail Haniyeh" is Haniyeh, "the Palestinian organization Hamas" is Hamas.
    """
    if tok.i not in d.mention:
        for t in _np_tokens(tok, appos=True):
            m = d.mention.get(t.i)
            if t.dep_ == "appos" and m is not None and m.kind in ("PERSON", "ORG") and t.i not in skip:
                own = parties(t, d, skip)
                conj = [x for c in tok.children if c.dep_ == "conj" for x in parties(c, d, skip)]
                return sorted({x.start: x for x in own + conj}.values(), key=lambda x: x.start)
    out: list[Mention] = []
    for t in _np_tokens(tok):
        if t.i in skip:
            continue
        m = d.mention.get(t.i)
        if m is not None and m.kind in PARTY_KINDS and m not in out and not inside(d.ctx.dropped, m.start, m.end):
            if not (m.kind != "PERSON" and _modifier_of_name(t, d)):
                out.append(m)
    out.sort(key=lambda m: m.start)
    return out


def _subject(v: Token, d: _Doc) -> list[Mention]:
    """Who does it: nsubj, the agent of a passive, or the subject inherited from a governing verb."""
    passive = _is_passive(v)
    out: list[Mention] = []
    if any(c.dep_ in ("nsubj", "csubj") and c.tag_ not in ("WDT", "WP") and c.lower_ not in SUBJECT_PRONOUNS
           for c in v.children) and not passive:
        explicit = True                              # "unless the president agrees to ...": the president, unnamed
    else:
        explicit = False
    for c in v.children:
        if passive and c.dep_ == "agent":
            out += [m for p in c.children if p.dep_ == "pobj" for m in parties(p, d)]
        elif not passive and c.dep_ in ("nsubj", "csubj"):
            if c.tag_ in ("WDT", "WP") and v.dep_ == "relcl":
                out += parties(v.head, d)
            elif c.lower_ in SUBJECT_PRONOUNS:
                out += _speaker_of(v, d)
            else:
                out += parties(c, d) or _located_group(c, d)
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
        if obj is not None:
            return parties(obj, d)
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "on":
                return [m for p in c.children if p.dep_ == "pobj" for m in parties(p, d)]
    if v.dep_ in ("conj", "xcomp", "advcl") and v.head.i != v.i:
        return _subject(v.head, d)
    if v.dep_ == "acl":
        owners = [c for c in v.head.children if c.dep_ == "poss"]
        if owners:
            return parties(owners[0], d)
        return parties(v.head, d, skip=frozenset({v.i}))
    return []


def _speaker_of(v: Token, d: _Doc) -> list[Mention]:
    """'Switzerland said it had expelled ...': a pronoun subject of a reported clause is the speaker."""
    t = v
    while t.dep_ in ("conj", "xcomp") and t.head.i != t.i:
        t = t.head
    if t.dep_ == "ccomp" and t.head.pos_ in ("VERB", "AUX"):
        for c in t.head.children:
            if c.dep_ == "nsubj" and c.lower_ not in SUBJECT_PRONOUNS:
                return parties(c, d)
    return []


def _located_group(tok: Token, d: _Doc) -> list[Mention]:
    """'Rebels in the Ivory Coast', 'opposition groups in Zimbabwe': a group of people named by where they are."""
    if tok.i in d.mention or tok.pos_ not in ("NOUN",) or tok.lemma_.lower() not in GROUP_NOUNS:
        return []
    return [m for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"
            for p in c.children if p.dep_ == "pobj" for m in parties(p, d) if m.kind in ("GPE", "ORG")]


def _places(tok: Token, d: _Doc) -> list[Mention]:
    """Place mentions under 'in/at <place>' attached to the token or to a name in apposition to it."""
    out = []
    heads = [tok]
    for h in heads:
        if len(heads) < 6:
            heads += [c for c in h.children if c.dep_ in ("appos", "npadvmod") and c.i != tok.i]
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                for p in c.children:
                    if p.dep_ == "pobj":
                        m = d.mention.get(p.i)
                        if m is not None and m.kind in PLACE_KINDS:
                            out.append(m)
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
    h = tok.head
    if tok.dep_ in ("dobj", "obj") and h.pos_ in ("VERB", "AUX") and h.lemma_.lower() in lex.light_verbs:
        return h
    if tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "for" and h.head.lemma_.lower() in MOTION_VERBS:
        return h.head
    if (tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "from"
            and h.head.lemma_.lower() in lex.polarity.negating_verbs):
        return h.head                                # "refrains from contacts with Hamas": negated, Putin's
    return None


def _recipient_preps(tok: Token, d: _Doc, skip: str | None) -> list[Mention]:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in RECIPIENT_PREPS and c.lower_ != skip:
            for p in c.children:
                if p.dep_ == "pobj":
                    out += [m for m in parties(p, d) if m.kind != "GPE" or c.lower_ != "at"]
    return out


def _complement_recipients(tok: Token, obj: Token | None, d: _Doc, lex: Lexicon) -> list[Mention]:
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
            if out:
                return out
    return []


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


def _governors(tok: Token) -> Iterable[Token]:
    """The chain of words that govern a trigger inside its clause (and up through embedding verbs)."""
    t = tok
    for _ in range(6):
        while t.dep_ == "conj" and t.head.i != t.i and t.head.pos_ == t.pos_:
            t = t.head                               # "to unite and mobilize": the second shares the first's governors
        if t.head.i == t.i or t.dep_ in ("ROOT", "conj", "relcl", "parataxis"):
            return
        t = t.head
        yield t


def _polarity(tok: Token, lex: Lexicon) -> str:
    """asserted, negated, proposed, hypothetical or future, from cue words around the trigger."""
    pol = lex.polarity
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
    for g in _governors(tok):
        lemma = g.lemma_.lower()
        if any(c.dep_ == "neg" for c in g.children) and g.pos_ in ("VERB", "AUX"):
            return "negated"
        if lemma in pol.negating_verbs:
            return "negated"
        if lemma in pol.proposing_verbs:
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


def _party_id(m: Mention, d: _Doc) -> str | None:
    """A city named as a party stands for its country's government ("Moscow said")."""
    actor = d.ctx.actors.get(m.actor_id or "")
    if m.kind == "GPE" and actor is not None and actor.country and actor.id != actor.country:
        place = d.ctx.place(m.text)
        if place is not None and place.country:
            return d.ctx.country_actor(place.country) or m.actor_id
    return m.actor_id


def _drop_redundant(ms: list[Mention], d: _Doc) -> list[Mention]:
    """Drop a demonym ("Palestinian") when a named party of that country is already there (Hamas)."""
    named = {getattr(d.ctx.actors.get(m.actor_id or ""), "country", None) for m in ms if m.kind in ("PERSON", "ORG")}
    return [m for m in ms if not (m.kind == "NORP" and m.actor_id and
                                  getattr(d.ctx.actors.get(m.actor_id), "country", None) in named)]


def _party_ids(ms: Iterable[Mention], d: _Doc) -> list[str]:
    out: list[str] = []
    for m in ms:
        i = _party_id(m, d)
        if i and i not in out:
            out.append(i)
    return out


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
        if o.lemma_.lower() not in TERRITORY_NOUNS:
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
    """PLOVER CONSULT mode from where the meeting was: a party's home (visit) or a third country."""
    if entry.mode or location is None or not location.country:
        return entry.mode
    homes = {getattr(d.ctx.actors.get(a), "country", None) for a in actors} - {None}
    if location.country in homes and len(homes) > 1:
        return "visit"
    if homes and location.country not in homes and len(homes) > 1:
        return "third-party"
    return None


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
    while right > left and tok.doc[right].is_punct:
        right -= 1
    return left, right


def _event_id(article_id: str, etype: str, start: int, date: str | None) -> str:
    return hashlib.sha1(f"{article_id}|{etype}|{start}|{date}".encode()).hexdigest()[:16]


def _frame(tok: Token, entry: Entry, d: _Doc, lex: Lexicon) -> tuple[list[str], list[str], list[Mention]] | None:
    """Actors, recipients and place mentions of one trigger, or None when it names no party."""
    reciprocal = lex.reciprocal(entry.type)
    obj = _dobj(tok)
    passive = _is_passive(tok)
    places = list(_places(tok, d))
    if tok.pos_ in ("NOUN", "PROPN"):
        own = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod")]
        subj = [m for c in own for m in parties(c, d)]
        cps = [m for _, ms in _counterparts(tok, d) for m in ms]
        agents = [m for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                  for p in c.children for m in parties(p, d)]
        aimed = [m for m in _recipient_preps(tok, d, skip="from") if m not in agents]
        others = agents + aimed
        host = _light_host(tok, lex)
        if (not subj and tok.dep_ in ("dobj", "obj") and tok.head.pos_ in ("VERB", "AUX")
                and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)):
            host = tok.head                            # "Israel reiterated its demand": its = the subject's
        if host is not None and not reciprocal and not others and any(
                c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            host = None                                # "issued criticism of both sides": of whom, we cannot tell
        if host is not None and not subj:          # "Israel launched an attack on ...": the attack is Israel's
            subj = _subject(host, d)
        if host is not None and not cps:
            for p, ms in _counterparts(host, d):
                cps += ms
                places += _places(p, d)
        if not subj and not cps and not others:
            return None
        places += _places(tok.head, d) if tok.dep_ == "dobj" else []
        if host is not None and host.i != tok.head.i:
            places += _places(host, d)
        if reciprocal:
            actors_m, recips_m = subj + cps + others, []
        else:
            actors_m = subj or agents
            recips_m = [m for m in cps + aimed if m not in actors_m]
    else:
        subj = _subject(tok, d)
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
            else:
                obj_ms = parties(obj, d)
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
        if entry.particle:
            prep = _has_prep(tok, entry.particle.lower())
            target += [m for c in (prep.children if prep is not None else ()) if c.dep_ == "pobj" for m in parties(c, d)]
        target += _recipient_preps(tok, d, skip=entry.particle)
        if not reciprocal and not target and not cps:
            target += _complement_recipients(tok, obj, d, lex)
        if reciprocal:
            actors_m, recips_m = subj + cps + target, []
        else:
            actors_m, recips_m = subj, target + cps
    place_ids = {id(m) for m in places}
    actors = _party_ids(_drop_redundant([m for m in actors_m if id(m) not in place_ids], d), d)
    recips = [r for r in _party_ids(_drop_redundant([m for m in recips_m if id(m) not in place_ids], d), d)
              if r not in actors]
    if len(actors) < lex.min_actors(entry.type) or not (actors or recips):
        return None
    if reciprocal and len(actors) < 2 and any(                  # "promised that the Russians will pay":
            c.dep_ == "ccomp" and any(m.actor_id not in actors   # a promise about another party, not a commitment
                                      for s in c.children if s.dep_.startswith("nsubj") for m in parties(s, d))
            for c in tok.children):
        return None
    return actors, recips, places


def find_events(chunks: Sequence[Chunk], article_id: str, ctx: Context, lex: Lexicon) -> list[Event]:
    """All events stated in the article's (non-dropped) sentences."""
    events: list[Event] = []
    for chunk in chunks:
        d = _Doc(chunk, ctx)
        consumed: set[int] = set()
        triggers: dict[int, str] = {}
        for sent in chunk.doc.sents:
            for tok in sent:
                if tok.i in consumed or inside(ctx.dropped, chunk.offset + tok.idx, chunk.offset + tok.idx + len(tok)):
                    continue
                lemma = tok.lemma_.lower()
                if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
                    entries = lex.verbs.get(lemma, ()) or next(
                        (lex.verbs[w] for w in _stems(tok) if w in lex.verbs), ())
                elif tok.pos_ in ("NOUN", "PROPN"):
                    entries = lex.nouns.get(lemma, ()) or lex.nouns.get(tok.lower_, ())
                    for c in tok.children:               # "hunger strike", "phone call": a compound trigger first
                        if c.dep_ == "compound" and c.i == tok.i - 1:
                            entries = lex.nouns.get(f"{c.lemma_.lower()} {lemma}", ()) + tuple(entries)
                    if tok.i in d.mention:
                        entries = ()
                else:
                    entries = ()
                if not entries:
                    continue
                entry = _match(tok, entries, d)
                if entry is None:
                    continue
                if (tok.dep_ in ("xcomp", "advcl") and triggers.get(tok.head.i) == entry.type
                        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)):
                    continue                             # "met ... to discuss": the purpose, not a second meeting
                triggers[tok.i] = entry.type
                obj = _dobj(tok)
                if entry.pos == "VERB" and entry.object and obj is not None:
                    consumed.add(obj.i)                  # "held talks": one event, not two
                frame = _frame(tok, entry, d, lex)
                if frame is None:
                    continue
                made = _make_events(tok, entry, frame, sent, d, lex, article_id)
                events += made
                events += [x for e in made if (x := _stated_intent(e, tok, d, lex)) is not None]
            events += _obligations(sent, d, lex, article_id, triggers)
    return _dedupe(events)


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
    if new_type is None or e.polarity != "future" or not e.reported_by or e.reported_by not in e.actors:
        return None
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


def _make_events(tok: Token, entry: Entry, frame, sent: SpacySpan, d: _Doc, lex: Lexicon, article_id: str) -> list[Event]:
    actors, recips, places = frame
    anchor = tok.head if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" else tok
    if tok.pos_ in ("NOUN", "PROPN"):
        anchor = _light_host(tok, lex) or anchor
    dates = _dates(tok, d) or (_dates(anchor, d) if anchor.i != tok.i else [])
    polarity = _polarity(tok, lex)
    if polarity == "asserted" and anchor.i != tok.i:
        polarity = _polarity(anchor, lex)
    reported_by = _reported_by(tok, d, lex)
    left, right = _clause(anchor, sent)
    evidence = d.span(left, right)
    trigger = d.span(tok.i, tok.i)
    sentence = d.span(sent.start, sent.end - 1)
    location = _location(places, d) or _territory(tok, d)
    mode = _consult_mode(entry, actors, location, d) if entry.type == "CONSULT" else entry.mode
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
            confidence=conf, evidence=evidence, trigger=trigger, sentence=sentence, context=entry.context,
            time=Span(ts.start, ts.end, ts.text) if ts else None))
    return out


def _dedupe(events: list[Event]) -> list[Event]:
    """Drop an event when another in the same sentence has the same type and date and all its parties."""
    def parties(e: Event) -> set[str]:
        return set(e.actors) | set(e.recipients)

    out = []
    for i, e in enumerate(events):
        covered = any(
            j != i and f.sentence.start == e.sentence.start and f.type == e.type and f.date == e.date
            and parties(e) <= parties(f) and (parties(e) < parties(f) or j < i)
            for j, f in enumerate(events))
        if not covered:
            out.append(e)
    return out

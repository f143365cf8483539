"""In-document actor resolution: spaCy entities -> Mentions (with fixed labels and spans) and
Actors (KB ids or stable ids of their own, titles, roles, attributes)."""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

import numpy as np
from spacy.attrs import IS_ALPHA, IS_TITLE, POS
from spacy.symbols import PROPN as _PROPN

from eventwire.actors.pronouns import pronoun_mentions
from eventwire.actors.kb import KB, NON_LATIN, NON_LATIN_LETTERS, make_id, norm, strip_article
from eventwire.actors.titles import Ctx, Title, TitleLexicon, find_title, load_titles
from eventwire.records import Actor, Dropped, Mention, Role, Span

KEEP = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
_JUNK_CHARS = set("+=@#|<>{}[]\\/_*~^$%")
_PARTICLES = {"abu", "al", "al-", "el", "bin", "ibn", "bint", "de", "da", "del", "der", "van", "von", "la", "le",
              "du", "dos", "das", "di", "mc", "st", "st.", "jr", "jr.", "sr", "sr."}
_PLACE_PREP = re.compile(r"(?:\b(?:in|from|to|at|near|outside|inside|into|toward|towards|across|around|"
                         r"between|and|of|via|through|over)\s+(?:the\s+)?)$", re.I)
_RELATION = re.compile(
    r"^(?P<a>.+?)\s*[-–—/]\s*(?P<b>.+?)\s+(?:Relations|Ties|Talks|War|Conflict|Summit|Deal|Agreement|"
    r"Dialogue|Negotiations|Border|Crisis|Relationship|Cooperation)$")
_TOKEN = re.compile(r"\S+")


@dataclass
class _M:
    start: int
    end: int
    kind: str
    text: str
    sent: tuple[int, int]
    nominal: bool = False
    cluster: int = -1
    actor_id: str | None = None
    title: Title | None = None
    keep_kind: bool = False           # NORP mentions linked to a country keep their label
    alias_of: "_M | None" = None      # "Sergei Lavrov (Сергей Лавров)": the name this one glosses
    loose_place: bool = False         # the text says it is a place ("in Kiryat Shmona"): small towns too
    country: str | None = None        # the country the text puts it in ("Owo, Ondo State": NGA)


@dataclass
class _C:
    kind: str
    mentions: list[_M] = field(default_factory=list)
    actor_id: str | None = None
    kb_actor: Actor | None = None
    name: str = ""
    country: str | None = None
    sector: str | None = None
    affiliation: str | None = None
    roles: list[Role] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    place: Any = None


class _DocKB:
    """The KB seen by one document: its pure queries (lookup, place, country_of_adjective,
    is_known_place) are memoised, since a long text asks the same names thousands of times.
    Everything else is the KB's own."""

    def __init__(self, kb: KB):
        self._kb = kb
        self._lookup: dict = {}
        self._place: dict = {}
        self._adj: dict = {}
        self._known: dict = {}

    def __getattr__(self, name):
        return getattr(self._kb, name)

    def lookup(self, name, kind=None, fuzzy=True, prefer=()):
        prefer = frozenset(prefer)
        key = (name, kind, fuzzy, prefer)
        try:
            return self._lookup[key]
        except KeyError:
            out = self._lookup[key] = self._kb.lookup(name, kind, fuzzy=fuzzy, prefer=prefer)
            return out

    def place(self, name, fuzzy=True, prefer=(), loose=False):
        prefer = frozenset(prefer)
        key = (name, fuzzy, prefer, loose)
        try:
            return self._place[key]
        except KeyError:
            out = self._place[key] = self._kb.place(name, fuzzy=fuzzy, prefer=prefer, loose=loose)
            return out

    def country_of_adjective(self, word):
        try:
            return self._adj[word]
        except KeyError:
            out = self._adj[word] = self._kb.country_of_adjective(word)
            return out

    def is_known_place(self, name, min_population=0):
        key = (name, min_population)
        try:
            return self._known[key]
        except KeyError:
            out = self._known[key] = self._kb.is_known_place(name, min_population)
            return out


class _SpanIndex:
    """Half-open spans (start, end) kept sorted by start, for overlap queries in O(log n + k):
    a span overlapping [s, e) starts after s - (the longest span's length)."""

    def __init__(self, spans=()):
        self.items = sorted((a, b) for a, b in spans)
        self.starts = [a for a, _ in self.items]
        self.maxlen = max((b - a for a, b in self.items), default=0)

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_right(self.items, (s, e))
        self.items.insert(i, (s, e))
        self.starts.insert(i, s)
        self.maxlen = max(self.maxlen, e - s)

    def remove(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self.items, (s, e))
        if i < len(self.items) and self.items[i] == (s, e):
            del self.items[i]
            del self.starts[i]

    def overlapping(self, s: int, e: int) -> list[tuple[int, int]]:
        i = bisect.bisect_right(self.starts, s - self.maxlen)
        out = []
        while i < len(self.items) and self.items[i][0] < e:
            if self.items[i][1] > s:
                out.append(self.items[i])
            i += 1
        return out

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.starts, s - self.maxlen)
        while i < len(self.items) and self.items[i][0] < e:
            if self.items[i][1] > s:
                return True
            i += 1
        return False


# ------------------------------------------------------------------------------------------
def actor_at(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    """The mention covering text[start:end] (the smallest that contains it), else the one that
    overlaps it most; None when no mention touches the range."""
    best = None
    for m in mentions:
        if m.start <= start and end <= m.end:
            if best is None or (m.end - m.start) < (best.end - best.start):
                best = m
    if best is not None:
        return best
    over = 0
    for m in mentions:
        o = min(end, m.end) - max(start, m.start)
        if o > over:
            over, best = o, m
    return best


def resolve_actors(chunks: Sequence[Any], text: str, kb: KB, dropped: Sequence[Dropped] = (), *,
                   titles: TitleLexicon | None = None, nominals: bool = True, pronouns: bool = True
                   ) -> tuple[tuple[Actor, ...], tuple[Mention, ...]]:
    """Mentions of PERSON/ORG/GPE/LOC/FAC/NORP (none inside a dropped span) and the actors they
    refer to.  spaCy's known errors are fixed (see module docs); unknown actors keep a stable id.
    With `pronouns`, "he/she/it/they" whose antecedent is clear are mentions of it too
    (actors/pronouns.py; they add no alias)."""
    lex = titles or load_titles()
    kb = kb if isinstance(kb, _DocKB) else _DocKB(kb)
    sents = _sentences(chunks)
    drops = sorted((d.start, d.end) for d in dropped)
    ms = _collect(chunks, text, sents, drops)
    ms = _split_spans(ms, text, kb, lex)
    ms = [m for m in ms if not _junk(m.text)]
    ms = _foreign_script(ms, text, sents, drops, kb)
    ms = _missed_names(chunks, ms, text, sents, drops, kb, lex)
    ms = _kb_orgs_missed(ms, text, sents, drops, kb)
    ms = _missed_demonyms(chunks, ms, sents, drops, kb)
    ms = _extend_orgs(ms, text, kb)
    ms = _relabel_demonyms(ms, text, kb)
    _relabel_kb(ms, kb)
    _relabel_places(ms, text, kb)
    clusters = _cluster([m for m in ms if m.alias_of is None], text, kb, lex)
    _attach_glosses(ms, clusters, text, kb, lex)
    if nominals:
        _add_nominals(ms, clusters, text, sents, drops, kb, lex)
    _person_titles(ms, clusters, text, kb, lex)
    _person_attributes(ms, clusters, text, kb, lex)
    actors, mentions = _build(ms, clusters, text, kb)
    if pronouns:
        extra = [p for p in pronoun_mentions(chunks, text, actors, mentions)
                 if not _in_dropped(drops, p.start, p.end)]
        if extra:
            mentions = tuple(sorted(mentions + tuple(extra), key=lambda m: (m.start, m.end)))
    return actors, mentions


# ------------------------------------------------------------------------------------------
def _sentences(chunks) -> list[tuple[int, int]]:
    out = []
    for ch in chunks:
        try:
            for s in ch.sents:
                out.append((ch.offset + s.start_char, ch.offset + s.end_char))
        except ValueError:  # no parser: one sentence per chunk
            out.append((ch.offset, ch.offset + ch.length))
    return out


def _sent_of(sents, pos: int) -> tuple[int, int]:
    i = bisect.bisect_right(sents, (pos, float("inf"))) - 1
    if 0 <= i < len(sents) and sents[i][0] <= pos < sents[i][1]:
        return sents[i]
    return (pos, pos)


def _in_dropped(drops, s: int, e: int) -> bool:
    i = bisect.bisect_right(drops, (e, float("inf")))
    for ds, de in drops[max(0, i - 3):i + 1]:
        if ds < e and s < de:
            return True
    return any(ds < e and s < de for ds, de in drops) if len(drops) < 8 else False


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\n\r\"'“”‘’(),.;:":
        s += 1
    while e > s and text[e - 1] in " \t\n\r\"“”(),;:":
        e -= 1
    # possessive
    for suf in ("'s", "’s", "'S", "’S"):
        if text[s:e].endswith(suf) and e - s > 2:
            e -= 2
            break
    else:
        if e - s > 2 and text[e - 1] in "'’":
            e -= 1
    if e - s > 2 and text[e - 1] == "." and not re.search(r"\b[A-Z]\.$|\.\w+\.$", text[s:e]):
        e -= 1
    return s, e


def _collect(chunks, text, sents, drops) -> list[_M]:
    out: list[_M] = []
    seen = set()
    for ch in chunks:
        for ent in ch.doc.ents:
            if ent.label_ not in KEEP:
                continue
            s, e = _trim(text, ch.offset + ent.start_char, ch.offset + ent.end_char)
            if e <= s or (s, e) in seen or _in_dropped(drops, s, e):
                continue
            seen.add((s, e))
            out.append(_M(s, e, ent.label_, text[s:e], _sent_of(sents, s)))
    out.sort(key=lambda m: m.start)
    return out


def _junk(t: str) -> bool:
    if not any(c.isalpha() for c in t) or len(t) > 100:
        return True
    if any(c in _JUNK_CHARS for c in t):
        return True
    if not any(c.isupper() for c in t) and not NON_LATIN.search(t):   # Arabic and Hebrew have no capitals
        return True
    if "\n" in t:
        return True
    return False


_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u05b0-\u05c7\u0300-\u036f"
_FOREIGN_JOIN = "'’\\-\u05be\u05f3\u05f4\""          # apostrophes, hyphens, maqaf, geresh, gershayim
_FOREIGN_WORD = (f"[{NON_LATIN_LETTERS}](?:[{NON_LATIN_LETTERS}{_MARKS}]"
                 f"|[{_FOREIGN_JOIN}](?=[{NON_LATIN_LETTERS}]))*")
_FOREIGN_RUN = re.compile(f"{_FOREIGN_WORD}(?:[ \u00a0]{_FOREIGN_WORD}){{0,5}}")
_QUOTE_CHARS = "\"“”«»„‘’'"


def _foreign_script(ms: list[_M], text: str, sents, drops, kb: KB) -> list[_M]:
    """Names written in another script inside an English text (Cyrillic, Arabic, Hebrew, Greek ...).
    A name in brackets right after a mention glosses it ("Sergei Lavrov (Сергей Лавров)": one actor).
    A name spaCy did not tag becomes a mention when the KB knows it (its own-script aliases, or a
    transliterated Cyrillic name), or when it is two to four words outside quotation marks (a
    person's name, the usual case in news); a lone unknown word or a quoted phrase is left alone."""
    if not NON_LATIN.search(text):
        return ms
    ms = sorted(ms, key=lambda m: m.start)
    starts = [m.start for m in ms]

    def glossed(s: int, e: int) -> _M | None:
        i = s - 1
        while i >= 0 and text[i] in " \u00a0":
            i -= 1
        if i < 0 or text[i] != "(" or not re.match(r"\s*\)", text[e:e + 3]):
            return None
        j = i - 1
        while j >= 0 and text[j] in " \u00a0":
            j -= 1
        k = bisect.bisect_right(starts, j) - 1
        if k >= 0 and ms[k].end == j + 1 and not NON_LATIN.search(ms[k].text):
            return ms[k]
        return None

    for m in ms:                                   # spaCy's own tags: a gloss joins the name it glosses
        if NON_LATIN.search(m.text) and not re.search(r"[A-Za-z]", m.text):
            m.alias_of = glossed(m.start, m.end)
            if m.alias_of is not None:
                m.kind = m.alias_of.kind
    added = []
    for run in _FOREIGN_RUN.finditer(text):
        s, e = run.start(), run.end()
        if any(m.start < e and s < m.end for m in ms) or _in_dropped(drops, s, e):
            continue
        target = glossed(s, e)
        if target is not None:
            m = _M(s, e, target.kind, text[s:e], _sent_of(sents, s), alias_of=target)
            added.append(m)
            continue
        a = kb.lookup(text[s:e], None, fuzzy=False)
        words = len(text[s:e].split())
        if a is not None:
            kind = a.kind
        elif 2 <= words <= 4 and not (text[max(0, s - 1):s] in _QUOTE_CHARS and s > 0
                                      or text[e:e + 1] and text[e] in _QUOTE_CHARS):
            kind = "PERSON"
        else:
            continue
        added.append(_M(s, e, kind, text[s:e], _sent_of(sents, s)))
    if not added:
        return ms
    return sorted(ms + added, key=lambda m: m.start)


def _attach_glosses(ms: list[_M], clusters: list["_C"], text: str, kb: KB, lex: TitleLexicon) -> None:
    """Glosses ("(Сергей Лавров)") join the cluster of the name they gloss; one whose name was
    dropped or merged away gets a cluster of its own."""
    for m in ms:
        if m.alias_of is None:
            continue
        c = m.alias_of.cluster
        if c < 0 or m.alias_of not in ms:
            nc = _C(kind=m.kind)
            clusters.append(nc)
            c = len(clusters) - 1
            nc.mentions.append(m)
            m.cluster = c
            _identify(nc, kb)
        else:
            m.cluster = c
            m.kind = clusters[c].kind
            clusters[c].mentions.append(m)


def _toks(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    return [(m.start() + s, m.end() + s, m.group(0)) for m in _TOKEN.finditer(text[s:e])]


def _namelike(w: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][\w'’.\-]*", w)) and not w.isupper()


def _split_spans(ms: list[_M], text: str, kb: KB, lex: TitleLexicon) -> list[_M]:
    person_texts = {norm(m.text) for m in ms if m.kind == "PERSON" and len(m.text.split()) >= 2}
    person_last = {norm(m.text).split()[-1] for m in ms if m.kind == "PERSON" and len(m.text.split()) >= 2}
    out: list[_M] = []
    for m in ms:
        toks = _toks(text, m.start, m.end)
        done = False
        # "the Politburo Mousa Abu Marzook": an organisation or title followed by a person's name
        if m.kind != "PERSON" and len(toks) >= 3:
            for k in range(1, len(toks) - 1):
                suffix = toks[k:]
                if not all(_namelike(w) for _, _, w in suffix) or len(suffix) > 4:
                    continue
                stext = text[suffix[0][0]:suffix[-1][1]]
                prefix_last = toks[k - 1][2].lower()
                if prefix_last in ("the", "of", "and", "for", "de"):
                    continue
                is_person = (norm(stext) in person_texts
                             or (kb.lookup(stext, "PERSON", fuzzy=False) is not None)
                             or (norm(stext).split()[-1] in person_last
                                 and (lex.is_title_word(prefix_last) or lex.org_sector(prefix_last))))
                if is_person and kb.lookup(m.text, m.kind, fuzzy=False) is None:
                    ps, pe = _trim(text, m.start, toks[k - 1][1])
                    pk = m.kind
                    if lex.is_title_word(text[ps:pe].split()[-1]) and not lex.org_sector(text[ps:pe]):
                        pk = None            # "President Vladimir Putin": the title is not an entity
                    if pk and pe > ps and not _junk(text[ps:pe]):
                        out.append(_M(ps, pe, pk, text[ps:pe], m.sent))
                    out.append(_M(suffix[0][0], suffix[-1][1], "PERSON", stext, m.sent))
                    done = True
                    break
        # "Russia - Hamas Relations" (a heading): two actors and a relation word
        if not done and m.kind in ("ORG", "WORK_OF_ART", "EVENT"):
            rm = _RELATION.match(m.text)
            if rm:
                parts = []
                for g in ("a", "b"):
                    ps, pe = m.start + rm.start(g), m.start + rm.end(g)
                    ptxt = text[ps:pe]
                    if kb.country_of_adjective(ptxt):
                        parts.append(_M(ps, pe, "NORP", ptxt, m.sent))
                    else:
                        a = kb.lookup(ptxt, None, fuzzy=False)
                        if a is None:
                            break
                        parts.append(_M(ps, pe, "GPE" if a.kind in ("GPE", "LOC") else a.kind, ptxt, m.sent))
                if len(parts) == 2:
                    out.extend(parts)
                    done = True
        # "President Putin" tagged PERSON with its title: keep the name only
        if not done and m.kind == "PERSON" and len(toks) >= 2:
            k = 0
            while k < len(toks) - 1 and (lex.is_title_word(toks[k][2]) or kb.country_of_adjective(toks[k][2])):
                k += 1
            if 0 < k < len(toks):
                out.append(_M(toks[k][0], m.end, "PERSON", text[toks[k][0]:m.end], m.sent))
                done = True
        if not done:
            out.append(m)
    out.sort(key=lambda x: x.start)
    return out


_CAP_RUN = re.compile(r"[A-Z][\w'’.\-]*(?:\s+(?:(?:of|the|for|and|on|de|al)\s+)?[A-Z][\w'’.\-]*)*")


_DEMONYM_TAGS = frozenset({"JJ", "NNP", "NNPS", "NNS", "NN"})


def _missed_demonyms(chunks, ms: list[_M], sents, drops, kb: KB) -> list[_M]:
    """Country adjectives and demonyms spaCy did not tag ("Ghanaian authorities", "Iraqi police"):
    add them as NORP mentions, so the group they qualify gets its country."""
    index = _SpanIndex((m.start, m.end) for m in ms)
    added = []
    for ch in chunks:
        for tok in ch.doc:
            if not tok.is_title or tok.tag_ not in _DEMONYM_TAGS or kb.country_of_adjective(tok.text) is None:
                continue
            s0 = ch.offset + tok.idx
            e0 = s0 + len(tok.text)
            if index.overlaps(s0, e0) or _in_dropped(drops, s0, e0):
                continue
            added.append(_M(s0, e0, "NORP", tok.text, _sent_of(sents, s0)))
    if not added:
        return ms
    return sorted(ms + added, key=lambda m: m.start)


def _kb_orgs_missed(ms: list[_M], text: str, sents, drops, kb: KB) -> list[_M]:
    """Multi-word KB organisation names spaCy did not tag ("the Russian State Duma" came out as NORP
    "Russian" only): add them as ORG mentions, replacing the smaller mentions inside them."""
    kinds: dict[tuple[int, int], list[str]] = {}
    for m in ms:
        kinds.setdefault((m.start, m.end), []).append(m.kind)
    index = _SpanIndex(kinds)
    added = []
    for run in _CAP_RUN.finditer(text):
        toks = [(t.start() + run.start(), t.end() + run.start()) for t in re.finditer(r"\S+", run.group(0))]
        i = 0
        while i < len(toks):
            hit = None
            for j in range(min(len(toks), i + 6), i, -1):
                s0, e0 = _trim(text, toks[i][0], toks[j - 1][1])
                if e0 <= s0 or text[s0:e0].split()[-1].lower() in ("of", "the", "for", "and", "on"):
                    continue
                a = kb.lookup(text[s0:e0], "ORG", fuzzy=False)
                if a is not None and (j - i >= 2 or (a.sector in ("REB", "PTY") and e0 - s0 >= 4)):
                    hit = (s0, e0, j)
                    break
            if hit is None:
                i += 1
                continue
            s0, e0, j = hit
            inside = [(a, b, k) for a, b in index.overlapping(s0, e0) for k in kinds[(a, b)]]
            if all(sp[2] == "NORP" or (sp[0] >= s0 and sp[1] <= e0 and sp[2] in ("ORG", "GPE"))
                   for sp in inside) and not any(sp[0] == s0 and sp[1] == e0 for sp in inside) \
                    and not _in_dropped(drops, s0, e0) and all(s0 <= sp[0] and sp[1] <= e0 for sp in inside):
                if s0 >= 4 and text[s0 - 4:s0].lower() == "the " and not inside or \
                        s0 >= 4 and text[s0 - 4:s0].lower() == "the " and all(sp[0] >= s0 for sp in inside):
                    s0 -= 4                        # spaCy's convention: "the Russian State Duma"
                added.append(_M(s0, e0, "ORG", text[s0:e0], _sent_of(sents, s0)))
                for a, b in index.overlapping(s0, e0):
                    index.remove(a, b)
                    del kinds[(a, b)]
                index.add(s0, e0)
                kinds[(s0, e0)] = ["ORG"]
            i = j
    if not added:
        return ms
    new = _SpanIndex((a.start, a.end) for a in added)
    out = [m for m in ms if not new.overlaps(m.start, m.end)] + added
    out.sort(key=lambda m: m.start)
    return out


_NEXT_WORDS = re.compile(r"(?:['’]s)?(?:[ \t]+[A-Za-z][\w’'-]*){1,3}")


def _extend_orgs(ms: list[_M], text: str, kb: KB) -> list[_M]:
    """A country or organisation followed by lower-case words that make a KB institution: "Israeli"
    + "military", "Kenya" + "'s foreign ministry", "UN" + "refugee agency" (spaCy tags only the first
    word).  The mention grows to the institution's name, an ORG."""
    out: list[_M] = []
    ms = sorted(ms, key=lambda m: m.start)
    for i, m in enumerate(ms):
        nxt = ms[i + 1].start if i + 1 < len(ms) else len(text)
        if m.kind not in ("NORP", "GPE", "ORG"):
            out.append(m)
            continue
        mt = _NEXT_WORDS.match(text, m.end, min(nxt, m.end + 60))
        grown = None
        if mt:
            words = list(re.finditer(r"[A-Za-z][\w’'-]*", text[m.end:mt.end()]))
            own = kb.lookup(m.text, None, fuzzy=False)
            for k in range(len(words), 0, -1):
                end = m.end + words[k - 1].end()
                a = kb.lookup(text[m.start:end], "ORG", fuzzy=False)
                if a is not None and a.kind == "ORG" and (own is None or own.id != a.id) \
                        and not a.id.endswith(".GOV"):   # "the Russian leadership": the state, as before
                    grown = end
                    break
        if grown is None:
            out.append(m)
            continue
        s0 = m.start
        if s0 >= 4 and text[s0 - 4:s0].lower() == "the " and (not out or out[-1].end <= s0 - 4):
            s0 -= 4
        out.append(_M(s0, grown, "ORG", text[s0:grown], m.sent))
    return out


def _relabel_demonyms(ms: list[_M], text: str, kb: KB) -> list[_M]:
    """A country adjective or demonym spaCy tagged as a name is a NORP mention ("Ugandan" PERSON,
    "Kyrgyz" GPE); so is one after a capitalised sentence-initial word ("Radical French" ORG), and
    one spaCy cut in two ("Sierra" of "Sierra Leonean")."""
    out: list[_M] = []
    taken = {(m.start, m.end) for m in ms}
    for m in ms:
        nxt = re.match(r" ([A-Z][a-z]+)\b", text[m.end:m.end + 30])
        if (nxt and kb.country_of_adjective(m.text + nxt.group(0)) and not kb.country_of_adjective(m.text)
                and not any(s0 < m.end + len(nxt.group(0)) and e0 > m.end for s0, e0 in taken)):
            m = _M(m.start, m.end + len(nxt.group(0)), "NORP", m.text + nxt.group(0), m.sent)   # "Sierra" + "Leonean"
        if m.kind in ("PERSON", "ORG", "GPE") and kb.lookup(m.text, None, fuzzy=False) is None:
            if kb.country_of_adjective(m.text):
                m.kind = "NORP"
            else:
                words = m.text.split()
                if (len(words) == 2 and m.start == m.sent[0] and words[0].isalpha()
                        and kb.country_of_adjective(words[1]) and not kb.country_of_adjective(words[0])
                        and kb.lookup(words[0], None, fuzzy=False) is None):
                    s0 = m.end - len(words[1])
                    out.append(_M(s0, m.end, "NORP", words[1], m.sent))
                    continue
        out.append(m)
    return out


def _relabel_kb(ms: list[_M], kb: KB) -> None:
    """A name the KB knows as another kind of actor takes the KB's kind ("Boko Haram" PERSON -> ORG)."""
    for m in ms:
        if m.kind not in ("PERSON", "ORG", "GPE", "FAC"):
            continue
        if kb.lookup(m.text, m.kind, fuzzy=False) is not None:
            continue
        a = kb.lookup(m.text, None, fuzzy=False)
        if a is None or a.kind == m.kind or a.kind in ("GPE", "LOC") and a.id != a.country:
            continue
        if len(m.text.split()) < 2 and not a.sector in ("REB", "PTY", "GOV", "MIL", "LEG") and not m.text.isupper():
            continue
        if a.kind == "GPE" and m.kind == "PERSON" and a.id == a.country:
            m.kind = "GPE"
        elif a.kind in ("ORG", "PERSON"):
            m.kind = a.kind


def _mention_country(m: _M, kb: KB) -> str | None:
    """The country a NORP or GPE mention names (\"Russian\", \"Russia\"), else None."""
    if m.kind == "NORP":
        return kb.country_of_adjective(m.text)
    if m.kind == "GPE":
        a = kb.lookup(m.text, "GPE", fuzzy=False)
        return a.country if a is not None and a.id == a.country else None
    return None


def _doc_countries(ms: list[_M], kb: KB) -> set[str]:
    """The countries the document names (to prefer their towns among namesakes)."""
    return {cc for cc in map(lambda m: _mention_country(m, kb), ms) if cc}


_LOC_PREPS = {"in", "near", "outside", "at", "from", "to", "toward", "towards", "into", "around", "across",
              "between", "of", "through", "via", "inside", "over"}
_NOT_PLACES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "god", "allah", "parliament", "congress", "court", "police"}
_REGION_WORDS = {"state", "province", "oblast", "governorate", "region", "prefecture", "county", "district", "krai"}


def _missed_names(chunks, ms: list[_M], text: str, sents, drops, kb: KB, lex: TitleLexicon) -> list[_M]:
    """Names spaCy did not tag at all, among capitalised proper nouns (up to three words):
    a place the gazetteer knows after a preposition of place ("near Kramatorsk", "at Sderot"), a
    national capital anywhere ("accused Kyiv of sabotage"), in a list with another place
    ("Bakhmut and Avdiivka") or naming the seat of an office ("Kharkiv Mayor"); a person's name of
    two or three words right after a title ("Mayor Ihor Terekhov"); and the surname of a person
    named in full elsewhere in the text ("Odinga spoke").
    Names the KB knows as a person or an organisation are left to the other rules."""
    spans = sorted((m.start, m.end) for m in ms)
    added: list[_M] = []
    surnames = {_name_tokens(m.text)[-1] for m in ms if m.kind == "PERSON" and len(_name_tokens(m.text)) >= 2}
    index = _SpanIndex(spans)                # the mentions and the names added here
    first_start: dict[int, int] = {}         # end -> the smallest start of a span ending there
    for a, b in spans:
        first_start[b] = min(a, first_start.get(b, a))

    def covered(s0: int, e0: int) -> bool:
        return index.overlaps(s0, e0)

    def add(m: _M) -> None:
        added.append(m)
        index.add(m.start, m.end)
        first_start[m.end] = min(m.start, first_start.get(m.end, m.start))

    def ends_near(p: int) -> bool:           # a span ending 0-2 characters before p (and starting before it)
        return any(b in first_start and first_start[b] < p for b in (p, p - 1, p - 2))

    for ch in chunks:
        doc = ch.doc
        try:
            if not len(doc) or not doc.has_annotation("TAG"):
                continue
            arr = doc.to_array([POS, IS_TITLE, IS_ALPHA])
        except (ValueError, AttributeError):
            continue
        n = len(doc)
        titled = (arr[:, 0] == _PROPN) & (arr[:, 1] != 0)           # a capitalised proper noun
        i = 0                                                      # the first token not yet read
        for k in map(int, np.flatnonzero(titled & (arr[:, 2] != 0))):
            if k < i:
                continue
            t = doc[k]
            if lex.is_title_word(t.text):
                continue
            i = j = k
            while (j + 1 < n and j - i < 2 and titled[j + 1] and doc[j].whitespace_
                   and not lex.is_title_word(doc[j + 1].text)):
                j += 1
            prev = doc[i - 1] if i > 0 else None
            nxt = doc[j + 1] if j + 1 < n else None
            last = doc[j]
            s0, e0 = ch.offset + t.idx, ch.offset + last.idx + len(last.text)
            first, i = i, j + 1
            name = text[s0:e0]
            if covered(s0, e0) or _in_dropped(drops, s0, e0) or norm(name) in _NOT_PLACES:
                continue
            known = kb.lookup(name, None, fuzzy=False)
            if known is not None and known.kind in ("PERSON", "ORG"):
                continue
            if len(name.split()) == 1 and norm(name) in surnames and known is None:
                add(_M(s0, e0, "PERSON", name, _sent_of(sents, s0)))   # "Odinga spoke": a surname
                continue
            plow = prev.lower_ if prev is not None else ""
            after_title = prev is not None and prev.is_title and lex.is_title_word(prev.text)
            if after_title and len(name.split()) >= 2 and kb.place(name, fuzzy=False) is None:
                add(_M(s0, e0, "PERSON", name, _sent_of(sents, s0)))
                continue
            if prev is None or t.is_sent_start and not (nxt is not None and lex.is_title_word(nxt.text)):
                if not (nxt is not None and nxt.is_title and lex.is_title_word(nxt.text)):
                    continue
            listed = plow in ("and", "or", ",") and ends_near(ch.offset + prev.idx)
            office = nxt is not None and nxt.is_title and lex.is_title_word(nxt.text) and plow != "the"
            in_name = plow == "of" and first >= 2 and arr[first - 2, 0] == _PROPN     # "University of Lagos"
            capital = (norm(name) in kb.capitals and not (prev is not None and prev.pos_ == "PROPN")
                       and not (nxt is not None and nxt.pos_ == "PROPN"))     # "accused Kyiv of sabotage"
            if (plow in _LOC_PREPS and not in_name or listed or office or capital) \
                    and not lex.is_title_word(name.split()[-1]):
                loc = kb.place(name, fuzzy=False, loose=True)
                if loc is not None and loc.actor_id and loc.actor_id != loc.country:   # spaCy misses no country
                    add(_M(s0, e0, "GPE", name, _sent_of(sents, s0), loose_place=True))
    if not added:
        return ms
    return sorted(ms + added, key=lambda m: m.start)


def _relabel_regions(ms: list[_M], text: str, kb: KB) -> None:
    """"Ondo State", "Kherson Oblast", "Idlib Governorate" tagged ORG: a region (GPE), in the country
    of the place named right before it ("Owo, Ondo State") or of the gazetteer's town of that name.
    Organisations the KB knows ("Islamic State") and US universities ("Ohio State") stay."""
    ms_sorted = sorted(ms, key=lambda m: m.start)
    for k, m in enumerate(ms_sorted):
        words = m.text.split()
        if m.kind != "ORG" or len(words) < 2 or words[-1].lower() not in _REGION_WORDS:
            continue
        if kb.lookup(m.text, "ORG", fuzzy=False) is not None:
            continue
        base = " ".join(w for w in words[:-1] if w.lower() != "the")
        loc = kb.place(base, fuzzy=False)
        if loc is not None and loc.country == "USA" and words[-1].lower() == "state":
            continue
        prev = ms_sorted[k - 1] if k else None
        cc = None
        if prev is not None and prev.kind in ("GPE", "LOC") and re.fullmatch(r",?\s*(?:in\s+)?",
                                                                          text[prev.end:m.start]):
            pl = kb.place(prev.text, fuzzy=False, loose=True)
            cc = pl.country if pl is not None else None
        if cc is None and loc is not None:
            cc = loc.country
        if cc is None and not _PLACE_PREP.search(text[max(0, m.start - 30):m.start]):
            continue
        m.kind = "GPE"
        m.country = cc


def _loose_place(m: _M, kb: KB, prefer) -> Actor | None:
    if not m.loose_place:
        return None
    loc = kb.place(m.text, fuzzy=False, prefer=prefer, loose=True)
    return kb.place_actor(loc) if loc is not None and loc.actor_id else None


def _relabel_places(ms: list[_M], text: str, kb: KB) -> None:
    person_tokens = set()
    for m in ms:
        if m.kind == "PERSON" and len(m.text.split()) >= 2:
            person_tokens.update(norm(m.text).split())
    place_texts = {norm(m.text) for m in ms if m.kind in ("GPE", "LOC")}
    _relabel_regions(ms, text, kb)
    countries = _doc_countries(ms, kb)       # grows as ORG/PERSON names become countries below
    for m in ms:
        if m.kind in ("GPE", "LOC"):
            m.loose_place = m.loose_place or bool(_PLACE_PREP.search(text[max(0, m.start - 30):m.start]))
        if m.kind not in ("ORG", "PERSON", "FAC"):
            continue
        key = norm(m.text)
        if m.kind == "ORG" and kb.lookup(m.text, "ORG", fuzzy=False) is not None:
            continue
        if m.kind == "PERSON" and (kb.lookup(m.text, "PERSON", fuzzy=False) is not None or key in person_tokens):
            continue
        prep = bool(_PLACE_PREP.search(text[max(0, m.start - 30):m.start]))
        loc = kb.place(m.text, fuzzy=False, prefer=countries, loose=prep)
        if loc is None:
            continue
        m.loose_place = prep
        is_country = loc.actor_id == loc.country
        hand = kb.is_known_place(m.text, min_population=10**9)
        big = kb.is_known_place(m.text, min_population=1_000_000)
        if m.kind == "FAC" and not (is_country or hand):
            continue
        if is_country or hand or big or prep or key in place_texts:
            m.kind = kb.place_kind(loc) if not is_country else "GPE"
            cc = _mention_country(m, kb)
            if cc:
                countries.add(cc)


# ------------------------------------------------------------------------------------------
def _name_tokens(t: str) -> list[str]:
    return list(_name_tuple(t))


@functools.lru_cache(maxsize=65536)
def _name_tuple(t: str) -> tuple[str, ...]:
    return tuple(norm(strip_article(t)).replace(".", "").split())


def _is_sub(short: list[str], full: list[str]) -> bool:
    n = len(short)
    if n == 0 or n >= len(full):
        return False
    if all(w in _PARTICLES for w in short):
        return False
    for i in range(1, len(full) - n + 1):       # never the first name alone
        if full[i:i + n] == short:
            return True
    return False


def _cluster(ms: list[_M], text: str, kb: KB, lex: TitleLexicon) -> list[_C]:
    clusters: list[_C] = []
    index: dict[int, int] = {}               # id(cluster) -> its position (clusters only grow here)

    def new(kind: str, m: _M) -> _C:
        c = _C(kind=kind)
        index[id(c)] = len(clusters)
        clusters.append(c)
        join(c, m)
        return c

    def join(c: _C, m: _M) -> None:
        m.cluster = index[id(c)]
        c.mentions.append(m)

    # 1. exact-text label vote (the same string tagged ORG once and PERSON once)
    by_text: dict[str, list[_M]] = {}
    for m in ms:
        if m.kind in ("PERSON", "ORG", "GPE", "LOC", "FAC"):
            by_text.setdefault(norm(m.text), []).append(m)
    for key, group in by_text.items():
        kinds = {m.kind for m in group}
        if len(kinds) > 1:
            kba = kb.lookup(group[0].text, None, fuzzy=False)
            if kba is not None and kba.kind in kinds:
                win = kba.kind
            else:
                votes = {k: sum(1 for m in group if m.kind == k) for k in kinds}
                first = group[0].kind
                win = max(sorted(votes), key=lambda k: (votes[k], k == "PERSON" and kinds == {"PERSON", "ORG"},
                                                        k == first))
            for m in group:
                m.kind = win

    # 2. full personal names
    fulls: list[_M] = [m for m in ms if m.kind == "PERSON" and len(_name_tokens(m.text)) >= 2]
    for m in ms:
        if m.kind == "ORG" and len(_name_tokens(m.text)) in (2, 3) and all(_namelike(w) for w in m.text.split()):
            a = kb.lookup(m.text, "PERSON", fuzzy=False)
            if a is not None and kb.lookup(m.text, "ORG", fuzzy=False) is None:
                m.kind = "PERSON"
                fulls.append(m)
    fulls.sort(key=lambda m: m.start)
    person_c: dict[str, _C] = {}
    for m in fulls:
        key = " ".join(_name_tokens(m.text))
        c = person_c.get(key)
        if c is None:
            # a longer known name containing this one ("Bagheri Kani" in "Ali Bagheri Kani")
            for k2, c2 in person_c.items():
                if _is_sub(key.split(), k2.split()):
                    c = c2
                    break
        if c is None:
            c = new("PERSON", m)
            person_c[key] = c
        else:
            join(c, m)
    # a full name containing an earlier, shorter full name: merge ("Bagheri Kani" then "Ali Bagheri Kani")
    keys = sorted(person_c, key=lambda k: -len(k.split()))
    for k in keys:
        for k2 in keys:
            if k2 != k and person_c[k2] is not person_c[k] and _is_sub(k2.split(), k.split()):
                src, dst = person_c[k2], person_c[k]
                for m in src.mentions:
                    dst.mentions.append(m)
                src.mentions = []
                person_c[k2] = dst
    # 3. short names (surnames) -> the nearest full name containing them (this also votes the label)
    # a token of a full name (not its first) -> that name's tokens -> its positions in fulls (in text order)
    by_tok: dict[str, dict[tuple[str, ...], list[int]]] = {}
    for i, f in enumerate(fulls):
        t = _name_tuple(f.text)
        for w in set(t[1:]):
            by_tok.setdefault(w, {}).setdefault(t, []).append(i)
    full_starts = [f.start for f in fulls]
    for m in ms:
        if m.cluster >= 0 or m.kind not in ("PERSON", "ORG"):
            continue
        toks = _name_tokens(m.text)
        if m.kind == "ORG" and not all(_namelike(w) for w in m.text.split()):
            continue
        groups = [pos for t, pos in by_tok.get(toks[0], {}).items() if _is_sub(toks, list(t))] if toks else []
        if not groups:
            continue
        if m.kind == "ORG" and kb.lookup(m.text, "ORG", fuzzy=False) is not None:
            continue
        # the nearest full name before it, else the first one
        last_before = -1
        for pos in groups:
            k = bisect.bisect_left(pos, bisect.bisect_left(full_starts, m.start)) - 1
            if k >= 0:
                last_before = max(last_before, pos[k])
        f = fulls[last_before] if last_before >= 0 else fulls[min(pos[0] for pos in groups)]
        m.kind = "PERSON"
        c = clusters[f.cluster]
        join(c, m)
    # 4. everything else: by KB id / place id / exact text
    prefer = _doc_countries(ms, kb)
    by_key: dict[tuple[str, str], _C] = {}
    for c in clusters:
        for m in c.mentions:
            by_key[("PERSON", " ".join(_name_tokens(m.text)))] = c
    for m in ms:
        if m.cluster >= 0:
            continue
        key = None
        if m.kind == "NORP":
            cc = kb.country_of_adjective(m.text)
            parts = re.split(r"\s*[-–/]\s*", m.text)
            if cc is None and len(parts) > 1 and all(kb.country_of_adjective(p) for p in parts):
                continue                 # "Russian-Israeli": two countries, no single actor
            if cc:
                key = ("ID", cc)
                m.keep_kind = True
            else:
                a = kb.lookup(m.text, "NORP", fuzzy=False)     # "Houthi", "Hamas" tagged NORP
                if a is not None and a.kind == "ORG":
                    key = ("ID", a.id)
                    m.keep_kind = True
                else:
                    key = ("NORP", norm(m.text))
        elif m.kind in ("GPE", "LOC", "FAC"):
            a = kb.lookup(m.text, m.kind, fuzzy=True, prefer=prefer) or _loose_place(m, kb, prefer)
            if a is not None and a.kind in ("GPE", "LOC", "FAC"):
                key = ("ID", a.id)
            elif a is not None:        # a place name that is an organisation in the KB ("Kremlin")
                m.kind = a.kind
                key = ("ID", a.id)
            else:
                key = (m.kind, norm(m.text))
        else:
            a = kb.lookup(m.text, m.kind, fuzzy=True)
            key = ("ID", a.id) if a is not None else (m.kind, " ".join(_name_tokens(m.text)))
        c = by_key.get(key)
        if c is None:
            c = new(m.kind if not m.keep_kind else "GPE", m)
            by_key[key] = c
            if key[0] == "ID":
                c.actor_id = key[1]
        else:
            join(c, m)
    # 5. short ORG names that end a longer ORG name in the document ("Politburo" / "Hamas Politburo")
    orgs = [c for c in clusters if c.kind == "ORG" and c.mentions]
    forms_of = {id(c): {tuple(_name_tokens(m.text)) for m in c.mentions if not m.nominal} for c in orgs}
    ends: dict[tuple[str, ...], list[_C]] = {}    # a name's last one or two tokens -> clusters ending so
    for c in orgs:
        for t2 in forms_of[id(c)]:
            for n in (1, 2):
                if len(t2) > n:
                    ends.setdefault(t2[-n:], []).append(c)
    pos = {id(c): i for i, c in enumerate(orgs)}
    for c in orgs:
        if c.actor_id and not c.actor_id.startswith("org:") or not c.mentions:
            continue
        if c.actor_id:
            continue
        toks = _name_tokens(c.mentions[0].text)
        if len(toks) > 2:
            continue
        best = None
        for c2 in sorted({id(x): x for x in ends.get(tuple(toks), ()) if toks}.values(), key=lambda x: pos[id(x)]):
            if c2 is c or not c2.mentions:
                continue
            if any(len(t2) > len(toks) and list(t2[-len(toks):]) == toks for t2 in forms_of[id(c2)]):
                best = c2
                break
        if best is not None:
            for m in c.mentions:
                best.mentions.append(m)
            c.mentions = []
            forms_of[id(best)] |= forms_of[id(c)]
            forms_of[id(c)] = set()
    # renumber
    clusters[:] = [c for c in clusters if c.mentions]
    for i, c in enumerate(clusters):
        for m in c.mentions:
            m.cluster = i
    # KB identity and kind of each cluster
    for c in clusters:
        _identify(c, kb)
    return clusters


def _identify(c: _C, kb: KB) -> None:
    forms = sorted({m.text for m in c.mentions if not m.nominal}, key=lambda t: (-len(t), t))
    a = kb.get(c.actor_id) if c.actor_id else None
    if a is None and c.kind == "PERSON":
        for t in forms:
            a = kb.lookup(t, "PERSON", fuzzy=len(t.split()) >= 2)
            if a is not None:
                break
    elif a is None and c.kind not in ("NORP",):
        for t in forms:
            a = kb.lookup(t, c.kind, fuzzy=True)
            if a is not None:
                break
        for m in c.mentions if a is None else ():
            a = _loose_place(m, kb, ())
            if a is not None:
                break
    if a is not None and c.kind == "PERSON" and a.kind != "PERSON":
        a = None
    if a is not None:
        c.kb_actor = a
        c.actor_id = a.id
        c.name = a.name
        c.country, c.sector, c.affiliation = a.country, a.sector, a.affiliation
        if c.kind != "NORP" and not any(m.keep_kind for m in c.mentions):
            c.kind = a.kind
        else:
            c.kind = a.kind
        if a.kind in ("GPE", "LOC", "FAC"):
            loc = kb.place(a.name, fuzzy=False) if a.id != a.country else None
            c.place = loc
        for m in c.mentions:
            if not m.keep_kind and a.kind in ("GPE", "LOC", "FAC") and m.kind in ("GPE", "LOC", "FAC"):
                m.kind = a.kind
        return
    c.country = c.country or next((m.country for m in c.mentions if m.country), None)
    if c.country is None and c.kind in ("GPE", "LOC") and forms:
        c.country = _country_of_unit(forms[0], kb)
    name = strip_article(forms[0]) if forms else ""
    if c.kind == "PERSON":
        # the fullest form: most tokens
        name = max((strip_article(m.text) for m in c.mentions), key=lambda t: (len(t.split()), len(t)))
    c.name = name
    c.actor_id = make_id(c.kind, name)


_UNIT_AFTER = re.compile(r"\s+(?:province|region|state|district|county|governorate|oblast|prefecture|department|"
                         r"territory|area|valley|enclave)$", re.I)
_UNIT_BEFORE = re.compile(r"^(?:the\s+)?(?:province|region|state|city|town|district|county|enclave) of\s+", re.I)


def _country_of_unit(name: str, kb: KB) -> str | None:
    """The country of a place named by a known place and a unit word ("Montenegro province",
    "the province of Sindh"), else None."""
    base = _UNIT_BEFORE.sub("", _UNIT_AFTER.sub("", strip_article(name)))
    if not base or base == strip_article(name):
        return None
    a = kb.lookup(base, "GPE", fuzzy=False)
    if a is not None and a.country:
        return a.country
    loc = kb.place(base, fuzzy=False)
    return loc.country if loc is not None else None


# ------------------------------------------------------------------------------------------
def _org_root(kb: KB, aid: str | None) -> str | None:
    """The top organisation of a non-state body ("org:hamas-politburo" -> "org:hamas")."""
    seen = set()
    while aid and aid not in seen:
        seen.add(aid)
        a = kb.get(aid)
        if a is None or not a.affiliation or a.affiliation == a.country or not a.affiliation.startswith("org:"):
            return aid
        aid = a.affiliation
    return aid


def _add_nominals(ms, clusters, text, sents, drops, kb, lex) -> None:
    heads = sorted(lex.nominals, key=len, reverse=True)
    if not heads:
        return
    mods = "|".join(sorted(map(re.escape, lex.nominal_modifiers), key=len, reverse=True)) or "x^"
    pat = re.compile(r"\b[Tt]he\s+(?:(?:%s)\s+){0,2}(%s)\b(?!\s+of\b)(?![\w-])" % (mods, "|".join(heads)))
    spans = _SpanIndex((m.start, m.end) for m in ms)
    orgs = sorted((m for m in ms if m.kind == "ORG" and m.cluster >= 0), key=lambda m: m.start)
    org_starts = [m.start for m in orgs]
    new = []
    for mt in pat.finditer(text):
        s, e = mt.start(), mt.end()
        if spans.overlaps(s, e) or _in_dropped(drops, s, e):
            continue
        rule = lex.nominals.get(mt.group(1).lower()) or {}
        sectors = rule.get("sectors")
        words = [w.lower() for w in rule.get("words") or ()]
        ante = None
        for k in range(bisect.bisect_left(org_starts, s) - 1, -1, -1):   # those starting at s or later end after it
            m = orgs[k]
            if m.end > s:
                continue
            if s - m.end > 1500:
                break
            c = clusters[m.cluster]
            name = (c.name or m.text).lower()
            ok = False
            if words and any(w in name.split() or w in name for w in words):
                ok = True
            elif sectors is not None and c.sector in sectors:
                ok = True
            if ok and not (c.actor_id or "").endswith(".GOV") or ok and words:
                ante = c
                break
        if ante is None:
            continue
        nm = _M(s, e, "ORG", text[s:e], _sent_of(sents, s), nominal=True)
        nm.cluster = clusters.index(ante)
        ante.mentions.append(nm)
        new.append(nm)
    if new:
        ms.extend(new)
        ms.sort(key=lambda m: m.start)


def _ctx(ms, clusters, kb, lex) -> Ctx:
    spans = []
    for m in ms:
        aid = clusters[m.cluster].actor_id if m.cluster >= 0 else None
        spans.append((m.start, m.end, m.kind, aid))
    spans.sort()

    starts = [sp[0] for sp in spans]
    maxlen = max((sp[1] - sp[0] for sp in spans), default=0)

    class _OverlapCtx(Ctx):
        def mention_at(self, start, end):
            # the first span (in order) overlapping [start, end): none starting before start - maxlen can
            for i in range(bisect.bisect_right(starts, start - maxlen), len(spans)):
                s, e, k, a = spans[i]
                if s < end and start < e:
                    return (s, e, k, a)
                if s >= end:
                    break
            return None

    return _OverlapCtx(spans=spans, kb=kb, lex=lex)


def _person_titles(ms, clusters, text, kb, lex) -> None:
    ctx = _ctx(ms, clusters, kb, lex)
    # ORG-labelled names with a person's title in apposition are people ("Basem Naim, the group's former ...")
    for m in ms:
        if m.kind == "ORG" and not m.nominal and m.cluster >= 0:
            c = clusters[m.cluster]
            if c.kb_actor is not None or len(c.mentions) != 1:
                continue
            words = m.text.split()
            if not (2 <= len(words) <= 4 and all(_namelike(w) for w in words)) or lex.org_sector(m.text):
                continue
            ts = [t for t in find_title(text, m.start, m.end, *m.sent, ctx)
                  if t.position == "after" or (t.position == "before" and text[t.end:m.start].strip() == "")]
            if ts and ts[0].head and ts[0].head in lex.titles:   # "Vice-President Moody Awori" tagged ORG
                m.kind = "PERSON"
                c.kind = "PERSON"
                _identify(c, kb)
    ctx = _ctx(ms, clusters, kb, lex)
    for m in ms:
        if m.kind != "PERSON" or m.cluster < 0:
            continue
        c = clusters[m.cluster]
        for t in find_title(text, m.start, m.end, *m.sent, ctx):
            if t.country is None and t.org is None and c.country:
                keys = lex.office(t.title)
                inst = kb.institution(c.country, keys) if keys else None
                t = replace(t, country=c.country, org=inst.id if inst else None)
            if m.title is None:
                m.title = t
            org = t.org
            if org and kb.get(org) is None:
                # an organisation of the text (not in the KB) named in the title
                org = org
            role = Role(title=t.title, org=org, country=t.country,
                        evidence=Span(t.start, t.end, t.text))
            if not any(r.title.lower() == role.title.lower() for r in c.roles):
                c.roles.append(role)
            if c.kb_actor is None:
                if c.sector is None and t.sector:
                    c.sector = t.sector
                if c.country is None and t.country:
                    c.country = t.country
                if c.affiliation is None and t.org:
                    root = _org_root(kb, t.org)
                    c.affiliation = root
                    ra = kb.get(root)
                    if ra is not None:
                        if c.country is None and ra.country:
                            c.country = ra.country
                        if ra.sector in ("REB", "PTY", "OPP", "CRM", "UAF") and t.sector in (None, "GOV"):
                            c.sector = ra.sector
                    else:
                        oc = next((x for x in clusters if x.actor_id == t.org), None)
                        if oc is not None:
                            c.country = c.country or oc.country
                            if oc.sector in ("REB", "PTY", "OPP", "CRM", "UAF"):
                                c.sector = oc.sector
    # organisations' sector from their context ("Hamas militants", "the terrorist organization Hamas")
    ctx_words = sorted(lex.org_context, key=len, reverse=True)
    after_re = re.compile(r"^\s+(%s)\b" % "|".join(map(re.escape, ctx_words)), re.I) if ctx_words else None
    before_re = re.compile(r"\b(%s)\s+$" % "|".join(map(re.escape, ctx_words)), re.I) if ctx_words else None
    for m in ms:
        if m.kind != "ORG" or m.cluster < 0 or m.nominal:
            continue
        c = clusters[m.cluster]
        sec = lex.org_sector(c.name or m.text)
        if after_re is not None:
            mt = after_re.match(text[m.end:m.end + 40])
            mb = before_re.search(text[max(0, m.start - 40):m.start])
            w = (mt or mb)
            if w is not None:
                sec = lex.org_context.get(w.group(1).lower()) or sec
        if c.kb_actor is None and c.sector is None and sec:
            c.sector = sec
    # unknown organisations: country from an adjective or "of <Country>", affiliation from a KB prefix
    for c in clusters:
        if c.kb_actor is not None or c.kind != "ORG":
            continue
        name = c.name
        words = name.split()
        if c.country is None and words:
            cc = kb.country_of_adjective(words[0])
            if cc is None:
                mt = re.search(r"\b(?:of|in)\s+((?:[A-Z][\w'’.-]*\s?){1,3})$", name)
                if mt:
                    a = kb.lookup(mt.group(1).strip(), "GPE", fuzzy=False)
                    cc = a.country if a is not None else None
            if cc is None and len(words) >= 2 and words[0][:1].isupper():
                loc = kb.place(words[0], fuzzy=False)  # "Baghdad University Medical School": Baghdad's
                cc = loc.country if loc is not None else None
            if cc is None:                             # "the Esfahan plant (UCF) in central Iran"
                for m in c.mentions:
                    mt = _ORG_IN.match(text[m.end:m.end + 80])
                    if mt:
                        a = kb.lookup(mt.group(1).strip().rstrip(".,;:'’"), "GPE", fuzzy=False)
                        if a is not None and a.country and a.id == a.country:
                            cc = a.country
                            break
            c.country = cc
        for k in range(len(words) - 1, 0, -1):
            a = kb.lookup(" ".join(words[:k]), "ORG", fuzzy=False)
            if a is not None:
                c.affiliation = c.affiliation or _org_root(kb, a.id)
                c.country = c.country or a.country
                if c.sector is None and lex.org_sector(name) is None:
                    c.sector = a.sector
                break
        if c.sector is None:
            c.sector = lex.org_sector(name)
    _titled_people_of_the_sentence(ms, clusters, kb, text)
    _former_officials(ms, clusters)


# Sectors of titles that name an office of a state ("President", "Vice-President", "Judge"): an
# office holder the KB does not know, in a sentence that names one country only, holds it there.
_STATE_SECTORS = {"GOV", "JUD", "LEG", "MIL", "COP"}


# A trailing attribution: ", a spokeswoman for the U.S. embassy said." / ", according to Thai police."
_ATTRIBUTION = re.compile(r"[,;]\s+(?:according to\s[^,;]{1,80}|[^,;]{1,80}\s(?:said|says|reported|reports|told|added)"
                          r"(?:\s+(?:on\s+)?\w+)?(?:\s+\w+)?)\s*[.!?]?\s*$")


def _titled_people_of_the_sentence(ms, clusters, kb, text: str = "") -> None:
    """'President Dos Sontas has conceded to demands from UNITA': a head of state the KB does not
    know (a misspelling, a minor office) is coded with the country when the sentence names exactly
    one (UNITA's Angola); with two or more, or none, the country stays open."""
    for m in ms:
        if m.kind != "PERSON" or m.cluster < 0 or m.title is None:
            continue
        c = clusters[m.cluster]
        if c.kb_actor is not None or c.country is not None or c.sector not in _STATE_SECTORS:
            continue
        found: set[str] = set()
        at = _ATTRIBUTION.search(text[m.sent[0]:m.sent[1]]) if text else None
        cut = m.sent[0] + at.start() if at is not None and m.sent[0] + at.start() > m.end else m.sent[1]
        for o in ms:
            if o.sent != m.sent or o.cluster < 0 or o.cluster == m.cluster or o.start >= cut:
                continue                             # who reports it says nothing of the office's country
            oc = clusters[o.cluster]
            cc = oc.country or (kb.country_of_adjective(o.text) if o.kind == "NORP" else None)
            if cc:
                found.add(cc)
            elif o.kind in ("GPE", "ORG") and not o.nominal and oc.kind != "PERSON":
                found.add("?")                       # an unplaced name: it may be another country
        if len(found) == 1 and "?" not in found:
            c.country = found.pop()


# "<organisation> (ABBR) in (central) <Country>": where an unknown body is.
_ORG_IN = re.compile(r"^\s*(?:\([^()]{1,20}\)\s*)?in\s+(?:the\s+)?(?:(?:central|northern|southern|eastern|western|"
                     r"north|south|east|west|north-eastern|north-western|south-eastern|south-western)\s+)?"
                     r"((?:[A-Z][\w'’.-]*\s?){1,3})")
_AGE_AFTER = re.compile(r"^\s*(?:,\s*|\(\s*)(\d{1,3})\s*(?:\)|,|(?=\s+(?:from|of)\b)|$)")
_AGE_APPOS = re.compile(r"^\s*,\s*(?:a|an|the)\s+(\d{1,3})[- ]year[- ]old\b")
_APPOS_FROM = re.compile(r"^\s*,[^,;.()]{0,80}?\bfrom\s+(?:the\s+)?")
_CAPTIVE_WORDS = (r"hostages?|captives?|kidnapped|abducted|held captive|held hostage|taken hostage|taken captive"
                  r"|in captivity")
ELI_FROM = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})


def _former_officials(ms: list, clusters: list) -> None:
    """A person the text calls only a former office holder ("former president Carlos Menem") is
    coded ELI, as the PLOVER manual codes former government officials out of office."""
    titles: dict[int, list] = {}
    for m in ms:
        if m.kind == "PERSON" and m.cluster >= 0 and m.title is not None:
            titles.setdefault(m.cluster, []).append(m.title)
    for k, ts in titles.items():
        c = clusters[k]
        if c.kb_actor is not None and any(r.start and not r.end for r in c.kb_actor.roles):
            continue                                 # "former president Medvedev" holds another office now
        if c.sector in ELI_FROM and all(t.status == "former" for t in ts) and any(
                (t.sector or c.sector) in ELI_FROM for t in ts):
            c.sector = "ELI"


_FREED = re.compile(r"\b(?:freed|released|rescued|former|ex-)\s*$", re.I)
_STATUS_PRED = re.compile(
    r"^(?:\s*,[^,;.]{0,100},)?\s+(?:who\s+)?(?:was|were|is|are|has been|have been|had been|remains|remained|"
    r"is still|was still|are still|were still|is being|was being)\s+(?:still\s+|now\s+|reportedly\s+|later\s+)?"
    r"(?:(?P<cap>kidnapped|abducted|taken hostage|taken captive|held hostage|held captive|held in captivity|"
    r"in captivity|captured|seized)|(?P<free>released|freed|rescued|set free))\b", re.I)
_AGE_BEFORE = re.compile(r"\b(\d{1,3})[- ]year[- ]old\s+(?:[\w’'-]+\s+){0,3}$")
_FROM = re.compile(r"^\s*(?:,\s*)?(?:from|of)\s+")


def _person_attributes(ms, clusters, text, kb, lex) -> None:
    places = sorted((m for m in ms if m.kind in ("GPE", "LOC")), key=lambda m: m.start)
    starts = [m.start for m in places]
    for m in ms:
        if m.kind != "PERSON" or m.cluster < 0:
            continue
        c = clusters[m.cluster]
        after = text[m.end:m.end + 80]
        age = None
        mt = _AGE_AFTER.match(after)
        pos = m.end
        if mt:
            age = int(mt.group(1))
            pos = m.end + mt.end()
        else:
            mb = _AGE_BEFORE.search(text[max(0, m.start - 60):m.start])
            if mb:
                age = int(mb.group(1))
        if age is not None and 0 < age < 120:
            c.attributes.setdefault("age", age)
        ma = _AGE_APPOS.match(after) if age is None else None
        if ma and 0 < int(ma.group(1)) < 120:          # "X, a 34-year-old nurse from Kano,"
            c.attributes.setdefault("age", int(ma.group(1)))
        mf = _FROM.match(text[pos:pos + 20]) if mt else None
        if mf is None and (mt or ma):
            mf = _APPOS_FROM.match(after)
            pos = m.end
        if mf:
            p = pos + mf.end()
            i = bisect.bisect_left(starts, p)
            if i < len(places) and places[i].start == p:
                c.attributes.setdefault("residence", places[i].text)
        # captive status: "X was kidnapped", "X, 85, is still held hostage", "the freed hostage X"
        ms_ = _STATUS_PRED.match(text[m.end:min(m.sent[1], m.end + 200)])
        if ms_:
            c.attributes["status"] = "captive" if ms_.group("cap") else "released"
        elif m.title is not None and re.search(rf"\b(?:{_CAPTIVE_WORDS})\b", m.title.text, re.I):
            freed = _FREED.search(text[max(m.sent[0], m.title.start - 20):m.title.start]) or \
                re.search(r"\b(?:freed|released|rescued|former)\b", m.title.text, re.I)
            c.attributes.setdefault("status", "released" if freed else "captive")
        # "three Russian citizens: A, 27, ...; B, ..." -> citizenship, and captives -> status
        s0 = m.sent[0]
        head = text[s0:m.start]
        if ":" in head:
            intro = head[:head.rindex(":")]
            mt2 = re.search(r"\b([A-Z][\w-]+)\s+(citizens|nationals|residents|civilians|hostages|captives|"
                            r"soldiers|journalists|tourists|students|workers)\s*$", intro)
            if mt2:
                cc = kb.country_of_adjective(mt2.group(1))
                if cc:
                    c.attributes.setdefault("citizenship", cc)
                    c.country = c.country or cc
                sec = lex.titles.get(mt2.group(2).lower())
                if c.sector is None and sec:
                    c.sector = sec
                if re.search(r"\b(captives?|hostages?|kidnapped|abducted|held captive)\b", intro, re.I):
                    c.attributes.setdefault("status", "captive")


# ------------------------------------------------------------------------------------------
def _dated(r: Role, kb_roles: Sequence[Role]) -> Role:
    """A role the text states, with the KB's dates for the same office (the current one first)."""
    same = [k for k in kb_roles if k.title.lower() == r.title.lower() and (r.org is None or k.org in (None, r.org))]
    if not same or r.start or r.end:
        return r
    k = next((x for x in same if x.end is None), same[-1])
    return replace(r, start=k.start, end=k.end, org=r.org or k.org)


def _build(ms, clusters, text, kb) -> tuple[tuple[Actor, ...], tuple[Mention, ...]]:
    mentions = []
    for m in sorted(ms, key=lambda m: (m.start, m.end)):
        c = clusters[m.cluster] if m.cluster >= 0 else None
        kind = m.kind
        if c is not None and not m.keep_kind and not m.nominal:
            kind = c.kind if c.kind != "NORP" or m.kind == "NORP" else m.kind
        aid = c.actor_id if c is not None else None
        if m.kind == "NORP" and not m.keep_kind and c is not None and c.kind == "NORP":
            aid = c.actor_id
        mentions.append(Mention(start=m.start, end=m.end, text=text[m.start:m.end], kind=kind,
                                actor_id=aid, title=m.title.title if m.title else None))
    actors = []
    seen = set()
    order = sorted(clusters, key=lambda c: min(m.start for m in c.mentions))
    merged: dict[str, _C] = {}
    for c in order:
        if c.actor_id in merged:           # two clusters on one id (e.g. "Russia" and "Russian")
            d = merged[c.actor_id]
            d.mentions.extend(c.mentions)
            d.roles.extend(r for r in c.roles if r not in d.roles)
            for k, v in c.attributes.items():
                d.attributes.setdefault(k, v)
        else:
            merged[c.actor_id] = c
    for aid, c in merged.items():
        if aid in seen:
            continue
        seen.add(aid)
        base = c.kb_actor
        forms = []
        for m in sorted(c.mentions, key=lambda m: m.start):
            for f in ((m.text,) if m.nominal else (m.text, strip_article(m.text))):
                if f != c.name and f not in forms:
                    forms.append(f)
        kind = c.kind
        if base is not None:
            kind = base.kind
        roles = tuple(c.roles)
        attrs = dict(c.attributes)
        if c.place is not None and c.place.lat is not None:
            attrs.setdefault("lat", c.place.lat)
            attrs.setdefault("lon", c.place.lon)
        elif kind in ("GPE", "LOC") and base is None:
            loc = kb.place(c.name, fuzzy=False)
            if loc is not None:
                c.country = c.country or loc.country
        if base is not None:
            roles = tuple(_dated(r, base.roles) for r in roles)
            have = {r.title.lower() for r in roles}
            roles = roles + tuple(r for r in base.roles if r.title.lower() not in have)
            actor = Actor(id=base.id, name=base.name, kind=base.kind,
                          aliases=tuple(forms), country=base.country,
                          sector="ELI" if c.sector == "ELI" and base.sector in ELI_FROM else base.sector,
                          affiliation=base.affiliation, roles=roles,
                          attributes=tuple(sorted(attrs.items())), in_kb=True)
        else:
            actor = Actor(id=aid, name=c.name, kind=kind, aliases=tuple(forms), country=c.country,
                          sector=c.sector, affiliation=c.affiliation, roles=roles,
                          attributes=tuple(sorted(attrs.items())), in_kb=False)
        actors.append(actor)
    return tuple(actors), tuple(mentions)

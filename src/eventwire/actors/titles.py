"""Titles around a person's name: "Russian Deputy Foreign Minister Mikhail Bogdanov",
"Basem Naim, a member of the Hamas Politburo", "Haniyeh's deputy, Mousa Abu Marzook".

The lexicon (title word -> sector, offices -> institutions, organisation head words) lives in
data/titles.yaml; ``load_titles(extra)`` layers user files on top.  ``find_title`` reads the words
before and after a PERSON mention (plain text plus the other mentions of the document, no parse).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import yaml

from eventwire.actors.kb import DATA, KB, KBError, _read_yaml

_TOKEN = re.compile(r"\w+(?:[’'.\-]\w+)*(?:[’']s?)?\.?|[^\w\s]")
_ABBREV = re.compile(r"^(?:[A-Za-z]\.)+$|^(?:Gen|Lt|Col|Capt|Sgt|Cpl|Pvt|Adm|Maj|Brig|Sen|Rep|Gov|Dr|Prof|Rev|Mr|Mrs|Ms|"
                     r"St|Jr|Sr|Cmdr|Lt\.Col|Fr)\.$")
_DETERMINERS = {"a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "this", "that"}
_QUANT = {"one", "some", "two", "three", "several", "many", "another"}
_CONNECT = {"of", "to", "for", "at", "in", "on", "and"}
_CONNECT_INNER = {"of", "to", "for", "at"}       # allowed inside a title written before the name
_NOMINAL_POSS = {"group", "organization", "organisation", "movement", "party", "country", "ministry",
                 "government", "agency", "army", "militia", "company"}
_FUNCTION = {"of", "the", "to", "for", "at", "in", "on", "and", "a", "an"}
_STOP_AFTER = {"who", "which", "that", "whose", "whom", "said", "says", "told", "and", "or", "but"}


@dataclass
class TitleLexicon:
    titles: dict[str, str | None]
    modifiers: set[str]
    status: dict[str, str]
    offices: dict[str, list[str]]
    org_heads: dict[str, str]
    org_context: dict[str, str]
    nominals: dict[str, dict]
    nominal_modifiers: set[str]
    words: set[str] = field(default_factory=set)       # every word of every title phrase
    _title_re: re.Pattern | None = None
    _office_re: re.Pattern | None = None

    def __post_init__(self) -> None:
        for p in self.titles:
            self.words.update(w for w in p.split() if w not in _FUNCTION)
        self._title_re = _phrase_re(self.titles)
        self._office_re = _phrase_re(self.offices)

    def sector_of(self, phrase: str) -> tuple[str | None, str | None]:
        """(head title phrase, its sector) for a title text, or (None, None)."""
        head = self.head(phrase)
        return (head, self.titles.get(head)) if head else (None, None)

    def head(self, phrase: str) -> str | None:
        low = phrase.lower().replace("’", "'")
        low = re.sub(r"\b(vice|deputy|prime|under|co)-(?=\w)", r"\1 ", low)   # "vice-president": vice president
        low = re.sub(r"^(?:one|some|two|three|several|many|another|any)\s+of\s+", "", low)
        # the head of "X of Y" is in X; of "Deputy Foreign Minister" the last words
        pre = re.split(r"\s(?:of|to|for|at|in|on|from|with)\s", " " + low + " ", maxsplit=1)[0]
        best = None
        for m in self._title_re.finditer(pre):
            if best is None or m.end() > best.end() or (m.end() == best.end() and m.start() < best.start()):
                best = m
        if best is None:
            return None
        return best.group(1)

    def office(self, phrase: str) -> list[str] | None:
        low = phrase.lower()
        best = None
        for m in self._office_re.finditer(low):
            if best is None or len(m.group(1)) > len(best.group(1)):
                best = m
        return self.offices.get(best.group(1)) if best else None

    def is_title_word(self, w: str) -> bool:
        lw = w.lower().rstrip(".")
        if "-" in lw.strip("-") and not lw.startswith("ex-"):   # "Vice-President", "Prime-Minister"
            return all(self.is_title_word(p) for p in lw.split("-") if p)
        return (w.lower() in self.words or lw in self.words or (lw.endswith("s") and lw[:-1] in self.words)
                or lw in self.modifiers or w.lower() in self.modifiers or w.lower() in self.status)

    def org_sector(self, name: str) -> str | None:
        low = name.lower().strip()
        low = re.split(r"\s(?:of|for|in|on)\s", low, maxsplit=1)[0]
        words = low.split()
        for n in (2, 1):
            if len(words) >= n:
                s = self.org_heads.get(" ".join(words[-n:]))
                if s:
                    return s
        return None


def _phrase_re(phrases) -> re.Pattern:
    alts = sorted((re.escape(p) for p in phrases if p), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(alts) + r")(?:s|es)?(?![\w-])")


_LOCK = threading.Lock()
_CACHE: dict[tuple[str, ...], TitleLexicon] = {}


def load_titles(extra: Sequence[Path | str] = ()) -> TitleLexicon:
    """The title lexicon: data/titles.yaml, then the user's files (same keys; later wins)."""
    key = tuple(str(Path(p).resolve()) for p in extra)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        merged: dict[str, Any] = {}
        for path in (DATA / "titles.yaml", *map(Path, extra)):
            data = _read_yaml(path)
            if data is None:
                continue
            if not isinstance(data, dict):
                raise KBError(path, "a titles file must be a mapping (titles:, modifiers:, offices: ...)").at([])
            for k, v in data.items():
                if k == "version":
                    continue
                if k in ("modifiers", "nominal_modifiers"):
                    if not isinstance(v, list):
                        raise KBError(path, f"'{k}' must be a list of words").at([k])
                    merged.setdefault(k, []).extend(str(x).lower() for x in v)
                elif k in ("titles", "status", "offices", "org_heads", "org_context", "nominals"):
                    if not isinstance(v, dict):
                        raise KBError(path, f"'{k}' must be a mapping").at([k])
                    merged.setdefault(k, {}).update({str(a).lower(): b for a, b in v.items()})
                else:
                    raise KBError(path, f"unknown key {k!r} in a titles file").at([k])
        offices = {k: ([v] if isinstance(v, str) else list(v)) for k, v in merged.get("offices", {}).items()}
        lex = TitleLexicon(
            titles=merged.get("titles", {}), modifiers=set(merged.get("modifiers", [])),
            status=merged.get("status", {}), offices=offices, org_heads=merged.get("org_heads", {}),
            org_context=merged.get("org_context", {}), nominals=merged.get("nominals", {}),
            nominal_modifiers=set(merged.get("nominal_modifiers", [])),
        )
        _CACHE[key] = lex
        return lex


# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Title:
    """A title found next to a person's name."""

    title: str                    # cleaned: "Deputy Foreign Minister", "former President", "member of the Hamas Politburo"
    start: int                    # the whole phrase in the text (evidence), e.g. "Russian Deputy Foreign Minister"
    end: int
    text: str
    head: str | None              # lexicon head: "foreign minister"
    sector: str | None            # from the lexicon or the organisation
    country: str | None           # ISO3 from an adjective / GPE in the title
    org: str | None               # actor id of the organisation it belongs to
    status: str | None            # former / acting / deceased ...
    position: str                 # "before" or "after" the name


@dataclass(frozen=True)
class Ctx:
    """What find_title needs to know about the other names in the text."""

    spans: Sequence[tuple[int, int, str, str | None]]   # (start, end, kind, actor_id), sorted
    kb: KB
    lex: TitleLexicon

    def mention_at(self, start: int, end: int) -> tuple[int, int, str, str | None] | None:
        for s, e, k, a in self.spans:
            if s <= start and end <= e:
                return (s, e, k, a)
            if s >= end:
                break
        return None


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    for m in _TOKEN.finditer(text[start:end]):
        s, e, w = m.start() + start, m.end() + start, m.group(0)
        if len(w) > 1 and w.endswith(".") and not _ABBREV.match(w):
            out.append((s, e - 1, w[:-1]))
            out.append((e - 1, e, "."))
        else:
            out.append((s, e, w))
    return out


def _strip_poss(w: str) -> str:
    return re.sub(r"[’']s?$", "", w)


def find_title(text: str, start: int, end: int, sent_start: int, sent_end: int, ctx: Ctx) -> list[Title]:
    """Titles written right before ("Russian Deputy Foreign Minister X", "Haniyeh's deputy, X")
    or as an apposition right after ("X, a member of the Hamas Politburo,") a PERSON mention."""
    out = []
    t = _before(text, start, max(sent_start, start - 160), ctx)
    if t:
        out.append(t)
    t = _after(text, end, min(sent_end, end + 200), ctx)
    if t:
        out.append(t)
    return out


def _before(text: str, start: int, lo: int, ctx: Ctx) -> Title | None:
    toks = _tokens(text, lo, start)
    if not toks:
        return None
    lex = ctx.lex
    i = len(toks) - 1
    comma = False
    if toks[i][2] == ",":
        comma = True
        i -= 1
    picked: list[int] = []
    while i >= 0:
        s, e, w = toks[i]
        lw = w.lower()
        m = ctx.mention_at(s, e)
        if m is not None and m[2] == "PERSON":
            if re.search(r"[’']s?$", w):          # "Haniyeh's deputy"
                picked.append(i)
                # take the whole person mention and stop
                while i - 1 >= 0 and toks[i - 1][0] >= m[0]:
                    i -= 1
                    picked.append(i)
                break
            break
        if m is not None and m[2] in ("ORG", "GPE", "NORP", "LOC", "FAC"):
            picked.append(i)
            i -= 1
            continue
        if lw in _DETERMINERS:
            picked.append(i)
            if i - 2 >= 0 and toks[i - 1][2].lower() == "of" and toks[i - 2][2].lower() in _QUANT:
                picked.extend([i - 1, i - 2])
            elif (picked and i - 2 >= 0 and toks[i - 1][2].lower() in _CONNECT_INNER
                  and lex.is_title_word(toks[i - 2][2])):
                i -= 1                           # "a spokesman for the UN refugee agency, X": go on
                continue
            break
        base = _strip_poss(lw)
        if lex.is_title_word(w) or ctx.kb.country_of_adjective(w) or (
                base != lw and base in _NOMINAL_POSS):
            picked.append(i)
            i -= 1
            continue
        if lw in _CONNECT_INNER and picked:
            picked.append(i)
            if lw == "of" and i - 1 >= 0 and toks[i - 1][2].lower() in _QUANT:   # "one of the group's founders"
                picked.append(i - 1)
                break
            i -= 1
            continue
        break
    if not picked:
        return None
    picked.sort()
    # a title never starts with a connector
    while picked and toks[picked[0]][2].lower() in _CONNECT_INNER:
        picked.pop(0)
    if not picked:
        return None
    s0, e0 = toks[picked[0]][0], toks[picked[-1]][1]
    return _make_title(text, s0, e0, "before", ctx, require_head=True)


def _after(text: str, end: int, hi: int, ctx: Ctx) -> Title | None:
    rest = text[end:hi]
    m = re.match(r"\s*,\s*", rest)
    if not m:
        return None
    seg_start = end + m.end()
    toks = _tokens(text, seg_start, hi)
    picked = []
    for s, e, w in toks:
        if w in (",", ";", ".", "(", ")", ":", "“", "”", '"', "!", "?") or w.lower() in _STOP_AFTER:
            break
        if re.fullmatch(r"\d+", w):
            return None
        mm = ctx.mention_at(s, e)
        if mm is not None and mm[2] == "PERSON" and not re.search(r"[’']s?$", w):
            return None
        picked.append((s, e, w))
        if len(picked) > 16:
            return None
    for k, (s, e, w) in enumerate(picked):        # "a nurse from Kano": where she is from is not the title
        if k and w.lower() == "from" and k + 1 < len(picked):
            mm = ctx.mention_at(picked[k + 1][0], picked[k + 1][1])
            if mm is not None and mm[2] in ("GPE", "LOC", "FAC"):
                picked = picked[:k]
                break
    if not picked:
        return None
    first = picked[0][2].lower()
    ok_start = (first in _DETERMINERS or first in _QUANT or ctx.lex.is_title_word(picked[0][2])
                or ctx.kb.country_of_adjective(picked[0][2]) is not None
                or ctx.mention_at(picked[0][0], picked[0][1]) is not None)
    if not ok_start:
        return None
    t = _make_title(text, picked[0][0], picked[-1][1], "after", ctx, require_head=True)
    if t is None:
        return None
    # the head must come early: "X, the head of ..." not "X, the man who later became president"
    words = [w.lower() for _, _, w in picked]
    head_first = (t.head or "").split()[0] if t.head else ""
    pos = next((k for k, w in enumerate(words) if w.rstrip("s") == head_first.rstrip("s")
                or w == head_first), 99)
    return t if pos <= 6 else None


def _make_title(text: str, s0: int, e0: int, position: str, ctx: Ctx, require_head: bool) -> Title | None:
    kb, lex = ctx.kb, ctx.lex
    toks = _tokens(text, s0, e0)
    country = None
    org = None
    status = None
    keep: list[tuple[int, int, str]] = []
    lead = True
    for s, e, w in toks:
        lw = w.lower()
        m = ctx.mention_at(s, e)
        if lead and re.fullmatch(r"\d{1,3}-year-old", lw):      # the age is an attribute, not the title
            continue
        if lead and (lw in _DETERMINERS or lw in _QUANT or lw == "of" and keep == []):
            if lw in _QUANT:
                keep.append((s, e, w))
                lead = False
            continue
        if lw in lex.status and lw not in ("then",) or lw in ("current", "currently", "incumbent", "sitting"):
            if lw in lex.status:
                status = status or lex.status[lw]
            continue
        if lw == "then" and lead:
            status = status or "former"
            continue
        if (m is not None and country is None and m[2] in ("ORG", "GPE", "NORP")
                and (kb.get(m[3]) if m[3] else None) is None and kb.country_of_adjective(w)):
            country = kb.country_of_adjective(w)        # "British" of an unknown "British Defence"
            if lead and m[2] != "ORG":
                continue
        if m is not None and m[2] in ("ORG", "NORP", "GPE", "LOC", "FAC") and m[3]:
            a = kb.get(m[3])
            town = re.match(r"place:([A-Z]{3}):", m[3]) if m[2] in ("GPE", "LOC", "FAC") else None
            if town and country is None:                  # "Kharkiv Mayor": the town's country
                country = town.group(1)
            elif m[2] == "NORP" or (a is not None and a.kind == "GPE" and a.id == a.country):
                cc = a.country if a is not None else None
                if cc and country is None:
                    country = cc
                    if m[2] == "NORP" and lead:          # "Russian Deputy Foreign Minister": drop the adjective
                        continue
            elif m[2] == "ORG" and org is None:
                org = m[3]
                if lead and re.search(r"[’']s?$", text[s:e]) and e >= m[1]:
                    continue                     # "the group's former health minister": the org, not the title
            elif m[2] == "ORG" and lead and re.search(r"[’']s?$", text[s:e]) and e >= m[1]:
                continue
        elif m is None:
            cc = kb.country_of_adjective(w)
            if cc and country is None:
                country = cc
                if lead:
                    continue
        lead = False
        keep.append((s, e, w))
    if not keep:
        return None
    title = text[keep[0][0]:keep[-1][1]]
    title = re.sub(r"\b(?:former|ex-|late|current|then|incumbent)\s+", "", title, flags=re.I).strip()
    if not title:
        return None
    head, sector = lex.sector_of(title)
    if require_head and head is None:
        return None
    orga = kb.get(org) if org else None
    if orga is not None and country is None and orga.country and orga.id.split(".")[0] == orga.country:
        country = orga.country
    if orga is None and country:
        keys = lex.office(title)
        if keys:
            inst = kb.institution(country, keys)
            if inst is not None:
                org = inst.id
                orga = inst
    if sector is None:            # "army spokesman": the organisation word says it
        for w in re.findall(r"[\w.]+", title.lower()):
            if w in lex.org_heads and w not in ("office", "group", "union", "press", "post", "daily"):
                sector = lex.org_heads[w]
                break
    if orga is not None:
        state_body = orga.id.split(".")[0] == (orga.country or "") and orga.id != orga.country
        if sector is None or (not state_body and orga.sector in ("REB", "PTY", "OPP", "CRM", "UAF")):
            sector = orga.sector or sector
        if sector is None and orga.kind == "GPE":
            sector = "GOV"
        if country is None and orga.country:
            country = orga.country
    if sector is None and orga is None and country and head in lex.titles:
        sector = "GOV"            # "Palestinian leader Yasser Arafat": a head of no named body leads the country
    if status and status not in ("acting",):
        shown = f"{'former' if status == 'former' else status} {title}"
    elif status == "acting":
        shown = f"acting {title}"
    else:
        shown = title
    return Title(title=shown, start=s0, end=e0, text=text[s0:e0], head=head, sector=sector,
                 country=country, org=org, status=status, position=position)

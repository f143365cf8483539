"""Time expressions: find them, normalise them to TIMEX3 values, infer a publication date, build ranges.

Detection is rule-first: regular expressions built from the words in `data/timex.yaml` find
the expressions (each date its own expression: "between 2006 and 2010" gives 2006 and 2010),
spaCy's DATE/TIME entities add what the rules miss, and the spaCy parse gives the tense of
the governing verb ("will meet on Thursday" looks forward) and rejects quantities ("1500
soldiers").  dateparser only normalises spans found here, never searches raw text.

Anchor scheme (`TimeSpan.anchor`), saying what the value was computed from:
  none       the expression is absolute by itself ("October 7, 2023", "2008", "March 2006"),
             or needs no anchor (durations, sets, PRESENT_REF/PAST_REF/FUTURE_REF), or could
             not be anchored (then the value keeps X's: "XXXX-10-07", and `date` is None);
  published  resolved against the publication date the caller gave ("last month", "Thursday");
  inferred   the same, but the caller says that date was inferred (`infer_published`);
  text       resolved against an earlier date in the text: the last day (or year) the
             narrative established ("the following day", "two days later", "that year"),
             or, with no publication date, a year pinned from the years the text mentions.
Deictic words ("yesterday", "two days ago", "last month") speak from the publication date;
anaphoric ones ("the next day", "the previous year", "that day") from the narrative.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any, Callable, Iterable, Sequence

import yaml

from eventwire.annotate import Chunk
from eventwire.records import TimeSpan

log = logging.getLogger(__name__)

ANCHORS = ("published", "inferred", "text", "none")
RANGE_KINDS = ("between", "from_to", "since", "until")
_MAX_TEXT = 5_000_000


@dataclass(frozen=True)
class TimeRange:
    """An interval the text states: `first` .. `last` (None: open end; for "until", first is the end bound)."""

    start: int
    end: int
    text: str
    first: TimeSpan
    last: TimeSpan | None
    kind: str                           # between | from_to | since | until


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class _Val:
    type: str
    value: str
    date: str | None = None
    date_end: str | None = None
    precision: str | None = None
    anchor: str = "none"                # none | pub | text  (pub -> the caller's anchor)
    conf: float = 0.9
    mod: str | None = None
    day: dt.date | None = None          # the day it names (narrative anchor for later ones)
    year: int | None = None


@dataclass
class _Ctx:
    pub: dt.date | None
    pub_anchor: str = "published"
    last_day: dt.date | None = None
    last_year: int | None = None
    years: tuple[int, ...] = ()         # years the text mentions as past (pins years when pub is None)
    last: _Val | None = None            # the last resolved date-bearing value
    tense: str | None = None            # past | future | None, of the verb governing the expression

    def narrative(self) -> tuple[dt.date, str] | None:
        if self.last_day is not None:
            return self.last_day, "text"
        if self.pub is not None:
            return self.pub, "pub"
        return None

    def deictic(self) -> tuple[dt.date, str] | None:
        if self.pub is not None:
            return self.pub, "pub"
        if self.last_day is not None:
            return self.last_day, "text"
        return None


def _v_day(d: dt.date, anchor: str, conf: float, typ: str = "DATE") -> _Val:
    iso = d.isoformat()
    return _Val(typ, iso, iso, None, "day", anchor, conf, day=d, year=d.year)


def _v_month(y: int, m: int, anchor: str, conf: float) -> _Val:
    v = f"{y:04d}-{m:02d}"
    return _Val("DATE", v, v, None, "month", anchor, conf, year=y)


def _v_year(y: int, anchor: str, conf: float) -> _Val:
    return _Val("DATE", f"{y:04d}", f"{y:04d}", None, "year", anchor, conf, year=y)


def _v_season(y: int, code: str, months: Sequence[int], anchor: str, conf: float) -> _Val:
    m1, m2 = int(months[0]), int(months[1])
    y2 = y + 1 if m2 < m1 else y
    return _Val("DATE", f"{y:04d}-{code}", f"{y:04d}-{m1:02d}", f"{y2:04d}-{m2:02d}", "season",
                anchor, conf, year=y)


def _v_quarter(y: int, q: int, anchor: str, conf: float) -> _Val:
    return _Val("DATE", f"{y:04d}-Q{q}", f"{y:04d}-{3 * q - 2:02d}", f"{y:04d}-{3 * q:02d}", "month",
                anchor, conf, year=y)


def _v_half(y: int, h: int, anchor: str, conf: float) -> _Val:
    return _Val("DATE", f"{y:04d}-H{h}", f"{y:04d}-{6 * h - 5:02d}", f"{y:04d}-{6 * h:02d}", "month",
                anchor, conf, year=y)


def _v_week(d: dt.date, anchor: str, conf: float, weekend: bool = False) -> _Val:
    iso = d.isocalendar()
    monday = d - dt.timedelta(days=d.isoweekday() - 1)
    if weekend:
        sat = monday + dt.timedelta(days=5)
        return _Val("DATE", f"{iso.year:04d}-W{iso.week:02d}-WE", sat.isoformat(),
                    (sat + dt.timedelta(days=1)).isoformat(), "day", anchor, conf, year=sat.year)
    return _Val("DATE", f"{iso.year:04d}-W{iso.week:02d}", monday.isoformat(),
                (monday + dt.timedelta(days=6)).isoformat(), "day", anchor, conf, year=monday.year)


def _v_decade(y: int, anchor: str, conf: float) -> _Val:
    d = y // 10 * 10
    return _Val("DATE", f"{d // 10:03d}", f"{d:04d}", f"{d + 9:04d}", "decade", anchor, conf, year=d)


def _v_century(y: int, anchor: str, conf: float) -> _Val:
    c = y // 100 * 100
    return _Val("DATE", f"{c // 100:02d}", f"{c:04d}", f"{c + 99:04d}", "year", anchor, conf, year=c)


_UNKNOWN = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "quarter": "XXXX-QX",
            "year": "XXXX", "decade": "XXX", "century": "XX"}


def _v_unknown(unit: str) -> _Val:
    """A relative expression with nothing to resolve it against: X's at its precision, no date."""
    prec = {"week": "day", "weekend": "day", "quarter": "month", "century": "year"}.get(unit, unit)
    return _Val("DATE", _UNKNOWN.get(unit, "XXXX-XX-XX"), None, None, prec, "none", 0.3)


def _v_ref(ref: str, conf: float = 0.7) -> _Val:
    return _Val("DATE", ref, conf=conf)


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _num_str(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _duration(n: float | None, code: str, time: bool, scale: int = 1) -> str:
    if code == "Y" and scale == 10 and n is None:
        return "PXDE"
    if code == "Y" and scale == 100 and n is None:
        return "PXCE"
    amount = "X" if n is None else _num_str(n * scale)
    return f"PT{amount}{code}" if time else f"P{amount}{code}"


def _shift(d: dt.date, unit: str, n: float) -> dt.date:
    """d moved by n units (day, week, month, quarter, year, decade, century; hours count as 0 days)."""
    if unit in ("second", "minute", "hour"):
        return d
    if unit == "day":
        return d + dt.timedelta(days=round(n))
    if unit in ("week", "fortnight"):
        return d + dt.timedelta(days=round(n * (14 if unit == "fortnight" else 7)))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
    return _add_months(d, round(n * months))


def _at_unit(d: dt.date, unit: str, anchor: str, conf: float) -> _Val:
    """The calendar unit containing d, as a TIMEX3 value."""
    if unit == "day":
        return _v_day(d, anchor, conf)
    if unit == "week":
        return _v_week(d, anchor, conf)
    if unit == "weekend":
        return _v_week(d, anchor, conf, weekend=True)
    if unit == "month":
        return _v_month(d.year, d.month, anchor, conf)
    if unit == "quarter":
        return _v_quarter(d.year, (d.month - 1) // 3 + 1, anchor, conf)
    if unit == "decade":
        return _v_decade(d.year, anchor, conf)
    if unit == "century":
        return _v_century(d.year, anchor, conf)
    return _v_year(d.year, anchor, conf)


# --------------------------------------------------------------------------- vocabulary


@functools.lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    text = resources.files("eventwire.data").joinpath("timex.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise ValueError("eventwire/data/timex.yaml must hold a mapping; see the comments in that file")
    return data


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace."""
    uniq = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in uniq)


def _cased(words: Iterable[str]) -> list[str]:
    return [v for w in words for v in (w[:1].upper() + w[1:], w.upper())]


class _Words:
    """The vocabulary of timex.yaml, as lookups and regex pieces."""

    def __init__(self, v: dict[str, Any]) -> None:
        self.months = {k.lower(): int(x) for k, x in (v.get("months") or {}).items()}
        self.month_abbr = {k.lower(): int(x) for k, x in (v.get("month_abbreviations") or {}).items()}
        self.ambiguous_months = {w.lower() for w in v.get("ambiguous_months") or []}
        self.month_cues = {w.lower() for w in v.get("month_cues") or []}
        self.weekdays = {k.lower(): int(x) for k, x in (v.get("weekdays") or {}).items()}
        self.weekday_abbr = {k.lower(): int(x) for k, x in (v.get("weekday_abbreviations") or {}).items()}
        self.seasons = {k.lower(): dict(x) for k, x in (v.get("seasons") or {}).items()}
        self.pods = {k.lower(): str(x) for k, x in (v.get("parts_of_day") or {}).items()}
        self.numbers = {k.lower(): float(x) for k, x in (v.get("numbers") or {}).items()}
        self.vague = {w.lower() for w in v.get("vague_numbers") or []}
        self.ordinals = {str(k).lower(): int(x) for k, x in (v.get("ordinals") or {}).items()}
        self.units = {k.lower(): dict(x) for k, x in (v.get("units") or {}).items()}
        self.sets = {k.lower(): str(x) for k, x in (v.get("sets") or {}).items()}
        self.holidays = {k.lower(): str(x) for k, x in (v.get("holidays") or {}).items()}
        self.refs = {w.lower(): ref for ref, ws in (v.get("refs") or {}).items() for w in ws or []}
        self.adj_refs = {w.lower(): ref for ref, ws in (v.get("adjective_refs") or {}).items() for w in ws or []}
        self.name_words = {w.lower() for w in v.get("weekday_name_words") or []}
        self.month_full = "(?:" + _alt(_cased(self.months)) + r")(?![\w'’])"
        abbr = "(?:" + _alt(_cased(self.month_abbr)) + r")(?:\.|(?![\w'’]))"
        self.month_any = f"(?:{self.month_full}|{abbr})"
        self.weekday = "(?i:" + _alt(self.weekdays) + r")(?![\w])"
        self.weekday_any = "(?:" + self.weekday + "|(?:" + _alt(_cased(self.weekday_abbr)) + r")\.?(?![\w]))"
        self.season = "(?i:" + _alt(self.seasons) + r")(?![\w])"
        self.pod = "(?i:" + _alt(self.pods) + r")(?![\w])"
        tens = [w for w, x in self.numbers.items() if x in (20, 30, 40, 50, 60, 70, 80, 90)]
        ones = [w for w, x in self.numbers.items() if 1 <= x <= 9 and w not in ("a", "an", "single")]
        compound = f"(?:{_alt(tens)})[-\\s](?:{_alt(ones)})"
        self.num = (r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + compound + "|" + _alt(self.numbers) + ")")
        self.vague_re = "(?:" + _alt(self.vague) + ")"
        self.unit = "(?:" + _alt(self.units) + ")"
        self.ordinal = "(?:" + _alt(self.ordinals) + ")"

    def month(self, s: str) -> int:
        k = s.lower().rstrip(".")
        return self.months.get(k) or self.month_abbr[k]

    def weekday_no(self, s: str) -> int:
        k = s.lower().rstrip(".")
        return self.weekdays.get(k) or self.weekday_abbr[k]

    def number(self, s: str) -> float | None:
        """The value of a number phrase; None for vague ones ("several")."""
        k = re.sub(r"\s+", " ", s.lower().strip())
        if k in self.vague:
            return None
        if k in self.numbers:
            return self.numbers[k]
        if re.fullmatch(r"[\d,]+(?:\.\d+)?", k):
            return float(k.replace(",", ""))
        parts = re.split(r"[-\s]", k)
        if len(parts) == 2 and parts[0] in self.numbers and parts[1] in self.numbers:
            return self.numbers[parts[0]] + self.numbers[parts[1]]
        raise ValueError(f"not a number: {s!r}")


@functools.lru_cache(maxsize=1)
def _words() -> _Words:
    return _Words(_vocab())


# --------------------------------------------------------------------------- parse environment


class _Env:
    """The text plus access to the spaCy tokens (if chunks were given) by character offset."""

    def __init__(self, text: str, chunks: Sequence[Chunk] = ()) -> None:
        self.text = text
        self.chunks = sorted(chunks, key=lambda c: c.offset)
        self._offsets = [c.offset for c in self.chunks]
        self._tok_starts: dict[int, list[int]] = {}

    def token(self, pos: int) -> Any | None:
        """The spaCy token covering text offset pos, or None."""
        i = bisect.bisect_right(self._offsets, pos) - 1
        if i < 0:
            return None
        ch = self.chunks[i]
        local = pos - ch.offset
        if local >= len(ch.doc.text):
            return None
        starts = self._tok_starts.get(i)
        if starts is None:
            starts = self._tok_starts[i] = [t.idx for t in ch.doc]
        j = bisect.bisect_right(starts, local) - 1
        return ch.doc[j] if 0 <= j < len(ch.doc) else None

    def tense(self, start: int, end: int) -> str | None:
        """past | future | None: the tense of the verb that governs text[start:end]."""
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
_SCHEDULE_LEMMAS = {"schedule", "slate", "plan", "postpone", "reschedule", "delay", "adjourn"}


def _verb_tense(v: Any, depth: int = 0) -> str | None:
    kids = list(v.children)
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in kids):
        return "future"
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in kids):
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


# --------------------------------------------------------------------------- rules

Resolver = Callable[[_Ctx], "_Val | None"]
Part = tuple[int, int, Resolver]


@dataclass
class _Cand:
    start: int
    end: int
    rule: str
    prio: int
    parts: list[Part]
    mod: str | None = None


def _prev_word(env: _Env, pos: int) -> str:
    """The word right before pos on the same line ("" after sentence punctuation)."""
    m = re.search(r"([\w'’-]+\.?)[ \t\"“”'‘’(]*$", env.before(pos, 30))
    return m.group(1) if m else ""


def _next_word(env: _Env, pos: int) -> str:
    """The word right after pos on the same line."""
    m = re.match(r"[ \t\"“”'‘’]*([\w'’-]+)", env.after(pos, 30))
    return m.group(1) if m else ""


def _sentence_start(env: _Env, pos: int) -> bool:
    return re.search(r"(?:^|[.!?:;\n]\s*|[\"“(]\s*)$", env.before(pos, 5)) is not None or pos == 0


def _is_cap(w: str) -> bool:
    return bool(w) and w[0].isupper()


_CUE_CAPS = {"on", "by", "since", "until", "till", "last", "next", "this", "early", "late", "from",
             "through", "every", "each", "before", "after", "and", "or", "of", "between", "during",
             "in", "at", "as", "but", "then", "also", "the", "that", "for", "to", "mid", "today",
             "yesterday", "tomorrow", "earlier", "later", "until", "throughout", "around", "about"}


def _name_before(env: _Env, pos: int) -> bool:
    """True when a capitalised word that is not a cue sits right before pos (part of a name)."""
    prev = _prev_word(env, pos)
    if not prev or prev.endswith("."):
        return False
    if prev.lower() in _words().name_words:
        return True
    if not _is_cap(prev) or prev.lower().strip(".") in _CUE_CAPS:
        return False
    tok = env.token(pos - 1 - (len(env.before(pos, 30)) - len(env.before(pos, 30).rstrip(" \t\"“”'‘’("))))
    if tok is not None and tok.ent_type_ in ("GPE", "LOC", "ORG", "PERSON", "NORP", "FAC"):
        return False
    w = _words()
    p = prev.lower().rstrip(".,")
    if p in w.months or p in w.month_abbr or p in w.weekdays or re.fullmatch(r"\d+", p):
        return False
    start_prev = env.text.rfind(prev, 0, pos)
    return not _sentence_start(env, start_prev) if start_prev >= 0 else True


def _pick_year(cands: list[dt.date], ref: dt.date, tense: str | None) -> dt.date | None:
    """Among candidate dates, the one the tense points to relative to ref (past by default)."""
    if not cands:
        return None
    fut = [c for c in cands if c >= ref]
    past = [c for c in cands if c <= ref]
    if tense == "future":
        return min(fut) if fut else max(cands)
    if tense is None and fut and past:      # no tense: the nearer one, with a bias to the past
        f, p = min(fut), max(past)
        return f if (f - ref).days < 0.75 * (ref - p).days else p
    return max(past) if past else min(cands)


def _month_day(month: int, day: int, ctx: _Ctx, conf: float = 0.85) -> _Val | None:
    """A month-day without a year: the most recent one up to the reference (or the next, in future tense)."""
    if ctx.pub is not None:
        ref, anchor = ctx.pub, "pub"
    elif ctx.last_year is not None:
        return _v_day(dt.date(ctx.last_year, month, day), "text", 0.5)
    else:
        dt.date(2000, month, day)        # validates (2000 is a leap year)
        v = f"XXXX-{month:02d}-{day:02d}"
        return _Val("DATE", v, None, None, "day", "none", 0.3)
    cands = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            cands.append(dt.date(y, month, day))
        except ValueError:
            continue
    d = _pick_year(cands, ref, ctx.tense)
    return _v_day(d, anchor, conf) if d else None


def _pin_year(month: int, day: int, wd: int, floor: int) -> dt.date | None:
    """The first year >= floor in which month/day falls on ISO weekday wd."""
    for y in range(floor, floor + 40):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        if d.isoweekday() == wd:
            return d
    return None


def _weekday_date(wd: int, rel: str, ctx: _Ctx) -> tuple[dt.date, str] | None:
    base = ctx.deictic()
    if base is None:
        return None
    r, anchor = base
    back = (r.isoweekday() - wd) % 7
    past = r - dt.timedelta(days=back)
    fut = r + dt.timedelta(days=(wd - r.isoweekday()) % 7)
    rel = re.sub(r"\s+", " ", rel.lower())
    if rel in ("last", "past", "this past"):
        return (past if back else r - dt.timedelta(days=7)), anchor
    if rel in ("next", "coming", "this coming"):
        return (fut if fut > r else r + dt.timedelta(days=7)), anchor
    if rel == "this":
        return (past if ctx.tense == "past" else fut), anchor
    return (fut if ctx.tense == "future" else past), anchor


# Each handler: (match, env) -> list of (start, end, resolver); [] rejects the match.


def _h_iso(m: re.Match, env: _Env) -> list[Part]:
    d = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    return [(m.start(), m.end(), lambda ctx: _v_day(d, "none", 0.95))]


def _h_numeric(m: re.Match, env: _Env) -> list[Part]:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if len(m["y"]) == 2:
        y += 2000 if y <= 40 else 1900
    mo, d = (b, a) if a > 12 else (a, b)
    day = dt.date(y, mo, d)
    return [(m.start(), m.end(), lambda ctx: _v_day(day, "none", 0.8))]


def _h_wd_md(m: re.Match, env: _Env) -> list[Part]:
    w = _words()
    wd = w.weekday_no(m["wd"])
    month = w.month(m["m1"] or m["m2"])
    day = int(re.match(r"\d+", m["d1"] or m["d2"]).group(0))
    dt.date(2000, month, day)
    year = int(m["y"]) if m["y"] else None

    def res(ctx: _Ctx) -> _Val | None:
        if year is not None:
            d = dt.date(year, month, day)
            return _v_day(d, "none", 0.95 if d.isoweekday() == wd else 0.5)
        if ctx.pub is not None:
            cands = []
            for y in (ctx.pub.year - 1, ctx.pub.year, ctx.pub.year + 1):
                try:
                    c = dt.date(y, month, day)
                except ValueError:
                    continue
                if c.isoweekday() == wd:
                    cands.append(c)
            d = _pick_year(cands, ctx.pub, ctx.tense)
            if d is not None:
                return _v_day(d, "pub", 0.95)
            v = _month_day(month, day, ctx)
            return replace(v, conf=0.5) if v else None
        if ctx.years:
            d = _pin_year(month, day, wd, max(ctx.years))
            if d is not None:
                return _v_day(d, "text", 0.8)
        return _Val("DATE", f"XXXX-{month:02d}-{day:02d}", None, None, "day", "none", 0.3)

    return [(m.start(), m.end(), res)]


def _h_md_y(m: re.Match, env: _Env) -> list[Part]:
    w = _words()
    d = dt.date(int(m["y"]), w.month(m["m"]), int(re.match(r"\d+", m["d"]).group(0)))
    return [(m.start(), m.end(), lambda ctx: _v_day(d, "none", 0.95))]


def _h_md(m: re.Match, env: _Env) -> list[Part]:
    w = _words()
    month = w.month(m["m"])
    day = int(re.match(r"\d+", m["d"]).group(0))
    dt.date(2000, month, day)
    if re.match(r"\s*(?:%|percent|per\s+cent)", env.after(m.end())):
        return []
    return [(m.start(), m.end(), lambda ctx: _month_day(month, day, ctx))]


def _h_weekday(m: re.Match, env: _Env) -> list[Part]:
    w = _words()
    rel = m["rel"] or ""
    prev = _prev_word(env, m.start())
    if not rel and prev.lower() in _words().name_words:
        return []                       # "Black Saturday", "Super Tuesday": names of events
    if not rel and _is_cap(prev) and re.search(r"[\"“‘'`]\s*[\w'’-]+\s+$", env.before(m.start(), 30)) \
            and re.match(r"[\"”’']", env.after(m.end(), 1)):
        return []                       # a quoted name: "Bloody Monday"
    if re.match(r"[\"”’']?\s*(?:[A-Z][a-z]+\s+)?(?:prayers?|Night\s+Football|Times)\b", env.after(m.end("wd"))):
        return []
    wd = w.weekday_no(m["wd"])
    pod = m["pod"]

    def res(ctx: _Ctx) -> _Val | None:
        got = _weekday_date(wd, rel, ctx)
        if got is None:
            v = f"XXXX-WXX-{wd}"
            return _Val("TIME" if pod else "DATE", v + (f"T{w.pods[pod.lower()]}" if pod else ""),
                        None, None, None, "none", 0.3)
        d, anchor = got
        conf = 0.9 if rel or ctx.tense else 0.85
        if pod:
            return replace(_v_day(d, anchor, conf, "TIME"), value=f"{d.isoformat()}T{w.pods[pod.lower()]}")
        return _v_day(d, anchor, conf)

    return [(m.start(), m.end(), res)]


def _h_month_year(m: re.Match, env: _Env) -> list[Part]:
    y, mo = int(m["y"]), _words().month(m["m"])
    return [(m.start(), m.end(), lambda ctx: _v_month(y, mo, "none", 0.95))]


def _h_month(m: re.Match, env: _Env) -> list[Part]:
    w = _words()
    name = m["m"]
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    if not rel:
        prev = _prev_word(env, m.start())
        if name.lower() in w.ambiguous_months and prev.lower() not in w.month_cues:
            return []
        nxt = _next_word(env, m.end())
        if _is_cap(nxt) and nxt.lower() not in w.weekdays and not re.match(r"\s*[,;:.\"”)]", env.after(m.end())):
            return []
        if _name_before(env, m.start()):
            return []
    month = w.month(name)
    mod = {"early": "START", "mid": "MID", "late": "END"}.get(rel)

    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.deictic()
        if base is None:
            return _Val("DATE", f"XXXX-{month:02d}", None, None, "month", "none", 0.3, mod=mod)
        r, anchor = base
        this = dt.date(r.year, month, 1)
        cur = dt.date(r.year, r.month, 1)
        if rel == "last":
            y = r.year if this < cur else r.year - 1
        elif rel == "next":
            y = r.year if this > cur else r.year + 1
        elif rel in ("this", "earlier this", "later this"):
            y = r.year
        else:
            mids = [dt.date(y, month, 15) for y in (r.year - 1, r.year, r.year + 1)]
            if ctx.tense != "future" and this == cur:
                y = r.year
            else:
                y = _pick_year(mids, r, ctx.tense).year
        return replace(_v_month(y, month, anchor, 0.85), mod=mod)

    return [(m.start(), m.end(), res)]


def _season_info(word: str) -> tuple[str, list[int]]:
    s = _words().seasons[word.lower()]
    return str(s["code"]), [int(x) for x in s["months"]]


def _h_season_year(m: re.Match, env: _Env) -> list[Part]:
    code, months = _season_info(m["s"])
    y = int(m["y"])
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["mod"] or "").lower())
    return [(m.start(), m.end(), lambda ctx: replace(_v_season(y, code, months, "none", 0.95), mod=mod))]


def _season_now(code: str, months: list[int], r: dt.date) -> int:
    """The year TIMEX3 gives the season around r (a January belongs to the winter that began the year before)."""
    if months[1] < months[0] and r.month <= months[1]:
        return r.year - 1
    return r.year


def _h_season(m: re.Match, env: _Env) -> list[Part]:
    w = _words()
    word = m["s"]
    info = w.seasons[word.lower()]
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower()) if "rel" in m.re.groupindex else ""
    if not rel:
        if info.get("needs_cue"):
            return []
        nxt = _next_word(env, m.end())
        if (_is_cap(word) and _is_cap(nxt)) or _name_before(env, m.start()):
            return []
        if re.match(r"\s*(?:'s\s+)?(?:camp|school|break|collection|term|session|games|olympics|festival)\b",
                    env.after(m.end()), re.I):
            return []
    code, months = _season_info(word)

    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.deictic()
        if base is None:
            return _Val("DATE", f"XXXX-{code}", None, None, "season", "none", 0.3)
        r, anchor = base
        y = _season_now(code, months, r)
        start = dt.date(y, months[0], 1)
        if rel in ("last", "past", "previous", "this past"):
            y = y - 1 if start >= dt.date(r.year, r.month, 1) or _in_season(r, months) else y
        elif rel in ("next", "coming", "following"):
            y = y + 1 if start <= dt.date(r.year, r.month, 1) else y
        elif rel != "this" and ctx.tense == "past" and start > r:
            y -= 1
        return _v_season(y, code, months, anchor, 0.75 if not rel else 0.85)

    return [(m.start(), m.end(), res)]


def _in_season(r: dt.date, months: list[int]) -> bool:
    a, b = months
    return a <= r.month <= b if a <= b else (r.month >= a or r.month <= b)


def _h_quarter(m: re.Match, env: _Env) -> list[Part]:
    w = _words()
    ordw = (m["ord"] or "").lower()
    q = w.ordinals.get(ordw)
    half = "half" in m.group(0).lower()
    year = int(m["y"]) if m["y"] else None
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    n_of = 2 if half else 4

    def res(ctx: _Ctx) -> _Val | None:
        make = _v_half if half else _v_quarter
        if year is not None:
            qq = q or (n_of if ordw in ("final", "last", "latest") else None)
            return make(year, qq, "none", 0.95) if qq else None
        base = ctx.deictic()
        if base is None:
            return None
        r, anchor = base
        cur = (r.month - 1) // (6 if half else 3) + 1
        n = 2 if half else 4
        if q is None:                       # last / previous / current quarter
            if ordw in ("current", "this"):
                return make(r.year, cur, anchor, 0.85)
            return make(r.year, cur - 1, anchor, 0.85) if cur > 1 else make(r.year - 1, n, anchor, 0.85)
        if rel in ("last", "the previous"):
            return make(r.year - 1, q, anchor, 0.9)
        if rel == "next":
            return make(r.year + 1, q, anchor, 0.9)
        if rel in ("this", "the current"):
            return make(r.year, q, anchor, 0.9)
        if ctx.tense == "future":
            return make(r.year if q >= cur else r.year + 1, q, anchor, 0.8)
        if ctx.tense == "past":
            return make(r.year if q <= cur else r.year - 1, q, anchor, 0.8)
        months = 6 if half else 3
        best = min((abs((dt.date(y, months * q - months // 2, 15) - r).days), y) for y in (r.year - 1, r.year, r.year + 1))
        return make(best[1], q, anchor, 0.7)

    return [(m.start(), m.end(), res)]


def _h_qcode(m: re.Match, env: _Env) -> list[Part]:
    q = int(m["q"])
    y = m["y"] or m["y2"]
    if not y:
        return []
    year = int(y) if len(y) == 4 else 2000 + int(y)
    return [(m.start(), m.end(), lambda ctx: _v_quarter(year, q, "none", 0.9))]


def _h_decade(m: re.Match, env: _Env) -> list[Part]:
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["mod"] or "").lower())
    if m["dec"]:
        y = int(m["dec"])
        return [(m.start(), m.end(), lambda ctx: replace(_v_decade(y, "none", 0.9), mod=mod))]
    d2 = int(m["d2"])
    if re.search(r"\b(?:their|his|her|my|our|your|its)\s+(?:early\s+|mid-?\s*|late\s+)?$", env.before(m.start(), 20), re.I):
        return []

    def res(ctx: _Ctx) -> _Val | None:
        now = (ctx.pub or dt.date.today()).year
        y = 2000 + d2 if 2000 + d2 <= now else 1900 + d2
        return replace(_v_decade(y, "none", 0.8), mod=mod)

    return [(m.start(), m.end(), res)]


def _year_ok(env: _Env, start: int, end: int, y: int) -> bool:
    before = env.before(start, 25)
    if re.search(r"\d-$", before) or re.search(r"(?:\$|US\$|£|€|#|\bNo\.?|\bnumber|\bFlight|\bflight|\broute|\bRoute|\bpage|\bp\.)\s*$", before):
        return False
    if re.match(r"\s*(?:%|percent|per\s+cent|km|kilomet|miles?\b|metres|meters|feet|ft\b|kg|tons?|tonnes|points|pts)", env.after(end, 15), re.I):
        return False
    cue = re.search(r"\b(?:in|since|of|by|from|until|till|year|years|to|and|between|around|after|before|during|circa|c\.)\s+$",
                    before, re.I)
    if y < 1900 and not cue:
        return False
    prev, nxt = _prev_word(env, start), _next_word(env, end)
    same_line_after = env.text[end:end + 1] in (" ", "\t")
    prev_start = env.text.rfind(prev, 0, start) if prev else -1
    if (_is_cap(prev) and _is_cap(nxt) and same_line_after and not prev.endswith(".")
            and prev.lower() not in _CUE_CAPS and prev_start >= 0 and not _sentence_start(env, prev_start)):
        return False                    # inside a name: "Russell 2000 Index"
    tok = env.token(start)
    if tok is not None and tok.like_num and tok.dep_ in ("nummod", "quantmod") and tok.head.tag_ == "NNS" \
            and tok.head.i == tok.i + 1 and tok.head.lower_ not in ("years", "seasons", "elections", "games"):
        return False
    return True


def _h_year(m: re.Match, env: _Env) -> list[Part]:
    y = int(m["y"])
    if not _year_ok(env, m.start(), m.end(), y):
        return []
    return [(m.start(), m.end(), lambda ctx: _v_year(y, "none", 0.9))]


def _h_year_range(m: re.Match, env: _Env) -> list[Part]:
    y1 = int(m["y1"])
    s2 = m["y2"]
    y2 = int(s2) if len(s2) == 4 else y1 // 100 * 100 + int(s2)
    if y2 <= y1 or y2 - y1 > 200:
        return []
    if not _year_ok(env, m.start(), m.end(), y1):
        return []
    return [(m.start("y1"), m.end("y1"), lambda ctx: _v_year(y1, "none", 0.9)),
            (m.start("y2"), m.end("y2"), lambda ctx: _v_year(y2, "none", 0.85))]


def _h_year_apos(m: re.Match, env: _Env) -> list[Part]:
    yy = int(m["yy"])

    def res(ctx: _Ctx) -> _Val | None:
        now = (ctx.pub or dt.date.today()).year
        y = 2000 + yy if 2000 + yy <= now + 1 else 1900 + yy
        return _v_year(y, "none", 0.7)

    if not re.search(r"\b(?:in|since|of|by|from|until|to|and|the|class|summer|spring|autumn|fall|winter)\s+$",
                     env.before(m.start(), 15), re.I):
        return []
    return [(m.start(), m.end(), res)]


def _h_fiscal(m: re.Match, env: _Env) -> list[Part]:
    y = m["y"] or m["fy"]
    year = int(y) if len(y) == 4 else 2000 + int(y)
    return [(m.start(), m.end(), lambda ctx: _Val("DATE", f"FY{year}", f"{year:04d}", None, "year", "none", 0.8,
                                                  year=year))]


def _h_relday(m: re.Match, env: _Env) -> list[Part]:
    w = _words()
    word = m["w"].lower()
    pod = m["pod"]
    ba = (m["ba"] or "").lower()
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    if ba == "before" and word == "yesterday":
        shift = -2
    elif ba == "after" and word == "tomorrow":
        shift = 2

    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.deictic()
        if base is None:
            return _Val("TIME" if (pod or word == "tonight") else "DATE", "XXXX-XX-XX", None, None, "day", "none", 0.3)
        r, anchor = base
        d = r + dt.timedelta(days=shift)
        code = w.pods[pod.lower()] if pod else ("NI" if word == "tonight" else None)
        conf = 0.9 if anchor == "pub" else 0.5
        if code:
            return replace(_v_day(d, anchor, conf, "TIME"), value=f"{d.isoformat()}T{code}")
        return _v_day(d, anchor, conf)

    return [(m.start(), m.end(), res)]


def _h_this_pod(m: re.Match, env: _Env) -> list[Part]:
    code = _words().pods[m["pod"].lower()]

    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.deictic()
        if base is None:
            return _Val("TIME", f"XXXX-XX-XXT{code}", None, None, None, "none", 0.3)
        d, anchor = base
        return replace(_v_day(d, anchor, 0.85, "TIME"), value=f"{d.isoformat()}T{code}")

    return [(m.start(), m.end(), res)]


_DETS_NEED_THE = {"past", "previous", "following", "same", "current"}
_DETS_NO_THE = {"this", "last", "next", "past", "coming", "that", "current", "this past", "this coming",
                "previous", "following"}


def _unit_name(u: str) -> str:
    u = re.sub(r"\s+", " ", u.lower())
    return "year" if u.endswith("year") else u


def _h_rel_unit(m: re.Match, env: _Env) -> list[Part]:
    the = bool(m["the"])
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = _unit_name(m["u"])
    em = (m["em"] or "").lower()
    if the and rel not in _DETS_NEED_THE | {"last", "next", "coming"}:
        return []
    if not the and rel not in _DETS_NO_THE:
        return []
    if re.match(r"-(?:old|long)\b|\s+old\b", env.after(m.end())):
        return []
    if the and rel == "past" and unit in ("week", "month", "year", "decade", "century", "quarter"):
        u = _words().units[unit]
        dur = _duration(1, str(u["code"]), bool(u.get("time")), int(u.get("scale", 1)))
        return [(m.start(), m.end(), lambda ctx: _Val("DURATION", dur, conf=0.75))]
    narrative = (the and rel in ("previous", "following", "next", "same")) or rel == "that"
    shift = 0
    if rel in ("last", "past", "previous", "this past"):
        shift = -1
    elif rel in ("next", "coming", "following", "this coming"):
        shift = 1
    mod = None if em in ("earlier", "later") else {"early": "START", "late": "END"}.get(em)

    def res(ctx: _Ctx) -> _Val | None:
        if narrative:
            if unit == "year" and ctx.last_year is not None and (ctx.last_day is None or ctx.last_day.year == ctx.last_year):
                base: tuple[dt.date, str] | None = (dt.date(ctx.last_year, 7, 1), "text")
            elif unit == "year" and ctx.last_year is not None:
                base = (dt.date(ctx.last_year, 7, 1), "text")
            else:
                base = ctx.narrative()
        else:
            base = ctx.deictic()
        if base is None:
            return _v_unknown(unit)
        r, anchor = base
        step = "week" if unit == "weekend" else unit
        d = _shift(r, step, shift)
        v = _at_unit(d, unit, anchor, 0.85 if not narrative else 0.6)
        return replace(v, mod=mod)

    return [(m.start(), m.end(), res)]


def _h_part_of(m: re.Match, env: _Env) -> list[Part]:
    part = m["part"].lower()
    unit = m["u"].lower()
    mod = {"end": "END", "close": "END", "beginning": "START", "start": "START", "middle": "MID"}.get(part)

    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.narrative() if unit == "day" else ctx.deictic()
        if base is None:
            return None
        r, anchor = base
        return replace(_at_unit(r, unit, anchor, 0.7), mod=mod)

    return [(m.start(), m.end(), res)]


def _h_day_ref(m: re.Match, env: _Env) -> list[Part]:
    """the following day, the day before, that day, the same day, (end) the day."""
    g = m.group(0).lower()
    if m["bare"]:
        if not re.search(r"\b(?:end|ends|ended|ending|finish|finished|finishing|close|closed|closing|for|during|"
                         r"throughout|over|in|on)\s+$", env.before(m.start(), 20), re.I):
            return []
        if re.match(r"\s+(?:of|before|after|when|that|which|in|on|to|and|he|she|they|it|we|I)\b|'s|-", env.after(m.end(), 12)):
            return []
    elif "before" in g or "after" in g:
        if not re.match(r"\s*(?:[,.;:!?)\"”]|$|\s+(?:and|but|when|as|with)\b)", env.after(m.end(), 12)):
            return []
    shift = 0
    if re.search(r"following|next|after", g):
        shift = 1
    elif re.search(r"previous|before|prior", g):
        shift = -1
    conf = 0.5 if m["bare"] else 0.7

    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.narrative()
        if base is None:
            return None
        r, anchor = base
        return _v_day(r + dt.timedelta(days=shift), anchor, conf)

    return [(m.start(), m.end(), res)]


def _h_in_the(m: re.Match, env: _Env) -> list[Part]:
    """early/late/later/earlier in the day|morning|week|month|year."""
    em, unit = m["em"].lower(), m["u"].lower()
    mod = {"early": "START", "late": "END"}.get(em)
    pod = _words().pods.get(unit)

    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.narrative() if unit == "day" or pod else ctx.deictic()
        if base is None:
            return None
        r, anchor = base
        if pod:
            return replace(_v_day(r, anchor, 0.6, "TIME"), value=f"{r.isoformat()}T{pod}", mod=mod)
        return replace(_at_unit(r, unit, anchor, 0.6), mod=mod)

    return [(m.start(), m.end(), res)]


def _year_before(v: _Val, anchor: str) -> _Val | None:
    """The same calendar unit as v, one year earlier."""
    mt = re.match(r"(\d{4})(.*)$", v.value)
    if not mt:
        return None
    y = int(mt.group(1)) - 1
    back = lambda x: f"{int(x[:4]) - 1:04d}{x[4:]}" if x else None  # noqa: E731
    return replace(v, value=f"{y:04d}{mt.group(2)}", date=back(v.date), date_end=back(v.date_end), anchor=anchor,
                   conf=0.5, year=y, day=None, mod=None)


def _h_same_period(m: re.Match, env: _Env) -> list[Part]:
    """the same period/month/quarter last year | a year ago | a year earlier."""
    unit = m["u"].lower()

    def res(ctx: _Ctx) -> _Val | None:
        if unit in ("period", "time") and ctx.last is not None:
            return _year_before(ctx.last, "text")
        base = ctx.narrative() if ctx.last_day else ctx.deictic()
        if base is None:
            return None
        r, anchor = base
        v = _at_unit(r, "month" if unit in ("period", "time") else unit, anchor, 0.5)
        return _year_before(v, anchor)

    return [(m.start(), m.end(), res)]


def _h_that_time(m: re.Match, env: _Env) -> list[Part]:
    def res(ctx: _Ctx) -> _Val | None:
        return replace(ctx.last, anchor="text", conf=0.4, mod=None) if ctx.last is not None else None
    return [(m.start(), m.end(), res)]


def _h_the_weekend(m: re.Match, env: _Env) -> list[Part]:
    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.narrative()
        if base is None:
            return None
        r, anchor = base
        if ctx.tense == "future":
            d = r + dt.timedelta(days=(6 - r.isoweekday()) % 7)
        else:
            d = r - dt.timedelta(days=(r.isoweekday() - 6) % 7)
        return _v_week(d, anchor, 0.6, weekend=True)
    return [(m.start(), m.end(), res)]


def _amount(m: re.Match) -> float | None:
    n = _words().number(m["n"])
    if n is not None and m.groupdict().get("half"):
        n += 0.5
    return n


_PRE_MODS = {"about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
             "some": "APPROX", "nearly": "APPROX", "almost": "APPROX", "more than": "MORE_THAN",
             "over": "MORE_THAN", "less than": "LESS_THAN", "fewer than": "LESS_THAN", "under": "LESS_THAN",
             "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS",
             "just over": "MORE_THAN", "just under": "LESS_THAN"}


def _h_ago(m: re.Match, env: _Env) -> list[Part]:
    n = _amount(m)
    unit = m["u"].lower()
    mod = _PRE_MODS.get(re.sub(r"\s+", " ", (m["pre"] or "").lower()))

    def res(ctx: _Ctx) -> _Val | None:
        if n is None:
            return _v_ref("PAST_REF", 0.6)
        base = ctx.deictic()
        if base is None:
            return _v_unknown({"fortnight": "day", "second": "day", "minute": "day", "hour": "day"}.get(unit, unit))
        r, anchor = base
        d = _shift(r, unit, -n)
        prec = {"week": "day", "fortnight": "day", "second": "day", "minute": "day", "hour": "day"}.get(unit, unit)
        return replace(_at_unit(d, prec, anchor, 0.8), mod=mod)

    return [(m.start(), m.end(), res)]


def _h_later(m: re.Match, env: _Env) -> list[Part]:
    n = _amount(m)
    unit = m["u"].lower()
    direction = m["dir"].lower()
    if direction in ("before", "after", "prior"):
        if not re.match(r"\s*(?:[,.;:!?)\"”]|$)", env.after(m.end(), 5)):
            return _h_duration(m, env, end=m.end("u") + (1 if m["pl"] else 0))
    sign = 1 if direction in ("later", "after", "afterwards", "afterward") else -1

    def res(ctx: _Ctx) -> _Val | None:
        if n is None:
            return None
        base = ctx.narrative()
        if base is None:
            return None
        r, anchor = base
        d = _shift(r, unit, sign * n)
        prec = {"week": "day", "fortnight": "day", "second": "day", "minute": "day", "hour": "day"}.get(unit, unit)
        return _at_unit(d, prec, anchor, 0.7)

    return [(m.start(), m.end(), res)]


def _h_duration(m: re.Match, env: _Env, end: int | None = None) -> list[Part]:
    w = _words()
    unit = m["u"].lower()
    u = w.units[unit]
    end = m.end() if end is None else end
    numw = m["n"].lower()
    if m.groupdict().get("old") or re.match(r"\s+old\b", env.after(end, 6), re.I):
        return []                                   # an age, not a time
    sep = m.groupdict().get("sep") or " "
    if "-" in sep and m.groupdict().get("pl"):
        return []
    start = m.start()
    if numw in ("a", "an") and not m.groupdict().get("det") and not m.groupdict().get("pre"):
        if re.search(r"(?:\d|\b(?:once|twice|thrice|times|million|billion|thousand|hundred|percent|cents?|dollars?|euros?|pounds?))[\s%]*$",
                     env.before(start, 20), re.I):
            val = _duration(1, str(u["code"]), bool(u.get("time")), int(u.get("scale", 1)))
            return [(start, end, lambda ctx: _Val("SET", val, conf=0.75))]
    if unit in ("second", "quarter") and numw in ("a", "an", "one") and not m.groupdict().get("pl") and \
            not re.match(r"\s*(?:later|earlier|ago|before|after)\b", env.after(end, 10)):
        return []                                   # "a second aircraft", "about a quarter of its dealers"
    n = _amount(m)
    if n is not None and n > 10000:
        return []
    pre = re.sub(r"\s+", " ", (m.groupdict().get("pre") or "").lower())
    mod = _PRE_MODS.get(pre)
    val = _duration(n, str(u["code"]), bool(u.get("time")), int(u.get("scale", 1)))
    conf = 0.8 if n is not None else 0.6
    return [(start, end, lambda ctx: _Val("DURATION", val, conf=conf, mod=mod))]


def _h_dur_range(m: re.Match, env: _Env) -> list[Part]:
    w = _words()
    u = w.units[m["u"].lower()]
    n1, n2 = w.number(m["n1"]), w.number(m["n2"])
    if n1 is None or n2 is None or n1 >= n2:
        return []
    if re.match(r"[-\s]*old\b", env.after(m.end(), 6), re.I):
        return []
    v1 = _duration(n1, str(u["code"]), bool(u.get("time")), int(u.get("scale", 1)))
    v2 = _duration(n2, str(u["code"]), bool(u.get("time")), int(u.get("scale", 1)))
    return [(m.start("n1"), m.end("n1"), lambda ctx: _Val("DURATION", v1, conf=0.7)),
            (m.start("n2"), m.end(), lambda ctx: _Val("DURATION", v2, conf=0.8))]


def _h_bare_plural(m: re.Match, env: _Env) -> list[Part]:
    unit = m["u"].lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    u = _words().units[unit]
    if re.match(r"-old\b|\s+old\b", env.after(m.end(), 6)):
        return []
    val = _duration(None, str(u["code"]), bool(u.get("time")), int(u.get("scale", 1)))
    return [(m.start(), m.end(), lambda ctx: _Val("DURATION", val, conf=0.5))]


def _h_set(m: re.Match, env: _Env) -> list[Part]:
    w = _words()
    target = m["u"].lower().rstrip(".")
    nword = (m["n"] or "").lower()
    n = 2.0 if nword == "other" else (w.number(nword) if nword else 1.0)
    if target.endswith("s") and target[:-1] in w.units:
        target = target[:-1]
    if target in w.units:
        u = w.units[target]
        val = _duration(n, str(u["code"]), bool(u.get("time")), int(u.get("scale", 1)))
    elif target in w.weekdays or target.rstrip("s") in w.weekdays:
        val = f"XXXX-WXX-{w.weekdays.get(target, w.weekdays.get(target.rstrip('s')))}"
    elif target in w.months:
        val = f"XXXX-{w.months[target]:02d}"
    elif target in w.pods:
        val = f"XXXX-XX-XXT{w.pods[target]}"
    elif target == "weekend":
        val = "XXXX-WXX-WE"
    else:
        return []
    return [(m.start(), m.end(), lambda ctx: _Val("SET", val, conf=0.8))]


def _h_set_word(m: re.Match, env: _Env) -> list[Part]:
    word = m["w"]
    if _is_cap(word) and (_name_before(env, m.start()) or _is_cap(_next_word(env, m.end()))):
        return []
    val = _words().sets[word.lower()]
    return [(m.start(), m.end(), lambda ctx: _Val("SET", val, conf=0.7))]


def _h_ref(m: re.Match, env: _Env) -> list[Part]:
    phrase = re.sub(r"\s+", " ", m.group(0).lower())
    w = _words()
    ref = w.refs.get(phrase) or w.adj_refs.get(phrase)
    if ref is None:
        return []
    if phrase in ("soon", "shortly") and (re.search(r"\bas\s+$", env.before(m.start(), 5), re.I)
                                         or re.match(r"\s+(?:after|before|afterwards?)\b", env.after(m.end(), 12), re.I)):
        return []
    if phrase == "now" and re.match(r"-", env.after(m.end(), 1)):
        return []
    if phrase in w.adj_refs and not re.match(r"\s+[a-z]", env.after(m.end(), 3)):
        return []
    return [(m.start(), m.end(), lambda ctx: _v_ref(ref, 0.7 if phrase not in w.adj_refs else 0.5))]


_TZ = r"(?:UTC|GMT|Z|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|EET|EEST|IST|JST|MSK|AEST|AEDT|local\s+time)"


def _h_time(m: re.Match, env: _Env) -> list[Part]:
    gd = m.groupdict()
    if gd.get("word"):
        h, mm = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}[m["word"].lower()]
    else:
        if gd.get("hhmm"):
            h, mm = int(m["hhmm"][:2]), int(m["hhmm"][2:])
        else:
            h, mm = int(m["h"]), int(m["mi"] or 0)
        ap = (gd.get("ap") or "").lower().replace(".", "").replace(" ", "")
        if ap == "pm" and h < 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
    if not (0 <= h <= 23 and 0 <= mm <= 59):
        return []
    tz = gd.get("tz") or ""
    zone = "Z" if tz.upper() in ("UTC", "GMT", "Z") else ""
    hm = f"{h:02d}:{mm:02d}{zone}"

    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.narrative()
        if base is None:
            return _Val("TIME", f"XXXX-XX-XXT{hm}", None, None, None, "none", 0.4)
        d, anchor = base
        return replace(_v_day(d, anchor, 0.7, "TIME"), value=f"{d.isoformat()}T{hm}")

    return [(m.start(), m.end(), res)]


def _h_holiday(m: re.Match, env: _Env) -> list[Part]:
    name = re.sub(r"\s+", " ", m["h"].lower()).replace("’", "'")
    if not _is_cap(m["h"]):
        return []
    if _is_cap(_next_word(env, m.end())) and not m["y"]:
        return []
    spec = _words().holidays[name]
    year = int(m["y"]) if m["y"] else None

    def day_in(y: int) -> dt.date:
        if spec == "easter":
            from dateutil.easter import easter
            return easter(y)
        mo, d = (int(x) for x in spec.split("-"))
        return dt.date(y, mo, d)

    def res(ctx: _Ctx) -> _Val | None:
        if year is not None:
            return _v_day(day_in(year), "none", 0.9)
        base = ctx.deictic()
        if base is None:
            return None
        r, anchor = base
        d = _pick_year([day_in(y) for y in (r.year - 1, r.year, r.year + 1)], r, ctx.tense)
        return _v_day(d, anchor, 0.75) if d else None

    return [(m.start(), m.end(), res)]


@dataclass(frozen=True)
class _Rule:
    name: str
    regex: re.Pattern
    handler: Callable[[re.Match, _Env], list[Part]]
    prio: int                            # lower wins a tie in length


@functools.lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    w = _words()
    DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
    YEAR = r"(?:1\d{3}|20\d{2})(?!\d)"
    M, MF, WD, WDA = w.month_any, w.month_full, w.weekday, w.weekday_any
    NUM, VAGUE, UNIT = w.num, w.vague_re, w.unit
    I = re.I
    holidays = _alt(w.holidays)
    set_words = _alt(w.sets)
    refs = _alt(list(w.refs) + list(w.adj_refs))
    specs: list[tuple[str, str, int, Callable, int]] = [
        ("iso", r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])", 0, _h_iso, 0),
        ("numeric", r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])", 0, _h_numeric, 1),
        ("wd_md", rf"\b(?P<wd>{WDA}),?\s+(?:the\s+)?(?:(?P<m1>{M})\s+(?P<d1>{DAY})|(?P<d2>{DAY})(?:\s+of)?\s+(?P<m2>{M}))"
                  rf"(?:,?\s+(?P<y>{YEAR}))?", 0, _h_wd_md, 0),
        ("md_y", rf"\b(?P<m>{M})(?:\s+|(?<=\.))(?P<d>{DAY}),?\s+(?P<y>{YEAR})", 0, _h_md_y, 1),
        ("dm_y", rf"(?<![\w,.$£€:/])(?P<d>{DAY})(?:\s+of)?\s+(?P<m>{M}),?\s+(?P<y>{YEAR})", 0, _h_md_y, 1),
        ("md", rf"\b(?P<m>{M})(?:\s+|(?<=\.))(?P<d>{DAY})(?![\d,.]\d)", 0, _h_md, 2),
        ("dm", rf"(?<![\w,.$£€:/])(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<m>{M})", 0, _h_md, 2),
        ("weekday", rf"(?:\b(?P<rel>(?i:this\s+past|this\s+coming|last|next|this|coming|past))\s+)?\b(?P<wd>{WD})"
                    rf"(?:\s+(?P<pod>{w.pod}))?", 0, _h_weekday, 3),
        ("month_year", rf"\b(?P<m>{M}),?\s+(?:of\s+)?(?P<y>{YEAR})", 0, _h_month_year, 2),
        ("month", rf"(?:\b(?P<rel>(?i:earlier\s+this|later\s+this|last|next|this|early|late|mid))(?:-|\s+))?\b(?P<m>{MF})",
         0, _h_month, 4),
        ("season_year", rf"\b(?:the\s+)?(?:(?P<mod>early|mid|late)(?:-|\s+))?(?P<s>{w.season})(?:\s+of)?,?\s+(?P<y>{YEAR})",
         I, _h_season_year, 2),
        ("season_rel", rf"\b(?:the\s+)?(?P<rel>this\s+past|this\s+coming|last|next|this|past|coming|previous|following)\s+"
                       rf"(?P<s>{w.season})", I, _h_season, 3),
        ("season", rf"\b(?:the\s+)?(?P<s>{w.season})", 0, _h_season, 5),
        ("quarter", rf"\b(?:the\s+)?(?P<ord>{w.ordinal}|final|last|latest|current|previous|this)[-\s]+(?:fiscal\s+|financial\s+)?"
                    rf"(?:quarter|half)(?:\s+(?:of\s+)?(?:(?P<y>{YEAR})|(?P<rel>this|last|next|the\s+current|the\s+previous|the)"
                    rf"\s+(?:fiscal\s+|financial\s+)?year))?(?![\w-])", I, _h_quarter, 2),
        ("qcode", rf"\bQ(?P<q>[1-4])(?:\s+(?P<y>{YEAR})|\s*['’](?P<y2>\d\d))?\b", 0, _h_qcode, 2),
        ("fiscal", rf"\b(?:(?:fiscal|financial)(?:\s+year)?\s+(?P<y>{YEAR})|FY\s?(?P<fy>\d{{4}}|\d{{2}}))\b", 0, _h_fiscal, 1),
        ("decade", rf"\b(?:the\s+)?(?:(?P<mod>early|mid|late)(?:-|\s+))?(?:(?P<dec>1\d{{2}}0|20\d0)['’]?s|"
                   rf"(?:(?<=the\s)|(?<=the\s['’])|(?<=\s['’])|(?<=^['’])|(?<=and\s)|(?<=and\s['’]))(?P<d2>\d0)s)\b", I, _h_decade, 2),
        ("year_range", rf"(?<![\w$£€#.,/'’])(?P<y1>{YEAR})\s*[-–—]\s*(?P<y2>{YEAR}|\d{{2}})(?![\w%-]|[.,]\d)", 0,
         _h_year_range, 1),
        ("year", rf"(?<![\w$£€#.,/'’])(?P<y>{YEAR})(?![\w%]|[.,]\d|-\d)", 0, _h_year, 6),
        ("year_apos", r"(?<![\w'’])['’](?P<yy>\d\d)(?![\w'’%])", 0, _h_year_apos, 6),
        ("relday", r"(?:\bthe\s+day\s+(?P<ba>before|after)\s+)?(?:\b(?P<mod>earlier|later|early|late)\s+)?"
                   rf"\b(?P<w>today|tonight|yesterday|tomorrow)\b(?:\s+(?P<pod>{w.pod}))?", I, _h_relday, 2),
        ("this_pod", rf"\bthis\s+(?P<pod>{w.pod})", I, _h_this_pod, 3),
        ("rel_unit", r"\b(?:(?P<the>the)\s+)?(?:(?P<em>earlier|later|early|late)\s+)?"
                     r"(?P<rel>this\s+past|this\s+coming|this|last|next|past|previous|coming|current|following|same|that)\s+"
                     r"(?P<u>week(?:end)?|month|year|quarter|decade|century|(?:fiscal|financial)\s+year)\b", I, _h_rel_unit, 3),
        ("part_of", r"\b(?:the\s+)?(?:very\s+)?(?P<part>end|beginning|start|middle|close)\s+of\s+the\s+"
                    r"(?P<u>year|month|week|day|decade|century)\b", I, _h_part_of, 3),
        ("day_ref", r"\b(?:the\s+(?:following|next|previous|same|very\s+same)\s+day|that\s+(?:same\s+)?day|"
                    r"the\s+day\s+(?:before|after|prior)|(?P<bare>the\s+day))\b", I, _h_day_ref, 4),
        ("in_the", rf"\b(?P<em>early|late|later|earlier)\s+in\s+the\s+(?P<u>day|{w.pod}|week|month|year)\b", I, _h_in_the, 3),
        ("same_period", r"\b(?:the\s+)?same\s+(?P<u>period|month|week|quarter|day|time)\s+(?:of\s+)?(?:last\s+year|"
                        r"a\s+year\s+(?:ago|earlier|before)|the\s+(?:previous|prior|last)\s+year|the\s+year\s+before)\b",
         I, _h_same_period, 2),
        ("that_time", r"\b(?:that|the\s+same)\s+time\b(?!\s+(?:of|when|that)\b)", I, _h_that_time, 5),
        ("the_weekend", r"\bthe\s+weekend\b", I, _h_the_weekend, 5),
        ("ago", rf"\b(?:(?P<pre>about|around|nearly|almost|some|roughly|approximately|more\s+than|over|less\s+than|just|only)\s+)?"
                rf"(?P<n>{NUM}|{VAGUE})(?P<half>\s+and\s+a\s+half)?\s+(?P<u>{UNIT})s?\s+ago\b", I, _h_ago, 2),
        ("later", rf"\b(?P<n>{NUM})(?P<half>\s+and\s+a\s+half)?\s+(?P<u>{UNIT})(?P<pl>s)?\s+"
                  rf"(?P<dir>later|earlier|afterwards?|before|after|prior)\b", I, _h_later, 3),
        ("dur_range", rf"(?<![\w,.])(?:between\s+)?(?P<n1>{NUM})\s*(?:and|to|or|-|–)\s*(?P<n2>{NUM})[-\s]+(?P<u>{UNIT})s?\b",
         I, _h_dur_range, 3),
        ("duration", rf"(?<![\w,.])(?:(?P<det>the\s+(?:past|last|next|previous|coming|first|final|following|remaining|entire|"
                     rf"whole|full|same)\s+)|(?P<pre>(?:more\s+than|less\s+than|fewer\s+than|nearly|almost|about|around|"
                     rf"over|under|at\s+least|at\s+most|some|roughly|approximately|up\s+to|just\s+over|just\s+under)\s+))?"
                     rf"(?P<n>{NUM}|{VAGUE})(?P<half>\s+and\s+a\s+half)?(?P<sep>\s?-\s?|\s+)(?:(?P<adj>straight|consecutive|successive|trading|business|working|calendar|full|additional|long|more)\s+)?(?P<u>{UNIT})(?P<pl>s)?(?P<old>\s?-\s?old)?\b",
         I, _h_duration, 4),
        ("bare_plural", r"\b(?:over\s+the\s+)?(?P<u>years|decades|centuries|months|weeks|hours|minutes)(?:-long)?\b",
         0, _h_bare_plural, 7),
        ("set", rf"\b(?:every|each|per)\s+(?:(?P<n>other|{NUM})\s+)?(?P<u>{UNIT}s?|{WD}|{MF}|{w.pod}|weekends?)\b",
         I, _h_set, 2),
        ("set_word", rf"\b(?P<w>{set_words})\b", I, _h_set_word, 5),
        ("ref", rf"\b(?:{refs})\b", I, _h_ref, 5),
        ("time", rf"(?<![\d:.,$])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?!\d)(?:\s*(?P<ap>[aApP]\.?\s?[mM]\.?))?"
                 rf"(?:\s*(?P<tz>{_TZ})\b)?", 0, _h_time, 2),
        ("time_ap", rf"(?<![\d:.,$])(?P<h>1[0-2]|0?[1-9])(?:[.:](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.\s?m\.|[ap]m\b|[AP]M\b|[ap]\.\s?m\b)"
                    rf"(?:\s*(?P<tz>{_TZ})\b)?", 0, _h_time, 2),
        ("time_mil", rf"(?<![\d:.,$])(?P<hhmm>(?:[01]\d|2[0-3])[0-5]\d)\s*(?P<tz>UTC|GMT|Z|hours|hrs)\b", 0, _h_time, 2),
        ("time_word", r"\b(?P<word>noon|midday|midnight)\b", I, _h_time, 4),
        ("holiday", rf"\b(?:(?P<rel>last|next|this)\s+)?(?P<h>{holidays})(?:\s+(?P<y>{YEAR}))?\b", I, _h_holiday, 3),
    ]
    return tuple(_Rule(n, re.compile(p, f), h, pr) for n, p, f, h, pr in specs)


# --------------------------------------------------------------------------- detection


_PREFIX = re.compile(r"(?:\b(?:the\s+)?(?:very\s+)?(?P<part>end|beginning|start|middle|close)\s+of\s+(?:the\s+)?|"
                     r"\b(?P<em>early|mid|late)(?:-|\s+))$", re.I)
_PREFIX_MODS = {"end": "END", "close": "END", "beginning": "START", "start": "START", "middle": "MID",
                "early": "START", "mid": "MID", "late": "END"}
_DAY_RULES = {"weekday", "relday", "md", "dm", "md_y", "dm_y", "wd_md"}
_TIME_RULES = {"time", "time_ap", "time_mil", "time_word"}


def _match_rules(env: _Env) -> list[_Cand]:
    cands: list[_Cand] = []
    for rule in _rules():
        for m in rule.regex.finditer(env.text):
            if "\n" in m.group(0):         # expressions do not run across lines: retry up to the line end
                m = rule.regex.match(env.text, m.start(), m.start() + m.group(0).index("\n"))
                if m is None:
                    continue
            if m.end() <= m.start():
                continue
            try:
                parts = rule.handler(m, env)
            except (ValueError, KeyError, TypeError, IndexError, OverflowError, AttributeError):
                continue
            if parts:
                cands.append(_Cand(m.start(), m.end(), rule.name, rule.prio, parts))
    return cands


class _Taken:
    """Disjoint intervals, sorted, with an O(log n) overlap test."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in sorted(spans):
            self.starts.append(s)
            self.ends.append(e)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e) - 1
        return i >= 0 and self.ends[i] > s

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest first, then rule priority; no overlaps."""
    chosen: list[_Cand] = []
    taken = _Taken()
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.prio, c.start)):
        if taken.overlaps(c.start, c.end):
            continue
        chosen.append(c)
        taken.add(c.start, c.end)
    return sorted(chosen, key=lambda c: c.start)


def _extend_prefix(env: _Env, cands: list[_Cand]) -> None:
    """'the end of 2023', 'early 2009', 'mid-2011': widen the span and set the TIMEX3 mod."""
    prev_end = 0
    for c in cands:
        if len(c.parts) == 1 and c.rule in ("year", "month_year", "month", "season_year", "decade", "rel_unit", "quarter",
                                            "md_y", "md", "weekday", "holiday", "fiscal", "qcode"):
            m = _PREFIX.search(env.text[max(prev_end, c.start - 40):c.start])
            if m:
                new_start = c.start - (len(m.group(0)))
                mod = _PREFIX_MODS[(m["part"] or m["em"]).lower()]
                s, e, res = c.parts[0]
                c.parts = [(new_start, e, res)]
                c.start, c.mod = new_start, mod
        prev_end = c.end


def _merge_time_date(env: _Env, cands: list[_Cand]) -> list[_Cand]:
    """'12:00 UTC Monday', '16:00 UTC today': one TIME expression with the date's day."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if (c.rule in _TIME_RULES and i + 1 < len(cands) and cands[i + 1].rule in _DAY_RULES
                and len(cands[i + 1].parts) == 1 and re.fullmatch(r"[ \t]+", env.text[c.end:cands[i + 1].start])):
            d = cands[i + 1]
            t_res, d_res = c.parts[0][2], d.parts[0][2]

            def res(ctx: _Ctx, t_res: Resolver = t_res, d_res: Resolver = d_res) -> _Val | None:
                dv = d_res(ctx)
                if dv is None or dv.day is None:
                    return t_res(ctx)
                tv = t_res(replace(ctx, last_day=dv.day))
                return replace(tv, anchor=dv.anchor, conf=min(tv.conf, dv.conf) + 0.1) if tv else None

            out.append(_Cand(c.start, d.end, "time_date", c.prio, [(c.start, d.end, res)]))
            i += 2
            continue
        if (c.rule in _TIME_RULES and i + 1 < len(cands) and cands[i + 1].rule in _DAY_RULES
                and len(cands[i + 1].parts) == 1 and re.fullmatch(r"[ \t]*,[ \t]*(?:on[ \t]+)?", env.text[c.end:cands[i + 1].start])):
            t_res, d_res = c.parts[0][2], cands[i + 1].parts[0][2]

            def res2(ctx: _Ctx, t_res: Resolver = t_res, d_res: Resolver = d_res) -> _Val | None:
                dv = d_res(replace(ctx))
                if dv is None or dv.day is None:
                    return t_res(ctx)
                tv = t_res(replace(ctx, last_day=dv.day))
                return replace(tv, anchor=dv.anchor) if tv else None

            out.append(_Cand(c.start, c.end, c.rule, c.prio, [(c.start, c.end, res2)]))   # "16:15 UTC, June 1st"
            i += 1
            continue
        out.append(c)
        i += 1
    return out


_SPACY_STRIP = re.compile(r"^(?:(?:on|in|at|by|since|until|till|during|from|for|about|around|of|over|within|before|after|"
                          r"through|throughout|as|to|between|and)\s+)+", re.I)
_TEMPORAL_HINT = re.compile(r"\b(?:day|week|month|year|decade|century|quarter|season|morning|evening|night|afternoon|"
                            r"era|period|time|age|anniversary|today|yesterday|tomorrow)s?\b", re.I)


def _spacy_extra(env: _Env, chosen: list[_Cand]) -> list[_Cand]:
    """spaCy DATE/TIME entities that no rule covers, normalised by dateparser when it can."""
    out: list[_Cand] = []
    taken = _Taken((c.start, c.end) for c in chosen)
    for ch in env.chunks:
        for ent in ch.doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            s, e = ch.offset + ent.start_char, ch.offset + ent.end_char
            if taken.overlaps(s, e):
                continue
            raw = env.text[s:e]
            m = _SPACY_STRIP.match(raw)
            if m:
                s += m.end()
            raw = env.text[s:e]
            if raw.endswith(("'s", "’s")):
                e -= 2
                raw = env.text[s:e]
            if not raw.strip() or not re.search(r"[A-Za-z]", raw) or not _TEMPORAL_HINT.search(raw):
                continue
            parsed = _dateparser(raw)
            if parsed is None:
                continue
            out.append(_Cand(s, e, "spacy", 8, [(s, e, parsed)]))
    return out


def _dateparser(expression: str) -> Resolver | None:
    """A resolver that normalises an expression with dateparser, or None if it cannot."""
    if len(expression) > 60 or not re.search(r"[A-Za-z]", expression):
        return None
    w = _words()
    names = set(w.months) | set(w.weekdays)
    if not (re.search(r"\d", expression) or _TEMPORAL_HINT.search(expression)
            or any(t.lower().rstrip(".") in names for t in re.findall(r"[A-Za-z.]+", expression))):
        return None                     # dateparser reads "we" as Wednesday
    try:
        from dateparser.date import DateDataParser
    except ImportError:          # pragma: no cover
        return None

    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.deictic()
        if base is None:
            return None
        ref, anchor = base
        settings = {"RELATIVE_BASE": dt.datetime(ref.year, ref.month, ref.day, 12), "PREFER_DATES_FROM": "past",
                    "RETURN_TIME_AS_PERIOD": True}
        try:
            data = DateDataParser(languages=["en"], settings=settings).get_date_data(expression)
        except Exception:        # dateparser raises many kinds on odd input
            return None
        if data is None or data.date_obj is None:
            return None
        d, period = data.date_obj.date(), data.period or "day"
        if period == "year":
            return _v_year(d.year, anchor, 0.5)
        if period == "month":
            return _v_month(d.year, d.month, anchor, 0.5)
        if period == "week":
            return _v_week(d, anchor, 0.5)
        return _v_day(d, anchor, 0.5)

    return res


def _detect(env: _Env) -> list[_Cand]:
    chosen = _select(_match_rules(env))
    _extend_prefix(env, chosen)
    chosen = _merge_time_date(env, chosen)
    extra = _spacy_extra(env, chosen)
    if extra:
        chosen = _select(chosen + extra)
    return chosen


# --------------------------------------------------------------------------- public API


def _resolve(env: _Env, cands: list[_Cand], ctx: _Ctx) -> list[tuple[TimeSpan, str | None, str]]:
    out: list[tuple[TimeSpan, str | None, str]] = []
    for c in cands:
        for s, e, res in c.parts:
            tense = env.tense(s, e) if env.chunks else None
            ctx.tense = tense
            try:
                v = res(ctx)
            except (ValueError, KeyError, TypeError, IndexError, OverflowError, AttributeError, ArithmeticError):
                v = None
            if v is None:
                continue
            anchor = ctx.pub_anchor if v.anchor == "pub" else v.anchor
            span = TimeSpan(start=s, end=e, text=env.text[s:e], type=v.type, value=v.value, anchor=anchor,
                            confidence=round(max(0.0, min(1.0, v.conf)), 2), date=v.date, date_end=v.date_end,
                            precision=v.precision, mod=v.mod or c.mod)
            out.append((span, tense, c.rule))
            if v.type in ("DATE", "TIME"):
                if v.day is not None:
                    ctx.last_day = v.day
                if v.year is not None:
                    ctx.last_year = v.year
                    ctx.last = v
    return out


def _past_years(env: _Env, cands: list[_Cand]) -> tuple[int, ...]:
    """Years that absolute expressions in the text name, not in future tense."""
    found = _resolve(env, cands, _Ctx(None))
    years = []
    for span, tense, _ in found:
        if span.anchor == "none" and span.date and span.type == "DATE" and tense != "future":
            years.append(int(span.date[:4]))
    return tuple(years)


def _find(chunks: Sequence[Chunk], text: str, published: dt.date | None,
          anchor: str) -> list[tuple[TimeSpan, str | None, str]]:
    if not isinstance(text, str) or not text.strip() or len(text) > _MAX_TEXT:
        return []
    if isinstance(published, dt.datetime):
        published = published.date()
    env = _Env(text, chunks or ())
    cands = _detect(env)
    ctx = _Ctx(published, anchor if anchor in ("published", "inferred") else "published")
    if published is None:
        ctx.years = _past_years(env, cands)
    return _resolve(env, cands, ctx)


def find_times(chunks: Sequence[Chunk], text: str, published: dt.date | None,
               anchor: str = "published") -> list[TimeSpan]:
    """Every date/time expression in text, normalised to TIMEX3 values against `published` (see module doc)."""
    try:
        return [span for span, _, _ in _find(chunks, text, published, anchor)]
    except Exception:            # a bug must not cost the article: log it, report no times
        log.exception("timex: find_times failed on a text of %d characters", len(text or ""))
        return []


_FULL_DATE_RULES = {"iso", "numeric", "md_y", "dm_y", "wd_md"}


def infer_published(chunks: Sequence[Chunk], text: str) -> dt.date | None:
    """Infer a publication date from the text: the latest fully specified date it reports as past.

    Rule: a weekday + month + day without a year ("On Friday, January 19") is pinned to the
    first year, not earlier than the latest year the text mentions as past (future-tense
    mentions do not count), in which that day falls on that weekday ("October 7, 2023" in the
    text -> 19 January 2024, a Friday).  The inferred date is then the latest day-precision
    date with an explicit or pinned year ("October 7, 2023", "7/8/07", the pinned one) whose
    governing verb is not in the future tense.  None when the text names no such date.
    """
    try:
        found = _find(chunks, text, None, "inferred")
    except Exception:
        log.exception("timex: infer_published failed")
        return None
    best: dt.date | None = None
    for span, tense, rule in found:
        if rule not in _FULL_DATE_RULES or tense == "future" or span.precision != "day" or not span.date:
            continue
        if span.anchor not in ("none", "text") or span.confidence < 0.5:
            continue
        try:
            d = dt.date.fromisoformat(span.date)
        except ValueError:
            continue
        best = d if best is None or d > best else best
    return best


def normalise(expression: str, published: dt.date | None) -> TimeSpan | None:
    """Normalise one expression ("last month", "the summer of 2012") on its own; offsets 0..len."""
    try:
        if not isinstance(expression, str) or not expression.strip() or len(expression) > 200:
            return None
        env = _Env(expression)
        cands = _detect(env)
        core = _SPACY_STRIP.sub("", expression.strip()).rstrip(" .,;:!?")
        lead = expression.find(core) if core else -1
        covering = [c for c in cands if len(c.parts) == 1 and lead >= 0 and c.start <= lead
                    and c.end >= lead + len(core)]
        if not covering:
            res = _dateparser(core) if core else None
            if res is None:
                return None
            covering = [_Cand(0, len(expression), "dateparser", 9, [(0, len(expression), res)])]
        c = covering[0]
        ctx = _Ctx(published.date() if isinstance(published, dt.datetime) else published)
        found = _resolve(env, [c], ctx)
        if not found:
            return None
        span = found[0][0]
        return replace(span, start=0, end=len(expression), text=expression)
    except Exception:
        log.exception("timex: normalise failed")
        return None


_RANGE_BEFORE = re.compile(r"\b(?P<kw>between|from|since|ever\s+since|until|till|up\s+to|through)\s+$", re.I)
_RANGE_MID = {"between": re.compile(r"\s*(?:and|&)\s*", re.I),
              "from_to": re.compile(r"\s*(?:to|until|till|through|thru|-|–|—)\s*", re.I)}


def find_ranges(text: str, times: Sequence[TimeSpan], published: dt.date | None) -> list[TimeRange]:
    """Intervals the text states over found times: between X and Y, from X to Y, X-Y, since X, until X."""
    out: list[TimeRange] = []
    try:
        dates = sorted((t for t in times if t.type in ("DATE", "TIME") and t.date), key=lambda t: t.start)
        used: set[int] = set()
        for i, a in enumerate(dates):
            if i in used:
                continue
            m = _RANGE_BEFORE.search(text[max(0, a.start - 15):a.start])
            kw = re.sub(r"\s+", " ", m["kw"].lower()) if m else ""
            kw_start = a.start - (len(m.group(0)) if m else 0)
            b = dates[i + 1] if i + 1 < len(dates) else None
            gap = text[a.end:b.start] if b is not None else ""
            if b is not None and kw == "between" and _RANGE_MID["between"].fullmatch(gap):
                out.append(TimeRange(kw_start, b.end, text[kw_start:b.end], a, b, "between"))
                used.add(i + 1)
            elif b is not None and _RANGE_MID["from_to"].fullmatch(gap) and (kw == "from" or re.fullmatch(r"\s*[-–—]\s*", gap)):
                s = kw_start if kw == "from" else a.start
                out.append(TimeRange(s, b.end, text[s:b.end], a, b, "from_to"))
                used.add(i + 1)
            elif kw in ("since", "ever since"):
                if published is not None and a.date and a.date > published.isoformat()[:len(a.date)]:
                    continue
                out.append(TimeRange(kw_start, a.end, text[kw_start:a.end], a, None, "since"))
            elif kw in ("until", "till", "up to", "through"):
                out.append(TimeRange(kw_start, a.end, text[kw_start:a.end], a, None, "until"))
    except Exception:
        log.exception("timex: find_ranges failed")
    return out

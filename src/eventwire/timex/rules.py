"""The detection rules: one regular expression and one handler per kind of expression.

A handler turns a match into parts (start, end, resolver) or rejects it ([]); a resolver turns a
context (`values._Ctx`) into a value."""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, replace
from typing import Callable

from .parse import _Env
from .values import (_at_unit, _Ctx, _duration, _shift, _v_century, _v_day, _v_decade, _v_half, _v_month, _v_quarter,
                     _v_ref, _v_season, _v_unknown, _v_week, _v_year, _Val)
from .vocab import _alt, _Words, _words


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
    if rel in ("this", "until"):
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
    if not rel and prev.lower() in ("until", "till", "through"):
        rel = "until"                   # "closed until Friday": the coming one, unless told in the past

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
    year = re.match(r"\s+(?:of\s+)?(last|next|this)\s+year\b", env.after(m.end("m")), re.I)
    shift = {"last": -1, "next": 1, "this": 0}[year[1].lower()] if year else None

    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.deictic()
        if base is None:
            return _Val("DATE", f"XXXX-{month:02d}", None, None, "month", "none", 0.3, mod=mod)
        r, anchor = base
        this = dt.date(r.year, month, 1)
        cur = dt.date(r.year, r.month, 1)
        if shift is not None:                       # "October of next year", "in March last year"
            y = r.year + shift
        elif rel == "last":
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
        if ctx.pub is None:             # no date to compare with (never today's): the 00s-20s may be this century
            y = 2000 + d2 if d2 <= 20 and ctx.modern() else 1900 + d2
            return replace(_v_decade(y, "none", 0.5), mod=mod)
        now = ctx.pub.year
        y = 2000 + d2 if 2000 + d2 <= now else 1900 + d2
        return replace(_v_decade(y, "none", 0.8), mod=mod)

    return [(m.start(), m.end(), res)]


def _h_century(m: re.Match, env: _Env) -> list[Part]:
    """'the 19th century', 'the early twentieth century', '21st-century' -> 18, 19, 20 (TIMEX3 century values)."""
    word = m["n"].lower()
    n = int(re.match(r"\d+", word).group(0)) if word[0].isdigit() else _words().centuries.get(word)
    if not n or not 1 <= n <= 21:
        return []
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["mod"] or "").lower())
    y = (n - 1) * 100
    return [(m.start(), m.end(), lambda ctx: replace(_v_century(y, "none", 0.85), mod=mod))]


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
    if y < 1900 and re.search(r"\b(?:up|down|rising|falling|compared)\s+(?:from|to|with)\s+$", before, re.I):
        return False                    # "up from 1650 a year earlier": a count; an old year needs a plainer cue
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
        if ctx.pub is None:             # no date to compare with (never today's): '00-'30 may be this century
            return _v_year(2000 + yy if yy <= 30 and ctx.modern() else 1900 + yy, "none", 0.5)
        now = ctx.pub.year
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
    word = re.sub(r"\s+", " ", m["w"].lower())
    pod = m["pod"]
    ba = (m["ba"] or "").lower()
    if word == "last night" and (pod or ba):
        return []
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last night": -1}[word]
    if ba == "before" and word == "yesterday":
        shift = -2
    elif ba == "after" and word == "tomorrow":
        shift = 2

    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.deictic()
        if base is None:
            return _Val("TIME" if (pod or word in ("tonight", "last night")) else "DATE", "XXXX-XX-XX", None, None, "day",
                        "none", 0.3)
        r, anchor = base
        d = r + dt.timedelta(days=shift)
        code = w.pods[pod.lower()] if pod else ("NI" if word in ("tonight", "last night") else None)
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
    if unit == "day" and not re.search(r"\b(?:for|within|in|lasted|lasting|last|take|takes|took|taking|after)\s+$", env.before(m.start(), 12), re.I):
        return []                       # "the early days of the war", "days of protests": only "for days", "within days"
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
    gate: "_Gate | None" = None          # what a line must hold for the rule to match in it


@dataclass(frozen=True)
class _Gate:
    """What every match of a rule holds: a digit, each character of `chars`, and for each set in
    `words` one of its words as a whole word (\\w+, casefolded). A line without it is not scanned
    for the rule."""

    words: tuple[frozenset[str], ...] = ()
    digit: bool = False
    chars: str = ""


def _gate_word(phrase: str) -> str:
    """The longest word of a phrase (any of its words would do; a long one is rarer)."""
    return max(re.findall(r"\w+", phrase.casefold()), key=len)


def _gates(w: _Words) -> dict[str, _Gate]:
    """Per rule, what every one of its matches holds (read off its pattern below): a rule is only
    run over the lines that hold it (a match never runs across a line end). Keep in step with the
    patterns: a gate that misses a word of its rule loses that rule's matches."""
    units = frozenset(w.units) | {u + "s" for u in w.units}
    months = frozenset(w.months) | frozenset(w.month_abbr)
    weekdays = frozenset(w.weekdays)
    pods = frozenset(w.pods)
    seasons = frozenset(w.seasons)
    digit = _Gate(digit=True)

    def words(*sets, digit: bool = False) -> _Gate:
        return _Gate(words=tuple(frozenset(x) for x in sets), digit=digit)
    return {
        "iso": _Gate(digit=True, chars="-"), "numeric": _Gate(digit=True, chars="/"),
        "time": _Gate(digit=True, chars=":"), "decade": _Gate(chars="0"),
        "md_y": words(months, digit=True), "dm_y": words(months, digit=True),
        "month_year": words(months, digit=True), "season_year": words(seasons, digit=True),
        "qcode": digit, "fiscal": digit, "year_range": digit, "year": digit, "year_apos": digit,
        "time_ap": digit, "time_mil": digit,
        "wd_md": _Gate(words=(weekdays | frozenset(w.weekday_abbr), months)),
        "md": words(months), "dm": words(months), "month": words(w.months), "weekday": words(weekdays),
        "season_rel": words(seasons), "season": words(seasons), "quarter": words({"quarter", "half"}),
        "century": words({"century"}), "relday": words({"today", "tonight", "yesterday", "tomorrow", "night"}),
        "this_pod": words({"this"}, pods),
        "rel_unit": words({"week", "weekend", "month", "year", "quarter", "decade", "century"}),
        "part_of": words({"end", "beginning", "start", "middle", "close"},
                         {"year", "month", "week", "day", "decade", "century"}),
        "day_ref": words({"day"}), "in_the": words({"early", "late", "later", "earlier"}),
        "same_period": words({"same"}), "that_time": words({"time"}), "the_weekend": words({"weekend"}),
        "ago": words({"ago"}, units),
        "later": words(units, {"later", "earlier", "afterwards", "afterward", "before", "after", "prior"}),
        "dur_range": words(units), "duration": words(units),
        "bare_plural": words({"years", "decades", "centuries", "months", "weeks", "days", "hours", "minutes"}),
        "set": words({"every", "each", "per"}), "set_word": words(map(_gate_word, w.sets)),
        "ref": words(map(_gate_word, list(w.refs) + list(w.adj_refs))),
        "time_word": words({"noon", "midday", "midnight"}), "holiday": words(map(_gate_word, w.holidays)),
    }


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
    centuries = _alt(w.centuries)
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
        ("century", rf"\b(?:the\s+)?(?:(?P<mod>early|mid|late)(?:-|\s+))?(?P<n>(?:[1-9]|1\d|2[01])(?:st|nd|rd|th)|{centuries})"
                    r"[-\s]century\b", I, _h_century, 2),
        ("year_range", rf"(?<![\w$£€#.,/'’])(?P<y1>{YEAR})\s*[-–—]\s*(?P<y2>{YEAR}|\d{{2}})(?![\w%-]|[.,]\d)", 0,
         _h_year_range, 1),
        ("year", rf"(?<![\w$£€#.,/'’])(?P<y>{YEAR})(?![\w%]|[.,]\d|-\d)", 0, _h_year, 6),
        ("year_apos", r"(?<![\w'’])['’](?P<yy>\d\d)(?![\w'’%])", 0, _h_year_apos, 6),
        ("relday", r"(?:\bthe\s+day\s+(?P<ba>before|after)\s+)?(?:\b(?P<mod>earlier|later|early|late)\s+)?"
                   rf"\b(?P<w>today|tonight|yesterday|tomorrow|last\s+night)\b(?:\s+(?P<pod>{w.pod}))?", I, _h_relday, 2),
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
        ("bare_plural", r"\b(?:over\s+the\s+)?(?P<u>years|decades|centuries|months|weeks|days|hours|minutes)(?:-long)?\b",
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
    gates = _gates(w)
    return tuple(_Rule(n, re.compile(p, f), h, pr, gates.get(n)) for n, p, f, h, pr in specs)

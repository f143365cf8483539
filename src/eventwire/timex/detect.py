"""Detection and resolution: run the rules, choose among overlapping matches, add spaCy's
DATE/TIME entities the rules miss (normalised by dateparser), resolve each expression in order."""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import logging
import re
import threading
from dataclasses import replace
from typing import Iterable, Sequence

from eventwire.annotate import Chunk
from eventwire.records import TimeSpan

from .parse import _Env
from .rules import _Cand, _rules, Resolver
from .values import _MAX_TEXT, _Ctx, _v_day, _v_month, _v_season, _v_week, _v_year, _Val
from .vocab import _words

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- detection


_PREFIX = re.compile(r"(?:\b(?:the\s+)?(?:very\s+)?(?P<part>end|beginning|start|middle|close)\s+of\s+(?:the\s+)?|"
                     r"\b(?P<em>early|mid|late)(?:-|\s+))$", re.I)
_PREFIX_MODS = {"end": "END", "close": "END", "beginning": "START", "start": "START", "middle": "MID",
                "early": "START", "mid": "MID", "late": "END"}
_DAY_RULES = {"weekday", "relday", "md", "dm", "md_y", "dm_y", "wd_md"}
_TIME_RULES = {"time", "time_ap", "time_mil", "time_word"}


_MATCHES: list = [None, ()]      # the last text and its (rule, match) pairs: pipelines detect twice per text
_MATCHES_LOCK = threading.Lock()


_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")


class _Lines:
    """The lines of a text (start, end), and which lines hold each word (casefolded) or a digit."""

    def __init__(self, text: str) -> None:
        self.spans: list[tuple[int, int]] = []
        self.by_word: dict[str, list[int]] = {}
        self.digit: list[int] = []
        start = 0
        while start <= len(text):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            i = len(self.spans)
            self.spans.append((start, end))
            line = text[start:end]
            for word in set(_WORD.findall(line.casefold())):
                self.by_word.setdefault(word, []).append(i)
            if _DIGIT.search(line):
                self.digit.append(i)
            start = end + 1

    def admitted(self, gate, text: str) -> list[tuple[int, int]]:
        """The spans of the lines of `text` that hold `gate` (rules._Gate; None: every line), in order."""
        if gate is None:
            return self.spans
        found: set[int] | None = set(self.digit) if gate.digit else None
        for words in gate.words:
            hits = {i for w in words for i in self.by_word.get(w, ())}
            found = hits if found is None else found & hits
            if not found:
                return []
        spans = self.spans if found is None else [self.spans[i] for i in sorted(found)]
        for c in gate.chars:
            spans = [(s, e) for s, e in spans if text.find(c, s, e) >= 0]
        return spans


def _rule_matches(text: str) -> tuple:
    """Every rule's regex matches in text, line by line (an expression never runs across a line
    end), in rule order; a rule only scans the lines that hold its gate.  Cached for the last text."""
    with _MATCHES_LOCK:
        last, found = _MATCHES
    if last is text or (last is not None and last == text):
        return found
    lines = _Lines(text)
    out = []
    for rule in _rules():
        for start, end in lines.admitted(rule.gate, text):
            out.extend((rule, m) for m in rule.regex.finditer(text, start, end) if m.end() > m.start())
    found = tuple(out)
    with _MATCHES_LOCK:
        _MATCHES[:] = [text, found]
    return found


def _match_rules(env: _Env) -> list[_Cand]:
    cands: list[_Cand] = []
    for rule, m in _rule_matches(env.text):
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
                and len(cands[i + 1].parts) == 1 and re.fullmatch(r"[ \t]*,[ \t]*(?:on[ \t]+)?|[ \t]+on[ \t]+", env.text[c.end:cands[i + 1].start])):
            t_res, d_res = c.parts[0][2], cands[i + 1].parts[0][2]

            def res2(ctx: _Ctx, t_res: Resolver = t_res, d_res: Resolver = d_res) -> _Val | None:
                dv = d_res(replace(ctx))
                if dv is None or dv.day is None:
                    return t_res(ctx)
                tv = t_res(replace(ctx, last_day=dv.day))
                return replace(tv, anchor=dv.anchor) if tv else None

            out.append(_Cand(c.start, c.end, c.rule, c.prio, [(c.start, c.end, res2)]))   # "16:15 UTC, June 1st", "8 pm on Sunday"
            i += 1
            continue
        out.append(c)
        i += 1
    return out


_SPACY_STRIP = re.compile(r"^(?:(?:on|in|at|by|since|until|till|during|from|for|about|around|of|over|within|before|after|"
                          r"through|throughout|as|to|between|and)\s+)+", re.I)
_TEMPORAL_HINT = re.compile(r"\b(?:day|week|month|year|decade|century|quarter|season|morning|evening|night|afternoon|"
                            r"era|period|time|age|anniversary|today|yesterday|tomorrow)s?\b", re.I)


_AGE = re.compile(r"\b(?:years?|months?|weeks?|days?)\s*-?\s*olds?\b|\bage[ds]?\s+(?:of\s+)?\d", re.I)


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
    if _AGE.search(expression):
        return None                     # an age ("36-year-old", "aged 44", "the age of 91") is no date
    try:
        import dateparser.date  # noqa: F401  (read in _dateparser_read)
    except ImportError:          # pragma: no cover
        return None

    def res(ctx: _Ctx) -> _Val | None:
        base = ctx.deictic()
        if base is None:
            return None
        ref, anchor = base
        parsed = _dateparser_read(expression, dt.date(ref.year, ref.month, ref.day))
        if parsed is None:
            return None
        d, period = parsed
        if period == "year":
            return _v_year(d.year, anchor, 0.5)
        if period == "month":
            return _v_month(d.year, d.month, anchor, 0.5)
        if period == "week":
            return _v_week(d, anchor, 0.5)
        return _v_day(d, anchor, 0.5)

    return res


@functools.lru_cache(maxsize=4096)
def _dateparser_read(expression: str, ref: dt.date) -> tuple[dt.date, str] | None:
    """dateparser's (day, period) for expression read at noon on ref, or None; memoised (an article
    reads the same expressions against the same day several times, and they recur across articles)."""
    from dateparser.date import DateDataParser
    settings = {"RELATIVE_BASE": dt.datetime(ref.year, ref.month, ref.day, 12), "PREFER_DATES_FROM": "past",
                "RETURN_TIME_AS_PERIOD": True}
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(expression)
    except Exception:        # dateparser raises many kinds on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


_YEARLESS_RULES = {"month", "md", "dm", "season"}
_WITH_YEAR_RULES = {"month_year", "md_y", "dm_y", "season_year"}
_RANGE_GAP = re.compile(r"\s*(?:(?P<rng>to|until|till|through|thru|-|–|—)|and|or|&)\s*", re.I)
_RELATIVE_START = re.compile(r"(?:the\s+)?(?:last|next|this|earlier|later|past|coming|previous|following)\b", re.I)
_SEASON_CODES = {"SP", "SU", "FA", "WI"}


def _reyear(v: _Val, y: int, conf: float) -> _Val | None:
    """v (a month, month-day or season without a year of its own) moved into year y."""
    mt = re.fullmatch(r"(?:\d{4}|XXXX)-(\d{2}|SP|SU|FA|WI)(?:-(\d{2}))?", v.value)
    if not mt:
        return None
    if mt.group(1) in _SEASON_CODES:
        months = next((info["months"] for info in _words().seasons.values() if info["code"] == mt.group(1)), None)
        out = _v_season(y, mt.group(1), months, "text", conf) if months else None
    elif mt.group(2):
        out = _v_day(dt.date(y, int(mt.group(1)), int(mt.group(2))), "text", conf)
    else:
        out = _v_month(y, int(mt.group(1)), "text", conf)
    return replace(out, mod=v.mod) if out else None


def _month_of(v: _Val) -> int | None:
    mt = re.fullmatch(r"(?:\d{4}|XXXX)-(\d{2}|SP|SU|FA|WI)(?:-\d{2})?", v.value)
    if not mt:
        return None
    if mt.group(1) in _SEASON_CODES:
        return next((int(info["months"][0]) for info in _words().seasons.values() if info["code"] == mt.group(1)), None)
    return int(mt.group(1))


def _share_years(env: _Env, cands: list[_Cand]) -> None:
    """'from March to June 2020', 'between January and March 2022', 'March 3 to May 5, 2021', 'from
    March 2020 to June': a month (day, season) without a year next to one with a year takes that year
    (the year before when a range runs across New Year: 'from November to February 2021')."""
    for a, b in zip(cands, cands[1:]):
        if len(a.parts) != 1 or len(b.parts) != 1:
            continue
        gap = _RANGE_GAP.fullmatch(env.text[a.end:b.start])
        if gap is None:
            continue
        if a.rule in _YEARLESS_RULES and b.rule in _WITH_YEAR_RULES:
            bare, full, bare_first = a, b, True
        elif a.rule in _WITH_YEAR_RULES and b.rule in _YEARLESS_RULES and gap["rng"] \
                and re.search(r"\bfrom\s+(?:the\s+)?$", env.before(a.start, 12), re.I):
            bare, full, bare_first = b, a, False
        else:
            continue
        if _RELATIVE_START.match(env.text[bare.start:bare.end]):
            continue
        try:
            fv = full.parts[0][2](_Ctx(None))
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            continue
        if fv is None or fv.year is None:
            continue
        s, e, old = bare.parts[0]
        across = bool(gap["rng"]) or bool(re.search(r"\bbetween\s+$", env.before(a.start, 12), re.I))

        def res(ctx: _Ctx, old: Resolver = old, fv: _Val = fv, across: bool = across, bare_first: bool = bare_first) -> _Val | None:
            v = old(ctx)
            if v is None:
                return None
            m_bare, m_full = _month_of(v), _month_of(fv)
            y = fv.year
            if across and m_bare is not None and m_full is not None:
                if bare_first and m_bare > m_full:
                    y -= 1                  # "from November to February 2021"
                elif not bare_first and m_bare < m_full:
                    y += 1                  # "from November 2020 to February"
            return _reyear(v, y, 0.85) or v

        bare.parts = [(s, e, res)]


def _detect(env: _Env) -> list[_Cand]:
    chosen = _select(_match_rules(env))
    _extend_prefix(env, chosen)
    chosen = _merge_time_date(env, chosen)
    _share_years(env, chosen)
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


_WEAK_YEAR_RULES = {"decade", "century", "year_apos"}     # too coarse (or themselves guessed) to pin a year


def _past_years(env: _Env, cands: list[_Cand]) -> tuple[int, ...]:
    """Years that absolute expressions in the text name, not in future tense (decades and centuries do not count)."""
    found = _resolve(env, cands, _Ctx(None))
    years = []
    for span, tense, rule in found:
        if span.anchor == "none" and span.date and span.type == "DATE" and tense != "future" \
                and rule not in _WEAK_YEAR_RULES:
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


def warm() -> None:
    """Compile the rules and load dateparser's English tables now (once per process) rather than
    inside the first article that needs them."""
    _rules()
    try:
        from dateparser.date import DateDataParser
    except ImportError:          # pragma: no cover
        return
    DateDataParser(languages=["en"]).get_date_data("3 March 2024")


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

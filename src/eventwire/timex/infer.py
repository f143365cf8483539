"""Publication date inference: the date, the reason and the bounds the text sets (issue 5)."""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Sequence

from eventwire.annotate import Chunk
from eventwire.records import TimeSpan

from .detect import _WEAK_YEAR_RULES, _detect, _resolve
from .parse import _Env
from .values import _MAX_TEXT, _Ctx

log = logging.getLogger(__name__)


_FULL_DATE_RULES = {"iso", "numeric", "md_y", "dm_y", "wd_md"}
_YEAR_RULES = {"year", "month_year", "md_y", "dm_y", "season_year", "iso", "numeric", "wd_md"}
_REL_YEAR = re.compile(r"(?i)(this|last|next)\s+year")
_REL_YEAR_SHIFT = {"this": 0, "last": 1, "next": -1}       # publication year = named year + shift
_MD_VALUE = re.compile(r"(?:\d{4}|XXXX)-(\d{2})(?:-(\d{2}))?")


@dataclass(frozen=True)
class PublishedInference:
    """What the text says about its own publication date.

    `date` is the inferred day (None when the text only bounds it or says nothing); `reason`
    says why in words; `earliest` / `latest` bound the date where the text sets bounds (an
    article is no older than the latest past date it reports; a "last year" tied to a year
    fixes the year).  Never derived from today's date.
    """

    date: dt.date | None
    reason: str | None
    earliest: dt.date | None = None
    latest: dt.date | None = None


def _quote(span: TimeSpan) -> str:
    return "'" + re.sub(r"\s+", " ", span.text) + "'"


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _year_votes(env: _Env, found: list[tuple[TimeSpan, str | None, str]]) -> list[tuple[int, str]]:
    """Publication years that 'this/last/next year' phrases imply, each with its reason.

    Two patterns tie such a phrase to a stated year: a month(-day) followed by it ("on October 7
    last year") whose month(-day) the text also states with a year ("October 7, 2023"), and the
    phrase right next to a year ("last year (2023)", "this year's 2024 budget", "in 2023, last year").
    """
    spans = sorted(found, key=lambda f: f[0].start)
    dated = [(sp, rule) for sp, _, rule in spans if rule in _YEAR_RULES and sp.anchor == "none" and sp.date]
    votes: list[tuple[int, str]] = []
    for i, (sp, _, rule) in enumerate(spans):
        if rule != "rel_unit" or not _REL_YEAR.fullmatch(sp.text.strip()):
            continue
        word = _REL_YEAR.fullmatch(sp.text.strip()).group(1).lower()
        shift = _REL_YEAR_SHIFT[word]
        prev = spans[i - 1] if i > 0 else None
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        # "on October 7 last year" + "October 7, 2023" elsewhere
        if prev is not None and prev[2] in ("md", "dm", "month") \
                and re.fullmatch(r"\s*(?:,\s*|of\s+)?", env.text[prev[0].end:sp.start]):
            mv = _MD_VALUE.fullmatch(prev[0].value)
            if mv:
                for other, orule in dated:
                    ov = _MD_VALUE.match(other.date or "")
                    if not ov or ov.group(1) != mv.group(1) or (ov.group(2) or None) != (mv.group(2) or None):
                        continue
                    if (orule in ("md_y", "dm_y", "iso", "numeric", "wd_md")) != bool(mv.group(2)):
                        continue
                    y = int(other.date[:4])
                    phrase = re.sub(r"\s+", " ", env.text[prev[0].start:sp.end])
                    votes.append((y + shift, f"'{phrase}' is {_quote(other)}, so the article is from {y + shift}"))
                    break
        # "last year (2023)", "this year's 2024 budget", "2023, last year"
        for other, where in ((nxt, "after"), (prev, "before")):
            if other is None or other[2] not in _YEAR_RULES or other[0].anchor != "none" or not other[0].date:
                continue
            gap = env.text[sp.end:other[0].start] if where == "after" else env.text[other[0].end:sp.start]
            ok = (re.fullmatch(r"\s*(?:['’]s\s+|\(\s*|,\s*|[–—-]\s*)(?:in\s+)?", gap) if where == "after"
                  else re.fullmatch(r"\s*(?:\)\s*|,\s*)", gap))
            if ok:
                y = int(other[0].date[:4])
                votes.append((y + shift, f"{_quote(sp)} stands next to {_quote(other[0])}, so the article is "
                                         f"from {y + shift}"))
                break
    return votes


def _full_dates(found: list[tuple[TimeSpan, str | None, str]]) -> list[tuple[dt.date, TimeSpan, str]]:
    """Day-precision dates with a stated or pinned year that the text reports as past."""
    out = []
    for span, tense, rule in found:
        if rule not in _FULL_DATE_RULES or tense == "future" or span.precision != "day" or not span.date:
            continue
        if span.anchor not in ("none", "text") or span.confidence < 0.5:
            continue
        try:
            out.append((dt.date.fromisoformat(span.date), span, rule))
        except ValueError:
            continue
    return out


def _pin_reason(span: TimeSpan, d: dt.date, floor: int, floor_span: TimeSpan | None, by_vote: bool) -> str:
    wd = _WEEKDAY_NAMES[d.isoweekday() - 1]
    if by_vote:
        return f"{_quote(span)} is a {wd} in {d.year}, the year the text puts the article in"
    said = f" ({_quote(floor_span)})" if floor_span is not None and floor_span.text.strip() != str(floor) else ""
    if d.year == floor:
        return f"{_quote(span)} is a {wd} in {d.year}, the latest year mentioned{said}"
    return (f"{_quote(span)} is a {wd} in {d.year}, the first such year after the latest year mentioned "
            f"({floor}{', in ' + _quote(floor_span) if said else ''})")


def infer_publication(chunks: Sequence[Chunk], text: str) -> PublishedInference:
    """Infer the publication date from the text, with the reason (and the bounds it sets).  Never raises.

    Constraints, strongest first:
      * a weekday + month + day without a year ("On Friday, January 19") is pinned to the first
        year, not earlier than the latest year the text mentions as past (future-tense mentions
        do not count), in which that day falls on that weekday ("October 7, 2023" in the text ->
        Friday 19 January 2024);
      * "this/last/next year" tied to a stated year ("on October 7 last year" with "October 7,
        2023" elsewhere, "last year (2023)") fixes the publication year; a weekday + month + day is
        then pinned in that year;
      * the article is no older than the latest date (or year) it reports as past.
    The date is the latest day-precision date with a stated or pinned year that the text reports
    as past; when a phrase puts the article in a later year than that date, or the text names only
    years, the result is a range (earliest / latest) without a date.  Nothing is taken from today.
    """
    try:
        return _infer_publication(chunks, text)
    except Exception:            # a bug must not cost the article
        log.exception("timex: infer_publication failed")
        return PublishedInference(None, None)


def _infer_publication(chunks: Sequence[Chunk], text: str) -> PublishedInference:
    none = PublishedInference(None, "not given, and the text states no date or year to infer it from")
    if not isinstance(text, str) or not text.strip() or len(text) > _MAX_TEXT:
        return none
    env = _Env(text, chunks or ())
    cands = _detect(env)
    absolute = _resolve(env, cands, _Ctx(None))
    past = [(sp, t, r) for sp, t, r in absolute
            if sp.anchor == "none" and sp.date and sp.type == "DATE" and t != "future" and r not in _WEAK_YEAR_RULES]
    years = tuple(int(sp.date[:4]) for sp, _, _ in past)
    floor = max(years) if years else None
    floor_span = next((sp for sp, _, _ in past if int(sp.date[:4]) == floor), None)
    votes = _year_votes(env, absolute)
    vote_years = {y for y, _ in votes}
    vote: tuple[int, str] | None = votes[0] if len(vote_years) == 1 else None
    if vote is not None and floor is not None and vote[0] < floor:
        vote = None                     # the text reports a later year as past: the phrase was misread

    def resolve(extra: tuple[int, ...]) -> list[tuple[TimeSpan, str | None, str]]:
        ctx = _Ctx(None, "inferred")
        ctx.years = years + extra
        return _resolve(env, cands, ctx)

    found = resolve(())
    by_vote = False
    if vote is not None and (floor is None or vote[0] > floor):
        with_vote = resolve((vote[0],))
        pinned = [d for d, sp, r in _full_dates(with_vote) if r == "wd_md" and sp.anchor == "text"]
        if pinned and all(d.year == vote[0] for d in pinned):
            found, by_vote = with_vote, True
    dates = _full_dates(found)
    if dates:
        d, span, rule = max(dates, key=lambda x: x[0])
        if rule == "wd_md" and span.anchor == "text":
            reason = _pin_reason(span, d, floor if floor is not None else d.year, floor_span, by_vote)
        else:
            reason = f"{_quote(span)} is the latest date the text reports as past; the article is no older"
        latest = None
        if vote is not None:
            if vote[0] > d.year:
                lo = dt.date(vote[0], 1, 1)
                return PublishedInference(None, f"{vote[1]}, later than the latest date it reports ({_quote(span)}); "
                                                f"no day is fixed: published between {lo} and {vote[0]}-12-31",
                                          lo, dt.date(vote[0], 12, 31))
            if vote[0] == d.year:
                latest = dt.date(vote[0], 12, 31)
                reason += f"; {vote[1]}"
            elif vote[0] < d.year:
                reason += f"; but {vote[1]}: the text contradicts itself, the date is doubtful"
        return PublishedInference(d, reason, d, latest)
    if vote is not None:
        lo = dt.date(vote[0], 1, 1)
        return PublishedInference(None, f"{vote[1]}; no day is fixed: published between {lo} and {vote[0]}-12-31",
                                  lo, dt.date(vote[0], 12, 31))
    if floor is not None:
        said = f" ({_quote(floor_span)})" if floor_span and floor_span.text.strip() != str(floor) else ""
        return PublishedInference(None, f"the text reports {floor} as past{said}, so it is no older than "
                                        f"{floor}-01-01; no day is fixed", dt.date(floor, 1, 1))
    return none


def infer_published_with_reason(chunks: Sequence[Chunk], text: str) -> tuple[dt.date | None, str | None]:
    """The inferred publication date and the reason for it (see `infer_publication`)."""
    got = infer_publication(chunks, text)
    return got.date, got.reason


def infer_published(chunks: Sequence[Chunk], text: str) -> dt.date | None:
    """The inferred publication date, or None (see `infer_publication` for the rules and the reason)."""
    return infer_publication(chunks, text).date

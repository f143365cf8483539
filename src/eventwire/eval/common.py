"""Helpers shared by the scorers: errors, P/R/F1 with honest empty cases, names, dates, spans.

Conventions used by every scorer in this package:

* A ratio whose denominator is zero is ``None`` (undefined), never a made-up 0 or 1:
  precision is ``None`` when the system predicted nothing, recall is ``None`` when the
  gold holds nothing.  F1 is ``None`` only when both are; if one of them is undefined
  the other is necessarily 0 (nothing can match), so F1 is 0.0.
* Every result is plain JSON (dicts, lists, str, int, float, None).
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Iterable


class EvalError(ValueError):
    """A gold file or a system output that cannot be scored; the message says what to fix."""


# --------------------------------------------------------------------------- numbers

def ratio(num: float, den: float) -> float | None:
    """num/den, or None when den is 0."""
    return num / den if den else None


def harmonic(p: float | None, r: float | None) -> float | None:
    """F1 of a precision and a recall (None when both are undefined)."""
    if p is None and r is None:
        return None
    if p is None or r is None or p + r == 0:
        return 0.0
    return 2 * p * r / (p + r)


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall, F1 and the counts, for a one-to-one matching."""
    p = ratio(tp, tp + fp)
    r = ratio(tp, tp + fn)
    return {"precision": p, "recall": r, "f1": harmonic(p, r), "tp": tp, "fp": fp, "fn": fn}


def dual_prf(n_gold: int, n_system: int, matched_gold: int, matched_system: int) -> dict[str, Any]:
    """P/R/F1 when one system item may match several gold items (and the reverse):
    recall counts gold items matched by at least one system item, precision counts system
    items that match at least one gold item."""
    p = ratio(matched_system, n_system)
    r = ratio(matched_gold, n_gold)
    return {
        "precision": p, "recall": r, "f1": harmonic(p, r),
        "n_gold": n_gold, "n_system": n_system,
        "matched_gold": matched_gold, "matched_system": matched_system,
        "fp": n_system - matched_system, "fn": n_gold - matched_gold,
    }


def add_counts(total: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    """Add the ints and concatenate the lists of `part` into `total` (in place)."""
    for key, value in part.items():
        if isinstance(value, list):
            total.setdefault(key, []).extend(value)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, (int, float)):
            total[key] = total.get(key, 0) + value
    return total


# --------------------------------------------------------------------------- names

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_POSSESSIVE = re.compile(r"'s?$")


def norm_name(value: Any) -> str:
    """A name for comparison: case-folded, spaces collapsed, curly apostrophes made
    straight, a trailing possessive ('s, ') and a leading "the " removed."""
    s = " ".join(str(value).translate(_APOSTROPHES).split()).casefold()
    s = _POSSESSIVE.sub("", s).strip()
    if s.startswith("the "):
        s = s[4:].strip()
    return s


def name_set(*values: Any) -> set[str]:
    """Normalised names from strings and lists of strings; empty ones dropped."""
    out: set[str] = set()
    for value in values:
        if value is None:
            continue
        items: Iterable[Any] = value if isinstance(value, (list, tuple, set)) else [value]
        for item in items:
            if isinstance(item, dict):          # a mention {start, end, text}
                item = item.get("text")
            if item is None:
                continue
            n = norm_name(item)
            if n:
                out.add(n)
    return out


# --------------------------------------------------------------------------- dates

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11)}
_DATE_RE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|(?P<season>SP|SU|FA|AU|WI)"
    r"|Q(?P<q>[1-4])|H(?P<h>[12])|W(?P<w>\d{2})))?$")


def date_str(value: Any) -> str | None:
    """A gold or system date as a string (YAML may give ints or date objects)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    return s or None


def _month_range(y: int, m1: int, m2: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m1, 1), dt.date(y, m2, calendar.monthrange(y, m2)[1])


def day_range(value: Any) -> tuple[dt.date, dt.date] | None:
    """The days a date value covers: 2024-01-19, 2023-09, 2012, 2012-SU, 2008-Q1,
    2008-H2, 2013-W11, a full ISO timestamp (its day), or an interval "A/B" (either side
    may be empty: open).  None when the value is not a calendar date (P3D, PRESENT_REF...)."""
    s = date_str(value)
    if s is None:
        return None
    if "/" in s:
        a, _, b = s.partition("/")
        ra = day_range(a) if a.strip() else (dt.date.min, dt.date.min)
        rb = day_range(b) if b.strip() else (dt.date.max, dt.date.max)
        if ra is None or rb is None:
            return None
        return ra[0], rb[1]
    if "T" in s:
        s = s.split("T", 1)[0]
    m = _DATE_RE.match(s.upper())
    if not m:
        return None
    try:
        y = int(m["y"])
        if m["d"]:
            d = dt.date(y, int(m["m"]), int(m["d"]))
            return d, d
        if m["m"]:
            return _month_range(y, int(m["m"]), int(m["m"]))
        if m["season"] == "WI":
            return dt.date(y, 12, 1), dt.date(y + 1, 2, calendar.monthrange(y + 1, 2)[1])
        if m["season"]:
            return _month_range(y, *_SEASONS[m["season"]])
        if m["q"]:
            q = int(m["q"])
            return _month_range(y, 3 * q - 2, 3 * q)
        if m["h"]:
            h = int(m["h"])
            return _month_range(y, 6 * h - 5, 6 * h)
        if m["w"]:
            start = dt.date.fromisocalendar(y, int(m["w"]), 1)
            return start, start + dt.timedelta(days=6)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None


def gold_date_matches(gold: Any, date: Any, date_end: Any = None) -> bool:
    """Does a system date (with its optional date_end) match a gold date?

    A gold point (2024-01-19, 2023-09, 2008) matches at the gold's precision: every day
    the system's [date, date_end] covers must lie inside the gold's day, month or year (so
    2008-05-03 matches gold 2008, while 2008 does not match gold 2008-05, and an interval
    2008/2009 does not match gold 2008).  A gold interval ("2006/2010", "2006-03/2024-01")
    matches when the system's [date, date_end] overlaps it."""
    g = day_range(gold)
    start = day_range(date)
    if g is None or start is None:
        return False
    end = day_range(date_end) if date_end not in (None, "") else None
    lo, hi = start[0], (end or start)[1]
    if hi < lo:
        lo, hi = hi, lo
    if "/" in (date_str(gold) or ""):
        return lo <= g[1] and hi >= g[0]
    return g[0] <= lo and hi <= g[1]


# --------------------------------------------------------------------------- spans and text

_TOKEN_RE = re.compile(r"\w+")


def tokens(text: str | None) -> list[str]:
    """The \\w+ tokens of a text, case kept."""
    return _TOKEN_RE.findall(text or "")


def merged_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Spans clamped to [0, length], sorted, overlapping ones merged, empty ones dropped."""
    clean = sorted((max(0, s), min(length, e)) for s, e in spans)
    out: list[tuple[int, int]] = []
    for s, e in clean:
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def dropped_spans(article: dict[str, Any]) -> list[tuple[int, int]]:
    """The article's dropped[] spans, merged."""
    text = article.get("text") or ""
    spans = []
    for d in article.get("dropped") or []:
        try:
            spans.append((int(d["start"]), int(d["end"])))
        except (KeyError, TypeError, ValueError):
            continue
    return merged_spans(spans, len(text))


def body_text(article: dict[str, Any] | None) -> str:
    """The article body as scored: `text` minus `dropped[]`; the pieces that remain are
    joined by a newline so that no two words are glued together."""
    if not article:
        return ""
    text = article.get("text") or ""
    pieces, pos = [], 0
    for s, e in dropped_spans(article):
        pieces.append(text[pos:s])
        pos = e
    pieces.append(text[pos:])
    return "\n".join(p for p in pieces if p)


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) where `needle` occurs in `text` (overlapping ones included)."""
    out: list[tuple[int, int]] = []
    if not needle:
        return out
    i = text.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two half-open spans share at least one character?"""
    return a[0] < b[1] and b[0] < a[1]


# --------------------------------------------------------------------------- files

def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL file; an error names the file and the line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    records = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{n}: not valid JSON ({exc.msg}); each line must be one JSON object") from exc
        if not isinstance(rec, dict):
            raise EvalError(f"{path}:{n}: a line must be a JSON object, not {type(rec).__name__}")
        records.append(rec)
    return records


def articles_by_id(document: Any) -> dict[str, dict[str, Any]]:
    """Index an extract document {"articles": [...]} by article id."""
    if not isinstance(document, dict) or not isinstance(document.get("articles"), list):
        raise EvalError('the system output is not an extract document {"articles": [...]} '
                        "(see CONTRACT.md)")
    out: dict[str, dict[str, Any]] = {}
    for art in document["articles"]:
        if isinstance(art, dict) and art.get("id") is not None:
            out[str(art["id"])] = art
    return out


def max_matching(n_left: int, edges: dict[int, list[int]]) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn); `edges[i]` lists right nodes in preference order.
    Returns left -> right."""
    match_right: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges.get(i, []):
            if j in seen:
                continue
            seen.add(j)
            if j not in match_right or augment(match_right[j], seen):
                match_right[j] = i
                return True
        return False

    for i in range(n_left):
        augment(i, set())
    return {i: j for j, i in match_right.items()}

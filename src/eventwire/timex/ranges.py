"""Intervals the text states over found times: between X and Y, from X to Y, X-Y, since X, until X."""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Sequence

from eventwire.records import TimeSpan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TimeRange:
    """An interval the text states: `first` .. `last` (None: open end; for "until", first is the end bound)."""

    start: int
    end: int
    text: str
    first: TimeSpan
    last: TimeSpan | None
    kind: str                           # between | from_to | since | until
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

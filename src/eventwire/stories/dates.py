"""Date values as day ranges for linking (wraps eval.common.day_range, which knows every TIMEX form)."""
from __future__ import annotations

import datetime as dt

from ..eval.common import day_range

PUBLISHED_WINDOW = 7        # an event dated only by its article's publication happened in the week before

PRECISION_RANK = {"day": 0, "month": 1, "season": 2, "year": 3, "interval": 4, None: 5}


def event_range(date: str | None, date_end: str | None, source: str | None) -> tuple[dt.date, dt.date] | None:
    """The days an event's date covers; a publication-dated event covers the week up to it; None if undated."""
    start = day_range(date) if date else None
    if start is None:
        return None
    end = day_range(date_end) if date_end else None
    lo, hi = start[0], (end or start)[1]
    if source in ("published", "inferred"):
        lo = lo - dt.timedelta(days=PUBLISHED_WINDOW)
    return (lo, hi) if lo <= hi else (hi, lo)


def overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    """Do two day ranges share a day? Unknown (None) ranges are never clearly different."""
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])

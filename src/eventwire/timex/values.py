"""TIMEX3 values: the value record, the resolution context and the calendar arithmetic."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Sequence


_MAX_TEXT = 5_000_000


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

    def modern(self) -> bool:
        """Without a publication date: may a two-digit '05 or 'the 20s' mean this century? Yes unless
        every year the text mentions is before 2000 (never decided from today's date)."""
        return not self.years or max(self.years) >= 2000

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

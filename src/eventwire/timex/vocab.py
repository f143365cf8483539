"""The words of data/timex.yaml as lookups and regular-expression pieces."""
from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any, Iterable

import yaml


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
        self.centuries = {str(k).lower(): int(x) for k, x in (v.get("century_ordinals") or {}).items()}
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

"""The news test set (tests/data/timex_news.yaml): every expression found with its TIMEX3 value, no false dates.

One test per expected expression and per `not` substring; bench/timex_newsset.py scores the same data.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from eventwire.annotate import annotate, load_nlp
from eventwire.timex import find_times

DATA = Path(__file__).parent / "data" / "timex_news.yaml"
ITEMS = yaml.safe_load(DATA.read_text("utf-8"))


def _cases() -> list:
    out = []
    for i, it in enumerate(ITEMS):
        for expr, value in it.get("times") or []:
            out.append(pytest.param(i, expr, str(value), id=f"{i:03d}-{it['case']}-{expr}"))
        for expr in it.get("not") or []:
            out.append(pytest.param(i, expr, None, id=f"{i:03d}-not-{expr}"))
    return out


CASES = _cases()


def _locate(text: str, expr: str) -> tuple[int, int]:
    name, _, nth = expr.partition("#")
    pos = -1
    for _ in range(int(nth or 1)):
        pos = text.find(name, pos + 1)
        assert pos >= 0, f"{name!r} is not in the item's text"
    return pos, pos + len(name)


@pytest.fixture(scope="module")
def found():
    nlp = load_nlp()
    cache: dict[int, list] = {}

    def get(i: int) -> list:
        if i not in cache:
            it = ITEMS[i]
            pub = it["pub"] if isinstance(it["pub"], dt.date) else dt.date.fromisoformat(it["pub"])
            cache[i] = find_times(annotate(nlp, it["text"]), it["text"], pub)
        return cache[i]
    return get


def test_set_is_big_and_covers_the_cases():
    assert sum(1 for c in CASES if c.values[2] is not None) >= 150
    cases = {it["case"] for it in ITEMS}
    for needed in ("absolute", "month_year", "season", "decade", "weekday", "weekday_future", "rel_unit",
                   "earlier_later", "deictic_day", "ago_later", "narrative", "duration", "set", "time", "range",
                   "new_year", "not_dates"):
        assert needed in cases


@pytest.mark.parametrize("i, expr, value", CASES)
def test_expression(found, i, expr, value):
    text = ITEMS[i]["text"]
    s, e = _locate(text, expr)
    over = [t for t in found(i) if t.start < e and s < t.end]
    if value is None:
        assert not over, f"{expr!r} must not be a time: {[(t.text, t.value) for t in over]}"
        return
    assert over, f"{expr!r} not found in {text!r}"
    best = max(over, key=lambda t: ((t.start, t.end) == (s, e), min(e, t.end) - max(s, t.start)))
    assert best.value == value, f"{expr!r} (pub {ITEMS[i]['pub']}): {best.text!r} -> {best.value}, want {value}"

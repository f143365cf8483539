"""Clean: find page furniture (teaser blocks, footers, share bars) and list it as dropped spans.

The text itself is never changed: dropped spans are recorded on the Article so
that later stages skip them and offsets keep their meaning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Sequence

import yaml

from .records import Dropped

_SENT_END = re.compile(r"""[.!?:;…"'”’)\]]\s*$""")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MINOR = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
          "from", "as", "is", "are", "vs", "via", "into", "over", "after", "about"}


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled line patterns from data/boilerplate.yaml (and any user file)."""

    teaser_headers: tuple[re.Pattern, ...]
    footer_lines: tuple[re.Pattern, ...]


def load_rules(extra: Sequence[Path] = ()) -> BoilerplateRules:
    """Load the packaged boilerplate patterns plus user files layered on top."""
    texts = [resources.files("eventwire.data").joinpath("boilerplate.yaml").read_text("utf-8")]
    texts += [Path(p).read_text("utf-8") for p in extra]
    headers: list[re.Pattern] = []
    footers: list[re.Pattern] = []
    for t in texts:
        data = yaml.safe_load(t) or {}
        headers += [re.compile(p, re.I) for p in data.get("teaser_headers", [])]
        footers += [re.compile(p, re.I) for p in data.get("footer_lines", [])]
    return BoilerplateRules(tuple(headers), tuple(footers))


def _lines(text: str) -> list[tuple[int, int, str]]:
    """Non-blank lines as (start, end, stripped text) with offsets of the stripped text."""
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            start = pos + lead
            out.append((start, start + len(stripped), stripped))
        pos += len(raw)
    return out


def is_headline(line: str) -> bool:
    """A short title-case line with no closing punctuation, like a teaser headline."""
    if len(line) > 160 or _SENT_END.search(line):
        return False
    words = _WORD.findall(line)
    if len(words) < 3:
        return False
    content = [w for w in words if w.lower() not in _MINOR]
    caps = sum(1 for w in content if w[0].isupper())
    return bool(content) and caps / len(content) >= 0.75


def _is_summary(line: str) -> bool:
    """One sentence of at most 300 characters: the blurb under a teaser headline."""
    if len(line) > 300 or not _SENT_END.search(line):
        return False
    return len(re.findall(r"[.!?](\s|$)", line)) <= 1


def find_boilerplate(text: str, rules: BoilerplateRules) -> tuple[Dropped, ...]:
    """Return the spans of `text` that are page furniture, each with its reason."""
    lines = _lines(text)
    reasons: dict[int, str] = {}
    counts: dict[str, int] = {}
    for _, _, line in lines:
        counts[line] = counts.get(line, 0) + 1
    for i, (_, _, line) in enumerate(lines):
        if len(line) <= 200 and any(p.fullmatch(line) for p in rules.footer_lines):
            reasons[i] = "footer"
        elif len(line) <= 80 and any(p.fullmatch(line) for p in rules.teaser_headers):
            reasons[i] = "teaser_header"
        elif counts[line] > 1 and is_headline(line):
            reasons[i] = "teaser"           # the same headline twice: a teaser box or a ticker
    for i in [k for k, r in reasons.items() if r == "teaser_header"]:
        if i > 0 and is_headline(lines[i - 1][2]) and (i - 1) not in reasons:
            reasons[i - 1] = "teaser"
        j = i + 1
        after_headline = False
        while j < len(lines):
            line = lines[j][2]
            if is_headline(line):
                reasons.setdefault(j, "teaser")
                after_headline = True
            elif after_headline and _is_summary(line):
                reasons.setdefault(j, "teaser_summary")
                break
            else:
                break
            j += 1
    return tuple(Dropped(s, e, t, reasons[i]) for i, (s, e, t) in enumerate(lines) if i in reasons)


def inside(dropped: Sequence[Dropped], start: int, end: int) -> bool:
    """True when [start, end) overlaps any dropped span."""
    return any(d.start < end and start < d.end for d in dropped)

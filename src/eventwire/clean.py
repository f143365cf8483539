"""Clean: find page furniture (teasers, related-story lists, footers, newsletter prompts, photo
credits, share bars) in plain text and list it as dropped spans, each with its reason.

The text itself is never changed: dropped spans are recorded on the Article so that later
stages skip them and offsets keep their meaning.

Two kinds of evidence, one line (paragraph) at a time:

* a lexicon (data/boilerplate.yaml, plus user files): whole-line patterns for footers, newsletter
  prompts, photo credits and share bars, and for headers that open a teaser block ("Other
  Topics of Interest", "Read more:");
* the article's own cohesion: a news article keeps talking about the same people, places and
  things, and a teaser for another story does not. Every line's content words (stop words
  out, cut to a 5-letter stem so Russia/Russian and minister/ministry meet) are compared with
  the rest of the article. A teaser is then
  - a headline-like line (short, title case, no closing punctuation) that occurs twice;
  - a headline-like line with its one-sentence blurb when the pair shares almost nothing with
    the rest (TEASER_COHESION);
  - a long headline-like line alone that shares almost nothing (ORPHAN_COHESION);
  - a run of three or more headline-like lines (a related-stories list), or of two that share
    little with the article.
  A section heading ("Russian - Hamas Relations") shares the article's names and words, and is
  short, so it stays; so does a headline at the top of the text.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import Sequence

import yaml

from .records import Dropped

_SENT_END = re.compile(r"""[.!?:;…"'”’)\]。！？]\s*$""")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MINOR = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
          "from", "as", "is", "are", "vs", "via", "into", "over", "after", "about"}
STOP = frozenset("""
a about above after again against all also although am among an and another any are around as at be because
been before being below between both but by can could did do does doing down during each either else even
ever every few for from further get gets got had has have having he her here hers herself him himself his how
however i if in into is it its itself just least less let like made make many may me might more most much must
my myself near neither no nor not now of off often on once one only onto or other others our ours ourselves
out over own per perhaps rather said same say says several she should since so some still such than that the
their theirs them themselves then there these they this those though through thus to too toward towards under
until up upon us very via was we were what whatever when where whether which while who whom whose why will
with within without would yet you your yours yourself new news year years told according time week day today
monday tuesday wednesday thursday friday saturday sunday two three first last amid
""".split())
MIN_KEYS = 4                 # a line needs this many content words before its cohesion is judged
TEASER_COHESION = 0.34       # headline + blurb sharing at most this share of their words: a teaser
ORPHAN_COHESION = 0.15       # a lone headline (>= ORPHAN_WORDS words) sharing at most this: a teaser
ORPHAN_WORDS = 6
PAIR_RUN_COHESION = 0.5      # two headline lines in a row, each sharing less than this: a teaser list
REPEAT_COHESION = 0.5        # a repeated headline sharing less than this is a teaser (more: a repeated label)
# list items that look like headlines but are data: dates and numbers first, interview Q/A lines
_DATA_ITEM = re.compile(r"(\d|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d|[QA]\s*[:.]\s)", re.I)
# reasons for the lexicon's line lists, in the order they are tried
LINE_KINDS = (("footer_lines", "footer"), ("newsletter_lines", "newsletter"), ("credit_lines", "photo_credit"),
              ("share_lines", "share_bar"))


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled line patterns from data/boilerplate.yaml (and any user file)."""

    teaser_headers: tuple[re.Pattern, ...]
    footer_lines: tuple[re.Pattern, ...]
    line_kinds: tuple[tuple[str, tuple[re.Pattern, ...]], ...] = ()   # (reason, patterns), footer first


def load_rules(extra: Sequence[Path] = ()) -> BoilerplateRules:
    """Load the packaged boilerplate patterns plus user files layered on top."""
    texts = [resources.files("eventwire.data").joinpath("boilerplate.yaml").read_text("utf-8")]
    texts += [Path(p).read_text("utf-8") for p in extra]
    headers: list[re.Pattern] = []
    kinds: dict[str, list[re.Pattern]] = {key: [] for key, _ in LINE_KINDS}
    for t in texts:
        data = yaml.safe_load(t) or {}
        headers += [re.compile(p, re.I) for p in data.get("teaser_headers", [])]
        for key, _ in LINE_KINDS:
            kinds[key] += [re.compile(p, re.I) for p in data.get(key, []) or []]
    line_kinds = tuple((reason, tuple(kinds[key])) for key, reason in LINE_KINDS)
    return BoilerplateRules(tuple(headers), tuple(kinds["footer_lines"]), line_kinds)


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
    if len(line) > 160 or _SENT_END.search(line) or line.startswith("|"):
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


def keys(line: str) -> frozenset[str]:
    """A line's content words: lower case, stop words out, cut to 5 letters (Russia/Russian meet)."""
    out = set()
    for w in _WORD.findall(line):
        w = w.lower().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        w = w.strip("'-")
        if len(w) < 3 or w in STOP:
            continue
        out.add(w[:5])
    return frozenset(out)


class _Cohesion:
    """How much of a group of lines' vocabulary the rest of the article (kept lines only) shares."""

    def __init__(self, lines: list[tuple[int, int, str]]):
        self.keys = [keys(t) for _, _, t in lines]
        self.df: Counter = Counter()
        for k in self.keys:
            self.df.update(k)

    def drop(self, i: int) -> None:
        """Line i is furniture: it no longer counts as the article's vocabulary."""
        self.df.subtract(self.keys[i])

    def share(self, group: Sequence[int], dropped: set[int]) -> float | None:
        """Share of the group's content words found in kept lines outside it; None if too few words."""
        own: Counter = Counter()
        for i in group:
            if i not in dropped:
                own.update(self.keys[i])
        words = set().union(*(self.keys[i] for i in group))
        if len(words) < MIN_KEYS:
            return None
        return sum(1 for w in words if self.df[w] - own[w] > 0) / len(words)


def find_boilerplate(text: str, rules: BoilerplateRules) -> tuple[Dropped, ...]:
    """Return the spans of `text` that are page furniture, each with its reason."""
    lines = _lines(text)
    reasons: dict[int, str] = {}
    counts: Counter = Counter(line for _, _, line in lines)
    kinds = rules.line_kinds or (("footer", rules.footer_lines),)
    for i, (_, _, line) in enumerate(lines):
        if len(line) <= 200:
            kind = next((reason for reason, pats in kinds if any(p.fullmatch(line) for p in pats)), None)
            if kind:
                reasons[i] = kind
                continue
        if len(line) <= 80 and any(p.fullmatch(line) for p in rules.teaser_headers):
            reasons[i] = "teaser_header"
    coh = _Cohesion(lines)
    for i in reasons:
        coh.drop(i)
    for i in [k for k, r in reasons.items() if r == "teaser_header"]:
        if i > 0 and is_headline(lines[i - 1][2]) and (i - 1) not in reasons:
            reasons[i - 1] = "teaser"
            coh.drop(i - 1)
        j = i + 1
        headlines = 0
        while j < len(lines):
            line = lines[j][2]
            if is_headline(line):
                if j not in reasons:
                    reasons[j] = "teaser"
                    coh.drop(j)
                headlines += 1
            elif headlines == 1 and _is_summary(line) and j not in reasons:
                # the blurb under a lone teaser headline (after a list of headlines, a one-sentence
                # paragraph is the article going on: lists of teasers come without blurbs)
                reasons[j] = "teaser_summary"
                coh.drop(j)
                break
            else:
                break
            j += 1
    _by_cohesion(lines, reasons, counts, coh)
    return tuple(Dropped(s, e, t, reasons[i]) for i, (s, e, t) in enumerate(lines) if i in reasons)


def _by_cohesion(lines: list[tuple[int, int, str]], reasons: dict[int, str], counts: Counter,
                 coh: _Cohesion) -> None:
    """Teasers the lexicon did not name, found by how little they share with the article."""
    dropped = set(reasons)
    # the same headline twice: a teaser box or a ticker, unless it is the article's own label
    repeated = [i for i, (_, _, t) in enumerate(lines) if i not in dropped and counts[t] > 1 and is_headline(t)]
    groups: dict[str, list[int]] = {}
    for i in repeated:
        groups.setdefault(lines[i][2], []).append(i)
    for same in groups.values():
        share = coh.share(same, set())
        if share is None or share < REPEAT_COHESION:
            for i in same:
                reasons[i] = "teaser"
    for i in repeated:
        if i in reasons:
            dropped.add(i)
            coh.drop(i)
    if len(lines) < 3:
        return

    def mark(group: Sequence[int], reason: str) -> None:
        for i in group:
            if i not in dropped:
                reasons[i] = reason
                dropped.add(i)
                coh.drop(i)

    heads = [i not in dropped and is_headline(t) and not _DATA_ITEM.match(t) for i, (_, _, t) in enumerate(lines)]
    # runs of headline-like lines: a related-stories list (a lone heading line is not a run)
    i = 0
    while i < len(lines):
        if not heads[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and heads[j + 1]:
            j += 1
        run = list(range(i, j + 1))
        if len(run) >= 3:
            mark(run, "teaser_list")
        elif len(run) == 2 and i > 0:
            shares = [coh.share([k], dropped) for k in run]
            if all(s is not None and s < PAIR_RUN_COHESION for s in shares):
                mark(run, "teaser_list")
        i = j + 1
    # a headline with its blurb, or a long lone headline, that shares almost nothing with the article
    for i, (_, _, line) in enumerate(lines):
        if i in dropped or i == 0 or not heads[i] or len(_WORD.findall(line)) < ORPHAN_WORDS:
            continue
        nxt = i + 1
        if nxt < len(lines) and nxt not in dropped and _is_summary(lines[nxt][2]) and not is_headline(lines[nxt][2]):
            pair = coh.share([i, nxt], dropped)
            head = coh.share([i], dropped)
            if pair is not None and pair <= TEASER_COHESION and (head is None or head <= TEASER_COHESION):
                mark([i], "teaser")
                mark([nxt], "teaser_summary")
                continue
        head = coh.share([i], dropped)
        if head is not None and head <= ORPHAN_COHESION:
            mark([i], "teaser")


def inside(dropped: Sequence[Dropped], start: int, end: int) -> bool:
    """True when [start, end) overlaps any dropped span."""
    return any(d.start < end and start < d.end for d in dropped)


class DroppedIndex:
    """Dropped spans indexed for `inside` tests in O(log n) (a long text has many, asked per token)."""

    def __init__(self, dropped: Sequence[Dropped]) -> None:
        spans = sorted((d.start, d.end) for d in dropped)
        self.starts = [s for s, _ in spans]
        self.max_end = list(accumulate((e for _, e in spans), max))   # the furthest end among the first k

    def overlaps(self, start: int, end: int) -> bool:
        """inside(dropped, start, end): some span starting before `end` ends after `start`."""
        k = bisect.bisect_left(self.starts, end)
        return k > 0 and self.max_end[k - 1] > start

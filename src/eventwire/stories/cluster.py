"""Story features and similarity: TF-IDF of the words plus actors, places, dates and event clusters.

An article is a few sparse vectors, one per signal group ("t" words, "a" actors, "p" places,
"d" dates, "e" event clusters), each TF-IDF weighted and L2-normalised with the document
frequencies known when it arrives. A story keeps the sum of its articles' vectors. The
similarity of an article to a story is the cosine of their words, cut by a share for each
signal both have but do not share at all (two earthquakes in two places, or two years: same
words, different stories), and raised by the event clusters they share; a signal one side
lacks says nothing. Measured on ECB+ in docs/stories.md.
"""
from __future__ import annotations

import itertools
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

Vector = dict[str, float]
Groups = dict[str, Vector]

PLACE_KINDS = frozenset({"GPE", "LOC", "FAC"})
ACTOR_KINDS = frozenset({"PERSON", "ORG", "NORP"})
KEEP = 60                   # terms kept per article vector
KEEP_STORY = 300            # terms kept per story centroid
_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]{2,}")
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers herself
him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or
other our ours ourselves out over own same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves said says say told according also one two three new year years
yesterday today week would could may might news reported report reports people time like get got since still last
first just many much even back well including around another every per mr mrs ms via told two-thirds
""".split())


@dataclass(frozen=True)
class StoryParams:
    """How the signals bend the text similarity, and the similarity needed to join a story.

    actors, places, dates: the share taken off when both sides have that signal and share none
    of it (two earthquakes in two places), less as their cosine nears `shared`; events: the
    share added per unit of event-cluster cosine (the same meeting reported by both); attach: in
    the batch pass (settle.py), a story of at most `small` articles joins its nearest larger story
    when their mean similarity is at least this share of the threshold."""

    actors: float = 0.3
    places: float = 0.3
    dates: float = 0.5
    events: float = 0.3
    shared: float = 0.25
    threshold: float = 0.14
    attach: float = 0.5
    small: int = 2


def words(text: str) -> list[str]:
    """Content words of a text, lower case (stop words and numbers left out)."""
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOPWORDS and len(w) > 2]


def date_keys(values: Iterable[str]) -> list[str]:
    """Date features from TIMEX values: the year and the month ('2008', '2008-03'), or the month of
    an unknown year ('XXXX-09'); weekdays, durations and references give none."""
    out = []
    for v in values:
        m = re.match(r"^(\d{4}|XXXX)(?:-(\d{2}))?", v or "")
        if not m:
            continue
        if m.group(1) != "XXXX":
            out.append(m.group(1))
        if m.group(2):
            out.append(f"{m.group(1)}-{m.group(2)}")
    return out


def raw_features(text: str, actors: Iterable[tuple[str, str]], places: Iterable[str], dates: Iterable[str],
                 events: Iterable[str]) -> dict[str, Counter]:
    """Counts per group: words, actor ids (kind, id), place ids/names, date values, event cluster ids."""
    a, p = Counter(), Counter()
    for kind, aid in actors:
        if kind in PLACE_KINDS:
            p[aid] += 1
        elif kind in ACTOR_KINDS:
            a[aid] += 1
    p.update(places)
    return {"t": Counter(words(text)), "a": a, "p": p, "d": Counter(date_keys(dates)), "e": Counter(events)}


def key(group: str, term: str) -> str:
    """The one namespace of document frequencies and story keys: 't:word', 'a:person:x' ..."""
    return f"{group}:{term}"


def weigh(raw: Mapping[str, Counter], df: Mapping[str, int], n: int, keep: int = KEEP) -> Groups:
    """TF-IDF ((1 + log tf) * (log((n + 1) / (df + 1)) + 1)) per group, the top `keep` terms, L2-normalised."""
    out: Groups = {}
    for g, counts in raw.items():
        vec = {t: (1 + math.log(c)) * (math.log((n + 1) / (df.get(key(g, t), 0) + 1)) + 1)
               for t, c in counts.items() if c > 0}
        out[g] = normalise(dict(sorted(vec.items(), key=lambda x: -x[1])[:keep]))
    return {g: v for g, v in out.items() if v}


def _norm(vec: Vector) -> float:
    values = vec.values()
    return math.sqrt(sum(map(operator.mul, values, values)))


def normalise(vec: Vector) -> Vector:
    """The vector scaled to length 1 (empty stays empty)."""
    norm = _norm(vec)
    return {t: x / norm for t, x in vec.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two sparse vectors (the products summed in C, in the order a generator would)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(map(operator.mul, a.values(), map(b.get, a, itertools.repeat(0.0))))
    na, nb = _norm(a), _norm(b)
    return dot / (na * nb) if na and nb else 0.0


def similarity(article: Groups, story: Groups, params: StoryParams, members: Sequence[Groups] = ()) -> float:
    """Text cosine with the story, cut for each signal the article shares with too few of the story's
    `members` (all of them when none are given: the story itself), raised by shared event clusters."""
    sim = cosine(article.get("t", {}), story.get("t", {}))
    for g, cut in (("a", params.actors), ("p", params.places), ("d", params.dates)):
        if cut and article.get(g):
            sim *= 1 - cut * _apart(article[g], [m[g] for m in (members or [story]) if m.get(g)], params.shared)
    if params.events and article.get("e") and story.get("e"):
        sim *= 1 + params.events * cosine(article["e"], story["e"])
    return sim


def _apart(vec: Vector, others: Sequence[Vector], shared: float) -> float:
    """How far apart a signal is from others': 1 when it shares nothing with any, 0 when it shares
    at least `shared` (cosine) with every one; the mean over the others."""
    if not others:
        return 0.0
    return sum(max(0.0, 1 - cosine(vec, o) / shared) for o in others) / len(others)


def add_into(centroid: Groups, article: Groups) -> Groups:
    """The story's summed vectors with one more article, each group cut to its KEEP_STORY largest terms."""
    out: Groups = {}
    for g in set(centroid) | set(article):
        s = dict(centroid.get(g, {}))
        for t, x in article.get(g, {}).items():
            s[t] = s.get(t, 0.0) + x
        out[g] = dict(sorted(s.items(), key=lambda x: -x[1])[:KEEP_STORY])
    return out


def signature(article: Groups, per_group: int = 8) -> list[str]:
    """The article's compact signature: its heaviest terms of each group, as story keys."""
    out = []
    for g, vec in article.items():
        out += [key(g, t) for t, _ in sorted(vec.items(), key=lambda x: -x[1])[:per_group]]
    return out

"""The records that flow between stages: small frozen dataclasses, no spaCy objects."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """A stretch of Article.text: 0-based start, exclusive end, and the text itself."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Dropped:
    """A part of the text judged not to be the article (teaser, footer), with the reason."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class ItemError:
    """A problem with one input item: a stable code and a message that says what to do."""

    code: str
    message: str


@dataclass(frozen=True)
class Article:
    """One news article as ingested: the text all offsets index, plus metadata."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: dt.date | None = None
    published_inferred: bool = False
    published_reason: str | None = None  # why the date was inferred (or what bounds the text sets); None when given
    language: str | None = None
    source: str | None = None          # where it came from: a path, "stdin", "file.jsonl:12"
    dropped: tuple[Dropped, ...] = ()
    errors: tuple[ItemError, ...] = ()
    duplicate_of: str | None = None     # id of the earlier article this one near-duplicates (not coded again)


@dataclass(frozen=True)
class Mention:
    """One name in the text that refers to an actor (or a place)."""

    start: int
    end: int
    text: str
    kind: str                           # spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC
    actor_id: str | None = None
    title: str | None = None            # e.g. "Deputy Foreign Minister" parsed from the words before it


@dataclass(frozen=True)
class Role:
    """An office an actor holds, as the text or the KB states it."""

    title: str
    org: str | None = None              # actor id of the organisation, if known
    country: str | None = None
    start: str | None = None            # ISO dates, open ends as None
    end: str | None = None
    evidence: Span | None = None


@dataclass(frozen=True)
class Actor:
    """A resolved actor: KB entry or one found in the text, with a stable id."""

    id: str
    name: str
    kind: str                           # PERSON, ORG, GPE, LOC, NORP, FAC
    aliases: tuple[str, ...] = ()
    country: str | None = None          # ISO 3166 alpha-3
    sector: str | None = None           # PLOVER/CAMEO sector code (GOV, MIL, REB, ...)
    affiliation: str | None = None      # actor id
    roles: tuple[Role, ...] = ()
    attributes: tuple[tuple[str, Any], ...] = ()   # (key, value) pairs: age, residence, citizenship, status
    in_kb: bool = False


@dataclass(frozen=True)
class TimeSpan:
    """A date/time expression normalised to a TIMEX3-like value against an anchor."""

    start: int
    end: int
    text: str
    type: str                           # DATE, TIME, DURATION, SET
    value: str                          # TIMEX3 value: 2024-01-19, 2023-09, 2012-SU, P3D, PAST_REF ...
    anchor: str                         # published | inferred | text | none
    confidence: float
    date: str | None = None             # ISO date at its precision (first day of a season is not used)
    date_end: str | None = None         # set for seasons and open ranges
    precision: str | None = None        # day | month | season | year | decade | None
    mod: str | None = None              # START, END, EARLY, LATE, ... (TIMEX3 mod) where the text says so


@dataclass(frozen=True)
class Location:
    """Where an event took place."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    actor_id: str | None = None


@dataclass(frozen=True)
class Size:
    """PLOVER's size object for ASSAULT and PROTEST: the numbers the text gives (None: not given)."""

    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    participants: int | None = None


@dataclass(frozen=True)
class Event:
    """A PLOVER event with its parties, place, date and the sentence that states it."""

    id: str
    article_id: str
    type: str
    mode: str | None
    cameo: str
    actors: tuple[str, ...]
    recipients: tuple[str, ...]
    location: Location | None
    date: str | None
    date_end: str | None
    date_precision: str | None
    date_source: str | None             # text | published | inferred
    polarity: str                       # asserted | negated | proposed | hypothetical | future
    historical: bool
    reported_by: str | None
    confidence: float
    evidence: Span
    trigger: Span
    sentence: Span
    context: tuple[str, ...] = ()
    time: Span | None = None            # the date expression that dated it, if any
    quad: int | None = None             # PLOVER quad class: 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict
    size: Size | None = None            # ASSAULT/PROTEST numbers (dead, injured, arrested, participants)
    evidence_more: tuple[Span, ...] = ()  # further clauses of the same article that state the same happening


@dataclass(frozen=True)
class Claim:
    """A numeric claim (killed, kidnapped ...) with its range, qualifier and source."""

    what: str
    subject: str | None
    low: float | None
    high: float | None
    qualifier: str | None
    as_of: str | None
    said_by: str | None                 # actor id of who gives the number (a quote's speaker, "according to X")
    start: int
    end: int
    text: str                           # the clause that states the number (evidence)
    count_type: str | None = None       # GDELT GKG count type: KILL, WOUND, KIDNAP, ARREST, AFFECT, PROTEST, SEIZE
    number: Span | None = None          # the words that give the number ("more than 1,400", "half-dozen")
    subject_span: Span | None = None    # where the text names what is counted
    date: str | None = None             # date of the happening counted (the attack), where the text gives it


@dataclass(frozen=True)
class Quote:
    """Direct or reported speech with its speaker."""

    speaker: str | None
    speaker_span: Span | None
    start: int
    end: int
    text: str
    direct: bool
    cue: Span | None
    medium: Span | None = None          # "in an interview with The News of Israel", "in a statement"
    via: str | None = None              # actor id of who relays it ("according to the Times of Israel")
    date: str | None = None             # ISO date of the statement where the text gives one
    events: tuple[str, ...] = ()        # ids of the events the quote reports


@dataclass(frozen=True)
class Result:
    """Everything extracted from one article."""

    article: Article
    actors: tuple[Actor, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    times: tuple[TimeSpan, ...] = ()
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    content_hash: str = ""
    errors: tuple[ItemError, ...] = field(default=())


def to_jsonable(obj: Any) -> Any:
    """Turn records (and dates, tuples) into plain JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    return obj

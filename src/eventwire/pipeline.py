"""Pipeline: load resources once, then run clean -> annotate -> time -> actors -> events per article."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from spacy.language import Language

from . import annotate as ann
from .actors.kb import KB, load_kb
from .actors.pronouns import is_pronoun
from .actors.resolve import resolve_actors
from .claims import ClaimVocabulary, find_claims, load_vocabulary
from .clean import BoilerplateRules, find_boilerplate, load_rules
from .events.frames import Context, find_events
from .events.lexicon import Lexicon, load_lexicon
from .ingest import content_id, make_article, parse_published
from .quotes import SpeechCues, find_quotes, load_cues
from .records import Actor, Article, Claim, Event, ItemError, Quote, Result, to_jsonable
from .timex import find_ranges, find_times, infer_publication
from .timex import warm as warm_times

# Longer texts are refused as `too_long` before coding (about 45 s of coding on one core at the
# limit; longer ones would mostly run into the per-article time budget). Resources.max_chars changes it.
MAX_CHARS = 1_000_000

# What this version extracts; `eval` reports the other categories as "not extracted".
EXTRACTS = ("entities", "events", "times", "boilerplate", "claims", "quotes")


@dataclass
class Resources:
    """Everything loaded once and shared by all articles: the spaCy pipeline, actor KB, lexicons."""

    nlp: Language
    kb: KB
    lexicon: Lexicon
    boilerplate: BoilerplateRules
    speech: SpeechCues = field(default_factory=load_cues)
    claims: ClaimVocabulary = field(default_factory=load_vocabulary)
    max_chars: int = MAX_CHARS
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, actor_files: Sequence[Path] = (), lexicon_files: Sequence[Path] = (),
             boilerplate_files: Sequence[Path] = (), speech_files: Sequence[Path] = (),
             claim_files: Sequence[Path] = ()) -> "Resources":
        """Load the model, the KB (plus user actor files) and the lexicons (plus user lexicons)."""
        res = cls(nlp=ann.load_nlp(), kb=load_kb(list(actor_files)), lexicon=load_lexicon(list(lexicon_files)),
                  boilerplate=load_rules(list(boilerplate_files)), speech=load_cues(list(speech_files)),
                  claims=load_vocabulary(list(claim_files)))
        res.warm()
        return res

    def warm(self) -> None:
        """Build now what the first article would otherwise build (fuzzy-match tables, the timex
        rules, dateparser's tables): paid once at load, not inside the first article's time budget."""
        self.kb.warm()
        warm_times()


def _country_actors(kb: KB, actors: dict[str, Actor]):
    """A lookup ISO3 -> country actor id that adds the KB's country actor to `actors` when used."""
    def country(iso3: str) -> str | None:
        actor = kb.country(iso3)
        if actor is None:
            return None
        actors.setdefault(actor.id, actor)
        return actor.id
    return country


def process_article(article: Article, res: Resources, chunks: Sequence[ann.Chunk] | None = None) -> Result:
    """Extract everything from one article; an article with errors is returned uncoded.
    `chunks`: the article's text already parsed (`annotate.annotate_short`), else it is parsed here."""
    if article.errors:
        return Result(article=article, content_hash=content_id(article.text), errors=article.errors)
    if len(article.text) > res.max_chars:
        return error_result(article, "too_long", f"{len(article.text):,} characters; eventwire codes articles of up "
                                                 f"to {res.max_chars:,} (split it, or raise Resources.max_chars)")
    text = article.text
    dropped = find_boilerplate(text, res.boilerplate)
    if chunks is None:
        chunks = ann.annotate(res.nlp, text)
    published, inferred, reason = article.published, False, None
    if published is None:
        guess = infer_publication(chunks, text)
        published, reason = guess.date, guess.reason
        inferred = published is not None
    source = "inferred" if inferred else "published"
    times = [t for t in find_times(chunks, text, published, anchor=source)]
    ranges = find_ranges(text, times, published)
    actors_found, mentions = resolve_actors(chunks, text, res.kb, dropped)
    actors = {a.id: a for a in actors_found}
    ctx = Context(mentions=mentions, actors=actors, times=times, ranges=ranges, dropped=dropped,
                  published=published, published_source=source, place=res.kb.place,
                  country_actor=_country_actors(res.kb, actors))
    events = find_events(chunks, article.id, ctx, res.lexicon)
    quotes = find_quotes(chunks, text, mentions, actors, times, dropped, published, res.speech)
    claims = find_claims(chunks, text, mentions, actors, times, dropped, published, res.claims)
    quotes, claims = attach_quotes(quotes, claims, events)
    used = {i for e in events for i in (*e.actors, *e.recipients)}
    ordered = list(actors_found) + [a for i, a in actors.items() if i in used and a not in actors_found]
    article = dataclasses.replace(article, dropped=dropped, published=published, published_inferred=inferred,
                                  published_reason=reason)
    return Result(article=article, actors=tuple(ordered), mentions=tuple(mentions), events=tuple(events),
                  times=tuple(times), claims=tuple(claims), quotes=tuple(quotes), content_hash=content_id(text))


def attach_quotes(quotes: Sequence[Quote], claims: Sequence[Claim],
                  events: Sequence[Event]) -> tuple[list[Quote], list[Claim]]:
    """Link each quote to the events it reports, and give a claim inside a quote its speaker."""
    def inside(start: int, end: int, q: Quote) -> bool:
        return q.start <= start and end <= q.end

    out_q = []
    for q in quotes:
        ids = tuple(e.id for e in events if inside(e.trigger.start, e.trigger.end, q))
        out_q.append(dataclasses.replace(q, events=ids) if ids else q)
    out_c = []
    for c in claims:
        num = c.number or c
        q = next((q for q in quotes if q.speaker and inside(num.start, num.end, q)), None)
        out_c.append(dataclasses.replace(c, said_by=q.speaker) if q is not None and c.said_by is None else c)
    return out_q, out_c


PIPE_BATCH = 8       # articles parsed by one nlp.pipe call (STACK.md: spaCy is fastest with small batches)
GROUP_CHARS = 20_000  # longer articles are parsed alone: a batch's parse memory and time grow with its
                      # characters (8 chunks of 100k took 2.7 GB), and a group parse has one time budget


def process_many(articles: Iterable[Article], res: Resources, process=None,
                 clock: Callable[[int | None, bool], None] | None = None) -> Iterator[Result]:
    """Process a stream of articles with one set of resources; one bad article never stops the rest.

    Up to PIPE_BATCH articles of at most GROUP_CHARS at a time are parsed by one `nlp.pipe` call
    before each is coded; longer ones are parsed alone, in chunks. `process(article, res)` defaults to
    `process_article` (a test may pass a module-level stand-in, which then parses for itself).
    `clock(k, shared)`, when given, is told before the shared parse of a group whose first article
    is number k in the stream (shared True), before article k is coded (False), and None after the
    last (batch.py's time budget)."""
    tick = clock or (lambda k, shared: None)
    it = iter(articles)
    k = 0
    while group := list(islice(it, PIPE_BATCH)):
        done: list[Result] = []
        with res.nlp.memory_zone():          # the group's strings leave the vocab when it is coded
            if process is None:
                tick(k, True)
                parsed = _parse_short(group, res)
            else:
                parsed = {}
            for i, article in enumerate(group):
                tick(k + i, False)
                try:                         # caught inside the zone (spaCy #13924)
                    done.append(process_article(article, res, parsed.get(i)) if process is None
                                else process(article, res))
                except Exception as e:       # a bug on one text must not lose the batch: report it on the article
                    done.append(error_result(article, "internal_error", f"{type(e).__name__}: {e}"))
        k += len(group)
        yield from done
    tick(None, False)


def _parse_short(group: Sequence[Article], res: Resources) -> dict[int, list[ann.Chunk]]:
    """The parse of each article in GROUP that will be coded and is at most GROUP_CHARS long, by
    position; an error here only means each article is parsed on its own (and reports its own error)."""
    todo = [i for i, a in enumerate(group) if not a.errors and 0 < len(a.text) <= min(GROUP_CHARS, res.max_chars)]
    if len(todo) < 2:
        return {}
    try:
        chunks = ann.annotate_short(res.nlp, [group[i].text for i in todo])
    except Exception:  # noqa: BLE001 - fall back to one article at a time, which reports it
        return {}
    return dict(zip(todo, chunks))


def error_result(article: Article, code: str, message: str) -> Result:
    """The article uncoded, carrying one more error (`code`, "<source>: <message>")."""
    err = ItemError(code, f"{article.source or article.id}: {message}")
    return Result(article=dataclasses.replace(article, errors=article.errors + (err,)),
                  content_hash=content_id(article.text), errors=(err,))


_DEFAULT: Resources | None = None


def process(text: str, published: str | dt.date | None = None, id: str | None = None,
            resources: Resources | None = None) -> Result:
    """Python API: extract events, actors and dates from one text (resources load on first use)."""
    global _DEFAULT
    if resources is None:
        if _DEFAULT is None:
            _DEFAULT = Resources.load()
        resources = _DEFAULT
    if isinstance(published, str):
        published = parse_published(published, "published")
    article = make_article(text, name=id or "text", id=id, published=published)
    return process_article(article, resources)


# --- the extract contract (../CONTRACT.md, docs/schema.md) -------------------------------------

def _span(s) -> dict | None:
    return None if s is None else {"start": s.start, "end": s.end, "text": s.text}


def entity_json(actor: Actor, mentions: Sequence) -> dict:
    """One entity of the contract: the actor with its mentions in this article.

    A country named only by its adjective ("Palestinian") keeps spaCy's NORP kind.  Pronouns
    resolved to the actor ("he", "it": actors/pronouns.py) are not among its mentions here: they
    are no name of it, and scorers read mentions as names; they stay in Result.mentions (and the
    store) for the events.
    """
    own = [m for m in mentions if m.actor_id == actor.id and not is_pronoun(m)]
    kind = "NORP" if own and all(m.kind == "NORP" for m in own) else actor.kind
    return {
        "id": actor.id, "name": actor.name, "kind": kind, "country": actor.country, "sector": actor.sector,
        "aliases": list(actor.aliases), "affiliation": actor.affiliation,
        "roles": [{"title": r.title, "org": r.org, "country": r.country, "start": r.start, "end": r.end,
                   "evidence": _span(r.evidence)} for r in actor.roles],
        "attributes": {k: v for k, v in actor.attributes},
        "in_kb": actor.in_kb,
        "mentions": [{"start": m.start, "end": m.end, "text": m.text, "kind": m.kind, "title": m.title}
                     for m in own],
    }


def event_json(e) -> dict:
    """One event of the contract."""
    loc = e.location
    return {
        "id": e.id, "type": e.type, "mode": e.mode, "cameo": e.cameo, "context": list(e.context),
        "actors": list(e.actors), "recipients": list(e.recipients),
        "location": None if loc is None else {"name": loc.name, "country": loc.country, "lat": loc.lat, "lon": loc.lon},
        "date": e.date, "date_end": e.date_end, "date_precision": e.date_precision, "date_source": e.date_source,
        "polarity": e.polarity, "historical": e.historical, "reported_by": e.reported_by,
        "confidence": e.confidence, "evidence": _span(e.evidence), "trigger": _span(e.trigger),
        "time": _span(e.time), "quad": e.quad, "size": _size(e.size),
        "evidence_more": [_span(s) for s in e.evidence_more],
    }


def _size(size) -> dict | None:
    """PLOVER's size object: only the numbers the text gives."""
    if size is None:
        return None
    out = {k: v for k, v in dataclasses.asdict(size).items() if v is not None}
    return out or None


def result_json(r: Result) -> dict:
    """One article of the `extract` output, exactly as CONTRACT.md describes it."""
    a = r.article
    return {
        "id": a.id, "published": a.published.isoformat() if a.published else None,
        "published_inferred": a.published_inferred, "published_reason": a.published_reason, "title": a.title, "url": a.url, "outlet": a.outlet,
        "source": a.source, "language": a.language, "duplicate_of": a.duplicate_of, "text": a.text,
        "errors": [{"code": e.code, "message": e.message} for e in a.errors],
        "dropped": [to_jsonable(d) for d in a.dropped],
        "entities": [entity_json(x, r.mentions) for x in r.actors],
        "events": [event_json(e) for e in r.events],
        "times": [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
                   "anchor": t.anchor, "confidence": t.confidence, "date": t.date, "date_end": t.date_end,
                   "precision": t.precision} for t in r.times],
        "claims": [to_jsonable(c) for c in r.claims],
        "quotes": [to_jsonable(q) for q in r.quotes],
    }

"""The REST API under /api/: JSON (and CSV for events) over the store's queries, read-only."""
from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..export import FLAT_COLUMNS, _csv_value, flat_row
from ..store import query_claims, query_quotes
from ..store.sqlite import actor_profile, list_actors
from . import network, queries
from .app import MAX_BODY, db
from .queries import EventFilters

router = APIRouter(prefix="/api", tags=["api"])
DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"           # empty: no bound (what an empty form field sends)
MAX_OFFSET = 2**62                                # SQLite integers are 64-bit
Polarity = Literal["asserted", "negated", "proposed", "hypothetical", "future", "all"]


def event_filters(actor: str | None = Query(None, description="A name, alias or id; a country includes its officials."),
                  with_: str | None = Query(None, alias="with", description="...and this actor too."),
                  type: str | None = Query(None, description="PLOVER type: CONSULT, ASSAULT, ..."),
                  since: str | None = Query(None, pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD"),
                  until: str | None = Query(None, pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD"),
                  polarity: list[Polarity] = Query(["asserted"], description="Repeatable; `all` for every one."),
                  q: str | None = Query(None, description="Text in the evidence or the article title.")) -> EventFilters:
    """The event filters of a request."""
    return EventFilters(actor=actor or None, with_=with_ or None, type=type or None, since=since or None,
                        until=until or None,
                        polarity=None if "all" in polarity else tuple(polarity), q=q or None)


def page(total: int, limit: int, offset: int, items: list) -> dict:
    """One page of a list."""
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def event_json(d: dict) -> dict:
    """An event row as the API gives it: the flat export columns plus its sentence."""
    return {**flat_row(d), "sentence": d.get("sentence")}


def events_csv(rows: list[dict]) -> str:
    """Events as CSV with the columns of `eventwire export --format csv`."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(FLAT_COLUMNS)
    for d in rows:
        r = flat_row(d)
        w.writerow([_csv_value(c, r[c]) for c in FLAT_COLUMNS])
    return buf.getvalue()


@router.get("/articles")
def articles(limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
             conn: sqlite3.Connection = Depends(db)) -> dict:
    """Stored articles, newest first, with their event counts."""
    total, rows = queries.list_articles(conn, limit, offset)
    return page(total, limit, offset, rows)


@router.get("/articles/{article_id:path}")
def article(article_id: str, conn: sqlite3.Connection = Depends(db)) -> dict:
    """One article with its text and everything extracted from it (mentions, events, times, claims, quotes)."""
    d = queries.article(conn, article_id)
    if d is None:
        raise HTTPException(404, "no such article")
    return {**d, "events": [event_json(e) for e in d["events"]]}


@router.get("/events", responses={200: {"content": {"text/csv": {}}}})
def events(f: EventFilters = Depends(event_filters), limit: int = Query(50, ge=1, le=1000),
           offset: int = Query(0, ge=0, le=MAX_OFFSET), format: Literal["json", "csv"] = "json",
           conn: sqlite3.Connection = Depends(db)):
    """Events oldest first, filtered as `eventwire events`; `format=csv` gives every match (no paging)."""
    if format == "csv":
        _, rows = queries.events_page(conn, f, limit=None)
        return Response(events_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="events.csv"'})
    total, rows = queries.events_page(conn, f, limit, offset)
    return page(total, limit, offset, [event_json(r) for r in rows])


@router.get("/actors")
def actors(kind: str | None = None, country: str | None = None, limit: int = Query(100, ge=1, le=10000),
           offset: int = Query(0, ge=0, le=MAX_OFFSET), conn: sqlite3.Connection = Depends(db)) -> dict:
    """Stored actors, most active first, with mention and event counts."""
    rows = list_actors(conn, kind=kind, country=country)
    return page(len(rows), limit, offset, rows[offset:offset + limit])


@router.get("/actors/{name:path}")
def actor(name: str, conn: sqlite3.Connection = Depends(db)) -> dict:
    """One actor by id, name or alias: aliases, roles over time, articles, events and contacts."""
    profile = actor_profile(conn, name)
    if profile is None:
        raise HTTPException(404, "no such actor")
    return {**profile, "contacts": queries.contacts(conn, profile["id"])}


@router.get("/timeline")
def timeline(actor: str = Query(..., min_length=1), with_: str | None = Query(None, alias="with"),
             conn: sqlite3.Connection = Depends(db)) -> dict:
    """An actor's (or a pair's) dated, asserted events, oldest first, each with its sentence."""
    rows = queries.timeline(conn, actor, with_ or None)
    return {"actor": actor, "with": with_, "items": [event_json(r) for r in rows]}


@router.get("/network")
def network_json(f: EventFilters = Depends(event_filters), max_nodes: int = Query(60, ge=1, le=500),
                 conn: sqlite3.Connection = Depends(db)) -> dict:
    """The actor network of the selected events: nodes, and edges weighted by how many events join two actors."""
    return network.to_json(network.graph(conn, f, max_nodes))


@router.get("/claims")
def claims(what: str | None = None, source: str | None = None, article: str | None = None,
           conn: sqlite3.Connection = Depends(db)) -> dict:
    """Numeric claims (casualties, arrests, ...), by date of what they count."""
    return {"items": query_claims(conn, what=what or None, source=source or None, article=article or None)}


@router.get("/stories")
def stories(limit: int = Query(100, ge=1, le=10000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
            conn: sqlite3.Connection = Depends(db)) -> dict:
    """News stories: articles grouped across outlets (`eventwire stories`), largest first."""
    from ..stories.views import list_stories
    rows = list_stories(conn)
    return page(len(rows), limit, offset, rows[offset:offset + limit])


@router.get("/stories/{ref}")
def story(ref: str, conn: sqlite3.Connection = Depends(db)) -> dict:
    """One story (by its id or one of its articles' ids): articles, merged timeline, claims with verdicts."""
    from ..stories.views import story_detail
    d = story_detail(conn, ref)
    if d is None:
        raise HTTPException(404, "no such story or article")
    return d


@router.get("/quotes")
def quotes(speaker: str | None = None, article: str | None = None, conn: sqlite3.Connection = Depends(db)) -> dict:
    """Quotes and reported statements with their speakers."""
    return {"items": query_quotes(conn, speaker=speaker or None, article=article or None)}


class ExtractRequest(BaseModel):
    """A text to code."""

    text: str = Field(min_length=1, max_length=MAX_BODY)
    published: dt.date | None = Field(None, description="Publication date: dates such as 'on Friday' need one.")
    title: str | None = None


@router.post("/extract")
def extract(body: ExtractRequest, request: Request) -> dict:
    """Code a text without storing it: the JSON of `eventwire extract` for one article."""
    return request.app.state.coder.code(body.text, published=body.published, title=body.title)

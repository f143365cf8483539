"""The server-rendered pages: overview, article, events, actors, timeline, network, extract."""
from __future__ import annotations

import sqlite3

from fastapi import APIRouter, Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..ingest import IngestError, parse_published
from ..store.sqlite import actor_profile, list_actors, similar_actors
from . import network, queries
from .api import MAX_OFFSET, event_filters
from .app import MAX_BODY, db
from .coder import result_view
from .highlight import article_marks, pieces
from .queries import EventFilters

router = APIRouter(include_in_schema=False)
POLARITIES = ("asserted", "negated", "proposed", "hypothetical", "future", "all")


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    """A page from its template."""
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)


def not_found(request: Request, what: str, suggestions: list[str] = ()) -> HTMLResponse:
    """The 404 page."""
    return render(request, "error.html", 404, title="Not found", message=what, suggestions=list(suggestions))


@router.get("/")
def index(request: Request, conn: sqlite3.Connection = Depends(db)) -> HTMLResponse:
    """What the database holds, with links into it."""
    total, articles = queries.list_articles(conn, limit=100)
    return render(request, "index.html", title="eventwire", stats=queries.overview(conn), articles=articles,
                  total_articles=total, actors=list_actors(conn)[:20])


def _article_page(request: Request, view: dict, title: str) -> HTMLResponse:
    return render(request, "article.html", title=title, a=view, pieces=pieces(view["text"], article_marks(view)))


@router.get("/articles/{article_id:path}")
def article(request: Request, article_id: str, conn: sqlite3.Connection = Depends(db)) -> HTMLResponse:
    """An article with its extractions highlighted and its events beside it."""
    view = queries.article(conn, article_id)
    if view is None:
        return not_found(request, f"No article with id {article_id!r}.")
    title = view["headline"] or f"Article {view['id']}"
    return _article_page(request, view, title if len(title) <= 110 else title[:107] + "...")


@router.get("/events")
def events(request: Request, f: EventFilters = Depends(event_filters), limit: int = Query(50, ge=1, le=1000),
           offset: int = Query(0, ge=0, le=MAX_OFFSET), conn: sqlite3.Connection = Depends(db)) -> HTMLResponse:
    """The events table with its filters, pages and a CSV download."""
    total, rows = queries.events_page(conn, f, limit, offset)
    types = [r[0] for r in conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]
    params = {"actor": f.actor, "with": f.with_, "type": f.type, "since": f.since, "until": f.until, "q": f.q,
              "polarity": list(f.polarity) if f.polarity is not None else ["all"]}
    return render(request, "events.html", title="Events", rows=rows, total=total, limit=limit, offset=offset,
                  params=params, types=types, polarities=POLARITIES)


@router.get("/actors")
def actors(request: Request, conn: sqlite3.Connection = Depends(db)) -> HTMLResponse:
    """Every stored actor, most active first."""
    return render(request, "actors.html", title="Actors", actors=list_actors(conn))


@router.get("/actors/{name:path}")
def actor(request: Request, name: str, conn: sqlite3.Connection = Depends(db)) -> HTMLResponse:
    """One actor: aliases, roles over time, events as a timeline, contacts, articles."""
    profile = actor_profile(conn, name)
    if profile is None:
        return not_found(request, f"No actor called {name!r}.", similar_actors(conn, name))
    return render(request, "actor.html", title=profile["name"], p=profile, contacts=queries.contacts(conn, profile["id"]))


@router.get("/timeline")
def timeline(request: Request, actor: str | None = None, with_: str | None = Query(None, alias="with"),
             conn: sqlite3.Connection = Depends(db)) -> HTMLResponse:
    """The dated events of an actor or a pair, oldest first, each with the sentence it came from."""
    rows = queries.timeline(conn, actor, with_ or None) if actor else []
    label = " – ".join(x for x in (actor, with_) if x)
    return render(request, "timeline.html", title=f"Timeline: {label}" if label else "Timeline", rows=rows,
                  actor=actor or "", with_=with_ or "")


@router.get("/network")
def network_page(request: Request, f: EventFilters = Depends(event_filters),
                 max_nodes: int = Query(60, ge=1, le=500), conn: sqlite3.Connection = Depends(db)) -> HTMLResponse:
    """The actor network of the selected events, drawn as SVG on the server."""
    g = network.graph(conn, f, max_nodes)
    return render(request, "network.html", title="Network", drawing=network.draw(g), data=network.to_json(g),
                  quads=network.QUADS, params={"actor": f.actor or "", "type": f.type or "", "since": f.since or "",
                                               "until": f.until or ""})


@router.get("/extract")
def extract_form(request: Request) -> HTMLResponse:
    """A form to paste a text and see it coded."""
    return render(request, "extract.html", title="Code a text", text="", published="", error=None, max_body=MAX_BODY)


@router.post("/extract")
def extract(request: Request, text: str = Form(..., max_length=MAX_BODY),
            published: str = Form("", pattern=r"^(\d{4}-\d{2}-\d{2})?$")) -> HTMLResponse:
    """The pasted text coded (not stored), shown as an article page."""
    try:
        date = parse_published(published, "published")
    except IngestError as e:
        return render(request, "extract.html", 422, title="Code a text", text=text, published=published,
                      error=e.message, max_body=MAX_BODY)
    if not text.strip():
        return render(request, "extract.html", 422, title="Code a text", text=text, published=published,
                      error="Paste a text to code.", max_body=MAX_BODY)
    view = result_view(request.app.state.coder.code(text, published=date))
    return _article_page(request, view, "Coded text (not stored)")


def add_error_pages(app: FastAPI) -> None:
    """HTTP errors as pages outside /api/ (JSON inside it)."""
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render(request, "error.html", exc.status_code, title=f"Error {exc.status_code}",
                      message=str(exc.detail), suggestions=[])

"""The FastAPI application: read-only database access per request, security headers, a body size cap."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable, Iterator

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import fmt
from .coder import Coder
from .highlight import actor_href

HERE = Path(__file__).parent
MAX_BODY = 1_000_000          # bytes a POST may carry (a long article is ~50 kB)
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
                               " form-action 'self'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


class BodyTooLarge(HTTPException):
    """A request body over the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes")


class LimitsAndHeaders:
    """ASGI middleware: refuse a body over LIMIT (by its Content-Length before reading anything,
    else while it streams in) and add the security headers to every response."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in have]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await self._refuse(scope, receive, send_with_headers)
        seen = 0

        async def capped_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        try:
            await self.app(scope, capped_receive, send_with_headers)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send_with_headers)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse({"detail": f"request body over {self.limit} bytes"}, status_code=413,
                                headers={"connection": "close"})
        await response(scope, receive, send)


def templates() -> Jinja2Templates:
    """The page templates, autoescaped (every string from the database is untrusted)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters.update(when=fmt.when, web_url=fmt.web_url, query=fmt.query, actor_href=actor_href,
                       sentence_parts=fmt.sentence_parts)
    return Jinja2Templates(env=env)


def open_db(path: str) -> sqlite3.Connection:
    """A read-only connection (used by one request, possibly across the threadpool's threads)."""
    from ..store.postgres import is_url, open_connection
    if is_url(path):
        return open_connection(path, read_only=True)
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def db(request: Request) -> Iterator[sqlite3.Connection]:
    """FastAPI dependency: a read-only connection for this request, closed after it."""
    conn = open_db(request.app.state.db_path)
    try:
        yield conn
    finally:
        conn.close()


def create_app(db_path: str | Path, resources_loader: Callable | None = None,
               tokens: dict[str, str | None] | None = None) -> FastAPI:
    """The web app over the eventwire database DB_PATH (which must exist); RESOURCES_LOADER makes the
    pipeline resources for /extract on first use (default `Resources.load`); TOKENS (token -> who) allow
    corrections (without them the app is read-only)."""
    from ..export import _version
    from ..store import connect
    from ..store.backend import exists, is_url, label
    from . import api, corrections, pages
    path = str(db_path) if is_url(db_path) else Path(db_path)
    if not (exists(path) if is_url(path) else path.is_file()):
        raise FileNotFoundError(f"{label(path)}: no such database; create it with "
                                f"`eventwire run PATH --db {label(path)}`")
    connect(path).close()               # checks it is an eventwire database and brings its schema up to date
    app = FastAPI(title="eventwire", version=_version(), docs_url=None, redoc_url=None,
                  description="Political event data coded from news articles (PLOVER), read-only.")
    app.state.db_path = str(path)
    app.state.coder = Coder(resources_loader)
    app.state.tokens = tokens or None
    app.state.templates = templates()
    app.add_middleware(LimitsAndHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(corrections.router)
    app.include_router(pages.router)
    pages.add_error_pages(app)
    return app

"""Corrections over the REST API: POST needs `Authorization: Bearer TOKEN` (never a cookie), GET is open."""
from __future__ import annotations

import hmac
import sqlite3
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from ..store.corrections import ACTIONS, MAX_NOTE, CorrectionError, add_correction, list_corrections
from .app import db

router = APIRouter(prefix="/api", tags=["corrections"])
MAX_TOKEN_LINE = 500


def read_tokens(path: Path, user: str | None) -> dict[str, str | None]:
    """The tokens of a token file (lines 'TOKEN [NAME]', '#' comments), each with who it writes as."""
    tokens: dict[str, str | None] = {}
    for line in Path(path).read_text("utf-8").splitlines():
        parts = line.strip()[:MAX_TOKEN_LINE].split(None, 1)
        if parts and not parts[0].startswith("#"):
            tokens[parts[0]] = parts[1].strip() if len(parts) > 1 else user
    if not tokens:
        raise ValueError(f"{path}: no token in the token file")
    return tokens


def writer(request: Request) -> str | None:
    """FastAPI dependency: who a write comes from, by its Bearer token; 403 on a read-only server, 401 without a valid token."""
    tokens: dict[str, str | None] | None = request.app.state.tokens
    if not tokens:
        raise HTTPException(403, "this server is read-only: start it with `eventwire serve --token-file FILE`")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    for token, who in tokens.items():
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
            return who
    raise HTTPException(401, "a valid `Authorization: Bearer TOKEN` header is needed",
                        headers={"www-authenticate": "Bearer"})


class Span(BaseModel):
    """A selection in the article text: offsets in characters, end exclusive."""

    model_config = ConfigDict(extra="forbid")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str | None = Field(None, max_length=100_000)


class CorrectionRequest(BaseModel):
    """One correction; `event` holds the new or changed fields in the extract JSON's event shape."""

    model_config = ConfigDict(extra="forbid")
    article_id: str | None = Field(None, max_length=500)
    action: Literal[ACTIONS]         # type: ignore[valid-type]
    event_id: str | None = Field(None, max_length=500, description="The event to delete or edit.")
    event: dict[str, Any] | None = Field(None, description="type, mode, actors, recipients, date, date_end, "
                                                           "location, polarity")
    evidence: Span | None = Field(None, description="The selection an added event rests on.")
    correction_id: int | None = Field(None, ge=1, description="The correction an undo takes back.")
    actor: str | None = Field(None, max_length=500, description="merge_actors: the actor merged away (id or name); "
                                                               "split_actor: the actor wrongly holding `name`.")
    into: str | None = Field(None, max_length=500, description="merge_actors: the actor kept (id or name).")
    name: str | None = Field(None, max_length=500, description="split_actor: the other actor's name.")
    kind: str | None = Field(None, max_length=20, description="split_actor: its kind (default: the actor's).")
    boilerplate: StrictBool | None = Field(None, description="mark_boilerplate: true (boilerplate) or false "
                                                             "(it is not).")
    note: str | None = Field(None, max_length=MAX_NOTE)


def _invalid(e: CorrectionError) -> JSONResponse:
    """A refused correction, shaped like FastAPI's own validation errors."""
    return JSONResponse({"detail": [{"loc": ["body", *e.field.split(".")], "msg": e.message,
                                     "type": "value_error"}]}, status_code=422)


@router.post("/corrections", status_code=201)
def post_correction(body: CorrectionRequest, request: Request, who: str | None = Depends(writer)):
    """Store one correction (delete_event, edit_event, add_event, mark_boilerplate, merge_actors, split_actor,
    undo) and apply it; the stored entry with its id."""
    from ..store import connect
    conn = connect(request.app.state.db_path)
    try:
        entry = add_correction(conn, body.article_id, body.action, who=who, event_id=body.event_id,
                               event=body.event, evidence=body.evidence.model_dump() if body.evidence else None,
                               correction_id=body.correction_id, note=body.note, actor=body.actor,
                               into=body.into, name=body.name, kind=body.kind, boilerplate=body.boilerplate)
    except CorrectionError as e:
        return _invalid(e)
    finally:
        conn.close()
    return JSONResponse(entry.to_json(), status_code=201)


@router.get("/corrections")
def get_corrections(article: str | None = None, orphaned: bool = Query(False),
                    conn: sqlite3.Connection = Depends(db)) -> dict:
    """The corrections log, oldest first, each with its state (applied, orphaned, undone)."""
    return {"items": [c.to_json() for c in list_corrections(conn, orphaned=orphaned, article_id=article or None)]}

"""Coding posted texts: the pipeline's resources load once, on the first text, and one text is coded at a time."""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ..pipeline import Resources


class Coder:
    """Codes texts with resources that LOADER makes on first use (`Resources.load` by default)."""

    def __init__(self, loader: "Callable[[], Resources] | None" = None) -> None:
        self._loader = loader
        self._resources: "Resources | None" = None
        self._lock = threading.Lock()

    def code(self, text: str, published=None, title: str | None = None) -> dict:
        """The extract JSON of one text (not stored)."""
        from ..ingest import make_article
        from ..pipeline import Resources, process_many, result_json    # spaCy: imported on first use
        with self._lock:
            if self._resources is None:
                self._resources = (self._loader or Resources.load)()
            article = make_article(text, name="posted text", published=published, title=title)
            return result_json(next(process_many([article], self._resources)))


def result_view(r: dict) -> dict:
    """An extract result in the shape of a stored article (see `queries.article`), for the article template."""
    names = {e["id"]: e["name"] for e in r["entities"]}
    events = []
    for e in r["events"]:
        loc = e.get("location") or {}
        events.append({**e, "location": loc.get("name"), "evidence": e["evidence"]["text"],
                       "trigger_start": e["trigger"]["start"], "trigger_end": e["trigger"]["end"],
                       "trigger": e["trigger"]["text"], "article_id": r["id"],
                       "actors": [names.get(x, x) for x in e["actors"]], "actor_ids": e["actors"],
                       "recipients": [names.get(x, x) for x in e["recipients"]], "recipient_ids": e["recipients"]})
    mentions = [{**m, "actor_id": ent["id"], "name": ent["name"]} for ent in r["entities"] for m in ent["mentions"]]
    quotes = [{**q, "speaker_name": names.get(q.get("speaker"))} for q in r["quotes"]]
    return {**r, "events": events, "mentions": mentions, "quotes": quotes}

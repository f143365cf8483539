"""Articles from decoded text, from HTML and from batch records (JSONL lines, CSV rows)."""
from __future__ import annotations

import datetime as dt
import json
from typing import Iterable

from ..records import Article, ItemError
from ._base import IngestError, content_id, parse_published, safe_opt, safe_text
from .html import html_to_text
from .language import english_verdict

META_FIELDS = ("title", "url", "outlet")


def check_text(text: str, name: str) -> list[ItemError]:
    """Problems that stop coding a text: empty, or not English. Returns [] when fine."""
    return _check(text, name)[0]


def _check(text: str, name: str) -> tuple[list[ItemError], str | None]:
    if not text.strip():
        return [ItemError("empty_document", f"{name}: no text to code (empty or whitespace only)")], None
    english, lang = english_verdict(text)
    if not english:
        return [ItemError("not_english", f"{name}: the text is in another language ({lang}); eventwire codes "
                                         "English only, so it is kept but skipped for coding")], lang
    return [], "en"


def make_article(text: str, *, name: str, id: str | None = None, published: dt.date | None = None,
                 title: str | None = None, url: str | None = None, outlet: str | None = None,
                 errors: Iterable[ItemError] = ()) -> Article:
    """Build an Article from decoded text, checking it (empty, language) and giving it a stable id."""
    text = safe_text(text)
    name = safe_text(name)
    problems, lang = _check(text, name)
    errs = list(errors) + problems
    id = safe_text(str(id)) if id not in (None, "") else None
    return Article(id=id or content_id(text), text=text, url=safe_opt(url), outlet=safe_opt(outlet),
                   title=safe_opt(title), published=published, source=name, errors=tuple(errs),
                   language=lang or "en")


def merge_found(fields: dict, found: dict) -> dict:
    """Metadata given by the user (sidecar, record, feed) wins over what the page says."""
    return {k: fields.get(k) or safe_opt(found.get(k)) for k in META_FIELDS}


def found_date(found: dict, where: str) -> dt.date | None:
    """The page's own publication date, or None when it gives none (or an unreadable one)."""
    if not found.get("published"):
        return None
    try:
        return parse_published(found["published"], where)
    except IngestError:
        return None


def from_record(rec: object, where: str) -> Article:
    """One batch record {id, text|html, title, url, outlet, published} to an Article."""
    if not isinstance(rec, dict):
        raise IngestError("bad_record", f"{where}: a JSON object was expected, got {type(rec).__name__}")
    where = safe_text(where)
    rid = rec.get("id")
    rid = None if rid is None or rid == "" else safe_text(str(rid))
    errs: list[ItemError] = []
    try:
        published = parse_published(rec.get("published"), where)
    except IngestError as e:       # the article can still be made: it carries the error, uncoded
        published, errs = None, [ItemError(e.code, e.message)]
    meta = {k: safe_opt(rec.get(k)) for k in META_FIELDS}
    if isinstance(rec.get("text"), str):
        text = rec["text"]
    elif isinstance(rec.get("html"), str):
        try:
            text, found = html_to_text(rec["html"], where, url=meta["url"])
        except IngestError as e:
            return Article(id=rid or content_id(rec["html"]), text="", source=where, published=published,
                           errors=(*errs, ItemError(e.code, e.message)), **meta)
        meta = merge_found(meta, found)
        if published is None and not errs:
            published = found_date(found, where)
    else:
        err = ItemError("empty_document", f"{where}: record has no 'text' or 'html' string")
        return Article(id=rid or content_id(json.dumps(rec, sort_keys=True, default=str)), text="", source=where,
                       published=published, errors=(*errs, err), **meta)
    return make_article(text, name=where, id=rid, published=published, errors=errs, **meta)

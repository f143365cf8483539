"""Web sources: one article page by URL, and RSS/Atom feeds (a URL or a saved file).

Feeds are fetched here (through the guarded Fetcher) and feedparser only ever parses bytes we
hand it as a stream: it never fetches anything itself, and its SAX parser has external entities
off. Each entry gives the Article its url, title and publication date; the entry's own content
is used when it holds the full text (at least FULL_TEXT_WORDS words), otherwise the linked page
is fetched and its body extracted. One failing entry is one error: the others go on.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import io
import re
from pathlib import Path
from typing import Iterator

from ..records import Article
from ._article import found_date, make_article, merge_found
from ._base import MAX_INPUT_BYTES, IngestError, binary_reason, safe_opt, safe_text
from .fetch import Fetcher, Page
from .html import decode_html, fallback_text, html_to_text

FULL_TEXT_WORDS = 150          # an entry whose content has this many words is the article itself
MAX_FEED_ENTRIES = 1000
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_WORD = re.compile(r"\w+")


def is_url(value: str) -> bool:
    """True for anything with a scheme (http, https, and the ones the fetcher refuses: file, ftp ...)."""
    return bool(_URL.match(value)) or value.lower().startswith(("data:", "javascript:"))


def _looks_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--", b"<div", b"<p"))


def page_article(page: Page, name: str, *, title: str | None = None, published: dt.date | None = None,
                 outlet: str | None = None, url: str | None = None) -> Article:
    """A fetched page to an Article; the caller's title, date and outlet (from a feed) win over the page's."""
    ctype = page.content_type
    if ctype in _HTML_TYPES or (ctype in ("", "application/octet-stream", "text/plain") and _looks_html(page.body)):
        html = decode_html(page.body, name, page.charset)
        text, found = html_to_text(html, name, url=page.url)
        canonical = found.get("url") if isinstance(found.get("url"), str) and is_url(found["url"]) else None
        meta = merge_found({"title": title, "outlet": outlet, "url": url or canonical or page.url}, found)
        return make_article(text, name=name, published=published or found_date(found, name), **meta)
    if ctype.startswith("text/"):
        reason = binary_reason(page.body)
        if reason:
            raise IngestError("binary_input", f"{name}: the response looks like binary data ({reason})")
        try:
            text = page.body.decode(page.charset or "utf-8")
        except (UnicodeDecodeError, LookupError):
            text = page.body.decode("utf-8", "replace")
        return make_article(text, name=name, published=published, title=title, outlet=outlet, url=url or page.url)
    raise IngestError("unsupported_content_type",
                      f"{name}: the response is {ctype or 'of no stated type'}, not an HTML page or text")


def read_url(url: str, fetcher: Fetcher, published: dt.date | None = None) -> Iterator[Article | IngestError]:
    """Fetch one article page and yield its Article (or the IngestError that stopped it)."""
    name = safe_text(url)
    try:
        page = fetcher.fetch(url)
        art = page_article(page, name)
    except IngestError as e:
        yield e
        return
    if art.published is None and published is not None:
        art = dataclasses.replace(art, published=published)
    yield art


def _feed_bytes(source: str, fetcher: Fetcher) -> tuple[bytes, dict]:
    """The feed's bytes and response headers for feedparser (content type, base URL)."""
    if is_url(source):
        page = fetcher.fetch(source, accept=FEED_ACCEPT)
        headers = {"content-location": page.url}
        if page.content_type:
            headers["content-type"] = page.content_type + (f"; charset={page.charset}" if page.charset else "")
        return page.body, headers
    path = Path(source)
    if not path.exists():
        raise IngestError("not_found", f"{source}: no such feed file")
    if not path.is_file():
        raise IngestError("unreadable", f"{source}: not a regular file")
    try:
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as f:
                data = f.read(MAX_INPUT_BYTES + 1)
        else:
            if path.stat().st_size > MAX_INPUT_BYTES:
                raise IngestError("too_large", f"{source}: over the {MAX_INPUT_BYTES:,}-byte limit")
            data = path.read_bytes()
    except (OSError, EOFError) as e:
        code = "bad_gzip" if path.suffix.lower() == ".gz" else "unreadable"
        raise IngestError(code, f"{source}: cannot read ({e})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise IngestError("too_large", f"{source}: over the {MAX_INPUT_BYTES:,}-byte limit once decompressed")
    return data, {}


def parse_feed(data: bytes, source: str, headers: dict | None = None):
    """feedparser's result for the bytes, or IngestError `not_a_feed`."""
    import feedparser

    if not data.strip():
        raise IngestError("not_a_feed", f"{source}: empty, not an RSS or Atom feed")
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers or {})
    except Exception as e:      # feedparser sets bozo rather than raising; anything else is not a feed
        raise IngestError("not_a_feed", f"{source}: cannot be parsed as a feed ({type(e).__name__})") from None
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        detail = f" ({type(why).__name__}: {str(why)[:120]})" if why else ""
        raise IngestError("not_a_feed", f"{source}: not an RSS or Atom feed{detail}; give the feed's URL or file")
    return parsed


def _entry_date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            try:
                return dt.date(st.tm_year, st.tm_mon, st.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def _entry_text(entry) -> str:
    """The longest of the entry's content and summary, as text with paragraphs."""
    best = ""
    values = [c for c in entry.get("content") or [] if isinstance(c, dict)]
    if entry.get("summary"):
        values.append({"value": entry.get("summary"), "type": (entry.get("summary_detail") or {}).get("type")})
    for c in values:
        value = c.get("value")
        if not isinstance(value, str):
            continue
        text = fallback_text(value) if "html" in (c.get("type") or "text/html") else value.strip()
        if len(text) > len(best):
            best = text
    return best


def read_feed(source: str, fetcher: Fetcher, published: dt.date | None = None) -> Iterator[Article | IngestError]:
    """Yield one Article (or IngestError) per entry of an RSS/Atom feed given by URL or file."""
    name = safe_text(source)
    try:
        data, headers = _feed_bytes(source, fetcher)
        parsed = parse_feed(data, name, headers)
    except IngestError as e:
        yield e
        return
    outlet = safe_opt((parsed.get("feed") or {}).get("title"))
    for n, entry in enumerate(parsed.entries[:MAX_FEED_ENTRIES], start=1):
        link = entry.get("link") if isinstance(entry.get("link"), str) else None
        where = f"{name} entry {n}" + (f" ({safe_text(link)})" if link else "")
        title = safe_opt(entry.get("title"))
        date = _entry_date(entry)
        body = _entry_text(entry)
        try:
            if len(_WORD.findall(body)) >= FULL_TEXT_WORDS or (body and not link):
                art = make_article(body, name=where, title=title, published=date, outlet=outlet, url=link)
            elif not link:
                raise IngestError("empty_document", f"{where}: the entry has no link and no text")
            else:
                try:
                    fetched = fetcher.fetch(link)
                except IngestError as e:        # name the entry as well as the URL
                    raise IngestError(e.code, f"{name} entry {n}: {e.message}") from None
                art = page_article(fetched, where, title=title, published=date, url=link)
                if not art.outlet and outlet:
                    art = dataclasses.replace(art, outlet=outlet)
        except IngestError as e:
            yield e
            continue
        except Exception as e:       # one entry's surprise must not stop the feed
            yield IngestError("internal_error", f"{where}: {type(e).__name__}: {str(e)[:200]}")
            continue
        yield art if art.published or not published else dataclasses.replace(art, published=published)
    if len(parsed.entries) > MAX_FEED_ENTRIES:
        yield IngestError("too_large", f"{name}: {len(parsed.entries):,} entries; only the first "
                                       f"{MAX_FEED_ENTRIES:,} were read")


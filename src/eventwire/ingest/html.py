"""HTML pages: decode the bytes (BOM, UTF-8, HTTP or <meta> charset), extract the article body and
its metadata with trafilatura, and tell article pages from pages that are not articles.

The body keeps its paragraph structure: one paragraph (or heading, or list item) per block,
blocks separated by a blank line; that text is the base of every offset.

libxml2 (under lxml and trafilatura) silently drops everything nested 255 or more elements deep.
When trafilatura finds no body in such a page, an iterative parser (html.parser, no recursion)
recovers the visible text; a page with too little text even then is `no_text_extracted`.
"""
from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from ._base import IngestError, binary_reason, control_chars_reason, safe_text

DEEP_NESTING = 250            # libxml2 loses text from about 255 levels (html and body count)
MIN_FALLBACK_CHARS = 200      # less recovered text than this is not an article
FALLBACK_MAX_CHARS = 5_000_000   # the iterative parser reads at most this much of a page (pure Python)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SKIP = frozenset("script style noscript template svg math head nav footer header aside form button select "
                  "iframe object canvas".split())
_BLOCK = frozenset("p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table tr td "
                   "th figure figcaption br hr address center".split())
_SENTENCE = re.compile(r"[.!?…。！？][\"'”’)\]」』]*(\s|$)|[。！？]")
_WORDS = re.compile(r"\w+")


def _codec(name: bytes | str | None) -> str | None:
    """The Python codec for a charset label, or None when unknown."""
    if not name:
        return None
    label = name.decode("ascii", "ignore") if isinstance(name, bytes) else name
    label = label.strip().strip("\"'").lower()
    if label in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        label = "cp1252"                  # what browsers do (WHATWG): a superset that never fails on 0x80-0x9f
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode an HTML page's bytes.

    Order: a byte-order mark; UTF-8 when the bytes are valid UTF-8 (a page that says latin-1 but
    is UTF-8 is far more common than the reverse, and valid multi-byte UTF-8 is almost never an
    accident); the HTTP header's charset (`declared`); the page's own <meta charset>;
    charset-normalizer's guess; cp1252 with replacement characters as a last resort.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data[3:].decode("utf-8", "replace") if data.startswith(codecs.BOM_UTF8) else data.decode("utf-16", "replace")
        reason = control_chars_reason(text)
        if reason:
            raise IngestError("binary_input", f"{name}: looks like binary data ({reason}), not HTML")
        return text
    reason = binary_reason(data)
    if reason:
        raise IngestError("binary_input", f"{name}: looks like binary data ({reason}), not HTML or text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:8192])
    for label in (declared, m.group(1) if m else None):
        codec = _codec(label)
        if codec and codec not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
            try:
                return data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
    western = data.decode("cp1252", "replace")
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data[:200_000]).best()
        guess = best.encoding if best is not None else None
        if guess:
            text = data.decode(guess, "replace")
            # an undeclared single-byte page that reads as mostly-ASCII Latin text is taken as
            # windows-1252 (what browsers assume); the detector's guess wins for other scripts
            if len(text) != len(data) or _non_ascii_letter_share(western) > 0.15:
                return text
    except Exception:      # a guess is a bonus; the last resort below always works
        pass
    return western


def _non_ascii_letter_share(text: str) -> float:
    letters = [c for c in text[:100_000] if c.isalpha()]
    return sum(1 for c in letters if not c.isascii()) / len(letters) if letters else 0.0


def max_depth(html: str) -> int:
    """Deepest element nesting in the page, counted on tags (iterative; unclosed tags pile up)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        tag = m.group(2).lower()
        if tag in _VOID or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


class _TextParser(HTMLParser):
    """Visible text of a page, one block per line, without recursion (any depth)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def fallback_text(html: str) -> str:
    """The page's visible text, blocks as paragraphs; for pages libxml2 cannot hold."""
    p = _TextParser()
    try:
        p.feed(html)
        p.close()
    except Exception:      # html.parser is lenient; anything it raises means no text
        return ""
    lines = (" ".join(line.split()) for line in "".join(p.out).split("\n"))
    return "\n\n".join(line for line in lines if line)


def paragraphs(body: str) -> str:
    """trafilatura's lines (one per paragraph, heading or list item) as blank-line separated blocks."""
    lines = (line.strip() for line in body.splitlines())
    return "\n\n".join(line for line in lines if line)


def looks_like_index(body: str) -> bool:
    """A page of headlines and links rather than an article: many short lines and little prose."""
    lines = [line for line in body.split("\n") if line.strip()]
    if len(lines) < 6:
        return False
    # prose: a sentence of 12 words, or of 40 characters in scripts written without spaces
    prose = [line for line in lines if (len(_WORDS.findall(line)) >= 12 or len(line) >= 40 and " " not in line.strip())
             and _SENTENCE.search(line)]
    chars = sum(len(line) for line in lines)
    prose_chars = sum(len(line) for line in prose)
    return len(prose) <= 1 and prose_chars < 0.25 * chars


def html_to_text(html: str, name: str, url: str | None = None) -> tuple[str, dict]:
    """Extract the article body (paragraphs separated by blank lines) and metadata from an HTML page.

    Metadata: title, published (a date string or None), outlet (site name), author, url (the
    canonical URL when the page gives one), pagetype (og:type). Raises IngestError
    `empty_document`, `no_text_extracted` or `not_article`.
    """
    import trafilatura

    if not html.strip():
        raise IngestError("empty_document", f"{name}: the HTML is empty")
    html = safe_text(html)       # lxml stops at a lone surrogate and drops the rest of the body
    try:
        body = trafilatura.extract(html, url=url, include_comments=False, include_tables=True,
                                   favor_precision=True)
    except Exception as e:  # a parser failure on one page is that page's error, not the batch's
        raise IngestError("no_text_extracted", f"{name}: the HTML could not be parsed ({type(e).__name__})") from None
    deep = False
    if not body or not body.strip():
        depth = max_depth(html) if html.count("<") >= DEEP_NESTING else 0
        deep = depth >= DEEP_NESTING
        visible = fallback_text(html[:FALLBACK_MAX_CHARS])
        if not deep and looks_like_index(visible.replace("\n\n", "\n")):
            raise IngestError("not_article", f"{name}: the page is a list of headlines or links, not an article; "
                                             "give the article pages themselves")
        body = visible if deep else ""
        if len(body) < MIN_FALLBACK_CHARS:
            why = (f"the page nests elements {depth:,} deep, past what the HTML parser keeps, and too little "
                   "text was recovered" if deep else "only markup, navigation or links")
            raise IngestError("no_text_extracted", f"{name}: no article body found in the HTML ({why})")
    meta: dict = {}
    try:
        # extensive=False: the extensive date search takes a footer's copyright year for the
        # publication date (2024-01-01 from "Copyright 2024"); markup and URL dates only.
        m = trafilatura.extract_metadata(html, default_url=url, extensive=False)
        if m is not None:
            meta = {"title": m.title, "published": m.date, "outlet": m.sitename, "url": m.url,
                    "author": m.author, "pagetype": m.pagetype}
    except Exception:  # metadata is a bonus; a broken page must not lose the body
        meta = {}
    if not deep and looks_like_index(body):
        raise IngestError("not_article", f"{name}: the page is a list of headlines or links, not an article; "
                                         "give the article pages themselves")
    return paragraphs(body), meta

"""Ingest: plain-text files, folders, stdin, JSONL records and HTML into Article records.

Every input item becomes either an Article or an Article carrying `errors`
(code + message) so that one bad item never stops a batch.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import IO, Iterable, Iterator

from .records import Article, ItemError

MAX_INPUT_BYTES = 20 * 1024 * 1024      # raw bytes per item (trafilatura's MAX_FILE_SIZE)
MAX_LINE_BYTES = MAX_INPUT_BYTES + 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SIDECAR = "metadata.jsonl"
_BAD_CHARS = re.compile(r"[\x00\ud800-\udfff]")
# C0 control bytes that never occur in text files (tab, LF, VT, FF, CR and ESC are allowed)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_EN_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for on was with as by it at from his her be are were said has have "
    "not this but they an which their its who will had been would he she we after also".split())


class IngestError(Exception):
    """An input item that cannot become an article; `code` is stable, the message says what to do."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def content_id(text: str) -> str:
    """Stable article id: sha256 of the NFC-normalised text with whitespace collapsed."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def safe_text(text: str) -> str:
    """Replace NUL and lone surrogates one-for-one with U+FFFD so offsets keep their meaning."""
    return _BAD_CHARS.sub("\ufffd", text)


def _safe_opt(value: object) -> str | None:
    """A metadata string made storable (NUL and lone surrogates replaced); None for non-strings."""
    return safe_text(value) if isinstance(value, str) else None


def decode_bytes(data: bytes, name: str) -> str:
    """Decode input bytes as UTF-8 (BOM allowed) or UTF-16 with a BOM; refuse binary data."""
    if len(data) > MAX_INPUT_BYTES:
        raise IngestError("too_large", f"{name}: {len(data):,} bytes is over the {MAX_INPUT_BYTES:,}-byte limit; split it")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise IngestError("bad_encoding", f"{name}: broken UTF-16 ({e.reason}); re-save it as UTF-8") from None
    else:
        sample = data[:65536]
        if b"\x00" in sample and sample.count(b"\x00") > len(sample) // 100:
            raise IngestError("binary_input", f"{name}: looks like binary data (NUL bytes), not text; give a text, HTML or JSONL file")
        # random or compressed bytes hold ~10% C0 control bytes; text holds next to none
        if len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > max(8, len(sample) // 50):
            raise IngestError("binary_input", f"{name}: looks like binary data (control bytes), not text; give a text, HTML or JSONL file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise IngestError(
                "bad_encoding",
                f"{name}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
                "convert it first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`") from None
    controls = sum(1 for c in text[:65536] if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    if controls > max(8, len(text[:65536]) // 50):
        raise IngestError("binary_input", f"{name}: looks like binary data (control characters), not text")
    return text


def parse_published(value: object, where: str) -> dt.date | None:
    """Parse YYYY-MM-DD or a full ISO timestamp (its date as written); None for empty; IngestError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        v = value.strip()
        try:
            return dt.date.fromisoformat(v) if len(v) <= 10 else dt.datetime.fromisoformat(v).date()
        except ValueError:
            pass
    raise IngestError("bad_published", f"{where}: published={value!r} is not a YYYY-MM-DD date or ISO timestamp")


def check_text(text: str, name: str) -> list[ItemError]:
    """Problems that stop coding a text: empty, or not English. Returns [] when fine."""
    if not text.strip():
        return [ItemError("empty_document", f"{name}: no text to code (empty or whitespace only)")]
    if _looks_non_english(text):
        return [ItemError("not_english", f"{name}: the text does not look like English; eventwire codes English only")]
    return []


def _looks_non_english(text: str) -> bool:
    """Cheap language check: share of Latin letters and of English function words."""
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 40:
        return False
    latin = sum(1 for c in letters if c.isascii())
    if latin / len(letters) < 0.6:
        return True
    words = re.findall(r"[a-z]+", sample.lower())
    if len(words) < 20:
        return False
    return sum(1 for w in words if w in _EN_FUNCTION_WORDS) / len(words) < 0.08


def html_to_text(html: str, name: str) -> tuple[str, dict]:
    """Extract the article body and metadata from an HTML page with trafilatura."""
    import trafilatura

    if not html.strip():
        raise IngestError("empty_document", f"{name}: the HTML is empty")
    html = safe_text(html)       # lxml stops at a lone surrogate and drops the rest of the body
    try:
        body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    except Exception as e:  # a parser failure on one page is that page's error, not the batch's
        raise IngestError("no_text_extracted", f"{name}: the HTML could not be parsed ({type(e).__name__})") from None
    if not body or not body.strip():
        raise IngestError("no_text_extracted",
                          f"{name}: no article body found in the HTML (only markup or navigation, "
                          "or text nested too deeply to parse)")
    meta: dict = {}
    try:
        # extensive=False: the extensive date search takes a footer's copyright year for the
        # publication date (2024-01-01 from "Copyright 2024"); markup and URL dates only.
        m = trafilatura.extract_metadata(html, extensive=False)
        if m is not None:
            meta = {"title": m.title, "published": m.date, "outlet": m.sitename, "url": m.url}
    except Exception:  # metadata is a bonus; a broken page must not lose the body
        meta = {}
    return body, meta


def make_article(text: str, *, name: str, id: str | None = None, published: dt.date | None = None,
                 title: str | None = None, url: str | None = None, outlet: str | None = None,
                 errors: Iterable[ItemError] = ()) -> Article:
    """Build an Article from decoded text, checking it and giving it a stable id."""
    text = safe_text(text)
    name = safe_text(name)
    errs = list(errors) + check_text(text, name)
    id = safe_text(str(id)) if id not in (None, "") else None
    return Article(id=id or content_id(text), text=text, url=_safe_opt(url), outlet=_safe_opt(outlet),
                   title=_safe_opt(title), published=published, source=name, errors=tuple(errs),
                   language=None if any(e.code == "not_english" for e in errs) else "en")


def from_record(rec: object, where: str) -> Article:
    """One JSONL record {id, text|html, title, url, outlet, published} to an Article."""
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
    meta = {k: _safe_opt(rec.get(k)) for k in ("title", "url", "outlet")}
    if isinstance(rec.get("text"), str):
        text = rec["text"]
    elif isinstance(rec.get("html"), str):
        try:
            text, found = html_to_text(rec["html"], where)
        except IngestError as e:
            return Article(id=rid or content_id(rec["html"]), text="", source=where, published=published,
                           errors=(*errs, ItemError(e.code, e.message)), **meta)
        meta = {k: meta[k] or _safe_opt(found.get(k)) for k in meta}
        if published is None and not errs and found.get("published"):
            try:
                published = parse_published(found["published"], where)
            except IngestError:
                published = None
    else:
        err = ItemError("empty_document", f"{where}: record has no 'text' or 'html' string")
        return Article(id=rid or content_id(json.dumps(rec, sort_keys=True, default=str)), text="", source=where,
                       published=published, errors=(*errs, err), **meta)
    return make_article(text, name=where, id=rid, published=published, errors=errs, **meta)


def read_jsonl(stream: IO[bytes], name: str) -> Iterator[Article | IngestError]:
    """Yield an Article (or an IngestError) per line of a JSONL stream; blank lines are skipped."""
    for n, raw in enumerate(iter(lambda: stream.readline(MAX_LINE_BYTES), b""), start=1):
        where = f"{name}:{n}"
        if len(raw) >= MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while True:                      # skip the rest of the over-long line without holding it
                more = stream.readline(MAX_LINE_BYTES)
                if not more or more.endswith(b"\n"):
                    break
            yield IngestError("too_large", f"{where}: line over {MAX_LINE_BYTES:,} bytes; skipped")
            continue
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as e:
            yield IngestError("bad_encoding", f"{where}: not valid UTF-8 at byte {e.start}")
            continue
        except json.JSONDecodeError as e:
            yield IngestError("bad_json", f"{where}: not valid JSON ({e.msg} at column {e.colno})")
            continue
        except (ValueError, RecursionError) as e:   # a 5,000-digit number; arrays nested 100,000 deep
            yield IngestError("bad_json", f"{where}: JSON that cannot be read ({type(e).__name__}: {str(e)[:80]})")
            continue
        try:
            yield from_record(rec, where)
        except IngestError as e:
            yield e


def _sidecar(folder: Path) -> dict[str, dict]:
    """Metadata for files in a folder from its metadata.jsonl ({"file", "id", "published", ...})."""
    path = folder / SIDECAR
    if not path.is_file():
        return {}
    out = {}
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise IngestError("bad_encoding" if isinstance(e, UnicodeDecodeError) else "unreadable",
                          f"{path}: cannot read the metadata sidecar ({e}); its metadata is ignored") from None
    for n, line in enumerate(lines, start=1):
        if line.strip():
            try:
                rec = json.loads(line)
            except (ValueError, RecursionError) as e:
                msg = e.msg if isinstance(e, json.JSONDecodeError) else type(e).__name__
                raise IngestError("bad_json", f"{path}:{n}: not valid JSON ({msg}); the sidecar's metadata is ignored") from None
            if isinstance(rec, dict) and isinstance(rec.get("file"), str):
                out[rec["file"]] = rec
    return out


def read_file(path: Path, input_format: str = "auto", meta: dict | None = None,
              published: dt.date | None = None) -> Iterator[Article | IngestError]:
    """Yield the Articles in one file: a text, an HTML page or a JSONL batch."""
    fmt = input_format
    if fmt == "auto":
        fmt = "jsonl" if path.suffix.lower() == ".jsonl" else "html" if path.suffix.lower() in HTML_SUFFIXES else "text"
    name = safe_text(str(path))     # undecodable file names carry lone surrogates
    try:
        if fmt == "jsonl":
            with path.open("rb") as f:
                yield from read_jsonl(f, name)
            return
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise IngestError("too_large", f"{name}: {path.stat().st_size:,} bytes is over the {MAX_INPUT_BYTES:,}-byte limit; split it")
        text = decode_bytes(path.read_bytes(), name)
    except IngestError as e:
        yield e
        return
    except OSError as e:
        yield IngestError("unreadable", f"{name}: cannot read ({e.strerror or e})")
        return
    meta = meta or {}
    errs: list[ItemError] = []
    try:
        pub = parse_published(meta.get("published"), f"{name} metadata") or published
    except IngestError as e:      # the article can still be made: it carries the error, uncoded
        pub, errs = published, [ItemError(e.code, e.message)]
    fields = {k: _safe_opt(meta.get(k)) for k in ("title", "url", "outlet")}
    if fmt == "html":
        try:
            text, found = html_to_text(text, name)
        except IngestError as e:
            yield e
            return
        fields = {k: fields[k] or _safe_opt(found.get(k)) for k in fields}
        if pub is None and found.get("published"):
            try:
                pub = parse_published(found["published"], name)
            except IngestError:
                pub = None
    yield make_article(text, name=name, id=meta.get("id"), published=pub, errors=errs, **fields)


def read_inputs(paths: Iterable[str], input_format: str = "auto",
                published: dt.date | None = None, stdin: IO[bytes] | None = None) -> Iterator[Article | IngestError]:
    """Yield Articles (or IngestErrors) from paths, folders and '-' (stdin), in order."""
    for p in paths:
        if p == "-":
            stream = stdin or sys.stdin.buffer
            if input_format == "jsonl":
                yield from read_jsonl(stream, "stdin")
                continue
            try:
                text = decode_bytes(stream.read(MAX_INPUT_BYTES + 1), "stdin")
                if input_format == "html":
                    text, _ = html_to_text(text, "stdin")
            except IngestError as e:
                yield e
                continue
            yield make_article(text, name="stdin", published=published)
            continue
        path = Path(p)
        if path.is_dir():
            try:
                side = _sidecar(path)
            except IngestError as e:
                yield e
                side = {}
            files = sorted(f for f in path.iterdir() if f.is_file() and not f.name.startswith(".") and f.name != SIDECAR)
            for f in files:
                yield from read_file(f, input_format, side.get(f.name), published)
        elif path.is_file():
            try:
                side = _sidecar(path.parent)
            except IngestError as e:
                yield e
                side = {}
            yield from read_file(path, input_format, side.get(path.name), published)
        elif path.exists():
            yield IngestError("unreadable", f"{safe_text(p)}: not a regular file or folder")
        else:
            yield IngestError("not_found", f"{safe_text(p)}: no such file or folder")

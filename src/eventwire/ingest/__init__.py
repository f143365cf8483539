"""Ingest: files, folders, stdin, JSONL and CSV batches, HTML pages (also gzipped), URLs and RSS/Atom
feeds into Article records.

Every input item becomes either an Article or an Article carrying `errors` (code + message), or
an IngestError naming the item, so that one bad item never stops a batch. Everything streams:
`read_inputs` is a generator and holds one item at a time (plus the bounded near-duplicate
index when `dedup=True`).

Modules: `html` (decoding, body and metadata, non-article pages), `fetch` (HTTP with the SSRF
guard and limits), `feeds` (URLs and RSS/Atom), `batches` (CSV), `language`, `dedup`.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
import zlib
from pathlib import Path
from typing import IO, Iterable, Iterator

from ..records import Article, ItemError
from ._article import check_text, from_record, make_article
from ._base import (HTML_SUFFIXES, TEXT_SUFFIXES, IngestError, binary_reason, content_id, control_chars_reason,
                    parse_published, safe_opt, safe_text)
from .dedup import NearDuplicates, mark_duplicates
from .html import decode_html, html_to_text

MAX_INPUT_BYTES = 20 * 1024 * 1024      # bytes per item, decompressed (trafilatura's MAX_FILE_SIZE)
MAX_LINE_BYTES = MAX_INPUT_BYTES + 1024
CSV_SUFFIXES = {".csv", ".tsv"}
SIDECAR = "metadata.jsonl"

__all__ = ["IngestError", "read_inputs", "read_file", "read_jsonl", "make_article", "from_record", "content_id",
           "parse_published", "decode_bytes", "html_to_text", "decode_html", "safe_text", "check_text",
           "mark_duplicates", "NearDuplicates", "MAX_INPUT_BYTES"]


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
        reason = binary_reason(data)
        if reason:
            raise IngestError("binary_input", f"{name}: looks like binary data ({reason}), not text; "
                                              "give a text, HTML or JSONL file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise IngestError(
                "bad_encoding",
                f"{name}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
                "convert it first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`") from None
    reason = control_chars_reason(text)
    if reason:
        raise IngestError("binary_input", f"{name}: looks like binary data ({reason}), not text")
    return text


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


def read_csv(stream: IO[bytes], name: str) -> Iterator[Article | IngestError]:
    """Yield an Article (or an IngestError) per row of a CSV batch (see `batches`)."""
    from .batches import read_csv as _read_csv
    return _read_csv(stream, name, max_field=MAX_INPUT_BYTES)


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


def file_format(path: Path) -> tuple[str, bool]:
    """("jsonl" | "csv" | "html" | "text", gzipped?) from a file name: page.html.gz is gzipped HTML."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    suffix = Path(name[:-3]).suffix if gz else path.suffix.lower()
    if suffix == ".jsonl":
        return "jsonl", gz
    if suffix in CSV_SUFFIXES:
        return "csv", gz
    if suffix in HTML_SUFFIXES:
        return "html", gz
    return "text", gz


def _read_bounded(path: Path, gz: bool, name: str) -> bytes:
    """A whole document's bytes, never more than MAX_INPUT_BYTES (gzip read bomb-safe, chunk by chunk)."""
    if not gz:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise IngestError("too_large", f"{name}: {path.stat().st_size:,} bytes is over the "
                                           f"{MAX_INPUT_BYTES:,}-byte limit; split it")
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as f:
            data = f.read(MAX_INPUT_BYTES + 1)       # GzipFile.read(n) decompresses at most n bytes
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise IngestError("bad_gzip", f"{name}: not a readable gzip file ({type(e).__name__}: {e})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise IngestError("too_large", f"{name}: over the {MAX_INPUT_BYTES:,}-byte limit once decompressed "
                                       "(stopped there; a gzip bomb or a file to split)")
    return data


def read_file(path: Path, input_format: str = "auto", meta: dict | None = None,
              published: dt.date | None = None) -> Iterator[Article | IngestError]:
    """Yield the Articles in one file: a text, an HTML page, a JSONL or CSV batch (any of them gzipped)."""
    fmt, gz = file_format(path)
    if input_format != "auto":
        fmt = input_format
    name = safe_text(str(path))     # undecodable file names carry lone surrogates
    try:
        if fmt in ("jsonl", "csv"):
            opener = gzip.open if gz else open
            with opener(path, "rb") as f:
                yield from (read_jsonl(f, name) if fmt == "jsonl" else read_csv(f, name))
            return
        data = _read_bounded(path, gz, name)
        text = decode_html(data, name) if fmt == "html" else decode_bytes(data, name)
    except IngestError as e:
        yield e
        return
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:      # a gzipped batch broken half-way
        yield IngestError("bad_gzip", f"{name}: the gzip stream is broken ({type(e).__name__}: {e}); "
                                      "the items before it were read")
        return
    except OSError as e:
        yield IngestError("unreadable", f"{name}: cannot read ({e.strerror or e})")
        return
    meta = meta or {}
    errs: list[ItemError] = []
    try:
        pub = parse_published(meta.get("published"), f"{name} metadata")
    except IngestError as e:      # the article can still be made: it carries the error, uncoded
        pub, errs = None, [ItemError(e.code, e.message)]
    fields = {k: safe_opt(meta.get(k)) for k in ("title", "url", "outlet")}
    if fmt == "html":
        try:
            text, found = html_to_text(text, name, url=fields["url"])
        except IngestError as e:
            yield e
            return
        from ._article import found_date, merge_found
        fields = merge_found(fields, found)
        if pub is None and not errs:
            pub = found_date(found, name)
    yield make_article(text, name=name, id=meta.get("id"), published=pub or published,
                       errors=errs, **fields)


def _read_stdin(stream: IO[bytes], input_format: str, published: dt.date | None) -> Iterator[Article | IngestError]:
    if input_format == "jsonl":
        yield from read_jsonl(stream, "stdin")
        return
    if input_format == "csv":
        yield from read_csv(stream, "stdin")
        return
    try:
        data = stream.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise IngestError("too_large", f"stdin: over the {MAX_INPUT_BYTES:,}-byte limit; split it")
        if input_format == "html":
            text, found = html_to_text(decode_html(data, "stdin"), "stdin")
        else:
            text, found = decode_bytes(data, "stdin"), {}
    except IngestError as e:
        yield e
        return
    from ._article import found_date, merge_found
    yield make_article(text, name="stdin", published=found_date(found, "stdin") or published,
                       **merge_found({}, found))


def read_inputs(paths: Iterable[str], input_format: str = "auto", published: dt.date | None = None,
                stdin: IO[bytes] | None = None, *, feeds: Iterable[str] = (), fetcher=None,
                allow_private: bool | None = None, fetch_delay: float | None = None,
                dedup: "bool | NearDuplicates" = False) -> Iterator[Article | IngestError]:
    """Yield Articles (or IngestErrors) from paths, folders, URLs and '-' (stdin), then from feeds, in order.

    URLs and feeds are fetched with `fetcher` (a fetch.Fetcher; one is made when needed, with
    `allow_private` and `fetch_delay`, the seconds between two requests to one host).
    With `dedup` (True, or an index already holding earlier articles, e.g. those in the database),
    near-duplicates of earlier articles are marked (see `dedup`)."""
    options = {"allow_private": allow_private}
    if fetch_delay is not None:
        options["min_interval"] = fetch_delay
    items = _inputs(paths, input_format, published, stdin, feeds, fetcher, options)
    if not dedup:
        return items
    return mark_duplicates(items, dedup if isinstance(dedup, NearDuplicates) else None)


def _inputs(paths, input_format, published, stdin, feeds, fetcher, options) -> Iterator[Article | IngestError]:
    own = None

    def web():
        nonlocal own, fetcher
        if fetcher is None:
            from .fetch import Fetcher
            fetcher = own = Fetcher(**options)
        return fetcher

    try:
        for p in paths:
            if p == "-":
                yield from _read_stdin(stdin or sys.stdin.buffer, input_format, published)
                continue
            from .feeds import is_url
            if is_url(p):
                from .feeds import read_url
                yield from read_url(p, web(), published)
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
        for feed in feeds:
            from .feeds import read_feed
            yield from read_feed(feed, web(), published)
    finally:
        if own is not None:
            own.close()

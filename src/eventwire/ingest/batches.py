"""CSV batches: a header row naming `id, text | html, url, title, outlet, published`, one article a row.

Rows are read one at a time (constant memory whatever the file's size); a field may be as long
as MAX_INPUT_BYTES. A row that cannot be read (bad UTF-8, a field over the limit, a stray NUL)
is one error naming its line; the rows after it go on.
"""
from __future__ import annotations

import csv
import io
from typing import IO, Iterator

from ..records import Article
from ._article import from_record
from ._base import MAX_INPUT_BYTES, IngestError, safe_text

COLUMNS = ("id", "text", "html", "url", "title", "outlet", "published")


def _field_limit(limit: int) -> None:
    """csv's field limit is process-wide; raise it (never lower it) to hold one whole article."""
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def read_csv(stream: IO[bytes], name: str, max_field: int = MAX_INPUT_BYTES) -> Iterator[Article | IngestError]:
    """Yield an Article (or an IngestError) per data row of a CSV stream (UTF-8, BOM allowed)."""
    _field_limit(max_field)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as e:
        yield IngestError("bad_csv", f"{name}:1: the header row cannot be read ({e})")
        return
    header = [h.strip().lower() for h in header]
    if "text" not in header and "html" not in header:
        yield IngestError("bad_csv", f"{name}:1: the header must name a 'text' or 'html' column "
                                     f"(columns: {', '.join(COLUMNS)}); found {', '.join(header)[:200] or 'nothing'}")
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield IngestError("bad_csv", f"{name}:{reader.line_num}: row cannot be read ({e}); skipped")
            continue
        where = f"{name}:{reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if any("\udc80" <= c <= "\udcff" for cell in row for c in cell):
            yield IngestError("bad_encoding", f"{where}: not valid UTF-8; convert the file first")
            continue
        if len(row) > len(header):
            yield IngestError("bad_record", f"{where}: {len(row)} fields for {len(header)} columns "
                                            "(a comma inside an unquoted field?); skipped")
            continue
        rec = {h: v for h, v in zip(header, row) if h in COLUMNS and v != ""}
        try:
            yield from_record(rec, safe_text(where))
        except IngestError as e:
            yield e

"""Shared pieces of ingest: the typed error, safe text, stable ids, dates and the binary check."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

MAX_INPUT_BYTES = 20 * 1024 * 1024      # raw (decoded, for compressed input) bytes per item
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_BAD_CHARS = re.compile(r"[\x00\ud800-\udfff]")
# C0 control bytes that never occur in text files (tab, LF, VT, FF, CR and ESC are allowed)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"


class IngestError(Exception):
    """An input item that cannot become an article; `code` is stable, the message says what to do."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"IngestError({self.code!r}, {self.message!r})"


def content_id(text: str) -> str:
    """Stable article id: sha256 of the NFC-normalised text with whitespace collapsed."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def safe_text(text: str) -> str:
    """Replace NUL and lone surrogates one-for-one with U+FFFD so offsets keep their meaning."""
    return _BAD_CHARS.sub("\ufffd", text)


def safe_opt(value: object) -> str | None:
    """A metadata string made storable (NUL and lone surrogates replaced); None for non-strings."""
    return safe_text(value) if isinstance(value, str) else None


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


def binary_reason(data: bytes) -> str | None:
    """Why these bytes look like binary data rather than text (NULs, control bytes), or None."""
    sample = data[:65536]
    if b"\x00" in sample and sample.count(b"\x00") > len(sample) // 100:
        return "NUL bytes"
    # random or compressed bytes hold ~10% C0 control bytes; text holds next to none
    if len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > max(8, len(sample) // 50):
        return "control bytes"
    return None


def control_chars_reason(text: str) -> str | None:
    """The same check on decoded text (UTF-16 input, odd charsets)."""
    sample = text[:65536]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    return "control characters" if controls > max(8, len(sample) // 50) else None

"""Template filters: how dates and links read on the pages."""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit


def when(e: dict) -> str:
    """An event's date as the CLI prints it: '2006/2010', '2024-01-19 (inferred)', 'undated'."""
    date = e.get("date") or "undated"
    if e.get("date_end"):
        date = f"{date}/{e['date_end']}"
    if e.get("date_source") in ("published", "inferred"):
        date += f" ({e['date_source']})"
    return date


def web_url(url: str | None) -> str | None:
    """URL when it is an http(s) address fit for a link, else None (javascript: and the like stay text)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def query(params: dict) -> str:
    """A query string of the non-empty PARAMS (lists repeat their key)."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "", [], ())}, doseq=True)


def sentence_parts(e: dict) -> tuple[str, str, str]:
    """An event's sentence split around its evidence clause (before, evidence, after)."""
    s, ev = e.get("sentence") or "", e.get("evidence") or ""
    start = e["evidence_start"] - e["sentence_start"] if "sentence_start" in e else -1
    if 0 <= start and s[start:start + len(ev)] == ev:
        return s[:start], ev, s[start + len(ev):]
    return "", ev, ""

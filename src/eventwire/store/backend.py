"""Which database a `--db` value names: an SQLite file, or a PostgreSQL URL (postgresql://user@host/db)."""
from __future__ import annotations

from pathlib import Path

from .postgres import is_url, redact

__all__ = ["exists", "is_url", "label"]


def exists(db: str | Path) -> bool:
    """True when DB is an existing SQLite file, or a PostgreSQL database that holds an eventwire store
    (StoreError when its server cannot be reached)."""
    if is_url(db):
        from .postgres import exists as pg_exists
        return pg_exists(str(db))
    return str(db) == ":memory:" or Path(db).exists()


def label(db: str | Path) -> str:
    """DB as messages show it (a URL without its password)."""
    return redact(str(db)) if is_url(db) else str(db)

"""The Python API: code a text, open a database, query it, hand it to pandas.

Code one text (the spaCy model and the lexicons load on the first call, about two seconds):

>>> import eventwire
>>> result = eventwire.process(
...     "Russian Foreign Minister Sergei Lavrov met Hamas leaders in Moscow on Monday.",
...     published="2024-03-06")
>>> [(e.type, e.actors, e.date, e.location.name) for e in result.events]
[('CONSULT', ('person:sergei-lavrov', 'org:hamas'), '2024-03-04', 'Moscow')]
>>> eventwire.result_json(result)["events"][0]["evidence"]["text"]
'Russian Foreign Minister Sergei Lavrov met Hamas leaders in Moscow on Monday'

Store it and query the database (``eventwire run ... --db FILE`` fills one the same way):

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "demo.db")
>>> with eventwire.open(path, create=True) as db:
...     db.store(result)
...     rows = db.events(actor="Russia")
...     [(r["date"], r["type"], r["actors"]) for r in rows]
'stored'
[('2024-03-04', 'CONSULT', ['Sergei Lavrov', 'Hamas'])]

>>> with eventwire.open(path) as db:
...     [a["name"] for a in db.actors(kind="PERSON")]
...     [r["location"] for r in db.timeline("Sergei Lavrov", with_="Hamas")]
...     df = db.to_pandas()
['Sergei Lavrov']
['Moscow']
>>> df[["date", "type", "location_country"]].values.tolist()
[['2024-03-04', 'CONSULT', 'RUS']]
"""
from __future__ import annotations

import builtins
import datetime as dt
import sqlite3
from pathlib import Path
from typing import IO, Any, Sequence

__all__ = ["Database", "open"]


def _iso(d: str | dt.date | None) -> str | None:
    return d.isoformat() if isinstance(d, dt.date) else d


class Database:
    """An eventwire database (an SQLite file, or a ``postgresql://`` URL). Use it as a context manager,
    or call ``close()``.

    Filters, in ``events``, ``to_pandas`` and ``export``, are those of ``eventwire events``:
    ``actor`` and ``with_`` (a name, alias or id; a country includes its officials, a group its
    members), ``type`` (PLOVER type), ``since`` and ``until`` (``YYYY-MM-DD`` or a date), and
    ``polarity`` (a list; default only asserted events) or ``all_polarities=True``.
    """

    def __init__(self, path: str | Path, create: bool = False) -> None:
        from .store import connect
        from .store.backend import exists, label
        self.path = str(path)
        if not create and not exists(self.path):
            raise FileNotFoundError(f"{label(self.path)}: no such database; create it with `eventwire run PATH --db "
                                    f"{label(self.path)}` or eventwire.open(path, create=True)")
        self.conn: sqlite3.Connection = connect(self.path)

    # -- context manager
    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        from .store.backend import label
        return f"<eventwire.Database {label(self.path)!r}{' closed' if self.conn is None else ''}>"

    # -- writing
    def store(self, result) -> str:
        """Store one ``process`` result (one transaction): 'stored', 'unchanged' or 'replaced'."""
        from .store import store_result
        return store_result(self.conn, result)

    # -- reading
    @staticmethod
    def _filters(actor: str | None = None, with_: str | None = None, type: str | None = None,
                 since: str | dt.date | None = None, until: str | dt.date | None = None,
                 polarity: Sequence[str] | None = ("asserted",), all_polarities: bool = False) -> dict:
        return dict(actor=actor, with_=with_, type=type, since=_iso(since), until=_iso(until),
                    polarity=None if all_polarities else (tuple(polarity) if polarity else None))

    def events(self, actor: str | None = None, with_: str | None = None, type: str | None = None,
               since: str | dt.date | None = None, until: str | dt.date | None = None,
               polarity: Sequence[str] | None = ("asserted",), all_polarities: bool = False,
               limit: int | None = None) -> list[dict]:
        """Events oldest first, as ``eventwire events --format json`` gives them (a list of dicts)."""
        from .store import query_events
        return query_events(self.conn, limit=limit, **self._filters(actor, with_, type, since, until, polarity,
                                                                     all_polarities))

    def actors(self, kind: str | None = None, country: str | None = None) -> list[dict]:
        """Stored actors with mention and event counts, most active first (``eventwire actors``)."""
        from .store.sqlite import list_actors
        return list_actors(self.conn, kind=kind, country=country)

    def actor(self, name: str) -> dict | None:
        """Everything about one actor (``eventwire actor NAME``), or None when no actor matches."""
        from .store.sqlite import actor_profile
        return actor_profile(self.conn, name)

    def claims(self, what: str | None = None, source: str | None = None, article: str | None = None) -> list[dict]:
        """Numeric claims (``eventwire claims``): what, low/high, qualifier, subject, date, source."""
        from .store import query_claims
        return query_claims(self.conn, what=what, source=source, article=article)

    def quotes(self, speaker: str | None = None, article: str | None = None) -> list[dict]:
        """Quotes and reported statements with their speakers (``eventwire quotes``)."""
        from .store import query_quotes
        return query_quotes(self.conn, speaker=speaker, article=article)

    def timeline(self, actor: str, with_: str | None = None) -> list[dict]:
        """An actor's (or a pair's) dated, asserted events, oldest first (``eventwire timeline``)."""
        return [r for r in self.events(actor=actor, with_=with_) if r["date"]]

    def to_pandas(self, **filters: Any):
        """The events as a pandas DataFrame: one row per event, the columns of the Parquet export
        (lists as lists, ``size`` a dict or None); same filters as ``events``."""
        import pandas as pd
        from .export import FLAT_COLUMNS, flat_row, iter_events
        return pd.DataFrame([flat_row(d) for d in iter_events(self.conn, **self._filters(**filters))],
                            columns=list(FLAT_COLUMNS))

    def export(self, fmt: str, out: str | Path | IO[bytes], header: bool = False, **filters: Any) -> int:
        """Write an export (``eventwire export``) to a path or a binary file; returns the event count."""
        from .export import export
        if isinstance(out, (str, Path)):
            with builtins.open(out, "wb") as f:
                return export(self.conn, fmt, f, header=header, **self._filters(**filters))
        return export(self.conn, fmt, out, header=header, **self._filters(**filters))


def open(path: str | Path = "eventwire.db", create: bool = False) -> Database:  # noqa: A001 (like sqlite3's)
    """Open an eventwire database (a file, or ``postgresql://user@host/db``); a missing one is an error
    unless ``create=True`` (a PostgreSQL database must exist on its server: this makes the tables)."""
    return Database(path, create=create)

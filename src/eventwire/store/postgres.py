"""PostgreSQL as the store: a connection with the sqlite3 interface the store's code uses.

`connect("postgresql://user@host/db")` gives an object whose ``execute``/``executemany`` take the
store's SQLite SQL (rewritten by store/pg_sql.py), whose rows are like ``sqlite3.Row`` (by index
or by name, ``dict(row)``), whose cursors report ``lastrowid``, and whose errors are ``sqlite3``
exception classes (IntegrityError for a refused write, OperationalError for a lost server), so the
store, stories, corrections, web and export code run unchanged on either database.

Transactions are explicit as in the SQLite store (autocommit outside them); ``BEGIN IMMEDIATE``
takes a transaction-scoped advisory lock, so writers take turns as they do on one SQLite file,
and readers never wait (MVCC).
"""
from __future__ import annotations

import decimal
import re
import sqlite3
from typing import Any, Iterable, Iterator, Mapping, Sequence
from urllib.parse import urlsplit, urlunsplit

from .pg_sql import ROWID, Statement, UnsupportedSQL, translate

SCHEMES = ("postgresql://", "postgres://")
WRITE_LOCK = 0x6576656E74776972          # "eventwir": the advisory lock BEGIN IMMEDIATE takes
CONNECT_TIMEOUT = 10
SQL_CACHE = 4096                          # rewritten statements kept per connection


def is_url(db: object) -> bool:
    """True when DB names a PostgreSQL database (a postgresql:// or postgres:// URL), not an SQLite file."""
    return isinstance(db, str) and db.lower().startswith(SCHEMES)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


# --------------------------------------------------------------------------- errors

class PostgresError(sqlite3.DatabaseError):
    """An error from PostgreSQL, as the sqlite3 class the store's code expects; SQLSTATE is its code."""

    sqlstate: str | None = None


class PostgresIntegrityError(PostgresError, sqlite3.IntegrityError):
    """A constraint or the corrections log's append-only trigger refused a write."""


class PostgresOperationalError(PostgresError, sqlite3.OperationalError):
    """The server went away, a lock or statement timed out, or the like."""


class PostgresProgrammingError(PostgresError, sqlite3.ProgrammingError):
    """SQL the server refused (a bug, or a statement with no PostgreSQL meaning)."""


def _wrapped(e: Exception) -> PostgresError:
    if isinstance(e, PostgresError):
        return e
    import psycopg
    cls = (PostgresIntegrityError if isinstance(e, psycopg.IntegrityError)
           else PostgresOperationalError if isinstance(e, psycopg.OperationalError)
           else PostgresProgrammingError if isinstance(e, (psycopg.ProgrammingError, UnsupportedSQL))
           else PostgresError)
    out = cls(str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__)
    out.sqlstate = getattr(e, "sqlstate", None)
    return out


# --------------------------------------------------------------------------- rows and cursors

class Row(tuple):
    """A result row like sqlite3.Row: by position, by column name, ``keys()`` and ``dict(row)``."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> "Row":
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        """The column names, in order."""
        return list(self._index)


def _plain(v: Any) -> Any:
    """A value as sqlite3 would give it: numeric aggregates (sum) as int or float."""
    if isinstance(v, decimal.Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def _row_factory(cursor):
    """psycopg row factory: Row objects, the hidden rowid column left out unless selected by name."""
    desc = cursor.description
    if desc is None:
        return lambda values: values
    keep = [i for i, d in enumerate(desc) if d.name != ROWID]
    index = {desc[i].name: k for k, i in enumerate(keep)}
    whole = len(keep) == len(desc)

    def make(values: Sequence[Any]) -> Row:
        vals = values if whole else [values[i] for i in keep]
        return Row([_plain(v) for v in vals], index)
    return make


def _param(p: Any) -> Any:
    if isinstance(p, bool):
        return int(p)
    if isinstance(p, str) and "\x00" in p:       # PostgreSQL text cannot hold NUL: U+FFFD, as ingest does
        return p.replace("\x00", "\ufffd")
    return p


def _params(params: Sequence[Any] | Mapping[str, Any] | None, binds: list[tuple[int, str | None]] | None = None
            ) -> tuple:
    """Parameters as SQLite stores them: booleans as 0/1 (and NUL as U+FFFD, see ingest/_base.py), one per
    '%s' of the statement: a sequence by position (BINDS: SQLite's numbers), a mapping by name."""
    if isinstance(params, Mapping):
        if binds is None:
            return ()
        missing = [f":{n}" if n else f"?{i}" for i, n in binds if n is None or n not in params]
        if missing:
            raise PostgresProgrammingError(f"You did not supply a value for binding parameter {missing[0]}.")
        return tuple(_param(params[n]) for _, n in binds)
    params = params or ()
    if binds is None:
        return tuple(_param(p) for p in params)
    if max((i for i, _ in binds), default=0) > len(params):
        raise PostgresProgrammingError(f"Incorrect number of bindings supplied: {len(params)} given")
    return tuple(_param(params[i - 1]) for i, _ in binds)


class Cursor:
    """The results of one statement, like a sqlite3 cursor (fetchone, fetchall, iteration, lastrowid)."""

    def __init__(self, cur, lastrowid: int | None = None) -> None:
        self._cur = cur
        self.lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        """Rows the statement changed (or -1)."""
        return self._cur.rowcount

    @property
    def description(self):
        """Column descriptions, as sqlite3 gives them (name first)."""
        desc = self._cur.description
        return None if desc is None else [(d.name, None, None, None, None, None, None) for d in desc
                                          if d.name != ROWID]

    def _fetch(self, fn):
        if self._cur.description is None:
            return None
        try:
            return fn()
        except Exception as e:        # noqa: BLE001 (psycopg errors become sqlite3 ones)
            raise _wrapped(e) from e

    def fetchone(self):
        """The next row, or None."""
        return self._fetch(self._cur.fetchone)

    def fetchall(self) -> list:
        """The remaining rows."""
        return self._fetch(self._cur.fetchall) or []

    def fetchmany(self, size: int = 1) -> list:
        """Up to SIZE more rows."""
        return self._fetch(lambda: self._cur.fetchmany(size)) or []

    def __iter__(self) -> Iterator:
        return iter(self.fetchall())

    def close(self) -> None:
        """Close the cursor."""
        self._cur.close()


# --------------------------------------------------------------------------- the catalog

class _Catalog:
    """Columns, primary keys and identity columns of the store's tables, read from the server on demand."""

    def __init__(self, conn) -> None:
        self._conn = conn
        self._cols: dict[str, list[tuple[str, str]]] | None = None
        self._pk: dict[str, list[str]] = {}
        self._ident: dict[str, str] = {}

    def invalidate(self) -> None:
        self._cols = None

    def _load(self) -> dict[str, list[tuple[str, str]]]:
        if self._cols is None:
            cols: dict[str, list[tuple[str, str]]] = {}
            rows = self._conn.execute(
                "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attidentity"
                " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'"
                " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum").fetchall()
            self._ident = {}
            for table, name, typ, ident in rows:
                if name == ROWID:
                    continue
                cols.setdefault(table, []).append((name, typ))
                if ident:
                    self._ident[table] = name
            pk: dict[str, list[str]] = {}
            for table, name in self._conn.execute(
                    "SELECT c.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
                    " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)"
                    " WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace"
                    " ORDER BY c.relname, array_position(i.indkey, a.attnum)").fetchall():
                pk.setdefault(table, []).append(name)
            self._cols, self._pk = cols, pk
        return self._cols

    def tables(self) -> list[str]:
        return list(self._load())

    def columns(self, table: str) -> list[tuple[str, str]]:
        cols = self._load().get(table)
        if cols is None:
            raise UnsupportedSQL(f"no table {table!r}")
        return cols

    def primary_key(self, table: str) -> list[str]:
        self._load()
        if table not in self._pk:
            raise UnsupportedSQL(f"table {table!r} has no primary key for INSERT OR REPLACE")
        return self._pk[table]

    def identity(self, table: str) -> str | None:
        self._load()
        return self._ident.get(table)


# --------------------------------------------------------------------------- the connection

class Connection:
    """A PostgreSQL connection that speaks the SQLite store's SQL (see the module docstring)."""

    row_factory = None            # rows are always Row objects; kept so `conn.row_factory = ...` is harmless

    def __init__(self, raw, url: str) -> None:
        self._raw = raw
        self.url = url
        self.schema = raw.execute("SELECT current_schema()").fetchone()[0]
        self._catalog = _Catalog(raw)
        self._sql: dict[str, Statement] = {}

    def _statement(self, sql: str) -> Statement:
        st = self._sql.get(sql)
        if st is None:
            try:
                st = translate(sql, self._catalog, f'"{self.schema}"')
            except UnsupportedSQL as e:
                raise _wrapped(e) from None
            if not st.ddl:
                if len(self._sql) >= SQL_CACHE:       # statements with inline lists vary without end
                    self._sql.clear()
                self._sql[sql] = st
        return st

    def _run(self, st: Statement, params: Sequence[Any] | None):
        try:
            cur = self._raw.cursor()
            cur.execute(st.sql, _params(params, st.binds))
            for extra in st.extra:
                self._raw.execute(extra, ())
        except Exception as e:        # noqa: BLE001
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            raise _wrapped(e) from e
        if st.ddl:
            self._catalog.invalidate()
            self._sql.clear()
        return cur

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        """Run one statement of SQLite SQL with '?' (or '?NNN', ':name') parameters; a cursor over its rows."""
        head = sql.strip().upper()
        if head in ("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"):
            self._run(Statement("BEGIN"), None)
            return Cursor(self._run(Statement(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"), None))
        st = self._statement(sql)
        cur = self._run(st, params)
        lastrowid = None
        if st.returning:
            row = cur.fetchone()
            lastrowid = row[0] if row else None
        return Cursor(cur, lastrowid)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> Cursor:
        """Run one statement once per parameter row."""
        st = self._statement(sql)
        rows = [_params(p, st.binds) for p in seq]
        cur = self._raw.cursor()
        if rows:
            try:
                cur.executemany(st.sql, rows)
            except Exception as e:    # noqa: BLE001
                raise _wrapped(e) from e
        return Cursor(cur)

    @property
    def in_transaction(self) -> bool:
        """True inside BEGIN ... COMMIT."""
        from psycopg.pq import TransactionStatus
        return self._raw.info.transaction_status != TransactionStatus.IDLE

    def commit(self) -> None:
        """Commit the open transaction, if any."""
        if self.in_transaction:
            self._raw.execute("COMMIT")

    def rollback(self) -> None:
        """Roll back the open transaction, if any."""
        if self.in_transaction:
            self._raw.execute("ROLLBACK")

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._raw.close()

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, exc_type, *exc: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.rollback()


def open_connection(url: str, read_only: bool = False) -> Connection:
    """A connection to the PostgreSQL database URL, without touching its schema; StoreError (one line)
    when the driver is missing or the server cannot be reached or refuses the login."""
    from .sqlite import StoreError
    try:
        import psycopg
    except ImportError:
        raise StoreError(f"{redact(url)}: PostgreSQL needs the psycopg driver: pip install 'eventwire[postgres]'") \
            from None
    kwargs: dict[str, Any] = {"autocommit": True, "row_factory": _row_factory}
    if "connect_timeout" not in url:
        kwargs["connect_timeout"] = CONNECT_TIMEOUT
    try:
        raw = psycopg.connect(url, **kwargs)
        if read_only:                   # a SET, not `options`: the URL's own options (search_path) stay
            raw.execute("SET default_transaction_read_only = on")
    except psycopg.Error as e:
        raise StoreError(f"{redact(url)}: cannot open the PostgreSQL database: {_reason(e)}") from None
    return Connection(raw, url)


def _reason(e: Exception) -> str:
    """The server's or libpq's reason in one line, without the connection details libpq puts first."""
    text = " ".join(str(e).split())
    text = re.sub(r'^connection (?:failed|is bad): (?:connection to server at "[^"]*" \([^)]*\), port \d+ failed: )?',
                  "", text)
    text = re.sub(r'^connection to server (?:at|on) [^,]*(?:, port \d+)? failed: ', "", text)
    return text or type(e).__name__


def exists(url: str) -> bool:
    """True when the PostgreSQL database URL holds an eventwire store (its meta table)."""
    conn = open_connection(url, read_only=True)
    try:
        return conn._raw.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0]
    finally:
        conn.close()

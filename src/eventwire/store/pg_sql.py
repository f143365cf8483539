"""The store's SQLite SQL rewritten for PostgreSQL, one statement at a time (used by store/postgres.py).

The store, stories, corrections, web and export code write SQLite SQL; this module turns each
statement into what PostgreSQL means by it, so that there is one copy of every query:

- ``?`` placeholders become ``%s`` (and a literal ``%`` becomes ``%%``); numbered (``?NNN``) and named
  (``:name``) ones become ``%s`` too, with the order in which the parameters are passed
  (``Statement.binds``: a sequence or a mapping, as sqlite3 takes them);
- ``INSERT OR IGNORE`` becomes ``ON CONFLICT DO NOTHING``, ``INSERT OR REPLACE`` an upsert on the
  table's primary key, and an INSERT without a column list names the table's columns;
- ``CREATE TABLE``: ``INTEGER`` is ``BIGINT``, ``REAL`` is ``DOUBLE PRECISION``, ``TEXT`` compares
  byte-wise (``COLLATE "C"``, as SQLite does), ``INTEGER PRIMARY KEY AUTOINCREMENT`` is an identity
  column, and each table gains a hidden ``_rowid`` identity column for the statements that use
  SQLite's ``rowid`` (the connection's rows leave it out of ``SELECT *``);
- a ``RAISE(ABORT, ...)`` trigger becomes a trigger function that raises an integrity error;
- ``PRAGMA table_info`` reads the catalog (``database_list`` names no file, as for an in-memory
  database); ``group_concat``, ``instr``, ``char``, ``ifnull``, ``LIKE`` (case-insensitive in SQLite),
  ``IN ()``, a negative ``LIMIT``, ``main.``, ``WHERE 0`` and ``substr`` of bigint positions, ``IS ?``,
  ``REPLACE INTO``, ``CREATE VIEW IF NOT EXISTS`` and ``sqlite_master`` get their equivalents, and
  ORDER BY puts NULLs where SQLite does;
- ``UPDATE OR IGNORE`` (and the like) has none, as PostgreSQL's UPDATE has no ON CONFLICT: it is
  refused (UnsupportedSQL); write it with ``NOT EXISTS`` on the key instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

ROWID = "_rowid"                       # the hidden column that stands for SQLite's rowid
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
_PG_NOW = """to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""


class Catalog(Protocol):
    """What the rewriting needs to know about the tables (store/postgres.py reads it from the server)."""

    def columns(self, table: str) -> list[tuple[str, str]]:
        """(name, SQL type) of TABLE's columns in order, without the hidden rowid column."""

    def primary_key(self, table: str) -> list[str]:
        """TABLE's primary-key columns."""

    def identity(self, table: str) -> str | None:
        """TABLE's AUTOINCREMENT column (which ``lastrowid`` reports), if it has one."""


@dataclass
class Statement:
    """One PostgreSQL statement: its SQL, and the column whose value is ``lastrowid`` (from RETURNING)."""

    sql: str
    returning: str | None = None
    ddl: bool = False
    extra: list[str] = field(default_factory=list)      # more statements to run after it (no parameters)
    binds: list[tuple[int, str | None]] | None = None   # per %s: (SQLite's parameter number, name); None: plain ?s


class UnsupportedSQL(ValueError):
    """A statement that has no PostgreSQL meaning in this store (a PRAGMA other than table_info)."""


# --------------------------------------------------------------------------- lexing

def _segments(sql: str) -> list[tuple[str, str]]:
    """SQL split into ('code' | 'str' | 'ident', text) pieces: quoted strings and identifiers are left alone."""
    out: list[tuple[str, str]] = []
    i, n, start = 0, len(sql), 0
    while i < n:
        c = sql[i]
        if c in "'\"":
            if start < i:
                out.append(("code", sql[start:i]))
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:     # '' or "" inside: an escaped quote
                        j += 2
                        continue
                    break
                j += 1
            out.append(("str" if c == "'" else "ident", sql[i:j + 1]))
            i = start = j + 1
        else:
            i += 1
    if start < n:
        out.append(("code", sql[start:]))
    return out


def _map_code(sql: str, fn) -> str:
    """SQL with FN applied to its code pieces (not inside quotes)."""
    return "".join(fn(t) if kind == "code" else t for kind, t in _segments(sql))


def _code_only(sql: str) -> str:
    """SQL with every quoted piece blanked (for matching keywords)."""
    return "".join(t if kind == "code" else kind[0] * len(t) for kind, t in _segments(sql))


def _call_spans(code: str, name: str) -> list[tuple[int, int, int]]:
    """(start of NAME, start of its arguments, end after ')') of each call of NAME in CODE."""
    out = []
    for m in re.finditer(rf"\b{name}\s*\(", code, re.I):
        depth, j = 1, m.end()
        while j < len(code) and depth:
            depth += {"(": 1, ")": -1}.get(code[j], 0)
            j += 1
        out.append((m.start(), m.end(), j))
    return out


def _split_args(s: str) -> list[str]:
    """Top-level comma-separated arguments of a call."""
    args, depth, cur = [], 0, ""
    for kind, t in _segments(s):
        if kind != "code":
            cur += t
            continue
        for c in t:
            if c == "," and depth == 0:
                args.append(cur)
                cur = ""
                continue
            depth += {"(": 1, ")": -1}.get(c, 0)
            cur += c
    args.append(cur)
    return [a.strip() for a in args]


# --------------------------------------------------------------------------- expressions

_MASTER = ("(SELECT CASE c.relkind WHEN 'i' THEN 'index' WHEN 'v' THEN 'view' ELSE 'table' END AS type,"
           " c.relname AS name, coalesce(t.relname, c.relname) AS tbl_name FROM pg_class c"
           " LEFT JOIN pg_index x ON x.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = x.indrelid"
           " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'i', 'v'))"
           " AS sqlite_master")


def _expressions(sql: str, schema: str) -> str:
    """Function names, LIKE, rowid, empty IN lists and the main schema rewritten (outside quotes)."""
    def code(t: str) -> str:
        t = re.sub(r"\binstr\s*\(", "strpos(", t, flags=re.I)
        t = re.sub(r"\bchar\s*\((\s*\d+\s*)\)", r"chr(\1)", t, flags=re.I)
        t = re.sub(r"\bifnull\s*\(", "coalesce(", t, flags=re.I)
        t = re.sub(r"\b(NOT\s+)?LIKE\b", lambda m: (m.group(1) or "") + "ILIKE", t, flags=re.I)
        t = re.sub(r"\bmain\.", f"{schema}.", t)
        t = re.sub(r"(?<!\w)rowid\b", ROWID, t, flags=re.I)
        t = re.sub(rf"\b(SELECT\s+(?:DISTINCT\s+)?){ROWID}\b(?!\s+AS\b)", rf"\1{ROWID} AS rowid", t, flags=re.I)
        t = re.sub(r"\bLIMIT\s+-\s*1\b", "LIMIT ALL", t, flags=re.I)
        t = re.sub(r"\bLIMIT\s+\?", "LIMIT nullif(greatest(?, -1), -1)", t, flags=re.I)   # negative: no limit
        t = re.sub(r"\bIS\s+NOT\s+\?", "IS DISTINCT FROM ?", t, flags=re.I)     # SQLite's IS: null-safe =
        t = re.sub(r"\bIS\s+\?", "IS NOT DISTINCT FROM ?", t, flags=re.I)
        t = re.sub(r"\bsqlite_(?:master|schema)\b", _MASTER, t, flags=re.I)
        t = re.sub(r"\bIN\s*\(\s*\)", "IN (SELECT NULL WHERE false)", t, flags=re.I)
        t = re.sub(r"\bWHERE\s+0\s*$", "WHERE false", t, flags=re.I)
        return t
    sql = _map_code(sql, code)
    return _nulls_first(_substr(_group_concat(sql)))


_ORDER_END = re.compile(r"(?is)\b(LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|FOR|WINDOW)\b")


def _nulls_first(sql: str) -> str:
    """ORDER BY items with SQLite's NULL order (NULLs are smallest: first ascending, last descending)."""
    out, pos = "", 0
    code = _code_only(sql)
    for m in re.finditer(r"(?i)\bORDER\s+BY\b", code):
        if m.start() < pos:
            continue
        depth, j = 0, m.end()
        while j < len(code):
            c = code[j]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and _ORDER_END.match(code, j) and not code[j - 1:j].isalnum() and code[j - 1] != "_":
                break
            j += 1
        items = []
        for item in _split_args(sql[m.end():j]):
            if not item or re.search(r"(?i)\bNULLS\s+(FIRST|LAST)\s*$", item):
                items.append(item)
            elif re.search(r"(?i)\bDESC\s*$", item):
                items.append(item + " NULLS LAST")
            else:
                items.append(item + " NULLS FIRST")
        out += sql[pos:m.end()] + " " + ", ".join(items) + (" " if j < len(sql) else "")
        pos = j
    return out + sql[pos:]


def _substr(sql: str) -> str:
    """substr(s, start[, length]) with integer positions (PostgreSQL has no bigint substr; the columns are bigint)."""
    done, rest = "", sql
    while True:
        spans = _call_spans(_code_only(rest), "substr")
        if not spans:
            return done + rest
        s, a, e = spans[0]
        args = _split_args(rest[a:e - 1])
        done += rest[:s] + "substr(" + ", ".join([args[0], *[f"({x})::int" for x in args[1:]]]) + ")"
        rest = rest[e:]


def _group_concat(sql: str) -> str:
    """group_concat(x[, sep]) as string_agg(x, sep) (SQLite's default separator is ',')."""
    while True:
        spans = _call_spans(_code_only(sql), "group_concat")
        if not spans:
            return sql
        s, a, e = spans[0]
        args = _split_args(sql[a:e - 1])
        sep = args[1] if len(args) > 1 else "','"
        distinct = re.match(r"(?is)DISTINCT\s+(.*)$", args[0])
        arg = f"DISTINCT ({distinct.group(1)})::text" if distinct else f"({args[0]})::text"
        sql = sql[:s] + f"string_agg({arg}, {sep})" + sql[e:]


_PARAM = re.compile(r"\?(\d*)|(?<![:\w]):([A-Za-z_]\w*)")


def _placeholders(sql: str, binds: list[tuple[int, str | None]] | None = None) -> str:
    """'?', '?NNN' and ':name' as '%s', and every literal '%' doubled (psycopg's placeholder syntax).  BINDS
    gets, per '%s', SQLite's number for the parameter (a bare '?' is one more than the largest so far; a
    name is numbered where it first appears) and its name."""
    binds = [] if binds is None else binds
    names: dict[str, int] = {}

    def one(m: re.Match) -> str:
        top = max((n for n, _ in binds), default=0)
        if m.group(2):
            binds.append((names.setdefault(m.group(2), top + 1), m.group(2)))
        else:
            binds.append((int(m.group(1)) if m.group(1) else top + 1, None))
        return "%s"
    return "".join(_PARAM.sub(one, t.replace("%", "%%")) if kind == "code" else t.replace("%", "%%")
                   for kind, t in _segments(sql))


def _bound(sql: str) -> tuple[str, list[tuple[int, str | None]] | None]:
    """_placeholders, and the binds when they are other than plain '?'s in order (None when they are)."""
    binds: list[tuple[int, str | None]] = []
    sql = _placeholders(sql, binds)
    return sql, (None if binds == [(i + 1, None) for i in range(len(binds))] else binds)


# --------------------------------------------------------------------------- DDL

_TYPES = {"INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION", "TEXT": 'TEXT COLLATE "C"'}


def _column_type(decl: str) -> str:
    """A column's type and constraints (what follows its name) with the SQLite type as PostgreSQL's."""
    m = re.match(r"(?is)\s*(\w+)(.*)$", decl)
    if m is None or m.group(1).upper() not in _TYPES:
        return decl
    typ, rest = m.group(1).upper(), m.group(2)
    if typ == "INTEGER" and re.match(r"(?is)\s*PRIMARY\s+KEY\s+AUTOINCREMENT\b", rest):
        return "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" + re.sub(
            r"(?is)^\s*PRIMARY\s+KEY\s+AUTOINCREMENT", "", rest)
    return _TYPES[typ] + rest


def _column_types(body: str) -> str:
    """A CREATE TABLE body with each column's SQLite type as PostgreSQL's (table constraints unchanged)."""
    out = []
    for part in _split_args(body):
        m = re.match(r'(?is)("[^"]+"|\w+)(\s+.*)?$', part)
        if m is None or m.group(1).upper() in ("PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "CONSTRAINT"):
            out.append(part)
        else:
            out.append(f"{m.group(1)} {_column_type((m.group(2) or '').strip())}".rstrip())
    return ", ".join(out)


def _create_table(sql: str) -> str:
    """CREATE TABLE with PostgreSQL types, and the hidden rowid column unless it has an AUTOINCREMENT key."""
    m = re.match(r"(?is)\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(\w+)\s*\((.*)\)\s*$", sql)
    if m is None:
        return sql
    body = m.group(3)
    if not re.search(r"\bAUTOINCREMENT\b", _code_only(body), re.I):
        body = body.rstrip() + f", {ROWID} BIGINT GENERATED ALWAYS AS IDENTITY"
    return f"CREATE TABLE {m.group(1) or ''}{m.group(2)} ({_column_types(body)})"


def _trigger(sql: str) -> Statement | None:
    """A SQLite `BEFORE UPDATE|DELETE ... RAISE(ABORT, msg)` trigger as a PostgreSQL trigger (and, for
    DELETE, one on TRUNCATE too, which skips row triggers)."""
    m = re.match(r"(?is)\s*CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+BEFORE\s+(UPDATE|DELETE)\s+ON\s+(\w+)"
                 r"\s+BEGIN\s+SELECT\s+RAISE\s*\(\s*ABORT\s*,\s*'((?:[^']|'')*)'\s*\)\s*;?\s*END\s*;?\s*$", sql)
    if m is None:
        return None
    name, op, table, message = m.groups()
    func = ("CREATE OR REPLACE FUNCTION eventwire_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation'; END $$")
    out = Statement(func, ddl=True)
    out.extra.append(f"CREATE OR REPLACE TRIGGER {name} BEFORE {op.upper()} ON {table} FOR EACH ROW"
                     f" EXECUTE FUNCTION eventwire_refuse('{message}')")
    if op.upper() == "DELETE":
        out.extra.append(f"CREATE OR REPLACE TRIGGER {name}_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT"
                         f" EXECUTE FUNCTION eventwire_refuse('{message}')")
    out.extra = [_placeholders(x) for x in out.extra]
    out.sql = _placeholders(out.sql)
    return out


def _add_column(sql: str, catalog: Catalog) -> str:
    """ALTER TABLE ... ADD COLUMN with a PostgreSQL type; a column given without one (a copy of another
    table's column) takes the type that column has elsewhere."""
    m = re.match(r'(?is)\s*ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+("?)(\w+)\2\s*(.*?)\s*$', sql)
    if m is None:
        return sql
    table, _, name, decl = m.groups()
    if not decl:
        decl = next((t for other in _tables(catalog) if other != table
                     for c, t in catalog.columns(other) if c == name), "TEXT")
        return f'ALTER TABLE {table} ADD COLUMN "{name}" {decl}'
    return f'ALTER TABLE {table} ADD COLUMN "{name}" {_column_type(decl)}'


def _tables(catalog: Catalog) -> list[str]:
    return list(getattr(catalog, "tables", lambda: [])())


def _pragma(sql: str) -> str:
    """The PRAGMAs the store's code reads, from the catalog (database_list: a server database is no file)."""
    m = re.match(r"(?is)\s*PRAGMA\s+(\w+)\s*(?:\(\s*(\w+)\s*\))?\s*;?\s*$", sql)
    if m and m.group(1).lower() == "table_info" and m.group(2) and _IDENT.match(m.group(2)):
        return ("SELECT ordinal_position - 1 AS cid, column_name AS name, data_type AS type,"
                " (is_nullable = 'NO')::int AS notnull, column_default AS dflt_value, 0 AS pk"
                " FROM information_schema.columns WHERE table_schema = current_schema()"
                f" AND table_name = '{m.group(2).lower()}' AND column_name <> '{ROWID}' ORDER BY ordinal_position")
    if m and m.group(1).lower() == "database_list" and not m.group(2):    # no file: as an in-memory SQLite one
        return "SELECT 0 AS seq, 'main' AS name, '' AS file"
    if m and m.group(1).lower() == "foreign_key_check":     # PostgreSQL checks every foreign key as it writes
        return "SELECT NULL WHERE false"
    raise UnsupportedSQL(f"{sql.strip()!r} has no PostgreSQL equivalent in eventwire's store")


# --------------------------------------------------------------------------- INSERT

def _first_row_length(values: str) -> int:
    """How many values the first row of a `VALUES (...)` clause has."""
    code = _code_only(values)
    start = code.index("(")
    depth, j = 1, start + 1
    while depth:
        depth += {"(": 1, ")": -1}.get(code[j], 0)
        j += 1
    return len(_split_args(values[start + 1:j - 1]))


_INSERT = re.compile(r"(?is)^\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+(\w+)\s*(\([^)]*\))?\s*(.*)$")


def _qualify_upsert(rest: str, table: str, catalog: Catalog) -> str:
    """In a written `ON CONFLICT ... DO UPDATE SET c = f(c)`, the right-hand columns as TABLE.c (SQLite
    reads a bare name as the stored row's column; PostgreSQL calls it ambiguous)."""
    m = re.search(r"(?is)\bDO\s+UPDATE\s+SET\b", _code_only(rest))
    if m is None:
        return rest
    names = {c for c, _ in catalog.columns(table)}
    sets = []
    for item in _split_args(rest[m.end():]):
        lhs, _, rhs = item.partition("=")
        qualify = lambda w: f"{table}.{w.group(1)}" if w.group(1) in names else w.group(1)  # noqa: E731
        rhs = _map_code(rhs, lambda t: re.sub(r"(?<![.\w])(\w+)\b(?!\s*\()", qualify, t))
        sets.append(f"{lhs.strip()} = {rhs.strip()}")
    return rest[:m.end()] + " " + ", ".join(sets)


def _insert(sql: str, catalog: Catalog) -> Statement:
    """INSERT [OR IGNORE | OR REPLACE] with ON CONFLICT, a column list, and RETURNING for lastrowid."""
    m = _INSERT.match(sql)
    assert m is not None
    conflict, table, cols, rest = m.groups()
    if cols is None and re.match(r"(?is)VALUES\b|SELECT\b", rest):
        names = [c for c, _ in catalog.columns(table)]
        if re.match(r"(?is)VALUES\b", rest):        # as many columns as the row has values, like SQLite
            names = names[:_first_row_length(rest)]
        cols = "(" + ", ".join(f'"{c}"' for c in names) + ")"
    rest = _qualify_upsert(rest, table, catalog)
    listed = [c.strip().strip('"') for c in (cols or "()")[1:-1].split(",") if c.strip()]
    tail = ""
    if conflict and conflict.upper() == "IGNORE":
        tail = " ON CONFLICT DO NOTHING"
    elif conflict:
        key = catalog.primary_key(table)
        update = [c for c in listed if c not in key]
        target = ", ".join(f'"{c}"' for c in key)
        tail = (f" ON CONFLICT ({target}) DO UPDATE SET " + ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in update)
                if update else f" ON CONFLICT ({target}) DO NOTHING")
    returning = catalog.identity(table)
    if returning:
        tail += f' RETURNING "{returning}"'
    return Statement(f"INSERT INTO {table} {cols or ''} {rest.rstrip().rstrip(';')}{tail}", returning=returning)


# --------------------------------------------------------------------------- entry point

def translate(sql: str, catalog: Catalog, schema: str = "public") -> Statement:
    """One SQLite statement of the store as PostgreSQL (placeholders included); UnsupportedSQL if it has none."""
    sql = sql.replace(_NOW, _PG_NOW)
    sql = re.sub(r"(?is)^(\s*)REPLACE\s+INTO\b", r"\1INSERT OR REPLACE INTO", sql)
    sql = re.sub(r"(?is)^(\s*)CREATE\s+VIEW\s+IF\s+NOT\s+EXISTS\b", r"\1CREATE OR REPLACE VIEW", sql)
    code = _code_only(sql).lstrip().upper()
    if code.startswith("PRAGMA"):
        sql, binds = _bound(_pragma(sql))
        return Statement(sql, binds=binds)
    if code.startswith("CREATE TRIGGER"):
        st = _trigger(sql)
        if st is None:
            raise UnsupportedSQL(f"a trigger eventwire cannot write for PostgreSQL: {sql.strip()[:80]!r}")
        return st
    if re.match(r"UPDATE\s+OR\s+\w+", code):       # no ON CONFLICT for an UPDATE: write it with NOT EXISTS
        raise UnsupportedSQL(f"UPDATE OR ... has no PostgreSQL equivalent: {sql.strip()[:80]!r}")
    ddl = code.startswith(("CREATE", "ALTER", "DROP"))
    if re.match(r"CREATE\s+TABLE\b", code) and not re.search(r"\)\s*AS\s+SELECT\b|\bAS\s+SELECT\b", code):
        sql = _create_table(sql)
    elif re.match(r"ALTER\s+TABLE\s+\w+\s+ADD\s+COLUMN\b", code):
        sql = _add_column(sql, catalog)
    sql = _expressions(sql, schema)
    if code.startswith("INSERT"):
        st = _insert(sql, catalog)
        st.sql, st.binds = _bound(st.sql)
        return st
    sql, binds = _bound(sql)
    return Statement(sql, ddl=ddl, binds=binds)

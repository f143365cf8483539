"""`eventwire export`: each format loaded back with the tool its users use.

The database is the two example articles (coded once per session by conftest's `seed_results`),
with a URL and outlet added to seed-002 so the citation columns are exercised.
"""
from __future__ import annotations

import csv
import dataclasses
import inspect
import io
import json
from itertools import combinations

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from conftest import BACKENDS, new_store

pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")
nx = pytest.importorskip("networkx")

URL = "https://example.org/news/hamas-iran-moscow"

# The GDELT 2.0 event table codebook, written out independently of eventwire.export.GDELT_COLUMNS.
GDELT_2 = """GLOBALEVENTID SQLDATE MonthYear Year FractionDate
Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code
Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code
Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code
Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code
IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles AvgTone
Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat
Actor1Geo_Long Actor1Geo_FeatureID
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code Actor2Geo_Lat
Actor2Geo_Long Actor2Geo_FeatureID
ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat
ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL""".split()


@pytest.fixture(scope="module", params=BACKENDS)
def db(request, tmp_path_factory, seed_results):
    from eventwire.store import connect, store_result
    path = new_store(request, request.param, tmp_path_factory.mktemp("export") / "ew.db")
    conn = connect(path)
    for aid, r in seed_results.items():
        if aid == "seed-002":
            r = dataclasses.replace(r, article=dataclasses.replace(r.article, url=URL, outlet="Example News",
                                                                   title="Hamas and Iran in Moscow"))
        store_result(conn, r)
    conn.close()
    return str(path)


def cli(*args: str) -> bytes:
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 0, (r.output, r.exception)
    return r.stdout_bytes


def events_json(db: str, *args: str) -> list[dict]:
    return json.loads(cli("events", "--db", db, "--format", "json", *args))


def export_file(db: str, fmt: str, tmp_path, *args: str):
    out = tmp_path / f"out.{fmt}"
    cli("export", "--db", db, "--format", fmt, "--out", str(out), *args)
    return out


def _normal(row: dict) -> dict:
    """An `events --format json` row in the Parquet export's types."""
    out = dict(row)
    for k in ("context", "evidence_more", "size"):
        out[k] = json.loads(row[k]) if row[k] is not None else None
    out["historical"] = bool(row["historical"])
    return out


def _py(v):
    """A pandas cell as plain Python (numpy arrays, NaN, structs)."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, list):
        return [_py(x) for x in v]
    if isinstance(v, dict):
        return {k: _py(x) for k, x in v.items() if not (x is None or x != x)}
    if isinstance(v, float) and v != v:
        return None
    return v


@pytest.mark.parametrize("polarities", [(), ("--all-polarities",)], ids=["asserted", "all-polarities"])
def test_parquet_has_the_rows_of_events_json(db, tmp_path, polarities):
    want = [_normal(r) for r in events_json(db, *polarities)]
    df = pd.read_parquet(export_file(db, "parquet", tmp_path, *polarities))
    assert len(want) > 5 and len(df) == len(want)
    assert set(want[0]) <= set(df.columns)
    got = df.to_dict("records")
    assert [r["id"] for r in got] == [r["id"] for r in want]          # same order too
    for g, w in zip(got, want):
        for k, v in w.items():
            gv = _py(g[k])
            if k == "size" and v is not None:
                gv = {a: int(b) for a, b in gv.items()}
            assert gv == v, (w["id"], k, gv, v)
    assert pq.read_schema(tmp_path / "out.parquet").field("actors").type.value_type == "string"   # real lists


def test_parquet_filters_match_events(db, tmp_path):
    for args in (("--type", "CONSULT"), ("--actor", "Russia", "--with", "Hamas"), ("--since", "2023-10-01"),
                 ("--actor", "nobody at all")):
        want = [r["id"] for r in events_json(db, *args)]
        assert pd.read_parquet(export_file(db, "parquet", tmp_path, *args))["id"].tolist() == want, args


def test_csv_one_flat_row_per_event(db):
    from eventwire.export import FLAT_COLUMNS
    want = events_json(db, "--all-polarities")
    rows = list(csv.DictReader(io.StringIO(cli("export", "--db", db, "--format", "csv", "--all-polarities").decode())))
    assert tuple(rows[0]) == FLAT_COLUMNS
    assert [r["id"] for r in rows] == [w["id"] for w in want]
    for r, w in zip(rows, want):
        assert r["actors"] == "; ".join(w["actors"]) and r["recipient_ids"] == "; ".join(w["recipient_ids"])
        assert r["evidence"] == w["evidence"] and r["cameo"] == w["cameo"]
        assert r["url"] == (URL if w["article_id"] == "seed-002" else "")


def test_gdelt_tsv_columns_and_codes(db):
    from eventwire.export import GDELT_COLUMNS
    assert list(GDELT_COLUMNS) == GDELT_2 and len(GDELT_2) == 61
    want = {r["id"]: r for r in events_json(db)}
    raw = cli("export", "--db", db, "--format", "gdelt-tsv").decode()
    rows = list(csv.reader(io.StringIO(raw), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == len(want) and all(len(r) == 61 for r in rows)
    assert rows[0][0].isdigit()                                           # no header by default
    with_header = list(csv.reader(io.StringIO(cli("export", "--db", db, "--format", "gdelt-tsv", "--header").decode()),
                                  delimiter="\t", quoting=csv.QUOTE_NONE))
    assert with_header[0] == GDELT_2 and with_header[1:] == rows
    col = {name: i for i, name in enumerate(GDELT_2)}
    by_sql = {}
    for r in rows:
        root, base, code = r[col["EventRootCode"]], r[col["EventBaseCode"]], r[col["EventCode"]]
        assert len(root) == 2 and root.isdigit() and base == code[:3] and code.startswith(root) and code.isdigit()
        assert r[col["QuadClass"]] in {"1", "2", "3", "4"}
        assert r[col["SQLDATE"]] == "" or (len(r[col["SQLDATE"]]) == 8 and r[col["SQLDATE"]].isdigit())
        assert len(r[col["DATEADDED"]]) == 14 and r[col["DATEADDED"]].isdigit()
        by_sql.setdefault(r[col["SQLDATE"]], []).append(r)
    from eventwire.export import cameo_code, gdelt_event_id
    by_id = {gdelt_event_id(i): w for i, w in want.items()}
    for r in rows:                             # the PLOVER authors' code for the event's type and mode
        w = by_id[int(r[0])]
        assert r[col["EventCode"]] == cameo_code(w["type"], w["mode"])
    assert {r[col["EventCode"]] for r in rows} >= {"042"}    # the seeds' Moscow visits: CONSULT/visit
    # seed-002's events cite its URL; a dated one fills SQLDATE, MonthYear, Year and FractionDate
    cited = [r for r in rows if r[col["SOURCEURL"]] == URL]
    assert len(cited) == sum(w["article_id"] == "seed-002" for w in want.values()) > 0
    day = next(w for w in want.values() if w["date"] and len(w["date"]) == 10)
    r = next(r for r in rows if r[col["SQLDATE"]] == day["date"].replace("-", ""))
    assert r[col["MonthYear"]] == day["date"][:7].replace("-", "") and r[col["Year"]] == day["date"][:4]
    assert r[col["FractionDate"]].startswith(day["date"][:4] + ".")
    # Actor1 from the first actor: Lavrov is RUSGOV
    lav = [r for r in rows if r[col["Actor1Name"]] == "Sergei Lavrov"]
    assert lav and all(r[col["Actor1Code"]] == "RUSGOV" and r[col["Actor1CountryCode"]] == "RUS"
                       and r[col["Actor1Type1Code"]] == "GOV" for r in lav)
    moscow = [r for r in rows if r[col["ActionGeo_FullName"]].startswith("Moscow")]
    assert moscow and all(r[col["ActionGeo_CountryCode"]] == "RS" and r[col["ActionGeo_Type"]] == "4" for r in moscow)


def test_plover_jsonl_fields(db, seed_results):
    want = {r["id"]: r for r in events_json(db, "--all-polarities")}
    lines = cli("export", "--db", db, "--format", "plover-jsonl", "--all-polarities").decode().splitlines()
    recs = [json.loads(x) for x in lines]
    assert [r["id"] for r in recs] == list(want)
    fields = {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text", "quad_code",
              "size", "text_info", "cite_info", "coder", "version"}
    for r in recs:
        assert fields <= set(r), fields - set(r)
        w = want[r["id"]]
        assert r["event"] == w["type"] and r["coder"] == "eventwire" and r["version"]
        assert [a["identifier"] for a in r["actor"]] == w["actor_ids"]
        assert [a["identifier"] for a in r["recipient"]] == w["recipient_ids"]
        for p in r["actor"] + r["recipient"]:
            assert {"code", "sector", "entity_text", "identifier"} <= set(p) and p["entity_text"]
        text = seed_results[r["text_info"]["article_id"]].article.text
        assert text[r["text_info"]["start"]:r["text_info"]["end"]] == r["event_text"]
        assert set(r["cite_info"]) == {"outlet", "url", "title", "published"}
        if r["event_loc"] is not None:
            assert set(r["event_loc"]) == {"name", "country", "lat", "lon"}
    lavrov = next(r for r in recs if any(a["identifier"] == "person:sergei-lavrov" for a in r["actor"]))
    assert next(a for a in lavrov["actor"] if a["identifier"] == "person:sergei-lavrov")["code"] == "RUS"
    assert any(r["cite_info"]["url"] == URL and r["cite_info"]["outlet"] == "Example News" for r in recs)


def _expected_edges(rows: list[dict]) -> dict[frozenset, int]:
    edges: dict[frozenset, int] = {}
    for r in rows:
        if r["type"] in ("CONSULT", "AGREE", "COOPERATE") or not r["recipient_ids"]:
            pairs = combinations(set(r["actor_ids"] + r["recipient_ids"]), 2)
        else:
            pairs = ((a, b) for a in r["actor_ids"] for b in r["recipient_ids"] if a != b)
        for pair in {frozenset(p) for p in pairs}:
            edges[pair] = edges.get(pair, 0) + 1
    return edges


@pytest.mark.parametrize("fmt,read", [("graphml", "read_graphml"), ("gexf", "read_gexf")])
def test_actor_network(db, tmp_path, fmt, read):
    rows = events_json(db, "--all-polarities")
    g = getattr(nx, read)(export_file(db, fmt, tmp_path, "--all-polarities"))
    assert set(g.nodes) == {i for r in rows for i in r["actor_ids"] + r["recipient_ids"]}
    lavrov = g.nodes["person:sergei-lavrov"]
    assert lavrov["name"] == "Sergei Lavrov" and lavrov["kind"] == "PERSON" and lavrov["country"] == "RUS"
    assert lavrov["sector"] == "GOV"
    want = _expected_edges(rows)
    got = {frozenset((a, b)): d for a, b, d in g.edges(data=True)}
    assert {k: int(d["weight"]) for k, d in got.items()} == want
    for d in got.values():
        types = sum(int(v) for k, v in d.items() if k.startswith("type_"))
        quads = sum(int(v) for k, v in d.items() if k.startswith("quad_"))
        assert types == quads == int(d["weight"]) and d["first_date"] <= d["last_date"]
    e = got[frozenset(("person:sergei-lavrov", "person:khaled-mashal"))]
    assert int(e["type_CONSULT"]) >= 2 and e["first_date"] == "2008"


def test_export_streams_and_refuses_a_missing_db(tmp_path, db):
    from eventwire.export import export, iter_events
    from eventwire.store import connect
    assert inspect.isgeneratorfunction(iter_events)
    conn = connect(db)
    buf = io.BytesIO()
    assert export(conn, "plover-jsonl", buf, type="CONSULT") == len(buf.getvalue().splitlines()) > 0
    conn.close()
    r = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "none.db"), "--format", "csv"])
    assert r.exit_code == 1 and "no such database" in r.output
    r = CliRunner().invoke(main, ["export", "--db", db, "--format", "xlsx"])
    assert r.exit_code == 2


@pytest.mark.parametrize("etype,mode,code", [("CONSULT", "visit", "042"), ("CONSULT", None, "040"),
                                             ("ASSAULT", "firearms", "193"), ("REQUEST", "yield", "1051"),
                                             ("PROTEST", "no-such-mode", "140"), ("NOTATYPE", None, None)])
def test_cameo_code_of_type_and_mode(etype, mode, code):
    from eventwire.export import cameo_code
    assert cameo_code(etype, mode) == code

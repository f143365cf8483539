"""The actor commands and the actor store: `eventwire actors` filters, `eventwire actor NAME`,
actors merged across articles, a malformed --actors file, names in other scripts end to end."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.records import Actor, Article, Mention, Result, Role, Span
from eventwire.store import connect, store_result
from eventwire.store.sqlite import actor_profile, list_actors, resolve_actor, similar_actors

from conftest import BACKENDS, EXAMPLES, new_store


@pytest.fixture(scope="module", params=BACKENDS)
def db(request, tmp_path_factory):
    """Both examples coded into a fresh database, plus a short text with names in other scripts."""
    folder = tmp_path_factory.mktemp("in")
    for f in EXAMPLES.glob("*"):
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "scripts.txt").write_text(
        "Russian Foreign Minister Sergei Lavrov (Сергей Лавров) met Hamas official Mousa Abu Marzook "
        "(موسى أبو مرزوق) in Moscow on Monday, March 4, 2024. Later, Андрей Козлов, 27, from Rishon Lezion, "
        "spoke to reporters.\n", encoding="utf-8")
    path = new_store(request, request.param, tmp_path_factory.mktemp("db") / "ew.db")
    r = CliRunner().invoke(main, ["run", str(folder), "--db", str(path)])
    assert r.exit_code == 0, r.output
    return path


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# -- eventwire actors --------------------------------------------------------------------------------
def test_actors_filters(db):
    rows = json.loads(cli("actors", "--db", db, "--kind", "person", "--country", "rus", "--format", "json").output)
    names = {r["name"] for r in rows}
    assert {"Mikhail Bogdanov", "Sergei Lavrov", "Alexander Shein"} <= names
    assert all(r["kind"] == "PERSON" and r["country"] == "RUS" for r in rows)
    orgs = list(csv.DictReader(io.StringIO(cli("actors", "--db", db, "--kind", "ORG", "--format", "csv").output)))
    assert orgs and all(r["kind"] == "ORG" for r in orgs) and "org:hamas" in {r["id"] for r in orgs}
    table = cli("actors", "--db", db, "--country", "PSE").output
    assert "Hamas" in table and "Sergei Lavrov" not in table
    all_rows = json.loads(cli("actors", "--db", db, "--format", "json").output)
    assert len(all_rows) > len(rows) and all_rows[0]["events"] >= all_rows[-1]["events"]


def test_actors_bad_country_is_a_usage_error(db):
    r = cli("actors", "--db", db, "--country", "Russia")
    assert r.exit_code == 2 and "alpha-3" in r.output


# -- eventwire actor NAME ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["person:mikhail-bogdanov", "Mikhail Bogdanov", "mikhail bogdanov", "BOGDANOV"])
def test_actor_by_id_name_or_alias(db, name):
    r = cli("actor", name, "--db", db, "--format", "json")
    assert r.exit_code == 0, r.output
    p = json.loads(r.output)
    assert (p["id"], p["kind"], p["country"], p["sector"]) == ("person:mikhail-bogdanov", "PERSON", "RUS", "GOV")
    assert p["affiliation"] == "RUS.GOV.MFA" and p["affiliation_name"] == "Russian Foreign Ministry"
    assert "Bogdanov" in p["aliases"] and len(p["aliases"]) == len(set(p["aliases"]))
    # the role both articles state is one role, seen in both, with the KB's start date
    dfm = [x for x in p["roles"] if x["title"] == "Deputy Foreign Minister"]
    assert len(dfm) == 1 and set(dfm[0]["articles"]) == {"seed-000", "seed-002"}
    assert dfm[0]["start"] == "2011-06-06" and dfm[0]["first_seen"] == "2023-10-26" and dfm[0]["last_seen"] == "2024-01-19"
    assert {a["id"] for a in p["articles"]} == {"seed-000", "seed-002"} and all(a["mentions"] > 0 for a in p["articles"])
    assert all(a["title"] for a in p["articles"])
    dates = [e["date"] for e in p["events"] if e["date"]]
    assert dates == sorted(dates) and "2023-09" in dates and "2024-01-19" in dates
    e = next(e for e in p["events"] if e["date"] == "2023-09")
    assert e["type"] == "CONSULT" and "Mikhail Bogdanov" in e["actors"] + e["recipients"] and "Marzook" in e["evidence"]


def test_actor_table_and_csv(db):
    r = cli("actor", "Hamas", "--db", db)
    assert r.exit_code == 0
    for part in ("org:hamas", "Roles", "Articles (3)", "Events", "seed-000", "seed-002"):
        assert part in r.output, part
    rows = list(csv.DictReader(io.StringIO(cli("actor", "Hamas", "--db", db, "--format", "csv").output)))
    sections = {row["section"] for row in rows}
    assert {"actor", "article", "event"} <= sections
    assert next(row for row in rows if row["item"] == "id")["detail"] == "org:hamas"


def test_unknown_actor_is_a_clear_error(db):
    r = cli("actor", "Abu Marzouk", "--db", db)
    assert r.exit_code == 1
    lines = [x for x in r.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "no actor matches 'Abu Marzouk'" in lines[0]
    assert "Mousa Abu Marzook (person:mousa-abu-marzook)" in lines[0] and "Traceback" not in r.output
    assert cli("actor", "Qwxyzzy", "--db", db).exit_code == 1


def test_actor_missing_database(tmp_path):
    r = cli("actor", "Hamas", "--db", tmp_path / "none.db")
    assert r.exit_code == 1 and "no such database" in r.output


def test_names_in_other_scripts_end_to_end(db):
    p = json.loads(cli("actor", "Сергей Лавров", "--db", db, "--format", "json").output)
    assert p["id"] == "person:sergei-lavrov" and "Сергей Лавров" in p["aliases"]
    p = json.loads(cli("actor", "موسى أبو مرزوق", "--db", db, "--format", "json").output)
    assert p["id"] == "person:mousa-abu-marzook" and len(p["articles"]) == 3
    p = json.loads(cli("actor", "андрей козлов", "--db", db, "--format", "json").output)
    assert p["name"] == "Андрей Козлов" and p["attributes"]["age"] == 27 and p["attributes"]["residence"] == "Rishon Lezion"
    conn = connect(db)
    text = conn.execute("SELECT text FROM articles WHERE text LIKE '%Сергей%'").fetchone()[0]
    for start, end, mention in conn.execute('SELECT start, "end", text FROM mentions WHERE article_id = '
                                            "(SELECT id FROM articles WHERE text LIKE '%Сергей%')"):
        assert text[start:end] == mention
    assert "Андрей Козлов" in cli("actors", "--db", db, "--kind", "PERSON").output


# -- a malformed --actors file -----------------------------------------------------------------------
@pytest.mark.parametrize("content, line, words", [
    ("actors:\n- name: Acme Militia\n  kind: ORG\n- name: Bad One\n  kind: BANANA\n", 5, "'kind'"),
    ("actors:\n  - name: X\n    kind: PERSON\n     country: RUS\n", 4, "not valid YAML"),
    ("actors:\n- {name: X, kind: ORG, country: Russia}\n", 2, "alpha-3"),
])
def test_run_with_a_malformed_actors_file(tmp_path, content, line, words):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)
    text = tmp_path / "a.txt"
    text.write_text("Hamas leaders met Russian officials in Moscow on Thursday.\n")
    r = cli("run", text, "--db", tmp_path / "x.db", "--actors", bad)
    assert r.exit_code == 1
    lines = [x for x in r.output.splitlines() if x.strip()]
    assert len(lines) == 1, r.output
    assert f"bad.yaml, line {line}" in lines[0] and words in lines[0]
    assert "Traceback" not in r.output and not (tmp_path / "x.db").exists()


# -- the store keeps an actor's aliases and roles across articles --------------------------------------
def _result(article_id: str, text: str, actor: Actor) -> Result:
    art = Article(id=article_id, text=text, published=dt.date(2024, 1, int(article_id[-1])))
    return Result(article=art, actors=(actor,), mentions=(Mention(0, 5, text[:5], actor.kind, actor.id),),
                  content_hash=hashlib.sha256(text.encode()).hexdigest()[:16])


def test_store_merges_aliases_roles_and_attributes(db_url):
    conn = connect(db_url)
    ev = Span(0, 5, "x")
    a1 = Actor("person:ada-obi", "Ada Obi", "PERSON", aliases=("Obi", "Ms Obi"), country="NGA",
               roles=(Role("Health Minister", org="NGA.GOV.MOH", evidence=ev),), attributes=(("age", 51),))
    a2 = Actor("person:ada-obi", "Ada Obi", "PERSON", aliases=("Obi", "Ада Оби"), sector="GOV",
               roles=(Role("Health Minister", org="NGA.GOV.MOH", evidence=ev), Role("senator", evidence=ev)),
               attributes=(("age", 52), ("residence", "Abuja")))
    store_result(conn, _result("a1", "Obi said so.", a1))
    store_result(conn, _result("a2", "Obi spoke again.", a2))
    row = conn.execute("SELECT country, sector, aliases, roles, attributes FROM actors").fetchone()
    assert (row["country"], row["sector"]) == ("NGA", "GOV")
    assert json.loads(row["aliases"]) == ["Obi", "Ms Obi", "Ада Оби"]             # kept as written, no repeats
    roles = json.loads(row["roles"])
    assert [r["title"] for r in roles] == ["Health Minister", "senator"]
    assert roles[0]["articles"] == ["a1", "a2"] and roles[1]["articles"] == ["a2"]
    assert json.loads(row["attributes"]) == {"age": 51, "residence": "Abuja"}
    before = conn.execute("SELECT aliases, roles FROM actors").fetchone()
    store_result(conn, _result("a2", "Obi spoke again, later.", a2))            # replaced: nothing doubles
    assert tuple(conn.execute("SELECT aliases, roles FROM actors").fetchone()) == tuple(before)
    assert resolve_actor(conn, "ада оби") == "person:ada-obi" and resolve_actor(conn, "Nobody") is None
    assert similar_actors(conn, "Ada Obbi")[0] == "Ada Obi (person:ada-obi)"
    p = actor_profile(conn, "Obi")
    assert [a["id"] for a in p["articles"]] == ["a1", "a2"] and p["roles"][0]["first_seen"] == "2024-01-01"
    assert list_actors(conn, kind="person", country="nga")[0]["mentions"] == 2
    assert list_actors(conn, country="RUS") == []

"""End-to-end tests through the `eventwire` command: run, extract, events, timeline, actors, eval, bad input."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.store import connect

from conftest import EXAMPLES, SEED_002

EVENTWIRE = Path(sys.executable).with_name("eventwire")


@pytest.fixture(scope="module")
def db(examples_any):
    """The examples coded into a database (conftest's, shared by the run; SQLite, then PostgreSQL)."""
    return examples_any


def test_help_lists_every_command():
    out = CliRunner().invoke(main, ["--help"]).output
    for cmd in ("run", "extract", "events", "timeline", "actors", "eval"):
        assert cmd in out


def test_run_stores_and_rerun_is_a_no_op(db):
    conn = connect(db)
    n = conn.execute("SELECT count(*), (SELECT count(*) FROM events) FROM articles").fetchone()
    assert n[0] == 2 and n[1] > 10
    assert conn.execute("SELECT published FROM articles WHERE id='seed-002'").fetchone()[0] == "2023-10-26"
    r = CliRunner().invoke(main, ["run", str(EXAMPLES), "--db", str(db)])
    assert r.exit_code == 0
    assert "2 unchanged" in r.stderr
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == n[1]


def test_events_formats(db):
    runner = CliRunner()
    rows = json.loads(runner.invoke(main, ["events", "--db", str(db), "--format", "json"]).output)
    assert rows and all(r["polarity"] == "asserted" for r in rows)
    assert all(r["evidence"] for r in rows)
    csv_out = runner.invoke(main, ["events", "--db", str(db), "--format", "csv", "--type", "CONSULT"]).output
    table = list(csv.DictReader(io.StringIO(csv_out)))
    assert list(table[0])[:4] == ["date", "type", "mode", "actors"]
    assert table and all(row["type"] == "CONSULT" for row in table)
    table = runner.invoke(main, ["events", "--db", str(db)]).output
    assert "CONSULT" in table
    every = json.loads(runner.invoke(main, ["events", "--db", str(db), "--format", "json", "--all-polarities"]).output)
    assert any(r["polarity"] == "negated" for r in every)
    since = json.loads(runner.invoke(main, ["events", "--db", str(db), "--format", "json", "--since", "2023-10-01"]).output)
    assert since and all((r["date_end"] or r["date"]) >= "2023-10" for r in since)


def test_timeline_russia_hamas(db):
    rows = json.loads(CliRunner().invoke(main, ["timeline", "--db", str(db), "--actor", "Russia", "--with", "Hamas",
                                                "--format", "json"]).output)
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    for d in ("2006-03", "2008", "2009", "2020-03", "2022-09", "2023-09", "2023-10-26", "2024-01-19"):
        assert d in dates, d


def test_actors_command(db):
    rows = json.loads(CliRunner().invoke(main, ["actors", "--db", str(db), "--format", "json"]).output)
    by_name = {r["name"]: r for r in rows}
    assert by_name["Mikhail Bogdanov"]["country"] == "RUS" and by_name["Mikhail Bogdanov"]["events"] >= 3


def test_missing_database_is_a_clear_error(tmp_path):
    r = CliRunner().invoke(main, ["events", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 1 and "no such database" in r.output


def test_extract_jsonl_echoes_ids_and_errors(tmp_path):
    inp = tmp_path / "in.jsonl"
    recs = [{"id": "a", "text": SEED_002.read_text("utf-8"), "published": "2023-10-26T09:00:00Z"},
            {"id": "empty", "text": ""}, "not an object", {"id": "b", "title": "no text"}]
    inp.write_text("\n".join(json.dumps(r) for r in recs) + "\n{broken json\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["extract", str(inp), "--input-format", "jsonl", "--format", "json"])
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    by_id = {a["id"]: a for a in doc["articles"]}
    assert by_id["a"]["published"] == "2023-10-26" and by_id["a"]["events"]
    assert by_id["empty"]["errors"][0]["code"] == "empty_document"
    assert by_id["b"]["errors"][0]["code"] == "empty_document"
    assert "in.jsonl:3" in r.stderr and "in.jsonl:5" in r.stderr and "bad_json" in r.stderr


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_002, folder / "good.txt")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "latin1.txt").write_bytes("Le président a rencontré le ministre à Genève.".encode("latin-1"))
    db = tmp_path / "ew.db"
    r = CliRunner().invoke(main, ["run", str(folder), str(tmp_path / "missing.txt"), "--db", str(db),
                                  "--published", "2023-10-26"])
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("eventwire: [")]
    assert len(errors) == 4, r.stderr
    for code in ("empty_document", "binary_input", "bad_encoding", "not_found"):
        assert code in r.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0


def test_real_binary_stdin_and_exit_codes(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    p = subprocess.run([str(EVENTWIRE), "extract", "-", "--published", "2024-03-06"], input=b"Turkey's President met "
                       b"Germany's Chancellor in Berlin on Monday.", capture_output=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    art = json.loads(p.stdout)["articles"][0]
    assert art["text"].startswith("Turkey's President")
    p = subprocess.run([str(EVENTWIRE), "extract", str(tmp_path / "nope.txt")], capture_output=True, timeout=120)
    assert p.returncode == 1 and b"not_found" in p.stderr
    p = subprocess.run([str(EVENTWIRE), "extract"], capture_output=True, timeout=60)
    assert p.returncode == 2


GOLD = """
articles:
- id: g1
  text: "Russian Foreign Minister Sergei Lavrov met with Iranian Foreign Minister Hossein Amirabdollahian in Moscow on Monday."
  published: 2024-03-06
  entities:
  - {name: Sergei Lavrov, kind: PERSON, country: RUS, sector: GOV}
  - {name: Moscow, kind: GPE, country: RUS}
  events:
  - {id: e1, type: CONSULT, source: Sergei Lavrov, target: Hossein Amirabdollahian, location: Moscow, date: 2024-03-04, must: true}
"""


def test_eval_prints_real_numbers(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text(GOLD, encoding="utf-8")
    r = CliRunner().invoke(main, ["eval", str(gold), "--format", "json"])
    assert r.exit_code == 0, r.output
    scores = json.loads(r.stdout)
    assert scores["claims"] != {"status": "not extracted"} and scores["quotes"] != {"status": "not extracted"}
    assert scores["entities"]["recall"] == 1.0
    assert scores["must"]["found"] == 1 and scores["events"]["date_accuracy"] == 1.0
    table = CliRunner().invoke(main, ["eval", str(gold)]).output
    assert "entities" in table and "claims" in table and "not extracted" not in table


def test_near_duplicate_is_stored_linked_and_not_coded(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = SEED_002.read_text("utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text("Syndicated from the wire service\n\n" + text, encoding="utf-8")
    db = tmp_path / "ew.db"
    for _ in range(2):                                    # the second run changes nothing
        r = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--published", "2023-10-26"])
        assert r.exit_code == 0, r.stderr
        assert "[duplicate]" in r.stderr
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT a.id, a.duplicate_of, (SELECT count(*) FROM events e WHERE e.article_id = a.id)"
                        " FROM articles a ORDER BY a.duplicate_of IS NOT NULL").fetchall()
    assert len(rows) == 2
    (orig, none, n_orig), (dup, link, n_dup) = rows
    assert none is None and link == orig and n_orig > 0 and n_dup == 0


def test_near_duplicate_of_an_article_stored_by_an_earlier_run(tmp_path):
    text = SEED_002.read_text("utf-8")
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    (first / "a.txt").write_text(text, encoding="utf-8")
    (second / "b.txt").write_text("Republished with permission\n\n" + text, encoding="utf-8")
    db = tmp_path / "ew.db"
    for folder in (first, first, second):
        r = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--published", "2023-10-26", "--workers", "1"])
        assert r.exit_code == 0, r.stderr
    assert "[duplicate]" in r.stderr
    links = sqlite3.connect(db).execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
    assert links == 1


def test_claims_and_quotes_commands(db):
    r = CliRunner().invoke(main, ["claims", "--db", str(db), "--what", "killed", "--format", "json"])
    assert r.exit_code == 0, r.output
    killed = json.loads(r.stdout)
    assert {c["qualifier"] for c in killed} == {"more than"} and len(killed) == 2
    assert {c["date"] for c in killed} == {"2023-10-07"}                 # both name the day of the attack
    table = CliRunner().invoke(main, ["claims", "--db", str(db)]).output
    assert "held_hostage" in table and "1401+" in table
    r = CliRunner().invoke(main, ["quotes", "--db", str(db), "--speaker", "Weitmann", "--format", "json"])
    [q] = json.loads(r.stdout)
    assert q["text"].startswith("We will destroy Hamas") and q["direct"] == 1 and q["speaker_name"] == "Amir Weitmann"
    r = CliRunner().invoke(main, ["quotes", "--db", str(db), "--speaker", "Russia", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert any("Foreign Ministry" in x["speaker"] for x in rows)        # a country's ministries speak for it


def test_run_settles_stories_as_it_goes(tmp_path, monkeypatch):
    """A long run settles its stories every SETTLE_EVERY stored articles, not all at the end."""
    import eventwire.cli as cli
    import eventwire.stories.settle as settle_mod
    calls: list[list[str]] = []
    real = settle_mod.settle
    monkeypatch.setattr(cli, "SETTLE_EVERY", 2)
    monkeypatch.setattr(settle_mod, "settle", lambda conn, ids: calls.append(list(ids)) or real(conn, ids))
    lines = [json.dumps({"id": f"a{i}", "text": f"Report {i}. Police in Lima arrested {i + 2} protesters on Monday.",
                         "published": "2024-03-06"}) for i in range(5)]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "ew.db"
    r = CliRunner().invoke(main, ["run", str(tmp_path / "in.jsonl"), "--db", str(db), "--workers", "1"])
    assert r.exit_code == 0, r.stderr
    assert [len(c) for c in calls] == [2, 2, 1]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(DISTINCT article_id) FROM story_articles").fetchone()[0] == 5

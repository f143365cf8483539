"""Corrections: the append-only log, the effective and raw views, re-runs, orphans, undo, gold export, the API."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.eval.seeds import load_gold, score_seeds
from eventwire.export import iter_events
from eventwire.records import Actor, Article, Event, Mention, Result, Span
from eventwire.store import connect, query_events, store_result
from eventwire.store.corrections import CorrectionError, add_correction, list_corrections
from eventwire.store.corrections_gold import export_gold

from conftest import BACKENDS, new_store

TEXT = "Lavrov met Mashal in Damascus in 2008. Hamas attacked Israel in October."
LAVROV = Actor("person:sergei-lavrov", "Sergei Lavrov", "PERSON", country="RUS", sector="GOV")
MASHAL = Actor("person:khaled-mashal", "Khaled Mashal", "PERSON", country="PSE", sector="REB")
HAMAS = Actor("org:hamas", "Hamas", "ORG", country="PSE", sector="REB")
ISRAEL = Actor("ISR", "Israel", "GPE", country="ISR", in_kb=True)


def _event(text: str, aid: str, etype: str, actors, recipients, sentence: str, trigger: str, date: str) -> Event:
    s = text.index(sentence)
    t = text.index(trigger, s)
    return Event(id=f"{aid}-{etype}-{t}", article_id=aid, type=etype, mode=None, cameo="04", actors=actors,
                 recipients=recipients, location=None, date=date, date_end=None, date_precision="year",
                 date_source="text", polarity="asserted", historical=True, reported_by=None, confidence=0.9,
                 evidence=Span(s, s + len(sentence), sentence), trigger=Span(t, t + len(trigger), trigger),
                 sentence=Span(s, s + len(sentence), sentence))


def make_result(text: str = TEXT, aid: str = "a1", assault: bool = True) -> Result:
    """Two events (a meeting, an attack); ASSAULT False leaves the attack out (another lexicon)."""
    events = [_event(text, aid, "CONSULT", (LAVROV.id, MASHAL.id), (), "Lavrov met Mashal in Damascus in 2008.",
                     "met", "2008")]
    if assault:
        events.append(_event(text, aid, "ASSAULT", (HAMAS.id,), (ISRAEL.id,), "Hamas attacked Israel in October.",
                             "attacked", "2023-10"))
    i = text.index("Lavrov")
    mentions = (Mention(i, i + 6, "Lavrov", "PERSON", LAVROV.id),)
    art = Article(id=aid, text=text, published=dt.date(2024, 1, 19))
    return Result(article=art, actors=(LAVROV, MASHAL, HAMAS, ISRAEL), mentions=mentions, events=tuple(events),
                  content_hash=hashlib.sha256(text.encode()).hexdigest()[:16])


@pytest.fixture
def conn(db_url):
    c = connect(db_url)
    store_result(c, make_result())
    yield c
    c.close()


def _ids(conn, raw=False) -> dict[str, dict]:
    return {e["type"]: e for e in query_events(conn, raw=raw)}


def test_delete_edit_add_and_the_raw_view(conn):
    consult, assault = _ids(conn)["CONSULT"], _ids(conn)["ASSAULT"]
    add_correction(conn, "a1", "delete_event", who="ana", event_id=assault["id"], note="not in this text")
    edit = add_correction(conn, "a1", "edit_event", who="ana", event_id=consult["id"],
                          event={"date": "2009-03-02", "location": "Damascus", "mode": "visit"})
    start = TEXT.index("Hamas attacked")
    add = add_correction(conn, "a1", "add_event", who="bo", evidence={"start": start, "end": len(TEXT)},
                         event={"type": "accuse", "actors": ["Hamas"], "recipients": ["Israel"], "date": "2023-10"})
    assert edit.state == add.state == "applied" and edit.who == "ana" and edit.before["date"] == "2008"
    assert edit.after["date"] == "2009-03-02"
    effective = _ids(conn)
    assert set(effective) == {"CONSULT", "ACCUSE"}
    assert effective["CONSULT"]["date"] == "2009-03-02" and effective["CONSULT"]["mode"] == "visit"
    assert effective["CONSULT"]["date_source"] == "user" and effective["CONSULT"]["location"] == "Damascus"
    assert effective["ACCUSE"]["actors"] == ["Hamas"] and effective["ACCUSE"]["recipients"] == ["Israel"]
    assert effective["ACCUSE"]["evidence"] == TEXT[start:]
    assert {e["type"] for e in iter_events(conn)} == {"CONSULT", "ACCUSE"}       # exports read the effective view
    raw = _ids(conn, raw=True)
    assert set(raw) == {"CONSULT", "ASSAULT"} and raw["CONSULT"]["date"] == "2008"
    assert raw["ASSAULT"]["recipients"] == ["Israel"]
    assert len(query_events(conn, actor="Hamas", raw=True)) == 1                 # filters work on the raw view
    assert [e["type"] for e in query_events(conn, actor="Hamas")] == ["ACCUSE"]


def test_undo_restores_and_the_log_is_append_only(conn):
    assault = _ids(conn)["ASSAULT"]
    c = add_correction(conn, "a1", "delete_event", event_id=assault["id"])
    assert "ASSAULT" not in _ids(conn)
    u = add_correction(conn, None, "undo", correction_id=c.id)
    assert u.article_id == "a1" and "ASSAULT" in _ids(conn)
    assert [x.state for x in list_corrections(conn)] == ["undone", "applied"]
    with pytest.raises(CorrectionError) as e:
        add_correction(conn, None, "undo", correction_id=c.id)
    assert e.value.field == "correction_id"
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM corrections")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE corrections SET who='x'")


def test_corrections_survive_a_rerun(conn):
    consult, assault = _ids(conn)["CONSULT"], _ids(conn)["ASSAULT"]
    add_correction(conn, "a1", "delete_event", event_id=assault["id"])
    add_correction(conn, "a1", "edit_event", event_id=consult["id"], event={"date": "2009"})
    assert store_result(conn, make_result()) == "unchanged"
    assert set(_ids(conn)) == {"CONSULT"} and _ids(conn)["CONSULT"]["date"] == "2009"
    # the same text once more, with the content hash the pipeline gives it (a forced re-store)
    conn.execute("UPDATE articles SET content_hash='stale' WHERE id='a1'")
    assert store_result(conn, make_result()) == "replaced"
    assert set(_ids(conn)) == {"CONSULT"} and _ids(conn)["CONSULT"]["date"] == "2009"
    assert set(_ids(conn, raw=True)) == {"CONSULT", "ASSAULT"}


def test_edited_text_moves_or_orphans_corrections(conn):
    consult, assault = _ids(conn)["CONSULT"], _ids(conn)["ASSAULT"]
    add_correction(conn, "a1", "edit_event", event_id=consult["id"], event={"date": "2009"})
    gone = add_correction(conn, "a1", "delete_event", event_id=assault["id"])
    text = "In Moscow, it was said that " + TEXT.replace("Hamas attacked Israel in October.", "Nothing else.")
    r = make_result(text, assault=False)
    assert store_result(conn, r) == "replaced"
    assert _ids(conn)["CONSULT"]["date"] == "2009"                    # the evidence moved: found again
    orphans = list_corrections(conn, orphaned=True)
    assert [o.id for o in orphans] == [gone.id] and "no longer" in orphans[0].reason
    out = CliRunner().invoke(main, ["corrections", "--db", _path(conn), "--orphaned", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert [x["id"] for x in json.loads(out.output)] == [gone.id]


def _path(conn) -> str:
    return getattr(conn, "url", None) or conn.execute("PRAGMA database_list").fetchone()[2]


def _merges(conn, directory: Path) -> Path:
    """The actor merges as `eventwire run` layers them: the user actors file beside an SQLite database, or
    (PostgreSQL, no file beside it) the one written from its log."""
    from eventwire.store.user_actors import merges_file, user_actors_path
    if getattr(conn, "url", None):
        return merges_file(conn, directory) or directory / "no-merges.yaml"
    return user_actors_path(_path(conn))


def test_validation_names_the_field(conn):
    consult = _ids(conn)["CONSULT"]
    cases = [(dict(action="merge"), "action"), (dict(action="merge_actors"), "actor"),
             (dict(action="delete_event", event_id="nope"), "event_id"),
             (dict(action="edit_event", event_id=consult["id"], event={"type": "HUG"}), "event.type"),
             (dict(action="edit_event", event_id=consult["id"], event={"mode": "riot"}), "event.mode"),
             (dict(action="edit_event", event_id=consult["id"], event={"date": "2009-02-30"}), "event.date"),
             (dict(action="edit_event", event_id=consult["id"], event={"actors": ["Nobody Atall"]}), "event.actors"),
             (dict(action="edit_event", event_id=consult["id"], event={"colour": "red"}), "event.colour"),
             (dict(action="add_event", evidence={"start": 5, "end": 500}, event={"type": "AID"}), "evidence"),
             (dict(action="add_event", evidence={"start": 0, "end": 5}, event={}), "event.type"),
             (dict(action="delete_event", event_id=consult["id"], note="x" * 5000), "note")]
    for kwargs, field in cases:
        with pytest.raises(CorrectionError) as e:
            add_correction(conn, "a1", **kwargs)
        assert e.value.field == field, kwargs
    with pytest.raises(CorrectionError) as e:
        add_correction(conn, "zz", "delete_event", event_id=consult["id"])
    assert e.value.field == "article_id"
    assert list_corrections(conn) == []


def test_gold_export_scores_the_machine_against_the_correction(conn, tmp_path):
    assault = _ids(conn)["ASSAULT"]
    add_correction(conn, "a1", "delete_event", event_id=assault["id"])
    path = tmp_path / "gold.yaml"
    out = CliRunner().invoke(main, ["corrections", "export", "--db", _path(conn), "--format", "yaml"])
    assert out.exit_code == 0, out.output
    path.write_text(out.output, encoding="utf-8")
    gold = load_gold(path)
    [art] = gold["articles"]
    assert art["text"] == TEXT and [e["type"] for e in art["events"]] == ["CONSULT"]
    machine = {"a1": {"text": TEXT, "entities": [{"id": a.id, "name": a.name, "kind": a.kind, "aliases": [],
                                                  "mentions": []} for a in (LAVROV, MASHAL, HAMAS, ISRAEL)],
                      "events": [{**e, "actors": e["actor_ids"], "recipients": e["recipient_ids"]}
                                 for e in query_events(conn, raw=True)]}}
    scores = score_seeds(gold, machine, {"events"})
    assert scores["events"]["matched_gold"] == 1 and scores["events"]["n_system"] == 2
    assert scores["events"]["matched_system"] == 1                 # the deleted ASSAULT: a false positive


def test_cli_lists_and_raw_events(conn):
    assault = _ids(conn)["ASSAULT"]
    add_correction(conn, "a1", "delete_event", who="ana", event_id=assault["id"])
    runner = CliRunner()
    out = runner.invoke(main, ["corrections", "--db", _path(conn)])
    assert out.exit_code == 0 and "delete_event" in out.output and "ana" in out.output
    eff = runner.invoke(main, ["events", "--db", _path(conn), "--format", "json"])
    raw = runner.invoke(main, ["events", "--db", _path(conn), "--format", "json", "--raw"])
    assert len(json.loads(eff.output)) == 1 and len(json.loads(raw.output)) == 2


# --------------------------------------------------------------------------- actors and boilerplate

TEXT2 = "Mousa Abu Marzook met Lavrov in Moscow. Abu Marzook thanked Russia for its help."
MARZOOK = Actor("person:mousa-abu-marzook", "Mousa Abu Marzook", "PERSON", country="PSE")
ABU = Actor("person:abu-marzook", "Abu Marzook", "PERSON")
RUSSIA = Actor("RUS", "Russia", "GPE", country="RUS", in_kb=True)


def marzook_result(text: str = TEXT2, aid: str = "a2", thanks_by: Actor = ABU) -> Result:
    """Two sentences: the machine gives the second one's "Abu Marzook" to THANKS_BY."""
    events = [_event(text, aid, "CONSULT", (MARZOOK.id, LAVROV.id), (), text[:text.index(".") + 1], "met",
                     "2024-01-19")]
    mentions = [Mention(text.index("Mousa"), text.index("Mousa") + 17, "Mousa Abu Marzook", "PERSON", MARZOOK.id)]
    if "thanked" in text:
        events.append(_event(text, aid, "SUPPORT", (thanks_by.id,), (RUSSIA.id,),
                             "Abu Marzook thanked Russia for its help.", "thanked", "2024-01-19"))
        i = text.index("Abu Marzook thanked")
        mentions.append(Mention(i, i + 11, "Abu Marzook", "PERSON", thanks_by.id))
    art = Article(id=aid, text=text, published=dt.date(2024, 1, 19))
    return Result(article=art, actors=(MARZOOK, LAVROV, RUSSIA, thanks_by), mentions=tuple(mentions),
                  events=tuple(events), content_hash=hashlib.sha256(text.encode()).hexdigest()[:16])


def _parties(conn, etype: str, raw: bool = False, article: str = "a2") -> list[str]:
    return next(e["actor_ids"] for e in query_events(conn, raw=raw)
                if e["type"] == etype and e["article_id"] == article)


def test_merge_actors_everywhere_survives_reruns_and_undoes(conn, tmp_path):
    from eventwire.actors.kb import load_kb
    from eventwire.store.sqlite import actor_profile, list_actors
    store_result(conn, marzook_result())
    m = add_correction(conn, "a2", "merge_actors", who="ana", actor="Abu Marzook", into="Mousa Abu Marzook")
    assert m.state == "applied" and m.changes == {"actor": ABU.id, "into": MARZOOK.id, "aliases": ["Abu Marzook"]}
    assert m.evidence == "Abu Marzook" and m.before["actor"]["name"] == "Abu Marzook"
    assert _parties(conn, "SUPPORT") == [MARZOOK.id] and _parties(conn, "SUPPORT", raw=True) == [ABU.id]
    assert ABU.id not in {a["id"] for a in list_actors(conn)}
    profile = actor_profile(conn, "Abu Marzook")                       # the merged name finds the kept actor
    assert profile["id"] == MARZOOK.id and "Abu Marzook" in profile["aliases"]
    assert {e["type"] for e in profile["events"]} == {"CONSULT", "SUPPORT"}
    assert {r[0] for r in conn.execute("SELECT actor_id FROM mentions WHERE article_id='a2'")} == {MARZOOK.id}
    assert {e["type"] for e in iter_events(conn) if MARZOOK.id in e["actor_ids"]} == {"CONSULT", "SUPPORT"}
    path = _merges(conn, tmp_path)                                   # the next run resolves the alias itself
    kb = load_kb([path])
    assert "Abu Marzook" in kb.actors[MARZOOK.id].aliases
    conn.execute("UPDATE articles SET content_hash='stale' WHERE id='a2'")      # a forced re-run
    assert store_result(conn, marzook_result()) == "replaced"
    assert _parties(conn, "SUPPORT") == [MARZOOK.id]
    later = marzook_result(TEXT2.replace("Moscow", "Doha"), aid="a3")           # a new article, same machine slip
    store_result(conn, later)
    assert all(ABU.id not in e["actor_ids"] for e in query_events(conn)) and len(query_events(conn)) == 6
    add_correction(conn, None, "undo", correction_id=m.id)
    assert _parties(conn, "SUPPORT") == [ABU.id] and ABU.id in {a["id"] for a in list_actors(conn)}
    assert "Abu Marzook" not in actor_profile(conn, MARZOOK.id)["aliases"]
    assert "Abu Marzook" not in _merges(conn, tmp_path).read_text("utf-8")
    assert [c.state for c in list_corrections(conn)] == ["undone", "applied"]


def test_a_database_from_before_actor_corrections_keeps_its_rows(db_url):
    """Snapshots made before mentions, claims, quotes and dropped spans were kept gain them on opening."""
    path = db_url
    c = connect(path)
    store_result(c, make_result())
    add_correction(c, "a1", "delete_event", event_id=_ids(c)["ASSAULT"]["id"])
    c.execute("UPDATE articles SET dropped=? WHERE id='a1'", (json.dumps([{"start": 0, "end": 6, "text": "Lavrov",
                                                                        "reason": "teaser"}]),))
    for table in ("machine_mentions", "machine_claims", "machine_quotes", "merged_actors"):
        c.execute(f"DROP TABLE {table}")
    c.execute("ALTER TABLE machine_articles DROP COLUMN dropped")
    c.close()
    c = connect(path)
    add_correction(c, "a1", "edit_event", event_id=_ids(c)["CONSULT"]["id"], event={"date": "2009"})
    assert c.execute("SELECT count(*) FROM mentions WHERE article_id='a1'").fetchone()[0] == 1
    assert json.loads(c.execute("SELECT dropped FROM articles").fetchone()[0])[0]["reason"] == "teaser"
    assert set(_ids(c)) == {"CONSULT"} and _ids(c)["CONSULT"]["date"] == "2009"
    c.close()


def test_merge_validation(conn):
    store_result(conn, marzook_result())
    for kwargs, field in [(dict(actor="Nobody Atall", into="Mousa Abu Marzook"), "actor"),
                          (dict(actor="Abu Marzook", into="Abu Marzook"), "into"),
                          (dict(actor="Abu Marzook", into="Russia"), "into"),
                          (dict(actor="Abu Marzook", into="Mousa Abu Marzook", name="x"), "name"),
                          (dict(actor="Abu Marzook", into="Mousa Abu Marzook", event={"type": "AID"}), "event")]:
        with pytest.raises(CorrectionError) as e:
            add_correction(conn, "a2", "merge_actors", **kwargs)
        assert e.value.field == field, kwargs
    with pytest.raises(CorrectionError) as e:
        add_correction(conn, "a2", "delete_event", event_id=_ids(conn)["SUPPORT"]["id"], actor="Abu Marzook")
    assert e.value.field == "actor"


def test_split_actor_in_one_article_and_its_orphan(conn, tmp_path):
    store_result(conn, marzook_result(thanks_by=MARZOOK))                   # the machine's wrong merge
    s = add_correction(conn, "a2", "split_actor", who="bo", actor="Mousa Abu Marzook", name="Abu Marzook")
    assert s.state == "applied" and s.changes["new_id"] == "person:abu-marzook" and s.evidence == "Abu Marzook"
    assert s.evidence_start == TEXT2.index("Abu Marzook thanked")           # the mention written so
    assert _parties(conn, "SUPPORT") == ["person:abu-marzook"]
    assert _parties(conn, "CONSULT") == [MARZOOK.id, LAVROV.id]              # its sentence names the full name
    assert _parties(conn, "SUPPORT", raw=True) == [MARZOOK.id]
    assert not _merges(conn, tmp_path).exists()                           # a split stays in its article
    with pytest.raises(CorrectionError) as e:
        add_correction(conn, "a2", "split_actor", actor="Mousa Abu Marzook", name="Ismail Haniyeh")
    assert e.value.field == "name"                                         # not in the text
    store_result(conn, marzook_result(TEXT2.split(" Abu Marzook thanked")[0], thanks_by=MARZOOK))
    [orphan] = list_corrections(conn, orphaned=True)
    assert orphan.id == s.id


def test_mark_boilerplate_and_unmark_a_machine_drop(tmp_path):
    from eventwire.records import Dropped
    c = connect(tmp_path / "b.db")
    r = make_result()
    i = TEXT.index("Hamas attacked")
    art = dataclasses.replace(r.article, dropped=(Dropped(0, 38, TEXT[:38], "teaser"),))
    store_result(c, dataclasses.replace(r, article=art))
    m = add_correction(c, "a1", "mark_boilerplate", evidence={"start": i, "end": len(TEXT)}, boilerplate=True)
    assert m.state == "applied" and set(_ids(c)) == {"CONSULT"} and set(_ids(c, raw=True)) == {"CONSULT", "ASSAULT"}
    u = add_correction(c, "a1", "mark_boilerplate", evidence={"start": 0, "end": 6}, boilerplate=False)
    assert u.state == "applied"
    dropped = json.loads(c.execute("SELECT dropped FROM articles").fetchone()[0])
    assert [(d["start"], d["reason"]) for d in dropped] == [(i, "analyst")]
    [gold] = yaml.safe_load(export_gold(c))["articles"]
    assert gold["boilerplate"] == [TEXT[i:]] and [e["type"] for e in gold["events"]] == ["CONSULT"]
    for kwargs, field in [(dict(evidence={"start": i, "end": i + 5}, boilerplate=True), "evidence"),   # already
                          (dict(evidence={"start": i, "end": i + 5}, boilerplate=False), "evidence"),  # analyst's
                          (dict(evidence={"start": 0, "end": 5}, boilerplate="yes"), "boilerplate"),
                          (dict(boilerplate=True), "evidence")]:
        with pytest.raises(CorrectionError) as e:
            add_correction(c, "a1", "mark_boilerplate", **kwargs)
        assert e.value.field == field, kwargs
    add_correction(c, None, "undo", correction_id=m.id)
    assert set(_ids(c)) == {"CONSULT", "ASSAULT"}
    c.close()


def test_deleted_event_is_a_must_not_in_the_gold(conn, tmp_path):
    assault = _ids(conn)["ASSAULT"]
    add_correction(conn, "a1", "delete_event", who="ana", event_id=assault["id"], note="a <b>teaser</b>")
    [art] = yaml.safe_load(export_gold(conn))["articles"]
    [bad] = art["must_not"]
    assert bad["type"] == "ASSAULT" and bad["source"] == "Hamas" and bad["target"] == "Israel"
    assert bad["why"] == "deleted by ana: a <b>teaser</b>"
    path = tmp_path / "g.yaml"
    path.write_text(export_gold(conn), encoding="utf-8")
    machine = {"a1": {"text": TEXT, "entities": [{"id": a.id, "name": a.name, "kind": a.kind, "aliases": [],
                                                  "mentions": []} for a in (LAVROV, MASHAL, HAMAS, ISRAEL)],
                      "events": [{**e, "actors": e["actor_ids"], "recipients": e["recipient_ids"]}
                                 for e in query_events(conn, raw=True)]}}
    scores = score_seeds(load_gold(path), machine, {"events"})
    assert scores["must_not"]["hits"] == 1 and scores["must_not"]["total"] == 1


# --------------------------------------------------------------------------- the REST API

@pytest.fixture
def api(conn):
    from fastapi.testclient import TestClient
    from eventwire.web import create_app
    path = _path(conn)
    return {"open": TestClient(create_app(path, tokens={"s3cret": "ana", "other": None})),
            "ro": TestClient(create_app(path)), "conn": conn}


AUTH = {"authorization": "Bearer s3cret"}


def test_api_writes_need_the_token(api):
    consult = _ids(api["conn"])["CONSULT"]
    body = {"article_id": "a1", "action": "delete_event", "event_id": consult["id"]}
    assert api["ro"].post("/api/corrections", json=body, headers=AUTH).status_code == 403
    assert api["open"].post("/api/corrections", json=body).status_code == 401
    assert api["open"].post("/api/corrections", json=body, headers={"authorization": "Bearer nope"}).status_code == 401
    api["open"].cookies.set("token", "s3cret")                 # a cookie alone never authorises a write
    assert api["open"].post("/api/corrections", json=body).status_code == 401
    api["open"].cookies.clear()
    r = api["open"].post("/api/corrections", json=body, headers=AUTH)
    assert r.status_code == 201 and r.json()["who"] == "ana" and r.json()["state"] == "applied"
    assert api["ro"].get("/api/corrections").json()["items"][0]["id"] == r.json()["id"]
    assert all(e["type"] != "CONSULT" for e in api["ro"].get("/api/events").json()["items"])


def test_api_each_action_and_undo(api):
    c = api["open"]
    consult = _ids(api["conn"])["CONSULT"]
    start = TEXT.index("Hamas")
    edit = c.post("/api/corrections", headers=AUTH, json={"article_id": "a1", "action": "edit_event",
                                                          "event_id": consult["id"], "event": {"date": "2009"}})
    add = c.post("/api/corrections", headers=AUTH, json={
        "article_id": "a1", "action": "add_event", "evidence": {"start": start, "end": start + 14},
        "event": {"type": "THREATEN", "actors": ["org:hamas"], "location": "<script>alert(1)</script>"}})
    assert edit.status_code == add.status_code == 201, add.text
    page = c.get("/articles/a1").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    dates = {e["type"]: e["date"] for e in c.get("/api/events").json()["items"]}
    assert dates["CONSULT"] == "2009" and "THREATEN" in dates
    for entry in (edit, add):
        assert c.post("/api/corrections", headers=AUTH,
                      json={"action": "undo", "correction_id": entry.json()["id"]}).status_code == 201
    dates = {e["type"]: e["date"] for e in c.get("/api/events").json()["items"]}
    assert dates == {"CONSULT": "2008", "ASSAULT": "2023-10"}


def test_api_validation_and_size(api):
    c = api["open"]
    bad = [({"article_id": "a1", "action": "explode"}, "action"),
           ({"article_id": "a1", "action": "delete_event", "event_id": "nope"}, "event_id"),
           ({"article_id": "a1", "action": "delete_event", "colour": 1}, "colour"),
           ({"article_id": "a1", "action": "edit_event", "event_id": _ids(api["conn"])["CONSULT"]["id"],
             "event": {"date": "yesterday"}}, "date"),
           ({"article_id": "a1", "action": "delete_event", "note": "x" * 100_000}, "note")]
    for body, field in bad:
        r = c.post("/api/corrections", headers=AUTH, json=body)
        assert r.status_code == 422, body
        assert any(field in d["loc"] for d in r.json()["detail"]), r.json()
    huge = c.post("/api/corrections", headers=AUTH, json={"article_id": "a1", "action": "undo", "note": "x" * 1_100_000})
    assert huge.status_code == 413
    assert c.get("/api/corrections").json()["items"] == []


def test_api_actor_and_boilerplate_actions_and_their_undo(api):
    c, conn = api["open"], api["conn"]
    store_result(conn, marzook_result(thanks_by=MARZOOK))
    post = lambda body: c.post("/api/corrections", headers=AUTH, json=body)  # noqa: E731
    split = post({"article_id": "a2", "action": "split_actor", "actor": MARZOOK.id, "name": "Abu Marzook"})
    assert split.status_code == 201, split.text
    assert split.json()["changes"]["new_id"] == "person:abu-marzook" and split.json()["who"] == "ana"
    merge = post({"article_id": "a1", "action": "merge_actors", "actor": "Khaled Mashal", "into": "Sergei Lavrov",
                  "note": "<img src=x onerror=alert(1)>"})
    assert merge.status_code == 201, merge.text
    found = api["ro"].get("/api/events?actor=Khaled%20Mashal").json()["items"]        # found as Lavrov now
    assert len(found) == 2 and all(e["actor_ids"] in ([LAVROV.id], [MARZOOK.id, LAVROV.id]) for e in found)
    assert "Khaled Mashal" not in {a["name"] for a in c.get("/api/actors").json()["items"]}
    assert "Khaled Mashal" in c.get("/api/actors/Khaled%20Mashal").json()["aliases"]
    page = c.get("/articles/a1").text
    assert "<img src=x" not in page
    i = TEXT.index("Hamas attacked")
    mark = post({"article_id": "a1", "action": "mark_boilerplate", "evidence": {"start": i, "end": len(TEXT)},
                 "boilerplate": True})
    assert mark.status_code == 201, mark.text
    assert {e["type"] for e in c.get("/api/events").json()["items"]} == {"CONSULT", "SUPPORT"}
    for entry in (split, merge, mark):
        assert post({"action": "undo", "correction_id": entry.json()["id"]}).status_code == 201
    assert {e["type"] for e in c.get("/api/events").json()["items"]} == {"CONSULT", "ASSAULT", "SUPPORT"}
    assert "Khaled Mashal" in {a["name"] for a in c.get("/api/actors").json()["items"]}
    assert [x["state"] for x in c.get("/api/corrections").json()["items"]] == ["undone"] * 3 + ["applied"] * 3
    bad = [({"article_id": "a1", "action": "merge_actors", "actor": "Nobody Atall", "into": "Hamas"}, "actor"),
           ({"article_id": "a1", "action": "merge_actors", "actor": "Hamas", "into": "Israel"}, "into"),
           ({"article_id": "a1", "action": "mark_boilerplate", "evidence": {"start": 0, "end": 5},
             "boilerplate": "yes"}, "boilerplate"),
           ({"article_id": "a1", "action": "mark_boilerplate", "boilerplate": True}, "evidence"),
           ({"article_id": "a1", "action": "split_actor", "actor": "Hamas", "name": "<script>x</script>"}, "name"),
           ({"article_id": "a1", "action": "split_actor", "actor": "Hamas", "name": "x" * 600}, "name"),
           ({"article_id": "a1", "action": "undo", "correction_id": merge.json()["id"]}, "correction_id")]
    for body, field in bad:
        r = post(body)
        assert r.status_code == 422 and any(field in d["loc"] for d in r.json()["detail"]), (body, r.text)
    assert len(c.get("/api/corrections").json()["items"]) == 6


def test_api_rerun_keeps_and_orphaned_is_listed(api):
    c, conn = api["open"], api["conn"]
    ids = _ids(conn)
    keep = c.post("/api/corrections", headers=AUTH, json={"article_id": "a1", "action": "edit_event",
                                                          "event_id": ids["CONSULT"]["id"], "event": {"date": "2009"}})
    gone = c.post("/api/corrections", headers=AUTH, json={"article_id": "a1", "action": "delete_event",
                                                          "event_id": ids["ASSAULT"]["id"]})
    assert keep.status_code == gone.status_code == 201
    store_result(conn, make_result(TEXT.replace("Hamas attacked Israel in October.", "Quiet."), assault=False))
    assert [e["date"] for e in c.get("/api/events").json()["items"]] == ["2009"]
    orphans = c.get("/api/corrections?orphaned=true").json()["items"]
    assert [o["id"] for o in orphans] == [gone.json()["id"]] and orphans[0]["state"] == "orphaned"


def test_article_page_has_the_form_only_when_writable(api):
    page = api["open"].get("/articles/a1").text
    assert '<script src="/static/corrections.js" defer></script>' in page and 'id="correct"' in page
    assert "<script" not in api["ro"].get("/articles/a1").text
    js = api["open"].get("/static/corrections.js")
    assert js.status_code == 200 and "Authorization".lower() in js.text.lower()


def test_browser_select_ctrl_enter_and_save(conn, tmp_path):
    """Headless Chromium: select the meeting sentence, Ctrl+Enter, change the date, save; the page shows it."""
    pytest.importorskip("selenium.webdriver")
    import socket
    import threading
    import time

    import uvicorn
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
    from test_browser import CHROMEDRIVER, CHROMIUM, FLAGS, webdriver
    from eventwire.web import create_app
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("needs Chromium and chromedriver")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    srv = uvicorn.Server(uvicorn.Config(create_app(_path(conn), tokens={"s3cret": "ana"}), log_level="warning"))
    threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    try:
        driver.get(f"http://127.0.0.1:{sock.getsockname()[1]}/articles/a1")
        driver.execute_script("""const box = document.getElementById('text'); const r = document.createRange();
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT); let n, seen = 0, first = null, last = null;
            while ((n = walker.nextNode())) { if (!first) first = n; if (seen + n.length >= 17) { last = [n, 17 - seen]; break; }
                seen += n.length; }
            r.setStart(first, 0); r.setEnd(last[0], last[1]); getSelection().removeAllRanges(); getSelection().addRange(r);""")
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, Keys.ENTER)
        form = driver.find_element(By.ID, "correct")
        assert form.is_displayed() and driver.find_element(By.ID, "correct-selection").text == "Lavrov met Mashal"
        assert Select(form.find_element(By.NAME, "event_id")).first_selected_option.text.startswith("CONSULT")
        form.find_element(By.NAME, "date").send_keys("2009-03-02")
        form.find_element(By.NAME, "token").send_keys("s3cret")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: "2009-03-02" in d.find_element(By.CSS_SELECTOR, "ol.events").text)
    finally:
        driver.quit()
        srv.should_exit = True
    assert _ids(conn)["CONSULT"]["date"] == "2009-03-02"


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_next_run_resolves_a_merged_alias_by_itself(request, backend, tmp_path):
    """Real pipeline: after "Yuri Dolgorukov" is merged into "Vasily Shuisky", `eventwire run` reads the user
    actors file beside the database (PostgreSQL: the merges from its log), so a new article's mention is coded
    as Shuisky with no rewrite."""
    from eventwire.store.user_actors import user_actors_path
    db = new_store(request, backend, tmp_path / "news.db")
    docs = {"a.txt": "Russian envoy Yuri Dolgorukov met Hamas leaders in Moscow on Monday, January 15, 2024.",
            "b.txt": "Russian diplomat Vasily Shuisky met Qatari officials in Doha on Tuesday, January 16, 2024.",
            "c.txt": "Yuri Dolgorukov met Iranian officials in Tehran on Wednesday, January 17, 2024."}
    for name, text in docs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    def run(*files):
        return CliRunner().invoke(main, ["run", *map(str, files), "--db", str(db), "--workers", "1", "--timeout", "0",
                                         "--published", "2024-01-20"])
    assert run(tmp_path / "a.txt", tmp_path / "b.txt").exit_code == 0
    conn = connect(db)
    aid = conn.execute("SELECT id FROM articles WHERE text LIKE 'Russian envoy%'").fetchone()[0]
    add_correction(conn, aid, "merge_actors", who="ana", actor="Yuri Dolgorukov", into="Vasily Shuisky")
    if backend == "sqlite":
        assert "- Yuri Dolgorukov" in user_actors_path(db).read_text("utf-8")
    out = run(tmp_path / "c.txt")
    assert out.exit_code == 0, out.output
    cid = conn.execute("SELECT id FROM articles WHERE text LIKE 'Yuri%'").fetchone()[0]
    assert {r[0] for r in conn.execute("SELECT actor_id FROM mentions WHERE article_id=? AND text LIKE 'Yuri%'",
                                       (cid,))} == {"person:vasily-shuisky"}
    assert conn.execute("SELECT 1 FROM machine_articles WHERE article_id=?", (cid,)).fetchone() is None  # no rewrite
    raw = [e["actor_ids"][0] for e in query_events(conn, raw=True) if e["article_id"] == cid]
    assert raw == ["person:vasily-shuisky"]
    conn.close()

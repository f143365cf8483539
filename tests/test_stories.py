"""Across outlets: event linking, claim verdicts, story clusters, their store tables, CLI and eval."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.records import Actor, Article, Claim, Event, Location, Mention, Result, Span
from eventwire.store import connect, store_result
from eventwire.store import sqlite as store_sqlite
from eventwire.stories.build import memory_store
from eventwire.stories.compare import CHANGED, CONFLICTING, CONSISTENT, ClaimRecord, compare_claims
from eventwire.stories.index import index_keys, lookup_keys, refresh_cluster
from eventwire.stories.link import EventRecord, canonical, compatible, tally_counts, tally_of, tally_record
from eventwire.stories.views import cross_article, list_stories, story_detail

from conftest import SHARED

LAVROV = Actor("person:sergei-lavrov", "Sergei Lavrov", "PERSON", country="RUS", sector="GOV")
MASHAL = Actor("person:khaled-mashal", "Khaled Mashal", "PERSON", country="PSE", sector="REB")
HAMAS = Actor("org:hamas", "Hamas", "ORG", country="PSE", sector="REB")
MOSCOW = Actor("place:RUS:moscow", "Moscow", "GPE", country="RUS")
QUAKE = Actor("place:IRN:qeshm", "Qeshm", "GPE", country="IRN")


def ev(*, id="e1", article="a", type="CONSULT", actors=("x", "y"), recipients=(), date="2024-01-19",
       date_end=None, precision="day", source="text", location=None, country=None) -> EventRecord:
    return EventRecord(id=id, article_id=article, type=type, actors=frozenset(actors), recipients=frozenset(recipients),
                       date=date, date_end=date_end, precision=precision, date_source=source, location=location,
                       location_country=country)


# --------------------------------------------------------------------------- linking rules

def test_same_meeting_at_two_precisions_links():
    assert compatible(ev(), ev(article="b", date="2024-01", precision="month"))
    assert compatible(ev(actors=("x", "y", "z")), ev(article="b", actors=("y", "x")))        # contained
    assert compatible(ev(actors=("x",), recipients=("y",)), ev(actors=("y", "x")))           # reciprocal: union


def test_clearly_different_happenings_stay_apart():
    assert not compatible(ev(), ev(date="2023-10-26"))                                        # another day
    assert not compatible(ev(), ev(type="REQUEST"))
    assert not compatible(ev(actors=("x", "y")), ev(actors=("x", "z")))                       # neither contains
    assert not compatible(ev(location="Moscow", country="RUS"), ev(location="Doha", country="QAT"))
    assert not compatible(ev(type="ASSAULT", actors=("x",), recipients=("y",)),
                          ev(type="ASSAULT", actors=("x",), recipients=("z",)))
    # a habit over years is not one of its meetings
    assert not compatible(ev(date="2006", date_end="2010", precision="interval"), ev(date="2008", precision="year"))


def test_publication_date_is_a_week_window():
    text_dated = ev(date="2024-01-17")
    assert compatible(text_dated, ev(date="2024-01-19", source="published"))
    assert not compatible(text_dated, ev(date="2024-02-19", source="published"))
    assert compatible(ev(date=None, precision=None), text_dated)                              # undated: not different


# --------------------------------------------------------------------------- claims

def claim(article, low, high, as_of=None, date=None, what="killed", subject="people in Israel") -> ClaimRecord:
    return ClaimRecord(article, 0, what, subject, low, high, as_of, date)


def test_claim_verdicts():
    assert compare_claims(claim("a", 1001, None, date="2023-10-07"),
                          claim("b", 1401, None, date="2023-10-07", subject="police officers")) is None
    v = compare_claims(claim("a", 1001, None, date="2023-10-07"), claim("b", 1401, None, date="2023-10-07"))
    assert v.verdict == CONSISTENT
    assert compare_claims(claim("a", 100, 100, date="2023-10-07"),
                          claim("b", 300, 300, date="2023-10-07")).verdict == CONFLICTING
    held = dict(what="held_hostage", subject="Russian citizens")
    v = compare_claims(claim("a", 5, 7, as_of="2023-10-26", **held), claim("b", 3, 3, as_of="2024-01-19", **held))
    assert v.verdict == CHANGED and "2023-10-26" in v.why
    assert compare_claims(claim("a", 1, 1, date="2020-01-01"), claim("b", 2, 2, date="2021-05-01")) is None
    assert compare_claims(claim("a", 1, 1), claim("a", 2, 2)) is None                         # same article


def test_claims_of_two_happenings_are_not_compared():
    """Counts of one kind of happening at two dates, of other people or places named in the subject, or
    told of events in other countries are two happenings, not a conflict or a change."""
    monday, wednesday = dict(as_of="2024-03-04", date="2024-03-04"), dict(as_of="2024-03-06", date="2024-03-06")
    soldiers = dict(subject="soldiers")
    assert compare_claims(claim("a", 46, 46, **monday, **soldiers), claim("b", 29, 29, **wednesday, **soldiers)) is None
    assert compare_claims(claim("a", 46, 46, **monday, **soldiers),
                          claim("b", 29, 29, **monday, **soldiers)).verdict == CONFLICTING
    near = lambda art, place: claim(art, 5, 5, **monday, subject=f"soldiers in checkpoint near {place}")  # noqa: E731
    assert compare_claims(near("a", "Amman"), near("b", "Nairobi")) is None
    assert compare_claims(near("a", "Amman"), near("b", "Amman")).verdict == CONSISTENT
    assert compare_claims(near("a", "Amman"), claim("b", 5, 5, **monday, **soldiers)).verdict == CONSISTENT
    protest = dict(what="protesters", **monday)
    assert compare_claims(claim("a", 100, 200, subject="supporters of Lektu Lekporvo", **protest),
                          claim("b", 300, 300, subject="supporters of Poranni Kadada", **protest)) is None
    assert compare_claims(claim("a", 100, 200, subject="Russian nationals", **protest),
                          claim("b", 300, 300, subject="nationals of Russia", **protest)).verdict == CONFLICTING
    raid = dict(subject="suspects", what="arrested", **monday)
    jor, rus = frozenset({"JOR"}), frozenset({"RUS"})
    assert compare_claims(replace(claim("a", 12, 12, **raid), places=jor),
                          replace(claim("b", 33, 33, **raid), places=rus)) is None
    assert compare_claims(replace(claim("a", 12, 12, **raid), places=jor | rus),
                          replace(claim("b", 33, 33, **raid), places=rus)).verdict == CONFLICTING
    assert compare_claims(replace(claim("a", 12, 12, **raid), places=jor),
                          claim("b", 33, 33, **raid)).verdict == CONFLICTING              # one place unknown
    expelled = dict(subject="diplomats", what="deported", **monday)
    assert compare_claims(replace(claim("a", 10, 10, **expelled), parties=rus),
                          replace(claim("b", 5, 5, **expelled), parties=frozenset({"POL"}))) is None
    assert compare_claims(replace(claim("a", 10, 10, **expelled), parties=rus),
                          replace(claim("b", 5, 5, **expelled), parties=rus, places=jor)).verdict == CONFLICTING


# --------------------------------------------------------------------------- store

def result(article_id: str, text: str, *, date: str = "2024-01-19", outlet: str | None = None,
           actors=(LAVROV, MASHAL), place: Actor | None = MOSCOW, claims=(), published=dt.date(2024, 1, 20)) -> Result:
    """An article with one CONSULT of its actors at `place` on `date`, every actor mentioned once."""
    mentions = []
    for a in (*actors, *([place] if place else [])):
        i = text.find(a.name)
        if i >= 0:
            mentions.append(Mention(i, i + len(a.name), a.name, a.kind, a.id))
    e = Event(id=f"ev-{article_id}", article_id=article_id, type="CONSULT", mode=None, cameo="04",
              actors=tuple(a.id for a in actors), recipients=(),
              location=Location(place.name, place.country, actor_id=place.id) if place else None,
              date=date, date_end=None, date_precision="day", date_source="text", polarity="asserted",
              historical=False, reported_by=None, confidence=0.9, evidence=Span(0, len(text), text),
              trigger=Span(0, 4, text[:4]), sentence=Span(0, len(text), text))
    art = Article(id=article_id, text=text, outlet=outlet, published=published)
    return Result(article=art, actors=(*actors, *([place] if place else [])), mentions=tuple(mentions), events=(e,),
                  claims=tuple(claims), content_hash=hashlib.sha256(text.encode()).hexdigest()[:16])


MEETING = ["Sergei Lavrov met Khaled Mashal in Moscow on Friday to discuss the ceasefire talks and hostages.",
           "In Moscow, Khaled Mashal held ceasefire talks with Sergei Lavrov about the hostages on Friday.",
           "Hostages and a ceasefire were on the table as Sergei Lavrov received Khaled Mashal in Moscow."]
QUAKES = "A strong earthquake shook Qeshm island, collapsing houses; rescuers searched the rubble for survivors."


def test_one_meeting_three_outlets_one_cluster_one_story(db_url):
    conn = connect(db_url)
    for i, text in enumerate(MEETING):
        store_result(conn, result(f"m{i}", text, outlet=f"outlet{i % 2}"))
    store_result(conn, result("later", MEETING[0].replace("Friday", "Tuesday"), date="2024-03-05"))
    store_result(conn, result("quake", QUAKES, actors=(), place=QUAKE, date="2024-01-18"))
    clusters = {c["date"]: c for c in cross_article(conn)["clusters"] if c["type"] == "CONSULT"}
    assert clusters["2024-01-19"]["n_articles"] == 3 and clusters["2024-01-19"]["n_outlets"] == 2
    assert clusters["2024-03-05"]["n_articles"] == 1
    assert len(clusters["2024-01-19"]["evidence"]) == 3
    stories = list_stories(conn)
    assert sorted(a for s in stories for a in s["articles"]) == ["later", "m0", "m1", "m2", "quake"]
    by = {a: s["id"] for s in stories for a in s["articles"]}
    assert by["m0"] == by["m1"] == by["m2"] == by["later"] != by["quake"]
    d = story_detail(conn, "m1")
    assert d["size"] == 4 and [c["date"] for c in d["timeline"]] == ["2024-01-19", "2024-03-05"]


def test_replacing_an_article_unlinks_it(db_url):
    conn = connect(db_url)
    store_result(conn, result("a", MEETING[0]))
    store_result(conn, result("b", MEETING[1]))
    assert {c["n_articles"] for c in cross_article(conn)["clusters"]} == {2}
    store_result(conn, result("b", QUAKES, actors=(), place=QUAKE, date="2022-05-01"))        # b rewritten
    clusters = cross_article(conn)["clusters"]
    assert sorted(c["n_articles"] for c in clusters) == [1, 1]
    assert sum(s["size"] for s in list_stories(conn)) == 2
    assert conn.execute("SELECT count(*) FROM event_links").fetchone()[0] == 2
    df = dict(conn.execute("SELECT term, df FROM term_df"))
    assert df["t:lavrov"] == 1 and df["t:earthquake"] == 1


def test_claims_get_verdicts_in_the_store(db_url):
    conn = connect(db_url)
    held = lambda art, n, as_of: Claim("held_hostage", "Russian citizens", n, n, None, as_of, None, 0, 5,  # noqa: E731
                                       "text", count_type="KIDNAP")
    store_result(conn, result("a", MEETING[0], claims=(held("a", 6, "2023-10-26"),)))
    store_result(conn, result("b", MEETING[1], claims=(held("b", 3, "2024-01-19"),)))
    verdicts = cross_article(conn)["claim_verdicts"]
    assert [(v["article_a"], v["article_b"], v["verdict"]) for v in verdicts] == [("a", "b", CHANGED)]


def test_claim_verdicts_need_events_in_one_country(db_url):
    """Claims whose sentences tell of events in two countries are two happenings; in one, they compare."""
    conn = connect(db_url)
    arrested = lambda n: Claim("arrested", "suspects", n, n, None, "2024-01-19", None, 0, 5,  # noqa: E731
                               "text", count_type="ARREST", date="2024-01-19")
    kyiv = Actor("place:UKR:kyiv", "Kyiv", "GPE", country="UKR")
    store_result(conn, result("a", MEETING[0], claims=(arrested(12),)))
    store_result(conn, result("b", MEETING[1].replace("Moscow", "Kyiv"), place=kyiv, claims=(arrested(33),)))
    assert cross_article(conn)["claim_verdicts"] == []
    store_result(conn, result("c", MEETING[2], claims=(arrested(40),)))
    verdicts = cross_article(conn)["claim_verdicts"]
    assert [(v["article_a"], v["article_b"], v["verdict"]) for v in verdicts] == [("a", "c", CONFLICTING)]


def test_migration_from_version_2_links_what_is_stored(db_url):
    path = db_url
    conn = connect(path)
    store_result(conn, result("a", MEETING[0]))
    store_result(conn, result("b", MEETING[1]))
    for table in ("event_links", "event_clusters", "cluster_keys", "story_keys", "story_articles", "stories",
                  "term_df"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("UPDATE meta SET value='2' WHERE key='schema_version'")
    conn.close()
    conn = connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "4"
    assert store_sqlite.SCHEMA_VERSION == 4
    assert [s["size"] for s in list_stories(conn)] == [2]
    assert cross_article(conn)["clusters"][0]["n_articles"] == 2


def test_cluster_tally_is_the_same_in_any_order_and_one_at_a_time():
    members = [ev(id="e3", article="c", actors=("x",), recipients=("y",), date="2024-01", precision="month"),
               ev(id="e1", article="a", actors=("y",), recipients=("x", "z"), location="RUS", country="RUS"),
               ev(id="e2", article="b", actors=("x", "z"), date="2024-01-19", location="Moscow", country="RUS"),
               ev(id="e4", article="d", actors=("x",), date="2024-01-18", source="published")]
    whole = tally_of(members)
    assert tally_of(members[::-1]) == whole
    rec = tally_record("c1", whole)
    assert rec.date == "2024-01-19" and rec.location == "Moscow"            # a day beats a month; a city its country
    assert rec.actors == {"x", "y", "z"} and not rec.recipients               # CONSULT is reciprocal: all are actors
    assert tally_counts(whole) == (4, 4, 4)                                  # no outlets: an article counts as one
    assert canonical("c1", members) == rec
    assert tally_record("c1", tally_of([*members[:3]])).date == "2024-01-19"
    one_sided = [replace(m, type="ASSAULT") for m in members]
    assert tally_record("c2", tally_of(one_sided)).actors == {"x", "y", "z"}  # y and z: once each role, a tie
    rec = tally_record("c2", tally_of([*one_sided, ev(id="e5", article="e", type="ASSAULT", actors=("x",),
                                                      recipients=("y",))]))
    assert rec.actors == {"x", "z"} and rec.recipients == {"y"}               # the majority role


def test_clusters_are_looked_up_by_their_parties_and_the_bodies_above_not_by_siblings(tmp_path):
    conn = connect(tmp_path / "keys.db")
    stored = index_keys(conn, frozenset({"RUS.GOV.MFA", "person:anders-keller"}))
    assert stored == {"RUS.GOV.MFA", "^RUS.GOV", "^RUS", "person:anders-keller", "person:keller"}
    found = lambda *parties: bool(lookup_keys(conn, frozenset(parties)) & stored)  # noqa: E731
    assert found("RUS.GOV.MFA") and found("RUS") and found("RUS.GOV")              # the same, or a body above
    assert found("RUS.GOV.MFA.EMB")                                                 # one below
    assert found("person:keller")                                                   # the surname alone
    assert not found("RUS.REB") and not found("RUS.GOV.MIL") and not found("UKR.GOV")   # siblings, cousins


def test_incremental_cluster_rows_match_a_full_recount(db_url):
    conn = connect(db_url)
    texts = MEETING + [t.replace("Sergei", "Foreign Minister Sergei") for t in MEETING]
    for i, text in enumerate(texts):
        store_result(conn, result(f"m{i}", text, outlet=[None, "outlet0", "outlet1", "outlet0"][i % 4],
                                  date=["2024-01-19", "2024-01"][i % 2]))
    store_result(conn, result("m1", MEETING[2] + " Again.", outlet="outlet9"))     # replaced: leaves, joins again
    rows = lambda: sorted(tuple(r) for r in conn.execute("SELECT * FROM event_clusters"))  # noqa: E731
    stored = rows()
    assert [r[11:] for r in stored if r[11] > 1] == [(6, 6, 5)]               # 6 events; outlets 0, 1 and 9, two bare
    assert conn.execute("SELECT count(*) FROM cluster_tallies").fetchone()[0] == len(stored)
    for (cid,) in conn.execute("SELECT id FROM event_clusters").fetchall():
        conn.execute("DELETE FROM cluster_tallies WHERE cluster_id=?", (cid,))
        refresh_cluster(conn, cid)                                           # from all members
    assert rows() == stored


# --------------------------------------------------------------------------- CLI

def test_stories_and_story_commands(db_url):
    db = db_url
    conn = connect(db)
    for i, text in enumerate(MEETING):
        store_result(conn, result(f"m{i}", text))
    store_result(conn, result("quake", QUAKES, actors=(), place=QUAKE))
    conn.close()
    runner = CliRunner()
    out = runner.invoke(main, ["stories", "--db", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert all(set(r) == {"id", "articles", "title", "first", "last", "size"} for r in rows)
    assert sorted(len(r["articles"]) for r in rows) == [1, 3] and rows[0]["first"] == "2024-01-20"
    out = runner.invoke(main, ["story", "m0", "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert "Timeline (1 events)" in out.output and "Sergei Lavrov" in out.output
    out = runner.invoke(main, ["story", rows[0]["id"], "--db", str(db), "--format", "json"])
    assert json.loads(out.output)["timeline"][0]["n_articles"] == 3
    assert runner.invoke(main, ["story", "nope", "--db", str(db)]).exit_code == 1


# --------------------------------------------------------------------------- the seeds

def test_seed_articles_cross_article_checks(seed_results):
    path = SHARED / "gold" / "seeds.yaml"
    if not path.exists():
        pytest.skip("shared/gold/seeds.yaml is not here")
    from eventwire.eval import load_gold, score_cross_article
    from eventwire.pipeline import result_json
    gold = load_gold(path)
    results = [seed_results["seed-000"], seed_results["seed-002"]]
    conn = memory_store(results)
    scores = score_cross_article(gold, {r.article.id: result_json(r) for r in results}, cross_article(conn))
    assert scores["checks_passed"] == 4, scores
    assert scores["timeline_dyad"]["in_order"] and scores["timeline_dyad"]["found"] == 9

"""Cross-document merging of actors not in the KB: near spellings of one name share one id."""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from eventwire.records import Actor, Article, Event, Mention, Result, Role, Span
from eventwire.store import connect, store_result
from eventwire.store.sqlite import _close_names, name_key


def result(article_id: str, *people: Actor, text: str | None = None, org: Actor | None = None) -> Result:
    """An article naming `people` (first one acts on the second, if any)."""
    text = text or " and ".join(p.name for p in people) + f" met ({article_id})."
    mentions, pos = [], 0
    for p in people:
        s = text.index(p.name, pos)
        mentions.append(Mention(s, s + len(p.name), p.name, p.kind, p.id))
        pos = s + len(p.name)
    events = ()
    if len(people) >= 2:
        events = (Event(id=f"ev-{article_id}", article_id=article_id, type="CONSULT", mode=None, cameo="04",
                        actors=(people[0].id,), recipients=(people[1].id,), location=None, date=None, date_end=None,
                        date_precision=None, date_source=None, polarity="asserted", historical=False,
                        reported_by=None, confidence=0.9, evidence=Span(0, len(text), text),
                        trigger=Span(0, 1, text[0]), sentence=Span(0, len(text), text)),)
    actors = tuple(people) + ((org,) if org else ())
    return Result(article=Article(id=article_id, text=text, published=dt.date(2024, 1, 1)), actors=actors,
                  mentions=tuple(mentions), events=events,
                  content_hash=hashlib.sha256(text.encode()).hexdigest()[:16])


def person(name: str, country: str | None = None, **kw) -> Actor:
    from eventwire.actors import make_id
    return Actor(make_id("PERSON", name), name, "PERSON", country=country, **kw)


def ids(conn, table="actors"):
    return sorted(r[0] for r in conn.execute(f"SELECT id FROM {table}"))


@pytest.mark.parametrize("a,b", [
    ("Andrei Kozlov", "Andrey Kozlov"),
    ("Mousa Abu Marzook", "Mousa Abu Marzouk"),
    ("Volodymyr Zelenskyy", "Volodymyr Zelenskiy"),
    ("Muhammadu Buhari", "Muhammadu Bukhari"),
    ("Ali Hassan", "Ali Hasan"),
    ("Yevgeny Prigozhin", "Yevgeniy Prigozhin"),
])
def test_near_spellings_merge(db_url, a, b):
    conn = connect(db_url)
    store_result(conn, result("a1", person(a)))
    store_result(conn, result("a2", person(b)))
    rows = conn.execute("SELECT id, name, aliases FROM actors").fetchall()
    assert [r["id"] for r in rows] == [person(a).id]
    assert b in rows[0]["aliases"]
    assert {r[0] for r in conn.execute("SELECT actor_id FROM mentions")} == {person(a).id}


@pytest.mark.parametrize("a,b", [
    ("Alexander Shein", "Alexander Trufanov"),       # different surnames
    ("Ali Hassan", "Ali Hussein"),                   # surnames too far apart
    ("Ahmed Ali", "Ahmad Ali"),                      # below the score (short name): left apart
    ("Maria Kozlova", "Daria Kozlova"),              # different first names, different initials
    ("Andrei Kozlov", "Andrei Kozlov Jr"),           # a different number of words
    ("John Smith", "Joan Smith"),                    # below the score
    ("Mohammed bin Salman", "Mohammed bin Zayed"),   # different last word
])
def test_different_people_never_merge(db_url, a, b):
    conn = connect(db_url)
    store_result(conn, result("a1", person(a)))
    store_result(conn, result("a2", person(b)))
    assert len(ids(conn)) == 2


def test_conflicting_countries_never_merge(db_url):
    conn = connect(db_url)
    store_result(conn, result("a1", person("Andrei Kozlov", "RUS")))
    store_result(conn, result("a2", person("Andrey Kozlov", "UKR")))
    assert len(ids(conn)) == 2
    store_result(conn, result("a3", person("Andrej Kozlov")))      # unknown country: may join
    assert len(ids(conn)) == 2


def test_kind_and_kb_actors_are_kept_apart(db_url):
    conn = connect(db_url)
    store_result(conn, result("a1", Actor("org:kozlov-group", "Kozlov Group", "ORG")))
    store_result(conn, result("a2", person("Kozlov Grupp")))                     # a person: another kind
    kb = Actor("person:andrei-kozlov", "Andrei Kozlov", "PERSON", in_kb=True)
    store_result(conn, result("a3", person("Andrey Kozlov")))
    store_result(conn, result("a4", dataclass_replace(kb, id="KB.KOZLOV")))     # a KB actor keeps its id
    assert "KB.KOZLOV" in ids(conn) and "org:kozlov-group" in ids(conn) and "person:kozlov-grupp" in ids(conn)


def dataclass_replace(a, **kw):
    import dataclasses
    return dataclasses.replace(a, **kw)


def test_ids_rewritten_in_events_affiliations_and_roles(db_url):
    conn = connect(db_url)
    front = Actor("org:popular-liberation-front", "Popular Liberation Front", "ORG", country="SDN")
    store_result(conn, result("a1", person("Ibrahim Abdelrahman"), person("Kwame Mensah"), org=front))
    variant = Actor("org:popular-liberation-frront", "Popular Liberation Frront", "ORG", country="SDN")
    leader = person("Ibrahim Abdelrahmane", affiliation=variant.id,
                    roles=(Role("commander", org=variant.id),))
    store_result(conn, result("a2", leader, person("Kwame Mensa"), org=variant))
    assert ids(conn) == sorted(["org:popular-liberation-front", "person:ibrahim-abdelrahman", "person:kwame-mensah"])
    assert sorted(r[0] for r in conn.execute("SELECT DISTINCT actor_id FROM event_actors")) == \
        ["person:ibrahim-abdelrahman", "person:kwame-mensah"]
    row = conn.execute("SELECT affiliation, roles FROM actors WHERE id='person:ibrahim-abdelrahman'").fetchone()
    assert row["affiliation"] == "org:popular-liberation-front"
    assert "org:popular-liberation-front" in row["roles"]
    # no foreign key points to a missing actor
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_idempotent_rerun_and_new_connection(db_url):
    db = db_url
    conn = connect(db)
    r1, r2 = result("a1", person("Andrei Kozlov")), result("a2", person("Andrey Kozlov"))
    store_result(conn, r1)
    store_result(conn, r2)
    before = [tuple(r) for r in conn.execute("SELECT * FROM actors ORDER BY id")]
    assert store_result(conn, r2) == "unchanged"
    conn.close()
    conn = connect(db)                               # a fresh index from the stored names
    changed = result("a2", person("Andrey Kozlov"), text="Andrey Kozlov spoke again.")
    assert store_result(conn, changed) == "replaced"
    after = [tuple(r) for r in conn.execute("SELECT * FROM actors ORDER BY id")]
    assert after == before
    store_result(conn, result("a3", person("Andrej Kozlov")))
    assert ids(conn) == ["person:andrei-kozlov"]


def test_rollback_resets_the_index(db_url, monkeypatch):
    from eventwire.store import sqlite as st
    conn = connect(db_url)
    store_result(conn, result("a1", person("Andrei Kozlov")))
    real = st._event_row

    def boom(*a, **k):
        raise RuntimeError("disk")
    monkeypatch.setattr(st, "_event_row", boom)
    with pytest.raises(RuntimeError):
        store_result(conn, result("a2", person("Mousa Abu Marzook"), person("Kwame Mensah")))
    monkeypatch.setattr(st, "_event_row", real)
    store_result(conn, result("a3", person("Mousa Abu Marzouk")))
    assert ids(conn) == ["person:andrei-kozlov", "person:mousa-abu-marzouk"]


def test_look_alikes_of_other_initials_do_not_hide_the_variant(db_url):
    """Names one letter from the query but with another initial score as high as the true variant; they
    are never candidates (every near spelling keeps each word's first letter), so they cannot fill the
    five best matches and hide it."""
    conn = connect(db_url)
    for i, name in enumerate(["Ivan Setrov", "Ivan Vetrov", "Ivan Metrov", "Ivan Fetrov", "Ivan Ketrov",
                              "Ivan Petrow"]):
        store_result(conn, result(f"a{i}", person(name)))
    store_result(conn, result("q", person("Ivan Petrov")))
    assert person("Ivan Petrov").id not in ids(conn)
    assert "Ivan Petrov" in conn.execute("SELECT aliases FROM actors WHERE id=?",
                                         (person("Ivan Petrow").id,)).fetchone()[0]


def test_name_index_lives_in_the_store(db_url):
    """The near-spelling index is a table, not the writer's memory: another connection's actors are
    found, and a database whose table was emptied (as one made before it) is indexed again on use."""
    from eventwire.store.sqlite import name_block
    one, two = connect(db_url), connect(db_url)
    store_result(one, result("a1", person("Andrei Kozlov"), person("Mousa Abu Marzook")))
    store_result(two, result("a2", person("Andrey Kozlov")))        # indexes what was stored before it
    assert ids(two) == [person("Andrei Kozlov").id, person("Mousa Abu Marzook").id]
    assert sorted(r[0] for r in one.execute("SELECT block FROM actor_keys")) == ["PERSON:ak", "PERSON:mam"]
    two.execute("DELETE FROM actor_keys")
    two.execute("DELETE FROM meta WHERE key='actor_keys_upto'")
    store_result(two, result("a3", person("Mousa Abu Marzouk")))
    assert ids(two) == [person("Andrei Kozlov").id, person("Mousa Abu Marzook").id]
    assert two.execute("SELECT count(*) FROM actor_keys").fetchone()[0] == 2
    assert name_block("PERSON", "putin") is None and name_block("LOC", "andrei kozlov") is None
    assert name_block("ORG", "rosneftegaz") == "ORG:r"


def test_guards_directly():
    assert _close_names(name_key("Andrei Kozlov"), name_key("Andrey Kozlov"))
    assert _close_names(name_key("Abdelrahman al-Mansouri"), name_key("Abdulrahman al-Mansuri"))   # vowels only
    assert not _close_names(name_key("Alexander Shein"), name_key("Alexander Trufanov"))
    assert not _close_names(name_key("Ali Hassan"), name_key("Ali Hussein"))
    assert not _close_names(name_key("Brigade 17"), name_key("Brigade 71"))
    assert name_key("The Abu-Marzouk’s") == "abu marzouk"


@pytest.mark.parametrize("a,b,same", [
    ("Alexander Shein", "Alexander Stein", False),   # a consonant changed: another surname
    ("Mark Kovalenko", "Mary Kovalenko", False),
    ("Sergei Kovalenko", "Sergey Kovalenko", True),
    ("Abdullahi Umar Ganduje", "Abdullahi Umar Gandujeh", True),
])
def test_spelling_variants_only(a, b, same):
    assert _close_names(name_key(a), name_key(b)) is same

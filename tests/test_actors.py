"""Actors: KB loading and lookup, titles, in-document resolution."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.actors import KBError, actor_at, load_kb, make_id, resolve_actors
from eventwire.annotate import annotate, load_nlp
from eventwire.records import Dropped


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def run(nlp, kb, text, dropped=()):
    actors, mentions = resolve_actors(annotate(nlp, text), text, kb, dropped)
    return {a.id: a for a in actors}, mentions


def by_text(mentions, t):
    return [m for m in mentions if m.text == t]


# -- KB ----------------------------------------------------------------------------------------
def test_kb_countries_and_institutions(kb):
    assert kb.lookup("Russia").id == "RUS"
    assert kb.lookup("the United States").id == "USA"
    assert kb.lookup("Russian Foreign Ministry").id == "RUS.GOV.MFA"
    assert kb.lookup("the Kremlin", "ORG").id == "RUS.GOV.HOS"
    assert kb.lookup("State Duma").sector == "LEG"
    assert kb.lookup("Russian State Duma").id == "RUS.LEG.DUMA"
    assert kb.lookup("Israeli Foreign Ministry").id == "ISR.GOV.MFA"
    assert kb.lookup("Pentagon").country == "USA"
    assert kb.lookup("Nigerian army").id == "NGA.MIL"          # templated for every country
    assert kb.lookup("Hamas").sector == "REB" and kb.lookup("Hamas").country == "PSE"
    assert kb.lookup("Likud Party").sector == "PTY"
    assert kb.lookup("RIA Novosti").sector == "JRN"
    assert kb.lookup("AP", "ORG").id == "org:associated-press"
    assert kb.lookup("is", "ORG") is None                       # acronyms are case-sensitive
    lavrov = kb.lookup("Sergei Lavrov", "PERSON")
    assert lavrov.id == "person:sergei-lavrov" and lavrov.sector == "GOV" and lavrov.roles


def test_kb_fuzzy_is_careful(kb):
    assert kb.lookup("Mousa Abu Marzouk", "PERSON").id == "person:mousa-abu-marzook"
    assert kb.lookup("Khaled Meshal", "PERSON").id == "person:khaled-mashal"
    assert kb.lookup("Iraqi Foreign Ministry").id == "IRQ.GOV.MFA"   # not Iran's, not Israel's
    assert kb.lookup("Mikhail Bogdanovich", "PERSON") is None
    assert kb.lookup("Hamas", "PERSON") is None


def test_demonyms(kb):
    assert kb.country_of_adjective("Russian") == "RUS"
    assert kb.country_of_adjective("Russians") == "RUS"
    assert kb.country_of_adjective("Israelis") == "ISR"
    assert kb.country_of_adjective("Iranian") == "IRN"
    assert kb.country_of_adjective("Britons") == "GBR"
    assert kb.country_of_adjective("Islamic") is None
    assert kb.country_of_adjective("Russian-Israeli") is None


def test_places(kb):
    loc = kb.place("Rishon Lezion")
    assert loc.name == "Rishon LeTsiyyon" and loc.country == "ISR" and loc.lat and loc.lon
    assert kb.place("Nir Oz").country == "ISR"
    assert kb.place("Damascus").country == "SYR"                # the big one, not Damascus, Maryland
    assert kb.place("Gaza").name == "Gaza Strip"
    assert kb.place("Kiev").name == "Kyiv"
    assert kb.place("Qatar").actor_id == "QAT"
    assert kb.place("Xyzzyville") is None


def test_user_file_layering(tmp_path):
    f1 = tmp_path / "mine.yaml"
    f1.write_text(
        "actors:\n"
        "- {name: Acme Militia, kind: ORG, country: NGA, sector: REB, aliases: [AMX]}\n"
        "- {id: org:hamas, name: Hamas, kind: ORG, sector: PTY}\n"
        "places:\n- {name: Camp Zed, kind: GPE, country: NGA, lat: 9.0, lon: 7.0}\n")
    f2 = tmp_path / "later.yaml"
    f2.write_text("actors:\n- {id: org:hamas, name: Hamas, kind: ORG, sector: REB, aliases: [Hamas movement]}\n")
    kb1 = load_kb([f1])
    assert kb1.lookup("AMX").id == "org:acme-militia" == make_id("ORG", "Acme Militia")
    assert kb1.lookup("Hamas").sector == "PTY"
    assert kb1.lookup("Islamic Resistance Movement").id == "org:hamas"   # old aliases kept
    assert kb1.place("Camp Zed").country == "NGA"
    kb2 = load_kb([f1, f2])
    assert kb2.lookup("Hamas").sector == "REB"                           # later wins
    assert kb2.lookup("Hamas movement").id == "org:hamas"
    assert load_kb().lookup("Hamas").sector == "REB"                     # the shipped KB is untouched


@pytest.mark.parametrize("content, words", [
    ("actors:\n- {name: X, kind: BANANA}\n", "kind"),
    ("actors:\n- {name: X, kind: ORG, country: Russia}\n", "alpha-3"),
    ("actors:\n- {name: X, kind: ORG, sector: WIZARD}\n", "sector"),
    ("actors:\n- {kind: ORG}\n", "name"),
    ("actors: [\n", "YAML"),
    ("people: []\n", "top-level"),
])
def test_malformed_user_file(tmp_path, content, words):
    f = tmp_path / "bad.yaml"
    f.write_text(content)
    with pytest.raises(KBError) as ei:
        load_kb([f])
    assert "bad.yaml" in str(ei.value) and words in str(ei.value)


# -- resolution ----------------------------------------------------------------------------------
SEED_A = ("On Friday, January 19, a delegation from the Palestinian terrorist organization Hamas, led by "
          "Deputy Chairman of the Politburo Mousa Abu Marzook, held consultations with Russian Deputy Foreign "
          "Minister Mikhail Bogdanov in Moscow.\n\nThe meeting was also attended by Basem Naim, a member of the "
          "Hamas Politburo. The Russian Foreign Ministry confirmed the meeting between Bogdanov and Abu Marzook.\n\n"
          "Among these captives are three Russian citizens: Andrei Kozlov, 27, from Rishon Lezion; Alex Lobanov, "
          "32, from Ashkelon; and Alexander Trufanov, 28, from Nir Oz.\n\nIn February 2017, Russian Ambassador to "
          "Israel, Alexander Shein, stated that no one was targeted. Former Russian President Dmitry Medvedev has "
          "met with Hamas leaders. Hamas militants attacked.")

SEED_B = ("Representatives of Hamas and Iran met with Russian Deputy Foreign Minister Mikhail Bogdanov in Moscow "
          "on Thursday. The Hamas delegation was led by one of the group’s founders, Mousa Abu Marzook, and was "
          "joined by Iranian Deputy Foreign Minister Ali Bagheri Kani.\n\nBogdanov had contacted Marzook last month "
          "to try to arrange a meeting. The Hamas delegation also included Basem Naim, the group’s former health "
          "minister in Gaza.\n\nIt also expects the war to erode support for Kyiv. On Wednesday, Amir Weitmann, "
          "the head of the libertarian caucus in Israel's ruling Likud Party, promised that the Russians will pay. "
          "“We will destroy Hamas,” Weitmann said.\n\nYou can also highlight the text and press Ctrl + Enter")


@pytest.fixture(scope="module")
def res_a(nlp, kb):
    return run(nlp, kb, SEED_A)


@pytest.fixture(scope="module")
def res_b(nlp, kb):
    return run(nlp, kb, SEED_B)


def test_offsets_and_kinds(res_a, res_b):
    for text, (_, ms) in ((SEED_A, res_a), (SEED_B, res_b)):
        for m in ms:
            assert text[m.start:m.end] == m.text
            assert m.kind in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")


def test_split_org_person(res_a):
    actors, ms = res_a
    m = by_text(ms, "Mousa Abu Marzook")
    assert m and m[0].kind == "PERSON" and m[0].actor_id == "person:mousa-abu-marzook"
    assert not [x for x in ms if "Politburo Mousa" in x.text]
    assert any(x.text.endswith("Politburo") and x.kind == "ORG" for x in ms)


def test_titles(res_a, res_b):
    a, ms = res_a
    bog = a["person:mikhail-bogdanov"]
    assert bog.sector == "GOV" and bog.country == "RUS"
    m = by_text(ms, "Mikhail Bogdanov")[0]
    assert m.title == "Deputy Foreign Minister"
    assert any(r.org == "RUS.GOV.MFA" and r.evidence is not None for r in bog.roles)
    shein = a["person:alexander-shein"]
    assert shein.country == "RUS" and shein.sector == "GOV"
    assert any("Ambassador to Israel" in r.title for r in shein.roles)
    assert any(r.title.lower() == "former president" for r in a["person:dmitry-medvedev"].roles)
    naim = a["person:basem-naim"]
    assert naim.sector == "REB" and naim.affiliation == "org:hamas"
    assert any("member of the Hamas Politburo" in r.title for r in naim.roles)
    b, msb = res_b
    kani = b["person:ali-bagheri-kani"]
    assert kani.country == "IRN" and any(r.org == "IRN.GOV.MFA" for r in kani.roles)
    assert any("founders" in r.title for r in b["person:mousa-abu-marzook"].roles)
    assert any("health minister" in r.title for r in b["person:basem-naim"].roles)
    weit = b["person:amir-weitmann"]
    assert weit.affiliation == "org:likud" and weit.sector == "PTY"


def test_unknown_person_title_gives_sector(nlp, kb):
    text = "Nigerian Defence Minister Musa Kadunabe said that police officer Janet Okafor was unhurt."
    a, ms = run(nlp, kb, text)
    p = next(x for x in a.values() if x.name == "Musa Kadunabe")
    assert p.sector == "GOV" and p.country == "NGA" and p.id == "person:musa-kadunabe"
    assert any(r.org == "NGA.GOV.MOD" for r in p.roles)


def test_label_vote_and_surnames(res_b):
    a, ms = res_b
    for t in ("Marzook", "Weitmann", "Basem Naim"):
        m = by_text(ms, t)
        assert m and all(x.kind == "PERSON" for x in m), t
    assert {x.actor_id for x in by_text(ms, "Marzook")} == {"person:mousa-abu-marzook"}
    assert {x.actor_id for x in by_text(ms, "Bogdanov")} == {"person:mikhail-bogdanov"}
    assert by_text(ms, "Weitmann")[0].actor_id == "person:amir-weitmann"


def test_surname_coreference_unknown_person(nlp, kb):
    text = ("Local farmer Johanna Brightwater met the governor on Monday. "
            "Later Brightwater said the talks went well.")
    a, ms = run(nlp, kb, text)
    ids = {m.actor_id for m in ms if m.text in ("Johanna Brightwater", "Brightwater")}
    assert ids == {"person:johanna-brightwater"}


def test_places_relabelled(res_a, res_b):
    a, ms = res_a
    for t, cc in (("Rishon Lezion", "ISR"), ("Ashkelon", "ISR"), ("Nir Oz", "ISR"), ("Moscow", "RUS")):
        m = by_text(ms, t)[0]
        assert m.kind == "GPE", t
        assert a[m.actor_id].country == cc
    b, msb = res_b
    assert by_text(msb, "Kyiv")[0].kind == "GPE"
    assert by_text(msb, "Gaza")[0].actor_id == "place:PSE:gaza-strip"


def test_attributes(res_a):
    a, _ = res_a
    k = next(x for x in a.values() if x.name == "Andrei Kozlov")
    attrs = dict(k.attributes)
    assert attrs["age"] == 27 and attrs["residence"] == "Rishon Lezion" and attrs["citizenship"] == "RUS"
    assert k.sector == "CVL"


def test_demonym_mentions_link_country(res_b):
    a, ms = res_b
    m = by_text(ms, "Russians")[0]
    assert m.kind == "NORP" and m.actor_id == "RUS"
    assert a["RUS"].kind == "GPE"


def test_nominal_and_context_sector(res_a, res_b):
    a, ms = res_a
    assert a["org:hamas"].sector == "REB"
    b, msb = res_b
    assert any(m.text == "the group" and m.actor_id == "org:hamas" for m in msb)


def test_junk_and_dropped(nlp, kb):
    _, ms = run(nlp, kb, SEED_B)
    assert not [m for m in ms if "Ctrl" in m.text]
    start = SEED_B.index("It also expects")
    end = SEED_B.index("On Wednesday")
    _, ms2 = run(nlp, kb, SEED_B, [Dropped(start, end, SEED_B[start:end], "teaser")])
    assert not [m for m in ms2 if start <= m.start < end]


def test_stable_ids_across_texts(res_a, res_b, nlp, kb):
    a, _ = res_a
    b, _ = res_b
    for aid in ("person:mousa-abu-marzook", "person:basem-naim", "person:mikhail-bogdanov", "org:hamas",
                "place:RUS:moscow"):
        assert aid in a and aid in b
    t1 = "Local official Tobias Wrenfield visited Springfield Academy."
    t2 = "Yesterday, Tobias Wrenfield spoke again."
    i1 = {m.actor_id for m in run(nlp, kb, t1)[1] if m.kind == "PERSON"}
    i2 = {m.actor_id for m in run(nlp, kb, t2)[1] if m.kind == "PERSON"}
    assert i1 == i2 == {"person:tobias-wrenfield"}


def test_actor_at(res_a):
    _, ms = res_a
    s = SEED_A.index("Mikhail Bogdanov")
    m = actor_at(ms, s, s + 7)
    assert m is not None and m.actor_id == "person:mikhail-bogdanov"
    assert actor_at(ms, 0, 2) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
       | st.lists(st.sampled_from(["Hamas", "Russian", "the group", "Mr.", "Abu", "Marzook", ",", "27", "from",
                                   "Moscow", "Deputy", "Foreign", "Minister", "’s", "Kyiv", "-", "Relations", "\n",
                                   "John Smith", "the", "Politburo", ":", "citizens"]), max_size=40).map(" ".join))
def test_offsets_property(nlp, kb, text):
    actors, ms = resolve_actors(annotate(nlp, text), text, kb)
    ids = {a.id for a in actors}
    for m in ms:
        assert text[m.start:m.end] == m.text and m.start < m.end
        assert m.actor_id is None or m.actor_id in ids

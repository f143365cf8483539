"""Actors: KB loading and lookup, titles, in-document resolution."""
from __future__ import annotations

import datetime as dt
import json

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


# -- malformed user files: the error names the file and the line ------------------------------------
@pytest.mark.parametrize("content, line, words", [
    ("actors:\n- name: Acme Militia\n  kind: ORG\n  country: NGA\n- name: Bad One\n  kind: BANANA\n", 6, "'kind'"),
    ("actors:\n- {name: Acme, kind: ORG}\n- {name: X, kind: ORG, country: Russia}\n", 3, "alpha-3"),
    ("actors:\n- name: X\n  kind: ORG\n\n  sector: WIZARD\n", 5, "sector"),
    ("actors:\n- name: X\n  kind: ORG\n  aliasses: [Y]\n", 4, "unknown field"),
    ("actors:\n- name: X\n  kind: PERSON\n- just a string\n", 4, "mapping"),
    ("actors:\n  - name: X\n    kind: PERSON\n     country: RUS\n", 4, "not valid YAML"),
    ("actors: [\n  {name: X, kind: ORG}\n", 3, "not valid YAML"),
    ("version: 1\npeople: []\n", 2, "top-level"),
    ("places:\n- {name: Camp Zed, lat: 9.0, lon: east}\n", 2, "'lon'"),
])
def test_malformed_user_file_names_the_line(tmp_path, content, line, words):
    f = tmp_path / "bad.yaml"
    f.write_text(content)
    with pytest.raises(KBError) as ei:
        load_kb([f])
    msg = str(ei.value)
    assert msg.startswith(f"{f}, line {line}") and ei.value.line == line, msg
    assert words in msg and "\n" not in msg


def test_user_file_codes_are_case_insensitive(tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text("actors:\n- {name: Okavango Watch, kind: org, country: bwa, sector: ngo, notes: a local NGO}\n")
    a = load_kb([f]).lookup("Okavango Watch")
    assert (a.kind, a.country, a.sector) == ("ORG", "BWA", "NGO")


# -- names in other scripts ---------------------------------------------------------------------------
def test_slug_keeps_other_scripts():
    from eventwire.actors import slug
    assert slug("Сергей Лавров") == "сергей-лавров"          # not "" (every name gets an id of its own)
    assert slug("أَحْمَد حسن") == "أحمد-حسن"                    # vowel marks go, letters stay
    assert slug("דוד בן-גוריון") == "דוד-בן-גוריון"
    assert slug("Łódź") == "lodz" and slug("Søren Kierkegaard") == "soren-kierkegaard"
    assert make_id("PERSON", "Андрей Козлов") == "person:андрей-козлов"


def test_kb_finds_native_and_transliterated_names(kb):
    assert kb.lookup("Сергей Лавров", "PERSON").id == "person:sergei-lavrov"     # transliterated
    assert kb.lookup("Дмитрий Медведев", "PERSON").id == "person:dmitry-medvedev"
    assert kb.lookup("Кремль", "ORG").id == "RUS.GOV.HOS"
    assert kb.lookup("حماس", "ORG").id == "org:hamas"                           # KB aliases in their script
    assert kb.lookup("בנימין נתניהו", "PERSON").id == "person:benjamin-netanyahu"
    assert kb.lookup("Иван Петров", "PERSON") is None


@pytest.mark.parametrize("text, name, expect_id", [
    ("Russian Foreign Minister Sergei Lavrov (Сергей Лавров) met Iranian officials in Tehran.",
     "Сергей Лавров", "person:sergei-lavrov"),
    ("The spokesman Ahmed Hassan (أحمد حسن) told reporters in Cairo that the talks had failed.",
     "أحمد حسن", "person:ahmed-hassan"),
    ("Israeli Prime Minister Benjamin Netanyahu (בנימין נתניהו) met Egyptian officials in Cairo.",
     "בנימין נתניהו", "person:benjamin-netanyahu"),
    ("Officials said that عبد الله met the delegation in Amman on Monday.", "عبد الله", "person:عبد-الله"),
    ("On Monday, Андрей Козлов said he had been freed.", "Андрей Козлов", "person:андрей-козлов"),
])
def test_other_scripts_inside_english(nlp, kb, text, name, expect_id):
    actors, ms = run(nlp, kb, text)
    m = by_text(ms, name)
    assert m and text[m[0].start:m[0].end] == name == m[0].text
    assert m[0].actor_id == expect_id and m[0].kind == "PERSON"
    assert name in actors[expect_id].aliases or actors[expect_id].name == name


def test_other_scripts_through_pipeline_and_store(resources, tmp_path):
    from eventwire.ingest import make_article
    from eventwire.pipeline import process_article
    from eventwire.store import connect, store_result
    text = ("Russian Foreign Minister Sergei Lavrov (Сергей Лавров) met Hamas official Mousa Abu Marzook "
            "(موسى أبو مرزوق) in Moscow on Monday. Members of Israel's ruling Likud (הליכוד) party condemned "
            "the talks with Hamas (حماس). Later, Андрей Козлов, 27, from Rishon Lezion, spoke to reporters.")
    r = process_article(make_article(text, name="scripts", published=dt.date(2024, 3, 4)), resources)
    assert not r.article.errors
    for m in r.mentions:
        assert text[m.start:m.end] == m.text
    forms = {m.text: m.actor_id for m in r.mentions}
    assert forms["Сергей Лавров"] == "person:sergei-lavrov"
    assert forms["موسى أبو مرزوق"] == "person:mousa-abu-marzook"
    assert forms["Андрей Козлов"] == "person:андрей-козлов"
    conn = connect(tmp_path / "s.db")
    store_result(conn, r)
    stored = {row[0]: row[1] for row in conn.execute("SELECT text, actor_id FROM mentions")}
    assert forms["הליכוד"] == forms["Likud"] == "org:likud"   # a gloss in brackets is the same actor
    assert forms["حماس"] == forms["Hamas"] == "org:hamas"
    for t in ("Сергей Лавров", "موسى أبو مرزوق", "Андрей Козлов", "הליכוד", "حماس"):
        assert stored[t] == forms[t]
    row = conn.execute("SELECT text FROM articles").fetchone()
    assert row[0] == text                                   # byte for byte, no mojibake
    aliases = json.loads(conn.execute("SELECT aliases FROM actors WHERE id='person:sergei-lavrov'").fetchone()[0])
    assert "Сергей Лавров" in aliases
    kozlov = conn.execute("SELECT name, attributes FROM actors WHERE id='person:андрей-козлов'").fetchone()
    assert kozlov[0] == "Андрей Козлов" and json.loads(kozlov[1])["age"] == 27


# -- sentences of our own: other countries and organisations ---------------------------------------
def actor_of(actors, ms, text):
    m = by_text(ms, text)
    assert m, f"no mention {text!r}: {[x.text for x in ms]}"
    return actors[m[0].actor_id]


def test_titles_of_other_countries(nlp, kb):
    text = ("French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin. Macron told reporters "
            "that Europe must act. Brazilian Foreign Minister Mauro Vieira, a veteran diplomat, met his Argentine "
            "counterpart. Kharkiv Mayor Ihor Terekhov said the city was shelled.")
    a, ms = run(nlp, kb, text)
    macron = actor_of(a, ms, "Emmanuel Macron")
    assert (macron.country, macron.sector) == ("FRA", "GOV") and any(r.org == "FRA.GOV.HOS" for r in macron.roles)
    assert by_text(ms, "Macron")[0].actor_id == macron.id
    scholz = actor_of(a, ms, "Olaf Scholz")
    assert scholz.country == "DEU" and by_text(ms, "Olaf Scholz")[0].title == "Chancellor"
    vieira = actor_of(a, ms, "Mauro Vieira")
    assert vieira.country == "BRA" and any(r.org == "BRA.GOV.MFA" for r in vieira.roles)
    terekhov = actor_of(a, ms, "Ihor Terekhov")                 # spaCy tags neither name here
    assert (terekhov.kind, terekhov.country, terekhov.sector) == ("PERSON", "UKR", "GOV")
    assert actor_of(a, ms, "Kharkiv").id == "place:UKR:kharkiv"


@pytest.mark.parametrize("text", [
    '"We are overwhelmed," said Matthew Saltmarsh, a spokesman for the UN refugee agency, in Geneva.',
    "A spokesman for the UN refugee agency, Matthew Saltmarsh, said 3,000 people had fled to Chad.",
])
def test_spokesman_for_an_agency(nlp, kb, text):
    a, ms = run(nlp, kb, text)
    p = actor_of(a, ms, "Matthew Saltmarsh")
    assert any(r.org == "org:unhcr" and "spokesman" in r.title for r in p.roles)
    assert p.affiliation == "org:united-nations"
    assert any(m.actor_id == "org:unhcr" for m in ms)           # "the UN refugee agency", not just "UN"


def test_state_bodies_named_in_lower_case(nlp, kb):
    text = ("The Israeli military said it struck a Hezbollah site. The Nigerian police arrested five suspects. "
            "Kenya's foreign ministry summoned the envoy. The ministry said the remarks were unacceptable. "
            "Sudan's army and the Rapid Support Forces agreed to a truce. The paramilitary group later broke it.")
    a, ms = run(nlp, kb, text)
    assert actor_of(a, ms, "The Israeli military").id == "ISR.MIL" and a["ISR.MIL"].sector == "MIL"
    assert actor_of(a, ms, "The Nigerian police").sector == "COP"
    assert actor_of(a, ms, "Kenya's foreign ministry").id == "KEN.GOV.MFA"
    assert by_text(ms, "The ministry")[0].actor_id == "KEN.GOV.MFA"        # the antecedent, not Sudan's army
    assert actor_of(a, ms, "Sudan's army").id == "SDN.MIL"
    assert by_text(ms, "The paramilitary group")[0].actor_id == "org:rapid-support-forces"


def test_group_antecedent_and_surnames(nlp, kb):
    text = ("Al-Shabaab fighters attacked a base near Mogadishu. The group later claimed responsibility. "
            "Kenyan opposition leader Raila Odinga, 79, said his party would boycott the vote. Odinga spoke in "
            "Kisumu. Colombian President Gustavo Petro rejected former President Ivan Duque's proposal, and Duque "
            "answered on Sunday.")
    a, ms = run(nlp, kb, text)
    assert by_text(ms, "The group")[0].actor_id == actor_of(a, ms, "Al-Shabaab").id == "org:al-shabaab"
    odinga = actor_of(a, ms, "Raila Odinga")
    assert {m.actor_id for m in by_text(ms, "Odinga")} == {odinga.id}
    assert (odinga.country, odinga.sector, dict(odinga.attributes)["age"]) == ("KEN", "OPP", 79)
    assert {m.actor_id for m in by_text(ms, "Duque")} == {"person:ivan-duque"}
    assert any(r.title == "former President" for r in a["person:ivan-duque"].roles)


def test_person_attributes_of_our_own(nlp, kb):
    text = ("Among the hostages are two French citizens: Pierre Dubois, 45, from Lyon; and Marie Laurent, 31, "
            "from Marseille.\n\nFatima Okoye, a 34-year-old nurse from Kano, was kidnapped by gunmen on Monday. "
            "Okoye is still held captive, police said.\n\nThe freed hostage, Yocheved Lifshitz, 85, from Nir Oz, "
            "spoke to reporters.")
    a, ms = run(nlp, kb, text)
    dubois = dict(actor_of(a, ms, "Pierre Dubois").attributes)
    assert dubois == {"age": 45, "residence": "Lyon", "citizenship": "FRA", "status": "captive"}
    assert dict(actor_of(a, ms, "Marie Laurent").attributes)["residence"] == "Marseille"
    okoye = actor_of(a, ms, "Fatima Okoye")
    assert dict(okoye.attributes) == {"age": 34, "residence": "Kano", "status": "captive"}
    assert [r.title for r in okoye.roles] == ["nurse"]                 # age and town are not the title
    lif = dict(actor_of(a, ms, "Yocheved Lifshitz").attributes)
    assert lif["status"] == "released" and lif["age"] == 85 and lif["residence"] == "Nir Oz"


def test_places_spacy_mislabels_or_misses(nlp, kb):
    text = ("Rockets were fired at Sderot and Ashdod on Sunday, and sirens sounded in Kiryat Shmona. "
            "Residents of Bakhmut fled as fighting intensified near Kramatorsk. "
            "Gunmen attacked a church in Owo, Ondo State, and fled toward Akure.")
    a, ms = run(nlp, kb, text)
    for name, cc in (("Sderot", "ISR"), ("Kiryat Shmona", "ISR"), ("Bakhmut", "UKR"), ("Kramatorsk", "UKR"),
                     ("Akure", "NGA"), ("Ondo State", "NGA")):
        m = by_text(ms, name)
        assert m and m[0].kind == "GPE", name
        assert a[m[0].actor_id].country == cc, name


def test_names_that_only_look_like_places(nlp, kb):
    text = ("The News of Israel editors wrote to the ministry in May. Students of the University of Lagos "
            "marched. Hamas said it would talk.")
    a, ms = run(nlp, kb, text)
    assert not [m for m in ms if m.text in ("May", "Israel", "Lagos") and m.kind == "GPE"]


# -- across documents ------------------------------------------------------------------------------
SAME_ENTITIES = {"Mousa Abu Marzook": "person:mousa-abu-marzook", "Basem Naim": "person:basem-naim",
                 "Mikhail Bogdanov": "person:mikhail-bogdanov", "Hamas": "org:hamas",
                 "Russian Foreign Ministry": "RUS.GOV.MFA", "Moscow": "place:RUS:moscow",
                 "Gaza Strip": "place:PSE:gaza-strip"}


def test_same_actor_same_id_across_the_examples(seed_results):
    for name, aid in SAME_ENTITIES.items():
        for art, r in seed_results.items():
            forms = (name, name.split()[-1], "Gaza") if name == "Gaza Strip" else (name, name.split()[-1])
            ids = {m.actor_id for m in r.mentions if m.text.removeprefix("the ").removeprefix("The ") in forms}
            assert ids == {aid}, (art, name, ids)
            assert aid in {a.id for a in r.actors}


def test_fuzzy_matching_never_merges_namesakes(seed_results, kb):
    ids = {m.text: m.actor_id for m in seed_results["seed-000"].mentions if m.kind == "PERSON"}
    assert ids["Alexander Shein"] == "person:alexander-shein"
    assert ids["Alexander Trufanov"] == "person:alexander-trufanov"
    assert ids["Alexander Prokhanov"] == "person:alexander-prokhanov"
    assert kb.lookup("Alexander Trufanov", "PERSON") is None
    # every KB person's first name with another surname must not find that person
    people = [a for a in kb.actors.values() if a.kind == "PERSON" and len(a.name.split()) >= 2]
    surnames = ["Trufanov", "Shein", "Petrenko", "Okafor", "Haddad", "Levi", "Smith", "Kozlov", "Lavrova"]
    for p in people:
        first, last = p.name.split()[0], p.name.split()[-1]
        for s in surnames:
            if s.lower().startswith(last.lower()[:4]):
                continue
            hit = kb.lookup(f"{first} {s}", "PERSON")
            assert hit is None or hit.name.split()[-1][:4] == s[:4], (f"{first} {s}", hit and hit.name)


def test_gold_event_actors_have_the_gold_country_and_sector(seed_results):
    import yaml
    from conftest import SHARED
    from eventwire.eval.common import name_set, norm_name
    from eventwire.pipeline import result_json
    path = SHARED / "gold" / "seeds.yaml"
    if not path.exists():
        pytest.skip("no shared gold file")
    gold = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
    wrong = []
    for ga in gold["articles"]:
        ents = result_json(seed_results[ga["id"]])["entities"]
        gents = {e["name"]: e for e in ga["entities"]}
        names = [p for ev in ga["events"] for k in ("source", "target", "source_people", "also_present")
                 for p in (ev.get(k) if isinstance(ev.get(k), list) else [ev.get(k)]) if p]
        for p in dict.fromkeys(names):
            g = gents[p]
            gn = name_set(g["name"], g.get("aliases"))
            cands = [e for e in ents if e["kind"] == g["kind"] and gn & name_set(e["name"], e["aliases"], e["mentions"])]
            e = next((e for e in cands if norm_name(e["name"]) in gn), cands[0] if cands else None)
            if e is None or any(g.get(k) and e[k] != g[k] for k in ("country", "sector")):
                wrong.append((ga["id"], p, e and (e["country"], e["sector"])))
    assert not wrong


# -- metonymy (event parties) ------------------------------------------------------------------------
@pytest.mark.parametrize("text, actors, recipients", [
    ("The Kremlin said on Monday that it had expelled two British diplomats.", {"RUS.GOV.HOS"}, {"GBR.GOV"}),
    ("The Kremlin accused Kyiv of sabotage on Monday.", {"RUS.GOV.HOS"}, {"UKR.GOV"}),
    ("Moscow condemned the Ukrainian drone strike on Tuesday.", {"RUS.GOV"}, None),
    ("Jerusalem accused Moscow of supporting terrorism on Wednesday.", {"ISR.GOV"}, {"RUS.GOV"}),
    ("Beijing criticized Washington over the new tariffs on Friday.", {"CHN.GOV"}, {"USA.GOV"}),
])
def test_capitals_acting_stand_for_their_government(resources, text, actors, recipients):
    from eventwire.pipeline import process
    r = process(text, published="2024-03-04", resources=resources)
    ev = [e for e in r.events if e.polarity == "asserted"]
    assert ev, text
    assert set(ev[0].actors) == actors
    if recipients is not None:
        assert set(ev[0].recipients) == recipients
    kremlin = {a.id: a for a in r.actors}.get("RUS.GOV.HOS")
    if kremlin is not None:
        assert (kremlin.kind, kremlin.sector, kremlin.country) == ("ORG", "GOV", "RUS")


def test_city_where_it_happened_stays_a_place(resources):
    from eventwire.pipeline import process
    r = process("Hamas leaders met Russian officials in Moscow on Thursday.", published="2024-03-04",
                resources=resources)
    e = next(e for e in r.events if e.type == "CONSULT")
    assert e.location is not None and e.location.name == "Moscow" and e.location.country == "RUS"
    assert "place:RUS:moscow" not in e.actors + e.recipients
    assert {m.text: m.actor_id for m in r.mentions}["Moscow"] == "place:RUS:moscow"


# -- speed helpers ------------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 30)), max_size=40),
       st.integers(0, 230), st.integers(1, 30))
def test_span_index_matches_brute_force(spans, s, n):
    from eventwire.actors.resolve import _SpanIndex
    spans = [(a, a + k) for a, k in spans]
    idx = _SpanIndex(spans[: len(spans) // 2])
    for a, b in spans[len(spans) // 2:]:
        idx.add(a, b)
    e = s + n
    brute = sorted((a, b) for a, b in spans if a < e and s < b)
    assert sorted(idx.overlapping(s, e)) == brute
    assert idx.overlaps(s, e) is bool(brute)


def test_repeated_text_resolves_like_one_copy(nlp, kb):
    para = ("Kenyan President William Ruto met Ugandan opposition leader Bobi Wine in Nairobi. "
            "Ruto later flew to Kampala, where Wine's party, the National Unity Platform, held a rally.")
    one, m1 = run(nlp, kb, para)
    text = "\n\n".join(f"({i}) {para}" for i in range(30))
    many, mm = run(nlp, kb, text)
    assert set(one) == set(many)
    assert len(mm) == 30 * len(m1)


@pytest.mark.parametrize("text, name, country, sector", [
    ("Tajik Prime Minister Akil Akilov received the OSCE envoy.", "Akil Akilov", "TJK", "GOV"),
    ("Cuban leader Fidel Castro denounced the embargo.", "Fidel Castro", "CUB", "GOV"),
    ("Dutch Defence Minister Henk Kamp visited the troops.", "Henk Kamp", "NLD", "GOV"),
])
def test_title_gives_country_and_sector(resources, text, name, country, sector):
    """A country adjective in the title gives the person's country even when spaCy tags it as
    a name; a leader of no named body leads the country (GOV)."""
    from eventwire.pipeline import process
    r = process(text, published="2024-03-04", resources=resources)
    a = next(a for a in r.actors if a.name == name)
    assert (a.country, a.sector) == (country, sector)


def test_demonym_tagged_as_name_is_a_demonym(resources):
    from eventwire.pipeline import process
    r = process("Radical Belgian farmers blocked the roads to Brussels.", published="2024-03-04",
                resources=resources)
    e = next(e for e in r.events if e.polarity == "asserted")
    a = {x.id: x for x in r.actors}[e.actors[0]]
    assert (a.country, a.sector) == ("BEL", "AGR")


@pytest.mark.parametrize("text, country", [
    ("President Mwai Kibaki opened the session.", "KEN"),
    ("Gorbachev met the envoy in Geneva.", "RUS"),
])
def test_kb_knows_past_heads_of_state(resources, text, country):
    """The KB carries heads of state and government of the archives' era, with their country."""
    from eventwire.pipeline import process
    r = process(text, published="1990-03-04", resources=resources)
    assert any(a.kind == "PERSON" and a.in_kb and a.country == country and a.sector == "GOV" for a in r.actors)


@pytest.mark.parametrize("text, name, country, sector", [
    ("The Shining Path ambushed an army patrol near Ayacucho.", "Shining Path", "PER", "REB"),
    ("The International Committee of the Red Cross delivered medicine to Aleppo.",
     "International Committee of the Red Cross", None, "MED"),
])
def test_kb_knows_armed_groups_and_aid_bodies(resources, text, name, country, sector):
    from eventwire.pipeline import process
    r = process(text, published="1995-03-04", resources=resources)
    a = next(a for a in r.actors if a.name == name)
    assert (a.country, a.sector) == (country, sector)


def test_hyphenated_title_before_a_name_tagged_org(resources):
    """"Vice-President X": a hyphenated title is a title, and a name after a person's title is a person."""
    from eventwire.pipeline import process
    r = process("Ghanaian Vice-President Kwesi Amissah-Arthur has declined to resign.", published="2014-03-04",
                resources=resources)
    a = next(a for a in r.actors if a.name.startswith("Kwesi"))
    assert (a.kind, a.country, a.sector) == ("PERSON", "GHA", "GOV")


def test_place_named_with_a_unit_word_takes_its_country(resources):
    """"Slovenia province", "the region of X": a known place and a unit word is in that place's country."""
    from eventwire.pipeline import process
    r = process("Yugoslavia eased emergency measures on Wednesday in Slovenia province.", published="1990-03-04",
                resources=resources)
    assert any(a.name == "Slovenia province" and a.country == "SVN" for a in r.actors)
    e = next(e for e in r.events if e.polarity == "asserted")
    assert e.location is not None and e.location.country == "SVN"

"""The event stage (events/frames.py, events/lexicon.py) through the real pipeline.

Self-contained: every text is written here; the spaCy model, the actor KB and the
packaged lexicons are loaded once for the module.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from eventwire.events import frames
from eventwire.events.lexicon import LexiconError, load_lexicon
from eventwire.pipeline import Resources, process, result_json


@pytest.fixture(scope="module")
def res() -> Resources:
    return Resources.load()


def run(res: Resources, text: str, published: str | None = "2024-01-19", resources: Resources | None = None):
    """Process a text; return the result and its events with actor names instead of ids."""
    r = process(text, published=published, resources=resources or res)
    names = {a.id: a.name for a in r.actors}
    evs = [dict(type=e.type, mode=e.mode, polarity=e.polarity, actors=[names.get(a, a) for a in e.actors],
                recipients=[names.get(a, a) for a in e.recipients], event=e,
                reported_by=names.get(e.reported_by, e.reported_by)) for e in r.events]
    return r, evs


def only(evs: list[dict], etype: str, polarity: str | None = "asserted") -> dict:
    found = [e for e in evs if e["type"] == etype and (polarity is None or e["polarity"] == polarity)]
    assert len(found) == 1, f"expected one {polarity} {etype}, got {evs}"
    return found[0]


def has(names: list[str], *parts: str) -> bool:
    return all(any(p.lower() in n.lower() for n in names) for p in parts)


# --- frames: who did what to whom ------------------------------------------------------------

def test_active_voice_actor_and_recipient(res):
    _, evs = run(res, "Israel attacked Hamas positions in Gaza.")
    e = only(evs, "ASSAULT")
    assert e["actors"] == ["Israel"] and has(e["recipients"], "Hamas")
    assert e["event"].cameo == "18"


def test_passive_with_agent(res):
    _, evs = run(res, "The convoy was attacked by Hamas on Monday.")
    assert has(only(evs, "ASSAULT")["actors"], "Hamas")


def test_passive_without_agent_takes_attacker_of_the_noun(res):
    _, evs = run(res, "More than 1,400 Israelis were slaughtered in Hamas's attack on Oct. 7.", "2023-10-26")
    e = only(evs, "ASSAULT")
    assert has(e["actors"], "Hamas") and has(e["recipients"], "Israel")
    assert e["event"].date == "2023-10-07" and e["event"].date_source == "text"


def test_coordinated_subjects_are_one_joint_event(res):
    _, evs = run(res, "A delegation of Hamas and Iran met with Russian Deputy Foreign Minister Mikhail Bogdanov "
                      "in Moscow on Thursday.", "2023-10-27")
    e = only(evs, "CONSULT")
    assert has(e["actors"], "Hamas", "Iran", "Bogdanov") and e["recipients"] == []
    assert e["event"].location.name == "Moscow" and e["event"].location.country == "RUS"
    assert e["event"].date == "2023-10-26"


def test_met_with_in_city_gives_location_and_country(res):
    _, evs = run(res, "Russian Foreign Minister Sergei Lavrov met with Khaled Mashal in Damascus.")
    e = only(evs, "CONSULT")
    assert has(e["actors"], "Lavrov", "Mashal")
    assert e["event"].location.name == "Damascus" and e["event"].location.country == "SYR"
    assert e["mode"] == "third-party"                # a Russian and a Palestinian meeting in Syria


def test_visited_city_makes_its_country_a_party(res):
    _, evs = run(res, "Khaled Mashal visited Moscow.")
    e = only(evs, "CONSULT")
    assert has(e["actors"], "Mashal", "Russia") and e["mode"] == "visit"
    assert e["event"].location.name == "Moscow"


def test_light_verb_held_talks_is_one_event(res):
    _, evs = run(res, "Russian Foreign Minister Sergei Lavrov held talks with Khaled Mashal.")
    e = only(evs, "CONSULT")
    assert has(e["actors"], "Lavrov", "Mashal")
    assert e["event"].trigger.text == "held"


def test_nominal_trigger_between(res):
    _, evs = run(res, "The meeting between Sergei Lavrov and Khaled Mashal lasted two hours.")
    assert has(only(evs, "CONSULT")["actors"], "Lavrov", "Mashal")


def test_nominal_trigger_under_light_verb_takes_its_subject(res):
    r, evs = run(res, "Protesters in Baghdad staged a rally against the United States.")
    e = only(evs, "PROTEST")
    actor = next(a for a in r.actors if a.id == e["event"].actors[0])
    assert (actor.id, actor.country, actor.sector) == ("IRQ.CVL", "IRQ", "CVL")   # Iraq's protesters, as PLOVER codes them
    assert e["recipients"] == ["United States"]


def test_accuse_has_recipient(res):
    _, evs = run(res, "Israel accused Russia of supporting Hamas.")
    e = only(evs, "ACCUSE")
    assert e["actors"] == ["Israel"] and e["recipients"] == ["Russia"]


def test_request_called_on_x_to(res):
    _, evs = run(res, "The Israeli Foreign Ministry called on Moscow to expel the Hamas leaders.")
    e = only(evs, "REQUEST")
    assert has(e["actors"], "Foreign Ministry") and e["mode"] == "change"
    assert list(e["event"].recipients) == ["RUS.GOV"]     # "Moscow": the government seated there (PLOVER)
    assert only(evs, "SANCTION", polarity="proposed")    # the expulsion is asked for, not done


def test_demanded_that_x_gives_recipient(res):
    _, evs = run(res, "The United States demanded that North Korea abandon its nuclear program.")
    e = only(evs, "REQUEST")
    assert e["actors"] == ["United States"] and has(e["recipients"], "Korea")


def test_coordinated_subjects_signed(res):
    _, evs = run(res, "Egypt and Jordan signed a treaty of friendship.")
    e = [x for x in evs if x["polarity"] == "asserted" and x["type"] in ("SUPPORT", "AGREE")]
    assert e and has(e[0]["actors"], "Egypt", "Jordan")


def test_supporters_of_x_are_not_x(res):
    _, evs = run(res, "Supporters of Vladimir Putin blocked roads in Moscow.")
    assert not any(has(e["actors"], "Putin") for e in evs)


# --- dates -----------------------------------------------------------------------------------

def test_governing_date_beats_publication_date(res):
    _, evs = run(res, "Vladimir Putin met Khaled Mashal on Thursday.", "2024-01-19")
    e = only(evs, "CONSULT")["event"]
    assert (e.date, e.date_source, e.date_precision) == ("2024-01-18", "text", "day")
    assert e.time is not None and e.time.text.endswith("Thursday")


def test_publication_date_fallback(res):
    _, evs = run(res, "Vladimir Putin met Khaled Mashal.", "2024-01-19")
    e = only(evs, "CONSULT")["event"]
    assert (e.date, e.date_source, e.time) == ("2024-01-19", "published", None)


def test_one_event_per_coordinated_date(res):
    _, evs = run(res, "Russian Foreign Minister Sergei Lavrov met with Khaled Mashal in 2008 and 2009.")
    dates = sorted(e["event"].date for e in evs if e["type"] == "CONSULT")
    assert dates == ["2008", "2009"]


def test_interval_between(res):
    _, evs = run(res, "Khaled Mashal visited Moscow several times between 2006 and 2010.")
    e = only(evs, "CONSULT")["event"]
    assert (e.date, e.date_end, e.date_precision) == ("2006", "2010", "interval")


def test_interval_since(res):
    _, evs = run(res, "Hamas representatives have been visiting Moscow regularly since March 2006.")
    e = only(evs, "CONSULT")["event"]
    assert (e.date, e.date_end, e.date_precision) == ("2006-03", "2024-01-19", "interval")


def test_historical_flag(res):
    _, old = run(res, "Russian Foreign Minister Sergei Lavrov met with Khaled Mashal in 2008.")
    _, new = run(res, "Russian Foreign Minister Sergei Lavrov met with Khaled Mashal on Thursday.")
    assert only(old, "CONSULT")["event"].historical is True
    assert only(new, "CONSULT")["event"].historical is False


# --- polarity and attribution ----------------------------------------------------------------

@pytest.mark.parametrize("text, polarity", [
    ("Russian President Vladimir Putin refrains from public personal contacts with Hamas representatives.", "negated"),
    ("Vladimir Putin did not meet Khaled Mashal.", "negated"),
    ("Vladimir Putin will meet Khaled Mashal next week.", "future"),
    ("Vladimir Putin could meet Khaled Mashal.", "hypothetical"),
])
def test_polarity(res, text, polarity):
    _, evs = run(res, text)
    e = only(evs, "CONSULT", polarity=None)
    assert e["polarity"] == polarity and has(e["actors"], "Putin")


def test_proposed_meeting_is_a_request_not_a_meeting(res):
    _, evs = run(res, "Mikhail Bogdanov proposed a meeting with Khaled Mashal in Qatar.")
    e = only(evs, "REQUEST")
    assert e["mode"] == "meet" and has(e["actors"], "Bogdanov")
    assert not any(x["type"] == "CONSULT" and x["polarity"] == "asserted" for x in evs)


def test_threatened_act_is_not_asserted(res):
    _, evs = run(res, "Israel threatened to expel the Hamas leaders.")
    assert only(evs, "THREATEN")["actors"] == ["Israel"]
    assert not any(e["type"] == "SANCTION" and e["polarity"] == "asserted" for e in evs)


def test_reported_by(res):
    _, evs = run(res, "The Kremlin said that Vladimir Putin met Khaled Mashal.")
    e = only(evs, "CONSULT")
    assert e["reported_by"] == "Kremlin" and has(e["actors"], "Putin", "Mashal")


def test_party_announcing_a_future_retreat_is_an_agreement(res):
    # CAMEO2PLOVER 035x and the PLOVER gold standard: an expressed intent to withdraw or release is AGREE
    _, evs = run(res, "Britain said it will withdraw its troops from Iraq.")
    future = only(evs, "RETREAT", polarity="future")
    assert future["reported_by"] == future["actors"][0]
    e = only(evs, "AGREE")
    assert set(e["actors"]) == set(future["actors"]) | {"Iraq"}    # AGREE lists every party as an actor
    assert e["event"].date_source == "published"


def test_said_x_must_is_a_request(res):
    _, evs = run(res, "Syria said Sudan must return the helicopter.")
    e = only(evs, "REQUEST")
    assert e["actors"] == ["Syria"] and e["recipients"] == ["Sudan"]


def test_single_party_offer_is_agree(res):
    _, evs = run(res, "Libya has offered to hand over two suspects to Great Britain.")
    assert only(evs, "AGREE")["actors"][0] == "Libya"


# --- records ---------------------------------------------------------------------------------

def test_ids_stable_and_offsets_point_into_text(res):
    text = ("On Friday, January 19, a delegation of Hamas met with Russian Deputy Foreign Minister Mikhail "
            "Bogdanov in Moscow. Israel accused Russia of supporting Hamas.")
    a = process(text, published="2024-01-20", resources=res)
    b = process(text, published="2024-01-20", resources=res)
    assert [e.id for e in a.events] == [e.id for e in b.events] and len(a.events) >= 2
    assert len({e.id for e in a.events}) == len(a.events)
    for e in a.events:
        for span in (e.evidence, e.trigger, e.sentence):
            assert text[span.start:span.end] == span.text
    out = result_json(a)
    for e in out["events"]:
        assert text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"]
        assert len(e["cameo"]) == 2 and e["polarity"] in ("asserted", "negated", "proposed", "hypothetical", "future")


# --- lexicon ---------------------------------------------------------------------------------

def test_lexicon_bad_type(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("entries:\n- {lemma: snub, pos: VERB, type: INSULT, mode: null}\n", "utf-8")
    with pytest.raises(LexiconError, match="not a PLOVER type"):
        load_lexicon([p])


def test_lexicon_unquoted_particle(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("entries:\n- {lemma: switch, pos: VERB, type: REJECT, particle: off}\n", "utf-8")
    with pytest.raises(LexiconError, match="particle"):
        load_lexicon([p])


@pytest.mark.parametrize("body, message", [
    ("entries:\n- {lemma: snub, type: REJECT}\n", "needs lemma, pos and type"),
    ("entries:\n- {lemma: snub, pos: ADJ, type: REJECT}\n", "pos must be VERB or NOUN"),
    ("types:\n  INSULT: {cameo: '11'}\n", "not a PLOVER type"),
    ("types:\n  PROTEST: {future_as: WHINE}\n", "future_as"),
    ("entries: [unclosed\n", "not valid YAML"),
])
def test_lexicon_other_errors(tmp_path, body, message):
    p = tmp_path / "bad.yaml"
    p.write_text(body, "utf-8")
    with pytest.raises(LexiconError, match=message):
        load_lexicon([p])


def test_user_lexicon_layered_on_top(res, tmp_path):
    text = "Russia rebutted Hamas."
    _, before = run(res, text)
    assert not any(e["type"] == "REJECT" for e in before)
    p = tmp_path / "mine.yaml"
    p.write_text("entries:\n- {lemma: rebut, pos: VERB, type: REJECT, mode: null, cameo: '12'}\n", "utf-8")
    lex = load_lexicon([p])
    assert "meet" in lex.verbs and "rebut" in lex.verbs           # the packaged entries are still there
    mine = dataclasses.replace(res, lexicon=lex)
    _, after = run(res, text, resources=mine)
    e = only(after, "REJECT")
    assert e["actors"] == ["Russia"] and has(e["recipients"], "Hamas") and e["event"].cameo == "12"


def test_user_words_extend_the_packaged_lists(res, tmp_path):
    """A user file's `words:` list adds to the packaged list of that name: with "commandos" a force,
    the city they are deployed to is where the MOBILIZE happens, not whom it is aimed at."""
    text = "Russia deployed commandos to Kharkiv."
    before = only(run(res, text)[1], "MOBILIZE")["event"]
    assert before.recipients and before.location is None
    p = tmp_path / "mine.yaml"
    p.write_text("words:\n  troop_words: [Commando]\n", "utf-8")            # the lemma
    lex = load_lexicon([p])
    assert {"troops", "commando"} <= lex.words["troop_words"]      # added to, lower-cased
    after = only(run(res, text, resources=dataclasses.replace(res, lexicon=lex))[1], "MOBILIZE")["event"]
    assert after.recipients == () and after.location is not None and after.location.name == "Kharkiv"


def test_user_mode_words_extend_the_packaged_ones(tmp_path):
    """A user file's `mode_words:` for a type and mode add to the packaged words, as `words:` do."""
    p = tmp_path / "mine.yaml"
    p.write_text("mode_words:\n  ASSAULT:\n    explosives: [Semtex]\n", "utf-8")
    packaged, lex = load_lexicon().mode_words["ASSAULT"], load_lexicon([p]).mode_words["ASSAULT"]
    assert lex["explosives"] == packaged["explosives"] | {"semtex"} and "bomb" in lex["explosives"]
    assert lex["drone"] == packaged["drone"]


def test_frame_rules_read_exactly_the_packaged_word_lists():
    """Every `words[...]` name in events/frames.py is a packaged list (a misspelt one would fail
    only when its rule runs), and every packaged list is read."""
    used = set(re.findall(r'words\["(\w+)"\]', Path(frames.__file__).read_text("utf-8")))
    assert used == set(load_lexicon().words)


# --- record shape: quad, size, context, one event per happening -----------------------------

def test_quad_comes_from_the_types_table(res):
    _, evs = run(res, "Egypt condemned Israel's raid on Jenin. Sudan appealed to Kenya for aid.")
    assert only(evs, "ACCUSE")["event"].quad == 3
    assert only(evs, "REQUEST")["event"].quad == 3
    _, evs = run(res, "Turkish police arrested Kurdish activists in Istanbul.")
    assert only(evs, "COERCE")["event"].quad == 4


@pytest.mark.parametrize("text, size", [
    ("Burundian militiamen attacked a refugee camp, killing at least 156 people.", {"dead": 156}),
    ("Russian troops killed three civilians and wounded twelve in Kharkiv.", {"dead": 3, "injured": 12}),
    ("Hundreds of thousands of Georgians marched in Tbilisi.", {"participants": 200000}),
    ("Some 5,000 Kenyan students marched in Nairobi, and police arrested 30 protesters.",
     {"participants": 5000, "arrested": 30}),
    ("A Russian missile strike on Odesa left 20 dead and 35 injured.", {"dead": 20, "injured": 35}),
])
def test_size_of_assaults_and_protests(res, text, size):
    _, evs = run(res, text)
    sized = [e["event"] for e in evs if e["type"] in ("ASSAULT", "PROTEST") and e["event"].size is not None]
    assert sized, evs
    got = {k: v for k, v in dataclasses.asdict(sized[0].size).items() if v is not None}
    assert got == size


def test_numbers_parse_words_and_digits():
    from eventwire.events.size import load_numbers, parse_number
    nums = load_numbers()
    assert parse_number(["1,400"], nums) == 1400
    assert parse_number(["two", "hundred"], nums) == 200
    assert parse_number(["twenty-five"], nums) == 25
    assert parse_number(["hundreds", "of", "thousands"], nums) == 200000
    assert parse_number(["a", "thousand"], nums) == 1000
    assert parse_number(["dozens"], nums) == 24
    assert parse_number(["several"], nums) is None


def test_no_size_without_numbers(res):
    _, evs = run(res, "Israel struck Hezbollah targets in Lebanon.")
    assert only(evs, "ASSAULT")["event"].size is None


@pytest.mark.parametrize("text, etype, context", [
    ("Iran threatened to use chemical weapons against Israel.", "THREATEN", "cbrn"),
    ("North Korean hackers hacked South Korean banks.", "COERCE", "cyber"),
    ("Uganda sheltered refugees from South Sudan.", "AID", "migration"),
    ("The IAEA dispatched inspectors to Iran's nuclear sites.", "ACCUSE", "cbrn"),
])
def test_context_from_trigger_mode_and_its_words(res, text, etype, context):
    _, evs = run(res, text)
    assert context in only(evs, etype)["event"].context


def test_same_meeting_in_three_sentences_is_one_event(res):
    text = ("On Friday, a Hamas delegation held talks with Russian Deputy Foreign Minister Mikhail Bogdanov "
            "in Moscow. The meeting was also attended by Basem Naim. The Russian Foreign Ministry confirmed "
            "the meeting between Bogdanov and the delegation.")
    _, evs = run(res, text)
    e = only(evs, "CONSULT")
    assert has(e["actors"], "Hamas", "Bogdanov", "Naim")
    assert len(e["event"].evidence_more) == 2
    assert e["event"].date == "2024-01-19" and e["event"].date_source == "text"
    assert all(text[s.start:s.end] == s.text for s in e["event"].evidence_more)


def test_meetings_on_different_dates_stay_apart(res):
    text = "Sergei Lavrov met Khaled Mashal in Damascus in 2008. Lavrov met Mashal in Damascus in 2009."
    _, evs = run(res, text)
    assert len([e for e in evs if e["type"] == "CONSULT"]) == 2


def test_same_day_repeats_merge_but_other_parties_do_not(res):
    text = ("On Monday, Turkish President Recep Tayyip Erdogan met German Chancellor Olaf Scholz in Berlin. "
            "On Monday, Japan and India signed a trade agreement. "
            "On Monday, Turkish President Recep Tayyip Erdogan met German Chancellor Olaf Scholz in Berlin.")
    _, evs = run(res, text, published="2024-03-06")
    consult = [e for e in evs if e["type"] == "CONSULT"]
    assert len(consult) == 1 and len(consult[0]["event"].evidence_more) == 1


def test_joined_by_adds_an_actor(res):
    text = ("Representatives of Hamas met with Russian Deputy Foreign Minister Mikhail Bogdanov in Moscow on "
            "Thursday. The Hamas delegation was joined by Iranian Deputy Foreign Minister Ali Bagheri Kani.")
    _, evs = run(res, text, published="2023-10-27")
    e = only(evs, "CONSULT")
    assert has(e["actors"], "Hamas", "Bogdanov", "Bagheri")


def test_promise_that_others_will_pay_is_a_threat(res):
    _, evs = run(res, "On Wednesday, Amir Weitmann promised that the Russians will pay for their complacency.",
                 published="2023-10-26")
    e = only(evs, "THREATEN")
    assert has(e["actors"], "Weitmann") and list(e["event"].recipients) == ["RUS.CVL"]   # "the Russians"
    assert e["event"].date == "2023-10-25"
    assert not any(x["type"] == "AGREE" and x["polarity"] == "asserted" for x in evs)


def test_kidnap_and_take_hostage_are_abductions(res):
    for text in ("Al-Shabaab kidnapped two Kenyan teachers.", "Hamas took 250 hostages on October 7.",
                 "Al-Qaeda militants took two Austrians hostage in Tunisia."):
        _, evs = run(res, text)
        assert only(evs, "ASSAULT")["mode"] == "abduct", text


def test_call_on_x_to_y_is_a_request_to_x(res):
    _, evs = run(res, "The ministry of Israel called on Moscow to expel the Hamas leaders.")
    e = only(evs, "REQUEST")
    assert list(e["event"].recipients) == ["RUS.GOV"] and e["mode"] == "change"


def test_accuse_x_of_y_codes_the_accusation_not_the_act(res):
    _, evs = run(res, "Amnesty International accused the United States of ignoring international law.")
    e = only(evs, "ACCUSE")
    assert has(e["recipients"], "United States")
    assert not any(x["type"] == "REJECT" and x["polarity"] == "asserted" for x in evs)


# --- modes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, etype, mode", [
    ("China urged North Korea to release the fishermen.", "REQUEST", "yield"),
    ("Sudan appealed to Egypt to send food aid.", "REQUEST", "assist"),
    ("Japan proposed talks with North Korea.", "REQUEST", "meet"),
    ("Russia threatened to break relations with Moldova.", "THREATEN", "relations"),
    ("Turkey threatened to attack Kurdish fighters in Syria.", "THREATEN", "violence"),
    ("Israel threatened to arrest the Hamas leaders.", "THREATEN", "arrest"),
    ("Irish guerrillas wounded two British soldiers in a bomb attack.", "ASSAULT", "explosives"),
    ("Russian aircraft attacked a village in Herat.", "ASSAULT", "aerial"),
    ("Britain deployed warships to the Red Sea.", "MOBILIZE", "weapons"),
    ("Palestinian prisoners went on hunger strike in Israeli jails.", "PROTEST", "hunger"),
    ("The European Union imposed sanctions on Belarus.", "SANCTION", "discontinue"),
])
def test_mode_from_trigger_object_or_requested_act(res, text, etype, mode):
    _, evs = run(res, text)
    assert only(evs, etype)["mode"] == mode


def test_every_lexicon_mode_is_a_plover_mode():
    from eventwire.events.lexicon import PLOVER_MODES
    lex = load_lexicon()
    for e in lex.entries():
        assert e.mode is None or e.mode in PLOVER_MODES[e.type], (e.lemma, e.type, e.mode)
    assert PLOVER_MODES["ASSAULT"].count("targeted") == 1 and "massacre" not in PLOVER_MODES["ASSAULT"]


@pytest.mark.parametrize("body, message", [
    ("entries:\n- {lemma: slay, pos: VERB, type: ASSAULT, mode: massacre}\n", "modes of ASSAULT"),
    ("entries:\n- {lemma: aid, pos: VERB, type: AID, mode: null, context: [humanitarian]}\n", "not a PLOVER context"),
    ("mode_words:\n  MOBILIZE: {tanks: [tank]}\n", "not a mode"),
    ("words:\n  troop_wrods: [commandos]\n", "words: 'troop_wrods' is not a word list"),
    ("words:\n  troop_words: commandos\n", "words: 'troop_words' needs a list of words"),
    ("words: [commandos]\n", "words: expected a mapping"),
])
def test_lexicon_rejects_unknown_modes_contexts_and_word_lists(tmp_path, body, message):
    p = tmp_path / "bad.yaml"
    p.write_text(body, "utf-8")
    with pytest.raises(LexiconError, match=message) as e:
        load_lexicon([p])
    assert str(e.value).startswith(f"{p}: ")                       # the message names the file


# --- parties coded as PLOVER agents -------------------------------------------------------------

@pytest.mark.parametrize("text, etype, role, agent", [
    ("Israeli soldiers beat Palestinian detainees.", "ASSAULT", "actors", ("ISR", "MIL")),
    ("Israeli soldiers beat Palestinian detainees.", "ASSAULT", "recipients", ("PSE", "CVL")),
    ("Turkish police dispersed students in Ankara.", "COERCE", "actors", ("TUR", "COP")),
    ("The government of Sudan rejected the plan.", "REJECT", "actors", ("SDN", "GOV")),
    ("Opposition groups in Zimbabwe demanded new elections.", "REQUEST", "actors", ("ZWE", "OPP")),
    ("Some 800,000 Iraqi Kurds sought refuge in Germany.", "REQUEST", "actors", ("IRQ", "CVL")),
])
def test_country_and_group_noun_give_country_and_sector(res, text, etype, role, agent):
    r, evs = run(res, text)
    e = only(evs, etype)["event"]
    ids = getattr(e, role)
    actors = {a.id: a for a in r.actors}
    assert any((actors[i].country, actors[i].sector) == agent for i in ids), [(i, actors[i].sector) for i in ids]


def test_negated_agreement_is_a_rejection(res):
    _, evs = run(res, "Syria said it will not accept more refugees from Iraq.")
    assert only(evs, "REJECT")["actors"] == ["Syria"]


def test_vow_to_fight_is_a_threat(res):
    _, evs = run(res, "Hezbollah vowed to attack Israel.")
    e = only(evs, "THREATEN")
    assert e["mode"] == "violence" and e["recipients"] == ["Israel"]


def test_attempted_assassination_is_an_assault(res):
    _, evs = run(res, "Al-Qaeda militants tried to assassinate the president of Somalia.")
    assert only(evs, "ASSAULT")["mode"] == "targeted"


def test_what_is_demanded_has_not_happened(res):
    _, evs = run(res, "The ILO reiterated its demand that Israel ease restrictions on Palestinian workers.")
    assert not any(e["type"] == "CONCEDE" and e["polarity"] == "asserted" for e in evs)


def test_store_keeps_quad_size_and_evidence_more(res, tmp_path):
    from eventwire.store import connect
    from eventwire.store.sqlite import store_result
    text = ("On Friday, a Hamas delegation held talks with Mikhail Bogdanov in Moscow. The Russian Foreign "
            "Ministry confirmed the meeting between Bogdanov and the delegation. "
            "Russian troops killed three civilians in Kharkiv on Friday.")
    r = process(text, published="2024-01-19", resources=res)
    conn = connect(tmp_path / "t.db")
    store_result(conn, r)
    rows = {row["type"]: dict(row) for row in conn.execute("SELECT * FROM events")}
    assert rows["CONSULT"]["quad"] == 1
    assert len(__import__("json").loads(rows["CONSULT"]["evidence_more"])) == 1
    assert __import__("json").loads(rows["ASSAULT"]["size"]) == {"dead": 3}
    doc = result_json(r)
    assert {"quad", "size", "evidence_more"} <= set(doc["events"][0])


def test_attack_with_unnamed_attacker_keeps_its_victims(res):
    """PLOVER codes violence whose perpetrator the text does not name with an empty actor list."""
    r, evs = run(res, "Four Kenyan soldiers were killed in an ambush near the border on Tuesday.")
    e = only(evs, "ASSAULT")
    assert e["actors"] == [] and e["event"].recipients and e["event"].recipients[0].startswith("KEN")
    r, evs = run(res, "Officials said the weather had been unusually warm.")
    assert not evs                                   # no victims, no attacker: nothing to code


def test_country_adjective_spacy_missed_gives_the_group_its_country(res):
    r, evs = run(res, "Ghanaian authorities have deported 40 Nigerian traders.")
    e = only(evs, "COERCE")
    assert e["event"].actors == ("GHA.GOV",) and e["event"].recipients[0].startswith("NGA")


def test_short_demonyms_and_militias_give_country_and_sector(res):
    r, evs = run(res, "Serb militiamen attacked a Croat village on Sunday.")
    e = only(evs, "ASSAULT")
    assert e["event"].actors == ("SRB.MIL",)


@pytest.mark.parametrize("words,value", [("1.5 million", 1_500_000), ("two dozen", 24), ("a dozen", 12),
                                         ("half-dozen", 6), ("1,400", 1400), ("hundreds of thousands", 200_000),
                                         ("twenty-five", 25), ("three hundred", 300), ("tea", None)])
def test_parse_number(words, value):
    from eventwire.events.size import load_numbers, parse_number
    assert parse_number(words.split(), load_numbers()) == value


def test_restriction_with_no_named_target_is_aimed_at_the_place(res):
    r, evs = run(res, "Serbia lifted a night curfew in Montenegro on Sunday.")
    e = only(evs, "CONCEDE")
    assert e["event"].actors == ("SRB",) and e["event"].recipients == ("MNE",)
    r, evs = run(res, "Kenya imposed a curfew in Nairobi after the riots.")
    e = only(evs, "COERCE")
    assert e["event"].location.country == "KEN" and e["event"].recipients == ()   # its own country: no recipient


def test_light_verb_preposition_names_the_target(res):
    r, evs = run(res, "Judge Maria Lopez opened fraud investigations against 12 Peruvian government officials.")
    e = only(evs, "ACCUSE")
    assert e["event"].recipients == ("PER.GOV",)


# --- parties coded country + sector as PLOVER does ------------------------------------------

def _party_codes(r, ids) -> list[tuple]:
    by_id = {a.id: a for a in r.actors}
    return [(by_id[i].country, by_id[i].sector) if i in by_id else (None, None) for i in ids]


@pytest.mark.parametrize("text, etype, actors, recipients", [
    # a plural demonym standing alone: that country's people
    ("Kenya deported forty Somalis on Monday.", "COERCE", [("KEN", None)], [("SOM", "CVL")]),
    # a city as the target of force: its people; a capital as an agent: its government
    ("Rebels shelled Mogadishu on Sunday.", "ASSAULT", None, [("SOM", "CVL")]),
    ("Nairobi accused Kampala of arming the rebels.", "ACCUSE", [("KEN", "GOV")], [("UGA", "GOV")]),
    # bare group nouns take the country of where the event happens
    ("Police arrested dozens of protesters in Harare on Friday.", "COERCE", [("ZWE", "COP")], [("ZWE", "CVL")]),
    # a country adjective spaCy may tag as a name still gives the group its country
    ("President Abdou Diouf banned Senegalese opposition candidates from the vote.", "COERCE",
     None, [("SEN", "OPP")]),
])
def test_parties_by_country_and_sector(res, text, etype, actors, recipients):
    r, evs = run(res, text)
    e = only(evs, etype)["event"]
    if actors is not None:
        assert _party_codes(r, e.actors) == actors, text
    assert _party_codes(r, e.recipients) == recipients, text


def test_noun_trigger_names_the_event_its_verb_reports(res):
    _, evs = run(res, "A Basque car bombing killed three police officers in Bilbao.")
    e = only(evs, "ASSAULT")
    assert e["event"].trigger.text.endswith("bombing") and e["event"].recipients == ("ESP.COP",)


@pytest.mark.parametrize("text, etype, recipients", [
    # the parties a nominal object is aimed at, down a chain of 'of'
    ("Canada announced a suspension of flights with Belarus on Monday.", "SANCTION", [("BLR", None)]),
    ("Japan suspended part of an aid programme for Myanmar.", "SANCTION", [("MMR", None)]),
    # the object of the threatened act, through its prepositions
    ("The Georgian parliament threatened to cut ties with Armenia.", "THREATEN", [("ARM", None)]),
    # "unless X does": X is whom the threat is aimed at; a city that acts is its government
    ("Chile threatened to recall its envoy unless Lima apologised.", "THREATEN", [("PER", "GOV")]),
])
def test_recipients_of_nominal_objects_and_conditions(res, text, etype, recipients):
    r, evs = run(res, text)
    e = next(x["event"] for x in evs if x["type"] == etype and x["polarity"] == "asserted")
    assert _party_codes(r, e.recipients) == recipients, text


def test_conjoined_demonyms_share_the_group_noun(res):
    r, evs = run(res, "Senior Czech and Slovak negotiators agreed on a new border treaty.")
    e = only(evs, "AGREE")["event"]
    assert sorted(_party_codes(r, e.actors)) == [("CZE", "GOV"), ("SVK", "GOV")]


@pytest.mark.parametrize("text, recipient", [
    ("Students demonstrated in Dhaka in protest against the ban by the Bangladeshi government.", ("BGD", "GOV")),
    ("Farmers blocked roads near Lyon in defiance of French police.", ("FRA", "COP")),
    ("Protesters rallied in Manila to show their anger at the Chinese government's maritime policy.", ("CHN", "GOV")),
])
def test_protest_aimed_at_through_purpose_phrases(res, text, recipient):
    r, evs = run(res, text)
    e = next(x["event"] for x in evs if x["type"] == "PROTEST" and x["polarity"] == "asserted")
    assert recipient in _party_codes(r, e.recipients), text


def test_stated_intent_to_concede_is_agree(res):
    """CAMEO 03 / PLOVER AGREE: a party saying it is ready to ease a ban agrees to, and has not yet done, it."""
    _, evs = run(res, "President Ali Abdullah Saleh said he is prepared to lift the ban on the Yemeni Socialist Party.")
    assert any(e["type"] == "AGREE" and e["polarity"] == "asserted" and has(e["actors"], "Saleh") for e in evs)
    assert not any(e["type"] == "CONCEDE" and e["polarity"] == "asserted" for e in evs)


@pytest.mark.parametrize("text, etype, actors", [
    # a multi-word country naming a group: one party, the group
    ("Sri Lanka rebels rejected the Norwegian peace plan.", "REJECT", [("LKA", "REB")]),
    # who backs or occupies a party is not that party
    ("The Iranian-backed Houthi militia attacked a Saudi convoy.", "ASSAULT", [("YEM", "REB")]),
])
def test_party_spans_and_backers(res, text, etype, actors):
    r, evs = run(res, text)
    e = only(evs, etype)["event"]
    assert _party_codes(r, e.actors) == actors, text


@pytest.mark.parametrize("text, etype, role, code", [
    ("Georgian police detained twelve ethnic Armenians in Tbilisi on Monday.", "COERCE", "recipients", ("GEO", "CVL")),
    ("Ethnic Hungarians protested in Cluj against the new Romanian language law.", "PROTEST", "actors", ("ROU", "CVL")),
    ("Hungarians protested in Budapest against the new law.", "PROTEST", "actors", ("HUN", "CVL")),
])
def test_ethnic_group_coded_with_the_country_it_lives_in(res, text, etype, role, code):
    r, evs = run(res, text)
    e = next(x["event"] for x in evs if x["type"] == etype and x["polarity"] == "asserted")
    assert code in _party_codes(r, getattr(e, role)), text


def test_threatened_measure_in_a_city_aims_at_its_people(res):
    r, evs = run(res, "President Mohamed Bazoum threatened to impose a curfew in Niamey.")
    e = only(evs, "THREATEN")["event"]
    assert _party_codes(r, e.recipients) == [("NER", "CVL")]


@pytest.mark.parametrize("text, etype, actors", [
    ("Joseph Kony's Lord's Resistance Army threatened to attack Gulu.", "THREATEN", [("UGA", "REB")]),
    ("Bosnian Croats demanded a new constitution.", "REQUEST", [("BIH", "CVL")]),
    ("Ethiopian-led forces attacked Shabaab camps near Baidoa.", "ASSAULT", [("ETH", "MIL")]),
])
def test_one_party_for_possessor_leaders_peoples_and_led_forces(res, text, etype, actors):
    r, evs = run(res, text)
    e = next(x["event"] for x in evs if x["type"] == etype and x["polarity"] == "asserted")
    assert _party_codes(r, e.actors) == actors, text


def test_nominal_participle_is_no_trigger(res):
    _, evs = run(res, "Turkish helicopters evacuated the wounded from Afrin to Kilis.")
    assert not any(e["type"] == "ASSAULT" for e in evs)
    _, evs = run(res, "Turkish troops wounded two Kurdish fighters near Afrin.")
    assert any(e["type"] == "ASSAULT" and e["polarity"] == "asserted" for e in evs)


def test_country_and_its_own_group_are_one_party(res):
    r, evs = run(res, "UN helicopters evacuated families from the besieged Syrian city of Homs.")
    e = next(x["event"] for x in evs if x["polarity"] == "asserted" and x["event"].recipients)
    assert _party_codes(r, e.recipients) == [("SYR", "CVL")]


def test_two_word_demonym_split_by_the_model_and_shared_group_noun(res):
    r, evs = run(res, "Thai soldiers beat dozens of Sri Lankan and Burmese migrants near Mae Sot.")
    e = next(x["event"] for x in evs if x["type"] == "ASSAULT" and x["polarity"] == "asserted")
    assert sorted(_party_codes(r, e.recipients)) == [("LKA", "REF"), ("MMR", "REF")]


def test_refusal_despite_pressure_is_aimed_at_who_presses(res):
    r, evs = run(res, "North Korea refused to halt its missile tests despite Chinese pressure.")
    e = only(evs, "REJECT")["event"]
    assert _party_codes(r, e.recipients) == [("CHN", None)]


def test_acting_on_a_protest_acts_on_its_holders(res):
    r, evs = run(res, "Iranian police prevented the demonstration organised by students at Tehran University in Tehran.")
    e = only(evs, "COERCE")["event"]
    assert _party_codes(r, e.recipients) == [("IRN", "EDU")]


def test_protest_calling_for_removal_is_aimed_at_who_is_to_go(res):
    r, evs = run(res, "Thousands of Zimbabweans marched in Harare demanding the resignation of President Robert Mugabe.")
    e = only(evs, "PROTEST")["event"]
    assert _party_codes(r, e.recipients) == [("ZWE", "GOV")]


def test_protest_denouncing_abuses_is_aimed_at_their_agent(res):
    r, evs = run(res, "Hundreds of Ugandans marched in Kampala to condemn the killings committed by Ugandan soldiers.")
    e = only(evs, "PROTEST")["event"]
    assert _party_codes(r, e.recipients) == [("UGA", "MIL")]


def test_purpose_phrase_names_the_recipient(res):
    r, evs = run(res, "Ecuador mobilized its reserves for a possible war against Peru.")
    e = only(evs, "MOBILIZE")["event"]
    assert _party_codes(r, e.recipients) == [("PER", None)]
    r, evs = run(res, "Hungary mobilized reservists ahead of a possible confrontation with Romania.")
    e = only(evs, "MOBILIZE")["event"]
    assert _party_codes(r, e.recipients) == [("ROU", None)]
    r, evs = run(res, "The Kenyan government has reneged on its commitment to Somali refugees.")
    e = only(evs, "REJECT")["event"]
    assert _party_codes(r, e.recipients) == [("SOM", "REF")]


def test_concession_after_talks_is_made_to_the_other_side(res):
    r, evs = run(res, "Kenyan nurses called off a three-week strike after talks with the Kenyan health ministry.")
    e = only(evs, "CONCEDE")["event"]
    assert [c for c, _ in _party_codes(r, e.recipients)] == ["KEN"]


def test_pronoun_of_a_reported_clause_is_a_located_group(res):
    r, evs = run(res, "Rebels in Mali said they had attacked an army convoy near Gao.")
    e = only(evs, "ASSAULT")["event"]
    assert _party_codes(r, e.actors) == [("MLI", "REB")]


def test_unknown_office_holder_takes_the_sentences_only_country(res):
    r, evs = run(res, "President Mamadou Tandjaa rejected an appeal from Nigerien opposition parties to resign.")
    e = only(evs, "REJECT")["event"]
    assert _party_codes(r, e.actors) == [("NER", "GOV")]
    r, evs = run(res, "President Mamadou Tandjaa rejected an appeal from Nigerian and Beninese officials to resign.")
    e = only(evs, "REJECT")["event"]
    assert [c for c, _ in _party_codes(r, e.actors)] == [None]     # two countries: which one, the text does not say


def test_dangling_preposition_takes_the_misparsed_subject_after_it(res):
    r, evs = run(res, "Brazil granted asylum to three Bolivian army officers hiding in its embassy.")
    e = only(evs, "AID")["event"]
    assert _party_codes(r, e.recipients) == [("BOL", "MIL")]


def test_conjoined_located_group_is_a_second_party(res):
    r, evs = run(res, "France said the Malian government and the rebels in Niger must sign a peace deal.")
    e = only(evs, "REQUEST")["event"]
    assert sorted(_party_codes(r, e.recipients)) == [("MLI", "GOV"), ("NER", "REB")]


def test_refusing_an_act_in_a_country_is_aimed_at_that_country(res):
    r, evs = run(res, "Egypt has refused to station soldiers in Libya.")
    e = only(evs, "REJECT")["event"]
    assert _party_codes(r, e.recipients) == [("LBY", None)]


def test_refuge_sought_in_a_country(res):
    r, evs = run(res, "Thousands of Syrian families sought asylum in Turkey.")
    e = only(evs, "REQUEST")["event"]
    assert _party_codes(r, e.recipients) == [("TUR", None)]
    r, evs = run(res, "Thousands of Syrian families sought refuge in Gaziantep.")
    e = only(evs, "REQUEST")["event"]
    assert _party_codes(r, e.recipients) == []                    # a city is where, not whom


def test_group_based_in_a_place_takes_its_country(res):
    r, evs = run(res, "A newspaper based in Nairobi has violated a ban by the Kenyan government.")
    e = only(evs, "REJECT")["event"]
    assert _party_codes(r, e.actors) == [("KEN", "JRN")]
    assert _party_codes(r, e.recipients) == [("KEN", "GOV")]


def test_defied_directive_is_aimed_at_who_gave_it(res):
    r, evs = run(res, "Zimbabwean farmers violated a curfew by the Zimbabwean police.")
    e = only(evs, "REJECT")["event"]
    assert _party_codes(r, e.recipients) == [("ZWE", "COP")]


def test_alleged_acts_listed_after_an_accusation_are_not_asserted(res):
    _, evs = run(res, "Human Rights Watch accused Egypt of torturing detainees, ignoring court rulings and silencing journalists.")
    assert not any(e["type"] == "REJECT" and e["polarity"] == "asserted" for e in evs)
    assert only(evs, "ACCUSE")["actors"]


def test_possessed_commitment_under_a_preposition_is_the_subjects(res):
    r, evs = run(res, "The Kenyan government has reneged on its commitment to Somali refugees.")
    e = only(evs, "AGREE", polarity="negated")["event"]       # reneged on: taken back, as "abandoned"
    assert ("KEN", "GOV") in _party_codes(r, e.actors)
    assert ("KEN", "GOV") in _party_codes(r, only(evs, "REJECT")["event"].actors)


def test_nominal_trigger_last_in_an_object_list_shares_the_verbs_subject(res):
    r, evs = run(res, "Ethiopian forces launched tank, mortar, and rocket fire against Eritrean army positions near Badme.")
    e = only(evs, "ASSAULT")["event"]
    assert _party_codes(r, e.actors) == [("ETH", "MIL")] and _party_codes(r, e.recipients) == [("ERI", "MIL")]


def test_fighters_demobilized_stand_down_themselves(res):
    r, evs = run(res, "Hundreds of Angolan rebels were demobilized in Huambo last week.")
    e = only(evs, "RETREAT")["event"]
    assert _party_codes(r, e.actors) == [("AGO", "REB")]
    _, evs = run(res, "Hundreds of Angolan rebels were disarmed by Angolan troops in Huambo.")
    assert not any(e["type"] == "RETREAT" and ("AGO", "REB") in _party_codes(r, e["event"].actors) for e in evs)


def test_protest_named_by_a_phrase_of_time_is_held_by_the_clauses_civilians(res):
    r, evs = run(res, "Tunisian students threw stones during demonstrations against the Tunisian government.")
    e = only(evs, "PROTEST")["event"]
    assert _party_codes(r, e.actors) == [("TUN", "EDU")] and _party_codes(r, e.recipients) == [("TUN", "GOV")]
    _, evs = run(res, "Tunisian police fired tear gas during demonstrations against the Tunisian government.")
    assert not any(e["type"] == "PROTEST" and e["actors"] for e in evs)     # the police do not protest


def test_stateless_people_take_the_country_they_are_in(res):
    r, evs = run(res, "Iranian artillery shelled Kurdish rebel camps in northern Iraq.")
    e = only(evs, "ASSAULT")["event"]
    assert _party_codes(r, e.recipients) == [("IRQ", "REB")]
    r, evs = run(res, "Syrian troops held dozens of Kurdish villagers as human shields.")   # the one country named
    e = only(evs, "COERCE")["event"]
    assert [c for c, _ in _party_codes(r, e.recipients)] == ["SYR"]


def test_faith_adjective_is_not_placed(res):
    r, evs = run(res, "Egyptian police arrested dozens of Christian activists in Cairo.")
    e = only(evs, "COERCE")["event"]
    assert [c for c, _ in _party_codes(r, e.recipients)] == [None]


def test_more_group_nouns_name_their_sector(res):
    r, evs = run(res, "Chilean dockworkers staged a strike in Valparaiso.")
    e = only(evs, "PROTEST")["event"]
    assert _party_codes(r, e.actors) == [("CHL", "LAB")]


def test_supporters_of_a_leader_out_of_power_are_the_opposition(res):
    r, evs = run(res, "Supporters of former President Robert Mugabe blocked roads in the capital city of Harare.")
    e = only(evs, "PROTEST")["event"]
    assert _party_codes(r, e.actors) == [("ZWE", "OPP")]
    assert _party_codes(r, e.recipients) == [("ZWE", "GOV")]            # the capital: the government there
    r, evs = run(res, "Supporters of Robert Mugabe blocked roads in Bulawayo.")
    e = only(evs, "PROTEST")["event"]
    assert _party_codes(r, e.recipients) == []                           # another city: where, not whom


def test_coercion_placed_in_a_city_is_aimed_at_its_people(res):
    r, evs = run(res, "The United Nations suspended food deliveries in Mogadishu on Monday.")
    e = only(evs, "SANCTION")["event"]
    assert _party_codes(r, e.recipients) == [("SOM", "CVL")]


def test_strike_that_shuts_a_city_is_aimed_at_its_authorities(res):
    r, evs = run(res, "Opposition parties in Bangladesh organized a general strike that shut down Dhaka.")
    e = only(evs, "PROTEST")["event"]
    assert _party_codes(r, e.recipients) == [("BGD", "GOV")]


def test_unknown_body_is_placed_by_its_city_or_by_in_country(res):
    r, evs = run(res, "Swiss doctors delivered medicine to Kabul University Hospital.")
    e = only(evs, "AID")["event"]
    assert [c for c, _ in _party_codes(r, e.recipients)] == ["AFG"]
    r, evs = run(res, "UN inspectors visited the Yongbyon Nuclear Research Centre (YNRC) in northern North Korea.")
    ents = {a.name: a for a in r.actors}
    assert ents["Yongbyon Nuclear Research Centre"].country == "PRK"


def test_websites_are_media(res):
    r, evs = run(res, "Russian hackers defaced hundreds of Estonian Web sites.")
    e = next(x["event"] for x in evs if x["polarity"] == "asserted" and x["event"].recipients)
    assert _party_codes(r, e.recipients) == [("EST", "JRN")]


def test_office_holders_country_ignores_who_reports_it(res):
    r, evs = run(res, "President Mamadou Tandjaa rejected an appeal from Nigerien opposition parties, a French embassy spokesman said.")
    e = only(evs, "REJECT")["event"]
    assert _party_codes(r, e.actors) == [("NER", "GOV")]


def test_group_in_a_region_takes_the_regions_country(res):
    r, evs = run(res, "Police in Balochistan arrested twelve protesters.")
    assert _party_codes(r, only(evs, "COERCE")["event"].actors) == [("PAK", "COP")]
    r, evs = run(res, "The government of Xinjiang region banned public gatherings.")   # "<name> region"
    assert _party_codes(r, only(evs, "COERCE")["event"].actors) == [("CHN", "GOV")]


def test_indirect_object_is_the_recipient(res):
    r, evs = run(res, "Sweden granted Ethiopia 15 million euros in drought aid.")
    assert _party_codes(r, only(evs, "AID")["event"].recipients) == [("ETH", None)]
    r, evs = run(res, "Qatar will give Lebanon a loan of 50 million dollars.")      # the promise: both parties
    assert sorted(_party_codes(r, only(evs, "AGREE")["event"].actors)) == [("LBN", None), ("QAT", None)]


def test_refugees_fleeing_a_place_are_its_refugees(res):
    r, evs = run(res, "The Red Cross delivered medicine to refugees fleeing the violence in Myanmar.")
    assert _party_codes(r, only(evs, "AID")["event"].recipients) == [("MMR", "REF")]
    r, evs = run(res, "Greek police detained migrants fleeing the war in Syria.")
    assert _party_codes(r, only(evs, "COERCE")["event"].recipients) == [("SYR", "REF")]


def test_former_office_holder_is_an_elite(res):
    r, evs = run(res, "A Chilean judge ordered former president Augusto Pinochet to appear in court.")
    assert _party_codes(r, only(evs, "REQUEST")["event"].recipients) == [("CHL", "ELI")]
    r, evs = run(res, "Former President Dmitry Medvedev met Hamas leaders in Moscow.")   # in another office now
    assert ("RUS", "GOV") in _party_codes(r, only(evs, "CONSULT")["event"].actors)


def test_generic_body_takes_its_modifiers_sector(res):
    r, evs = run(res, "The Indian government banned a militant organization in Kashmir.")
    assert _party_codes(r, only(evs, "COERCE")["event"].recipients) == [("IND", "REB")]


def test_group_from_a_body_of_a_country_is_that_countrys(res):
    r, evs = run(res, "Nurses from three Canadian charities delivered medicine to a hospital in Gaza.")
    assert _party_codes(r, only(evs, "AID")["event"].actors) == [("CAN", "MED")]


def test_faith_group_keeps_its_sector_without_a_country(res):
    r, evs = run(res, "Christian militants attacked a police station in Jos.")
    assert _party_codes(r, only(evs, "ASSAULT")["event"].actors) == [(None, "REB")]


def test_act_an_appeal_asks_for_is_not_asserted(res):
    r, evs = run(res, "The rebels dismissed an appeal from Kabul to lay down their arms.")
    assert not any(e["type"] == "RETREAT" and e["polarity"] == "asserted" for e in evs)
    only(evs, "REQUEST")


def test_word_of_an_organisations_name_is_no_party(res):
    r, evs = run(res, "Pakistan has been sharing expertise with the Liberation Tigers of Tamil Eelam according to a report.")
    ev = [e["event"] for e in evs if e["polarity"] == "asserted"]
    assert ev and not any(c == (None, None) for e in ev for c in _party_codes(r, e.actors + e.recipients))


def test_reneging_on_a_commitment_negates_it(res):
    r, evs = run(res, "The Ethiopian government reneged on its pledge to the Oromo opposition.")
    only(evs, "REJECT")
    assert not any(e["type"] == "AGREE" and e["polarity"] == "asserted" for e in evs)


def test_dispersing_with_tear_gas_is_one_crowd_control_assault(res):
    r, evs = run(res, "Togolese police used tear gas to disperse students in Lome.")
    only(evs, "ASSAULT")
    assert not any(e["type"] == "COERCE" and e["polarity"] == "asserted" for e in evs)


def test_bare_group_acted_on_by_a_located_group_is_of_its_country(res):
    r, evs = run(res, "Police in Kashmir detained twelve students.")
    e = only(evs, "COERCE")["event"]
    assert _party_codes(r, e.actors) == [("IND", "COP")] and _party_codes(r, e.recipients) == [("IND", "EDU")]


def test_counterpart_of_a_promised_act_is_a_party_of_the_promise(res):
    r, evs = run(res, "Chile offered to negotiate with Bolivia over the border.")
    assert sorted(_party_codes(r, only(evs, "AGREE")["event"].actors)) == [("BOL", None), ("CHL", None)]


def test_congolese_is_dr_congo(res):
    r, evs = run(res, "Rwandan troops attacked Congolese villagers near Goma.")
    assert _party_codes(r, only(evs, "ASSAULT")["event"].recipients) == [("COD", "CVL")]


def test_forces_preparing_to_attack_mobilize(res):
    r, evs = run(res, "Ethiopian troops were preparing to shell Eritrean positions near Badme.")
    e = only(evs, "MOBILIZE")
    assert e["mode"] == "weapons" and _party_codes(r, e["event"].actors) == [("ETH", "MIL")]
    assert not any(x["type"] == "ASSAULT" and x["polarity"] == "asserted" for x in evs)
    _, evs = run(res, "Chad prepared to resume talks with the rebels.")
    assert not any(x["type"] == "MOBILIZE" for x in evs)
    _, evs = run(res, "The Eritrean army was not preparing to shell Ethiopian towns.")
    assert not any(x["type"] == "MOBILIZE" for x in evs)


def test_first_level_regions_place_their_civilians(res):
    r, evs = run(res, "Eritrean soldiers killed nine civilians in Oromia.")
    assert _party_codes(r, only(evs, "ASSAULT")["event"].recipients) == [("ETH", "CVL")]
    r, evs = run(res, "Rebels attacked villagers in North Kivu.")
    assert ("COD", "CVL") in _party_codes(r, only(evs, "ASSAULT")["event"].recipients)


def test_commercial_vessels_and_firms_of_a_nationality_are_its_business(res):
    r, evs = run(res, "Venezuela seized a Liberian tanker off its coast.")
    assert _party_codes(r, only(evs, "COERCE")["event"].recipients) == [("LBR", "BUS")]
    r, evs = run(res, "Houthi rebels attacked a Greek freighter in the Red Sea.")
    assert ("GRC", "BUS") in _party_codes(r, only(evs, "ASSAULT")["event"].recipients)


def test_unnamed_office_holder_of_a_nationality_is_its_government(res):
    r, evs = run(res, "The Austrian chancellor criticised Hungary.")
    assert _party_codes(r, only(evs, "ACCUSE")["event"].actors) == [("AUT", "GOV")]
    r, evs = run(res, "The Thai premier welcomed Cambodia's offer.")
    assert ("THA", "GOV") in _party_codes(r, [a for e in evs for a in e["event"].actors])


def test_rejected_demand_from_a_bare_group_is_that_group_of_the_rejecter(res):
    r, evs = run(res, "The Bolivian government dismissed demands from miners' unions.")
    assert _party_codes(r, only(evs, "REJECT")["event"].recipients) == [("BOL", "LAB")]
    r, evs = run(res, "The Bolivian government rejected demands from striking miners.")
    assert _party_codes(r, only(evs, "REJECT")["event"].recipients) == [("BOL", "LAB")]


def test_inquiry_into_someone_makes_them_the_recipient(res):
    r, evs = run(res, "Chilean prosecutors launched an inquiry into former senator Jaime Orpis.")
    e = only(evs, "ACCUSE")
    assert e["mode"] == "investigate" and _party_codes(r, e["event"].recipients) == [("CHL", "ELI")]


def test_town_troops_withdraw_from_or_deploy_to_is_a_place_not_a_party(res):
    r, evs = run(res, "Iraqi troops withdrew from the city of Tikrit.")
    assert only(evs, "RETREAT")["event"].recipients == ()
    r, evs = run(res, "Chad's army deployed more soldiers to the town of Abeche.")
    assert only(evs, "MOBILIZE")["event"].recipients == ()
    r, evs = run(res, "Russia withdrew its troops from Syria.")
    assert _party_codes(r, only(evs, "RETREAT")["event"].recipients) == [("SYR", None)]


@pytest.mark.parametrize("text, etype, mode, actors, recipients, place", [
    ("Police fired on protesters in Nairobi.", "ASSAULT", "firearms", ("KEN.COP",), ("KEN.CVL",), "Nairobi"),
    ("Police fired tear gas at protesters in Nairobi.", "ASSAULT", "crowd-control", ("KEN.COP",), ("KEN.CVL",),
     "Nairobi"),
    ("Soldiers opened fire on demonstrators in Khartoum.", "ASSAULT", "firearms", ("SDN.MIL",), ("SDN.CVL",),
     "Khartoum"),
    ("Security forces fired on demonstrators at a rally in Khartoum, killing three.", "ASSAULT", "firearms",
     ("SDN.COP",), ("SDN.CVL",), "Khartoum"),
    ("Troops arrested 13 suspects in a raid near Cairo on Friday.", "COERCE", "arrest", ("EGY.MIL",), ("EGY.CVL",),
     "Cairo"),
    ("Police arrested members of the opposition party in Dhaka.", "COERCE", "arrest", ("BGD.COP",), ("BGD.OPP",),
     "Dhaka"),
])
def test_where_the_target_is_and_whom_it_is_aimed_at(res, text, etype, mode, actors, recipients, place):
    """Unnamed forces and their targets are coded as the groups of the country where it happens, and
    that place is read where the text gives it: after the target ('protesters in Nairobi', 'members of
    the party in Dhaka') or after the operation or gathering the event took place in ('in a raid near
    Cairo', 'at a rally in Khartoum'); the object beats the particle in choosing the mode."""
    e = only(run(res, text)[1], etype)["event"]
    assert (e.mode, e.actors, e.recipients, e.location.name if e.location else None) == (mode, actors, recipients,
                                                                                       place)


def test_a_social_party_is_not_a_political_one(res):
    """'the office Christmas party': a noun before 'party' that names no sector makes it a gathering."""
    evs = run(res, "Police raided the office Christmas party of the firm in Dhaka.")[1]
    assert not any("BGD.PTY" in e["event"].recipients for e in evs)
    raid = only(run(res, "Police raided the offices of the ruling party in Dhaka.")[1], "COERCE")["event"]
    assert raid.recipients == ("BGD.PTY",) and raid.location.name == "Dhaka"


def test_a_when_clause_tells_where_and_how(res):
    """'were killed when a car bomb exploded near a market in Mogadishu': the place and the means of the
    killing are in the when-clause; the killed are the people of where it happened."""
    e = only(run(res, "At least 12 people were killed when a car bomb exploded near a market in Mogadishu.")[1],
             "ASSAULT")["event"]
    assert (e.mode, e.actors, e.recipients, e.location.name) == ("explosives", (), ("SOM.CVL",), "Mogadishu")


def test_passive_participles_joined_share_voice_and_agent(res):
    """'X was shot and killed': X is killed, not a killer; 'were captured and taken ... by Hamas': the
    agent of one passive is the agent of the other."""
    evs = run(res, "Horton was shot and killed in October 2011 when gunfire erupted outside.")[1]
    assert all(not e["event"].actors for e in evs if e["type"] == "ASSAULT")
    e = only(run(res, "Two Israeli soldiers were captured and taken to Gaza by Hamas.")[1], "COERCE")
    assert e["actors"] == ["Hamas"] and e["event"].recipients == ("ISR.MIL",)
    e = only(run(res, "The teenager was shot and killed by police in Athens.")[1], "ASSAULT")["event"]
    assert e.actors == ("GRC.COP",)


def test_aid_to_the_people_of_a_place(res):
    """'delivered supplies to earthquake victims in Turkey': the victims are Turkey's civilians."""
    e = only(run(res, "The UN delivered supplies to earthquake victims in Turkey.")[1], "AID")["event"]
    assert e.recipients == ("TUR.CVL",) and e.location.name == "Turkey"


def test_crowd_control_weapons_give_the_mode(res):
    """'used water cannon to disperse ...' is an ASSAULT with crowd-control (PLOVER: an explicit crowd-control
    weapon or tactic), not heavy weapons for 'cannon' and not a COERCE for 'disperse'."""
    e = only(run(res, "Kenyan police used water cannon to disperse opposition supporters in Kisumu.")[1],
             "ASSAULT")["event"]
    assert (e.mode, e.actors, e.recipients, e.location.name) == ("crowd-control", ("KEN.COP",), ("KEN.OPP",),
                                                                 "Kisumu")


@pytest.mark.parametrize("text, etype, mode, actors, recipients, place", [
    ("Thousands of workers went on strike in Buenos Aires to demand higher wages.", "PROTEST", "strike",
     ("ARG.LAB",), (), "Buenos Aires"),
    ("Thousands of teachers staged a protest in Nairobi on Monday.", "PROTEST", "demo", ("KEN.EDU",), (), "Nairobi"),
    ("Gunmen kidnapped 30 students from a school in northern Nigeria.", "ASSAULT", "abduct", ("NGA.UAF",),
     ("NGA.EDU",), "Nigeria"),
])
def test_groups_of_the_place_the_text_names_later(res, text, etype, mode, actors, recipients, place):
    """The place after the noun a verb's particle takes ('went on strike in X'), after a light verb's noun
    ('staged a protest in X') or after where the targets were taken from ('from a school in X') makes the
    unnamed groups that country's."""
    e = only(run(res, text)[1], etype)["event"]
    assert (e.mode, e.actors, e.recipients, e.location.name) == (mode, actors, recipients, place)


@pytest.mark.parametrize("text, recipients", [
    ("Rebels ambushed a military convoy in eastern Congo, killing 15 soldiers.", ("COD.MIL",)),
    ("Taliban fighters attacked an army base in Kandahar.", ("AFG.MIL",)),
    ("Gunmen attacked a refugee camp in Ituri.", ("COD.REF",)),
])
def test_a_force_named_by_its_unit(res, text, recipients):
    """'a military convoy', 'an army base', 'a refugee camp': the unit or site stands for the group its
    modifier names (lexicon `unit_nouns`), of the country where it is."""
    e = only(run(res, text)[1], "ASSAULT")["event"]
    assert e.recipients == recipients


def test_a_planned_rally_of_a_located_group(res):
    """'The opposition plans to hold a rally in Harare': the group is the subject of the verb the plan
    hangs from, of the country where the rally will be; the rally is proposed, not asserted."""
    e = only(run(res, "The opposition plans to hold a rally in Harare on Saturday.")[1], "PROTEST", None)
    assert (e["polarity"], e["event"].actors, e["event"].location.name) == ("proposed", ("ZWE.OPP",), "Harare")

"""The event stage (events/frames.py, events/lexicon.py) through the real pipeline.

Self-contained: every text is written here; the spaCy model, the actor KB and the
packaged lexicons are loaded once for the module.
"""
from __future__ import annotations

import dataclasses

import pytest

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
    _, evs = run(res, "Protesters in Baghdad staged a rally against the United States.")
    e = only(evs, "PROTEST")
    assert e["actors"] == ["Iraq"] and e["recipients"] == ["United States"]


def test_accuse_has_recipient(res):
    _, evs = run(res, "Israel accused Russia of supporting Hamas.")
    e = only(evs, "ACCUSE")
    assert e["actors"] == ["Israel"] and e["recipients"] == ["Russia"]


def test_request_called_on_x_to(res):
    _, evs = run(res, "The Israeli Foreign Ministry called on Moscow to expel the Hamas leaders.")
    e = only(evs, "REQUEST")
    assert has(e["actors"], "Foreign Ministry") and e["recipients"] == ["Russia"] and e["mode"] == "change"
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


def test_party_announcing_a_future_retreat_is_a_concession(res):
    _, evs = run(res, "Britain said it will withdraw its troops from Iraq.")
    future = only(evs, "RETREAT", polarity="future")
    assert future["reported_by"] == future["actors"][0]
    e = only(evs, "CONCEDE")
    assert e["actors"] == future["actors"]
    assert e["recipients"] == ["Iraq"] and e["event"].date_source == "published"


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
    text = "Russia snubbed Hamas."
    _, before = run(res, text)
    assert not any(e["type"] == "REJECT" for e in before)
    p = tmp_path / "mine.yaml"
    p.write_text("entries:\n- {lemma: snub, pos: VERB, type: REJECT, mode: null, cameo: '12'}\n", "utf-8")
    lex = load_lexicon([p])
    assert "meet" in lex.verbs and "snub" in lex.verbs           # the packaged entries are still there
    mine = dataclasses.replace(res, lexicon=lex)
    _, after = run(res, text, resources=mine)
    e = only(after, "REJECT")
    assert e["actors"] == ["Russia"] and has(e["recipients"], "Hamas") and e["event"].cameo == "12"

"""Claims: counted numbers with range, qualifier, subject, date and source (eventwire.claims).

Every sentence here is written for these tests (none comes from the seed articles)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import annotate as ann
from eventwire.claims import find_claims, load_vocabulary
from eventwire.pipeline import process
from eventwire.records import Claim, Dropped
from eventwire.timex import find_times

PUBLISHED = "2024-03-05"                    # a Tuesday


def claims_of(resources, text: str, published: str | None = PUBLISHED) -> list[Claim]:
    """The claims the whole pipeline finds in a text; each one's offsets checked."""
    out = list(process(text, published=published, resources=resources).claims)
    for c in out:
        assert text[c.start:c.end] == c.text
        if c.number is not None:
            assert text[c.number.start:c.number.end] == c.number.text
        if c.subject_span is not None:
            assert text[c.subject_span.start:c.subject_span.end] == c.subject_span.text
    return out


def only(resources, text: str, what: str, published: str | None = PUBLISHED) -> Claim:
    """The one claim of a text, which must count `what`."""
    found = claims_of(resources, text, published)
    assert [c.what for c in found] == [what], [(c.what, c.subject, c.low, c.high, c.text) for c in found]
    return found[0]


# --------------------------------------------------------------------------- number forms and qualifiers

@pytest.mark.parametrize("text, low, high, qualifier, number", [
    ("Gunmen killed 20 villagers near the border.", 20, 20, "exact", "20"),
    ("At least 156 people were killed in the blast.", 156, None, "at least", "At least 156"),
    ("No fewer than 12 soldiers were killed.", 12, None, "at least", "No fewer than 12"),
    ("More than 300 protesters were arrested by police.", 301, None, "more than", "More than 300"),
    ("Police said more that 70 people had been arrested.", 71, None, "more than", "more that 70"),
    ("Troops detained over a thousand people.", 1001, None, "more than", "over a thousand"),
    ("Upwards of 5,000 people were evacuated.", 5001, None, "more than", "Upwards of 5,000"),
    ("Fewer than 10 people were hurt in the crash.", None, 9, "fewer than", "Fewer than 10"),
    ("Up to 40 soldiers were wounded.", None, 40, "up to", "Up to 40"),
    ("As many as 300 families were displaced.", None, 300, "up to", "As many as 300"),
    ("Police detained about 50 demonstrators.", 45, 55, "about", "about 50"),
    ("Authorities evacuated some 12,000 residents.", 10800, 13200, "about", "some 12,000"),
    ("An estimated 220 people were abducted.", 198, 242, "estimated", "An estimated 220"),
    ("Nearly 2,000 villagers were evacuated.", 1800, 2000, "nearly", "Nearly 2,000"),
    ("The fighting has displaced 300 or more families.", 300, None, "at least", "300 or more"),
    ("Twenty-five miners remain missing.", 25, 25, "exact", "Twenty-five"),
    ("The storm displaced 1.5 million people.", 1500000, 1500000, "exact", "1.5 million"),
    ("The fire injured a dozen firefighters.", 10, 14, "about", "a dozen"),
    ("Police detained two dozen students.", 21, 27, "about", "two dozen"),
    ("The militia freed half a dozen hostages.", 5, 7, "about", "half a dozen"),
    ("The militia freed a half-dozen hostages.", 5, 7, "about", "half-dozen"),
    ("Dozens of villagers were abducted by gunmen.", 24, 99, "dozens", "Dozens"),
    ("Scores of protesters were injured.", 40, 99, "scores", "Scores"),
    ("Police arrested hundreds in the capital.", 200, 999, "hundreds", "hundreds"),
    ("Thousands of demonstrators rallied in the capital.", 2000, 9999, "thousands", "Thousands"),
    ("Tens of thousands of demonstrators marched.", 20000, 99999, "tens of thousands", "Tens of thousands"),
    ("Hundreds of thousands of people marched.", 200000, 999999, "hundreds of thousands", "Hundreds of thousands"),
    ("Several hundred workers were detained.", 300, 999, "several hundred", "Several hundred"),
    ("Nearly half a million people fled to Poland.", 450000, 500000, "nearly", "Nearly half a million"),
])
def test_number_forms_and_qualifiers(resources, text, low, high, qualifier, number):
    found = claims_of(resources, text)
    assert len(found) == 1, [(c.what, c.text) for c in found]
    c = found[0]
    assert (c.low, c.high, c.qualifier) == (low, high, qualifier)
    assert c.number is not None and c.number.text == number


def test_ordinal_time_counts_meetings_and_visits(resources):
    c = only(resources, "It was the second time this month that the two presidents had met.", "meetings")
    assert (c.low, c.high, c.qualifier) == (2, 2, "ordinal")
    assert "presidents" in c.subject
    v = only(resources, "The president visited Paris for the third time in June.", "visits")
    assert (v.low, v.high, v.qualifier) == (3, 3, "ordinal")
    assert v.subject == "president to Paris"


# --------------------------------------------------------------------------- what is counted

@pytest.mark.parametrize("text, what, subject, count_type", [
    ("Gunmen killed 20 villagers near the border.", "killed", "villagers", "KILL"),
    ("Four journalists died in the shelling.", "killed", "journalists", "KILL"),
    ("The death toll rose to 45.", "killed", "people", "KILL"),
    ("The blast left 12 dead.", "killed", "people", "KILL"),
    ("Among the dead were three teachers.", "killed", "teachers", "KILL"),
    ("The explosion wounded 14 passengers.", "injured", "passengers", "WOUND"),
    ("Bandits abducted 30 schoolchildren.", "kidnapped", "schoolchildren", "KIDNAP"),
    ("The group holds 120 hostages.", "held_hostage", "hostages", "KIDNAP"),
    ("Rebels have held 40 aid workers captive.", "held_hostage", "aid workers", "KIDNAP"),
    ("The kidnappers released eight hostages.", "released", "hostages", None),
    ("Officers arrested 35 demonstrators.", "arrested", "demonstrators", "ARREST"),
    ("The floods displaced 8,000 families.", "displaced", "families", "AFFECT"),
    ("Rescuers evacuated 600 residents.", "evacuated", "residents", "AFFECT"),
    ("Three fishermen remain missing.", "missing", "fishermen", "AFFECT"),
    ("About 5,000 students marched through the city.", "protesters", "students", "PROTEST"),
    ("Police said about 3,000 people attended the rally.", "protesters", "people", "PROTEST"),
    ("More than 50,000 people joined the protests on Sunday.", "protesters", "people", "PROTEST"),
    ("The alliance deployed 3,000 troops to the region.", "troops", "troops", None),
    ("Customs officers seized 40 rifles.", "seized", "rifles", "SEIZE"),
    ("Soldiers captured 12 fighters.", "captured", "fighters", "KIDNAP"),
    ("The government expelled two diplomats.", "deported", "diplomats", "AFFECT"),
])
def test_what_classes(resources, text, what, subject, count_type):
    c = only(resources, text, what)
    assert c.subject == subject
    assert c.count_type == count_type


def test_attending_a_conference_is_no_protest(resources):
    assert not claims_of(resources, "About 200 delegates attended the conference in Geneva.")


def test_coordinated_verbs_count_separately(resources):
    found = claims_of(resources, "Security forces killed two people and wounded 14 others during the clashes.")
    assert [(c.what, c.low) for c in found] == [("killed", 2), ("injured", 14)]


def test_generic_count_takes_the_attacked_place(resources):
    text = "Militants attacked the town of Sderot, killing 20 people and abducting dozens."
    killed, kidnapped = claims_of(resources, text)
    assert (killed.what, killed.low, killed.subject) == ("killed", 20, "people in town of Sderot")
    assert (kidnapped.what, kidnapped.low, kidnapped.high) == ("kidnapped", 24, 99)
    assert kidnapped.subject == "people in town of Sderot"
    assert killed.text == "killing 20 people"


def test_generic_count_takes_a_place_preposition(resources):
    c = only(resources, "Gunmen killed 20 people in Kabul.", "killed")
    assert c.subject == "people in Kabul"


def test_participle_and_membership(resources):
    text = "Officials discussed the four Canadians who are among the 90 held hostage by the militia."
    four, ninety = claims_of(resources, text)
    assert (four.what, four.low, four.subject) == ("held_hostage", 4, "Canadians")
    assert (ninety.what, ninety.low, ninety.subject) == ("held_hostage", 90, "held hostage by the militia")
    assert ninety.text == "the 90 held hostage by the militia"


def test_including_counts_as_the_outer_count(resources):
    found = claims_of(resources, "The raid killed 30 militants, including five commanders.")
    assert [(c.what, c.low, c.subject) for c in found] == [("killed", 30, "militants"), ("killed", 5, "commanders")]


def test_people_only_verbs_skip_things(resources):
    assert claims_of(resources, "The company released 20 new products and executed 3 orders.") == []
    assert claims_of(resources, "Swiss doctors handed over 700 kg of medicine.") == []


# --------------------------------------------------------------------------- not counts

@pytest.mark.parametrize("text", [
    "Smith, 45, was arrested on Monday.",                        # age
    "A 32-year-old man was killed.",                             # age
    "In 2019 the protests began and police arrested him.",       # year
    "The ministry spent $3 million on the arrests.",             # money
    "Turnout was 45 percent.",                                   # percentage
    "On March 3 the rebels released him.",                       # date
    "Call 555-1234 to report the arrests.",                      # phone number
    "The ministers met twice, and the envoys met three times.",  # frequency
    "He visited Moscow several times.",                          # frequency
    "No one was hurt in the fire.",                              # no one
    "One of the most famous mafia bosses has died.",             # one of
    "The 5th Brigade was deployed to the border.",               # ordinal in a name
    "Many people were killed and some were wounded.",            # vague quantifiers
    "Delegations from 20 countries attended the summit.",        # nothing counted
    "The rebels threatened to kill 20 soldiers.",                # not realised
    "The army could deploy 5,000 troops.",                       # modal
])
def test_not_counts(resources, text):
    assert claims_of(resources, text) == []


def test_list_numbering_is_not_a_count(resources):
    found = claims_of(resources, "1. Ten people were killed.\n2. Police arrested 12 suspects.")
    assert [(c.what, c.low) for c in found] == [("killed", 10), ("arrested", 12)]


def test_dropped_spans_give_no_claims(resources):
    text = "Ten people were killed in the attack.\nRelated: 20 soldiers were wounded in Mali."
    chunks = ann.annotate(resources.nlp, text)
    start = text.index("Related")
    dropped = [Dropped(start, len(text), text[start:], "teaser")]
    found = find_claims(chunks, text, [], {}, [], dropped, dt.date(2024, 3, 5), resources.claims)
    assert [(c.what, c.low) for c in found] == [("killed", 10)]


def test_empty_text(resources):
    assert find_claims([], "", [], {}, [], [], None, resources.claims) == []
    assert process("", published=PUBLISHED, resources=resources).claims == ()


# --------------------------------------------------------------------------- dates and sources

def test_event_date_from_the_clause(resources):
    c = only(resources, "Gunmen killed 20 people in Kabul on Monday.", "killed")
    assert c.date == "2024-03-04" and c.as_of == "2024-03-04"
    c = only(resources, "Police said on Tuesday that 30 people had been arrested last week.", "arrested")
    assert c.date == "2024-02-26"


def test_state_as_of_is_the_statement_or_publication_date(resources):
    c = only(resources, "Three fishermen remain missing.", "missing")
    assert c.date is None and c.as_of == PUBLISHED
    c = only(resources, "On Monday, the United Nations said 30 people remain missing.", "missing")
    assert c.as_of == "2024-03-04"
    c = only(resources, "Three fishermen remain missing.", "missing", published=None)
    assert c.as_of is None


def test_period_bounds_are_not_the_date(resources):
    c = only(resources, "Russia has held 6 meetings with the group since 2006.", "meetings")
    assert c.date is None


def test_said_by(resources):
    c = only(resources, "Five people were killed, according to the Red Cross.", "killed")
    assert c.said_by is not None and "red-cross" in c.said_by
    c = only(resources, "The United Nations said 15 people died in the floods.", "killed")
    assert c.said_by == "org:united-nations"
    c = only(resources, "Gunmen killed 20 people in Kabul.", "killed")
    assert c.said_by is None


# --------------------------------------------------------------------------- vocabulary

def test_vocabulary_is_data_and_extensible(tmp_path: Path, resources):
    base = load_vocabulary()
    assert {"killed", "injured", "kidnapped", "held_hostage", "released", "arrested", "displaced", "evacuated",
            "missing", "protesters", "troops", "meetings", "visits"} <= set(base.whats)
    assert base.whats["killed"].count_type == "KILL"
    extra = tmp_path / "mine.yaml"
    extra.write_text("what:\n  looted:\n    count_type: null\n    default: shops\n    verbs: [loot, ransack]\n",
                     encoding="utf-8")
    vocab = load_vocabulary([extra])
    assert "looted" in vocab.whats and "killed" in vocab.whats
    text = "Rioters looted 40 shops."
    found = find_claims(ann.annotate(resources.nlp, text), text, [], {}, [], [], None, vocab)
    assert [(c.what, c.low, c.subject) for c in found] == [("looted", 40, "shops")]


# --------------------------------------------------------------------------- property

_WORDS = ["killed", "were", "wounded", "people", "hostages", "the", "about", "more", "than", "that", "at", "least",
          "over", "a", "dozen", "half", "-", "hundreds", "of", "thousands", "twenty", "five", "1,400", "3", "0",
          "1.5", "million", "and", "arrested", "missing", "third", "time", "met", ",", ".", "\n", "$", "%", "aged",
          "on", "Monday", "2023", "one", "no", "up", "to", "or", "several", "estimated", "taken", "hostage", "among"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=25))
def test_numberish_text_never_breaks(resources, words):
    text = " ".join(words)
    chunks = ann.annotate(resources.nlp, text)
    times = find_times(chunks, text, dt.date(2024, 3, 5), anchor="published")
    for c in find_claims(chunks, text, [], {}, times, [], dt.date(2024, 3, 5), resources.claims):
        assert text[c.start:c.end] == c.text and c.start < c.end
        assert c.low is not None or c.high is not None
        if c.low is not None and c.high is not None:
            assert c.low <= c.high
        if c.number is not None:
            assert text[c.number.start:c.number.end] == c.number.text


@pytest.mark.parametrize("text", ["About 20.", "Over 300!", "Upwards of", "half a", "a dozen", "1.", "More that"])
def test_fragments_terminate(resources, text):
    chunks = ann.annotate(resources.nlp, text)
    for c in find_claims(chunks, text, [], {}, [], [], None, resources.claims):
        assert text[c.start:c.end] == c.text

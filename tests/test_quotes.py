"""Quotes: direct and reported speech, speaker, cue, medium, relay and date (eventwire.quotes)."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.annotate import annotate
from eventwire.pipeline import process
from eventwire.quotes import SpeechCuesError, find_quotes, load_cues, quoted_spans
from eventwire.records import Dropped, Quote, Span


@pytest.fixture(scope="module")
def run(resources):
    """text -> (quotes, actor id -> actor name), through the whole pipeline."""
    def go(text: str, published: str = "2024-03-05"):
        r = process(text, published=published, resources=resources)
        for q in r.quotes:
            assert text[q.start:q.end] == q.text
        return list(r.quotes), {a.id: a.name for a in r.actors}
    return go


def speaker(q: Quote, names: dict[str, str]) -> str | None:
    """The speaker's actor name (None when unresolved)."""
    return names.get(q.speaker) if q.speaker else None


def text_of(s: Span | None) -> str | None:
    return s.text if s else None


# --------------------------------------------------------------------------- direct quotes

def test_straight_quote_with_postposed_speaker(run):
    quotes, names = run('"We are ready to negotiate without conditions," said Maria Gonzalez, the mayor of Bogota.')
    (q,) = quotes
    assert q.direct and q.text == "We are ready to negotiate without conditions"
    assert speaker(q, names) == "Maria Gonzalez" and text_of(q.cue) == "said"


def test_curly_quote_speaker_before_with_medium_and_date(run):
    text = ("In March 2021, German Chancellor Olaf Scholz said in an interview with Der Spiegel, "
            "“Europe must learn to defend itself. Nobody will do it for us.”")
    (q,) = run(text)[0]
    assert q.text == "Europe must learn to defend itself. Nobody will do it for us."   # two sentences, one quote
    assert speaker(q, run(text)[1]) == "Olaf Scholz"
    assert text_of(q.speaker_span) == "Olaf Scholz"
    assert text_of(q.medium) == "in an interview with Der Spiegel"
    assert q.date == "2021-03"


def test_speaker_after_then_continuation_around_it(run):
    text = ("“The border will stay closed until further notice,” the Polish Interior Ministry said. "
            "“Travellers should use other crossings.”")
    quotes, names = run(text)
    assert [q.text for q in quotes] == ["The border will stay closed until further notice",
                                        "Travellers should use other crossings."]
    assert {q.speaker for q in quotes} == {quotes[0].speaker} and quotes[0].speaker is not None
    assert all(text_of(q.cue) == "said" for q in quotes)


def test_quote_split_by_attribution_in_mid_sentence(run):
    quotes, names = run("“We tried everything,” Ahmed Karimi said, “but the talks failed again.”")
    assert [q.text for q in quotes] == ["We tried everything", "but the talks failed again."]
    assert [speaker(q, names) for q in quotes] == ["Ahmed Karimi", "Ahmed Karimi"]


def test_multi_paragraph_quote_is_one_quote(run):
    text = ("Senator Laura Whitfield said: “The bill is dead for this session. We will try again in the autumn.\n\n"
            "“Nobody should be surprised by this outcome, and nobody should give up.”\n\n"
            "The vote took place on Friday.")
    quotes, names = run(text)
    (q,) = quotes
    assert q.text.startswith("The bill is dead") and q.text.endswith("nobody should give up.")
    assert "\n\n" in q.text and speaker(q, names) == "Laura Whitfield"


def test_quote_paragraph_after_an_attributed_quote_goes_on_with_its_speaker(run):
    text = ("“We lost everything in one night,” Elena Petrova said, standing by the ruins of her house.\n"
            "“The children still ask when we can go home.”\n"
            "Rescue teams worked through the night. The mayor visited the site.\n"
            "“Nobody has told us anything about compensation yet.”")
    quotes, names = run(text)
    assert [speaker(q, names) for q in quotes] == ["Elena Petrova", "Elena Petrova", None]


def test_question_quote_with_capitalised_speaker_after(run):
    quotes, names = run("“What choice do we have left?” Nikos Papadakis asked reporters.")
    (q,) = quotes
    assert q.text == "What choice do we have left?" and speaker(q, names) == "Nikos Papadakis"


def test_pronoun_speaker_and_partial_quote_in_reported_speech(run):
    text = ("Emmanuel Macron hosted the summit in Paris, where Olaf Scholz arrived late. "
            "He said the two countries “must stand together against every form of aggression in Europe.”")
    quotes, names = run(text)
    (q,) = quotes
    assert q.direct and q.text == "must stand together against every form of aggression in Europe."
    assert speaker(q, names) == "Emmanuel Macron"        # main-clause subject of the previous sentence
    assert text_of(q.speaker_span) == "He"


def test_quote_relayed_according_to_a_newspaper(run):
    text = ("“This decision is a grave mistake that will cost lives,” the Egyptian Foreign Ministry said, "
            "according to The Guardian.")
    quotes, names = run(text)
    (q,) = quotes
    assert q.speaker is not None and q.via is not None and q.via != q.speaker
    assert "Guardian" in names[q.via]


# --------------------------------------------------------------------------- not quotes

@pytest.mark.parametrize("text", [
    'Thousands marched on the anniversary of "Bloody Sunday" in the capital.',
    "The parties discussed a “prisoner swap” deal in Doha.",
    'The minister presented his memoir "Years of Struggle and Hope for Our Nation" in Vienna.',
    "The protesters carried banners reading “Free Them All Now” and “No More War”.",
    "The so-called ‘peace dividend’ never arrived, and the group’s leaders didn’t say why.",
])
def test_scare_quotes_names_and_titles_are_not_quotes(run, text):
    assert run(text)[0] == []


def test_title_right_after_a_cue_verb_is_not_a_quote(run):
    quotes, _ = run("General Mark Milley told “The Washington Post” that the offensive was over.")
    assert [(q.direct, q.text) for q in quotes] == [(False, "the offensive was over")]


@pytest.mark.parametrize("text", [
    "The news agency reports that the talks were postponed until next week.",
    "The Japanese Foreign Ministry emphasized that the dialogue must continue.",
    "Many analysts observe that the sanctions have hurt the economy.",
    "Vladimir Putin did not say that the war would end soon.",
    "According to the plan, the troops will leave the city by the end of the month.",
])
def test_facts_emphasis_negation_and_plans_are_not_reported_speech(run, text):
    assert run(text)[0] == []


# --------------------------------------------------------------------------- reported speech

def test_reported_speech_with_that_clause_medium_and_date(run):
    text = "On Monday, the World Health Organization said in a statement that three hospitals had run out of fuel."
    quotes, names = run(text)
    (q,) = quotes
    assert not q.direct and q.text == "three hospitals had run out of fuel"
    assert q.speaker is not None and "Health" in names[q.speaker]
    assert text_of(q.medium) == "in a statement" and q.date == "2024-03-04"


def test_postposed_attribution_reports_the_main_clause(run):
    quotes, names = run("The ceasefire collapsed on Sunday night, the Ukrainian Foreign Ministry said.")
    (q,) = quotes
    assert q.text == "The ceasefire collapsed on Sunday night" and q.speaker is not None


def test_generic_subject_has_no_speaker_but_a_span(run):
    (q,) = run("Many economists told reporters that inflation would keep rising this year.")[0]
    assert q.speaker is None and text_of(q.speaker_span) == "Many economists"
    assert q.text == "inflation would keep rising this year" and text_of(q.cue) == "told"


def test_according_to_a_statement_quoted_by_an_agency(run):
    text = ("According to a statement from the Kenyan Defence Ministry quoted by Reuters, "
            "the soldiers withdrew from the border town.")
    quotes, names = run(text)
    (q,) = quotes
    assert q.text == "the soldiers withdrew from the border town" and text_of(q.cue) == "According to"
    assert text_of(q.medium) == "a statement" and q.speaker is not None and "Ministry" in names[q.speaker]
    assert q.via is not None and names[q.via] == "Reuters"


def test_statement_as_subject_speaks_for_its_owner(run):
    quotes, names = run("A statement from the Kenyan Defence Ministry said the soldiers had left the town.")
    (q,) = quotes
    assert q.text == "the soldiers had left the town" and "Ministry" in names[q.speaker]
    assert text_of(q.medium) == "A statement"


def test_according_to_witnesses(run):
    (q,) = run("According to witnesses, soldiers opened fire on the crowd in the main square.")[0]
    assert q.speaker is None and text_of(q.speaker_span) == "witnesses"
    assert q.text == "soldiers opened fire on the crowd in the main square"


def test_quoted_as_saying_gives_speaker_and_relay(run):
    quotes, names = run("The defence minister was quoted by Reuters as saying that the border would stay closed.")
    (q,) = quotes
    assert text_of(q.speaker_span) == "The defence minister" and names.get(q.via) == "Reuters"
    assert q.text == "the border would stay closed"


def test_reported_and_direct_speech_do_not_duplicate(run):
    text = ("Keir Starmer said on Monday that Britain would send more aid. "
            "“We stand with our allies,” he added, “and we will not waver.”")
    quotes, names = run(text)
    assert [(q.direct, q.text) for q in quotes] == [
        (False, "Britain would send more aid"), (True, "We stand with our allies"), (True, "and we will not waver.")]
    assert {speaker(q, names) for q in quotes} == {"Keir Starmer"}
    assert quotes[0].date == "2024-03-04"


# --------------------------------------------------------------------------- inputs and robustness

def test_quotes_inside_dropped_spans_are_skipped(resources):
    text = "Prime Minister Mark Rutte said, “The coalition will hold until the election.”\nRead more: other news."
    chunks = annotate(resources.nlp, text)
    args = (chunks, text, [], {}, [], [], dt.date(2024, 3, 5), load_cues())
    assert [q.text for q in find_quotes(*args)] == ["The coalition will hold until the election."]
    dropped = [Dropped(0, text.index("\n"), text[:text.index("\n")], "teaser")]
    assert find_quotes(chunks, text, [], {}, [], dropped, None, load_cues()) == []


def test_empty_text(resources):
    assert find_quotes(annotate(resources.nlp, ""), "", [], {}, [], [], None, load_cues()) == []
    assert find_quotes([], "", [], {}, [], [], None, load_cues()) == []


def test_unclosed_quote_ends_at_the_paragraph_end(run):
    text = ('The spokesman said, "We will respond at a time of our choosing\n\n'
            'The ministry also published a list of demands. "Nothing else is open')
    quotes, _ = run(text)
    (q,) = quotes                                  # the second, unattributed and unclosed, is no quote
    assert q.text == "We will respond at a time of our choosing"
    assert text_of(q.speaker_span) == "The spokesman"


def test_quoted_spans_pairs_marks_and_skips_apostrophes():
    text = ("He didn’t go to the soldiers’ camp. ‘Stay,’ he said. "
            "«Non» and „Ja“ and \"yes\" and ”so” too.")
    assert [text[q.start:q.end] for q in quoted_spans(text)] == ["Stay", "Non", "Ja", "yes", "so"]


def test_quoted_spans_second_opening_mark_ends_an_unclosed_quote():
    text = "“First part without an end “Second part.”"
    assert [text[q.start:q.end] for q in quoted_spans(text)] == ["First part without an end", "Second part."]


def test_quoted_spans_is_linear_on_a_megabyte_of_marks():
    text = ('He said "it" and “then ‘this’ «or» and\n\n' * 25_000)[:1_000_000]
    t0 = time.perf_counter()
    spans = quoted_spans(text)
    assert time.perf_counter() - t0 < 2.0 and spans


def test_user_file_moves_a_verb_between_the_lists(resources, tmp_path):
    text = "The Brazilian Foreign Ministry noted that the embassy would reopen next month."
    chunks = annotate(resources.nlp, text)
    assert find_quotes(chunks, text, [], {}, [], [], None, load_cues()) == []
    extra = tmp_path / "speech.yaml"
    extra.write_text("quote_verbs: [note]\n", "utf-8")
    cues = load_cues([extra])
    assert "note" in cues.quote_verbs and "note" not in cues.attribution_verbs
    (q,) = find_quotes(chunks, text, [], {}, [], [], None, cues)
    assert q.text == "the embassy would reopen next month" and text_of(q.cue) == "noted"
    bad = tmp_path / "bad.yaml"
    bad.write_text("verbs: [say]\n", "utf-8")
    with pytest.raises(SpeechCuesError, match="bad.yaml: 'verbs'"):
        load_cues([bad])


_MARK_CHARS = st.sampled_from(['"', "“", "”", "«", "»", "„", "‘", "’", "'", "\n", "\n\n", " "])
_PHRASES = st.sampled_from(["Anna Berg said", "he added", "the ministry told reporters that", "according to Reuters",
                            "We will win the war", "the talks are over", "in a statement", "on Monday", ", ",
                            ": ", ". ", "quoted by", "It", "said", "the", "Moscow"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_MARK_CHARS, _PHRASES), max_size=30), st.sampled_from(["", " "]))
def test_random_text_with_quote_marks_never_breaks(resources, parts, sep):
    text = sep.join(parts)
    chunks = annotate(resources.nlp, text)
    quotes = find_quotes(chunks, text, [], {}, [], [], None, load_cues())
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text) and text[q.start:q.end] == q.text
        for s in (q.speaker_span, q.cue, q.medium):
            assert s is None or (0 <= s.start <= s.end <= len(text) and text[s.start:s.end] == s.text)
    assert quotes == sorted(quotes, key=lambda q: (q.start, q.end))
    assert len({(q.start, q.end) for q in quotes}) == len(quotes)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_MARK_CHARS, _PHRASES, st.text(max_size=3)), max_size=60))
def test_quoted_spans_on_random_text(parts):
    text = "".join(parts)
    spans = quoted_spans(text)
    for q in spans:
        assert 0 <= q.open < q.start <= q.end <= len(text)
        assert q.close is None or q.end <= q.close
    assert all(a.start < b.start for a, b in zip(spans, spans[1:]))

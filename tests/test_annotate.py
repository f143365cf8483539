"""Tests for eventwire.annotate: chunking with offsets, the symbol-run guard, the line-break sentence rule."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire import annotate as ann
from eventwire.annotate import annotate, entities, guard_text, load_nlp, sentences, split_chunks

P = ("Representatives of Hamas and Iran met with Russian Deputy Foreign Minister Mikhail Bogdanov in Moscow on "
     "Thursday to discuss foreign hostages being held by the terrorist organization in Gaza.\n\n")


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def sents_of(nlp, text: str) -> list[str]:
    return [s.text.strip() for _, s in sentences(annotate(nlp, text))]


# --------------------------------------------------------------------------- chunking

def assert_covers(text: str, pieces: list[tuple[int, str]], size: int) -> None:
    pos = 0
    for off, piece in pieces:
        assert off == pos and piece                        # contiguous, no empty piece
        assert 0 < len(piece) <= size
        assert text[off:off + len(piece)] == piece
        pos += len(piece)
    assert pos == len(text)
    assert "".join(p for _, p in pieces) == text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n\n!\r\u2028é"), max_size=600), st.integers(1, 120))
def test_split_chunks_covers_text_exactly(text, size):
    assert_covers(text, split_chunks(text, size), size)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.integers(1, 50))
def test_split_chunks_any_unicode(text, size):
    assert_covers(text, split_chunks(text, size), size)


def test_split_chunks_prefers_paragraph_breaks():
    text = "a" * 60 + "\n\n" + "b" * 30 + ". " + "c" * 30
    pieces = split_chunks(text, 100)
    assert pieces[0] == (0, "a" * 60 + "\n\n")
    assert split_chunks("", 10) == [] and split_chunks("short", 10) == [(0, "short")]
    with pytest.raises(ValueError):
        split_chunks("text", 0)


def test_long_text_is_chunked_and_entity_offsets_index_the_original(nlp, monkeypatch):
    monkeypatch.setattr(ann, "CHUNK_CHARS", 2_000)
    text = "".join(P.replace("Thursday", day) for day in ["Monday", "Tuesday", "Wednesday", "Thursday"] * 6)
    chunks = annotate(nlp, text)
    assert len(chunks) >= 3 and len(text) > 2 * 2_000
    assert [c.offset for c in chunks] == [off for off, _ in split_chunks(text, 2_000)]
    assert "".join(c.doc.text for c in chunks) == text          # the guard kept every length
    ents = list(entities(chunks))
    assert len(ents) > 20
    for off, ent in ents:
        assert text[off + ent.start_char: off + ent.end_char] == ent.text
    assert {e.text for _, e in ents} >= {"Mikhail Bogdanov", "Moscow", "Gaza"}
    for off, sent in sentences(chunks):
        assert text[off + sent.start_char: off + sent.end_char] == sent.text


def test_text_over_the_default_chunk_size(nlp):
    text = P * (ann.CHUNK_CHARS // len(P) + 2)
    assert len(text) > ann.CHUNK_CHARS
    chunks = annotate(nlp, text)
    assert len(chunks) == 2
    assert chunks[1].offset == len(chunks[0].doc.text) <= ann.CHUNK_CHARS
    last_off, last = list(entities(chunks))[-1]
    assert last_off == chunks[1].offset
    assert text[last_off + last.start_char: last_off + last.end_char] == last.text


# --------------------------------------------------------------------------- the symbol-run guard

@pytest.mark.parametrize("run", ["!" * 100_000, "=" * 100_000, "_" * 100_000, "._" * 50_000, "!_" * 50_000,
                                 "\ufffd" * 100_000, "\U0001F600" * 50_000, "-=" * 50_000])
def test_guard_keeps_length_and_makes_symbol_runs_fast(nlp, run):
    text = "Putin met Xi. " + run + " Then they left."
    guarded = guard_text(text)
    assert len(guarded) == len(text)
    assert guarded.startswith("Putin met Xi. ") and guarded.endswith(" Then they left.")
    t = time.perf_counter()
    doc = nlp.make_doc(guarded)
    assert time.perf_counter() - t < 5
    assert len(doc) < 50


def test_guarded_annotate_finishes_and_keeps_offsets(nlp):
    text = "Putin met Xi in Beijing. " + "!" * 100_000 + "\n\nMikhail Bogdanov met Hamas in Moscow."
    t = time.perf_counter()
    chunks = annotate(nlp, text)
    assert time.perf_counter() - t < 10
    found = {e.text: off + e.start_char for off, e in entities(chunks)}
    assert found.get("Moscow") == text.index("Moscow")


def test_guard_leaves_ordinary_text_alone():
    for text in ["Putin met Xi.", "!" * 199, "a!" * 500, "https://example.org/a/b?c=d&e=f", "snake_case_name",
                 "Ceasefire — at last — “agreed”!!!", "١٢٣ مرحبا 你好"]:
        assert guard_text(text) == text
    assert guard_text("x " + "!" * 200 + " y") == "x " + " " * 200 + " y"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_guard_text_keeps_length_and_words(text):
    g = guard_text(text)
    assert len(g) == len(text)
    for a, b in zip(text, g):
        assert a == b or b == " "
        if a.isalnum():
            assert a == b


# --------------------------------------------------------------------------- line-break sentences

def test_paragraph_break_starts_a_sentence(nlp):
    sents = sents_of(nlp, "Officials met in Moscow on Thursday\n\nThe talks covered the hostages held in Gaza")
    assert sents == ["Officials met in Moscow on Thursday", "The talks covered the hostages held in Gaza"]


def test_short_heading_starts_a_sentence(nlp):
    text = ("Russian - Hamas Relations\nRussia has maintained ties with the group since 2006, when a delegation "
            "first visited Moscow.")
    sents = sents_of(nlp, text)
    assert sents[0] == "Russian - Hamas Relations"
    assert sents[1].startswith("Russia has maintained ties")


def test_hard_wrapped_long_line_does_not_break_a_sentence(nlp):
    text = ("Russia has maintained ties with the group since 2006 when officials first met in\n"
            "Moscow after the group won the Palestinian legislative elections that year.")
    assert len(text.split("\n")[0]) >= 60
    sents = sents_of(nlp, text)
    assert len(sents) == 1 and sents[0] == text


def test_line_ending_a_sentence_starts_the_next(nlp):
    text = ("Russia has maintained ties with the group since 2006 and met its leaders in Moscow again.\n"
            "officials in Tehran welcomed the talks and said they would send a delegation of their own.")
    sents = sents_of(nlp, text)
    assert len(sents) == 2 and sents[1].startswith("officials in Tehran")


def test_pipeline_has_the_line_break_component(nlp):
    names = nlp.pipe_names
    assert "eventwire_line_breaks" in names
    assert names.index("eventwire_line_breaks") < names.index("parser")


def test_empty_and_whitespace_texts(nlp):
    assert annotate(nlp, "") == []
    chunks = annotate(nlp, "  \n\n ")
    assert len(chunks) == 1 and chunks[0].doc.text == "  \n\n "

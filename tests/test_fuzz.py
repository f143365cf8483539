"""Fuzzing ingest and extraction (issue 12, part 1): random Unicode, random bytes, long lines, deep
HTML, odd quotes and numbers. No exception may escape; every failure is a typed error with a known
code; every span in the output indexes the article text. Small, deterministic versions here (a few
dozen examples each); `bench/fuzz.py` runs the long campaign with the same strategies."""
from __future__ import annotations

import gzip
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.actors.kb import load_kb
from eventwire.ingest import IngestError, from_record, html_to_text, make_article, read_file, read_jsonl
from eventwire.pipeline import process_article, result_json
from eventwire.records import to_jsonable

from conftest import ROOT
from test_reliability import _bench

fuzz = _bench("fuzz")
FUZZ = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("name", ["Македонија", "Ђорђе Вучић", "Ѣ"])
def test_cyrillic_letters_outside_the_transliteration_table(name):
    """Found by the fuzz campaign: KB.lookup recursed forever on a letter transliterate() keeps."""
    load_kb().lookup(name, "PERSON")


@FUZZ
@given(fuzz.texts(min_pieces=10))
def test_random_unicode_through_the_pipeline(resources, text):
    article = make_article(text, name="fuzz")
    fuzz.check_items([article])
    fuzz.assert_spans(process_article(article, resources))


@FUZZ
@given(fuzz.records())
def test_random_jsonl_records(resources, line):
    for article in fuzz.check_items(list(read_jsonl(fuzz.BytesStream(line), "fuzz.jsonl"))):
        if not article.errors:
            fuzz.assert_spans(process_article(article, resources))


@FUZZ
@given(st.binary(max_size=65536), st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".txt.gz", ".html.gz"]))
def test_random_bytes_through_file_ingest(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(gzip.compress(data, 1) if suffix.endswith(".gz") else data)
    fuzz.check_items(list(read_file(path)))


@settings(FUZZ, max_examples=12)
@given(fuzz.long_lines())
def test_very_long_single_lines(resources, text):
    t = time.monotonic()
    article = make_article(text, name="long")
    fuzz.check_items([article])
    fuzz.assert_spans(process_article(article, resources))
    assert time.monotonic() - t < 20


@pytest.mark.parametrize("depth", [100, 254, 255, 256, 1000, 100_000])
@pytest.mark.parametrize("closed", [True, False])
def test_deeply_nested_html(depth, closed):
    html = fuzz.nested_html(depth, closed)
    t = time.monotonic()
    try:
        text, _ = html_to_text(html, "deep.html")
    except IngestError as e:
        assert e.code == "no_text_extracted" and depth >= 255, e
    else:
        assert "Ceasefire talks" in text
    assert time.monotonic() - t < 5
    art = from_record({"id": "deep", "html": html}, "deep.jsonl:1")
    assert art.text.strip() or [e.code for e in art.errors] == ["no_text_extracted"]


@FUZZ
@given(fuzz.html_pages())
def test_random_html_records(resources, html):
    art = from_record({"id": "h", "html": html}, "fuzz.jsonl:1")
    for a in fuzz.check_items([art]):
        if not a.errors:
            fuzz.assert_spans(process_article(a, resources))


def test_event_sentence_over_a_symbol_run_holds_the_text(resources):
    """Found by the fuzz campaign: event spans took their text from the guarded Doc (runs as spaces)."""
    text = fuzz.ENGLISH[0] + " " + "!" * 300 + " " + fuzz.ENGLISH[1]
    result = process_article(make_article(text, name="run"), resources)
    assert result.events and fuzz.assert_spans(result)


def test_spans_check_catches_a_wrong_offset(resources):
    """The offset check itself: a span shifted by one is reported."""
    r = process_article(make_article((ROOT / "examples" / "000_aff28270448f48dd.txt").read_text("utf-8"),
                                     name="seed"), resources)
    doc = result_json(r)
    doc["events"][0]["evidence"]["start"] += 1
    with pytest.raises(AssertionError):
        fuzz.check_spans(doc["text"], doc)
    fuzz.check_spans(r.article.text, to_jsonable(r))

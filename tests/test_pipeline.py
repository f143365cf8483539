"""Golden tests on the two bundled example articles, and whole-pipeline properties."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from eventwire import annotate
from eventwire.ingest import make_article
from eventwire.pipeline import process_article, result_json


def names(result, ids):
    by_id = {a.id: a.name for a in result.actors}
    return {by_id.get(i, i) for i in ids}


def asserted(result, etype=None):
    return [e for e in result.events if e.polarity == "asserted" and (etype is None or e.type == etype)]


def test_seed_000_publication_date_is_inferred(seed_results):
    art = seed_results["seed-000"].article
    assert art.published == dt.date(2024, 1, 19)
    assert art.published_inferred is True


def test_seed_000_moscow_consultations(seed_results):
    r = seed_results["seed-000"]
    hits = [e for e in asserted(r, "CONSULT") if e.date == "2024-01-19" and e.date_source == "text"]
    assert hits, "the 19 January meeting in Moscow was not found"
    e = hits[0]
    assert {"Hamas", "Mousa Abu Marzook", "Mikhail Bogdanov"} <= names(r, e.actors)
    assert e.recipients == ()                      # reciprocal: all parties are actors
    assert e.location is not None and e.location.name == "Moscow" and e.location.country == "RUS"
    assert e.date_precision == "day"
    assert "held consultations" in e.evidence.text


def test_seed_002_moscow_meeting(seed_results):
    r = seed_results["seed-002"]
    hits = [e for e in asserted(r, "CONSULT") if e.date == "2023-10-26" and e.location and e.location.name == "Moscow"]
    assert hits
    assert {"Hamas", "Mikhail Bogdanov"} <= names(r, hits[0].actors)
    assert hits[0].date_source == "text"           # "on Thursday" = the publication day


def test_seed_002_contact_last_month(seed_results):
    r = seed_results["seed-002"]
    calls = [e for e in asserted(r, "CONSULT") if e.mode == "phone"]
    assert calls and calls[0].date == "2023-09" and calls[0].date_precision == "month"
    assert {"Mikhail Bogdanov", "Mousa Abu Marzook"} <= names(r, calls[0].actors)


def test_background_meetings_are_dated_and_historical(seed_results):
    r = seed_results["seed-000"]
    lavrov = [e for e in asserted(r, "CONSULT") if "Sergei Lavrov" in names(r, e.actors)
              and "Khaled Mashal" in names(r, e.actors)]
    assert sorted(e.date for e in lavrov) == ["2008", "2009"]
    assert all(e.location and e.location.name == "Damascus" and e.historical for e in lavrov)
    visits = {e.date: e.date_end for e in asserted(r, "CONSULT") if e.date_precision == "interval"}
    assert visits.get("2006") == "2010"
    assert visits.get("2007") == "2011"
    assert visits.get("2006-03") == "2024-01-19"  # "since March 2006": open end = publication date


def test_must_not_events(seed_results):
    r0, r2 = seed_results["seed-000"], seed_results["seed-002"]
    for e in asserted(r0, "CONSULT"):            # Putin "refrains from" contacts: negated, never asserted
        assert "Vladimir Putin" not in names(r0, e.actors)
        if {"Mikhail Bogdanov", "Mousa Abu Marzook"} <= names(r0, e.actors):
            assert e.date != "2023-10-07"            # the date of the captures, not of the meeting
    for e in asserted(r2, "CONSULT"):            # the Qatar meeting was only proposed
        assert not (e.location and e.location.name == "Qatar")
    for e in r2.events:                          # nothing from the teaser block ("Kyiv Drone Strikes")
        assert not any(d.start < e.evidence.end and e.evidence.start < d.end for d in r2.article.dropped)


def test_seed_002_boilerplate(seed_results):
    dropped = {d.text for d in seed_results["seed-002"].article.dropped}
    assert "Other Topics of Interest" in dropped
    assert "You can also highlight the text and press Ctrl + Enter" in dropped
    assert not seed_results["seed-000"].article.dropped


def test_every_offset_indexes_the_text(seed_results):
    for r in seed_results.values():
        doc = result_json(r)
        text = doc["text"]
        spans = [m for e in doc["entities"] for m in e["mentions"]] + doc["times"] + doc["dropped"]
        spans += [e["evidence"] for e in doc["events"]]
        assert spans
        for s in spans:
            assert text[s["start"]:s["end"]] == s["text"]
        ids = {e["id"] for e in doc["entities"]}
        for e in doc["events"]:
            assert set(e["actors"]) | set(e["recipients"]) <= ids


def test_ids_are_stable(resources, seed_results):
    again = process_article(make_article(seed_results["seed-002"].article.text, name="x", id="seed-002",
                                         published=dt.date(2023, 10, 26)), resources)
    assert [e.id for e in again.events] == [e.id for e in seed_results["seed-002"].events]
    assert len({e.id for e in again.events}) == len(again.events)


def test_text_longer_than_spacy_max_length_is_chunked(resources):
    head = "Russian Foreign Minister Sergei Lavrov met with Iranian officials in Moscow on Monday.\n\n"
    tail = "\n\nIsraeli Prime Minister Benjamin Netanyahu met with Jordan's King Abdullah in Amman on Tuesday."
    text = head + " " * 1_000_100 + tail
    assert len(text) > resources.nlp.max_length
    article = make_article(text, name="long", published=dt.date(2024, 3, 6))
    refused = process_article(article, resources)                 # over the default MAX_CHARS
    assert [e.code for e in refused.article.errors] == ["too_long"] and not refused.events
    r = process_article(article, dataclasses.replace(resources, max_chars=2_000_000))
    assert not r.article.errors
    consult = asserted(r, "CONSULT")
    assert len(consult) == 2
    last = max(consult, key=lambda e: e.evidence.start)
    assert last.evidence.start > 1_000_000
    assert text[last.evidence.start:last.evidence.end] == last.evidence.text
    assert last.date == "2024-03-05"


def test_chunk_boundaries_keep_offsets(resources, monkeypatch):
    monkeypatch.setattr(annotate, "CHUNK_CHARS", 400)
    para = "On Monday, Turkish President Recep Tayyip Erdogan met with German Chancellor Olaf Scholz in Berlin. "
    text = "\n\n".join(para for _ in range(12))
    r = process_article(make_article(text, name="chunks", published=dt.date(2024, 3, 6)), resources)
    starts = {s.start for e in r.events for s in (e.evidence, *e.evidence_more)}
    assert len(starts) == 12                     # one happening told 12 times: one event, 12 evidence spans
    for e in r.events:
        for s in (e.evidence, *e.evidence_more):
            assert text[s.start:s.end] == s.text
    for m in r.mentions:
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_text_is_reported_not_coded(resources, text):
    r = process_article(make_article(text, name="empty"), resources)
    assert [e.code for e in r.article.errors] == ["empty_document"]
    assert r.events == ()


def test_articles_parsed_in_one_batch_code_as_when_parsed_alone(resources, monkeypatch):
    """process_many parses short articles PIPE_BATCH at a time; the results must not depend on it,
    and a bad article in a batch still fails alone."""
    from eventwire import pipeline
    texts = ["Russian Foreign Minister Sergei Lavrov met Hamas leaders in Moscow on Monday.",
             "Israeli troops killed three Palestinians in Jenin on Tuesday, officials said.",
             "", "Turkey and Qatar signed a trade agreement in Ankara on March 3."] * 3
    arts = [make_article(t, name=f"t{i}", id=f"t{i}", published=dt.date(2024, 3, 6)) for i, t in enumerate(texts)]
    batched = list(pipeline.process_many(arts, resources))
    monkeypatch.setattr(pipeline, "PIPE_BATCH", 1)
    alone = list(pipeline.process_many(arts, resources))
    assert [result_json(r) for r in batched] == [result_json(r) for r in alone]
    assert [bool(r.article.errors) for r in batched] == [t == "" for t in texts]


def test_process_many_tells_the_clock_each_shared_parse_and_each_article(resources, monkeypatch):
    """The time budget's hook: a group's shared parse (True) is numbered by its first article,
    then each article in the stream (False), then None once the stream is done."""
    from eventwire import pipeline
    monkeypatch.setattr(pipeline, "PIPE_BATCH", 3)
    arts = [make_article(f"Report {i}. Turkey and Qatar signed a trade agreement.", name=f"t{i}", id=f"t{i}")
            for i in range(5)]
    ticks = []
    out = list(pipeline.process_many(arts, resources, clock=lambda k, shared: ticks.append((k, shared))))
    assert len(out) == 5
    assert ticks == [(0, True), (0, False), (1, False), (2, False), (3, True), (3, False), (4, False), (None, False)]
    ticks.clear()                             # a stand-in process parses for itself: no shared parse
    list(pipeline.process_many(arts[:2], resources, process=lambda a, res: pipeline.Result(a, content_hash=a.id),
                               clock=lambda k, shared: ticks.append((k, shared))))
    assert ticks == [(0, False), (1, False), (None, False)]


def test_long_articles_are_parsed_alone(resources, monkeypatch):
    """Only articles of at most GROUP_CHARS share an nlp.pipe call (a batch's parse memory grows with its characters)."""
    from eventwire import annotate, pipeline
    seen = []
    real = annotate.annotate_short
    monkeypatch.setattr(annotate, "annotate_short", lambda nlp, texts: seen.append(len(texts)) or real(nlp, texts))
    monkeypatch.setattr(pipeline, "GROUP_CHARS", 100)
    arts = [make_article(t, name=f"t{i}", id=f"t{i}") for i, t in
            enumerate(["Turkey and Qatar signed a trade agreement.", "Lavrov met Hamas leaders. " * 10,
                       "Israeli troops killed three Palestinians in Jenin."])]
    out = list(pipeline.process_many(arts, resources))
    assert seen == [2] and [len(r.events) for r in out] == [len(pipeline.process_article(a, resources).events)
                                                           for a in arts]


def test_loading_builds_what_the_first_article_would(resources):
    """Resources.load warms the fuzzy-match tables of every mention kind, the timex rules and
    dateparser, so the first article's time budget does not pay for them."""
    from eventwire.timex.rules import _rules
    assert set(resources.kb._fuzzy) == {"*", "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
    assert _rules.cache_info().currsize == 1

"""Every trigger entry of the event lexicon carries an example sentence of our own
(`example:` in data/event_lexicon.yaml); each must come out of the whole pipeline as an
asserted event of the entry's type whose trigger is the entry's word.

All examples run in one pass with one set of resources (about 600 sentences, a few
seconds); the test reports every failure at once.
"""
from __future__ import annotations

import collections
import datetime as dt

import pytest

from eventwire.events.lexicon import PLOVER_MODES, PLOVER_TYPES, load_lexicon
from eventwire.ingest import make_article
from eventwire.pipeline import process_article

PUBLISHED = dt.date(2024, 6, 3)


def _is_trigger(doc, start: int, word: str) -> bool:
    """Whether the token at `start` is `word` (its lemma, its form, or an inflection of it:
    the tagger's lemma is sometimes off, "staged" -> "stag")."""
    stem = word[:-1] if word.endswith("e") else word
    if doc.text[start:].lower().startswith(word):            # "sit-in" spans three tokens
        return True
    for t in doc:
        if t.idx == start:
            return t.lemma_.lower() == word or t.lower_ == word or t.lower_.startswith(stem)
    return False


@pytest.fixture(scope="module")
def outcomes(resources):
    """(entry, events, parsed doc) for every lexicon entry."""
    lex = resources.lexicon
    entries = [e for e in lex.entries() if e.example]
    docs = list(resources.nlp.pipe(e.example for e in entries))
    out = []
    for i, (entry, doc) in enumerate(zip(entries, docs)):
        art = make_article(entry.example, name=f"ex{i}", id=f"ex{i}", published=PUBLISHED)
        out.append((entry, process_article(art, resources).events, doc))
    return out


def test_lexicon_is_broad():
    lex = load_lexicon()
    entries = lex.entries()
    assert len(entries) >= 300
    by_type = collections.Counter(e.type for e in entries)
    assert set(by_type) == set(PLOVER_TYPES)
    assert all(e.example for e in entries), [e.lemma for e in entries if not e.example]
    for e in entries:
        assert e.mode is None or e.mode in PLOVER_MODES[e.type], (e.lemma, e.type, e.mode)


def test_every_example_codes_its_entry(outcomes):
    failures = []
    for entry, events, doc in outcomes:
        head = entry.lemma.split()[-1]
        ok = any(e.type == entry.type and e.polarity == "asserted" and _is_trigger(doc, e.trigger.start, head)
                 for e in events)
        if not ok:
            got = [(e.type, e.polarity, e.trigger.text) for e in events]
            failures.append(f"{entry.lemma}/{entry.pos}/{entry.type}: {entry.example!r} -> {got}")
    assert not failures, f"{len(failures)} of {len(outcomes)} examples fail:\n" + "\n".join(failures)


def test_examples_give_parties_and_quad(outcomes):
    """Each example names who acts, and the event carries its PLOVER quad class."""
    for entry, events, _ in outcomes:
        for e in events:
            if e.type == entry.type and e.polarity == "asserted":
                assert e.actors, (entry.lemma, entry.example)
                assert e.quad in (1, 2, 3, 4)

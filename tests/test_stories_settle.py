"""The batch pass over stories: its similarity matrix, small-story attachment, and settling a store."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

from eventwire.store import connect, store_result
from eventwire.stories import cluster as C
from eventwire.stories.index import PARAMS, _refresh_story
from eventwire.stories.settle import attach_small, batch_labels, scope, settle, similarity_matrix
from eventwire.stories.views import list_stories

from test_stories import MEETING, QUAKE, QUAKES, result


def _vec(words: str, actors=(), places=(), dates=()) -> C.Groups:
    raw = C.raw_features(words, [("PERSON", a) for a in actors], places, dates, [])
    return C.weigh(raw, {}, 10)


QUAKE_2008 = _vec("earthquake magnitude rubble rescuers survivors collapsed", places=["qeshm"], dates=["2008-03"])
QUAKE_2008B = _vec("earthquake rubble survivors rescuers aftershock", places=["qeshm"], dates=["2008-03"])
QUAKE_2013 = _vec("earthquake tremor province nuclear plant officials damage rubble", places=["bushehr"],
                  dates=["2013-04"])
TALKS = _vec("talks ceasefire hostages minister", actors=["lavrov", "mashal"], places=["moscow"])


def test_matrix_is_the_pairwise_story_similarity():
    vectors = [QUAKE_2008, QUAKE_2008B, QUAKE_2013, TALKS]
    sim = similarity_matrix(vectors)
    for i, a in enumerate(vectors):
        for j, b in enumerate(vectors):
            if i != j:
                assert sim[i, j] == pytest.approx(C.similarity(a, b, PARAMS, [b]), abs=1e-5)
    assert sim[0, 1] > sim[0, 2]            # same words, but another place and year: cut


def test_batch_labels_keep_same_kind_stories_apart():
    vectors = [QUAKE_2008, QUAKE_2008B, QUAKE_2013, TALKS]
    params = replace(PARAMS, attach=0)
    labels = batch_labels(similarity_matrix(vectors, params), params)
    assert labels[0] == labels[1] and len({labels[0], labels[2], labels[3]}) == 3
    words_only = replace(params, actors=0, places=0, dates=0)        # the words alone: one earthquake story
    labels = batch_labels(similarity_matrix(vectors, words_only), words_only)
    assert labels[0] == labels[1] == labels[2] != labels[3]


def test_attach_small_joins_a_close_small_story_only():
    sim = np.array([[1.0, 0.5, 0.5, 0.3],
                    [0.5, 1.0, 0.5, 0.2],
                    [0.5, 0.5, 1.0, 0.1],
                    [0.3, 0.2, 0.1, 1.0]])
    assert attach_small(sim, [1, 1, 1, 2], floor=0.15, small=1) == [1, 1, 1, 1]     # mean 0.2 >= 0.15
    assert attach_small(sim, [1, 1, 1, 2], floor=0.25, small=1) == [1, 1, 1, 2]     # mean 0.2 < 0.25
    assert attach_small(sim, [1, 1, 2, 3], floor=0.15, small=2) == [1, 1, 2, 3]     # no story larger than 2
    assert attach_small(sim, [1, 1, 2, 3], floor=0.15, small=1) == [1, 1, 1, 1]
    assert attach_small(sim, [1, 1, 1, 2], floor=0.0, small=1) == [1, 1, 1, 2]      # attach off


def _store(db_url):
    conn = connect(db_url)
    for i, text in enumerate(MEETING):
        store_result(conn, result(f"m{i}", text))
    store_result(conn, result("quake", QUAKES, actors=(), place=QUAKE, date="2024-01-18"))
    return conn


def _by_article(conn) -> dict[str, str]:
    return {a: s["id"] for s in list_stories(conn) for a in s["articles"]}


def test_settle_undoes_an_early_merge(db_url):
    conn = _store(db_url)
    before = _by_article(conn)
    assert before["quake"] != before["m0"]
    old = before["quake"]                                            # an early wrong merge, as the incremental
    conn.execute("UPDATE story_articles SET story_id=? WHERE article_id='quake'", (before["m0"],))   # pass can make
    _refresh_story(conn, before["m0"])
    _refresh_story(conn, old)
    assert len(set(_by_article(conn).values())) == 1
    assert settle(conn) == 1
    after = _by_article(conn)
    assert after["m0"] == after["m1"] == after["m2"] == before["m0"] != after["quake"]
    assert sorted(s["size"] for s in list_stories(conn)) == [1, 3]
    assert Counter(after.values()) == Counter(s["id"] for s in list_stories(conn) for _ in s["articles"])
    keys = {r[0] for r in conn.execute("SELECT DISTINCT story_id FROM story_keys")}
    assert keys == set(after.values())
    assert settle(conn) == 0                                          # settled: nothing moves again


def test_scope_holds_the_stories_and_their_neighbours(db_url):
    conn = _store(db_url)
    assert set(scope(conn, ["m0"])) >= {"m0", "m1", "m2"}
    assert len(scope(conn, ["m0", "quake"], limit=2)) == 2           # bounded, most recent first
    assert settle(conn, ["m1"]) == 0


def test_a_near_duplicate_follows_its_original(db_url):
    conn = _store(db_url)
    dup = result("dup", QUAKES + " Updated.", actors=(), place=None)          # words of the quake, but
    store_result(conn, replace(dup, article=replace(dup.article, duplicate_of="m0")))   # marked a copy of m0
    settle(conn)
    by = _by_article(conn)
    assert by["dup"] == by["m0"] != by["quake"]

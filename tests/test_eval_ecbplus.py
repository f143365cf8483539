"""ECB+ scoring: cluster metrics on known cases, and the whole scorer on a tiny hand-made set."""
from __future__ import annotations

import pytest

from eventwire.eval.clustering import bcubed_items, coref_scores, document_scores
from eventwire.eval.ecbplus import ecbplus_inputs, format_ecbplus, score_ecbplus

from test_stories import MEETING, QUAKE, QUAKES, result


def test_document_scores_perfect_and_lumped():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    perfect = document_scores(gold, {"a": "x", "b": "x", "c": "y", "d": "y"})
    assert perfect["bcubed_f1"] == 1.0 and perfect["ari"] == 1.0 and perfect["v_measure"] == pytest.approx(1.0)
    lumped = bcubed_items(gold, {x: "one" for x in gold})
    assert lumped["bcubed_p"] == 0.5 and lumped["bcubed_r"] == 1.0


def test_coref_scores_on_a_worked_example():
    key = [frozenset("abc"), frozenset("de"), frozenset("f")]
    response = [frozenset("ab"), frozenset("cde"), frozenset("g")]      # g: a predicted mention not in the gold
    s = coref_scores(key, response)
    assert s["muc_r"] == pytest.approx(2 / 3) and s["muc_p"] == pytest.approx(2 / 3)
    assert s["bcubed_r"] == pytest.approx((5 / 3 + 2) / 6)
    assert s["ceafe_r"] == pytest.approx(1.6 / 3) and s["ceafe_p"] == pytest.approx(1.6 / 3)
    assert coref_scores(key, key)["conll_f1"] == 1.0


def _record(doc_id, text, subtopic, mentions=()):
    return {"doc_id": doc_id, "topic": subtopic[0], "subtopic": subtopic, "text": text, "coref_sentences": [0],
            "event_mentions": [{"start": 0, "end": 4, "text": text[:4], "chain": c, "sentence": 0,
                                "in_coref_sentence": True, "m_id": "1"} for c in mentions]}


def test_score_ecbplus_on_a_tiny_set():
    records = [_record(f"m{i}", t, "1ecb", ["meet"]) for i, t in enumerate(MEETING)]
    records.append(_record("q", QUAKES, "1ecbplus", ["quake"]))
    assert ecbplus_inputs(records)[0] == {"id": "m0", "text": MEETING[0]}
    results = [result(f"m{i}", t) for i, t in enumerate(MEETING)]
    results.append(result("q", QUAKES, actors=(), place=QUAKE, date="2021-02-01"))
    scores = score_ecbplus(records, results)
    assert scores["stories"]["bcubed_f1"] == 1.0 and scores["stories"]["n_pred"] == 2
    assert scores["event_coref"]["conll_f1"] == 1.0 and scores["event_coref"]["mentions_found"] == 4
    assert [row["signals"] for row in scores["ablation"]][0] == "text only"
    assert "threshold" in scores["baseline_tfidf"]
    assert "CoNLL F1 1.000" in format_ecbplus(scores)

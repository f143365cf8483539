"""Tests of eventwire.eval: the scorers work on contract JSON only (no pipeline, no spaCy)."""
from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

import pytest

from eventwire.eval import (
    EvalError, detect_format, format_table, gold_inputs, load_gold, run_eval,
    score_bodies, score_seeds, score_timeml, timeml_inputs,
)
from eventwire.eval.common import body_text, day_range, gold_date_matches
from eventwire.eval.html_body import shingle_counts, shingles

SHARED = Path(__file__).parents[2] / "shared"

TEXT = ("Hamas envoy Mousa Abu Marzook met Mikhail Bogdanov in Moscow on Friday. "
        "Israel accused the group of stalling. "
        "Marzook visited Moscow between 2006 and 2010.\n"
        "Read more: other story")

GOLD = {"articles": [{
    "id": "a", "text": TEXT, "published": "2024-01-20", "outlet": "Test Times",
    "boilerplate": ["Read more: other story"],
    "entities": [
        {"name": "Hamas", "kind": "ORG", "country": "PSE", "sector": "REB", "aliases": ["the group"]},
        {"name": "Mousa Abu Marzook", "kind": "PERSON", "country": "PSE", "sector": "REB", "aliases": ["Marzook"]},
        {"name": "Mikhail Bogdanov", "kind": "PERSON", "country": "RUS", "sector": "GOV", "aliases": ["Bogdanov"]},
        {"name": "Israel", "kind": "GPE", "country": "ISR"},
        {"name": "Russia", "kind": "GPE", "country": "RUS"},
        {"name": "Moscow", "kind": "GPE", "country": "RUS"},
    ],
    "events": [
        {"id": "e1", "type": "CONSULT", "must": True, "source": "Hamas", "source_people": ["Mousa Abu Marzook"],
         "target": "Mikhail Bogdanov", "location": "Moscow", "date": "2024-01-19"},
        {"id": "e2", "type": "ACCUSE", "source": "Israel", "target": "Hamas", "date": "2024-01"},
        {"id": "e3", "type": "CONSULT", "mode": "visit", "source": "Mousa Abu Marzook", "target": "Russia",
         "location": "Moscow", "date": "2006/2010"},
    ],
    "must_not": [{"type": "CONSULT", "source": "Bogdanov", "target": "Marzook", "date": "2023-10-07"}],
}]}

ALL = {"entities", "events", "times", "boilerplate", "claims", "quotes"}


def ent(eid, name, kind, country=None, sector=None, mentions=()):
    return {"id": eid, "name": name, "kind": kind, "country": country, "sector": sector, "aliases": [],
            "roles": [], "attributes": {},
            "mentions": [{"start": TEXT.find(m), "end": TEXT.find(m) + len(m), "text": m} for m in mentions]}


def event(eid, etype, actors, recipients=(), date=None, date_end=None, location=None,
          polarity="asserted", mode=None):
    return {"id": eid, "type": etype, "mode": mode, "cameo": None, "actors": list(actors),
            "recipients": list(recipients), "location": {"name": location, "country": None, "lat": None,
                                                         "lon": None} if location else None,
            "date": date, "date_end": date_end, "polarity": polarity}


def perfect_article():
    start = TEXT.find("Read more")
    return {
        "id": "a", "text": TEXT, "published": "2024-01-20", "published_inferred": False,
        "dropped": [{"start": start, "end": len(TEXT), "text": TEXT[start:], "reason": "teaser"}],
        "entities": [
            ent("hamas", "Hamas", "ORG", "PSE", "REB", ["Hamas", "the group"]),
            ent("marzook", "Mousa Abu Marzook", "PERSON", "PSE", "REB", ["Mousa Abu Marzook", "Marzook"]),
            ent("bogdanov", "Mikhail Bogdanov", "PERSON", "RUS", "GOV", ["Mikhail Bogdanov"]),
            ent("israel", "Israel", "GPE", "ISR", None, ["Israel"]),
            ent("russia", "Russia", "GPE", "RUS", None, []),
            ent("moscow", "Moscow", "GPE", "RUS", None, ["Moscow"]),
            ent("friday", "Friday", "DATE", None, None, ["Friday"]),      # not a kind the gold annotates
        ],
        "events": [
            event("s1", "CONSULT", ["marzook", "bogdanov"], date="2024-01-19", location="Moscow"),
            event("s2", "ACCUSE", ["israel"], ["hamas"], date="2024-01-19"),
            event("s3", "CONSULT", ["marzook"], ["russia"], date="2006", date_end="2010",
                  location="Moscow", mode="visit"),
        ],
        "times": [{"start": TEXT.find("Friday"), "end": TEXT.find("Friday") + 6, "text": "Friday",
                   "type": "DATE", "value": "2024-01-19"},
                  {"start": TEXT.find("2006"), "end": TEXT.find("2006") + 4, "text": "2006", "type": "DATE",
                   "value": "2006"},
                  {"start": TEXT.find("2010"), "end": TEXT.find("2010") + 4, "text": "2010", "type": "DATE",
                   "value": "2010"}],
        "claims": [], "quotes": [],
    }


def score(article, extracted=frozenset({"entities", "events", "times", "boilerplate"}), gold=GOLD):
    return score_seeds(gold, {"a": article} if article is not None else {}, set(extracted))


# --------------------------------------------------------------------------- seeds: whole results

def test_perfect_output_scores_one():
    res = score(perfect_article())
    e = res["entities"]
    assert (e["precision"], e["recall"], e["f1"]) == (1.0, 1.0, 1.0)
    assert (e["tp"], e["fp"], e["fn"]) == (6, 0, 0)
    assert e["kind_country_sector"] == 1.0 and e["kind_country_sector_total"] == 6
    ev = res["events"]
    assert (ev["precision"], ev["recall"], ev["f1"]) == (1.0, 1.0, 1.0)
    assert (ev["date_correct"], ev["date_total"]) == (3, 3)      # e2 is 2024-01: s2's 2024-01-19 is in it
    assert ev["date_accuracy"] == 1.0
    assert (ev["location_correct"], ev["location_total"]) == (2, 2)
    assert (ev["mode_correct"], ev["mode_total"]) == (1, 1)
    assert res["events_strict"]["recall"] == 1.0
    assert res["must"] == {"found": 1, "total": 1, "recall": 1.0, "missing": []}
    assert res["must_not"] == {"hits": 0, "total": 1, "which": []}
    b = res["boilerplate"]
    assert (b["precision"], b["recall"], b["f1"], b["body_token_f1"]) == (1.0, 1.0, 1.0, 1.0)
    assert b["tp"] == len("Readmore:otherstory")
    t = res["times"]
    assert (t["gold_dates_found"], t["gold_dates_total"]) == (4, 4)   # 2024-01-19 refines gold 2024-01
    assert t["gold_dates_missing"] == []
    assert (t["published_correct"], t["published_total"]) == (1, 1)
    assert res["by_article"]["a"]["entities"]["f1"] == 1.0
    assert res["details"]["events"]["a"]["unmatched_system"] == []
    json.dumps(res)     # JSON-able


def test_date_precision_is_the_golds():
    art = perfect_article()
    art["events"][1]["date"] = "2024"                  # coarser than the gold's 2024-01
    res = score(art)
    assert res["events"]["date_accuracy"] == pytest.approx(2 / 3)
    assert res["events"]["recall"] == 1.0              # type and parties still match
    assert res["events_strict"]["recall"] == pytest.approx(2 / 3)
    assert res["details"]["events"]["a"]["matched_but_not_strict"] == ["a/e2"]
    art["events"][0]["date"] = "2024-01-18"            # a must event on the wrong day
    assert score(art)["must"]["missing"] == ["a/e1"]


def test_empty_output():
    res = score(None)
    e = res["entities"]
    assert (e["precision"], e["recall"], e["f1"]) == (None, 0.0, 0.0)
    assert (e["tp"], e["fp"], e["fn"]) == (0, 0, 6)
    ev = res["events"]
    assert (ev["precision"], ev["recall"], ev["f1"]) == (None, 0.0, 0.0)
    assert (ev["n_gold"], ev["n_system"], ev["fn"]) == (3, 0, 3)
    assert ev["date_accuracy"] is None
    assert res["must"] == {"found": 0, "total": 1, "recall": 0.0, "missing": ["a/e1"]}
    assert res["must_not"]["hits"] == 0
    b = res["boilerplate"]
    assert (b["precision"], b["recall"], b["fn"]) == (None, 0.0, 19)
    assert res["details"]["missing_articles"] == ["a"]
    assert res["times"]["gold_dates_found"] == 0
    assert res["times"]["published_wrong"][0]["system"] is None


def test_empty_article_is_the_same_as_missing():
    res = score({"id": "a", "text": TEXT})
    assert res["events"]["recall"] == 0.0 and res["entities"]["recall"] == 0.0
    assert res["details"]["missing_articles"] == []


def test_wrong_type_event():
    art = perfect_article()
    art["events"][1]["type"] = "THREATEN"
    ev = score(art)["events"]
    assert (ev["matched_gold"], ev["n_gold"], ev["matched_system"], ev["n_system"]) == (2, 3, 2, 3)
    assert ev["precision"] == pytest.approx(2 / 3) and ev["recall"] == pytest.approx(2 / 3)
    det = score(art)["details"]["events"]["a"]
    assert [g["id"] for g in det["unmatched_gold"]] == ["a/e2"]
    assert [s["id"] for s in det["unmatched_system"]] == ["s2"]


def test_spurious_event_is_a_false_positive():
    art = perfect_article()
    art["events"].append(event("s4", "ASSAULT", ["hamas"], ["israel"]))
    ev = score(art)["events"]
    assert ev["precision"] == 0.75 and ev["recall"] == 1.0 and ev["fp"] == 1


def test_non_asserted_event_is_not_counted():
    art = perfect_article()
    art["events"][0]["polarity"] = "proposed"
    res = score(art)
    ev = res["events"]
    assert ev["n_system"] == 2 and ev["not_asserted"] == 1
    assert ev["recall"] == pytest.approx(2 / 3) and ev["precision"] == 1.0
    assert res["must"]["missing"] == ["a/e1"]


def test_joint_delegation_matches_two_gold_events():
    gold = {"articles": [{"id": "a", "text": TEXT, "entities": [
        {"name": "Hamas", "kind": "ORG"}, {"name": "Ali Bagheri Kani", "kind": "PERSON"},
        {"name": "Mikhail Bogdanov", "kind": "PERSON"}],
        "events": [{"id": "g1", "type": "CONSULT", "source": "Hamas", "target": "Mikhail Bogdanov"},
                   {"id": "g2", "type": "CONSULT", "source": "Ali Bagheri Kani", "target": "Mikhail Bogdanov"}]}]}
    art = {"id": "a", "text": TEXT, "entities": [
        ent("h", "Hamas", "ORG"), ent("k", "Ali Bagheri Kani", "PERSON"), ent("b", "Mikhail Bogdanov", "PERSON")],
        "events": [event("j", "CONSULT", ["h", "k", "b"])]}
    ev = score(art, gold=gold)["events"]
    assert (ev["matched_gold"], ev["n_gold"], ev["matched_system"], ev["n_system"]) == (2, 2, 1, 1)
    assert (ev["precision"], ev["recall"], ev["f1"]) == (1.0, 1.0, 1.0)


def test_source_people_stand_for_the_source():
    art = perfect_article()        # s1 has Marzook (a source_people of e1), not Hamas
    assert score(art)["details"]["events"]["a"]["matches"]["a/e1"] == ["s1"]
    art["events"][0]["actors"] = ["israel", "bogdanov"]
    assert "a/e1" not in score(art)["details"]["events"]["a"]["matches"]


def test_consult_in_either_order_but_accuse_not():
    art = perfect_article()
    art["events"][0]["actors"], art["events"][0]["recipients"] = ["bogdanov"], ["marzook"]
    art["events"][1]["actors"], art["events"][1]["recipients"] = ["hamas"], ["israel"]
    ev = score(art)["events"]
    matches = score(art)["details"]["events"]["a"]["matches"]
    assert "a/e1" in matches and "a/e2" not in matches
    assert ev["recall"] == pytest.approx(2 / 3)


def test_consult_needs_two_different_parties():
    art = perfect_article()
    art["events"][0]["actors"] = ["marzook"]          # only one side of the meeting
    assert "a/e1" not in score(art)["details"]["events"]["a"]["matches"]


def test_interval_and_precision_dates():
    assert gold_date_matches("2008", "2008-05-03")
    assert gold_date_matches("2008", "2008")
    assert not gold_date_matches("2008-05", "2008")                  # coarser than the gold
    assert not gold_date_matches("2008", "2008", "2009")             # an interval is not the point
    assert gold_date_matches("2024-01-19", "2024-01-19T10:30:00")
    assert gold_date_matches("2006/2010", "2008")                    # overlap
    assert gold_date_matches("2006/2010", "2004", "2006-03")
    assert not gold_date_matches("2006/2010", "2011", "2012")
    assert gold_date_matches("2006-03/2024-01", "2006-03-15", "2024-01-19")
    assert gold_date_matches(2012, "2012-SU")
    assert not gold_date_matches("2024-01-19", None)
    assert not gold_date_matches("2024-01-19", "PRESENT_REF")
    assert day_range("2013-W11")[0].isoformat() == "2013-03-11"
    art = perfect_article()
    art["events"][2]["date"], art["events"][2]["date_end"] = "2011", "2012"
    ev = score(art)["events"]
    assert (ev["date_correct"], ev["date_total"]) == (2, 3)


def test_must_not_hit():
    art = perfect_article()
    art["events"].append(event("bad", "CONSULT", ["bogdanov", "marzook"], date="2023-10-07"))
    art["events"].append(event("ok", "CONSULT", ["bogdanov", "marzook"], date="2023-10-08"))
    mn = score(art)["must_not"]
    assert mn["hits"] == 1 and mn["total"] == 1
    assert mn["which"][0]["system_events"] == ["bad"]
    assert mn["which"][0]["id"] == "a/must_not[0]"


def test_not_extracted_categories():
    res = score(perfect_article(), extracted={"entities"})
    for cat in ("events", "events_strict", "must", "must_not", "claims", "quotes", "boilerplate", "times"):
        assert res[cat] == {"status": "not extracted"}
    assert res["entities"]["f1"] == 1.0
    assert "events" not in res["by_article"]["a"]
    assert "not extracted" in format_table(res)


def test_wrong_country_and_duplicate_entity():
    art = perfect_article()
    art["entities"][2]["country"] = "UKR"
    art["entities"].append(ent("m2", "Marzook", "PERSON", mentions=["Marzook"]))   # not merged
    art["entities"].append(ent("x", "Islamic resistance movement", "ORG"))
    e = score(art)["entities"]
    assert (e["tp"], e["fp"], e["fn"], e["split"]) == (6, 2, 0, 1)
    assert (e["kind_country_sector_correct"], e["kind_country_sector_total"]) == (5, 6)
    assert e["country_accuracy"] == pytest.approx(5 / 6)


def test_entity_kind_must_agree():
    art = perfect_article()
    art["entities"][0]["kind"] = "NORP"        # Hamas as NORP: not scored, and gold Hamas missed
    e = score(art)["entities"]
    assert (e["tp"], e["fp"], e["fn"]) == (5, 0, 1)


def test_boilerplate_chars():
    art = perfect_article()
    start = TEXT.find("other story")
    art["dropped"] = [{"start": start, "end": len(TEXT), "reason": "teaser"},
                      {"start": 0, "end": 5, "reason": "oops"}]          # "Hamas"
    b = score(art)["boilerplate"]
    assert (b["tp"], b["fp"], b["fn"]) == (10, 5, 9)
    assert b["precision"] == pytest.approx(10 / 15) and b["recall"] == pytest.approx(10 / 19)


def test_claims_and_quotes():
    gold = copy.deepcopy(GOLD)
    g = gold["articles"][0]
    g["claims"] = [{"what": "killed", "subject": "people in Israel", "value": ">1000"},
                   {"what": "kidnapped", "subject": "people in Israel", "value": "hundreds", "range": [200, 999]},
                   {"what": "held_hostage", "subject": "Russian citizens", "value": 3}]
    g["quotes"] = [{"speaker": "Mikhail Bogdanov", "text": "accused the group of stalling"}]
    art = perfect_article()
    art["claims"] = [{"what": "killed", "subject": "people in Israel", "low": 1000, "high": None},
                     {"what": "kidnapped", "subject": "Israelis", "low": 100, "high": 900},
                     {"what": "held_hostage", "subject": "Russian nationals", "low": 6, "high": 6},
                     {"what": "injured", "subject": "people", "low": 5, "high": 5}]
    q0 = TEXT.find("accused")
    art["quotes"] = [{"speaker": "bogdanov", "start": q0, "end": q0 + 12, "text": TEXT[q0:q0 + 12], "direct": False},
                     {"speaker": "hamas", "start": q0, "end": q0 + 12, "text": TEXT[q0:q0 + 12], "direct": False}]
    res = score(art, extracted=ALL, gold=gold)
    c = res["claims"]
    assert (c["matched_gold"], c["n_gold"], c["matched_system"], c["n_system"]) == (2, 3, 2, 4)
    q = res["quotes"]
    assert (q["matched_gold"], q["n_gold"], q["matched_system"], q["n_system"]) == (1, 1, 1, 2)
    assert (q["precision"], q["recall"]) == (0.5, 1.0)


def test_format_table_lists_categories():
    table = format_table(score(perfect_article()))
    lines = table.splitlines()
    assert lines[0].split() == ["category", "P", "R", "F1"]
    assert any(line.startswith("entities") and "1.000" in line for line in lines)
    assert any(line.startswith("must_not") for line in lines)


# --------------------------------------------------------------------------- seeds: files

def test_load_gold_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("articles: [\n", encoding="utf-8")
    with pytest.raises(EvalError, match="bad.yaml"):
        load_gold(bad)
    empty = tmp_path / "empty.yaml"
    empty.write_text("foo: 1\n", encoding="utf-8")
    with pytest.raises(EvalError, match="empty.yaml.*articles"):
        load_gold(empty)


def test_gold_inputs_inline_and_missing_file(tmp_path):
    gold_file = tmp_path / "g.yaml"
    gold_file.write_text("articles:\n- {id: x, text: 'Hello.', published: 2023-10-26}\n"
                         "- {id: y, file: y.txt, published: null}\n", encoding="utf-8")
    gold = load_gold(gold_file)
    with pytest.raises(EvalError, match="--docs"):
        gold_inputs(gold, None)
    with pytest.raises(EvalError, match="y.txt"):
        gold_inputs(gold, tmp_path)
    (tmp_path / "y.txt").write_bytes("line one\r\nline two\n".encode("utf-8"))
    recs = gold_inputs(gold, tmp_path)
    assert recs[0] == {"id": "x", "text": "Hello.", "published": "2023-10-26", "outlet": None}
    assert recs[1]["text"] == "line one\r\nline two\n" and recs[1]["published"] is None


def test_real_seed_gold():
    path = SHARED / "gold" / "seeds.yaml"
    if not path.exists():
        pytest.skip("shared/gold/seeds.yaml is not here")
    gold = load_gold(path)
    recs = gold_inputs(gold, SHARED / "seeds")
    assert [r["id"] for r in recs] == ["seed-000", "seed-002"]
    assert [len(r["text"]) for r in recs] == [4220, 3464]
    assert [r["published"] for r in recs] == [None, "2023-10-26"]
    assert detect_format(path) == "seeds"
    res = run_eval(path, SHARED / "seeds", lambda records: {"articles": []})
    assert res["events"]["recall"] == 0.0 and res["must"]["total"] == 13


# --------------------------------------------------------------------------- TimeML

def _timeml_record():
    text = "Prices rose on Monday.\nMarch 01, 2008\nThey fell for three days last week. Later in 2009."
    def span(s):
        i = text.find(s)
        return i, i + len(s)
    until = text.find("Later")
    gold = [("Monday", "DATE", "2008-02-25"), ("three days", "DURATION", "P3D"), ("last week", "DATE", "2008-W08")]
    rec = {"doc_id": "d1", "dct": "2008-03-01", "text": text, "dct_span": list(span("March 01, 2008")),
           "annotated_until": until,
           "timexes": [{"start": span(s)[0], "end": span(s)[1], "text": s, "type": t, "value": v} for s, t, v in gold]}
    preds = [("on Monday", "2008-02-25"), ("three days", "P3D"), ("last week", "2008-W09"),
             ("rose", "PRESENT_REF"), ("March 01, 2008", "2008-03-01"), ("2009", "2009")]
    times = [{"start": span(s)[0], "end": span(s)[1], "text": s, "type": "DATE", "value": v} for s, v in preds]
    return rec, {"id": "d1", "text": text, "times": times}


def test_timeml_strict_vs_relaxed():
    rec, art = _timeml_record()
    t = score_timeml([rec], {"d1": art})["timex"]
    assert (t["n_gold"], t["n_pred"]) == (3, 4)        # dateline and post-annotation predictions left out
    assert t["strict_precision"] == 0.5 and t["strict_recall"] == pytest.approx(2 / 3)
    assert t["strict_f1"] == pytest.approx(4 / 7)
    assert t["relaxed_precision"] == 0.75 and t["relaxed_recall"] == 1.0
    assert t["relaxed_f1"] == pytest.approx(6 / 7)
    assert t["value_accuracy"] == pytest.approx(2 / 3)
    assert t["value_f1"] == pytest.approx(6 / 7 * 2 / 3)
    assert set(t) >= {"strict_f1", "relaxed_f1", "value_f1", "value_accuracy", "n_gold", "n_pred"}


def test_timeml_empty_output_and_inputs():
    rec, _ = _timeml_record()
    t = score_timeml([rec], {})["timex"]
    assert (t["strict_f1"], t["relaxed_f1"], t["value_f1"], t["value_accuracy"]) == (0.0, 0.0, 0.0, None)
    assert timeml_inputs([rec]) == [{"id": "d1", "text": rec["text"], "published": "2008-03-01"}]


def test_run_eval_timeml(tmp_path):
    rec, art = _timeml_record()
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    assert detect_format(path) == "timeml"
    seen = []
    res = run_eval(path, None, lambda records: seen.extend(records) or {"articles": [art]})
    assert seen[0]["published"] == "2008-03-01"
    assert res["timex"]["relaxed_f1"] == pytest.approx(6 / 7)


# --------------------------------------------------------------------------- HTML bodies

def test_shingles_on_tiny_texts():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("x, y!") == {("x", "y"): 1}
    assert shingles("") == {}
    assert shingle_counts("a b c d e", "a b c d") == (1, 0, 1)
    assert shingle_counts("A b c d", "a b c d") == (0, 1, 1)          # case is kept


def test_score_bodies_benchmark_averaging():
    gold = [{"id": "p1", "body": "a b c d e"}, {"id": "p2", "body": "x y"}, {"id": "p3", "body": "m n o p"}]
    arts = {"p1": {"id": "p1", "text": "a b c d"}, "p2": {"id": "p2", "text": "x\n\ny."},
            "p3": {"id": "p3", "text": "m n o p", "dropped": [{"start": 0, "end": 7}]}}
    b = score_bodies(gold, arts)["body"]
    assert b["precision"] == 1.0                 # averaged over p1, p2 (p3 predicted nothing)
    assert b["recall"] == pytest.approx(0.5)     # (0.5 + 1 + 0) / 3
    assert b["f1"] == pytest.approx(2 / 3)
    assert b["exact"] == pytest.approx(1 / 3)


def test_body_text_minus_dropped():
    art = {"text": "Story one.Teaser here.Story two.", "dropped": [{"start": 10, "end": 22}]}
    assert body_text(art) == "Story one.\nStory two."


def test_run_eval_html(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(b"<html><p>a b c d</p></html>"))
    path = tmp_path / "ground_truth.jsonl"
    path.write_text(json.dumps({"id": "p1", "url": "http://x", "html_file": "html/p1.html.gz",
                                "body": "a b c d"}) + "\n", encoding="utf-8")
    assert detect_format(path) == "html"

    def extract(records):
        assert records[0]["html"] == "<html><p>a b c d</p></html>"
        return {"articles": [{"id": "p1", "text": "a b c d"}]}
    res = run_eval(path, None, extract)
    assert res["body"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "exact": 1.0,
                           "n_pages": 1, "n_predicted": 1}
    assert "body" in format_table(res)


# --------------------------------------------------------------------------- formats

def test_detect_format_and_ecbplus_needs_results(tmp_path):
    ecb = tmp_path / "e.jsonl"
    ecb.write_text(json.dumps({"doc_id": "1_1ecb", "text": "x", "event_mentions": []}) + "\n", encoding="utf-8")
    assert detect_format(ecb) == "ecbplus"
    with pytest.raises(EvalError, match="needs the coded results"):      # ECB+ is scored on the linked store
        run_eval(ecb, None, lambda records: {"articles": []})
    other = tmp_path / "o.jsonl"
    other.write_text('{"foo": 1}\n', encoding="utf-8")
    with pytest.raises(EvalError, match="unknown gold format"):
        detect_format(other)


def test_run_eval_rejects_a_bad_document(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("articles:\n- {id: x, text: 'Hello.'}\n", encoding="utf-8")
    with pytest.raises(EvalError, match="articles"):
        run_eval(path, None, lambda records: [])


def test_run_eval_reads_extracted_from_the_document(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("articles:\n- {id: x, text: 'Hello.', claims: [{what: killed, value: 3}]}\n", encoding="utf-8")
    res = run_eval(path, None, lambda records: {"articles": [], "extracted": ["claims"]})
    assert res["entities"] == {"status": "not extracted"}
    assert res["claims"]["recall"] == 0.0
    res = run_eval(path, None, lambda records: {"articles": []})
    assert res["claims"] == {"status": "not extracted"} and "f1" in res["entities"]


def test_time_values_match_at_the_gold_precision():
    from eventwire.eval.seeds import _refines
    assert _refines("2012-SU", "2012") and _refines("2012-06", "2012") and _refines("2012", "2012")
    assert not _refines("20121", "2012") and not _refines("2012", "2012-06") and not _refines("2013", "2012")


def test_seed_party_at_country_level_is_met_by_a_sector_of_that_country():
    """A gold party coded as a country ("Russia") is met by that country's sector as a whole
    (RUS.GOV for "Moscow said"), not by another country's or by an unrelated name."""
    from eventwire.eval.seeds import _GoldEntities, _SystemEntities, _parties_match
    gents = _GoldEntities([{"name": "Russia", "kind": "GPE", "country": "RUS"},
                           {"name": "Israel", "kind": "GPE", "country": "ISR"}])
    art = {"entities": [{"id": "RUS", "name": "Russia", "kind": "GPE", "country": "RUS"},
                        {"id": "RUS.GOV", "name": "Government of Russia", "kind": "NORP", "country": "RUS"},
                        {"id": "ISR.GOV.MFA", "name": "Israeli Foreign Ministry", "kind": "ORG", "country": "ISR"},
                        {"id": "UKR.GOV", "name": "Government of Ukraine", "kind": "NORP", "country": "UKR"}]}
    sents = _SystemEntities(art)
    item = {"type": "REQUEST", "source": "Israel", "target": "Russia"}
    ev = {"type": "REQUEST", "actors": ["ISR.GOV.MFA"], "recipients": ["RUS.GOV"]}
    assert not _parties_match(item, gents, ev, sents)       # a ministry is not the country as a whole
    item = {"type": "REQUEST", "target": "Russia"}
    assert _parties_match(item, gents, ev, sents)
    assert not _parties_match(item, gents, {**ev, "recipients": ["UKR.GOV"]}, sents)

"""The PLOVER gold-standard scorer, on tiny hand-made records (no model needed)."""
from __future__ import annotations

import json

import pytest

from eventwire.eval import detect_format, format_table, run_eval
from eventwire.eval.plover import gold_country, gold_sector, party_matches, plover_inputs, score_plover


def _rec(rid, code, source, target, mode=None, text="x"):
    return {"id": rid, "text": text, "date": "2000-01-01",
            "expected": [{"code": code, "mode": mode, "source": source, "target": target}]}


def _ent(eid, country, sector=None, kind="GPE"):
    return {"id": eid, "name": eid, "kind": kind, "country": country, "sector": sector, "mentions": []}


def _ev(etype, actors, recipients=(), mode=None, polarity="asserted"):
    return {"type": etype, "mode": mode, "actors": list(actors), "recipients": list(recipients),
            "polarity": polarity}


USA = {"text": "United States", "code": "USA", "sector": None}
NGA_GOV = {"text": "Nigerian minister", "code": "NGA", "sector": "GOV"}


def test_codes_are_normalised():
    assert gold_country("JAP") == "JPN" and gold_country("usa") == "USA" and gold_country(None) is None
    assert gold_sector("CVLalb") == "CVL" and gold_sector("REBMOS") == "REB" and gold_sector("***") is None
    assert gold_sector("CIV") == "CVL" and gold_sector(None) is None


def test_party_matching_rule():
    assert party_matches(NGA_GOV, _ent("p", "NGA", "GOV"))
    assert not party_matches(NGA_GOV, _ent("p", "NGA", None))          # gold sector given: needed
    assert party_matches(NGA_GOV, _ent("p", "NGA", None), use_sector=False)
    assert party_matches(USA, _ent("USA.GOV", "USA", "GOV"))           # no gold sector: any sector
    assert not party_matches(USA, _ent("RUS", "RUS"))
    igo = {"text": "United Nations", "code": "IGO", "sector": None}
    assert party_matches(igo, _ent("org:un", None, "GOV", "ORG"))       # no country: transnational
    assert not party_matches(igo, _ent("USA", "USA"))
    assert party_matches({"code": "JAP", "sector": "GOV"}, _ent("p", "JPN", "GOV"))
    assert not party_matches(USA, None)


def test_perfect_record_scores_one():
    recs = [_rec("r1", "ACCUSE", [NGA_GOV], [USA], mode="disapprove")]
    arts = {"r1": {"id": "r1", "entities": [_ent("p", "NGA", "GOV", "PERSON"), _ent("USA", "USA")],
                   "events": [_ev("ACCUSE", ["p"], ["USA"], mode="disapprove")]}}
    s = score_plover(recs, arts)
    assert s["event_type"]["accuracy"] == 1.0 and s["event_type"]["precision"] == 1.0
    assert s["mode"]["accuracy"] == 1.0 and s["mode"]["given_accuracy"] == 1.0
    assert s["actor"]["f1"] == 1.0 and s["recipient"]["f1"] == 1.0
    assert s["details"]["errors"] == []


def test_wrong_type_costs_type_and_parties():
    recs = [_rec("r1", "ACCUSE", [NGA_GOV], [USA])]
    arts = {"r1": {"entities": [_ent("p", "NGA", "GOV"), _ent("USA", "USA")],
                   "events": [_ev("REJECT", ["p"], ["USA"])]}}
    s = score_plover(recs, arts)
    assert s["event_type"]["accuracy"] == 0.0 and s["event_type"]["fp"] == 1
    assert (s["actor"]["tp"], s["actor"]["fp"], s["actor"]["fn"]) == (0, 1, 1)
    assert (s["recipient"]["tp"], s["recipient"]["fp"], s["recipient"]["fn"]) == (0, 1, 1)
    assert s["actor_paired"]["f1"] is None                                # nothing paired
    assert s["details"]["errors"][0]["id"] == "r1"


def test_only_asserted_events_count_and_mode_null_must_be_null():
    recs = [_rec("r1", "THREATEN", [USA], [NGA_GOV]), _rec("r2", "PROTEST", [USA], [], mode="demo")]
    arts = {"r1": {"entities": [_ent("USA", "USA"), _ent("p", "NGA", "GOV")],
                   "events": [_ev("THREATEN", ["USA"], ["p"], mode="violence"),
                              _ev("ASSAULT", ["USA"], ["p"], polarity="future")]},
            "r2": {"entities": [_ent("USA", "USA")], "events": [_ev("PROTEST", ["USA"], mode="demo")]}}
    s = score_plover(recs, arts)
    assert s["event_type"]["accuracy"] == 1.0 and s["event_type"]["not_asserted"] == 1
    assert s["mode"]["correct"] == 1 and s["mode"]["total"] == 2
    assert s["mode"]["given_correct"] == 1 and s["mode"]["given_total"] == 1
    assert s["recipient"]["tp"] == 1 and s["recipient"]["fn"] == 0


def test_reciprocal_types_pool_the_parties():
    rus = {"text": "Russia", "code": "RUS", "sector": None}
    recs = [_rec("r1", "CONSULT", [USA], [rus])]
    arts = {"r1": {"entities": [_ent("USA", "USA"), _ent("RUS", "RUS")],
                   "events": [_ev("CONSULT", ["USA", "RUS"])]}}
    s = score_plover(recs, arts)
    assert s["actor"]["f1"] == 1.0 and s["recipient"]["f1"] == 1.0
    arts["r1"]["events"] = [_ev("CONSULT", ["USA", "RUS", "CHN"])]
    arts["r1"]["entities"].append(_ent("CHN", "CHN"))
    s = score_plover(recs, arts)
    assert s["actor"]["fp"] == 1 and s["recipient"]["tp"] == 1


def test_a_joint_party_list_is_matched_one_to_one():
    rus = {"text": "Russia", "code": "RUS", "sector": None}
    recs = [_rec("r1", "AID", [USA, rus], [NGA_GOV])]
    arts = {"r1": {"entities": [_ent("USA", "USA"), _ent("p", "NGA", "GOV")],
                   "events": [_ev("AID", ["USA"], ["p"])]}}
    s = score_plover(recs, arts)
    assert (s["actor"]["tp"], s["actor"]["fp"], s["actor"]["fn"]) == (1, 0, 1)


def test_inputs_carry_no_date():
    assert plover_inputs([{"id": "a", "text": "t", "date": "2000-01-01"}]) == [{"id": "a", "text": "t"}]


def test_run_eval_dispatches_plover_and_formats(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(_rec("r1", "ACCUSE", [NGA_GOV], [USA], text="Nigeria accused the US.")) + "\n",
                    encoding="utf-8")
    assert detect_format(path) == "plover"

    def extract(records):
        assert records == [{"id": "r1", "text": "Nigeria accused the US."}]
        return {"articles": [{"id": "r1", "entities": [_ent("p", "NGA", "GOV"), _ent("USA", "USA")],
                              "events": [_ev("ACCUSE", ["p"], ["USA"])]}]}
    res = run_eval(path, None, extract)
    assert res["event_type"]["accuracy"] == 1.0
    table = format_table(res)
    for row in ("event_type", "mode", "actor", "recipient"):
        assert row in table
    assert "by_type" not in table


def test_missing_article_counts_as_nothing_found(tmp_path):
    s = score_plover([_rec("r1", "ACCUSE", [NGA_GOV], [USA])], {})
    assert s["event_type"]["accuracy"] == 0.0 and s["event_type"]["precision"] is None
    assert s["actor"]["recall"] == 0.0


def test_record_without_text_is_refused():
    from eventwire.eval.common import EvalError
    with pytest.raises(EvalError, match="text"):
        plover_inputs([{"id": "a"}])


def test_annotated_parties_leave_out_events_of_uncoded_types():
    """A record codes one event: the parties of a system event of another type are outside the
    annotation (counted in the headline figure, not in `*_annotated`); a second event of the coded
    type, and a missed event, still count."""
    recs = [_rec("r1", "SANCTION", [USA], [NGA_GOV])]
    ents = [_ent("USA", "USA"), _ent("p", "NGA", "GOV", "PERSON"), _ent("SRB.MIL", "SRB", "MIL", "NORP")]
    arts = {"r1": {"id": "r1", "entities": ents,
                   "events": [_ev("SANCTION", ["USA"], ["p"]), _ev("ASSAULT", ["SRB.MIL"], ["USA"])]}}
    s = score_plover(recs, arts)
    assert s["actor"]["fp"] == 1 and s["recipient"]["fp"] == 1
    assert s["actor_annotated"]["f1"] == 1.0 and s["recipient_annotated"]["f1"] == 1.0
    assert s["event_type"]["precision"] == 0.5                         # the extra event still costs here
    arts["r1"]["events"].append(_ev("SANCTION", ["SRB.MIL"], []))
    s = score_plover(recs, arts)
    assert s["actor_annotated"]["fp"] == 1                              # a second SANCTION is in the annotation
    arts["r1"]["events"] = [_ev("ASSAULT", ["USA"], ["p"])]
    s = score_plover(recs, arts)
    assert s["actor_annotated"]["fn"] == 1 and s["recipient_annotated"]["fn"] == 1 and s["actor_annotated"]["fp"] == 0

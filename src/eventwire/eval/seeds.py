"""Score extract output (contract JSON) against a gold file in the format of gold/seeds.yaml.

How items match follows the gold file's header; the choices it leaves open are written
down at each scorer below and in docs of `score_seeds`.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from .common import (
    EvalError, add_counts, body_text, date_str, dropped_spans, dual_prf, find_all,
    day_range, gold_date_matches, max_matching, merged_spans, name_set, norm_name, overlaps, prf, ratio,
    tokens,
)

SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
ENTITY_KINDS = frozenset({"PERSON", "ORG", "GPE", "LOC"})     # the kinds the gold annotates
DEFAULT_EXTRACTED = frozenset({"entities", "events", "times", "boilerplate"})
CATEGORIES = ("entities", "events", "events_strict", "must", "must_not",
              "claims", "quotes", "boilerplate", "times")
# categories that exist only when events are extracted
_EVENT_CATEGORIES = ("events", "events_strict", "must", "must_not")
NOT_EXTRACTED = {"status": "not extracted"}


# --------------------------------------------------------------------------- loading

class _GoldLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as the strings written in the file (2023-10-26 stays
    "2023-10-26", so that `published` goes to the system exactly as the gold gives it)."""


_GoldLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_gold(path: Path) -> dict:
    """Read a seeds-format gold file. Dates stay strings; errors name the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvalError(f"{path}: cannot read the gold file ({exc.strerror or exc})") from exc
    try:
        data = yaml.load(text, Loader=_GoldLoader)
    except yaml.YAMLError as exc:
        raise EvalError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise EvalError(f"{path}: no `articles:` list at the top level; a gold file is a YAML "
                        "mapping whose `articles:` lists the articles (see gold/seeds.yaml)")
    seen: set[str] = set()
    for i, art in enumerate(data["articles"]):
        where = f"{path}: articles[{i}]"
        if not isinstance(art, dict) or art.get("id") in (None, ""):
            raise EvalError(f"{where}: every article needs an `id:`")
        aid = str(art["id"])
        if aid in seen:
            raise EvalError(f"{where}: article id {aid!r} appears twice")
        seen.add(aid)
        if art.get("text") is None and not art.get("file"):
            raise EvalError(f"{where} ({aid}): give the text as `file:` (read from --docs DIR) or `text:`")
        for key in ("entities", "events", "must_not", "claims", "quotes", "boilerplate"):
            items = art.get(key)
            if items is not None and not isinstance(items, list):
                raise EvalError(f"{where} ({aid}): `{key}:` must be a list")
            for j, item in enumerate(items or []):
                if key != "boilerplate" and not isinstance(item, dict):
                    raise EvalError(f"{where} ({aid}): {key}[{j}] must be a mapping")
                if key in ("events", "must_not") and not item.get("type"):
                    raise EvalError(f"{where} ({aid}): {key}[{j}] has no `type:`")
                if key == "entities" and not (item.get("name") and item.get("kind")):
                    raise EvalError(f"{where} ({aid}): entities[{j}] needs `name:` and `kind:`")
    return data


def gold_inputs(gold: dict, docs_dir: Path | None) -> list[dict]:
    """The input records to give the system, one per gold article:
    {"id", "text", "published", "outlet"}; `published` as the gold gives it (null stays
    null: the system must infer it)."""
    records = []
    for art in gold.get("articles") or []:
        aid = str(art["id"])
        if art.get("text") is not None:
            text = str(art["text"])
        else:
            name = art.get("file")
            if not name:
                raise EvalError(f"gold article {aid}: no `file:` or `text:`")
            if docs_dir is None:
                raise EvalError(f"gold article {aid} names the file {name!r}, but no documents "
                                "folder was given: pass --docs DIR (the folder holding it)")
            file = Path(docs_dir) / str(name)
            try:
                text = file.read_bytes().decode("utf-8")   # bytes: no newline translation
            except FileNotFoundError as exc:
                raise EvalError(f"gold article {aid}: file {file} not found; check --docs DIR") from exc
            except OSError as exc:
                raise EvalError(f"gold article {aid}: cannot read {file} ({exc.strerror or exc})") from exc
            except UnicodeDecodeError as exc:
                raise EvalError(f"gold article {aid}: {file} is not UTF-8 text") from exc
        records.append({"id": aid, "text": text, "published": date_str(art.get("published")),
                        "outlet": art.get("outlet")})
    return records


# --------------------------------------------------------------------------- indexes

class _GoldEntities:
    """The gold entities of one article, looked up by canonical name or alias."""

    def __init__(self, entities: list[dict]):
        self.items = []
        for e in entities:
            self.items.append({
                "name": str(e["name"]), "kind": str(e.get("kind") or "").upper(),
                "names": name_set(e["name"], e.get("aliases")),
                "country": e.get("country"), "sector": e.get("sector"),
            })

    def lookup(self, name: str) -> dict | None:
        n = norm_name(name)
        for e in self.items:                      # canonical names first
            if norm_name(e["name"]) == n:
                return e
        for e in self.items:
            if n in e["names"]:
                return e
        return None

    def names_of(self, *names: Any) -> set[str]:
        """All names (canonical + aliases) of the gold entities named; a name the gold
        entity list lacks stands for itself."""
        out: set[str] = set()
        for value in names:
            for name in (value if isinstance(value, list) else [value]):
                if name is None:
                    continue
                e = self.lookup(str(name))
                out |= e["names"] if e else name_set(name)
        return out


class _SystemEntities:
    """The system's entities of one article by id: kind and every name it goes by."""

    def __init__(self, article: dict):
        self.by_id: dict[str, dict] = {}
        for e in article.get("entities") or []:
            if not isinstance(e, dict) or e.get("id") is None:
                continue
            self.by_id[str(e["id"])] = {
                "id": str(e["id"]), "name": e.get("name"), "kind": str(e.get("kind") or "").upper(),
                "names": name_set(e.get("name"), e.get("aliases"), e.get("mentions")),
                "country": e.get("country"), "sector": e.get("sector"),
            }

    def names(self, entity_id: Any) -> set[str]:
        e = self.by_id.get(str(entity_id))
        return e["names"] if e else name_set(entity_id)   # a dangling id stands for itself

    def party_names(self, entity_id: Any) -> set[str]:
        """Names an event party answers to: its own, and for a country's sector as a whole (id
        ISO3.SECTOR: "RUS.GOV" for "Moscow said", "ISR.CVL" for "Israelis") also the country's,
        since a gold party coded at country level ("Russia") is met by any of its sectors, as
        PLOVER's country + empty sector is (eval/plover.py)."""
        out = self.names(entity_id)
        iso, dot, sector = str(entity_id).partition(".")
        if dot and len(iso) == 3 and iso.isupper() and sector.isalpha() and sector.isupper() and len(sector) == 3:
            country = self.by_id.get(iso)
            out = out | (country["names"] if country else name_set(iso))
        return out

    def label(self, entity_id: Any) -> str:
        e = self.by_id.get(str(entity_id))
        return str(e["name"]) if e and e["name"] else str(entity_id)


# --------------------------------------------------------------------------- entities

def _score_entities(gold_art: dict, sys_ents: _SystemEntities) -> tuple[dict, dict]:
    gold = _GoldEntities(gold_art.get("entities") or []).items
    system = [e for e in sys_ents.by_id.values() if e["kind"] in ENTITY_KINDS]
    edges: dict[int, list[int]] = {}
    for gi, g in enumerate(gold):
        strong, weak = [], []
        for si, s in enumerate(system):
            if s["kind"] == g["kind"] and g["names"] & s["names"]:
                (strong if norm_name(s["name"] or "") in g["names"] else weak).append(si)
        edges[gi] = strong + weak
    match = max_matching(len(gold), edges)
    matched_sys = set(match.values())
    counts = {"tp": len(match), "fp": len(system) - len(match), "fn": len(gold) - len(match),
              "split": sum(1 for si, s in enumerate(system) if si not in matched_sys
                           and any(si in edges[gi] for gi in range(len(gold)))),
              "kcs_correct": 0, "kcs_total": 0, "country_correct": 0, "country_total": 0,
              "sector_correct": 0, "sector_total": 0}
    wrong_attrs = []
    for gi, si in match.items():
        g, s = gold[gi], system[si]
        ok = True
        for attr in ("country", "sector"):
            if g[attr]:
                right = str(s[attr] or "").upper() == str(g[attr]).upper()
                counts[f"{attr}_total"] += 1
                counts[f"{attr}_correct"] += right
                ok = ok and right
        counts["kcs_total"] += 1
        counts["kcs_correct"] += ok
        if not ok:
            wrong_attrs.append({"gold": g["name"], "system": s["name"],
                                "gold_country": g["country"], "system_country": s["country"],
                                "gold_sector": g["sector"], "system_sector": s["sector"]})
    details = {
        "missing": [g["name"] for gi, g in enumerate(gold) if gi not in match],
        "spurious": [f'{s["name"]} ({s["kind"]})' for si, s in enumerate(system) if si not in matched_sys],
        "wrong_country_or_sector": wrong_attrs,
    }
    return counts, details


def _finish_entities(c: dict) -> dict:
    out = prf(c.get("tp", 0), c.get("fp", 0), c.get("fn", 0))
    out["split"] = c.get("split", 0)
    out["kind_country_sector"] = ratio(c.get("kcs_correct", 0), c.get("kcs_total", 0))
    out["kind_country_sector_correct"] = c.get("kcs_correct", 0)
    out["kind_country_sector_total"] = c.get("kcs_total", 0)
    out["country_accuracy"] = ratio(c.get("country_correct", 0), c.get("country_total", 0))
    out["sector_accuracy"] = ratio(c.get("sector_correct", 0), c.get("sector_total", 0))
    return out


# --------------------------------------------------------------------------- events

def _gold_parties(item: dict, gents: _GoldEntities) -> tuple[set[str] | None, set[str] | None]:
    src = gents.names_of(item.get("source"), item.get("source_people")) if item.get("source") else None
    if src is not None and not src:
        src = None
    tgt = gents.names_of(item.get("target")) if item.get("target") else None
    return src, (tgt or None)


def _parties_match(item: dict, gents: _GoldEntities, ev: dict, sents: _SystemEntities) -> bool:
    """Type and parties: see the gold header. CONSULT/AGREE/COOPERATE: any order, all
    parties may be actors, source and target must be two different system entities."""
    gtype = str(item.get("type") or "").upper()
    if str(ev.get("type") or "").upper() != gtype:
        return False
    src, tgt = _gold_parties(item, gents)
    actors = [str(a) for a in ev.get("actors") or []]
    recipients = [str(r) for r in ev.get("recipients") or []]
    if gtype in SYMMETRIC_TYPES:
        parties = list(dict.fromkeys(actors + recipients))
        src_ids = [p for p in parties if src is None or sents.party_names(p) & src]
        tgt_ids = [p for p in parties if tgt is None or sents.party_names(p) & tgt]
        if src is None or tgt is None:
            return bool(src_ids) and bool(tgt_ids)
        return any(s != t for s in src_ids for t in tgt_ids)
    ok_src = src is None or any(sents.party_names(a) & src for a in actors)
    ok_tgt = tgt is None or any(sents.party_names(r) & tgt for r in recipients)
    return ok_src and ok_tgt


def _date_ok(item: dict, ev: dict) -> bool:
    return gold_date_matches(item.get("date"), ev.get("date"), ev.get("date_end"))


def _location_ok(item: dict, gents: _GoldEntities, ev: dict) -> bool:
    loc = ev.get("location")
    name = loc.get("name") if isinstance(loc, dict) else loc
    if not name:
        return False
    return norm_name(name) in gents.names_of(item.get("location"))


def _strict_match(item: dict, gents: _GoldEntities, ev: dict, sents: _SystemEntities) -> bool:
    """The gold header's full event match: type + parties + date and location when given."""
    if not _parties_match(item, gents, ev, sents):
        return False
    if item.get("date") not in (None, "") and not _date_ok(item, ev):
        return False
    if item.get("location") and not _location_ok(item, gents, ev):
        return False
    return True


def _describe_system_event(ev: dict, sents: _SystemEntities) -> dict:
    loc = ev.get("location")
    evidence = ev.get("evidence")
    return {
        "id": ev.get("id"), "type": ev.get("type"), "mode": ev.get("mode"),
        "actors": [sents.label(a) for a in ev.get("actors") or []],
        "recipients": [sents.label(r) for r in ev.get("recipients") or []],
        "date": ev.get("date"), "date_end": ev.get("date_end"),
        "location": loc.get("name") if isinstance(loc, dict) else loc,
        "evidence": evidence.get("text") if isinstance(evidence, dict) else evidence,
    }


def _describe_gold_event(aid: str, item: dict) -> dict:
    out = {"id": f'{aid}/{item.get("id")}' if item.get("id") else aid}
    for key in ("type", "mode", "source", "target", "date", "location", "must", "why"):
        if item.get(key) not in (None, ""):
            out[key] = date_str(item[key]) if key == "date" else item[key]
    return out


def _score_events(aid: str, gold_art: dict, article: dict, sents: _SystemEntities) -> tuple[dict, dict]:
    gents = _GoldEntities(gold_art.get("entities") or [])
    all_events = [e for e in article.get("events") or [] if isinstance(e, dict)]
    events = [e for e in all_events if e.get("polarity") == "asserted"]
    gold = [g for g in gold_art.get("events") or []]
    loose = [[si for si, ev in enumerate(events) if _parties_match(g, gents, ev, sents)] for g in gold]
    strict = [[si for si in loose[gi] if _strict_match(g, gents, events[si], sents)]
              for gi, g in enumerate(gold)]
    c: dict[str, Any] = {
        "n_gold": len(gold), "n_system": len(events),
        "matched_gold": sum(1 for m in loose if m),
        "matched_system": len({si for m in loose for si in m}),
        "strict_matched_gold": sum(1 for m in strict if m),
        "strict_matched_system": len({si for m in strict for si in m}),
        "not_asserted": len(all_events) - len(events),
        "date_correct": 0, "date_total": 0, "location_correct": 0, "location_total": 0,
        "mode_correct": 0, "mode_total": 0,
        "must_found": 0, "must_total": 0, "must_missing": [],
    }
    attr_errors = []
    for gi, g in enumerate(gold):
        if loose[gi]:
            matched = [events[si] for si in loose[gi]]
            for attr, ok in (("date", lambda ev: _date_ok(g, ev)),
                             ("location", lambda ev: _location_ok(g, gents, ev)),
                             ("mode", lambda ev: str(ev.get("mode") or "").lower() == str(g.get("mode")).lower())):
                if g.get(attr) in (None, ""):
                    continue
                right = any(ok(ev) for ev in matched)    # any of the matching system events
                c[f"{attr}_total"] += 1
                c[f"{attr}_correct"] += right
                if not right:
                    attr_errors.append({"gold": f'{aid}/{g.get("id")}', "field": attr,
                                        "gold_value": date_str(g[attr]) if attr == "date" else g[attr],
                                        "system": [_describe_system_event(ev, sents) for ev in matched]})
        if g.get("must"):
            c["must_total"] += 1
            if strict[gi]:
                c["must_found"] += 1
            else:
                c["must_missing"].append(f'{aid}/{g.get("id")}')
    hits = []
    for k, item in enumerate(gold_art.get("must_not") or []):
        hit = [events[si].get("id") for si in range(len(events))
               if _strict_match(item, gents, events[si], sents)]
        if hit:
            hits.append({**_describe_gold_event(aid, item), "id": f"{aid}/must_not[{k}]",
                         "system_events": hit})
    c["must_not_hits"] = len(hits)
    c["must_not_total"] = len(gold_art.get("must_not") or [])
    c["must_not_which"] = hits
    matched_sys = {si for m in loose for si in m}
    details = {
        "matches": {f'{aid}/{g.get("id")}': [events[si].get("id") for si in loose[gi]]
                    for gi, g in enumerate(gold) if loose[gi]},
        "unmatched_gold": [_describe_gold_event(aid, g) for gi, g in enumerate(gold) if not loose[gi]],
        "unmatched_system": [_describe_system_event(ev, sents) for si, ev in enumerate(events)
                             if si not in matched_sys],
        "matched_but_not_strict": [f'{aid}/{g.get("id")}' for gi, g in enumerate(gold)
                                   if loose[gi] and not strict[gi]],
        "attribute_errors": attr_errors,
    }
    return c, details


def _finish_events(c: dict) -> dict:
    out = dual_prf(c.get("n_gold", 0), c.get("n_system", 0), c.get("matched_gold", 0), c.get("matched_system", 0))
    for attr in ("date", "location", "mode"):
        out[f"{attr}_accuracy"] = ratio(c.get(f"{attr}_correct", 0), c.get(f"{attr}_total", 0))
        out[f"{attr}_correct"] = c.get(f"{attr}_correct", 0)
        out[f"{attr}_total"] = c.get(f"{attr}_total", 0)
    out["not_asserted"] = c.get("not_asserted", 0)
    return out


def _finish_events_strict(c: dict) -> dict:
    return dual_prf(c.get("n_gold", 0), c.get("n_system", 0),
                    c.get("strict_matched_gold", 0), c.get("strict_matched_system", 0))


def _finish_must(c: dict) -> dict:
    return {"found": c.get("must_found", 0), "total": c.get("must_total", 0),
            "recall": ratio(c.get("must_found", 0), c.get("must_total", 0)),
            "missing": list(c.get("must_missing", []))}


def _finish_must_not(c: dict) -> dict:
    return {"hits": c.get("must_not_hits", 0), "total": c.get("must_not_total", 0),
            "which": list(c.get("must_not_which", []))}


# --------------------------------------------------------------------------- claims

_STOP = frozenset("a an the of in on at to for from by with and or as is are was were who "
                  "which that this these those people".split())
_VALUE_RE = re.compile(r"^\s*([<>~]|about|over|under|at least|more than|fewer than|less than)?\s*"
                       r"([\d][\d,]*(?:\.\d+)?)\s*$", re.IGNORECASE)


def _stems(text: Any) -> set[str]:
    return {t.lower()[:5] for t in tokens(str(text or "")) if t.lower() not in _STOP}


def _gold_claim_values(claim: dict) -> list[tuple[float, float]] | None:
    """Intervals of acceptable values. None when the gold gives no number to check."""
    rng = claim.get("range")
    if isinstance(rng, (list, tuple)) and len(rng) == 2:
        return [(float(rng[0]), float(rng[1]))]
    value = claim.get("value")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return [(float(value), float(value))]
    m = _VALUE_RE.match(str(value))
    if not m:
        return None
    op, v = (m.group(1) or "").lower(), float(m.group(2).replace(",", ""))
    if op in (">", "over", "more than", "at least"):
        return [(v, v), (v + 1, v + 1)]       # "over 1000": low 1000 or 1001 both fine
    if op in ("<", "under", "fewer than", "less than"):
        return [(v, v), (v - 1, v - 1)]
    return [(v, v)]


def _claim_matches(gold: dict, claim: dict) -> bool:
    if norm_name(claim.get("what") or "") != norm_name(gold.get("what") or ""):
        return False
    wanted = _gold_claim_values(gold)
    if wanted is not None:
        low, high = claim.get("low"), claim.get("high")
        if low is None and high is None:
            return False
        try:
            lo = float(low) if low is not None else float("-inf")
            hi = float(high) if high is not None else float("inf")
        except (TypeError, ValueError):
            return False
        if not any(a <= hi and lo <= b for a, b in wanted):   # a point: inside; a range: overlap
            return False
    if gold.get("subject"):
        return bool(_stems(gold["subject"]) & _stems(claim.get("subject")))
    return True


def _score_claims(aid: str, gold_art: dict, article: dict) -> tuple[dict, dict]:
    gold = gold_art.get("claims") or []
    system = [c for c in article.get("claims") or [] if isinstance(c, dict)]
    m = [[si for si, c in enumerate(system) if _claim_matches(g, c)] for g in gold]
    used = {si for x in m for si in x}
    counts = {"n_gold": len(gold), "n_system": len(system),
              "matched_gold": sum(1 for x in m if x), "matched_system": len(used)}
    details = {"unmatched_gold": [{"article": aid, **{k: g.get(k) for k in ("what", "subject", "value")}}
                                  for gi, g in enumerate(gold) if not m[gi]],
               "unmatched_system": [{"article": aid, **{k: c.get(k) for k in ("what", "subject", "low", "high", "text")}}
                                    for si, c in enumerate(system) if si not in used]}
    return counts, details


# --------------------------------------------------------------------------- quotes

def _quote_matches(gold: dict, quote: dict, text: str, gents: _GoldEntities, sents: _SystemEntities) -> bool:
    speaker = quote.get("speaker")
    if speaker is None or not (sents.names(speaker) & gents.names_of(gold.get("speaker"))):
        return False
    gold_text = str(gold.get("text") or "")
    places = find_all(text, gold_text)
    try:
        span = (int(quote["start"]), int(quote["end"]))
    except (KeyError, TypeError, ValueError):
        span = None
    if places and span is not None:
        return any(overlaps(span, p) for p in places)
    # the gold text is not verbatim in the article (or the quote has no span): the quote
    # counts when its text holds at least half of the gold's words
    want = {t.lower() for t in tokens(gold_text)}
    got = {t.lower() for t in tokens(quote.get("text"))}
    return bool(want) and len(want & got) * 2 >= len(want)


def _score_quotes(aid: str, gold_art: dict, article: dict, text: str, sents: _SystemEntities) -> tuple[dict, dict]:
    gents = _GoldEntities(gold_art.get("entities") or [])
    gold = gold_art.get("quotes") or []
    system = [q for q in article.get("quotes") or [] if isinstance(q, dict)]
    m = [[si for si, q in enumerate(system) if _quote_matches(g, q, text, gents, sents)] for g in gold]
    used = {si for x in m for si in x}
    counts = {"n_gold": len(gold), "n_system": len(system),
              "matched_gold": sum(1 for x in m if x), "matched_system": len(used)}
    details = {"unmatched_gold": [{"article": aid, "speaker": g.get("speaker"), "text": g.get("text")}
                                  for gi, g in enumerate(gold) if not m[gi]],
               "unmatched_system": [{"article": aid, "speaker": sents.label(q.get("speaker")) if q.get("speaker") else None,
                                     "text": q.get("text")} for si, q in enumerate(system) if si not in used]}
    return counts, details


def _finish_dual(c: dict) -> dict:
    return dual_prf(c.get("n_gold", 0), c.get("n_system", 0), c.get("matched_gold", 0), c.get("matched_system", 0))


# --------------------------------------------------------------------------- boilerplate

def _chars(spans: list[tuple[int, int]], text: str) -> set[int]:
    """Character positions covered by spans, whitespace left out."""
    return {i for s, e in spans for i in range(s, e) if not text[i].isspace()}


def _score_boilerplate(aid: str, gold_art: dict, article: dict, text: str) -> tuple[dict, dict]:
    gold_spans, not_found = [], []
    for line in gold_art.get("boilerplate") or []:
        places = find_all(text, str(line))
        if not places:
            not_found.append(str(line))
        gold_spans.extend(places)
    gold_spans = merged_spans(gold_spans, len(text))
    sys_spans = dropped_spans({"text": text, "dropped": article.get("dropped") or []})
    g, s = _chars(gold_spans, text), _chars(sys_spans, text)
    gold_body = tokens(body_text({"text": text, "dropped": [{"start": a, "end": b} for a, b in gold_spans]}))
    sys_body = tokens(body_text({"text": text, "dropped": [{"start": a, "end": b} for a, b in sys_spans]}))
    shared = _multiset_overlap(gold_body, sys_body)
    counts = {"tp": len(g & s), "fp": len(s - g), "fn": len(g - s),
              "body_tp": shared, "body_fp": len(sys_body) - shared, "body_fn": len(gold_body) - shared}
    details = {"gold_not_found": [{"article": aid, "text": t} for t in not_found],
               "dropped_not_boilerplate": [{"article": aid, "text": text[a:b]} for a, b in sys_spans
                                           if not _chars([(a, b)], text) <= g],
               "boilerplate_kept": [{"article": aid, "text": text[a:b]} for a, b in gold_spans
                                    if not _chars([(a, b)], text) <= s]}
    return counts, details


def _multiset_overlap(a: list[str], b: list[str]) -> int:
    ca, cb = Counter(a), Counter(b)
    return sum(min(n, cb[k]) for k, n in ca.items())


def _finish_boilerplate(c: dict) -> dict:
    out = prf(c.get("tp", 0), c.get("fp", 0), c.get("fn", 0))
    out["unit"] = "non-space characters"
    body = prf(c.get("body_tp", 0), c.get("body_fp", 0), c.get("body_fn", 0))
    out["body_token_f1"] = body["f1"]
    return out


# --------------------------------------------------------------------------- times

def _gold_date_values(gold_art: dict) -> list[str]:
    """Distinct date values the gold's events carry: points, and both ends of intervals,
    except an interval end that is the publication date or a prefix of it (the open end
    "until now", which no expression in the text states)."""
    pub = date_str(gold_art.get("published")) or date_str(gold_art.get("inferred_date")) or ""
    values: list[str] = []
    for ev in gold_art.get("events") or []:
        d = date_str(ev.get("date"))
        if not d:
            continue
        if "/" in d:
            a, _, b = d.partition("/")
            parts = [a.strip()] + ([b.strip()] if b.strip() and not (pub and pub.startswith(b.strip())) else [])
        else:
            parts = [d]
        for p in parts:
            if p and p not in values:
                values.append(p)
    return values


def _refines(system: str, gold: str) -> bool:
    """A system value equal to the gold one or more precise inside it ('2012-SU' or '2012-06' for '2012')."""
    return system == gold or (system.startswith(gold) and system[len(gold):len(gold) + 1] == "-")


def _score_times(aid: str, gold_art: dict, article: dict) -> tuple[dict, dict]:
    system_values = {str(t.get("value")).strip() for t in article.get("times") or []
                     if isinstance(t, dict) and t.get("value") is not None}
    wanted = _gold_date_values(gold_art)
    missing = [f"{aid}:{v}" for v in wanted if not any(_refines(s, v) for s in system_values)]
    counts = {"dates_found": len(wanted) - len(missing), "dates_total": len(wanted),
              "dates_missing": missing, "n_system": len(article.get("times") or []),
              "published_correct": 0, "published_total": 0, "published_wrong": []}
    expected = date_str(gold_art.get("published")) or date_str(gold_art.get("inferred_date"))
    if expected:
        got = date_str(article.get("published"))
        counts["published_total"] = 1
        if got and got[:len(expected)] == expected:
            counts["published_correct"] = 1
        else:
            counts["published_wrong"] = [{"article": aid, "gold": expected, "system": got,
                                          "inferred": gold_art.get("published") in (None, "")}]
    return counts, {}


def _finish_times(c: dict) -> dict:
    return {
        "gold_dates_found": c.get("dates_found", 0), "gold_dates_total": c.get("dates_total", 0),
        "gold_dates_recall": ratio(c.get("dates_found", 0), c.get("dates_total", 0)),
        "gold_dates_missing": list(c.get("dates_missing", [])),
        "n_system": c.get("n_system", 0),
        "published_correct": c.get("published_correct", 0), "published_total": c.get("published_total", 0),
        "published_wrong": list(c.get("published_wrong", [])),
        "note": "the seeds annotate dates on events only, not every time expression: this checks "
                "that each gold event date value is among the system's times[] values, and the "
                "article's publication date (given or to be inferred); it is not a TimeML score",
    }


# --------------------------------------------------------------------------- the scorer

_FINISH = {
    "entities": _finish_entities, "events": _finish_events, "events_strict": _finish_events_strict,
    "must": _finish_must, "must_not": _finish_must_not, "claims": _finish_dual,
    "quotes": _finish_dual, "boilerplate": _finish_boilerplate, "times": _finish_times,
}


def _active(extracted: set[str]) -> dict[str, bool]:
    ext = {str(x) for x in extracted}
    return {cat: ("events" in ext if cat in _EVENT_CATEGORIES else cat in ext) for cat in CATEGORIES}


def score_seeds(gold: dict, articles: dict[str, dict], extracted: set[str]) -> dict:
    """Score the system's contract articles (by id) against a seeds-format gold.

    `extracted` names the categories the system extracts at all; the others are reported
    as {"status": "not extracted"} (must, must_not and events_strict go with "events").
    Totals are micro-averaged over the articles; `by_article` holds the same figures per
    article, `details` what did not match."""
    active = _active(extracted)
    totals: dict[str, dict] = {cat: {} for cat in CATEGORIES}
    by_article: dict[str, dict] = {}
    details: dict[str, Any] = {"missing_articles": [], "entities": {}, "events": {}, "claims": {},
                               "quotes": {}, "boilerplate": {}}
    for gold_art in gold.get("articles") or []:
        aid = str(gold_art["id"])
        article = articles.get(aid)
        if article is None:
            details["missing_articles"].append(aid)
            article = {}
        text = article.get("text")
        if text is None:
            text = str(gold_art.get("text") or "")
        sents = _SystemEntities(article)
        per: dict[str, dict] = {}
        if active["entities"]:
            per["entities"], details["entities"][aid] = _score_entities(gold_art, sents)
        if active["events"]:
            ev_counts, details["events"][aid] = _score_events(aid, gold_art, article, sents)
            for cat in _EVENT_CATEGORIES:
                per[cat] = ev_counts
        if active["claims"]:
            per["claims"], details["claims"][aid] = _score_claims(aid, gold_art, article)
        if active["quotes"]:
            per["quotes"], details["quotes"][aid] = _score_quotes(aid, gold_art, article, text, sents)
        if active["boilerplate"]:
            per["boilerplate"], details["boilerplate"][aid] = _score_boilerplate(aid, gold_art, article, text)
        if active["times"]:
            per["times"], _ = _score_times(aid, gold_art, article)
        art_out = {}
        for cat in CATEGORIES:
            if not active[cat]:
                continue
            if cat not in _EVENT_CATEGORIES[1:]:       # the event categories share one count
                add_counts(totals[cat], per[cat])
            art_out[cat] = _FINISH[cat](per[cat])
        by_article[aid] = art_out
    result: dict[str, Any] = {}
    for cat in CATEGORIES:
        if not active[cat]:
            result[cat] = dict(NOT_EXTRACTED)
            continue
        source = totals["events"] if cat in _EVENT_CATEGORIES else totals[cat]
        result[cat] = _FINISH[cat](source)
    result["by_article"] = by_article
    result["details"] = details
    return result


# --------------------------------------------------------------------------- the table

def _fmt(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.3f}"
    return str(x)


def _frac(c: Any, t: Any) -> str:
    return f"{c}/{t}"


def _extra(cat: str, s: dict) -> str:
    if cat == "entities":
        return (f"tp {s['tp']} fp {s['fp']} fn {s['fn']} (split {s['split']}); "
                f"country+sector {_frac(s['kind_country_sector_correct'], s['kind_country_sector_total'])}")
    if cat == "events":
        return (f"gold {_frac(s['matched_gold'], s['n_gold'])} system {_frac(s['matched_system'], s['n_system'])}; "
                f"date {_frac(s['date_correct'], s['date_total'])} location "
                f"{_frac(s['location_correct'], s['location_total'])} mode {_frac(s['mode_correct'], s['mode_total'])}"
                + (f"; {s['not_asserted']} not asserted, not scored" if s.get("not_asserted") else ""))
    if cat in ("events_strict", "claims", "quotes"):
        return f"gold {_frac(s['matched_gold'], s['n_gold'])} system {_frac(s['matched_system'], s['n_system'])}"
    if cat == "must":
        miss = ", ".join(s["missing"])
        return f"found {_frac(s['found'], s['total'])}" + (f"; missing {miss}" if miss else "")
    if cat == "must_not":
        which = ", ".join(f"{w['id']} {w.get('type')} {w.get('source')}->{w.get('target')}" for w in s["which"])
        return f"{s['hits']} hit(s) of {s['total']}" + (f": {which}" if which else "")
    if cat == "boilerplate":
        return f"chars tp {s['tp']} fp {s['fp']} fn {s['fn']}; body token F1 {_fmt(s['body_token_f1'])}"
    if cat == "times":
        return (f"gold event dates among times[] {_frac(s['gold_dates_found'], s['gold_dates_total'])}; "
                f"published {_frac(s['published_correct'], s['published_total'])}; {s['n_system']} times")
    if cat == "timex":
        return (f"strict F1 {_fmt(s.get('strict_f1'))} relaxed F1 {_fmt(s.get('relaxed_f1'))} "
                f"value acc {_fmt(s.get('value_accuracy'))}; gold {s.get('n_gold')} pred {s.get('n_pred')}")
    if cat == "cross_article":
        return (f"checks {_frac(s['checks_passed'], s['checks_total'])}: " + ", ".join(
            f"{k} {_frac(s[k]['passed'], s[k]['total'])}" for k in
            ("same_entities", "distinct_events", "timeline_dyad", "claim_comparison")))
    if cat == "body":
        return f"exact {_fmt(s.get('exact'))}; pages {s.get('n_pages', '-')}"
    if cat == "event_type":
        return (f"accuracy {_fmt(s.get('accuracy'))}: gold {_frac(s['tp'], s['n_gold'])} found, "
                f"system {_frac(s['tp'], s['n_system'])} right"
                + (f"; {s['not_asserted']} not asserted, not scored" if s.get("not_asserted") else ""))
    if cat == "mode":
        return (f"accuracy {_fmt(s.get('accuracy'))} ({_frac(s['correct'], s['total'])} type matches); "
                f"where gold gives a mode {_fmt(s.get('given_accuracy'))} "
                f"({_frac(s['given_correct'], s['given_total'])})")
    if cat.startswith(("actor", "recipient")):
        return f"tp {s['tp']} fp {s['fp']} fn {s['fn']}"
    return ""


def _row_prf(cat: str, s: dict) -> tuple[Any, Any, Any]:
    if cat == "must":
        return None, s.get("recall"), None
    if cat == "must_not":
        return None, None, None
    if cat == "times":
        return None, s.get("gold_dates_recall"), None
    if cat == "timex":
        return s.get("relaxed_precision"), s.get("relaxed_recall"), s.get("value_f1")
    if cat in ("mode", "cross_article"):
        return None, None, None
    return s.get("precision"), s.get("recall"), s.get("f1")


def format_table(scores: dict) -> str:
    """A plain-text table of a score result (seeds, TimeML, HTML or PLOVER) for the terminal."""
    rows = [("category", "P", "R", "F1", "")]
    for cat, s in scores.items():
        if cat in ("by_article", "by_type", "details") or not isinstance(s, dict):
            continue
        if s.get("status"):
            rows.append((cat, "", "", "", str(s["status"])))
            continue
        p, r, f = _row_prf(cat, s)
        label = "timex (value F1)" if cat == "timex" else cat
        rows.append((label, _fmt(p), _fmt(r), _fmt(f), _extra(cat, s)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in (1, 2, 3)]
        lines.append("  ".join(cells + [row[4]]).rstrip())
    return "\n".join(lines)


# --------------------------------------------------------------------------- across the articles

def _entity_ids(gold_art: dict, article: dict, name: str) -> set[str]:
    """The system entity ids of one article that match the gold entity `name` (kind and a shared name)."""
    g = _GoldEntities(gold_art.get("entities") or []).lookup(name)
    names = g["names"] if g else name_set(name)
    sents = _SystemEntities(article)
    return {i for i, e in sents.by_id.items() if names & e["names"] and (g is None or e["kind"] == g["kind"])}


def _cross_same_entities(gold: dict, articles: dict[str, dict], names: list) -> dict:
    failed = []
    for name in names:
        ids = [_entity_ids(ga, articles.get(str(ga["id"])) or {}, str(name)) for ga in gold["articles"]]
        if not set.intersection(*ids):
            failed.append({"entity": name, "ids": [sorted(x) for x in ids]})
    return {"passed": len(names) - len(failed), "total": len(names), "failed": failed}


def _gold_event(gold: dict, ref: str) -> tuple[dict, dict] | None:
    aid, _, eid = ref.partition("/")
    for ga in gold["articles"]:
        if str(ga["id"]) == aid:
            item = next((e for e in ga.get("events") or [] if str(e.get("id")) == eid), None)
            return (ga, item) if item else None
    return None


def _cross_distinct(gold: dict, articles: dict[str, dict], items: list, clusters: dict[str, str]) -> dict:
    """Each listed gold event found (strict match) and the found events in pairwise different clusters."""
    failed = []
    for item in items:
        found: list[set[str]] = []
        for ref in item.get("events") or []:
            hit = _gold_event(gold, str(ref))
            art = articles.get(str(ref).partition("/")[0]) or {}
            if hit is None:
                raise EvalError(f"cross_article: no gold event {ref!r}")
            ga, gev = hit
            gents, sents = _GoldEntities(ga.get("entities") or []), _SystemEntities(art)
            found.append({clusters.get(str(ev.get("id")), str(ev.get("id"))) for ev in art.get("events") or []
                          if _strict_match(gev, gents, ev, sents)})
        ok = all(found) and all(not (a & b) for i, a in enumerate(found) for b in found[i + 1:])
        if not ok:
            failed.append({"events": item.get("events"), "clusters": [sorted(x) for x in found]})
    return {"passed": len(items) - len(failed), "total": len(items), "failed": failed}


def _side_ids(gold: dict, articles: dict[str, dict], name: str) -> set[str]:
    """Ids standing for one side of a dyad: the entity, and for a country all of its actors, for an
    organisation its members (by affiliation)."""
    out: set[str] = set()
    for ga in gold["articles"]:
        art = articles.get(str(ga["id"])) or {}
        ids = _entity_ids(ga, art, name)
        g = _GoldEntities(ga.get("entities") or []).lookup(name)
        for e in art.get("entities") or []:
            if e.get("affiliation") in ids or (g and g["kind"] == "GPE" and g["country"]
                                               and e.get("country") == g["country"] and e.get("kind") != "GPE"):
                ids.add(str(e["id"]))
        out |= ids
    return out


def _cross_timeline(gold: dict, articles: dict[str, dict], dates: list, dyad: list, clusters: list[dict]) -> dict:
    """The dyad's linked events (asserted, dated, oldest first) must hold the gold dates in the gold order."""
    a, b = (_side_ids(gold, articles, str(x)) for x in dyad)
    rows = [c for c in clusters if c.get("polarity") == "asserted" and c.get("date")
            and set(c["actors"] + c["recipients"]) & a and set(c["actors"] + c["recipients"]) & b]
    rows.sort(key=lambda c: (c["date"], c.get("date_end") or ""))

    def hit(g: str, c: dict) -> bool:
        return gold_date_matches(g, c["date"], c.get("date_end") if "/" in g else None)

    golds = [str(g) for g in dates]
    match = max_matching(len(golds), {i: [j for j, c in enumerate(rows) if hit(g, c)] for i, g in enumerate(golds)})
    ranges = [day_range(g) for g in golds]
    in_order = all(match[i] < match[j] for i in match for j in match
                   if i < j and ranges[i] and ranges[j] and ranges[i][1] < ranges[j][0])
    return {"passed": len(match) if in_order else 0, "total": len(golds), "found": len(match), "in_order": in_order,
            "missing": [g for i, g in enumerate(golds) if i not in match], "system": [_span_text(c) for c in rows]}


def _span_text(c: dict) -> str:
    return f"{c['date']}/{c['date_end']}" if c.get("date_end") else str(c["date"])


def _cross_claims(items: list, verdicts: list[dict]) -> dict:
    """Each gold comparison matched to the system verdict between the same two articles whose what and
    subjects share the most words with the gold's `what`; its verdict must be the gold's."""
    failed = []
    for item in items:
        arts = {m for v in item.get("values") or [] for m in re.findall(r"\(([^()]+)\)\s*$", str(v))}
        want = _stems(str(item.get("what") or "").replace("_", " "))
        best, best_n = None, 0
        for v in verdicts:
            if arts and {v["article_a"], v["article_b"]} != arts:
                continue
            n = len(want & _stems(" ".join(str(v.get(k) or "").replace("_", " ")
                                          for k in ("what", "subject_a", "subject_b"))))
            if n > best_n:
                best, best_n = v, n
        if best is None or best["verdict"] != str(item.get("verdict")):
            failed.append({"what": item.get("what"), "gold": item.get("verdict"),
                           "system": best["verdict"] if best else None})
    return {"passed": len(items) - len(failed), "total": len(items), "failed": failed}


DEFAULT_DYAD = ("Russia", "Hamas")       # seeds.yaml names its timeline's dyad only in a comment


def score_cross_article(gold: dict, articles: dict[str, dict], cross: dict | None) -> dict:
    """The gold's `cross_article` checks on the system's linked store (`stories.views.cross_article`):
    shared entity ids, distinct events, the dyad timeline in order, claim comparison verdicts."""
    spec = gold.get("cross_article") or {}
    if cross is None:
        return dict(NOT_EXTRACTED)
    out = {
        "same_entities": _cross_same_entities(gold, articles, list(spec.get("same_entities") or [])),
        "distinct_events": _cross_distinct(gold, articles, list(spec.get("distinct_events") or []),
                                           cross.get("event_clusters") or {}),
        "timeline_dyad": _cross_timeline(gold, articles, list(spec.get("timeline_dyad") or []),
                                         list(spec.get("dyad") or DEFAULT_DYAD), cross.get("clusters") or []),
        "claim_comparison": _cross_claims(list(spec.get("claim_comparison") or []), cross.get("claim_verdicts") or []),
    }
    out["checks_passed"] = sum(1 for k in list(out) if out[k]["passed"] == out[k]["total"])
    out["checks_total"] = 4
    return out

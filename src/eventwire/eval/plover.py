"""Score events against PLOVER gold-standard records (eval/plover_gsr_dev.jsonl).

Each record is one sentence with its human-coded events: ``expected`` is a list of
``{code (PLOVER type), mode, source: [{text, code, sector}], target: [...]}``; ``code`` in a
party is an ISO alpha-3 country (a few legacy CAMEO codes such as JAP) or a transnational
code (IGO, NGO, UNO, EUR, ISM, IMG, MNC), ``sector`` a PLOVER sector, sometimes with an
ethnic or religious suffix (``CVLalb``, ``REBMOS``) or ``***`` (none given). The record's
``date`` is a placeholder, so the system gets no publication date and dates are not scored.

Only the system's asserted events count (polarity ``asserted``), as in every export.

Matching rule (documented in docs/quality.md):

1. **Events.** In each record, system events are paired one to one with expected events
   of the same PLOVER type (a maximum matching; among equal-type candidates the one whose
   parties match best is taken). *Event type accuracy* = expected events paired / expected
   events (the records hold one event each, so this is the share of sentences whose event
   type the system finds); type precision = system events paired / system events.
2. **Mode.** Over the paired events: the system's mode equals the expected one, where an
   expected null mode needs a null system mode. ``mode_given`` repeats this over the pairs
   whose expected mode is not null.
3. **Parties by country + sector.** A system party (an entity id of ``actors`` or
   ``recipients``) matches an expected party when
   * the countries agree: the entity's ``country`` equals the expected ``code`` after legacy
     codes are mapped (JAP->JPN, ITL->ITA, ...); an expected transnational code (IGO, NGO,
     UNO, EUR, ISM, IMG, MNC) matches an entity whose country or sector is that code, or an
     entity with no country at all (eventwire places international organisations in none);
   * and the sectors agree when the gold gives one: its first three letters (``CVLalb`` ->
     CVL, ``REBMOS`` -> REB; ``***`` means none given; the legacy ``CIV`` is CVL) equal the
     entity's ``sector``. When the gold gives no sector, any system sector is accepted.
   Within a pair, expected sources are matched one to one against the system's actors and
   expected targets against its recipients (for the reciprocal types CONSULT, AGREE and
   COOPERATE, where PLOVER lists every party as an actor, source and target are matched
   against actors and recipients pooled; a pooled party left over counts against actors).
   *Actor F1* and *recipient F1* are micro-averaged: tp = matched parties; fp = system
   parties not matched, including every party of a system event that pairs with no expected
   event; fn = expected parties not matched, including every party of an expected event the
   system missed. ``actor_paired`` / ``recipient_paired`` give the same over paired events
   only (how well the parties are coded when the type is found). ``*_country`` variants
   ignore sectors.
4. **Parties within the annotation.** Each record codes one event (the CAMEO manual's
   example of one code), not every event of its sentence, so a system event of a type the
   record does not code ("... one day after a Serbian army jet shot down a helicopter" beside
   the coded SANCTION) can be neither confirmed nor refuted by it. ``actor_annotated`` /
   ``recipient_annotated`` are actor and recipient F1 as in 3, except that the parties of such
   events are not counted; a system event of a coded type that pairs with nothing (a second
   event of the type, or one whose pairing was taken) still counts, and so does every missed
   expected event. The extra events themselves stay counted in the type precision.
"""
from __future__ import annotations

from typing import Any

from .common import EvalError, max_matching, prf, ratio

RECIPROCAL = frozenset({"CONSULT", "AGREE", "COOPERATE"})
TRANSNATIONAL = frozenset({"IGO", "NGO", "UNO", "EUR", "ISM", "IMG", "MNC"})
LEGACY_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "GMY": "DEU", "UKG": "GBR", "ZAR": "COD",
                    "TMP": "TLS", "BUR": "MMR", "KOS": "XKX"}
LEGACY_SECTORS = {"CIV": "CVL"}


def plover_inputs(records: list[dict]) -> list[dict]:
    """Input records for the system: id and text only (the record's date is a placeholder)."""
    out = []
    for i, r in enumerate(records):
        if not isinstance(r, dict) or not isinstance(r.get("text"), str):
            raise EvalError(f"PLOVER record {i + 1}: needs a `text` string")
        out.append({"id": str(r.get("id") or f"plover-{i + 1}"), "text": r["text"]})
    return out


def gold_country(code: Any) -> str | None:
    if not code:
        return None
    c = str(code).strip().upper()
    return LEGACY_COUNTRIES.get(c, c) or None


def gold_sector(sector: Any) -> str | None:
    """The base sector of a gold sector string: 'CVLalb' -> 'CVL', '***' -> None."""
    if not sector:
        return None
    s = str(sector).strip()[:3].upper()
    if not s.isalpha():
        return None
    return LEGACY_SECTORS.get(s, s)


def party_matches(gold: dict, entity: dict | None, use_sector: bool = True) -> bool:
    """Whether a system entity is the expected party by country (+ sector): see the module doc."""
    if entity is None:
        return False
    code = gold_country(gold.get("code"))
    country = (entity.get("country") or None)
    sector = (entity.get("sector") or None)
    if code in TRANSNATIONAL:
        ok = country == code or sector == code or country is None
    else:
        ok = code is not None and country is not None and str(country).upper() == code
    if not ok:
        return False
    want = gold_sector(gold.get("sector")) if use_sector else None
    return want is None or (sector is not None and str(sector).upper() == want)


def _match_parties(gold: list[dict], system: list[str], ents: dict[str, dict], use_sector: bool) -> int:
    """Maximum one-to-one matching of gold parties to system entity ids; the number matched."""
    edges = {i: [j for j, sid in enumerate(system) if party_matches(g, ents.get(sid), use_sector)]
             for i, g in enumerate(gold)}
    return len(max_matching(len(gold), edges))


def _pair_counts(g: dict, s: dict, ents: dict[str, dict], use_sector: bool) -> dict[str, int]:
    """tp/fp/fn of actors and recipients for one paired expected/system event."""
    src = [p for p in g.get("source") or [] if isinstance(p, dict)]
    tgt = [p for p in g.get("target") or [] if isinstance(p, dict)]
    actors = list(dict.fromkeys(str(a) for a in s.get("actors") or []))
    recips = [r for r in dict.fromkeys(str(r) for r in s.get("recipients") or []) if r not in actors]
    if str(g.get("code")).upper() in RECIPROCAL:
        pool = actors + recips
        both = _match_parties(src + tgt, pool, ents, use_sector)
        a_tp = min(_match_parties(src, pool, ents, use_sector), both)
        r_tp = both - a_tp
        leftover = len(pool) - both
        return {"a_tp": a_tp, "a_fp": leftover, "a_fn": len(src) - a_tp,
                "r_tp": r_tp, "r_fp": 0, "r_fn": len(tgt) - r_tp}
    a_tp = _match_parties(src, actors, ents, use_sector)
    r_tp = _match_parties(tgt, recips, ents, use_sector)
    return {"a_tp": a_tp, "a_fp": len(actors) - a_tp, "a_fn": len(src) - a_tp,
            "r_tp": r_tp, "r_fp": len(recips) - r_tp, "r_fn": len(tgt) - r_tp}


def _pair_events(expected: list[dict], system: list[dict], ents: dict[str, dict]) -> list[tuple[int, int]]:
    """Pair expected and system events of the same type, best party overlap first."""
    cands = []
    for gi, g in enumerate(expected):
        for si, s in enumerate(system):
            if str(s.get("type")).upper() == str(g.get("code")).upper():
                c = _pair_counts(g, s, ents, True)
                cands.append((-(c["a_tp"] + c["r_tp"]), c["a_fp"] + c["r_fp"], gi, si))
    cands.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, _, gi, si in cands:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gi, si))
    return pairs


def _describe(e: dict, ents: dict[str, dict]) -> str:
    def code(i: str) -> str:
        x = ents.get(i) or {}
        return f"{x.get('name', i)}[{x.get('country') or '-'}/{x.get('sector') or '-'}]"
    return (f"{e.get('type')}/{e.get('mode')} {[code(a) for a in e.get('actors') or []]}"
            f"->{[code(r) for r in e.get('recipients') or []]}")


def _describe_gold(g: dict) -> str:
    def code(p: dict) -> str:
        return f"{p.get('text')}[{p.get('code') or '-'}/{p.get('sector') or '-'}]"
    return (f"{g.get('code')}/{g.get('mode')} {[code(p) for p in g.get('source') or []]}"
            f"->{[code(p) for p in g.get('target') or []]}")


def score_plover(records: list[dict], articles: dict[str, dict]) -> dict[str, Any]:
    """Event type accuracy, mode accuracy, actor and recipient F1 (see the module doc)."""
    c = {k: 0 for k in ("n_gold", "n_system", "paired", "mode_ok", "mode_given", "mode_given_ok", "not_asserted")}
    parts = {k: 0 for k in (f"{x}_{r}{s}" for x in ("a", "r") for r in ("tp", "fp", "fn")
                            for s in ("", "_c", "_p", "_a"))}
    by_type: dict[str, dict[str, int]] = {}
    errors = []
    for i, rec in enumerate(records):
        rid = str(rec.get("id") or f"plover-{i + 1}")
        art = articles.get(rid) or {}
        ents = {str(e.get("id")): e for e in art.get("entities") or [] if isinstance(e, dict)}
        all_events = [e for e in art.get("events") or [] if isinstance(e, dict)]
        system = [e for e in all_events if e.get("polarity") == "asserted"]
        expected = [g for g in rec.get("expected") or [] if isinstance(g, dict)]
        c["n_gold"] += len(expected)
        c["n_system"] += len(system)
        c["not_asserted"] += len(all_events) - len(system)
        pairs = _pair_events(expected, system, ents)
        c["paired"] += len(pairs)
        paired_g = {gi for gi, _ in pairs}
        paired_s = {si for _, si in pairs}
        for g in expected:
            t = by_type.setdefault(str(g.get("code")), {"gold": 0, "found": 0, "false": 0})
            t["gold"] += 1
        for gi, si in pairs:
            g, s = expected[gi], system[si]
            by_type[str(g.get("code"))]["found"] += 1
            same = (s.get("mode") or None) == (g.get("mode") or None)
            c["mode_ok"] += same
            if g.get("mode"):
                c["mode_given"] += 1
                c["mode_given_ok"] += same
            for suffix, use_sector in (("", True), ("_c", False)):
                for k, v in _pair_counts(g, s, ents, use_sector).items():
                    parts[k + suffix] += v
                    if suffix == "":
                        parts[k + "_p"] += v
                        parts[k + "_a"] += v
        for si, s in enumerate(system):
            if si in paired_s:
                continue
            by_type.setdefault(str(s.get("type")), {"gold": 0, "found": 0, "false": 0})["false"] += 1
            n_a = len(set(s.get("actors") or []))
            n_r = len(set(s.get("recipients") or []) - set(s.get("actors") or []))
            coded = str(s.get("type")).upper() in {str(g.get("code")).upper() for g in expected}
            for suffix in ("", "_c") + (("_a",) if coded else ()):
                parts["a_fp" + suffix] += n_a
                parts["r_fp" + suffix] += n_r
        for gi, g in enumerate(expected):
            if gi in paired_g:
                continue
            for suffix in ("", "_c", "_a"):
                parts["a_fn" + suffix] += len(g.get("source") or [])
                parts["r_fn" + suffix] += len(g.get("target") or [])
        wrong = [gi for gi in range(len(expected)) if gi not in paired_g]
        off = [gi for gi, si in pairs if _pair_counts(expected[gi], system[si], ents, True)
               != {"a_tp": len(expected[gi].get("source") or []), "a_fp": 0, "a_fn": 0,
                   "r_tp": len(expected[gi].get("target") or []), "r_fp": 0, "r_fn": 0}
               and str(expected[gi].get("code")).upper() not in RECIPROCAL]
        if wrong or off or len(system) > len(pairs):
            errors.append({"id": rid, "text": rec.get("text"),
                           "gold": [_describe_gold(g) for g in expected],
                           "system": [_describe(e, ents) + ("" if e.get("polarity") == "asserted"
                                                            else f" ({e.get('polarity')})") for e in all_events]})

    def parties(x: str, suffix: str) -> dict:
        return prf(parts[f"{x}_tp{suffix}"], parts[f"{x}_fp{suffix}"], parts[f"{x}_fn{suffix}"])

    event_type = prf(c["paired"], c["n_system"] - c["paired"], c["n_gold"] - c["paired"])
    event_type.update({"accuracy": ratio(c["paired"], c["n_gold"]), "n_gold": c["n_gold"],
                       "n_system": c["n_system"], "not_asserted": c["not_asserted"]})
    return {
        "event_type": event_type,
        "mode": {"accuracy": ratio(c["mode_ok"], c["paired"]), "correct": c["mode_ok"], "total": c["paired"],
                 "given_accuracy": ratio(c["mode_given_ok"], c["mode_given"]),
                 "given_correct": c["mode_given_ok"], "given_total": c["mode_given"]},
        "actor": parties("a", ""),
        "recipient": parties("r", ""),
        "actor_paired": parties("a", "_p"),
        "recipient_paired": parties("r", "_p"),
        "actor_annotated": parties("a", "_a"),
        "recipient_annotated": parties("r", "_a"),
        "actor_country": parties("a", "_c"),
        "recipient_country": parties("r", "_c"),
        "by_type": {t: {**v, "recall": ratio(v["found"], v["gold"])} for t, v in sorted(by_type.items())},
        "details": {"errors": errors},
    }

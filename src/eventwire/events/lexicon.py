"""Event lexicon: trigger words -> PLOVER type, mode and CAMEO root, loaded from data files."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Sequence

import yaml

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Entry:
    """One trigger: a lemma (verb or noun) with the constraints under which it codes an event."""

    lemma: str
    pos: str
    type: str
    mode: str | None
    cameo: str
    particle: str | None = None
    object: frozenset[str] = frozenset()
    object_kinds: frozenset[str] = frozenset()
    object_adjectives: frozenset[str] = frozenset()
    complement: frozenset[str] = frozenset()
    requires_place: bool = False
    context: tuple[str, ...] = ()

    @property
    def specificity(self) -> int:
        """How many constraints the entry has: specific entries are tried first."""
        return sum(bool(x) for x in (self.particle, self.object, self.object_kinds, self.object_adjectives,
                                     self.complement, self.requires_place))


@dataclass(frozen=True)
class Polarity:
    """Cue words for negation, proposal, hypothesis, future and attribution."""

    negation_words: frozenset[str]
    negating_verbs: frozenset[str]
    proposing_verbs: frozenset[str]
    hypothetical_modals: frozenset[str]
    conditional_marks: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_verbs: frozenset[str]
    reporting_verbs: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """Triggers by (lemma, pos), type facts (CAMEO root, reciprocity), and polarity cues."""

    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    types: dict[str, dict]
    polarity: Polarity

    light_verbs: frozenset[str] = frozenset()
    obligation_modals: frozenset[str] = frozenset()

    def reciprocal(self, event_type: str) -> bool:
        """CONSULT, AGREE, COOPERATE: all parties are actors, no recipient."""
        return bool(self.types.get(event_type, {}).get("reciprocal"))

    def min_actors(self, event_type: str) -> int:
        """How many actors an event of the type needs (types `min_actors`; reciprocal types 2, others 1)."""
        t = self.types.get(event_type, {})
        return int(t.get("min_actors", 2 if t.get("reciprocal") else 1))

    def future_as(self, event_type: str) -> str | None:
        """The type a party's own statement of a future event of this type is coded as (types `future_as`)."""
        return self.types.get(event_type, {}).get("future_as")


def _words(v: object) -> frozenset[str]:
    return frozenset(str(x).lower() for x in (v or []))


def _read(text: str, name: str) -> dict:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        raise LexiconError(f"{name}: not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping with 'entries'")
    return data


def load_lexicon(extra: Sequence[Path] = ()) -> Lexicon:
    """Load the packaged event lexicon and polarity cues, plus user lexicon files layered on top."""
    pkg = resources.files("eventwire.data")
    sources = [(pkg.joinpath("event_lexicon.yaml").read_text("utf-8"), "event_lexicon.yaml")]
    sources += [(Path(p).read_text("utf-8"), str(p)) for p in extra]
    types: dict[str, dict] = {}
    groups: dict[str, list[str]] = {}
    light: set[str] = set()
    obligation: set[str] = set()
    raw: list[tuple[dict, str]] = []
    for text, name in sources:
        data = _read(text, name)
        for t, facts in (data.get("types") or {}).items():
            if t not in PLOVER_TYPES:
                raise LexiconError(f"{name}: types: {t!r} is not a PLOVER type")
            if not isinstance(facts, dict):
                raise LexiconError(f"{name}: types: {t!r} needs a mapping of facts")
            fa = facts.get("future_as")
            if fa is not None and fa not in PLOVER_TYPES:
                raise LexiconError(f"{name}: types: {t!r} has future_as {fa!r}, not a PLOVER type")
            types[t] = {**types.get(t, {}), **facts}
        groups.update(data.get("groups") or {})
        light.update(str(v).lower() for v in data.get("light_verbs") or [])
        obligation.update(str(v).lower() for v in data.get("obligation_modals") or [])
        raw += [(e, name) for e in data.get("entries") or []]
    verbs: dict[str, list[Entry]] = {}
    nouns: dict[str, list[Entry]] = {}
    for e, name in raw:
        if not isinstance(e, dict) or not {"lemma", "pos", "type"} <= e.keys():
            raise LexiconError(f"{name}: entry {e!r} needs lemma, pos and type")
        if not isinstance(e["lemma"], str) or not e["lemma"].strip():
            raise LexiconError(f"{name}: entry {e!r}: lemma must be a word")
        if str(e["pos"]).upper() not in ("VERB", "NOUN"):
            raise LexiconError(f"{name}: entry {e['lemma']!r}: pos must be VERB or NOUN, not {e['pos']!r}")
        if not isinstance(e.get("particle"), (str, type(None))):
            raise LexiconError(f"{name}: entry {e['lemma']!r}: particle must be a quoted word (YAML reads on/off/yes/no as booleans)")
        if e["type"] not in PLOVER_TYPES:
            raise LexiconError(f"{name}: entry {e['lemma']!r} has type {e['type']!r}, not a PLOVER type")
        objects: set[str] = set()
        for o in e.get("object") or []:
            objects.update(groups.get(o, [o]))
        cameo = str(e.get("cameo") or types.get(e["type"], {}).get("cameo", "")).zfill(2)
        entry = Entry(lemma=str(e["lemma"]).lower(), pos=str(e["pos"]).upper(), type=e["type"], mode=e.get("mode"),
                      cameo=cameo, particle=e.get("particle"), object=frozenset(o.lower() for o in objects),
                      object_kinds=frozenset(str(k).upper() for k in e.get("object_kinds") or []),
                      object_adjectives=_words(e.get("object_adjectives")), complement=_words(e.get("complement")),
                      requires_place=bool(e.get("requires_place")), context=tuple(e.get("context") or ()))
        table = verbs if entry.pos == "VERB" else nouns
        table.setdefault(entry.lemma, []).append(entry)
    pol = _read(pkg.joinpath("polarity.yaml").read_text("utf-8"), "polarity.yaml")
    polarity = Polarity(**{k: _words(pol.get(k)) for k in Polarity.__dataclass_fields__})
    order = lambda es: tuple(sorted(es, key=lambda x: -x.specificity))  # noqa: E731
    return Lexicon({k: order(v) for k, v in verbs.items()}, {k: order(v) for k, v in nouns.items()}, types, polarity,
                   frozenset(light), frozenset(obligation))

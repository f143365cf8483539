"""Event lexicon: trigger words -> PLOVER type, mode and CAMEO root, loaded from data files."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Mapping, Sequence

import yaml

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

# The modes of each type (PLOVER manual; the types not listed take no mode). Older names in
# the CAMEO2PLOVER table map to these: massacre, assassinate, cleansing -> targeted; ban ->
# restrict; return -> release; RETREAT ease -> (no mode; lifting a sanction is CONCEDE when only
# announced).
_REQUEST_MODES = ("assist", "change", "yield", "meet")
PLOVER_MODES: dict[str, tuple[str, ...]] = {
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": _REQUEST_MODES,
    "REJECT": _REQUEST_MODES,
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
                "unconventional"),
}

# The 37 general contexts of the PLOVER manual.
PLOVER_CONTEXTS = frozenset("""military intelligence executive legislative election political_institutions
    pro_democracy pro_autocracy economic legal reparations human_rights rights_freedoms repression human_security
    gender lgbt religion_ethnicity inequality diplomatic territory peacekeeping health asylum migration disasters
    natural_resource environment technology terrorism cbrn cyber misinformation crime corruption illegal_drugs
    trafficking""".split())

# Modes that carry their context (PLOVER manual: COERCE cyber and misinformation "will also
# automatically add" the context of the same name; unconventional weapons are CBRN).
MODE_CONTEXTS = {"cyber": "cyber", "misinformation": "misinformation", "unconventional": "cbrn"}


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
    example: str | None = None          # a sentence that states an event with this trigger (tests run them all)
    two_sided: bool = False             # fighting, clashes: parties named together ("between X and Y") all act

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
    """Triggers by (lemma, pos), type facts (CAMEO root, reciprocity), polarity cues and the frame rules' word lists."""

    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    types: dict[str, dict]
    polarity: Polarity

    light_verbs: frozenset[str] = frozenset()
    obligation_modals: frozenset[str] = frozenset()
    context_words: dict[str, str] = dataclasses.field(default_factory=dict)
    group_sectors: dict[str, str] = dataclasses.field(default_factory=dict)
    threat_predicates: frozenset[str] = frozenset()
    mode_words: dict[str, dict[str, frozenset[str]]] = dataclasses.field(default_factory=dict)
    assault_targets: frozenset[str] = frozenset()
    words: Mapping[str, frozenset[str]] = dataclasses.field(default_factory=dict)   # `words:` lists by name

    def complement_mode(self, event_type: str, act_type: str, act_mode: str | None) -> str | None:
        """The mode of a request, refusal or threat about an act of `act_type` (types `complement_modes`)."""
        table = self.types.get(event_type, {}).get("complement_modes") or {}
        v = table.get(act_type, table.get("*"))
        if isinstance(v, dict):
            v = v.get(act_mode or "*", v.get("*"))
        return v

    def quad(self, event_type: str) -> int | None:
        """PLOVER quad class of a type (types `quad`): 1 verbal cooperation ... 4 material conflict."""
        q = self.types.get(event_type, {}).get("quad")
        return int(q) if q is not None else None

    def entries(self) -> list[Entry]:
        """Every trigger entry, verbs first, in lexicon order within a lemma."""
        return [e for table in (self.verbs, self.nouns) for es in table.values() for e in es]

    def reciprocal(self, event_type: str) -> bool:
        """CONSULT, AGREE, COOPERATE: all parties are actors, no recipient."""
        return bool(self.types.get(event_type, {}).get("reciprocal"))

    def min_actors(self, event_type: str) -> int:
        """How many actors an event of the type needs (types `min_actors`; reciprocal types 2, others 1)."""
        t = self.types.get(event_type, {})
        return int(t.get("min_actors", 2 if t.get("reciprocal") else 1))

    def target_place(self, event_type: str) -> bool:
        """Types that happen where their target is when the verb names no place (types `target_place`:
        "fired tear gas at protesters in Nairobi" happens in Nairobi)."""
        return bool(self.types.get(event_type, {}).get("target_place"))

    def place_recipient(self, event_type: str) -> bool:
        """Types whose target is the population of where they happen when no party is named
        (types `place_recipient`: "lifted a curfew in Montenegro" is aimed at Montenegro)."""
        return bool(self.types.get(event_type, {}).get("place_recipient"))

    def future_as(self, event_type: str) -> str | None:
        """The type a party's own statement of a future event of this type is coded as (types `future_as`)."""
        return self.types.get(event_type, {}).get("future_as")


def _mode_targets(t: str, table: object, future_as: object) -> list[tuple[str, object]]:
    """(type the mode belongs to, mode) pairs of a `complement_modes` or `future_mode` value."""
    target = t if future_as is None else str(future_as)
    if table is None:
        return []
    if not isinstance(table, dict):
        return [(target, table)]
    out: list[tuple[str, object]] = []
    for v in table.values():
        out += [(target, x) for x in (v.values() if isinstance(v, dict) else [v])]
    return out


def _words(v: object) -> frozenset[str]:
    return frozenset(str(x).lower() for x in (v or []))


def _add_words(words: dict[str, set[str]], lists: object, name: str, known: bool) -> None:
    """Add a file's `words:` lists to `words`; with `known`, only to lists the packaged lexicon names."""
    if lists is None:
        return
    if not isinstance(lists, dict):
        raise LexiconError(f"{name}: words: expected a mapping of list names to word lists")
    for key, ws in lists.items():
        if known and key not in words:
            raise LexiconError(f"{name}: words: {key!r} is not a word list of the event lexicon")
        if not isinstance(ws, list):
            raise LexiconError(f"{name}: words: {key!r} needs a list of words")
        words.setdefault(key, set()).update(str(w).lower() for w in ws)


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
    context_words: dict[str, str] = {}
    group_sectors: dict[str, str] = {}
    threat_predicates: set[str] = set()
    mode_words: dict[str, dict[str, frozenset[str]]] = {}
    assault_targets: set[str] = set()
    word_lists: dict[str, set[str]] = {}
    raw: list[tuple[dict, str]] = []
    for k, (text, name) in enumerate(sources):
        data = _read(text, name)
        for t, facts in (data.get("types") or {}).items():
            if t not in PLOVER_TYPES:
                raise LexiconError(f"{name}: types: {t!r} is not a PLOVER type")
            if not isinstance(facts, dict):
                raise LexiconError(f"{name}: types: {t!r} needs a mapping of facts")
            for key in ("future_as", "negated_as"):
                fa = facts.get(key)
                if fa is not None and fa not in PLOVER_TYPES:
                    raise LexiconError(f"{name}: types: {t!r} has {key} {fa!r}, not a PLOVER type")
            for key in ("complement_modes", "future_mode"):
                for target, m in _mode_targets(t, facts.get(key), facts.get("future_as") if key == "future_mode" else None):
                    if m is not None and m not in PLOVER_MODES.get(target, ()):
                        raise LexiconError(f"{name}: types: {t!r} {key} gives {m!r}, not a mode of {target}")
            types[t] = {**types.get(t, {}), **facts}
        groups.update(data.get("groups") or {})
        light.update(str(v).lower() for v in data.get("light_verbs") or [])
        obligation.update(str(v).lower() for v in data.get("obligation_modals") or [])
        threat_predicates.update(str(v).lower() for v in data.get("threat_predicates") or [])
        assault_targets.update(str(v).lower() for v in data.get("assault_targets") or [])
        for ctx, words in (data.get("context_words") or {}).items():
            if ctx not in PLOVER_CONTEXTS:
                raise LexiconError(f"{name}: context_words: {ctx!r} is not a PLOVER context")
            context_words.update({str(w).lower(): ctx for w in words or []})
        for t, modes in (data.get("mode_words") or {}).items():
            for m, words in (modes or {}).items():
                if m not in PLOVER_MODES.get(t, ()):
                    raise LexiconError(f"{name}: mode_words: {m!r} is not a mode of {t!r}")
                have = mode_words.setdefault(t, {})             # a user file adds to the packaged words
                have[m] = have.get(m, frozenset()) | frozenset(str(w).lower() for w in words or [])
        for sector, words in (data.get("group_sectors") or {}).items():
            group_sectors.update({str(w).lower(): str(sector).upper() for w in words or []})
        _add_words(word_lists, data.get("words"), name, known=k > 0)
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
        mode = e.get("mode")
        if mode is not None and mode not in PLOVER_MODES.get(e["type"], ()):
            allowed = ", ".join(PLOVER_MODES.get(e["type"], ())) or "none (null)"
            raise LexiconError(f"{name}: entry {e['lemma']!r} ({e['type']}) has mode {mode!r}; "
                               f"the modes of {e['type']} are: {allowed}")
        bad = [c for c in e.get("context") or [] if c not in PLOVER_CONTEXTS]
        if bad:
            raise LexiconError(f"{name}: entry {e['lemma']!r} has context {bad[0]!r}, not a PLOVER context")
        cameo = str(e.get("cameo") or types.get(e["type"], {}).get("cameo", "")).zfill(2)
        entry = Entry(lemma=str(e["lemma"]).lower(), pos=str(e["pos"]).upper(), type=e["type"], mode=e.get("mode"),
                      cameo=cameo, particle=e.get("particle"), object=frozenset(o.lower() for o in objects),
                      object_kinds=frozenset(str(k).upper() for k in e.get("object_kinds") or []),
                      object_adjectives=_words(e.get("object_adjectives")), complement=_words(e.get("complement")),
                      requires_place=bool(e.get("requires_place")), context=tuple(e.get("context") or ()),
                      example=e.get("example"), two_sided=bool(e.get("two_sided")))
        table = verbs if entry.pos == "VERB" else nouns
        table.setdefault(entry.lemma, []).append(entry)
    pol = _read(pkg.joinpath("polarity.yaml").read_text("utf-8"), "polarity.yaml")
    polarity = Polarity(**{k: _words(pol.get(k)) for k in Polarity.__dataclass_fields__})
    order = lambda es: tuple(sorted(es, key=lambda x: (-x.specificity, not x.object)))  # noqa: E731
    # ... and of two as specific, the one naming the object first: "fired tear gas at" is crowd control
    return Lexicon({k: order(v) for k, v in verbs.items()}, {k: order(v) for k, v in nouns.items()}, types, polarity,
                   frozenset(light), frozenset(obligation), context_words, group_sectors, frozenset(threat_predicates),
                   mode_words, frozenset(assault_targets), {k: frozenset(v) for k, v in word_lists.items()})

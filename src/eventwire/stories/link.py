"""Cross-article event linking: when two coded events are one happening, and the cluster's canonical record."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from .dates import PRECISION_RANK, event_range, overlap

RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})


@dataclass(frozen=True)
class EventRecord:
    """What linking needs of one stored event (or of a cluster's canonical record)."""

    id: str
    article_id: str
    type: str
    actors: frozenset[str]
    recipients: frozenset[str]
    date: str | None = None
    date_end: str | None = None
    precision: str | None = None
    date_source: str | None = None
    location: str | None = None
    location_country: str | None = None
    polarity: str = "asserted"
    outlet: str | None = None

    @property
    def parties(self) -> frozenset[str]:
        """Actors and recipients together."""
        return self.actors | self.recipients

    @property
    def days(self):
        """The day range the date covers (None: undated)."""
        return event_range(self.date, self.date_end, self.date_source)


Lineage = Mapping[str, frozenset[str]]


def _slug(actor_id: str) -> str:
    return actor_id.split(":", 1)[1] if ":" in actor_id else actor_id


def same_party(x: str, y: str, lineage: Lineage) -> bool:
    """One actor, or one stands for a body the other belongs to: the same name under two kinds
    (org:/person:), a surname and the full name ('person:keller' / 'person:anders-keller'), or one
    in the other's lineage (its country, its organisation, the codes above it: RUS.GOV above RUS.GOV.MFA)."""
    if x == y or _slug(x) == _slug(y) or x in lineage.get(y, ()) or y in lineage.get(x, ()):
        return True
    sx, sy = _slug(x), _slug(y)
    return x.startswith("person:") and y.startswith("person:") and (sx.endswith("-" + sy) or sy.endswith("-" + sx))


def _covered(a: frozenset[str], b: frozenset[str], lineage: Lineage) -> bool:
    return all(any(same_party(x, y, lineage) for y in b) for x in a)


def _nested(a: frozenset[str], b: frozenset[str], lineage: Lineage) -> bool:
    return _covered(a, b, lineage) or _covered(b, a, lineage)


def parties_compatible(a: EventRecord, b: EventRecord, lineage: Lineage = {}) -> bool:
    """Same parties, or one side's contained in the other's (an actor covers its members and officials);
    reciprocal types compare actors and recipients together."""
    if not any(same_party(x, y, lineage) for x in a.parties for y in b.parties):
        return False
    if a.type in RECIPROCAL_TYPES:
        return _nested(a.parties, b.parties, lineage)
    return _nested(a.actors, b.actors, lineage) and _nested(a.recipients, b.recipients, lineage)


def dates_compatible(a: EventRecord, b: EventRecord) -> bool:
    """Overlapping day ranges at the coarser precision; a repeated happening (interval) links only to the same interval."""
    if (a.precision == "interval") != (b.precision == "interval"):
        return a.days is None or b.days is None
    if a.precision == "interval":
        return (a.date, a.date_end) == (b.date, b.date_end)
    return overlap(a.days, b.days)


def places_compatible(a: EventRecord, b: EventRecord) -> bool:
    """Same place name, or places of one country (a city and its country); unknown places never conflict."""
    if not a.location or not b.location or a.location.casefold() == b.location.casefold():
        return True
    return a.location_country is not None and a.location_country == b.location_country


def compatible(a: EventRecord, b: EventRecord, lineage: Lineage = {}) -> bool:
    """One happening reported twice: same type and polarity, compatible parties, dates and places."""
    return (a.type == b.type and a.polarity == b.polarity and parties_compatible(a, b, lineage)
            and dates_compatible(a, b) and places_compatible(a, b))


def link_score(a: EventRecord, b: EventRecord) -> tuple[int, int, int]:
    """Preference among compatible clusters: shared parties, both dated, same place."""
    return (len(a.parties & b.parties), int(a.days is not None and b.days is not None),
            int(bool(a.location) and bool(b.location) and a.location.casefold() == b.location.casefold()))


def canonical(cluster_id: str, members: Sequence[EventRecord]) -> EventRecord:
    """The cluster's record: its most precise date and place, the union of parties (majority role)."""
    dated = sorted((m for m in members if m.date), key=lambda m: (PRECISION_RANK.get(m.precision, 5),
                                                                   m.date_source in ("published", "inferred")))
    best = dated[0] if dated else None
    located = sorted((m for m in members if m.location), key=lambda m: (m.location_country == m.location
                                                                         or len(m.location) == 3))
    place = located[0] if located else None
    role = Counter()
    for m in members:
        role.update({x: 1 for x in m.actors})
        role.update({x: -1 for x in m.recipients})
    parties = set().union(*(m.parties for m in members))
    actors = frozenset(x for x in parties if role[x] >= 0 or members[0].type in RECIPROCAL_TYPES)
    first = members[0]
    return EventRecord(
        id=cluster_id, article_id=first.article_id, type=first.type, actors=actors,
        recipients=frozenset(parties - actors), date=best.date if best else None,
        date_end=best.date_end if best else None, precision=best.precision if best else None,
        date_source=best.date_source if best else None, location=place.location if place else None,
        location_country=place.location_country if place else None, polarity=first.polarity)

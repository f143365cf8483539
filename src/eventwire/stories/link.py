"""Cross-article event linking: when two coded events are one happening, and the cluster's canonical record."""
from __future__ import annotations

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
    position: int | None = None          # where in its article (evidence start)

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


Tally = dict   # a cluster's canonical record in the making: JSON-able, stored beside the cluster


def _order(m: EventRecord) -> list:
    """Members' order (article, position in it, id): ties between equally good dates or places go to the first."""
    return [m.article_id, -1 if m.position is None else m.position, m.id]


def tally_add(tally: Tally | None, m: EventRecord, new_article: bool = True) -> Tally:
    """Fold one more member into a cluster's tally (None: a cluster of none so far); `new_article`: no other
    member comes from its article. Pure: the tally given is not changed."""
    t: Tally = {"type": m.type, "polarity": m.polarity, "roles": {}, "date": None, "place": None,
                "events": 0, "articles": 0, "outlets": [], "bare": 0} if tally is None else dict(tally)
    roles = dict(t["roles"])
    for x in m.actors:
        roles[x] = roles.get(x, 0) + 1
    for x in m.recipients:
        roles[x] = roles.get(x, 0) - 1
    t["roles"] = roles
    if m.date:
        key = [PRECISION_RANK.get(m.precision, 5), m.date_source in ("published", "inferred"), *_order(m)]
        if t["date"] is None or key < t["date"][0]:
            t["date"] = [key, m.date, m.date_end, m.precision, m.date_source]
    if m.location:
        key = [m.location_country == m.location or len(m.location) == 3, *_order(m)]
        if t["place"] is None or key < t["place"][0]:
            t["place"] = [key, m.location, m.location_country]
    if tally is None or _order(m) < t["first"]:       # the first member gives type and polarity (all share them)
        t["first"], t["type"], t["polarity"] = _order(m), m.type, m.polarity
    t["events"] += 1
    if new_article:
        t["articles"] += 1
        if not m.outlet:
            t["bare"] += 1                       # counted as an outlet of its own
        elif m.outlet not in t["outlets"]:
            t["outlets"] = sorted([*t["outlets"], m.outlet])
    return t


def tally_record(cluster_id: str, t: Tally) -> EventRecord:
    """The cluster's record from its tally: its most precise date and place, the union of parties (majority role)."""
    roles = t["roles"]
    actors = frozenset(x for x, n in roles.items() if n >= 0 or t["type"] in RECIPROCAL_TYPES)
    date = t["date"][1:] if t["date"] else [None] * 4
    place = t["place"][1:] if t["place"] else [None] * 2
    return EventRecord(id=cluster_id, article_id=t["first"][0], type=t["type"], actors=actors,
                       recipients=frozenset(roles) - actors, date=date[0], date_end=date[1], precision=date[2],
                       date_source=date[3], location=place[0], location_country=place[1], polarity=t["polarity"])


def tally_counts(t: Tally) -> tuple[int, int, int]:
    """The cluster's events, articles and outlets (an article without an outlet counts as one)."""
    return t["events"], t["articles"], len(t["outlets"]) + t["bare"]


def canonical(cluster_id: str, members: Sequence[EventRecord]) -> EventRecord:
    """The cluster's record: its most precise date and place, the union of parties (majority role)."""
    return tally_record(cluster_id, tally_of(members))


def tally_of(members: Sequence[EventRecord]) -> Tally:
    """The tally of a cluster's members (in any order)."""
    t, seen = None, set()
    for m in members:
        t = tally_add(t, m, m.article_id not in seen)
        seen.add(m.article_id)
    return t

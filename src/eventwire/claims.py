"""Claims: counted numbers (killed, held hostage ...) with range, qualifier, subject and date (placeholder)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .annotate import Chunk
from .records import Actor, Claim, Dropped, Mention, TimeSpan


@dataclass(frozen=True)
class ClaimVocabulary:
    """What a number can count (data/claims.yaml)."""

    words: frozenset[str] = frozenset()


def load_vocabulary(extra_files: Sequence[Path] = ()) -> ClaimVocabulary:
    """Load data/claims.yaml plus user files."""
    return ClaimVocabulary()


def find_claims(chunks: Sequence[Chunk], text: str, mentions: Sequence[Mention], actors: dict[str, Actor],
                times: Sequence[TimeSpan], dropped: Sequence[Dropped], published: dt.date | None,
                vocab: ClaimVocabulary) -> list[Claim]:
    """Every counted claim of the article, in text order."""
    return []

"""Language identification with py3langid (a langid.py fork whose model ships inside the package).

Only English is coded. A text is called non-English when the detector is confident about another
language and gives English little probability; short texts (under 40 letters) and mixed texts
that are mostly English stay English, so a headline or a quoted foreign phrase never loses an
article. The model loads on first use (about 1.5 s) and is shared by the process.
"""
from __future__ import annotations

import re
import threading

MIN_LETTERS = 40          # fewer letters than this: too short to judge, taken as English
SAMPLE_CHARS = 20_000     # the detector reads the start of the text only
MIN_CONFIDENCE = 0.5      # another language must be at least this probable ...
MAX_ENGLISH = 0.2         # ... and English at most this probable
MIN_FUNCTION_WORDS = 0.2  # at least this share of English function words: English whatever the model says
_EN_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for on was with as by it at from his her be are were said has have not this but "
    "they an which their its who will had been would he she we after also over".split())
# English-lexified languages the model confuses with terse English news ("Ghanaian authorities have
# deported 40 Nigerian traders." scores as Nigerian Pidgin): coded as English.
ENGLISH_LIKE = frozenset({"pcm"})
_LOCK = threading.Lock()
_IDENTIFIER = None
_WS = re.compile(r"\s+")


def _identifier():
    global _IDENTIFIER
    if _IDENTIFIER is None:
        with _LOCK:
            if _IDENTIFIER is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier
                _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _IDENTIFIER


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) of the text's language; (None, 0.0) when too short to tell."""
    sample = _WS.sub(" ", text[:SAMPLE_CHARS])
    letters = sum(1 for c in sample if c.isalpha())
    if letters < MIN_LETTERS:
        return None, 0.0
    ranked = _identifier().rank(sample.encode("utf-8", "replace"))
    lang, prob = ranked[0]
    return lang, float(prob)


def english_verdict(text: str) -> tuple[bool, str | None]:
    """(is English enough to code, language code to record). Short texts count as English."""
    sample = _WS.sub(" ", text[:SAMPLE_CHARS])
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return True, "en"
    ident = _identifier()
    ranked = dict(ident.rank(sample.encode("utf-8", "replace")))
    best = max(ranked, key=ranked.__getitem__)
    if best == "en" or best in ENGLISH_LIKE:
        return True, "en"
    english = ranked.get("en", 0.0)
    latin = sum(1 for c in letters if c.isascii()) / len(letters)
    if latin < 0.5:                       # mostly another script: not English whatever the scores
        return False, best
    if _function_word_share(sample) >= MIN_FUNCTION_WORDS:   # short news sentences fool the model
        return True, "en"
    if ranked[best] >= MIN_CONFIDENCE and english <= MAX_ENGLISH:
        return False, best
    return True, "en"


def _function_word_share(sample: str) -> float:
    """Share of the words that are common English function words (about 0.4 in English prose)."""
    words = re.findall(r"[a-z]+", sample.lower())
    return sum(1 for w in words if w in _EN_FUNCTION_WORDS) / len(words) if words else 0.0

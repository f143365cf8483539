"""Time expressions: find them, normalise them to TIMEX3 values, infer a publication date, build ranges.

Detection is rule-first: regular expressions built from the words in `data/timex.yaml` find
the expressions (each date its own expression: "between 2006 and 2010" gives 2006 and 2010),
spaCy's DATE/TIME entities add what the rules miss, and the spaCy parse gives the tense of
the governing verb ("will meet on Thursday" looks forward) and rejects quantities ("1500
soldiers").  dateparser only normalises spans found here, never searches raw text.

Package layout: `vocab` (the words of data/timex.yaml), `values` (TIMEX3 values, calendar
arithmetic), `parse` (spaCy access, tense), `rules` (one regex + handler per kind of
expression), `detect` (choose, resolve: find_times, normalise), `infer` (publication date,
with its reason), `ranges` (find_ranges).

Anchor scheme (`TimeSpan.anchor`), saying what the value was computed from:
  none       the expression is absolute by itself ("October 7, 2023", "2008", "March 2006"),
             or needs no anchor (durations, sets, PRESENT_REF/PAST_REF/FUTURE_REF), or could
             not be anchored (then the value keeps X's: "XXXX-10-07", and `date` is None);
  published  resolved against the publication date the caller gave ("last month", "Thursday");
  inferred   the same, but the caller says that date was inferred (`infer_published`);
  text       resolved against an earlier date in the text: the last day (or year) the
             narrative established ("the following day", "two days later", "that year"),
             or, with no publication date, a year pinned from the years the text mentions.
Deictic words ("yesterday", "two days ago", "last month") speak from the publication date;
anaphoric ones ("the next day", "the previous year", "that day") from the narrative.
"""
from __future__ import annotations

from .detect import find_times, normalise, warm
from .infer import PublishedInference, infer_publication, infer_published, infer_published_with_reason
from .ranges import TimeRange, find_ranges

ANCHORS = ("published", "inferred", "text", "none")
RANGE_KINDS = ("between", "from_to", "since", "until")

__all__ = ["ANCHORS", "RANGE_KINDS", "PublishedInference", "TimeRange", "find_ranges", "find_times",
           "infer_publication", "infer_published", "infer_published_with_reason", "normalise", "warm"]

"""Across outlets: event clusters linked across articles, claim comparison and story clusters.

Everything is incremental: `index.add_article(conn, article_id)` links one stored article
(its events to event clusters, its claims to earlier ones, the article to a story) through
indexes by (type, actor) and by a compact story signature, never all pairs over the store.
"""
from .compare import Verdict, compare_claims
from .link import EventRecord, compatible
from .cluster import StoryParams

__all__ = ["Verdict", "compare_claims", "EventRecord", "compatible", "StoryParams"]

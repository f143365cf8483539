"""Actors: the knowledge base (kb), title parsing (titles) and in-document resolution (resolve)."""
from eventwire.actors.kb import KB, KBError, load_kb, make_id, slug
from eventwire.actors.resolve import actor_at, resolve_actors
from eventwire.actors.titles import Title, TitleLexicon, find_title, load_titles

__all__ = ["KB", "KBError", "load_kb", "make_id", "slug", "actor_at", "resolve_actors", "Title",
           "TitleLexicon", "find_title", "load_titles"]

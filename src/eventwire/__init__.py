"""eventwire: news articles to political event data.

``import eventwire`` is cheap: ``process``, ``result_json``, ``open`` and ``Database`` load their
modules (spaCy included) on first use. See ``eventwire.api`` for examples.
"""
from __future__ import annotations

from typing import Any

__all__ = ["process", "result_json", "open", "Database"]

_LAZY = {"process": "pipeline", "result_json": "pipeline", "open": "api", "Database": "api"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

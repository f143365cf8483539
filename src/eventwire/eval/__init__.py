"""Evaluation: score `extract` output (the contract JSON) against gold files.

Formats (see shared/eval/README.md and gold/seeds.yaml):

* ``seeds``  - a YAML file with ``articles:`` (gold/seeds.yaml): `score_seeds`
* ``timeml`` - JSONL whose records carry ``timexes`` (MEANTIME): `score_timeml`
* ``html``   - JSONL whose records carry ``html_file`` (article-extraction benchmark): `score_bodies`
* ``plover`` - JSONL whose records carry ``expected`` (PLOVER gold-standard records): `score_plover`
* ``ecbplus`` - JSONL whose records carry ``event_mentions`` (ECB+): `score_ecbplus` (stories
  and cross-document event coreference; needs the coded results, see below)

`run_eval(path, docs_dir, extract)` builds the inputs, calls ``extract(records)`` (which
returns ``{"articles": [...]}``, optionally with ``"extracted": [categories]`` and
``"results": [Result]``, the records behind the articles) and scores the result; the seeds'
``cross_article`` checks and the ECB+ scorer store the results in a throwaway in-memory
database, linked as `eventwire run` links them (without them they are "not extracted"
and ECB+ cannot be scored). `format_table` renders any result for the terminal.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import yaml

from .common import EvalError, articles_by_id, read_jsonl
from .html_body import html_inputs, score_bodies
from .plover import plover_inputs, score_plover
from .seeds import DEFAULT_EXTRACTED, format_table, gold_inputs, load_gold, score_cross_article, score_seeds
from .timeml import score_timeml, timeml_inputs

__all__ = [
    "EvalError", "DEFAULT_EXTRACTED", "detect_format", "run_eval",
    "load_gold", "gold_inputs", "score_seeds", "format_table",
    "score_timeml", "timeml_inputs", "score_bodies", "html_inputs", "score_plover", "plover_inputs",
    "score_cross_article",
]

_JSONL_KEYS = (("timexes", "timeml"), ("html_file", "html"), ("event_mentions", "ecbplus"),
               ("expected", "plover"))


def detect_format(path: Path) -> str:
    """"seeds", "timeml", "html", "ecbplus" or "plover", from the file's content."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise EvalError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
        except yaml.YAMLError as exc:
            raise EvalError(f"{path}: not valid YAML: {exc}") from exc
        if isinstance(data, dict) and "articles" in data:
            return "seeds"
        raise EvalError(f"{path}: a YAML gold file needs `articles:` at the top level (see gold/seeds.yaml)")
    try:
        with path.open(encoding="utf-8") as fh:
            first = next((line for line in fh if line.strip()), None)
    except OSError as exc:
        raise EvalError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    if first is None:
        raise EvalError(f"{path}: the file is empty")
    try:
        record = json.loads(first)
    except json.JSONDecodeError as exc:
        raise EvalError(f"{path}: neither a YAML gold file (.yaml) nor JSONL (first line: {exc.msg})") from exc
    if isinstance(record, dict):
        for key, fmt in _JSONL_KEYS:
            if key in record:
                return fmt
    raise EvalError(f"{path}: unknown gold format; expected a seeds YAML with `articles:`, or JSONL "
                    "records with `timexes` (TimeML), `html_file` (HTML bodies), `expected` (PLOVER) or `event_mentions` (ECB+)")


def _cross(document: dict) -> dict | None:
    """The linked store's cross-article view of the document's results (None without results)."""
    results = document.get("results") if isinstance(document, dict) else None
    if not results:
        return None
    from ..stories.build import memory_store
    from ..stories.views import cross_article
    conn = memory_store(results)
    try:
        return cross_article(conn)
    finally:
        conn.close()


def _extracted(document: dict) -> set[str]:
    value = document.get("extracted")
    if isinstance(value, (list, tuple, set)):
        return {str(v) for v in value}
    return set(DEFAULT_EXTRACTED)


def run_eval(path: Path, docs_dir: Path | None,
             extract: Callable[[list[dict]], dict]) -> dict[str, Any]:
    """Score the system (`extract`: input records -> {"articles": [...]}) on a gold file.

    docs_dir: where a seeds file's `file:` texts live; for the HTML set, the folder the
    `html_file` paths are relative to (default: the ground-truth file's folder)."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt == "seeds":
        gold = load_gold(path)
        document = extract(gold_inputs(gold, docs_dir))
        scores = score_seeds(gold, articles_by_id(document), _extracted(document))
        if gold.get("cross_article"):
            scores["cross_article"] = score_cross_article(gold, articles_by_id(document), _cross(document))
        return scores
    if fmt == "timeml":
        records = read_jsonl(path)
        return score_timeml(records, articles_by_id(extract(timeml_inputs(records))))
    if fmt == "html":
        records = read_jsonl(path)
        base = Path(docs_dir) if docs_dir is not None else path.parent
        return score_bodies(records, articles_by_id(extract(html_inputs(records, base))))
    if fmt == "ecbplus":
        from .ecbplus import ecbplus_inputs, score_ecbplus
        records = read_jsonl(path)
        document = extract(ecbplus_inputs(records))
        if not isinstance(document, dict) or not document.get("results"):
            raise EvalError(f"{path}: scoring ECB+ needs the coded results (`extract` must return \"results\")")
        return score_ecbplus(records, document["results"])
    records = read_jsonl(path)
    return score_plover(records, articles_by_id(extract(plover_inputs(records))))

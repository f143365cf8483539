"""The `eventwire` command: a thin skin over the library (run, extract, events, timeline, actors, eval)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Iterable, Sequence

import click

from .ingest import IngestError, parse_published, read_inputs
from .records import Article

EXIT_OK, EXIT_FAILED_ITEMS, EXIT_USAGE = 0, 1, 2
INPUT_FORMATS = click.Choice(["auto", "text", "jsonl", "html"])
OUTPUT_FORMATS = click.Choice(["table", "json", "csv"])


def _date(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_published(value, f"--{param.name}")
    except IngestError as e:
        raise click.BadParameter(e.message) from None


def _say_error(msg: str) -> None:
    click.echo(f"eventwire: {msg}", err=True)


def _say_item_errors(article: Article) -> None:
    """One stderr line per failed item, however many problems it has."""
    _say_error("; ".join(f"[{e.code}] {e.message}" for e in article.errors))


def _load(actors: Sequence[str], lexicons: Sequence[str]):
    from .pipeline import Resources
    try:
        return Resources.load(actor_files=[Path(p) for p in actors], lexicon_files=[Path(p) for p in lexicons])
    except (OSError, ValueError) as e:
        raise click.ClickException(str(e)) from None


def _articles(paths: Sequence[str], input_format: str, published: dt.date | None, failures: list) -> Iterable[Article]:
    """Articles from the inputs; items that cannot become one are reported once and counted."""
    for item in read_inputs(paths, input_format, published):
        if isinstance(item, IngestError):
            _say_error(f"[{item.code}] {item.message}")
            failures.append(item)
        else:
            yield item


def _progress(items: list, label: str):
    """A progress bar on stderr for batches when stderr is a terminal."""
    if len(items) < 2 or not sys.stderr.isatty():
        return items
    from rich.progress import track
    from rich.console import Console
    return track(items, description=label, console=Console(stderr=True), transient=True)


def emit(rows: list[dict], columns: Sequence[str], fmt: str) -> None:
    """Print rows as a table, JSON (a list) or CSV; one place for every command's --format."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        for r in rows:
            w.writerow(["; ".join(map(str, r.get(c))) if isinstance(r.get(c), list) else r.get(c) for c in columns])
        click.echo(buf.getvalue(), nl=False)
        return
    from rich.console import Console
    from rich.table import Table
    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if r.get(c) is None else ", ".join(map(str, r[c])) if isinstance(r.get(c), list)
                        else str(r[c]) for c in columns])
    Console(width=max(160, Console().width), markup=False, highlight=False).print(table)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eventwire")
def main() -> None:
    """eventwire: news articles to political event data (PLOVER), with the sentence behind every row.

    Exit status: 0 all went well; 1 some input items failed (each is named on
    stderr, the others were processed); 2 a usage error.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default="eventwire.db", show_default=True, help="SQLite database file (created if missing).")
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for inputs that give none.")
@click.option("--input-format", type=INPUT_FORMATS, default="auto", show_default=True,
              help="How to read files: by extension (auto), plain text, JSONL records or HTML pages.")
@click.option("--actors", "actor_files", multiple=True, help="Extra actor YAML file layered on the KB (repeatable).")
@click.option("--lexicon", "lexicon_files", multiple=True, help="Extra event lexicon YAML file (repeatable).")
def run(paths, db, published, input_format, actor_files, lexicon_files) -> None:
    """Ingest files, folders, JSONL or '-' (stdin), extract, and store into the database.

    Re-running on the same texts is a no-op (articles are keyed by content hash).
    """
    from .pipeline import process_many
    from .store import connect, store_result
    failures: list = []
    articles = list(_articles(paths, input_format, published, failures))
    res = _load(actor_files, lexicon_files)
    conn = connect(db)
    tally = {"stored": 0, "unchanged": 0, "replaced": 0, "failed": len(failures)}
    for r in process_many(_progress(articles, "coding"), res):
        if r.article.errors:
            _say_item_errors(r.article)
            tally["failed"] += 1
            continue
        tally[store_result(conn, r)] += 1
    conn.close()
    click.echo(", ".join(f"{v} {k}" for k, v in tally.items()) + f" -> {db}", err=True)
    sys.exit(EXIT_FAILED_ITEMS if tally["failed"] else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for inputs that give none.")
@click.option("--input-format", type=INPUT_FORMATS, default="auto", show_default=True,
              help="How to read inputs: by extension (auto), plain text, JSONL records or HTML pages.")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="Output format: one JSON document {\"articles\": [...]} (see docs/schema.md).")
@click.option("--actors", "actor_files", multiple=True, help="Extra actor YAML file layered on the KB (repeatable).")
@click.option("--lexicon", "lexicon_files", multiple=True, help="Extra event lexicon YAML file (repeatable).")
def extract(paths, published, input_format, fmt, actor_files, lexicon_files) -> None:
    """Extract without a database and print {"articles": [...]} as JSON on stdout.

    Items that fail get one line on stderr; those that have an id still appear,
    with an `errors` list. See docs/schema.md for every field.
    """
    from .pipeline import EXTRACTS, process_many, result_json
    failures: list = []
    articles = list(_articles(paths, input_format, published, failures))
    res = _load(actor_files, lexicon_files)
    out = []
    failed = len(failures)
    for r in process_many(articles, res):
        if r.article.errors:
            failed += 1
            _say_item_errors(r.article)
        out.append(result_json(r))
    click.echo(json.dumps({"articles": out, "extracted": list(EXTRACTS)}, ensure_ascii=False))
    sys.exit(EXIT_FAILED_ITEMS if failed else EXIT_OK)


EVENT_COLUMNS = ("date", "type", "mode", "actors", "recipients", "location", "polarity", "evidence", "article_id")


def _event_rows(rows: list[dict], fmt: str) -> list[dict]:
    if fmt != "table":
        return rows
    out = []
    for r in rows:
        date = r["date"] or ""
        if r["date_end"]:
            date = f"{date}/{r['date_end']}"
        if r["date_source"] in ("published", "inferred"):
            date += f" ({r['date_source']})"
        evidence = " ".join(r["evidence"].split())
        out.append({**r, "date": date, "evidence": evidence if len(evidence) <= 110 else evidence[:107] + "..."})
    return out


@main.command()
@click.option("--db", default="eventwire.db", show_default=True, help="SQLite database file.")
@click.option("--actor", help="Only events with this actor (a country includes its officials).")
@click.option("--with", "with_", help="...and with this actor too.")
@click.option("--type", "etype", help="Only this PLOVER type (CONSULT, ASSAULT, ...).")
@click.option("--since", callback=_date, help="Only events on or after this date.")
@click.option("--until", callback=_date, help="Only events on or before this date.")
@click.option("--all-polarities", is_flag=True, help="Include negated, proposed, hypothetical and future events.")
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default="table", show_default=True)
def events(db, actor, with_, etype, since, until, all_polarities, fmt) -> None:
    """List stored events, oldest first, with the sentence each came from."""
    from .store import connect
    if not Path(db).exists():
        raise click.ClickException(f"{db}: no such database; create it with `eventwire run PATH --db {db}`")
    conn = connect(db)
    rows = _query(conn, actor, with_, etype, since, until, all_polarities)
    emit(_event_rows(rows, fmt), EVENT_COLUMNS if fmt != "json" else list(rows[0]) if rows else [], fmt)


def _query(conn, actor, with_, etype, since, until, all_polarities):
    from .store import query_events
    return query_events(conn, actor=actor, with_=with_, type=etype, since=since.isoformat() if since else None,
                        until=until.isoformat() if until else None, polarity=None if all_polarities else ("asserted",))


@main.command()
@click.option("--db", default="eventwire.db", show_default=True, help="SQLite database file.")
@click.option("--actor", required=True, help="The actor (a country includes its officials; a group its members).")
@click.option("--with", "with_", help="Only events that also involve this actor.")
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default="table", show_default=True)
def timeline(db, actor, with_, fmt) -> None:
    """A chronological list of an actor's (or a pair's) events across all stored articles."""
    from .store import connect
    if not Path(db).exists():
        raise click.ClickException(f"{db}: no such database; create it with `eventwire run PATH --db {db}`")
    conn = connect(db)
    rows = [r for r in _query(conn, actor, with_, None, None, None, False) if r["date"]]
    emit(_event_rows(rows, fmt), ("date", "type", "actors", "recipients", "location", "evidence", "article_id"), fmt)


@main.command()
@click.option("--db", default="eventwire.db", show_default=True, help="SQLite database file.")
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default="table", show_default=True)
def actors(db, fmt) -> None:
    """List stored actors with how often they are mentioned and take part in events."""
    from .store import connect
    if not Path(db).exists():
        raise click.ClickException(f"{db}: no such database; create it with `eventwire run PATH --db {db}`")
    conn = connect(db)
    rows = [dict(r) for r in conn.execute(
        "SELECT a.id, a.name, a.kind, a.country, a.sector, "
        " (SELECT count(*) FROM mentions m WHERE m.actor_id = a.id) AS mentions,"
        " (SELECT count(DISTINCT event_id) FROM event_actors e WHERE e.actor_id = a.id) AS events"
        " FROM actors a ORDER BY events DESC, mentions DESC, a.name")]
    emit(rows, ("id", "name", "kind", "country", "sector", "mentions", "events"), fmt)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--docs", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder holding the files the gold names (for gold files that give `file:`).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_cmd(gold, docs, fmt) -> None:
    """Score eventwire against a gold file: the seeds YAML, a TimeML or an HTML-body JSONL set."""
    from .eval import run_eval
    from .eval.seeds import format_table
    from .pipeline import EXTRACTS, process_many, result_json
    from .ingest import from_record
    state: dict = {}

    def extract_records(records: list[dict]) -> dict:
        if "res" not in state:
            state["res"] = _load((), ())
        arts = []
        for i, rec in enumerate(records):
            try:
                arts.append(from_record(rec, f"{gold}:{rec.get('id', i)}"))
            except IngestError as e:
                _say_error(f"[{e.code}] {e.message}")
        return {"articles": [result_json(r) for r in process_many(arts, state["res"])], "extracted": list(EXTRACTS)}

    try:
        scores = run_eval(gold, docs, extract_records)
    except (ValueError, OSError, NotImplementedError) as e:
        raise click.ClickException(str(e)) from None
    if fmt == "json":
        click.echo(json.dumps(scores, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(format_table(scores))


if __name__ == "__main__":
    main()

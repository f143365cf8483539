"""The `eventwire` command: a thin skin over the library (run, extract, events, claims, quotes, timeline,
actors, eval, export)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

import click

from .ingest import IngestError, parse_published, read_inputs
from .records import Article

EXIT_OK, EXIT_FAILED_ITEMS, EXIT_USAGE = 0, 1, 2
INPUT_FORMATS = click.Choice(["auto", "text", "jsonl", "csv", "html"])
SKIP_CODES = frozenset({"not_english", "duplicate"})     # kept and reported, not coded: not failures
OUTPUT_FORMATS = click.Choice(["table", "json", "csv"])
PARALLEL_EVAL = 64            # gold files of this many articles or more are coded on all cores
SETTLE_EVERY = 1_500          # stored articles between two batch passes over their stories (SETTLE_MAX // 2)
DEDUP_STORED = 2_000          # the most recent stored articles a run checks near-duplicates against


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


def _articles(paths: Sequence[str], input_format: str, published: dt.date | None, failures: dict,
              feeds: Sequence[str] = (), allow_private: bool = False, fetch_delay: float = 1.0,
              dedup=True) -> Iterable[Article]:
    """Articles from the inputs, streamed one at a time, near-duplicates marked; items that cannot
    become one are reported once and counted in failures["failed"]."""
    if not paths and not feeds:
        raise click.UsageError("give at least one PATH, URL or '-', or a --feed")

    def stream() -> Iterable[Article]:
        for item in read_inputs(paths, input_format, published, feeds=feeds, allow_private=allow_private or None,
                                fetch_delay=fetch_delay, dedup=dedup):
            if isinstance(item, IngestError):
                _say_error(f"[{item.code}] {item.message}")
                failures["failed"] = failures.get("failed", 0) + 1
            else:
                yield item
    return stream()


def _skipped(article: Article) -> bool:
    """Kept but not coded (another language, a duplicate): reported, not a failure."""
    return bool(article.errors) and all(e.code in SKIP_CODES for e in article.errors)


def _input_options(f):
    """The options `run` and `extract` share for where articles come from."""
    f = click.option("--allow-private", is_flag=True, envvar="EVENTWIRE_ALLOW_PRIVATE",
                     help="Let URLs and feeds fetch from private, loopback and link-local addresses "
                          "(refused by default; also EVENTWIRE_ALLOW_PRIVATE=1). For trusted intranets and tests.")(f)
    f = click.option("--fetch-delay", type=click.FloatRange(min=0), default=1.0, show_default=True, metavar="SECONDS",
                     help="Seconds between two requests to the same host (politeness).")(f)
    f = click.option("--feed", "feeds", multiple=True, metavar="URL|FILE",
                     help="An RSS/Atom feed (URL or saved file): each entry's article is fetched and coded (repeatable).")(f)
    return f


def _open_db(db: str):
    """Open an existing database (a file, or a postgresql:// URL), or fail with one line saying how to make it."""
    from .store import StoreError
    from .store.backend import exists, label
    try:
        if not exists(db):
            raise click.ClickException(f"{label(db)}: no such database; create it with "
                                       f"`eventwire run PATH --db {label(db)}`")
        return _connect(db)
    except StoreError as e:
        raise click.ClickException(str(e)) from None


def _connect(db: str):
    """Open (or create) the database; a database that cannot be opened is one line, not a traceback."""
    from .store import StoreError, connect
    try:
        return connect(db)
    except StoreError as e:
        raise click.ClickException(str(e)) from None


def _exists(db: str) -> bool:
    """True when DB is an existing database (StoreError, as one line, when its server cannot be reached)."""
    from .store import StoreError
    from .store.backend import exists
    try:
        return exists(db)
    except StoreError as e:
        raise click.ClickException(str(e)) from None


def _parts_dir(db: str) -> str:
    """The default --parts folder: DB.parts beside an SQLite file, eventwire.parts here for a URL."""
    from .store.backend import is_url
    return "eventwire.parts" if is_url(db) else f"{db}.parts"


def _event_filters(f):
    """The options `events` and `export` share for choosing events."""
    for opt in reversed([
            click.option("--actor", help="Only events with this actor (a country includes its officials)."),
            click.option("--with", "with_", help="...and with this actor too."),
            click.option("--type", "etype", help="Only this PLOVER type (CONSULT, ASSAULT, ...)."),
            click.option("--since", callback=_date, help="Only events on or after this date."),
            click.option("--until", callback=_date, help="Only events on or before this date."),
            click.option("--all-polarities", is_flag=True,
                         help="Include negated, proposed, hypothetical and future events.")]):
        f = opt(f)
    return f


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
@click.argument("paths", nargs=-1)
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file (created if missing), or a postgresql://user@host/db URL.")
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for inputs that give none.")
@click.option("--input-format", type=INPUT_FORMATS, default="auto", show_default=True,
              help="How to read files: by extension (auto; .gz too), plain text, JSONL or CSV records, HTML pages.")
@_input_options
@click.option("--actors", "actor_files", multiple=True,
              help="Extra actor YAML file layered on the KB (repeatable); DB's own NAME.actors.yaml (the analysts' "
                   "actor merges) comes last when it exists.")
@click.option("--lexicon", "lexicon_files", multiple=True, help="Extra event lexicon YAML file (repeatable).")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes that code articles (default: all cores; an input of under 64 articles is "
                   "coded as with 1). 1: one article at a time, in this process when --timeout is 0.")
@click.option("--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
              help="Time budget per article: one still being coded after this is stopped (its worker process is "
                   "killed) and reported as `timeout`, and the rest go on. 0: no limit (and a single worker "
                   "codes in this process). Not enforced per article with --scheduler (docs/scale.md).")
@click.option("--scheduler", metavar="local:N|ADDRESS",
              help="Code on a Dask cluster instead of local processes: local:N starts a LocalCluster of N worker "
                   "processes; tcp://HOST:8786 uses a running scheduler (docs/scale.md). --workers is then ignored.")
@click.option("--parts", "parts_dir", metavar="DIR",
              help="With --scheduler: folder of the Parquet parts (the batch journal; a re-run reuses the parts "
                   "already written). Default: DB.parts beside the database.")
@click.option("--partition-size", type=click.IntRange(min=1), default=64, show_default=True, metavar="N",
              help="With --scheduler: articles per Dask task and per Parquet part.")
def run(paths, db, published, input_format, feeds, allow_private, fetch_delay, actor_files, lexicon_files,
        workers, timeout, scheduler, parts_dir, partition_size) -> None:
    """Ingest files, folders, http(s) URLs, feeds, JSONL/CSV batches or '-' (stdin), extract, and store.

    Articles stream through in small batches, coded on all cores or on a Dask cluster with
    --scheduler (results are stored in input order, by this process alone, one transaction per article). Re-running on the same texts is a no-op (articles are
    keyed by content hash). Non-English articles are stored uncoded and near-duplicates of an
    earlier article are not coded again; both are reported as skipped, not as failures.
    """
    from .batch import count_articles, progress, release_memory, run_parallel
    from .store import store_result
    from .store.sqlite import writer_cache
    from .ingest.dedup import NearDuplicates, seed_index
    from .stories.settle import settle
    failures: dict = {"failed": 0}
    index = NearDuplicates()
    if _exists(db):                                         # near-duplicates of stored articles are linked too
        conn = _connect(db)
        seed_index(index, conn.execute("SELECT id, text FROM articles WHERE duplicate_of IS NULL AND text != ''"
                                       " ORDER BY ingested_at DESC LIMIT ?", (DEDUP_STORED,)))
        conn.close()
    articles = _articles(paths, input_format, published, failures, feeds, allow_private, fetch_delay, dedup=index)
    from .store.backend import is_url
    from .store.user_actors import merges_file, user_actors_path
    merges = None
    if is_url(db) and _exists(db):                          # no file beside a server database: from its log
        merges = tempfile.TemporaryDirectory(prefix="eventwire-merges-")  # removed when the run ends
        conn = _connect(db)
        path = merges_file(conn, Path(merges.name))
        conn.close()
        if path:
            actor_files = (*actor_files, str(path))
    elif user_actors_path(db).exists():                     # the analysts' actor merges (docs/corrections.md)
        actor_files = (*actor_files, str(user_actors_path(db)))
    try:
        if scheduler:
            from .dask_run import run_dask
            results = run_dask(articles, scheduler, Path(parts_dir or _parts_dir(db)), actor_files, lexicon_files,
                               partition_size=partition_size)
        else:
            results = run_parallel(articles, workers, [Path(p) for p in actor_files],
                                   [Path(p) for p in lexicon_files], timeout=timeout)
    except (OSError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    conn = _connect(db)
    writer_cache(conn)
    tally = {"stored": 0, "unchanged": 0, "replaced": 0, "skipped": 0, "failed": 0}
    touched: list[str] = []
    for r in progress(results, count_articles(paths, input_format, feeds), "coding"):
        if _skipped(r.article):
            _say_item_errors(r.article)
            tally["skipped"] += 1
            store_result(conn, r)                   # kept uncoded: another language, or linked to its original
            continue
        if r.article.errors:
            _say_item_errors(r.article)
            tally["failed"] += 1
            continue
        status = store_result(conn, r)
        tally[status] += 1
        if status != "unchanged":
            touched.append(r.article.id)
        if len(touched) >= SETTLE_EVERY:            # settled as the run goes: flat memory, and a killed
            settle(conn, touched)                   # run leaves at most the last part unsettled
            touched.clear()
            release_memory()
    if touched:                                     # a batch pass over the stories this run touched
        settle(conn, touched)
    conn.close()
    if merges is not None:
        merges.cleanup()
    tally["failed"] += failures["failed"]
    from .store.backend import label
    click.echo(", ".join(f"{v} {k}" for k, v in tally.items()) + f" -> {label(db)}", err=True)
    sys.exit(EXIT_FAILED_ITEMS if tally["failed"] else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for inputs that give none.")
@click.option("--input-format", type=INPUT_FORMATS, default="auto", show_default=True,
              help="How to read inputs: by extension (auto; .gz too), plain text, JSONL or CSV records, HTML pages.")
@_input_options
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="Output format: one JSON document {\"articles\": [...]} (see docs/schema.md).")
@click.option("--actors", "actor_files", multiple=True, help="Extra actor YAML file layered on the KB (repeatable).")
@click.option("--lexicon", "lexicon_files", multiple=True, help="Extra event lexicon YAML file (repeatable).")
@click.option("--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
              help="Time budget per article: one still being coded after this is stopped (its worker process is "
                   "killed) and reported as `timeout`, and the rest go on. 0: no limit (and a single worker "
                   "codes in this process).")
def extract(paths, published, input_format, feeds, allow_private, fetch_delay, fmt, actor_files, lexicon_files,
            timeout) -> None:
    """Extract without a database and print {"articles": [...]} as JSON on stdout.

    Items that fail get one line on stderr; those that have an id still appear,
    with an `errors` list (`not_english` and `duplicate` ones are skipped, not failed).
    The document is written article by article as they are coded. See docs/schema.md.
    """
    from .batch import run_parallel
    from .pipeline import EXTRACTS, result_json
    failures: dict = {"failed": 0}
    articles = _articles(paths, input_format, published, failures, feeds, allow_private, fetch_delay)
    try:
        results = run_parallel(articles, 1, [Path(p) for p in actor_files], [Path(p) for p in lexicon_files],
                               timeout=timeout)
    except (OSError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    failed = 0
    click.echo('{"articles": [', nl=False)
    for n, r in enumerate(results):
        if r.article.errors:
            failed += not _skipped(r.article)
            _say_item_errors(r.article)
        click.echo((", " if n else "") + json.dumps(result_json(r), ensure_ascii=False), nl=False)
    click.echo("], " + json.dumps({"extracted": list(EXTRACTS)}, ensure_ascii=False)[1:])
    failed += failures["failed"]
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
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file, or a postgresql://user@host/db URL.")
@_event_filters
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default="table", show_default=True)
@click.option("--raw", is_flag=True, help="The machine's events alone, without the analysts' corrections.")
def events(db, actor, with_, etype, since, until, all_polarities, fmt, raw) -> None:
    """List stored events, oldest first, with the sentence each came from."""
    conn = _open_db(db)
    rows = _query(conn, actor, with_, etype, since, until, all_polarities, raw)
    emit(_event_rows(rows, fmt), EVENT_COLUMNS if fmt != "json" else list(rows[0]) if rows else [], fmt)


def _query(conn, actor, with_, etype, since, until, all_polarities, raw=False):
    from .store import query_events
    return query_events(conn, actor=actor, with_=with_, type=etype, since=since.isoformat() if since else None,
                        until=until.isoformat() if until else None, polarity=None if all_polarities else ("asserted",),
                        raw=raw)


CLAIM_COLUMNS = ("date", "what", "value", "qualifier", "subject", "said_by", "evidence", "article_id")
QUOTE_COLUMNS = ("date", "speaker", "via", "direct", "quote", "article_id")


def _short(text: str | None, width: int | None = 110) -> str:
    """The text on one line, cut to WIDTH characters (None: whole)."""
    text = " ".join((text or "").split())
    return text if width is None or len(text) <= width else text[:width - 3] + "..."


def _value(low: float | None, high: float | None) -> str:
    """'1400', '1400+', '200-999', '<=50' from a claim's range."""
    f = lambda x: f"{x:g}"  # noqa: E731
    if low is not None and high is not None:
        return f(low) if low == high else f"{f(low)}-{f(high)}"
    return f"{f(low)}+" if low is not None else f"<={f(high)}" if high is not None else ""


@main.command()
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file, or a postgresql://user@host/db URL.")
@click.option("--what", help="Only claims counting this (killed, injured, kidnapped, held_hostage, arrested ...).")
@click.option("--source", help="Only numbers given by this actor (a country includes its officials).")
@click.option("--article", help="Only claims of this article id.")
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default="table", show_default=True)
def claims(db, what, source, article, fmt) -> None:
    """List stored numeric claims (killed, held hostage ...) with range, qualifier, date and source."""
    from .store import query_claims
    rows = query_claims(_open_db(db), what=what, source=source, article=article)
    if fmt != "json":
        rows = [{**r, "date": r["date"] or (f"{r['as_of']} (as of)" if r["as_of"] else ""),
                 "value": _value(r["low"], r["high"]), "said_by": r["said_by_name"] or r["said_by"],
                 "evidence": _short(r["text"], 110 if fmt == "table" else None)} for r in rows]
    emit(rows, CLAIM_COLUMNS if fmt != "json" else list(rows[0]) if rows else [], fmt)


@main.command()
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file, or a postgresql://user@host/db URL.")
@click.option("--speaker", help="Only quotes of this actor (a country includes its officials, a group its members).")
@click.option("--article", help="Only quotes of this article id.")
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default="table", show_default=True)
def quotes(db, speaker, article, fmt) -> None:
    """List stored quotes and reported statements with their speakers, oldest first."""
    from .store import query_quotes
    rows = query_quotes(_open_db(db), speaker=speaker, article=article)
    if fmt != "json":
        rows = [{**r, "date": r["date"] or r["published"] or "", "speaker": r["speaker_name"] or r["speaker_text"],
                 "via": r["via_name"], "direct": "yes" if r["direct"] else "reported",
                 "quote": _short(r["text"], 110 if fmt == "table" else None)} for r in rows]
    emit(rows, QUOTE_COLUMNS if fmt != "json" else list(rows[0]) if rows else [], fmt)


@main.command()
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file, or a postgresql://user@host/db URL.")
@click.option("--actor", required=True, help="The actor (a country includes its officials; a group its members).")
@click.option("--with", "with_", help="Only events that also involve this actor.")
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default="table", show_default=True)
def timeline(db, actor, with_, fmt) -> None:
    """A chronological list of an actor's (or a pair's) events across all stored articles."""
    conn = _open_db(db)
    rows = [r for r in _query(conn, actor, with_, None, None, None, False) if r["date"]]
    emit(_event_rows(rows, fmt), ("date", "type", "actors", "recipients", "location", "evidence", "article_id"), fmt)


ACTOR_KINDS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")


def _iso3(ctx, param, value: str | None) -> str | None:
    if value is not None and not (len(value.strip()) == 3 and value.strip().isalpha()):
        raise click.BadParameter(f"{value!r}: use an ISO 3166 alpha-3 code such as RUS, ISR, NGA")
    return value.strip().upper() if value else None


@main.command()
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file, or a postgresql://user@host/db URL.")
@click.option("--kind", type=click.Choice(ACTOR_KINDS, case_sensitive=False), help="Only actors of this kind.")
@click.option("--country", callback=_iso3, help="Only actors of this country (ISO 3166 alpha-3, e.g. RUS).")
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default="table", show_default=True)
def actors(db, kind, country, fmt) -> None:
    """List stored actors with how often they are mentioned and take part in events."""
    from .store.sqlite import list_actors
    rows = list_actors(_open_db(db), kind=kind, country=country)
    emit(rows, ("id", "name", "kind", "country", "sector", "mentions", "events"), fmt)


@main.command()
@click.argument("name")
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file, or a postgresql://user@host/db URL.")
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default="table", show_default=True)
def actor(name, db, fmt) -> None:
    """One actor (by id, name or alias): aliases, roles over time, the articles and the events."""
    from .store.sqlite import actor_profile, similar_actors
    conn = _open_db(db)
    profile = actor_profile(conn, name)
    if profile is None:
        close = similar_actors(conn, name)
        raise click.ClickException(f"no actor matches {name!r}" + (f"; close: {'; '.join(close)}" if close else ""))
    _emit_profile(profile, fmt)


def _span(date: str | None, end: str | None) -> str:
    return f"{date or ''}/{end or ''}" if end else (date or "")


def _emit_profile(p: dict, fmt: str) -> None:
    """The `actor` command's output: JSON (one object), CSV (one long table with a `section` column)
    or tables (the record, then roles, articles and events)."""
    if fmt == "json":
        click.echo(json.dumps(p, ensure_ascii=False, indent=2, default=str))
        return
    fields = ("id", "name", "kind", "country", "sector", "affiliation", "in_kb")
    record = [{"field": k, "value": p[k] if k != "affiliation" or not p["affiliation_name"]
               else f"{p['affiliation_name']} ({p['affiliation']})"} for k in fields]
    record += [{"field": "aliases", "value": p["aliases"]}]
    record += [{"field": k, "value": v} for k, v in p["attributes"].items()]
    roles = [{"when": _span(r.get("start"), r.get("end")) or _span(r.get("first_seen"), r.get("last_seen")
                                                                      if r.get("last_seen") != r.get("first_seen")
                                                                      else None),
              "title": r["title"], "org": r.get("org_name") or r.get("org"), "country": r.get("country"),
              "articles": r.get("articles") or "KB"} for r in p["roles"]]
    articles = [{"id": a["id"], "published": a["published"], "title": a["title"], "mentions": a["mentions"]}
                for a in p["articles"]]
    events = [{"date": _span(e["date"], e["date_end"]), "type": e["type"] + (f"/{e['mode']}" if e["mode"] else ""),
               "actors": e["actors"], "recipients": e["recipients"], "polarity": e["polarity"],
               "evidence": " ".join(e["evidence"].split()), "article_id": e["article_id"]} for e in p["events"]]
    if fmt == "csv":
        cols = ("section", "when", "item", "detail", "evidence", "article_id")
        rows = [{"section": "actor", "item": r["field"], "detail": r["value"]} for r in record]
        rows += [{"section": "role", "when": r["when"], "item": r["title"], "detail": r["org"],
                  "article_id": r["articles"]} for r in roles]
        rows += [{"section": "article", "when": a["published"], "item": a["title"], "detail": a["mentions"],
                  "article_id": a["id"]} for a in articles]
        rows += [{"section": "event", "when": e["date"], "item": e["type"],
                  "detail": f"{'; '.join(e['actors'])} -> {'; '.join(e['recipients'])} ({e['polarity']})",
                  "evidence": e["evidence"], "article_id": e["article_id"]} for e in events]
        emit(rows, cols, "csv")
        return
    emit(record, ("field", "value"), "table")
    for title, rows, cols in (("Roles", roles, ("when", "title", "org", "country", "articles")),
                              ("Articles", articles, ("id", "published", "title", "mentions")),
                              ("Events", events, ("date", "type", "actors", "recipients", "polarity", "evidence",
                                                  "article_id"))):
        click.echo(f"\n{title} ({len(rows)})")
        if rows:
            emit(rows, cols, "table")


STORY_COLUMNS = ("id", "size", "first", "last", "title", "articles")


@main.command()
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file, or a postgresql://user@host/db URL.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stories(db, fmt) -> None:
    """List the news stories: articles grouped by shared events, actors, places, dates and wording."""
    from .stories.views import list_stories
    rows = list_stories(_open_db(db))
    if fmt == "table":
        rows = [{**r, "articles": r["articles"][:5] + (["..."] if r["size"] > 5 else [])} for r in rows]
    emit(rows, STORY_COLUMNS, fmt)


def _cluster_line(c: dict) -> dict:
    parties = ", ".join(c["actor_names"]) + (" -> " + ", ".join(c["recipient_names"]) if c["recipient_names"] else "")
    return {"date": _span(c["date"], c["date_end"]), "type": c["type"], "parties": parties,
            "location": c["location"], "articles": c["n_articles"], "outlets": c["n_outlets"],
            "evidence": _short(c["evidence"][0]["evidence"]) if c["evidence"] else ""}


@main.command()
@click.argument("story_id")
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file, or a postgresql://user@host/db URL.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def story(story_id, db, fmt) -> None:
    """One story (by story id or the id of one of its articles): articles, merged timeline, claims with verdicts."""
    from .stories.views import story_detail
    d = story_detail(_open_db(db), story_id)
    if d is None:
        raise click.ClickException(f"no story or article {story_id!r}; list them with `eventwire stories`")
    if fmt == "json":
        click.echo(json.dumps(d, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"{d['id']}: {d['title']} ({d['size']} articles, {d['first'] or '?'} to {d['last'] or '?'})")
    click.echo(f"\nArticles ({len(d['articles'])})")
    emit(d["articles"], ("id", "published", "outlet", "title"), "table")
    timeline = [_cluster_line(c) for c in d["timeline"] if c["polarity"] == "asserted"]
    click.echo(f"\nTimeline ({len(timeline)} events)")
    if timeline:
        emit(timeline, ("date", "type", "parties", "location", "articles", "outlets", "evidence"), "table")
    claims = [{"what": c["what"], "a": f"{_value(c['low_a'], c['high_a'])} {c['when_a'] or ''} ({c['article_a']})",
               "b": f"{_value(c['low_b'], c['high_b'])} {c['when_b'] or ''} ({c['article_b']})",
               "verdict": c["verdict"], "subjects": f"{c['subject_a']} / {c['subject_b']}"} for c in d["claims"]]
    click.echo(f"\nClaims compared ({len(claims)})")
    if claims:
        emit(claims, ("what", "a", "b", "verdict", "subjects"), "table")


@main.group("corrections", invoke_without_command=True)
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file, or a postgresql://user@host/db URL.")
@click.option("--orphaned", is_flag=True, help="Only corrections whose anchor no longer matches the stored article.")
@click.option("--article", help="Only the corrections of this article id.")
@click.option("--format", "fmt", type=OUTPUT_FORMATS, default="table", show_default=True)
@click.pass_context
def corrections(ctx, db, orphaned, article, fmt) -> None:
    """List the analysts' corrections (who, when, what, state), oldest first; `export` writes them as gold."""
    if ctx.invoked_subcommand is not None:
        return
    from .store.corrections import list_corrections
    conn = _open_db(db)
    rows = [c.to_json() for c in list_corrections(conn, orphaned=orphaned, article_id=article)]
    if fmt == "table":
        rows = [{**r, "what": _short(json.dumps(r["changes"] or {}, ensure_ascii=False), 60),
                 "evidence": _short(r["evidence"], 60), "reason": r["reason"] or ""} for r in rows]
    emit(rows, CORRECTION_COLUMNS if fmt != "json" else list(rows[0]) if rows else [], fmt)


CORRECTION_COLUMNS = ("id", "at", "who", "action", "article_id", "event_id", "undoes", "what", "state", "reason",
                      "evidence")


@corrections.command("export")
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file, or a postgresql://user@host/db URL.")
@click.option("--format", "fmt", type=click.Choice(["yaml"]), default="yaml", show_default=True)
def corrections_export(db, fmt) -> None:
    """Write the corrected articles as seeds-format gold (texts inline) for `eventwire eval FILE`."""
    from .store.corrections_gold import export_gold
    click.echo(export_gold(_open_db(db)), nl=False)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--docs", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder holding the files the gold names (for gold files that give `file:`).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_cmd(gold, docs, fmt) -> None:
    """Score eventwire against a gold file: the seeds YAML, a TimeML or an HTML-body JSONL set."""
    from .eval import run_eval
    from .eval.ecbplus import format_ecbplus
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
        if len(arts) >= PARALLEL_EVAL:              # a benchmark of hundreds of articles: all cores
            from .batch import run_parallel
            results = list(run_parallel(arts, None))
        else:
            results = list(process_many(arts, state["res"]))
        return {"articles": [result_json(r) for r in results], "extracted": list(EXTRACTS), "results": results}

    try:
        scores = run_eval(gold, docs, extract_records)
    except (ValueError, OSError) as e:
        raise click.ClickException(str(e)) from None
    if fmt == "json":
        click.echo(json.dumps(scores, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(format_table(scores))
        if "stories" in scores:
            click.echo(format_ecbplus(scores))



@main.command("export")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["plover-jsonl", "gdelt-tsv", "csv", "parquet", "graphml", "gexf"]),
              help="plover-jsonl (PLOVER records), gdelt-tsv (GDELT 2.0's 61 event columns), csv or parquet "
                   "(one flat row per event), graphml or gexf (the actor network). See docs/schema.md.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Output file (default: stdout).")
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file, or a postgresql://user@host/db URL.")
@_event_filters
@click.option("--header", is_flag=True, help="gdelt-tsv: write the column names first (GDELT's files have none).")
def export_cmd(fmt, out, db, actor, with_, etype, since, until, all_polarities, header) -> None:
    """Export stored events (the same selection as `events`) for pandas, R, Stata, GDELT joins or Gephi.

    Event formats stream row by row; the graph formats aggregate the actor network first.
    """
    from .export import BINARY_FORMATS, export
    if out is None and fmt in BINARY_FORMATS and sys.stdout.isatty():
        raise click.UsageError(f"--format {fmt} is binary: give --out FILE or redirect stdout")
    conn = _open_db(db)
    filters = dict(actor=actor, with_=with_, type=etype, since=since.isoformat() if since else None,
                   until=until.isoformat() if until else None, polarity=None if all_polarities else ("asserted",))
    try:
        if out is None:
            sys.stdout.flush()
            stream = sys.stdout.buffer
            n = export(conn, fmt, stream, header=header, **filters)
            stream.flush()
        else:
            with open(out, "wb") as f:
                n = export(conn, fmt, f, header=header, **filters)
    finally:
        conn.close()
    click.echo(f"{n} events -> {out or 'stdout'} ({fmt})", err=True)


@main.command()
@click.option("--db", default="eventwire.db", show_default=True,
              help="SQLite database file (opened read-only), or a postgresql:// URL.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default is this machine only (the UI has no login).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File whose lines are 'TOKEN [NAME]': corrections need `Authorization: Bearer TOKEN` "
                   "(without it the server is read-only).")
@click.option("--user", help="Who the corrections are recorded as (unless the token's line names someone).")
def serve(db, host, port, token_file, user) -> None:
    """Browse the database in a web browser, with a REST API under /api/ (read-only without --token-file)."""
    import uvicorn
    from .store import StoreError
    from .web import create_app
    from .web.corrections import read_tokens
    try:
        app = create_app(db, tokens=read_tokens(token_file, user) if token_file else None)
    except (FileNotFoundError, StoreError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    from .store.backend import label
    if host not in ("127.0.0.1", "localhost", "::1"):
        _say_error(f"listening on {host}: anyone who can reach it can read {label(db)} and code texts")
    click.echo(f"eventwire: serving {label(db)} on http://{'[' + host + ']' if ':' in host else host}:{port}/ (Ctrl+C stops)",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


if __name__ == "__main__":
    main()

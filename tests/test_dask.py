"""Dask (`run --scheduler`, dask_run): a real 2-worker LocalCluster, Parquet parts, kill -9 and resume."""
from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.dask_run import connect, fingerprint, part_name, read_part, run_dask, write_part
from eventwire.ingest import make_article
from eventwire.records import Article, Result

from conftest import EXAMPLES, ROOT

distributed = pytest.importorskip("distributed")
cloudpickle = pytest.importorskip("cloudpickle")
cloudpickle.register_pickle_by_value(sys.modules[__name__])     # the stand-ins below reach the workers by value
EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))


@pytest.fixture(scope="module")
def client():
    """One LocalCluster of two worker processes (one thread each) for the whole module, as `local:2` starts it."""
    c, cluster = connect("local:2")
    yield c
    c.close()
    cluster.close()


def _seeds() -> list:
    """The example articles, each twice under another id (the second copy: first line changed)."""
    texts = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    return [make_article(f"Copy {k}.\n\n{t}" if k else t, name=f"seed-{i}-{k}", id=f"seed-{i}-{k}")
            for k in range(2) for i, t in enumerate(texts)]


def _stored(db: Path) -> str:
    """sha256 over the sorted rows of every table, ingested_at left out."""
    conn = sqlite3.connect(db)
    h = hashlib.sha256()
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    for table in tables:
        cols = [f'"{r[1]}"' for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
        h.update(table.encode())
        for row in conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {', '.join(cols)}"):
            h.update(repr(row).encode())
    conn.close()
    return h.hexdigest()


def _must_not_run(article, res):
    """Stands in for process_article where the parts already hold every result."""
    raise AssertionError(f"{article.id} coded again")


def _dies_once(article, res):
    """Kills its worker the first time it sees an article marked DIE (the marker file records it)."""
    if article.title == "DIE" and not Path(article.source).exists():
        Path(article.source).touch()
        os._exit(1)
    return Result(article=article, content_hash=article.id)


def _worker_settings() -> tuple:
    import dask
    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), dask.config.get("distributed.worker.profile.enabled")


def test_a_local_cluster_runs_without_the_profiler_and_the_trim_threshold(client):
    """Both cost the workers CPU on every article (bench/README.md); `local:N` turns them off."""
    assert set(client.run(_worker_settings).values()) == {(None, False)}


def test_a_part_round_trips_every_result_field(seed_results, tmp_path):
    results = list(seed_results.values())
    write_part(tmp_path / "p.parquet", results)
    assert read_part(tmp_path / "p.parquet") == results
    assert sum(len(r.events) for r in results) > 0 and not list(tmp_path.glob("*.tmp-*"))


def test_a_part_name_changes_with_any_article_field():
    arts, fp = _seeds()[:2], fingerprint()
    assert part_name(0, arts, fp) == part_name(0, list(arts), fp)
    assert part_name(0, arts, fp) != part_name(1, arts, fp)
    assert part_name(0, arts, fp) != part_name(0, [arts[0], dataclasses.replace(arts[1], title="x")], fp)


def test_the_cluster_codes_like_one_process_and_a_rerun_reuses_the_parts(client, resources, tmp_path):
    from eventwire.pipeline import process_article
    arts = _seeds()
    results = list(run_dask(arts, client, tmp_path, partition_size=3))
    assert results == [process_article(a, resources) for a in arts]
    assert len(list(tmp_path.glob("part-*.parquet"))) == 2
    assert list(run_dask(arts, client, tmp_path, partition_size=3, process=_must_not_run)) == results


def test_a_worker_killed_mid_partition_loses_nothing(client, tmp_path):
    marker = tmp_path / "died"
    arts = [Article(id=f"a{i}", text=f"Article {i}.", source=str(marker), title="DIE" if i == 5 else None)
            for i in range(12)]
    results = list(run_dask(arts, client, tmp_path / "parts", partition_size=4, process=_dies_once))
    assert marker.exists()                                   # a worker did die
    assert [r.article.id for r in results] == [a.id for a in arts] and not any(r.errors for r in results)


def test_run_on_a_local_cluster_stores_the_rows_of_a_local_run(tmp_path):
    runner = CliRunner()
    local = runner.invoke(main, ["run", str(EXAMPLES), "--db", str(tmp_path / "local.db"), "--workers", "1",
                                 "--timeout", "0"])
    dask = runner.invoke(main, ["run", str(EXAMPLES), "--db", str(tmp_path / "dask.db"), "--scheduler", "local:2",
                                "--partition-size", "1"])
    assert local.exit_code == 0 and dask.exit_code == 0, (local.output, dask.output)
    assert len(list((tmp_path / "dask.db.parts").glob("part-*.parquet"))) == 2
    assert _stored(tmp_path / "dask.db") == _stored(tmp_path / "local.db")
    events = [runner.invoke(main, ["events", "--db", str(tmp_path / db), "--format", "json"]).output
              for db in ("local.db", "dask.db")]
    assert events[0] == events[1] and json.loads(events[0])


def test_bad_scheduler_spec_is_a_usage_error(tmp_path):
    r = CliRunner().invoke(main, ["run", str(EXAMPLES), "--db", str(tmp_path / "x.db"), "--scheduler", "local:two"])
    assert r.exit_code == 1 and "local:N" in r.output


def _crash_loop():
    spec = importlib.util.spec_from_file_location("bench_crash_loop", ROOT / "bench" / "crash_loop.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module                  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _kill_at_first_part(argv: list[str], parts: Path) -> None:
    """Start `eventwire run ARGV` and SIGKILL it as soon as it has written a part."""
    proc = subprocess.Popen([EVENTWIRE, "run", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None and not list(parts.glob("part-*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def test_a_run_killed_with_kill_9_resumes_with_no_row_lost_or_doubled(client, tmp_path):
    jsonl, parts = tmp_path / "articles.jsonl", tmp_path / "parts"
    _crash_loop().write_articles(jsonl, 40)
    argv = [str(jsonl), "--db", str(tmp_path / "killed.db"), "--scheduler", client.scheduler.address,
            "--parts", str(parts), "--partition-size", "2"]
    _kill_at_first_part(argv, parts)
    before = {p: p.stat().st_mtime_ns for p in parts.glob("part-*.parquet")}
    assert 1 <= len(before) < 22                            # killed mid-run (43 records: 22 parts)
    runner = CliRunner()
    rerun = runner.invoke(main, ["run", *argv])
    assert rerun.exit_code == 1, rerun.output                      # the empty record fails; the rest are stored
    assert {p: p.stat().st_mtime_ns for p in before} == before    # the parts written before the kill are reused
    assert len(list(parts.glob("part-*.parquet"))) == 22 and not list(parts.glob("*.tmp-*"))
    ref = runner.invoke(main, ["run", str(jsonl), "--db", str(tmp_path / "ref.db"), "--workers", "1", "--timeout", "0"])
    assert ref.exit_code == 1
    assert _stored(tmp_path / "killed.db") == _stored(tmp_path / "ref.db")


def _poison(article, res):
    """Kills its worker every time it codes the article titled POISON."""
    if article.title == "POISON":
        os._exit(1)
    return Result(article=article, content_hash=article.id)


def _allowed_failures(n: int, dask_scheduler=None) -> int:
    """On the scheduler: set how often a task may kill its worker before KilledWorker; the old value."""
    old, dask_scheduler.allowed_failures = dask_scheduler.allowed_failures, n
    return old


def test_an_article_that_kills_every_worker_is_reported_and_the_rest_coded(client, tmp_path):
    arts = [Article(id=f"p{i}", text=f"Article {i}.", title="POISON" if i == 2 else None) for i in range(4)]
    old = client.run_on_scheduler(_allowed_failures, 0)
    try:
        results = list(run_dask(arts, client, tmp_path, partition_size=4, process=_poison))
    finally:
        client.run_on_scheduler(_allowed_failures, old)
    assert [[e.code for e in r.article.errors] for r in results] == [[], [], ["worker_crashed"], []]
    assert not list(tmp_path.glob("part-*"))                 # not journalled: the next run tries again

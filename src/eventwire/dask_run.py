"""Code a stream of articles on a Dask cluster, journalled as Parquet parts so that a killed run resumes.

`run_dask(articles, scheduler, parts)` yields one `Result` per input article, **in input order**,
like `batch.run_parallel`. `scheduler` is `"local:N"` (this process starts a
`distributed.LocalCluster` of N worker processes, one thread each), the address of a running
scheduler (`"tcp://HOST:8786"`), or a `distributed.Client`.

- Partitions: the input is cut into partitions of `partition_size` articles, numbered in input
  order. At most `window` partitions (default: twice the cluster's threads) are submitted and not
  yet yielded, so an endless input is read only as fast as the cluster codes it.
- Workers load `Resources` once per worker process (a module-level cache, loaded on every worker
  before this returns) and code one partition at a time per process (a lock: spaCy's memory zones
  and lxml are not thread-safe, so run workers with `--nthreads 1`). Workers never open the database.
- Parts: the client writes each coded partition to `parts/part-<number>-<digest>.parquet` (written
  to a temporary name, fsynced and renamed: a part is whole or absent), then yields its Results
  read back from that file. The digest covers every field of the partition's articles plus a
  fingerprint of the code version and of the actor and lexicon files, so a re-run of the same input
  finds the parts already written and loads them instead of coding them again (the batch journal).
  A part holds one row per article: `id`, `content_hash`, `errors` (the error codes, JSON) and
  `result`, the `Result` pickled (lossless; read parts only from a folder you trust).
- Exactly-once effect: Dask may run a partition more than once (a dead worker's tasks are rerun);
  that is harmless, because a partition's result depends only on its articles, and the caller
  stores each Result in one transaction keyed by article id and content hash (`store_result`:
  storing it again is `unchanged`). A run killed anywhere and re-run ends with the rows of an
  uninterrupted run.
- A worker that dies (segfault, OOM killer) has its partition rerun by Dask; a partition that kills
  workers `distributed.scheduler.allowed-failures` times (`KilledWorker`) is rerun one article per
  task, one task at a time, and the article that kills its worker on its own gets a
  `worker_crashed` error. Such a partition is not journalled, so a later run tries it again. An
  exception inside the pipeline is an `internal_error` on its article, as everywhere.
- Time budget: `--timeout` is **not enforced per article** under Dask. The local path stops an
  article by killing its worker process; Dask workers are daemonic processes that cannot start a
  killable child, and a thread inside spaCy or lxml cannot be stopped. Texts longer than
  `Resources.max_chars` are still refused as `too_long`; a hung task shows in the Dask dashboard.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import threading
from collections import deque
from dataclasses import dataclass
from functools import partial
from importlib.metadata import version
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .records import Article, Result

PARTITION = 64            # articles per partition (one Dask task, one Parquet part)

# The settings of a cluster started by "local:N" (docs/scale.md gives them for a cluster of your own):
# Dask's statistical profiler samples each worker's stack every 10 ms, and its nannies start workers
# with MALLOC_TRIM_THRESHOLD_=65536 (glibc hands memory back on nearly every free); together they
# cost the workers ~12 % more CPU than the same coding in `batch.run_parallel` (bench/README.md).
# Memory is handed back once per partition instead (`batch.release_memory`).
LOCAL_CONFIG = {"distributed.worker.profile.enabled": False,
                "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}

# --- in the worker process ---------------------------------------------------------------------

_LOCK = threading.Lock()
_LOADED: dict[tuple, object] = {}       # (actor files, lexicon files) -> Resources; one entry at most


def _resources(actor_files: Sequence[str], lexicon_files: Sequence[str]):
    """This worker's Resources for these files, loaded on first use (call with _LOCK held)."""
    from .pipeline import Resources
    key = (tuple(actor_files), tuple(lexicon_files))
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = Resources.load(actor_files=[Path(p) for p in actor_files],
                                      lexicon_files=[Path(p) for p in lexicon_files])
    return _LOADED[key]


def _warm(actor_files: Sequence[str], lexicon_files: Sequence[str]) -> None:
    """Load the resources in this worker now (a bad actor or lexicon file raises here)."""
    with _LOCK:
        _resources(actor_files, lexicon_files)


def _code(actor_files: Sequence[str], lexicon_files: Sequence[str], process: Callable | None,
          batch: list[Article]) -> list[Result]:
    """Code one partition in this worker, one partition at a time per process."""
    from .batch import release_memory
    from .pipeline import process_many
    with _LOCK:
        try:
            return list(process_many(batch, _resources(actor_files, lexicon_files), process))
        finally:
            release_memory()


# --- parts ----------------------------------------------------------------------------------------

def write_part(path: Path, results: Sequence[Result]) -> None:
    """Write `results` as one Parquet part, atomically: a reader sees the whole part or none."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    table = pa.table({
        "id": pa.array([r.article.id for r in results], pa.string()),
        "content_hash": pa.array([r.content_hash for r in results], pa.string()),
        "errors": pa.array([json.dumps([e.code for e in r.article.errors]) for r in results], pa.string()),
        "result": pa.array([pickle.dumps(r, protocol=5) for r in results], pa.binary()),
    })
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        pq.write_table(table, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def read_part(path: Path) -> list[Result]:
    """The Results of one part, in input order."""
    import pyarrow.parquet as pq
    return [pickle.loads(b) for b in pq.read_table(path, columns=["result"]).column("result").to_pylist()]


def fingerprint(actor_files: Sequence[str] = (), lexicon_files: Sequence[str] = ()) -> str:
    """What besides the articles decides the Results: eventwire's version and the user's files."""
    h = hashlib.sha256(version("eventwire").encode())
    for p in (*actor_files, *lexicon_files):
        h.update(b"\0" + str(p).encode() + b"\0" + Path(p).read_bytes())
    return h.hexdigest()


def part_name(number: int, batch: Sequence[Article], fp: str) -> str:
    """The file name of partition `number`: its digest changes whenever any of its articles does."""
    h = hashlib.sha256(fp.encode())
    for a in batch:
        h.update(b"\0" + repr(a).encode("utf-8", "surrogatepass"))
    return f"part-{number:06d}-{h.hexdigest()[:16]}.parquet"


# --- in the client ------------------------------------------------------------------------------

@dataclass
class _Partition:
    path: Path
    batch: list[Article]
    future: object | None = None        # None: the part was written by an earlier run


def connect(scheduler) -> tuple[object, object | None]:
    """(client, cluster) for "local:N", a scheduler address or a Client; cluster is None unless started here."""
    from distributed import Client, LocalCluster
    if isinstance(scheduler, Client):
        return scheduler, None
    if scheduler.startswith("local:"):
        n = scheduler.removeprefix("local:")
        if not n.isdigit() or int(n) < 1:
            raise ValueError(f"--scheduler local:N needs a number of workers N >= 1, got {scheduler!r}")
        import dask
        with dask.config.set(LOCAL_CONFIG):        # read when the nannies start (and restart) their workers
            cluster = LocalCluster(n_workers=int(n), threads_per_worker=1, processes=True, dashboard_address=":0")
        return Client(cluster, set_as_default=False), cluster
    return Client(scheduler, set_as_default=False), None


def run_dask(articles: Iterable[Article], scheduler, parts: Path, actor_files: Sequence[Path] = (),
             lexicon_files: Sequence[Path] = (), *, partition_size: int = PARTITION, window: int | None = None,
             process: Callable | None = None) -> Iterator[Result]:
    """Code `articles` on a Dask cluster and yield their Results in input order (see the module docstring).

    The cluster is reached (or started) and every worker has loaded the resources before this
    returns, so a bad actor or lexicon file raises OSError/ValueError here. `process(article, res)`
    replaces `pipeline.process_article` (for tests; module-level, so that it pickles)."""
    if partition_size < 1:
        raise ValueError(f"partition size must be at least 1, got {partition_size}")
    actors, lexicons = [str(p) for p in actor_files], [str(p) for p in lexicon_files]
    fp = fingerprint(actors, lexicons)
    parts = Path(parts)
    parts.mkdir(parents=True, exist_ok=True)
    for stale in parts.glob("*.tmp-*"):          # a part being written when a run was killed
        stale.unlink(missing_ok=True)
    client, cluster = connect(scheduler)
    owned = (None if client is scheduler else client, cluster)
    try:
        client.run(_warm, actors, lexicons)
        window = window or max(2, 2 * sum(client.nthreads().values()))
    except BaseException:
        _close(*owned)
        raise
    submit = partial(client.submit, _code, actors, lexicons, process)
    return _stream(iter(articles), parts, fp, partition_size, window, submit, owned)


def _stream(it: Iterator[Article], parts: Path, fp: str, size: int, window: int, submit: Callable,
            owned: tuple) -> Iterator[Result]:
    """Keep up to `window` partitions in flight; yield each one's Results in input order once its part is written."""
    pending: deque[_Partition] = deque()
    number = 0
    try:
        while True:
            while len(pending) < window:
                batch = list(islice(it, size))
                if not batch:
                    break
                pending.append(_plan(parts / part_name(number, batch, fp), batch, submit))
                number += 1
            if not pending:
                return
            yield from _finish(pending.popleft(), submit)
    finally:
        _close(*owned)


def _plan(path: Path, batch: list[Article], submit: Callable) -> _Partition:
    """A partition whose part exists is read back; any other is submitted to the cluster."""
    if path.exists():
        return _Partition(path, batch)
    return _Partition(path, batch, submit(batch, key=f"eventwire-{path.stem}", pure=False))


def _finish(part: _Partition, submit: Callable) -> list[Result]:
    """The Results of a partition: from its part, or gathered, journalled, then read back from the part."""
    from distributed import KilledWorker
    if part.future is None:
        return read_part(part.path)
    try:
        results = part.future.result()
    except KilledWorker:
        results = _one_by_one(part.batch, submit)
    part.future = None
    if any(e.code == "worker_crashed" for r in results for e in r.article.errors):
        return results                           # not journalled: a later run tries these again
    write_part(part.path, results)
    return read_part(part.path)


def _one_by_one(batch: list[Article], submit: Callable) -> list[Result]:
    """Code a partition that kept killing workers one article per task, one task at a time (so that a
    worker's death is its article's alone), to find the article at fault."""
    from distributed import KilledWorker
    from .pipeline import error_result
    out = []
    for article in batch:
        try:
            out.extend(submit([article], pure=False).result())
        except KilledWorker:
            out.append(error_result(article, "worker_crashed", "the Dask worker died each time it coded this "
                                                               "article (the other articles were coded)"))
    return out


def _close(client, cluster) -> None:
    """Close the client and the cluster this module opened (None: not ours, a Client passed in stays open)."""
    if client is not None:
        client.close()
    if cluster is not None:
        cluster.close()

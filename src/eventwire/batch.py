"""Code a stream of articles on all local cores, and show progress while doing it.

`run_parallel(articles, workers)` yields one `Result` per input article, **in input order**.
With more than one worker it uses a `concurrent.futures.ProcessPoolExecutor` (forkserver on
Linux, spawn elsewhere): each worker process loads `Resources` once (the pool's initializer)
and codes articles in small batches (`batch_size`, default 8: spaCy is fastest and lightest
with small batches, see STACK.md section 2). At most `2 * workers` batches are submitted and
not yet yielded, so an endless input stream is read only as fast as it is coded and memory
stays flat. Results are frozen dataclasses pickled back to the parent; the caller (the CLI) is
the only database writer.

A worker that dies (a segfault, `os._exit`, the OOM killer) breaks the pool: the batches that
were in flight are re-run one article at a time in a fresh pool, and the article that kills a
worker on its own gets a `worker_crashed` error while the others are coded as usual. An
exception inside the pipeline becomes an `internal_error` on that article (as in-process).

Time budget (`timeout`, seconds per article; the CLI's `--timeout`, default 60 s): an
article still being coded after `timeout` seconds has its worker process killed (SIGKILL) and gets
a `timeout` error; the rest of the batch goes on. A thread cannot be stopped inside spaCy or lxml
(C code that holds the GIL), and SIGALRM is unsafe there and works only in the main thread
(docs/reliability.md), so only killing a process is sound. Hence with a budget the
articles are always coded in worker processes, even with workers=1 (one worker process; the
parent loads no model). Each worker owns a slot of a shared array (`_Clock`: pid, article number,
start time), written without a lock before the shared parse of a group of short articles
(`pipeline.process_many` parses up to 8 with one `nlp.pipe` call), before every article and after
the last; the parent reads the slots while it waits on a result (every POLL s) and kills the worker
whose article (or group parse) is over budget. The kill breaks the pool, so the usual restart
runs: the batches that were in flight are re-run one article at a time in a fresh pool, and the
article that was over budget is not re-run: it gets its `timeout` error. A group parse over budget
blames no article: its articles are re-run alone, each parsed under its own clock. Without a budget
(timeout None or 0), workers=1 codes in this process.
Workers end when the parent dies (`kill -9` of the CLI leaves no orphan coding on).
"""
from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import queue
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from .records import Article, Result

T = TypeVar("T")
BATCH_SIZE = 8            # articles per task sent to a worker
SMALL_INPUT = 64          # with workers=None, an input this short is coded in-process (a pool costs ~5 s to start)
POLL = 0.2                # seconds between two looks at the workers' clocks
_KILL = getattr(signal, "SIGKILL", signal.SIGTERM)

_TRIM = None             # glibc's malloc_trim once looked up, False where there is none


def release_memory() -> None:
    """Hand freed heap pages back to the OS (glibc's malloc_trim; nothing elsewhere), so a long run's RSS
    follows what it holds rather than its largest passes so far (the story batch pass, big articles)."""
    global _TRIM
    if _TRIM is None:
        try:
            _TRIM = ctypes.CDLL(None).malloc_trim if sys.platform.startswith("linux") else False
        except (OSError, AttributeError):       # another C library: musl has no malloc_trim
            _TRIM = False
    if _TRIM:
        _TRIM(0)


# --- in the worker process ---------------------------------------------------------------------

_RES = None
_INIT_ERROR: str | None = None
_PROCESS: Callable | None = None
_SLOT: "tuple[object, int] | None" = None      # (the shared clock array, this worker's slot)


def _init(actor_files, lexicon_files, boilerplate_files, process, clock, ready) -> None:
    """Pool initializer: claim a clock slot, load the resources once per worker; a loading failure is
    kept and reported, not raised. Puts the loading error (or None) on the `ready` queue when done."""
    global _RES, _INIT_ERROR, _PROCESS, _SLOT
    from .pipeline import Resources
    _PROCESS = process
    _exit_with_parent()
    if clock is not None:
        _SLOT = (clock.array, clock.claim(os.getpid()))
    try:
        _RES = Resources.load(actor_files=actor_files, lexicon_files=lexicon_files,
                              boilerplate_files=boilerplate_files)
    except (OSError, ValueError) as e:
        _INIT_ERROR = str(e)
    ready.put(_INIT_ERROR)


def _exit_with_parent() -> None:
    """End this worker as soon as the parent is gone (killed with kill -9, say): no orphan keeps coding."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)
    threading.Thread(target=watch, name="eventwire-parent-watch", daemon=True).start()


def _ready() -> str | None:
    return _INIT_ERROR


def _clock_in(seq: int | None, shared: bool = False) -> None:
    """Mark this worker busy since now with article number `seq` (None: idle), or with the shared
    parse of the group of articles that starts at `seq` (stored as -(seq + 1)); see _Clock.overdue."""
    if _SLOT is None:
        return
    array, k = _SLOT
    array[3 * k + 2] = 0.0
    if seq is not None:
        array[3 * k + 1] = float(-(seq + 1) if shared else seq)
        array[3 * k + 2] = time.monotonic()


def _code(batch: list[Article], first: int = 0) -> list[Result]:
    """Code a batch whose articles are numbered first, first + 1, ... (for the clock)."""
    from .pipeline import process_many
    if _INIT_ERROR is not None:
        raise RuntimeError(_INIT_ERROR)
    out = list(process_many(batch, _RES, _PROCESS,
                            clock=lambda k, shared: _clock_in(None if k is None else first + k, shared)))
    _clock_in(None)
    return out


# --- in the parent ---------------------------------------------------------------------------

def _context():
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["eventwire.pipeline"])     # spaCy and our modules imported once, then forked
        return ctx
    return multiprocessing.get_context("spawn")


class _Clock:
    """Per worker slot (pid, article number, start time; start 0 = idle) in shared memory; the
    workers write their slots and the parent reads them without a lock."""

    def __init__(self, ctx, workers: int):
        self.array = ctx.Array("d", 3 * workers, lock=False)
        self.lock = ctx.Lock()
        self.workers = workers

    def claim(self, pid: int) -> int:
        """In a worker: take the first free slot for this pid."""
        with self.lock:
            k = next(k for k in range(self.workers) if self.array[3 * k] == 0)
            self.array[3 * k] = float(pid)
        return k

    def overdue(self, budget: float) -> list[tuple[int, int]]:
        """(pid, article number) of every worker busy with one article for more than `budget` s; the
        number is -(k + 1) for the shared parse of the group that starts at article k.

        A slot is read start, number, start again: a worker that moved on between the reads
        changed its start and is skipped this time (it is not over budget)."""
        out, now = [], time.monotonic()
        for k in range(self.workers):
            start, seq, again = self.array[3 * k + 2], self.array[3 * k + 1], self.array[3 * k + 2]
            if start and start == again and now - start > budget:
                out.append((int(self.array[3 * k]), int(seq)))
                self.array[3 * k + 2] = 0.0          # killed once; the pool is replaced after it
        return out


class _Pool:
    """A ProcessPoolExecutor that can be replaced when a dead worker breaks it, and that kills a
    worker whose article runs over the time budget."""

    def __init__(self, workers: int, initargs: tuple, timeout: float | None = None):
        self.workers, self.initargs, self.timeout = workers, initargs, timeout or None
        self.pool: ProcessPoolExecutor | None = None
        self.clock: _Clock | None = None
        self.timed_out: set[int] = set()             # numbers of the articles whose worker was killed

    def start(self) -> None:
        """Start all the workers and wait until each loaded the resources; a loading error is raised here."""
        ctx = _context()
        ready = ctx.Queue()
        self.clock = _Clock(ctx, self.workers) if self.timeout else None
        self.pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init,
                                        initargs=(*self.initargs, self.clock, ready))
        futures = [self.pool.submit(_ready) for _ in range(self.workers)]     # one submit per worker starts it
        for _ in range(self.workers):
            while True:
                try:
                    error = ready.get(timeout=1.0)
                    break
                except queue.Empty:
                    if any(f.done() and f.exception() is not None for f in futures):   # a worker died loading
                        self.close()
                        raise RuntimeError("a worker process died while loading the models")
            if error is not None:
                self.close()
                raise ValueError(error)
        wait(futures)

    def submit(self, batch: list[Article], first: int) -> Future:
        return self.pool.submit(_code, batch, first)

    def wait(self, futures: list[Future]) -> None:
        """Wait until all `futures` are done, killing the workers over budget meanwhile."""
        while wait(futures, timeout=None if self.clock is None else POLL).not_done:
            for pid, seq in self.clock.overdue(self.timeout):
                if seq >= 0:                 # a shared parse (seq < 0) blames no article: they are re-run alone
                    self.timed_out.add(seq)
                try:
                    os.kill(pid, _KILL)
                except OSError:                      # it ended meanwhile
                    pass

    def result(self, fut: Future) -> list[Result]:
        self.wait([fut])
        return fut.result()

    def restart(self) -> None:
        self.close()
        self.start()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def run_parallel(articles: Iterable[Article], workers: int | None = None, actor_files: Sequence[Path] = (),
                 lexicon_files: Sequence[Path] = (), boilerplate_files: Sequence[Path] = (), *,
                 batch_size: int = BATCH_SIZE, process: Callable | None = None,
                 timeout: float | None = None) -> Iterator[Result]:
    """Code `articles` on `workers` processes and yield their Results in input order.

    workers=1 codes in this process (`pipeline.process_many`) unless `timeout` is set; workers=None
    means all cores (`os.cpu_count()`), except that an input of fewer than SMALL_INPUT articles is
    coded as with workers=1. `timeout` (seconds per article; None or 0: no limit) is enforced by killing
    the worker process (see the module docstring). Resources are loaded before this returns, so a
    bad actor or lexicon file raises OSError/ValueError here. `process(article, res)` replaces
    `pipeline.process_article` (for tests; it must be a module-level function so that it pickles).
    """
    it = iter(articles)
    if workers is None:
        head = list(islice(it, SMALL_INPUT))
        workers = 1 if len(head) < SMALL_INPUT else (os.cpu_count() or 1)
        it = chain(head, it)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if workers == 1 and not timeout:
        from .pipeline import Resources, process_many
        res = Resources.load(actor_files=list(actor_files), lexicon_files=list(lexicon_files),
                             boilerplate_files=list(boilerplate_files))
        return process_many(it, res, process)
    pool = _Pool(workers, (list(actor_files), list(lexicon_files), list(boilerplate_files), process), timeout)
    pool.start()
    return _stream(pool, it, batch_size, 2 * workers)


def _stream(pool: _Pool, it: Iterator[Article], batch_size: int, window: int) -> Iterator[Result]:
    """Keep up to `window` batches submitted and not yet yielded; yield results in input order."""
    # Each entry: (number of the batch's first article, batch, future), or future None for a batch
    # whose run failed and that is to be re-run one article at a time, with nothing else in flight,
    # to find the article at fault.
    pending: deque[tuple[int, list[Article], Future | None]] = deque()
    seq = 0
    try:
        while True:
            if all(f is not None for _, _, f in pending):
                while len(pending) < window:
                    batch = list(islice(it, batch_size))
                    if not batch:
                        break
                    pending.append((seq, batch, pool.submit(batch, seq)))
                    seq += len(batch)
            if not pending:
                return
            first, batch, fut = pending.popleft()
            if fut is not None:
                try:
                    results = pool.result(fut)
                except Exception:          # a dead or killed worker (BrokenProcessPool), or the task failed
                    pending.appendleft((first, batch, None))
                    pending = _settle(pool, pending)
                    continue
                yield from results
                continue
            for n, article in enumerate(batch, start=first):
                yield _alone(pool, article, n)
    finally:
        pool.close()


def _settle(pool: _Pool, pending: deque) -> deque:
    """After a failure: let every batch in flight finish or fail, mark the failed ones for re-running
    article by article, and replace the pool if a worker died."""
    pool.wait([f for _, _, f in pending if f is not None])
    broken = False
    out: deque = deque()
    for first, batch, f in pending:
        if f is not None and f.exception() is None:
            out.append((first, batch, f))
        else:
            broken = broken or (f is not None and isinstance(f.exception(), BrokenProcessPool))
            out.append((first, batch, None))
    if broken or pool.pool is None or getattr(pool.pool, "_broken", False):
        pool.restart()
    return out


def _alone(pool: _Pool, article: Article, seq: int) -> Result:
    """Code article number `seq` with nothing else in flight, so that a failure is its own; one that
    already ran over the time budget is not run again."""
    from .pipeline import error_result
    if seq in pool.timed_out:
        return _over_budget(pool, article, seq)
    try:
        return pool.result(pool.submit([article], seq))[0]
    except BrokenProcessPool:
        pool.restart()
        if seq in pool.timed_out:
            return _over_budget(pool, article, seq)
        return error_result(article, "worker_crashed", "the worker process died while coding this article "
                                                       "(the other articles were coded)")
    except Exception as e:
        return error_result(article, "internal_error", f"{type(e).__name__}: {e}")


def _over_budget(pool: _Pool, article: Article, seq: int) -> Result:
    """The `timeout` result of an article whose worker was killed for running over the budget."""
    from .pipeline import error_result
    pool.timed_out.discard(seq)
    return error_result(article, "timeout", f"coding took longer than {pool.timeout:g} s; skipped "
                                            "(its worker process was stopped; the other articles were coded)")


# --- progress -------------------------------------------------------------------------------

def count_articles(paths: Sequence[str], input_format: str = "auto", feeds: Sequence[str] = ()) -> int | None:
    """How many articles the inputs hold, when that is cheap to know (local text/HTML files, folders,
    plain JSONL: one per non-blank line); None for stdin, URLs, feeds, CSV and gzipped batches."""
    from .ingest import SIDECAR, file_format
    if feeds or not paths:
        return None
    n = 0
    for p in paths:
        path = Path(p)
        if p == "-" or "://" in p:
            return None
        if path.is_dir():
            files = [f for f in path.iterdir() if f.is_file() and not f.name.startswith(".") and f.name != SIDECAR]
        elif path.is_file():
            files = [path]
        else:
            continue                        # reported by the reader as not found
        for f in files:
            fmt, gz = file_format(f)
            fmt = fmt if input_format == "auto" else input_format
            if fmt == "jsonl" and not gz:
                try:
                    with open(f, "rb") as fh:
                        n += sum(1 for line in fh if line.strip())
                except OSError:
                    pass
            elif fmt in ("jsonl", "csv"):
                return None
            else:
                n += 1
    return n


def progress(items: Iterable[T], total: int | None = None, label: str = "coding", *, every: int = 1000,
             interval: float = 10.0, stream=None) -> Iterator[T]:
    """Pass `items` through, showing progress on `stream` (stderr): a rich bar with articles/s (and
    ETA when `total` is known) on a terminal; otherwise a line such as "coded 1000 articles, 15.2/s"
    every `every` items or `interval` seconds, and one at the end."""
    stream = stream or sys.stderr
    if stream.isatty():
        yield from _bar(items, total, label, stream)
        return
    start = last = time.monotonic()
    n = shown = 0
    of = f" of {total}" if total is not None else ""

    def say(now: float) -> None:
        print(f"{label}: coded {n}{of} articles, {n / max(now - start, 1e-9):.1f}/s", file=stream, flush=True)

    for item in items:
        yield item
        n += 1
        now = time.monotonic()
        if n - shown >= every or now - last >= interval:
            say(now)
            shown, last = n, now
    if n != shown:
        say(time.monotonic())


def _bar(items: Iterable[T], total: int | None, label: str, stream) -> Iterator[T]:
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.completed / max(task.elapsed or 0, 1e-9):.1f} articles/s")    # over the run

    columns: list = [TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn(), Rate(), TimeRemainingColumn()]
    else:
        columns += [TextColumn("{task.completed} articles"), Rate(), TimeElapsedColumn()]
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)

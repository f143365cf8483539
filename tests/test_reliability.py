"""Reliability (issue 12): the time budget per article, crash consistency under kill -9, streaming
of large inputs, and the 20 MB article. Figures and how to rerun the long versions: docs/reliability.md."""
from __future__ import annotations

import gzip
import importlib.util
import io
import itertools
import resource
import sys
import time
import zlib

import pytest
from click.testing import CliRunner

from eventwire.batch import run_parallel
from eventwire.cli import main
from eventwire.ingest import MAX_INPUT_BYTES, make_article, read_jsonl
from eventwire.ingest.fetch import Fetcher
from eventwire.records import Result

import test_fetch
from conftest import ROOT
from test_fetch import ARTICLE, intranet, site  # noqa: F401  (fixtures: the loopback servers)

STORY = "Report {i}. Russian Foreign Minister Sergei Lavrov met Hamas leaders in Moscow on Monday."


def sleepy_process(article, res) -> Result:
    """Stands in for process_article in the workers: hangs 120 s on an article marked HANG, else is instant."""
    if "HANG" in article.text:
        time.sleep(120)
    return Result(article=article, content_hash=article.id)


def _articles(n: int, hang: set[int]) -> list:
    return [make_article(STORY.format(i=i) + (" HANG" if i in hang else ""), name=f"a{i}", id=f"a{i}")
            for i in range(n)]


def _codes(results) -> dict[str, list[str]]:
    return {r.article.id: [e.code for e in r.errors] for r in results}


# --------------------------------------------------------------------------- time budget

@pytest.mark.parametrize("workers, hang", [(1, {2}), (2, {2, 6})])
def test_an_article_over_budget_is_killed_and_the_rest_coded(workers, hang):
    """One worker (the CLI's default path with a budget) or two, a hanging article in each batch in flight."""
    arts = _articles(9, hang)
    t = time.monotonic()
    results = list(run_parallel(arts, workers, batch_size=3, process=sleepy_process, timeout=1.0))
    assert time.monotonic() - t < 90                                             # the hang is 120 s
    assert [r.article.id for r in results] == [a.id for a in arts]               # input order
    codes = _codes(results)
    assert all(codes[f"a{i}"] == (["timeout"] if i in hang else []) for i in range(9)), codes
    assert "a2: coding took longer than 1 s; skipped" in results[2].errors[0].message


def test_no_budget_codes_in_this_process():
    """timeout 0 and one worker: coded here, so even a stand-in that cannot be pickled works."""
    results = list(run_parallel(_articles(3, set()), 1, process=lambda a, res: Result(a, content_hash=a.id), timeout=0))
    assert [r.article.id for r in results] == ["a0", "a1", "a2"] and all(not r.errors for r in results)


# --------------------------------------------------------------------------- crash consistency

def _bench(name: str):
    """A script of bench/ as a module (the long versions of these tests live there)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module                  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_kill_9_at_random_sql_statements_leaves_no_half_stored_article(tmp_path, resources):
    """`eventwire run` SIGKILLed at 4 random SQL statements: after each kill the database is intact and
    holds whole articles only; run again, it ends with exactly the rows of an uninterrupted run."""
    crash = _bench("crash_loop")
    jsonl, replay = tmp_path / "articles.jsonl", tmp_path / "replay.pickle"
    crash.write_articles(jsonl, 12)
    crash.build_replay(jsonl, replay, resources)
    tally = crash.campaign(4, jsonl, tmp_path, "statement", replay, seed=7, log=lambda *a: None)
    assert tally.kills >= 4 and tally.rounds >= 1
    assert tally.problems == []


# --------------------------------------------------------------------------- network input
# Against loopback servers (tests/test_fetch.py's): `site` plays a public site on 127.0.0.2,
# `intranet` an internal service on 127.0.0.1 that counts connections. The limits are checked with
# the address check lifted (allow_private), the refusals with it on.

def _raw(head: bytes, chunks, delay: float = 0.0):
    """A route that writes a raw response: `head`, then each chunk (with `delay` s between)."""
    def route(h):
        h.wfile.write(head)
        for chunk in chunks():
            h.wfile.write(chunk)
            h.wfile.flush()
            time.sleep(delay)
    return route


def _endless_chunked():
    """An HTTP/1.1 chunked body that never ends (until the client hangs up, or 1 GB)."""
    block = b"<p>" + b"word " * 13_000 + b"</p>\n"
    frame = b"%x\r\n%s\r\n" % (len(block), block)
    return (frame for _ in range((1 << 30) // len(block)))


def _gzip_bomb(layers: int, wbits: int = 16 + zlib.MAX_WBITS) -> bytes:
    """~300 MB of 'A' compressed `layers` times (gzip by default)."""
    c = zlib.compressobj(9, zlib.DEFLATED, wbits)
    data = b"".join(c.compress(b"A" * (1 << 20)) for _ in range(300)) + c.flush()
    for _ in range(layers - 1):
        data = gzip.compress(data, 9)
    return data


HOSTILE = {
    "/drip-headers": _raw(b"HTTP/1.0 200 OK\r\n", lambda: (b"X" for _ in range(200)), delay=0.05),
    "/endless": _raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n",
                     _endless_chunked),
    "/length-lie": _raw(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 60\r\n\r\n",
                        lambda: [b"Ministers met in Geneva on Monday to discuss the ceasefire. " + b"x" * 30_000_000]),
    "/double-gzip-bomb": lambda h: h.send(_gzip_bomb(2), headers=[("Content-Encoding", "gzip, gzip")]),
    "/deflate-bomb": lambda h: h.send(_gzip_bomb(1, zlib.MAX_WBITS), headers=[("Content-Encoding", "deflate")]),
    "/raw-deflate-bomb": lambda h: h.send(_gzip_bomb(1, -zlib.MAX_WBITS), headers=[("Content-Encoding", "deflate")]),
    "/html-is-gzip": lambda h: h.send(_gzip_bomb(1), "text/html; charset=utf-8"),
    "/text-is-png": lambda h: h.send(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 400, "text/plain"),
    "/png-is-html": lambda h: h.send(ARTICLE.encode(), "image/png"),
    "/json-is-html": lambda h: h.send(ARTICLE.encode(), "application/json"),
    "/octet-is-html": lambda h: h.send(ARTICLE.encode(), "application/octet-stream"),
    "/utf16-is-utf8": lambda h: h.send(ARTICLE.encode(), "text/html; charset=utf-16"),
}


@pytest.fixture(scope="module")
def hostile(site, intranet):
    """The public site with the hostile routes, plus redirects into the intranet in many spellings."""
    port = intranet.server_address[1]
    targets = {"localhost": f"http://localhost:{port}/secret", "mapped": f"http://[::ffff:127.0.0.1]:{port}/secret",
               "decimal": f"http://2130706433:{port}/secret", "short": f"http://127.1:{port}/secret",
               "metadata": "http://169.254.169.254/latest/meta-data/", "userinfo": f"http://x@127.0.0.1:{port}/secret"}
    site.routes.update(HOSTILE)
    site.routes.update({f"/to-{k}": test_fetch._redirect(v) for k, v in targets.items()})
    site.routes["/hop-then-private"] = test_fetch._redirect("/to-localhost")
    return site


def _fetch_loopback(url: str, **kw):
    """One URL through read_url with the address check lifted (limits only)."""
    return test_fetch.fetch_one(url, Fetcher(allow_private=True, min_interval=0, **kw))


@pytest.mark.parametrize("path", ["/to-localhost", "/to-mapped", "/to-decimal", "/to-short", "/to-metadata",
                                  "/to-userinfo", "/hop-then-private"])
def test_redirect_into_private_addresses_is_refused(hostile, intranet, path):
    before = intranet.connections
    e = test_fetch.fetch_one(hostile.base + path, test_fetch.public_fetcher(hostile))
    assert test_fetch.code(e) == "blocked_destination" and "redirected" in e.message
    assert intranet.connections == before


def test_the_same_redirect_reaches_the_intranet_when_private_is_allowed(hostile, intranet):
    """The control for the test above: the refusal is the guard's doing, not a broken redirect."""
    page = Fetcher(allow_private=True, min_interval=0).fetch(hostile.base + "/to-localhost")
    assert page.body == b"internal secret" and page.redirects


def test_headers_dripped_one_byte_at_a_time_hit_the_total_deadline(hostile):
    t = time.monotonic()
    e = _fetch_loopback(hostile.base + "/drip-headers", timeout=5, deadline=1.0)
    assert test_fetch.code(e) == "fetch_timeout" and time.monotonic() - t < 3


@pytest.mark.parametrize("path", ["/endless", "/double-gzip-bomb", "/deflate-bomb", "/raw-deflate-bomb"])
def test_endless_bodies_and_bombs_stop_at_the_cap(hostile, path):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.monotonic()
    e = _fetch_loopback(hostile.base + path, max_bytes=5_000_000)
    assert test_fetch.code(e) == "too_large" and time.monotonic() - t < 10, e
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000          # KB


@pytest.mark.parametrize("path, expected", [
    ("/html-is-gzip", "binary_input"),            # a gzip file sent as text/html is never decompressed
    ("/text-is-png", "binary_input"),
    ("/png-is-html", "unsupported_content_type"),
    ("/json-is-html", "unsupported_content_type"),
    ("/octet-is-html", "ok"),                     # sniffed as HTML
    ("/utf16-is-utf8", "ok"),                     # valid UTF-8 wins over a wrong charset
    ("/length-lie", "ok"),                        # the body ends where Content-Length says
])
def test_lying_content_types_and_lengths(hostile, path, expected):
    t = time.monotonic()
    got = _fetch_loopback(hostile.base + path)
    assert test_fetch.code(got) == expected and time.monotonic() - t < 5, got
    if expected == "ok":
        assert "\ufffd" not in got.text and len(got.text) < 10_000


# --------------------------------------------------------------------------- resources

class CountingStream(io.BytesIO):
    """A byte stream that counts the bytes handed out (to show a reader is lazy)."""

    read_bytes = 0

    def readline(self, size: int = -1) -> bytes:
        line = super().readline(size)
        self.read_bytes += len(line)
        return line


def test_jsonl_is_read_one_line_at_a_time():
    data = b"".join(b'{"id": "%d", "text": "%s"}\n' % (i, STORY.format(i=i).encode()) for i in range(50_000))
    stream = CountingStream(data)
    items = read_jsonl(stream, "big.jsonl")
    assert next(items).id == "0" and next(items).id == "1"
    assert stream.read_bytes < 1000 < len(data)


def test_coding_pulls_articles_only_as_fast_as_it_codes():
    """An endless input: the budgeted one-worker path (the CLI's default) reads at most the batches in
    flight ahead of what it has yielded, so memory stays flat on any input size."""
    pulled = 0

    def endless():
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield make_article(STORY.format(i=i), name=f"a{i}", id=f"a{i}")

    results = run_parallel(endless(), 1, process=sleepy_process, timeout=30)
    got = list(itertools.islice(results, 40))
    assert [r.article.id for r in got] == [f"a{i}" for i in range(40)]
    assert pulled <= 40 + 2 * 8 + 8
    results.close()


def test_a_20_mb_article_is_refused_as_too_long_and_the_rest_go_on(tmp_path):
    """20 MB of text passes ingest (the cap is MAX_INPUT_BYTES, 20 MiB) but is over the coding limit
    (pipeline.MAX_CHARS): refused at once as `too_long`, while the next file is coded. One byte over
    the ingest cap is refused at ingest (`too_large`)."""
    para = (ROOT / "examples" / "000_aff28270448f48dd.txt").read_text("utf-8").split("\n\n")
    big = "\n\n".join(f"({i}) {para[i % len(para)]}" for i in range(200_000))[:20_000_000]
    (tmp_path / "big.txt").write_text(big, "utf-8")
    (tmp_path / "small.txt").write_text(STORY.format(i=1), "utf-8")
    (tmp_path / "over.txt").write_bytes(b"x" * (MAX_INPUT_BYTES + 1))
    db = tmp_path / "x.db"
    t = time.monotonic()
    r = CliRunner().invoke(main, ["run", *(str(tmp_path / f) for f in ("big.txt", "small.txt", "over.txt")),
                                  "--db", str(db), "--timeout", "30"])
    assert r.exit_code == 1, r.output
    assert "[too_long]" in r.stderr and "big.txt: 20,000,000 characters" in r.stderr
    assert "[too_large]" in r.stderr and "over.txt" in r.stderr
    assert "1 stored" in r.stderr and "2 failed" in r.stderr
    assert time.monotonic() - t < 30                 # refused, not coded until the budget runs out

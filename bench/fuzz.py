"""Run by hand: a long fuzzing campaign over ingest and extraction; tests/test_fuzz.py runs the same
strategies and checks a few dozen times.

    .venv/bin/python bench/fuzz.py [N] [--seed S] [--save DIR]     # N hypothesis inputs (default 3000)
    .venv/bin/python bench/fuzz.py --atheris [-atheris_runs=N ...] [CORPUS_DIR]   # pip install '.[bench]'

(--atheris: libFuzzer's options and corpus folders follow; the input's first byte picks the target.)

Every input goes through one target: random Unicode text (all scripts, combining marks, RTL and
zero-width characters, NUL, lone surrogates, odd quotes and numbers) through `make_article` and
`process_article`; JSONL lines through `read_jsonl`; random bytes as a .txt / .html / .jsonl /
.csv / .gz file through `read_file`; very long single lines; random and deeply nested HTML through
`from_record`. A crash is an exception that escapes, an error code outside INGEST_CODES, an empty
Article without an error, NUL or a lone surrogate in an Article's text, output that is not strict
UTF-8 JSON, or a span whose offsets do not index the text. Prints inputs per target, crashes,
error codes and time per input (p50 / p99 / max); with --save, each crashing input is pickled.
"""
from __future__ import annotations

import argparse
import io
import json
import pickle
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

from hypothesis import strategies as st

INGEST_CODES = frozenset({
    "empty_document", "not_english", "duplicate", "no_text_extracted", "not_article", "binary_input",
    "bad_encoding", "too_large", "too_long", "bad_json", "bad_record", "bad_csv", "bad_gzip", "bad_published",
    "unreadable", "not_found"})
ENGLISH = [
    "Russian Foreign Minister Sergei Lavrov met Hamas leaders in Moscow on Monday.",
    "Militants attacked a police station near Kano on 3 March 2024, killing 12 people, officials said.",
    "\"We will not negotiate,\" the president said on Tuesday, according to state media.",
    "Thousands protested in Tehran last week against the new law.",
    "The UN Security Council will meet on Friday to discuss a ceasefire in Gaza.",
    "Israel and Egypt agreed to reopen the Rafah crossing, a spokesman for the ministry told reporters.",
]
ODD_CHARS = ["\x00", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u2066", "\u2069",
             "\u200f", "\u061c", "\u0301", "\u0336", "\u20dd", "\ufffe", "\uffff", "\ufffd", "\ud800", "\udfff",
             "\udc80", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\r", "\t", "\xa0", "\u3000", "\x1b", "\x7f"]
QUOTES = list("\"'“”„‟«»‹›‘’‚‛「」『』〝〞＂＇`´") + ["''", "``", "\"\"\"", "‹‹", "»«"]
NUMBERS = ["1,000,000", "1.2.3.4", "−5", "-0", "٣٤٥", "१२३", "1e308", "10^9", "½", "2024-13-45", "31/02/2024",
           "99999999999999999999999", "3.", ".5", "0x1F", "1_000", "12:61", "24:00", "1st", "32nd", "Q5 2024",
           "FY2023/24", "1990s", "'90s", "-2147483649", "NaN", "Infinity", "9,99,999", "2,5 million", "$1.2bn"]
WORDS = st.sampled_from("the of said on in a police attack met talks Gaza Kyiv Monday minister killed 12".split())


def _piece() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(ENGLISH), WORDS,
        st.text(st.characters(), max_size=40),                                   # any script, no surrogates
        st.text(st.characters(categories=["Mn", "Me", "Cf", "Zl", "Zp", "Cc", "Co", "Cs"]), max_size=8),
        st.sampled_from(ODD_CHARS), st.sampled_from(QUOTES), st.sampled_from(NUMBERS),
        st.sampled_from([" ", "\n", "\n\n", " \n \n "]))


def texts(max_pieces: int = 60, min_pieces: int = 0) -> st.SearchStrategy[str]:
    """Article-like text: English sentences mixed with random Unicode, odd characters, quotes, numbers."""
    return st.lists(_piece(), min_size=min_pieces, max_size=max_pieces).map("".join)


def long_lines() -> st.SearchStrategy[str]:
    """One very long line (no newline) between two English sentences: words, symbol runs, emoji, digits."""
    unit = st.sampled_from(["word ", "!", "=", "\ufffd", "😀", "1.", "a!", "x-", "ab", "٣", "中", "_", ". ", "==> ",
                            "http://a.b/", "\u0301", "\u200b"])
    run = st.tuples(unit, st.integers(100, 20_000)).map(lambda t: (t[0] * (t[1] // len(t[0]) + 1))[:t[1]])
    return st.tuples(st.sampled_from(ENGLISH), run, st.sampled_from(ENGLISH)).map(" ".join)


def nested_html(depth: int, closed: bool = True, tag: str = "div") -> str:
    """A page whose article sits `depth` elements deep (libxml2 keeps less than 255)."""
    body = "<p>Ceasefire talks resumed in Cairo on Monday, " + " ".join(ENGLISH) + "</p>"
    return (f"<html><head><title>Deep</title></head><body>{f'<{tag}>' * depth}{body}"
            f"{f'</{tag}>' * depth if closed else ''}</body></html>")


def html_pages() -> st.SearchStrategy[str]:
    """Random HTML: tags (closed or not), attributes with odd characters, entities, comments, deep nests."""
    tag = st.sampled_from(["p", "div", "span", "a", "script", "style", "article", "table", "td", "b", "svg",
                           "math", "template", "br", "li", "h1", "iframe", "noscript", "x-y", "p:q"])
    attr = st.builds(lambda k, v: f' {k}="{v}"', st.sampled_from(["class", "href", "on\x00load", "style", "id"]),
                     texts(4))
    entity = st.sampled_from(["&amp;", "&#0;", "&#xD800;", "&#1114112;", "&#x110000;", "&nbsp", "&bogus;",
                              "&#65;", "&#x1F600;", "&lt;script&gt;"])
    node = st.one_of(
        st.builds(lambda t, a, x, c: f"<{t}{a}>{x}" + (f"</{t}>" if c else ""), tag, attr, texts(8), st.booleans()),
        entity, st.builds(lambda x: f"<!--{x}-->", texts(3)), st.just("<![CDATA[x]]>"), st.just("</p></div>"),
        st.builds(lambda d: nested_html(d), st.integers(240, 400)), st.sampled_from(ENGLISH))
    return st.lists(node, max_size=40).map(lambda xs: "<html><body>" + "".join(xs) + "</body></html>")


def records() -> st.SearchStrategy[bytes]:
    """JSONL lines: records with odd field types and values, \\ud800 escapes, and broken lines."""
    value = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts(6), st.lists(st.integers(), max_size=3))
    record = st.fixed_dictionaries({}, optional={
        "id": value, "text": st.one_of(texts(), value), "html": st.one_of(html_pages(), value),
        "published": st.one_of(st.sampled_from(["2024-03-06", "2024-02-30", "2024-03-06T10:00:00+02:00", "yesterday",
                                                "0000-00-00", "2024-03-06T25:00"]), value),
        "title": value, "url": value, "outlet": value})
    line = st.one_of(
        record.map(lambda r: json.dumps(r, ensure_ascii=True)),                  # ensure_ascii: \udxxx escapes
        record.map(lambda r: json.dumps(r, ensure_ascii=True).replace("\\u00", "\\ud8")),
        st.text(max_size=60), st.just('{"text": "unterminated'), st.just("[" * 5000 + "]" * 5000),
        st.just('{"text": "x", "id": 1' + "0" * 5000 + "}"))
    return st.lists(line, min_size=1, max_size=4).map(
        lambda xs: "\n".join(xs).encode("utf-8", "surrogatepass") + b"\n")


class BytesStream(io.BytesIO):
    """A byte stream, as read_jsonl reads a file."""


# --- the checks -----------------------------------------------------------------------------------

def codes_of(item) -> list[str]:
    """The error codes of an ingest item: an IngestError's, or an Article's errors'."""
    return [item.code] if hasattr(item, "code") else [e.code for e in item.errors]


def check_items(items: list) -> list:
    """Assert that every ingest item is an Article or an IngestError, with known codes only, and that
    no Article is empty without an error or holds NUL or a lone surrogate; returns the Articles."""
    from eventwire.ingest import IngestError
    from eventwire.records import Article
    for x in items:
        assert isinstance(x, (Article, IngestError)), x
        assert set(codes_of(x)) <= INGEST_CODES, codes_of(x)
        if isinstance(x, Article):
            assert "\x00" not in x.text and not any("\ud800" <= c <= "\udfff" for c in x.text)
            assert x.text.strip() or x.errors, "an empty Article without an error"
    return [x for x in items if isinstance(x, Article)]


def check_spans(text: str, obj, where: str = "") -> int:
    """Assert that every {start, end, text} inside `obj` (dicts and lists, any depth) indexes `text`;
    returns how many were checked."""
    n = 0
    if isinstance(obj, dict):
        if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int) and isinstance(obj.get("text"), str):
            s, e = obj["start"], obj["end"]
            assert 0 <= s <= e <= len(text), f"{where}: offsets {s}..{e} outside a text of {len(text)}"
            assert text[s:e] == obj["text"], \
                f"{where}: text[{s}:{e}] is {text[s:e][:60]!r}, the span says {obj['text'][:60]!r}"
            n += 1
        items = obj.items()
    elif isinstance(obj, list):
        items = ((f"[{i}]", v) for i, v in enumerate(obj))
    else:
        return 0
    return n + sum(check_spans(text, v, f"{where}.{k}" if not k.startswith("[") else where + k) for k, v in items)


def assert_spans(result) -> int:
    """Every span of a Result (the records and the extract JSON) indexes its text, and the JSON is
    strict UTF-8; returns how many spans were checked."""
    from eventwire.pipeline import result_json
    from eventwire.records import to_jsonable
    text = result.article.text
    doc = result_json(result)
    json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8")
    return check_spans(text, to_jsonable(result), "result") + check_spans(text, doc, "json")


# --- the campaign -----------------------------------------------------------------------------------

def targets() -> st.SearchStrategy[tuple]:
    """(target name, input) pairs for every target."""
    suffix = st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".txt.gz", ".html.gz"])
    return st.one_of(
        st.tuples(st.just("text"), texts(120)),
        st.tuples(st.just("jsonl"), records()),
        st.tuples(st.just("bytes"), st.tuples(st.binary(max_size=65536), suffix)),
        st.tuples(st.just("utf8-file"), st.tuples(texts(120).map(lambda s: s.encode("utf-8", "surrogatepass")), suffix)),
        st.tuples(st.just("long"), long_lines()),
        st.tuples(st.just("html"), html_pages()),
        st.tuples(st.just("deep"), st.tuples(st.integers(1, 20_000), st.booleans())))


def _signature(e: Exception) -> str:
    """A crash's kind: the exception, where in eventwire it was raised, and for a failed check the field."""
    frames = [f for f in traceback.extract_tb(e.__traceback__) if "eventwire" in f.filename] or [None]
    where = f" in {Path(frames[-1].filename).name}:{frames[-1].name}" if frames[-1] else ""
    what = f": {str(e).split(':')[0][:80]}" if isinstance(e, AssertionError) else ""
    return f"{type(e).__name__}{where}{what}"


class Runner:
    """Runs one input through its target and keeps the figures."""

    def __init__(self, work: Path, save: Path | None = None):
        from eventwire.pipeline import Resources
        self.res = Resources.load()
        self.work, self.save = work, save
        self.inputs: Counter = Counter()
        self.codes: Counter = Counter()
        self.coded = self.spans = 0
        self.times: dict[str, list[float]] = defaultdict(list)
        self.crashes: list[tuple[str, str]] = []

    def run(self, name: str, value) -> None:
        """One input; a crash is recorded, never raised."""
        self.inputs[name] += 1
        t = time.perf_counter()
        try:
            for article in self._ingest(name, value):
                self._code(article)
        except Exception as e:
            self.crashes.append((name, _signature(e)))
            if self.save:
                self.save.mkdir(parents=True, exist_ok=True)
                (self.save / f"crash-{len(self.crashes)}.pickle").write_bytes(pickle.dumps((name, value)))
        self.times[name].append(time.perf_counter() - t)

    def _ingest(self, name: str, value) -> list:
        from eventwire.ingest import from_record, make_article, read_file, read_jsonl
        if name in ("text", "long"):
            items = [make_article(value, name="fuzz")]
        elif name == "jsonl":
            items = list(read_jsonl(BytesStream(value), "fuzz.jsonl"))
        elif name in ("bytes", "utf8-file"):
            data, suffix = value
            path = self.work / f"input{suffix}"
            if suffix.endswith(".gz"):
                import gzip
                data = gzip.compress(data, 1)
            path.write_bytes(data)
            items = list(read_file(path))
        else:
            html = value if name == "html" else nested_html(*value)
            items = [from_record({"id": "h", "html": html}, "fuzz.jsonl:1")]
        for x in items:
            self.codes.update(codes_of(x))
        return check_items(items)

    def _code(self, article) -> None:
        from eventwire.pipeline import process_article
        result = process_article(article, self.res)
        self.coded += not article.errors
        self.spans += assert_spans(result)

    def report(self, seconds: float) -> str:
        def pct(xs: list[float], p: float) -> float:
            xs = sorted(xs)
            return xs[min(len(xs) - 1, int(p * len(xs)))]
        lines = [f"{sum(self.inputs.values())} inputs in {seconds:.0f} s; crashes: {len(self.crashes)}; "
                 f"articles coded: {self.coded}; spans checked: {self.spans:,}"]
        for name, n in sorted(self.inputs.items()):
            ts = self.times[name]
            lines.append(f"  {name:10} {n:6} inputs   p50 {pct(ts, .5) * 1000:7.1f} ms   p99 {pct(ts, .99) * 1000:8.1f} ms"
                         f"   max {max(ts) * 1000:8.1f} ms")
        lines.append("  error codes: " + ", ".join(f"{c} {n}" for c, n in self.codes.most_common()))
        for (name, sig), n in Counter(self.crashes).most_common():
            lines.append(f"  CRASH x{n} in {name}: {sig}")
        return "\n".join(lines)


def campaign(n: int, seed: int, save: Path | None) -> int:
    """N hypothesis-generated inputs; prints the figures; returns the number of crashes."""
    from hypothesis import HealthCheck, Phase, given, seed as hseed, settings
    with tempfile.TemporaryDirectory() as tmp:
        runner = Runner(Path(tmp), save)

        @hseed(seed)
        @settings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(targets())
        def one(item) -> None:
            runner.run(*item)

        start = time.perf_counter()
        one()
        print(runner.report(time.perf_counter() - start))
    return len(runner.crashes)


def atheris_main(argv: list[str]) -> None:
    """Coverage-guided: atheris mutates bytes, fed to the text, JSONL, file and HTML targets."""
    import atheris
    with atheris.instrument_imports(include=["eventwire"]):
        import eventwire.ingest  # noqa: F401  (imported here to be instrumented)
        import eventwire.pipeline  # noqa: F401
    work = Path(tempfile.mkdtemp())
    runner = Runner(work)
    kinds = ["text", "jsonl", "bytes", "html"]

    def one_input(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        kind = kinds[fdp.ConsumeIntInRange(0, len(kinds) - 1)]
        rest = fdp.ConsumeBytes(fdp.remaining_bytes())
        text = rest.decode("utf-8", "surrogateescape")                   # invalid bytes: lone surrogates
        value = {"text": text, "jsonl": rest, "bytes": (rest, ".html" if len(rest) % 2 else ".txt"), "html": text}[kind]
        before = len(runner.crashes)
        runner.run(kind, value)
        if len(runner.crashes) > before:
            print(runner.crashes[-1][1], file=sys.stderr)
            raise RuntimeError("crash")

    atheris.Setup([sys.argv[0], *argv], one_input)
    atheris.Fuzz()


def main() -> None:
    if "--atheris" in sys.argv:
        atheris_main([a for a in sys.argv[1:] if a != "--atheris"])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, nargs="?", default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--save", type=Path)
    args = ap.parse_args()
    sys.exit(1 if campaign(args.n, args.seed, args.save) else 0)


if __name__ == "__main__":
    main()

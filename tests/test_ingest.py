"""Tests for eventwire.ingest: files, folders with a sidecar, JSONL, HTML, stdin, and every bad-input code.

Every bad item must give a typed outcome (an IngestError, or an Article carrying `errors`) whose
message names the item, and must never stop the rest of the batch.
"""
from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import ingest
from eventwire.ingest import (IngestError, content_id, decode_bytes, from_record, make_article, parse_published,
                              read_file, read_inputs, read_jsonl, safe_text)
from eventwire.records import Article

EN = ("Representatives of Hamas met with Russian Deputy Foreign Minister Mikhail Bogdanov in Moscow on "
      "Thursday to discuss the hostages held in Gaza. The meeting was the third this year, the ministry said.\n")
EN2 = ("Iranian Deputy Foreign Minister Ali Bagheri Kani held talks in Moscow with officials from the "
       "Russian foreign ministry on Friday, and the two sides said they would meet again next month.\n")
DE = ("Die Bundesregierung hat am Donnerstag in Berlin neue Maßnahmen beschlossen. Der Minister sagte, dass "
      "die Gespräche mit den Vertretern der Länder in der kommenden Woche fortgesetzt werden sollen. "
      "Es gebe noch viele offene Fragen, hieß es aus dem Ministerium.")
RU = ("Представители движения ХАМАС встретились в Москве с заместителем министра иностранных дел России "
      "Михаилом Богдановым, чтобы обсудить судьбу заложников, удерживаемых в секторе Газа.")

PAGE = """<!DOCTYPE html>
<html><head><title>Hamas delegation meets Russian officials - Example Wire</title></head>
<body>
<nav><ul><li><a href="/">Home page</a></li><li><a href="/world">World news menu</a></li>
<li><a href="/sport">Sport section link</a></li></ul></nav>
<main><article>
<h1>Hamas delegation meets Russian officials in Moscow</h1>
<p>Representatives of Hamas met with Russian Deputy Foreign Minister Mikhail Bogdanov in Moscow on Thursday
to discuss the hostages held in Gaza.</p>
<p>The meeting was the third this year between Russian officials and delegations from the group, according
to a statement released by the ministry.</p>
<p>Officials said the talks would continue next month and that further meetings were being planned.</p>
</article></main>
<footer><p>Copyright 2024 Example Wire. All rights reserved.</p>
<a href="/privacy">Privacy policy and cookie settings</a></footer>
</body></html>"""

NO_BODY_PAGE = ("<html><head><title>Site</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
                "<li><a href='/w'>World</a></li></ul></nav><footer>Copyright 2024 Site.</footer></body></html>")


def items(it) -> list:
    return list(it)


def articles(seq) -> list[Article]:
    return [x for x in seq if isinstance(x, Article)]


def errors(seq) -> list[IngestError]:
    return [x for x in seq if isinstance(x, IngestError)]


def codes(article: Article) -> list[str]:
    return [e.code for e in article.errors]


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- good inputs

def test_plain_text_file_is_read_exactly(tmp_path):
    p = write(tmp_path / "a.txt", EN + "\n  Second paragraph, said the minister.\r\n")
    [a] = items(read_inputs([str(p)]))
    assert isinstance(a, Article)
    assert a.text == EN + "\n  Second paragraph, said the minister.\r\n"   # nothing normalised
    assert a.errors == ()
    assert a.language == "en"
    assert a.source == str(p)
    assert a.id == content_id(a.text)
    assert a.published is None


def test_published_option_applies_to_files_without_one(tmp_path):
    p = write(tmp_path / "a.txt", EN)
    [a] = items(read_inputs([str(p)], published=dt.date(2024, 1, 19)))
    assert a.published == dt.date(2024, 1, 19)


def test_utf8_bom_and_utf16_bom_are_decoded(tmp_path):
    p1 = write(tmp_path / "bom8.txt", b"\xef\xbb\xbf" + EN.encode("utf-8"))
    p2 = write(tmp_path / "bom16.txt", EN.encode("utf-16"))        # with its BOM
    a1, a2 = items(read_inputs([str(p1), str(p2)]))
    assert a1.text == EN and a2.text == EN


def test_folder_with_sidecar_metadata(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder / "one.txt", EN)
    write(folder / "two.txt", EN2)
    write(folder / ".hidden.txt", "ignored")
    side = [{"file": "one.txt", "id": "art-1", "published": "2023-10-26", "outlet": "Times of Israel",
             "title": "Hamas in Moscow", "url": "https://example.org/1"},
            {"file": "two.txt", "id": 42, "published": "2024-01-19T09:30:00+02:00"}]
    write(folder / "metadata.jsonl", "\n".join(json.dumps(r) for r in side) + "\n\n")
    got = items(read_inputs([str(folder)]))
    assert len(got) == 2 and all(isinstance(a, Article) for a in got)
    one, two = got
    assert (one.id, one.published, one.outlet, one.title, one.url) == (
        "art-1", dt.date(2023, 10, 26), "Times of Israel", "Hamas in Moscow", "https://example.org/1")
    assert one.text == EN
    assert two.id == "42" and two.published == dt.date(2024, 1, 19)
    # a file named directly still picks up its folder's sidecar
    [again] = items(read_inputs([str(folder / "one.txt")]))
    assert again.id == "art-1" and again.outlet == "Times of Israel"


def test_folder_with_broken_sidecar_still_reads_files(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder / "one.txt", EN)
    write(folder / "metadata.jsonl", '{"file": "one.txt", "id": \n')
    got = items(read_inputs([str(folder)]))
    assert [e.code for e in errors(got)] == ["bad_json"]
    assert "metadata.jsonl" in errors(got)[0].message
    assert [a.text for a in articles(got)] == [EN]
    got = items(read_inputs([str(folder / "one.txt")]))          # named directly: same, no exception
    assert [e.code for e in errors(got)] == ["bad_json"] and len(articles(got)) == 1


def test_sidecar_bad_published_keeps_the_article_with_an_error(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder / "one.txt", EN)
    write(folder / "metadata.jsonl", json.dumps({"file": "one.txt", "id": "x1", "published": "last week"}) + "\n")
    [a] = items(read_inputs([str(folder)]))
    assert isinstance(a, Article) and a.id == "x1"
    assert codes(a) == ["bad_published"] and "one.txt" in a.errors[0].message


def test_jsonl_records(tmp_path):
    recs = [
        {"id": "s1", "text": EN, "title": "Talks", "url": "https://example.org/s1", "outlet": "Wire",
         "published": "2023-10-26"},
        {"id": "s2", "text": EN2, "published": "2024-01-19T10:15:00Z"},
        {"id": "s3", "text": EN, "published": None},
        {"text": EN2},
    ]
    p = write(tmp_path / "batch.jsonl", "\n".join(json.dumps(r) for r in recs) + "\n\n")
    got = items(read_inputs([str(p)]))
    assert all(isinstance(a, Article) and a.errors == () for a in got)
    s1, s2, s3, s4 = got
    assert (s1.id, s1.text, s1.title, s1.url, s1.outlet, s1.published) == (
        "s1", EN, "Talks", "https://example.org/s1", "Wire", dt.date(2023, 10, 26))
    assert s2.published == dt.date(2024, 1, 19)
    assert s3.published is None
    assert s4.id == content_id(EN2)
    assert s1.source == f"{p}:1" and s4.source == f"{p}:4"


def test_given_id_is_echoed_unchanged():
    a = from_record({"id": "  Weird id/ü 1 ", "text": EN}, "x:1")
    assert a.id == "  Weird id/ü 1 "
    assert make_article(EN, name="n", id="abc").id == "abc"


@pytest.mark.parametrize("value, expected", [
    ("2024-01-19", dt.date(2024, 1, 19)),
    ("2024-01-19T10:00:00", dt.date(2024, 1, 19)),
    ("2024-01-19T23:30:00Z", dt.date(2024, 1, 19)),
    ("2024-01-19T23:30:00.123+05:30", dt.date(2024, 1, 19)),
    ("2024-01-19 08:00", dt.date(2024, 1, 19)),
    (None, None),
    ("", None),
])
def test_parse_published_good(value, expected):
    assert parse_published(value, "w") == expected


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "2024-02-30", "2024-01-19junk", "19/01/2024",
                                   20240119, True, ["2024-01-19"], "2024-01-19T25:00:00"])
def test_parse_published_bad(value):
    with pytest.raises(IngestError) as e:
        parse_published(value, "file.jsonl:7")
    assert e.value.code == "bad_published" and "file.jsonl:7" in e.value.message


def test_html_file_body_without_furniture(tmp_path):
    p = write(tmp_path / "page.html", PAGE)
    [a] = items(read_inputs([str(p)]))
    assert isinstance(a, Article) and a.errors == ()
    assert "Mikhail Bogdanov in Moscow on Thursday" in a.text
    assert "further meetings were being planned" in a.text
    for furniture in ("World news menu", "Sport section", "All rights reserved", "Privacy policy"):
        assert furniture not in a.text
    assert a.title and "Hamas delegation" in a.title
    # the footer's "Copyright 2024" must not become a publication date
    assert a.published is None


def test_html_meta_published_date_is_used(tmp_path):
    page = PAGE.replace("<head>", '<head><meta property="article:published_time" content="2023-10-26T12:00:00Z">')
    [a] = items(read_inputs([str(write(tmp_path / "p.html", page))]))
    assert a.published == dt.date(2023, 10, 26)


def test_html_jsonl_record():
    a = from_record({"id": "h1", "html": PAGE, "published": "2023-10-26"}, "b.jsonl:1")
    assert a.id == "h1" and a.errors == () and "Bogdanov" in a.text and "World news menu" not in a.text
    assert a.published == dt.date(2023, 10, 26)


def test_html_with_lone_surrogate_keeps_the_whole_body():
    html = "<html><body><p>" + "Putin met Xi \ud800 in Beijing on Monday, officials said. " * 8 + "</p></body></html>"
    a = from_record({"id": "h", "html": html}, "b.jsonl:1")
    assert a.text.count("officials said") == 8
    assert "\ud800" not in a.text


def test_stdin_text_and_jsonl():
    [a] = items(read_inputs(["-"], stdin=io.BytesIO(EN.encode())))
    assert a.text == EN and a.source == "stdin"
    lines = (json.dumps({"id": "a", "text": EN}) + "\n" + json.dumps({"id": "b", "text": EN2}) + "\n").encode()
    got = items(read_inputs(["-"], input_format="jsonl", stdin=io.BytesIO(lines)))
    assert [a.id for a in got] == ["a", "b"]
    [h] = items(read_inputs(["-"], input_format="html", stdin=io.BytesIO(PAGE.encode())))
    assert "Bogdanov" in h.text


# --------------------------------------------------------------------------- bad inputs

def test_empty_and_whitespace_files(tmp_path):
    p1 = write(tmp_path / "empty.txt", b"")
    p2 = write(tmp_path / "blank.txt", "  \n\t\r\n  \n")
    good = write(tmp_path / "good.txt", EN)
    got = items(read_inputs([str(p1), str(p2), str(good)]))
    assert len(got) == 3
    for a, p in zip(got[:2], (p1, p2)):
        assert codes(a) == ["empty_document"] and str(p) in a.errors[0].message
    assert got[2].errors == () and got[2].text == EN


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 8,
    b"\x00" * 100,
    EN.encode()[:50] + b"\x00" * 50 + EN.encode(),
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(7, 27)) * 30,
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(1, 32)) * 10,
])
def test_binary_input(tmp_path, data):
    p = write(tmp_path / "blob.txt", data)
    good = write(tmp_path / "good.txt", EN)
    got = items(read_inputs([str(p), str(good)]))
    assert isinstance(got[0], IngestError) and got[0].code == "binary_input"
    assert str(p) in got[0].message
    assert isinstance(got[1], Article) and got[1].text == EN


def test_random_bytes_are_binary_not_bad_encoding():
    import random
    rnd = random.Random(7)
    data = bytes(rnd.randrange(256) for _ in range(3000))
    with pytest.raises(IngestError) as e:
        decode_bytes(data, "r.bin")
    assert e.value.code == "binary_input"


@pytest.mark.parametrize("data", ["café in Paris".encode("latin-1"), "Mayor said “no”".encode("cp1252"),
                                  "Москва".encode("koi8-r") + b" met on Monday", b"\xff\xfe\x00\xd8"])
def test_bad_encoding(tmp_path, data):
    p = write(tmp_path / "latin.txt", data)
    [e] = items(read_inputs([str(p)]))
    assert isinstance(e, IngestError) and e.code == "bad_encoding" and str(p) in e.message


def test_not_found_does_not_stop_the_batch(tmp_path):
    good = write(tmp_path / "good.txt", EN)
    missing = tmp_path / "nope.txt"
    got = items(read_inputs([str(missing), str(good)]))
    assert isinstance(got[0], IngestError) and got[0].code == "not_found" and str(missing) in got[0].message
    assert isinstance(got[1], Article)


def test_too_large_file_and_stdin(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_INPUT_BYTES", 100)
    big = write(tmp_path / "big.txt", EN * 3)
    small = write(tmp_path / "small.txt", "Putin met Xi on Monday.")
    got = items(read_inputs([str(big), str(small)]))
    assert isinstance(got[0], IngestError) and got[0].code == "too_large" and str(big) in got[0].message
    assert isinstance(got[1], Article)
    [e] = items(read_inputs(["-"], stdin=io.BytesIO((EN * 3).encode())))
    assert e.code == "too_large" and "stdin" in e.message
    with pytest.raises(IngestError) as exc:
        decode_bytes(b"x" * 101, "blob")
    assert exc.value.code == "too_large"


def test_too_large_jsonl_line_is_skipped(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_LINE_BYTES", 200)
    lines = [json.dumps({"id": "a", "text": "Putin met Xi."}), json.dumps({"id": "b", "text": EN * 5}),
             json.dumps({"id": "c", "text": "Xi met Putin."})]
    got = items(read_jsonl(io.BytesIO(("\n".join(lines) + "\n").encode()), "big.jsonl"))
    assert [getattr(x, "id", None) for x in got] == ["a", None, "c"]
    assert got[1].code == "too_large" and "big.jsonl:2" in got[1].message


def test_jsonl_bad_lines_never_stop_the_batch(tmp_path):
    lines = [
        json.dumps({"id": "ok1", "text": EN}),                         # 1
        '{"id": "broken", "text": "unterminated',                      # 2 bad_json
        "[1, 2, 3]",                                                   # 3 not an object
        json.dumps({"id": "notext", "title": "Only a title"}),         # 4 neither text nor html
        json.dumps({"id": "badpub", "text": EN, "published": "soon"}),  # 5 bad published
        json.dumps({"id": "nobody", "html": NO_BODY_PAGE}),            # 6 no body in the html
        json.dumps({"id": "de", "text": DE}),                          # 7 not English
        "",                                                            # 8 blank: skipped
        '{"n": ' + "1" * 5000 + "}",                                   # 9 a number Python refuses
        "[" * 100_000 + "]" * 100_000,                                 # 10 nested too deep
        json.dumps({"id": "ok2", "text": EN2}),                        # 11
    ]
    p = write(tmp_path / "b.jsonl", "\n".join(lines) + "\n")
    got = items(read_inputs([str(p)], input_format="jsonl"))
    by_line = {int((x.source if isinstance(x, Article) else x.message.split(":")[1]).rsplit(":", 1)[-1]): x
               for x in got}
    assert sorted(by_line) == [1, 2, 3, 4, 5, 6, 7, 9, 10, 11]
    assert by_line[1].id == "ok1" and by_line[1].errors == ()
    assert by_line[11].id == "ok2" and by_line[11].errors == ()
    assert by_line[2].code == "bad_json" and f"{p}:2" in by_line[2].message
    assert by_line[3].code == "bad_record" and f"{p}:3" in by_line[3].message and "list" in by_line[3].message
    assert codes(by_line[4]) == ["empty_document"] and by_line[4].id == "notext" and f"{p}:4" in by_line[4].errors[0].message
    assert codes(by_line[5]) == ["bad_published"] and by_line[5].id == "badpub" and "'soon'" in by_line[5].errors[0].message
    assert codes(by_line[6]) == ["no_text_extracted"] and by_line[6].id == "nobody"
    assert codes(by_line[7]) == ["not_english"] and by_line[7].language == "de"      # detected, kept, not coded
    assert by_line[9].code == "bad_json" and by_line[10].code == "bad_json"


def test_jsonl_bad_utf8_line():
    data = json.dumps({"id": "a", "text": EN}).encode() + b"\n" + b'{"text": "caf\xe9"}\n'
    got = items(read_jsonl(io.BytesIO(data), "e.jsonl"))
    assert isinstance(got[0], Article)
    assert got[1].code == "bad_encoding" and "e.jsonl:2" in got[1].message


def test_jsonl_metadata_of_the_wrong_type_is_ignored():
    a = from_record({"id": 7, "text": EN, "title": 12, "url": ["x"], "outlet": None}, "w:1")
    assert (a.id, a.title, a.url, a.outlet, a.errors) == ("7", None, None, None, ())


@pytest.mark.parametrize("page", ["", "<html></html>", "<!-- only a comment -->", "<script>var x = 1;</script>",
                                  NO_BODY_PAGE,
                                  "<html><body>" + "<div>" * 5000 + "Deep text here." + "</div>" * 5000 + "</body></html>"])
def test_html_without_body(tmp_path, page):
    p = write(tmp_path / "x.html", page)
    got = items(read_inputs([str(p)]))
    assert len(got) == 1
    item = got[0]
    # an empty file is empty_document; a page with no article body is no_text_extracted
    code = item.code if isinstance(item, IngestError) else codes(item)[0]
    assert code == ("empty_document" if page == "" else "no_text_extracted")
    msg = item.message if isinstance(item, IngestError) else item.errors[0].message
    assert str(p) in msg


@pytest.mark.parametrize("text", [DE, RU, RU + "\n\n" + DE])
def test_not_english(text):
    a = make_article(text, name="foreign.txt")
    assert codes(a) == ["not_english"] and "foreign.txt" in a.errors[0].message
    assert a.text == text


@pytest.mark.parametrize("text", [EN, "Putin met Xi.", "Hamas Delegation Meets Russian Officials In Moscow",
                                  EN + "\n\n" + "Mousa Abu Marzook, a senior Hamas official, said: «Nous sommes prêts»."])
def test_english_is_not_flagged(text):
    assert make_article(text, name="en.txt").errors == ()


# --------------------------------------------------------------------------- unstorable characters, ids

def test_nul_and_lone_surrogates_are_replaced_one_for_one():
    raw = "a\x00b\ud800c\udfffd " + EN
    a = make_article(raw, name="n")
    assert len(a.text) == len(raw)
    assert a.text[:8] == "a\ufffdb\ufffdc\ufffdd "
    assert "\x00" not in a.text and not any(0xD800 <= ord(c) <= 0xDFFF for c in a.text)
    a.text.encode("utf-8")                                             # storable


def test_jsonl_escapes_for_nul_and_surrogates_in_every_field():
    line = json.dumps({"id": "s\ud800", "text": "x\u0000y \ud800 " + EN, "title": "T\udc00\u0000",
                       "url": "http://e/\ud800", "outlet": "O\ud800"}).encode()
    [a] = items(read_jsonl(io.BytesIO(line), "s.jsonl"))
    for value in (a.id, a.text, a.title, a.url, a.outlet, a.source):
        value.encode("utf-8")                                          # would raise on a surrogate
        assert "\x00" not in value
    assert len(a.text) == len("x\u0000y \ud800 " + EN)
    json.dumps(a.text, ensure_ascii=False).encode("utf-8")


def test_content_id_is_stable_across_whitespace_variants():
    base = "Putin met Xi in Beijing.\n\nThey discussed trade."
    variants = [base, base.replace("\n", "\r\n"), "  " + base + "\n", base.replace(" ", "  "),
                base.replace("\n\n", "\n \t\n"), base.replace(" ", "\u00a0")]
    assert len({content_id(v) for v in variants}) == 1
    assert content_id("Putin met Xi in Beijing.") != content_id("Xi met Putin in Beijing.")
    assert content_id(EN) != content_id(EN2)
    # NFC and NFD spellings are the same text
    assert content_id("Caf\u00e9 talks") == content_id("Cafe\u0301 talks")
    assert make_article(EN, name="a").id == make_article(EN + "\n", name="b").id


def test_safe_text_keeps_length():
    s = "\x00\ud800ok\udbff\x00"
    assert len(safe_text(s)) == len(s) and safe_text("plain") == "plain"


# --------------------------------------------------------------------------- properties

def _bad_chars(s: str) -> bool:
    return "\x00" in s or any(0xD800 <= ord(c) <= 0xDFFF for c in s)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_decode_bytes_returns_text_or_typed_error(data):
    try:
        text = decode_bytes(data, "blob")
    except IngestError as e:
        assert e.code in {"binary_input", "bad_encoding", "too_large"} and "blob" in e.message
    else:
        assert isinstance(text, str)
        assert not _bad_chars(make_article(text, name="blob").text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(
    st.binary(max_size=300),
    st.dictionaries(st.sampled_from(["id", "text", "title", "url", "outlet", "published", "html"]),
                    st.one_of(st.none(), st.text(max_size=60), st.integers(), st.booleans(),
                              st.lists(st.integers(), max_size=2)), max_size=6).map(
        lambda d: json.dumps(d).encode()),
    st.text(max_size=80).map(lambda t: json.dumps({"id": "x", "text": t}).encode()),
), max_size=6))
def test_read_jsonl_never_raises(lines):
    stream = io.BytesIO(b"\n".join(lines))
    for item in read_jsonl(stream, "fuzz.jsonl"):
        assert isinstance(item, (Article, IngestError))
        if isinstance(item, IngestError):
            assert item.code and "fuzz.jsonl:" in item.message
        else:
            assert not _bad_chars(item.text)
            assert item.id and not _bad_chars(item.id)
            assert all(e.code and e.message for e in item.errors)
            if not item.errors:
                assert item.text.strip()                  # no empty article without a reason


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".txt", ".jsonl", ".html", ""]))
def test_read_file_never_raises(tmp_path, data, suffix):
    p = tmp_path / f"fuzz{suffix}"
    p.write_bytes(data)
    for item in read_file(p):
        assert isinstance(item, (Article, IngestError))
        if isinstance(item, Article):
            assert not _bad_chars(item.text)
            if not item.errors:
                assert item.text.strip()
        else:
            assert str(p) in item.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_any_text_becomes_a_storable_article(text):
    a = make_article(text, name="t")
    assert len(a.text) == len(text) and not _bad_chars(a.text)
    a.text.encode("utf-8")
    assert all(e.code in {"empty_document", "not_english"} for e in a.errors)


def test_utf16_with_bom_but_binary_content_is_refused():
    with pytest.raises(IngestError) as e:
        decode_bytes(b"\xff\xfe" + "\x01\x02\x00".encode("utf-16-le") * 20, "u16.bin")
    assert e.value.code == "binary_input"


def test_terse_english_news_is_not_taken_for_pidgin():
    from eventwire.ingest.language import english_verdict
    assert english_verdict("Ghanaian authorities have deported 40 Nigerian traders.") == (True, "en")

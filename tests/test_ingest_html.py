"""Tests for ingest beyond plain text: HTML pages (metadata, paragraphs, charsets, non-article pages,
deep nesting, truncation, gzip and gzip bombs), CSV and gzipped batches, language, near-duplicates."""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import time
from pathlib import Path

import pytest

from eventwire import ingest
from eventwire.ingest import IngestError, decode_html, html_to_text, make_article, read_file, read_inputs
from eventwire.ingest.dedup import NearDuplicates, mark_duplicates
from eventwire.ingest.html import looks_like_index, max_depth
from eventwire.ingest.language import english_verdict
from eventwire.records import Article

PARAS = [
    "Representatives of Hamas met with Russian Deputy Foreign Minister Mikhail Bogdanov in Moscow on Thursday "
    "to discuss the hostages held in Gaza, the Russian Foreign Ministry said in a statement.",
    "The meeting was the third this year between Russian officials and delegations from the group, according "
    "to the statement, which said the release of foreign hostages had been discussed.",
    "Israel's Foreign Ministry called the invitation an obscene step and called on Moscow to expel the Hamas "
    "leaders, the ministry said in a statement on Friday.",
]

ARTICLE_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Hamas delegation meets Russian officials in Moscow - Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2023-10-26T12:00:00Z">
<link rel="canonical" href="https://example.org/world/hamas-moscow">
</head><body>
<nav><ul><li><a href="/">Home page</a></li><li><a href="/world">World news menu</a></li></ul></nav>
<main><article>
<h1>Hamas delegation meets Russian officials in Moscow</h1>
<p>{PARAS[0]}</p>
<p>{PARAS[1]}</p>
<h2>Israeli Reaction To The Moscow Meeting</h2>
<p>{PARAS[2]}</p>
</article></main>
<footer><p>Copyright 2024 Example Wire. All rights reserved.</p></footer>
</body></html>"""

INDEX_PAGE = "<html><head><title>World news - Example Wire</title></head><body><main>" + "".join(
    f'<div class="teaser"><h3><a href="/story/{i}">Headline number {i} about world events today</a></h3>'
    f'<span>{i} hours ago</span></div>' for i in range(30)) + "</main></body></html>"


def one(seq) -> Article | IngestError:
    got = list(seq)
    assert len(got) == 1, got
    return got[0]


def code_of(item) -> str:
    return item.code if isinstance(item, IngestError) else item.errors[0].code


# --------------------------------------------------------------------------- HTML: body and metadata

def test_html_page_metadata_and_paragraphs(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(ARTICLE_PAGE, encoding="utf-8")
    a = one(read_inputs([str(p)]))
    assert isinstance(a, Article) and a.errors == ()
    assert a.title == "Hamas delegation meets Russian officials in Moscow"
    assert a.outlet == "Example Wire"
    assert a.url == "https://example.org/world/hamas-moscow"          # the canonical URL
    assert a.published == dt.date(2023, 10, 26)
    assert a.language == "en"
    # one paragraph (or heading) per block, blank lines between: the offsets base
    blocks = a.text.split("\n\n")
    assert PARAS[0] in blocks and PARAS[1] in blocks and PARAS[2] in blocks
    assert "Israeli Reaction To The Moscow Meeting" in blocks
    assert "World news menu" not in a.text and "All rights reserved" not in a.text
    _, meta = html_to_text(ARTICLE_PAGE, "page")
    assert meta["author"] == "Jane Doe"


def test_sidecar_and_published_option_precedence(tmp_path):
    page = ARTICLE_PAGE.replace('<meta property="article:published_time" content="2023-10-26T12:00:00Z">', "")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    a = one(read_inputs([str(tmp_path / "a.html")], published=dt.date(2024, 1, 2)))
    assert a.published == dt.date(2024, 1, 2)                          # the page gives none: --published
    (tmp_path / "b.html").write_text(ARTICLE_PAGE, encoding="utf-8")
    b = one(read_inputs([str(tmp_path / "b.html")], published=dt.date(2024, 1, 2)))
    assert b.published == dt.date(2023, 10, 26)                        # the page's own date wins
    (tmp_path / "metadata.jsonl").write_text(json.dumps({"file": "b.html", "published": "2023-10-27",
                                                         "outlet": "Wire X"}) + "\n", encoding="utf-8")
    b = one(read_inputs([str(tmp_path / "b.html")]))
    assert (b.published, b.outlet) == (dt.date(2023, 10, 27), "Wire X")  # the sidecar wins over the page


def test_html_gz_file_and_folder(tmp_path):
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(ARTICLE_PAGE.encode("utf-8")))
    (tmp_path / "b.txt").write_text(PARAS[2], encoding="utf-8")
    got = list(read_inputs([str(tmp_path)]))
    assert [type(x) for x in got] == [Article, Article]
    assert PARAS[0] in got[0].text and got[0].outlet == "Example Wire"


def test_gzip_bomb_file_stops_at_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_INPUT_BYTES", 1_000_000)
    c = gzip.GzipFile(fileobj=(buf := io.BytesIO()), mode="wb", compresslevel=6)
    chunk = b"<p>" + b"a" * 65533
    for _ in range(1600):                                              # ~100 MB inside, ~100 KB on disk
        c.write(chunk)
    c.close()
    (tmp_path / "bomb.html.gz").write_bytes(buf.getvalue())
    (tmp_path / "good.html").write_text(ARTICLE_PAGE, encoding="utf-8")
    t = time.perf_counter()
    bomb, good = list(read_inputs([str(tmp_path / "bomb.html.gz"), str(tmp_path / "good.html")]))
    assert time.perf_counter() - t < 5
    assert code_of(bomb) == "too_large" and "bomb.html.gz" in bomb.message and "decompressed" in bomb.message
    assert isinstance(good, Article) and good.errors == ()


def test_broken_gzip_is_a_clear_error(tmp_path):
    data = gzip.compress(ARTICLE_PAGE.encode())
    (tmp_path / "cut.html.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "junk.html.gz").write_bytes(b"not gzip at all")
    cut, junk = list(read_inputs([str(tmp_path / "cut.html.gz"), str(tmp_path / "junk.html.gz")]))
    assert code_of(cut) == "bad_gzip" and code_of(junk) == "bad_gzip"


def test_index_page_is_not_an_article(tmp_path):
    assert looks_like_index("\n".join(f"Headline number {i} about world events" for i in range(20)))
    assert not looks_like_index("\n".join(PARAS))
    p = tmp_path / "index.html"
    p.write_text(INDEX_PAGE, encoding="utf-8")
    e = one(read_inputs([str(p)]))
    assert code_of(e) == "not_article" and str(p) in e.message


@pytest.mark.parametrize("depth", [100, 254, 256, 1000, 100_000])
def test_deeply_nested_pages(depth):
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    html = "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"
    t = time.perf_counter()
    text, _ = html_to_text(html, f"deep{depth}")      # trafilatura, or the iterative fallback past 250 levels
    assert time.perf_counter() - t < 2
    assert all(p in text for p in PARAS)
    unclosed = "<html><body>" + "<div>" * depth + body + "</body></html>"
    text, _ = html_to_text(unclosed, "unclosed")
    assert all(p in text for p in PARAS)


def test_deep_page_with_too_little_text_is_reported():
    html = "<html><body>" + "<div>" * 5000 + "Deep text here." + "</div>" * 5000 + "</body></html>"
    with pytest.raises(IngestError) as e:
        html_to_text(html, "deep")
    assert e.value.code == "no_text_extracted" and "5,0" in e.value.message and "deep" in e.value.message
    assert max_depth(html) == 5002


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.8, 0.95])
def test_truncated_and_malformed_html_never_raises(tmp_path, cut):
    page = ARTICLE_PAGE[: int(len(ARTICLE_PAGE) * cut)]
    p = tmp_path / "cut.html"
    p.write_text(page, encoding="utf-8")
    item = one(read_file(p))
    if isinstance(item, Article) and not item.errors:
        assert PARAS[0][:60] in item.text
    else:
        assert code_of(item) in {"no_text_extracted", "not_article", "empty_document"}
    messy = "<html><body><p>" + PARAS[0] + "<b><i>" + PARAS[1] + "</p></b><table><td>" + PARAS[2] + "</div></span>"
    text, _ = html_to_text(messy, "messy")
    assert "Bogdanov" in text


# --------------------------------------------------------------------------- charsets

LATIN = ("<html><head>{meta}<title>Café talks</title></head><body><article>"
         "<p>Le président français a rencontré à Genève le ministre, a déclaré l'Élysée. "
         "The French president met the minister in Geneva on Thursday, officials said, after talks in the café "
         "of the Palais des Nations that went on for more than three hours.</p></article></body></html>")


@pytest.mark.parametrize("encoding, meta, declared", [
    ("latin-1", '<meta charset="iso-8859-1">', None),          # meta says it
    ("cp1252", "", "windows-1252"),                            # the HTTP header says it
    ("cp1252", '<meta charset="windows-1252">', "utf-8"),      # header wrong, meta right
    ("utf-8", '<meta charset="iso-8859-1">', "iso-8859-1"),    # both wrong: valid UTF-8 wins
    ("cp1252", "", None),                                      # nothing says it
    ("utf-16", "", None),                                      # with its BOM
])
def test_charsets(encoding, meta, declared):
    html = LATIN.format(meta=meta)
    text = decode_html(html.encode(encoding), "p", declared)
    assert "président" in text and "Genève" in text and "Ã" not in text and "\ufffd" not in text


def test_latin1_html_file_is_decoded_not_refused(tmp_path):
    p = tmp_path / "latin.html"
    p.write_bytes(LATIN.format(meta='<meta charset="iso-8859-1">').encode("latin-1"))
    a = one(read_inputs([str(p)]))
    assert isinstance(a, Article) and "Genève" in a.text


def test_binary_html_is_refused():
    with pytest.raises(IngestError) as e:
        decode_html(bytes(range(256)) * 20, "blob.html")
    assert e.value.code == "binary_input"


# --------------------------------------------------------------------------- batches

def test_csv_batch(tmp_path):
    p = tmp_path / "batch.csv"
    with p.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "html", "url", "title", "outlet", "published"])
        w.writerow(["c1", PARAS[0] + "\n\n" + PARAS[1], "", "https://e.org/1", "Talks", "Wire", "2023-10-26"])
        w.writerow(["c2", "", ARTICLE_PAGE, "", "", "", ""])
        w.writerow(["c3", "", "", "", "No text", "", ""])
        w.writerow(["c4", PARAS[2], "", "", "", "", "soon"])
        w.writerow(["c5", PARAS[2], "", "", "", "", "", "extra"])
    got = list(read_inputs([str(p)]))
    c1, c2, c3, c4, c5 = got
    assert (c1.id, c1.title, c1.outlet, c1.url, c1.published) == ("c1", "Talks", "Wire", "https://e.org/1",
                                                                   dt.date(2023, 10, 26))
    assert c1.text == PARAS[0] + "\n\n" + PARAS[1] and c1.source == f"{p}:4"   # multi-line field: line it ends on
    assert c2.id == "c2" and PARAS[2] in c2.text and c2.outlet == "Example Wire"
    assert code_of(c3) == "empty_document" and code_of(c4) == "bad_published"
    assert isinstance(c5, IngestError) and c5.code == "bad_record" and f"{p}:" in c5.message


def test_csv_bad_header_and_bad_rows(tmp_path):
    p = tmp_path / "nohead.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    e = one(read_inputs([str(p)]))
    assert e.code == "bad_csv" and "text" in e.message
    p = tmp_path / "rows.csv"
    p.write_bytes(b'id,text\nr1,"' + PARAS[0].encode() + b'"\nr2,caf\xe9 au lait\nr3,"' + PARAS[1].encode() + b'"\n')
    r1, r2, r3 = list(read_inputs([str(p)]))
    assert r1.id == "r1" and r3.id == "r3"
    assert r2.code == "bad_encoding" and f"{p}:3" in r2.message


def test_jsonl_gz_and_csv_streams_are_lazy(tmp_path):
    p = tmp_path / "b.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as f:
        for i in range(3):
            f.write(json.dumps({"id": f"j{i}", "text": PARAS[i]}) + "\n")
    it = read_inputs([str(p)])
    assert next(it).id == "j0"                                         # a generator: one item at a time
    assert [a.id for a in it] == ["j1", "j2"]


def test_stdin_html_and_csv():
    a = one(read_inputs(["-"], input_format="html", stdin=io.BytesIO(ARTICLE_PAGE.encode())))
    assert a.outlet == "Example Wire" and a.published == dt.date(2023, 10, 26)
    data = ("id,text\ns1," + json.dumps(PARAS[0]) + "\n").encode()
    s = one(read_inputs(["-"], input_format="csv", stdin=io.BytesIO(data)))
    assert s.id == "s1" and s.text == PARAS[0]


# --------------------------------------------------------------------------- language

SPANISH = ("El presidente del Gobierno se reunió el jueves en Madrid con los líderes de los principales partidos "
           "para discutir la reforma de la ley electoral, según informó un portavoz del Ejecutivo.")
FRENCH = ("Le président de la République a reçu jeudi à l'Élysée les représentants des syndicats pour discuter "
          "de la réforme des retraites, a indiqué un communiqué de la présidence.")
ARABIC = "التقى وزير الخارجية الروسي سيرغي لافروف بنظيره الإيراني في موسكو يوم الاثنين لبحث الوضع في سوريا."


@pytest.mark.parametrize("text, lang", [(SPANISH, "es"), (FRENCH, "fr"), (ARABIC, "ar")])
def test_non_english_is_kept_with_its_language(text, lang):
    a = make_article(text, name="x")
    assert [e.code for e in a.errors] == ["not_english"] and a.language == lang and a.text == text
    assert lang in a.errors[0].message


@pytest.mark.parametrize("text", [" ".join(PARAS), PARAS[0] + " " + FRENCH[:80], "Putin met Xi in Beijing.",
                                  "Zelenskyy Meets Macron In Paris"])
def test_english_and_mostly_english(text):
    assert english_verdict(text)[0] and make_article(text, name="x").errors == ()


# --------------------------------------------------------------------------- near-duplicates

LONG = "\n\n".join(PARAS * 2) + "\n\nOfficials in both capitals declined to say when the next round of talks would be."


def test_same_article_twice_and_syndicated_copy_are_linked():
    first = make_article(LONG, name="a.txt")
    again = make_article(LONG + "\n", name="b.txt", id="other-id")
    syndicated = make_article("MOSCOW (Other Wire) - By John Smith, staff writer\n\n" + LONG +
                              "\n\nCopyright Other Wire 2023.", name="c.txt")
    different = make_article(" ".join(reversed(PARAS)) + " A different story about trade tariffs and grain.",
                             name="d.txt")
    out = list(mark_duplicates([first, again, syndicated, different, IngestError("x", "y")]))
    assert out[0].duplicate_of is None and out[0].errors == ()
    assert out[1].duplicate_of == first.id and [e.code for e in out[1].errors] == ["duplicate"]
    assert out[2].duplicate_of == first.id and "near-duplicate" in out[2].errors[0].message
    assert out[3].duplicate_of is None and out[3].errors == ()
    assert isinstance(out[4], IngestError)


def test_dedup_index_is_bounded():
    index = NearDuplicates(window=5)
    for i in range(20):
        assert index.check(f"id{i}", f"Story {i}: " + " ".join(f"word{i}x{k}" for k in range(60))) is None
    assert index.size == 5 and sorted(i for i in index._exact_ids if i) == sorted(f"id{i}" for i in range(15, 20))
    again = " ".join(f"word19x{k}" for k in range(60))
    assert index.check("new", "Story 19: " + again) == ("id19", 1.0)               # the newest are kept
    assert index.check("new2", "Story 3: " + " ".join(f"word3x{k}" for k in range(60))) is None   # the oldest not


def test_dedup_similarity_is_graded():
    """A copy with a few words changed is a near-duplicate; one sharing only its first half is not."""
    import random
    rng = random.Random(3)
    words = [f"w{rng.randint(0, 10**6)}" for _ in range(400)]
    index = NearDuplicates()
    assert index.check("a", " ".join(words)) is None
    edited = words[:]
    for k in range(0, 400, 80):
        edited[k] = "changed"
    first, sim = index.check("b", " ".join(edited))
    assert first == "a" and 0.7 <= sim < 1.0
    assert index.check("c", " ".join(words[:200] + [f"v{k}" for k in range(200)])) is None


def test_read_inputs_dedup_option(tmp_path):
    (tmp_path / "a.txt").write_text(LONG, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Updated 10:45 GMT\n\n" + LONG, encoding="utf-8")
    a, b = list(read_inputs([str(tmp_path)], dedup=True))
    assert a.duplicate_of is None and b.duplicate_of == a.id
    a, b = list(read_inputs([str(tmp_path)]))
    assert b.duplicate_of is None

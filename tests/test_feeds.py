"""Tests for RSS/Atom feeds (files and URLs on a loopback server) and for `eventwire run/extract` on
URLs, feeds and saved pages: per-entry errors, bad feeds, XML attacks, nothing half-stored."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from html import escape

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.ingest import IngestError, read_inputs
from eventwire.ingest.feeds import read_feed
from eventwire.records import Article

from test_fetch import ARTICLE, PARAS, code, intranet, page, public_fetcher, site  # noqa: F401  (fixtures)

FULL_TEXT = " ".join(
    f"Sentence {i}: delegations from Armenia and Azerbaijan continued border talks in Brussels on Tuesday, "
    "the European Union said." for i in range(12))


def rss(base: str, extra_items: str = "") -> str:
    def item(title, link=None, date="Mon, 19 May 2025 10:00:00 GMT", content=None, summary="A short teaser."):
        out = f"<item><title>{escape(title)}</title><pubDate>{date}</pubDate><description>{escape(summary)}</description>"
        if link:
            out += f"<link>{link}</link>"
        if content:
            out += f"<content:encoded><![CDATA[<p>{content}</p>]]></content:encoded>"
        return out + "</item>"
    items = [
        item("Border talks go on", link=base + "/full", content=FULL_TEXT, date="Tue, 20 May 2025 08:00:00 GMT"),
        item("Istanbul talks", link=base + "/article"),
        item("Gone story", link=base + "/missing"),
        item("Istanbul talks (again)", link=base + "/article?utm=feed"),
        item("Bomb", link=base + "/bomb"),
        item("Intranet", link="http://127.0.0.1:9/secret"),
    ]
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Example Wire World</title>'
            f"<link>{base}</link>{''.join(items)}{extra_items}</channel></rss>")


def atom(base: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>'
            f'<entry><title>Istanbul talks</title><link href="{base}/article"/><updated>2025-05-18T09:00:00Z</updated>'
            '<id>urn:1</id><summary>Short.</summary></entry></feed>')


def items_by_title(got):
    return got


def test_rss_file_each_entry_is_its_own_item(site, tmp_path):
    feed = tmp_path / "world.rss"
    feed.write_text(rss(site.base), encoding="utf-8")
    got = list(read_feed(str(feed), public_fetcher(site)))
    assert [code(x) for x in got] == ["ok", "ok", "http_error", "ok", "too_large", "blocked_destination"]
    full, talks, gone, again, bomb, intra = got
    # full text in the entry: used as it is, not fetched; the entry's title and date feed the Article
    assert full.text.startswith("Sentence 0") and full.title == "Border talks go on"
    assert full.published == dt.date(2025, 5, 20) and full.outlet == "Example Wire World"
    assert full.url == site.base + "/full" and "/full" not in site.requests
    # a teaser entry: the page is fetched and its body extracted; the entry's title and date win
    assert PARAS[0] in talks.text and talks.title == "Istanbul talks" and talks.published == dt.date(2025, 5, 19)
    assert talks.url == site.base + "/article" and talks.outlet == "Example Wire"
    assert "entry 3" in gone.message and "/missing" in gone.message and "404" in gone.message


def test_feed_url_atom_and_dedup(site):
    site.routes["/feed.xml"] = lambda h: h.send(rss(site.base).encode(), "application/rss+xml")
    site.routes["/atom.xml"] = lambda h: h.send(atom(site.base).encode(), "application/atom+xml")
    f = public_fetcher(site)
    got = list(read_inputs([], feeds=[site.base + "/feed.xml", site.base + "/atom.xml"], fetcher=f, dedup=True))
    arts = [x for x in got if isinstance(x, Article)]
    assert len(arts) == 4
    assert arts[1].duplicate_of is None and arts[2].duplicate_of == arts[1].id      # same page via two links
    assert arts[3].duplicate_of == arts[1].id and arts[3].title == "Istanbul talks"   # and via the Atom feed
    assert [e.code for e in arts[2].errors] == ["duplicate"]


@pytest.mark.parametrize("body, ctype", [
    (ARTICLE.encode(), "text/html"),                                     # a web page given as a feed
    (bytes(range(256)) * 8, "application/octet-stream"),                 # binary
    (b"", "application/rss+xml"),                                        # empty
    (b"{\"items\": []}", "application/json"),                            # JSON
    (b"<?xml version='1.0'?><note><to>x</to></note>", "text/xml"),       # XML that is no feed
])
def test_not_a_feed(site, body, ctype):
    site.routes["/bad-feed"] = lambda h: h.send(body, ctype)
    got = list(read_feed(site.base + "/bad-feed", public_fetcher(site)))
    assert len(got) == 1 and got[0].code == "not_a_feed" and "/bad-feed" in got[0].message


def test_truncated_and_illformed_feeds_keep_their_good_entries(site, tmp_path):
    text = rss(site.base)
    cut = tmp_path / "cut.rss"
    cut.write_text(text[: text.index("Gone story")], encoding="utf-8")         # cut inside the third entry
    got = list(read_feed(str(cut), public_fetcher(site)))
    assert [code(x) for x in got[:2]] == ["ok", "ok"]
    amp = tmp_path / "amp.rss"
    amp.write_text(text.replace("Istanbul talks</title>", "Istanbul & Ankara talks</title>", 1), encoding="utf-8")
    got = list(read_feed(str(amp), public_fetcher(site)))
    assert len(got) >= 2 and all(isinstance(x, (Article, IngestError)) for x in got)


def test_missing_feed_file_and_blocked_feed_url(intranet, tmp_path):
    [e] = list(read_feed(str(tmp_path / "nope.rss"), None))
    assert e.code == "not_found"
    [e] = list(read_inputs([], feeds=[intranet.base + "/feed.xml"]))            # default fetcher: refused
    assert e.code == "blocked_destination"


def test_xxe_and_entity_expansion_are_harmless(intranet, site, tmp_path):
    before = intranet.connections
    xxe = tmp_path / "xxe.rss"
    xxe.write_text(f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{intranet.base}/secret">'
                   '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                   '<rss version="2.0"><channel><title>T</title><item><title>&xxe;</title>'
                   f'<description>{escape(FULL_TEXT)}</description></item></channel></rss>', encoding="utf-8")
    got = list(read_feed(str(xxe), public_fetcher(site)))
    assert intranet.connections == before
    assert all("root:" not in (x.title or "") + x.text for x in got if isinstance(x, Article))
    lol = tmp_path / "lol.rss"
    ents = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    lol.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [{ents}]><rss version="2.0"><channel><title>&a9;</title>'
                   f'<item><title>x</title><description>{escape(FULL_TEXT)}</description></item></channel></rss>',
                   encoding="utf-8")
    t = time.perf_counter()
    got = list(read_feed(str(lol), public_fetcher(site)))
    assert time.perf_counter() - t < 30          # expanded, &a9; is 3 GB of "lol": minutes, not seconds, even
    assert all(len(x.text) < 100_000 for x in got if isinstance(x, Article))   # on a loaded machine


# --------------------------------------------------------------------------- the CLI on the web and on saved pages

TEASER_PAGE = page(title="Hamas delegation in Moscow", paras=[
    "Representatives of Hamas met with Russian Deputy Foreign Minister Mikhail Bogdanov in Moscow on Thursday "
    "to discuss foreign hostages held in Gaza, the Russian Foreign Ministry said.",
    "Bogdanov had contacted the group's founder last month to arrange the meeting, the ministry said.",
]).replace("</article>", "<aside><h3>Other Topics of Interest</h3><a href='/x'>Ukraine Drone Strikes Hit Power "
                         "Plant In West Russia</a><p>Ukrainian drones attacked a Russian power plant overnight, "
                         "officials said.</p></aside></article>")


def test_cli_run_on_a_feed_and_saved_pages(site, tmp_path):
    site.routes["/feed.xml"] = lambda h: h.send(rss(site.base).encode(), "application/rss+xml")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "moscow.html").write_text(TEASER_PAGE, encoding="utf-8")
    (folder / "index.html").write_text("<html><body>" + "".join(
        f"<div><h3><a href='/s/{i}'>Headline number {i} about the talks</a></h3></div>" for i in range(30))
        + "</body></html>", encoding="utf-8")
    db = tmp_path / "ew.db"
    r = CliRunner().invoke(main, ["run", str(folder), "--feed", site.base + "/feed.xml", "--allow-private",
                                  "--fetch-delay", "0", "--db", str(db)])
    assert r.exit_code == 1, r.output                                   # some items failed, each named
    # with --allow-private the intranet entry is tried (nothing listens on port 9: fetch_failed)
    for needle in ("not_article", "http_error", "too_large", "fetch_failed", "duplicate"):
        assert needle in r.stderr, needle
    conn = sqlite3.connect(db)
    titles = {t for (t,) in conn.execute("SELECT title FROM articles")}
    assert titles == {"Hamas delegation in Moscow", "Border talks go on", "Istanbul talks"}   # nothing half-stored
    evidence = " ".join(e for (e,) in conn.execute("SELECT evidence FROM events"))
    assert "drones attacked" not in evidence and "Drone Strikes" not in evidence   # the teaser is not coded
    assert "1 skipped" in r.stderr and "3 stored" in r.stderr


def test_cli_extract_url_refused_by_default_and_allowed_by_env(site, monkeypatch):
    url = site.base + "/article"
    monkeypatch.delenv("EVENTWIRE_ALLOW_PRIVATE", raising=False)
    r = CliRunner().invoke(main, ["extract", url])
    assert r.exit_code == 1 and "blocked_destination" in r.stderr
    assert json.loads(r.stdout)["articles"] == []
    r = CliRunner().invoke(main, ["extract", url], env={"EVENTWIRE_ALLOW_PRIVATE": "1"})
    assert r.exit_code == 0, r.stderr
    [art] = json.loads(r.stdout)["articles"]
    assert art["title"] == "Talks in Istanbul" and PARAS[0] in art["text"]
    r = CliRunner().invoke(main, ["extract"])
    assert r.exit_code == 2

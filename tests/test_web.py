"""The web UI and REST API (eventwire.web) with FastAPI's test client, on the examples database
and on a database of one hostile article."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import warnings

import pytest
from click.testing import CliRunner

with warnings.catch_warnings():             # starlette would have httpx2; httpx 0.28 works
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

from eventwire.cli import main
from eventwire.export import FLAT_COLUMNS
from eventwire.records import (Actor, Article, Claim, Dropped, Event, Location, Mention, Quote, Result, Role, Span,
                               TimeSpan)
from eventwire.store import connect, query_claims, query_events, query_quotes, store_result
from eventwire.web import create_app
from eventwire.web.highlight import Mark, pieces



def _no_resources():
    raise AssertionError("the pipeline must not load for this request")


@pytest.fixture(scope="module")
def db(examples_any):
    """The examples coded into a database with the real CLI (conftest's, shared by the run; SQLite, then PostgreSQL)."""
    return examples_any


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db, resources_loader=_no_resources))


# --------------------------------------------------------------------------- REST API

def test_articles_list_and_one(client):
    body = client.get("/api/articles").json()
    assert body["total"] == 2 and {a["id"] for a in body["items"]} == {"seed-000", "seed-002"}
    a = client.get("/api/articles/seed-000").json()
    assert a["published"] == "2024-01-19" and a["text"].startswith(a["text"][:20])
    assert a["events"] and a["mentions"] and a["times"]
    for m in a["mentions"]:
        assert a["text"][m["start"]:m["end"]] == m["text"]
    assert client.get("/api/articles/no-such").status_code == 404
    assert client.get("/api/articles?limit=0").status_code == 422


def test_events_match_the_store_and_filter(client, db):
    conn = connect(db)
    want = query_events(conn, actor="Russia", with_="Hamas")
    body = client.get("/api/events", params={"actor": "Russia", "with": "Hamas", "limit": 1000}).json()
    assert [e["id"] for e in body["items"]] == [e["id"] for e in want] and body["total"] == len(want)
    assert body["items"][0]["sentence"]
    consult = client.get("/api/events", params={"type": "consult", "limit": 1000}).json()["items"]
    assert consult and {e["type"] for e in consult} == {"CONSULT"}
    dated = client.get("/api/events", params={"since": "2023-10-26", "until": "2023-10-26"}).json()["items"]
    assert dated and all(e["date"] <= "2023-10-26" <= (e["date_end"] or e["date"]) + "~" for e in dated)
    every = client.get("/api/events", params={"polarity": "all", "limit": 1000}).json()["total"]
    negated = client.get("/api/events", params={"polarity": "negated"}).json()["items"]
    assert negated and {e["polarity"] for e in negated} == {"negated"}
    assert every == conn.execute("SELECT count(*) FROM events").fetchone()[0] > body["total"]
    moscow = client.get("/api/events", params={"q": "Moscow", "limit": 1000}).json()["items"]
    assert moscow and all("moscow" in (e["evidence"] + (e["title"] or "")).lower() for e in moscow)
    assert client.get("/api/events", params={"q": "100%_"}).json()["total"] == 0      # LIKE wildcards are text
    assert client.get("/api/events", params={"actor": "Nobody Atall"}).json() == {
        "total": 0, "limit": 50, "offset": 0, "items": []}
    for bad in ({"since": "last week"}, {"polarity": "maybe"}, {"limit": 5000}, {"offset": -1}, {"format": "xml"}):
        assert client.get("/api/events", params=bad).status_code == 422, bad


def test_events_pagination(client):
    everything = client.get("/api/events", params={"polarity": "all", "limit": 1000}).json()
    ids = []
    for offset in range(0, everything["total"], 7):
        page = client.get("/api/events", params={"polarity": "all", "limit": 7, "offset": offset}).json()
        assert page["total"] == everything["total"] and len(page["items"]) <= 7
        ids += [e["id"] for e in page["items"]]
    assert ids == [e["id"] for e in everything["items"]]
    assert client.get("/api/events", params={"offset": 10_000}).json()["items"] == []


def test_events_csv(client):
    r = client.get("/api/events", params={"actor": "Russia", "with": "Hamas", "format": "csv", "limit": 1})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.text)))
    assert tuple(rows[0]) == FLAT_COLUMNS
    total = client.get("/api/events", params={"actor": "Russia", "with": "Hamas"}).json()["total"]
    assert len(rows) - 1 == total > 1                       # every match, not one page


def test_actors_and_actor(client):
    body = client.get("/api/actors", params={"limit": 5}).json()
    assert len(body["items"]) == 5 and body["total"] > 5
    assert body["items"][0]["events"] >= body["items"][-1]["events"]
    hamas = client.get("/api/actors/Hamas").json()
    assert hamas["id"] == "org:hamas" and hamas["events"]
    assert any(c["name"] == "Mikhail Bogdanov" for c in hamas["contacts"])
    assert client.get("/api/actors/org:hamas").json()["id"] == "org:hamas"
    assert client.get("/api/actors/No Such Actor").status_code == 404


def test_timeline_is_in_date_order_with_sentences(client):
    items = client.get("/api/timeline", params={"actor": "Russia", "with": "Hamas"}).json()["items"]
    dates = [e["date"] for e in items]
    assert dates == sorted(dates) and dates[0].startswith("2006") and dates[-1].startswith("2024")
    moscow = [e for e in items if e["date"] == "2024-01-19" and e["location"] == "Moscow" and e["type"] == "CONSULT"]
    assert moscow and "January 19" in moscow[0]["sentence"]
    assert client.get("/api/timeline").status_code == 422


def test_network(client):
    net = client.get("/api/network").json()
    names = {n["name"] for n in net["nodes"]}
    assert {"Hamas", "Russia", "Sergei Lavrov", "Mikhail Bogdanov"} <= names
    ids = {n["id"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in ids and e["target"] in ids and e["weight"] >= 1 for e in net["edges"])
    assert all(e["quad"] in (0, 1, 2, 3, 4) for e in net["edges"])
    early = client.get("/api/network", params={"until": "2010"}).json()
    assert 0 < len(early["nodes"]) < len(net["nodes"])
    assert len(client.get("/api/network", params={"max_nodes": 3}).json()["nodes"]) == 3


def test_claims_quotes_and_openapi(client, db):
    conn = connect(db)
    assert client.get("/api/claims").json() == {"items": query_claims(conn)}
    assert client.get("/api/claims", params={"article": "seed-002"}).json() == {"items": query_claims(conn, article="seed-002")}
    assert client.get("/api/quotes", params={"speaker": "Hamas"}).json() == {"items": query_quotes(conn, speaker="Hamas")}
    spec = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/articles/{article_id}", "/api/events", "/api/actors", "/api/actors/{name}",
            "/api/timeline", "/api/network", "/api/claims", "/api/quotes", "/api/extract"} <= set(spec["paths"])
    assert not any(p.startswith("/articles") for p in spec["paths"])        # pages stay out of the API spec


def test_stories(client):
    page = client.get("/api/stories").json()
    assert page["total"] >= 1 and sorted(a for s in page["items"] for a in s["articles"]) == ["seed-000", "seed-002"]
    sid = page["items"][0]["id"]
    story = client.get(f"/api/stories/{sid}").json()
    assert story["id"] == sid and story["articles"] and "timeline" in story and "claims" in story
    assert client.get("/api/stories/seed-002").json()["id"] in {s["id"] for s in page["items"]}   # by an article id
    assert client.get("/api/stories/nope").status_code == 404


def test_oversized_bodies_are_refused_unread(client):
    r = client.post("/api/extract", content=b"{}", headers={"content-length": "2000000", "content-type": "application/json"})
    assert r.status_code == 413

    def chunks():                           # no Content-Length: counted while it streams in
        for _ in range(40):
            yield b"x" * 50_000
    assert client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"}).status_code == 413
    assert client.post("/extract", content=chunks(),
                       headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 413
    assert client.post("/api/extract", json={"text": ""}).status_code == 422


def test_extract_codes_without_storing(db, resources):
    calls = []
    c = TestClient(create_app(db, resources_loader=lambda: calls.append(1) or resources))
    text = "Russian Foreign Minister Sergei Lavrov met Hamas leaders in Moscow on Monday."
    for _ in range(2):
        r = c.post("/api/extract", json={"text": text, "published": "2024-03-06"})
        assert r.status_code == 200
    assert calls == [1]                                               # loaded once
    body = r.json()
    assert [(e["type"], e["date"]) for e in body["events"]] == [("CONSULT", "2024-03-04")]
    page = c.post("/extract", data={"text": text, "published": "2024-03-06"})
    assert page.status_code == 200 and 'class="trigger quad1"' in page.text and ">met</a>" in page.text
    assert c.post("/extract", data={"text": text, "published": "March"}).status_code == 422
    assert c.get("/api/articles").json()["total"] == 2               # nothing stored


def test_security_headers(client):
    for url in ("/", "/api/events", "/static/style.css", "/articles/nope", "/api/articles/nope"):
        h = client.get(url).headers
        assert h["content-security-policy"].startswith("default-src 'self'") and "unsafe" not in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"


def test_missing_database(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such database"):
        create_app(tmp_path / "none.db")
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 1 and "no such database" in r.output
    assert not (tmp_path / "none.db").exists()


# --------------------------------------------------------------------------- pages

def test_overview_links_into_the_data(client):
    html = client.get("/").text
    assert 'href="/articles/seed-000"' in html and 'href="/actors/org%3Ahamas"' in html
    assert 'action="/timeline"' in html


def test_article_page_highlights_the_moscow_meeting(client):
    a = client.get("/api/articles/seed-000").json()
    meeting = next(e for e in a["events"] if e["date"] == "2024-01-19" and e["location"] == "Moscow"
                   and e["type"] == "CONSULT" and "January 19" in e["evidence"])
    html = client.get("/articles/seed-000").text
    trigger = a["text"][meeting["trigger_start"]:meeting["trigger_end"]]
    assert f'<span id="at-{meeting["id"]}"></span><a class="trigger quad1" href="#ev-{meeting["id"]}"' in html
    assert re.search(rf'href="#ev-{meeting["id"]}" title="[^"]*CONSULT 2024-01-19[^"]*">{trigger}</a>', html)
    assert f'<li id="ev-{meeting["id"]}"' in html
    assert 'class="ent ent-PERSON"' in html and 'class="time"' in html
    assert 'href="/actors/person%3Asergei-lavrov"' in html
    # the text survives the cutting: strip the tags, unescape, get the article back
    body = html.split('<div class="text" id="text">', 1)[1].split("</div>", 1)[0]
    import html as htmlmod
    assert htmlmod.unescape(re.sub(r"<[^>]+>", "", body)) == a["text"]


def test_article_page_greys_dropped_boilerplate(client):
    html = client.get("/articles/seed-002").text
    assert 'class="dropped" title="dropped: footer">To suggest a correction' in html


def test_events_page_filters_pages_and_csv_link(client):
    html = client.get("/events", params={"actor": "Russia", "with": "Hamas", "limit": 5}).text
    assert html.count('<tr>') == 5 + 1
    assert 'href="/api/events?actor=Russia&amp;with=Hamas&amp;polarity=asserted&amp;format=csv"' in html
    assert 'rel="next" href="/events?actor=Russia&amp;with=Hamas&amp;polarity=asserted&amp;limit=5&amp;offset=5"' in html
    assert 'value="Russia"' in html
    empty_form = {"actor": "", "with": "", "type": "", "since": "", "until": "", "polarity": "asserted", "q": ""}
    assert client.get("/events", params=empty_form).status_code == 200
    html = client.get("/events", params={"polarity": "negated"}).text
    assert "<option selected>negated</option>" in html


def test_timeline_page_reads_in_order(client):
    html = client.get("/timeline", params={"actor": "Russia", "with": "Hamas"}).text
    dates = re.findall(r'<span class="when">([^<]+)</span>', html)
    starts = [d.split("/")[0].split(" ")[0] for d in dates]
    assert len(dates) > 10 and starts == sorted(starts)
    assert dates[0].startswith("2006") and dates[-1].startswith("2024-01-19")
    assert "<mark>On Friday, January 19" in html
    assert client.get("/timeline").status_code == 200


def test_actor_page(client):
    html = client.get("/actors/Hamas").text
    assert "<h1>Hamas</h1>" in html and "Contacts" in html
    assert 'href="/timeline?actor=Hamas&amp;with=Mikhail+Bogdanov"' in html
    r = client.get("/actors/Hamass")
    assert r.status_code == 404 and "Hamas (org:hamas)" in r.text


def test_network_page_is_svg_with_coloured_edges(client):
    html = client.get("/network").text
    assert '<svg class="network"' in html and '<line class="edge quad1"' in html
    assert re.search(r'<a href="/actors/org%3Ahamas" class="node kind-ORG"><circle [^>]+><title>Hamas: \d+ events', html)
    assert "<script" not in html


def test_pages_without_script(client):
    for url in ("/", "/articles/seed-000", "/events", "/actors", "/actors/Russia", "/timeline?actor=Russia",
                "/network", "/extract"):
        r = client.get(url)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), url
        assert "<script" not in r.text and " style=" not in r.text and " on" not in re.sub(r">[^<]*<", "><", r.text)


def test_highlight_pieces_cover_the_text_once():
    text = "Lavrov met Mashal in Moscow."
    marks = [Mark(0, 6, "a", "x", href="/actors/x"), Mark(0, 17, "q", "quote"), Mark(7, 10, "t", "met", anchor="at-1"),
             Mark(5, 99, "bad", "outside")]
    out = pieces(text, marks)
    assert "".join(p.text for p in out) == text
    assert [(p.text, p.classes, p.href, p.anchors) for p in out[:3]] == [
        ("Lavrov", "a q", "/actors/x", []), (" ", "q", None, []), ("met", "q t", None, ["at-1"])]


# --------------------------------------------------------------------------- hostile data

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS = "javascript:alert(1)"


def hostile_result() -> Result:
    """One article whose text, metadata, actors and extractions carry markup and javascript: URLs."""
    text = f"{SCRIPT} met {IMG} in {JS} on Friday. Footer {SCRIPT}"
    n1, n2 = text.index(SCRIPT), text.index(IMG)
    met, place = text.index("met"), text.index(JS)
    friday, footer = text.index("Friday"), text.index("Footer")
    evil = Actor(f"person:{SCRIPT}", SCRIPT, "PERSON", aliases=(IMG, JS), country="RUS", sector="GOV",
                 roles=(Role(title=IMG, org=f"org:{JS}"),), attributes=(("status", SCRIPT),))
    other = Actor(f"org:{JS}", IMG, "ORG", affiliation=f"person:{SCRIPT}")
    mentions = (Mention(n1, n1 + len(SCRIPT), SCRIPT, "PERSON", evil.id, title=IMG),
                Mention(n2, n2 + len(IMG), IMG, "ORG", other.id))
    sentence = Span(0, footer - 1, text[:footer - 1])
    ev = Event(id="ev-hostile", article_id="hostile", type="CONSULT", mode=None, cameo="04",
               actors=(evil.id, other.id), recipients=(), location=Location(JS, "RUS"), date="2024-01-19",
               date_end=None, date_precision="day", date_source="text", polarity="asserted", historical=False,
               reported_by=None, confidence=0.9, evidence=sentence, trigger=Span(met, met + 3, "met"),
               sentence=sentence, quad=1)
    times = (TimeSpan(friday, friday + 6, "Friday", "DATE", "2024-01-19", "published", 0.9, date="2024-01-19"),)
    claim = Claim(what=SCRIPT, subject=IMG, low=1, high=1, qualifier=None, as_of=None, said_by=evil.id,
                  start=0, end=footer - 1, text=text[:footer - 1])
    quote = Quote(speaker=evil.id, speaker_span=None, start=n2, end=n2 + len(IMG), text=IMG, direct=True, cue=None)
    art = Article(id="hostile", text=text, title=SCRIPT + IMG, url=JS, outlet=IMG, published=dt.date(2024, 1, 19),
                  dropped=(Dropped(footer, len(text), text[footer:], "footer"),))
    return Result(article=art, actors=(evil, other), mentions=mentions, events=(ev,), times=times, claims=(claim,),
                  quotes=(quote,), content_hash="h0stile")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "h.db"
    conn = connect(path)
    assert store_result(conn, hostile_result()) == "stored"
    conn.close()
    return TestClient(create_app(path, resources_loader=_no_resources))


HOSTILE_PAGES = ("/", "/articles/hostile", "/events", "/events?actor=" + SCRIPT, "/actors",
                 "/actors/person:" + SCRIPT, "/actors/org:" + JS, "/actors/" + IMG, "/timeline?actor=" + SCRIPT,
                 "/timeline?actor=Russia&with=" + IMG, "/network", "/articles/" + SCRIPT, "/nope" + SCRIPT)


@pytest.mark.parametrize("url", HOSTILE_PAGES)
def test_hostile_strings_render_as_text(hostile, url):
    r = hostile.get(url)
    assert r.status_code in (200, 404) and r.headers["content-type"].startswith("text/html")
    html = r.text.lower()
    assert "<script" not in html and "<img" not in html
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", html)
    assert "&lt;script&gt;" in html or "&lt;img" in html or url == "/nope" + SCRIPT   # the data is there, as text


def test_hostile_article_page_shows_every_string_escaped(hostile):
    html = hostile.get("/articles/hostile").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert '<span class="url">javascript:alert(1)</span>' in html           # shown, never a link
    assert 'href="/actors/person%3A%3Cscript%3Ealert%281%29%3C%2Fscript%3E"' in html
    network = hostile.get("/network").text
    assert "<text" in network and "&lt;script&gt;alert(1)&lt;/script&gt;</text>" in network


def test_hostile_api_is_json(hostile):
    r = hostile.get("/api/articles/hostile")
    assert r.headers["content-type"] == "application/json" and r.json()["title"] == SCRIPT + IMG
    assert hostile.get("/api/events", params={"format": "csv"}).headers["content-type"].startswith("text/csv")

"""Tests for fetching URLs: the SSRF guard, redirects, timeouts, size caps, bombs, charsets, HTTP errors.

Everything runs against HTTP servers on the loopback interface, never an outside host:

* `site` plays a public news site. It listens on 127.0.0.2 and the fetcher under test is told
  (through `address_policy`) that 127.0.0.2 is public, while every other private or loopback
  address keeps the default verdict. If 127.0.0.2 cannot be bound, it listens on 127.0.0.1 and
  the tests that need the distinction are skipped.
* `intranet` is a listener on 127.0.0.1 that counts connections: the refused fetches must never
  reach it (0 connections, 0 bytes).
"""
from __future__ import annotations

import gzip
import http.server
import ipaddress
import socket
import threading
import time
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.ingest import IngestError, read_inputs
from eventwire.ingest.feeds import read_url
from eventwire.ingest.fetch import MAX_REDIRECTS, Fetcher, blocked_reason
from eventwire.records import Article

PARAS = [
    "Ukrainian and Russian delegations met in Istanbul on Monday for the first direct talks in three years, "
    "Turkish Foreign Minister Hakan Fidan said after the meeting.",
    "The two sides agreed to exchange a thousand prisoners each, the head of the Ukrainian delegation said, "
    "but made no progress on a ceasefire.",
    "Russian presidential aide Vladimir Medinsky said Moscow was satisfied with the outcome and ready to "
    "continue the contacts.",
]


def page(title: str = "Talks in Istanbul", paras=PARAS, extra_head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:site_name' content='Example Wire'>{extra_head}</head>"
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{title}</h1>{body}"
            f"</article><footer>Copyright 2025 Example Wire</footer></body></html>")


ARTICLE = page(extra_head="<meta property='article:published_time' content='2025-05-19T10:00:00Z'>"
                          "<link rel='canonical' href='https://news.example/istanbul-talks'>")
FRENCH = ("<html><head><title>Réunion à Genève</title></head><body><article><p>Le président français a rencontré "
          "jeudi à Genève le ministre des Affaires étrangères, a indiqué l'Élysée dans un communiqué publié "
          "dans la soirée. Les discussions ont porté sur la situation au Proche-Orient et sur l'aide "
          "humanitaire.</p></article></body></html>")


def _bomb(decoded_mb: int) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"<p>" + b"A" * (1 << 20)
    return b"".join(c.compress(block) for _ in range(decoded_mb)) + c.flush()


BOMB = _bomb(200)                              # ~200 KB on the wire, 200 MB decoded


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, routes: dict):
        self.routes = routes
        self.connections = 0
        self.requests: list[str] = []
        super().__init__((host, 0), Handler)

    def process_request(self, request, client_address):
        self.connections += 1
        super().process_request(request, client_address)

    @property
    def base(self) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        route = self.server.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404, "Not Found")
            return
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send(self, body: bytes, ctype: str = "text/html; charset=utf-8", status: int = 200, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


def _redirect(to: str):
    def route(h):
        h.send_response(302)
        h.send_header("Location", to)
        h.end_headers()
        h.wfile.write(BOMB[:50_000])               # a redirect body is never read
    return route


def _trickle(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    for _ in range(400):
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.02)


def _stall(h):
    time.sleep(3)
    h.send(ARTICLE.encode())


def _big(declared: bool):
    def route(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        if declared:
            h.send_header("Content-Length", str(50 * (1 << 20)))
        h.end_headers()
        chunk = (b"<p>" + b"word " * 200 + b"</p>\n") * 1000     # ~1 MB
        for _ in range(50):                                      # 50 MB in all
            h.wfile.write(chunk)
    return route


def site_routes(intranet_base: str) -> dict:
    routes = {
        "/article": lambda h: h.send(ARTICLE.encode()),
        "/french": lambda h: h.send(FRENCH.encode("utf-8")),
        "/latin1": lambda h: h.send(page(title="Café in Genève").replace("charset='utf-8'", "charset='iso-8859-1'")
                                    .encode("latin-1"), "text/html; charset=iso-8859-1"),
        "/wrong-charset": lambda h: h.send(
            page(title="Réunion à Genève").replace("charset='utf-8'", "charset='windows-1252'").encode("cp1252"),
            "text/html; charset=utf-8"),
        "/no-charset": lambda h: h.send(page(title="Café talks in Genève").replace("<meta charset='utf-8'>", "")
                                        .encode("cp1252"), "text/html"),
        "/plain": lambda h: h.send(" ".join(PARAS).encode(), "text/plain; charset=utf-8"),
        "/pdf": lambda h: h.send(b"%PDF-1.4 binary", "application/pdf"),
        "/500": lambda h: h.send(b"oops", status=500),
        "/stall": _stall,
        "/trickle": _trickle,
        "/big": _big(False),
        "/big-declared": _big(True),
        "/bomb": lambda h: h.send(BOMB, headers=[("Content-Encoding", "gzip")]),
        "/gzip": lambda h: h.send(gzip.compress(ARTICLE.encode()), headers=[("Content-Encoding", "gzip")]),
        "/deflate": lambda h: h.send(zlib.compress(ARTICLE.encode()), headers=[("Content-Encoding", "deflate")]),
        "/stacked": lambda h: h.send(b"x", headers=[("Content-Encoding", ", ".join(["gzip"] * 50))]),
        "/brotli": lambda h: h.send(b"x", headers=[("Content-Encoding", "br")]),
        "/truncated": lambda h: h.send(ARTICLE.encode()[: len(ARTICLE) * 3 // 4]),
        "/index": lambda h: h.send(("<html><body>" + "".join(
            f"<div><h3><a href='/s/{i}'>Headline number {i} about the talks</a></h3><span>{i}h ago</span></div>"
            for i in range(30)) + "</body></html>").encode()),
        "/loop": _redirect("/loop"),
        "/to-intranet": _redirect(intranet_base + "/secret"),
        "/to-file": _redirect("file:///etc/passwd"),
    }
    for n in range(1, 6):
        routes[f"/hop{n}"] = _redirect(f"/hop{n - 1}" if n > 1 else "/article")
    return routes


@pytest.fixture(scope="module")
def intranet():
    srv = Server("127.0.0.1", {"/secret": lambda h: h.send(b"internal secret", "text/plain")})
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def site(intranet):
    try:
        srv = Server("127.0.0.2", {})
    except OSError:
        srv = Server("127.0.0.1", {})
    srv.routes.update(site_routes(intranet.base))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def public_fetcher(site, **kw) -> Fetcher:
    """A fetcher for which the test site's address is public; everything else keeps the default."""
    public = site.server_address[0]
    if public == "127.0.0.1":
        pytest.skip("127.0.0.2 cannot be bound here; the public/private split cannot be simulated")
    kw.setdefault("min_interval", 0)
    return Fetcher(allow_private=False, address_policy=lambda a: None if a == public else blocked_reason(a), **kw)


def fetch_one(url: str, fetcher: Fetcher):
    got = list(read_url(url, fetcher))
    assert len(got) == 1
    return got[0]


def code(item) -> str:
    return item.code if isinstance(item, IngestError) else item.errors[0].code if item.errors else "ok"


# --------------------------------------------------------------------------- good fetches

def test_article_page_with_metadata(site):
    a = fetch_one(site.base + "/article", public_fetcher(site))
    assert isinstance(a, Article) and a.errors == ()
    assert all(p in a.text for p in PARAS) and "\n\n" in a.text
    assert a.title == "Talks in Istanbul" and a.outlet == "Example Wire"
    assert a.url == "https://news.example/istanbul-talks" and str(a.published) == "2025-05-19"
    assert a.source == site.base + "/article"


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/hop3", "/truncated"])
def test_encodings_redirects_and_truncation(site, path):
    a = fetch_one(site.base + path, public_fetcher(site))
    assert isinstance(a, Article) and a.errors == () and PARAS[0] in a.text


@pytest.mark.parametrize("path, title", [("/latin1", "Café in Genève"), ("/wrong-charset", "Réunion à Genève"),
                                         ("/no-charset", "Café talks in Genève")])
def test_charsets_from_the_header_the_page_or_a_guess(site, path, title):
    a = fetch_one(site.base + path, public_fetcher(site))
    assert isinstance(a, Article) and a.title == title


def test_plain_text_and_other_types(site):
    f = public_fetcher(site)
    assert fetch_one(site.base + "/plain", f).text == " ".join(PARAS)
    assert code(fetch_one(site.base + "/pdf", f)) == "unsupported_content_type"
    assert code(fetch_one(site.base + "/index", f)) == "not_article"
    fr = fetch_one(site.base + "/french", f)
    assert code(fr) == "not_english" and fr.language == "fr"


def test_user_agent_and_throttle(site):
    seen = []
    site.routes["/ua"] = lambda h: (seen.append(h.headers.get("User-Agent")), h.send(ARTICLE.encode()))
    f = public_fetcher(site, min_interval=0.3)
    t = time.perf_counter()
    f.fetch(site.base + "/ua")
    f.fetch(site.base + "/ua")
    assert time.perf_counter() - t >= 0.3                              # polite: one host, one request per 0.3 s
    assert seen[0].startswith("eventwire/")


# --------------------------------------------------------------------------- errors, each its own

@pytest.mark.parametrize("path, expected, needle", [
    ("/missing", "http_error", "404"),
    ("/500", "http_error", "500"),
    ("/hop4", "too_many_redirects", str(MAX_REDIRECTS)),
    ("/loop", "too_many_redirects", "redirects"),
    ("/stacked", "fetch_failed", "50 times"),
    ("/brotli", "fetch_failed", "br"),
    ("/to-file", "blocked_destination", "file"),
])
def test_errors(site, path, expected, needle):
    e = fetch_one(site.base + path, public_fetcher(site))
    assert isinstance(e, IngestError) and e.code == expected and needle in e.message
    assert site.base + path in e.message


def test_stalled_server_times_out(site):
    t = time.perf_counter()
    e = fetch_one(site.base + "/stall", public_fetcher(site, timeout=0.5))
    assert code(e) == "fetch_timeout" and time.perf_counter() - t < 2


def test_trickling_server_hits_the_total_deadline(site):
    t = time.perf_counter()
    e = fetch_one(site.base + "/trickle", public_fetcher(site, timeout=5, deadline=1.0))
    assert code(e) == "fetch_timeout" and time.perf_counter() - t < 2.5


@pytest.mark.parametrize("path", ["/big", "/big-declared"])
def test_50mb_page_is_cut_at_the_cap(site, path):
    import resource
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    e = fetch_one(site.base + path, public_fetcher(site))
    assert code(e) == "too_large" and time.perf_counter() - t < 10
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000      # KB: < 200 MB


def test_gzip_bomb_is_stopped_at_the_decoded_cap(site):
    f = public_fetcher(site, max_bytes=5_000_000)
    t = time.perf_counter()
    e = fetch_one(site.base + "/bomb", f)
    assert code(e) == "too_large" and "decompressed" in e.message and time.perf_counter() - t < 5


def test_one_bad_url_does_not_stop_the_batch(site):
    f = public_fetcher(site)
    urls = [site.base + p for p in ("/article", "/missing", "/bomb", "/loop", "/gzip")]
    got = list(read_inputs(urls, fetcher=f))
    assert [code(x) for x in got] == ["ok", "http_error", "too_large", "too_many_redirects", "ok"]


# --------------------------------------------------------------------------- SSRF

BLOCKED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "0x7f000001", "0177.0.0.1", "2130706433", "127.1",
                 "[::ffff:127.0.0.1]", "0.0.0.0", "user@127.0.0.1", "127.0.0.1.nip.test"]


@pytest.mark.parametrize("host", BLOCKED_HOSTS)
def test_loopback_in_every_spelling_is_refused_without_a_connection(intranet, host):
    before = intranet.connections
    port = intranet.server_address[1]
    resolve = lambda h, p: socket.getaddrinfo("127.0.0.1" if h.endswith(".test") else h, p, type=socket.SOCK_STREAM)
    f = Fetcher(min_interval=0, resolve=resolve)                      # the default: private refused
    e = fetch_one(f"http://{host}:{port}/secret", f)
    assert code(e) == "blocked_destination", e
    assert intranet.connections == before and not f.connected


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://172.16.5.4/",
                                 "http://192.168.1.1/", "http://100.64.0.1/", "http://[fc00::1]/", "http://[fe80::1]/",
                                 "file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "data:text/html,x"])
def test_private_and_non_http_destinations_are_refused(url):
    f = Fetcher(min_interval=0)
    e = fetch_one(url, f)
    assert code(e) == "blocked_destination" and not f.connected


def test_redirect_to_loopback_is_refused_by_default(site, intranet):
    before = intranet.connections
    e = fetch_one(site.base + "/to-intranet", public_fetcher(site))
    assert code(e) == "blocked_destination" and "redirected" in e.message
    assert intranet.connections == before                              # never reached: 0 connections


def test_name_that_resolves_to_a_private_address_is_refused(intranet):
    f = Fetcher(min_interval=0, resolve=lambda h, p: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", p)),
                                                      (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", p))])
    e = fetch_one("http://mixed.example/", f)
    assert code(e) == "blocked_destination" and "10.1.2.3" in e.message and not f.connected


def test_allow_private_opt_in(intranet, monkeypatch):
    url = intranet.base + "/secret"
    assert Fetcher(allow_private=True, min_interval=0).fetch(url).body == b"internal secret"
    monkeypatch.setenv("EVENTWIRE_ALLOW_PRIVATE", "1")
    assert Fetcher(min_interval=0).fetch(url).body == b"internal secret"
    monkeypatch.setenv("EVENTWIRE_ALLOW_PRIVATE", "0")
    with pytest.raises(IngestError) as e:
        Fetcher(min_interval=0).fetch(url)
    assert e.value.code == "blocked_destination"


@settings(max_examples=300, deadline=None)
@given(st.one_of(*(st.ip_addresses(network=n) for n in (
    "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10",
    "0.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4", "::1/128", "fc00::/7", "fe80::/10", "::ffff:127.0.0.0/104",
    "::ffff:10.0.0.0/104", "2002:7f00::/24"))))
def test_property_every_private_address_is_blocked(ip):
    assert blocked_reason(str(ip)) is not None


@pytest.mark.parametrize("ip", ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111"])
def test_public_addresses_pass(ip):
    assert blocked_reason(ip) is None and ipaddress.ip_address(ip).is_global

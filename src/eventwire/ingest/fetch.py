"""Fetch pages and feeds over HTTP(S) with httpx, guarded against SSRF, bombs and slow servers.

* only http and https URLs;
* every connection (the first request and every redirect hop) resolves the host name, refuses
  the request if any address it resolves to is private, loopback, link-local, shared,
  multicast, reserved or unspecified (IPv4-mapped IPv6 included), and then connects to the very
  address it checked, so DNS rebinding cannot slip a second answer in; no TCP connection is
  opened to a refused address. Proxies from the environment are ignored (trust_env off), since
  a proxy would connect on our behalf;
* at most 3 redirects, each followed by hand and checked again; a redirect's body is never read;
* a per-read timeout plus a total deadline per URL that covers connect, TLS, headers and body
  (a server trickling one byte a second still ends at the deadline);
* a size cap on the decoded bytes: the body is read raw and decompressed here, chunk by chunk,
  with zlib's max_length, so a gzip bomb stops at the cap with bounded memory; at most two
  stacked Content-Encodings, and only gzip and deflate are asked for and accepted;
* a clear User-Agent and a polite minimum interval between requests to the same host.

`allow_private=True` (the CLI's `--allow-private`, or EVENTWIRE_ALLOW_PRIVATE=1) lifts the address
check, for intranets and for tests against a server on 127.0.0.1; the other limits stay.
"""
from __future__ import annotations

import ipaddress
import os
import re
import socket
import ssl
import time
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

import httpcore
import httpx

from ._base import MAX_INPUT_BYTES, IngestError

ALLOW_PRIVATE_ENV = "EVENTWIRE_ALLOW_PRIVATE"
MAX_REDIRECTS = 3
READ_TIMEOUT = 10.0          # seconds without a byte, per read, and for connecting
DEADLINE = 30.0              # seconds for one URL, all hops and the whole body included
MIN_INTERVAL = 1.0           # seconds between two requests to the same host
MAX_ENCODINGS = 2
_REDIRECTS = (301, 302, 303, 307, 308)


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("eventwire")
    except Exception:
        return "0"


USER_AGENT = f"eventwire/{_version()} (news article to event data; python-httpx)"


def env_allows_private() -> bool:
    """True when EVENTWIRE_ALLOW_PRIVATE is set to 1, true or yes."""
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def blocked_reason(address: str) -> str | None:
    """Why an IP address must not be fetched from (loopback, private ...), or None when it is public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None:
            why = blocked_reason(str(inner))
            if why:
                return why
    for test, why in (("is_unspecified", "unspecified"), ("is_loopback", "loopback"),
                      ("is_link_local", "link-local"), ("is_multicast", "multicast"),
                      ("is_private", "private"), ("is_reserved", "reserved")):
        if getattr(ip, test):
            return why
    if not ip.is_global:
        return "not globally routable"
    return None


class _Blocked(Exception):
    """A connection refused by the address check (raised inside httpcore, caught in fetch)."""


class _Deadline(Exception):
    """The URL's total time ran out."""


class _Stream(httpcore.NetworkStream):
    """A socket stream whose every read and write also respects the fetch's total deadline."""

    def __init__(self, inner: httpcore.NetworkStream, fetcher: "Fetcher"):
        self._inner = inner
        self._fetcher = fetcher

    def _timeout(self, timeout: float | None) -> float:
        left = self._fetcher._deadline - time.monotonic()
        if left <= 0:
            raise _Deadline()
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._timeout(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._timeout(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, self._timeout(timeout)), self._fetcher)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """Resolve, check every address, connect to the checked address: the SSRF guard."""

    def __init__(self, fetcher: "Fetcher"):
        self._fetcher = fetcher
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        f = self._fetcher
        left = f._deadline - time.monotonic()
        if left <= 0:
            raise _Deadline()
        try:
            infos = f.resolve(host, port)
        except (socket.gaierror, UnicodeError, OSError) as e:
            raise httpcore.ConnectError(f"cannot resolve {host!r} ({e})") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not addresses:
            raise httpcore.ConnectError(f"{host!r} resolves to no address")
        if not f.allow_private:
            for address in addresses:
                why = f.address_policy(address)
                if why:
                    raise _Blocked(f"{host} resolves to {address} ({why})")
        timeout = left if timeout is None else min(timeout, left)
        last: Exception | None = None
        for address in addresses:
            f.connected.append((address, port))
            try:
                stream = self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as e:
                last = e
                continue
            return _Stream(stream, f)
        raise last or httpcore.ConnectError(f"cannot connect to {host}")

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options=None):
        raise _Blocked("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _Transport(httpx.HTTPTransport):
    """httpx's transport with the guarded backend under its connection pool."""

    def __init__(self, fetcher: "Fetcher"):
        super().__init__(trust_env=False, retries=0)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False), max_connections=8,
            max_keepalive_connections=4, keepalive_expiry=5.0, retries=0, network_backend=_Backend(fetcher))


@dataclass
class Page:
    """A fetched response: the final URL, status, content type and charset, and the decoded body."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    redirects: tuple[str, ...] = ()


class _Decoder:
    """One Content-Encoding layer, decompressed with a cap on its output."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self._d = zlib.decompressobj(16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS)
        self._first = True

    def feed(self, data: bytes, limit: int) -> bytes:
        out, total = [], 0
        if self._first and self.encoding == "deflate" and data:
            self._first = False
            if (data[0] & 0x0F) != 8:               # raw deflate, without the zlib header
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)
        while data and not self._d.eof:
            chunk = self._d.decompress(data, limit - total + 1)
            out.append(chunk)
            total += len(chunk)
            if total > limit:
                break
            data = self._d.unconsumed_tail
        return b"".join(out)


@dataclass
class Fetcher:
    """Fetch URLs one at a time with the limits above; `fetch` returns a Page or raises IngestError.

    Codes: `bad_url`, `blocked_destination`, `fetch_timeout`, `too_many_redirects`, `http_error`
    (the message gives the status), `too_large`, `fetch_failed` (DNS, connection, TLS, an
    encoding we did not ask for).
    """

    allow_private: bool | None = None
    timeout: float = READ_TIMEOUT
    deadline: float = DEADLINE
    max_bytes: int = MAX_INPUT_BYTES
    max_redirects: int = MAX_REDIRECTS
    min_interval: float = MIN_INTERVAL
    user_agent: str = USER_AGENT
    resolve: Callable = field(default=lambda host, port: socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
    address_policy: Callable[[str], str | None] = blocked_reason      # why an address is refused, or None
    connected: deque = field(default_factory=lambda: deque(maxlen=1000))   # (address, port) of connection attempts

    def __post_init__(self) -> None:
        if self.allow_private is None:
            self.allow_private = env_allows_private()
        self._deadline = 0.0
        self._last: dict[str, float] = {}
        self._client: httpx.Client | None = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                transport=_Transport(self), follow_redirects=False, trust_env=False,
                timeout=httpx.Timeout(self.timeout),
                headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"})
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _throttle(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = self.min_interval - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)
        self._last[host] = time.monotonic()

    @staticmethod
    def _check_url(url: str, shown: str) -> httpx.URL:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as e:
            host = url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1].rsplit(":", 1)[0]
            if re.fullmatch(r"[0-9a-fA-FxX.]+", host) and "ipv4" in str(e).lower():
                raise IngestError("blocked_destination", f"{shown}: refused, {host!r} is an address in a "
                                                         "non-standard notation (octal or hex parts)") from None
            raise IngestError("bad_url", f"{shown}: not a valid URL ({e})") from None
        if parsed.scheme not in ("http", "https"):
            raise IngestError("blocked_destination",
                              f"{shown}: only http and https URLs are fetched, not {parsed.scheme or 'a relative'} URLs")
        if not parsed.host:
            raise IngestError("bad_url", f"{shown}: the URL has no host")
        return parsed

    def fetch(self, url: str, accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5") -> Page:
        """GET a URL: follow up to max_redirects redirects, check every hop, return the capped body."""
        current = self._check_url(url, url)
        hops: list[str] = []
        start = time.monotonic()
        while True:
            self._throttle(current.host)
            if not hops:
                start = time.monotonic()
            self._deadline = start + self.deadline
            try:
                with self.client.stream("GET", current, headers={"Accept": accept}) as resp:
                    location = resp.headers.get("location")
                    if resp.status_code in _REDIRECTS and location:
                        if len(hops) >= self.max_redirects:
                            raise IngestError("too_many_redirects",
                                              f"{url}: more than {self.max_redirects} redirects "
                                              f"({' -> '.join([*hops, str(current)])} -> ...)")
                        try:
                            target = current.join(location)
                        except (httpx.InvalidURL, ValueError) as e:
                            raise IngestError("bad_url", f"{url}: redirect to an invalid URL ({e})") from None
                        hops.append(str(current))
                        current = self._check_url(str(target), f"{url} (redirected to {str(target)[:200]})")
                        continue
                    if resp.status_code >= 400 or resp.status_code < 200 or resp.status_code in _REDIRECTS:
                        raise IngestError("http_error", f"{url}: HTTP {resp.status_code} "
                                                        f"{resp.reason_phrase or ''}".rstrip())
                    body = self._read(resp, url)
                    ctype = resp.headers.get("content-type", "")
                    mime, _, params = ctype.partition(";")
                    charset = None
                    for p in params.split(";"):
                        k, _, v = p.partition("=")
                        if k.strip().lower() == "charset" and v.strip():
                            charset = v.strip().strip("\"'")
                    return Page(url=str(current), status=resp.status_code, content_type=mime.strip().lower(),
                                charset=charset, body=body, redirects=tuple(hops))
            except IngestError:
                raise
            except _Blocked as e:
                where = url if not hops else f"{url} (redirected to {current})"
                raise IngestError("blocked_destination",
                                  f"{where}: refused, {e}: private, loopback and link-local addresses are never "
                                  f"fetched (use --allow-private or {ALLOW_PRIVATE_ENV}=1 for a trusted intranet)") from None
            except (_Deadline, httpx.TimeoutException):
                raise IngestError("fetch_timeout", f"{url}: no complete answer within {self.deadline:g} s "
                                                   f"(or {self.timeout:g} s without a byte); skipped") from None
            except (httpx.HTTPError, httpcore.ConnectError, OSError, ssl.SSLError, zlib.error) as e:
                raise IngestError("fetch_failed", f"{url}: {type(e).__name__}: {str(e)[:200] or 'connection failed'}") from None

    def _read(self, resp: httpx.Response, url: str) -> bytes:
        """The body, decompressed here with the cap on decoded bytes (and on raw bytes)."""
        cap = self.max_bytes
        declared = resp.headers.get("content-length", "").strip()
        encodings = [e.strip().lower() for e in resp.headers.get("content-encoding", "").split(",")
                     if e.strip() and e.strip().lower() != "identity"]
        if declared.isdigit() and int(declared) > cap:
            raise IngestError("too_large", f"{url}: {int(declared):,} bytes announced, over the {cap:,}-byte limit")
        if len(encodings) > MAX_ENCODINGS:
            raise IngestError("fetch_failed", f"{url}: the body is encoded {len(encodings)} times "
                                              f"({', '.join(encodings[:5])}...); refused")
        unknown = [e for e in encodings if e not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            raise IngestError("fetch_failed", f"{url}: Content-Encoding {unknown[0]!r} was not asked for; refused")
        decoders = [_Decoder(e) for e in reversed(encodings)]
        out: list[bytes] = []
        raw = size = 0
        for chunk in resp.iter_raw(65536):
            if time.monotonic() > self._deadline:
                raise _Deadline()
            raw += len(chunk)
            for d in decoders:
                chunk = d.feed(chunk, cap - size)
            size += len(chunk)
            if size > cap or raw > cap:
                how = " once decompressed" if size > cap and encodings else ""
                raise IngestError("too_large", f"{url}: the body is over the {cap:,}-byte limit{how}; "
                                               "stopped reading there")
            out.append(chunk)
        return b"".join(out)

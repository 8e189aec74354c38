"""The HTTP/1.1 client webhooks go out through.

Two reasons for a client of our own. Every connection is made to an address the SSRF guard has
just checked (resolve once, refuse if any address is blocked, connect to that address), so DNS
cannot point a request somewhere the guard refused. And it is lean: a webhook is one POST of a
small signed body whose answer only matters for its status, a few headers and an excerpt, so the
request is written directly and the answer parsed by httptools (llhttp, the parser uvicorn serves
with), on keep-alive connections pooled per origin. The general-purpose clients' request and
response objects cost several times more CPU per request, and that is what bounds how many
webhooks a gateway process sends per second.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlsplit

import httptools
import httpx

from inboxhub.keepalive import Connection, Pool
from inboxhub.ssrf import check_address, own_inspector

Origin = tuple[str, str, int]
# Connections are pooled per origin and per trust: one opened to the gateway's own inspector
# (a loopback or private address, allowed for it alone) never carries a request elsewhere.
PoolKey = tuple[Origin, bool]
_READ = 65536
# Read at most this much of an answer's body to keep its connection; past it, the connection is
# closed instead (a receiver may answer a webhook with anything, of any size).
_DRAIN_LIMIT = 64 * 1024
_KEPT_BYTES = 1024
# What a request target may keep as it is; anything else (spaces, non-ASCII) is percent-encoded.
_TARGET_SAFE = "!#$%&'()*+,-./:;=?@[]~_"


class TransportError(Exception):
    """An attempt that got no usable answer; the class name says which stage failed."""


class ConnectError(TransportError):
    pass


class WriteError(TransportError):
    pass


class ReadError(TransportError):
    pass


class RemoteProtocolError(TransportError):
    pass


class InvalidRequest(TransportError):
    pass


@dataclass
class Answer:
    status_code: int
    # Lower-cased names; a repeated header keeps its last value.
    headers: dict[str, str]
    # The start of the body (the first ``_KEPT_BYTES``).
    body: bytes


@dataclass(frozen=True)
class _Target:
    origin: Origin
    host_header: str
    path: str


@lru_cache(maxsize=4096)
def _target(url: str) -> _Target:
    """Where a URL's requests go; cached because every delivery to a subscriber has the same."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").encode("idna").decode("ascii")
        port = parts.port or (443 if scheme == "https" else 80)
    except (ValueError, UnicodeError) as exc:
        raise InvalidRequest(f"invalid URL: {exc}") from exc
    if scheme not in ("http", "https") or not host:
        raise InvalidRequest("invalid URL: http(s) with a host is required")
    path = quote(parts.path or "/", safe=_TARGET_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_TARGET_SAFE)
    shown = f"[{host}]" if ":" in host else host
    default = (scheme, port) in (("http", 80), ("https", 443))
    return _Target((scheme, host, port), shown if default else f"{shown}:{port}", path)


def _head(target: _Target, headers: dict[str, str], length: int) -> bytes:
    lines = [f"POST {target.path} HTTP/1.1", f"Host: {target.host_header}"]
    for name, value in headers.items():
        # A line break in a name or value would let it write headers (or a request) of its own.
        if any(c in name or c in value for c in "\r\n\0") or not name or ":" in name:
            raise InvalidRequest(f"header {name[:40]!r} is not a valid HTTP header")
        lines.append(f"{name}: {value}")
    lines.append(f"Content-Length: {length}")
    try:
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    except UnicodeEncodeError as exc:
        raise InvalidRequest("header values must be Latin-1 text") from exc


class _Reading:
    """One answer, as httptools calls back while parsing it (1xx informational answers are
    skipped: the real answer follows them)."""

    def __init__(self) -> None:
        self.parser = httptools.HttpResponseParser(self)
        self.status = 0
        self.headers: dict[str, str] = {}
        self.body = bytearray()
        self.body_size = 0
        self.headers_done = False
        self.complete = False
        # Bytes after the answer: the connection is out of step and is not kept.
        self.trailing = False
        # Asked while the answer completes: llhttp forgets it once the message is over.
        self.keep_alive = False

    def on_message_begin(self) -> None:
        if self.complete:
            self.trailing = True
            return
        self.headers, self.body, self.body_size, self.headers_done = {}, bytearray(), 0, False

    def on_header(self, name: bytes, value: bytes) -> None:
        if not self.complete:
            self.headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_headers_complete(self) -> None:
        if not self.complete:
            self.status = self.parser.get_status_code()
            self.headers_done = True

    def on_body(self, body: bytes) -> None:
        if not self.complete:
            self.body_size += len(body)
            if len(self.body) < _KEPT_BYTES:
                self.body += body[: _KEPT_BYTES - len(self.body)]

    def on_message_complete(self) -> None:
        if self.status >= 200 and not self.complete:
            self.complete = True
            self.keep_alive = self.parser.should_keep_alive()

    def answer(self) -> Answer:
        return Answer(self.status, self.headers, bytes(self.body))


class _Connection(Connection):
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        super().__init__(reader, writer)
        self.answered = False  # any byte of the current answer seen

    async def exchange(self, request: bytes) -> tuple[Answer, bool]:
        """Send one request and read its answer; also says whether the connection may be kept."""
        self.answered = False
        try:
            self.writer.write(request)
            await self.writer.drain()
        except OSError as exc:
            raise WriteError(str(exc) or type(exc).__name__) from exc
        reading = _Reading()
        while not reading.complete:
            try:
                data = await self.reader.read(_READ)
            except OSError as exc:
                raise ReadError(str(exc) or type(exc).__name__) from exc
            if not data:
                if reading.headers_done and reading.status >= 200:
                    # An answer without a length ends when the connection does.
                    return reading.answer(), False
                raise RemoteProtocolError(
                    "the answer ended early"
                    if self.answered
                    else "the server closed the connection without answering"
                )
            self.answered = True
            try:
                reading.parser.feed_data(data)
            except httptools.HttpParserError as exc:
                raise RemoteProtocolError(f"malformed answer: {exc}") from exc
            if reading.body_size > _DRAIN_LIMIT and not reading.complete:
                return reading.answer(), False
        keep = reading.keep_alive and not reading.trailing
        return reading.answer(), keep


class GuardedTransport:
    def __init__(
        self,
        *,
        allow_private: bool,
        own_base_url: str | None = None,
        keepalive_expiry: float = 30.0,
        max_idle_per_origin: int = 64,
    ) -> None:
        self.allow_private = allow_private
        self.own_base_url = own_base_url
        self._pool: Pool[PoolKey, _Connection] = Pool(
            expiry=keepalive_expiry, max_idle=max_idle_per_origin
        )
        self._ssl: ssl.SSLContext | None = None

    def _ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:
            self._ssl = httpx.create_ssl_context(trust_env=False)
        return self._ssl

    async def _connect(self, origin: Origin, *, trusted: bool) -> _Connection:
        scheme, host, port = origin
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except OSError as exc:
            raise ConnectError(f"host '{host}' does not resolve") from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:  # every address, or a round-robin answer could slip through
            check_address(address, allow_private=self.allow_private or trusted)
        tls = self._ssl_context() if scheme == "https" else None
        error: Exception | None = None
        for address in addresses:
            try:
                reader, writer = await asyncio.open_connection(
                    address, port, ssl=tls, server_hostname=host if tls else None
                )
                return _Connection(reader, writer)
            except (OSError, ssl.SSLError) as exc:
                error = exc
        raise ConnectError(f"could not connect to {host}:{port}: {error}") from error

    async def post(self, url: str, *, body: bytes, headers: dict[str, str]) -> Answer:
        """POST ``body``; the caller bounds the whole exchange in time."""
        target = _target(url)
        request = _head(target, headers, len(body)) + body
        trusted = self.own_base_url is not None and own_inspector(
            url, public_base_url=self.own_base_url
        )
        pool: PoolKey = (target.origin, trusted)
        for attempt in (1, 2):
            connection = await self._pool.kept_alive(pool)
            reused = connection is not None
            if connection is None:
                connection = await self._connect(target.origin, trusted=trusted)
            try:
                answer, keep = await connection.exchange(request)
            except WriteError:
                connection.close()
                # A kept-alive connection that could not take the request: it never reached
                # the server, so it goes once more on a new connection.
                if reused and attempt == 1:
                    continue
                raise
            except (ReadError, RemoteProtocolError):
                # Sent, then no answer: the receiver may have read it. A failed attempt, retried
                # on the delivery's schedule and shown in its log, never sent again unseen.
                connection.close()
                raise
            except BaseException:
                connection.close()
                raise
            if keep:
                self._pool.release(pool, connection)
            else:
                connection.close()
            return answer
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        self._pool.close()

"""Small proxies on loopback (HTTP, and SOCKS5 below), for the tests of a session's
``engineOptions.proxyUrl``.

Plain-HTTP requests (absolute form, ``GET http://host/path``) are forwarded and answered;
``CONNECT`` tunnels are recorded and refused (nothing outside loopback is ever reached). Every
request's first line and ``Proxy-Authorization`` header are kept.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ipaddress
from dataclasses import dataclass, field

import httpx


@dataclass
class ProxyServer:
    requests: list[str] = field(default_factory=list)
    credentials: list[str | None] = field(default_factory=list)
    port: int = 0
    _server: asyncio.Server | None = None
    _http: httpx.AsyncClient | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url_with(self, user: str, password: str) -> str:
        return f"http://{user}:{password}@127.0.0.1:{self.port}"

    async def start(self) -> ProxyServer:
        self._http = httpx.AsyncClient(trust_env=False)
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)
        if self._http is not None:
            await self._http.aclose()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers: dict[str, str] = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                self.requests.append(f"{method} {target}")
                auth = headers.pop("proxy-authorization", None)
                self.credentials.append(_decode(auth))
                if method == "CONNECT":
                    writer.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                    await writer.drain()
                    return
                length = int(headers.get("content-length", "0"))
                body = await reader.readexactly(length) if length else b""
                for hop in ("host", "connection", "proxy-connection", "content-length"):
                    headers.pop(hop, None)
                assert self._http is not None
                answer = await self._http.request(method, target, headers=headers, content=body)
                out = [f"HTTP/1.1 {answer.status_code} {answer.reason_phrase}"]
                for name, value in answer.headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                        out.append(f"{name}: {value}")
                out.append(f"Content-Length: {len(answer.content)}")
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + answer.content)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def _decode(header: str | None) -> str | None:
    if not header or not header.lower().startswith("basic "):
        return header
    return base64.b64decode(header[6:]).decode()


@dataclass
class Socks5Server:
    """A SOCKS5 proxy (RFC 1928) with username/password sign-in (RFC 1929) that tunnels
    ``CONNECT`` to loopback addresses only; each tunnel's target and sign-in are kept."""

    tunnels: list[str] = field(default_factory=list)
    credentials: list[str] = field(default_factory=list)
    port: int = 0
    _server: asyncio.Server | None = None

    def url_with(self, user: str, password: str) -> str:
        return f"socks5://{user}:{password}@127.0.0.1:{self.port}"

    async def start(self) -> Socks5Server:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            _, count = await reader.readexactly(2)
            methods = await reader.readexactly(count)
            if 2 not in methods:  # username/password, or nothing
                writer.write(b"\x05\xff")
                return
            writer.write(b"\x05\x02")
            _, size = await reader.readexactly(2)
            user = (await reader.readexactly(size)).decode()
            size = (await reader.readexactly(1))[0]
            password = (await reader.readexactly(size)).decode()
            self.credentials.append(f"{user}:{password}")
            writer.write(b"\x01\x00")
            _, command, _, kind = await reader.readexactly(4)
            if kind == 1:
                host = ipaddress.IPv4Address(await reader.readexactly(4)).compressed
            elif kind == 4:
                host = ipaddress.IPv6Address(await reader.readexactly(16)).compressed
            else:
                host = (await reader.readexactly((await reader.readexactly(1))[0])).decode()
            port = int.from_bytes(await reader.readexactly(2), "big")
            self.tunnels.append(f"{host}:{port}")
            if command != 1 or host not in ("127.0.0.1", "::1", "localhost"):
                writer.write(b"\x05\x02\x00\x01" + bytes(6))  # not allowed by the ruleset
                return
            upstream_reader, upstream_writer = await asyncio.open_connection(host, port)
            writer.write(b"\x05\x00\x00\x01" + bytes(6))
            await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            writer.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(65536):
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()

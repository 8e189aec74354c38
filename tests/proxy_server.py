"""A small HTTP proxy on loopback, for the tests of a session's ``engineOptions.proxyUrl``.

Plain-HTTP requests (absolute form, ``GET http://host/path``) are forwarded and answered;
``CONNECT`` tunnels are recorded and refused (nothing outside loopback is ever reached). Every
request's first line and ``Proxy-Authorization`` header are kept.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
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

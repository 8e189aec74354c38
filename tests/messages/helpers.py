"""Helpers the messaging and media tests share: sample files, events, a local web server."""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from PIL import Image
from sqlalchemy import select

from inboxhub.webhooks.models import Event
from tests.support import eventually


def png_bytes(color: tuple[int, int, int] = (255, 0, 0)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 255)).save(buffer, "JPEG")
    return buffer.getvalue()


def webp_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 255, 0)).save(buffer, "WEBP")
    return buffer.getvalue()


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
OGG_OPUS = b"OggS\x00\x02" + b"\x00" * 22 + b"\x01\x13OpusHead" + b"\x00" * 40
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


async def events(app: Any, event_type: str | None = None) -> list[dict[str, Any]]:
    """The outbox: what webhook subscribers will receive, in order."""
    async with app.state.database.sessionmaker() as db:
        stmt = select(Event).order_by(Event.seq)
        if event_type:
            stmt = stmt.where(Event.type == event_type)
        rows = (await db.execute(stmt)).scalars().all()
    return [{"id": e.id, "type": e.type, "chatId": e.chat_id, "data": e.payload} for e in rows]


async def wait_for_status(
    client: httpx.AsyncClient, session_id: str, message_id: int, status: str
) -> dict[str, Any]:
    async def reached() -> dict[str, Any] | None:
        r = await client.get(f"/api/messages/{session_id}/messages/{message_id}")
        message: dict[str, Any] = r.json()["data"]["message"]
        return message if message["status"] == status else None

    found: dict[str, Any] = await eventually(reached)
    return found


async def contact_writes(
    client: httpx.AsyncClient, *, sender: str, to: str, **body: Any
) -> dict[str, Any]:
    r = await client.post("/api/sandbox/messages", json={"from": sender, "to": to, **body})
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


Handler = Callable[[str], Awaitable[tuple[int, dict[str, str], bytes]]]


class WebServer:
    """A small HTTP/1.1 server on 127.0.0.1 that answers from a route table (media URLs)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes] | Handler] = {}
        self.server: asyncio.Server | None = None
        self.hits: list[str] = []

    @property
    def base(self) -> str:
        assert self.server is not None
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def start(self) -> WebServer:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await reader.readuntil(b"\r\n\r\n")
            path = request.split(b" ", 2)[1].decode()
            self.hits.append(path)
            route = self.routes.get(path)
            if route is None:
                status, headers, body = 404, {}, b"not found"
            elif callable(route):
                status, headers, body = await route(path)
            else:
                status, headers, body = route
            head = f"HTTP/1.1 {status} X\r\nContent-Length: {len(body)}\r\nConnection: close\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            writer.write(head.encode() + b"\r\n" + body)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


async def foreign_api_key(app: Any) -> str:
    """An API key of a second organization (set up through the auth service)."""
    from inboxhub.auth import service as auth_service

    async with app.state.database.sessionmaker() as db, db.begin():
        org = await auth_service.create_organization(db, name="Otra empresa")
        _, raw = await auth_service.create_api_key(db, organization_id=org.id, name="otra")
    return raw

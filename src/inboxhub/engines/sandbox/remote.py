"""A gateway node's sandbox sessions on the cluster's sandbox network (``INBOXHUB_SANDBOX_URL``).

Each session keeps one websocket to the network process (``server.py``), as the web engine keeps
one connection to WhatsApp per session: the network drives the session's client and pushes its
events here, and each event is answered once this node has recorded it. When the network process
goes away the session reads ``connecting`` (reason ``connection_lost``) and reconnects with
backoff; the network resumes it from the credentials it keeps, and hands over what it kept for it
meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from datetime import datetime
from typing import Any

from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import InvalidHandshake, InvalidStatus

from inboxhub.engines.base import (
    Engine,
    EngineClient,
    EngineHost,
    EventSink,
    Outbound,
    SessionConfig,
)
from inboxhub.engines.sandbox.remote_client import RemoteClient
from inboxhub.engines.sandbox.wire import MAX_FRAME_BYTES, Handler, Peer, Unreachable
from inboxhub.errors import ValidationFailed

log = logging.getLogger(__name__)

_OPEN_TIMEOUT = 5.0


def websocket_url(url: str) -> str:
    """``http(s)://`` as ``ws(s)://``: either spelling names the network process."""
    for plain, ws in (("http://", "ws://"), ("https://", "wss://")):
        if url.startswith(plain):
            return ws + url[len(plain) :]
    return url


async def _refuse(op: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    raise ValidationFailed(f"Operation '{op}' is not available here", field="op")


class RemoteSandboxEngine(Engine):
    name = "sandbox"

    def __init__(self, runtime: EngineHost) -> None:
        settings = runtime.settings
        self.url = websocket_url(settings.sandbox_url or "")
        self._token = settings.sandbox_token or ""
        self.world = RemoteWorld(self)
        # Weakly: the pool forgets clients of sessions that moved away or were deleted.
        self.clients: weakref.WeakSet[RemoteClient] = weakref.WeakSet()
        self._readers: set[asyncio.Task[None]] = set()

    async def open(self, handler: Handler) -> Peer:
        """A new connection to the network process, read in a task of its own."""
        try:
            ws = await ws_connect(
                self.url,
                additional_headers={"Authorization": f"Bearer {self._token}"},
                open_timeout=_OPEN_TIMEOUT,
                max_size=MAX_FRAME_BYTES,
            )
        except InvalidStatus as exc:
            raise Unreachable(
                f"The sandbox network refused this node ({exc.response.status_code}): "
                "check INBOXHUB_SANDBOX_TOKEN"
            ) from exc
        except (OSError, TimeoutError, InvalidHandshake) as exc:
            raise Unreachable(f"The sandbox network at {self.url} cannot be reached") from exc
        peer = Peer(ws, handler)
        # Held here: the event loop keeps only weak references to tasks.
        reader = asyncio.create_task(peer.run(), name="sandbox-network:read")
        self._readers.add(reader)
        reader.add_done_callback(self._readers.discard)
        return peer

    def client(self, config: SessionConfig, sink: EventSink) -> EngineClient:
        client = RemoteClient(config, sink, self)
        self.clients.add(client)
        return client

    async def stop(self) -> None:
        for client in list(self.clients):
            await client.close()
        await self.world.close()


class RemoteWorld:
    """The virtual phone's calls, over one connection of this node's (opened when first needed)."""

    def __init__(self, engine: RemoteSandboxEngine) -> None:
        self._engine = engine
        self._peer: Peer | None = None
        self._opening = asyncio.Lock()

    async def _call(self, op: str, *args: Any, **kwargs: Any) -> Any:
        peer = self._peer
        if peer is None or peer.closed.is_set():
            async with self._opening:
                peer = self._peer
                if peer is None or peer.closed.is_set():
                    peer = self._peer = await self._engine.open(_refuse)
        return await peer.call(f"world.{op}", *args, **kwargs)

    async def close(self) -> None:
        if self._peer is not None:
            await self._peer.ws.close()
            self._peer = None

    async def resolve_login(
        self, qr: str | None, code: str | None, phone_number: str | None
    ) -> list[str]:
        result: list[str] = await self._call("resolve_login", qr, code, phone_number)
        return result

    async def device(self, target: str) -> list[str | None] | None:
        result: list[str | None] | None = await self._call("device", target)
        return result

    async def session_of_phone(self, phone: str) -> str | None:
        result: str | None = await self._call("session_of_phone", phone)
        return result

    async def call(self, session_id: str, op: str, *args: Any, **kwargs: Any) -> list[Any]:
        result: list[Any] = await self._call("call", session_id, op, *args, **kwargs)
        return result

    async def configure(
        self, receipt_before_send_returns: bool | None, not_on_whatsapp: list[str] | None
    ) -> dict[str, Any]:
        result: dict[str, Any] = await self._call(
            "configure", receipt_before_send_returns, not_on_whatsapp
        )
        return result

    async def drop_all(self, session_ids: list[str]) -> list[str]:
        result: list[str] = await self._call("drop_all", session_ids)
        return result

    async def put_contact(
        self,
        phone: str,
        profile: dict[str, Any],
        session_id: str | None,
        name: str | None,
        hide_number: bool,
    ) -> dict[str, Any]:
        result: dict[str, Any] = await self._call(
            "put_contact", phone, profile, session_id, name, hide_number
        )
        return result

    async def post_status(
        self, poster: str, content: Outbound, posted_at: datetime | None
    ) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("post_status", poster, content, posted_at)
        return result

    async def view_status(
        self, status_id: str, viewer: str, reaction: str | None
    ) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("view_status", status_id, viewer, reaction)
        return result

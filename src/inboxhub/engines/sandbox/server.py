"""``inboxhub sandbox-network``: one virtual WhatsApp network for every node of a cluster.

Each gateway node connects each of its sandbox sessions here over a websocket of its own (as the
web engine connects each session to WhatsApp), and opens one more for the virtual phone's calls
(``/api/sandbox``). A session's connection starts with ``attach``; from then on the network
drives that session's client (``client.py``, the same one the embedded sandbox runs) for the
node, and pushes the session's events to it. The linked phone, address books, groups, statuses
and what waits for an offline device live here, so a session that moves to another node finds
them again: the new node attaches, and the older connection is closed as replaced, as WhatsApp
closes a device's previous stream. A session whose node goes away is an offline device: what is
sent to it is kept and handed over when a node attaches it again.

Every connection must carry ``Authorization: Bearer <INBOXHUB_SANDBOX_TOKEN>``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.http11 import Request, Response

from inboxhub.engines.base import SessionConfig
from inboxhub.engines.events import EngineEvent
from inboxhub.engines.sandbox.client import SandboxClient
from inboxhub.engines.sandbox.network import SandboxNetwork
from inboxhub.engines.sandbox.wire import (
    ATTRIBUTES,
    MAX_FRAME_BYTES,
    REPLACED,
    Peer,
    Unreachable,
)
from inboxhub.engines.sandbox.world import SESSION_OPS, LocalWorld, invoke
from inboxhub.errors import ValidationFailed

log = logging.getLogger(__name__)

# What the virtual phone may ask of the network as a whole (``world.<name>``).
WORLD_OPS = frozenset(
    {
        "resolve_login",
        "device",
        "session_of_phone",
        "call",
        "configure",
        "drop_all",
        "put_contact",
        "post_status",
        "view_status",
    }
)


def attributes(client: SandboxClient) -> dict[str, Any]:
    return {name: getattr(client, name) for name in ATTRIBUTES}


class NetworkServer:
    def __init__(self, network: SandboxNetwork, token: str) -> None:
        self.network = network
        self.world = LocalWorld(network)
        self._token = f"Bearer {token}".encode()
        # The connection that drives each session now.
        self.attached: dict[str, Peer] = {}
        self._closing: set[asyncio.Task[None]] = set()

    def check(self, connection: ServerConnection, request: Request) -> Response | None:
        """Refuse connections without the shared token; answer ``/health`` to anyone."""
        if request.path == "/health":
            return connection.respond(HTTPStatus.OK, "ok\n")
        offered = request.headers.get("Authorization", "").encode()
        if not hmac.compare_digest(offered, self._token):
            return connection.respond(HTTPStatus.UNAUTHORIZED, "missing or wrong token\n")
        return None

    async def connection(self, ws: ServerConnection) -> None:
        drives: list[str] = []

        async def handle(op: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
            if op == "attach":
                config = args[0]
                if not isinstance(config, SessionConfig) or drives:
                    raise ValidationFailed("attach takes one session config, once", field="op")
                drives.append(config.session_id)
                return self._attach(config, peer)
            if op.startswith("world.") and op[6:] in WORLD_OPS:
                return await getattr(self.world, op[6:])(*args, **kwargs)
            if op in SESSION_OPS and drives and self.attached.get(drives[0]) is peer:
                client = self.network.clients[drives[0]]
                return [await invoke(client, op, args, kwargs), attributes(client)]
            raise ValidationFailed(f"Operation '{op}' is not available here", field="op")

        peer = Peer(ws, handle)
        try:
            await peer.run()
        finally:
            for session_id in drives:
                self._detach(session_id, peer)

    def _attach(self, config: SessionConfig, peer: Peer) -> dict[str, Any]:
        session_id = config.session_id
        previous = self.attached.get(session_id)
        self.attached[session_id] = peer
        if previous is not None and previous is not peer:
            log.info(
                "session %s attached by a new connection; the older one is replaced", session_id
            )
            self._offline(session_id)
            closing = asyncio.create_task(previous.ws.close(REPLACED, "replaced"))
            self._closing.add(closing)  # the event loop keeps only weak references to tasks
            closing.add_done_callback(self._closing.discard)
        client = self.network.clients.get(session_id)
        if client is None:
            client = SandboxClient(config, self._sink(session_id), self.network)
            self.network.clients[session_id] = client
        return attributes(client)

    def _sink(self, session_id: str) -> Callable[[EngineEvent], Any]:
        async def push(event: EngineEvent) -> None:
            peer = self.attached.get(session_id)
            client = self.network.clients.get(session_id)
            if peer is None or client is None:
                # Kept by the mailbox, when it is a letter, until a node attaches the session.
                raise Unreachable(f"Session '{session_id}' has no gateway attached")
            await peer.call("event", event, attributes(client))

        return push

    def _offline(self, session_id: str) -> None:
        """The session's device went offline: what is sent to it now waits for it."""
        client = self.network.clients.get(session_id)
        if client is None:
            return
        client.cancel_tasks()
        self.network.forget_login(client)
        self.network.release_phone(client)
        client.state = "disconnected"
        client.qr_code = None
        client.qr_expires_at = None

    def _detach(self, session_id: str, peer: Peer) -> None:
        if self.attached.get(session_id) is not peer:
            return  # replaced by a newer connection, which drives it now
        del self.attached[session_id]
        self._offline(session_id)
        if session_id not in self.network.linked.values():
            self.network.clients.pop(session_id, None)  # never linked, or logged out

    def close(self) -> None:
        for client in self.network.clients.values():
            client.cancel_tasks()
        self.network.mailbox.close()


async def run(
    *,
    host: str,
    port: int,
    store_dir: Path,
    token: str,
    qr_ttl: float,
    qr_max_rotations: int,
    reconnect_delay: float,
) -> None:
    """Serve until SIGTERM or SIGINT. ``store_dir`` exists (credentials and kept letters)."""
    network = SandboxNetwork(
        store_dir=store_dir,
        qr_ttl=qr_ttl,
        qr_max_rotations=qr_max_rotations,
        reconnect_delay=reconnect_delay,
    )
    server = NetworkServer(network, token)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with serve(
            server.connection,
            host,
            port,
            process_request=server.check,
            max_size=MAX_FRAME_BYTES,
        ):
            log.info("sandbox network listening on %s:%d", host, port)
            await stop.wait()
    finally:
        with contextlib.suppress(Exception):
            server.close()

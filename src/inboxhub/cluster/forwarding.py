"""Any node answers any request: a request about a session driven by another node is passed to
that node as it came (method, path, headers, body) and its answer passed back as it went.

A pure ASGI middleware, ahead of routing and authentication: the owner authenticates the
request itself, so a forwarded request carries no more rights than the client's own. Forwarded
requests carry the node credential (derived from the JWT secret every node shares) and a hop
count: ownership changing while a request travels costs at most one more hop. A request whose
owner cannot be reached (stopping, or dead) waits for the next owner, up to the lease and a few
seconds, then gets a 503 ``SESSION_MOVING`` with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from inboxhub.cluster.relay import AnswerLost, NodeUnreachable
from inboxhub.errors import connection_lost, error_body
from inboxhub.logs import request_id

if TYPE_CHECKING:
    from inboxhub.cluster.node import ClusterNode

log = logging.getLogger(__name__)

NODE_HEADER = "x-inboxhub-node"
HOPS_HEADER = "x-inboxhub-hops"
_MAX_HOPS = 2

# Paths whose first segment after the prefix names a session (by sessionId or id).
_SESSION_PATH = re.compile(
    r"^/api/(?:sessions|messages|media/sessions|groups/sessions|status/sessions"
    r"|handover/sessions|sandbox/sessions|webhooks/sessions|cloud/webhook|templates/meta)"
    r"/(?P<ref>[^/]+)"
)
_CONTACTS_PATH = re.compile(r"^/api/contacts/(?P<ref>[^/]+)")
_NOT_SESSIONS = frozenset({"unread"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailers",
        b"transfer-encoding",
        b"upgrade",
        b"host",
    }
)
_REQUEST_ID = b"x-request-id"
# Of the owner's answer, what this node's own server and middleware write again: the date, the
# server's name and the request id (the same one: it goes to the owner with the request).
ANSWER_NOT_PASSED_BACK = HOP_BY_HOP | {b"date", b"server", _REQUEST_ID}


def node_credential(secret: str) -> str:
    return hmac.new(secret.encode(), b"inboxhub cluster node", hashlib.sha256).hexdigest()


def session_ref(method: str, path: str) -> str | None:
    match = _SESSION_PATH.match(path)
    if match is None and method == "GET":
        match = _CONTACTS_PATH.match(path)  # PUT /api/contacts/{contactId} names a contact
    if match is None:
        return None
    ref = match.group("ref")
    return None if ref in _NOT_SESSIONS else ref


class OwnerForwarding:
    """Sends a request for a session to the node that drives it (cluster mode only)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # The app's runtime, read per request: the middleware outlives any one runtime.
        node: ClusterNode = scope["app"].state.runtime.cluster
        if scope["type"] != "http" or not node.enabled:
            await self.app(scope, receive, send)
            return
        await _Forwarding(self.app, node).dispatch(scope, receive, send)


class _Forwarding:
    def __init__(self, app: ASGIApp, node: ClusterNode) -> None:
        self.app = app
        self.node = node
        self.credential = node.credential

    async def dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        hops = self._hops(scope)
        ref = session_ref(scope["method"], scope["path"])
        if ref is None:
            target = None
            if scope["method"] == "POST" and scope["path"] == "/api/sessions" and not hops:
                target = await self.node.placement_target()  # a new session: the least loaded node
            if target is None:
                await self.app(scope, receive, send)
                return
            body = await _Body.read(receive)
            if await self._forward(scope, body, send, target[1], 1, "new session"):
                return
            await self.app(scope, body.replay(receive), send)  # that node went away: here
            return
        if hops:
            if self.node.drives(ref):
                # Sent here as the owner, and it is: no look-up (one query per forwarded request).
                await self.app(scope, receive, send)
                return
            # Sent here as the owner, which changed while it travelled: the cache is stale.
            self.node.forget_owner(ref)
        try:
            owner, url = await self.node.owner(ref)
        except Exception as exc:
            if not connection_lost(exc):
                raise
            # The database is away: nobody can move sessions now, so the sessions driven here
            # stay here; the app answers what it can, and 503 for what needs the database.
            owner, url = None, None
        if owner is None or owner == self.node.node_id:
            await self.app(scope, receive, send)
            return
        if hops >= _MAX_HOPS:
            await _moving(send, ref)
            return
        body = await _Body.read(receive)
        # The owner may be stopping (it hands its sessions over once it stops listening) or
        # dead (its lease runs out): the request waits for the next owner rather than fail.
        deadline = time.monotonic() + self.node.lease + 5
        pause = 0.05
        while True:
            if url is not None and await self._forward(scope, body, send, url, hops + 1, ref):
                return
            if not body.replayable or time.monotonic() + pause > deadline:
                await _moving(send, ref, retry_after=max(1, int(self.node.lease / 2)))
                return
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.5)
            self.node.forget_owner(ref)
            owner, url = await self.node.owner(ref)
            if owner is None or owner == self.node.node_id:
                await self.app(scope, body.replay(receive), send)
                return

    def _hops(self, scope: Scope) -> int:
        given = hops = None
        for name, value in scope["headers"]:
            if name == NODE_HEADER.encode():
                given = value
            elif name == HOPS_HEADER.encode():
                hops = value
        if given is None or not hmac.compare_digest(given, self.credential):
            return 0  # a client's own header means nothing
        return int(hops) if hops and hops.isdigit() else 1

    async def _forward(
        self, scope: Scope, body: _Body, send: Send, url: str, hops: int, ref: str
    ) -> bool:
        """Pass the request to ``url`` and its answer back. False when that node could not be
        reached and the request never left: the caller may send it elsewhere."""
        headers = [
            (k, v)
            for k, v in scope["headers"]
            if k not in HOP_BY_HOP
            and k not in (NODE_HEADER.encode(), HOPS_HEADER.encode(), _REQUEST_ID)
        ]
        headers += [(NODE_HEADER.encode(), self.credential), (HOPS_HEADER.encode(), b"%d" % hops)]
        # The request's id as this node logs it (the client's, or one made here): both nodes
        # log the request under one id.
        headers.append((_REQUEST_ID, (request_id.get() or "").encode()))
        path = scope["raw_path"].decode("latin-1")
        if scope.get("query_string"):
            path += "?" + scope["query_string"].decode("latin-1")
        if body.replayable and scope["method"] != "HEAD" and url.startswith("http://"):
            return await self._relay(scope, body, send, url, path, headers, ref)
        http = self.node.http
        request = http.build_request(
            scope["method"], url + path, headers=headers, content=body.content()
        )
        try:
            response = await http.send(request, stream=True)
            if response.status_code == 503 and body.replayable and await _moved_on(response):
                # The session left that node as the request arrived (nothing was done there):
                # asked again of its next owner.
                self.node.forget_owner(ref)
                return False
        except httpx.TransportError as exc:
            # Killed, stopping or partitioned: it loses its sessions soon, one way or the other.
            log.info("cluster: owner of %s at %s unreachable (%s)", ref, url, type(exc).__name__)
            self.node.forget_owner(ref)
            if isinstance(exc, httpx.ConnectError) or scope["method"] in _SAFE_METHODS:
                return False  # it never arrived, or asking again changes nothing
            await _moving(send, ref, retry_after=max(1, int(self.node.lease / 2)))
            return True
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status_code,
                    "headers": [
                        (k, v)
                        for k, v in response.headers.raw
                        if k.lower() not in ANSWER_NOT_PASSED_BACK
                    ],
                }
            )
            if response.is_stream_consumed:  # a 503 read whole above
                await send({"type": "http.response.body", "body": response.content})
                return True
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()
        return True

    async def _relay(
        self,
        scope: Scope,
        body: _Body,
        send: Send,
        url: str,
        path: str,
        headers: list[tuple[bytes, bytes]],
        ref: str,
    ) -> bool:
        """``_forward`` for a body read whole, through the lean relay."""
        method = scope["method"]
        headers = [(k, v) for k, v in headers if k != b"content-length"]
        try:
            held = await self.node.relay.forward(
                url, method, path, headers, body.head, send, hold_status=503
            )
        except (NodeUnreachable, AnswerLost) as exc:
            log.info("cluster: owner of %s at %s unreachable (%s)", ref, url, exc)
            self.node.forget_owner(ref)
            if isinstance(exc, NodeUnreachable) or method in _SAFE_METHODS:
                return False  # it never arrived, or asking again changes nothing
            await _moving(send, ref, retry_after=max(1, int(self.node.lease / 2)))
            return True
        if held is None:
            return True
        if _is_moving(held.headers, held.body):
            # The session left that node as the request arrived (nothing was done there):
            # asked again of its next owner.
            self.node.forget_owner(ref)
            return False
        await send({"type": "http.response.start", "status": held.status, "headers": held.headers})
        await send({"type": "http.response.body", "body": held.body})
        return True


def _is_moving(headers: list[tuple[bytes, bytes]], body: bytes) -> bool:
    if not any(
        k.lower() == b"content-type" and v.startswith(b"application/json") for k, v in headers
    ):
        return False
    with contextlib.suppress(ValueError):
        answer = json.loads(body)
        return isinstance(answer, dict) and answer.get("code") == "SESSION_MOVING"
    return False


class _Body:
    """A request's body, read whole when it is small (it can be sent again to another node) or
    passed through as it streams (an upload: sent once)."""

    def __init__(self, head: bytes, rest: AsyncIterator[bytes] | None) -> None:
        self.head = head
        self.rest = rest
        self._sent = False

    @classmethod
    async def read(cls, receive: Receive) -> _Body:
        first = await receive()
        head: bytes = first.get("body", b"")
        if first.get("more_body", False):
            return cls(head, _rest(head, receive))
        return cls(head, None)

    @property
    def replayable(self) -> bool:
        return self.rest is None

    def content(self) -> bytes | AsyncIterator[bytes]:
        if self.rest is None:
            return self.head
        if self._sent:
            raise RuntimeError("a streamed body is sent once")
        self._sent = True
        return self.rest

    def replay(self, receive: Receive) -> Receive:
        """The body for the app here, as if it had just arrived."""
        if self.rest is not None:
            return receive
        delivered = False

        async def replayed() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": self.head, "more_body": False}
            return await receive()

        return replayed


async def _rest(head: bytes, receive: Receive) -> AsyncIterator[bytes]:
    """A streamed body (an upload): its first chunk, then the rest as it arrives."""
    if head:
        yield head
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            return
        body: Any = message.get("body", b"")
        if body:
            yield body
        if not message.get("more_body", False):
            return


async def _moved_on(response: httpx.Response) -> bool:
    """A node's 503 ``SESSION_MOVING`` (read whole: it is small); any other answer is left
    to stream back as it is."""
    if not response.headers.get("content-type", "").startswith("application/json"):
        return False
    await response.aread()
    with contextlib.suppress(ValueError):
        if response.json().get("code") == "SESSION_MOVING":
            await response.aclose()
            return True
    return False


async def _moving(send: Send, ref: str, retry_after: int = 1) -> None:
    body = json.dumps(
        error_body(
            "SESSION_MOVING",
            f"Session '{ref}' is moving between nodes; retry shortly",
            field="sessionId",
        )
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(retry_after).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

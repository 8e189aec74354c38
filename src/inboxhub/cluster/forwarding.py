"""Any node answers any request: a request about a session driven by another node is passed to
that node as it came (method, path, headers, body) and its answer passed back as it went.

A pure ASGI middleware, ahead of routing and authentication: the owner authenticates the
request itself, so a forwarded request carries no more rights than the client's own. Forwarded
requests carry the node credential (derived from the JWT secret every node shares) and a hop
count: ownership changing while a request travels costs at most one more hop, then a 503
``SESSION_MOVING`` with ``Retry-After``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from inboxhub.errors import error_body

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
_HOP_BY_HOP = frozenset(
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
    def __init__(self, app: ASGIApp, node: ClusterNode, credential: str) -> None:
        self.app = app
        self.node = node
        self.credential = credential.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.node.enabled:
            await self.app(scope, receive, send)
            return
        hops = self._hops(scope)
        ref = session_ref(scope["method"], scope["path"])
        if ref is None:
            target = None
            if scope["method"] == "POST" and scope["path"] == "/api/sessions" and not hops:
                target = self.node.placement_target()  # a new session: the least loaded node
            if target is None:
                await self.app(scope, receive, send)
            else:
                await self._forward(scope, receive, send, target[1], 1, "new session")
            return
        if hops:
            # Sent here as the owner: if that changed while it travelled, the cache is stale.
            self.node.forget_owner(ref)
        owner, url = await self.node.owner(ref)
        if owner is None or owner == self.node.node_id:
            await self.app(scope, receive, send)
            return
        if hops >= _MAX_HOPS or url is None:
            await _moving(send, ref)
            return
        await self._forward(scope, receive, send, url, hops + 1, ref)

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
        self, scope: Scope, receive: Receive, send: Send, url: str, hops: int, ref: str
    ) -> None:
        headers = [
            (k, v)
            for k, v in scope["headers"]
            if k not in _HOP_BY_HOP and k not in (NODE_HEADER.encode(), HOPS_HEADER.encode())
        ]
        headers += [(NODE_HEADER.encode(), self.credential), (HOPS_HEADER.encode(), b"%d" % hops)]
        target = url + scope["raw_path"].decode("latin-1")
        if scope.get("query_string"):
            target += "?" + scope["query_string"].decode("latin-1")
        first = await receive()
        content: bytes | AsyncIterator[bytes] = first.get("body", b"")
        if first.get("more_body", False):
            content = _rest(first.get("body", b""), receive)
        http = self.node.http
        request = http.build_request(scope["method"], target, headers=headers, content=content)
        try:
            response = await http.send(request, stream=True)
        except httpx.TransportError as exc:
            # The owner is gone (killed, partitioned): its lease runs out and it moves.
            log.warning("cluster: owner of %s at %s unreachable (%s)", ref, url, type(exc).__name__)
            self.node.forget_owner(ref)
            await _moving(send, ref, retry_after=max(1, int(self.node.lease / 2)))
            return
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status_code,
                    "headers": [
                        (k, v) for k, v in response.headers.raw if k.lower() not in _HOP_BY_HOP
                    ],
                }
            )
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()


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

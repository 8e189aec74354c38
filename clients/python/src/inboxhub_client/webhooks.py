"""For the CRM's webhook receiver: verify a delivery, parse it into a typed event, drop repeats.

Every delivery to a subscriber with a secret carries two signatures over the raw body:

* ``X-Webhook-Signature`` (and the same value in ``X-Signature``): ``sha256=<hex HMAC-SHA256>``
  with the secret as key (seeds 01 and 02);
* Standard Webhooks (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``):
  ``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``, keyed by the base64 part of a
  ``whsec_…`` secret, else by the secret's UTF-8 bytes. Its timestamp makes an old delivery
  replayed later fail (``tolerance`` seconds either way).

``verify`` checks the Standard Webhooks signature when its headers are there (and the hex one
otherwise); ``WebhookReceiver`` adds parsing and de-duplication by event id: a delivery the
gateway retries (the receiver answered too late, say) carries the same id.

    receiver = WebhookReceiver(secret, store=MemoryStore())
    event = receiver.receive(raw_body, request.headers)   # None: seen before
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from inboxhub_client.events import WebhookEvent, parse_event

DEFAULT_TOLERANCE = 300
_WHSEC = "whsec_"


class WebhookVerificationError(Exception):
    """The delivery is not signed with this secret, or its timestamp is too old or too new."""


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        for key, item in headers.items():
            if key.lower() == lowered:
                return item
    return value


def _bytes(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


def hex_signature(secret: str, body: bytes | str) -> str:
    """``sha256=<hex>``: what ``X-Webhook-Signature`` and ``X-Signature`` carry."""
    digest = hmac.new(secret.encode("utf-8"), _bytes(body), hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_hex_signature(body: bytes | str, signature: str | None, secret: str) -> None:
    """Checks ``X-Webhook-Signature`` / ``X-Signature`` (``sha256=`` prefix optional)."""
    if not signature:
        raise WebhookVerificationError("no X-Webhook-Signature or X-Signature header")
    given = signature.strip()
    if not given.startswith("sha256="):
        given = "sha256=" + given
    if not hmac.compare_digest(given.lower(), hex_signature(secret, body)):
        raise WebhookVerificationError("the signature does not match the body")


def standard_key(secret: str) -> bytes:
    if secret.startswith(_WHSEC):
        try:
            return base64.b64decode(secret[len(_WHSEC) :], validate=True)
        except (binascii.Error, ValueError):
            pass  # not base64: the gateway signs with it as typed
    return secret.encode("utf-8")


def standard_signature(secret: str, *, message_id: str, timestamp: int, body: bytes | str) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + _bytes(body)
    digest = hmac.new(standard_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def verify_standard_signature(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Checks ``webhook-signature`` over ``webhook-id`` and ``webhook-timestamp``, and that the
    timestamp is within ``tolerance`` seconds of ``now``."""
    message_id = _header(headers, "webhook-id")
    stamp = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    if not (message_id and stamp and signatures):
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature")
    try:
        timestamp = int(stamp)
    except ValueError as exc:
        raise WebhookVerificationError("webhook-timestamp is not a number") from exc
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise WebhookVerificationError("webhook-timestamp is outside the tolerance")
    expected = standard_signature(secret, message_id=message_id, timestamp=timestamp, body=body)
    # Several space-separated signatures may come while a secret is being rotated.
    if not any(hmac.compare_digest(s, expected) for s in signatures.split()):
        raise WebhookVerificationError("the signature does not match the body")


def verify(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Raises ``WebhookVerificationError`` unless the delivery is signed with ``secret``.

    ``body`` is the raw request body, byte for byte. The Standard Webhooks signature (which
    also bounds the delivery's age) is checked when its headers are present, the hex one
    otherwise."""
    if _header(headers, "webhook-signature"):
        verify_standard_signature(body, headers, secret, tolerance=tolerance, now=now)
        return
    signature = _header(headers, "X-Webhook-Signature") or _header(headers, "X-Signature")
    verify_hex_signature(body, signature, secret)


# ---- de-duplication ---------------------------------------------------------------------------


class DedupStore(Protocol):
    """Remembers event ids. ``add`` is atomic: True the first time an id is added only."""

    def add(self, event_id: str) -> bool: ...

    def discard(self, event_id: str) -> None: ...


class MemoryStore:
    """This process's memory: the newest ``max_entries`` ids, each for ``ttl`` seconds."""

    def __init__(self, *, max_entries: int = 100_000, ttl: float = 7 * 24 * 3600) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._max = max_entries
        self._ttl = ttl
        self._lock = threading.Lock()

    def add(self, event_id: str) -> bool:
        now = time.monotonic()
        with self._lock:
            seen_at = self._seen.get(event_id)
            if seen_at is not None and now - seen_at < self._ttl:
                return False
            self._seen[event_id] = now
            self._seen.move_to_end(event_id)
            while len(self._seen) > self._max:
                self._seen.popitem(last=False)
            return True

    def discard(self, event_id: str) -> None:
        with self._lock:
            self._seen.pop(event_id, None)


class RedisStore:
    """Redis, shared by every worker of the receiver: ``SET key 1 NX EX ttl``.

    ``client`` is a ``redis.Redis`` (or anything with ``set(name, value, nx=, ex=)`` and
    ``delete``), e.g. ``frappe.cache`` in a Frappe app."""

    def __init__(self, client: Any, *, prefix: str = "inboxhub:event:", ttl: int = 7 * 24 * 3600):
        self._client = client
        self._prefix = prefix
        self._ttl = ttl

    def add(self, event_id: str) -> bool:
        return bool(self._client.set(self._prefix + event_id, "1", nx=True, ex=self._ttl))

    def discard(self, event_id: str) -> None:
        self._client.delete(self._prefix + event_id)


class SqlStore:
    """A table in the receiver's own database, through any DB-API 2 connection (sqlite3,
    psycopg, PyMySQL…): ``event_id`` is its primary key, so the insert is the atomic check.

    ``connect`` returns a connection (called per use, so a pool or a per-request connection
    works); ``paramstyle`` is the driver's (``qmark`` for sqlite3, ``format`` for psycopg and
    MySQL drivers). The table is created when missing."""

    def __init__(
        self,
        connect: Callable[[], Any],
        *,
        table: str = "inboxhub_webhook_events",
        paramstyle: str = "qmark",
    ) -> None:
        if not table.replace("_", "").isalnum():
            raise ValueError("table: letters, digits and underscores only")
        self._connect = connect
        self._table = table
        self._mark = "?" if paramstyle == "qmark" else "%s"
        self._created = False

    def _ensure(self, connection: Any) -> None:
        if self._created:
            return
        cursor = connection.cursor()
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {self._table} "
            "(event_id VARCHAR(64) PRIMARY KEY, received_at BIGINT NOT NULL)"
        )
        connection.commit()
        self._created = True

    def add(self, event_id: str) -> bool:
        connection = self._connect()
        self._ensure(connection)
        cursor = connection.cursor()
        try:
            cursor.execute(
                f"INSERT INTO {self._table} (event_id, received_at) VALUES ({self._mark}, {self._mark})",
                (event_id, int(time.time())),
            )
        except Exception as exc:
            connection.rollback()
            if "integrity" in type(exc).__name__.lower() or "unique" in str(exc).lower():
                return False
            raise
        connection.commit()
        return True

    def discard(self, event_id: str) -> None:
        connection = self._connect()
        self._ensure(connection)
        cursor = connection.cursor()
        cursor.execute(f"DELETE FROM {self._table} WHERE event_id = {self._mark}", (event_id,))
        connection.commit()


# ---- the receiver -----------------------------------------------------------------------------


class WebhookReceiver:
    """Verify, parse and de-duplicate deliveries.

    ``receive`` answers the typed event, or None for an event id already received (answer 200
    to it: the gateway stops retrying). If handling the event then fails, call
    ``release(event)`` so that the gateway's retry is handled, not dropped."""

    def __init__(
        self,
        secret: str | None,
        *,
        store: DedupStore | None = None,
        tolerance: int = DEFAULT_TOLERANCE,
    ) -> None:
        self.secret = secret
        self.store: DedupStore = store if store is not None else MemoryStore()
        self.tolerance = tolerance

    def receive(self, body: bytes | str, headers: Mapping[str, str]) -> WebhookEvent | None:
        if self.secret is not None:
            verify(body, headers, self.secret, tolerance=self.tolerance)
        try:
            payload = json.loads(body)
        except ValueError as exc:
            raise WebhookVerificationError("the body is not JSON") from exc
        event = parse_event(payload)
        event_id = event.id or _header(headers, "webhook-id")
        if event_id and not self.store.add(event_id):
            return None
        return event

    def release(self, event: WebhookEvent) -> None:
        if event.id:
            self.store.discard(event.id)

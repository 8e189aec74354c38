"""The inspector's rules: one capture URL per organization, what a capture records, and which
subscriber's secret signed it."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.auth.models import Organization
from inboxhub.config import Settings
from inboxhub.envelope import iso
from inboxhub.errors import NotFound
from inboxhub.inspector.models import WebhookCapture, WebhookInspector
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.ssrf import INSPECTOR_PATH
from inboxhub.webhooks import signing
from inboxhub.webhooks.event_names import WEBHOOK_INSPECTED
from inboxhub.webhooks.models import Event, WebhookDelivery, WebhookSubscription
from inboxhub.webhooks.outbox import publish

# What an inspector keeps: the newest captures; older ones are dropped as new ones arrive.
KEEP_CAPTURES = 100
# Largest request recorded; the gateway's own webhooks are a few kilobytes.
MAX_BODY_BYTES = 1024 * 1024
# What the capture URL answers a request it keeps; one it refuses (unknown URL, body too large)
# is answered with an error and not kept.
CAPTURE_STATUS = 200
_SIGNATURE_HEADERS = ("x-webhook-signature", "x-signature", "webhook-signature")


def new_token() -> str:
    return "whi_" + secrets.token_urlsafe(24)


def capture_url(settings: Settings, inspector: WebhookInspector) -> str:
    return f"{settings.public_base_url}{INSPECTOR_PATH}{inspector.token}"


async def get_or_create(db: AsyncSession, organization_id: int) -> WebhookInspector:
    stmt = select(WebhookInspector).where(WebhookInspector.organization_id == organization_id)
    inspector = (await db.execute(stmt)).scalar_one_or_none()
    if inspector is None:
        inspector = WebhookInspector(organization_id=organization_id, token=new_token())
        db.add(inspector)
        await db.flush()
    return inspector


async def for_default_organization(db: AsyncSession) -> WebhookInspector:
    first = select(Organization.id).order_by(Organization.id).limit(1)
    return await get_or_create(db, (await db.execute(first)).scalar_one())


async def rotate(db: AsyncSession, organization_id: int) -> WebhookInspector:
    """A new capture URL; the old one stops capturing at once (its captures are kept)."""
    inspector = await get_or_create(db, organization_id)
    inspector.token = new_token()
    await db.flush()
    return inspector


async def by_token(db: AsyncSession, token: str) -> WebhookInspector:
    stmt = select(WebhookInspector).where(WebhookInspector.token == token)
    inspector = (await db.execute(stmt)).scalar_one_or_none()
    if inspector is None:
        raise NotFound("Unknown inspector URL", field="token")
    return inspector


async def count_captures(db: AsyncSession, inspector: WebhookInspector) -> int:
    stmt = select(func.count()).where(WebhookCapture.inspector_id == inspector.id)
    return int((await db.execute(stmt)).scalar_one())


# ---- whose secret signed it ---------------------------------------------------------------------


@dataclass
class Candidate:
    """A subscriber whose address is this capture URL."""

    kind: str  # organization | session | frappe
    subscription_id: int | None
    session_id: str | None
    name: str | None
    secret: str | None = field(repr=False)

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subscriptionId": self.subscription_id,
            "sessionId": self.session_id,
            "name": self.name,
            "hasSecret": bool(self.secret),
        }


async def _candidates(
    db: AsyncSession, settings: Settings, inspector: WebhookInspector
) -> list[Candidate]:
    suffix = INSPECTOR_PATH + inspector.token
    org = inspector.organization_id
    found: list[Candidate] = []
    hooks = await db.execute(
        select(WebhookSubscription).where(
            WebhookSubscription.organization_id == org,
            WebhookSubscription.kind == "organization",
            WebhookSubscription.url.endswith(suffix, autoescape=True),
        )
    )
    for hook in hooks.scalars():
        found.append(Candidate("organization", hook.id, None, hook.name, hook.secret))
    frappe_here = (settings.frappe_webhook_url or "").endswith(suffix)
    sessions = select(WhatsAppSession).where(WhatsAppSession.organization_id == org)
    if not frappe_here:
        sessions = sessions.where(WhatsAppSession.webhook_url.endswith(suffix, autoescape=True))
    rows = list((await db.execute(sessions)).scalars())
    own_rows = await db.execute(
        select(
            WebhookSubscription.kind, WebhookSubscription.session_pk, WebhookSubscription.id
        ).where(WebhookSubscription.session_pk.in_([s.id for s in rows]))
    )
    row_ids = {(kind, pk): sid for kind, pk, sid in own_rows.all()}
    for session in rows:
        if (session.webhook_url or "").endswith(suffix):
            sid = row_ids.get(("session", session.id))
            found.append(
                Candidate("session", sid, session.session_id, session.name, session.webhook_secret)
            )
        if frappe_here and session.send_to_frappe:
            sid = row_ids.get(("frappe", session.id))
            secret = settings.frappe_webhook_secret
            found.append(Candidate("frappe", sid, session.session_id, "Frappe", secret))
    return found


def _checks(secret: str, headers: dict[str, str], body: bytes) -> dict[str, bool]:
    """Each signature header present, checked with ``secret`` (constant-time compares)."""
    checks: dict[str, bool] = {}
    expected = signing.hex_signature(secret, body)
    for name in ("x-webhook-signature", "x-signature"):
        if name in headers:
            checks[name] = hmac.compare_digest(headers[name].strip(), expected)
    standard = headers.get("webhook-signature")
    if standard is not None:
        message_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
        good = False
        if timestamp.isascii() and timestamp.isdigit():
            wanted = signing.standard_signature(
                secret, message_id=message_id, timestamp=int(timestamp), body=body
            )
            good = any(hmac.compare_digest(part, wanted) for part in standard.split())
        checks["webhook-signature"] = good
    return checks


async def _narrow(
    db: AsyncSession, organization_id: int, headers: dict[str, str], candidates: list[Candidate]
) -> list[Candidate]:
    """Several subscribers may share the URL: the delivery log says which one this event went to."""
    event_id = headers.get("webhook-id")
    if len(candidates) < 2 or not event_id:
        return candidates
    stmt = (
        select(WebhookDelivery.subscription_id)
        .join(Event, Event.seq == WebhookDelivery.event_seq)
        .where(WebhookDelivery.organization_id == organization_id, Event.id == event_id[:100])
    )
    sent_to = set((await db.execute(stmt)).scalars())
    return [c for c in candidates if c.subscription_id in sent_to] or candidates


async def check_signature(
    db: AsyncSession,
    settings: Settings,
    inspector: WebhookInspector,
    headers: dict[str, str],
    body: bytes,
) -> tuple[str, Candidate | None, dict[str, bool]]:
    """``valid`` | ``invalid`` | ``unsigned`` | ``no_secret`` | ``unknown_subscriber``, the
    subscriber it was checked against, and the result of each signature header."""
    candidates = await _narrow(
        db,
        inspector.organization_id,
        headers,
        await _candidates(db, settings, inspector),
    )
    signed = any(name in headers for name in _SIGNATURE_HEADERS)
    if not candidates:
        return ("unknown_subscriber" if signed else "unsigned"), None, {}
    if not signed:
        return "unsigned", candidates[0], {}
    with_secret = [c for c in candidates if c.secret]
    if not with_secret:
        return "no_secret", candidates[0], {}
    first: tuple[Candidate, dict[str, bool]] | None = None
    for candidate in with_secret:
        assert candidate.secret is not None
        checks = _checks(candidate.secret, headers, body)
        if checks and all(checks.values()):
            return "valid", candidate, checks
        first = first or (candidate, checks)
    assert first is not None
    return "invalid", first[0], first[1]


# ---- captures ----------------------------------------------------------------------------------


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def describe(capture: WebhookCapture, *, full: bool = True) -> dict[str, Any]:
    subscriber = dict(capture.subscriber or {})
    checks = subscriber.pop("checks", {})
    data: dict[str, Any] = {
        "id": capture.id,
        "receivedAt": iso(capture.received_at),
        "event": capture.event_type,
        "eventId": capture.event_id,
        "sessionId": capture.session_id,
        "signature": {
            "status": capture.signature,
            "valid": capture.signature == "valid",
            "subscriber": subscriber or None,
            "checks": checks,
        },
        "body": _parsed(capture.body),
        "bodyBytes": capture.body_bytes,
        "responseStatus": CAPTURE_STATUS,
    }
    if full:
        data["headers"] = capture.headers
        data["rawBody"] = capture.body
    return data


async def record(
    db: AsyncSession,
    settings: Settings,
    inspector: WebhookInspector,
    *,
    headers: dict[str, str],
    body: bytes,
) -> WebhookCapture:
    """Keep one delivered request, tell the live stream, and drop the oldest past the limit."""
    status, candidate, checks = await check_signature(db, settings, inspector, headers, body)
    text = body.decode("utf-8", "replace")
    parsed = _parsed(text)
    event_type = headers.get("x-webhook-event")
    if isinstance(parsed, dict) and isinstance(parsed.get("event"), str):
        event_type = parsed["event"]
    subscriber = candidate.describe() if candidate else {}
    if checks:
        subscriber["checks"] = checks
    capture = WebhookCapture(
        inspector_id=inspector.id,
        organization_id=inspector.organization_id,
        headers=headers,
        body=text,
        body_bytes=len(body),
        event_type=(event_type or None) and event_type[:100],
        event_id=(headers.get("webhook-id") or None) and headers["webhook-id"][:100],
        session_id=(headers.get("x-webhook-session") or None)
        and headers["x-webhook-session"][:100],
        signature=status,
        subscription_id=candidate.subscription_id if candidate else None,
        subscriber=subscriber,
    )
    db.add(capture)
    await db.flush()
    await publish(
        db,
        organization_id=inspector.organization_id,
        event_type=WEBHOOK_INSPECTED,
        payload=describe(capture, full=False),
    )
    oldest_kept = (
        await db.execute(
            select(WebhookCapture.id)
            .where(WebhookCapture.inspector_id == inspector.id)
            .order_by(WebhookCapture.id.desc())
            .offset(KEEP_CAPTURES - 1)
            .limit(1)
        )
    ).scalar_one_or_none()
    if oldest_kept is not None:
        await db.execute(
            delete(WebhookCapture).where(
                WebhookCapture.inspector_id == inspector.id, WebhookCapture.id < oldest_kept
            )
        )
    return capture


async def list_captures(
    db: AsyncSession,
    organization_id: int,
    *,
    limit: int,
    event: str | None = None,
    session_id: str | None = None,
    after: int | None = None,
) -> list[WebhookCapture]:
    """Newest first; ``after`` gives only those newer than a capture already seen."""
    stmt = select(WebhookCapture).where(WebhookCapture.organization_id == organization_id)
    if event:
        stmt = stmt.where(WebhookCapture.event_type == event)
    if session_id:
        stmt = stmt.where(WebhookCapture.session_id == session_id)
    if after is not None:
        stmt = stmt.where(WebhookCapture.id > after)
    stmt = stmt.order_by(WebhookCapture.id.desc()).limit(limit)
    return list((await db.execute(stmt)).scalars())


async def wait_for_captures(
    runtime: Runtime,
    organization_id: int,
    *,
    limit: int,
    event: str | None,
    session_id: str | None,
    after: int | None,
    wait: float,
) -> list[WebhookCapture]:
    """``list_captures``; when none matches yet, waits up to ``wait`` seconds for one (each
    capture is announced on the event bus). A transaction per look, none held while waiting."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    listener = None
    if wait > 0 and runtime.webhooks is not None:
        listener = runtime.webhooks.bus.listen(
            organization_id=organization_id, session_id=None, types=frozenset({WEBHOOK_INSPECTED})
        )
    try:
        while True:
            async with runtime.database.sessionmaker() as db:
                rows = await list_captures(
                    db,
                    organization_id,
                    limit=limit,
                    event=event,
                    session_id=session_id,
                    after=after,
                )
            left = deadline - loop.time()
            if rows or listener is None or left <= 0:
                return rows
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(listener.queue.get(), left)
    finally:
        if listener is not None and runtime.webhooks is not None:
            runtime.webhooks.bus.close(listener)


async def get_capture(db: AsyncSession, organization_id: int, capture_id: int) -> WebhookCapture:
    stmt = select(WebhookCapture).where(
        WebhookCapture.organization_id == organization_id, WebhookCapture.id == capture_id
    )
    capture = (await db.execute(stmt)).scalar_one_or_none()
    if capture is None:
        raise NotFound(f"Capture {capture_id} not found", field="captureId")
    return capture


async def clear(db: AsyncSession, organization_id: int) -> int:
    result = await db.execute(
        delete(WebhookCapture).where(WebhookCapture.organization_id == organization_id)
    )
    return int(getattr(result, "rowcount", 0) or 0)

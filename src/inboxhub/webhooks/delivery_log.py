"""The delivery log: what was sent where and how it went; redelivery and replay since a time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.config import Settings
from inboxhub.db import Page, utcnow
from inboxhub.envelope import iso
from inboxhub.errors import Conflict, NotFound, ValidationFailed
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.event_names import STREAM_ONLY, payload_types
from inboxhub.webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookSubscription
from inboxhub.webhooks.outbox import deliveries_queued, ordering_key
from inboxhub.webhooks.schemas import ReplayRequest
from inboxhub.webhooks.service import get_subscription, list_subscriptions, target_of
from inboxhub.webhooks.subscribers import FRAPPE_EVENTS, ORGANIZATION_KINDS

REPLAY_MAX = 10_000


def _delivery(
    d: WebhookDelivery, event: Event, subscription: WebhookSubscription
) -> dict[str, Any]:
    return {
        "id": d.id,
        "eventId": event.id,
        "event": event.type,
        "eventSeq": event.seq,
        "sessionId": event.session_id,
        "chatId": event.chat_id,
        "subscriptionId": d.subscription_id,
        "subscriptionKind": subscription.kind,
        "status": d.status,
        "attempts": d.attempts,
        "responseStatus": d.response_status,
        "responseBody": d.response_body,
        "durationMs": d.duration_ms,
        "error": d.error,
        "lastAttemptAt": iso(d.last_attempt_at),
        "nextAttemptAt": iso(d.next_attempt_at) if d.status == "pending" else None,
        "deliveredAt": iso(d.delivered_at),
        "createdAt": iso(d.created_at),
        "replayOf": d.replay_of,
        "waitingFor": None,
        "waitReason": None,
    }


async def _explain_waits(
    db: AsyncSession, rows: list[tuple[WebhookDelivery, Event, WebhookSubscription]]
) -> dict[int, tuple[str, int | None]]:
    """Why each pending delivery has not gone yet: its subscriber is disabled, an earlier one of
    its chain (same subscriber and chat, kept in order) is still pending, or its retry is due
    later. A held delivery's ``nextAttemptAt`` is when it became due, long past: without the
    reason it reads as a stuck queue."""
    pending = [(d, s) for d, _, s in rows if d.status == "pending"]
    chains = {(d.subscription_id, d.ordering_key) for d, _ in pending if d.ordering_key}
    heads: dict[tuple[int, str | None], int] = {}
    if chains:
        stmt = (
            select(
                WebhookDelivery.subscription_id,
                WebhookDelivery.ordering_key,
                func.min(WebhookDelivery.id),
            )
            .where(
                WebhookDelivery.status == "pending",
                WebhookDelivery.subscription_id.in_({sub for sub, _ in chains}),
                WebhookDelivery.ordering_key.in_({key for _, key in chains}),
            )
            .group_by(WebhookDelivery.subscription_id, WebhookDelivery.ordering_key)
        )
        heads = {(sub, key): first for sub, key, first in (await db.execute(stmt)).all()}
    now = utcnow()
    waits: dict[int, tuple[str, int | None]] = {}
    for d, subscription in pending:
        head = heads.get((d.subscription_id, d.ordering_key)) if d.ordering_key else None
        if not subscription.is_active:
            waits[d.id] = ("subscriber_disabled", None)
        elif head is not None and head < d.id:
            waits[d.id] = ("earlier_pending", head)
        elif d.next_attempt_at > now:
            waits[d.id] = ("retry_scheduled", None)
        else:
            waits[d.id] = ("due", None)
    return waits


def _with_waits(item: dict[str, Any], waits: dict[int, tuple[str, int | None]]) -> dict[str, Any]:
    if item["id"] in waits:
        item["waitReason"], item["waitingFor"] = waits[item["id"]]
    return item


def _log_query(organization_id: int) -> Select[WebhookDelivery, Event, WebhookSubscription]:
    return (
        select(WebhookDelivery, Event, WebhookSubscription)
        .join(Event, Event.seq == WebhookDelivery.event_seq)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .where(WebhookDelivery.organization_id == organization_id)
    )


async def list_deliveries(
    db: AsyncSession,
    organization_id: int,
    *,
    page: int,
    limit: int,
    subscription_id: int | None = None,
    session_pk: int | None = None,
    status: str | None = None,
    event_type: str | None = None,
    since: datetime | None = None,
) -> tuple[list[dict[str, Any]], Page]:
    stmt = _log_query(organization_id)
    if subscription_id is not None:
        stmt = stmt.where(WebhookDelivery.subscription_id == subscription_id)
    if session_pk is not None:
        stmt = stmt.where(Event.session_pk == session_pk)
    if status:
        stmt = stmt.where(WebhookDelivery.status == status)
    if event_type:
        stmt = stmt.where(Event.type == event_type)
    if since is not None:
        stmt = stmt.where(WebhookDelivery.created_at >= since)
    total = (
        await db.execute(select(func.count()).select_from(stmt.order_by(None).subquery()))
    ).scalar_one()
    rows = await db.execute(
        stmt.order_by(WebhookDelivery.id.desc()).limit(limit).offset((page - 1) * limit)
    )
    found = [(d, e, s) for d, e, s in rows.all()]
    waits = await _explain_waits(db, found)
    items = [_with_waits(_delivery(d, e, s), waits) for d, e, s in found]
    return items, Page(total=total, page=page, limit=limit)


async def get_delivery(
    db: AsyncSession, organization_id: int, delivery_id: int
) -> tuple[WebhookDelivery, Event, WebhookSubscription]:
    row = (
        await db.execute(_log_query(organization_id).where(WebhookDelivery.id == delivery_id))
    ).first()
    if row is None:
        raise NotFound(f"Delivery {delivery_id} not found", field="deliveryId")
    return row[0], row[1], row[2]


async def describe_delivery(
    db: AsyncSession, row: tuple[WebhookDelivery, Event, WebhookSubscription]
) -> dict[str, Any]:
    delivery, event, subscription = row
    attempts = (
        await db.execute(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id == delivery.id)
            .order_by(WebhookAttempt.id)
        )
    ).scalars()
    data = _with_waits(_delivery(delivery, event, subscription), await _explain_waits(db, [row]))
    data["payload"] = event.payload
    data["attemptLog"] = [
        {
            "attempt": a.attempt,
            "startedAt": iso(a.started_at),
            "durationMs": a.duration_ms,
            "responseStatus": a.response_status,
            "responseBody": a.response_body,
            "error": a.error,
            "url": a.url,
        }
        for a in attempts
    ]
    return data


async def redeliver(db: AsyncSession, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery's event to its subscriber again, as a new delivery with the same event id."""
    if delivery.status == "pending":
        raise Conflict(
            f"Delivery {delivery.id} is still pending; it is retried by itself",
            field="deliveryId",
        )
    again = WebhookDelivery(
        organization_id=delivery.organization_id,
        subscription_id=delivery.subscription_id,
        event_seq=delivery.event_seq,
        ordering_key=delivery.ordering_key,
        status="pending",
        attempts=0,
        next_attempt_at=utcnow(),
        replay_of=delivery.id,
    )
    if delivery.status == "failed":
        delivery.status = "replayed"
    db.add(again)
    await db.flush()
    await deliveries_queued(db)
    return again


async def replay(
    db: AsyncSession,
    settings: Settings,
    organization_id: int,
    body: ReplayRequest,
    *,
    session: WhatsAppSession | None,
) -> dict[str, Any]:
    """Queue again every event since ``since`` for its subscribers (or only the dead letters)."""
    if body.until is not None and body.until <= body.since:
        raise ValidationFailed("until must be later than since", field="until")
    if body.only_failed:
        queued, truncated = await _replay_failed(db, organization_id, body, session)
    else:
        queued, truncated = await _replay_events(db, settings, organization_id, body, session)
    if queued:
        await deliveries_queued(db)
    return {"queued": queued, "truncated": truncated}


async def _replay_failed(
    db: AsyncSession, organization_id: int, body: ReplayRequest, session: WhatsAppSession | None
) -> tuple[int, bool]:
    stmt = _log_query(organization_id).where(
        WebhookDelivery.status == "failed", WebhookDelivery.created_at >= body.since
    )
    if body.until is not None:
        stmt = stmt.where(WebhookDelivery.created_at < body.until)
    if body.subscription_id is not None:
        stmt = stmt.where(WebhookDelivery.subscription_id == body.subscription_id)
    if session is not None:
        stmt = stmt.where(Event.session_pk == session.id)
    rows = (await db.execute(stmt.order_by(WebhookDelivery.id).limit(REPLAY_MAX + 1))).all()
    for delivery, _, _ in rows[:REPLAY_MAX]:
        await redeliver(db, delivery)
    return min(len(rows), REPLAY_MAX), len(rows) > REPLAY_MAX


async def _replay_events(
    db: AsyncSession,
    settings: Settings,
    organization_id: int,
    body: ReplayRequest,
    session: WhatsAppSession | None,
) -> tuple[int, bool]:
    if body.subscription_id is not None:
        scope = [await get_subscription(db, organization_id, body.subscription_id)]
    else:
        scope = [
            (s, owner) for s, owner in await list_subscriptions(db, organization_id) if s.is_active
        ]
    queued, now = 0, utcnow()
    for subscription, owner in scope:
        if session is not None and owner is not None and owner.id != session.id:
            continue
        url, _ = target_of(subscription, owner, settings)
        if not url:
            continue
        stmt = select(Event.seq, Event.session_pk, Event.chat_id).where(
            Event.organization_id == organization_id, Event.created_at >= body.since
        )
        if body.until is not None:
            stmt = stmt.where(Event.created_at < body.until)
        if subscription.kind in ORGANIZATION_KINDS:
            types = payload_types(subscription.events or [])
            if session is not None:
                stmt = stmt.where(Event.session_pk == session.id)
        elif subscription.kind == "session" and owner is not None:
            types = payload_types(owner.webhook_events or [])
            stmt = stmt.where(Event.session_pk == owner.id)
        else:
            types = FRAPPE_EVENTS
            stmt = stmt.where(Event.session_pk == subscription.session_pk)
        if types is not None:
            stmt = stmt.where(Event.type.in_(sorted(types)))
        stmt = stmt.where(Event.type.not_in(sorted(STREAM_ONLY)))
        room = REPLAY_MAX - queued
        events = (await db.execute(stmt.order_by(Event.seq).limit(room + 1))).all()
        rows = [
            {
                "organization_id": organization_id,
                "subscription_id": subscription.id,
                "event_seq": seq,
                "ordering_key": ordering_key(session_pk, chat_id),
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for seq, session_pk, chat_id in events[:room]
        ]
        if rows:
            await db.execute(insert(WebhookDelivery), rows)
        queued += len(rows)
        if len(events) > room:
            return queued, True
    return queued, False

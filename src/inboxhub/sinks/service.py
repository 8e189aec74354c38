"""An organization's message broker sinks: subscribers of the webhooks outbox (same events, same
retries, same delivery log) whose deliveries are published to RabbitMQ or NATS JetStream."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.config import Settings
from inboxhub.db import utcnow
from inboxhub.envelope import iso
from inboxhub.errors import NotFound, ValidationFailed
from inboxhub.sinks import addresses
from inboxhub.sinks.delivery import open_channel
from inboxhub.sinks.schemas import SinkCreate, SinkUpdate
from inboxhub.ssrf import hide_credentials
from inboxhub.webhooks import signing
from inboxhub.webhooks.models import WebhookSubscription
from inboxhub.webhooks.outbox import new_event_id
from inboxhub.webhooks.queue import Job
from inboxhub.webhooks.subscribers import BROKER_KINDS

S = WebhookSubscription


def _pattern(sink: WebhookSubscription) -> str:
    key = f"{sink.organization_id}.{{sessionId}}.{{event}}"
    return key if sink.kind == "amqp" else f"{sink.destination}.{key}"


def describe(sink: WebhookSubscription) -> dict[str, Any]:
    user, password = addresses.credentials(sink.url or "")
    return {
        "id": sink.id,
        "organizationId": sink.organization_id,
        "type": sink.kind,
        "name": sink.name,
        "url": hide_credentials(sink.url),
        "hasCredentials": bool(user or password),
        "exchange": sink.destination if sink.kind == "amqp" else None,
        "subjectPrefix": sink.destination if sink.kind == "nats" else None,
        # What each event is published as (the event's own dots make more tokens).
        "routingKey" if sink.kind == "amqp" else "subject": _pattern(sink),
        "events": sink.events,
        "hasSecret": bool(sink.secret),
        "isActive": sink.is_active,
        "disabledReason": sink.disabled_reason,
        "disabledAt": iso(sink.disabled_at),
        "failingSince": iso(sink.failing_since),
        "lastSuccessAt": iso(sink.last_success_at),
        "lastFailureAt": iso(sink.last_failure_at),
        "createdAt": iso(sink.created_at),
        "updatedAt": iso(sink.updated_at),
    }


async def list_sinks(db: AsyncSession, organization_id: int) -> list[WebhookSubscription]:
    stmt = (
        select(S)
        .where(S.organization_id == organization_id, S.kind.in_(sorted(BROKER_KINDS)))
        .order_by(S.id)
    )
    return list((await db.execute(stmt)).scalars())


async def get_sink(db: AsyncSession, organization_id: int, sink_id: int) -> WebhookSubscription:
    stmt = select(S).where(
        S.organization_id == organization_id, S.id == sink_id, S.kind.in_(sorted(BROKER_KINDS))
    )
    sink = (await db.execute(stmt)).scalar_one_or_none()
    if sink is None:
        raise NotFound(f"Sink {sink_id} not found", field="sinkId")
    return sink


def _destination(sink_type: str, exchange: str | None, prefix: str | None) -> str | None:
    """The exchange (AMQP) or subject prefix (NATS); the other one does not apply."""
    if sink_type == "amqp" and prefix is not None:
        raise ValidationFailed("subjectPrefix applies to nats sinks only", field="subjectPrefix")
    if sink_type == "nats" and exchange is not None:
        raise ValidationFailed("exchange applies to amqp sinks only", field="exchange")
    return exchange if sink_type == "amqp" else prefix


async def create_sink(
    db: AsyncSession, settings: Settings, organization_id: int, body: SinkCreate
) -> WebhookSubscription:
    destination = _destination(body.type, body.exchange, body.subject_prefix)
    url = await addresses.guard(body.url, body.type, allow_private=settings.allow_private_targets)
    sink = S(
        organization_id=organization_id,
        kind=body.type,
        name=body.name or f"{body.type.upper()} sink",
        url=url,
        destination=destination or addresses.DEFAULT_DESTINATION,
        secret=body.secret,
        events=body.events,
        is_active=body.is_active,
    )
    db.add(sink)
    await db.flush()
    return sink


async def update_sink(
    db: AsyncSession, settings: Settings, sink: WebhookSubscription, body: SinkUpdate
) -> WebhookSubscription:
    if body.type is not None and body.type != sink.kind:
        raise ValidationFailed(
            "A sink's type cannot change; create a sink of the other type", field="type"
        )
    destination = _destination(sink.kind, body.exchange, body.subject_prefix)
    if body.url is not None:
        url = addresses.keep_hidden_secret(body.url.strip(), sink.url)
        sink.url = await addresses.guard(
            url, sink.kind, allow_private=settings.allow_private_targets
        )
    if destination is not None:
        sink.destination = destination
    if body.name is not None:
        sink.name = body.name
    if body.events is not None:
        sink.events = body.events
    if "secret" in body.model_fields_set:
        sink.secret = body.secret
    if body.is_active is True and not sink.is_active:
        sink.is_active = True
        sink.disabled_at = None
        sink.disabled_reason = None
        sink.failing_since = None
    elif body.is_active is False and sink.is_active:
        sink.is_active = False
        sink.disabled_at = utcnow()
        sink.disabled_reason = "disabled over the API"
    sink.updated_at = utcnow()
    await db.flush()
    return sink


async def send_test(settings: Settings, sink: WebhookSubscription) -> dict[str, Any]:
    """Publish a signed ``webhook.test`` event right now, on a connection of its own."""
    event_id, now = new_event_id(), utcnow()
    event_type = "webhook.test"
    payload = {
        "message": "Inbox Hub test delivery",
        "organizationId": sink.organization_id,
        "subscriptionId": sink.id,
        "sessionId": None,
    }
    job = Job(
        delivery_id=0,
        subscription_id=sink.id,
        organization_id=sink.organization_id,
        kind=sink.kind,
        attempts=0,
        ordering_key=None,
        event_id=event_id,
        event_type=event_type,
        session_id=None,
        created_at=now,
        url=sink.url,
        secret=sink.secret,
        body=signing.encode(
            signing.envelope(
                event_id=event_id,
                event_type=event_type,
                payload=payload,
                created_at=now,
                session_id=None,
            )
        ),
        destination=sink.destination,
    )
    channel = open_channel(sink.kind, settings)
    try:
        response = await channel.send(job)
    finally:
        await channel.aclose()
    where = addresses.routing_key(sink.organization_id, None, event_type)
    if sink.kind == "nats":
        where = addresses.subject(sink.destination or "", sink.organization_id, None, event_type)
    return {
        "delivered": response.ok,
        "eventId": event_id,
        "url": hide_credentials(sink.url),
        "routingKey" if sink.kind == "amqp" else "subject": where,
        "durationMs": response.duration_ms,
        "result": response.body,
        "error": response.error,
        "signed": bool(sink.secret),
    }

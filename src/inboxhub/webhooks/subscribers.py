"""Who hears an event: the organization's webhooks, the session's ``webhookUrl``, and the global
Frappe webhook for sessions with ``sendToFrappe``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.cache import WriteInvalidatedCache, through
from inboxhub.db import utcnow
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import frappe_allowed
from inboxhub.webhooks.models import WebhookSubscription

if TYPE_CHECKING:
    from inboxhub.config import Settings

# Seed 01: the global Frappe webhook carries received messages only.
FRAPPE_EVENTS = frozenset({"message.received"})
# Message broker sinks: an organization's subscribers that publish to RabbitMQ or NATS JetStream
# rather than POST (the worker's broker channels send them; ``sinks/`` configures them).
BROKER_KINDS = frozenset({"amqp", "nats"})
# Subscribers of a whole organization whose row holds their own address, set over the API (the
# others take theirs from a session, the settings or a feature when they are sent).
ORGANIZATION_KINDS = frozenset({"organization"}) | BROKER_KINDS
# Subscribers read with the organization's webhooks: a feature's receiver of one session's events
# (the Chatwoot bridge) is decided on like them, without a query per event.
LISTENING_KINDS = ORGANIZATION_KINDS | {"chatwoot"}


async def _ensure_rows(
    db: AsyncSession, *, organization_id: int, session_pk: int, kinds: list[str]
) -> None:
    now = utcnow()
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    rows = [
        {
            "organization_id": organization_id,
            "kind": kind,
            "session_pk": session_pk,
            "events": [],
            "is_active": True,
            "created_at": now,
            "updated_at": now,
        }
        for kind in kinds
    ]
    # Two transactions may meet the session's first event at once: the loser keeps the winner's row.
    await db.execute(
        insert(WebhookSubscription)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["kind", "session_pk"])
    )


@dataclass(frozen=True)
class OrganizationWebhook:
    """What deciding on an organization's webhook needs; such rows are never changed by it."""

    id: int
    is_active: bool
    events: tuple[str, ...]
    # Set for a feature's receiver: it hears this session's events only.
    session_pk: int | None = None


async def organization_webhooks(
    db: AsyncSession,
    cache: WriteInvalidatedCache[int, list[OrganizationWebhook]] | None,
    organization_id: int,
) -> list[OrganizationWebhook]:
    """Read once and kept until a subscription is written: every event of every batch asks."""

    async def load() -> list[OrganizationWebhook]:
        stmt = select(
            WebhookSubscription.id,
            WebhookSubscription.is_active,
            WebhookSubscription.events,
            WebhookSubscription.kind,
            WebhookSubscription.session_pk,
        ).where(
            WebhookSubscription.organization_id == organization_id,
            WebhookSubscription.kind.in_(sorted(LISTENING_KINDS)),
        )
        rows = (await db.execute(stmt)).all()
        return [
            OrganizationWebhook(
                pk,
                active,
                tuple(events or ()),
                None if kind in ORGANIZATION_KINDS else session_pk,
            )
            for pk, active, events, kind, session_pk in rows
        ]

    return await through(cache, organization_id, load)


@dataclass(frozen=True)
class SessionWebhook:
    """A session's own subscriber (its ``webhookUrl``, the Frappe webhook) as last read: what
    deciding on an event needs, kept between transactions until a subscription is written."""

    id: int
    kind: str
    session_pk: int
    is_active: bool
    # The address it was disabled at (None while active).
    url: str | None


@dataclass(frozen=True)
class SubscriberCaches:
    """Who hears events, kept between transactions until what decides it is written: every
    event of every batch asks, and with many sessions a query each would grow every batch."""

    organizations: WriteInvalidatedCache[int, list[OrganizationWebhook]]
    sessions: WriteInvalidatedCache[int, list[SessionWebhook]]
    # Whether an organization's sessions may reach the global Frappe webhook.
    frappe: WriteInvalidatedCache[int, bool]


async def subscribers(
    db: AsyncSession,
    cache: dict[tuple[int, int | None], list[SessionWebhook]],
    settings: Settings | None,
    organization_id: int,
    session: WhatsAppSession | None,
    caches: SubscriberCaches | None = None,
) -> list[SessionWebhook | OrganizationWebhook]:
    """The organization's webhooks and the session's own ones (decided once per transaction)."""
    organization = await organization_webhooks(
        db, caches.organizations if caches else None, organization_id
    )
    if session is None:
        return list(organization)
    own = cache.get((organization_id, session.id))
    if own is None:
        wanted = []
        if session.webhook_url:
            wanted.append("session")
        frappe = (
            session.send_to_frappe
            and settings is not None
            and bool(settings.frappe_webhook_url)
            and await _frappe_allowed(db, caches, settings, organization_id)
        )
        if frappe:
            wanted.append("frappe")
        own = []
        if wanted:  # a session without webhooks of its own costs no query
            own = await _own_webhooks(
                db, caches.sessions if caches else None, session, organization_id, wanted
            )
            addresses = {
                "session": session.webhook_url,
                "frappe": settings.frappe_webhook_url if frappe and settings else None,
            }
            current = {kind: addresses[kind] or "" for kind in wanted}
            if any(row.kind in current and _revived_by(row, current[row.kind]) for row in own):
                own = await _revive(db, session, current)
            # A tenant's session never reaches the operator's Frappe, whatever rows it has.
            own = [row for row in own if row.kind != "frappe" or frappe]
        cache[(organization_id, session.id)] = own
    return [*organization, *own]


async def _frappe_allowed(
    db: AsyncSession, caches: SubscriberCaches | None, settings: Settings, organization_id: int
) -> bool:
    return await through(
        caches.frappe if caches else None,
        organization_id,
        lambda: frappe_allowed(db, settings, organization_id),
    )


async def _own_webhooks(
    db: AsyncSession,
    session_webhooks: WriteInvalidatedCache[int, list[SessionWebhook]] | None,
    session: WhatsAppSession,
    organization_id: int,
    kinds: list[str],
) -> list[SessionWebhook]:
    """The session's subscriber rows, created on its first event that needs them."""

    async def load() -> list[SessionWebhook]:
        stmt = select(
            WebhookSubscription.id,
            WebhookSubscription.kind,
            WebhookSubscription.is_active,
            WebhookSubscription.url,
        ).where(WebhookSubscription.session_pk == session.id)
        return [
            SessionWebhook(pk, kind, session.id, active, url)
            for pk, kind, active, url in (await db.execute(stmt)).all()
        ]

    own = await through(session_webhooks, session.id, load)
    missing = [k for k in kinds if not any(row.kind == k for row in own)]
    if missing:
        await _ensure_rows(
            db, organization_id=organization_id, session_pk=session.id, kinds=missing
        )
        own = await load()
    return own


def _revived_by(subscription: SessionWebhook | WebhookSubscription, current_url: str) -> bool:
    return not subscription.is_active and bool(subscription.url) and subscription.url != current_url


async def _revive(
    db: AsyncSession, session: WhatsAppSession, current: dict[str, str]
) -> list[SessionWebhook]:
    """Disabled subscribers whose address has changed since come back (in this transaction)."""
    stmt = select(WebhookSubscription).where(WebhookSubscription.session_pk == session.id)
    rows = list((await db.execute(stmt)).scalars())
    for row in rows:
        if row.kind in current:
            revive(row, current[row.kind])
    return [SessionWebhook(r.id, r.kind, session.id, r.is_active, r.url) for r in rows]


def revive(subscription: WebhookSubscription, current_url: str) -> None:
    """A disabled session/Frappe subscriber comes back when its address changes."""
    if _revived_by(subscription, current_url):
        subscription.is_active = True
        subscription.url = None
        subscription.disabled_at = None
        subscription.disabled_reason = None
        subscription.failing_since = None

"""Who hears an event: the organization's webhooks, the session's ``webhookUrl``, and the global
Frappe webhook for sessions with ``sendToFrappe``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.cache import WriteInvalidatedCache
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

    if cache is None:
        return await load()
    return await cache.get_or_load(organization_id, load)


async def subscribers(
    db: AsyncSession,
    cache: dict[tuple[int, int | None], list[WebhookSubscription]],
    settings: Settings | None,
    organization_id: int,
    session: WhatsAppSession | None,
    organization: list[OrganizationWebhook],
) -> list[WebhookSubscription | OrganizationWebhook]:
    """The organization's webhooks and the session's own ones (read once per transaction)."""
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
            and await frappe_allowed(db, settings, organization_id)
        )
        if frappe:
            wanted.append("frappe")
        own = []
        if wanted:  # a session without webhooks of its own costs no query
            stmt = select(WebhookSubscription).where(WebhookSubscription.session_pk == session.id)
            own = list((await db.execute(stmt)).scalars())
            missing = [k for k in wanted if not any(r.kind == k for r in own)]
            if missing:
                await _ensure_rows(
                    db, organization_id=organization_id, session_pk=session.id, kinds=missing
                )
                own = list((await db.execute(stmt)).scalars())
            # A tenant's session never reaches the operator's Frappe, whatever rows it has.
            own = [row for row in own if row.kind != "frappe" or frappe]
        cache[(organization_id, session.id)] = own
    return [*organization, *own]


def revive(subscription: WebhookSubscription, current_url: str) -> None:
    """A disabled session/Frappe subscriber comes back when its address changes."""
    if not subscription.is_active and subscription.url and subscription.url != current_url:
        subscription.is_active = True
        subscription.url = None
        subscription.disabled_at = None
        subscription.disabled_reason = None
        subscription.failing_since = None

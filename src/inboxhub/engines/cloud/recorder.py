"""Recording a Meta notification: dedupe keys and the events they guard, in one transaction.

A key (``m:<wamid>``, ``s:<wamid>:<status>``) is claimed in the same transaction that records its
event, inside a savepoint of its own: a crash or a failing event leaves its key unclaimed, so
Meta's redelivery records it then instead of dropping it as a duplicate, while the events that
did go through are not recorded twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import utcnow
from inboxhub.engines.cloud.inbound import Update
from inboxhub.engines.cloud.models import CloudWebhookKey, CloudWebhookPayload
from inboxhub.engines.events import EngineEvent
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    recorded: int = 0
    duplicates: int = 0
    failed: int = 0


@dataclass(kw_only=True)
class CloudNotification(EngineEvent):
    """The messages and statuses one Meta notification brings to one session."""

    payload_id: int
    updates: list[Update]
    # Filled in by the recorder, read by the request that waits for it.
    outcome: Outcome = field(default_factory=Outcome)


async def _claim(db: AsyncSession, runtime: Runtime, session_pk: int, key: str) -> bool:
    dialect = sqlite if runtime.database.is_sqlite else postgresql
    stmt = (
        dialect.insert(CloudWebhookKey)
        .values(session_pk=session_pk, key=key, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["session_pk", "key"])
        .returning(CloudWebhookKey.key)
    )
    return (await db.execute(stmt)).first() is not None


async def record_notification(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, event: CloudNotification
) -> None:
    from inboxhub.event_handlers import HANDLERS

    outcome = event.outcome = Outcome()  # a retried batch starts over
    profiles: set[str] = set()

    async def hand_over(inner: EngineEvent) -> None:
        handler = HANDLERS.get(type(inner))
        if handler is not None:
            await handler(db, runtime, session, inner)

    for item in event.updates:
        try:
            async with db.begin_nested():
                if not await _claim(db, runtime, session.id, item.key):
                    outcome.duplicates += 1
                    continue
                if item.contact is not None and item.contact.jid not in profiles:
                    await hand_over(item.contact)
                    profiles.add(item.contact.jid)
                await hand_over(item.event)
                outcome.recorded += 1
        except (OperationalError, InterfaceError, OSError):
            raise  # the database went away: the pool waits for it and records the batch again
        except Exception:
            log.exception(
                "session %s: could not record %s from the Cloud API",
                session.session_id,
                type(item.event).__name__,
            )
            outcome.failed += 1
    done = update(CloudWebhookPayload).where(CloudWebhookPayload.id == event.payload_id)
    done = done.values(
        new_events=CloudWebhookPayload.new_events + outcome.recorded,
        duplicates=CloudWebhookPayload.duplicates + outcome.duplicates,
        processed_at=utcnow(),
    )
    if outcome.failed:
        done = done.values(error=f"{outcome.failed} event(s) not recorded; Meta will redeliver")
    await db.execute(done)

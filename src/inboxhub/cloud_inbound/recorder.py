"""Recording a Meta notification: the raw body, dedupe keys and events, in one transaction.

A key (``m:<wamid>``, ``s:<wamid>:<status>``) is claimed in the same transaction that records its
event, inside a savepoint of its own: a crash or a failing event leaves its key unclaimed, so
Meta's redelivery records it then instead of dropping it as a duplicate, while the events that
did go through are not recorded twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.cloud_inbound.models import CloudWebhookKey, CloudWebhookPayload
from inboxhub.db import utcnow
from inboxhub.engines.cloud.inbound import Update
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
class CloudNotification:
    """One signed notification from Meta, recorded with everything it brings in one transaction.

    ``session_id`` is the first session it concerns; each update names its own session (by
    primary key), since one Meta app may serve several numbers.
    """

    session_id: str
    body: str
    received_at: datetime
    phone_number_ids: str | None
    fields: str | None
    updates: list[tuple[int, Update]]
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
    owners: dict[int, WhatsAppSession | None] = {session.id: session}
    profiles: set[tuple[int, str]] = set()

    async def hand_over(owner: WhatsAppSession, inner: EngineEvent) -> None:
        handler = HANDLERS.get(type(inner))
        if handler is not None:
            await handler(db, runtime, owner, inner)

    for session_pk, item in event.updates:
        if session_pk not in owners:
            owners[session_pk] = await db.get(WhatsAppSession, session_pk)
        owner = owners[session_pk]
        if owner is None:  # deleted meanwhile
            continue
        try:
            async with db.begin_nested():
                if not await _claim(db, runtime, owner.id, item.key):
                    outcome.duplicates += 1
                    continue
                contact = item.contact
                if contact is not None and (owner.id, contact.jid) not in profiles:
                    await hand_over(owner, contact)
                    profiles.add((owner.id, contact.jid))
                await hand_over(owner, item.event)
                outcome.recorded += 1
        except (OperationalError, InterfaceError, OSError):
            raise  # the database went away: the pool waits for it and records the batch again
        except Exception:
            log.exception(
                "session %s: could not record %s from the Cloud API",
                owner.session_id,
                type(item.event).__name__,
            )
            outcome.failed += 1
    db.add(
        CloudWebhookPayload(
            received_at=event.received_at,
            phone_number_ids=event.phone_number_ids,
            fields=event.fields,
            body=event.body,
            new_events=outcome.recorded,
            duplicates=outcome.duplicates,
            processed_at=utcnow(),
            error=f"{outcome.failed} event(s) not recorded; Meta will redeliver"
            if outcome.failed
            else None,
        )
    )

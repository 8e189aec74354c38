"""The Cloud API's customer service window, kept by the gateway: a free-form message goes only
to a contact who wrote in the last 24 hours (``chats.last_inbound_at``); a template at any time.

Refused before anything is stored or sent, with 409 ``OUTSIDE_SERVICE_WINDOW``, instead of a
message that shows ``sent`` and turns ``failed`` when Meta's status webhook says 131047.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import utcnow
from inboxhub.engines.base import EngineClient, OutsideServiceWindow
from inboxhub.envelope import iso
from inboxhub.messages.models import Chat
from inboxhub.sessions.models import WhatsAppSession

# Meta opens no window for these: they may be sent whenever.
ALWAYS_ALLOWED = frozenset({"template"})


def applies(client: EngineClient, message_type: str) -> bool:
    return client.service_window is not None and message_type not in ALWAYS_ALLOWED


async def last_inbound(
    db: AsyncSession, session: WhatsAppSession, chat_ids: list[str]
) -> dict[str, datetime | None]:
    """When each contact last wrote (None: never, as far as the gateway knows)."""
    found: dict[str, datetime | None] = dict.fromkeys(chat_ids)
    for start in range(0, len(chat_ids), 500):
        rows = await db.execute(
            select(Chat.chat_id, Chat.last_inbound_at).where(
                Chat.session_pk == session.id, Chat.chat_id.in_(chat_ids[start : start + 500])
            )
        )
        found.update((chat_id, at) for chat_id, at in rows)
    return found


def closes_at(last: datetime | None, window: timedelta) -> datetime | None:
    return last + window if last is not None else None


def is_open(last: datetime | None, window: timedelta, now: datetime | None = None) -> bool:
    return last is not None and last + window > (now or utcnow())


def refusal(chat_id: str, last: datetime | None, window: timedelta) -> OutsideServiceWindow:
    hours = int(window.total_seconds() // 3600)
    since = (
        f"the contact last wrote at {iso(last)}"
        if last is not None
        else "the contact has not written to this number"
    )
    return OutsideServiceWindow(
        f"Outside the {hours}-hour customer service window for {chat_id}: {since}. WhatsApp "
        "accepts only an approved template now (type 'template'); free-form messages are "
        "allowed again once the contact writes",
        field="to",
        details={
            "chatId": chat_id,
            "lastInboundAt": iso(last),
            "windowClosedAt": iso(closes_at(last, window)),
        },
    )


async def closed_for(
    db: AsyncSession,
    session: WhatsAppSession,
    client: EngineClient,
    message_type: str,
    chat_ids: list[str],
) -> dict[str, OutsideServiceWindow]:
    """The chats a message of this type may not go to now, each with its refusal."""
    window = client.service_window
    if window is None or not applies(client, message_type):
        return {}
    now = utcnow()
    last = await last_inbound(db, session, chat_ids)
    return {
        chat_id: refusal(chat_id, at, window)
        for chat_id, at in last.items()
        if not is_open(at, window, now)
    }

"""What the handover says to a customer, handed to the messaging feature's send queue.

Handover code runs inside transactions that engine events are recorded in (the bot) or that the
timer loop holds, so it never calls an engine: it queues the message, and the messaging feature
sends it after the transaction commits.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession


async def queue_text(
    db: AsyncSession, session: WhatsAppSession, chat_id: str, text: str
) -> str | None:
    return None


async def queue_media(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    chat_id: str,
    *,
    kind: str,
    url: str,
    caption: str | None,
    file_name: str | None,
) -> str | None:
    return None

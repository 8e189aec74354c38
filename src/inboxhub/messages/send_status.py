"""Delivery statuses of sent messages: how they may move (never backwards) and the
``message.status`` event of each change. ``send_records`` and ``receipts`` record them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.messages import payloads
from inboxhub.messages.models import OUTBOUND_ORDER, READ
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.outbox import publish

_RANK = {status: rank for rank, status in enumerate(OUTBOUND_ORDER)}


def early_receipt_index(runtime: Runtime) -> set[tuple[int, str]]:
    """(session pk, WhatsApp id) of receipts waiting for their message: skips a query per send."""
    return runtime.early_receipts


def next_status(current: str, incoming: str, *, voice: bool) -> str | None:
    """The status after a receipt, or None when the receipt changes nothing (never backwards)."""
    if incoming == "played" and not voice:
        incoming = READ  # only voice notes are "played"; for anything else it means seen
    if incoming == "failed":
        return "failed" if current in ("queued", "pending", "sent") else None
    if current == "failed":
        # A delivery receipt proves the message went out after all.
        return incoming if incoming in ("delivered", "read", "played") else None
    if _RANK.get(incoming, -1) > _RANK.get(current, -1):
        return incoming
    return None


async def publish_status(
    db: AsyncSession,
    session: WhatsAppSession,
    *,
    message_pk: int,
    whatsapp_message_id: str | None,
    chat_id: str,
    previous: str,
    status: str,
    at: datetime,
    error: str | None,
    error_code: str | None = None,
    error_details: dict[str, Any] | None = None,
) -> None:
    await publish(
        db,
        organization_id=session.organization_id,
        session=session,
        event_type="message.status",
        chat_id=chat_id,
        payload=payloads.status_payload(
            session,
            message_pk=message_pk,
            whatsapp_message_id=whatsapp_message_id,
            chat_id=chat_id,
            status=status,
            previous=previous,
            at=at,
            error=error,
            error_code=error_code,
            error_details=error_details,
        ),
    )

"""A simulated contact taps a reply button or a list row of a session's interactive message, as
a phone does: the answer reads as the title it tapped and names the button's or row's id."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.errors import ValidationFailed
from inboxhub.messages.prepare import find_message
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.virtual_phone.schemas import SandboxMessageRequest

_REPLY_TYPES = {"buttons": "button_reply", "list": "list_reply"}


async def tapped(
    db: AsyncSession, session: WhatsAppSession, body: SandboxMessageRequest
) -> tuple[SandboxMessageRequest, dict[str, Any] | None]:
    """The body as the text the phone sends, and the reply it carries (None: not a tap)."""
    if body.reply_id is None:
        return body, None
    if body.quoted_message_id is None:
        raise ValidationFailed(
            "quotedMessageId (the interactive message tapped) is required with replyId",
            field="quotedMessageId",
        )
    message = await find_message(db, session, str(body.quoted_message_id), field="quotedMessageId")
    spec = (message.content or {}).get("interactive") or {}
    kind = spec.get("type")
    if message.type != "interactive" or kind not in _REPLY_TYPES:
        raise ValidationFailed(
            "quotedMessageId must be an interactive message with reply buttons or a list",
            field="quotedMessageId",
        )
    action = spec.get("action") or {}
    choices = (
        action.get("buttons", [])
        if kind == "buttons"
        else [row for section in action.get("sections", []) for row in section.get("rows", [])]
    )
    choice = next((c for c in choices if c.get("id") == body.reply_id), None)
    if choice is None:
        raise ValidationFailed(
            f"The message has no button or row with id '{body.reply_id}'", field="replyId"
        )
    reply = {
        "type": _REPLY_TYPES[kind],
        "id": choice["id"],
        "title": choice["title"],
        "description": choice.get("description"),
    }
    text = body.message if isinstance(body.message, str) and body.message else choice["title"]
    return body.model_copy(update={"message": text, "type": "text"}), reply

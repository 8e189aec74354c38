"""The shapes clients see: a message in API answers, and the payloads of message events.

``message.received`` is exactly seed 01's ``data`` object; fields after seed 01's are additions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from inboxhub.envelope import iso
from inboxhub.media import signing
from inboxhub.messages.models import Message
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession


def summary(message: Message) -> str:
    """Text of the message, or a short description when it has none (seed 01's ``content``)."""
    if message.body:
        return message.body
    content = message.content or {}
    if message.type == "location":
        loc = content.get("location") or {}
        return (
            loc.get("name") or loc.get("address") or f"{loc.get('latitude')},{loc.get('longitude')}"
        )
    if message.type == "contact":
        return str(content.get("displayName") or "")
    if message.type == "reaction":
        return str(content.get("emoji") or "")
    return ""


def media_of(runtime: Runtime, message: Message) -> dict[str, Any] | None:
    meta = message.media
    if not meta:
        return None
    url = signing.signed_url(runtime, message.media_id) if message.media_id else None
    return {
        "filename": meta.get("filename"),
        "filesize": meta.get("size"),
        "mimetype": meta.get("mimetype"),
        "url": url,
        "mediaId": message.media_id,
        "ptt": bool(meta.get("ptt")),
    }


def message_view(
    runtime: Runtime,
    session_id: str,
    message: Message,
    *,
    reactions: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    content = message.content or {}
    media = media_of(runtime, message)
    view: dict[str, Any] = {
        "id": message.id,
        "messageId": message.id,
        "whatsappMessageId": message.whatsapp_message_id,
        "sessionId": session_id,
        "chatId": message.chat_id,
        "fromMe": message.from_me,
        "from": message.sender_id,
        "pushName": message.push_name,
        "body": message.body,
        "type": message.type,
        "status": message.status,
        "timestamp": iso(message.timestamp),
        "mediaUrl": media["url"] if media else None,
        "media": media,
        "hasReactions": bool(reactions),
        "reactions": reactions or [],
        "quotedMessageId": message.quoted_message_id if message.type != "reaction" else None,
        "mentions": content.get("mentions") or [],
        "isHistory": message.is_history,
        "isEdited": message.edited_at is not None,
        "isDeleted": message.revoked_at is not None,
        "error": message.error,
        "errorCode": message.error_code,
        "source": message.source,
        "deliveredAt": iso(message.delivered_at),
        "readAt": iso(message.read_at),
    }
    if message.type == "location":
        view["location"] = content.get("location")
    elif message.type == "contact":
        view["contacts"] = {
            "displayName": content.get("displayName"),
            "vcards": content.get("vcards", []),
        }
    elif message.type == "reaction":
        view["reaction"] = {"emoji": content.get("emoji"), "messageId": message.quoted_message_id}
    elif message.type == "template":
        view["template"] = content.get("template")
    elif message.type == "interactive":
        view["interactive"] = content.get("interactive")
    if content.get("interactiveReply"):
        view["interactiveReply"] = content["interactiveReply"]
    if message.status == "queued":
        view["scheduledAt"] = iso(message.scheduled_at)
    return view


def received_payload(
    runtime: Runtime, session: WhatsAppSession, message: Message
) -> dict[str, Any]:
    """Seed 01's ``message.received`` ``data``; also used for ``message.sent`` from the phone."""
    content = message.content or {}
    media = media_of(runtime, message)
    body: dict[str, Any] = {
        "whatsappMessageId": message.whatsapp_message_id,
        "content": summary(message),
        "chatId": message.chat_id,
        "from": message.sender_id,
        "to": session.session_id,
        "timestamp": int(message.timestamp.timestamp()),
        "type": message.type,
        "has_attachment": media is not None,
        "media": (
            {k: media[k] for k in ("filename", "filesize", "mimetype", "url")} if media else None
        ),
        # Additions after seed 01's fields.
        "messageId": message.id,
        "fromMe": message.from_me,
        "pushName": message.push_name,
        "isGroup": message.chat_id.endswith("@g.us"),
        "participant": message.sender_id if message.chat_id.endswith("@g.us") else None,
        "quotedMessageId": message.quoted_message_id,
        "caption": message.body if media is not None else None,
        "location": content.get("location"),
        "vcard": (content.get("vcards") or [None])[0],
        "vcards": content.get("vcards"),
        "mentions": content.get("mentions") or [],
    }
    if message.type == "reaction":
        body["reaction"] = {"emoji": content.get("emoji"), "messageId": message.quoted_message_id}
    if message.type == "interactive":
        body["interactive"] = content.get("interactive")
    if content.get("interactiveReply"):
        # The tapped button or list row (or the submitted flow); ``content`` is its title.
        body["interactiveReply"] = content["interactiveReply"]
    return {"sessionId": session.session_id, "session_db_id": session.id, "message": body}


def status_payload(
    session: WhatsAppSession,
    *,
    message_pk: int,
    whatsapp_message_id: str | None,
    chat_id: str,
    status: str,
    previous: str | None,
    at: datetime,
    error: str | None,
    error_code: str | None = None,
    error_details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``errorCode`` is the API's code (the one a refused send answers with); ``errorDetails``
    what the engine said (Cloud API: Meta's ``graphCode``, ``title`` and ``details``)."""
    return {
        "sessionId": session.session_id,
        "session_db_id": session.id,
        "messageId": message_pk,
        "whatsappMessageId": whatsapp_message_id,
        "chatId": chat_id,
        "status": status,
        "previousStatus": previous,
        "timestamp": iso(at),
        "error": error,
        "errorCode": error_code if error is not None else None,
        "errorDetails": error_details if error is not None else None,
    }


def updated_payload(
    session: WhatsAppSession, message: Message, *, action: str, at: datetime
) -> dict[str, Any]:
    return {
        "sessionId": session.session_id,
        "session_db_id": session.id,
        "messageId": message.id,
        "whatsappMessageId": message.whatsapp_message_id,
        "chatId": message.chat_id,
        "action": action,
        "body": message.body,
        "fromMe": message.from_me,
        "timestamp": iso(at),
    }

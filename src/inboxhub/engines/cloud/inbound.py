"""Meta's webhook notifications (``entry[].changes[].value``) as the gateway's engine events.

Each message and each status carries a dedupe key: Meta delivers at least once and redelivers
for days, so a key seen before means the event was already recorded.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from inboxhub.engines.cloud.errors import failure_of
from inboxhub.engines.cloud.vcards import contact_to_vcard
from inboxhub.engines.events import (
    ContactUpdated,
    EngineEvent,
    InboundMessage,
    Location,
    MediaInfo,
    MessageEdited,
    MessageReceived,
    MessageRevoked,
    Receipt,
    ReceiptStatus,
)

log = logging.getLogger(__name__)

MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")
RECEIPT_STATUSES: dict[str, ReceiptStatus] = {
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "played": "played",
    "failed": "failed",
}


@dataclass
class Update:
    key: str
    event: EngineEvent
    # The sender's profile, recorded just before their message.
    contact: ContactUpdated | None = None


_Parser = Callable[[str, dict[str, Any], dict[str, dict[str, Any]]], Update | None]


@dataclass
class Change:
    phone_number_id: str | None
    field: str
    value: dict[str, Any]


def changes(payload: dict[str, Any]) -> Iterator[Change]:
    """Every change of a notification; Meta batches entries and changes in one POST."""
    for entry in _list(payload.get("entry")):
        for change in _list(entry.get("changes")):
            value = change.get("value")
            if not isinstance(value, dict):
                continue
            metadata = value.get("metadata")
            number_id = metadata.get("phone_number_id") if isinstance(metadata, dict) else None
            yield Change(
                phone_number_id=str(number_id) if number_id else None,
                field=str(change.get("field") or ""),
                value=value,
            )


def _list(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def user_jid(user: str) -> str:
    """Phone numbers become ``<digits>@s.whatsapp.net``; a BSUID (no number shared) ``<id>@bsuid``."""
    user = user.lstrip("+")
    return f"{user}@s.whatsapp.net" if user.isascii() and user.isdigit() else f"{user}@bsuid"


def _when(value: Any) -> datetime:
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.now(UTC)


def parse_messages_change(session_id: str, value: dict[str, Any]) -> list[Update]:
    """Messages and statuses of one ``field: "messages"`` change, in Meta's order."""
    profiles: dict[str, dict[str, Any]] = {}
    for contact in _list(value.get("contacts")):
        for ident in (contact.get("wa_id"), contact.get("user_id")):
            if isinstance(ident, str) and ident:
                profiles[ident] = contact
    updates: list[Update] = []
    items: list[tuple[_Parser, dict[str, Any]]] = [
        *((_message, m) for m in _list(value.get("messages"))),
        *((_status, s) for s in _list(value.get("statuses"))),
    ]
    for parse, item in items:
        try:
            update = parse(session_id, item, profiles)
        except (TypeError, ValueError, AttributeError, LookupError):
            # Kept raw in the stored notification; one odd item must not refuse the others.
            log.warning("session %s: unreadable Cloud API item %s", session_id, item.get("id"))
            continue
        if update is not None:
            updates.append(update)
    return updates


def _key(*parts: str) -> str:
    key = ":".join(parts)
    return (
        key if len(key) <= 400 else f"{parts[0]}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"
    )


def _message(
    session_id: str, message: dict[str, Any], profiles: dict[str, dict[str, Any]]
) -> Update | None:
    wamid = _text(message.get("id"))
    sender = _text(message.get("from"))
    if not wamid or not sender:
        return None
    profile = profiles.get(sender, {})
    chat = user_jid(sender)
    kind = str(message.get("type") or "unknown")
    when = _when(message.get("timestamp"))
    contact = ContactUpdated(
        session_id=session_id,
        jid=chat,
        push_name=_text(_dict(profile.get("profile")).get("name")),
        raw=profile or None,
    )
    key = _key("m", wamid)
    if kind == "edit":
        edit = _dict(message.get("edit"))
        inner = _dict(edit.get("message"))
        inner_kind = str(inner.get("type") or "text")
        new_text = _dict(inner.get(inner_kind)).get("body" if inner_kind == "text" else "caption")
        event: EngineEvent = MessageEdited(
            session_id=session_id,
            chat_id=chat,
            message_id=str(edit.get("original_message_id") or ""),
            new_text=str(new_text or ""),
            timestamp=when,
            raw=message,
        )
        return Update(key=key, event=event, contact=contact)
    if kind == "revoke":
        revoke = _dict(message.get("revoke"))
        event = MessageRevoked(
            session_id=session_id,
            chat_id=chat,
            message_id=str(revoke.get("original_message_id") or ""),
            timestamp=when,
            raw=message,
        )
        return Update(key=key, event=event, contact=contact)
    inbound = InboundMessage(
        id=wamid,
        chat_id=chat,
        sender_id=chat,
        from_me=False,
        timestamp=when,
        type=kind,
        push_name=contact.push_name,
        sender_phone=_text(profile.get("wa_id")) if chat.endswith("@bsuid") else None,
    )
    context = _dict(message.get("context"))
    if _text(context.get("id")):
        inbound.quoted_id = context["id"]
    _fill(inbound, kind, message)
    return Update(
        key=key,
        event=MessageReceived(session_id=session_id, message=inbound, raw=message),
        contact=contact,
    )


def _fill(inbound: InboundMessage, kind: str, message: dict[str, Any]) -> None:
    body = _dict(message.get(kind))
    if kind == "text":
        inbound.text = _text(body.get("body"))
    elif kind in MEDIA_TYPES:
        inbound.caption = _text(body.get("caption"))
        media_id = _text(body.get("id"))
        inbound.media = MediaInfo(
            mimetype=str(body.get("mime_type") or "application/octet-stream").split(";")[0],
            filename=_text(body.get("filename")),
            sha256=_text(body.get("sha256")),
            ptt=bool(body.get("voice")),
            # What ``download_media`` needs; Meta keeps webhook media for 7 days.
            engine_ref={
                "id": media_id,
                "mime_type": body.get("mime_type"),
                "sha256": body.get("sha256"),
            },
        )
    elif kind == "location":
        inbound.location = Location(
            latitude=float(body["latitude"]),
            longitude=float(body["longitude"]),
            name=_text(body.get("name")),
            address=_text(body.get("address")),
        )
    elif kind == "contacts":
        cards = _list(message.get("contacts"))
        inbound.type = "contact"
        inbound.vcards = [contact_to_vcard(card) for card in cards]
        names = [_text(_dict(card.get("name")).get("formatted_name")) for card in cards]
        inbound.contact_display_name = names[0] if len(names) == 1 else f"{len(names)} contacts"
    elif kind == "reaction":
        inbound.reaction = str(body.get("emoji") or "")
        inbound.reaction_target_id = _text(body.get("message_id"))
        inbound.quoted_id = None
    elif kind == "interactive":
        # A tapped reply button or list row reads, for the CRM and the bot, like the text on it;
        # ``interactive_reply`` says exactly which one (its id), or what a flow submitted.
        reply_kind = str(body.get("type") or "")
        reply = _dict(body.get(reply_kind))
        inbound.type = "text"
        inbound.text = _text(reply.get("title")) or _text(reply.get("body"))
        inbound.interactive_reply = {
            "type": reply_kind,
            "id": _text(reply.get("id")),
            "title": _text(reply.get("title")),
            "description": _text(reply.get("description")),
        }
        if reply_kind == "nfm_reply":  # a completed flow: its answers, as JSON text
            inbound.interactive_reply.update(
                name=_text(reply.get("name")), response=_flow_response(reply)
            )
    elif kind == "button":
        # A quick-reply button of a template message.
        inbound.type = "text"
        inbound.text = _text(body.get("text")) or _text(body.get("payload"))
        inbound.interactive_reply = {
            "type": "template_button",
            "id": _text(body.get("payload")),
            "title": _text(body.get("text")),
        }
    elif kind in ("system", "order"):
        inbound.text = _text(body.get("body")) or _text(body.get("text"))
    else:
        errors = _list(message.get("errors"))
        inbound.type = "unsupported"
        inbound.text = error_text(errors[0]) if errors else f"unsupported message type '{kind}'"


def _flow_response(reply: dict[str, Any]) -> Any:
    raw = reply.get("response_json")
    if not isinstance(raw, str):
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def error_text(error: dict[str, Any]) -> str:
    title = str(error.get("title") or error.get("message") or "error")
    details = _text(_dict(error.get("error_data")).get("details")) or _text(error.get("message"))
    text = f"{error.get('code', '')} {title}".strip()
    return f"{text}: {details}" if details and details != title else text


def _status(session_id: str, status: dict[str, Any], _: dict[str, dict[str, Any]]) -> Update | None:
    wamid = _text(status.get("id"))
    state = RECEIPT_STATUSES.get(str(status.get("status") or ""))
    if not wamid or state is None:
        return None
    recipient = str(status.get("recipient_id") or "")
    chat = f"{recipient}@g.us" if status.get("recipient_type") == "group" else user_jid(recipient)
    errors = _list(status.get("errors"))
    failure = failure_of(errors[0]) if errors and state == "failed" else None
    receipt = Receipt(
        session_id=session_id,
        chat_id=chat,
        message_ids=[wamid],
        status=state,
        timestamp=_when(status.get("timestamp")),
        error=error_text(errors[0]) if errors else None,
        error_code=failure[0] if failure else None,
        error_details=failure[1] if failure else None,
        reference=_text(status.get("biz_opaque_callback_data")),
        raw=status,
    )
    return Update(key=_key("s", wamid, state), event=receipt)

"""Our outbound content as the JSON body of ``POST /{phone-number-id}/messages``."""

from __future__ import annotations

import re
from typing import Any

from inboxhub.engines.base import (
    ContactCards,
    InvalidRecipient,
    LocationPin,
    Media,
    MessageRef,
    Outbound,
    Reaction,
    TemplateMessage,
    Text,
)
from inboxhub.engines.cloud.vcards import vcard_to_contact
from inboxhub.errors import EngineNotSupported, ValidationFailed

_LINK = re.compile(r"https?://\S", re.IGNORECASE)
_BSUID = "@bsuid"
MAX_CALLBACK_DATA = 512  # Meta's limit on biz_opaque_callback_data


def recipient(to: str) -> dict[str, str]:
    """``{"to": "<digits>"}`` for a phone number or JID; ``{"recipient": …}`` for a BSUID.

    Since 2026 some users are known by a business-scoped user id (``CC.xxxx``) and no number; the
    gateway writes those as ``<bsuid>@bsuid``.
    """
    target = to.strip()
    if target.endswith(_BSUID):
        return {"recipient": target[: -len(_BSUID)]}
    user, _, server = target.partition("@")
    if server in ("g.us", "broadcast", "newsletter"):
        raise EngineNotSupported(
            "The Cloud API engine sends to individual WhatsApp users only; groups, broadcast "
            "lists, statuses and channels need the web engine",
            field="to",
        )
    if server == "lid":
        raise InvalidRecipient(
            "A hidden WhatsApp id (@lid) cannot be reached through the Cloud API; use the phone "
            "number",
            field="to",
        )
    digits = user.lstrip("+").split(":", 1)[0]
    if not (digits.isascii() and digits.isdigit()) or not 6 <= len(digits) <= 15:
        raise InvalidRecipient(f"'{to}' is not a WhatsApp phone number", field="to")
    return {"to": digits}


def message_payload(
    to: str,
    content: Outbound,
    *,
    media_object: dict[str, Any] | None = None,
    reply_to: MessageRef | None = None,
) -> dict[str, Any]:
    """The full request body. ``media_object`` is ``{"id": …}`` or ``{"link": …}`` for media."""
    body: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        **recipient(to),
    }
    kind, value = _content(content, media_object)
    body["type"] = kind
    body[kind] = value
    if reply_to is not None and not isinstance(content, Reaction):
        body["context"] = {"message_id": reply_to.id}
    if content.reference:
        if len(content.reference) > MAX_CALLBACK_DATA:
            raise ValidationFailed(
                f"reference is longer than {MAX_CALLBACK_DATA} characters", field="reference"
            )
        body["biz_opaque_callback_data"] = content.reference
    return body


def _content(content: Outbound, media_object: dict[str, Any] | None) -> tuple[str, Any]:
    if isinstance(content, Text):
        return "text", {"body": content.body, "preview_url": bool(_LINK.search(content.body))}
    if isinstance(content, Media):
        if media_object is None:
            raise ValueError("media needs an uploaded id or a link")
        media = dict(media_object)
        if content.caption and content.kind in ("image", "video", "document"):
            media["caption"] = content.caption
        if content.kind == "document" and content.filename:
            media["filename"] = content.filename
        if content.kind == "audio" and content.ptt:
            media["voice"] = True
        return content.kind, media
    if isinstance(content, LocationPin):
        location = content.location
        pin: dict[str, Any] = {"latitude": location.latitude, "longitude": location.longitude}
        if location.name:
            pin["name"] = location.name
        if location.address:
            pin["address"] = location.address
        return "location", pin
    if isinstance(content, ContactCards):
        if not content.vcards:
            raise ValidationFailed("A contact message needs at least one vCard", field="vcards")
        display = content.display_name if len(content.vcards) == 1 else None
        return "contacts", [vcard_to_contact(card, display) for card in content.vcards]
    if isinstance(content, Reaction):
        return "reaction", {"message_id": content.target.id, "emoji": content.emoji}
    if isinstance(content, TemplateMessage):
        template: dict[str, Any] = {"name": content.name, "language": {"code": content.language}}
        if content.components:
            template["components"] = content.components
        return "template", template
    raise EngineNotSupported(f"The Cloud API engine cannot send {type(content).__name__}")


def read_receipt(message_id: str) -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "status": "read", "message_id": message_id}

"""Our outbound content as the JSON body of ``POST /{phone-number-id}/messages``."""

from __future__ import annotations

import re
from typing import Any

from inboxhub.engines.base import (
    ContactCards,
    Interactive,
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
    if isinstance(content, Interactive):
        return "interactive", interactive_object(content)
    raise EngineNotSupported(f"The Cloud API engine cannot send {type(content).__name__}")


_KIND = {"buttons": "button", "list": "list", "cta_url": "cta_url", "flow": "flow"}


def interactive_object(content: Interactive) -> dict[str, Any]:
    """Meta's ``interactive`` object for reply buttons, a list, a CTA URL button or a flow."""
    action = content.action
    value: dict[str, Any] = {"type": _KIND[content.kind], "body": {"text": content.body}}
    if content.header:
        value["header"] = {"type": "text", "text": content.header}
    if content.footer:
        value["footer"] = {"text": content.footer}
    if content.kind == "buttons":
        value["action"] = {
            "buttons": [
                {"type": "reply", "reply": {"id": b["id"], "title": b["title"]}}
                for b in action["buttons"]
            ]
        }
    elif content.kind == "list":
        sections = []
        for section in action["sections"]:
            rows = [
                {k: row[k] for k in ("id", "title", "description") if row.get(k)}
                for row in section["rows"]
            ]
            sections.append(
                {"title": section["title"], "rows": rows}
                if section.get("title")
                else {"rows": rows}
            )
        value["action"] = {"button": action["buttonText"], "sections": sections}
    elif content.kind == "cta_url":
        value["action"] = {
            "name": "cta_url",
            "parameters": {"display_text": action["displayText"], "url": action["url"]},
        }
    else:
        parameters: dict[str, Any] = {
            "flow_message_version": "3",
            "flow_id": action["flowId"],
            "flow_cta": action["flowCta"],
        }
        if action.get("flowToken"):
            parameters["flow_token"] = action["flowToken"]
        if action.get("mode") == "draft":
            parameters["mode"] = "draft"
        if action.get("screen"):
            parameters["flow_action"] = "navigate"
            payload: dict[str, Any] = {"screen": action["screen"]}
            if action.get("data"):
                payload["data"] = action["data"]
            parameters["flow_action_payload"] = payload
        else:
            parameters["flow_action"] = "data_exchange"
        value["action"] = {"name": "flow", "parameters": parameters}
    return value


def read_receipt(message_id: str) -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "status": "read", "message_id": message_id}

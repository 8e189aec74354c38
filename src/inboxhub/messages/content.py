"""What a message says: the send body parsed into a ``Draft`` (every error names its field), the
``content`` kept on the row, and the engine's ``Outbound`` rebuilt from that row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from inboxhub.addressing import to_jid
from inboxhub.engines.base import (
    ContactCards,
    Interactive,
    LocationPin,
    Media,
    MediaKind,
    MessageRef,
    Outbound,
    Reaction,
    TemplateMessage,
    Text,
)
from inboxhub.engines.events import Location
from inboxhub.errors import ValidationFailed
from inboxhub.media.sources import MediaSource
from inboxhub.messages.cloud_templates import template_of
from inboxhub.messages.interactive import interactive_of
from inboxhub.messages.schemas import MAX_TEXT, SendMessageRequest

MEDIA_TYPES: tuple[MediaKind, ...] = ("image", "video", "audio", "document", "sticker")
_ALIASES = {"ptt": "audio", "contacts": "contact"}
_MAX_VCARDS = 20


@dataclass(kw_only=True)
class Draft:
    """A validated message, before its media is fetched and its references are looked up.

    ``type`` is ``"media"`` when only a ``mediaId`` was given: the upload's kind decides.
    """

    type: str
    text: str | None = None
    media: MediaSource | None = None
    ptt: bool = False
    filename: str | None = None
    location: Location | None = None
    display_name: str | None = None
    vcards: list[str] = field(default_factory=list)
    emoji: str | None = None
    target_ref: str | None = None
    quoted_ref: str | None = None
    mentions: list[str] = field(default_factory=list)
    template: dict[str, Any] | None = None  # {"name", "language", "components"}
    template_field: str = "template"  # where the body gave it, for errors
    interactive: dict[str, Any] | None = None  # messages/interactive.py's checked shape


# ---- parsing ----------------------------------------------------------------------------------


def check_text(value: Any, *, name: str, required: bool = True) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip() and not required):
        if required:
            raise ValidationFailed(f"{name} is required", field=name)
        return None
    if not isinstance(value, str):
        raise ValidationFailed(f"{name} must be text", field=name)
    if required and not value.strip():
        raise ValidationFailed(f"{name} must not be empty", field=name)
    if len(value) > MAX_TEXT:
        raise ValidationFailed(
            f"{name} is {len(value)} characters long; the limit is {MAX_TEXT}", field=name
        )
    return value


def _optional_str(value: Any, *, name: str, limit: int = 1000) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise ValidationFailed(f"{name} must be text of at most {limit} characters", field=name)
    return value


def _ref(value: Any, *, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int) or len(str(value)) > 128:
        raise ValidationFailed(f"{name} must be a message id", field=name)
    return str(value).strip()


def _infer_type(body: SendMessageRequest) -> str:
    message = body.message
    if body.template is not None:
        return "template"
    if body.interactive is not None:
        return "interactive"
    if isinstance(message, dict):
        if "template" in message:
            return "template"
        if "interactive" in message:
            return "interactive"
        for kind in MEDIA_TYPES:
            if kind in message:
                return kind
        if "location" in message or {"lat", "latitude", "degreesLatitude"} & message.keys():
            return "location"
        if {"contacts", "contact", "vcard"} & message.keys():
            return "contact"
        if {"reaction", "emoji"} & message.keys():
            return "reaction"
        if body.media_id is not None or body.media_url:
            return "media"
        return "text"
    if body.media_id is not None or body.media_url:
        return "media"
    return "text"


def _media_source(body: SendMessageRequest, kind: str) -> MediaSource | None:
    message = body.message
    if isinstance(message, dict) and kind in message:
        spec = message[kind]
        if isinstance(spec, str):
            spec = {"url": spec}
        if not isinstance(spec, dict):
            raise ValidationFailed(f"message.{kind} must be an object", field=f"message.{kind}")
        return MediaSource(
            field=f"message.{kind}",
            url=_optional_str(spec.get("url"), name=f"message.{kind}.url", limit=4000),
            base64=spec.get("base64") if isinstance(spec.get("base64"), str) else None,
            buffer=spec.get("buffer"),
            path=_optional_str(spec.get("path"), name=f"message.{kind}.path"),
            media_id=_ref(spec.get("mediaId"), name=f"message.{kind}.mediaId"),
            mimetype=_optional_str(
                spec.get("mimetype"), name=f"message.{kind}.mimetype", limit=100
            ),
            filename=_optional_str(
                spec.get("fileName") or spec.get("filename"),
                name=f"message.{kind}.fileName",
                limit=255,
            ),
        )
    if body.media_id is not None or body.media_url:
        return MediaSource(
            field="mediaId" if body.media_id is not None else "mediaUrl",
            url=body.media_url,
            media_id=body.media_id,
            mimetype=body.mimetype,
            filename=body.file_name,
        )
    if (
        isinstance(message, dict)
        and {"url", "base64", "buffer", "path", "mediaId"} & message.keys()
    ):
        return MediaSource(
            field="message",
            url=_optional_str(message.get("url"), name="message.url", limit=4000),
            base64=message.get("base64") if isinstance(message.get("base64"), str) else None,
            buffer=message.get("buffer"),
            path=_optional_str(message.get("path"), name="message.path"),
            media_id=_ref(message.get("mediaId"), name="message.mediaId"),
            mimetype=_optional_str(message.get("mimetype"), name="message.mimetype", limit=100),
            filename=_optional_str(message.get("fileName"), name="message.fileName", limit=255),
        )
    return None


def _coordinate(
    source: dict[str, Any], names: tuple[str, ...], *, prefix: str, bound: float
) -> float:
    for name in names:
        if name in source:
            value = source[name]
            where = f"{prefix}{name}"
            try:
                number = float(value) if not isinstance(value, bool) else float("nan")
            except (TypeError, ValueError):
                number = float("nan")
            if not -bound <= number <= bound:
                raise ValidationFailed(
                    f"{where} must be a number between -{bound:g} and {bound:g}", field=where
                )
            return number
    raise ValidationFailed(f"{prefix}{names[0]} is required", field=f"{prefix}{names[0]}")


def _location(message: Any) -> Location:
    if not isinstance(message, dict):
        raise ValidationFailed("message.location is required", field="message.location")
    if isinstance(message.get("location"), dict):
        source, prefix = message["location"], "message.location."
    else:
        source, prefix = message, "message."
    return Location(
        latitude=_coordinate(
            source, ("degreesLatitude", "latitude", "lat"), prefix=prefix, bound=90
        ),
        longitude=_coordinate(
            source, ("degreesLongitude", "longitude", "lng", "lon"), prefix=prefix, bound=180
        ),
        name=_optional_str(source.get("name"), name=f"{prefix}name"),
        address=_optional_str(source.get("address"), name=f"{prefix}address"),
    )


def vcard_text(value: str) -> str:
    """A vCard text value: a newline, ``;`` or ``,`` in a name must not start a new field."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return re.sub(r"\r\n|\r|\n", r"\\n", value)


def _vcard_for(person: dict[str, Any], *, name: str) -> str:
    full_name = _optional_str(person.get("fullName") or person.get("name"), name=f"{name}.fullName")
    phone = _optional_str(
        person.get("phoneNumber") or person.get("phone"), name=f"{name}.phoneNumber"
    )
    if not full_name or not phone:
        raise ValidationFailed(f"{name} needs a vcard, or fullName and phoneNumber", field=name)
    digits = "".join(ch for ch in phone if "0" <= ch <= "9")
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{vcard_text(full_name)}"]
    if person.get("organization"):
        lines.append(f"ORG:{vcard_text(str(person['organization']))}")
    lines += [f"TEL;type=CELL;waid={digits}:+{digits}", "END:VCARD"]
    return "\n".join(lines)


def _check_vcard(value: Any, *, name: str) -> str:
    if not isinstance(value, str) or len(value) > 10_000:
        raise ValidationFailed(f"{name} must be vCard text", field=name)
    upper = value.strip().upper()
    if not upper.startswith("BEGIN:VCARD") or "END:VCARD" not in upper:
        raise ValidationFailed(
            f"{name} must start with BEGIN:VCARD and end with END:VCARD", field=name
        )
    return value.strip()


def _contacts(message: Any) -> tuple[str | None, list[str]]:
    if not isinstance(message, dict):
        raise ValidationFailed("message.contacts is required", field="message.contacts")
    if isinstance(message.get("contacts"), dict):
        block = message["contacts"]
        entries = block.get("contacts")
        if not isinstance(entries, list) or not entries:
            raise ValidationFailed(
                "message.contacts.contacts must list at least one contact",
                field="message.contacts.contacts",
            )
        if len(entries) > _MAX_VCARDS:
            raise ValidationFailed(
                f"message.contacts.contacts: at most {_MAX_VCARDS} contacts",
                field="message.contacts.contacts",
            )
        cards = []
        for i, entry in enumerate(entries):
            where = f"message.contacts.contacts[{i}]"
            if isinstance(entry, dict) and "vcard" in entry:
                cards.append(_check_vcard(entry["vcard"], name=f"{where}.vcard"))
            elif isinstance(entry, dict):
                cards.append(_vcard_for(entry, name=where))
            else:
                raise ValidationFailed(f"{where} must be an object with a vcard", field=where)
        display = _optional_str(block.get("displayName"), name="message.contacts.displayName")
        return display, cards
    if "vcard" in message:
        display = _optional_str(message.get("displayName"), name="message.displayName")
        return display, [_check_vcard(message["vcard"], name="message.vcard")]
    if isinstance(message.get("contact"), dict):
        return None, [_vcard_for(message["contact"], name="message.contact")]
    raise ValidationFailed(
        "message.contacts is required ({displayName, contacts: [{vcard}]})",
        field="message.contacts",
    )


def _display_name_of(vcard: str) -> str | None:
    for line in vcard.splitlines():
        if line.upper().startswith("FN:") or line.upper().startswith("FN;"):
            value = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), line)
            return value.split(":", 1)[1].strip() or None
    return None


def parse(body: SendMessageRequest) -> Draft:
    """Validate a send body. Nothing is fetched or stored here."""
    kind = _ALIASES.get(body.type, body.type) if body.type else _infer_type(body)
    message = body.message
    extra = message if isinstance(message, dict) else {}
    mentions = body.mentions if body.mentions is not None else extra.get("mentions") or []
    if not isinstance(mentions, list) or len(mentions) > 256:
        raise ValidationFailed("mentions must be a list of numbers or JIDs", field="mentions")
    draft = Draft(
        type=kind,
        quoted_ref=_ref(
            body.quoted_message_id
            if body.quoted_message_id is not None
            else extra.get("quotedMessageId"),
            name="quotedMessageId",
        ),
        mentions=[to_jid(str(m), field=f"mentions[{i}]") for i, m in enumerate(mentions)],
    )
    if kind == "text":
        value = message.get("text", message.get("body")) if isinstance(message, dict) else message
        draft.text = check_text(
            value, name="message.text" if isinstance(message, dict) else "message"
        )
    elif kind in (*MEDIA_TYPES, "media"):
        draft.media = _media_source(body, kind)
        if draft.media is None:
            raise ValidationFailed(
                f"message.{kind} is required (url, base64, buffer, path or mediaId)",
                field=f"message.{kind}",
            )
        caption = extra.get("caption", body.caption)
        if caption is None and isinstance(message, str):
            caption = message  # seed 02: {"message": "Aquí tienes tu factura", "mediaId": …}
        draft.text = check_text(caption, name="message.caption", required=False)
        draft.ptt = body.type == "ptt" or extra.get("ptt") is True
        draft.filename = draft.media.filename or _optional_str(
            extra.get("fileName"), name="message.fileName", limit=255
        )
    elif kind == "location":
        draft.location = _location(message)
    elif kind == "contact":
        draft.display_name, draft.vcards = _contacts(message)
        draft.display_name = draft.display_name or _display_name_of(draft.vcards[0])
    elif kind == "template":
        draft.template, draft.template_field = template_of(body)
    elif kind == "interactive":
        draft.interactive = interactive_of(body)
        draft.text = draft.interactive["body"]
    elif kind == "reaction":
        if isinstance(message, dict):
            emoji = message.get("reaction", message.get("emoji", message.get("text")))
            key = message.get("key")
            target = message.get("messageId") or (key.get("id") if isinstance(key, dict) else None)
        else:
            emoji, target = message, None
        if not isinstance(emoji, str) or len(emoji) > 16:
            raise ValidationFailed(
                'message.reaction must be an emoji ("" removes a reaction)',
                field="message.reaction",
            )
        draft.emoji = emoji
        draft.target_ref = _ref(target, name="message.messageId") or draft.quoted_ref
        draft.quoted_ref = None
        if draft.target_ref is None:
            raise ValidationFailed(
                "message.messageId (the message to react to) is required", field="message.messageId"
            )
    return draft


# ---- rows <-> engine content ------------------------------------------------------------------


def ref_dict(ref: MessageRef) -> dict[str, Any]:
    return {"chatId": ref.chat_id, "id": ref.id, "fromMe": ref.from_me, "senderId": ref.sender_id}


def ref_of(data: dict[str, Any] | None) -> MessageRef | None:
    if not data:
        return None
    return MessageRef(
        chat_id=data["chatId"],
        id=data["id"],
        from_me=bool(data["fromMe"]),
        sender_id=data.get("senderId"),
    )


def outbound(
    type_: str, content: dict[str, Any], media_data: bytes | None = None
) -> tuple[Outbound, MessageRef | None]:
    """The engine's content for a stored message, and the message it replies to."""
    mentions = list(content.get("mentions") or [])
    reply_to = ref_of(content.get("quoted"))
    result: Outbound
    if type_ == "text":
        result = Text(body=content["text"], mentions=mentions)
    elif type_ in MEDIA_TYPES:
        assert media_data is not None
        result = Media(
            kind=type_,
            data=media_data,
            mimetype=content["mimetype"],
            filename=content.get("filename"),
            caption=content.get("caption"),
            ptt=bool(content.get("ptt")),
            mentions=mentions,
        )
    elif type_ == "location":
        loc = content["location"]
        result = LocationPin(
            location=Location(
                latitude=loc["latitude"],
                longitude=loc["longitude"],
                name=loc.get("name"),
                address=loc.get("address"),
            )
        )
    elif type_ == "contact":
        result = ContactCards(
            display_name=content.get("displayName"), vcards=list(content["vcards"])
        )
    elif type_ == "reaction":
        target = ref_of(content["target"])
        assert target is not None
        result = Reaction(target=target, emoji=content["emoji"])
    elif type_ == "template":
        template = content["template"]
        result = TemplateMessage(
            name=template["name"],
            language=template["language"],
            components=list(template.get("components") or []),
        )
    elif type_ == "interactive":
        spec = content["interactive"]
        result = Interactive(
            kind=spec["type"],
            body=spec["body"],
            header=spec.get("header"),
            footer=spec.get("footer"),
            action=dict(spec["action"]),
        )
    else:
        raise ValidationFailed(f"Messages of type '{type_}' cannot be sent", field="type")
    return result, reply_to

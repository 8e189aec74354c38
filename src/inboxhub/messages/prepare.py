"""Turning a validated draft into something to send: recipients as JIDs, referenced messages
looked up, media fetched and checked, and (once the send is accepted) the file kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.addressing import to_jid
from inboxhub.db import row_id_in
from inboxhub.engines.base import MessageRef, Outbound
from inboxhub.errors import NotFound, ValidationFailed
from inboxhub.media import service as media_service
from inboxhub.media import sources
from inboxhub.media.models import MediaFile
from inboxhub.messages import content as contents
from inboxhub.messages.models import Message
from inboxhub.messages.schemas import MAX_RECIPIENTS, SendMessageRequest
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession


@dataclass(kw_only=True)
class Prepared:
    """A draft with its media fetched and its references looked up; nothing stored yet."""

    type: str
    body: str | None
    content: dict[str, Any]
    media: sources.ResolvedMedia | None = None
    mimetype: str | None = None
    referenced: str | None = None  # WhatsApp id of the quoted (or reacted-to) message
    chat_id: str | None = None  # a reaction goes to the chat of its target
    meta: dict[str, Any] = field(default_factory=dict)


async def find_message(
    db: AsyncSession, session: WhatsAppSession, ref: str, *, field: str = "messageId"
) -> Message:
    """A message of this session by its WhatsApp id, else by our numeric id (an all-digit
    WhatsApp id names its own message, whatever our ids are)."""
    scope = select(Message).where(Message.session_pk == session.id)
    found = (await db.execute(scope.where(Message.whatsapp_message_id == ref))).scalar_one_or_none()
    if found is None and (message_pk := row_id_in(ref)) is not None:
        found = (await db.execute(scope.where(Message.id == message_pk))).scalar_one_or_none()
    if found is None:
        raise NotFound(f"Message '{ref}' not found in this session", field=field)
    return found


def ref_of(message: Message, *, field: str) -> MessageRef:
    if not message.whatsapp_message_id:
        raise ValidationFailed(f"{field}: message {message.id} has not been sent yet", field=field)
    return MessageRef(
        chat_id=message.chat_id,
        id=message.whatsapp_message_id,
        from_me=message.from_me,
        sender_id=message.sender_id,
    )


def recipients_of(to: Any) -> tuple[list[str], bool]:
    if isinstance(to, list):
        if not to:
            raise ValidationFailed("to: give at least one recipient", field="to")
        if len(to) > MAX_RECIPIENTS:
            raise ValidationFailed(
                f"to: {len(to)} recipients; a bulk send takes at most {MAX_RECIPIENTS}", field="to"
            )
        jids = [to_jid(v if isinstance(v, str) else "", field=f"to[{i}]") for i, v in enumerate(to)]
        return list(dict.fromkeys(jids)), True
    if isinstance(to, int) and not isinstance(to, bool):
        to = str(to)
    if not isinstance(to, str):
        raise ValidationFailed("to: a number, a JID or a list of them is required", field="to")
    return [to_jid(to, field="to")], False


async def prepare(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, draft: contents.Draft
) -> Prepared:
    """Look up what the draft refers to and fetch its media; refuses a file of the wrong kind."""
    content: dict[str, Any] = {}
    if draft.mentions:
        content["mentions"] = draft.mentions
    prepared = Prepared(type=draft.type, body=draft.text, content=content)
    if draft.quoted_ref:
        quoted = ref_of(
            await find_message(db, session, draft.quoted_ref, field="quotedMessageId"),
            field="quotedMessageId",
        )
        content["quoted"] = contents.ref_dict(quoted)
        prepared.referenced = quoted.id
    if draft.type == "text":
        content["text"] = draft.text
    elif draft.media is not None:
        media = await sources.resolve(
            db, runtime, organization_id=session.organization_id, source=draft.media
        )
        kind = draft.type
        if kind == "media":
            guess = media_service.sniff(media.data) or media_service.clean_mimetype(
                media.declared_mimetype
            )
            kind = media_service.kind_of(guess or "application/octet-stream")
        mimetype = media_service.settle_mimetype(
            kind, media.data, media.declared_mimetype, field=draft.media.field
        )
        filename = media_service.safe_filename(
            draft.filename or media.filename
        ) or media_service.default_filename(kind, mimetype)
        prepared.type, prepared.media, prepared.mimetype = kind, media, mimetype
        content.update(
            caption=draft.text,
            filename=filename,
            mimetype=mimetype,
            ptt=draft.ptt and kind == "audio",
        )
        prepared.meta = {
            "filename": filename,
            "mimetype": mimetype,
            "size": len(media.data),
            "ptt": content["ptt"],
        }
    elif draft.location is not None:
        loc = draft.location
        content["location"] = {
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "name": loc.name,
            "address": loc.address,
        }
        prepared.body = loc.name
    elif draft.type == "contact":
        content.update(displayName=draft.display_name, vcards=draft.vcards)
    elif draft.template is not None:
        content["template"] = draft.template
        prepared.body = draft.template["name"]
    elif draft.interactive is not None:
        content["interactive"] = draft.interactive
        prepared.body = draft.interactive["body"]
    elif draft.type == "reaction":
        target = ref_of(
            await find_message(db, session, draft.target_ref or "", field="message.messageId"),
            field="message.messageId",
        )
        content.update(emoji=draft.emoji, target=contents.ref_dict(target))
        prepared.referenced, prepared.chat_id, prepared.body = target.id, target.chat_id, None
    return prepared


async def keep_media(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, prepared: Prepared
) -> MediaFile | None:
    media = prepared.media
    if media is None:
        return None
    if media.stored is not None and media.stored.mimetype == prepared.mimetype:
        return media.stored  # an upload is sent as it is, not copied
    assert prepared.mimetype is not None
    return await media_service.save_bytes(
        db,
        runtime,
        session=session,
        data=media.data,
        mimetype=prepared.mimetype,
        kind=prepared.type,
        source="outbound",
        filename=prepared.meta.get("filename"),
    )


async def build_content(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, body: SendMessageRequest
) -> tuple[Outbound, MessageRef | None]:
    """A send body as engine content, validated and with its media fetched, nothing stored.
    The sandbox uses it to play contacts writing with the same bodies as the send endpoint."""
    prepared = await prepare(db, runtime, session, contents.parse(body))
    return contents.outbound(
        prepared.type, prepared.content, prepared.media.data if prepared.media else None
    )

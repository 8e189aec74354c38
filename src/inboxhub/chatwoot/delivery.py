"""WhatsApp -> Chatwoot: the bridge's outbox deliveries, posted through Chatwoot's API.

A bridge is an outbox subscriber (kind ``chatwoot``) of its session's message events, so its
posts are durable, retried with backoff, dead-lettered, replayable and in order per chat like any
webhook. Each delivery reads what it needs, calls Chatwoot, then records the Chatwoot ids in a
short transaction of its own (no transaction is held while Chatwoot answers).
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from inboxhub.chatwoot import conversations
from inboxhub.chatwoot.client import Attachment, ChatwootClient, ChatwootError
from inboxhub.chatwoot.conversations import Context
from inboxhub.chatwoot.models import ChatwootBridge, ChatwootMessage
from inboxhub.config import Settings
from inboxhub.db import Database
from inboxhub.media.models import MediaFile
from inboxhub.messages.models import Message
from inboxhub.webhooks.delivery import Response
from inboxhub.webhooks.queue import Job

log = logging.getLogger(__name__)

# Idempotency keys of the sends an agent's Chatwoot message caused: such a message is never
# posted back to Chatwoot (``chatwoot:{bridge tag}:{conversation}:{message}:{part}``).
KEY_PREFIX = "chatwoot:"
# ``source_id`` of every message the bridge posts: its webhook is recognised and dropped.
SOURCE_PREFIX = "WAID:"
IMPORT_EVENT = "chatwoot.import"
STATUS_TO_CHATWOOT = {
    "delivered": "delivered",
    "read": "read",
    "played": "read",
    "failed": "failed",
}
_IMPORT_LIMIT = 500
_IMPORT_BUDGET_SECONDS = 20.0


class Skip(Exception):
    """Nothing to post, and trying again will not change that."""


def chatwoot_origin(message: Message) -> tuple[int, int] | None:
    """(conversation, Chatwoot message) of a send an agent's message caused, else None."""
    key = message.idempotency_key or ""
    if not key.startswith(KEY_PREFIX):
        return None
    parts = key.split(":")
    if len(parts) != 5 or not (parts[2].isdigit() and parts[3].isdigit()):
        return None
    return int(parts[2]), int(parts[3])


def _text_of(message: Message, *, group_sender: str | None) -> str:
    content = message.content or {}
    if message.type == "location":
        loc = content.get("location") or {}
        where = " ".join(str(v) for v in (loc.get("name"), loc.get("address")) if v)
        lat, lng = loc.get("latitude"), loc.get("longitude")
        text = f"📍 {where}\nhttps://maps.google.com/?q={lat},{lng}".strip()
    elif message.type == "contact":
        text = f"👤 {content.get('displayName') or ''}".strip()
        for card in content.get("vcards") or []:
            for line in str(card).splitlines():
                if line.upper().startswith("TEL"):
                    text += "\n" + line.split(":", 1)[-1]
    elif message.type == "reaction":
        text = str(content.get("emoji") or "")
    else:
        text = message.body or ""
    if message.revoked_at is not None:
        text = "🗑️ " + (text or "(deleted)")
    if group_sender:
        text = f"**{group_sender}:**\n{text}"
    return text


def _attachment(settings: Settings, media: MediaFile | None) -> Attachment | None:
    if media is None or not media.storage_key:
        return None
    path = settings.media_dir / media.storage_key
    if not path.is_file():
        return None
    return Attachment(filename=media.filename, data=path.read_bytes(), mimetype=media.mimetype)


async def _mapped(ctx: Context, **where: Any) -> ChatwootMessage | None:
    async with ctx.database.sessionmaker() as db:
        stmt = select(ChatwootMessage).where(ChatwootMessage.bridge_id == ctx.bridge.id)
        for name, value in where.items():
            stmt = stmt.where(getattr(ChatwootMessage, name) == value)
        return (await db.execute(stmt.order_by(ChatwootMessage.id).limit(1))).scalars().first()


async def _load(ctx: Context, message_pk: int) -> tuple[Message, MediaFile | None] | None:
    async with ctx.database.sessionmaker() as db:
        message = await db.get(Message, message_pk)
        if message is None or message.session_pk != ctx.bridge.session_pk:
            return None
        media = await db.get(MediaFile, message.media_id) if message.media_id else None
        return message, media


async def post_message(ctx: Context, message: Message, media: MediaFile | None) -> str:
    """Show one WhatsApp message in its chat's conversation (incoming, or outgoing if ours)."""
    if await _mapped(ctx, message_pk=message.id) is not None:
        return f"message {message.id} is already in Chatwoot"
    if chatwoot_origin(message) is not None:
        return f"message {message.id} came from Chatwoot"
    is_group = message.chat_id.endswith("@g.us")
    sender = None
    if is_group and not message.from_me:
        sender = message.push_name or (message.sender_id or "").split("@", 1)[0]
    text = _text_of(message, group_sender=sender)
    reply_to = None
    if message.quoted_message_id:
        quoted = await _mapped(ctx, whatsapp_message_id=message.quoted_message_id)
        reply_to = quoted.chatwoot_message_id if quoted else None
    if message.type == "reaction" and (not text or reply_to is None):
        return "a reaction to a message Chatwoot does not show"
    attachment = await asyncio.to_thread(_attachment, ctx.settings, media)
    if media is not None and attachment is None:
        text = (text + "\n" if text else "") + f"[{media.kind}: {media.filename}, not downloaded]"
    incoming = not message.from_me
    posted: dict[str, Any] | None = None
    for _ in range(2):
        conversation_id = await conversations.ensure(ctx, message.chat_id, incoming=incoming)
        try:
            posted = await ctx.client.create_message(
                conversation_id,
                content=text,
                message_type="incoming" if incoming else "outgoing",
                source_id=SOURCE_PREFIX + (message.whatsapp_message_id or str(message.id)),
                in_reply_to=reply_to,
                attachments=[attachment] if attachment else None,
            )
            break
        except ChatwootError as exc:
            if not exc.gone:
                raise
            # The conversation was deleted in Chatwoot: a new one, once.
            await conversations.forget(ctx, message.chat_id)
    if posted is None or not isinstance(posted.get("id"), int):
        raise ChatwootError("Chatwoot created no message")
    await _remember(ctx, message, int(posted["id"]), conversation_id, "to_chatwoot")
    return f"message {message.id} posted as {posted['id']}"


async def _remember(
    ctx: Context, message: Message, chatwoot_id: int, conversation_id: int, direction: str
) -> None:
    async with ctx.database.sessionmaker() as db, db.begin():
        db.add(
            ChatwootMessage(
                bridge_id=ctx.bridge.id,
                message_pk=message.id,
                whatsapp_message_id=message.whatsapp_message_id,
                chatwoot_message_id=chatwoot_id,
                conversation_id=conversation_id,
                direction=direction,
            )
        )


async def _on_status(ctx: Context, payload: dict[str, Any]) -> str:
    message_pk = int(payload.get("messageId") or 0)
    status = str(payload.get("status") or "")
    loaded = await _load(ctx, message_pk)
    if loaded is None:
        return "no such message"
    message, media = loaded
    origin = chatwoot_origin(message)
    if status == "sent" and origin is None:
        # An API, bot or template send is accepted: the agents see it as ours.
        return await post_message(ctx, message, media)
    wanted = STATUS_TO_CHATWOOT.get(status)
    if wanted is None:
        return f"status {status} is not shown in Chatwoot"
    if origin is not None:
        conversation_id, chatwoot_id = origin
    else:
        mapped = await _mapped(ctx, message_pk=message_pk)
        if mapped is None:
            return "the message is not in Chatwoot"
        conversation_id, chatwoot_id = mapped.conversation_id, mapped.chatwoot_message_id
    await ctx.client.update_message_status(
        conversation_id, chatwoot_id, status=wanted, error=payload.get("error")
    )
    return f"status {wanted} of {chatwoot_id}"


async def _on_update(ctx: Context, payload: dict[str, Any]) -> str:
    message_pk = int(payload.get("messageId") or 0)
    mapped = await _mapped(ctx, message_pk=message_pk)
    loaded = await _load(ctx, message_pk)
    origin = chatwoot_origin(loaded[0]) if loaded else None
    target = (mapped.conversation_id, mapped.chatwoot_message_id) if mapped else origin
    if target is None or loaded is None:
        return "the message is not in Chatwoot"
    conversation_id, chatwoot_id = target
    if payload.get("action") == "revoked":
        try:
            await ctx.client.delete_message(conversation_id, chatwoot_id)
        except ChatwootError as exc:
            if not exc.gone:
                raise
        return f"deleted {chatwoot_id}"
    message = loaded[0]
    text = f"✏️ {payload.get('body') or ''}"
    await ctx.client.create_message(
        conversation_id,
        content=text,
        message_type="outgoing" if message.from_me else "incoming",
        source_id=f"{SOURCE_PREFIX}{message.whatsapp_message_id}:edit:{int(time.time())}",
        in_reply_to=chatwoot_id,
    )
    return f"edit of {chatwoot_id} shown"


async def _on_import(ctx: Context, payload: dict[str, Any]) -> str:
    since = datetime.fromisoformat(str(payload["since"]))
    chat_id = str(payload["chatId"])
    async with ctx.database.sessionmaker() as db:
        stmt = (
            select(Message.id)
            .where(
                Message.session_pk == ctx.bridge.session_pk,
                Message.chat_id == chat_id,
                Message.timestamp >= since,
                Message.status.not_in(("queued", "pending", "failed")),
                Message.type != "reaction",
            )
            .order_by(Message.timestamp, Message.id)
            .limit(_IMPORT_LIMIT)
        )
        ids = list((await db.execute(stmt)).scalars())
    posted = 0
    started = time.monotonic()
    for message_pk in ids:
        if time.monotonic() - started > _IMPORT_BUDGET_SECONDS:
            # Well inside the claim's lease: the next attempt goes on where this one stopped.
            raise ChatwootError(f"import paused after {posted} message(s); it goes on next try")
        loaded = await _load(ctx, message_pk)
        if loaded is not None and await _mapped(ctx, message_pk=message_pk) is None:
            await post_message(ctx, *loaded)
            posted += 1
    return f"{posted} message(s) of {chat_id} imported"


async def bridge(ctx: Context, job: Job) -> str:
    payload = job.payload
    if job.event_type in ("message.received", "message.sent"):
        inner = payload.get("message") or {}
        loaded = await _load(ctx, int(inner.get("messageId") or 0))
        if loaded is None:
            return "no such message"
        return await post_message(ctx, *loaded)
    if job.event_type == "message.status":
        return await _on_status(ctx, payload)
    if job.event_type == "message.updated":
        return await _on_update(ctx, payload)
    if job.event_type == IMPORT_EVENT:
        return await _on_import(ctx, payload)
    return f"{job.event_type} is not shown in Chatwoot"


class ChatwootSender:
    """The worker's way to deliver a ``chatwoot`` subscriber's events."""

    async def send(self, database: Database, settings: Settings, job: Job) -> Response:
        started = datetime.now(UTC)
        clock = time.perf_counter()
        result = Response(started_at=started, duration_ms=0)
        try:
            async with database.sessionmaker() as db:
                found = await db.execute(
                    select(ChatwootBridge).where(
                        ChatwootBridge.subscription_id == job.subscription_id
                    )
                )
                bridge_row = found.scalars().first()
            if bridge_row is None:
                result.status_code, result.body = 204, "the bridge was removed"
            else:
                async with ChatwootClient(
                    bridge_row.base_url,
                    bridge_row.account_id,
                    bridge_row.api_access_token,
                    allow_private=settings.allow_private_targets,
                    timeout=max(settings.webhook_timeout_seconds, 15.0),
                ) as client:
                    ctx = Context(bridge_row, client, database, settings)
                    result.status_code, result.body = 200, await bridge(ctx, job)
        except ChatwootError as exc:
            result.status_code, result.error = exc.status, str(exc)[:500]
            if not exc.retryable and exc.status not in (401, 403, 404):
                # Chatwoot refuses this one for good: logged, and the chat's next ones go on.
                result.status_code, result.body = 204, f"not posted: {exc}"[:1000]
                result.error = None
        except Exception as exc:
            log.exception("Chatwoot delivery %s failed unexpectedly", job.delivery_id)
            result.error = f"unexpected error: {type(exc).__name__}"
        result.duration_ms = int((time.perf_counter() - clock) * 1000)
        return result


chatwoot_sender = ChatwootSender()

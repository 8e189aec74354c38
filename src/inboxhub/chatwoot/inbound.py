"""Chatwoot -> WhatsApp: the inbox's webhook events.

An agent's public message is sent through the session before the webhook is answered: its rows
are committed by the messaging feature's send (idempotent on the Chatwoot message, so a
redelivered webhook sends nothing twice); a send that cannot even be recorded answers an error,
which Chatwoot shows on the message as failed. Private notes, messages of other inboxes and the
bridge's own posts (``source_id`` ``WAID:…``) never leave. Assigning a conversation hands its chat
to a human (the bot goes quiet, by the handover's rules); resolving it gives the chat back.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.chatwoot import conversations
from inboxhub.chatwoot.delivery import KEY_PREFIX, SOURCE_PREFIX
from inboxhub.chatwoot.models import ChatwootBridge, ChatwootConversation, ChatwootMessage
from inboxhub.chatwoot.service import key_tag
from inboxhub.db import commit_now, utcnow
from inboxhub.errors import InvalidToken, NotFound, ValidationFailed
from inboxhub.handover import service as handover
from inboxhub.handover.settings import effective
from inboxhub.handover.tickets import add_entry, open_ticket_of_chat
from inboxhub.messages import changes
from inboxhub.messages import service as messages
from inboxhub.messages.models import Message
from inboxhub.messages.schemas import SendMessageRequest
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession

log = logging.getLogger(__name__)

SIGNATURE_TOLERANCE_SECONDS = 300
_OWN_POST_WAIT_SECONDS = 3.0
MAX_BODY_BYTES = 1_000_000
_KINDS = {"image": "image", "video": "video", "audio": "audio", "file": "document"}


async def find_bridge(db: AsyncSession, public_id: str) -> tuple[ChatwootBridge, WhatsAppSession]:
    bridge = (
        await db.execute(select(ChatwootBridge).where(ChatwootBridge.public_id == public_id))
    ).scalar_one_or_none()
    session = await db.get(WhatsAppSession, bridge.session_pk) if bridge else None
    if bridge is None or session is None:
        raise NotFound("No such Chatwoot bridge", field="bridgeId")
    return bridge, session


def verify(bridge: ChatwootBridge, body: bytes, headers: dict[str, str]) -> None:
    """Chatwoot 4.13+ signs ``{timestamp}.{body}`` with the inbox's secret; older ones sign
    nothing, and the unguessable URL is what authenticates them."""
    signature = headers.get("x-chatwoot-signature")
    if not signature or not bridge.webhook_secret:
        return
    timestamp = headers.get("x-chatwoot-timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > SIGNATURE_TOLERANCE_SECONDS:
        raise InvalidToken(
            "X-Chatwoot-Timestamp is missing or too old", field="X-Chatwoot-Timestamp"
        )
    expected = hmac.new(
        bridge.webhook_secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(signature.strip(), f"sha256={expected}"):
        raise InvalidToken("X-Chatwoot-Signature does not match", field="X-Chatwoot-Signature")


async def _chat_of(
    db: AsyncSession, bridge: ChatwootBridge, conversation: dict[str, Any]
) -> str | None:
    conversation_id = conversation.get("id")
    if isinstance(conversation_id, int):
        row = (
            await db.execute(
                select(ChatwootConversation.chat_id).where(
                    ChatwootConversation.bridge_id == bridge.id,
                    ChatwootConversation.conversation_id == conversation_id,
                )
            )
        ).scalar()
        if row:
            return row
    return conversations.chat_of(conversation)


def _ours(bridge: ChatwootBridge, payload: dict[str, Any]) -> bool:
    inbox = payload.get("inbox") or {}
    inbox_id = inbox.get("id") if isinstance(inbox, dict) else None
    if inbox_id is None:
        inbox_id = (payload.get("conversation") or payload).get("inbox_id")
    return inbox_id is None or inbox_id == bridge.inbox_id


async def handle(
    db: AsyncSession, runtime: Runtime, public_id: str, body: bytes, headers: dict[str, str]
) -> dict[str, Any]:
    bridge, session = await find_bridge(db, public_id)
    verify(bridge, body, headers)
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise ValidationFailed("Malformed JSON body", field="body") from exc
    if not isinstance(payload, dict):
        raise ValidationFailed("The body must be a JSON object", field="body")
    event = str(payload.get("event") or "")
    if not _ours(bridge, payload):
        return {"event": event, "action": "ignored", "reason": "another inbox"}
    if event == "message_created":
        return await _message_created(db, runtime, bridge, session, payload)
    if event == "message_updated":
        return await _message_updated(db, runtime, bridge, session, payload)
    if event.startswith("conversation_"):
        return await _conversation_changed(db, runtime, bridge, session, payload)
    return {"event": event, "action": "ignored"}


# ---- agents' messages -------------------------------------------------------------------------


def _skip_reason(payload: dict[str, Any]) -> str | None:
    if payload.get("message_type") not in ("outgoing", 1, "template", 3):
        return "not an agent's message"
    if payload.get("private"):
        return "a private note"
    if str(payload.get("source_id") or "").startswith(SOURCE_PREFIX):
        return "posted by the bridge"
    if (payload.get("content_attributes") or {}).get("deleted"):
        return "deleted"
    return None


async def _quoted(db: AsyncSession, bridge: ChatwootBridge, payload: dict[str, Any]) -> str | None:
    attributes = payload.get("content_attributes") or {}
    external = attributes.get("in_reply_to_external_id")
    if isinstance(external, str) and external.startswith(SOURCE_PREFIX):
        return external.removeprefix(SOURCE_PREFIX).split(":", 1)[0]
    reply_to = attributes.get("in_reply_to")
    if not isinstance(reply_to, int):
        return None
    return (
        await db.execute(
            select(ChatwootMessage.whatsapp_message_id).where(
                ChatwootMessage.bridge_id == bridge.id,
                ChatwootMessage.chatwoot_message_id == reply_to,
            )
        )
    ).scalar()


def _requests(
    bridge: ChatwootBridge, payload: dict[str, Any], chat_id: str, quoted: str | None
) -> list[SendMessageRequest]:
    text = str(payload.get("content") or "")
    sender = payload.get("sender") or {}
    name = sender.get("available_name") or sender.get("name") if isinstance(sender, dict) else None
    if bridge.sign_messages and name and text:
        text = f"*{name}:*\n{text}"
    files = [
        a for a in payload.get("attachments") or [] if isinstance(a, dict) and a.get("data_url")
    ]
    if not files:
        return [SendMessageRequest(to=chat_id, type="text", message=text, quoted_message_id=quoted)]
    requests = []
    for i, attachment in enumerate(files):
        kind = _KINDS.get(str(attachment.get("file_type")), "document")
        url = str(attachment["data_url"])
        filename = url.rsplit("/", 1)[-1].split("?", 1)[0] or None
        caption = text if i == 0 and text and kind != "audio" else None
        requests.append(
            SendMessageRequest(
                to=chat_id,
                type=kind,
                media_url=url,
                caption=caption,
                file_name=filename if kind == "document" else None,
                quoted_message_id=quoted if i == 0 else None,
            )
        )
    if text and files and _KINDS.get(str(files[0].get("file_type"))) == "audio":
        requests.insert(0, SendMessageRequest(to=chat_id, type="text", message=text))
    return requests


async def _message_created(
    db: AsyncSession,
    runtime: Runtime,
    bridge: ChatwootBridge,
    session: WhatsAppSession,
    payload: dict[str, Any],
) -> dict[str, Any]:
    reason = _skip_reason(payload)
    chatwoot_id = payload.get("id")
    conversation = payload.get("conversation") or {}
    conversation_id = conversation.get("id")
    if reason is None and not (isinstance(chatwoot_id, int) and isinstance(conversation_id, int)):
        reason = "no message or conversation id"
    chat_id = await _chat_of(db, bridge, conversation) if reason is None else None
    if reason is None and chat_id is None:
        reason = "the conversation is not about a WhatsApp chat"
    if reason is None and await _posted_by_bridge(db, bridge, chatwoot_id, payload):
        # A Chatwoot that drops ``source_id``: the bridge's own post is known by its id.
        reason = "posted by the bridge"
    if reason is not None:
        return {"event": "message_created", "action": "ignored", "reason": reason}
    assert chat_id is not None and isinstance(chatwoot_id, int)
    assert isinstance(conversation_id, int)
    quoted = await _quoted(db, bridge, payload)
    tag = key_tag(bridge)
    sent: list[Message] = []
    for part, request in enumerate(_requests(bridge, payload, chat_id, quoted)):
        key = f"{KEY_PREFIX}{tag}:{conversation_id}:{chatwoot_id}:{part}"
        outcome = await messages.send(db, runtime, session, request, idempotency_key=key)
        sent += outcome.messages
    await _remember_sent(db, bridge, sent, chatwoot_id, conversation_id)
    await _agent_spoke(db, runtime, session, chat_id, payload)
    return {
        "event": "message_created",
        "action": "sent",
        "chatId": chat_id,
        "messageIds": [m.id for m in sent],
    }


async def _posted_by_bridge(
    db: AsyncSession, bridge: ChatwootBridge, chatwoot_id: Any, payload: dict[str, Any]
) -> bool:
    """Whether the bridge posted this message, for a Chatwoot that drops ``source_id``.

    Its webhook can come before the bridge has recorded the id Chatwoot gave the post: a
    message of the token's own user is given a moment for that record to appear.
    """
    sender = payload.get("sender") or {}
    by_token_user = (
        isinstance(sender, dict)
        and bridge.token_user_id is not None
        and sender.get("id") == bridge.token_user_id
        and sender.get("type") in (None, "user")
    )
    waited = 0.0
    while True:
        found = await db.execute(
            select(ChatwootMessage.id).where(
                ChatwootMessage.bridge_id == bridge.id,
                ChatwootMessage.chatwoot_message_id == chatwoot_id,
                ChatwootMessage.direction == "to_chatwoot",
            )
        )
        if found.first() is not None:
            return True
        if not by_token_user or waited >= _OWN_POST_WAIT_SECONDS:
            return False
        await commit_now(db)  # a new snapshot sees what the worker has recorded since
        await asyncio.sleep(0.1)
        waited += 0.1


async def _remember_sent(
    db: AsyncSession,
    bridge: ChatwootBridge,
    sent: list[Message],
    chatwoot_id: int,
    conversation_id: int,
) -> None:
    known = set(
        (
            await db.execute(
                select(ChatwootMessage.message_pk).where(
                    ChatwootMessage.bridge_id == bridge.id,
                    ChatwootMessage.message_pk.in_([m.id for m in sent]),
                )
            )
        ).scalars()
    )
    for message in sent:
        if message.id not in known:
            db.add(
                ChatwootMessage(
                    bridge_id=bridge.id,
                    message_pk=message.id,
                    whatsapp_message_id=message.whatsapp_message_id,
                    chatwoot_message_id=chatwoot_id,
                    conversation_id=conversation_id,
                    direction="from_chatwoot",
                )
            )


async def _agent_spoke(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    chat_id: str,
    payload: dict[str, Any],
) -> None:
    """An agent answering keeps the chat's handover alive (its idle timer starts again)."""
    ticket = await open_ticket_of_chat(db, session.id, chat_id)
    if ticket is None or ticket.status != "active":
        return
    now = utcnow()
    sender = payload.get("sender") or {}
    await add_entry(
        db,
        ticket,
        author="agent",
        agent_id=f"chatwoot:{sender.get('id')}" if isinstance(sender, dict) else None,
        content=str(payload.get("content") or "")[:4000],
    )
    eff = await effective(db, runtime.settings, session.organization_id)
    ticket.first_response_at = ticket.first_response_at or now
    ticket.last_activity_at = now
    ticket.idle_deadline = now + eff.agent_idle_timeout


async def _message_updated(
    db: AsyncSession,
    runtime: Runtime,
    bridge: ChatwootBridge,
    session: WhatsAppSession,
    payload: dict[str, Any],
) -> dict[str, Any]:
    """An agent deleting their message in Chatwoot deletes it for everyone on WhatsApp."""
    if not (payload.get("content_attributes") or {}).get("deleted"):
        return {"event": "message_updated", "action": "ignored"}
    rows = (
        await db.execute(
            select(ChatwootMessage.message_pk).where(
                ChatwootMessage.bridge_id == bridge.id,
                ChatwootMessage.chatwoot_message_id == payload.get("id"),
                ChatwootMessage.direction == "from_chatwoot",
            )
        )
    ).scalars()
    revoked = []
    for message_pk in list(rows):
        message = await db.get(Message, message_pk)
        if message is not None and message.from_me and message.revoked_at is None:
            await changes.revoke(db, runtime, session, str(message.id))
            revoked.append(message.id)
    return {"event": "message_updated", "action": "deleted", "messageIds": revoked}


# ---- handover ---------------------------------------------------------------------------------


async def _conversation_changed(
    db: AsyncSession,
    runtime: Runtime,
    bridge: ChatwootBridge,
    session: WhatsAppSession,
    payload: dict[str, Any],
) -> dict[str, Any]:
    event = str(payload.get("event"))
    conversation_id = payload.get("id")
    chat_id = await _chat_of(db, bridge, payload)
    if not isinstance(conversation_id, int) or chat_id is None:
        return {"event": event, "action": "ignored", "reason": "not a WhatsApp chat"}
    status = str(payload.get("status") or "open")
    assignee = (payload.get("meta") or {}).get("assignee") or None
    row = (
        await db.execute(
            select(ChatwootConversation).where(
                ChatwootConversation.bridge_id == bridge.id,
                ChatwootConversation.chat_id == chat_id,
            )
        )
    ).scalar_one_or_none()
    if row is not None and row.conversation_id in (None, conversation_id):
        row.conversation_id, row.status = conversation_id, status
        row.assignee_id = assignee.get("id") if isinstance(assignee, dict) else None
    if chat_id.endswith("@g.us"):
        return {"event": event, "action": "recorded"}
    action = await _hand_over(db, runtime, session, chat_id, status, assignee)
    return {"event": event, "action": action, "chatId": chat_id}


async def _hand_over(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    chat_id: str,
    status: str,
    assignee: Any,
) -> str:
    settings = runtime.settings
    ticket = await open_ticket_of_chat(db, session.id, chat_id)
    if status == "resolved":
        if ticket is None:
            return "recorded"
        await handover.close(db, settings, session, ticket, reason="resolved")
        return "returned_to_bot"
    if not isinstance(assignee, dict) or assignee.get("id") is None:
        return "recorded"
    agent_id = f"chatwoot:{assignee['id']}"
    if ticket is None:
        ticket = await handover.open_ticket(
            db,
            settings,
            session,
            chat_id=chat_id,
            category="chatwoot",
            priority="media",
            source="chatwoot",
            notify_crm=False,
            tell_customer=False,
        )
    name = assignee.get("available_name") or assignee.get("name")
    action = await handover.assign(
        db,
        settings,
        session,
        ticket,
        agent_id=agent_id,
        agent_name=name if isinstance(name, str) else None,
    )
    return "unchanged" if action == "unchanged" else "assigned"

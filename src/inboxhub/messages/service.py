"""Sending messages: one recipient or a bulk list, every type, paced and idempotent.

``send`` is the one way the gateway sends: the HTTP endpoint, message templates and the bulk
pacer all go through it, so validation, idempotency, pacing and statuses are the same everywhere.
A send is durable before WhatsApp hears of it: the row is committed as ``pending`` (or ``queued``
past the per-session rate), then the engine is called, then the engine's id and ``sent`` are
recorded through the write queue, in order with the receipts that follow (``delivery.py``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import commit_now, utcnow
from inboxhub.engines.base import Capability
from inboxhub.errors import (
    ApiError,
    Conflict,
    EngineFailure,
    EngineNotSupported,
    SessionNotFound,
    ValidationFailed,
)
from inboxhub.messages import content as contents
from inboxhub.messages import pacer, payloads, service_window
from inboxhub.messages.delivery import deliver
from inboxhub.messages.models import Message
from inboxhub.messages.prepare import keep_media, prepare, recipients_of
from inboxhub.messages.schemas import SendMessageRequest
from inboxhub.messages.send_records import NewSends
from inboxhub.meta_templates import service as meta_templates
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import between_nodes, require_connected

log = logging.getLogger(__name__)

# How long a new send waits for a database that went away before the client is told to retry.
_DATABASE_PATIENCE = 3.0
# A send for a session this node is taking over from another waits this long for it to connect
# (a move takes a second or two), then hears SESSION_MOVING.
_ARRIVAL_WAIT_SECONDS = 5.0


class IdempotencyKeyReused(Conflict):
    code = "IDEMPOTENCY_KEY_REUSED"


@dataclass(kw_only=True)
class SendOutcome:
    messages: list[Message]
    bulk: bool
    replayed: bool = False
    batch_id: str | None = None


async def _allowance(runtime: Runtime, session: WhatsAppSession, count: int, *, bulk: bool) -> int:
    """How many of ``count`` messages may go out now; a single send past the rate is refused."""
    item = runtime.limits.messages
    if item is None:
        return count
    if not bulk:
        await runtime.limiter.enforce(
            item, "messages", session.session_id, what="messages for this session"
        )
        return 1
    allowed = 0
    while (
        allowed < count
        and (await runtime.limiter.hit(item, "messages", session.session_id)).allowed
    ):
        allowed += 1
    return allowed


def request_hash(body: SendMessageRequest) -> str:
    # ``template`` is left out when absent, so bodies hash as they did before it existed.
    dump = body.model_dump(mode="json", exclude={"template"} if body.template is None else None)
    canonical = json.dumps(dump, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def _replay(
    db: AsyncSession, session: WhatsAppSession, key: str, digest: str
) -> SendOutcome | None:
    rows = list(
        (
            await db.execute(
                select(Message)
                .where(Message.session_pk == session.id, Message.idempotency_key == key)
                .order_by(Message.id)
            )
        ).scalars()
    )
    if not rows:
        return None
    if rows[0].request_hash != digest:
        raise IdempotencyKeyReused(
            "This Idempotency-Key was used for a different request", field="Idempotency-Key"
        )
    return SendOutcome(
        messages=rows, bulk=rows[0].batch_id is not None, replayed=True, batch_id=rows[0].batch_id
    )


# ---- sending ----------------------------------------------------------------------------------


async def send(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    body: SendMessageRequest,
    *,
    idempotency_key: str | None = None,
) -> SendOutcome:
    """Send one message to one recipient, or to a list of up to 50 (bulk, paced to the rate).

    Raises the engine's error for a single send that fails (the row stays, ``failed``); in bulk,
    each recipient's row carries its own status. With ``idempotency_key`` a retried call returns
    the messages of the first one instead of sending again.
    """
    recipients, bulk = recipients_of(body.to)
    draft = contents.parse(body)
    if bulk and draft.type == "reaction":
        raise ValidationFailed("to: a reaction goes to one chat, not a list", field="to")
    digest = request_hash(body) if idempotency_key else None
    if idempotency_key and digest:
        replay = await _replay(db, session, idempotency_key, digest)
        if replay is not None:
            return replay
    if between_nodes(runtime, session):
        await runtime.pool.arrival(session.session_id, within=_ARRIVAL_WAIT_SECONDS)
    client = require_connected(runtime, session)
    if draft.type == "template" and Capability.TEMPLATES not in client.capabilities:
        # Refused before anything is stored: no engine but the Cloud API can send one.
        raise EngineNotSupported(
            f"Session '{session.session_id}' ({session.engine} engine) cannot send templates; "
            "they are a Cloud API feature",
            field="type",
        )
    if draft.type == "interactive" and Capability.INTERACTIVE not in client.capabilities:
        raise EngineNotSupported(
            f"Session '{session.session_id}' ({session.engine} engine) cannot send interactive "
            "messages: WhatsApp shows buttons, lists and flows only from the Business Platform "
            "(the cloud engine); a linked device's are not displayed",
            field="type",
        )
    if draft.template is not None:
        draft.template = await meta_templates.for_send(
            db, session, draft.template, where=draft.template_field
        )
    # Checked before any media is fetched; a reaction's chat is its target's, known below.
    closed = {}
    if draft.type != "reaction":
        closed = await service_window.closed_for(db, session, client, draft.type, recipients)
    if closed and not bulk:
        raise closed[recipients[0]]  # nothing stored: the send never was
    prepared = await prepare(db, runtime, session, draft)
    if prepared.chat_id:
        recipients = [prepared.chat_id]
        closed = await service_window.closed_for(db, session, client, prepared.type, recipients)
        if closed:
            raise closed[recipients[0]]
    allowed = await _allowance(runtime, session, len(recipients) - len(closed), bulk=bulk)
    media = await keep_media(db, runtime, session, prepared)
    now = utcnow()
    batch_id = "bat_" + uuid.uuid4().hex if bulk else None
    # In a bulk send, the recipients outside the window get a failed row each, never sent.
    outside = [c for c in recipients if c in closed]
    recipients = [c for c in recipients if c not in closed]
    values = [
        {
            "organization_id": session.organization_id,
            "session_pk": session.id,
            "chat_id": chat_id,
            "from_me": True,
            "type": prepared.type,
            "body": prepared.body,
            "content": prepared.content,
            "media_id": media.id if media else None,
            "media": {**prepared.meta, "id": media.id} if media else None,
            "quoted_message_id": prepared.referenced,
            "status": "pending" if i < allowed else "queued",
            "scheduled_at": None if i < allowed else now,
            "source": "api",
            "idempotency_key": idempotency_key,
            "request_hash": digest,
            "batch_id": batch_id,
            "timestamp": now,
        }
        for i, chat_id in enumerate(recipients + outside)
    ]
    for row_values, chat_id in zip(values[len(recipients) :], outside, strict=True):
        refusal = closed[chat_id]
        row_values.update(
            status="failed", scheduled_at=None, error=refusal.message, error_code=refusal.code
        )
    # Hand the request's connection back before waiting on the write queue, which needs one.
    await commit_now(db)
    request = NewSends(session_id=session.session_id, values=values)
    # What the pacer sends of this bulk goes out after what the request itself sends.
    with pacer.holding(runtime, session.id) if allowed < len(recipients) else nullcontext():
        try:
            # Not sent yet: while the database is away, the client is told to retry.
            await runtime.writes.submit(request, refuse_after=_DATABASE_PATIENCE)
        except RuntimeError:
            # Not recorded: a concurrent call with the same Idempotency-Key won the race.
            if idempotency_key and digest:
                replay = await _replay(db, session, idempotency_key, digest)
                if replay is not None:
                    return replay
            raise
        rows = request.stored
        if not rows:
            raise SessionNotFound(f"Session '{session.session_id}' was deleted", field="sessionId")
        data = prepared.media.data if prepared.media else None
        for row in rows[:allowed]:
            error = await deliver(db, runtime, session, client, row, data)
            if error is not None and not bulk:
                raise error
    return SendOutcome(messages=rows, bulk=bulk, batch_id=batch_id)


async def send_text(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    *,
    to: str | list[str],
    text: str,
    idempotency_key: str | None = None,
    quoted_message_id: str | None = None,
) -> SendOutcome:
    """Send rendered text (message templates use this): one recipient or a bulk list, with the
    same validation (4096 characters, 50 recipients), pacing, idempotency and statuses as
    ``POST /api/messages/{sessionId}/send``. Present the result with ``present``."""
    body = SendMessageRequest(to=to, message=text, type="text", quoted_message_id=quoted_message_id)
    return await send(db, runtime, session, body, idempotency_key=idempotency_key)


def present(runtime: Runtime, session: WhatsAppSession, outcome: SendOutcome) -> dict[str, Any]:
    """The ``data`` of a send answer: seed 01's ``message`` (single) or the list (bulk)."""
    views = [payloads.message_view(runtime, session.session_id, m) for m in outcome.messages]
    if not outcome.bulk:
        view = views[0]
        return {
            "message": view,
            "messageId": view["id"],
            "whatsappMessageId": view["whatsappMessageId"],
            "status": view["status"],
            "timestamp": view["timestamp"],
        }
    counts = {s: sum(1 for v in views if v["status"] == s) for s in ("sent", "queued", "failed")}
    counts["sent"] += sum(
        1 for v in views if v["status"] in ("pending", "delivered", "read", "played")
    )
    return {"messages": views, "total": len(views), "batchId": outcome.batch_id, **counts}


# HTTP status of the codes an engine answers a send with (anything else: 502).
_FAILURE_STATUS = {
    "INVALID_RECIPIENT": 400,
    "NOT_FOUND": 404,
    "SESSION_NOT_CONNECTED": 409,
    "RATE_LIMIT_EXCEEDED": 429,
    "ENGINE_NOT_SUPPORTED": 501,
}


def replayed_failure(outcome: SendOutcome) -> ApiError | None:
    """A retried single send whose first attempt failed answers with the same failure."""
    if not (outcome.replayed and not outcome.bulk and outcome.messages[0].status == "failed"):
        return None
    first = outcome.messages[0]
    code = first.error_code or EngineFailure.code
    failure: type[ApiError] = type(
        "ReplayedFailure",
        (ApiError,),
        {"code": code, "status_code": _FAILURE_STATUS.get(code, EngineFailure.status_code)},
    )
    return failure(
        first.error or "The message could not be sent",
        field="to" if code == "INVALID_RECIPIENT" else None,
        details={"messageId": first.id, "status": "failed", "replayed": True},
    )

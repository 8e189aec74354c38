"""``/api/messages``: seed 01's message endpoints, seed 02's simple and bulk sends."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query, Request

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.db import DbSession
from inboxhub.envelope import answers, ok
from inboxhub.errors import ValidationFailed
from inboxhub.json_text import JsonAnswer
from inboxhub.messages import changes, history, payloads, prepare, service
from inboxhub.messages.content import check_text
from inboxhub.messages.schemas import (
    BulkSent,
    ChatHistory,
    ChatList,
    ChatMarkedRead,
    EditMessageRequest,
    MessageData,
    MessageList,
    MessageSent,
    MessageStats,
    PresenceRequest,
    PresenceSent,
    SendMessageRequest,
    UnreadList,
)
from inboxhub.routing import FeatureRouter, json_body, json_body_doc, too_long
from inboxhub.runtime import Runtime
from inboxhub.sessions.dependencies import SESSION_ID_PARAMETER, SessionByPath, session_snapshot

router = FeatureRouter(prefix="/api/messages", tags=["messages"])

ChatRef = Annotated[str, Path(alias="chatId", max_length=100)]
MessageRef = Annotated[str, Path(alias="messageId", max_length=128)]
PageNo = Annotated[int, Query(ge=1, le=100_000)]
StartDate = Annotated[str | None, Query(alias="startDate", max_length=40)]
EndDate = Annotated[str | None, Query(alias="endDate", max_length=40)]


IDEMPOTENCY_KEY_MAX = 200
_IDEMPOTENCY_KEY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "maxLength": IDEMPOTENCY_KEY_MAX},
}


@router.self_served(
    "/{sessionId}/send",
    methods=["POST"],
    openapi_extra=json_body_doc(
        SendMessageRequest, SESSION_ID_PARAMETER, _IDEMPOTENCY_KEY_PARAMETER
    ),
    responses=answers(
        MessageSent | BulkSent,
        name="SendResult",
        description="The message sent (one recipient), or the bulk send's messages (a list)",
    ),
)
async def send_message(request: Request) -> JsonAnswer:
    """Send any message type to a number, a JID or a group; a list of up to 50 is a bulk send."""
    # The busiest route reads its session, body and header itself (``SelfServedRoute``): FastAPI's
    # solving of declared parameters cost more than the rest of a text send's request. Neither
    # does it take the DbSession dependency: a text send never uses its session, and the service
    # commits what it writes itself, before the engine is called.
    session = await session_snapshot(request)
    idempotency_key = request.headers.get("idempotency-key") or None
    if idempotency_key is not None and len(idempotency_key) > IDEMPOTENCY_KEY_MAX:
        raise too_long("header", "Idempotency-Key", idempotency_key, IDEMPOTENCY_KEY_MAX)
    body = await json_body(request, SendMessageRequest)
    runtime: Runtime = request.app.state.runtime
    async with runtime.database.sessionmaker() as db:
        outcome = await service.send(db, runtime, session, body, idempotency_key=idempotency_key)
    failure = service.replayed_failure(outcome)
    if failure is not None:
        raise failure
    data = service.present(runtime, session, outcome)
    message = "Envío masivo aceptado" if outcome.bulk else "Mensaje enviado correctamente"
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    return JsonAnswer(ok(data, message), headers=headers)


@router.get("/unread", responses=answers(UnreadList))
async def list_unread_messages(
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
    page: PageNo = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> dict[str, Any]:
    """Unread incoming messages of every session of the organization."""
    return ok(await history.list_unread(db, runtime, principal, page=page, limit=limit))


@router.get("/{sessionId}", responses=answers(MessageList))
async def list_messages(
    session: SessionByPath,
    db: DbSession,
    runtime: RuntimeDep,
    page: PageNo = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    chat_id: Annotated[str | None, Query(alias="chatId", max_length=100)] = None,
    type: Annotated[str | None, Query(max_length=20)] = None,
    from_me: Annotated[bool | None, Query(alias="fromMe")] = None,
    start_date: StartDate = None,
    end_date: EndDate = None,
) -> dict[str, Any]:
    filters = history.MessageFilters.of(
        chat_id=chat_id, type=type, from_me=from_me, start_date=start_date, end_date=end_date
    )
    rows, pagination = await history.list_messages(db, session, filters, page=page, limit=limit)
    return ok(
        {
            "messages": await history.views(db, runtime, session, rows),
            "total": pagination.total,
            "pagination": pagination.as_dict(),
        }
    )


@router.get("/{sessionId}/chats", responses=answers(ChatList))
async def list_chats(
    session: SessionByPath,
    db: DbSession,
    runtime: RuntimeDep,
    page: PageNo = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    chats, pagination = await history.list_chats(db, runtime, session, page=page, limit=limit)
    return ok({"chats": chats, "total": pagination.total, "pagination": pagination.as_dict()})


@router.get("/{sessionId}/stats", responses=answers(MessageStats))
async def message_stats(
    session: SessionByPath,
    db: DbSession,
    start_date: StartDate = None,
    end_date: EndDate = None,
) -> dict[str, Any]:
    """Sent and received messages by type, status and day (default: the last 7 days)."""
    start = history.parse_moment(start_date, field="startDate")
    end = history.parse_moment(end_date, field="endDate", end=True)
    return ok(await history.stats(db, session, start=start, end=end))


@router.get("/{sessionId}/messages/{messageId}", responses=answers(MessageData))
async def get_message(
    session: SessionByPath, ref: MessageRef, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    message = await prepare.find_message(db, session, ref)
    return ok({"message": (await history.views(db, runtime, session, [message]))[0]})


@router.put("/{sessionId}/messages/{messageId}", responses=answers(MessageData))
async def edit_message(
    session: SessionByPath,
    ref: MessageRef,
    body: EditMessageRequest,
    db: DbSession,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """Edit the text (or caption) of a message this session sent."""
    raw = body.message.get("text") if isinstance(body.message, dict) else body.message
    text = check_text(raw, name="message")
    if text is None:  # pragma: no cover - check_text raises for a required value
        raise ValidationFailed("message is required", field="message")
    message = await changes.edit(db, runtime, session, ref, text)
    return ok(
        {"message": payloads.message_view(runtime, session.session_id, message)}, "Mensaje editado"
    )


@router.delete("/{sessionId}/messages/{messageId}", responses=answers(MessageData))
async def delete_message(
    session: SessionByPath, ref: MessageRef, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Delete a sent message for everyone (a queued one is cancelled instead)."""
    message = await changes.revoke(db, runtime, session, ref)
    return ok(
        {"message": payloads.message_view(runtime, session.session_id, message)},
        "Mensaje eliminado",
    )


@router.post("/{sessionId}/presence", responses=answers(PresenceSent))
async def send_presence(
    session: SessionByPath, body: PresenceRequest, runtime: RuntimeDep
) -> dict[str, Any]:
    """Online or offline for everyone; typing (`composing`), `recording` or `paused` in a chat."""
    return ok(
        await changes.send_presence(runtime, session, body.presence, body.chat_id),
        "Presencia enviada",
    )


@router.put("/{sessionId}/{chatId}/read", responses=answers(ChatMarkedRead))
async def mark_chat_read(
    session: SessionByPath, chat: ChatRef, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Mark every message of the chat read; read receipts go to the senders."""
    return ok(
        await changes.mark_chat_read(db, runtime, session, chat), "Mensajes marcados como leídos"
    )


@router.get("/{sessionId}/{chatId}", responses=answers(ChatHistory))
async def chat_history(
    session: SessionByPath,
    chat: ChatRef,
    db: DbSession,
    runtime: RuntimeDep,
    page: PageNo = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    start_date: StartDate = None,
    end_date: EndDate = None,
) -> dict[str, Any]:
    filters = history.MessageFilters.of(
        chat_id=chat, type=None, from_me=None, start_date=start_date, end_date=end_date
    )
    rows, pagination = await history.list_messages(db, session, filters, page=page, limit=limit)
    return ok(
        {
            "chatId": filters.chat_id,
            "messages": await history.views(db, runtime, session, rows),
            "total": pagination.total,
            "pagination": pagination.as_dict(),
        }
    )

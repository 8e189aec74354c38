"""``GET /api/events/stream``: the organization's events as server-sent events.

Each frame is ``id: <seq>``, ``event: <type>`` and ``data: <the webhook body>``. A client that
reconnects with ``Last-Event-ID`` (browsers' EventSource does it by itself) first gets what it
missed, read from the database, then the live events; none is lost in between because the live
subscription starts before the catch-up and the catch-up's events are not sent twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Header, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import func, select

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep, known_key
from inboxhub.auth.service import api_key_alive
from inboxhub.db import MAX_ROW_ID, Database
from inboxhub.envelope import answers, iso, ok
from inboxhub.errors import InvalidApiKey, MissingApiKey, SessionNotFound, ValidationFailed
from inboxhub.routing import FeatureRouter
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks import tickets
from inboxhub.webhooks.bus import EventBus, Listener, Published
from inboxhub.webhooks.event_names import payload_types, unknown_event_names
from inboxhub.webhooks.models import Event
from inboxhub.webhooks.schemas import EVENT_STREAM_ANSWER, EventTicket

router = FeatureRouter(prefix="/api/events", tags=["events"])

_CATCH_UP_PAGE = 500


def frame(event: Published) -> bytes:
    return f"id: {event.seq}\nevent: {event.type}\ndata: ".encode() + event.body + b"\n\n"


async def _caller(runtime: Runtime, raw_key: str | None, ticket: str | None) -> tuple[int, int]:
    """The organization and API key id of the stream's caller: its key, or a stream ticket."""
    if raw_key:
        known = await known_key(runtime, raw_key)
        if known is None:
            raise InvalidApiKey("Invalid API key")
        return known.principal.organization_id, known.principal.api_key_id
    if ticket:
        organization_id, api_key_id = tickets.redeem(runtime, ticket)
        if not await _key_alive(runtime, api_key_id):
            raise InvalidApiKey("Invalid or expired stream ticket", field="ticket")
        return organization_id, api_key_id
    raise MissingApiKey(
        "X-API-Key header (or a stream ticket: POST /api/events/tickets) is required"
    )


async def _key_alive(runtime: Runtime, api_key_id: int) -> bool:
    async with runtime.database.sessionmaker() as db:
        return await api_key_alive(db, api_key_id)


async def _session_of(runtime: Runtime, organization_id: int, session_id: str) -> str:
    async with runtime.database.sessionmaker() as db:
        found = (
            await db.execute(
                select(WhatsAppSession.session_id).where(
                    WhatsAppSession.organization_id == organization_id,
                    WhatsAppSession.session_id == session_id,
                )
            )
        ).scalar_one_or_none()
    if found is None:
        raise SessionNotFound(f"Session '{session_id}' not found", field="sessionId")
    return found


async def _newest_seq(database: Database, organization_id: int) -> int:
    async with database.sessionmaker() as db:
        newest = (
            await db.execute(
                select(func.max(Event.seq)).where(Event.organization_id == organization_id)
            )
        ).scalar_one_or_none()
    return int(newest or 0)


async def _missed(database: Database, listener: Listener, after: int) -> AsyncIterator[Published]:
    """Committed events after ``after`` that the listener wants, oldest first, page by page."""
    while True:
        stmt = (
            select(Event)
            .where(Event.organization_id == listener.organization_id, Event.seq > after)
            .order_by(Event.seq)
            .limit(_CATCH_UP_PAGE)
        )
        if listener.session_id is not None:
            stmt = stmt.where(Event.session_id == listener.session_id)
        if listener.types is not None:
            stmt = stmt.where(Event.type.in_(sorted(listener.types)))
        async with database.sessionmaker() as db:
            rows = list((await db.execute(stmt)).scalars())
        for row in rows:
            after = row.seq
            yield Published(
                seq=row.seq,
                id=row.id,
                organization_id=row.organization_id,
                session_id=row.session_id,
                type=row.type,
                payload=row.payload,
                created_at=row.created_at,
            )
        if len(rows) < _CATCH_UP_PAGE:
            return


def _bus(runtime: Runtime) -> EventBus:
    if runtime.webhooks is None:
        raise RuntimeError("the webhooks feature is not started")
    return runtime.webhooks.bus


async def _frames(
    runtime: Runtime, request: Request, listener: Listener, last_seq: int, api_key_id: int
) -> AsyncIterator[bytes]:
    bus = _bus(runtime)
    heartbeat = runtime.settings.events_stream_heartbeat_seconds
    sent: set[int] = set()
    cursor = last_seq
    loop = asyncio.get_running_loop()
    checked = loop.time()

    async def key_revoked() -> bool:
        # A stream outlives its request's authentication: a revoked key ends it within a beat.
        nonlocal checked
        if loop.time() - checked < heartbeat:
            return False
        checked = loop.time()
        return not await _key_alive(runtime, api_key_id)

    try:
        yield b"retry: 3000\n\n"
        while True:
            # Live events queue up from here on; what the catch-up also reads is not sent twice.
            listener.lagged = False
            async for event in _missed(runtime.database, listener, cursor):
                sent.add(event.seq)
                cursor = event.seq
                yield frame(event)
            while not listener.lagged:
                try:
                    live = await asyncio.wait_for(listener.queue.get(), heartbeat)
                except TimeoutError:
                    if await request.is_disconnected() or await key_revoked():
                        return
                    yield b": keep-alive\n\n"
                    continue
                if live is None or await key_revoked():  # shutting down, or the key revoked
                    return
                if not isinstance(live, Published):  # committed on another node
                    continue
                if live.seq in sent:
                    continue
                cursor = max(cursor, live.seq)
                yield frame(live)
            # Too slow to keep up: drop the backlog and read it from the database instead.
            while not listener.queue.empty():
                listener.queue.get_nowait()
            sent.clear()
    finally:
        bus.close(listener)


@router.post("/tickets", status_code=201, responses=answers(EventTicket, 201))
async def create_ticket(principal: ApiKeyAuth, runtime: RuntimeDep) -> dict[str, Any]:
    """A one-minute ticket for ``GET /api/events/stream?ticket=…`` (EventSource sends no
    headers; an API key never goes in a URL)."""
    ticket, expires = tickets.issue(
        runtime, organization_id=principal.organization_id, api_key_id=principal.api_key_id
    )
    return ok(
        {
            "ticket": ticket,
            "expiresIn": tickets.TICKET_TTL_SECONDS,
            "expiresAt": iso(datetime.fromtimestamp(expires, UTC)),
        }
    )


@router.get("/stream", response_class=StreamingResponse, responses=EVENT_STREAM_ANSWER)
async def stream_events(
    request: Request,
    runtime: RuntimeDep,
    ticket: Annotated[
        str | None,
        Query(max_length=500, description="From POST /api/events/tickets, for EventSource"),
    ] = None,
    session_id: Annotated[str | None, Query(alias="sessionId", max_length=100)] = None,
    types: Annotated[
        str | None,
        Query(max_length=1000, description="Comma list of event types or subscription names"),
    ] = None,
    last_event_id_query: Annotated[
        int | None,
        Query(alias="lastEventId", ge=0, le=MAX_ROW_ID, description="Resume after this event seq"),
    ] = None,
    last_event_id: Annotated[str | None, Header(max_length=40)] = None,
    x_api_key: Annotated[str | None, Header(max_length=200)] = None,
) -> StreamingResponse:
    """Live events of the caller's organization (server-sent events), resumable."""
    if "apiKey" in request.query_params:
        raise ValidationFailed(
            "API keys are not accepted in URLs: send X-API-Key, or a ticket from "
            "POST /api/events/tickets as ?ticket=",
            field="apiKey",
        )
    organization_id, api_key_id = await _caller(runtime, x_api_key, ticket)
    if session_id:
        session_id = await _session_of(runtime, organization_id, session_id)
    wanted = None
    if types:
        names = [t.strip() for t in types.split(",") if t.strip()]
        unknown = unknown_event_names(names)
        if unknown:
            raise ValidationFailed(f"unknown event type(s) {unknown}", field="types")
        wanted = payload_types(names)
    resume = last_event_id_query
    if last_event_id:
        if not (last_event_id.strip().isascii() and last_event_id.strip().isdigit()):
            raise ValidationFailed("Last-Event-ID must be an event seq", field="Last-Event-ID")
        resume = int(last_event_id.strip())
    # Listening starts before the catch-up is read: an event committed meanwhile is in both.
    listener = _bus(runtime).listen(
        organization_id=organization_id, session_id=session_id, types=wanted
    )
    if resume is None:
        # Live from here on; the position lets a listener that falls behind catch up.
        resume = await _newest_seq(runtime.database, organization_id)
    return StreamingResponse(
        _frames(runtime, request, listener, resume, api_key_id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )

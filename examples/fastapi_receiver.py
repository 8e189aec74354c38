"""A CRM's webhook endpoint for Inbox Hub, in FastAPI.

    INBOXHUB_WEBHOOK_SECRET=... uvicorn examples.fastapi_receiver:app --port 8000

Point a session's ``webhookUrl`` (or an organization webhook) at ``http://<crm>/webhooks/inboxhub``
with the same secret. Each delivery is verified over its raw bytes, parsed into a typed event
and handed to ``handle`` once, however often the gateway delivers it (a retry after a timeout,
a replay): the event id is remembered in ``store`` (use ``RedisStore`` or ``SqlStore`` when the
receiver runs in more than one process).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from fastapi import FastAPI, HTTPException, Request
from inboxhub_client import MemoryStore, WebhookReceiver, WebhookVerificationError
from inboxhub_client.events import MessageReceived, MessageStatus, SessionStatus, WebhookEvent
from inboxhub_client.webhooks import DedupStore


def handle(event: WebhookEvent) -> None:
    """Your CRM's side: store the message, update the ticket, notify the agent…"""
    if isinstance(event, MessageReceived):
        message = event.data.message
        print(f"{event.data.session_id}: {message.push_name or message.from_}: {message.content}")
    elif isinstance(event, MessageStatus):
        print(f"message {event.data.message_id} is {event.data.status}")
    elif isinstance(event, SessionStatus):
        print(f"session {event.data.session_id} is {event.data.status}")


def create_app(
    secret: str,
    *,
    store: DedupStore | None = None,
    on_event: Callable[[WebhookEvent], None] = handle,
) -> FastAPI:
    receiver = WebhookReceiver(secret, store=store or MemoryStore())
    app = FastAPI()

    @app.post("/webhooks/inboxhub")
    async def inboxhub_webhook(request: Request) -> dict[str, bool]:
        body = await request.body()  # the raw bytes: the signature is over them
        try:
            event = receiver.receive(body, request.headers)
        except WebhookVerificationError as exc:
            raise HTTPException(status_code=401, detail=str(exc)) from exc
        if event is None:
            return {"duplicate": True}  # answered 200: the gateway stops retrying it
        try:
            on_event(event)
        except Exception:
            receiver.release(event)  # not handled: let the gateway's retry through
            raise
        return {"duplicate": False}

    return app


app = create_app(os.environ.get("INBOXHUB_WEBHOOK_SECRET", "change-me"))

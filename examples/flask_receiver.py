"""A CRM's webhook endpoint for Inbox Hub, in Flask.

    INBOXHUB_WEBHOOK_SECRET=... flask --app examples.flask_receiver run --port 8000

Same contract as ``fastapi_receiver.py``: verify the raw body, parse, handle each event once.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from flask import Flask, request
from inboxhub_client import MemoryStore, WebhookReceiver, WebhookVerificationError
from inboxhub_client.events import MessageReceived, WebhookEvent
from inboxhub_client.webhooks import DedupStore


def handle(event: WebhookEvent) -> None:
    """Your CRM's side."""
    if isinstance(event, MessageReceived):
        print(f"{event.data.message.from_}: {event.data.message.content}")


def create_app(
    secret: str,
    *,
    store: DedupStore | None = None,
    on_event: Callable[[WebhookEvent], None] = handle,
) -> Flask:
    receiver = WebhookReceiver(secret, store=store or MemoryStore())
    app = Flask(__name__)

    @app.post("/webhooks/inboxhub")
    def inboxhub_webhook() -> tuple[dict[str, object], int]:
        body = request.get_data()  # the raw bytes: the signature is over them
        try:
            event = receiver.receive(body, request.headers)
        except WebhookVerificationError as exc:
            return {"error": str(exc)}, 401
        if event is None:
            return {"duplicate": True}, 200
        try:
            on_event(event)
        except Exception:
            receiver.release(event)
            raise
        return {"duplicate": False}, 200

    return app


app = create_app(os.environ.get("INBOXHUB_WEBHOOK_SECRET", "change-me"))

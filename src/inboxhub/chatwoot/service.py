"""A session's Chatwoot bridge: linking it to an inbox, showing it, removing it.

Linking checks the address (SSRF guard) and the token against Chatwoot, creates an API-channel
inbox when a name is given (or points the given inbox's webhook at the gateway), keeps Chatwoot's
signing secret when Chatwoot shows it, and makes the bridge an outbox subscriber of the session's
message events. What goes to Chatwoot is in ``delivery.py``; what comes from it in ``inbound.py``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.chatwoot.client import ChatwootClient, ChatwootError
from inboxhub.chatwoot.delivery import IMPORT_EVENT
from inboxhub.chatwoot.models import ChatwootBridge
from inboxhub.chatwoot.schemas import ChatwootBridgeRequest, ChatwootBridgeView
from inboxhub.db import commit_now, utcnow
from inboxhub.envelope import iso
from inboxhub.errors import ApiError, NotFound, ValidationFailed
from inboxhub.messages.models import Message
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.ssrf import guard_url
from inboxhub.webhooks.models import WebhookSubscription
from inboxhub.webhooks.outbox import publish

KIND = "chatwoot"
# What the bridge hears of its session: every message, sent or received, and what happens to it.
EVENTS = ["message.received", "message.sent", "message.status", "message.updated"]


class ChatwootUnavailable(ApiError):
    status_code = 502
    code = "CHATWOOT_ERROR"


class BridgeNotFound(NotFound):
    code = "NOT_FOUND"


def webhook_url(runtime: Runtime, bridge: ChatwootBridge) -> str:
    return f"{runtime.settings.public_base_url}/api/chatwoot/{bridge.public_id}/webhook"


def key_tag(bridge: ChatwootBridge) -> str:
    """A short, stable, non-secret name of the bridge for the idempotency keys of its sends."""
    return hashlib.sha256(bridge.public_id.encode()).hexdigest()[:12]


def masked(token: str) -> str:
    return "…" + token[-4:] if len(token) > 8 else "…"


def view(runtime: Runtime, session: WhatsAppSession, bridge: ChatwootBridge) -> dict[str, Any]:
    return ChatwootBridgeView(
        session_id=session.session_id,
        base_url=bridge.base_url,
        account_id=bridge.account_id,
        inbox_id=bridge.inbox_id,
        inbox_name=bridge.inbox_name,
        api_access_token=masked(bridge.api_access_token),
        sign_messages=bridge.sign_messages,
        reopen_resolved=bridge.reopen_resolved,
        import_history_days=bridge.import_history_days,
        webhook_url=webhook_url(runtime, bridge),
        signature_verification=bool(bridge.webhook_secret),
        created_at=iso(bridge.created_at),
        updated_at=iso(bridge.updated_at),
    ).model_dump(by_alias=True)


async def bridge_of(db: AsyncSession, session: WhatsAppSession) -> ChatwootBridge | None:
    stmt = select(ChatwootBridge).where(
        ChatwootBridge.session_pk == session.id,
        ChatwootBridge.organization_id == session.organization_id,
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def require_bridge(db: AsyncSession, session: WhatsAppSession) -> ChatwootBridge:
    bridge = await bridge_of(db, session)
    if bridge is None:
        raise BridgeNotFound(
            f"Session '{session.session_id}' has no Chatwoot bridge", field="sessionId"
        )
    return bridge


def _failure(exc: ChatwootError, *, inbox_field: str) -> ApiError:
    """What a refusal of Chatwoot's means for the request that caused it."""
    if exc.status in (401, 403):
        return ValidationFailed(
            "Chatwoot refused the access token (or it may not manage inboxes of this account)",
            field="apiAccessToken",
        )
    if exc.status == 404:
        return ValidationFailed(
            "Chatwoot has no such account or inbox for this token", field=inbox_field
        )
    if exc.status is not None and 400 <= exc.status < 500:
        return ValidationFailed(str(exc)[:300], field=inbox_field)
    return ChatwootUnavailable(f"Chatwoot could not be reached: {exc}"[:300], field="baseUrl")


async def _link_inbox(
    runtime: Runtime, body: ChatwootBridgeRequest, token: str, url: str
) -> tuple[int, str | None, str | None, int | None]:
    """(inbox id, inbox name, signing secret, the token's user) after pointing the inbox's
    webhook at ``url``."""
    async with ChatwootClient(
        body.base_url,
        body.account_id,
        token,
        allow_private=runtime.settings.allow_private_targets,
    ) as client:
        try:
            if body.inbox_id is not None:
                inbox = await client.get_inbox(body.inbox_id)
                if inbox.get("channel_type") not in (None, "Channel::Api"):
                    raise ValidationFailed(
                        "The inbox must be an API channel inbox", field="inboxId"
                    )
                inbox = {**inbox, **await client.point_inbox_webhook(body.inbox_id, url)}
            else:
                assert body.inbox_name is not None
                inbox = await client.create_inbox(body.inbox_name, url)
            user_id = (await client.profile()).get("id")
        except ChatwootError as exc:
            raise _failure(exc, inbox_field="inboxId" if body.inbox_id else "inboxName") from exc
    inbox_id = inbox.get("id")
    if not isinstance(inbox_id, int):
        raise ChatwootUnavailable("Chatwoot answered without an inbox id", field="baseUrl")
    secret = inbox.get("secret") or inbox.get("webhook_secret")
    name = inbox.get("name")
    return (
        inbox_id,
        name if isinstance(name, str) else body.inbox_name,
        secret if isinstance(secret, str) and secret else None,
        user_id if isinstance(user_id, int) else None,
    )


async def _subscription(db: AsyncSession, session: WhatsAppSession, url: str) -> int:
    stmt = select(WebhookSubscription).where(
        WebhookSubscription.kind == KIND, WebhookSubscription.session_pk == session.id
    )
    row = (await db.execute(stmt)).scalar_one_or_none()
    if row is None:
        row = WebhookSubscription(
            organization_id=session.organization_id,
            kind=KIND,
            session_pk=session.id,
            name="Chatwoot",
            events=list(EVENTS),
            is_active=True,
        )
        db.add(row)
    row.url, row.events, row.is_active = url, list(EVENTS), True
    row.disabled_at = row.disabled_reason = row.failing_since = None
    await db.flush()
    return row.id


async def configure(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, body: ChatwootBridgeRequest
) -> tuple[ChatwootBridge, bool]:
    """Create or change the session's bridge; True when it is new."""
    if body.inbox_id is None and body.inbox_name is None:
        raise ValidationFailed("inboxId or inboxName is required", field="inboxId")
    base_url = body.base_url.strip().rstrip("/")
    await guard_url(base_url, allow_private=runtime.settings.allow_private_targets, field="baseUrl")
    bridge = await bridge_of(db, session)
    token = body.api_access_token or (bridge.api_access_token if bridge else None)
    if not token:
        raise ValidationFailed("apiAccessToken is required", field="apiAccessToken")
    created = bridge is None
    public_id = bridge.public_id if bridge else "cwb_" + secrets.token_urlsafe(24)
    url = f"{runtime.settings.public_base_url}/api/chatwoot/{public_id}/webhook"
    # Chatwoot's answers are waited for without a transaction held.
    await commit_now(db)
    inbox_id, inbox_name, secret, user_id = await _link_inbox(
        runtime, body.model_copy(update={"base_url": base_url}), token, url
    )
    bridge = await bridge_of(db, session)
    if bridge is None:
        bridge = ChatwootBridge(
            public_id=public_id,
            organization_id=session.organization_id,
            session_pk=session.id,
        )
        db.add(bridge)
    bridge.base_url, bridge.account_id, bridge.inbox_id = base_url, body.account_id, inbox_id
    bridge.inbox_name = inbox_name
    bridge.api_access_token = token
    bridge.token_user_id = user_id
    bridge.webhook_secret = body.webhook_secret or secret or bridge.webhook_secret
    bridge.sign_messages = body.sign_messages
    bridge.reopen_resolved = body.reopen_resolved
    bridge.import_history_days = body.import_history_days
    bridge.updated_at = utcnow()
    bridge.subscription_id = await _subscription(db, session, base_url)
    await db.flush()
    if body.import_history_days:
        await _import_history(db, session, bridge, days=body.import_history_days)
    return bridge, created


async def _import_history(
    db: AsyncSession, session: WhatsAppSession, bridge: ChatwootBridge, *, days: int
) -> None:
    """One import per chat through the outbox: in order with the chat's live messages, retried,
    and what Chatwoot already shows is skipped."""
    since = utcnow() - timedelta(days=days)
    chats = await db.execute(
        select(Message.chat_id)
        .where(
            Message.session_pk == session.id,
            Message.timestamp >= since,
            Message.chat_id != "status@broadcast",
        )
        .distinct()
    )
    subscription = await db.get(WebhookSubscription, bridge.subscription_id)
    assert subscription is not None
    for chat_id in chats.scalars():
        await publish(
            db,
            organization_id=session.organization_id,
            session=session,
            event_type=IMPORT_EVENT,
            chat_id=chat_id,
            payload={
                "sessionId": session.session_id,
                "chatId": chat_id,
                "since": since.isoformat(),
            },
            subscription=subscription,
        )


async def remove(db: AsyncSession, session: WhatsAppSession) -> None:
    """Unlink: the bridge, its subscriber and its pending posts go; Chatwoot keeps its inbox."""
    bridge = await require_bridge(db, session)
    if bridge.subscription_id is not None:
        subscription = await db.get(WebhookSubscription, bridge.subscription_id)
        if subscription is not None:
            await db.delete(subscription)
    await db.delete(bridge)
    await db.flush()

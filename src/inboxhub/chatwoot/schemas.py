from __future__ import annotations

from pydantic import Field

from inboxhub.auth.schemas import CamelModel
from inboxhub.envelope import Omitted, ReadModel


class ChatwootBridgeRequest(CamelModel):
    """``PUT /api/sessions/{sessionId}/chatwoot``: link the session to a Chatwoot inbox."""

    base_url: str = Field(
        min_length=1,
        max_length=2000,
        description="Chatwoot's address, e.g. `https://chat.acme.com`",
    )
    account_id: int = Field(ge=1, le=2**62, description="The Chatwoot account")
    inbox_id: int | None = Field(
        default=None, ge=1, le=2**62, description="An existing API-channel inbox"
    )
    inbox_name: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Create an API-channel inbox of this name (when `inboxId` is not given)",
    )
    api_access_token: str | None = Field(
        default=None,
        min_length=8,
        max_length=500,
        description="A Chatwoot user's access token (Profile settings); required the first time, "
        "kept when left out later. Never returned.",
    )
    webhook_secret: str | None = Field(
        default=None,
        max_length=500,
        description="The inbox's webhook secret, when the token cannot read it from Chatwoot "
        "(Chatwoot 4.13 and later sign webhooks with it)",
    )
    sign_messages: bool = Field(
        default=False, description="Start each agent's message with their name in bold"
    )
    reopen_resolved: bool = Field(
        default=True,
        description="A customer writing after their conversation was resolved reopens it "
        "(false: a new conversation starts)",
    )
    import_history_days: int = Field(
        default=0,
        ge=0,
        le=365,
        description="Also post the stored messages of the last N days, chat by chat",
    )


class ChatwootBridgeView(CamelModel):
    session_id: str
    base_url: str
    account_id: int
    inbox_id: int
    inbox_name: str | None
    api_access_token: str = Field(description="Only its last characters")
    sign_messages: bool
    reopen_resolved: bool
    import_history_days: int
    webhook_url: str = Field(description="Where Chatwoot posts the inbox's events")
    signature_verification: bool = Field(
        description="Whether Chatwoot's X-Chatwoot-Signature is checked (a secret is known)"
    )
    created_at: str
    updated_at: str


# ---- answers ----------------------------------------------------------------------------------


class ChatwootData(ReadModel):
    chatwoot: ChatwootBridgeView


class ChatwootDeleted(ReadModel):
    session_id: str
    deleted: bool


class ChatwootEventResult(ReadModel):
    """What the gateway did with one of Chatwoot's events."""

    event: str | None = Field(examples=["message_created", "conversation_status_changed"])
    action: str = Field(examples=["sent", "deleted", "ignored", "recorded", "assigned"])
    reason: str = Omitted
    chat_id: str = Omitted
    message_ids: list[int] = Omitted

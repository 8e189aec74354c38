"""Bodies of the handover API: the CRM's calls (seed 04), the bot and the organization settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from inboxhub.auth.schemas import CamelModel
from inboxhub.envelope import Pagination, ReadModel

Priority = Literal["alta", "media", "baja"]
Category = str
CATEGORY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
HandoverType = Literal["bot_to_human", "human_to_bot"]
CrmMessageType = Literal["text", "image", "document"]
TEXT_KEYS = (
    "connecting",
    "agentConnected",
    "returnedToBot",
    "agentTimeout",
    "noAgent",
    "authenticationRequired",
    "cancelled",
    "emergency",
)


def phone_digits(value: str | None) -> str | None:
    if value is None:
        return None
    digits = "".join(ch for ch in value.split("@", 1)[0] if "0" <= ch <= "9")
    if not 6 <= len(digits) <= 15:
        raise ValueError("a phone number has 6 to 15 digits with the country code")
    return digits


# ---- the bot ----------------------------------------------------------------------------------


class BotRoute(CamelModel):
    """Send customers carrying a tag to another queue (e.g. suspended service -> reactivation)."""

    when_tag: str = Field(min_length=1, max_length=100)
    category: Category | None = Field(default=None, pattern=CATEGORY_PATTERN)
    priority: Priority | None = None


class BotOption(CamelModel):
    key: str = Field(min_length=1, max_length=10, description="What the customer types: 1, 2…")
    label: str = Field(min_length=1, max_length=200)
    keywords: list[str] = Field(default_factory=list, max_length=50)
    action: Literal["reply", "agent"] = "reply"
    reply: str | None = Field(default=None, max_length=4000)
    category: Category | None = Field(default=None, pattern=CATEGORY_PATTERN)
    priority: Priority = "media"
    require_authentication: bool = False
    routes: list[BotRoute] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _complete(self) -> BotOption:
        if self.action == "reply" and not self.reply:
            raise ValueError("an option with action 'reply' needs a reply text")
        if self.action == "agent" and not self.category:
            raise ValueError("an option with action 'agent' needs a category")
        return self


class BotConfig(CamelModel):
    enabled: bool = True
    greeting: str = Field(
        default="¡Hola {name}! ¿En qué podemos ayudarte? Responde con el número de una opción.",
        max_length=4000,
    )
    options: list[BotOption] = Field(min_length=1, max_length=30)
    fallback: str = Field(
        default="No entendí tu mensaje. Elige una de estas opciones:", max_length=4000
    )
    menu_keywords: list[str] = Field(
        default_factory=lambda: ["menu", "inicio", "hola"], max_length=50
    )
    cancel_keywords: list[str] = Field(default_factory=lambda: ["cancelar", "menu"], max_length=50)
    # After this long without the menu, an unknown message gets the greeting, not the fallback.
    menu_memory_minutes: float = Field(default=60, ge=0, le=7 * 24 * 60)
    customer_tag_prefix: str = Field(default="customer:", max_length=50)
    authenticated_tag: str = Field(default="authenticated", max_length=100)
    suspended_tag: str = Field(default="service_suspended", max_length=100)

    @field_validator("options")
    @classmethod
    def _unique_keys(cls, options: list[BotOption]) -> list[BotOption]:
        keys = [o.key.strip().casefold() for o in options]
        if len(set(keys)) != len(keys):
            raise ValueError("option keys must be unique")
        return options


# ---- organization settings --------------------------------------------------------------------


class HandoverSettingsUpdate(CamelModel):
    """Only the fields sent change; ``null`` (or "") clears a value back to the default."""

    crm_base_url: str | None = Field(default=None, max_length=2000)
    crm_agent_notification_url: str | None = Field(default=None, max_length=2000)
    crm_api_token: str | None = Field(default=None, max_length=500)
    bot_api_token: str | None = Field(default=None, max_length=500)
    bot_signature_secret: str | None = Field(default=None, max_length=500)
    webhook_verify_token: str | None = Field(default=None, max_length=500)
    meta_app_id: str | None = Field(default=None, max_length=100)
    meta_app_secret: str | None = Field(default=None, max_length=500)
    emergency_contact: str | None = Field(default=None, max_length=100)
    assign_timeout_seconds: float | None = Field(default=None, gt=0, le=7 * 24 * 3600)
    agent_idle_timeout_seconds: float | None = Field(default=None, gt=0, le=7 * 24 * 3600)
    messages: dict[str, str | None] | None = None

    @field_validator("crm_api_token")
    @classmethod
    def _long_enough(cls, value: str | None) -> str | None:
        if value and len(value) < 16:
            raise ValueError("use a token of at least 16 characters")
        return value

    @field_validator("crm_api_token", "bot_api_token")
    @classmethod
    def _header_safe(cls, value: str | None) -> str | None:
        # They travel in HTTP headers: a line break there would add headers of its own.
        if value and not all(" " <= c <= "~" for c in value):
            raise ValueError("use printable ASCII characters only")
        return value

    @field_validator("messages")
    @classmethod
    def _known_texts(cls, value: dict[str, str | None] | None) -> dict[str, str | None] | None:
        for key, text in (value or {}).items():
            if key not in TEXT_KEYS:
                raise ValueError(f"unknown message '{key}'; known: {', '.join(TEXT_KEYS)}")
            if text is not None and len(text) > 4000:
                raise ValueError(f"message '{key}' is longer than 4000 characters")
        return value


# ---- the CRM's calls (seed 04) ----------------------------------------------------------------


class CrmHandover(CamelModel):
    ticket_id: str = Field(min_length=1, max_length=32)
    user_phone: str = Field(max_length=40)
    handover_type: HandoverType
    agent_id: str | None = Field(default=None, min_length=1, max_length=100, pattern=r"\S")
    agent_name: str | None = Field(default=None, max_length=200)
    metadata: dict[str, Any] = Field(default_factory=dict)

    _user_phone = field_validator("user_phone")(phone_digits)


class CrmSendMessage(CamelModel):
    ticket_id: str = Field(min_length=1, max_length=32)
    user_phone: str = Field(max_length=40)
    agent_id: str = Field(min_length=1, max_length=100, pattern=r"\S")
    message: str = Field(min_length=1, max_length=4096)
    message_type: CrmMessageType = "text"
    # For image/document: the file's URL (``message`` is taken as the URL when this is absent).
    media_url: str | None = Field(default=None, max_length=2000)
    caption: str | None = Field(default=None, max_length=4096)
    file_name: str | None = Field(default=None, max_length=255)
    timestamp: datetime | None = None

    _user_phone = field_validator("user_phone")(phone_digits)


class TicketOpen(CamelModel):
    """Open a handover from the API (a CRM taking over a chat the bot has not escalated)."""

    phone_number: str = Field(max_length=40)
    category: Category = Field(default="soporte_agente", pattern=CATEGORY_PATTERN)
    priority: Priority = "media"
    notify_crm: bool = True

    _phone_number = field_validator("phone_number")(phone_digits)


class TicketAssign(CamelModel):
    """Give an open ticket to an agent from the API (what the CRM does with ``bot_to_human``)."""

    agent_id: str = Field(min_length=1, max_length=100, pattern=r"\S")
    agent_name: str | None = Field(default=None, max_length=200)


class TicketClose(CamelModel):
    """Give the chat back to the bot (what the CRM does with ``human_to_bot``)."""

    resolved: bool = True


# ---- answers ----------------------------------------------------------------------------------

TicketStatus = Literal["pending", "active", "closed"]
ChatOwner = Literal["bot", "pending", "human"]
CloseReason = Literal["resolved", "unresolved", "no_agent", "agent_timeout", "cancelled"]
TicketAction = Literal["assigned", "reassigned", "unchanged", "returned"]


class SettingSources(ReadModel):
    """Where each value comes from: ``organization``, ``environment`` or null (not set)."""

    crm_base_url: str | None
    crm_api_token: str | None
    bot_api_token: str | None
    bot_signature_secret: str | None
    webhook_verify_token: str | None
    meta_app_id: str | None
    meta_app_secret: str | None


class HandoverSettingsRead(ReadModel):
    """The organization's handover settings; secrets only as a hint."""

    organization_id: int
    is_default_organization: bool
    crm_base_url: str | None
    crm_agent_notification_url: str | None
    crm_api_token_set: bool
    crm_api_token_hint: str | None
    bot_api_token_hint: str | None
    bot_signature_secret_hint: str | None
    webhook_verify_token_hint: str | None
    meta_app_id: str | None
    meta_app_secret_hint: str | None
    emergency_contact: str | None
    assign_timeout_seconds: float
    agent_idle_timeout_seconds: float
    messages: dict[str, str] = Field(description="The customer-facing texts, defaults filled in")
    sources: SettingSources


class BotRead(ReadModel):
    session_id: str
    configured: bool
    enabled: bool
    config: dict[str, Any] | None = Field(description="The bot's configuration, as PUT it")
    updated_at: str | None


class AgentRead(ReadModel):
    id: str
    name: str


class TicketStatusRead(ReadModel):
    """Who holds a ticket's chat now, and since when."""

    ticket_id: str = Field(examples=["TK-2026-000001"])
    status: TicketStatus
    assigned_agent: AgentRead | None
    start_time: str
    last_activity: str | None
    message_count: int


class TicketRead(TicketStatusRead):
    session_id: str | None
    chat_id: str
    user_phone: str
    owner: ChatOwner
    category: str
    priority: Priority
    source: str = Field(examples=["bot", "api"])
    service_suspended: bool
    user_context: dict[str, Any]
    metadata: dict[str, Any]
    requested_at: str
    assigned_at: str | None
    first_response_at: str | None
    closed_at: str | None
    close_reason: CloseReason | None
    assign_deadline: str | None
    idle_deadline: str | None


class TicketMessageRead(ReadModel):
    author: str = Field(examples=["user", "agent", "bot", "system"])
    agent_id: str | None
    type: str
    content: str | None
    message_id: str | None
    timestamp: str


class TicketDetail(TicketRead):
    messages: list[TicketMessageRead]


class TicketChange(TicketRead):
    action: TicketAction


class TicketList(ReadModel):
    tickets: list[TicketRead]
    total: int
    pagination: Pagination


class ChatOwnerRead(ReadModel):
    session_id: str
    phone_number: str
    owner: ChatOwner
    ticket: TicketRead | None


class DurationStats(ReadModel):
    count: int
    average_seconds: float | None
    median_seconds: float | None
    p90_seconds: float | None


class Resolution(ReadModel):
    """Closed tickets by close reason (the reasons' own names as keys)."""

    closed: int
    resolved: int
    unresolved: int
    no_agent: int = Field(alias="no_agent")
    agent_timeout: int = Field(alias="agent_timeout")
    cancelled: int
    resolution_rate: float | None


class HandoverPeriod(ReadModel):
    start_date: str
    end_date: str


class HandoverMetrics(ReadModel):
    period: HandoverPeriod
    total_tickets: int
    by_category: dict[str, dict[str, int]]
    by_status: dict[str, int]
    by_priority: dict[str, int]
    time_to_assign: DurationStats
    first_response_time: DurationStats
    handover_duration: DurationStats
    resolution: Resolution


class AgentMessageSent(ReadModel):
    ticket_id: str
    message_id: int
    whatsapp_message_id: str | None
    status: str


class MetaHandoverCounts(ReadModel):
    processed: int
    ignored: int


class CrmHandoverAnswer(ReadModel):
    """The envelope, with ``ticketId`` beside it (as CRM clients read it)."""

    success: Literal[True]
    message: str
    data: TicketChange
    ticket_id: str


class CrmMessageAnswer(ReadModel):
    success: Literal[True]
    message: str
    data: AgentMessageSent
    ticket_id: str


class CrmStatusAnswer(TicketStatusRead):
    """The envelope, with the status's fields also beside it (as CRM clients read it)."""

    success: Literal[True]
    data: TicketStatusRead

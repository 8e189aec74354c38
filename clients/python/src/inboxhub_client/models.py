"""Every schema of the gateway's OpenAPI document, as a pydantic model.

Written by ``clients/python/generate.py``; do not edit.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ApiModel(BaseModel):
    """Fields by their Python names or the API's; keys the gateway adds later are kept."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")



class ApiKeyCreate(ApiModel):
    name: str


class BotConfig(ApiModel):
    enabled: bool | None = Field(default=None)
    greeting: str | None = Field(default=None)
    options: list[BotOption]
    fallback: str | None = Field(default=None)
    menu_keywords: list[str] | None = Field(default=None, alias='menuKeywords')
    cancel_keywords: list[str] | None = Field(default=None, alias='cancelKeywords')
    menu_memory_minutes: float | None = Field(default=None, alias='menuMemoryMinutes')
    customer_tag_prefix: str | None = Field(default=None, alias='customerTagPrefix')
    authenticated_tag: str | None = Field(default=None, alias='authenticatedTag')
    suspended_tag: str | None = Field(default=None, alias='suspendedTag')


class BotOption(ApiModel):
    key: str = Field(description='What the customer types: 1, 2…')
    label: str
    keywords: list[str] | None = Field(default=None)
    action: Literal['reply', 'agent'] | None = Field(default=None)
    reply: str | None = Field(default=None)
    category: str | None = Field(default=None)
    priority: Literal['alta', 'media', 'baja'] | None = Field(default=None)
    require_authentication: bool | None = Field(default=None, alias='requireAuthentication')
    routes: list[BotRoute] | None = Field(default=None)


class BotRoute(ApiModel):
    """Send customers carrying a tag to another queue (e.g. suspended service -> reactivation)."""
    when_tag: str = Field(alias='whenTag')
    category: str | None = Field(default=None)
    priority: Literal['alta', 'media', 'baja'] | None = Field(default=None)


class ChatwootBridgeRequest(ApiModel):
    """``PUT /api/sessions/{sessionId}/chatwoot``: link the session to a Chatwoot inbox."""
    base_url: str = Field(alias='baseUrl', description="Chatwoot's address, e.g. `https://chat.acme.com`")
    account_id: int = Field(alias='accountId', description='The Chatwoot account')
    inbox_id: int | None = Field(default=None, alias='inboxId', description='An existing API-channel inbox')
    inbox_name: str | None = Field(default=None, alias='inboxName', description='Create an API-channel inbox of this name (when `inboxId` is not given)')
    api_access_token: str | None = Field(default=None, alias='apiAccessToken', description="A Chatwoot user's access token (Profile settings); required the first time, kept when left out later. Never returned.")
    webhook_secret: str | None = Field(default=None, alias='webhookSecret', description="The inbox's webhook secret, when the token cannot read it from Chatwoot (Chatwoot 4.13 and later sign webhooks with it)")
    sign_messages: bool | None = Field(default=None, alias='signMessages', description="Start each agent's message with their name in bold")
    reopen_resolved: bool | None = Field(default=None, alias='reopenResolved', description='A customer writing after their conversation was resolved reopens it (false: a new conversation starts)')
    import_history_days: int | None = Field(default=None, alias='importHistoryDays', description='Also post the stored messages of the last N days, chat by chat')


class ConsoleKeyRequest(ApiModel):
    organization_id: int | None = Field(default=None, alias='organizationId', description="Organization to work in; the user's first one when absent")


class ContactUpdate(ApiModel):
    """The CRM's fields. Only the fields present change; ``null`` clears one."""
    name: str | None = Field(default=None)
    tags: list[str] | None = Field(default=None)
    notes: str | None = Field(default=None)
    assigned_to_user_id: int | None = Field(default=None, alias='assignedToUserId', description="A user of the API key's organization")


class CrmHandover(ApiModel):
    ticket_id: str = Field(alias='ticketId')
    user_phone: str = Field(alias='userPhone')
    handover_type: Literal['bot_to_human', 'human_to_bot'] = Field(alias='handoverType')
    agent_id: str | None = Field(default=None, alias='agentId')
    agent_name: str | None = Field(default=None, alias='agentName')
    metadata: dict[str, Any] | None = Field(default=None)


class CrmSendMessage(ApiModel):
    ticket_id: str = Field(alias='ticketId')
    user_phone: str = Field(alias='userPhone')
    agent_id: str = Field(alias='agentId')
    message: str
    message_type: Literal['text', 'image', 'document'] | None = Field(default=None, alias='messageType')
    media_url: str | None = Field(default=None, alias='mediaUrl')
    caption: str | None = Field(default=None)
    file_name: str | None = Field(default=None, alias='fileName')
    timestamp: str | None = Field(default=None)


class EditMessageRequest(ApiModel):
    message: str | dict[str, Any] = Field(description='The new text (or `{"text": …}`)')


class ErrorBody(ApiModel):
    """The error envelope, as the OpenAPI document declares it for every error status."""
    success: bool | None = Field(default=None)
    error: str
    message: str
    code: str = Field(description='Stable error code: VALIDATION_ERROR, SESSION_NOT_FOUND, …')
    timestamp: str
    field: str | None = Field(default=None, description='The input at fault, when there is one')
    details: Any = Field(default=None)


class FrappeConfigure(ApiModel):
    send_to_frappe: bool = Field(alias='sendToFrappe')


class GroupCreate(ApiModel):
    subject: str = Field(description="The group's name")
    participants: list[str] | None = Field(default=None, description='Numbers (34600000000) or JIDs (34600000000@s.whatsapp.net, …@lid)')
    description: str | None = Field(default=None)


class GroupSettings(ApiModel):
    announce: bool | None = Field(default=None, description='Only admins send messages')
    locked: bool | None = Field(default=None, description="Only admins edit the group's info")


class GroupUpdate(ApiModel):
    announce: bool | None = Field(default=None, description='Only admins send messages')
    locked: bool | None = Field(default=None, description="Only admins edit the group's info")
    subject: str | None = Field(default=None)
    description: str | None = Field(default=None, description="'' clears it")


class HandoverSettingsUpdate(ApiModel):
    """Only the fields sent change; ``null`` (or "") clears a value back to the default."""
    crm_base_url: str | None = Field(default=None, alias='crmBaseUrl')
    crm_agent_notification_url: str | None = Field(default=None, alias='crmAgentNotificationUrl')
    crm_api_token: str | None = Field(default=None, alias='crmApiToken')
    bot_api_token: str | None = Field(default=None, alias='botApiToken')
    bot_signature_secret: str | None = Field(default=None, alias='botSignatureSecret')
    webhook_verify_token: str | None = Field(default=None, alias='webhookVerifyToken')
    meta_app_id: str | None = Field(default=None, alias='metaAppId')
    meta_app_secret: str | None = Field(default=None, alias='metaAppSecret')
    emergency_contact: str | None = Field(default=None, alias='emergencyContact')
    assign_timeout_seconds: float | None = Field(default=None, alias='assignTimeoutSeconds')
    agent_idle_timeout_seconds: float | None = Field(default=None, alias='agentIdleTimeoutSeconds')
    messages: dict[str, str | None] | None = Field(default=None)


class InvitationAccept(ApiModel):
    token: str
    password: str | None = Field(default=None, description='For a new account only')
    name: str | None = Field(default=None)


class JoinWithCode(ApiModel):
    session_id: str = Field(alias='sessionId')
    invite_code: str = Field(alias='inviteCode', description='The code, or the whole chat.whatsapp.com link')


class LinkRequest(ApiModel):
    qr: str | None = Field(default=None, description="Text read from the session's QR code")
    code: str | None = Field(default=None, description='Pairing code, instead of a QR')
    phone_number: str | None = Field(default=None, alias='phoneNumber', description='Number of the phone that scans')
    push_name: str | None = Field(default=None, alias='pushName')


class LoginRequest(ApiModel):
    identifier: str = Field(description='Email of the user')
    password: str


class LogoutRequest(ApiModel):
    refresh_token: str | None = Field(default=None, alias='refreshToken')


class MemberAdd(ApiModel):
    email: str
    name: str | None = Field(default=None, description='Ignored: see invitations')
    password: str | None = Field(default=None, description='Ignored: see invitations')
    role: Literal['owner', 'admin', 'member'] | None = Field(default=None)


class MemberUpdate(ApiModel):
    role: Literal['owner', 'admin', 'member']


class OrganizationCreate(ApiModel):
    name: str
    slug: str | None = Field(default=None)


class OrganizationUpdate(ApiModel):
    name: str | None = Field(default=None)


class PairingCodeRequest(ApiModel):
    phone_number: str = Field(alias='phoneNumber')


class ParticipantsChange(ApiModel):
    """One participant (``participantId``) or several (``participants``)."""
    participant_id: str | None = Field(default=None, alias='participantId')
    participants: list[str] | None = Field(default=None)


class PresenceRequest(ApiModel):
    presence: Literal['available', 'unavailable', 'composing', 'recording', 'paused'] = Field(description='`available`/`unavailable` for everyone; `composing` (typing), `recording` or `paused` in the chat `chatId`')
    chat_id: str | None = Field(default=None, alias='chatId')


class ReactionCreate(ApiModel):
    reaction: str = Field(description='An emoji, e.g. 👍')


class RefreshRequest(ApiModel):
    refresh_token: str = Field(alias='refreshToken')


class ReplayRequest(ApiModel):
    since: str = Field(description='Replay events (or failed deliveries) from this time on')
    until: str | None = Field(default=None)
    only_failed: bool | None = Field(default=None, alias='onlyFailed', description='Only dead-lettered deliveries, sent again to their subscriber')
    subscription_id: int | None = Field(default=None, alias='subscriptionId')
    session_id: str | None = Field(default=None, alias='sessionId')


class SandboxMessageRequest(ApiModel):
    """A message from the outside world: the send endpoint's body, plus who writes."""
    to: str = Field(description='sessionId or phone of the receiving session')
    message: str | dict[str, Any] | None = Field(default=None, description='Text (max 4096 characters), or the object of the type (image, location…)')
    type: Literal['text', 'image', 'video', 'audio', 'ptt', 'document', 'sticker', 'location', 'contact', 'contacts', 'reaction', 'template', 'interactive'] | None = Field(default=None, description='Default `text`')
    media_id: str | int | None = Field(default=None, alias='mediaId', description='A file uploaded to /api/media')
    media_url: str | None = Field(default=None, alias='mediaUrl')
    caption: str | None = Field(default=None)
    file_name: str | None = Field(default=None, alias='fileName')
    mimetype: str | None = Field(default=None)
    quoted_message_id: str | int | None = Field(default=None, alias='quotedMessageId', description='Reply to this message (our id or its whatsappMessageId)')
    mentions: list[str] | None = Field(default=None)
    template: Any = Field(default=None, description='Cloud API only: an approved template, `{"name", "language": "es", "components": [...]}` as Meta documents them (also accepted under `message`)')
    interactive: Any = Field(default=None, description='Reply buttons, a list, a call-to-action URL or a flow: `{"type": "buttons", "body", "buttons": [{"id", "title"}]}`, `{"type": "list", "body", "buttonText", "sections": [{"title", "rows": [{"id", "title", "description"}]}]}`, `{"type": "cta_url", "body", "displayText", "url"}`, `{"type": "flow", "body", "flowId", "flowCta", …}` (also accepted under `message`)')
    from_: str = Field(alias='from', description="Number of the contact who writes (or of a sandbox session's phone)")
    push_name: str | None = Field(default=None, alias='pushName')
    group: str | None = Field(default=None, description='Group JID: the contact writes in this group')
    media_inline: bool | None = Field(default=None, alias='mediaInline', description="false: hand media over as a reference fetched on first download (how WhatsApp's CDN works)")
    history: bool | None = Field(default=None, description='Arrives as history sync, not live')
    reply_id: str | None = Field(default=None, alias='replyId', description="The contact taps the button or list row with this id of the interactive message `quotedMessageId` (the session's); `message` defaults to its title")


class SandboxNetworkSettings(ApiModel):
    receipt_before_send_returns: bool | None = Field(default=None, alias='receiptBeforeSendReturns', description="Deliver the 'delivered' receipt before the send call returns its id")
    not_on_whats_app: list[str] | None = Field(default=None, alias='notOnWhatsApp', description='Numbers that sends to fail for')


class SandboxReceiptRequest(ApiModel):
    """A contact's phone acknowledges messages a session sent it."""
    from_: str = Field(alias='from', description='Number of the contact')
    to: str = Field(description='sessionId or phone of the session that sent them')
    message_ids: list[str | int] | None = Field(default=None, alias='messageIds')
    all: bool | None = Field(default=None, description='Every message the session sent to this contact')
    status: Literal['delivered', 'read', 'played'] | None = Field(default=None)


class SendMessageRequest(ApiModel):
    """A message to send: ``message`` as text or as an object per ``type`` (image, video, audio,
    document, sticker, location, contact, reaction), or the short form ``{"to", "message"}``;
    ``to`` may list up to 50 recipients; ``mediaId`` sends an uploaded file.
    """
    to: Any = Field(description='Number (`34657032985`), JID (`…@s.whatsapp.net`, group `…@g.us`), or a list of up to 50 of them (bulk send)')
    message: str | dict[str, Any] | None = Field(default=None, description='Text (max 4096 characters), or the object of the type (image, location…)')
    type: Literal['text', 'image', 'video', 'audio', 'ptt', 'document', 'sticker', 'location', 'contact', 'contacts', 'reaction', 'template', 'interactive'] | None = Field(default=None, description='Default `text`')
    media_id: str | int | None = Field(default=None, alias='mediaId', description='A file uploaded to /api/media')
    media_url: str | None = Field(default=None, alias='mediaUrl')
    caption: str | None = Field(default=None)
    file_name: str | None = Field(default=None, alias='fileName')
    mimetype: str | None = Field(default=None)
    quoted_message_id: str | int | None = Field(default=None, alias='quotedMessageId', description='Reply to this message (our id or its whatsappMessageId)')
    mentions: list[str] | None = Field(default=None)
    template: Any = Field(default=None, description='Cloud API only: an approved template, `{"name", "language": "es", "components": [...]}` as Meta documents them (also accepted under `message`)')
    interactive: Any = Field(default=None, description='Reply buttons, a list, a call-to-action URL or a flow: `{"type": "buttons", "body", "buttons": [{"id", "title"}]}`, `{"type": "list", "body", "buttonText", "sections": [{"title", "rows": [{"id", "title", "description"}]}]}`, `{"type": "cta_url", "body", "displayText", "url"}`, `{"type": "flow", "body", "flowId", "flowCta", …}` (also accepted under `message`)')


class SessionCreate(ApiModel):
    session_id: str | None = Field(default=None, alias='sessionId', description='URL-safe id; generated when absent')
    session_name: str | None = Field(default=None, alias='sessionName')
    name: str | None = Field(default=None, description='Same as sessionName (older clients)')
    description: str | None = Field(default=None)
    phone_number: str | None = Field(default=None, alias='phoneNumber')
    engine: str | None = Field(default=None)
    engine_options: dict[str, Any] | None = Field(default=None, alias='engineOptions')
    webhook_url: str | None = Field(default=None, alias='webhookUrl')
    webhook_secret: str | None = Field(default=None, alias='webhookSecret')
    webhook_events: list[str] | None = Field(default=None, alias='webhookEvents')
    from_frappe: bool | None = Field(default=None, alias='fromFrappe')
    send_to_frappe: bool | None = Field(default=None, alias='sendToFrappe')


class SessionUpdate(ApiModel):
    session_name: str | None = Field(default=None, alias='sessionName')
    name: str | None = Field(default=None)
    description: str | None = Field(default=None)
    webhook_url: str | None = Field(default=None, alias='webhookUrl')
    webhook_secret: str | None = Field(default=None, alias='webhookSecret')
    webhook_events: list[str] | None = Field(default=None, alias='webhookEvents')
    send_to_frappe: bool | None = Field(default=None, alias='sendToFrappe')


class SimulatedContact(ApiModel):
    """A person on the sandbox's WhatsApp; optionally saved in a session's address book."""
    phone_number: str = Field(alias='phoneNumber', description='Digits with country code')
    push_name: str | None = Field(default=None, alias='pushName')
    about: str | None = Field(default=None)
    verified_name: str | None = Field(default=None, alias='verifiedName', description='Business name verified by WhatsApp')
    picture_url: str | None = Field(default=None, alias='pictureUrl')
    business_profile: dict[str, Any] | None = Field(default=None, alias='businessProfile', description='e.g. {description, category, email, website, address}')
    session_id: str | None = Field(default=None, alias='sessionId', description="Save the number in this session's phone")
    name: str | None = Field(default=None, description='Name it is saved under in that address book')
    hide_number: bool | None = Field(default=None, alias='hideNumber', description='Show the contact to the session by hidden @lid only, not by number')


class SimulatedStatus(ApiModel):
    """A simulated contact posts a status."""
    from_: str = Field(alias='from', description="The simulated contact's number")
    type: Literal['text', 'image', 'video'] | None = Field(default=None)
    text: str | None = Field(default=None)
    caption: str | None = Field(default=None)
    base64: str | None = Field(default=None, description='Image or video bytes, base64')
    mimetype: str | None = Field(default=None)
    background_color: str | None = Field(default=None, alias='backgroundColor')
    font: int | None = Field(default=None)
    timestamp: str | None = Field(default=None, description='When it was posted (default now); within the last 24 hours')


class SimulatedView(ApiModel):
    """A simulated contact views a session's status, optionally reacting ("" takes it back)."""
    from_: str = Field(alias='from')
    reaction: str | None = Field(default=None)


class SinkCreate(ApiModel):
    type: Literal['amqp', 'nats'] = Field(description='amqp (RabbitMQ) or nats (NATS JetStream)')
    name: str | None = Field(default=None)
    url: str = Field(description='amqp://user:password@host:5672/vhost (amqps:// for TLS) or nats://user:password@host:4222 (nats://token@host, tls:// for TLS); the credentials are kept secret')
    exchange: str | None = Field(default=None, description='AMQP only: the durable topic exchange to publish to (default inboxhub)')
    subject_prefix: str | None = Field(default=None, alias='subjectPrefix', description='NATS only: the first tokens of every subject (default inboxhub)')
    events: list[str] | None = Field(default=None, description="Subscription names ['*', 'contact', 'group', 'handover', 'message', 'message_status', 'qr_code', 'session_status'] or exact event types ['contact.updated', 'group.updated', 'handover.updated', 'message.received', 'message.sent', 'message.status', 'message.updated', 'session.qr', 'session.status', 'status.received', 'webhook.disabled', 'webhook.inspected']")
    secret: str | None = Field(default=None, description="HMAC key: messages carry the webhooks' signature headers; without it, none")
    is_active: bool | None = Field(default=None, alias='isActive')


class SinkUpdate(ApiModel):
    type: Literal['amqp', 'nats'] | None = Field(default=None, description='Cannot change; create another sink')
    name: str | None = Field(default=None)
    url: str | None = Field(default=None, description='The URL as shown (password ***) keeps the stored password')
    exchange: str | None = Field(default=None, description='AMQP only: the durable topic exchange to publish to (default inboxhub)')
    subject_prefix: str | None = Field(default=None, alias='subjectPrefix', description='NATS only: the first tokens of every subject (default inboxhub)')
    events: list[str] | None = Field(default=None, description="Subscription names ['*', 'contact', 'group', 'handover', 'message', 'message_status', 'qr_code', 'session_status'] or exact event types ['contact.updated', 'group.updated', 'handover.updated', 'message.received', 'message.sent', 'message.status', 'message.updated', 'session.qr', 'session.status', 'status.received', 'webhook.disabled', 'webhook.inspected']")
    secret: str | None = Field(default=None, description='null removes it')
    is_active: bool | None = Field(default=None, alias='isActive')


class StatusCreate(ApiModel):
    """A text status (``text``, optional ``backgroundColor``/``font``) or an image/video status
    (``mediaUrl`` or ``base64``, optional ``caption``). A text status also takes its text as
    ``content`` or ``caption``, as integrators guess.
    """
    type: Literal['text', 'image', 'video'] | None = Field(default=None)
    text: str | None = Field(default=None)
    content: str | None = Field(default=None, description="A text status's text (alias)")
    caption: str | None = Field(default=None)
    media_url: str | None = Field(default=None, alias='mediaUrl')
    base64: str | None = Field(default=None, description='Media bytes')
    mimetype: str | None = Field(default=None)
    background_color: str | None = Field(default=None, alias='backgroundColor', description='#RRGGBB')
    font: int | None = Field(default=None, description='WhatsApp status font, 0-9')


class TemplateCreate(ApiModel):
    name: str
    category: str | None = Field(default=None)
    body: str = Field(description="Text with {{variable}} placeholders, e.g. 'Hola {{nombre}}'")
    variables: list[str] | None = Field(default=None, description='The placeholders the body uses; worked out from the body when absent')
    is_active: bool | None = Field(default=None, alias='isActive')


class TemplatePreview(ApiModel):
    variables: dict[str, Any] | None = Field(default=None)


class TemplateRecipient(ApiModel):
    to: str
    variables: dict[str, Any] | None = Field(default=None, description="This recipient's values, over the common ones")


class TemplateUpdate(ApiModel):
    name: str | None = Field(default=None)
    category: str | None = Field(default=None)
    body: str | None = Field(default=None)
    variables: list[str] | None = Field(default=None)
    is_active: bool | None = Field(default=None, alias='isActive')


class TemplateUse(ApiModel):
    """Send the rendered template to one recipient or to up to 50."""
    session_id: str = Field(alias='sessionId')
    to: str | list[str | TemplateRecipient] = Field(description='A number/JID, or a list of them (or of {to, variables}), up to 50')
    variables: dict[str, Any] | None = Field(default=None, description='Values for every recipient')


class TicketAssign(ApiModel):
    """Give an open ticket to an agent from the API (what the CRM does with ``bot_to_human``)."""
    agent_id: str = Field(alias='agentId')
    agent_name: str | None = Field(default=None, alias='agentName')


class TicketClose(ApiModel):
    """Give the chat back to the bot (what the CRM does with ``human_to_bot``)."""
    resolved: bool | None = Field(default=None)


class TicketOpen(ApiModel):
    """Open a handover from the API (a CRM taking over a chat the bot has not escalated)."""
    phone_number: str = Field(alias='phoneNumber')
    category: str | None = Field(default=None)
    priority: Literal['alta', 'media', 'baja'] | None = Field(default=None)
    notify_crm: bool | None = Field(default=None, alias='notifyCrm')


class WebhookCreate(ApiModel):
    name: str | None = Field(default=None)
    url: str
    events: list[str] | None = Field(default=None, description="Subscription names ['*', 'contact', 'group', 'handover', 'message', 'message_status', 'qr_code', 'session_status'] or exact event types ['contact.updated', 'group.updated', 'handover.updated', 'message.received', 'message.sent', 'message.status', 'message.updated', 'session.qr', 'session.status', 'status.received', 'webhook.disabled', 'webhook.inspected']")
    secret: str | None = Field(default=None, description='HMAC key; without it webhooks go unsigned')
    is_active: bool | None = Field(default=None, alias='isActive')


class WebhookUpdate(ApiModel):
    name: str | None = Field(default=None)
    url: str | None = Field(default=None)
    events: list[str] | None = Field(default=None, description="Subscription names ['*', 'contact', 'group', 'handover', 'message', 'message_status', 'qr_code', 'session_status'] or exact event types ['contact.updated', 'group.updated', 'handover.updated', 'message.received', 'message.sent', 'message.status', 'message.updated', 'session.qr', 'session.status', 'status.received', 'webhook.disabled', 'webhook.inspected']")
    secret: str | None = Field(default=None, description='null removes it')
    is_active: bool | None = Field(default=None, alias='isActive')


ApiKeyCreate.model_rebuild()
BotConfig.model_rebuild()
BotOption.model_rebuild()
BotRoute.model_rebuild()
ChatwootBridgeRequest.model_rebuild()
ConsoleKeyRequest.model_rebuild()
ContactUpdate.model_rebuild()
CrmHandover.model_rebuild()
CrmSendMessage.model_rebuild()
EditMessageRequest.model_rebuild()
ErrorBody.model_rebuild()
FrappeConfigure.model_rebuild()
GroupCreate.model_rebuild()
GroupSettings.model_rebuild()
GroupUpdate.model_rebuild()
HandoverSettingsUpdate.model_rebuild()
InvitationAccept.model_rebuild()
JoinWithCode.model_rebuild()
LinkRequest.model_rebuild()
LoginRequest.model_rebuild()
LogoutRequest.model_rebuild()
MemberAdd.model_rebuild()
MemberUpdate.model_rebuild()
OrganizationCreate.model_rebuild()
OrganizationUpdate.model_rebuild()
PairingCodeRequest.model_rebuild()
ParticipantsChange.model_rebuild()
PresenceRequest.model_rebuild()
ReactionCreate.model_rebuild()
RefreshRequest.model_rebuild()
ReplayRequest.model_rebuild()
SandboxMessageRequest.model_rebuild()
SandboxNetworkSettings.model_rebuild()
SandboxReceiptRequest.model_rebuild()
SendMessageRequest.model_rebuild()
SessionCreate.model_rebuild()
SessionUpdate.model_rebuild()
SimulatedContact.model_rebuild()
SimulatedStatus.model_rebuild()
SimulatedView.model_rebuild()
SinkCreate.model_rebuild()
SinkUpdate.model_rebuild()
StatusCreate.model_rebuild()
TemplateCreate.model_rebuild()
TemplatePreview.model_rebuild()
TemplateRecipient.model_rebuild()
TemplateUpdate.model_rebuild()
TemplateUse.model_rebuild()
TicketAssign.model_rebuild()
TicketClose.model_rebuild()
TicketOpen.model_rebuild()
WebhookCreate.model_rebuild()
WebhookUpdate.model_rebuild()

"""Every schema of the gateway's OpenAPI document, as a pydantic model.

Written by ``clients/python/generate.py``; do not edit.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ApiModel(BaseModel):
    """Fields by their Python names or the API's; keys the gateway adds later are kept."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")



class AgentMessageSent(ApiModel):
    ticket_id: str = Field(alias='ticketId')
    message_id: int = Field(alias='messageId')
    whatsapp_message_id: str | None = Field(alias='whatsappMessageId')
    status: str


class AgentRead(ApiModel):
    id: str
    name: str


class ApiKeyCreate(ApiModel):
    name: str


class ApiKeyCreated(ApiModel):
    id: int
    name: str
    prefix: str
    organization_id: int = Field(alias='organizationId')
    created_at: str = Field(alias='createdAt')
    last_used_at: str | None = Field(alias='lastUsedAt')
    revoked_at: str | None = Field(alias='revokedAt')
    is_active: bool = Field(alias='isActive')
    key: str = Field(description='The full key. Shown once: only its hash is stored.')


class ApiKeyCreatedData(ApiModel):
    api_key: ApiKeyCreated = Field(alias='apiKey')


class ApiKeyData(ApiModel):
    api_key: ApiKeyRead = Field(alias='apiKey')


class ApiKeyList(ApiModel):
    api_keys: list[ApiKeyRead] = Field(alias='apiKeys')
    total: int


class ApiKeyRead(ApiModel):
    id: int
    name: str
    prefix: str
    organization_id: int = Field(alias='organizationId')
    created_at: str = Field(alias='createdAt')
    last_used_at: str | None = Field(alias='lastUsedAt')
    revoked_at: str | None = Field(alias='revokedAt')
    is_active: bool = Field(alias='isActive')


class BlockChange(ApiModel):
    contact_id: str = Field(alias='contactId')
    blocked: bool
    blocklist: list[str] = Field(description='Every JID the number blocks now')


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


class BotRead(ApiModel):
    session_id: str = Field(alias='sessionId')
    configured: bool
    enabled: bool
    config: dict[str, Any] | None = Field(description="The bot's configuration, as PUT it")
    updated_at: str | None = Field(alias='updatedAt')


class BotRoute(ApiModel):
    """Send customers carrying a tag to another queue (e.g. suspended service -> reactivation)."""
    when_tag: str = Field(alias='whenTag')
    category: str | None = Field(default=None)
    priority: Literal['alta', 'media', 'baja'] | None = Field(default=None)


class BulkSent(ApiModel):
    """A list of recipients: one message each, paced."""
    messages: list[MessageRead]
    total: int
    batch_id: str | None = Field(alias='batchId')
    sent: int
    queued: int
    failed: int


class CaptureData(ApiModel):
    capture: CaptureRead


class CaptureList(ApiModel):
    captures: list[CaptureRead]
    total: int


class CaptureRead(ApiModel):
    id: int
    received_at: str = Field(alias='receivedAt')
    event: str | None
    event_id: str | None = Field(alias='eventId')
    session_id: str | None = Field(alias='sessionId')
    signature: SignatureCheck
    response_status: int = Field(alias='responseStatus', description='What the capture URL answered (it keeps only 200s)')
    body: Any = Field(description='The body parsed as JSON (null when it is not JSON)')
    body_bytes: int = Field(alias='bodyBytes')
    headers: dict[str, Any] | None = Field(default=None)
    raw_body: str | None = Field(default=None, alias='rawBody')


class CaptureRecorded(ApiModel):
    capture_id: int = Field(alias='captureId')
    signature: Literal['valid', 'invalid', 'unsigned', 'no_secret', 'unknown_subscriber']


class CaptureSubscriber(ApiModel):
    kind: str
    subscription_id: int | None = Field(alias='subscriptionId')
    session_id: str | None = Field(alias='sessionId')
    name: str | None
    has_secret: bool = Field(alias='hasSecret')


class CapturesDeleted(ApiModel):
    deleted: int


class ChatHistory(ApiModel):
    messages: list[MessageRead]
    total: int
    pagination: Pagination
    chat_id: str = Field(alias='chatId')


class ChatList(ApiModel):
    chats: list[ChatRead]
    total: int
    pagination: Pagination


class ChatMarkedRead(ApiModel):
    session_id: str = Field(alias='sessionId')
    chat_id: str = Field(alias='chatId')
    marked_as_read: int = Field(alias='markedAsRead')
    read_at: str = Field(alias='readAt')


class ChatOwnerRead(ApiModel):
    session_id: str = Field(alias='sessionId')
    phone_number: str = Field(alias='phoneNumber')
    owner: Literal['bot', 'pending', 'human']
    ticket: TicketRead | None


class ChatRead(ApiModel):
    id: str
    chat_id: str = Field(alias='chatId')
    name: str
    is_group: bool = Field(alias='isGroup')
    unread_count: int = Field(alias='unreadCount')
    last_message_at: str | None = Field(alias='lastMessageAt')
    timestamp: str | None
    last_inbound_at: str | None = Field(alias='lastInboundAt')
    service_window_expires_at: str | None = Field(alias='serviceWindowExpiresAt', description='Cloud API: until when free-form messages may go to the contact')
    last_message: MessageRead | None = Field(alias='lastMessage')


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


class ChatwootBridgeView(ApiModel):
    session_id: str = Field(alias='sessionId')
    base_url: str = Field(alias='baseUrl')
    account_id: int = Field(alias='accountId')
    inbox_id: int = Field(alias='inboxId')
    inbox_name: str | None = Field(alias='inboxName')
    api_access_token: str = Field(alias='apiAccessToken', description='Only its last characters')
    sign_messages: bool = Field(alias='signMessages')
    reopen_resolved: bool = Field(alias='reopenResolved')
    import_history_days: int = Field(alias='importHistoryDays')
    webhook_url: str = Field(alias='webhookUrl', description="Where Chatwoot posts the inbox's events")
    signature_verification: bool = Field(alias='signatureVerification', description="Whether Chatwoot's X-Chatwoot-Signature is checked (a secret is known)")
    created_at: str = Field(alias='createdAt')
    updated_at: str = Field(alias='updatedAt')


class ChatwootData(ApiModel):
    chatwoot: ChatwootBridgeView


class ChatwootDeleted(ApiModel):
    session_id: str = Field(alias='sessionId')
    deleted: bool


class ChatwootEventResult(ApiModel):
    """What the gateway did with one of Chatwoot's events."""
    event: str | None
    action: str
    reason: str | None = Field(default=None)
    chat_id: str | None = Field(default=None, alias='chatId')
    message_ids: list[int] | None = Field(default=None, alias='messageIds')


class CloudWebhookReceipt(ApiModel):
    received: int = Field(description='New events recorded')
    duplicates: int = Field(description='Events Meta had delivered already')
    ignored_changes: int = Field(alias='ignoredChanges')


class ClusterBrief(ApiModel):
    mode: str
    operator: bool


class ClusterRead(ApiModel):
    mode: str = Field(description='`cluster` on PostgreSQL, `single` on SQLite')
    node_id: str = Field(alias='nodeId')
    lease_seconds: float = Field(alias='leaseSeconds')
    rate_limits: str = Field(alias='rateLimits', description='`cluster` with Redis, else `per-node`')
    nodes: list[NodeRead]
    unowned_sessions: int = Field(alias='unownedSessions', description='Sessions that should run but no node drives yet')


class ConsoleFeatures(ApiModel):
    messages: bool
    webhooks: bool
    event_stream: bool = Field(alias='eventStream')
    sandbox_messages: bool = Field(alias='sandboxMessages')
    sandbox_receipts: bool = Field(alias='sandboxReceipts')
    contacts: bool
    groups: bool
    templates: bool
    handover: bool
    inspector: bool
    cluster: bool


class ConsoleInfo(ApiModel):
    """What this gateway offers, so the console shows only what works here."""
    version: str
    organization_id: int = Field(alias='organizationId')
    organization: OrganizationBrief
    engines: list[str]
    engine_catalog: list[EngineOffer] = Field(alias='engineCatalog')
    default_engine: str = Field(alias='defaultEngine')
    sandbox: bool
    cluster: ClusterBrief
    features: ConsoleFeatures


class ConsoleKeyCreated(ApiModel):
    api_key: ConsoleKeyRead = Field(alias='apiKey')
    organization: ConsoleOrganization


class ConsoleKeyRead(ApiModel):
    id: int
    key: str = Field(description='Shown once; it expires with the sign-in')
    prefix: str
    expires_at: str = Field(alias='expiresAt')


class ConsoleKeyRequest(ApiModel):
    organization_id: int | None = Field(default=None, alias='organizationId', description="Organization to work in; the user's first one when absent")


class ConsoleKeyRevoked(ApiModel):
    id: int
    revoked: bool


class ConsoleOrganization(ApiModel):
    id: int
    name: str
    slug: str
    role: Literal['owner', 'admin', 'member']


class ContactCard(ApiModel):
    display_name: str | None = Field(alias='displayName')
    vcards: list[str]


class ContactFound(ApiModel):
    contact: ContactRead
    exists: bool


class ContactInfoData(ApiModel):
    contact: ContactInfoRead


class ContactInfoRead(ApiModel):
    id: str = Field(description='JID')
    contact_id: int = Field(alias='contactId', description='The id PUT /api/contacts/{contactId} takes')
    name: str | None
    verified_name: str | None = Field(alias='verifiedName')
    notify: str | None
    push_name: str | None = Field(alias='pushName')
    phone_number: str | None = Field(alias='phoneNumber')
    lid: str | None
    img_url: str | None = Field(alias='imgUrl')
    is_user: bool = Field(alias='isUser')
    is_group: bool = Field(alias='isGroup')
    is_wa_contact: bool = Field(alias='isWAContact')
    is_business: bool = Field(alias='isBusiness')
    in_address_book: bool = Field(alias='inAddressBook')
    tags: list[str]
    notes: str | None
    assigned_to_user_id: int | None = Field(alias='assignedToUserId')
    created_at: str = Field(alias='createdAt')
    updated_at: str = Field(alias='updatedAt')
    session_id: str | None = Field(default=None, alias='sessionId')
    business_profile: dict[str, Any] | None = Field(alias='businessProfile')
    status: str | None = Field(description='Same as about')
    about: str | None
    last_seen: str | None = Field(alias='lastSeen')


class ContactList(ApiModel):
    contacts: list[ContactRead]
    total: int
    pagination: Pagination
    search: str | None


class ContactRead(ApiModel):
    """A contact: WhatsApp's names and flags, the number, the lid and the CRM's fields."""
    id: str = Field(description='JID')
    contact_id: int = Field(alias='contactId', description='The id PUT /api/contacts/{contactId} takes')
    name: str | None
    verified_name: str | None = Field(alias='verifiedName')
    notify: str | None
    push_name: str | None = Field(alias='pushName')
    phone_number: str | None = Field(alias='phoneNumber')
    lid: str | None
    img_url: str | None = Field(alias='imgUrl')
    is_user: bool = Field(alias='isUser')
    is_group: bool = Field(alias='isGroup')
    is_wa_contact: bool = Field(alias='isWAContact')
    is_business: bool = Field(alias='isBusiness')
    in_address_book: bool = Field(alias='inAddressBook')
    tags: list[str]
    notes: str | None
    assigned_to_user_id: int | None = Field(alias='assignedToUserId')
    created_at: str = Field(alias='createdAt')
    updated_at: str = Field(alias='updatedAt')
    session_id: str | None = Field(default=None, alias='sessionId')


class ContactStatsData(ApiModel):
    stats: ContactStatsRead


class ContactStatsRead(ApiModel):
    total: int
    users: int
    groups: int
    w_a_contacts: int = Field(alias='wAContacts')
    with_names: int = Field(alias='withNames')
    with_profile_pics: int = Field(alias='withProfilePics')
    businesses: int
    in_address_book: int = Field(alias='inAddressBook')


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


class CrmHandoverAnswer(ApiModel):
    """The envelope, with ``ticketId`` beside it (as CRM clients read it)."""
    success: Literal[True]
    message: str
    data: TicketChange
    ticket_id: str = Field(alias='ticketId')


class CrmMessageAnswer(ApiModel):
    success: Literal[True]
    message: str
    data: AgentMessageSent
    ticket_id: str = Field(alias='ticketId')


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


class CrmStatusAnswer(ApiModel):
    """The envelope, with the status's fields also beside it (as CRM clients read it)."""
    ticket_id: str = Field(alias='ticketId')
    status: Literal['pending', 'active', 'closed']
    assigned_agent: AgentRead | None = Field(alias='assignedAgent')
    start_time: str = Field(alias='startTime')
    last_activity: str | None = Field(alias='lastActivity')
    message_count: int = Field(alias='messageCount')
    success: Literal[True]
    data: TicketStatusRead


class DayCount(ApiModel):
    date: str
    sent: int
    received: int
    total: int


class DeliveryAttemptRead(ApiModel):
    attempt: int
    started_at: str | None = Field(alias='startedAt')
    duration_ms: int | None = Field(alias='durationMs')
    response_status: int | None = Field(alias='responseStatus')
    response_body: str | None = Field(alias='responseBody')
    error: str | None
    url: str | None


class DurationStats(ApiModel):
    count: int
    average_seconds: float | None = Field(alias='averageSeconds')
    median_seconds: float | None = Field(alias='medianSeconds')
    p90_seconds: float | None = Field(alias='p90Seconds')


class EditMessageRequest(ApiModel):
    message: str | dict[str, Any] = Field(description='The new text (or `{"text": …}`)')


class EngineOffer(ApiModel):
    name: str
    summary: str
    installed: bool
    enabled: bool
    usable: bool
    default: bool
    hint: str | None = Field(description='What would make it usable')


class ErrorBody(ApiModel):
    """The error envelope, as the OpenAPI document declares it for every error status."""
    success: Literal[False] | None = Field(default=None)
    error: str
    message: str
    code: str = Field(description='Stable error code: VALIDATION_ERROR, SESSION_NOT_FOUND, …')
    timestamp: str
    field: str | None = Field(default=None, description='The input at fault, when there is one')
    details: Any = Field(default=None)


class EventTicket(ApiModel):
    ticket: str = Field(description='For GET /api/events/stream?ticket=…')
    expires_in: int = Field(alias='expiresIn', description='Seconds')
    expires_at: str = Field(alias='expiresAt')


class FrappeConfigure(ApiModel):
    send_to_frappe: bool = Field(alias='sendToFrappe')


class FrappeSetting(ApiModel):
    session_id: str = Field(alias='sessionId')
    send_to_frappe: bool = Field(alias='sendToFrappe')


class FrappeStatus(ApiModel):
    session_id: str = Field(alias='sessionId')
    send_to_frappe: bool = Field(alias='sendToFrappe')
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected']
    session_name: str = Field(alias='sessionName')
    webhook_configured: bool = Field(alias='webhookConfigured')


class GroupCreate(ApiModel):
    subject: str = Field(description="The group's name")
    participants: list[str] | None = Field(default=None, description='Numbers (34600000000) or JIDs (34600000000@s.whatsapp.net, …@lid)')
    description: str | None = Field(default=None)


class GroupCreated(ApiModel):
    group: GroupRead
    group_id: str = Field(alias='groupId')
    failed: list[ParticipantResultRead] = Field(description='Participants WhatsApp refused')


class GroupData(ApiModel):
    group: GroupRead


class GroupDetail(ApiModel):
    group: GroupRead
    source: Literal['cache', 'whatsapp']


class GroupJoined(ApiModel):
    group: GroupRead
    group_id: str = Field(alias='groupId')


class GroupLeft(ApiModel):
    group_id: str = Field(alias='groupId')
    left: bool


class GroupList(ApiModel):
    groups: list[GroupRead]
    total: int
    pagination: Pagination
    source: Literal['cache', 'whatsapp']


class GroupParticipantRead(ApiModel):
    id: str
    phone_number: str | None = Field(alias='phoneNumber')
    admin: Literal['admin', 'superadmin'] | None
    is_admin: bool = Field(alias='isAdmin')
    is_super_admin: bool = Field(alias='isSuperAdmin')


class GroupRead(ApiModel):
    """Baileys' group metadata names (``subject``, ``desc``, ``restrict``, ``announce``, …)."""
    id: str
    group_id: str = Field(alias='groupId')
    subject: str
    description: str | None
    desc: str | None = Field(description='Same as description')
    owner: str | None
    creation: str | None
    size: int
    announce: bool
    locked: bool
    restrict: bool = Field(description='Same as locked')
    is_admin: bool = Field(alias='isAdmin')
    is_member: bool = Field(alias='isMember')
    updated_at: str = Field(alias='updatedAt')
    participants: list[GroupParticipantRead] | None = Field(default=None)
    admins: list[str] | None = Field(default=None)
    invite_code: str | None = Field(default=None, alias='inviteCode')


class GroupSettings(ApiModel):
    announce: bool | None = Field(default=None, description='Only admins send messages')
    locked: bool | None = Field(default=None, description="Only admins edit the group's info")


class GroupUpdate(ApiModel):
    announce: bool | None = Field(default=None, description='Only admins send messages')
    locked: bool | None = Field(default=None, description="Only admins edit the group's info")
    subject: str | None = Field(default=None)
    description: str | None = Field(default=None, description="'' clears it")


class HandoverMetrics(ApiModel):
    period: HandoverPeriod
    total_tickets: int = Field(alias='totalTickets')
    by_category: dict[str, dict[str, int]] = Field(alias='byCategory')
    by_status: dict[str, int] = Field(alias='byStatus')
    by_priority: dict[str, int] = Field(alias='byPriority')
    time_to_assign: DurationStats = Field(alias='timeToAssign')
    first_response_time: DurationStats = Field(alias='firstResponseTime')
    handover_duration: DurationStats = Field(alias='handoverDuration')
    resolution: Resolution


class HandoverPeriod(ApiModel):
    start_date: str = Field(alias='startDate')
    end_date: str = Field(alias='endDate')


class HandoverSettingsRead(ApiModel):
    """The organization's handover settings; secrets only as a hint."""
    organization_id: int = Field(alias='organizationId')
    is_default_organization: bool = Field(alias='isDefaultOrganization')
    crm_base_url: str | None = Field(alias='crmBaseUrl')
    crm_agent_notification_url: str | None = Field(alias='crmAgentNotificationUrl')
    crm_api_token_set: bool = Field(alias='crmApiTokenSet')
    crm_api_token_hint: str | None = Field(alias='crmApiTokenHint')
    bot_api_token_hint: str | None = Field(alias='botApiTokenHint')
    bot_signature_secret_hint: str | None = Field(alias='botSignatureSecretHint')
    webhook_verify_token_hint: str | None = Field(alias='webhookVerifyTokenHint')
    meta_app_id: str | None = Field(alias='metaAppId')
    meta_app_secret_hint: str | None = Field(alias='metaAppSecretHint')
    emergency_contact: str | None = Field(alias='emergencyContact')
    assign_timeout_seconds: float = Field(alias='assignTimeoutSeconds')
    agent_idle_timeout_seconds: float = Field(alias='agentIdleTimeoutSeconds')
    messages: dict[str, str] = Field(description='The customer-facing texts, defaults filled in')
    sources: SettingSources


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


class HealthRead(ApiModel):
    status: Literal['ok', 'degraded']
    version: str
    database: Literal['ok', 'unavailable']
    engines: dict[str, str] = Field(description='Engines running here')
    default_engine: str = Field(alias='defaultEngine')
    sessions: dict[str, float] = Field(description='Running sessions by state')
    node: str
    cluster: bool
    rate_limits: Literal['cluster', 'per-node'] = Field(alias='rateLimits')


class InspectorRead(ApiModel):
    organization_id: int = Field(alias='organizationId')
    url: str = Field(description='Use it as a webhook URL')
    token: str
    captures: int
    keeps: int = Field(description='How many captures are kept (the oldest go first)')
    stream: str = Field(description='The live stream of new captures')
    created_at: str = Field(alias='createdAt')


class InvitationAccept(ApiModel):
    token: str
    password: str | None = Field(default=None, description='For a new account only')
    name: str | None = Field(default=None)


class InvitationCancelled(ApiModel):
    id: int
    cancelled: bool


class InvitationCreated(ApiModel):
    id: int
    organization_id: int = Field(alias='organizationId')
    email: str
    role: Literal['owner', 'admin', 'member']
    created_at: str = Field(alias='createdAt')
    expires_at: str = Field(alias='expiresAt')
    token: str = Field(description='For POST /api/auth/invitations/accept; shown once')


class InvitationData(ApiModel):
    invitation: InvitationCreated


class InvitationList(ApiModel):
    invitations: list[InvitationRead]
    total: int


class InvitationRead(ApiModel):
    id: int
    organization_id: int = Field(alias='organizationId')
    email: str
    role: Literal['owner', 'admin', 'member']
    created_at: str = Field(alias='createdAt')
    expires_at: str = Field(alias='expiresAt')


class InviteCodeRead(ApiModel):
    group_id: str = Field(alias='groupId')
    invite_code: str | None = Field(alias='inviteCode')
    invite_link: str = Field(alias='inviteLink')


class JoinWithCode(ApiModel):
    session_id: str = Field(alias='sessionId')
    invite_code: str = Field(alias='inviteCode', description='The code, or the whole chat.whatsapp.com link')


class LinkRequest(ApiModel):
    qr: str | None = Field(default=None, description="Text read from the session's QR code")
    code: str | None = Field(default=None, description='Pairing code, instead of a QR')
    phone_number: str | None = Field(default=None, alias='phoneNumber', description='Number of the phone that scans')
    push_name: str | None = Field(default=None, alias='pushName')


class LoggedOut(ApiModel):
    logged_out: bool = Field(alias='loggedOut')


class LoginRequest(ApiModel):
    identifier: str = Field(description='Email of the user')
    password: str


class LoginResult(ApiModel):
    access_token: str = Field(alias='accessToken')
    refresh_token: str = Field(alias='refreshToken')
    expires_in: str | None = Field(default=None, alias='expiresIn')
    token_type: str | None = Field(default=None, alias='tokenType')
    user: UserRead


class LogoutRequest(ApiModel):
    refresh_token: str | None = Field(default=None, alias='refreshToken')


class MediaDeleted(ApiModel):
    media_id: int = Field(alias='mediaId')
    deleted: bool


class MediaFileData(ApiModel):
    media: MediaFileRead


class MediaFileList(ApiModel):
    media: list[MediaFileRead]
    total: int
    pagination: Pagination


class MediaFileRead(ApiModel):
    id: int
    media_id: int = Field(alias='mediaId', description='Same as id: send it as mediaId')
    session_id: str | None = Field(alias='sessionId')
    type: str
    source: str
    filename: str
    mimetype: str
    size: int | None
    sha256: str | None
    downloaded: bool = Field(description='The bytes are stored here (else fetched on download)')
    download_url: str = Field(alias='downloadUrl', description='With the X-API-Key header')
    url: str = Field(description='A signed link that needs no API key, for a while')
    created_at: str = Field(alias='createdAt')


class MediaUploaded(ApiModel):
    media: MediaFileRead
    media_id: int = Field(alias='mediaId')


class MemberAdd(ApiModel):
    email: str
    name: str | None = Field(default=None, description='Ignored: see invitations')
    password: str | None = Field(default=None, description='Ignored: see invitations')
    role: Literal['owner', 'admin', 'member'] | None = Field(default=None)


class MemberData(ApiModel):
    member: MemberRead


class MemberList(ApiModel):
    members: list[MemberRead]
    total: int


class MemberRead(ApiModel):
    user_id: int = Field(alias='userId')
    email: str
    name: str | None
    role: str
    created_at: str = Field(alias='createdAt')


class MemberRemoved(ApiModel):
    user_id: int = Field(alias='userId')
    removed: bool


class MemberUpdate(ApiModel):
    role: Literal['owner', 'admin', 'member']


class MembershipJoined(ApiModel):
    user_id: int = Field(alias='userId')
    email: str
    organization_id: int = Field(alias='organizationId')
    role: Literal['owner', 'admin', 'member']


class MessageCounts(ApiModel):
    total: int
    sent: int
    received: int
    by_type: dict[str, int] = Field(alias='byType')
    by_status: dict[str, int] = Field(alias='byStatus')
    by_day: list[DayCount] = Field(alias='byDay')
    failed: int
    unread: int


class MessageData(ApiModel):
    message: MessageRead


class MessageList(ApiModel):
    messages: list[MessageRead]
    total: int
    pagination: Pagination


class MessageMedia(ApiModel):
    filename: str | None
    filesize: int | None
    mimetype: str | None
    url: str | None = Field(description='Signed download URL, while the file is kept')
    media_id: int | None = Field(alias='mediaId')
    ptt: bool


class MessageReaction(ApiModel):
    emoji: str
    from_: str | None = Field(alias='from')
    from_me: bool = Field(alias='fromMe')
    timestamp: str | None


class MessageRead(ApiModel):
    """A message in API answers (``message_view``)."""
    id: int
    message_id: int = Field(alias='messageId', description='Same as id')
    whatsapp_message_id: str | None = Field(alias='whatsappMessageId', description="WhatsApp's id, once sent")
    session_id: str = Field(alias='sessionId')
    chat_id: str = Field(alias='chatId')
    from_me: bool = Field(alias='fromMe')
    from_: str | None = Field(alias='from')
    push_name: str | None = Field(alias='pushName')
    body: str | None
    type: str
    status: Literal['queued', 'pending', 'sent', 'delivered', 'read', 'played', 'failed', 'received']
    timestamp: str | None
    media_url: str | None = Field(alias='mediaUrl')
    media: MessageMedia | None
    has_reactions: bool = Field(alias='hasReactions')
    reactions: list[MessageReaction]
    quoted_message_id: str | None = Field(alias='quotedMessageId')
    mentions: list[str]
    is_history: bool = Field(alias='isHistory')
    is_edited: bool = Field(alias='isEdited')
    is_deleted: bool = Field(alias='isDeleted')
    error: str | None
    error_code: str | None = Field(alias='errorCode')
    source: str
    delivered_at: str | None = Field(alias='deliveredAt')
    read_at: str | None = Field(alias='readAt')
    location: dict[str, Any] | None = Field(default=None)
    contacts: ContactCard | None = Field(default=None)
    reaction: ReactionTarget | None = Field(default=None)
    template: dict[str, Any] | None = Field(default=None)
    interactive: dict[str, Any] | None = Field(default=None)
    interactive_reply: dict[str, Any] | None = Field(default=None, alias='interactiveReply')
    scheduled_at: str | None = Field(default=None, alias='scheduledAt')


class MessageSent(ApiModel):
    """A single send: the id, status and time beside the whole message."""
    message: MessageRead
    message_id: int = Field(alias='messageId')
    whatsapp_message_id: str | None = Field(alias='whatsappMessageId')
    status: Literal['queued', 'pending', 'sent', 'delivered', 'read', 'played', 'failed', 'received']
    timestamp: str | None


class MessageStats(ApiModel):
    stats: MessageCounts
    period: Period
    session_id: str = Field(alias='sessionId')


class MetaHandoverCounts(ApiModel):
    processed: int
    ignored: int


class MetaTemplateLanguages(ApiModel):
    name: str
    languages: list[MetaTemplateRead]


class MetaTemplateList(ApiModel):
    templates: list[MetaTemplateRead]
    total: int


class MetaTemplateRead(ApiModel):
    id: str | None = Field(description="Meta's template id")
    name: str
    language: str
    status: str
    category: str | None
    parameter_format: str = Field(alias='parameterFormat')
    components: list[dict[str, Any]] = Field(description="Meta's components, as Meta gives them")
    rejected_reason: str | None = Field(alias='rejectedReason')
    waba_id: str = Field(alias='wabaId')
    synced_at: str = Field(alias='syncedAt')


class MetaTemplateSync(ApiModel):
    total: int
    approved: int
    removed: int = Field(description='Templates deleted at Meta since the last sync')
    templates: list[MetaTemplateRead]


class NodeDraining(ApiModel):
    node_id: str = Field(alias='nodeId')
    draining: bool


class NodeRead(ApiModel):
    node_id: str = Field(alias='nodeId', description="The node's name (INBOXHUB_NODE_ID)")
    url: str = Field(description='How the other nodes reach it')
    version: str
    alive: bool = Field(description='Renewed its lease within INBOXHUB_CLUSTER_LEASE_SECONDS')
    draining: bool
    sessions: int = Field(description='Sessions it owns')
    lease_age_seconds: float = Field(alias='leaseAgeSeconds', description='Seconds since it last renewed, database clock')
    started_at: str = Field(alias='startedAt')
    last_seen: str = Field(alias='lastSeen')
    this_node: bool = Field(alias='thisNode', description='The node that answered this request')


class OrganizationBrief(ApiModel):
    id: int
    name: str
    slug: str


class OrganizationCreate(ApiModel):
    name: str
    slug: str | None = Field(default=None)


class OrganizationData(ApiModel):
    organization: OrganizationView


class OrganizationDeleted(ApiModel):
    id: int
    deleted: bool


class OrganizationList(ApiModel):
    organizations: list[OrganizationView]
    total: int


class OrganizationUpdate(ApiModel):
    name: str | None = Field(default=None)


class OrganizationView(ApiModel):
    """An organization, with the caller's role in it where the answer knows it."""
    id: int
    name: str
    slug: str
    is_operator: bool = Field(alias='isOperator', description="The operator's organization: the environment's CRM, bot and Frappe settings are its own; it cannot be deleted")
    created_at: str = Field(alias='createdAt')
    role: Literal['owner', 'admin', 'member'] | None = Field(default=None)


class Pagination(ApiModel):
    total: int = Field(description='Items in all pages')
    page: int
    limit: int
    pages: int


class PairingCodeRead(ApiModel):
    session_id: str = Field(alias='sessionId')
    pairing_code: str = Field(alias='pairingCode')
    phone_number: str = Field(alias='phoneNumber')


class PairingCodeRequest(ApiModel):
    phone_number: str = Field(alias='phoneNumber')


class ParticipantResultRead(ApiModel):
    id: str
    ok: bool
    error: str | None
    code: str | None


class ParticipantsChange(ApiModel):
    """One participant (``participantId``) or several (``participants``)."""
    participant_id: str | None = Field(default=None, alias='participantId')
    participants: list[str] | None = Field(default=None)


class ParticipantsChanged(ApiModel):
    group: GroupRead
    group_id: str = Field(alias='groupId')
    action: Literal['add', 'remove', 'promote', 'demote']
    participants: list[ParticipantResultRead]


class Period(ApiModel):
    start_date: str = Field(alias='startDate')
    end_date: str = Field(alias='endDate')


class PictureSource(ApiModel):
    """Where the picture's bytes are, as a message's media says it: one of them."""
    url: str | None = Field(default=None)
    base64: str | None = Field(default=None, description='Or a data URL')
    buffer: Any = Field(default=None, description='A Node.js Buffer as JSON, or a byte list')
    path: str | None = Field(default=None, description='In your media folder')
    media_id: str | int | None = Field(default=None, alias='mediaId', description='A file uploaded to /api/media')
    mimetype: str | None = Field(default=None)


class PresenceRequest(ApiModel):
    presence: Literal['available', 'unavailable', 'composing', 'recording', 'paused'] = Field(description='`available`/`unavailable` for everyone; `composing` (typing), `recording` or `paused` in the chat `chatId`')
    chat_id: str | None = Field(default=None, alias='chatId')


class PresenceSent(ApiModel):
    presence: str
    chat_id: str | None = Field(alias='chatId')


class ProfileRead(ApiModel):
    session_id: str = Field(alias='sessionId')
    profile: SessionProfile


class ProfileUpdate(ApiModel):
    """Any of the session's own name, about and picture; what is left out stays as it is."""
    name: str | None = Field(default=None, description='The name contacts see (push name); not changeable on the Cloud API')
    about: str | None = Field(default=None)
    picture: str | PictureSource | None = Field(default=None, description='An image: its URL, a data URL, or `{url | base64 | mediaId | buffer | path}`')
    remove_picture: bool | None = Field(default=None, alias='removePicture', description='Remove the profile picture (not with `picture`)')


class ReactionCreate(ApiModel):
    reaction: str = Field(description='An emoji, e.g. 👍')


class ReactionTarget(ApiModel):
    emoji: str | None
    message_id: str | None = Field(alias='messageId')


class Rebalanced(ApiModel):
    moving: int = Field(description='Sessions handed to another node')
    placed: int = Field(description='Sessions nobody drove, given a node')


class RefreshRequest(ApiModel):
    refresh_token: str = Field(alias='refreshToken')


class ReplayRequest(ApiModel):
    since: str = Field(description='Replay events (or failed deliveries) from this time on')
    until: str | None = Field(default=None)
    only_failed: bool | None = Field(default=None, alias='onlyFailed', description='Only dead-lettered deliveries, sent again to their subscriber')
    subscription_id: int | None = Field(default=None, alias='subscriptionId')
    session_id: str | None = Field(default=None, alias='sessionId')


class ReplayResult(ApiModel):
    queued: int
    truncated: bool = Field(description='More than the most one replay queues')


class Resolution(ApiModel):
    """Closed tickets by close reason (the reasons' own names as keys)."""
    closed: int
    resolved: int
    unresolved: int
    no_agent: int
    agent_timeout: int
    cancelled: int
    resolution_rate: float | None = Field(alias='resolutionRate')


class SandboxCallRequest(ApiModel):
    """A contact calls a session."""
    from_: str = Field(alias='from', description='Number of the contact who calls')
    to: str = Field(description='sessionId or phone of the session called')
    video: bool | None = Field(default=None, description='A video call')


class SandboxDelivered(ApiModel):
    whatsapp_message_id: str = Field(alias='whatsappMessageId')
    session_id: str = Field(alias='sessionId', description='The session that stored the message')
    message: MessageRead | None


class SandboxDropped(ApiModel):
    dropped: list[str] = Field(description='Sessions whose connection dropped')


class SandboxLinked(ApiModel):
    session_id: str = Field(alias='sessionId')
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected']
    phone_number: str = Field(alias='phoneNumber')
    push_name: str | None = Field(alias='pushName')


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


class SandboxNetworkRead(ApiModel):
    receipt_before_send_returns: bool = Field(alias='receiptBeforeSendReturns')
    not_on_whats_app: list[str] = Field(alias='notOnWhatsApp')


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


class SandboxReceipts(ApiModel):
    session_id: str = Field(alias='sessionId')
    status: str
    message_ids: list[str] = Field(alias='messageIds', description='WhatsApp ids of the messages reported')


class SandboxSessionState(ApiModel):
    session_id: str = Field(alias='sessionId')
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected']


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


class SessionContactList(ApiModel):
    contacts: list[SessionContactRead]
    total: int
    source: str


class SessionContactRead(ApiModel):
    """A contact as GET /api/sessions/{id}/contacts lists it."""
    id: str
    name: str | None
    notify: str | None
    verified_name: str | None = Field(alias='verifiedName')
    phone_number: str | None = Field(alias='phoneNumber')
    img_url: str | None = Field(alias='imgUrl')
    is_user: bool = Field(alias='isUser')
    is_group: bool = Field(alias='isGroup')
    is_wa_contact: bool = Field(alias='isWAContact')


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
    reject_calls: bool | None = Field(default=None, alias='rejectCalls', description='Decline incoming calls at once (web and sandbox engines)')
    reject_call_message: str | None = Field(default=None, alias='rejectCallMessage', description='Sent to the caller after a declined call')


class SessionCreated(ApiModel):
    """A new session, with its first QR when it has one already."""
    id: int
    session_id: str = Field(alias='sessionId')
    session_name: str = Field(alias='sessionName')
    name: str = Field(description='Same as sessionName (older clients)')
    description: str | None
    engine: str
    proxy_url: str | None = Field(alias='proxyUrl', description="The session's proxy, its password masked")
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected'] = Field(description="The running client's state (the truth)")
    phone_number: str | None = Field(alias='phoneNumber')
    is_connected: bool = Field(alias='isConnected')
    has_qr: bool = Field(alias='hasQR')
    last_activity: str | None = Field(alias='lastActivity')
    last_disconnect_reason: str | None = Field(alias='lastDisconnectReason')
    webhook_url: str | None = Field(alias='webhookUrl')
    webhook_events: list[str] = Field(alias='webhookEvents')
    has_webhook_secret: bool = Field(alias='hasWebhookSecret')
    reject_calls: bool = Field(alias='rejectCalls', description='Incoming calls are declined, with rejectCallMessage')
    reject_call_message: str | None = Field(alias='rejectCallMessage')
    send_to_frappe: bool = Field(alias='sendToFrappe')
    created_at: str = Field(alias='createdAt')
    node: str | None = Field(description='The node that drives the session (cluster mode)')
    profile: SessionProfile | None = Field(default=None)
    qr_code: str | None = Field(alias='qrCode')
    qr_text: str | None = Field(default=None, alias='qrText')
    expires_at: str | None = Field(default=None, alias='expiresAt')


class SessionData(ApiModel):
    session: SessionRead


class SessionDeleted(ApiModel):
    session_id: str = Field(alias='sessionId')
    deleted: bool


class SessionList(ApiModel):
    sessions: list[SessionRead]
    total: int
    pagination: Pagination


class SessionProfile(ApiModel):
    name: str
    about: str
    profile_picture_url: str = Field(alias='profilePictureUrl')
    is_business: bool = Field(alias='isBusiness')


class SessionQr(ApiModel):
    qr_code: str = Field(alias='qrCode', description='PNG data URL of the QR to scan')
    qr_text: str = Field(alias='qrText', description="The QR's text (the pairing reference)")
    session_id: str = Field(alias='sessionId')
    expires_at: str | None = Field(alias='expiresAt')
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected']


class SessionRead(ApiModel):
    id: int
    session_id: str = Field(alias='sessionId')
    session_name: str = Field(alias='sessionName')
    name: str = Field(description='Same as sessionName (older clients)')
    description: str | None
    engine: str
    proxy_url: str | None = Field(alias='proxyUrl', description="The session's proxy, its password masked")
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected'] = Field(description="The running client's state (the truth)")
    phone_number: str | None = Field(alias='phoneNumber')
    is_connected: bool = Field(alias='isConnected')
    has_qr: bool = Field(alias='hasQR')
    last_activity: str | None = Field(alias='lastActivity')
    last_disconnect_reason: str | None = Field(alias='lastDisconnectReason')
    webhook_url: str | None = Field(alias='webhookUrl')
    webhook_events: list[str] = Field(alias='webhookEvents')
    has_webhook_secret: bool = Field(alias='hasWebhookSecret')
    reject_calls: bool = Field(alias='rejectCalls', description='Incoming calls are declined, with rejectCallMessage')
    reject_call_message: str | None = Field(alias='rejectCallMessage')
    send_to_frappe: bool = Field(alias='sendToFrappe')
    created_at: str = Field(alias='createdAt')
    node: str | None = Field(description='The node that drives the session (cluster mode)')
    profile: SessionProfile | None = Field(default=None)


class SessionStateChange(ApiModel):
    session_id: str = Field(alias='sessionId')
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected']


class SessionStatusRead(ApiModel):
    id: int
    session_id: str = Field(alias='sessionId')
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected']
    phone_number: str | None = Field(alias='phoneNumber')
    last_activity: str | None = Field(alias='lastActivity')
    is_connected: bool = Field(alias='isConnected')
    has_qr: bool = Field(alias='hasQR')
    last_disconnect_reason: str | None = Field(alias='lastDisconnectReason')


class SessionUnread(ApiModel):
    session_id: str = Field(alias='sessionId')
    unread: int


class SessionUpdate(ApiModel):
    session_name: str | None = Field(default=None, alias='sessionName')
    name: str | None = Field(default=None)
    description: str | None = Field(default=None)
    webhook_url: str | None = Field(default=None, alias='webhookUrl')
    webhook_secret: str | None = Field(default=None, alias='webhookSecret')
    webhook_events: list[str] | None = Field(default=None, alias='webhookEvents')
    send_to_frappe: bool | None = Field(default=None, alias='sendToFrappe')
    reject_calls: bool | None = Field(default=None, alias='rejectCalls')
    reject_call_message: str | None = Field(default=None, alias='rejectCallMessage')


class SessionWebhookRemoved(ApiModel):
    session_id: str = Field(alias='sessionId')
    removed: bool


class SettingSources(ApiModel):
    """Where each value comes from: ``organization``, ``environment`` or null (not set)."""
    crm_base_url: str | None = Field(alias='crmBaseUrl')
    crm_api_token: str | None = Field(alias='crmApiToken')
    bot_api_token: str | None = Field(alias='botApiToken')
    bot_signature_secret: str | None = Field(alias='botSignatureSecret')
    webhook_verify_token: str | None = Field(alias='webhookVerifyToken')
    meta_app_id: str | None = Field(alias='metaAppId')
    meta_app_secret: str | None = Field(alias='metaAppSecret')


class SignatureCheck(ApiModel):
    status: Literal['valid', 'invalid', 'unsigned', 'no_secret', 'unknown_subscriber']
    valid: bool
    subscriber: CaptureSubscriber | None = Field(description='Whose webhook URL this is')
    checks: dict[str, Any] = Field(description="Each signature header's verdict")


class SimulatedCall(ApiModel):
    call_id: str = Field(alias='callId')
    session_id: str = Field(alias='sessionId')
    from_: str = Field(alias='from', description='Number of the contact who calls')
    video: bool
    status: str
    at: str


class SimulatedCallData(ApiModel):
    call: SimulatedCall


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


class SimulatedContactRead(ApiModel):
    phone_number: str = Field(alias='phoneNumber')
    jid: str
    lid: str | None
    push_name: str | None = Field(alias='pushName')
    about: str | None
    verified_name: str | None = Field(alias='verifiedName')
    picture_url: str | None = Field(alias='pictureUrl')
    business_profile: dict[str, Any] | None = Field(alias='businessProfile')
    saved_by: str | None = Field(alias='savedBy')
    saved_as: str | None = Field(alias='savedAs')


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


class SimulatedStatusPosted(ApiModel):
    status_id: str = Field(alias='statusId')
    from_: str = Field(alias='from')
    posted_at: str = Field(alias='postedAt')
    delivered_to: list[str] = Field(alias='deliveredTo', description="Sessions that saved the poster's number")


class SimulatedStatusView(ApiModel):
    status_id: str = Field(alias='statusId')
    viewers: int


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
    events: list[str] | None = Field(default=None, description="Subscription names ['*', 'call', 'contact', 'group', 'handover', 'message', 'message_status', 'qr_code', 'session_status'] or exact event types ['call.received', 'contact.updated', 'group.updated', 'handover.updated', 'message.received', 'message.sent', 'message.status', 'message.updated', 'session.qr', 'session.status', 'status.received', 'webhook.disabled', 'webhook.inspected']")
    secret: str | None = Field(default=None, description="HMAC key: messages carry the webhooks' signature headers; without it, none")
    is_active: bool | None = Field(default=None, alias='isActive')


class SinkDeleted(ApiModel):
    id: int
    deleted: bool


class SinkList(ApiModel):
    sinks: list[SinkRead]
    total: int


class SinkRead(ApiModel):
    """A message broker destination; ``routingKey`` (AMQP) or ``subject`` (NATS) says what each
    event is published as.
    """
    id: int
    organization_id: int = Field(alias='organizationId')
    type: Literal['amqp', 'nats']
    name: str | None
    url: str | None = Field(description='Credentials in the URL are hidden')
    has_credentials: bool = Field(alias='hasCredentials')
    exchange: str | None
    subject_prefix: str | None = Field(alias='subjectPrefix')
    routing_key: str | None = Field(default=None, alias='routingKey')
    subject: str | None = Field(default=None)
    events: list[str]
    has_secret: bool = Field(alias='hasSecret')
    is_active: bool = Field(alias='isActive')
    disabled_reason: str | None = Field(alias='disabledReason')
    disabled_at: str | None = Field(alias='disabledAt')
    failing_since: str | None = Field(alias='failingSince')
    last_success_at: str | None = Field(alias='lastSuccessAt')
    last_failure_at: str | None = Field(alias='lastFailureAt')
    created_at: str = Field(alias='createdAt')
    updated_at: str = Field(alias='updatedAt')


class SinkTestResult(ApiModel):
    delivered: bool
    event_id: str = Field(alias='eventId')
    url: str | None
    routing_key: str | None = Field(default=None, alias='routingKey')
    subject: str | None = Field(default=None)
    duration_ms: int = Field(alias='durationMs')
    result: str | None = Field(description='What the broker confirmed')
    error: str | None
    signed: bool


class SinkUpdate(ApiModel):
    type: Literal['amqp', 'nats'] | None = Field(default=None, description='Cannot change; create another sink')
    name: str | None = Field(default=None)
    url: str | None = Field(default=None, description='The URL as shown (password ***) keeps the stored password')
    exchange: str | None = Field(default=None, description='AMQP only: the durable topic exchange to publish to (default inboxhub)')
    subject_prefix: str | None = Field(default=None, alias='subjectPrefix', description='NATS only: the first tokens of every subject (default inboxhub)')
    events: list[str] | None = Field(default=None, description="Subscription names ['*', 'call', 'contact', 'group', 'handover', 'message', 'message_status', 'qr_code', 'session_status'] or exact event types ['call.received', 'contact.updated', 'group.updated', 'handover.updated', 'message.received', 'message.sent', 'message.status', 'message.updated', 'session.qr', 'session.status', 'status.received', 'webhook.disabled', 'webhook.inspected']")
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


class StatusData(ApiModel):
    status: StatusRead


class StatusList(ApiModel):
    statuses: list[StatusRead]
    total: int
    pagination: Pagination


class StatusRead(ApiModel):
    """A status (story); the session's own ones list who saw them."""
    id: int
    status_id: str = Field(alias='statusId', description="WhatsApp's id")
    from_me: bool = Field(alias='fromMe')
    sender: str
    sender_phone: str | None = Field(alias='senderPhone')
    sender_name: str | None = Field(alias='senderName')
    type: Literal['text', 'image', 'video']
    text: str | None
    caption: str | None
    background_color: str | None = Field(alias='backgroundColor')
    font: int | None
    media_url: str | None = Field(alias='mediaUrl')
    mimetype: str | None
    size: int | None
    timestamp: str
    expires_at: str = Field(alias='expiresAt')
    is_active: bool = Field(alias='isActive')
    viewed: bool
    viewed_at: str | None = Field(alias='viewedAt')
    my_reaction: str | None = Field(alias='myReaction')
    viewers: list[StatusViewer] | None = Field(default=None)
    view_count: int | None = Field(default=None, alias='viewCount')
    reaction_count: int | None = Field(default=None, alias='reactionCount')


class StatusViewer(ApiModel):
    id: str = Field(description="The viewer's JID")
    viewed_at: str = Field(alias='viewedAt')
    reaction: str | None


class SubscriberRemoved(ApiModel):
    id: int
    kind: Literal['organization', 'session', 'frappe', 'amqp', 'nats', 'chatwoot']
    removed: bool


class SubscriptionList(ApiModel):
    organization_id: int = Field(alias='organizationId')
    subscriptions: list[WebhookRead]
    total: int


class TemplateBulkSent(ApiModel):
    messages: list[MessageRead]
    total: int
    batch_id: str | None = Field(alias='batchId')
    sent: int
    queued: int
    failed: int
    batch_ids: list[str | None] = Field(alias='batchIds', description='One batch per group of recipients')
    template_id: int = Field(alias='templateId')


class TemplateCreate(ApiModel):
    name: str
    category: str | None = Field(default=None)
    body: str = Field(description="Text with {{variable}} placeholders, e.g. 'Hola {{nombre}}'")
    variables: list[str] | None = Field(default=None, description='The placeholders the body uses; worked out from the body when absent')
    is_active: bool | None = Field(default=None, alias='isActive')


class TemplateData(ApiModel):
    template: TemplateRead


class TemplateDeleted(ApiModel):
    id: int
    deleted: bool


class TemplateList(ApiModel):
    templates: list[TemplateRead]
    total: int
    pagination: Pagination


class TemplatePreview(ApiModel):
    variables: dict[str, Any] | None = Field(default=None)


class TemplateRead(ApiModel):
    id: int
    organization_id: int = Field(alias='organizationId')
    name: str
    category: str | None
    body: str
    variables: list[str] = Field(description='The placeholders the body uses')
    is_active: bool = Field(alias='isActive')
    usage_count: int = Field(alias='usageCount')
    last_used_at: str | None = Field(alias='lastUsedAt')
    created_at: str = Field(alias='createdAt')
    updated_at: str = Field(alias='updatedAt')


class TemplateRecipient(ApiModel):
    to: str
    variables: dict[str, Any] | None = Field(default=None, description="This recipient's values, over the common ones")


class TemplateRendered(ApiModel):
    template_id: int = Field(alias='templateId')
    text: str


class TemplateSent(ApiModel):
    message: MessageRead
    message_id: int = Field(alias='messageId')
    whatsapp_message_id: str | None = Field(alias='whatsappMessageId')
    status: Literal['queued', 'pending', 'sent', 'delivered', 'read', 'played', 'failed', 'received']
    timestamp: str | None
    template_id: int = Field(alias='templateId')


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


class TicketChange(ApiModel):
    ticket_id: str = Field(alias='ticketId')
    status: Literal['pending', 'active', 'closed']
    assigned_agent: AgentRead | None = Field(alias='assignedAgent')
    start_time: str = Field(alias='startTime')
    last_activity: str | None = Field(alias='lastActivity')
    message_count: int = Field(alias='messageCount')
    session_id: str | None = Field(alias='sessionId')
    chat_id: str = Field(alias='chatId')
    user_phone: str = Field(alias='userPhone')
    owner: Literal['bot', 'pending', 'human']
    category: str
    priority: Literal['alta', 'media', 'baja']
    source: str
    service_suspended: bool = Field(alias='serviceSuspended')
    user_context: dict[str, Any] = Field(alias='userContext')
    metadata: dict[str, Any]
    requested_at: str = Field(alias='requestedAt')
    assigned_at: str | None = Field(alias='assignedAt')
    first_response_at: str | None = Field(alias='firstResponseAt')
    closed_at: str | None = Field(alias='closedAt')
    close_reason: Literal['resolved', 'unresolved', 'no_agent', 'agent_timeout', 'cancelled'] | None = Field(alias='closeReason')
    assign_deadline: str | None = Field(alias='assignDeadline')
    idle_deadline: str | None = Field(alias='idleDeadline')
    action: Literal['assigned', 'reassigned', 'unchanged', 'returned']


class TicketClose(ApiModel):
    """Give the chat back to the bot (what the CRM does with ``human_to_bot``)."""
    resolved: bool | None = Field(default=None)


class TicketDetail(ApiModel):
    ticket_id: str = Field(alias='ticketId')
    status: Literal['pending', 'active', 'closed']
    assigned_agent: AgentRead | None = Field(alias='assignedAgent')
    start_time: str = Field(alias='startTime')
    last_activity: str | None = Field(alias='lastActivity')
    message_count: int = Field(alias='messageCount')
    session_id: str | None = Field(alias='sessionId')
    chat_id: str = Field(alias='chatId')
    user_phone: str = Field(alias='userPhone')
    owner: Literal['bot', 'pending', 'human']
    category: str
    priority: Literal['alta', 'media', 'baja']
    source: str
    service_suspended: bool = Field(alias='serviceSuspended')
    user_context: dict[str, Any] = Field(alias='userContext')
    metadata: dict[str, Any]
    requested_at: str = Field(alias='requestedAt')
    assigned_at: str | None = Field(alias='assignedAt')
    first_response_at: str | None = Field(alias='firstResponseAt')
    closed_at: str | None = Field(alias='closedAt')
    close_reason: Literal['resolved', 'unresolved', 'no_agent', 'agent_timeout', 'cancelled'] | None = Field(alias='closeReason')
    assign_deadline: str | None = Field(alias='assignDeadline')
    idle_deadline: str | None = Field(alias='idleDeadline')
    messages: list[TicketMessageRead]


class TicketList(ApiModel):
    tickets: list[TicketRead]
    total: int
    pagination: Pagination


class TicketMessageRead(ApiModel):
    author: str
    agent_id: str | None = Field(alias='agentId')
    type: str
    content: str | None
    message_id: str | None = Field(alias='messageId')
    timestamp: str


class TicketOpen(ApiModel):
    """Open a handover from the API (a CRM taking over a chat the bot has not escalated)."""
    phone_number: str = Field(alias='phoneNumber')
    category: str | None = Field(default=None)
    priority: Literal['alta', 'media', 'baja'] | None = Field(default=None)
    notify_crm: bool | None = Field(default=None, alias='notifyCrm')


class TicketRead(ApiModel):
    ticket_id: str = Field(alias='ticketId')
    status: Literal['pending', 'active', 'closed']
    assigned_agent: AgentRead | None = Field(alias='assignedAgent')
    start_time: str = Field(alias='startTime')
    last_activity: str | None = Field(alias='lastActivity')
    message_count: int = Field(alias='messageCount')
    session_id: str | None = Field(alias='sessionId')
    chat_id: str = Field(alias='chatId')
    user_phone: str = Field(alias='userPhone')
    owner: Literal['bot', 'pending', 'human']
    category: str
    priority: Literal['alta', 'media', 'baja']
    source: str
    service_suspended: bool = Field(alias='serviceSuspended')
    user_context: dict[str, Any] = Field(alias='userContext')
    metadata: dict[str, Any]
    requested_at: str = Field(alias='requestedAt')
    assigned_at: str | None = Field(alias='assignedAt')
    first_response_at: str | None = Field(alias='firstResponseAt')
    closed_at: str | None = Field(alias='closedAt')
    close_reason: Literal['resolved', 'unresolved', 'no_agent', 'agent_timeout', 'cancelled'] | None = Field(alias='closeReason')
    assign_deadline: str | None = Field(alias='assignDeadline')
    idle_deadline: str | None = Field(alias='idleDeadline')


class TicketStatusRead(ApiModel):
    """Who holds a ticket's chat now, and since when."""
    ticket_id: str = Field(alias='ticketId')
    status: Literal['pending', 'active', 'closed']
    assigned_agent: AgentRead | None = Field(alias='assignedAgent')
    start_time: str = Field(alias='startTime')
    last_activity: str | None = Field(alias='lastActivity')
    message_count: int = Field(alias='messageCount')


class TokenPair(ApiModel):
    access_token: str = Field(alias='accessToken')
    refresh_token: str = Field(alias='refreshToken')
    expires_in: str | None = Field(default=None, alias='expiresIn')
    token_type: str | None = Field(default=None, alias='tokenType')


class UnreadList(ApiModel):
    messages: list[MessageRead]
    total: int
    pagination: Pagination
    by_session: list[SessionUnread] = Field(alias='bySession')


class UserData(ApiModel):
    user: UserRead


class UserRead(ApiModel):
    id: int
    email: str
    name: str | None
    is_superadmin: bool = Field(alias='isSuperadmin')
    organizations: list[OrganizationView]


class WebhookCreate(ApiModel):
    name: str | None = Field(default=None)
    url: str
    events: list[str] | None = Field(default=None, description="Subscription names ['*', 'call', 'contact', 'group', 'handover', 'message', 'message_status', 'qr_code', 'session_status'] or exact event types ['call.received', 'contact.updated', 'group.updated', 'handover.updated', 'message.received', 'message.sent', 'message.status', 'message.updated', 'session.qr', 'session.status', 'status.received', 'webhook.disabled', 'webhook.inspected']")
    secret: str | None = Field(default=None, description='HMAC key; without it webhooks go unsigned')
    is_active: bool | None = Field(default=None, alias='isActive')


class WebhookDeleted(ApiModel):
    id: int
    deleted: bool


class WebhookDeliveryDetail(ApiModel):
    id: int
    event_id: str = Field(alias='eventId', description='Stable across retries and replays: drop duplicates')
    event: str
    event_seq: int = Field(alias='eventSeq')
    session_id: str | None = Field(alias='sessionId')
    chat_id: str | None = Field(alias='chatId')
    subscription_id: int = Field(alias='subscriptionId')
    subscription_kind: Literal['organization', 'session', 'frappe', 'amqp', 'nats', 'chatwoot'] = Field(alias='subscriptionKind')
    status: Literal['pending', 'succeeded', 'failed', 'replayed', 'cancelled']
    attempts: int
    response_status: int | None = Field(alias='responseStatus')
    response_body: str | None = Field(alias='responseBody')
    duration_ms: int | None = Field(alias='durationMs')
    error: str | None
    last_attempt_at: str | None = Field(alias='lastAttemptAt')
    next_attempt_at: str | None = Field(alias='nextAttemptAt')
    delivered_at: str | None = Field(alias='deliveredAt')
    created_at: str = Field(alias='createdAt')
    replay_of: int | None = Field(alias='replayOf')
    waiting_for: int | None = Field(alias='waitingFor', description='The earlier pending delivery it waits for')
    wait_reason: Literal['subscriber_disabled', 'earlier_pending', 'retry_scheduled', 'due'] | None = Field(alias='waitReason', description='Why a pending delivery has not gone yet')
    payload: dict[str, Any] = Field(description="The event's body as it is sent")
    attempt_log: list[DeliveryAttemptRead] = Field(alias='attemptLog')


class WebhookDeliveryList(ApiModel):
    deliveries: list[WebhookDeliveryRead]
    total: int
    pagination: Pagination


class WebhookDeliveryRead(ApiModel):
    """One event's delivery to one subscriber."""
    id: int
    event_id: str = Field(alias='eventId', description='Stable across retries and replays: drop duplicates')
    event: str
    event_seq: int = Field(alias='eventSeq')
    session_id: str | None = Field(alias='sessionId')
    chat_id: str | None = Field(alias='chatId')
    subscription_id: int = Field(alias='subscriptionId')
    subscription_kind: Literal['organization', 'session', 'frappe', 'amqp', 'nats', 'chatwoot'] = Field(alias='subscriptionKind')
    status: Literal['pending', 'succeeded', 'failed', 'replayed', 'cancelled']
    attempts: int
    response_status: int | None = Field(alias='responseStatus')
    response_body: str | None = Field(alias='responseBody')
    duration_ms: int | None = Field(alias='durationMs')
    error: str | None
    last_attempt_at: str | None = Field(alias='lastAttemptAt')
    next_attempt_at: str | None = Field(alias='nextAttemptAt')
    delivered_at: str | None = Field(alias='deliveredAt')
    created_at: str = Field(alias='createdAt')
    replay_of: int | None = Field(alias='replayOf')
    waiting_for: int | None = Field(alias='waitingFor', description='The earlier pending delivery it waits for')
    wait_reason: Literal['subscriber_disabled', 'earlier_pending', 'retry_scheduled', 'due'] | None = Field(alias='waitReason', description='Why a pending delivery has not gone yet')


class WebhookList(ApiModel):
    webhooks: list[WebhookRead]
    total: int


class WebhookRead(ApiModel):
    """A subscriber of any kind, with its health."""
    id: int
    organization_id: int = Field(alias='organizationId')
    kind: Literal['organization', 'session', 'frappe', 'amqp', 'nats', 'chatwoot']
    name: str | None
    url: str | None = Field(description='Credentials in the URL are hidden')
    events: list[str]
    has_secret: bool = Field(alias='hasSecret')
    is_active: bool = Field(alias='isActive')
    disabled_reason: str | None = Field(alias='disabledReason')
    disabled_at: str | None = Field(alias='disabledAt')
    failing_since: str | None = Field(alias='failingSince')
    last_success_at: str | None = Field(alias='lastSuccessAt')
    last_failure_at: str | None = Field(alias='lastFailureAt')
    session_id: str | None = Field(alias='sessionId')
    created_at: str = Field(alias='createdAt')
    updated_at: str = Field(alias='updatedAt')


class WebhookTestResult(ApiModel):
    """How the receiver answered a signed ``webhook.test`` event."""
    delivered: bool
    event_id: str = Field(alias='eventId')
    url: str
    status_code: int | None = Field(alias='statusCode')
    duration_ms: int = Field(alias='durationMs')
    response_body: str | None = Field(alias='responseBody')
    error: str | None
    signed: bool


class WebhookUpdate(ApiModel):
    name: str | None = Field(default=None)
    url: str | None = Field(default=None)
    events: list[str] | None = Field(default=None, description="Subscription names ['*', 'call', 'contact', 'group', 'handover', 'message', 'message_status', 'qr_code', 'session_status'] or exact event types ['call.received', 'contact.updated', 'group.updated', 'handover.updated', 'message.received', 'message.sent', 'message.status', 'message.updated', 'session.qr', 'session.status', 'status.received', 'webhook.disabled', 'webhook.inspected']")
    secret: str | None = Field(default=None, description='null removes it')
    is_active: bool | None = Field(default=None, alias='isActive')


AgentMessageSent.model_rebuild()
AgentRead.model_rebuild()
ApiKeyCreate.model_rebuild()
ApiKeyCreated.model_rebuild()
ApiKeyCreatedData.model_rebuild()
ApiKeyData.model_rebuild()
ApiKeyList.model_rebuild()
ApiKeyRead.model_rebuild()
BlockChange.model_rebuild()
BotConfig.model_rebuild()
BotOption.model_rebuild()
BotRead.model_rebuild()
BotRoute.model_rebuild()
BulkSent.model_rebuild()
CaptureData.model_rebuild()
CaptureList.model_rebuild()
CaptureRead.model_rebuild()
CaptureRecorded.model_rebuild()
CaptureSubscriber.model_rebuild()
CapturesDeleted.model_rebuild()
ChatHistory.model_rebuild()
ChatList.model_rebuild()
ChatMarkedRead.model_rebuild()
ChatOwnerRead.model_rebuild()
ChatRead.model_rebuild()
ChatwootBridgeRequest.model_rebuild()
ChatwootBridgeView.model_rebuild()
ChatwootData.model_rebuild()
ChatwootDeleted.model_rebuild()
ChatwootEventResult.model_rebuild()
CloudWebhookReceipt.model_rebuild()
ClusterBrief.model_rebuild()
ClusterRead.model_rebuild()
ConsoleFeatures.model_rebuild()
ConsoleInfo.model_rebuild()
ConsoleKeyCreated.model_rebuild()
ConsoleKeyRead.model_rebuild()
ConsoleKeyRequest.model_rebuild()
ConsoleKeyRevoked.model_rebuild()
ConsoleOrganization.model_rebuild()
ContactCard.model_rebuild()
ContactFound.model_rebuild()
ContactInfoData.model_rebuild()
ContactInfoRead.model_rebuild()
ContactList.model_rebuild()
ContactRead.model_rebuild()
ContactStatsData.model_rebuild()
ContactStatsRead.model_rebuild()
ContactUpdate.model_rebuild()
CrmHandover.model_rebuild()
CrmHandoverAnswer.model_rebuild()
CrmMessageAnswer.model_rebuild()
CrmSendMessage.model_rebuild()
CrmStatusAnswer.model_rebuild()
DayCount.model_rebuild()
DeliveryAttemptRead.model_rebuild()
DurationStats.model_rebuild()
EditMessageRequest.model_rebuild()
EngineOffer.model_rebuild()
ErrorBody.model_rebuild()
EventTicket.model_rebuild()
FrappeConfigure.model_rebuild()
FrappeSetting.model_rebuild()
FrappeStatus.model_rebuild()
GroupCreate.model_rebuild()
GroupCreated.model_rebuild()
GroupData.model_rebuild()
GroupDetail.model_rebuild()
GroupJoined.model_rebuild()
GroupLeft.model_rebuild()
GroupList.model_rebuild()
GroupParticipantRead.model_rebuild()
GroupRead.model_rebuild()
GroupSettings.model_rebuild()
GroupUpdate.model_rebuild()
HandoverMetrics.model_rebuild()
HandoverPeriod.model_rebuild()
HandoverSettingsRead.model_rebuild()
HandoverSettingsUpdate.model_rebuild()
HealthRead.model_rebuild()
InspectorRead.model_rebuild()
InvitationAccept.model_rebuild()
InvitationCancelled.model_rebuild()
InvitationCreated.model_rebuild()
InvitationData.model_rebuild()
InvitationList.model_rebuild()
InvitationRead.model_rebuild()
InviteCodeRead.model_rebuild()
JoinWithCode.model_rebuild()
LinkRequest.model_rebuild()
LoggedOut.model_rebuild()
LoginRequest.model_rebuild()
LoginResult.model_rebuild()
LogoutRequest.model_rebuild()
MediaDeleted.model_rebuild()
MediaFileData.model_rebuild()
MediaFileList.model_rebuild()
MediaFileRead.model_rebuild()
MediaUploaded.model_rebuild()
MemberAdd.model_rebuild()
MemberData.model_rebuild()
MemberList.model_rebuild()
MemberRead.model_rebuild()
MemberRemoved.model_rebuild()
MemberUpdate.model_rebuild()
MembershipJoined.model_rebuild()
MessageCounts.model_rebuild()
MessageData.model_rebuild()
MessageList.model_rebuild()
MessageMedia.model_rebuild()
MessageReaction.model_rebuild()
MessageRead.model_rebuild()
MessageSent.model_rebuild()
MessageStats.model_rebuild()
MetaHandoverCounts.model_rebuild()
MetaTemplateLanguages.model_rebuild()
MetaTemplateList.model_rebuild()
MetaTemplateRead.model_rebuild()
MetaTemplateSync.model_rebuild()
NodeDraining.model_rebuild()
NodeRead.model_rebuild()
OrganizationBrief.model_rebuild()
OrganizationCreate.model_rebuild()
OrganizationData.model_rebuild()
OrganizationDeleted.model_rebuild()
OrganizationList.model_rebuild()
OrganizationUpdate.model_rebuild()
OrganizationView.model_rebuild()
Pagination.model_rebuild()
PairingCodeRead.model_rebuild()
PairingCodeRequest.model_rebuild()
ParticipantResultRead.model_rebuild()
ParticipantsChange.model_rebuild()
ParticipantsChanged.model_rebuild()
Period.model_rebuild()
PictureSource.model_rebuild()
PresenceRequest.model_rebuild()
PresenceSent.model_rebuild()
ProfileRead.model_rebuild()
ProfileUpdate.model_rebuild()
ReactionCreate.model_rebuild()
ReactionTarget.model_rebuild()
Rebalanced.model_rebuild()
RefreshRequest.model_rebuild()
ReplayRequest.model_rebuild()
ReplayResult.model_rebuild()
Resolution.model_rebuild()
SandboxCallRequest.model_rebuild()
SandboxDelivered.model_rebuild()
SandboxDropped.model_rebuild()
SandboxLinked.model_rebuild()
SandboxMessageRequest.model_rebuild()
SandboxNetworkRead.model_rebuild()
SandboxNetworkSettings.model_rebuild()
SandboxReceiptRequest.model_rebuild()
SandboxReceipts.model_rebuild()
SandboxSessionState.model_rebuild()
SendMessageRequest.model_rebuild()
SessionContactList.model_rebuild()
SessionContactRead.model_rebuild()
SessionCreate.model_rebuild()
SessionCreated.model_rebuild()
SessionData.model_rebuild()
SessionDeleted.model_rebuild()
SessionList.model_rebuild()
SessionProfile.model_rebuild()
SessionQr.model_rebuild()
SessionRead.model_rebuild()
SessionStateChange.model_rebuild()
SessionStatusRead.model_rebuild()
SessionUnread.model_rebuild()
SessionUpdate.model_rebuild()
SessionWebhookRemoved.model_rebuild()
SettingSources.model_rebuild()
SignatureCheck.model_rebuild()
SimulatedCall.model_rebuild()
SimulatedCallData.model_rebuild()
SimulatedContact.model_rebuild()
SimulatedContactRead.model_rebuild()
SimulatedStatus.model_rebuild()
SimulatedStatusPosted.model_rebuild()
SimulatedStatusView.model_rebuild()
SimulatedView.model_rebuild()
SinkCreate.model_rebuild()
SinkDeleted.model_rebuild()
SinkList.model_rebuild()
SinkRead.model_rebuild()
SinkTestResult.model_rebuild()
SinkUpdate.model_rebuild()
StatusCreate.model_rebuild()
StatusData.model_rebuild()
StatusList.model_rebuild()
StatusRead.model_rebuild()
StatusViewer.model_rebuild()
SubscriberRemoved.model_rebuild()
SubscriptionList.model_rebuild()
TemplateBulkSent.model_rebuild()
TemplateCreate.model_rebuild()
TemplateData.model_rebuild()
TemplateDeleted.model_rebuild()
TemplateList.model_rebuild()
TemplatePreview.model_rebuild()
TemplateRead.model_rebuild()
TemplateRecipient.model_rebuild()
TemplateRendered.model_rebuild()
TemplateSent.model_rebuild()
TemplateUpdate.model_rebuild()
TemplateUse.model_rebuild()
TicketAssign.model_rebuild()
TicketChange.model_rebuild()
TicketClose.model_rebuild()
TicketDetail.model_rebuild()
TicketList.model_rebuild()
TicketMessageRead.model_rebuild()
TicketOpen.model_rebuild()
TicketRead.model_rebuild()
TicketStatusRead.model_rebuild()
TokenPair.model_rebuild()
UnreadList.model_rebuild()
UserData.model_rebuild()
UserRead.model_rebuild()
WebhookCreate.model_rebuild()
WebhookDeleted.model_rebuild()
WebhookDeliveryDetail.model_rebuild()
WebhookDeliveryList.model_rebuild()
WebhookDeliveryRead.model_rebuild()
WebhookList.model_rebuild()
WebhookRead.model_rebuild()
WebhookTestResult.model_rebuild()
WebhookUpdate.model_rebuild()

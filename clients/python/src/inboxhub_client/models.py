"""Every schema of the gateway's OpenAPI document, as a pydantic model.

Written by ``clients/python/generate.py``; do not edit.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ApiModel(BaseModel):
    """Fields by their Python names or the API's; keys the gateway adds later are kept."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")



class Agent(ApiModel):
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


class ApiKeyCreatedOne(ApiModel):
    api_key: ApiKeyCreated = Field(alias='apiKey')


class ApiKeyList(ApiModel):
    api_keys: list[ApiKeyRead] = Field(alias='apiKeys')
    total: int


class ApiKeyOne(ApiModel):
    api_key: ApiKeyRead = Field(alias='apiKey')


class ApiKeyRead(ApiModel):
    id: int
    name: str
    prefix: str
    organization_id: int = Field(alias='organizationId')
    created_at: str = Field(alias='createdAt')
    last_used_at: str | None = Field(alias='lastUsedAt')
    revoked_at: str | None = Field(alias='revokedAt')
    is_active: bool = Field(alias='isActive')


class BlockRead(ApiModel):
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
    config: dict[str, Any] | None = Field(description="The bot's configuration, as saved")
    updated_at: str | None = Field(alias='updatedAt')


class BotRoute(ApiModel):
    """Send customers carrying a tag to another queue (e.g. suspended service -> reactivation)."""
    when_tag: str = Field(alias='whenTag')
    category: str | None = Field(default=None)
    priority: Literal['alta', 'media', 'baja'] | None = Field(default=None)


class ChatHistory(ApiModel):
    total: int
    pagination: Pagination
    messages: list[MessageRead]
    chat_id: str = Field(alias='chatId')


class ChatList(ApiModel):
    total: int
    pagination: Pagination
    chats: list[ChatRead]


class ChatMarkedRead(ApiModel):
    session_id: str = Field(alias='sessionId')
    chat_id: str = Field(alias='chatId')
    marked_as_read: int = Field(alias='markedAsRead')
    read_at: str | None = Field(alias='readAt')


class ChatOwner(ApiModel):
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
    last_message: MessageRead | None = Field(alias='lastMessage')


class CloudIntake(ApiModel):
    """What a notification from Meta brought: new events, repeats of known ones, and changes
    that are not for a session here.
    """
    received: int
    duplicates: int
    ignored_changes: int = Field(alias='ignoredChanges')


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


class ConsoleInfo(ApiModel):
    version: str
    organization_id: int = Field(alias='organizationId')
    engines: list[str]
    default_engine: str = Field(alias='defaultEngine')
    sandbox: bool
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
    role: str | None


class ContactFound(ApiModel):
    contact: ContactRead
    exists: bool


class ContactInfo(ApiModel):
    id: str = Field(description='The JID (or lid) WhatsApp knows it by')
    contact_id: int = Field(alias='contactId', description='The numeric id for PUT /api/contacts/{contactId}')
    name: str | None
    verified_name: str | None = Field(alias='verifiedName')
    notify: str | None = Field(description='The name it gave itself (push name)')
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
    created_at: str | None = Field(alias='createdAt')
    updated_at: str | None = Field(alias='updatedAt')
    session_id: str | None = Field(default=None, alias='sessionId')
    business_profile: dict[str, Any] | None = Field(alias='businessProfile')
    status: str | None = Field(description='Same as about (older clients)')
    about: str | None
    last_seen: str | None = Field(alias='lastSeen')


class ContactList(ApiModel):
    total: int
    pagination: Pagination
    contacts: list[ContactRead]
    search: str | None


class ContactOne(ApiModel):
    contact: ContactInfo


class ContactRead(ApiModel):
    """Seed 01's contact, plus the number, the lid and the CRM's fields."""
    id: str = Field(description='The JID (or lid) WhatsApp knows it by')
    contact_id: int = Field(alias='contactId', description='The numeric id for PUT /api/contacts/{contactId}')
    name: str | None
    verified_name: str | None = Field(alias='verifiedName')
    notify: str | None = Field(description='The name it gave itself (push name)')
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
    created_at: str | None = Field(alias='createdAt')
    updated_at: str | None = Field(alias='updatedAt')
    session_id: str | None = Field(default=None, alias='sessionId')


class ContactStats(ApiModel):
    total: int
    users: int
    groups: int
    w_a_contacts: int = Field(alias='wAContacts')
    with_names: int = Field(alias='withNames')
    with_profile_pics: int = Field(alias='withProfilePics')
    businesses: int
    in_address_book: int = Field(alias='inAddressBook')


class ContactStatsRead(ApiModel):
    stats: ContactStats


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
    """Seed 04's answer: the envelope with ``message`` and ``ticketId`` beside ``data``."""
    success: Literal[True]
    message: str
    ticket_id: str = Field(alias='ticketId')
    data: HandoverDone


class CrmMessageSent(ApiModel):
    ticket_id: str = Field(alias='ticketId')
    message_id: int = Field(alias='messageId')
    whatsapp_message_id: str | None = Field(alias='whatsappMessageId')
    status: str


class CrmSendAnswer(ApiModel):
    success: Literal[True]
    message: str
    ticket_id: str = Field(alias='ticketId')
    data: CrmMessageSent


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
    """Seed 04's ``handover-status``: the status both in ``data`` and at the top."""
    ticket_id: str = Field(alias='ticketId', description='TK-YYYY-NNNNNN')
    status: Literal['pending', 'active', 'closed']
    assigned_agent: Agent | None = Field(alias='assignedAgent')
    start_time: str | None = Field(alias='startTime')
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


class DeliveryList(ApiModel):
    total: int
    pagination: Pagination
    deliveries: list[WebhookDeliveryRead]


class DrainRead(ApiModel):
    node_id: str = Field(alias='nodeId')
    draining: bool


class Durations(ApiModel):
    count: int
    average_seconds: float | None = Field(alias='averageSeconds')
    median_seconds: float | None = Field(alias='medianSeconds')
    p90_seconds: float | None = Field(alias='p90Seconds')


class EditMessageRequest(ApiModel):
    message: str | dict[str, Any] = Field(description='The new text (or `{"text": …}`)')


class ErrorBody(ApiModel):
    """The error envelope, as the OpenAPI document declares it for every error status."""
    success: bool | None = Field(default=None)
    error: str
    message: str
    code: str = Field(description="The seeds' error code: VALIDATION_ERROR, SESSION_NOT_FOUND, …")
    timestamp: str
    field: str | None = Field(default=None, description='The input at fault, when there is one')
    details: Any = Field(default=None)


class FrappeConfigure(ApiModel):
    send_to_frappe: bool = Field(alias='sendToFrappe')


class FrappeSetting(ApiModel):
    session_id: str = Field(alias='sessionId')
    send_to_frappe: bool = Field(alias='sendToFrappe')


class FrappeStatus(ApiModel):
    session_id: str = Field(alias='sessionId')
    send_to_frappe: bool = Field(alias='sendToFrappe')
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected']
    session_name: str | None = Field(alias='sessionName')
    webhook_configured: bool = Field(alias='webhookConfigured')


class GroupCreate(ApiModel):
    subject: str = Field(description="The group's name")
    participants: list[str] | None = Field(default=None, description='Numbers (34600000000) or JIDs (34600000000@s.whatsapp.net, …@lid)')
    description: str | None = Field(default=None)


class GroupCreated(ApiModel):
    group: GroupRead
    group_id: str = Field(alias='groupId')
    failed: list[ParticipantOutcome]


class GroupJoined(ApiModel):
    group_id: str = Field(alias='groupId')
    group: GroupRead


class GroupLeft(ApiModel):
    group_id: str = Field(alias='groupId')
    left: bool


class GroupList(ApiModel):
    total: int
    pagination: Pagination
    groups: list[GroupSummary]
    source: str = Field(description='whatsapp (fetched now) or cache')


class GroupOne(ApiModel):
    group: GroupRead
    source: str | None = Field(default=None)


class GroupRead(ApiModel):
    id: str
    group_id: str = Field(alias='groupId')
    subject: str | None
    description: str | None
    desc: str | None = Field(description='Same as description')
    owner: str | None
    creation: str | None
    size: int
    announce: bool = Field(description='Only admins send messages')
    locked: bool = Field(description="Only admins edit the group's info")
    restrict: bool = Field(description='Same as locked')
    is_admin: bool = Field(alias='isAdmin')
    is_member: bool = Field(alias='isMember')
    updated_at: str | None = Field(alias='updatedAt')
    participants: list[ParticipantRead]
    admins: list[str]
    invite_code: str | None = Field(alias='inviteCode')


class GroupSettings(ApiModel):
    announce: bool | None = Field(default=None, description='Only admins send messages')
    locked: bool | None = Field(default=None, description="Only admins edit the group's info")


class GroupSummary(ApiModel):
    """Baileys' group metadata names (``subject``, ``desc``, ``restrict``, ``announce``…)."""
    id: str
    group_id: str = Field(alias='groupId')
    subject: str | None
    description: str | None
    desc: str | None = Field(description='Same as description')
    owner: str | None
    creation: str | None
    size: int
    announce: bool = Field(description='Only admins send messages')
    locked: bool = Field(description="Only admins edit the group's info")
    restrict: bool = Field(description='Same as locked')
    is_admin: bool = Field(alias='isAdmin')
    is_member: bool = Field(alias='isMember')
    updated_at: str | None = Field(alias='updatedAt')


class GroupUpdate(ApiModel):
    announce: bool | None = Field(default=None, description='Only admins send messages')
    locked: bool | None = Field(default=None, description="Only admins edit the group's info")
    subject: str | None = Field(default=None)
    description: str | None = Field(default=None, description="'' clears it")


class HandoverDone(ApiModel):
    ticket_id: str = Field(alias='ticketId', description='TK-YYYY-NNNNNN')
    status: Literal['pending', 'active', 'closed']
    assigned_agent: Agent | None = Field(alias='assignedAgent')
    start_time: str | None = Field(alias='startTime')
    last_activity: str | None = Field(alias='lastActivity')
    message_count: int = Field(alias='messageCount')
    session_id: str | None = Field(alias='sessionId')
    chat_id: str = Field(alias='chatId')
    user_phone: str = Field(alias='userPhone')
    owner: Literal['bot', 'pending', 'human']
    category: str
    priority: str = Field(description='alta, media or baja')
    source: str
    service_suspended: bool = Field(alias='serviceSuspended')
    user_context: dict[str, Any] = Field(alias='userContext')
    metadata: dict[str, Any]
    requested_at: str | None = Field(alias='requestedAt')
    assigned_at: str | None = Field(alias='assignedAt')
    first_response_at: str | None = Field(alias='firstResponseAt')
    closed_at: str | None = Field(alias='closedAt')
    close_reason: str | None = Field(alias='closeReason')
    assign_deadline: str | None = Field(alias='assignDeadline')
    idle_deadline: str | None = Field(alias='idleDeadline')
    action: str = Field(description='assigned, reassigned or returned')


class HandoverMetrics(ApiModel):
    period: MetricsPeriod
    total_tickets: int = Field(alias='totalTickets')
    by_category: dict[str, dict[str, int]] = Field(alias='byCategory')
    by_status: dict[str, int] = Field(alias='byStatus')
    by_priority: dict[str, int] = Field(alias='byPriority')
    time_to_assign: Durations = Field(alias='timeToAssign')
    first_response_time: Durations = Field(alias='firstResponseTime')
    handover_duration: Durations = Field(alias='handoverDuration')
    resolution: Resolution


class HandoverSettingsRead(ApiModel):
    """The settings in effect; secrets only as a hint of their last characters."""
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
    messages: dict[str, str] = Field(description='The texts the customer reads, by key')
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
    status: str = Field(description='ok, or degraded (answered with 503) without the database')
    version: str
    database: str = Field(description='ok or unavailable')
    engines: dict[str, str] = Field(description='Engines that run here')
    default_engine: str = Field(alias='defaultEngine')
    sessions: dict[str, float] = Field(description='Running sessions by state')
    node: str
    cluster: bool
    rate_limits: str = Field(alias='rateLimits', description='cluster (Redis) or per-node')


class InviteCodeRead(ApiModel):
    group_id: str = Field(alias='groupId')
    invite_code: str | None = Field(alias='inviteCode')
    invite_link: str | None = Field(alias='inviteLink')


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


class LoginAnswer(ApiModel):
    access_token: str = Field(alias='accessToken')
    refresh_token: str = Field(alias='refreshToken')
    expires_in: str | None = Field(default=None, alias='expiresIn')
    token_type: str | None = Field(default=None, alias='tokenType')
    user: UserRead


class LoginRequest(ApiModel):
    identifier: str = Field(description='Email of the user')
    password: str


class LogoutRequest(ApiModel):
    refresh_token: str | None = Field(default=None, alias='refreshToken')


class MediaDeleted(ApiModel):
    media_id: int = Field(alias='mediaId')
    deleted: bool


class MediaFileRead(ApiModel):
    id: int
    media_id: int = Field(alias='mediaId', description="Same as id: what a send's mediaId takes")
    session_id: str | None = Field(alias='sessionId')
    type: str = Field(description='image, video, audio, document or sticker')
    source: str | None = Field(description='upload, url, inbound…')
    filename: str | None
    mimetype: str | None
    size: int | None
    sha256: str | None
    downloaded: bool = Field(description='The file is stored here (else fetched when asked)')
    download_url: str = Field(alias='downloadUrl', description='Needs the API key')
    url: str | None = Field(description='Signed link: no API key needed until it expires')
    created_at: str | None = Field(alias='createdAt')


class MediaList(ApiModel):
    total: int
    pagination: Pagination
    media: list[MediaFileRead]


class MediaOne(ApiModel):
    media: MediaFileRead


class MediaRead(ApiModel):
    filename: str | None
    filesize: int | None
    mimetype: str | None
    url: str | None = Field(description='Signed download URL of the stored file')
    media_id: int | None = Field(alias='mediaId')
    ptt: bool = Field(description='A voice note')


class MediaUploaded(ApiModel):
    media: MediaFileRead
    media_id: int = Field(alias='mediaId')


class MemberAdd(ApiModel):
    email: str
    name: str | None = Field(default=None)
    password: str | None = Field(default=None)
    role: Literal['owner', 'admin', 'member'] | None = Field(default=None)


class MemberList(ApiModel):
    members: list[MemberRead]
    total: int


class MemberOne(ApiModel):
    member: MemberRead


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


class MessageCounts(ApiModel):
    total: int
    sent: int
    received: int
    by_type: dict[str, int] = Field(alias='byType')
    by_status: dict[str, int] = Field(alias='byStatus')
    by_day: list[DayCount] = Field(alias='byDay')
    failed: int
    unread: int


class MessageList(ApiModel):
    total: int
    pagination: Pagination
    messages: list[MessageRead]


class MessageOne(ApiModel):
    message: MessageRead


class MessageRead(ApiModel):
    """A message as every answer shows it (the type's own part only for that type)."""
    id: int
    message_id: int = Field(alias='messageId', description='Same as id (seed 01)')
    whatsapp_message_id: str | None = Field(alias='whatsappMessageId')
    session_id: str = Field(alias='sessionId')
    chat_id: str = Field(alias='chatId')
    from_me: bool = Field(alias='fromMe')
    from_: str | None = Field(alias='from')
    push_name: str | None = Field(alias='pushName')
    body: str | None
    type: str
    status: str = Field(description='pending, queued, sent, delivered, read, played, failed or received')
    timestamp: str | None
    media_url: str | None = Field(alias='mediaUrl')
    media: MediaRead | None
    has_reactions: bool = Field(alias='hasReactions')
    reactions: list[ReactionRead]
    quoted_message_id: str | None = Field(alias='quotedMessageId')
    mentions: list[str]
    is_history: bool = Field(alias='isHistory')
    is_edited: bool = Field(alias='isEdited')
    is_deleted: bool = Field(alias='isDeleted')
    error: str | None
    error_code: str | None = Field(alias='errorCode')
    source: str | None = Field(description='api, bulk, bot, phone, template…')
    delivered_at: str | None = Field(alias='deliveredAt')
    read_at: str | None = Field(alias='readAt')
    location: dict[str, Any] | None = Field(default=None)
    contacts: SharedContacts | None = Field(default=None)
    reaction: ReactionTarget | None = Field(default=None)
    template: dict[str, Any] | None = Field(default=None)
    scheduled_at: str | None = Field(default=None, alias='scheduledAt', description='When a queued send goes out')


class MessageStats(ApiModel):
    stats: MessageCounts
    period: Period
    session_id: str = Field(alias='sessionId')


class MetaHandoverCounts(ApiModel):
    processed: int
    ignored: int


class MetricsPeriod(ApiModel):
    start_date: str | None = Field(alias='startDate')
    end_date: str | None = Field(alias='endDate')


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


class OrganizationCreate(ApiModel):
    name: str
    slug: str | None = Field(default=None)


class OrganizationDeleted(ApiModel):
    id: int
    deleted: bool


class OrganizationList(ApiModel):
    organizations: list[OrganizationWithRole]
    total: int


class OrganizationOne(ApiModel):
    organization: OrganizationWithRole


class OrganizationUpdate(ApiModel):
    name: str | None = Field(default=None)


class OrganizationWithRole(ApiModel):
    id: int
    name: str
    slug: str
    created_at: str = Field(alias='createdAt')
    role: Literal['owner', 'admin', 'member'] | None = Field(default=None, description="The caller's role in it, when known")


class Pagination(ApiModel):
    total: int = Field(description='Items that match, on every page')
    page: int = Field(description='This page, from 1')
    limit: int = Field(description='Items per page')
    pages: int = Field(description='Pages in all')


class PairingCodeRead(ApiModel):
    session_id: str = Field(alias='sessionId')
    pairing_code: str = Field(alias='pairingCode')
    phone_number: str = Field(alias='phoneNumber')


class PairingCodeRequest(ApiModel):
    phone_number: str = Field(alias='phoneNumber')


class ParticipantOutcome(ApiModel):
    id: str
    ok: bool
    error: str | None
    code: str | None


class ParticipantRead(ApiModel):
    id: str
    phone_number: str | None = Field(alias='phoneNumber')
    admin: Literal['admin', 'superadmin'] | None
    is_admin: bool = Field(alias='isAdmin')
    is_super_admin: bool = Field(alias='isSuperAdmin')


class ParticipantsChange(ApiModel):
    """One participant (``participantId``, seed 01) or several (``participants``)."""
    participant_id: str | None = Field(default=None, alias='participantId')
    participants: list[str] | None = Field(default=None)


class ParticipantsChanged(ApiModel):
    group_id: str = Field(alias='groupId')
    action: str
    participants: list[ParticipantOutcome]
    group: GroupRead


class Period(ApiModel):
    start_date: str | None = Field(alias='startDate')
    end_date: str | None = Field(alias='endDate')


class PresenceRequest(ApiModel):
    presence: Literal['available', 'unavailable', 'composing', 'recording', 'paused'] = Field(description='`available`/`unavailable` for everyone; `composing` (typing), `recording` or `paused` in the chat `chatId`')
    chat_id: str | None = Field(default=None, alias='chatId')


class PresenceSent(ApiModel):
    presence: str
    chat_id: str | None = Field(alias='chatId')


class ReactionCreate(ApiModel):
    reaction: str = Field(description='An emoji, e.g. 👍')


class ReactionRead(ApiModel):
    emoji: str
    from_: str | None = Field(alias='from')
    from_me: bool = Field(alias='fromMe')
    timestamp: str | None


class ReactionTarget(ApiModel):
    emoji: str | None
    message_id: str | None = Field(alias='messageId', description='WhatsApp id of the message reacted to')


class RebalanceRead(ApiModel):
    moving: int = Field(description='Sessions asked to move to another node')
    placed: int = Field(description='Sessions given a node they lacked')


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
    truncated: bool = Field(description='More matched than one replay queues')


class Resolution(ApiModel):
    closed: int
    resolved: int
    unresolved: int
    no_agent: int
    agent_timeout: int
    cancelled: int
    resolution_rate: float | None = Field(alias='resolutionRate')


class SandboxConnection(ApiModel):
    session_id: str = Field(alias='sessionId')
    status: str


class SandboxDelivered(ApiModel):
    whatsapp_message_id: str | None = Field(alias='whatsappMessageId')
    session_id: str = Field(alias='sessionId', description='The session that received it')
    message: MessageRead | None = Field(description='The message as the session stored it')


class SandboxDropped(ApiModel):
    dropped: list[str] = Field(description='sessionIds that lost their connection')


class SandboxLinked(ApiModel):
    session_id: str = Field(alias='sessionId')
    status: str
    phone_number: str = Field(alias='phoneNumber')
    push_name: str | None = Field(alias='pushName')


class SandboxMessageRequest(ApiModel):
    """A message from the outside world: the send endpoint's body, plus who writes."""
    to: str = Field(description='sessionId or phone of the receiving session')
    message: str | dict[str, Any] | None = Field(default=None, description='Text (max 4096 characters), or the object of the type (image, location…)')
    type: Literal['text', 'image', 'video', 'audio', 'ptt', 'document', 'sticker', 'location', 'contact', 'contacts', 'reaction', 'template'] | None = Field(default=None, description='Default `text`')
    media_id: str | int | None = Field(default=None, alias='mediaId', description='A file uploaded to /api/media')
    media_url: str | None = Field(default=None, alias='mediaUrl')
    caption: str | None = Field(default=None)
    file_name: str | None = Field(default=None, alias='fileName')
    mimetype: str | None = Field(default=None)
    quoted_message_id: str | int | None = Field(default=None, alias='quotedMessageId', description='Reply to this message (our id or its whatsappMessageId)')
    mentions: list[str] | None = Field(default=None)
    template: Any = Field(default=None, description='Cloud API only: an approved template, `{"name", "language": "es", "components": [...]}` as Meta documents them (also accepted under `message`)')
    from_: str = Field(alias='from', description="Number of the contact who writes (or of a sandbox session's phone)")
    push_name: str | None = Field(default=None, alias='pushName')
    group: str | None = Field(default=None, description='Group JID: the contact writes in this group')
    media_inline: bool | None = Field(default=None, alias='mediaInline', description="false: hand media over as a reference fetched on first download (how WhatsApp's CDN works)")
    history: bool | None = Field(default=None, description='Arrives as history sync, not live')


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
    message_ids: list[str] = Field(alias='messageIds', description='WhatsApp ids of the messages receipted')


class SendMessageRequest(ApiModel):
    """Seed 01's bodies (``message`` as text or as an object per type) and seed 02's short forms
    (``{"to", "message"}``, a list of recipients, ``mediaId`` of an upload).
    """
    to: Any = Field(description='Number (`34657032985`), JID (`…@s.whatsapp.net`, group `…@g.us`), or a list of up to 50 of them (bulk send)')
    message: str | dict[str, Any] | None = Field(default=None, description='Text (max 4096 characters), or the object of the type (image, location…)')
    type: Literal['text', 'image', 'video', 'audio', 'ptt', 'document', 'sticker', 'location', 'contact', 'contacts', 'reaction', 'template'] | None = Field(default=None, description='Default `text`')
    media_id: str | int | None = Field(default=None, alias='mediaId', description='A file uploaded to /api/media')
    media_url: str | None = Field(default=None, alias='mediaUrl')
    caption: str | None = Field(default=None)
    file_name: str | None = Field(default=None, alias='fileName')
    mimetype: str | None = Field(default=None)
    quoted_message_id: str | int | None = Field(default=None, alias='quotedMessageId', description='Reply to this message (our id or its whatsappMessageId)')
    mentions: list[str] | None = Field(default=None)
    template: Any = Field(default=None, description='Cloud API only: an approved template, `{"name", "language": "es", "components": [...]}` as Meta documents them (also accepted under `message`)')


class SendResult(ApiModel):
    """A single send (seed 01); a bulk send answers ``messages`` and counts instead."""
    message: MessageRead | None = Field(default=None)
    message_id: int | None = Field(default=None, alias='messageId')
    whatsapp_message_id: str | None = Field(default=None, alias='whatsappMessageId')
    status: str | None = Field(default=None)
    timestamp: str | None = Field(default=None)
    messages: list[MessageRead] | None = Field(default=None)
    total: int | None = Field(default=None)
    batch_id: str | None = Field(default=None, alias='batchId')
    sent: int | None = Field(default=None)
    queued: int | None = Field(default=None)
    failed: int | None = Field(default=None)


class SessionContact(ApiModel):
    id: str
    name: str | None
    notify: str | None
    verified_name: str | None = Field(alias='verifiedName')
    phone_number: str | None = Field(alias='phoneNumber')
    img_url: str | None = Field(alias='imgUrl')
    is_user: bool = Field(alias='isUser')
    is_group: bool = Field(alias='isGroup')
    is_wa_contact: bool = Field(alias='isWAContact')


class SessionContactList(ApiModel):
    contacts: list[SessionContact]
    total: int
    source: str


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


class SessionCreated(ApiModel):
    """The new session; with its first QR code when one came within two seconds."""
    id: int
    session_id: str = Field(alias='sessionId')
    session_name: str | None = Field(alias='sessionName')
    name: str | None = Field(description='Same as sessionName (older clients)')
    description: str | None
    engine: str
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected']
    phone_number: str | None = Field(alias='phoneNumber')
    is_connected: bool = Field(alias='isConnected')
    has_qr: bool = Field(alias='hasQR')
    last_activity: str | None = Field(alias='lastActivity')
    last_disconnect_reason: str | None = Field(alias='lastDisconnectReason')
    webhook_url: str | None = Field(alias='webhookUrl')
    webhook_events: list[str] = Field(alias='webhookEvents')
    has_webhook_secret: bool = Field(alias='hasWebhookSecret')
    send_to_frappe: bool = Field(alias='sendToFrappe')
    created_at: str | None = Field(alias='createdAt')
    node: str | None = Field(description='The cluster node that drives it')
    qr_code: str | None = Field(alias='qrCode', description='PNG data URL of the QR, or null')
    qr_text: str | None = Field(default=None, alias='qrText')
    expires_at: str | None = Field(default=None, alias='expiresAt')


class SessionDeleted(ApiModel):
    session_id: str = Field(alias='sessionId')
    deleted: bool


class SessionDetail(ApiModel):
    id: int
    session_id: str = Field(alias='sessionId')
    session_name: str | None = Field(alias='sessionName')
    name: str | None = Field(description='Same as sessionName (older clients)')
    description: str | None
    engine: str
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected']
    phone_number: str | None = Field(alias='phoneNumber')
    is_connected: bool = Field(alias='isConnected')
    has_qr: bool = Field(alias='hasQR')
    last_activity: str | None = Field(alias='lastActivity')
    last_disconnect_reason: str | None = Field(alias='lastDisconnectReason')
    webhook_url: str | None = Field(alias='webhookUrl')
    webhook_events: list[str] = Field(alias='webhookEvents')
    has_webhook_secret: bool = Field(alias='hasWebhookSecret')
    send_to_frappe: bool = Field(alias='sendToFrappe')
    created_at: str | None = Field(alias='createdAt')
    node: str | None = Field(description='The cluster node that drives it')
    profile: SessionProfile


class SessionList(ApiModel):
    total: int
    pagination: Pagination
    sessions: list[SessionRead]


class SessionOne(ApiModel):
    session: SessionDetail


class SessionProfile(ApiModel):
    name: str
    about: str
    profile_picture_url: str = Field(alias='profilePictureUrl')
    is_business: bool = Field(alias='isBusiness')


class SessionQr(ApiModel):
    qr_code: str = Field(alias='qrCode', description='PNG image as a data URL')
    qr_text: str = Field(alias='qrText', description='The text the QR encodes')
    session_id: str = Field(alias='sessionId')
    expires_at: str | None = Field(alias='expiresAt')
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected']


class SessionRead(ApiModel):
    id: int
    session_id: str = Field(alias='sessionId')
    session_name: str | None = Field(alias='sessionName')
    name: str | None = Field(description='Same as sessionName (older clients)')
    description: str | None
    engine: str
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected']
    phone_number: str | None = Field(alias='phoneNumber')
    is_connected: bool = Field(alias='isConnected')
    has_qr: bool = Field(alias='hasQR')
    last_activity: str | None = Field(alias='lastActivity')
    last_disconnect_reason: str | None = Field(alias='lastDisconnectReason')
    webhook_url: str | None = Field(alias='webhookUrl')
    webhook_events: list[str] = Field(alias='webhookEvents')
    has_webhook_secret: bool = Field(alias='hasWebhookSecret')
    send_to_frappe: bool = Field(alias='sendToFrappe')
    created_at: str | None = Field(alias='createdAt')
    node: str | None = Field(description='The cluster node that drives it')


class SessionStateChange(ApiModel):
    session_id: str = Field(alias='sessionId')
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected']


class SessionStatusRead(ApiModel):
    """What ``GET /api/sessions/{id}/status`` answers: the running client's view."""
    id: int
    session_id: str = Field(alias='sessionId')
    status: Literal['connecting', 'qr_code', 'connected', 'disconnected'] = Field(description='From the running client, not the stored row')
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


class SettingSources(ApiModel):
    """Where each value comes from: this organization's settings or the environment."""
    crm_base_url: Literal['organization', 'environment'] | None = Field(alias='crmBaseUrl')
    crm_api_token: Literal['organization', 'environment'] | None = Field(alias='crmApiToken')
    bot_api_token: Literal['organization', 'environment'] | None = Field(alias='botApiToken')
    bot_signature_secret: Literal['organization', 'environment'] | None = Field(alias='botSignatureSecret')
    webhook_verify_token: Literal['organization', 'environment'] | None = Field(alias='webhookVerifyToken')
    meta_app_id: Literal['organization', 'environment'] | None = Field(alias='metaAppId')
    meta_app_secret: Literal['organization', 'environment'] | None = Field(alias='metaAppSecret')


class SharedContacts(ApiModel):
    display_name: str | None = Field(alias='displayName')
    vcards: list[str]


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
    saved_by: str | None = Field(alias='savedBy', description='The session that saved the number, if one did')
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
    delivered_to: list[str] = Field(alias='deliveredTo', description='sessionIds that received it')


class SimulatedStatusViewed(ApiModel):
    status_id: str = Field(alias='statusId')
    viewers: int


class SimulatedView(ApiModel):
    """A simulated contact views a session's status, optionally reacting ("" takes it back)."""
    from_: str = Field(alias='from')
    reaction: str | None = Field(default=None)


class StatusCreate(ApiModel):
    """A text status (``text``, optional ``backgroundColor``/``font``) or an image/video status
    (``mediaUrl`` or ``base64``, optional ``caption``).
    """
    type: Literal['text', 'image', 'video'] | None = Field(default=None)
    text: str | None = Field(default=None)
    caption: str | None = Field(default=None)
    media_url: str | None = Field(default=None, alias='mediaUrl')
    base64: str | None = Field(default=None, description='Media bytes')
    mimetype: str | None = Field(default=None)
    background_color: str | None = Field(default=None, alias='backgroundColor', description='#RRGGBB')
    font: int | None = Field(default=None, description='WhatsApp status font, 0-9')


class StatusList(ApiModel):
    total: int
    pagination: Pagination
    statuses: list[StatusRead]


class StatusOne(ApiModel):
    status: StatusRead


class StatusRead(ApiModel):
    id: int
    status_id: str | None = Field(alias='statusId', description="WhatsApp's id of the status")
    from_me: bool = Field(alias='fromMe')
    sender: str | None
    sender_phone: str | None = Field(alias='senderPhone')
    sender_name: str | None = Field(alias='senderName')
    type: str
    text: str | None
    caption: str | None
    background_color: str | None = Field(alias='backgroundColor')
    font: int | None
    media_url: str | None = Field(alias='mediaUrl')
    mimetype: str | None
    size: int | None
    timestamp: str | None
    expires_at: str | None = Field(alias='expiresAt')
    is_active: bool = Field(alias='isActive')
    viewed: bool
    viewed_at: str | None = Field(alias='viewedAt')
    my_reaction: str | None = Field(alias='myReaction')
    viewers: list[StatusViewer] | None = Field(default=None, description='Own statuses only')
    view_count: int | None = Field(default=None, alias='viewCount')
    reaction_count: int | None = Field(default=None, alias='reactionCount')


class StatusViewer(ApiModel):
    id: str
    viewed_at: str | None = Field(alias='viewedAt')
    reaction: str | None


class SubscriptionList(ApiModel):
    organization_id: int = Field(alias='organizationId')
    subscriptions: list[WebhookRead]
    total: int


class TemplateCreate(ApiModel):
    name: str
    category: str | None = Field(default=None)
    body: str = Field(description="Text with {{variable}} placeholders, e.g. 'Hola {{nombre}}'")
    variables: list[str] | None = Field(default=None, description='The placeholders the body uses; worked out from the body when absent')
    is_active: bool | None = Field(default=None, alias='isActive')


class TemplateDeleted(ApiModel):
    id: int
    deleted: bool


class TemplateList(ApiModel):
    total: int
    pagination: Pagination
    templates: list[TemplateRead]


class TemplateOne(ApiModel):
    template: TemplateRead


class TemplatePreview(ApiModel):
    variables: dict[str, Any] | None = Field(default=None)


class TemplatePreviewRead(ApiModel):
    template_id: int = Field(alias='templateId')
    text: str


class TemplateRead(ApiModel):
    id: int
    organization_id: int = Field(alias='organizationId')
    name: str
    category: str | None
    body: str
    variables: list[str]
    is_active: bool = Field(alias='isActive')
    usage_count: int = Field(alias='usageCount')
    last_used_at: str | None = Field(alias='lastUsedAt')
    created_at: str | None = Field(alias='createdAt')
    updated_at: str | None = Field(alias='updatedAt')


class TemplateRecipient(ApiModel):
    to: str
    variables: dict[str, Any] | None = Field(default=None, description="This recipient's values, over the common ones")


class TemplateSent(ApiModel):
    """The messaging send answer (one message, or the bulk list), plus the template."""
    message: MessageRead | None = Field(default=None)
    message_id: int | None = Field(default=None, alias='messageId')
    whatsapp_message_id: str | None = Field(default=None, alias='whatsappMessageId')
    status: str | None = Field(default=None)
    timestamp: str | None = Field(default=None)
    messages: list[MessageRead] | None = Field(default=None)
    total: int | None = Field(default=None)
    batch_id: str | None = Field(default=None, alias='batchId')
    sent: int | None = Field(default=None)
    queued: int | None = Field(default=None)
    failed: int | None = Field(default=None)
    template_id: int = Field(alias='templateId')
    batch_ids: list[str | None] | None = Field(default=None, alias='batchIds')


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


class TicketDetail(ApiModel):
    ticket_id: str = Field(alias='ticketId', description='TK-YYYY-NNNNNN')
    status: Literal['pending', 'active', 'closed']
    assigned_agent: Agent | None = Field(alias='assignedAgent')
    start_time: str | None = Field(alias='startTime')
    last_activity: str | None = Field(alias='lastActivity')
    message_count: int = Field(alias='messageCount')
    session_id: str | None = Field(alias='sessionId')
    chat_id: str = Field(alias='chatId')
    user_phone: str = Field(alias='userPhone')
    owner: Literal['bot', 'pending', 'human']
    category: str
    priority: str = Field(description='alta, media or baja')
    source: str
    service_suspended: bool = Field(alias='serviceSuspended')
    user_context: dict[str, Any] = Field(alias='userContext')
    metadata: dict[str, Any]
    requested_at: str | None = Field(alias='requestedAt')
    assigned_at: str | None = Field(alias='assignedAt')
    first_response_at: str | None = Field(alias='firstResponseAt')
    closed_at: str | None = Field(alias='closedAt')
    close_reason: str | None = Field(alias='closeReason')
    assign_deadline: str | None = Field(alias='assignDeadline')
    idle_deadline: str | None = Field(alias='idleDeadline')
    messages: list[TicketMessageRead]


class TicketList(ApiModel):
    total: int
    pagination: Pagination
    tickets: list[TicketRead]


class TicketMessageRead(ApiModel):
    author: str = Field(description='user, agent, bot or system')
    agent_id: str | None = Field(alias='agentId')
    type: str
    content: str | None
    message_id: str | None = Field(alias='messageId')
    timestamp: str | None


class TicketOpen(ApiModel):
    """Open a handover from the API (a CRM taking over a chat the bot has not escalated)."""
    phone_number: str = Field(alias='phoneNumber')
    category: str | None = Field(default=None)
    priority: Literal['alta', 'media', 'baja'] | None = Field(default=None)
    notify_crm: bool | None = Field(default=None, alias='notifyCrm')


class TicketRead(ApiModel):
    ticket_id: str = Field(alias='ticketId', description='TK-YYYY-NNNNNN')
    status: Literal['pending', 'active', 'closed']
    assigned_agent: Agent | None = Field(alias='assignedAgent')
    start_time: str | None = Field(alias='startTime')
    last_activity: str | None = Field(alias='lastActivity')
    message_count: int = Field(alias='messageCount')
    session_id: str | None = Field(alias='sessionId')
    chat_id: str = Field(alias='chatId')
    user_phone: str = Field(alias='userPhone')
    owner: Literal['bot', 'pending', 'human']
    category: str
    priority: str = Field(description='alta, media or baja')
    source: str
    service_suspended: bool = Field(alias='serviceSuspended')
    user_context: dict[str, Any] = Field(alias='userContext')
    metadata: dict[str, Any]
    requested_at: str | None = Field(alias='requestedAt')
    assigned_at: str | None = Field(alias='assignedAt')
    first_response_at: str | None = Field(alias='firstResponseAt')
    closed_at: str | None = Field(alias='closedAt')
    close_reason: str | None = Field(alias='closeReason')
    assign_deadline: str | None = Field(alias='assignDeadline')
    idle_deadline: str | None = Field(alias='idleDeadline')


class TicketStatusRead(ApiModel):
    """Seed 04's ``handover-status``."""
    ticket_id: str = Field(alias='ticketId', description='TK-YYYY-NNNNNN')
    status: Literal['pending', 'active', 'closed']
    assigned_agent: Agent | None = Field(alias='assignedAgent')
    start_time: str | None = Field(alias='startTime')
    last_activity: str | None = Field(alias='lastActivity')
    message_count: int = Field(alias='messageCount')


class TokenPair(ApiModel):
    access_token: str = Field(alias='accessToken')
    refresh_token: str = Field(alias='refreshToken')
    expires_in: str | None = Field(default=None, alias='expiresIn')
    token_type: str | None = Field(default=None, alias='tokenType')


class UnreadList(ApiModel):
    total: int
    pagination: Pagination
    messages: list[MessageRead]
    by_session: list[SessionUnread] = Field(alias='bySession')


class UserOne(ApiModel):
    user: UserRead


class UserRead(ApiModel):
    id: int
    email: str
    name: str | None
    is_superadmin: bool = Field(alias='isSuperadmin')
    organizations: list[OrganizationWithRole]


class WebhookCreate(ApiModel):
    name: str | None = Field(default=None)
    url: str
    events: list[str] | None = Field(default=None, description="Subscription names ['*', 'contact', 'group', 'handover', 'message', 'message_status', 'qr_code', 'session_status'] or exact event types ['contact.updated', 'group.updated', 'handover.updated', 'message.received', 'message.sent', 'message.status', 'message.updated', 'session.qr', 'session.status', 'status.received', 'webhook.disabled']")
    secret: str | None = Field(default=None, description='HMAC key; without it webhooks go unsigned')
    is_active: bool | None = Field(default=None, alias='isActive')


class WebhookDeleted(ApiModel):
    id: int
    deleted: bool


class WebhookDeliveryDetail(ApiModel):
    id: int
    event_id: str = Field(alias='eventId')
    event: str
    event_seq: int | None = Field(alias='eventSeq')
    session_id: str | None = Field(alias='sessionId')
    chat_id: str | None = Field(alias='chatId')
    subscription_id: int = Field(alias='subscriptionId')
    subscription_kind: str = Field(alias='subscriptionKind')
    status: Literal['pending', 'succeeded', 'failed', 'replayed', 'cancelled']
    attempts: int
    response_status: int | None = Field(alias='responseStatus')
    response_body: str | None = Field(alias='responseBody')
    duration_ms: int | None = Field(alias='durationMs')
    error: str | None
    last_attempt_at: str | None = Field(alias='lastAttemptAt')
    next_attempt_at: str | None = Field(alias='nextAttemptAt')
    delivered_at: str | None = Field(alias='deliveredAt')
    created_at: str | None = Field(alias='createdAt')
    replay_of: int | None = Field(alias='replayOf', description='The delivery this one sends again')
    payload: dict[str, Any] = Field(description="The event's data, as delivered")
    attempt_log: list[DeliveryAttemptRead] = Field(alias='attemptLog')


class WebhookDeliveryRead(ApiModel):
    id: int
    event_id: str = Field(alias='eventId')
    event: str
    event_seq: int | None = Field(alias='eventSeq')
    session_id: str | None = Field(alias='sessionId')
    chat_id: str | None = Field(alias='chatId')
    subscription_id: int = Field(alias='subscriptionId')
    subscription_kind: str = Field(alias='subscriptionKind')
    status: Literal['pending', 'succeeded', 'failed', 'replayed', 'cancelled']
    attempts: int
    response_status: int | None = Field(alias='responseStatus')
    response_body: str | None = Field(alias='responseBody')
    duration_ms: int | None = Field(alias='durationMs')
    error: str | None
    last_attempt_at: str | None = Field(alias='lastAttemptAt')
    next_attempt_at: str | None = Field(alias='nextAttemptAt')
    delivered_at: str | None = Field(alias='deliveredAt')
    created_at: str | None = Field(alias='createdAt')
    replay_of: int | None = Field(alias='replayOf', description='The delivery this one sends again')


class WebhookList(ApiModel):
    webhooks: list[WebhookRead]
    total: int


class WebhookRead(ApiModel):
    id: int
    organization_id: int = Field(alias='organizationId')
    kind: str = Field(description='organization, session or frappe')
    name: str | None
    url: str | None
    events: list[str]
    has_secret: bool = Field(alias='hasSecret')
    is_active: bool = Field(alias='isActive')
    disabled_reason: str | None = Field(alias='disabledReason')
    disabled_at: str | None = Field(alias='disabledAt')
    failing_since: str | None = Field(alias='failingSince')
    last_success_at: str | None = Field(alias='lastSuccessAt')
    last_failure_at: str | None = Field(alias='lastFailureAt')
    session_id: str | None = Field(alias='sessionId')
    created_at: str | None = Field(alias='createdAt')
    updated_at: str | None = Field(alias='updatedAt')


class WebhookTestResult(ApiModel):
    delivered: bool
    event_id: str = Field(alias='eventId')
    url: str | None
    status_code: int | None = Field(alias='statusCode')
    duration_ms: int | None = Field(alias='durationMs')
    response_body: str | None = Field(alias='responseBody')
    error: str | None
    signed: bool


class WebhookUpdate(ApiModel):
    name: str | None = Field(default=None)
    url: str | None = Field(default=None)
    events: list[str] | None = Field(default=None, description="Subscription names ['*', 'contact', 'group', 'handover', 'message', 'message_status', 'qr_code', 'session_status'] or exact event types ['contact.updated', 'group.updated', 'handover.updated', 'message.received', 'message.sent', 'message.status', 'message.updated', 'session.qr', 'session.status', 'status.received', 'webhook.disabled']")
    secret: str | None = Field(default=None, description='null removes it')
    is_active: bool | None = Field(default=None, alias='isActive')


Agent.model_rebuild()
ApiKeyCreate.model_rebuild()
ApiKeyCreated.model_rebuild()
ApiKeyCreatedOne.model_rebuild()
ApiKeyList.model_rebuild()
ApiKeyOne.model_rebuild()
ApiKeyRead.model_rebuild()
BlockRead.model_rebuild()
BotConfig.model_rebuild()
BotOption.model_rebuild()
BotRead.model_rebuild()
BotRoute.model_rebuild()
ChatHistory.model_rebuild()
ChatList.model_rebuild()
ChatMarkedRead.model_rebuild()
ChatOwner.model_rebuild()
ChatRead.model_rebuild()
CloudIntake.model_rebuild()
ClusterRead.model_rebuild()
ConsoleFeatures.model_rebuild()
ConsoleInfo.model_rebuild()
ConsoleKeyCreated.model_rebuild()
ConsoleKeyRead.model_rebuild()
ConsoleKeyRequest.model_rebuild()
ConsoleKeyRevoked.model_rebuild()
ConsoleOrganization.model_rebuild()
ContactFound.model_rebuild()
ContactInfo.model_rebuild()
ContactList.model_rebuild()
ContactOne.model_rebuild()
ContactRead.model_rebuild()
ContactStats.model_rebuild()
ContactStatsRead.model_rebuild()
ContactUpdate.model_rebuild()
CrmHandover.model_rebuild()
CrmHandoverAnswer.model_rebuild()
CrmMessageSent.model_rebuild()
CrmSendAnswer.model_rebuild()
CrmSendMessage.model_rebuild()
CrmStatusAnswer.model_rebuild()
DayCount.model_rebuild()
DeliveryAttemptRead.model_rebuild()
DeliveryList.model_rebuild()
DrainRead.model_rebuild()
Durations.model_rebuild()
EditMessageRequest.model_rebuild()
ErrorBody.model_rebuild()
FrappeConfigure.model_rebuild()
FrappeSetting.model_rebuild()
FrappeStatus.model_rebuild()
GroupCreate.model_rebuild()
GroupCreated.model_rebuild()
GroupJoined.model_rebuild()
GroupLeft.model_rebuild()
GroupList.model_rebuild()
GroupOne.model_rebuild()
GroupRead.model_rebuild()
GroupSettings.model_rebuild()
GroupSummary.model_rebuild()
GroupUpdate.model_rebuild()
HandoverDone.model_rebuild()
HandoverMetrics.model_rebuild()
HandoverSettingsRead.model_rebuild()
HandoverSettingsUpdate.model_rebuild()
HealthRead.model_rebuild()
InviteCodeRead.model_rebuild()
JoinWithCode.model_rebuild()
LinkRequest.model_rebuild()
LoggedOut.model_rebuild()
LoginAnswer.model_rebuild()
LoginRequest.model_rebuild()
LogoutRequest.model_rebuild()
MediaDeleted.model_rebuild()
MediaFileRead.model_rebuild()
MediaList.model_rebuild()
MediaOne.model_rebuild()
MediaRead.model_rebuild()
MediaUploaded.model_rebuild()
MemberAdd.model_rebuild()
MemberList.model_rebuild()
MemberOne.model_rebuild()
MemberRead.model_rebuild()
MemberRemoved.model_rebuild()
MemberUpdate.model_rebuild()
MessageCounts.model_rebuild()
MessageList.model_rebuild()
MessageOne.model_rebuild()
MessageRead.model_rebuild()
MessageStats.model_rebuild()
MetaHandoverCounts.model_rebuild()
MetricsPeriod.model_rebuild()
NodeRead.model_rebuild()
OrganizationCreate.model_rebuild()
OrganizationDeleted.model_rebuild()
OrganizationList.model_rebuild()
OrganizationOne.model_rebuild()
OrganizationUpdate.model_rebuild()
OrganizationWithRole.model_rebuild()
Pagination.model_rebuild()
PairingCodeRead.model_rebuild()
PairingCodeRequest.model_rebuild()
ParticipantOutcome.model_rebuild()
ParticipantRead.model_rebuild()
ParticipantsChange.model_rebuild()
ParticipantsChanged.model_rebuild()
Period.model_rebuild()
PresenceRequest.model_rebuild()
PresenceSent.model_rebuild()
ReactionCreate.model_rebuild()
ReactionRead.model_rebuild()
ReactionTarget.model_rebuild()
RebalanceRead.model_rebuild()
RefreshRequest.model_rebuild()
ReplayRequest.model_rebuild()
ReplayResult.model_rebuild()
Resolution.model_rebuild()
SandboxConnection.model_rebuild()
SandboxDelivered.model_rebuild()
SandboxDropped.model_rebuild()
SandboxLinked.model_rebuild()
SandboxMessageRequest.model_rebuild()
SandboxNetworkRead.model_rebuild()
SandboxNetworkSettings.model_rebuild()
SandboxReceiptRequest.model_rebuild()
SandboxReceipts.model_rebuild()
SendMessageRequest.model_rebuild()
SendResult.model_rebuild()
SessionContact.model_rebuild()
SessionContactList.model_rebuild()
SessionCreate.model_rebuild()
SessionCreated.model_rebuild()
SessionDeleted.model_rebuild()
SessionDetail.model_rebuild()
SessionList.model_rebuild()
SessionOne.model_rebuild()
SessionProfile.model_rebuild()
SessionQr.model_rebuild()
SessionRead.model_rebuild()
SessionStateChange.model_rebuild()
SessionStatusRead.model_rebuild()
SessionUnread.model_rebuild()
SessionUpdate.model_rebuild()
SettingSources.model_rebuild()
SharedContacts.model_rebuild()
SimulatedContact.model_rebuild()
SimulatedContactRead.model_rebuild()
SimulatedStatus.model_rebuild()
SimulatedStatusPosted.model_rebuild()
SimulatedStatusViewed.model_rebuild()
SimulatedView.model_rebuild()
StatusCreate.model_rebuild()
StatusList.model_rebuild()
StatusOne.model_rebuild()
StatusRead.model_rebuild()
StatusViewer.model_rebuild()
SubscriptionList.model_rebuild()
TemplateCreate.model_rebuild()
TemplateDeleted.model_rebuild()
TemplateList.model_rebuild()
TemplateOne.model_rebuild()
TemplatePreview.model_rebuild()
TemplatePreviewRead.model_rebuild()
TemplateRead.model_rebuild()
TemplateRecipient.model_rebuild()
TemplateSent.model_rebuild()
TemplateUpdate.model_rebuild()
TemplateUse.model_rebuild()
TicketDetail.model_rebuild()
TicketList.model_rebuild()
TicketMessageRead.model_rebuild()
TicketOpen.model_rebuild()
TicketRead.model_rebuild()
TicketStatusRead.model_rebuild()
TokenPair.model_rebuild()
UnreadList.model_rebuild()
UserOne.model_rebuild()
UserRead.model_rebuild()
WebhookCreate.model_rebuild()
WebhookDeleted.model_rebuild()
WebhookDeliveryDetail.model_rebuild()
WebhookDeliveryRead.model_rebuild()
WebhookList.model_rebuild()
WebhookRead.model_rebuild()
WebhookTestResult.model_rebuild()
WebhookUpdate.model_rebuild()

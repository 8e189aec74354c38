"""A typed method per operation of the gateway's OpenAPI document.

Written by ``clients/python/generate.py``; do not edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, cast

from inboxhub_client import models
from inboxhub_client._transport import AsyncTransport, FileContent, Operation, SyncTransport
from inboxhub_client.record import Record

OPERATIONS: dict[str, Operation] = {
    'login': Operation('login', 'POST', '/api/auth/login', answer=models.LoginResult, kind='json', envelope=True, idempotency_key=False),
    'refresh_token': Operation('refresh_token', 'POST', '/api/auth/refresh', answer=models.TokenPair, kind='json', envelope=True, idempotency_key=False),
    'logout': Operation('logout', 'POST', '/api/auth/logout', answer=models.LoggedOut, kind='json', envelope=True, idempotency_key=False),
    'me': Operation('me', 'GET', '/api/auth/me', answer=models.UserData, kind='json', envelope=True, idempotency_key=False),
    'list_organizations': Operation('list_organizations', 'GET', '/api/organizations', answer=models.OrganizationList, kind='json', envelope=True, idempotency_key=False),
    'create_organization': Operation('create_organization', 'POST', '/api/organizations', answer=models.OrganizationData, kind='json', envelope=True, idempotency_key=False),
    'get_organization': Operation('get_organization', 'GET', '/api/organizations/{organization_id}', answer=models.OrganizationData, kind='json', envelope=True, idempotency_key=False),
    'update_organization': Operation('update_organization', 'PUT', '/api/organizations/{organization_id}', answer=models.OrganizationData, kind='json', envelope=True, idempotency_key=False),
    'delete_organization': Operation('delete_organization', 'DELETE', '/api/organizations/{organization_id}', answer=models.OrganizationDeleted, kind='json', envelope=True, idempotency_key=False),
    'list_members': Operation('list_members', 'GET', '/api/organizations/{organization_id}/members', answer=models.MemberList, kind='json', envelope=True, idempotency_key=False),
    'add_member': Operation('add_member', 'POST', '/api/organizations/{organization_id}/members', answer=models.InvitationData, kind='json', envelope=True, idempotency_key=False),
    'update_member': Operation('update_member', 'PUT', '/api/organizations/{organization_id}/members/{user_id}', answer=models.MemberData, kind='json', envelope=True, idempotency_key=False),
    'remove_member': Operation('remove_member', 'DELETE', '/api/organizations/{organization_id}/members/{user_id}', answer=models.MemberRemoved, kind='json', envelope=True, idempotency_key=False),
    'list_api_keys': Operation('list_api_keys', 'GET', '/api/organizations/{organization_id}/api-keys', answer=models.ApiKeyList, kind='json', envelope=True, idempotency_key=False),
    'create_api_key': Operation('create_api_key', 'POST', '/api/organizations/{organization_id}/api-keys', answer=models.ApiKeyCreatedData, kind='json', envelope=True, idempotency_key=False),
    'revoke_api_key': Operation('revoke_api_key', 'DELETE', '/api/organizations/{organization_id}/api-keys/{key_id}', answer=models.ApiKeyData, kind='json', envelope=True, idempotency_key=False),
    'list_invitations': Operation('list_invitations', 'GET', '/api/organizations/{organization_id}/invitations', answer=models.InvitationList, kind='json', envelope=True, idempotency_key=False),
    'cancel_invitation': Operation('cancel_invitation', 'DELETE', '/api/organizations/{organization_id}/invitations/{invitation_id}', answer=models.InvitationCancelled, kind='json', envelope=True, idempotency_key=False),
    'my_invitations': Operation('my_invitations', 'GET', '/api/auth/invitations', answer=models.InvitationList, kind='json', envelope=True, idempotency_key=False),
    'accept_mine': Operation('accept_mine', 'POST', '/api/auth/invitations/{invitation_id}/accept', answer=models.MembershipJoined, kind='json', envelope=True, idempotency_key=False),
    'accept_with_token': Operation('accept_with_token', 'POST', '/api/auth/invitations/accept', answer=models.MembershipJoined, kind='json', envelope=True, idempotency_key=False),
    'create_session': Operation('create_session', 'POST', '/api/sessions', answer=models.SessionCreated, kind='json', envelope=True, idempotency_key=False),
    'list_sessions': Operation('list_sessions', 'GET', '/api/sessions', answer=models.SessionList, kind='json', envelope=True, idempotency_key=False),
    'get_session': Operation('get_session', 'GET', '/api/sessions/{id}', answer=models.SessionData, kind='json', envelope=True, idempotency_key=False),
    'update_session': Operation('update_session', 'PUT', '/api/sessions/{id}', answer=models.SessionData, kind='json', envelope=True, idempotency_key=False),
    'delete_session': Operation('delete_session', 'DELETE', '/api/sessions/{id}', answer=models.SessionDeleted, kind='json', envelope=True, idempotency_key=False),
    'get_session_status': Operation('get_session_status', 'GET', '/api/sessions/{id}/status', answer=models.SessionStatusRead, kind='json', envelope=True, idempotency_key=False),
    'get_session_qr': Operation('get_session_qr', 'GET', '/api/sessions/{id}/qr', answer=models.SessionQr, kind='json', envelope=True, idempotency_key=False),
    'connect_session': Operation('connect_session', 'POST', '/api/sessions/{id}/connect', answer=models.SessionStateChange, kind='json', envelope=True, idempotency_key=False),
    'disconnect_session': Operation('disconnect_session', 'POST', '/api/sessions/{id}/disconnect', answer=models.SessionStateChange, kind='json', envelope=True, idempotency_key=False),
    'restart_session': Operation('restart_session', 'POST', '/api/sessions/{id}/restart', answer=models.SessionStateChange, kind='json', envelope=True, idempotency_key=False),
    'logout_session': Operation('logout_session', 'POST', '/api/sessions/{id}/logout', answer=models.SessionStateChange, kind='json', envelope=True, idempotency_key=False),
    'request_pairing_code': Operation('request_pairing_code', 'POST', '/api/sessions/{id}/pairing-code', answer=models.PairingCodeRead, kind='json', envelope=True, idempotency_key=False),
    'configure_frappe': Operation('configure_frappe', 'POST', '/api/sessions/{id}/frappe/configure', answer=models.FrappeSetting, kind='json', envelope=True, idempotency_key=False),
    'frappe_status': Operation('frappe_status', 'GET', '/api/sessions/{id}/frappe/status', answer=models.FrappeStatus, kind='json', envelope=True, idempotency_key=False),
    'update_profile': Operation('update_profile', 'PUT', '/api/sessions/{id}/profile', answer=models.ProfileRead, kind='json', envelope=True, idempotency_key=False),
    'cluster': Operation('cluster', 'GET', '/api/cluster', answer=models.ClusterRead, kind='json', envelope=True, idempotency_key=False),
    'rebalance': Operation('rebalance', 'POST', '/api/cluster/rebalance', answer=models.Rebalanced, kind='json', envelope=True, idempotency_key=False),
    'drain': Operation('drain', 'POST', '/api/cluster/nodes/{node_id}/drain', answer=models.NodeDraining, kind='json', envelope=True, idempotency_key=False),
    'list_session_contacts': Operation('list_session_contacts', 'GET', '/api/sessions/{id}/contacts', answer=models.SessionContactList, kind='json', envelope=True, idempotency_key=False),
    'send_message': Operation('send_message', 'POST', '/api/messages/{sessionId}/send', answer=models.MessageSent | models.BulkSent, kind='json', envelope=True, idempotency_key=True),
    'list_unread_messages': Operation('list_unread_messages', 'GET', '/api/messages/unread', answer=models.UnreadList, kind='json', envelope=True, idempotency_key=False),
    'list_messages': Operation('list_messages', 'GET', '/api/messages/{sessionId}', answer=models.MessageList, kind='json', envelope=True, idempotency_key=False),
    'list_chats': Operation('list_chats', 'GET', '/api/messages/{sessionId}/chats', answer=models.ChatList, kind='json', envelope=True, idempotency_key=False),
    'message_stats': Operation('message_stats', 'GET', '/api/messages/{sessionId}/stats', answer=models.MessageStats, kind='json', envelope=True, idempotency_key=False),
    'get_message': Operation('get_message', 'GET', '/api/messages/{sessionId}/messages/{messageId}', answer=models.MessageData, kind='json', envelope=True, idempotency_key=False),
    'edit_message': Operation('edit_message', 'PUT', '/api/messages/{sessionId}/messages/{messageId}', answer=models.MessageData, kind='json', envelope=True, idempotency_key=False),
    'delete_message': Operation('delete_message', 'DELETE', '/api/messages/{sessionId}/messages/{messageId}', answer=models.MessageData, kind='json', envelope=True, idempotency_key=False),
    'send_presence': Operation('send_presence', 'POST', '/api/messages/{sessionId}/presence', answer=models.PresenceSent, kind='json', envelope=True, idempotency_key=False),
    'mark_chat_read': Operation('mark_chat_read', 'PUT', '/api/messages/{sessionId}/{chatId}/read', answer=models.ChatMarkedRead, kind='json', envelope=True, idempotency_key=False),
    'chat_history': Operation('chat_history', 'GET', '/api/messages/{sessionId}/{chatId}', answer=models.ChatHistory, kind='json', envelope=True, idempotency_key=False),
    'list_media': Operation('list_media', 'GET', '/api/media/sessions/{sessionId}', answer=models.MediaFileList, kind='json', envelope=True, idempotency_key=False),
    'upload_media': Operation('upload_media', 'POST', '/api/media/sessions/{sessionId}/upload', answer=models.MediaUploaded, kind='json', envelope=True, idempotency_key=False),
    'get_media': Operation('get_media', 'GET', '/api/media/{mediaFileId}', answer=models.MediaFileData, kind='json', envelope=True, idempotency_key=False),
    'delete_media': Operation('delete_media', 'DELETE', '/api/media/{mediaFileId}', answer=models.MediaDeleted, kind='json', envelope=True, idempotency_key=False),
    'download_media': Operation('download_media', 'GET', '/api/media/{mediaFileId}/download', answer=None, kind='bytes', envelope=False, idempotency_key=False),
    'list_contacts': Operation('list_contacts', 'GET', '/api/contacts/{sessionId}', answer=models.ContactList, kind='json', envelope=True, idempotency_key=False),
    'search_contact': Operation('search_contact', 'GET', '/api/contacts/{sessionId}/search/{phoneNumber}', answer=models.ContactFound, kind='json', envelope=True, idempotency_key=False),
    'get_contact_info': Operation('get_contact_info', 'GET', '/api/contacts/{sessionId}/info/{contactId}', answer=models.ContactInfoData, kind='json', envelope=True, idempotency_key=False),
    'block_contact': Operation('block_contact', 'POST', '/api/contacts/{sessionId}/{contactId}/block', answer=models.BlockChange, kind='json', envelope=True, idempotency_key=False),
    'unblock_contact': Operation('unblock_contact', 'POST', '/api/contacts/{sessionId}/{contactId}/unblock', answer=models.BlockChange, kind='json', envelope=True, idempotency_key=False),
    'get_contact_stats': Operation('get_contact_stats', 'GET', '/api/contacts/{sessionId}/stats', answer=models.ContactStatsData, kind='json', envelope=True, idempotency_key=False),
    'update_contact': Operation('update_contact', 'PUT', '/api/contacts/{contactId}', answer=models.ContactInfoData, kind='json', envelope=True, idempotency_key=False),
    'list_groups': Operation('list_groups', 'GET', '/api/groups/sessions/{sessionId}', answer=models.GroupList, kind='json', envelope=True, idempotency_key=False),
    'create_group': Operation('create_group', 'POST', '/api/groups/sessions/{sessionId}', answer=models.GroupCreated, kind='json', envelope=True, idempotency_key=False),
    'join_group_with_code': Operation('join_group_with_code', 'POST', '/api/groups/join-with-code', answer=models.GroupJoined, kind='json', envelope=True, idempotency_key=False),
    'get_group': Operation('get_group', 'GET', '/api/groups/sessions/{sessionId}/groups/{groupId}', answer=models.GroupDetail, kind='json', envelope=True, idempotency_key=False),
    'update_group': Operation('update_group', 'PUT', '/api/groups/sessions/{sessionId}/groups/{groupId}', answer=models.GroupData, kind='json', envelope=True, idempotency_key=False),
    'update_group_settings': Operation('update_group_settings', 'PUT', '/api/groups/sessions/{sessionId}/groups/{groupId}/settings', answer=models.GroupData, kind='json', envelope=True, idempotency_key=False),
    'add_participants': Operation('add_participants', 'POST', '/api/groups/sessions/{sessionId}/groups/{groupId}/participants', answer=models.ParticipantsChanged, kind='json', envelope=True, idempotency_key=False),
    'remove_participants': Operation('remove_participants', 'DELETE', '/api/groups/sessions/{sessionId}/groups/{groupId}/participants', answer=models.ParticipantsChanged, kind='json', envelope=True, idempotency_key=False),
    'promote_participants': Operation('promote_participants', 'POST', '/api/groups/sessions/{sessionId}/groups/{groupId}/promote', answer=models.ParticipantsChanged, kind='json', envelope=True, idempotency_key=False),
    'demote_participants': Operation('demote_participants', 'POST', '/api/groups/sessions/{sessionId}/groups/{groupId}/demote', answer=models.ParticipantsChanged, kind='json', envelope=True, idempotency_key=False),
    'get_invite_code': Operation('get_invite_code', 'POST', '/api/groups/sessions/{sessionId}/groups/{groupId}/invite-code', answer=models.InviteCodeRead, kind='json', envelope=True, idempotency_key=False),
    'revoke_invite_code': Operation('revoke_invite_code', 'POST', '/api/groups/sessions/{sessionId}/groups/{groupId}/invite-code/revoke', answer=models.InviteCodeRead, kind='json', envelope=True, idempotency_key=False),
    'leave_group': Operation('leave_group', 'POST', '/api/groups/sessions/{sessionId}/groups/{groupId}/leave', answer=models.GroupLeft, kind='json', envelope=True, idempotency_key=False),
    'list_statuses': Operation('list_statuses', 'GET', '/api/status/sessions/{sessionId}', answer=models.StatusList, kind='json', envelope=True, idempotency_key=False),
    'post_status': Operation('post_status', 'POST', '/api/status/sessions/{sessionId}', answer=models.StatusData, kind='json', envelope=True, idempotency_key=False),
    'list_active_statuses': Operation('list_active_statuses', 'GET', '/api/status/sessions/{sessionId}/active', answer=models.StatusList, kind='json', envelope=True, idempotency_key=False),
    'download_status_media': Operation('download_status_media', 'GET', '/api/status/sessions/{sessionId}/statuses/{statusId}/media', answer=None, kind='bytes', envelope=False, idempotency_key=False),
    'view_status': Operation('view_status', 'POST', '/api/status/sessions/{sessionId}/statuses/{statusId}/view', answer=models.StatusData, kind='json', envelope=True, idempotency_key=False),
    'react_to_status': Operation('react_to_status', 'POST', '/api/status/sessions/{sessionId}/statuses/{statusId}/reactions', answer=models.StatusData, kind='json', envelope=True, idempotency_key=False),
    'remove_status_reaction': Operation('remove_status_reaction', 'DELETE', '/api/status/sessions/{sessionId}/statuses/{statusId}/reactions', answer=models.StatusData, kind='json', envelope=True, idempotency_key=False),
    'create_template': Operation('create_template', 'POST', '/api/templates/organizations/{organizationId}', answer=models.TemplateData, kind='json', envelope=True, idempotency_key=False),
    'list_templates': Operation('list_templates', 'GET', '/api/templates/organizations/{organizationId}', answer=models.TemplateList, kind='json', envelope=True, idempotency_key=False),
    'get_organization_template': Operation('get_organization_template', 'GET', '/api/templates/organizations/{organizationId}/{templateId}', answer=models.TemplateData, kind='json', envelope=True, idempotency_key=False),
    'update_template': Operation('update_template', 'PUT', '/api/templates/organizations/{organizationId}/{templateId}', answer=models.TemplateData, kind='json', envelope=True, idempotency_key=False),
    'delete_template': Operation('delete_template', 'DELETE', '/api/templates/organizations/{organizationId}/{templateId}', answer=models.TemplateDeleted, kind='json', envelope=True, idempotency_key=False),
    'get_template': Operation('get_template', 'GET', '/api/templates/{templateId}', answer=models.TemplateData, kind='json', envelope=True, idempotency_key=False),
    'preview_template': Operation('preview_template', 'POST', '/api/templates/{templateId}/preview', answer=models.TemplateRendered, kind='json', envelope=True, idempotency_key=False),
    'use_template': Operation('use_template', 'POST', '/api/templates/{templateId}/use', answer=models.TemplateSent | models.TemplateBulkSent, kind='json', envelope=True, idempotency_key=True),
    'sync_meta_templates': Operation('sync_meta_templates', 'POST', '/api/templates/meta/{sessionId}/sync', answer=models.MetaTemplateSync, kind='json', envelope=True, idempotency_key=False),
    'list_meta_templates': Operation('list_meta_templates', 'GET', '/api/templates/meta/{sessionId}', answer=models.MetaTemplateList, kind='json', envelope=True, idempotency_key=False),
    'get_meta_template': Operation('get_meta_template', 'GET', '/api/templates/meta/{sessionId}/{name}', answer=models.MetaTemplateLanguages, kind='json', envelope=True, idempotency_key=False),
    'create_webhook': Operation('create_webhook', 'POST', '/api/webhooks/organizations/{organizationId}', answer=models.WebhookRead, kind='json', envelope=True, idempotency_key=False),
    'list_webhooks': Operation('list_webhooks', 'GET', '/api/webhooks/organizations/{organizationId}', answer=models.WebhookList, kind='json', envelope=True, idempotency_key=False),
    'get_webhook': Operation('get_webhook', 'GET', '/api/webhooks/organizations/{organizationId}/{webhookId}', answer=models.WebhookRead, kind='json', envelope=True, idempotency_key=False),
    'update_webhook': Operation('update_webhook', 'PUT', '/api/webhooks/organizations/{organizationId}/{webhookId}', answer=models.WebhookRead, kind='json', envelope=True, idempotency_key=False),
    'delete_webhook': Operation('delete_webhook', 'DELETE', '/api/webhooks/organizations/{organizationId}/{webhookId}', answer=models.WebhookDeleted, kind='json', envelope=True, idempotency_key=False),
    'test_webhook': Operation('test_webhook', 'POST', '/api/webhooks/organizations/{organizationId}/{webhookId}/test', answer=models.WebhookTestResult, kind='json', envelope=True, idempotency_key=False),
    'list_subscriptions': Operation('list_subscriptions', 'GET', '/api/webhooks/subscriptions', answer=models.SubscriptionList, kind='json', envelope=True, idempotency_key=False),
    'enable_subscription': Operation('enable_subscription', 'POST', '/api/webhooks/subscriptions/{webhookId}/enable', answer=models.WebhookRead, kind='json', envelope=True, idempotency_key=False),
    'remove_subscription': Operation('remove_subscription', 'DELETE', '/api/webhooks/subscriptions/{webhookId}', answer=models.SubscriberRemoved, kind='json', envelope=True, idempotency_key=False),
    'test_subscription': Operation('test_subscription', 'POST', '/api/webhooks/subscriptions/{webhookId}/test', answer=models.WebhookTestResult, kind='json', envelope=True, idempotency_key=False),
    'test_session_webhook': Operation('test_session_webhook', 'POST', '/api/webhooks/sessions/{sessionId}/test', answer=models.WebhookTestResult, kind='json', envelope=True, idempotency_key=False),
    'remove_session_webhook': Operation('remove_session_webhook', 'DELETE', '/api/webhooks/sessions/{sessionId}', answer=models.SessionWebhookRemoved, kind='json', envelope=True, idempotency_key=False),
    'list_deliveries': Operation('list_deliveries', 'GET', '/api/webhooks/deliveries', answer=models.WebhookDeliveryList, kind='json', envelope=True, idempotency_key=False),
    'list_dead_letters': Operation('list_dead_letters', 'GET', '/api/webhooks/dead-letters', answer=models.WebhookDeliveryList, kind='json', envelope=True, idempotency_key=False),
    'get_delivery': Operation('get_delivery', 'GET', '/api/webhooks/deliveries/{deliveryId}', answer=models.WebhookDeliveryDetail, kind='json', envelope=True, idempotency_key=False),
    'redeliver': Operation('redeliver', 'POST', '/api/webhooks/deliveries/{deliveryId}/redeliver', answer=models.WebhookDeliveryDetail, kind='json', envelope=True, idempotency_key=False),
    'replay': Operation('replay', 'POST', '/api/webhooks/replay', answer=models.ReplayResult, kind='json', envelope=True, idempotency_key=False),
    'create_stream_ticket': Operation('create_stream_ticket', 'POST', '/api/events/tickets', answer=models.EventTicket, kind='json', envelope=True, idempotency_key=False),
    'get_inspector': Operation('get_inspector', 'GET', '/api/webhooks/inspector', answer=models.InspectorRead, kind='json', envelope=True, idempotency_key=False),
    'rotate_inspector': Operation('rotate_inspector', 'POST', '/api/webhooks/inspector/rotate', answer=models.InspectorRead, kind='json', envelope=True, idempotency_key=False),
    'list_captures': Operation('list_captures', 'GET', '/api/webhooks/inspector/captures', answer=models.CaptureList, kind='json', envelope=True, idempotency_key=False),
    'clear_captures': Operation('clear_captures', 'DELETE', '/api/webhooks/inspector/captures', answer=models.CapturesDeleted, kind='json', envelope=True, idempotency_key=False),
    'get_capture': Operation('get_capture', 'GET', '/api/webhooks/inspector/captures/{captureId}', answer=models.CaptureData, kind='json', envelope=True, idempotency_key=False),
    'list_sinks': Operation('list_sinks', 'GET', '/api/webhooks/sinks', answer=models.SinkList, kind='json', envelope=True, idempotency_key=False),
    'create_sink': Operation('create_sink', 'POST', '/api/webhooks/sinks', answer=models.SinkRead, kind='json', envelope=True, idempotency_key=False),
    'get_sink': Operation('get_sink', 'GET', '/api/webhooks/sinks/{sinkId}', answer=models.SinkRead, kind='json', envelope=True, idempotency_key=False),
    'update_sink': Operation('update_sink', 'PUT', '/api/webhooks/sinks/{sinkId}', answer=models.SinkRead, kind='json', envelope=True, idempotency_key=False),
    'delete_sink': Operation('delete_sink', 'DELETE', '/api/webhooks/sinks/{sinkId}', answer=models.SinkDeleted, kind='json', envelope=True, idempotency_key=False),
    'test_sink': Operation('test_sink', 'POST', '/api/webhooks/sinks/{sinkId}/test', answer=models.SinkTestResult, kind='json', envelope=True, idempotency_key=False),
    'get_settings': Operation('get_settings', 'GET', '/api/handover/settings', answer=models.HandoverSettingsRead, kind='json', envelope=True, idempotency_key=False),
    'update_settings': Operation('update_settings', 'PUT', '/api/handover/settings', answer=models.HandoverSettingsRead, kind='json', envelope=True, idempotency_key=False),
    'get_bot': Operation('get_bot', 'GET', '/api/handover/sessions/{sessionId}/bot', answer=models.BotRead, kind='json', envelope=True, idempotency_key=False),
    'configure_bot': Operation('configure_bot', 'PUT', '/api/handover/sessions/{sessionId}/bot', answer=models.BotRead, kind='json', envelope=True, idempotency_key=False),
    'delete_bot': Operation('delete_bot', 'DELETE', '/api/handover/sessions/{sessionId}/bot', answer=models.BotRead, kind='json', envelope=True, idempotency_key=False),
    'open_ticket': Operation('open_ticket', 'POST', '/api/handover/sessions/{sessionId}/tickets', answer=models.TicketRead, kind='json', envelope=True, idempotency_key=False),
    'chat_owner': Operation('chat_owner', 'GET', '/api/handover/sessions/{sessionId}/chats/{phoneNumber}', answer=models.ChatOwnerRead, kind='json', envelope=True, idempotency_key=False),
    'list_tickets': Operation('list_tickets', 'GET', '/api/handover/tickets', answer=models.TicketList, kind='json', envelope=True, idempotency_key=False),
    'get_ticket': Operation('get_ticket', 'GET', '/api/handover/tickets/{ticketId}', answer=models.TicketDetail, kind='json', envelope=True, idempotency_key=False),
    'assign_ticket': Operation('assign_ticket', 'POST', '/api/handover/tickets/{ticketId}/assign', answer=models.TicketChange, kind='json', envelope=True, idempotency_key=False),
    'close_ticket': Operation('close_ticket', 'POST', '/api/handover/tickets/{ticketId}/close', answer=models.TicketChange, kind='json', envelope=True, idempotency_key=False),
    'get_metrics': Operation('get_metrics', 'GET', '/api/handover/metrics', answer=models.HandoverMetrics, kind='json', envelope=True, idempotency_key=False),
    'handover': Operation('handover', 'POST', '/api/crm/handover', answer=models.CrmHandoverAnswer, kind='json', envelope=False, idempotency_key=False),
    'crm_send_message': Operation('crm_send_message', 'POST', '/api/crm/send-message', answer=models.CrmMessageAnswer, kind='json', envelope=False, idempotency_key=False),
    'handover_status': Operation('handover_status', 'GET', '/api/crm/handover-status/{ticketId}', answer=models.CrmStatusAnswer, kind='json', envelope=False, idempotency_key=False),
    'handover_metrics': Operation('handover_metrics', 'GET', '/api/crm/metrics', answer=models.HandoverMetrics, kind='json', envelope=True, idempotency_key=False),
    'put_chatwoot': Operation('put_chatwoot', 'PUT', '/api/sessions/{sessionId}/chatwoot', answer=models.ChatwootData, kind='json', envelope=True, idempotency_key=False),
    'get_chatwoot': Operation('get_chatwoot', 'GET', '/api/sessions/{sessionId}/chatwoot', answer=models.ChatwootData, kind='json', envelope=True, idempotency_key=False),
    'delete_chatwoot': Operation('delete_chatwoot', 'DELETE', '/api/sessions/{sessionId}/chatwoot', answer=models.ChatwootDeleted, kind='json', envelope=True, idempotency_key=False),
    'create_console_key': Operation('create_console_key', 'POST', '/api/auth/console-key', answer=models.ConsoleKeyCreated, kind='json', envelope=True, idempotency_key=False),
    'revoke_console_key': Operation('revoke_console_key', 'DELETE', '/api/auth/console-key/{key_id}', answer=models.ConsoleKeyRevoked, kind='json', envelope=True, idempotency_key=False),
    'console_info': Operation('console_info', 'GET', '/api/dashboard/info', answer=models.ConsoleInfo, kind='json', envelope=True, idempotency_key=False),
    'link_session': Operation('link_session', 'POST', '/api/sandbox/link', answer=models.SandboxLinked, kind='json', envelope=True, idempotency_key=False),
    'drop_connection': Operation('drop_connection', 'POST', '/api/sandbox/sessions/{id}/drop', answer=models.SandboxSessionState, kind='json', envelope=True, idempotency_key=False),
    'logout_from_phone': Operation('logout_from_phone', 'POST', '/api/sandbox/sessions/{id}/logout', answer=models.SandboxSessionState, kind='json', envelope=True, idempotency_key=False),
    'contact_writes': Operation('contact_writes', 'POST', '/api/sandbox/messages', answer=models.SandboxDelivered, kind='json', envelope=True, idempotency_key=False),
    'contact_receipts': Operation('contact_receipts', 'POST', '/api/sandbox/receipts', answer=models.SandboxReceipts, kind='json', envelope=True, idempotency_key=False),
    'configure_network': Operation('configure_network', 'PUT', '/api/sandbox/network', answer=models.SandboxNetworkRead, kind='json', envelope=True, idempotency_key=False),
    'drop_every_connection': Operation('drop_every_connection', 'POST', '/api/sandbox/network/drop', answer=models.SandboxDropped, kind='json', envelope=True, idempotency_key=False),
    'put_simulated_contact': Operation('put_simulated_contact', 'POST', '/api/sandbox/contacts', answer=models.SimulatedContactRead, kind='json', envelope=True, idempotency_key=False),
    'post_simulated_status': Operation('post_simulated_status', 'POST', '/api/sandbox/statuses', answer=models.SimulatedStatusPosted, kind='json', envelope=True, idempotency_key=False),
    'view_status_as_contact': Operation('view_status_as_contact', 'POST', '/api/sandbox/statuses/{statusId}/views', answer=models.SimulatedStatusView, kind='json', envelope=True, idempotency_key=False),
    'contact_calls': Operation('contact_calls', 'POST', '/api/sandbox/calls', answer=models.SimulatedCallData, kind='json', envelope=True, idempotency_key=False),
    'call_status': Operation('call_status', 'GET', '/api/sandbox/sessions/{id}/calls/{callId}', answer=models.SimulatedCallData, kind='json', envelope=True, idempotency_key=False),
    'health': Operation('health', 'GET', '/health', answer=models.HealthRead, kind='json', envelope=True, idempotency_key=False),
}


class SyncOperations(SyncTransport):
    """Every operation, blocking; each returns the answer's ``data``."""

    def login(self, body: models.LoginRequest | Mapping[str, Any]) -> models.LoginResult:
        """``POST /api/auth/login``: Login"""
        answer = self._call(
            OPERATIONS['login'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.LoginResult', answer)

    def refresh_token(self, body: models.RefreshRequest | Mapping[str, Any]) -> models.TokenPair:
        """``POST /api/auth/refresh``: Refresh Token"""
        answer = self._call(
            OPERATIONS['refresh_token'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TokenPair', answer)

    def logout(
        self,
        body: models.LogoutRequest | Mapping[str, Any] | None = None,
    ) -> models.LoggedOut:
        """``POST /api/auth/logout``: Logout"""
        answer = self._call(
            OPERATIONS['logout'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.LoggedOut', answer)

    def me(self) -> models.UserData:
        """``GET /api/auth/me``: Me"""
        answer = self._call(
            OPERATIONS['me'],
            path={},
            query={},
            headers={},
        )
        return cast('models.UserData', answer)

    def list_organizations(self) -> models.OrganizationList:
        """``GET /api/organizations``: List Organizations"""
        answer = self._call(
            OPERATIONS['list_organizations'],
            path={},
            query={},
            headers={},
        )
        return cast('models.OrganizationList', answer)

    def create_organization(
        self,
        body: models.OrganizationCreate | Mapping[str, Any],
    ) -> models.OrganizationData:
        """``POST /api/organizations``: Create Organization"""
        answer = self._call(
            OPERATIONS['create_organization'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.OrganizationData', answer)

    def get_organization(self, organization_id: int) -> models.OrganizationData:
        """``GET /api/organizations/{organization_id}``: Get Organization"""
        answer = self._call(
            OPERATIONS['get_organization'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast('models.OrganizationData', answer)

    def update_organization(
        self,
        organization_id: int,
        body: models.OrganizationUpdate | Mapping[str, Any],
    ) -> models.OrganizationData:
        """``PUT /api/organizations/{organization_id}``: Update Organization"""
        answer = self._call(
            OPERATIONS['update_organization'],
            path={'organization_id': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.OrganizationData', answer)

    def delete_organization(self, organization_id: int) -> models.OrganizationDeleted:
        """``DELETE /api/organizations/{organization_id}``: Delete Organization"""
        answer = self._call(
            OPERATIONS['delete_organization'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast('models.OrganizationDeleted', answer)

    def list_members(self, organization_id: int) -> models.MemberList:
        """``GET /api/organizations/{organization_id}/members``: List Members"""
        answer = self._call(
            OPERATIONS['list_members'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast('models.MemberList', answer)

    def add_member(
        self,
        organization_id: int,
        body: models.MemberAdd | Mapping[str, Any],
    ) -> models.InvitationData:
        """``POST /api/organizations/{organization_id}/members``: Invite an email: the same
        answer whether or not it has an account, and nobody joins an organization without
        accepting (``POST /api/auth/invitations/accept``).
        """
        answer = self._call(
            OPERATIONS['add_member'],
            path={'organization_id': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.InvitationData', answer)

    def update_member(
        self,
        organization_id: int,
        user_id: int,
        body: models.MemberUpdate | Mapping[str, Any],
    ) -> models.MemberData:
        """``PUT /api/organizations/{organization_id}/members/{user_id}``: Update Member"""
        answer = self._call(
            OPERATIONS['update_member'],
            path={'organization_id': organization_id, 'user_id': user_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.MemberData', answer)

    def remove_member(self, organization_id: int, user_id: int) -> models.MemberRemoved:
        """``DELETE /api/organizations/{organization_id}/members/{user_id}``: Remove Member"""
        answer = self._call(
            OPERATIONS['remove_member'],
            path={'organization_id': organization_id, 'user_id': user_id},
            query={},
            headers={},
        )
        return cast('models.MemberRemoved', answer)

    def list_api_keys(self, organization_id: int) -> models.ApiKeyList:
        """``GET /api/organizations/{organization_id}/api-keys``: List Api Keys"""
        answer = self._call(
            OPERATIONS['list_api_keys'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast('models.ApiKeyList', answer)

    def create_api_key(
        self,
        organization_id: int,
        body: models.ApiKeyCreate | Mapping[str, Any],
    ) -> models.ApiKeyCreatedData:
        """``POST /api/organizations/{organization_id}/api-keys``: Create Api Key"""
        answer = self._call(
            OPERATIONS['create_api_key'],
            path={'organization_id': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ApiKeyCreatedData', answer)

    def revoke_api_key(self, organization_id: int, key_id: int) -> models.ApiKeyData:
        """``DELETE /api/organizations/{organization_id}/api-keys/{key_id}``: Revoke Api Key"""
        answer = self._call(
            OPERATIONS['revoke_api_key'],
            path={'organization_id': organization_id, 'key_id': key_id},
            query={},
            headers={},
        )
        return cast('models.ApiKeyData', answer)

    def list_invitations(self, organization_id: int) -> models.InvitationList:
        """``GET /api/organizations/{organization_id}/invitations``: List Invitations"""
        answer = self._call(
            OPERATIONS['list_invitations'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast('models.InvitationList', answer)

    def cancel_invitation(
        self,
        organization_id: int,
        invitation_id: int,
    ) -> models.InvitationCancelled:
        """``DELETE /api/organizations/{organization_id}/invitations/{invitation_id}``: Cancel
        Invitation
        """
        answer = self._call(
            OPERATIONS['cancel_invitation'],
            path={'organization_id': organization_id, 'invitation_id': invitation_id},
            query={},
            headers={},
        )
        return cast('models.InvitationCancelled', answer)

    def my_invitations(self) -> models.InvitationList:
        """``GET /api/auth/invitations``: Invitations addressed to the signed-in user's email."""
        answer = self._call(
            OPERATIONS['my_invitations'],
            path={},
            query={},
            headers={},
        )
        return cast('models.InvitationList', answer)

    def accept_mine(self, invitation_id: int) -> models.MembershipJoined:
        """``POST /api/auth/invitations/{invitation_id}/accept``: Accept Mine"""
        answer = self._call(
            OPERATIONS['accept_mine'],
            path={'invitation_id': invitation_id},
            query={},
            headers={},
        )
        return cast('models.MembershipJoined', answer)

    def accept_with_token(
        self,
        body: models.InvitationAccept | Mapping[str, Any],
    ) -> models.MembershipJoined:
        """``POST /api/auth/invitations/accept``: Signed in as the invited email: join. Without
        an account yet: choose a password.
        """
        answer = self._call(
            OPERATIONS['accept_with_token'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.MembershipJoined', answer)

    def create_session(
        self,
        body: models.SessionCreate | Mapping[str, Any],
        *,
        x_frappe_origin: str | None = None,
    ) -> models.SessionCreated:
        """``POST /api/sessions``: Create Session"""
        answer = self._call(
            OPERATIONS['create_session'],
            path={},
            query={},
            headers={'x-frappe-origin': x_frappe_origin},
            body=body,
        )
        return cast('models.SessionCreated', answer)

    def list_sessions(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        status: Literal['connected', 'disconnected', 'qr_code', 'connecting'] | None = None,
    ) -> models.SessionList:
        """``GET /api/sessions``: List Sessions"""
        answer = self._call(
            OPERATIONS['list_sessions'],
            path={},
            query={'page': page, 'limit': limit, 'status': status},
            headers={},
        )
        return cast('models.SessionList', answer)

    def get_session(self, id: str) -> models.SessionData:
        """``GET /api/sessions/{id}``: Get Session"""
        answer = self._call(
            OPERATIONS['get_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionData', answer)

    def update_session(
        self,
        id: str,
        body: models.SessionUpdate | Mapping[str, Any],
    ) -> models.SessionData:
        """``PUT /api/sessions/{id}``: Update Session"""
        answer = self._call(
            OPERATIONS['update_session'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SessionData', answer)

    def delete_session(self, id: str) -> models.SessionDeleted:
        """``DELETE /api/sessions/{id}``: Delete Session"""
        answer = self._call(
            OPERATIONS['delete_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionDeleted', answer)

    def get_session_status(self, id: str) -> models.SessionStatusRead:
        """``GET /api/sessions/{id}/status``: Get Session Status"""
        answer = self._call(
            OPERATIONS['get_session_status'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionStatusRead', answer)

    def get_session_qr(self, id: str) -> models.SessionQr:
        """``GET /api/sessions/{id}/qr``: Get Session Qr"""
        answer = self._call(
            OPERATIONS['get_session_qr'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionQr', answer)

    def connect_session(self, id: str) -> models.SessionStateChange:
        """``POST /api/sessions/{id}/connect``: Connect Session"""
        answer = self._call(
            OPERATIONS['connect_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionStateChange', answer)

    def disconnect_session(self, id: str) -> models.SessionStateChange:
        """``POST /api/sessions/{id}/disconnect``: Disconnect Session"""
        answer = self._call(
            OPERATIONS['disconnect_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionStateChange', answer)

    def restart_session(self, id: str) -> models.SessionStateChange:
        """``POST /api/sessions/{id}/restart``: Restart Session"""
        answer = self._call(
            OPERATIONS['restart_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionStateChange', answer)

    def logout_session(self, id: str) -> models.SessionStateChange:
        """``POST /api/sessions/{id}/logout``: Logout Session"""
        answer = self._call(
            OPERATIONS['logout_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionStateChange', answer)

    def request_pairing_code(
        self,
        id: str,
        body: models.PairingCodeRequest | Mapping[str, Any],
    ) -> models.PairingCodeRead:
        """``POST /api/sessions/{id}/pairing-code``: Request Pairing Code"""
        answer = self._call(
            OPERATIONS['request_pairing_code'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.PairingCodeRead', answer)

    def configure_frappe(
        self,
        id: str,
        body: models.FrappeConfigure | Mapping[str, Any],
    ) -> models.FrappeSetting:
        """``POST /api/sessions/{id}/frappe/configure``: Configure Frappe"""
        answer = self._call(
            OPERATIONS['configure_frappe'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.FrappeSetting', answer)

    def frappe_status(self, id: str) -> models.FrappeStatus:
        """``GET /api/sessions/{id}/frappe/status``: Frappe Status"""
        answer = self._call(
            OPERATIONS['frappe_status'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.FrappeStatus', answer)

    def update_profile(
        self,
        id: str,
        body: models.ProfileUpdate | Mapping[str, Any],
    ) -> models.ProfileRead:
        """``PUT /api/sessions/{id}/profile``: Update Profile"""
        answer = self._call(
            OPERATIONS['update_profile'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ProfileRead', answer)

    def cluster(self) -> models.ClusterRead:
        """``GET /api/cluster``: Nodes of the cluster and the sessions each drives"""
        answer = self._call(
            OPERATIONS['cluster'],
            path={},
            query={},
            headers={},
        )
        return cast('models.ClusterRead', answer)

    def rebalance(self) -> models.Rebalanced:
        """``POST /api/cluster/rebalance``: Even out the sessions over the live nodes now"""
        answer = self._call(
            OPERATIONS['rebalance'],
            path={},
            query={},
            headers={},
        )
        return cast('models.Rebalanced', answer)

    def drain(self, node_id: str) -> models.NodeDraining:
        """``POST /api/cluster/nodes/{node_id}/drain``: Move every session off a node"""
        answer = self._call(
            OPERATIONS['drain'],
            path={'node_id': node_id},
            query={},
            headers={},
        )
        return cast('models.NodeDraining', answer)

    def list_session_contacts(self, id: str) -> models.SessionContactList:
        """``GET /api/sessions/{id}/contacts``: List Session Contacts"""
        answer = self._call(
            OPERATIONS['list_session_contacts'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionContactList', answer)

    def send_message(
        self,
        session_id: str,
        body: models.SendMessageRequest | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> models.MessageSent | models.BulkSent:
        """``POST /api/messages/{sessionId}/send``: Send any message type to a number, a JID or
        a group; a list of up to 50 is a bulk send.
        """
        answer = self._call(
            OPERATIONS['send_message'],
            path={'sessionId': session_id},
            query={},
            headers={'Idempotency-Key': idempotency_key},
            body=body,
        )
        return cast('models.MessageSent | models.BulkSent', answer)

    def list_unread_messages(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
    ) -> models.UnreadList:
        """``GET /api/messages/unread``: Unread incoming messages of every session of the
        organization.
        """
        answer = self._call(
            OPERATIONS['list_unread_messages'],
            path={},
            query={'page': page, 'limit': limit},
            headers={},
        )
        return cast('models.UnreadList', answer)

    def list_messages(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        chat_id: str | None = None,
        type: str | None = None,
        from_me: bool | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> models.MessageList:
        """``GET /api/messages/{sessionId}``: List Messages"""
        answer = self._call(
            OPERATIONS['list_messages'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'chatId': chat_id, 'type': type, 'fromMe': from_me, 'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast('models.MessageList', answer)

    def list_chats(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
    ) -> models.ChatList:
        """``GET /api/messages/{sessionId}/chats``: List Chats"""
        answer = self._call(
            OPERATIONS['list_chats'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit},
            headers={},
        )
        return cast('models.ChatList', answer)

    def message_stats(
        self,
        session_id: str,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> models.MessageStats:
        """``GET /api/messages/{sessionId}/stats``: Sent and received messages by type, status
        and day (default: the last 7 days).
        """
        answer = self._call(
            OPERATIONS['message_stats'],
            path={'sessionId': session_id},
            query={'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast('models.MessageStats', answer)

    def get_message(self, session_id: str, message_id: str) -> models.MessageData:
        """``GET /api/messages/{sessionId}/messages/{messageId}``: Get Message"""
        answer = self._call(
            OPERATIONS['get_message'],
            path={'messageId': message_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.MessageData', answer)

    def edit_message(
        self,
        session_id: str,
        message_id: str,
        body: models.EditMessageRequest | Mapping[str, Any],
    ) -> models.MessageData:
        """``PUT /api/messages/{sessionId}/messages/{messageId}``: Edit the text (or caption) of
        a message this session sent.
        """
        answer = self._call(
            OPERATIONS['edit_message'],
            path={'messageId': message_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.MessageData', answer)

    def delete_message(self, session_id: str, message_id: str) -> models.MessageData:
        """``DELETE /api/messages/{sessionId}/messages/{messageId}``: Delete a sent message for
        everyone (a queued one is cancelled instead).
        """
        answer = self._call(
            OPERATIONS['delete_message'],
            path={'messageId': message_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.MessageData', answer)

    def send_presence(
        self,
        session_id: str,
        body: models.PresenceRequest | Mapping[str, Any],
    ) -> models.PresenceSent:
        """``POST /api/messages/{sessionId}/presence``: Online or offline for everyone; typing
        (`composing`), `recording` or `paused` in a chat.
        """
        answer = self._call(
            OPERATIONS['send_presence'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.PresenceSent', answer)

    def mark_chat_read(self, session_id: str, chat_id: str) -> models.ChatMarkedRead:
        """``PUT /api/messages/{sessionId}/{chatId}/read``: Mark every message of the chat read;
        read receipts go to the senders.
        """
        answer = self._call(
            OPERATIONS['mark_chat_read'],
            path={'chatId': chat_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ChatMarkedRead', answer)

    def chat_history(
        self,
        session_id: str,
        chat_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> models.ChatHistory:
        """``GET /api/messages/{sessionId}/{chatId}``: Chat History"""
        answer = self._call(
            OPERATIONS['chat_history'],
            path={'chatId': chat_id, 'sessionId': session_id},
            query={'page': page, 'limit': limit, 'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast('models.ChatHistory', answer)

    def list_media(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        type: Literal['image', 'video', 'audio', 'document', 'sticker'] | None = None,
    ) -> models.MediaFileList:
        """``GET /api/media/sessions/{sessionId}``: List Media"""
        answer = self._call(
            OPERATIONS['list_media'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'type': type},
            headers={},
        )
        return cast('models.MediaFileList', answer)

    def upload_media(
        self,
        session_id: str,
        file: FileContent,
        *,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> models.MediaUploaded:
        """``POST /api/media/sessions/{sessionId}/upload``: Upload a file (multipart field
        ``file``, 50 MB at most) to send later with ``mediaId``.
        """
        answer = self._call(
            OPERATIONS['upload_media'],
            path={'sessionId': session_id},
            query={},
            headers={},
            file=(file, filename, content_type),
        )
        return cast('models.MediaUploaded', answer)

    def get_media(self, media_file_id: str) -> models.MediaFileData:
        """``GET /api/media/{mediaFileId}``: Get Media"""
        answer = self._call(
            OPERATIONS['get_media'],
            path={'mediaFileId': media_file_id},
            query={},
            headers={},
        )
        return cast('models.MediaFileData', answer)

    def delete_media(self, media_file_id: str) -> models.MediaDeleted:
        """``DELETE /api/media/{mediaFileId}``: Delete Media"""
        answer = self._call(
            OPERATIONS['delete_media'],
            path={'mediaFileId': media_file_id},
            query={},
            headers={},
        )
        return cast('models.MediaDeleted', answer)

    def download_media(
        self,
        media_file_id: str,
        *,
        expires: int | None = None,
        signature: str | None = None,
    ) -> bytes:
        """``GET /api/media/{mediaFileId}/download``: Stream the file. With ``expires`` and
        ``signature`` (a link from a webhook) no API key.
        """
        answer = self._call(
            OPERATIONS['download_media'],
            path={'mediaFileId': media_file_id},
            query={'expires': expires, 'signature': signature},
            headers={},
        )
        return cast(bytes, answer)

    def list_contacts(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        search: str | None = None,
    ) -> models.ContactList:
        """``GET /api/contacts/{sessionId}``: The session's contacts (people and groups it
        knows), by name.
        """
        answer = self._call(
            OPERATIONS['list_contacts'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'search': search},
            headers={},
        )
        return cast('models.ContactList', answer)

    def search_contact(self, session_id: str, phone_number: str) -> models.ContactFound:
        """``GET /api/contacts/{sessionId}/search/{phoneNumber}``: A contact by number. A number
        not known yet is looked up on WhatsApp (the session must be connected); one that is not
        on WhatsApp answers 404 ``NOT_ON_WHATSAPP``.
        """
        answer = self._call(
            OPERATIONS['search_contact'],
            path={'phoneNumber': phone_number, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ContactFound', answer)

    def get_contact_info(self, session_id: str, contact_id: str) -> models.ContactInfoData:
        """``GET /api/contacts/{sessionId}/info/{contactId}``: Name, verified name, picture,
        about and business profile of a contact (JID, lid or number), refreshed from WhatsApp
        while the session is connected.
        """
        answer = self._call(
            OPERATIONS['get_contact_info'],
            path={'contactId': contact_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ContactInfoData', answer)

    def block_contact(self, session_id: str, contact_id: str) -> models.BlockChange:
        """``POST /api/contacts/{sessionId}/{contactId}/block``: Block a person (number or JID):
        they can no longer call or write to this number.
        """
        answer = self._call(
            OPERATIONS['block_contact'],
            path={'contactId': contact_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.BlockChange', answer)

    def unblock_contact(self, session_id: str, contact_id: str) -> models.BlockChange:
        """``POST /api/contacts/{sessionId}/{contactId}/unblock``: Unblock Contact"""
        answer = self._call(
            OPERATIONS['unblock_contact'],
            path={'contactId': contact_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.BlockChange', answer)

    def get_contact_stats(self, session_id: str) -> models.ContactStatsData:
        """``GET /api/contacts/{sessionId}/stats``: Get Contact Stats"""
        answer = self._call(
            OPERATIONS['get_contact_stats'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ContactStatsData', answer)

    def update_contact(
        self,
        contact_id: str,
        body: models.ContactUpdate | Mapping[str, Any],
        *,
        session_id: str | None = None,
    ) -> models.ContactInfoData:
        """``PUT /api/contacts/{contactId}``: Set the CRM's fields of a contact: ``name``,
        ``tags``, ``notes``, ``assignedToUserId``. ``{contactId}`` is the numeric ``contactId``
        from the contact listings. A JID (``34600000000@s.whatsapp.net``) or ``@lid`` id is
        accepted too when exactly one session of the organization knows it; otherwise add
        ``?sessionId=`` (409 ``AMBIGUOUS_CONTACT``).
        """
        answer = self._call(
            OPERATIONS['update_contact'],
            path={'contactId': contact_id},
            query={'sessionId': session_id},
            headers={},
            body=body,
        )
        return cast('models.ContactInfoData', answer)

    def list_groups(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        search: str | None = None,
    ) -> models.GroupList:
        """``GET /api/groups/sessions/{sessionId}``: The groups the session is in (participants
        are in the group details).
        """
        answer = self._call(
            OPERATIONS['list_groups'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'search': search},
            headers={},
        )
        return cast('models.GroupList', answer)

    def create_group(
        self,
        session_id: str,
        body: models.GroupCreate | Mapping[str, Any],
    ) -> models.GroupCreated:
        """``POST /api/groups/sessions/{sessionId}``: Create a group; participants WhatsApp
        refused are listed in ``failed``.
        """
        answer = self._call(
            OPERATIONS['create_group'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.GroupCreated', answer)

    def join_group_with_code(
        self,
        body: models.JoinWithCode | Mapping[str, Any],
    ) -> models.GroupJoined:
        """``POST /api/groups/join-with-code``: Join a group with its invite code (or its whole
        ``chat.whatsapp.com`` link).
        """
        answer = self._call(
            OPERATIONS['join_group_with_code'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.GroupJoined', answer)

    def get_group(self, session_id: str, group_id: str) -> models.GroupDetail:
        """``GET /api/groups/sessions/{sessionId}/groups/{groupId}``: Subject, description,
        settings, participants and admins.
        """
        answer = self._call(
            OPERATIONS['get_group'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.GroupDetail', answer)

    def update_group(
        self,
        session_id: str,
        group_id: str,
        body: models.GroupUpdate | Mapping[str, Any],
    ) -> models.GroupData:
        """``PUT /api/groups/sessions/{sessionId}/groups/{groupId}``: Change the subject, the
        description (``""`` clears it) and the settings.
        """
        answer = self._call(
            OPERATIONS['update_group'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.GroupData', answer)

    def update_group_settings(
        self,
        session_id: str,
        group_id: str,
        body: models.GroupSettings | Mapping[str, Any],
    ) -> models.GroupData:
        """``PUT /api/groups/sessions/{sessionId}/groups/{groupId}/settings``: ``announce``:
        only admins send messages; ``locked``: only admins edit the group's info.
        """
        answer = self._call(
            OPERATIONS['update_group_settings'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.GroupData', answer)

    def add_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any],
    ) -> models.ParticipantsChanged:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/participants``: Add
        Participants
        """
        answer = self._call(
            OPERATIONS['add_participants'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ParticipantsChanged', answer)

    def remove_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any] | None = None,
        *,
        participant_id: str | None = None,
    ) -> models.ParticipantsChanged:
        """``DELETE /api/groups/sessions/{sessionId}/groups/{groupId}/participants``: Remove
        Participants
        """
        answer = self._call(
            OPERATIONS['remove_participants'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={'participantId': participant_id},
            headers={},
            body=body,
        )
        return cast('models.ParticipantsChanged', answer)

    def promote_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any],
    ) -> models.ParticipantsChanged:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/promote``: Promote
        Participants
        """
        answer = self._call(
            OPERATIONS['promote_participants'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ParticipantsChanged', answer)

    def demote_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any],
    ) -> models.ParticipantsChanged:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/demote``: Demote
        Participants
        """
        answer = self._call(
            OPERATIONS['demote_participants'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ParticipantsChanged', answer)

    def get_invite_code(self, session_id: str, group_id: str) -> models.InviteCodeRead:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/invite-code``: The group's
        invite code and link (admins only); the same code until it is revoked.
        """
        answer = self._call(
            OPERATIONS['get_invite_code'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.InviteCodeRead', answer)

    def revoke_invite_code(self, session_id: str, group_id: str) -> models.InviteCodeRead:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/invite-code/revoke``:
        Invalidate the current invite code; returns the new one.
        """
        answer = self._call(
            OPERATIONS['revoke_invite_code'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.InviteCodeRead', answer)

    def leave_group(self, session_id: str, group_id: str) -> models.GroupLeft:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/leave``: Leave Group"""
        answer = self._call(
            OPERATIONS['leave_group'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.GroupLeft', answer)

    def list_statuses(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        from_me: bool | None = None,
    ) -> models.StatusList:
        """``GET /api/status/sessions/{sessionId}``: The session's own statuses and its
        contacts', newest first, expired ones included.
        """
        answer = self._call(
            OPERATIONS['list_statuses'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'fromMe': from_me},
            headers={},
        )
        return cast('models.StatusList', answer)

    def post_status(
        self,
        session_id: str,
        body: models.StatusCreate | Mapping[str, Any],
    ) -> models.StatusData:
        """``POST /api/status/sessions/{sessionId}``: Post a text, image or video status; the
        session's contacts see it for 24 hours.
        """
        answer = self._call(
            OPERATIONS['post_status'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.StatusData', answer)

    def list_active_statuses(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        from_me: bool | None = None,
    ) -> models.StatusList:
        """``GET /api/status/sessions/{sessionId}/active``: Statuses still shown on WhatsApp
        (posted in the last 24 hours).
        """
        answer = self._call(
            OPERATIONS['list_active_statuses'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'fromMe': from_me},
            headers={},
        )
        return cast('models.StatusList', answer)

    def download_status_media(self, session_id: str, status_id: str) -> bytes:
        """``GET /api/status/sessions/{sessionId}/statuses/{statusId}/media``: The image or
        video of a status, while it is active.
        """
        answer = self._call(
            OPERATIONS['download_status_media'],
            path={'statusId': status_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(bytes, answer)

    def view_status(self, session_id: str, status_id: str) -> models.StatusData:
        """``POST /api/status/sessions/{sessionId}/statuses/{statusId}/view``: Mark a contact's
        status as seen (the contact sees the session among its viewers).
        """
        answer = self._call(
            OPERATIONS['view_status'],
            path={'statusId': status_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.StatusData', answer)

    def react_to_status(
        self,
        session_id: str,
        status_id: str,
        body: models.ReactionCreate | Mapping[str, Any],
    ) -> models.StatusData:
        """``POST /api/status/sessions/{sessionId}/statuses/{statusId}/reactions``: React To
        Status
        """
        answer = self._call(
            OPERATIONS['react_to_status'],
            path={'statusId': status_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.StatusData', answer)

    def remove_status_reaction(self, session_id: str, status_id: str) -> models.StatusData:
        """``DELETE /api/status/sessions/{sessionId}/statuses/{statusId}/reactions``: Remove
        Status Reaction
        """
        answer = self._call(
            OPERATIONS['remove_status_reaction'],
            path={'statusId': status_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.StatusData', answer)

    def create_template(
        self,
        organization_id: int,
        body: models.TemplateCreate | Mapping[str, Any],
    ) -> models.TemplateData:
        """``POST /api/templates/organizations/{organizationId}``: Create Template"""
        answer = self._call(
            OPERATIONS['create_template'],
            path={'organizationId': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TemplateData', answer)

    def list_templates(
        self,
        organization_id: int,
        *,
        page: int | None = None,
        limit: int | None = None,
        category: str | None = None,
        is_active: bool | None = None,
        search: str | None = None,
    ) -> models.TemplateList:
        """``GET /api/templates/organizations/{organizationId}``: List Templates"""
        answer = self._call(
            OPERATIONS['list_templates'],
            path={'organizationId': organization_id},
            query={'page': page, 'limit': limit, 'category': category, 'isActive': is_active, 'search': search},
            headers={},
        )
        return cast('models.TemplateList', answer)

    def get_organization_template(
        self,
        organization_id: int,
        template_id: int,
    ) -> models.TemplateData:
        """``GET /api/templates/organizations/{organizationId}/{templateId}``: Get Organization
        Template
        """
        answer = self._call(
            OPERATIONS['get_organization_template'],
            path={'organizationId': organization_id, 'templateId': template_id},
            query={},
            headers={},
        )
        return cast('models.TemplateData', answer)

    def update_template(
        self,
        organization_id: int,
        template_id: int,
        body: models.TemplateUpdate | Mapping[str, Any],
    ) -> models.TemplateData:
        """``PUT /api/templates/organizations/{organizationId}/{templateId}``: Change any field;
        a new ``body`` without ``variables`` declares the ones it uses.
        """
        answer = self._call(
            OPERATIONS['update_template'],
            path={'organizationId': organization_id, 'templateId': template_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TemplateData', answer)

    def delete_template(self, organization_id: int, template_id: int) -> models.TemplateDeleted:
        """``DELETE /api/templates/organizations/{organizationId}/{templateId}``: Delete
        Template
        """
        answer = self._call(
            OPERATIONS['delete_template'],
            path={'organizationId': organization_id, 'templateId': template_id},
            query={},
            headers={},
        )
        return cast('models.TemplateDeleted', answer)

    def get_template(self, template_id: int) -> models.TemplateData:
        """``GET /api/templates/{templateId}``: Get Template"""
        answer = self._call(
            OPERATIONS['get_template'],
            path={'templateId': template_id},
            query={},
            headers={},
        )
        return cast('models.TemplateData', answer)

    def preview_template(
        self,
        template_id: int,
        body: models.TemplatePreview | Mapping[str, Any],
    ) -> models.TemplateRendered:
        """``POST /api/templates/{templateId}/preview``: The text the template renders to with
        these variables, without sending anything.
        """
        answer = self._call(
            OPERATIONS['preview_template'],
            path={'templateId': template_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TemplateRendered', answer)

    def use_template(
        self,
        template_id: int,
        body: models.TemplateUse | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> models.TemplateSent | models.TemplateBulkSent:
        """``POST /api/templates/{templateId}/use``: Send the rendered template from
        ``sessionId`` to ``to``: one recipient, or up to 50 (each may be ``{to, variables}``
        with its own values over the common ``variables``). Nothing is sent unless every message
        renders; sends are paced and idempotent like ``POST /api/messages/{sessionId}/send``.
        """
        answer = self._call(
            OPERATIONS['use_template'],
            path={'templateId': template_id},
            query={},
            headers={'Idempotency-Key': idempotency_key},
            body=body,
        )
        return cast('models.TemplateSent | models.TemplateBulkSent', answer)

    def sync_meta_templates(self, session_id: str) -> models.MetaTemplateSync:
        """``POST /api/templates/meta/{sessionId}/sync``: Read every template of the business
        account (``engineOptions.wabaId``) from Meta and keep them; sends by name are checked
        against them from now on.
        """
        answer = self._call(
            OPERATIONS['sync_meta_templates'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.MetaTemplateSync', answer)

    def list_meta_templates(
        self,
        session_id: str,
        *,
        status: str | None = None,
    ) -> models.MetaTemplateList:
        """``GET /api/templates/meta/{sessionId}``: The templates as of the last sync, with
        Meta's status and components.
        """
        answer = self._call(
            OPERATIONS['list_meta_templates'],
            path={'sessionId': session_id},
            query={'status': status},
            headers={},
        )
        return cast('models.MetaTemplateList', answer)

    def get_meta_template(self, session_id: str, name: str) -> models.MetaTemplateLanguages:
        """``GET /api/templates/meta/{sessionId}/{name}``: One template by name, in each of its
        languages.
        """
        answer = self._call(
            OPERATIONS['get_meta_template'],
            path={'name': name, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.MetaTemplateLanguages', answer)

    def create_webhook(
        self,
        organization_id: int,
        body: models.WebhookCreate | Mapping[str, Any],
    ) -> models.WebhookRead:
        """``POST /api/webhooks/organizations/{organizationId}``: Create Webhook"""
        answer = self._call(
            OPERATIONS['create_webhook'],
            path={'organizationId': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.WebhookRead', answer)

    def list_webhooks(self, organization_id: int) -> models.WebhookList:
        """``GET /api/webhooks/organizations/{organizationId}``: List Webhooks"""
        answer = self._call(
            OPERATIONS['list_webhooks'],
            path={'organizationId': organization_id},
            query={},
            headers={},
        )
        return cast('models.WebhookList', answer)

    def get_webhook(self, organization_id: int, webhook_id: int) -> models.WebhookRead:
        """``GET /api/webhooks/organizations/{organizationId}/{webhookId}``: Get Webhook"""
        answer = self._call(
            OPERATIONS['get_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast('models.WebhookRead', answer)

    def update_webhook(
        self,
        organization_id: int,
        webhook_id: int,
        body: models.WebhookUpdate | Mapping[str, Any],
    ) -> models.WebhookRead:
        """``PUT /api/webhooks/organizations/{organizationId}/{webhookId}``: Update Webhook"""
        answer = self._call(
            OPERATIONS['update_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.WebhookRead', answer)

    def delete_webhook(self, organization_id: int, webhook_id: int) -> models.WebhookDeleted:
        """``DELETE /api/webhooks/organizations/{organizationId}/{webhookId}``: Delete Webhook"""
        answer = self._call(
            OPERATIONS['delete_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast('models.WebhookDeleted', answer)

    def test_webhook(self, organization_id: int, webhook_id: int) -> models.WebhookTestResult:
        """``POST /api/webhooks/organizations/{organizationId}/{webhookId}/test``: POST a signed
        ``webhook.test`` event now and answer with what the receiver said.
        """
        answer = self._call(
            OPERATIONS['test_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast('models.WebhookTestResult', answer)

    def list_subscriptions(self) -> models.SubscriptionList:
        """``GET /api/webhooks/subscriptions``: Every subscriber of the caller's organization,
        with its health.
        """
        answer = self._call(
            OPERATIONS['list_subscriptions'],
            path={},
            query={},
            headers={},
        )
        return cast('models.SubscriptionList', answer)

    def enable_subscription(self, webhook_id: int) -> models.WebhookRead:
        """``POST /api/webhooks/subscriptions/{webhookId}/enable``: Turn a disabled subscriber
        back on; what it missed can be replayed.
        """
        answer = self._call(
            OPERATIONS['enable_subscription'],
            path={'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast('models.WebhookRead', answer)

    def remove_subscription(self, webhook_id: int) -> models.SubscriberRemoved:
        """``DELETE /api/webhooks/subscriptions/{webhookId}``: Remove a subscriber of any kind:
        an organization webhook is deleted; a session's webhook (or its Frappe forwarding) is
        switched off on the session. Pending deliveries are cancelled.
        """
        answer = self._call(
            OPERATIONS['remove_subscription'],
            path={'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast('models.SubscriberRemoved', answer)

    def test_subscription(self, webhook_id: int) -> models.WebhookTestResult:
        """``POST /api/webhooks/subscriptions/{webhookId}/test``: Test Subscription"""
        answer = self._call(
            OPERATIONS['test_subscription'],
            path={'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast('models.WebhookTestResult', answer)

    def test_session_webhook(self, session_id: str) -> models.WebhookTestResult:
        """``POST /api/webhooks/sessions/{sessionId}/test``: Test a session's ``webhookUrl``
        (signed with its ``webhookSecret``).
        """
        answer = self._call(
            OPERATIONS['test_session_webhook'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.WebhookTestResult', answer)

    def remove_session_webhook(self, session_id: str) -> models.SessionWebhookRemoved:
        """``DELETE /api/webhooks/sessions/{sessionId}``: Remove a session's own webhook: its
        URL, secret and events are cleared and what was still waiting for it is cancelled; its
        delivery log stays.
        """
        answer = self._call(
            OPERATIONS['remove_session_webhook'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.SessionWebhookRemoved', answer)

    def list_deliveries(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        subscription_id: int | None = None,
        session_id: str | None = None,
        status: Literal['pending', 'succeeded', 'failed', 'replayed', 'cancelled'] | None = None,
        event: str | None = None,
        since: str | None = None,
    ) -> models.WebhookDeliveryList:
        """``GET /api/webhooks/deliveries``: The delivery log, newest first: status, attempts,
        last answer, duration, times.
        """
        answer = self._call(
            OPERATIONS['list_deliveries'],
            path={},
            query={'page': page, 'limit': limit, 'subscriptionId': subscription_id, 'sessionId': session_id, 'status': status, 'event': event, 'since': since},
            headers={},
        )
        return cast('models.WebhookDeliveryList', answer)

    def list_dead_letters(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        subscription_id: int | None = None,
    ) -> models.WebhookDeliveryList:
        """``GET /api/webhooks/dead-letters``: Deliveries that failed every attempt; redeliver
        them one by one or replay them all.
        """
        answer = self._call(
            OPERATIONS['list_dead_letters'],
            path={},
            query={'page': page, 'limit': limit, 'subscriptionId': subscription_id},
            headers={},
        )
        return cast('models.WebhookDeliveryList', answer)

    def get_delivery(self, delivery_id: int) -> models.WebhookDeliveryDetail:
        """``GET /api/webhooks/deliveries/{deliveryId}``: Get Delivery"""
        answer = self._call(
            OPERATIONS['get_delivery'],
            path={'deliveryId': delivery_id},
            query={},
            headers={},
        )
        return cast('models.WebhookDeliveryDetail', answer)

    def redeliver(self, delivery_id: int) -> models.WebhookDeliveryDetail:
        """``POST /api/webhooks/deliveries/{deliveryId}/redeliver``: Send the delivery's event
        again (same event id) as a new delivery.
        """
        answer = self._call(
            OPERATIONS['redeliver'],
            path={'deliveryId': delivery_id},
            query={},
            headers={},
        )
        return cast('models.WebhookDeliveryDetail', answer)

    def replay(self, body: models.ReplayRequest | Mapping[str, Any]) -> models.ReplayResult:
        """``POST /api/webhooks/replay``: Queue again everything since ``since`` (or only the
        dead letters) for its subscribers.
        """
        answer = self._call(
            OPERATIONS['replay'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ReplayResult', answer)

    def create_stream_ticket(self) -> models.EventTicket:
        """``POST /api/events/tickets``: A one-minute ticket for ``GET
        /api/events/stream?ticket=…`` (EventSource sends no headers; an API key never goes in a
        URL).
        """
        answer = self._call(
            OPERATIONS['create_stream_ticket'],
            path={},
            query={},
            headers={},
        )
        return cast('models.EventTicket', answer)

    def get_inspector(self) -> models.InspectorRead:
        """``GET /api/webhooks/inspector``: The organization's capture URL (created on first
        use): use it as a webhook URL.
        """
        answer = self._call(
            OPERATIONS['get_inspector'],
            path={},
            query={},
            headers={},
        )
        return cast('models.InspectorRead', answer)

    def rotate_inspector(self) -> models.InspectorRead:
        """``POST /api/webhooks/inspector/rotate``: A new capture URL; the old one stops
        capturing at once. Subscribers that used it must be pointed at the new one.
        """
        answer = self._call(
            OPERATIONS['rotate_inspector'],
            path={},
            query={},
            headers={},
        )
        return cast('models.InspectorRead', answer)

    def list_captures(
        self,
        *,
        limit: int | None = None,
        event: str | None = None,
        session_id: str | None = None,
        after: int | None = None,
        wait: float | None = None,
    ) -> models.CaptureList:
        """``GET /api/webhooks/inspector/captures``: What the capture URL received, newest
        first: headers, body and the signature check.
        """
        answer = self._call(
            OPERATIONS['list_captures'],
            path={},
            query={'limit': limit, 'event': event, 'sessionId': session_id, 'after': after, 'wait': wait},
            headers={},
        )
        return cast('models.CaptureList', answer)

    def clear_captures(self) -> models.CapturesDeleted:
        """``DELETE /api/webhooks/inspector/captures``: Clear Captures"""
        answer = self._call(
            OPERATIONS['clear_captures'],
            path={},
            query={},
            headers={},
        )
        return cast('models.CapturesDeleted', answer)

    def get_capture(self, capture_id: int) -> models.CaptureData:
        """``GET /api/webhooks/inspector/captures/{captureId}``: Get Capture"""
        answer = self._call(
            OPERATIONS['get_capture'],
            path={'captureId': capture_id},
            query={},
            headers={},
        )
        return cast('models.CaptureData', answer)

    def list_sinks(self) -> models.SinkList:
        """``GET /api/webhooks/sinks``: List Sinks"""
        answer = self._call(
            OPERATIONS['list_sinks'],
            path={},
            query={},
            headers={},
        )
        return cast('models.SinkList', answer)

    def create_sink(self, body: models.SinkCreate | Mapping[str, Any]) -> models.SinkRead:
        """``POST /api/webhooks/sinks``: Create Sink"""
        answer = self._call(
            OPERATIONS['create_sink'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SinkRead', answer)

    def get_sink(self, sink_id: int) -> models.SinkRead:
        """``GET /api/webhooks/sinks/{sinkId}``: Get Sink"""
        answer = self._call(
            OPERATIONS['get_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
        )
        return cast('models.SinkRead', answer)

    def update_sink(
        self,
        sink_id: int,
        body: models.SinkUpdate | Mapping[str, Any],
    ) -> models.SinkRead:
        """``PUT /api/webhooks/sinks/{sinkId}``: Update Sink"""
        answer = self._call(
            OPERATIONS['update_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SinkRead', answer)

    def delete_sink(self, sink_id: int) -> models.SinkDeleted:
        """``DELETE /api/webhooks/sinks/{sinkId}``: Delete Sink"""
        answer = self._call(
            OPERATIONS['delete_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
        )
        return cast('models.SinkDeleted', answer)

    def test_sink(self, sink_id: int) -> models.SinkTestResult:
        """``POST /api/webhooks/sinks/{sinkId}/test``: Publish a signed ``webhook.test`` event
        now and answer with what the broker said.
        """
        answer = self._call(
            OPERATIONS['test_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
        )
        return cast('models.SinkTestResult', answer)

    def get_settings(self) -> models.HandoverSettingsRead:
        """``GET /api/handover/settings``: Get Settings"""
        answer = self._call(
            OPERATIONS['get_settings'],
            path={},
            query={},
            headers={},
        )
        return cast('models.HandoverSettingsRead', answer)

    def update_settings(
        self,
        body: models.HandoverSettingsUpdate | Mapping[str, Any],
    ) -> models.HandoverSettingsRead:
        """``PUT /api/handover/settings``: Update Settings"""
        answer = self._call(
            OPERATIONS['update_settings'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.HandoverSettingsRead', answer)

    def get_bot(self, session_id: str) -> models.BotRead:
        """``GET /api/handover/sessions/{sessionId}/bot``: Get Bot"""
        answer = self._call(
            OPERATIONS['get_bot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.BotRead', answer)

    def configure_bot(
        self,
        session_id: str,
        body: models.BotConfig | Mapping[str, Any],
    ) -> models.BotRead:
        """``PUT /api/handover/sessions/{sessionId}/bot``: Configure Bot"""
        answer = self._call(
            OPERATIONS['configure_bot'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.BotRead', answer)

    def delete_bot(self, session_id: str) -> models.BotRead:
        """``DELETE /api/handover/sessions/{sessionId}/bot``: Delete Bot"""
        answer = self._call(
            OPERATIONS['delete_bot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.BotRead', answer)

    def open_ticket(
        self,
        session_id: str,
        body: models.TicketOpen | Mapping[str, Any],
    ) -> models.TicketRead:
        """``POST /api/handover/sessions/{sessionId}/tickets``: Ask the CRM for an agent for a
        chat, as the bot does when a customer asks for one.
        """
        answer = self._call(
            OPERATIONS['open_ticket'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TicketRead', answer)

    def chat_owner(self, session_id: str, phone_number: str) -> models.ChatOwnerRead:
        """``GET /api/handover/sessions/{sessionId}/chats/{phoneNumber}``: Who answers this chat
        now: ``bot``, ``pending`` (waiting for an agent) or ``human``.
        """
        answer = self._call(
            OPERATIONS['chat_owner'],
            path={'phoneNumber': phone_number, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ChatOwnerRead', answer)

    def list_tickets(
        self,
        *,
        status: Literal['pending', 'active', 'closed'] | None = None,
        session_id: str | None = None,
        category: str | None = None,
        page: int | None = None,
        limit: int | None = None,
    ) -> models.TicketList:
        """``GET /api/handover/tickets``: List Tickets"""
        answer = self._call(
            OPERATIONS['list_tickets'],
            path={},
            query={'status': status, 'sessionId': session_id, 'category': category, 'page': page, 'limit': limit},
            headers={},
        )
        return cast('models.TicketList', answer)

    def get_ticket(self, ticket_id: str) -> models.TicketDetail:
        """``GET /api/handover/tickets/{ticketId}``: Get Ticket"""
        answer = self._call(
            OPERATIONS['get_ticket'],
            path={'ticketId': ticket_id},
            query={},
            headers={},
        )
        return cast('models.TicketDetail', answer)

    def assign_ticket(
        self,
        ticket_id: str,
        body: models.TicketAssign | Mapping[str, Any],
    ) -> models.TicketChange:
        """``POST /api/handover/tickets/{ticketId}/assign``: An agent takes the chat: the bot
        goes quiet and the customer is told who answers.
        """
        answer = self._call(
            OPERATIONS['assign_ticket'],
            path={'ticketId': ticket_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TicketChange', answer)

    def close_ticket(
        self,
        ticket_id: str,
        body: models.TicketClose | Mapping[str, Any] | None = None,
    ) -> models.TicketChange:
        """``POST /api/handover/tickets/{ticketId}/close``: The chat goes back to the bot, which
        shows its menu.
        """
        answer = self._call(
            OPERATIONS['close_ticket'],
            path={'ticketId': ticket_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TicketChange', answer)

    def get_metrics(
        self,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> models.HandoverMetrics:
        """``GET /api/handover/metrics``: Get Metrics"""
        answer = self._call(
            OPERATIONS['get_metrics'],
            path={},
            query={'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast('models.HandoverMetrics', answer)

    def handover(self, body: models.CrmHandover | Mapping[str, Any]) -> models.CrmHandoverAnswer:
        """``POST /api/crm/handover``: ``bot_to_human``: the agent takes the chat.
        ``human_to_bot``: the bot takes it back.
        """
        answer = self._call(
            OPERATIONS['handover'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.CrmHandoverAnswer', answer)

    def crm_send_message(
        self,
        body: models.CrmSendMessage | Mapping[str, Any],
    ) -> models.CrmMessageAnswer:
        """``POST /api/crm/send-message``: Relay a message of the ticket's assigned agent to the
        customer.
        """
        answer = self._call(
            OPERATIONS['crm_send_message'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.CrmMessageAnswer', answer)

    def handover_status(self, ticket_id: str) -> models.CrmStatusAnswer:
        """``GET /api/crm/handover-status/{ticketId}``: Handover Status"""
        answer = self._call(
            OPERATIONS['handover_status'],
            path={'ticketId': ticket_id},
            query={},
            headers={},
        )
        return cast('models.CrmStatusAnswer', answer)

    def handover_metrics(
        self,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> models.HandoverMetrics:
        """``GET /api/crm/metrics``: Handover Metrics"""
        answer = self._call(
            OPERATIONS['handover_metrics'],
            path={},
            query={'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast('models.HandoverMetrics', answer)

    def put_chatwoot(
        self,
        session_id: str,
        body: models.ChatwootBridgeRequest | Mapping[str, Any],
    ) -> models.ChatwootData:
        """``PUT /api/sessions/{sessionId}/chatwoot``: Link the session to a Chatwoot inbox (an
        API channel one, created when `inboxName` is given), or change the link. The inbox's
        webhook is pointed at the gateway.
        """
        answer = self._call(
            OPERATIONS['put_chatwoot'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ChatwootData', answer)

    def get_chatwoot(self, session_id: str) -> models.ChatwootData:
        """``GET /api/sessions/{sessionId}/chatwoot``: Get Chatwoot"""
        answer = self._call(
            OPERATIONS['get_chatwoot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ChatwootData', answer)

    def delete_chatwoot(self, session_id: str) -> models.ChatwootDeleted:
        """``DELETE /api/sessions/{sessionId}/chatwoot``: Unlink the session; Chatwoot keeps its
        inbox and conversations.
        """
        answer = self._call(
            OPERATIONS['delete_chatwoot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ChatwootDeleted', answer)

    def create_console_key(
        self,
        body: models.ConsoleKeyRequest | Mapping[str, Any] | None = None,
    ) -> models.ConsoleKeyCreated:
        """``POST /api/auth/console-key``: An API key for the console of a user signed in with
        email and password.
        """
        answer = self._call(
            OPERATIONS['create_console_key'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ConsoleKeyCreated', answer)

    def revoke_console_key(self, key_id: int) -> models.ConsoleKeyRevoked:
        """``DELETE /api/auth/console-key/{key_id}``: Revoke Console Key"""
        answer = self._call(
            OPERATIONS['revoke_console_key'],
            path={'key_id': key_id},
            query={},
            headers={},
        )
        return cast('models.ConsoleKeyRevoked', answer)

    def console_info(self) -> models.ConsoleInfo:
        """``GET /api/dashboard/info``: What this gateway offers, so the console shows only what
        works here.
        """
        answer = self._call(
            OPERATIONS['console_info'],
            path={},
            query={},
            headers={},
        )
        return cast('models.ConsoleInfo', answer)

    def link_session(self, body: models.LinkRequest | Mapping[str, Any]) -> models.SandboxLinked:
        """``POST /api/sandbox/link``: Scan a session's QR (or type its pairing code) as the
        phone would.
        """
        answer = self._call(
            OPERATIONS['link_session'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SandboxLinked', answer)

    def drop_connection(self, id: str) -> models.SandboxSessionState:
        """``POST /api/sandbox/sessions/{id}/drop``: Cut the session's connection; it reconnects
        by itself.
        """
        answer = self._call(
            OPERATIONS['drop_connection'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SandboxSessionState', answer)

    def logout_from_phone(self, id: str) -> models.SandboxSessionState:
        """``POST /api/sandbox/sessions/{id}/logout``: Unlink the session from the phone's
        "Linked devices" screen.
        """
        answer = self._call(
            OPERATIONS['logout_from_phone'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SandboxSessionState', answer)

    def contact_writes(
        self,
        body: models.SandboxMessageRequest | Mapping[str, Any],
    ) -> models.SandboxDelivered:
        """``POST /api/sandbox/messages``: A contact writes to a session (any message type, the
        send endpoint's bodies). From the phone number of a sandbox session, that session's
        phone sends it. Answers once stored.
        """
        answer = self._call(
            OPERATIONS['contact_writes'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SandboxDelivered', answer)

    def contact_receipts(
        self,
        body: models.SandboxReceiptRequest | Mapping[str, Any],
    ) -> models.SandboxReceipts:
        """``POST /api/sandbox/receipts``: A contact's phone reports messages a session sent it
        as delivered, read or played.
        """
        answer = self._call(
            OPERATIONS['contact_receipts'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SandboxReceipts', answer)

    def configure_network(
        self,
        body: models.SandboxNetworkSettings | Mapping[str, Any],
    ) -> models.SandboxNetworkRead:
        """``PUT /api/sandbox/network``: Behaviour of the whole sandbox network to test against
        (receipt races); the operator's.
        """
        answer = self._call(
            OPERATIONS['configure_network'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SandboxNetworkRead', answer)

    def drop_every_connection(self) -> models.SandboxDropped:
        """``POST /api/sandbox/network/drop``: An outage of the whole network: every connected
        session of the organization drops at once.
        """
        answer = self._call(
            OPERATIONS['drop_every_connection'],
            path={},
            query={},
            headers={},
        )
        return cast('models.SandboxDropped', answer)

    def put_simulated_contact(
        self,
        body: models.SimulatedContact | Mapping[str, Any],
    ) -> models.SimulatedContactRead:
        """``POST /api/sandbox/contacts``: Create or change a simulated contact, optionally
        saving it in a session's address book. Numbers not on WhatsApp (starting with 999, or
        listed in ``notOnWhatsApp``) are refused.
        """
        answer = self._call(
            OPERATIONS['put_simulated_contact'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SimulatedContactRead', answer)

    def post_simulated_status(
        self,
        body: models.SimulatedStatus | Mapping[str, Any],
    ) -> models.SimulatedStatusPosted:
        """``POST /api/sandbox/statuses``: A simulated contact posts a status; it reaches the
        sessions that saved its number.
        """
        answer = self._call(
            OPERATIONS['post_simulated_status'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SimulatedStatusPosted', answer)

    def view_status_as_contact(
        self,
        status_id: str,
        body: models.SimulatedView | Mapping[str, Any],
    ) -> models.SimulatedStatusView:
        """``POST /api/sandbox/statuses/{statusId}/views``: A simulated contact views (and
        reacts to) a session's status.
        """
        answer = self._call(
            OPERATIONS['view_status_as_contact'],
            path={'statusId': status_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SimulatedStatusView', answer)

    def contact_calls(
        self,
        body: models.SandboxCallRequest | Mapping[str, Any],
    ) -> models.SimulatedCallData:
        """``POST /api/sandbox/calls``: A contact calls a session's number: the session hears
        ``call.received``; a session with ``rejectCalls`` declines it (``status`` turns
        ``rejected``) and sends its message.
        """
        answer = self._call(
            OPERATIONS['contact_calls'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SimulatedCallData', answer)

    def call_status(self, id: str, call_id: str) -> models.SimulatedCallData:
        """``GET /api/sandbox/sessions/{id}/calls/{callId}``: Whether the call still rings or
        the session declined it.
        """
        answer = self._call(
            OPERATIONS['call_status'],
            path={'callId': call_id, 'id': id},
            query={},
            headers={},
        )
        return cast('models.SimulatedCallData', answer)

    def health(self) -> models.HealthRead:
        """``GET /health``: Health"""
        answer = self._call(
            OPERATIONS['health'],
            path={},
            query={},
            headers={},
        )
        return cast('models.HealthRead', answer)


class AsyncOperations(AsyncTransport):
    """Every operation, awaitable; each returns the answer's ``data``."""

    async def login(self, body: models.LoginRequest | Mapping[str, Any]) -> models.LoginResult:
        """``POST /api/auth/login``: Login"""
        answer = await self._call(
            OPERATIONS['login'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.LoginResult', answer)

    async def refresh_token(
        self,
        body: models.RefreshRequest | Mapping[str, Any],
    ) -> models.TokenPair:
        """``POST /api/auth/refresh``: Refresh Token"""
        answer = await self._call(
            OPERATIONS['refresh_token'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TokenPair', answer)

    async def logout(
        self,
        body: models.LogoutRequest | Mapping[str, Any] | None = None,
    ) -> models.LoggedOut:
        """``POST /api/auth/logout``: Logout"""
        answer = await self._call(
            OPERATIONS['logout'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.LoggedOut', answer)

    async def me(self) -> models.UserData:
        """``GET /api/auth/me``: Me"""
        answer = await self._call(
            OPERATIONS['me'],
            path={},
            query={},
            headers={},
        )
        return cast('models.UserData', answer)

    async def list_organizations(self) -> models.OrganizationList:
        """``GET /api/organizations``: List Organizations"""
        answer = await self._call(
            OPERATIONS['list_organizations'],
            path={},
            query={},
            headers={},
        )
        return cast('models.OrganizationList', answer)

    async def create_organization(
        self,
        body: models.OrganizationCreate | Mapping[str, Any],
    ) -> models.OrganizationData:
        """``POST /api/organizations``: Create Organization"""
        answer = await self._call(
            OPERATIONS['create_organization'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.OrganizationData', answer)

    async def get_organization(self, organization_id: int) -> models.OrganizationData:
        """``GET /api/organizations/{organization_id}``: Get Organization"""
        answer = await self._call(
            OPERATIONS['get_organization'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast('models.OrganizationData', answer)

    async def update_organization(
        self,
        organization_id: int,
        body: models.OrganizationUpdate | Mapping[str, Any],
    ) -> models.OrganizationData:
        """``PUT /api/organizations/{organization_id}``: Update Organization"""
        answer = await self._call(
            OPERATIONS['update_organization'],
            path={'organization_id': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.OrganizationData', answer)

    async def delete_organization(self, organization_id: int) -> models.OrganizationDeleted:
        """``DELETE /api/organizations/{organization_id}``: Delete Organization"""
        answer = await self._call(
            OPERATIONS['delete_organization'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast('models.OrganizationDeleted', answer)

    async def list_members(self, organization_id: int) -> models.MemberList:
        """``GET /api/organizations/{organization_id}/members``: List Members"""
        answer = await self._call(
            OPERATIONS['list_members'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast('models.MemberList', answer)

    async def add_member(
        self,
        organization_id: int,
        body: models.MemberAdd | Mapping[str, Any],
    ) -> models.InvitationData:
        """``POST /api/organizations/{organization_id}/members``: Invite an email: the same
        answer whether or not it has an account, and nobody joins an organization without
        accepting (``POST /api/auth/invitations/accept``).
        """
        answer = await self._call(
            OPERATIONS['add_member'],
            path={'organization_id': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.InvitationData', answer)

    async def update_member(
        self,
        organization_id: int,
        user_id: int,
        body: models.MemberUpdate | Mapping[str, Any],
    ) -> models.MemberData:
        """``PUT /api/organizations/{organization_id}/members/{user_id}``: Update Member"""
        answer = await self._call(
            OPERATIONS['update_member'],
            path={'organization_id': organization_id, 'user_id': user_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.MemberData', answer)

    async def remove_member(self, organization_id: int, user_id: int) -> models.MemberRemoved:
        """``DELETE /api/organizations/{organization_id}/members/{user_id}``: Remove Member"""
        answer = await self._call(
            OPERATIONS['remove_member'],
            path={'organization_id': organization_id, 'user_id': user_id},
            query={},
            headers={},
        )
        return cast('models.MemberRemoved', answer)

    async def list_api_keys(self, organization_id: int) -> models.ApiKeyList:
        """``GET /api/organizations/{organization_id}/api-keys``: List Api Keys"""
        answer = await self._call(
            OPERATIONS['list_api_keys'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast('models.ApiKeyList', answer)

    async def create_api_key(
        self,
        organization_id: int,
        body: models.ApiKeyCreate | Mapping[str, Any],
    ) -> models.ApiKeyCreatedData:
        """``POST /api/organizations/{organization_id}/api-keys``: Create Api Key"""
        answer = await self._call(
            OPERATIONS['create_api_key'],
            path={'organization_id': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ApiKeyCreatedData', answer)

    async def revoke_api_key(self, organization_id: int, key_id: int) -> models.ApiKeyData:
        """``DELETE /api/organizations/{organization_id}/api-keys/{key_id}``: Revoke Api Key"""
        answer = await self._call(
            OPERATIONS['revoke_api_key'],
            path={'organization_id': organization_id, 'key_id': key_id},
            query={},
            headers={},
        )
        return cast('models.ApiKeyData', answer)

    async def list_invitations(self, organization_id: int) -> models.InvitationList:
        """``GET /api/organizations/{organization_id}/invitations``: List Invitations"""
        answer = await self._call(
            OPERATIONS['list_invitations'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast('models.InvitationList', answer)

    async def cancel_invitation(
        self,
        organization_id: int,
        invitation_id: int,
    ) -> models.InvitationCancelled:
        """``DELETE /api/organizations/{organization_id}/invitations/{invitation_id}``: Cancel
        Invitation
        """
        answer = await self._call(
            OPERATIONS['cancel_invitation'],
            path={'organization_id': organization_id, 'invitation_id': invitation_id},
            query={},
            headers={},
        )
        return cast('models.InvitationCancelled', answer)

    async def my_invitations(self) -> models.InvitationList:
        """``GET /api/auth/invitations``: Invitations addressed to the signed-in user's email."""
        answer = await self._call(
            OPERATIONS['my_invitations'],
            path={},
            query={},
            headers={},
        )
        return cast('models.InvitationList', answer)

    async def accept_mine(self, invitation_id: int) -> models.MembershipJoined:
        """``POST /api/auth/invitations/{invitation_id}/accept``: Accept Mine"""
        answer = await self._call(
            OPERATIONS['accept_mine'],
            path={'invitation_id': invitation_id},
            query={},
            headers={},
        )
        return cast('models.MembershipJoined', answer)

    async def accept_with_token(
        self,
        body: models.InvitationAccept | Mapping[str, Any],
    ) -> models.MembershipJoined:
        """``POST /api/auth/invitations/accept``: Signed in as the invited email: join. Without
        an account yet: choose a password.
        """
        answer = await self._call(
            OPERATIONS['accept_with_token'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.MembershipJoined', answer)

    async def create_session(
        self,
        body: models.SessionCreate | Mapping[str, Any],
        *,
        x_frappe_origin: str | None = None,
    ) -> models.SessionCreated:
        """``POST /api/sessions``: Create Session"""
        answer = await self._call(
            OPERATIONS['create_session'],
            path={},
            query={},
            headers={'x-frappe-origin': x_frappe_origin},
            body=body,
        )
        return cast('models.SessionCreated', answer)

    async def list_sessions(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        status: Literal['connected', 'disconnected', 'qr_code', 'connecting'] | None = None,
    ) -> models.SessionList:
        """``GET /api/sessions``: List Sessions"""
        answer = await self._call(
            OPERATIONS['list_sessions'],
            path={},
            query={'page': page, 'limit': limit, 'status': status},
            headers={},
        )
        return cast('models.SessionList', answer)

    async def get_session(self, id: str) -> models.SessionData:
        """``GET /api/sessions/{id}``: Get Session"""
        answer = await self._call(
            OPERATIONS['get_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionData', answer)

    async def update_session(
        self,
        id: str,
        body: models.SessionUpdate | Mapping[str, Any],
    ) -> models.SessionData:
        """``PUT /api/sessions/{id}``: Update Session"""
        answer = await self._call(
            OPERATIONS['update_session'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SessionData', answer)

    async def delete_session(self, id: str) -> models.SessionDeleted:
        """``DELETE /api/sessions/{id}``: Delete Session"""
        answer = await self._call(
            OPERATIONS['delete_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionDeleted', answer)

    async def get_session_status(self, id: str) -> models.SessionStatusRead:
        """``GET /api/sessions/{id}/status``: Get Session Status"""
        answer = await self._call(
            OPERATIONS['get_session_status'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionStatusRead', answer)

    async def get_session_qr(self, id: str) -> models.SessionQr:
        """``GET /api/sessions/{id}/qr``: Get Session Qr"""
        answer = await self._call(
            OPERATIONS['get_session_qr'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionQr', answer)

    async def connect_session(self, id: str) -> models.SessionStateChange:
        """``POST /api/sessions/{id}/connect``: Connect Session"""
        answer = await self._call(
            OPERATIONS['connect_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionStateChange', answer)

    async def disconnect_session(self, id: str) -> models.SessionStateChange:
        """``POST /api/sessions/{id}/disconnect``: Disconnect Session"""
        answer = await self._call(
            OPERATIONS['disconnect_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionStateChange', answer)

    async def restart_session(self, id: str) -> models.SessionStateChange:
        """``POST /api/sessions/{id}/restart``: Restart Session"""
        answer = await self._call(
            OPERATIONS['restart_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionStateChange', answer)

    async def logout_session(self, id: str) -> models.SessionStateChange:
        """``POST /api/sessions/{id}/logout``: Logout Session"""
        answer = await self._call(
            OPERATIONS['logout_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionStateChange', answer)

    async def request_pairing_code(
        self,
        id: str,
        body: models.PairingCodeRequest | Mapping[str, Any],
    ) -> models.PairingCodeRead:
        """``POST /api/sessions/{id}/pairing-code``: Request Pairing Code"""
        answer = await self._call(
            OPERATIONS['request_pairing_code'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.PairingCodeRead', answer)

    async def configure_frappe(
        self,
        id: str,
        body: models.FrappeConfigure | Mapping[str, Any],
    ) -> models.FrappeSetting:
        """``POST /api/sessions/{id}/frappe/configure``: Configure Frappe"""
        answer = await self._call(
            OPERATIONS['configure_frappe'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.FrappeSetting', answer)

    async def frappe_status(self, id: str) -> models.FrappeStatus:
        """``GET /api/sessions/{id}/frappe/status``: Frappe Status"""
        answer = await self._call(
            OPERATIONS['frappe_status'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.FrappeStatus', answer)

    async def update_profile(
        self,
        id: str,
        body: models.ProfileUpdate | Mapping[str, Any],
    ) -> models.ProfileRead:
        """``PUT /api/sessions/{id}/profile``: Update Profile"""
        answer = await self._call(
            OPERATIONS['update_profile'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ProfileRead', answer)

    async def cluster(self) -> models.ClusterRead:
        """``GET /api/cluster``: Nodes of the cluster and the sessions each drives"""
        answer = await self._call(
            OPERATIONS['cluster'],
            path={},
            query={},
            headers={},
        )
        return cast('models.ClusterRead', answer)

    async def rebalance(self) -> models.Rebalanced:
        """``POST /api/cluster/rebalance``: Even out the sessions over the live nodes now"""
        answer = await self._call(
            OPERATIONS['rebalance'],
            path={},
            query={},
            headers={},
        )
        return cast('models.Rebalanced', answer)

    async def drain(self, node_id: str) -> models.NodeDraining:
        """``POST /api/cluster/nodes/{node_id}/drain``: Move every session off a node"""
        answer = await self._call(
            OPERATIONS['drain'],
            path={'node_id': node_id},
            query={},
            headers={},
        )
        return cast('models.NodeDraining', answer)

    async def list_session_contacts(self, id: str) -> models.SessionContactList:
        """``GET /api/sessions/{id}/contacts``: List Session Contacts"""
        answer = await self._call(
            OPERATIONS['list_session_contacts'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SessionContactList', answer)

    async def send_message(
        self,
        session_id: str,
        body: models.SendMessageRequest | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> models.MessageSent | models.BulkSent:
        """``POST /api/messages/{sessionId}/send``: Send any message type to a number, a JID or
        a group; a list of up to 50 is a bulk send.
        """
        answer = await self._call(
            OPERATIONS['send_message'],
            path={'sessionId': session_id},
            query={},
            headers={'Idempotency-Key': idempotency_key},
            body=body,
        )
        return cast('models.MessageSent | models.BulkSent', answer)

    async def list_unread_messages(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
    ) -> models.UnreadList:
        """``GET /api/messages/unread``: Unread incoming messages of every session of the
        organization.
        """
        answer = await self._call(
            OPERATIONS['list_unread_messages'],
            path={},
            query={'page': page, 'limit': limit},
            headers={},
        )
        return cast('models.UnreadList', answer)

    async def list_messages(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        chat_id: str | None = None,
        type: str | None = None,
        from_me: bool | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> models.MessageList:
        """``GET /api/messages/{sessionId}``: List Messages"""
        answer = await self._call(
            OPERATIONS['list_messages'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'chatId': chat_id, 'type': type, 'fromMe': from_me, 'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast('models.MessageList', answer)

    async def list_chats(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
    ) -> models.ChatList:
        """``GET /api/messages/{sessionId}/chats``: List Chats"""
        answer = await self._call(
            OPERATIONS['list_chats'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit},
            headers={},
        )
        return cast('models.ChatList', answer)

    async def message_stats(
        self,
        session_id: str,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> models.MessageStats:
        """``GET /api/messages/{sessionId}/stats``: Sent and received messages by type, status
        and day (default: the last 7 days).
        """
        answer = await self._call(
            OPERATIONS['message_stats'],
            path={'sessionId': session_id},
            query={'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast('models.MessageStats', answer)

    async def get_message(self, session_id: str, message_id: str) -> models.MessageData:
        """``GET /api/messages/{sessionId}/messages/{messageId}``: Get Message"""
        answer = await self._call(
            OPERATIONS['get_message'],
            path={'messageId': message_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.MessageData', answer)

    async def edit_message(
        self,
        session_id: str,
        message_id: str,
        body: models.EditMessageRequest | Mapping[str, Any],
    ) -> models.MessageData:
        """``PUT /api/messages/{sessionId}/messages/{messageId}``: Edit the text (or caption) of
        a message this session sent.
        """
        answer = await self._call(
            OPERATIONS['edit_message'],
            path={'messageId': message_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.MessageData', answer)

    async def delete_message(self, session_id: str, message_id: str) -> models.MessageData:
        """``DELETE /api/messages/{sessionId}/messages/{messageId}``: Delete a sent message for
        everyone (a queued one is cancelled instead).
        """
        answer = await self._call(
            OPERATIONS['delete_message'],
            path={'messageId': message_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.MessageData', answer)

    async def send_presence(
        self,
        session_id: str,
        body: models.PresenceRequest | Mapping[str, Any],
    ) -> models.PresenceSent:
        """``POST /api/messages/{sessionId}/presence``: Online or offline for everyone; typing
        (`composing`), `recording` or `paused` in a chat.
        """
        answer = await self._call(
            OPERATIONS['send_presence'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.PresenceSent', answer)

    async def mark_chat_read(self, session_id: str, chat_id: str) -> models.ChatMarkedRead:
        """``PUT /api/messages/{sessionId}/{chatId}/read``: Mark every message of the chat read;
        read receipts go to the senders.
        """
        answer = await self._call(
            OPERATIONS['mark_chat_read'],
            path={'chatId': chat_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ChatMarkedRead', answer)

    async def chat_history(
        self,
        session_id: str,
        chat_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> models.ChatHistory:
        """``GET /api/messages/{sessionId}/{chatId}``: Chat History"""
        answer = await self._call(
            OPERATIONS['chat_history'],
            path={'chatId': chat_id, 'sessionId': session_id},
            query={'page': page, 'limit': limit, 'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast('models.ChatHistory', answer)

    async def list_media(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        type: Literal['image', 'video', 'audio', 'document', 'sticker'] | None = None,
    ) -> models.MediaFileList:
        """``GET /api/media/sessions/{sessionId}``: List Media"""
        answer = await self._call(
            OPERATIONS['list_media'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'type': type},
            headers={},
        )
        return cast('models.MediaFileList', answer)

    async def upload_media(
        self,
        session_id: str,
        file: FileContent,
        *,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> models.MediaUploaded:
        """``POST /api/media/sessions/{sessionId}/upload``: Upload a file (multipart field
        ``file``, 50 MB at most) to send later with ``mediaId``.
        """
        answer = await self._call(
            OPERATIONS['upload_media'],
            path={'sessionId': session_id},
            query={},
            headers={},
            file=(file, filename, content_type),
        )
        return cast('models.MediaUploaded', answer)

    async def get_media(self, media_file_id: str) -> models.MediaFileData:
        """``GET /api/media/{mediaFileId}``: Get Media"""
        answer = await self._call(
            OPERATIONS['get_media'],
            path={'mediaFileId': media_file_id},
            query={},
            headers={},
        )
        return cast('models.MediaFileData', answer)

    async def delete_media(self, media_file_id: str) -> models.MediaDeleted:
        """``DELETE /api/media/{mediaFileId}``: Delete Media"""
        answer = await self._call(
            OPERATIONS['delete_media'],
            path={'mediaFileId': media_file_id},
            query={},
            headers={},
        )
        return cast('models.MediaDeleted', answer)

    async def download_media(
        self,
        media_file_id: str,
        *,
        expires: int | None = None,
        signature: str | None = None,
    ) -> bytes:
        """``GET /api/media/{mediaFileId}/download``: Stream the file. With ``expires`` and
        ``signature`` (a link from a webhook) no API key.
        """
        answer = await self._call(
            OPERATIONS['download_media'],
            path={'mediaFileId': media_file_id},
            query={'expires': expires, 'signature': signature},
            headers={},
        )
        return cast(bytes, answer)

    async def list_contacts(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        search: str | None = None,
    ) -> models.ContactList:
        """``GET /api/contacts/{sessionId}``: The session's contacts (people and groups it
        knows), by name.
        """
        answer = await self._call(
            OPERATIONS['list_contacts'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'search': search},
            headers={},
        )
        return cast('models.ContactList', answer)

    async def search_contact(self, session_id: str, phone_number: str) -> models.ContactFound:
        """``GET /api/contacts/{sessionId}/search/{phoneNumber}``: A contact by number. A number
        not known yet is looked up on WhatsApp (the session must be connected); one that is not
        on WhatsApp answers 404 ``NOT_ON_WHATSAPP``.
        """
        answer = await self._call(
            OPERATIONS['search_contact'],
            path={'phoneNumber': phone_number, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ContactFound', answer)

    async def get_contact_info(self, session_id: str, contact_id: str) -> models.ContactInfoData:
        """``GET /api/contacts/{sessionId}/info/{contactId}``: Name, verified name, picture,
        about and business profile of a contact (JID, lid or number), refreshed from WhatsApp
        while the session is connected.
        """
        answer = await self._call(
            OPERATIONS['get_contact_info'],
            path={'contactId': contact_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ContactInfoData', answer)

    async def block_contact(self, session_id: str, contact_id: str) -> models.BlockChange:
        """``POST /api/contacts/{sessionId}/{contactId}/block``: Block a person (number or JID):
        they can no longer call or write to this number.
        """
        answer = await self._call(
            OPERATIONS['block_contact'],
            path={'contactId': contact_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.BlockChange', answer)

    async def unblock_contact(self, session_id: str, contact_id: str) -> models.BlockChange:
        """``POST /api/contacts/{sessionId}/{contactId}/unblock``: Unblock Contact"""
        answer = await self._call(
            OPERATIONS['unblock_contact'],
            path={'contactId': contact_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.BlockChange', answer)

    async def get_contact_stats(self, session_id: str) -> models.ContactStatsData:
        """``GET /api/contacts/{sessionId}/stats``: Get Contact Stats"""
        answer = await self._call(
            OPERATIONS['get_contact_stats'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ContactStatsData', answer)

    async def update_contact(
        self,
        contact_id: str,
        body: models.ContactUpdate | Mapping[str, Any],
        *,
        session_id: str | None = None,
    ) -> models.ContactInfoData:
        """``PUT /api/contacts/{contactId}``: Set the CRM's fields of a contact: ``name``,
        ``tags``, ``notes``, ``assignedToUserId``. ``{contactId}`` is the numeric ``contactId``
        from the contact listings. A JID (``34600000000@s.whatsapp.net``) or ``@lid`` id is
        accepted too when exactly one session of the organization knows it; otherwise add
        ``?sessionId=`` (409 ``AMBIGUOUS_CONTACT``).
        """
        answer = await self._call(
            OPERATIONS['update_contact'],
            path={'contactId': contact_id},
            query={'sessionId': session_id},
            headers={},
            body=body,
        )
        return cast('models.ContactInfoData', answer)

    async def list_groups(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        search: str | None = None,
    ) -> models.GroupList:
        """``GET /api/groups/sessions/{sessionId}``: The groups the session is in (participants
        are in the group details).
        """
        answer = await self._call(
            OPERATIONS['list_groups'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'search': search},
            headers={},
        )
        return cast('models.GroupList', answer)

    async def create_group(
        self,
        session_id: str,
        body: models.GroupCreate | Mapping[str, Any],
    ) -> models.GroupCreated:
        """``POST /api/groups/sessions/{sessionId}``: Create a group; participants WhatsApp
        refused are listed in ``failed``.
        """
        answer = await self._call(
            OPERATIONS['create_group'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.GroupCreated', answer)

    async def join_group_with_code(
        self,
        body: models.JoinWithCode | Mapping[str, Any],
    ) -> models.GroupJoined:
        """``POST /api/groups/join-with-code``: Join a group with its invite code (or its whole
        ``chat.whatsapp.com`` link).
        """
        answer = await self._call(
            OPERATIONS['join_group_with_code'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.GroupJoined', answer)

    async def get_group(self, session_id: str, group_id: str) -> models.GroupDetail:
        """``GET /api/groups/sessions/{sessionId}/groups/{groupId}``: Subject, description,
        settings, participants and admins.
        """
        answer = await self._call(
            OPERATIONS['get_group'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.GroupDetail', answer)

    async def update_group(
        self,
        session_id: str,
        group_id: str,
        body: models.GroupUpdate | Mapping[str, Any],
    ) -> models.GroupData:
        """``PUT /api/groups/sessions/{sessionId}/groups/{groupId}``: Change the subject, the
        description (``""`` clears it) and the settings.
        """
        answer = await self._call(
            OPERATIONS['update_group'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.GroupData', answer)

    async def update_group_settings(
        self,
        session_id: str,
        group_id: str,
        body: models.GroupSettings | Mapping[str, Any],
    ) -> models.GroupData:
        """``PUT /api/groups/sessions/{sessionId}/groups/{groupId}/settings``: ``announce``:
        only admins send messages; ``locked``: only admins edit the group's info.
        """
        answer = await self._call(
            OPERATIONS['update_group_settings'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.GroupData', answer)

    async def add_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any],
    ) -> models.ParticipantsChanged:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/participants``: Add
        Participants
        """
        answer = await self._call(
            OPERATIONS['add_participants'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ParticipantsChanged', answer)

    async def remove_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any] | None = None,
        *,
        participant_id: str | None = None,
    ) -> models.ParticipantsChanged:
        """``DELETE /api/groups/sessions/{sessionId}/groups/{groupId}/participants``: Remove
        Participants
        """
        answer = await self._call(
            OPERATIONS['remove_participants'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={'participantId': participant_id},
            headers={},
            body=body,
        )
        return cast('models.ParticipantsChanged', answer)

    async def promote_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any],
    ) -> models.ParticipantsChanged:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/promote``: Promote
        Participants
        """
        answer = await self._call(
            OPERATIONS['promote_participants'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ParticipantsChanged', answer)

    async def demote_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any],
    ) -> models.ParticipantsChanged:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/demote``: Demote
        Participants
        """
        answer = await self._call(
            OPERATIONS['demote_participants'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ParticipantsChanged', answer)

    async def get_invite_code(self, session_id: str, group_id: str) -> models.InviteCodeRead:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/invite-code``: The group's
        invite code and link (admins only); the same code until it is revoked.
        """
        answer = await self._call(
            OPERATIONS['get_invite_code'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.InviteCodeRead', answer)

    async def revoke_invite_code(self, session_id: str, group_id: str) -> models.InviteCodeRead:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/invite-code/revoke``:
        Invalidate the current invite code; returns the new one.
        """
        answer = await self._call(
            OPERATIONS['revoke_invite_code'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.InviteCodeRead', answer)

    async def leave_group(self, session_id: str, group_id: str) -> models.GroupLeft:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/leave``: Leave Group"""
        answer = await self._call(
            OPERATIONS['leave_group'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.GroupLeft', answer)

    async def list_statuses(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        from_me: bool | None = None,
    ) -> models.StatusList:
        """``GET /api/status/sessions/{sessionId}``: The session's own statuses and its
        contacts', newest first, expired ones included.
        """
        answer = await self._call(
            OPERATIONS['list_statuses'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'fromMe': from_me},
            headers={},
        )
        return cast('models.StatusList', answer)

    async def post_status(
        self,
        session_id: str,
        body: models.StatusCreate | Mapping[str, Any],
    ) -> models.StatusData:
        """``POST /api/status/sessions/{sessionId}``: Post a text, image or video status; the
        session's contacts see it for 24 hours.
        """
        answer = await self._call(
            OPERATIONS['post_status'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.StatusData', answer)

    async def list_active_statuses(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        from_me: bool | None = None,
    ) -> models.StatusList:
        """``GET /api/status/sessions/{sessionId}/active``: Statuses still shown on WhatsApp
        (posted in the last 24 hours).
        """
        answer = await self._call(
            OPERATIONS['list_active_statuses'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'fromMe': from_me},
            headers={},
        )
        return cast('models.StatusList', answer)

    async def download_status_media(self, session_id: str, status_id: str) -> bytes:
        """``GET /api/status/sessions/{sessionId}/statuses/{statusId}/media``: The image or
        video of a status, while it is active.
        """
        answer = await self._call(
            OPERATIONS['download_status_media'],
            path={'statusId': status_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(bytes, answer)

    async def view_status(self, session_id: str, status_id: str) -> models.StatusData:
        """``POST /api/status/sessions/{sessionId}/statuses/{statusId}/view``: Mark a contact's
        status as seen (the contact sees the session among its viewers).
        """
        answer = await self._call(
            OPERATIONS['view_status'],
            path={'statusId': status_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.StatusData', answer)

    async def react_to_status(
        self,
        session_id: str,
        status_id: str,
        body: models.ReactionCreate | Mapping[str, Any],
    ) -> models.StatusData:
        """``POST /api/status/sessions/{sessionId}/statuses/{statusId}/reactions``: React To
        Status
        """
        answer = await self._call(
            OPERATIONS['react_to_status'],
            path={'statusId': status_id, 'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.StatusData', answer)

    async def remove_status_reaction(self, session_id: str, status_id: str) -> models.StatusData:
        """``DELETE /api/status/sessions/{sessionId}/statuses/{statusId}/reactions``: Remove
        Status Reaction
        """
        answer = await self._call(
            OPERATIONS['remove_status_reaction'],
            path={'statusId': status_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.StatusData', answer)

    async def create_template(
        self,
        organization_id: int,
        body: models.TemplateCreate | Mapping[str, Any],
    ) -> models.TemplateData:
        """``POST /api/templates/organizations/{organizationId}``: Create Template"""
        answer = await self._call(
            OPERATIONS['create_template'],
            path={'organizationId': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TemplateData', answer)

    async def list_templates(
        self,
        organization_id: int,
        *,
        page: int | None = None,
        limit: int | None = None,
        category: str | None = None,
        is_active: bool | None = None,
        search: str | None = None,
    ) -> models.TemplateList:
        """``GET /api/templates/organizations/{organizationId}``: List Templates"""
        answer = await self._call(
            OPERATIONS['list_templates'],
            path={'organizationId': organization_id},
            query={'page': page, 'limit': limit, 'category': category, 'isActive': is_active, 'search': search},
            headers={},
        )
        return cast('models.TemplateList', answer)

    async def get_organization_template(
        self,
        organization_id: int,
        template_id: int,
    ) -> models.TemplateData:
        """``GET /api/templates/organizations/{organizationId}/{templateId}``: Get Organization
        Template
        """
        answer = await self._call(
            OPERATIONS['get_organization_template'],
            path={'organizationId': organization_id, 'templateId': template_id},
            query={},
            headers={},
        )
        return cast('models.TemplateData', answer)

    async def update_template(
        self,
        organization_id: int,
        template_id: int,
        body: models.TemplateUpdate | Mapping[str, Any],
    ) -> models.TemplateData:
        """``PUT /api/templates/organizations/{organizationId}/{templateId}``: Change any field;
        a new ``body`` without ``variables`` declares the ones it uses.
        """
        answer = await self._call(
            OPERATIONS['update_template'],
            path={'organizationId': organization_id, 'templateId': template_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TemplateData', answer)

    async def delete_template(
        self,
        organization_id: int,
        template_id: int,
    ) -> models.TemplateDeleted:
        """``DELETE /api/templates/organizations/{organizationId}/{templateId}``: Delete
        Template
        """
        answer = await self._call(
            OPERATIONS['delete_template'],
            path={'organizationId': organization_id, 'templateId': template_id},
            query={},
            headers={},
        )
        return cast('models.TemplateDeleted', answer)

    async def get_template(self, template_id: int) -> models.TemplateData:
        """``GET /api/templates/{templateId}``: Get Template"""
        answer = await self._call(
            OPERATIONS['get_template'],
            path={'templateId': template_id},
            query={},
            headers={},
        )
        return cast('models.TemplateData', answer)

    async def preview_template(
        self,
        template_id: int,
        body: models.TemplatePreview | Mapping[str, Any],
    ) -> models.TemplateRendered:
        """``POST /api/templates/{templateId}/preview``: The text the template renders to with
        these variables, without sending anything.
        """
        answer = await self._call(
            OPERATIONS['preview_template'],
            path={'templateId': template_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TemplateRendered', answer)

    async def use_template(
        self,
        template_id: int,
        body: models.TemplateUse | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> models.TemplateSent | models.TemplateBulkSent:
        """``POST /api/templates/{templateId}/use``: Send the rendered template from
        ``sessionId`` to ``to``: one recipient, or up to 50 (each may be ``{to, variables}``
        with its own values over the common ``variables``). Nothing is sent unless every message
        renders; sends are paced and idempotent like ``POST /api/messages/{sessionId}/send``.
        """
        answer = await self._call(
            OPERATIONS['use_template'],
            path={'templateId': template_id},
            query={},
            headers={'Idempotency-Key': idempotency_key},
            body=body,
        )
        return cast('models.TemplateSent | models.TemplateBulkSent', answer)

    async def sync_meta_templates(self, session_id: str) -> models.MetaTemplateSync:
        """``POST /api/templates/meta/{sessionId}/sync``: Read every template of the business
        account (``engineOptions.wabaId``) from Meta and keep them; sends by name are checked
        against them from now on.
        """
        answer = await self._call(
            OPERATIONS['sync_meta_templates'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.MetaTemplateSync', answer)

    async def list_meta_templates(
        self,
        session_id: str,
        *,
        status: str | None = None,
    ) -> models.MetaTemplateList:
        """``GET /api/templates/meta/{sessionId}``: The templates as of the last sync, with
        Meta's status and components.
        """
        answer = await self._call(
            OPERATIONS['list_meta_templates'],
            path={'sessionId': session_id},
            query={'status': status},
            headers={},
        )
        return cast('models.MetaTemplateList', answer)

    async def get_meta_template(self, session_id: str, name: str) -> models.MetaTemplateLanguages:
        """``GET /api/templates/meta/{sessionId}/{name}``: One template by name, in each of its
        languages.
        """
        answer = await self._call(
            OPERATIONS['get_meta_template'],
            path={'name': name, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.MetaTemplateLanguages', answer)

    async def create_webhook(
        self,
        organization_id: int,
        body: models.WebhookCreate | Mapping[str, Any],
    ) -> models.WebhookRead:
        """``POST /api/webhooks/organizations/{organizationId}``: Create Webhook"""
        answer = await self._call(
            OPERATIONS['create_webhook'],
            path={'organizationId': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.WebhookRead', answer)

    async def list_webhooks(self, organization_id: int) -> models.WebhookList:
        """``GET /api/webhooks/organizations/{organizationId}``: List Webhooks"""
        answer = await self._call(
            OPERATIONS['list_webhooks'],
            path={'organizationId': organization_id},
            query={},
            headers={},
        )
        return cast('models.WebhookList', answer)

    async def get_webhook(self, organization_id: int, webhook_id: int) -> models.WebhookRead:
        """``GET /api/webhooks/organizations/{organizationId}/{webhookId}``: Get Webhook"""
        answer = await self._call(
            OPERATIONS['get_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast('models.WebhookRead', answer)

    async def update_webhook(
        self,
        organization_id: int,
        webhook_id: int,
        body: models.WebhookUpdate | Mapping[str, Any],
    ) -> models.WebhookRead:
        """``PUT /api/webhooks/organizations/{organizationId}/{webhookId}``: Update Webhook"""
        answer = await self._call(
            OPERATIONS['update_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.WebhookRead', answer)

    async def delete_webhook(self, organization_id: int, webhook_id: int) -> models.WebhookDeleted:
        """``DELETE /api/webhooks/organizations/{organizationId}/{webhookId}``: Delete Webhook"""
        answer = await self._call(
            OPERATIONS['delete_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast('models.WebhookDeleted', answer)

    async def test_webhook(self, organization_id: int, webhook_id: int) -> models.WebhookTestResult:
        """``POST /api/webhooks/organizations/{organizationId}/{webhookId}/test``: POST a signed
        ``webhook.test`` event now and answer with what the receiver said.
        """
        answer = await self._call(
            OPERATIONS['test_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast('models.WebhookTestResult', answer)

    async def list_subscriptions(self) -> models.SubscriptionList:
        """``GET /api/webhooks/subscriptions``: Every subscriber of the caller's organization,
        with its health.
        """
        answer = await self._call(
            OPERATIONS['list_subscriptions'],
            path={},
            query={},
            headers={},
        )
        return cast('models.SubscriptionList', answer)

    async def enable_subscription(self, webhook_id: int) -> models.WebhookRead:
        """``POST /api/webhooks/subscriptions/{webhookId}/enable``: Turn a disabled subscriber
        back on; what it missed can be replayed.
        """
        answer = await self._call(
            OPERATIONS['enable_subscription'],
            path={'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast('models.WebhookRead', answer)

    async def remove_subscription(self, webhook_id: int) -> models.SubscriberRemoved:
        """``DELETE /api/webhooks/subscriptions/{webhookId}``: Remove a subscriber of any kind:
        an organization webhook is deleted; a session's webhook (or its Frappe forwarding) is
        switched off on the session. Pending deliveries are cancelled.
        """
        answer = await self._call(
            OPERATIONS['remove_subscription'],
            path={'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast('models.SubscriberRemoved', answer)

    async def test_subscription(self, webhook_id: int) -> models.WebhookTestResult:
        """``POST /api/webhooks/subscriptions/{webhookId}/test``: Test Subscription"""
        answer = await self._call(
            OPERATIONS['test_subscription'],
            path={'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast('models.WebhookTestResult', answer)

    async def test_session_webhook(self, session_id: str) -> models.WebhookTestResult:
        """``POST /api/webhooks/sessions/{sessionId}/test``: Test a session's ``webhookUrl``
        (signed with its ``webhookSecret``).
        """
        answer = await self._call(
            OPERATIONS['test_session_webhook'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.WebhookTestResult', answer)

    async def remove_session_webhook(self, session_id: str) -> models.SessionWebhookRemoved:
        """``DELETE /api/webhooks/sessions/{sessionId}``: Remove a session's own webhook: its
        URL, secret and events are cleared and what was still waiting for it is cancelled; its
        delivery log stays.
        """
        answer = await self._call(
            OPERATIONS['remove_session_webhook'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.SessionWebhookRemoved', answer)

    async def list_deliveries(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        subscription_id: int | None = None,
        session_id: str | None = None,
        status: Literal['pending', 'succeeded', 'failed', 'replayed', 'cancelled'] | None = None,
        event: str | None = None,
        since: str | None = None,
    ) -> models.WebhookDeliveryList:
        """``GET /api/webhooks/deliveries``: The delivery log, newest first: status, attempts,
        last answer, duration, times.
        """
        answer = await self._call(
            OPERATIONS['list_deliveries'],
            path={},
            query={'page': page, 'limit': limit, 'subscriptionId': subscription_id, 'sessionId': session_id, 'status': status, 'event': event, 'since': since},
            headers={},
        )
        return cast('models.WebhookDeliveryList', answer)

    async def list_dead_letters(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        subscription_id: int | None = None,
    ) -> models.WebhookDeliveryList:
        """``GET /api/webhooks/dead-letters``: Deliveries that failed every attempt; redeliver
        them one by one or replay them all.
        """
        answer = await self._call(
            OPERATIONS['list_dead_letters'],
            path={},
            query={'page': page, 'limit': limit, 'subscriptionId': subscription_id},
            headers={},
        )
        return cast('models.WebhookDeliveryList', answer)

    async def get_delivery(self, delivery_id: int) -> models.WebhookDeliveryDetail:
        """``GET /api/webhooks/deliveries/{deliveryId}``: Get Delivery"""
        answer = await self._call(
            OPERATIONS['get_delivery'],
            path={'deliveryId': delivery_id},
            query={},
            headers={},
        )
        return cast('models.WebhookDeliveryDetail', answer)

    async def redeliver(self, delivery_id: int) -> models.WebhookDeliveryDetail:
        """``POST /api/webhooks/deliveries/{deliveryId}/redeliver``: Send the delivery's event
        again (same event id) as a new delivery.
        """
        answer = await self._call(
            OPERATIONS['redeliver'],
            path={'deliveryId': delivery_id},
            query={},
            headers={},
        )
        return cast('models.WebhookDeliveryDetail', answer)

    async def replay(self, body: models.ReplayRequest | Mapping[str, Any]) -> models.ReplayResult:
        """``POST /api/webhooks/replay``: Queue again everything since ``since`` (or only the
        dead letters) for its subscribers.
        """
        answer = await self._call(
            OPERATIONS['replay'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ReplayResult', answer)

    async def create_stream_ticket(self) -> models.EventTicket:
        """``POST /api/events/tickets``: A one-minute ticket for ``GET
        /api/events/stream?ticket=…`` (EventSource sends no headers; an API key never goes in a
        URL).
        """
        answer = await self._call(
            OPERATIONS['create_stream_ticket'],
            path={},
            query={},
            headers={},
        )
        return cast('models.EventTicket', answer)

    async def get_inspector(self) -> models.InspectorRead:
        """``GET /api/webhooks/inspector``: The organization's capture URL (created on first
        use): use it as a webhook URL.
        """
        answer = await self._call(
            OPERATIONS['get_inspector'],
            path={},
            query={},
            headers={},
        )
        return cast('models.InspectorRead', answer)

    async def rotate_inspector(self) -> models.InspectorRead:
        """``POST /api/webhooks/inspector/rotate``: A new capture URL; the old one stops
        capturing at once. Subscribers that used it must be pointed at the new one.
        """
        answer = await self._call(
            OPERATIONS['rotate_inspector'],
            path={},
            query={},
            headers={},
        )
        return cast('models.InspectorRead', answer)

    async def list_captures(
        self,
        *,
        limit: int | None = None,
        event: str | None = None,
        session_id: str | None = None,
        after: int | None = None,
        wait: float | None = None,
    ) -> models.CaptureList:
        """``GET /api/webhooks/inspector/captures``: What the capture URL received, newest
        first: headers, body and the signature check.
        """
        answer = await self._call(
            OPERATIONS['list_captures'],
            path={},
            query={'limit': limit, 'event': event, 'sessionId': session_id, 'after': after, 'wait': wait},
            headers={},
        )
        return cast('models.CaptureList', answer)

    async def clear_captures(self) -> models.CapturesDeleted:
        """``DELETE /api/webhooks/inspector/captures``: Clear Captures"""
        answer = await self._call(
            OPERATIONS['clear_captures'],
            path={},
            query={},
            headers={},
        )
        return cast('models.CapturesDeleted', answer)

    async def get_capture(self, capture_id: int) -> models.CaptureData:
        """``GET /api/webhooks/inspector/captures/{captureId}``: Get Capture"""
        answer = await self._call(
            OPERATIONS['get_capture'],
            path={'captureId': capture_id},
            query={},
            headers={},
        )
        return cast('models.CaptureData', answer)

    async def list_sinks(self) -> models.SinkList:
        """``GET /api/webhooks/sinks``: List Sinks"""
        answer = await self._call(
            OPERATIONS['list_sinks'],
            path={},
            query={},
            headers={},
        )
        return cast('models.SinkList', answer)

    async def create_sink(self, body: models.SinkCreate | Mapping[str, Any]) -> models.SinkRead:
        """``POST /api/webhooks/sinks``: Create Sink"""
        answer = await self._call(
            OPERATIONS['create_sink'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SinkRead', answer)

    async def get_sink(self, sink_id: int) -> models.SinkRead:
        """``GET /api/webhooks/sinks/{sinkId}``: Get Sink"""
        answer = await self._call(
            OPERATIONS['get_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
        )
        return cast('models.SinkRead', answer)

    async def update_sink(
        self,
        sink_id: int,
        body: models.SinkUpdate | Mapping[str, Any],
    ) -> models.SinkRead:
        """``PUT /api/webhooks/sinks/{sinkId}``: Update Sink"""
        answer = await self._call(
            OPERATIONS['update_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SinkRead', answer)

    async def delete_sink(self, sink_id: int) -> models.SinkDeleted:
        """``DELETE /api/webhooks/sinks/{sinkId}``: Delete Sink"""
        answer = await self._call(
            OPERATIONS['delete_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
        )
        return cast('models.SinkDeleted', answer)

    async def test_sink(self, sink_id: int) -> models.SinkTestResult:
        """``POST /api/webhooks/sinks/{sinkId}/test``: Publish a signed ``webhook.test`` event
        now and answer with what the broker said.
        """
        answer = await self._call(
            OPERATIONS['test_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
        )
        return cast('models.SinkTestResult', answer)

    async def get_settings(self) -> models.HandoverSettingsRead:
        """``GET /api/handover/settings``: Get Settings"""
        answer = await self._call(
            OPERATIONS['get_settings'],
            path={},
            query={},
            headers={},
        )
        return cast('models.HandoverSettingsRead', answer)

    async def update_settings(
        self,
        body: models.HandoverSettingsUpdate | Mapping[str, Any],
    ) -> models.HandoverSettingsRead:
        """``PUT /api/handover/settings``: Update Settings"""
        answer = await self._call(
            OPERATIONS['update_settings'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.HandoverSettingsRead', answer)

    async def get_bot(self, session_id: str) -> models.BotRead:
        """``GET /api/handover/sessions/{sessionId}/bot``: Get Bot"""
        answer = await self._call(
            OPERATIONS['get_bot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.BotRead', answer)

    async def configure_bot(
        self,
        session_id: str,
        body: models.BotConfig | Mapping[str, Any],
    ) -> models.BotRead:
        """``PUT /api/handover/sessions/{sessionId}/bot``: Configure Bot"""
        answer = await self._call(
            OPERATIONS['configure_bot'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.BotRead', answer)

    async def delete_bot(self, session_id: str) -> models.BotRead:
        """``DELETE /api/handover/sessions/{sessionId}/bot``: Delete Bot"""
        answer = await self._call(
            OPERATIONS['delete_bot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.BotRead', answer)

    async def open_ticket(
        self,
        session_id: str,
        body: models.TicketOpen | Mapping[str, Any],
    ) -> models.TicketRead:
        """``POST /api/handover/sessions/{sessionId}/tickets``: Ask the CRM for an agent for a
        chat, as the bot does when a customer asks for one.
        """
        answer = await self._call(
            OPERATIONS['open_ticket'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TicketRead', answer)

    async def chat_owner(self, session_id: str, phone_number: str) -> models.ChatOwnerRead:
        """``GET /api/handover/sessions/{sessionId}/chats/{phoneNumber}``: Who answers this chat
        now: ``bot``, ``pending`` (waiting for an agent) or ``human``.
        """
        answer = await self._call(
            OPERATIONS['chat_owner'],
            path={'phoneNumber': phone_number, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ChatOwnerRead', answer)

    async def list_tickets(
        self,
        *,
        status: Literal['pending', 'active', 'closed'] | None = None,
        session_id: str | None = None,
        category: str | None = None,
        page: int | None = None,
        limit: int | None = None,
    ) -> models.TicketList:
        """``GET /api/handover/tickets``: List Tickets"""
        answer = await self._call(
            OPERATIONS['list_tickets'],
            path={},
            query={'status': status, 'sessionId': session_id, 'category': category, 'page': page, 'limit': limit},
            headers={},
        )
        return cast('models.TicketList', answer)

    async def get_ticket(self, ticket_id: str) -> models.TicketDetail:
        """``GET /api/handover/tickets/{ticketId}``: Get Ticket"""
        answer = await self._call(
            OPERATIONS['get_ticket'],
            path={'ticketId': ticket_id},
            query={},
            headers={},
        )
        return cast('models.TicketDetail', answer)

    async def assign_ticket(
        self,
        ticket_id: str,
        body: models.TicketAssign | Mapping[str, Any],
    ) -> models.TicketChange:
        """``POST /api/handover/tickets/{ticketId}/assign``: An agent takes the chat: the bot
        goes quiet and the customer is told who answers.
        """
        answer = await self._call(
            OPERATIONS['assign_ticket'],
            path={'ticketId': ticket_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TicketChange', answer)

    async def close_ticket(
        self,
        ticket_id: str,
        body: models.TicketClose | Mapping[str, Any] | None = None,
    ) -> models.TicketChange:
        """``POST /api/handover/tickets/{ticketId}/close``: The chat goes back to the bot, which
        shows its menu.
        """
        answer = await self._call(
            OPERATIONS['close_ticket'],
            path={'ticketId': ticket_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.TicketChange', answer)

    async def get_metrics(
        self,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> models.HandoverMetrics:
        """``GET /api/handover/metrics``: Get Metrics"""
        answer = await self._call(
            OPERATIONS['get_metrics'],
            path={},
            query={'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast('models.HandoverMetrics', answer)

    async def handover(
        self,
        body: models.CrmHandover | Mapping[str, Any],
    ) -> models.CrmHandoverAnswer:
        """``POST /api/crm/handover``: ``bot_to_human``: the agent takes the chat.
        ``human_to_bot``: the bot takes it back.
        """
        answer = await self._call(
            OPERATIONS['handover'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.CrmHandoverAnswer', answer)

    async def crm_send_message(
        self,
        body: models.CrmSendMessage | Mapping[str, Any],
    ) -> models.CrmMessageAnswer:
        """``POST /api/crm/send-message``: Relay a message of the ticket's assigned agent to the
        customer.
        """
        answer = await self._call(
            OPERATIONS['crm_send_message'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.CrmMessageAnswer', answer)

    async def handover_status(self, ticket_id: str) -> models.CrmStatusAnswer:
        """``GET /api/crm/handover-status/{ticketId}``: Handover Status"""
        answer = await self._call(
            OPERATIONS['handover_status'],
            path={'ticketId': ticket_id},
            query={},
            headers={},
        )
        return cast('models.CrmStatusAnswer', answer)

    async def handover_metrics(
        self,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> models.HandoverMetrics:
        """``GET /api/crm/metrics``: Handover Metrics"""
        answer = await self._call(
            OPERATIONS['handover_metrics'],
            path={},
            query={'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast('models.HandoverMetrics', answer)

    async def put_chatwoot(
        self,
        session_id: str,
        body: models.ChatwootBridgeRequest | Mapping[str, Any],
    ) -> models.ChatwootData:
        """``PUT /api/sessions/{sessionId}/chatwoot``: Link the session to a Chatwoot inbox (an
        API channel one, created when `inboxName` is given), or change the link. The inbox's
        webhook is pointed at the gateway.
        """
        answer = await self._call(
            OPERATIONS['put_chatwoot'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ChatwootData', answer)

    async def get_chatwoot(self, session_id: str) -> models.ChatwootData:
        """``GET /api/sessions/{sessionId}/chatwoot``: Get Chatwoot"""
        answer = await self._call(
            OPERATIONS['get_chatwoot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ChatwootData', answer)

    async def delete_chatwoot(self, session_id: str) -> models.ChatwootDeleted:
        """``DELETE /api/sessions/{sessionId}/chatwoot``: Unlink the session; Chatwoot keeps its
        inbox and conversations.
        """
        answer = await self._call(
            OPERATIONS['delete_chatwoot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast('models.ChatwootDeleted', answer)

    async def create_console_key(
        self,
        body: models.ConsoleKeyRequest | Mapping[str, Any] | None = None,
    ) -> models.ConsoleKeyCreated:
        """``POST /api/auth/console-key``: An API key for the console of a user signed in with
        email and password.
        """
        answer = await self._call(
            OPERATIONS['create_console_key'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.ConsoleKeyCreated', answer)

    async def revoke_console_key(self, key_id: int) -> models.ConsoleKeyRevoked:
        """``DELETE /api/auth/console-key/{key_id}``: Revoke Console Key"""
        answer = await self._call(
            OPERATIONS['revoke_console_key'],
            path={'key_id': key_id},
            query={},
            headers={},
        )
        return cast('models.ConsoleKeyRevoked', answer)

    async def console_info(self) -> models.ConsoleInfo:
        """``GET /api/dashboard/info``: What this gateway offers, so the console shows only what
        works here.
        """
        answer = await self._call(
            OPERATIONS['console_info'],
            path={},
            query={},
            headers={},
        )
        return cast('models.ConsoleInfo', answer)

    async def link_session(
        self,
        body: models.LinkRequest | Mapping[str, Any],
    ) -> models.SandboxLinked:
        """``POST /api/sandbox/link``: Scan a session's QR (or type its pairing code) as the
        phone would.
        """
        answer = await self._call(
            OPERATIONS['link_session'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SandboxLinked', answer)

    async def drop_connection(self, id: str) -> models.SandboxSessionState:
        """``POST /api/sandbox/sessions/{id}/drop``: Cut the session's connection; it reconnects
        by itself.
        """
        answer = await self._call(
            OPERATIONS['drop_connection'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SandboxSessionState', answer)

    async def logout_from_phone(self, id: str) -> models.SandboxSessionState:
        """``POST /api/sandbox/sessions/{id}/logout``: Unlink the session from the phone's
        "Linked devices" screen.
        """
        answer = await self._call(
            OPERATIONS['logout_from_phone'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast('models.SandboxSessionState', answer)

    async def contact_writes(
        self,
        body: models.SandboxMessageRequest | Mapping[str, Any],
    ) -> models.SandboxDelivered:
        """``POST /api/sandbox/messages``: A contact writes to a session (any message type, the
        send endpoint's bodies). From the phone number of a sandbox session, that session's
        phone sends it. Answers once stored.
        """
        answer = await self._call(
            OPERATIONS['contact_writes'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SandboxDelivered', answer)

    async def contact_receipts(
        self,
        body: models.SandboxReceiptRequest | Mapping[str, Any],
    ) -> models.SandboxReceipts:
        """``POST /api/sandbox/receipts``: A contact's phone reports messages a session sent it
        as delivered, read or played.
        """
        answer = await self._call(
            OPERATIONS['contact_receipts'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SandboxReceipts', answer)

    async def configure_network(
        self,
        body: models.SandboxNetworkSettings | Mapping[str, Any],
    ) -> models.SandboxNetworkRead:
        """``PUT /api/sandbox/network``: Behaviour of the whole sandbox network to test against
        (receipt races); the operator's.
        """
        answer = await self._call(
            OPERATIONS['configure_network'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SandboxNetworkRead', answer)

    async def drop_every_connection(self) -> models.SandboxDropped:
        """``POST /api/sandbox/network/drop``: An outage of the whole network: every connected
        session of the organization drops at once.
        """
        answer = await self._call(
            OPERATIONS['drop_every_connection'],
            path={},
            query={},
            headers={},
        )
        return cast('models.SandboxDropped', answer)

    async def put_simulated_contact(
        self,
        body: models.SimulatedContact | Mapping[str, Any],
    ) -> models.SimulatedContactRead:
        """``POST /api/sandbox/contacts``: Create or change a simulated contact, optionally
        saving it in a session's address book. Numbers not on WhatsApp (starting with 999, or
        listed in ``notOnWhatsApp``) are refused.
        """
        answer = await self._call(
            OPERATIONS['put_simulated_contact'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SimulatedContactRead', answer)

    async def post_simulated_status(
        self,
        body: models.SimulatedStatus | Mapping[str, Any],
    ) -> models.SimulatedStatusPosted:
        """``POST /api/sandbox/statuses``: A simulated contact posts a status; it reaches the
        sessions that saved its number.
        """
        answer = await self._call(
            OPERATIONS['post_simulated_status'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SimulatedStatusPosted', answer)

    async def view_status_as_contact(
        self,
        status_id: str,
        body: models.SimulatedView | Mapping[str, Any],
    ) -> models.SimulatedStatusView:
        """``POST /api/sandbox/statuses/{statusId}/views``: A simulated contact views (and
        reacts to) a session's status.
        """
        answer = await self._call(
            OPERATIONS['view_status_as_contact'],
            path={'statusId': status_id},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SimulatedStatusView', answer)

    async def contact_calls(
        self,
        body: models.SandboxCallRequest | Mapping[str, Any],
    ) -> models.SimulatedCallData:
        """``POST /api/sandbox/calls``: A contact calls a session's number: the session hears
        ``call.received``; a session with ``rejectCalls`` declines it (``status`` turns
        ``rejected``) and sends its message.
        """
        answer = await self._call(
            OPERATIONS['contact_calls'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast('models.SimulatedCallData', answer)

    async def call_status(self, id: str, call_id: str) -> models.SimulatedCallData:
        """``GET /api/sandbox/sessions/{id}/calls/{callId}``: Whether the call still rings or
        the session declined it.
        """
        answer = await self._call(
            OPERATIONS['call_status'],
            path={'callId': call_id, 'id': id},
            query={},
            headers={},
        )
        return cast('models.SimulatedCallData', answer)

    async def health(self) -> models.HealthRead:
        """``GET /health``: Health"""
        answer = await self._call(
            OPERATIONS['health'],
            path={},
            query={},
            headers={},
        )
        return cast('models.HealthRead', answer)

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
    'login': Operation('login', 'POST', '/api/auth/login', answer=None, kind='json', envelope=None, idempotency_key=False),
    'refresh_token': Operation('refresh_token', 'POST', '/api/auth/refresh', answer=None, kind='json', envelope=None, idempotency_key=False),
    'logout': Operation('logout', 'POST', '/api/auth/logout', answer=None, kind='json', envelope=None, idempotency_key=False),
    'me': Operation('me', 'GET', '/api/auth/me', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_organizations': Operation('list_organizations', 'GET', '/api/organizations', answer=None, kind='json', envelope=None, idempotency_key=False),
    'create_organization': Operation('create_organization', 'POST', '/api/organizations', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_organization': Operation('get_organization', 'GET', '/api/organizations/{organization_id}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'update_organization': Operation('update_organization', 'PUT', '/api/organizations/{organization_id}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'delete_organization': Operation('delete_organization', 'DELETE', '/api/organizations/{organization_id}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_members': Operation('list_members', 'GET', '/api/organizations/{organization_id}/members', answer=None, kind='json', envelope=None, idempotency_key=False),
    'add_member': Operation('add_member', 'POST', '/api/organizations/{organization_id}/members', answer=None, kind='json', envelope=None, idempotency_key=False),
    'update_member': Operation('update_member', 'PUT', '/api/organizations/{organization_id}/members/{user_id}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'remove_member': Operation('remove_member', 'DELETE', '/api/organizations/{organization_id}/members/{user_id}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_api_keys': Operation('list_api_keys', 'GET', '/api/organizations/{organization_id}/api-keys', answer=None, kind='json', envelope=None, idempotency_key=False),
    'create_api_key': Operation('create_api_key', 'POST', '/api/organizations/{organization_id}/api-keys', answer=None, kind='json', envelope=None, idempotency_key=False),
    'revoke_api_key': Operation('revoke_api_key', 'DELETE', '/api/organizations/{organization_id}/api-keys/{key_id}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_invitations': Operation('list_invitations', 'GET', '/api/organizations/{organization_id}/invitations', answer=None, kind='json', envelope=None, idempotency_key=False),
    'cancel_invitation': Operation('cancel_invitation', 'DELETE', '/api/organizations/{organization_id}/invitations/{invitation_id}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'my_invitations': Operation('my_invitations', 'GET', '/api/auth/invitations', answer=None, kind='json', envelope=None, idempotency_key=False),
    'accept_mine': Operation('accept_mine', 'POST', '/api/auth/invitations/{invitation_id}/accept', answer=None, kind='json', envelope=None, idempotency_key=False),
    'accept_with_token': Operation('accept_with_token', 'POST', '/api/auth/invitations/accept', answer=None, kind='json', envelope=None, idempotency_key=False),
    'create_session': Operation('create_session', 'POST', '/api/sessions', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_sessions': Operation('list_sessions', 'GET', '/api/sessions', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_session': Operation('get_session', 'GET', '/api/sessions/{id}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'update_session': Operation('update_session', 'PUT', '/api/sessions/{id}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'delete_session': Operation('delete_session', 'DELETE', '/api/sessions/{id}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_session_status': Operation('get_session_status', 'GET', '/api/sessions/{id}/status', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_session_qr': Operation('get_session_qr', 'GET', '/api/sessions/{id}/qr', answer=None, kind='json', envelope=None, idempotency_key=False),
    'connect_session': Operation('connect_session', 'POST', '/api/sessions/{id}/connect', answer=None, kind='json', envelope=None, idempotency_key=False),
    'disconnect_session': Operation('disconnect_session', 'POST', '/api/sessions/{id}/disconnect', answer=None, kind='json', envelope=None, idempotency_key=False),
    'restart_session': Operation('restart_session', 'POST', '/api/sessions/{id}/restart', answer=None, kind='json', envelope=None, idempotency_key=False),
    'logout_session': Operation('logout_session', 'POST', '/api/sessions/{id}/logout', answer=None, kind='json', envelope=None, idempotency_key=False),
    'request_pairing_code': Operation('request_pairing_code', 'POST', '/api/sessions/{id}/pairing-code', answer=None, kind='json', envelope=None, idempotency_key=False),
    'configure_frappe': Operation('configure_frappe', 'POST', '/api/sessions/{id}/frappe/configure', answer=None, kind='json', envelope=None, idempotency_key=False),
    'frappe_status': Operation('frappe_status', 'GET', '/api/sessions/{id}/frappe/status', answer=None, kind='json', envelope=None, idempotency_key=False),
    'cluster': Operation('cluster', 'GET', '/api/cluster', answer=None, kind='json', envelope=None, idempotency_key=False),
    'rebalance': Operation('rebalance', 'POST', '/api/cluster/rebalance', answer=None, kind='json', envelope=None, idempotency_key=False),
    'drain': Operation('drain', 'POST', '/api/cluster/nodes/{node_id}/drain', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_session_contacts': Operation('list_session_contacts', 'GET', '/api/sessions/{id}/contacts', answer=None, kind='json', envelope=None, idempotency_key=False),
    'send_message': Operation('send_message', 'POST', '/api/messages/{sessionId}/send', answer=None, kind='json', envelope=None, idempotency_key=True),
    'list_unread_messages': Operation('list_unread_messages', 'GET', '/api/messages/unread', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_messages': Operation('list_messages', 'GET', '/api/messages/{sessionId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_chats': Operation('list_chats', 'GET', '/api/messages/{sessionId}/chats', answer=None, kind='json', envelope=None, idempotency_key=False),
    'message_stats': Operation('message_stats', 'GET', '/api/messages/{sessionId}/stats', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_message': Operation('get_message', 'GET', '/api/messages/{sessionId}/messages/{messageId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'edit_message': Operation('edit_message', 'PUT', '/api/messages/{sessionId}/messages/{messageId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'delete_message': Operation('delete_message', 'DELETE', '/api/messages/{sessionId}/messages/{messageId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'send_presence': Operation('send_presence', 'POST', '/api/messages/{sessionId}/presence', answer=None, kind='json', envelope=None, idempotency_key=False),
    'mark_chat_read': Operation('mark_chat_read', 'PUT', '/api/messages/{sessionId}/{chatId}/read', answer=None, kind='json', envelope=None, idempotency_key=False),
    'chat_history': Operation('chat_history', 'GET', '/api/messages/{sessionId}/{chatId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_media': Operation('list_media', 'GET', '/api/media/sessions/{sessionId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'upload_media': Operation('upload_media', 'POST', '/api/media/sessions/{sessionId}/upload', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_media': Operation('get_media', 'GET', '/api/media/{mediaFileId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'delete_media': Operation('delete_media', 'DELETE', '/api/media/{mediaFileId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'download_media': Operation('download_media', 'GET', '/api/media/{mediaFileId}/download', answer=None, kind='bytes', envelope=False, idempotency_key=False),
    'list_contacts': Operation('list_contacts', 'GET', '/api/contacts/{sessionId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'search_contact': Operation('search_contact', 'GET', '/api/contacts/{sessionId}/search/{phoneNumber}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_contact_info': Operation('get_contact_info', 'GET', '/api/contacts/{sessionId}/info/{contactId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'block_contact': Operation('block_contact', 'POST', '/api/contacts/{sessionId}/{contactId}/block', answer=None, kind='json', envelope=None, idempotency_key=False),
    'unblock_contact': Operation('unblock_contact', 'POST', '/api/contacts/{sessionId}/{contactId}/unblock', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_contact_stats': Operation('get_contact_stats', 'GET', '/api/contacts/{sessionId}/stats', answer=None, kind='json', envelope=None, idempotency_key=False),
    'update_contact': Operation('update_contact', 'PUT', '/api/contacts/{contactId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_groups': Operation('list_groups', 'GET', '/api/groups/sessions/{sessionId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'create_group': Operation('create_group', 'POST', '/api/groups/sessions/{sessionId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'join_group_with_code': Operation('join_group_with_code', 'POST', '/api/groups/join-with-code', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_group': Operation('get_group', 'GET', '/api/groups/sessions/{sessionId}/groups/{groupId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'update_group': Operation('update_group', 'PUT', '/api/groups/sessions/{sessionId}/groups/{groupId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'update_group_settings': Operation('update_group_settings', 'PUT', '/api/groups/sessions/{sessionId}/groups/{groupId}/settings', answer=None, kind='json', envelope=None, idempotency_key=False),
    'add_participants': Operation('add_participants', 'POST', '/api/groups/sessions/{sessionId}/groups/{groupId}/participants', answer=None, kind='json', envelope=None, idempotency_key=False),
    'remove_participants': Operation('remove_participants', 'DELETE', '/api/groups/sessions/{sessionId}/groups/{groupId}/participants', answer=None, kind='json', envelope=None, idempotency_key=False),
    'promote_participants': Operation('promote_participants', 'POST', '/api/groups/sessions/{sessionId}/groups/{groupId}/promote', answer=None, kind='json', envelope=None, idempotency_key=False),
    'demote_participants': Operation('demote_participants', 'POST', '/api/groups/sessions/{sessionId}/groups/{groupId}/demote', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_invite_code': Operation('get_invite_code', 'POST', '/api/groups/sessions/{sessionId}/groups/{groupId}/invite-code', answer=None, kind='json', envelope=None, idempotency_key=False),
    'revoke_invite_code': Operation('revoke_invite_code', 'POST', '/api/groups/sessions/{sessionId}/groups/{groupId}/invite-code/revoke', answer=None, kind='json', envelope=None, idempotency_key=False),
    'leave_group': Operation('leave_group', 'POST', '/api/groups/sessions/{sessionId}/groups/{groupId}/leave', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_statuses': Operation('list_statuses', 'GET', '/api/status/sessions/{sessionId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'post_status': Operation('post_status', 'POST', '/api/status/sessions/{sessionId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_active_statuses': Operation('list_active_statuses', 'GET', '/api/status/sessions/{sessionId}/active', answer=None, kind='json', envelope=None, idempotency_key=False),
    'download_status_media': Operation('download_status_media', 'GET', '/api/status/sessions/{sessionId}/statuses/{statusId}/media', answer=None, kind='bytes', envelope=False, idempotency_key=False),
    'view_status': Operation('view_status', 'POST', '/api/status/sessions/{sessionId}/statuses/{statusId}/view', answer=None, kind='json', envelope=None, idempotency_key=False),
    'react_to_status': Operation('react_to_status', 'POST', '/api/status/sessions/{sessionId}/statuses/{statusId}/reactions', answer=None, kind='json', envelope=None, idempotency_key=False),
    'remove_status_reaction': Operation('remove_status_reaction', 'DELETE', '/api/status/sessions/{sessionId}/statuses/{statusId}/reactions', answer=None, kind='json', envelope=None, idempotency_key=False),
    'create_template': Operation('create_template', 'POST', '/api/templates/organizations/{organizationId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_templates': Operation('list_templates', 'GET', '/api/templates/organizations/{organizationId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_organization_template': Operation('get_organization_template', 'GET', '/api/templates/organizations/{organizationId}/{templateId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'update_template': Operation('update_template', 'PUT', '/api/templates/organizations/{organizationId}/{templateId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'delete_template': Operation('delete_template', 'DELETE', '/api/templates/organizations/{organizationId}/{templateId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_template': Operation('get_template', 'GET', '/api/templates/{templateId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'preview_template': Operation('preview_template', 'POST', '/api/templates/{templateId}/preview', answer=None, kind='json', envelope=None, idempotency_key=False),
    'use_template': Operation('use_template', 'POST', '/api/templates/{templateId}/use', answer=None, kind='json', envelope=None, idempotency_key=True),
    'sync_meta_templates': Operation('sync_meta_templates', 'POST', '/api/templates/meta/{sessionId}/sync', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_meta_templates': Operation('list_meta_templates', 'GET', '/api/templates/meta/{sessionId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_meta_template': Operation('get_meta_template', 'GET', '/api/templates/meta/{sessionId}/{name}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'create_webhook': Operation('create_webhook', 'POST', '/api/webhooks/organizations/{organizationId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_webhooks': Operation('list_webhooks', 'GET', '/api/webhooks/organizations/{organizationId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_webhook': Operation('get_webhook', 'GET', '/api/webhooks/organizations/{organizationId}/{webhookId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'update_webhook': Operation('update_webhook', 'PUT', '/api/webhooks/organizations/{organizationId}/{webhookId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'delete_webhook': Operation('delete_webhook', 'DELETE', '/api/webhooks/organizations/{organizationId}/{webhookId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'test_webhook': Operation('test_webhook', 'POST', '/api/webhooks/organizations/{organizationId}/{webhookId}/test', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_subscriptions': Operation('list_subscriptions', 'GET', '/api/webhooks/subscriptions', answer=None, kind='json', envelope=None, idempotency_key=False),
    'enable_subscription': Operation('enable_subscription', 'POST', '/api/webhooks/subscriptions/{webhookId}/enable', answer=None, kind='json', envelope=None, idempotency_key=False),
    'remove_subscription': Operation('remove_subscription', 'DELETE', '/api/webhooks/subscriptions/{webhookId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'test_subscription': Operation('test_subscription', 'POST', '/api/webhooks/subscriptions/{webhookId}/test', answer=None, kind='json', envelope=None, idempotency_key=False),
    'test_session_webhook': Operation('test_session_webhook', 'POST', '/api/webhooks/sessions/{sessionId}/test', answer=None, kind='json', envelope=None, idempotency_key=False),
    'remove_session_webhook': Operation('remove_session_webhook', 'DELETE', '/api/webhooks/sessions/{sessionId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_deliveries': Operation('list_deliveries', 'GET', '/api/webhooks/deliveries', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_dead_letters': Operation('list_dead_letters', 'GET', '/api/webhooks/dead-letters', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_delivery': Operation('get_delivery', 'GET', '/api/webhooks/deliveries/{deliveryId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'redeliver': Operation('redeliver', 'POST', '/api/webhooks/deliveries/{deliveryId}/redeliver', answer=None, kind='json', envelope=None, idempotency_key=False),
    'replay': Operation('replay', 'POST', '/api/webhooks/replay', answer=None, kind='json', envelope=None, idempotency_key=False),
    'create_stream_ticket': Operation('create_stream_ticket', 'POST', '/api/events/tickets', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_inspector': Operation('get_inspector', 'GET', '/api/webhooks/inspector', answer=None, kind='json', envelope=None, idempotency_key=False),
    'rotate_inspector': Operation('rotate_inspector', 'POST', '/api/webhooks/inspector/rotate', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_captures': Operation('list_captures', 'GET', '/api/webhooks/inspector/captures', answer=None, kind='json', envelope=None, idempotency_key=False),
    'clear_captures': Operation('clear_captures', 'DELETE', '/api/webhooks/inspector/captures', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_capture': Operation('get_capture', 'GET', '/api/webhooks/inspector/captures/{captureId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_sinks': Operation('list_sinks', 'GET', '/api/webhooks/sinks', answer=None, kind='json', envelope=None, idempotency_key=False),
    'create_sink': Operation('create_sink', 'POST', '/api/webhooks/sinks', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_sink': Operation('get_sink', 'GET', '/api/webhooks/sinks/{sinkId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'update_sink': Operation('update_sink', 'PUT', '/api/webhooks/sinks/{sinkId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'delete_sink': Operation('delete_sink', 'DELETE', '/api/webhooks/sinks/{sinkId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'test_sink': Operation('test_sink', 'POST', '/api/webhooks/sinks/{sinkId}/test', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_settings': Operation('get_settings', 'GET', '/api/handover/settings', answer=None, kind='json', envelope=None, idempotency_key=False),
    'update_settings': Operation('update_settings', 'PUT', '/api/handover/settings', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_bot': Operation('get_bot', 'GET', '/api/handover/sessions/{sessionId}/bot', answer=None, kind='json', envelope=None, idempotency_key=False),
    'configure_bot': Operation('configure_bot', 'PUT', '/api/handover/sessions/{sessionId}/bot', answer=None, kind='json', envelope=None, idempotency_key=False),
    'delete_bot': Operation('delete_bot', 'DELETE', '/api/handover/sessions/{sessionId}/bot', answer=None, kind='json', envelope=None, idempotency_key=False),
    'open_ticket': Operation('open_ticket', 'POST', '/api/handover/sessions/{sessionId}/tickets', answer=None, kind='json', envelope=None, idempotency_key=False),
    'chat_owner': Operation('chat_owner', 'GET', '/api/handover/sessions/{sessionId}/chats/{phoneNumber}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'list_tickets': Operation('list_tickets', 'GET', '/api/handover/tickets', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_ticket': Operation('get_ticket', 'GET', '/api/handover/tickets/{ticketId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'assign_ticket': Operation('assign_ticket', 'POST', '/api/handover/tickets/{ticketId}/assign', answer=None, kind='json', envelope=None, idempotency_key=False),
    'close_ticket': Operation('close_ticket', 'POST', '/api/handover/tickets/{ticketId}/close', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_metrics': Operation('get_metrics', 'GET', '/api/handover/metrics', answer=None, kind='json', envelope=None, idempotency_key=False),
    'handover': Operation('handover', 'POST', '/api/crm/handover', answer=None, kind='json', envelope=None, idempotency_key=False),
    'crm_send_message': Operation('crm_send_message', 'POST', '/api/crm/send-message', answer=None, kind='json', envelope=None, idempotency_key=False),
    'handover_status': Operation('handover_status', 'GET', '/api/crm/handover-status/{ticketId}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'handover_metrics': Operation('handover_metrics', 'GET', '/api/crm/metrics', answer=None, kind='json', envelope=None, idempotency_key=False),
    'put_chatwoot': Operation('put_chatwoot', 'PUT', '/api/sessions/{sessionId}/chatwoot', answer=None, kind='json', envelope=None, idempotency_key=False),
    'get_chatwoot': Operation('get_chatwoot', 'GET', '/api/sessions/{sessionId}/chatwoot', answer=None, kind='json', envelope=None, idempotency_key=False),
    'delete_chatwoot': Operation('delete_chatwoot', 'DELETE', '/api/sessions/{sessionId}/chatwoot', answer=None, kind='json', envelope=None, idempotency_key=False),
    'create_console_key': Operation('create_console_key', 'POST', '/api/auth/console-key', answer=None, kind='json', envelope=None, idempotency_key=False),
    'revoke_console_key': Operation('revoke_console_key', 'DELETE', '/api/auth/console-key/{key_id}', answer=None, kind='json', envelope=None, idempotency_key=False),
    'console_info': Operation('console_info', 'GET', '/api/dashboard/info', answer=None, kind='json', envelope=None, idempotency_key=False),
    'link_session': Operation('link_session', 'POST', '/api/sandbox/link', answer=None, kind='json', envelope=None, idempotency_key=False),
    'drop_connection': Operation('drop_connection', 'POST', '/api/sandbox/sessions/{id}/drop', answer=None, kind='json', envelope=None, idempotency_key=False),
    'logout_from_phone': Operation('logout_from_phone', 'POST', '/api/sandbox/sessions/{id}/logout', answer=None, kind='json', envelope=None, idempotency_key=False),
    'contact_writes': Operation('contact_writes', 'POST', '/api/sandbox/messages', answer=None, kind='json', envelope=None, idempotency_key=False),
    'contact_receipts': Operation('contact_receipts', 'POST', '/api/sandbox/receipts', answer=None, kind='json', envelope=None, idempotency_key=False),
    'configure_network': Operation('configure_network', 'PUT', '/api/sandbox/network', answer=None, kind='json', envelope=None, idempotency_key=False),
    'drop_every_connection': Operation('drop_every_connection', 'POST', '/api/sandbox/network/drop', answer=None, kind='json', envelope=None, idempotency_key=False),
    'put_simulated_contact': Operation('put_simulated_contact', 'POST', '/api/sandbox/contacts', answer=None, kind='json', envelope=None, idempotency_key=False),
    'post_simulated_status': Operation('post_simulated_status', 'POST', '/api/sandbox/statuses', answer=None, kind='json', envelope=None, idempotency_key=False),
    'view_status_as_contact': Operation('view_status_as_contact', 'POST', '/api/sandbox/statuses/{statusId}/views', answer=None, kind='json', envelope=None, idempotency_key=False),
    'health': Operation('health', 'GET', '/health', answer=None, kind='json', envelope=None, idempotency_key=False),
}


class SyncOperations(SyncTransport):
    """Every operation, blocking; each returns the answer's ``data``."""

    def login(self, body: models.LoginRequest | Mapping[str, Any]) -> Record:
        """``POST /api/auth/login``: Login"""
        answer = self._call(
            OPERATIONS['login'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def refresh_token(self, body: models.RefreshRequest | Mapping[str, Any]) -> Record:
        """``POST /api/auth/refresh``: Refresh Token"""
        answer = self._call(
            OPERATIONS['refresh_token'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def logout(self, body: models.LogoutRequest | Mapping[str, Any] | None = None) -> Record:
        """``POST /api/auth/logout``: Logout"""
        answer = self._call(
            OPERATIONS['logout'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def me(self) -> Record:
        """``GET /api/auth/me``: Me"""
        answer = self._call(
            OPERATIONS['me'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def list_organizations(self) -> Record:
        """``GET /api/organizations``: List Organizations"""
        answer = self._call(
            OPERATIONS['list_organizations'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def create_organization(self, body: models.OrganizationCreate | Mapping[str, Any]) -> Record:
        """``POST /api/organizations``: Create Organization"""
        answer = self._call(
            OPERATIONS['create_organization'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def get_organization(self, organization_id: int) -> Record:
        """``GET /api/organizations/{organization_id}``: Get Organization"""
        answer = self._call(
            OPERATIONS['get_organization'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def update_organization(
        self,
        organization_id: int,
        body: models.OrganizationUpdate | Mapping[str, Any],
    ) -> Record:
        """``PUT /api/organizations/{organization_id}``: Update Organization"""
        answer = self._call(
            OPERATIONS['update_organization'],
            path={'organization_id': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def delete_organization(self, organization_id: int) -> Record:
        """``DELETE /api/organizations/{organization_id}``: Delete Organization"""
        answer = self._call(
            OPERATIONS['delete_organization'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def list_members(self, organization_id: int) -> Record:
        """``GET /api/organizations/{organization_id}/members``: List Members"""
        answer = self._call(
            OPERATIONS['list_members'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def add_member(
        self,
        organization_id: int,
        body: models.MemberAdd | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def update_member(
        self,
        organization_id: int,
        user_id: int,
        body: models.MemberUpdate | Mapping[str, Any],
    ) -> Record:
        """``PUT /api/organizations/{organization_id}/members/{user_id}``: Update Member"""
        answer = self._call(
            OPERATIONS['update_member'],
            path={'organization_id': organization_id, 'user_id': user_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def remove_member(self, organization_id: int, user_id: int) -> Record:
        """``DELETE /api/organizations/{organization_id}/members/{user_id}``: Remove Member"""
        answer = self._call(
            OPERATIONS['remove_member'],
            path={'organization_id': organization_id, 'user_id': user_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def list_api_keys(self, organization_id: int) -> Record:
        """``GET /api/organizations/{organization_id}/api-keys``: List Api Keys"""
        answer = self._call(
            OPERATIONS['list_api_keys'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def create_api_key(
        self,
        organization_id: int,
        body: models.ApiKeyCreate | Mapping[str, Any],
    ) -> Record:
        """``POST /api/organizations/{organization_id}/api-keys``: Create Api Key"""
        answer = self._call(
            OPERATIONS['create_api_key'],
            path={'organization_id': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def revoke_api_key(self, organization_id: int, key_id: int) -> Record:
        """``DELETE /api/organizations/{organization_id}/api-keys/{key_id}``: Revoke Api Key"""
        answer = self._call(
            OPERATIONS['revoke_api_key'],
            path={'organization_id': organization_id, 'key_id': key_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def list_invitations(self, organization_id: int) -> Record:
        """``GET /api/organizations/{organization_id}/invitations``: List Invitations"""
        answer = self._call(
            OPERATIONS['list_invitations'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def cancel_invitation(self, organization_id: int, invitation_id: int) -> Record:
        """``DELETE /api/organizations/{organization_id}/invitations/{invitation_id}``: Cancel
        Invitation
        """
        answer = self._call(
            OPERATIONS['cancel_invitation'],
            path={'organization_id': organization_id, 'invitation_id': invitation_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def my_invitations(self) -> Record:
        """``GET /api/auth/invitations``: Invitations addressed to the signed-in user's email."""
        answer = self._call(
            OPERATIONS['my_invitations'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def accept_mine(self, invitation_id: int) -> Record:
        """``POST /api/auth/invitations/{invitation_id}/accept``: Accept Mine"""
        answer = self._call(
            OPERATIONS['accept_mine'],
            path={'invitation_id': invitation_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def accept_with_token(self, body: models.InvitationAccept | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def create_session(
        self,
        body: models.SessionCreate | Mapping[str, Any],
        *,
        x_frappe_origin: str | None = None,
    ) -> Record:
        """``POST /api/sessions``: Create Session"""
        answer = self._call(
            OPERATIONS['create_session'],
            path={},
            query={},
            headers={'x-frappe-origin': x_frappe_origin},
            body=body,
        )
        return cast(Record, answer)

    def list_sessions(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        status: Literal['connected', 'disconnected', 'qr_code', 'connecting'] | None = None,
    ) -> Record:
        """``GET /api/sessions``: List Sessions"""
        answer = self._call(
            OPERATIONS['list_sessions'],
            path={},
            query={'page': page, 'limit': limit, 'status': status},
            headers={},
        )
        return cast(Record, answer)

    def get_session(self, id: str) -> Record:
        """``GET /api/sessions/{id}``: Get Session"""
        answer = self._call(
            OPERATIONS['get_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def update_session(self, id: str, body: models.SessionUpdate | Mapping[str, Any]) -> Record:
        """``PUT /api/sessions/{id}``: Update Session"""
        answer = self._call(
            OPERATIONS['update_session'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def delete_session(self, id: str) -> Record:
        """``DELETE /api/sessions/{id}``: Delete Session"""
        answer = self._call(
            OPERATIONS['delete_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def get_session_status(self, id: str) -> Record:
        """``GET /api/sessions/{id}/status``: Get Session Status"""
        answer = self._call(
            OPERATIONS['get_session_status'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def get_session_qr(self, id: str) -> Record:
        """``GET /api/sessions/{id}/qr``: Get Session Qr"""
        answer = self._call(
            OPERATIONS['get_session_qr'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def connect_session(self, id: str) -> Record:
        """``POST /api/sessions/{id}/connect``: Connect Session"""
        answer = self._call(
            OPERATIONS['connect_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def disconnect_session(self, id: str) -> Record:
        """``POST /api/sessions/{id}/disconnect``: Disconnect Session"""
        answer = self._call(
            OPERATIONS['disconnect_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def restart_session(self, id: str) -> Record:
        """``POST /api/sessions/{id}/restart``: Restart Session"""
        answer = self._call(
            OPERATIONS['restart_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def logout_session(self, id: str) -> Record:
        """``POST /api/sessions/{id}/logout``: Logout Session"""
        answer = self._call(
            OPERATIONS['logout_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def request_pairing_code(
        self,
        id: str,
        body: models.PairingCodeRequest | Mapping[str, Any],
    ) -> Record:
        """``POST /api/sessions/{id}/pairing-code``: Request Pairing Code"""
        answer = self._call(
            OPERATIONS['request_pairing_code'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def configure_frappe(self, id: str, body: models.FrappeConfigure | Mapping[str, Any]) -> Record:
        """``POST /api/sessions/{id}/frappe/configure``: Configure Frappe"""
        answer = self._call(
            OPERATIONS['configure_frappe'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def frappe_status(self, id: str) -> Record:
        """``GET /api/sessions/{id}/frappe/status``: Frappe Status"""
        answer = self._call(
            OPERATIONS['frappe_status'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def cluster(self) -> Record:
        """``GET /api/cluster``: Nodes of the cluster and the sessions each drives"""
        answer = self._call(
            OPERATIONS['cluster'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def rebalance(self) -> Record:
        """``POST /api/cluster/rebalance``: Even out the sessions over the live nodes now"""
        answer = self._call(
            OPERATIONS['rebalance'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def drain(self, node_id: str) -> Record:
        """``POST /api/cluster/nodes/{node_id}/drain``: Move every session off a node"""
        answer = self._call(
            OPERATIONS['drain'],
            path={'node_id': node_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def list_session_contacts(self, id: str) -> Record:
        """``GET /api/sessions/{id}/contacts``: List Session Contacts"""
        answer = self._call(
            OPERATIONS['list_session_contacts'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def send_message(
        self,
        session_id: str,
        body: models.SendMessageRequest | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    def list_unread_messages(self, *, page: int | None = None, limit: int | None = None) -> Record:
        """``GET /api/messages/unread``: Unread incoming messages of every session of the
        organization.
        """
        answer = self._call(
            OPERATIONS['list_unread_messages'],
            path={},
            query={'page': page, 'limit': limit},
            headers={},
        )
        return cast(Record, answer)

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
    ) -> Record:
        """``GET /api/messages/{sessionId}``: List Messages"""
        answer = self._call(
            OPERATIONS['list_messages'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'chatId': chat_id, 'type': type, 'fromMe': from_me, 'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast(Record, answer)

    def list_chats(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
    ) -> Record:
        """``GET /api/messages/{sessionId}/chats``: List Chats"""
        answer = self._call(
            OPERATIONS['list_chats'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit},
            headers={},
        )
        return cast(Record, answer)

    def message_stats(
        self,
        session_id: str,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> Record:
        """``GET /api/messages/{sessionId}/stats``: Sent and received messages by type, status
        and day (default: the last 7 days).
        """
        answer = self._call(
            OPERATIONS['message_stats'],
            path={'sessionId': session_id},
            query={'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast(Record, answer)

    def get_message(self, session_id: str, message_id: str) -> Record:
        """``GET /api/messages/{sessionId}/messages/{messageId}``: Get Message"""
        answer = self._call(
            OPERATIONS['get_message'],
            path={'messageId': message_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def edit_message(
        self,
        session_id: str,
        message_id: str,
        body: models.EditMessageRequest | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def delete_message(self, session_id: str, message_id: str) -> Record:
        """``DELETE /api/messages/{sessionId}/messages/{messageId}``: Delete a sent message for
        everyone (a queued one is cancelled instead).
        """
        answer = self._call(
            OPERATIONS['delete_message'],
            path={'messageId': message_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def send_presence(
        self,
        session_id: str,
        body: models.PresenceRequest | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def mark_chat_read(self, session_id: str, chat_id: str) -> Record:
        """``PUT /api/messages/{sessionId}/{chatId}/read``: Mark every message of the chat read;
        read receipts go to the senders.
        """
        answer = self._call(
            OPERATIONS['mark_chat_read'],
            path={'chatId': chat_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def chat_history(
        self,
        session_id: str,
        chat_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> Record:
        """``GET /api/messages/{sessionId}/{chatId}``: Chat History"""
        answer = self._call(
            OPERATIONS['chat_history'],
            path={'chatId': chat_id, 'sessionId': session_id},
            query={'page': page, 'limit': limit, 'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast(Record, answer)

    def list_media(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        type: Literal['image', 'video', 'audio', 'document', 'sticker'] | None = None,
    ) -> Record:
        """``GET /api/media/sessions/{sessionId}``: List Media"""
        answer = self._call(
            OPERATIONS['list_media'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'type': type},
            headers={},
        )
        return cast(Record, answer)

    def upload_media(
        self,
        session_id: str,
        file: FileContent,
        *,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    def get_media(self, media_file_id: str) -> Record:
        """``GET /api/media/{mediaFileId}``: Get Media"""
        answer = self._call(
            OPERATIONS['get_media'],
            path={'mediaFileId': media_file_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def delete_media(self, media_file_id: str) -> Record:
        """``DELETE /api/media/{mediaFileId}``: Delete Media"""
        answer = self._call(
            OPERATIONS['delete_media'],
            path={'mediaFileId': media_file_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

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
    ) -> Record:
        """``GET /api/contacts/{sessionId}``: The session's contacts (people and groups it
        knows), by name.
        """
        answer = self._call(
            OPERATIONS['list_contacts'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'search': search},
            headers={},
        )
        return cast(Record, answer)

    def search_contact(self, session_id: str, phone_number: str) -> Record:
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
        return cast(Record, answer)

    def get_contact_info(self, session_id: str, contact_id: str) -> Record:
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
        return cast(Record, answer)

    def block_contact(self, session_id: str, contact_id: str) -> Record:
        """``POST /api/contacts/{sessionId}/{contactId}/block``: Block a person (number or JID):
        they can no longer call or write to this number.
        """
        answer = self._call(
            OPERATIONS['block_contact'],
            path={'contactId': contact_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def unblock_contact(self, session_id: str, contact_id: str) -> Record:
        """``POST /api/contacts/{sessionId}/{contactId}/unblock``: Unblock Contact"""
        answer = self._call(
            OPERATIONS['unblock_contact'],
            path={'contactId': contact_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def get_contact_stats(self, session_id: str) -> Record:
        """``GET /api/contacts/{sessionId}/stats``: Get Contact Stats"""
        answer = self._call(
            OPERATIONS['get_contact_stats'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def update_contact(
        self,
        contact_id: str,
        body: models.ContactUpdate | Mapping[str, Any],
        *,
        session_id: str | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    def list_groups(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        search: str | None = None,
    ) -> Record:
        """``GET /api/groups/sessions/{sessionId}``: The groups the session is in (participants
        are in the group details).
        """
        answer = self._call(
            OPERATIONS['list_groups'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'search': search},
            headers={},
        )
        return cast(Record, answer)

    def create_group(self, session_id: str, body: models.GroupCreate | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def join_group_with_code(self, body: models.JoinWithCode | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def get_group(self, session_id: str, group_id: str) -> Record:
        """``GET /api/groups/sessions/{sessionId}/groups/{groupId}``: Subject, description,
        settings, participants and admins.
        """
        answer = self._call(
            OPERATIONS['get_group'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def update_group(
        self,
        session_id: str,
        group_id: str,
        body: models.GroupUpdate | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def update_group_settings(
        self,
        session_id: str,
        group_id: str,
        body: models.GroupSettings | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def add_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def remove_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any] | None = None,
        *,
        participant_id: str | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    def promote_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def demote_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def get_invite_code(self, session_id: str, group_id: str) -> Record:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/invite-code``: The group's
        invite code and link (admins only); the same code until it is revoked.
        """
        answer = self._call(
            OPERATIONS['get_invite_code'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def revoke_invite_code(self, session_id: str, group_id: str) -> Record:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/invite-code/revoke``:
        Invalidate the current invite code; returns the new one.
        """
        answer = self._call(
            OPERATIONS['revoke_invite_code'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def leave_group(self, session_id: str, group_id: str) -> Record:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/leave``: Leave Group"""
        answer = self._call(
            OPERATIONS['leave_group'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def list_statuses(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        from_me: bool | None = None,
    ) -> Record:
        """``GET /api/status/sessions/{sessionId}``: The session's own statuses and its
        contacts', newest first, expired ones included.
        """
        answer = self._call(
            OPERATIONS['list_statuses'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'fromMe': from_me},
            headers={},
        )
        return cast(Record, answer)

    def post_status(self, session_id: str, body: models.StatusCreate | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def list_active_statuses(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        from_me: bool | None = None,
    ) -> Record:
        """``GET /api/status/sessions/{sessionId}/active``: Statuses still shown on WhatsApp
        (posted in the last 24 hours).
        """
        answer = self._call(
            OPERATIONS['list_active_statuses'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'fromMe': from_me},
            headers={},
        )
        return cast(Record, answer)

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

    def view_status(self, session_id: str, status_id: str) -> Record:
        """``POST /api/status/sessions/{sessionId}/statuses/{statusId}/view``: Mark a contact's
        status as seen (the contact sees the session among its viewers).
        """
        answer = self._call(
            OPERATIONS['view_status'],
            path={'statusId': status_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def react_to_status(
        self,
        session_id: str,
        status_id: str,
        body: models.ReactionCreate | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def remove_status_reaction(self, session_id: str, status_id: str) -> Record:
        """``DELETE /api/status/sessions/{sessionId}/statuses/{statusId}/reactions``: Remove
        Status Reaction
        """
        answer = self._call(
            OPERATIONS['remove_status_reaction'],
            path={'statusId': status_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def create_template(
        self,
        organization_id: int,
        body: models.TemplateCreate | Mapping[str, Any],
    ) -> Record:
        """``POST /api/templates/organizations/{organizationId}``: Create Template"""
        answer = self._call(
            OPERATIONS['create_template'],
            path={'organizationId': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def list_templates(
        self,
        organization_id: int,
        *,
        page: int | None = None,
        limit: int | None = None,
        category: str | None = None,
        is_active: bool | None = None,
        search: str | None = None,
    ) -> Record:
        """``GET /api/templates/organizations/{organizationId}``: List Templates"""
        answer = self._call(
            OPERATIONS['list_templates'],
            path={'organizationId': organization_id},
            query={'page': page, 'limit': limit, 'category': category, 'isActive': is_active, 'search': search},
            headers={},
        )
        return cast(Record, answer)

    def get_organization_template(self, organization_id: int, template_id: int) -> Record:
        """``GET /api/templates/organizations/{organizationId}/{templateId}``: Get Organization
        Template
        """
        answer = self._call(
            OPERATIONS['get_organization_template'],
            path={'organizationId': organization_id, 'templateId': template_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def update_template(
        self,
        organization_id: int,
        template_id: int,
        body: models.TemplateUpdate | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def delete_template(self, organization_id: int, template_id: int) -> Record:
        """``DELETE /api/templates/organizations/{organizationId}/{templateId}``: Delete
        Template
        """
        answer = self._call(
            OPERATIONS['delete_template'],
            path={'organizationId': organization_id, 'templateId': template_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def get_template(self, template_id: int) -> Record:
        """``GET /api/templates/{templateId}``: Get Template"""
        answer = self._call(
            OPERATIONS['get_template'],
            path={'templateId': template_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def preview_template(
        self,
        template_id: int,
        body: models.TemplatePreview | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def use_template(
        self,
        template_id: int,
        body: models.TemplateUse | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    def sync_meta_templates(self, session_id: str) -> Record:
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
        return cast(Record, answer)

    def list_meta_templates(self, session_id: str, *, status: str | None = None) -> Record:
        """``GET /api/templates/meta/{sessionId}``: The templates as of the last sync, with
        Meta's status and components.
        """
        answer = self._call(
            OPERATIONS['list_meta_templates'],
            path={'sessionId': session_id},
            query={'status': status},
            headers={},
        )
        return cast(Record, answer)

    def get_meta_template(self, session_id: str, name: str) -> Record:
        """``GET /api/templates/meta/{sessionId}/{name}``: One template by name, in each of its
        languages.
        """
        answer = self._call(
            OPERATIONS['get_meta_template'],
            path={'name': name, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def create_webhook(
        self,
        organization_id: int,
        body: models.WebhookCreate | Mapping[str, Any],
    ) -> Record:
        """``POST /api/webhooks/organizations/{organizationId}``: Create Webhook"""
        answer = self._call(
            OPERATIONS['create_webhook'],
            path={'organizationId': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def list_webhooks(self, organization_id: int) -> Record:
        """``GET /api/webhooks/organizations/{organizationId}``: List Webhooks"""
        answer = self._call(
            OPERATIONS['list_webhooks'],
            path={'organizationId': organization_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def get_webhook(self, organization_id: int, webhook_id: int) -> Record:
        """``GET /api/webhooks/organizations/{organizationId}/{webhookId}``: Get Webhook"""
        answer = self._call(
            OPERATIONS['get_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def update_webhook(
        self,
        organization_id: int,
        webhook_id: int,
        body: models.WebhookUpdate | Mapping[str, Any],
    ) -> Record:
        """``PUT /api/webhooks/organizations/{organizationId}/{webhookId}``: Update Webhook"""
        answer = self._call(
            OPERATIONS['update_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def delete_webhook(self, organization_id: int, webhook_id: int) -> Record:
        """``DELETE /api/webhooks/organizations/{organizationId}/{webhookId}``: Delete Webhook"""
        answer = self._call(
            OPERATIONS['delete_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def test_webhook(self, organization_id: int, webhook_id: int) -> Record:
        """``POST /api/webhooks/organizations/{organizationId}/{webhookId}/test``: POST a signed
        ``webhook.test`` event now and answer with what the receiver said.
        """
        answer = self._call(
            OPERATIONS['test_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def list_subscriptions(self) -> Record:
        """``GET /api/webhooks/subscriptions``: Every subscriber of the caller's organization,
        with its health.
        """
        answer = self._call(
            OPERATIONS['list_subscriptions'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def enable_subscription(self, webhook_id: int) -> Record:
        """``POST /api/webhooks/subscriptions/{webhookId}/enable``: Turn a disabled subscriber
        back on; what it missed can be replayed.
        """
        answer = self._call(
            OPERATIONS['enable_subscription'],
            path={'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def remove_subscription(self, webhook_id: int) -> Record:
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
        return cast(Record, answer)

    def test_subscription(self, webhook_id: int) -> Record:
        """``POST /api/webhooks/subscriptions/{webhookId}/test``: Test Subscription"""
        answer = self._call(
            OPERATIONS['test_subscription'],
            path={'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def test_session_webhook(self, session_id: str) -> Record:
        """``POST /api/webhooks/sessions/{sessionId}/test``: Test a session's ``webhookUrl``
        (signed with its ``webhookSecret``).
        """
        answer = self._call(
            OPERATIONS['test_session_webhook'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def remove_session_webhook(self, session_id: str) -> Record:
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
        return cast(Record, answer)

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
    ) -> Record:
        """``GET /api/webhooks/deliveries``: The delivery log, newest first: status, attempts,
        last answer, duration, times.
        """
        answer = self._call(
            OPERATIONS['list_deliveries'],
            path={},
            query={'page': page, 'limit': limit, 'subscriptionId': subscription_id, 'sessionId': session_id, 'status': status, 'event': event, 'since': since},
            headers={},
        )
        return cast(Record, answer)

    def list_dead_letters(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        subscription_id: int | None = None,
    ) -> Record:
        """``GET /api/webhooks/dead-letters``: Deliveries that failed every attempt; redeliver
        them one by one or replay them all.
        """
        answer = self._call(
            OPERATIONS['list_dead_letters'],
            path={},
            query={'page': page, 'limit': limit, 'subscriptionId': subscription_id},
            headers={},
        )
        return cast(Record, answer)

    def get_delivery(self, delivery_id: int) -> Record:
        """``GET /api/webhooks/deliveries/{deliveryId}``: Get Delivery"""
        answer = self._call(
            OPERATIONS['get_delivery'],
            path={'deliveryId': delivery_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def redeliver(self, delivery_id: int) -> Record:
        """``POST /api/webhooks/deliveries/{deliveryId}/redeliver``: Send the delivery's event
        again (same event id) as a new delivery.
        """
        answer = self._call(
            OPERATIONS['redeliver'],
            path={'deliveryId': delivery_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def replay(self, body: models.ReplayRequest | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def create_stream_ticket(self) -> Record:
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
        return cast(Record, answer)

    def get_inspector(self) -> Record:
        """``GET /api/webhooks/inspector``: The organization's capture URL (created on first
        use): use it as a webhook URL.
        """
        answer = self._call(
            OPERATIONS['get_inspector'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def rotate_inspector(self) -> Record:
        """``POST /api/webhooks/inspector/rotate``: A new capture URL; the old one stops
        capturing at once. Subscribers that used it must be pointed at the new one.
        """
        answer = self._call(
            OPERATIONS['rotate_inspector'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def list_captures(
        self,
        *,
        limit: int | None = None,
        event: str | None = None,
        session_id: str | None = None,
        after: int | None = None,
        wait: float | None = None,
    ) -> Record:
        """``GET /api/webhooks/inspector/captures``: What the capture URL received, newest
        first: headers, body and the signature check.
        """
        answer = self._call(
            OPERATIONS['list_captures'],
            path={},
            query={'limit': limit, 'event': event, 'sessionId': session_id, 'after': after, 'wait': wait},
            headers={},
        )
        return cast(Record, answer)

    def clear_captures(self) -> Record:
        """``DELETE /api/webhooks/inspector/captures``: Clear Captures"""
        answer = self._call(
            OPERATIONS['clear_captures'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def get_capture(self, capture_id: int) -> Record:
        """``GET /api/webhooks/inspector/captures/{captureId}``: Get Capture"""
        answer = self._call(
            OPERATIONS['get_capture'],
            path={'captureId': capture_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def list_sinks(self) -> Record:
        """``GET /api/webhooks/sinks``: List Sinks"""
        answer = self._call(
            OPERATIONS['list_sinks'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def create_sink(self, body: models.SinkCreate | Mapping[str, Any]) -> Record:
        """``POST /api/webhooks/sinks``: Create Sink"""
        answer = self._call(
            OPERATIONS['create_sink'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def get_sink(self, sink_id: int) -> Record:
        """``GET /api/webhooks/sinks/{sinkId}``: Get Sink"""
        answer = self._call(
            OPERATIONS['get_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def update_sink(self, sink_id: int, body: models.SinkUpdate | Mapping[str, Any]) -> Record:
        """``PUT /api/webhooks/sinks/{sinkId}``: Update Sink"""
        answer = self._call(
            OPERATIONS['update_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def delete_sink(self, sink_id: int) -> Record:
        """``DELETE /api/webhooks/sinks/{sinkId}``: Delete Sink"""
        answer = self._call(
            OPERATIONS['delete_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def test_sink(self, sink_id: int) -> Record:
        """``POST /api/webhooks/sinks/{sinkId}/test``: Publish a signed ``webhook.test`` event
        now and answer with what the broker said.
        """
        answer = self._call(
            OPERATIONS['test_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def get_settings(self) -> Record:
        """``GET /api/handover/settings``: Get Settings"""
        answer = self._call(
            OPERATIONS['get_settings'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def update_settings(self, body: models.HandoverSettingsUpdate | Mapping[str, Any]) -> Record:
        """``PUT /api/handover/settings``: Update Settings"""
        answer = self._call(
            OPERATIONS['update_settings'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def get_bot(self, session_id: str) -> Record:
        """``GET /api/handover/sessions/{sessionId}/bot``: Get Bot"""
        answer = self._call(
            OPERATIONS['get_bot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def configure_bot(self, session_id: str, body: models.BotConfig | Mapping[str, Any]) -> Record:
        """``PUT /api/handover/sessions/{sessionId}/bot``: Configure Bot"""
        answer = self._call(
            OPERATIONS['configure_bot'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    def delete_bot(self, session_id: str) -> Record:
        """``DELETE /api/handover/sessions/{sessionId}/bot``: Delete Bot"""
        answer = self._call(
            OPERATIONS['delete_bot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def open_ticket(self, session_id: str, body: models.TicketOpen | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def chat_owner(self, session_id: str, phone_number: str) -> Record:
        """``GET /api/handover/sessions/{sessionId}/chats/{phoneNumber}``: Who answers this chat
        now: ``bot``, ``pending`` (waiting for an agent) or ``human``.
        """
        answer = self._call(
            OPERATIONS['chat_owner'],
            path={'phoneNumber': phone_number, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def list_tickets(
        self,
        *,
        status: Literal['pending', 'active', 'closed'] | None = None,
        session_id: str | None = None,
        category: str | None = None,
        page: int | None = None,
        limit: int | None = None,
    ) -> Record:
        """``GET /api/handover/tickets``: List Tickets"""
        answer = self._call(
            OPERATIONS['list_tickets'],
            path={},
            query={'status': status, 'sessionId': session_id, 'category': category, 'page': page, 'limit': limit},
            headers={},
        )
        return cast(Record, answer)

    def get_ticket(self, ticket_id: str) -> Record:
        """``GET /api/handover/tickets/{ticketId}``: Get Ticket"""
        answer = self._call(
            OPERATIONS['get_ticket'],
            path={'ticketId': ticket_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def assign_ticket(
        self,
        ticket_id: str,
        body: models.TicketAssign | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def close_ticket(
        self,
        ticket_id: str,
        body: models.TicketClose | Mapping[str, Any] | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    def get_metrics(self, *, start_date: str | None = None, end_date: str | None = None) -> Record:
        """``GET /api/handover/metrics``: Get Metrics"""
        answer = self._call(
            OPERATIONS['get_metrics'],
            path={},
            query={'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast(Record, answer)

    def handover(self, body: models.CrmHandover | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def crm_send_message(self, body: models.CrmSendMessage | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def handover_status(self, ticket_id: str) -> Record:
        """``GET /api/crm/handover-status/{ticketId}``: Handover Status"""
        answer = self._call(
            OPERATIONS['handover_status'],
            path={'ticketId': ticket_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def handover_metrics(
        self,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> Record:
        """``GET /api/crm/metrics``: Handover Metrics"""
        answer = self._call(
            OPERATIONS['handover_metrics'],
            path={},
            query={'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast(Record, answer)

    def put_chatwoot(
        self,
        session_id: str,
        body: models.ChatwootBridgeRequest | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def get_chatwoot(self, session_id: str) -> Record:
        """``GET /api/sessions/{sessionId}/chatwoot``: Get Chatwoot"""
        answer = self._call(
            OPERATIONS['get_chatwoot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def delete_chatwoot(self, session_id: str) -> Record:
        """``DELETE /api/sessions/{sessionId}/chatwoot``: Unlink the session; Chatwoot keeps its
        inbox and conversations.
        """
        answer = self._call(
            OPERATIONS['delete_chatwoot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def create_console_key(
        self,
        body: models.ConsoleKeyRequest | Mapping[str, Any] | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    def revoke_console_key(self, key_id: int) -> Record:
        """``DELETE /api/auth/console-key/{key_id}``: Revoke Console Key"""
        answer = self._call(
            OPERATIONS['revoke_console_key'],
            path={'key_id': key_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def console_info(self) -> Record:
        """``GET /api/dashboard/info``: What this gateway offers, so the console shows only what
        works here.
        """
        answer = self._call(
            OPERATIONS['console_info'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def link_session(self, body: models.LinkRequest | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def drop_connection(self, id: str) -> Record:
        """``POST /api/sandbox/sessions/{id}/drop``: Cut the session's connection; it reconnects
        by itself.
        """
        answer = self._call(
            OPERATIONS['drop_connection'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def logout_from_phone(self, id: str) -> Record:
        """``POST /api/sandbox/sessions/{id}/logout``: Unlink the session from the phone's
        "Linked devices" screen.
        """
        answer = self._call(
            OPERATIONS['logout_from_phone'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def contact_writes(self, body: models.SandboxMessageRequest | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def contact_receipts(self, body: models.SandboxReceiptRequest | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def configure_network(self, body: models.SandboxNetworkSettings | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def drop_every_connection(self) -> Record:
        """``POST /api/sandbox/network/drop``: An outage of the whole network: every connected
        session of the organization drops at once.
        """
        answer = self._call(
            OPERATIONS['drop_every_connection'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    def put_simulated_contact(self, body: models.SimulatedContact | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def post_simulated_status(self, body: models.SimulatedStatus | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    def view_status_as_contact(
        self,
        status_id: str,
        body: models.SimulatedView | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    def health(self) -> Record:
        """``GET /health``: Health"""
        answer = self._call(
            OPERATIONS['health'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)


class AsyncOperations(AsyncTransport):
    """Every operation, awaitable; each returns the answer's ``data``."""

    async def login(self, body: models.LoginRequest | Mapping[str, Any]) -> Record:
        """``POST /api/auth/login``: Login"""
        answer = await self._call(
            OPERATIONS['login'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def refresh_token(self, body: models.RefreshRequest | Mapping[str, Any]) -> Record:
        """``POST /api/auth/refresh``: Refresh Token"""
        answer = await self._call(
            OPERATIONS['refresh_token'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def logout(self, body: models.LogoutRequest | Mapping[str, Any] | None = None) -> Record:
        """``POST /api/auth/logout``: Logout"""
        answer = await self._call(
            OPERATIONS['logout'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def me(self) -> Record:
        """``GET /api/auth/me``: Me"""
        answer = await self._call(
            OPERATIONS['me'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def list_organizations(self) -> Record:
        """``GET /api/organizations``: List Organizations"""
        answer = await self._call(
            OPERATIONS['list_organizations'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def create_organization(
        self,
        body: models.OrganizationCreate | Mapping[str, Any],
    ) -> Record:
        """``POST /api/organizations``: Create Organization"""
        answer = await self._call(
            OPERATIONS['create_organization'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def get_organization(self, organization_id: int) -> Record:
        """``GET /api/organizations/{organization_id}``: Get Organization"""
        answer = await self._call(
            OPERATIONS['get_organization'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def update_organization(
        self,
        organization_id: int,
        body: models.OrganizationUpdate | Mapping[str, Any],
    ) -> Record:
        """``PUT /api/organizations/{organization_id}``: Update Organization"""
        answer = await self._call(
            OPERATIONS['update_organization'],
            path={'organization_id': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def delete_organization(self, organization_id: int) -> Record:
        """``DELETE /api/organizations/{organization_id}``: Delete Organization"""
        answer = await self._call(
            OPERATIONS['delete_organization'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def list_members(self, organization_id: int) -> Record:
        """``GET /api/organizations/{organization_id}/members``: List Members"""
        answer = await self._call(
            OPERATIONS['list_members'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def add_member(
        self,
        organization_id: int,
        body: models.MemberAdd | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def update_member(
        self,
        organization_id: int,
        user_id: int,
        body: models.MemberUpdate | Mapping[str, Any],
    ) -> Record:
        """``PUT /api/organizations/{organization_id}/members/{user_id}``: Update Member"""
        answer = await self._call(
            OPERATIONS['update_member'],
            path={'organization_id': organization_id, 'user_id': user_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def remove_member(self, organization_id: int, user_id: int) -> Record:
        """``DELETE /api/organizations/{organization_id}/members/{user_id}``: Remove Member"""
        answer = await self._call(
            OPERATIONS['remove_member'],
            path={'organization_id': organization_id, 'user_id': user_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def list_api_keys(self, organization_id: int) -> Record:
        """``GET /api/organizations/{organization_id}/api-keys``: List Api Keys"""
        answer = await self._call(
            OPERATIONS['list_api_keys'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def create_api_key(
        self,
        organization_id: int,
        body: models.ApiKeyCreate | Mapping[str, Any],
    ) -> Record:
        """``POST /api/organizations/{organization_id}/api-keys``: Create Api Key"""
        answer = await self._call(
            OPERATIONS['create_api_key'],
            path={'organization_id': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def revoke_api_key(self, organization_id: int, key_id: int) -> Record:
        """``DELETE /api/organizations/{organization_id}/api-keys/{key_id}``: Revoke Api Key"""
        answer = await self._call(
            OPERATIONS['revoke_api_key'],
            path={'organization_id': organization_id, 'key_id': key_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def list_invitations(self, organization_id: int) -> Record:
        """``GET /api/organizations/{organization_id}/invitations``: List Invitations"""
        answer = await self._call(
            OPERATIONS['list_invitations'],
            path={'organization_id': organization_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def cancel_invitation(self, organization_id: int, invitation_id: int) -> Record:
        """``DELETE /api/organizations/{organization_id}/invitations/{invitation_id}``: Cancel
        Invitation
        """
        answer = await self._call(
            OPERATIONS['cancel_invitation'],
            path={'organization_id': organization_id, 'invitation_id': invitation_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def my_invitations(self) -> Record:
        """``GET /api/auth/invitations``: Invitations addressed to the signed-in user's email."""
        answer = await self._call(
            OPERATIONS['my_invitations'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def accept_mine(self, invitation_id: int) -> Record:
        """``POST /api/auth/invitations/{invitation_id}/accept``: Accept Mine"""
        answer = await self._call(
            OPERATIONS['accept_mine'],
            path={'invitation_id': invitation_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def accept_with_token(self, body: models.InvitationAccept | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    async def create_session(
        self,
        body: models.SessionCreate | Mapping[str, Any],
        *,
        x_frappe_origin: str | None = None,
    ) -> Record:
        """``POST /api/sessions``: Create Session"""
        answer = await self._call(
            OPERATIONS['create_session'],
            path={},
            query={},
            headers={'x-frappe-origin': x_frappe_origin},
            body=body,
        )
        return cast(Record, answer)

    async def list_sessions(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        status: Literal['connected', 'disconnected', 'qr_code', 'connecting'] | None = None,
    ) -> Record:
        """``GET /api/sessions``: List Sessions"""
        answer = await self._call(
            OPERATIONS['list_sessions'],
            path={},
            query={'page': page, 'limit': limit, 'status': status},
            headers={},
        )
        return cast(Record, answer)

    async def get_session(self, id: str) -> Record:
        """``GET /api/sessions/{id}``: Get Session"""
        answer = await self._call(
            OPERATIONS['get_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def update_session(
        self,
        id: str,
        body: models.SessionUpdate | Mapping[str, Any],
    ) -> Record:
        """``PUT /api/sessions/{id}``: Update Session"""
        answer = await self._call(
            OPERATIONS['update_session'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def delete_session(self, id: str) -> Record:
        """``DELETE /api/sessions/{id}``: Delete Session"""
        answer = await self._call(
            OPERATIONS['delete_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def get_session_status(self, id: str) -> Record:
        """``GET /api/sessions/{id}/status``: Get Session Status"""
        answer = await self._call(
            OPERATIONS['get_session_status'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def get_session_qr(self, id: str) -> Record:
        """``GET /api/sessions/{id}/qr``: Get Session Qr"""
        answer = await self._call(
            OPERATIONS['get_session_qr'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def connect_session(self, id: str) -> Record:
        """``POST /api/sessions/{id}/connect``: Connect Session"""
        answer = await self._call(
            OPERATIONS['connect_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def disconnect_session(self, id: str) -> Record:
        """``POST /api/sessions/{id}/disconnect``: Disconnect Session"""
        answer = await self._call(
            OPERATIONS['disconnect_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def restart_session(self, id: str) -> Record:
        """``POST /api/sessions/{id}/restart``: Restart Session"""
        answer = await self._call(
            OPERATIONS['restart_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def logout_session(self, id: str) -> Record:
        """``POST /api/sessions/{id}/logout``: Logout Session"""
        answer = await self._call(
            OPERATIONS['logout_session'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def request_pairing_code(
        self,
        id: str,
        body: models.PairingCodeRequest | Mapping[str, Any],
    ) -> Record:
        """``POST /api/sessions/{id}/pairing-code``: Request Pairing Code"""
        answer = await self._call(
            OPERATIONS['request_pairing_code'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def configure_frappe(
        self,
        id: str,
        body: models.FrappeConfigure | Mapping[str, Any],
    ) -> Record:
        """``POST /api/sessions/{id}/frappe/configure``: Configure Frappe"""
        answer = await self._call(
            OPERATIONS['configure_frappe'],
            path={'id': id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def frappe_status(self, id: str) -> Record:
        """``GET /api/sessions/{id}/frappe/status``: Frappe Status"""
        answer = await self._call(
            OPERATIONS['frappe_status'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def cluster(self) -> Record:
        """``GET /api/cluster``: Nodes of the cluster and the sessions each drives"""
        answer = await self._call(
            OPERATIONS['cluster'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def rebalance(self) -> Record:
        """``POST /api/cluster/rebalance``: Even out the sessions over the live nodes now"""
        answer = await self._call(
            OPERATIONS['rebalance'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def drain(self, node_id: str) -> Record:
        """``POST /api/cluster/nodes/{node_id}/drain``: Move every session off a node"""
        answer = await self._call(
            OPERATIONS['drain'],
            path={'node_id': node_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def list_session_contacts(self, id: str) -> Record:
        """``GET /api/sessions/{id}/contacts``: List Session Contacts"""
        answer = await self._call(
            OPERATIONS['list_session_contacts'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def send_message(
        self,
        session_id: str,
        body: models.SendMessageRequest | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    async def list_unread_messages(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
    ) -> Record:
        """``GET /api/messages/unread``: Unread incoming messages of every session of the
        organization.
        """
        answer = await self._call(
            OPERATIONS['list_unread_messages'],
            path={},
            query={'page': page, 'limit': limit},
            headers={},
        )
        return cast(Record, answer)

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
    ) -> Record:
        """``GET /api/messages/{sessionId}``: List Messages"""
        answer = await self._call(
            OPERATIONS['list_messages'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'chatId': chat_id, 'type': type, 'fromMe': from_me, 'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast(Record, answer)

    async def list_chats(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
    ) -> Record:
        """``GET /api/messages/{sessionId}/chats``: List Chats"""
        answer = await self._call(
            OPERATIONS['list_chats'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit},
            headers={},
        )
        return cast(Record, answer)

    async def message_stats(
        self,
        session_id: str,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> Record:
        """``GET /api/messages/{sessionId}/stats``: Sent and received messages by type, status
        and day (default: the last 7 days).
        """
        answer = await self._call(
            OPERATIONS['message_stats'],
            path={'sessionId': session_id},
            query={'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast(Record, answer)

    async def get_message(self, session_id: str, message_id: str) -> Record:
        """``GET /api/messages/{sessionId}/messages/{messageId}``: Get Message"""
        answer = await self._call(
            OPERATIONS['get_message'],
            path={'messageId': message_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def edit_message(
        self,
        session_id: str,
        message_id: str,
        body: models.EditMessageRequest | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def delete_message(self, session_id: str, message_id: str) -> Record:
        """``DELETE /api/messages/{sessionId}/messages/{messageId}``: Delete a sent message for
        everyone (a queued one is cancelled instead).
        """
        answer = await self._call(
            OPERATIONS['delete_message'],
            path={'messageId': message_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def send_presence(
        self,
        session_id: str,
        body: models.PresenceRequest | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def mark_chat_read(self, session_id: str, chat_id: str) -> Record:
        """``PUT /api/messages/{sessionId}/{chatId}/read``: Mark every message of the chat read;
        read receipts go to the senders.
        """
        answer = await self._call(
            OPERATIONS['mark_chat_read'],
            path={'chatId': chat_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def chat_history(
        self,
        session_id: str,
        chat_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> Record:
        """``GET /api/messages/{sessionId}/{chatId}``: Chat History"""
        answer = await self._call(
            OPERATIONS['chat_history'],
            path={'chatId': chat_id, 'sessionId': session_id},
            query={'page': page, 'limit': limit, 'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast(Record, answer)

    async def list_media(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        type: Literal['image', 'video', 'audio', 'document', 'sticker'] | None = None,
    ) -> Record:
        """``GET /api/media/sessions/{sessionId}``: List Media"""
        answer = await self._call(
            OPERATIONS['list_media'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'type': type},
            headers={},
        )
        return cast(Record, answer)

    async def upload_media(
        self,
        session_id: str,
        file: FileContent,
        *,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    async def get_media(self, media_file_id: str) -> Record:
        """``GET /api/media/{mediaFileId}``: Get Media"""
        answer = await self._call(
            OPERATIONS['get_media'],
            path={'mediaFileId': media_file_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def delete_media(self, media_file_id: str) -> Record:
        """``DELETE /api/media/{mediaFileId}``: Delete Media"""
        answer = await self._call(
            OPERATIONS['delete_media'],
            path={'mediaFileId': media_file_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

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
    ) -> Record:
        """``GET /api/contacts/{sessionId}``: The session's contacts (people and groups it
        knows), by name.
        """
        answer = await self._call(
            OPERATIONS['list_contacts'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'search': search},
            headers={},
        )
        return cast(Record, answer)

    async def search_contact(self, session_id: str, phone_number: str) -> Record:
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
        return cast(Record, answer)

    async def get_contact_info(self, session_id: str, contact_id: str) -> Record:
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
        return cast(Record, answer)

    async def block_contact(self, session_id: str, contact_id: str) -> Record:
        """``POST /api/contacts/{sessionId}/{contactId}/block``: Block a person (number or JID):
        they can no longer call or write to this number.
        """
        answer = await self._call(
            OPERATIONS['block_contact'],
            path={'contactId': contact_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def unblock_contact(self, session_id: str, contact_id: str) -> Record:
        """``POST /api/contacts/{sessionId}/{contactId}/unblock``: Unblock Contact"""
        answer = await self._call(
            OPERATIONS['unblock_contact'],
            path={'contactId': contact_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def get_contact_stats(self, session_id: str) -> Record:
        """``GET /api/contacts/{sessionId}/stats``: Get Contact Stats"""
        answer = await self._call(
            OPERATIONS['get_contact_stats'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def update_contact(
        self,
        contact_id: str,
        body: models.ContactUpdate | Mapping[str, Any],
        *,
        session_id: str | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    async def list_groups(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        search: str | None = None,
    ) -> Record:
        """``GET /api/groups/sessions/{sessionId}``: The groups the session is in (participants
        are in the group details).
        """
        answer = await self._call(
            OPERATIONS['list_groups'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'search': search},
            headers={},
        )
        return cast(Record, answer)

    async def create_group(
        self,
        session_id: str,
        body: models.GroupCreate | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def join_group_with_code(self, body: models.JoinWithCode | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    async def get_group(self, session_id: str, group_id: str) -> Record:
        """``GET /api/groups/sessions/{sessionId}/groups/{groupId}``: Subject, description,
        settings, participants and admins.
        """
        answer = await self._call(
            OPERATIONS['get_group'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def update_group(
        self,
        session_id: str,
        group_id: str,
        body: models.GroupUpdate | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def update_group_settings(
        self,
        session_id: str,
        group_id: str,
        body: models.GroupSettings | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def add_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def remove_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any] | None = None,
        *,
        participant_id: str | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    async def promote_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def demote_participants(
        self,
        session_id: str,
        group_id: str,
        body: models.ParticipantsChange | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def get_invite_code(self, session_id: str, group_id: str) -> Record:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/invite-code``: The group's
        invite code and link (admins only); the same code until it is revoked.
        """
        answer = await self._call(
            OPERATIONS['get_invite_code'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def revoke_invite_code(self, session_id: str, group_id: str) -> Record:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/invite-code/revoke``:
        Invalidate the current invite code; returns the new one.
        """
        answer = await self._call(
            OPERATIONS['revoke_invite_code'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def leave_group(self, session_id: str, group_id: str) -> Record:
        """``POST /api/groups/sessions/{sessionId}/groups/{groupId}/leave``: Leave Group"""
        answer = await self._call(
            OPERATIONS['leave_group'],
            path={'groupId': group_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def list_statuses(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        from_me: bool | None = None,
    ) -> Record:
        """``GET /api/status/sessions/{sessionId}``: The session's own statuses and its
        contacts', newest first, expired ones included.
        """
        answer = await self._call(
            OPERATIONS['list_statuses'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'fromMe': from_me},
            headers={},
        )
        return cast(Record, answer)

    async def post_status(
        self,
        session_id: str,
        body: models.StatusCreate | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def list_active_statuses(
        self,
        session_id: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        from_me: bool | None = None,
    ) -> Record:
        """``GET /api/status/sessions/{sessionId}/active``: Statuses still shown on WhatsApp
        (posted in the last 24 hours).
        """
        answer = await self._call(
            OPERATIONS['list_active_statuses'],
            path={'sessionId': session_id},
            query={'page': page, 'limit': limit, 'fromMe': from_me},
            headers={},
        )
        return cast(Record, answer)

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

    async def view_status(self, session_id: str, status_id: str) -> Record:
        """``POST /api/status/sessions/{sessionId}/statuses/{statusId}/view``: Mark a contact's
        status as seen (the contact sees the session among its viewers).
        """
        answer = await self._call(
            OPERATIONS['view_status'],
            path={'statusId': status_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def react_to_status(
        self,
        session_id: str,
        status_id: str,
        body: models.ReactionCreate | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def remove_status_reaction(self, session_id: str, status_id: str) -> Record:
        """``DELETE /api/status/sessions/{sessionId}/statuses/{statusId}/reactions``: Remove
        Status Reaction
        """
        answer = await self._call(
            OPERATIONS['remove_status_reaction'],
            path={'statusId': status_id, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def create_template(
        self,
        organization_id: int,
        body: models.TemplateCreate | Mapping[str, Any],
    ) -> Record:
        """``POST /api/templates/organizations/{organizationId}``: Create Template"""
        answer = await self._call(
            OPERATIONS['create_template'],
            path={'organizationId': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def list_templates(
        self,
        organization_id: int,
        *,
        page: int | None = None,
        limit: int | None = None,
        category: str | None = None,
        is_active: bool | None = None,
        search: str | None = None,
    ) -> Record:
        """``GET /api/templates/organizations/{organizationId}``: List Templates"""
        answer = await self._call(
            OPERATIONS['list_templates'],
            path={'organizationId': organization_id},
            query={'page': page, 'limit': limit, 'category': category, 'isActive': is_active, 'search': search},
            headers={},
        )
        return cast(Record, answer)

    async def get_organization_template(self, organization_id: int, template_id: int) -> Record:
        """``GET /api/templates/organizations/{organizationId}/{templateId}``: Get Organization
        Template
        """
        answer = await self._call(
            OPERATIONS['get_organization_template'],
            path={'organizationId': organization_id, 'templateId': template_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def update_template(
        self,
        organization_id: int,
        template_id: int,
        body: models.TemplateUpdate | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def delete_template(self, organization_id: int, template_id: int) -> Record:
        """``DELETE /api/templates/organizations/{organizationId}/{templateId}``: Delete
        Template
        """
        answer = await self._call(
            OPERATIONS['delete_template'],
            path={'organizationId': organization_id, 'templateId': template_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def get_template(self, template_id: int) -> Record:
        """``GET /api/templates/{templateId}``: Get Template"""
        answer = await self._call(
            OPERATIONS['get_template'],
            path={'templateId': template_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def preview_template(
        self,
        template_id: int,
        body: models.TemplatePreview | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def use_template(
        self,
        template_id: int,
        body: models.TemplateUse | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    async def sync_meta_templates(self, session_id: str) -> Record:
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
        return cast(Record, answer)

    async def list_meta_templates(self, session_id: str, *, status: str | None = None) -> Record:
        """``GET /api/templates/meta/{sessionId}``: The templates as of the last sync, with
        Meta's status and components.
        """
        answer = await self._call(
            OPERATIONS['list_meta_templates'],
            path={'sessionId': session_id},
            query={'status': status},
            headers={},
        )
        return cast(Record, answer)

    async def get_meta_template(self, session_id: str, name: str) -> Record:
        """``GET /api/templates/meta/{sessionId}/{name}``: One template by name, in each of its
        languages.
        """
        answer = await self._call(
            OPERATIONS['get_meta_template'],
            path={'name': name, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def create_webhook(
        self,
        organization_id: int,
        body: models.WebhookCreate | Mapping[str, Any],
    ) -> Record:
        """``POST /api/webhooks/organizations/{organizationId}``: Create Webhook"""
        answer = await self._call(
            OPERATIONS['create_webhook'],
            path={'organizationId': organization_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def list_webhooks(self, organization_id: int) -> Record:
        """``GET /api/webhooks/organizations/{organizationId}``: List Webhooks"""
        answer = await self._call(
            OPERATIONS['list_webhooks'],
            path={'organizationId': organization_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def get_webhook(self, organization_id: int, webhook_id: int) -> Record:
        """``GET /api/webhooks/organizations/{organizationId}/{webhookId}``: Get Webhook"""
        answer = await self._call(
            OPERATIONS['get_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def update_webhook(
        self,
        organization_id: int,
        webhook_id: int,
        body: models.WebhookUpdate | Mapping[str, Any],
    ) -> Record:
        """``PUT /api/webhooks/organizations/{organizationId}/{webhookId}``: Update Webhook"""
        answer = await self._call(
            OPERATIONS['update_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def delete_webhook(self, organization_id: int, webhook_id: int) -> Record:
        """``DELETE /api/webhooks/organizations/{organizationId}/{webhookId}``: Delete Webhook"""
        answer = await self._call(
            OPERATIONS['delete_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def test_webhook(self, organization_id: int, webhook_id: int) -> Record:
        """``POST /api/webhooks/organizations/{organizationId}/{webhookId}/test``: POST a signed
        ``webhook.test`` event now and answer with what the receiver said.
        """
        answer = await self._call(
            OPERATIONS['test_webhook'],
            path={'organizationId': organization_id, 'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def list_subscriptions(self) -> Record:
        """``GET /api/webhooks/subscriptions``: Every subscriber of the caller's organization,
        with its health.
        """
        answer = await self._call(
            OPERATIONS['list_subscriptions'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def enable_subscription(self, webhook_id: int) -> Record:
        """``POST /api/webhooks/subscriptions/{webhookId}/enable``: Turn a disabled subscriber
        back on; what it missed can be replayed.
        """
        answer = await self._call(
            OPERATIONS['enable_subscription'],
            path={'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def remove_subscription(self, webhook_id: int) -> Record:
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
        return cast(Record, answer)

    async def test_subscription(self, webhook_id: int) -> Record:
        """``POST /api/webhooks/subscriptions/{webhookId}/test``: Test Subscription"""
        answer = await self._call(
            OPERATIONS['test_subscription'],
            path={'webhookId': webhook_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def test_session_webhook(self, session_id: str) -> Record:
        """``POST /api/webhooks/sessions/{sessionId}/test``: Test a session's ``webhookUrl``
        (signed with its ``webhookSecret``).
        """
        answer = await self._call(
            OPERATIONS['test_session_webhook'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def remove_session_webhook(self, session_id: str) -> Record:
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
        return cast(Record, answer)

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
    ) -> Record:
        """``GET /api/webhooks/deliveries``: The delivery log, newest first: status, attempts,
        last answer, duration, times.
        """
        answer = await self._call(
            OPERATIONS['list_deliveries'],
            path={},
            query={'page': page, 'limit': limit, 'subscriptionId': subscription_id, 'sessionId': session_id, 'status': status, 'event': event, 'since': since},
            headers={},
        )
        return cast(Record, answer)

    async def list_dead_letters(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        subscription_id: int | None = None,
    ) -> Record:
        """``GET /api/webhooks/dead-letters``: Deliveries that failed every attempt; redeliver
        them one by one or replay them all.
        """
        answer = await self._call(
            OPERATIONS['list_dead_letters'],
            path={},
            query={'page': page, 'limit': limit, 'subscriptionId': subscription_id},
            headers={},
        )
        return cast(Record, answer)

    async def get_delivery(self, delivery_id: int) -> Record:
        """``GET /api/webhooks/deliveries/{deliveryId}``: Get Delivery"""
        answer = await self._call(
            OPERATIONS['get_delivery'],
            path={'deliveryId': delivery_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def redeliver(self, delivery_id: int) -> Record:
        """``POST /api/webhooks/deliveries/{deliveryId}/redeliver``: Send the delivery's event
        again (same event id) as a new delivery.
        """
        answer = await self._call(
            OPERATIONS['redeliver'],
            path={'deliveryId': delivery_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def replay(self, body: models.ReplayRequest | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    async def create_stream_ticket(self) -> Record:
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
        return cast(Record, answer)

    async def get_inspector(self) -> Record:
        """``GET /api/webhooks/inspector``: The organization's capture URL (created on first
        use): use it as a webhook URL.
        """
        answer = await self._call(
            OPERATIONS['get_inspector'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def rotate_inspector(self) -> Record:
        """``POST /api/webhooks/inspector/rotate``: A new capture URL; the old one stops
        capturing at once. Subscribers that used it must be pointed at the new one.
        """
        answer = await self._call(
            OPERATIONS['rotate_inspector'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def list_captures(
        self,
        *,
        limit: int | None = None,
        event: str | None = None,
        session_id: str | None = None,
        after: int | None = None,
        wait: float | None = None,
    ) -> Record:
        """``GET /api/webhooks/inspector/captures``: What the capture URL received, newest
        first: headers, body and the signature check.
        """
        answer = await self._call(
            OPERATIONS['list_captures'],
            path={},
            query={'limit': limit, 'event': event, 'sessionId': session_id, 'after': after, 'wait': wait},
            headers={},
        )
        return cast(Record, answer)

    async def clear_captures(self) -> Record:
        """``DELETE /api/webhooks/inspector/captures``: Clear Captures"""
        answer = await self._call(
            OPERATIONS['clear_captures'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def get_capture(self, capture_id: int) -> Record:
        """``GET /api/webhooks/inspector/captures/{captureId}``: Get Capture"""
        answer = await self._call(
            OPERATIONS['get_capture'],
            path={'captureId': capture_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def list_sinks(self) -> Record:
        """``GET /api/webhooks/sinks``: List Sinks"""
        answer = await self._call(
            OPERATIONS['list_sinks'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def create_sink(self, body: models.SinkCreate | Mapping[str, Any]) -> Record:
        """``POST /api/webhooks/sinks``: Create Sink"""
        answer = await self._call(
            OPERATIONS['create_sink'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def get_sink(self, sink_id: int) -> Record:
        """``GET /api/webhooks/sinks/{sinkId}``: Get Sink"""
        answer = await self._call(
            OPERATIONS['get_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def update_sink(
        self,
        sink_id: int,
        body: models.SinkUpdate | Mapping[str, Any],
    ) -> Record:
        """``PUT /api/webhooks/sinks/{sinkId}``: Update Sink"""
        answer = await self._call(
            OPERATIONS['update_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def delete_sink(self, sink_id: int) -> Record:
        """``DELETE /api/webhooks/sinks/{sinkId}``: Delete Sink"""
        answer = await self._call(
            OPERATIONS['delete_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def test_sink(self, sink_id: int) -> Record:
        """``POST /api/webhooks/sinks/{sinkId}/test``: Publish a signed ``webhook.test`` event
        now and answer with what the broker said.
        """
        answer = await self._call(
            OPERATIONS['test_sink'],
            path={'sinkId': sink_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def get_settings(self) -> Record:
        """``GET /api/handover/settings``: Get Settings"""
        answer = await self._call(
            OPERATIONS['get_settings'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def update_settings(
        self,
        body: models.HandoverSettingsUpdate | Mapping[str, Any],
    ) -> Record:
        """``PUT /api/handover/settings``: Update Settings"""
        answer = await self._call(
            OPERATIONS['update_settings'],
            path={},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def get_bot(self, session_id: str) -> Record:
        """``GET /api/handover/sessions/{sessionId}/bot``: Get Bot"""
        answer = await self._call(
            OPERATIONS['get_bot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def configure_bot(
        self,
        session_id: str,
        body: models.BotConfig | Mapping[str, Any],
    ) -> Record:
        """``PUT /api/handover/sessions/{sessionId}/bot``: Configure Bot"""
        answer = await self._call(
            OPERATIONS['configure_bot'],
            path={'sessionId': session_id},
            query={},
            headers={},
            body=body,
        )
        return cast(Record, answer)

    async def delete_bot(self, session_id: str) -> Record:
        """``DELETE /api/handover/sessions/{sessionId}/bot``: Delete Bot"""
        answer = await self._call(
            OPERATIONS['delete_bot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def open_ticket(
        self,
        session_id: str,
        body: models.TicketOpen | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def chat_owner(self, session_id: str, phone_number: str) -> Record:
        """``GET /api/handover/sessions/{sessionId}/chats/{phoneNumber}``: Who answers this chat
        now: ``bot``, ``pending`` (waiting for an agent) or ``human``.
        """
        answer = await self._call(
            OPERATIONS['chat_owner'],
            path={'phoneNumber': phone_number, 'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def list_tickets(
        self,
        *,
        status: Literal['pending', 'active', 'closed'] | None = None,
        session_id: str | None = None,
        category: str | None = None,
        page: int | None = None,
        limit: int | None = None,
    ) -> Record:
        """``GET /api/handover/tickets``: List Tickets"""
        answer = await self._call(
            OPERATIONS['list_tickets'],
            path={},
            query={'status': status, 'sessionId': session_id, 'category': category, 'page': page, 'limit': limit},
            headers={},
        )
        return cast(Record, answer)

    async def get_ticket(self, ticket_id: str) -> Record:
        """``GET /api/handover/tickets/{ticketId}``: Get Ticket"""
        answer = await self._call(
            OPERATIONS['get_ticket'],
            path={'ticketId': ticket_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def assign_ticket(
        self,
        ticket_id: str,
        body: models.TicketAssign | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def close_ticket(
        self,
        ticket_id: str,
        body: models.TicketClose | Mapping[str, Any] | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    async def get_metrics(
        self,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> Record:
        """``GET /api/handover/metrics``: Get Metrics"""
        answer = await self._call(
            OPERATIONS['get_metrics'],
            path={},
            query={'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast(Record, answer)

    async def handover(self, body: models.CrmHandover | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    async def crm_send_message(self, body: models.CrmSendMessage | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    async def handover_status(self, ticket_id: str) -> Record:
        """``GET /api/crm/handover-status/{ticketId}``: Handover Status"""
        answer = await self._call(
            OPERATIONS['handover_status'],
            path={'ticketId': ticket_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def handover_metrics(
        self,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> Record:
        """``GET /api/crm/metrics``: Handover Metrics"""
        answer = await self._call(
            OPERATIONS['handover_metrics'],
            path={},
            query={'startDate': start_date, 'endDate': end_date},
            headers={},
        )
        return cast(Record, answer)

    async def put_chatwoot(
        self,
        session_id: str,
        body: models.ChatwootBridgeRequest | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def get_chatwoot(self, session_id: str) -> Record:
        """``GET /api/sessions/{sessionId}/chatwoot``: Get Chatwoot"""
        answer = await self._call(
            OPERATIONS['get_chatwoot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def delete_chatwoot(self, session_id: str) -> Record:
        """``DELETE /api/sessions/{sessionId}/chatwoot``: Unlink the session; Chatwoot keeps its
        inbox and conversations.
        """
        answer = await self._call(
            OPERATIONS['delete_chatwoot'],
            path={'sessionId': session_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def create_console_key(
        self,
        body: models.ConsoleKeyRequest | Mapping[str, Any] | None = None,
    ) -> Record:
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
        return cast(Record, answer)

    async def revoke_console_key(self, key_id: int) -> Record:
        """``DELETE /api/auth/console-key/{key_id}``: Revoke Console Key"""
        answer = await self._call(
            OPERATIONS['revoke_console_key'],
            path={'key_id': key_id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def console_info(self) -> Record:
        """``GET /api/dashboard/info``: What this gateway offers, so the console shows only what
        works here.
        """
        answer = await self._call(
            OPERATIONS['console_info'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def link_session(self, body: models.LinkRequest | Mapping[str, Any]) -> Record:
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
        return cast(Record, answer)

    async def drop_connection(self, id: str) -> Record:
        """``POST /api/sandbox/sessions/{id}/drop``: Cut the session's connection; it reconnects
        by itself.
        """
        answer = await self._call(
            OPERATIONS['drop_connection'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def logout_from_phone(self, id: str) -> Record:
        """``POST /api/sandbox/sessions/{id}/logout``: Unlink the session from the phone's
        "Linked devices" screen.
        """
        answer = await self._call(
            OPERATIONS['logout_from_phone'],
            path={'id': id},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def contact_writes(
        self,
        body: models.SandboxMessageRequest | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def contact_receipts(
        self,
        body: models.SandboxReceiptRequest | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def configure_network(
        self,
        body: models.SandboxNetworkSettings | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def drop_every_connection(self) -> Record:
        """``POST /api/sandbox/network/drop``: An outage of the whole network: every connected
        session of the organization drops at once.
        """
        answer = await self._call(
            OPERATIONS['drop_every_connection'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

    async def put_simulated_contact(
        self,
        body: models.SimulatedContact | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def post_simulated_status(
        self,
        body: models.SimulatedStatus | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def view_status_as_contact(
        self,
        status_id: str,
        body: models.SimulatedView | Mapping[str, Any],
    ) -> Record:
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
        return cast(Record, answer)

    async def health(self) -> Record:
        """``GET /health``: Health"""
        answer = await self._call(
            OPERATIONS['health'],
            path={},
            query={},
            headers={},
        )
        return cast(Record, answer)

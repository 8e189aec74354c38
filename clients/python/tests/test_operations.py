"""Every operation of the SDK, once at least, against a real gateway.

One tour through the product as a CRM would take it: accounts, sessions linked through the
sandbox, messages both ways, media, contacts, groups, statuses, templates, webhooks with real
signed deliveries, the handover desk and the CRM's own endpoints. Each answer is parsed into the
SDK returns them (a typed model where the document has a schema, else a Record); a few can only
answer an error on a single SQLite node, and the SDK must raise it with the gateway's code.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import httpx
import pytest
from inboxhub_client import (
    ConflictError,
    InboxHub,
    InboxHubError,
    NotFoundError,
    Retry,
    ValidationError,
)
from inboxhub_client._operations import OPERATIONS
from inboxhub_client.webhooks import WebhookReceiver

from conftest import Gateway, Receiver, eventually, free_port

SALES, SUPPORT = "sdk-sales", "sdk-support"
SALES_PHONE, SUPPORT_PHONE = "34600100001", "34600100002"
CUSTOMER, FRIEND = "34611100001", "34611100002"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


class Recorder:
    """Wraps a client's transport call and notes which operations were used."""

    def __init__(self) -> None:
        self.called: set[str] = set()

    def watch(self, client: InboxHub) -> InboxHub:
        call = client._call

        def recorded(operation: Any, **parts: Any) -> Any:
            self.called.add(operation.name)
            return call(operation, **parts)

        client._call = recorded  # type: ignore[method-assign]
        return client


@pytest.fixture(scope="module")
def recorder() -> Recorder:
    return Recorder()


def _link(hub: InboxHub, session_id: str, phone: str, webhook: str) -> None:
    created = hub.create_session(
        {
            "sessionId": session_id,
            "sessionName": session_id,
            "webhookUrl": webhook,
            "webhookSecret": "sdk-session-secret",
            "webhookEvents": ["*"],
        }
    )
    assert created.session_id == session_id
    qr = created.qr_text or eventually(lambda: _qr_text(hub, session_id))
    linked = hub.link_session({"qr": qr, "phoneNumber": phone, "pushName": session_id})
    assert linked.phone_number == phone
    eventually(lambda: hub.get_session_status(session_id).is_connected)


def _qr_text(hub: InboxHub, session_id: str) -> str | None:
    try:
        return hub.get_session_qr(session_id).qr_text
    except NotFoundError:
        return None


def test_every_operation(
    gateway: Gateway, receiver: Receiver, recorder: Recorder, tmp_path: Any
) -> None:
    with (
        recorder.watch(InboxHub(gateway.url, api_key=gateway.api_key)) as hub,
        recorder.watch(InboxHub(gateway.url)) as anonymous,
    ):
        assert anonymous.health().status == "ok"

        # ---- accounts (JWT) -----------------------------------------------------------------
        tokens = anonymous.login(
            {"identifier": gateway.admin_email, "password": gateway.admin_password}
        )
        assert tokens.user.is_superadmin
        refreshed = anonymous.refresh_token({"refreshToken": tokens.refresh_token})
        admin = recorder.watch(InboxHub(gateway.url, token=refreshed.access_token))
        me = admin.me().user
        home = me.organizations[0].id
        assert admin.list_organizations().total >= 1
        org = admin.create_organization({"name": "SDK Org"}).organization
        assert admin.get_organization(org.id).organization.name == "SDK Org"
        assert (
            admin.update_organization(org.id, {"name": "SDK Org 2"}).organization.name
            == "SDK Org 2"
        )
        # Members join by invitation: a new account with the invitation's token...
        invited = admin.add_member(org.id, {"email": "agent@example.com", "role": "member"})
        assert invited.invitation.token
        assert admin.list_invitations(org.id).total == 1
        joined = anonymous.accept_with_token(
            {"token": invited.invitation.token, "password": "agent-password-1", "name": "Agent"}
        )
        assert joined.organization_id == org.id
        agent_id = joined.user_id
        assert admin.update_member(org.id, agent_id, {"role": "admin"}).member.role == "admin"
        assert any(m.user_id == agent_id for m in admin.list_members(org.id).members)
        # ...an existing account, signed in, from its list of invitations...
        mine = recorder.watch(InboxHub(gateway.url))
        agent_tokens = mine.login(
            {"identifier": "agent@example.com", "password": "agent-password-1"}
        )
        agent = recorder.watch(InboxHub(gateway.url, token=agent_tokens.access_token))
        to_home = admin.add_member(home, {"email": "agent@example.com"}).invitation
        pending = agent.my_invitations().invitations
        assert [i.id for i in pending] == [to_home.id]
        assert agent.accept_mine(to_home.id).organization_id == home
        # ...and one withdrawn before anybody accepts it.
        withdrawn = admin.add_member(org.id, {"email": "nobody@example.com"}).invitation
        assert admin.cancel_invitation(org.id, withdrawn.id).cancelled
        assert admin.remove_member(org.id, agent_id).removed
        assert admin.remove_member(home, agent_id).removed
        agent.close()
        mine.close()
        key = admin.create_api_key(org.id, {"name": "sdk"}).api_key
        assert key.key.startswith("ihk_")
        assert admin.list_api_keys(org.id).total == 1
        assert admin.revoke_api_key(org.id, key.id).api_key.is_active is False
        console = admin.create_console_key({"organizationId": home})
        assert console.organization.id == home
        assert admin.revoke_console_key(console.api_key.id).revoked
        assert admin.delete_organization(org.id).deleted
        # SQLite: a single node; PostgreSQL: a cluster (of one node here).
        if admin.cluster().mode == "single":
            with pytest.raises(ConflictError) as refused:
                admin.rebalance()
            assert refused.value.code == "NOT_CLUSTERED"
            with pytest.raises(ConflictError):
                admin.drain("no-such-node")
        else:
            assert admin.rebalance().moving >= 0
            with pytest.raises(NotFoundError) as unknown:
                admin.drain("no-such-node")
            assert unknown.value.field == "nodeId"
        info = hub.console_info()
        assert info.sandbox and info.organization_id == home

        # ---- sessions -----------------------------------------------------------------------
        hub.configure_network({"receiptBeforeSendReturns": False, "notOnWhatsApp": ["34699999999"]})
        _link(hub, SALES, SALES_PHONE, receiver.url + "/sales")
        _link(hub, SUPPORT, SUPPORT_PHONE, receiver.url)
        assert {s.session_id for s in hub.paginate(hub.list_sessions, limit=1)} >= {SALES, SUPPORT}
        assert hub.get_session(SALES).session.profile.name == SALES
        assert hub.update_session(SALES, {"description": "Ventas"}).session.description == "Ventas"
        about = "Abierto de 9 a 18 h"
        assert hub.update_profile(SALES, {"about": about}).profile.about == about
        assert hub.configure_frappe(SALES, {"sendToFrappe": False}).send_to_frappe is False
        assert hub.frappe_status(SALES).status == "connected"

        # A third session, only to go through its whole life.
        spare = hub.create_session({"sessionId": "sdk-spare"})
        assert spare.status in ("connecting", "qr_code")
        assert eventually(lambda: _qr_text(hub, "sdk-spare"))
        assert hub.request_pairing_code("sdk-spare", {"phoneNumber": "34600100003"}).pairing_code
        assert hub.disconnect_session("sdk-spare").status == "disconnected"
        assert hub.connect_session("sdk-spare").session_id == "sdk-spare"
        assert hub.restart_session("sdk-spare").session_id == "sdk-spare"
        assert hub.logout_session("sdk-spare").status == "disconnected"
        assert hub.delete_session("sdk-spare").deleted

        # ---- messages -----------------------------------------------------------------------
        hub.put_simulated_contact(
            {"phoneNumber": CUSTOMER, "pushName": "Cliente", "sessionId": SALES, "name": "Cliente"}
        )
        incoming = hub.contact_writes({"from": CUSTOMER, "to": SALES, "message": "Hola"})
        assert incoming.message is not None and incoming.message.body == "Hola"
        sent = hub.send_message(SALES, {"to": CUSTOMER, "message": "Buenos días"})
        assert sent.message is not None and sent.message.from_me
        first = sent.message.id
        assert (
            hub.contact_receipts(
                {"from": CUSTOMER, "to": SALES, "all": True, "status": "read"}
            ).session_id
            == SALES
        )
        chat = f"{CUSTOMER}@s.whatsapp.net"
        assert hub.get_message(SALES, str(first)).message.id == first
        assert hub.list_messages(SALES, chat_id=chat).total >= 2
        assert hub.chat_history(SALES, chat).chat_id == chat
        assert hub.list_chats(SALES).chats[0].chat_id == chat
        assert hub.message_stats(SALES).stats.total >= 2
        assert hub.list_unread_messages().total >= 1
        assert hub.mark_chat_read(SALES, CUSTOMER).chat_id == chat
        assert (
            hub.send_presence(SALES, {"presence": "composing", "chatId": CUSTOMER}).presence
            == "composing"
        )
        assert hub.edit_message(SALES, str(first), {"message": "Buenas tardes"}).message.is_edited
        assert hub.delete_message(SALES, str(first)).message.is_deleted
        # Sessions on the sandbox reach each other by number.
        hub.send_message(SALES, {"to": SUPPORT_PHONE, "message": "¿Me oyes?"})
        eventually(lambda: hub.list_messages(SUPPORT, from_me=False).total >= 1)

        # ---- media --------------------------------------------------------------------------
        uploaded = hub.upload_media(SALES, PNG, filename="dot.png", content_type="image/png")
        media_id = str(uploaded.media_id)
        assert hub.get_media(media_id).media.mimetype == "image/png"
        assert hub.download_media(media_id) == PNG
        assert any(m.id == uploaded.media_id for m in hub.list_media(SALES).media)
        image = hub.send_message(
            SALES, {"to": CUSTOMER, "type": "image", "mediaId": uploaded.media_id}
        )
        assert image.message is not None and image.message.type == "image"
        assert hub.delete_media(media_id).deleted

        # ---- contacts -----------------------------------------------------------------------
        contacts = hub.list_contacts(SALES)
        assert contacts.total >= 1
        found = hub.search_contact(SALES, CUSTOMER)
        assert found.exists and found.contact.phone_number == CUSTOMER
        assert hub.get_contact_info(SALES, chat).contact.id == chat
        updated = hub.update_contact(
            str(found.contact.contact_id), {"tags": ["vip"], "notes": "SDK"}
        )
        assert updated.contact.tags == ["vip"]
        assert hub.get_contact_stats(SALES).stats.total >= 1
        assert hub.list_session_contacts(SALES).total >= 1
        assert hub.block_contact(SALES, CUSTOMER).blocked
        assert hub.unblock_contact(SALES, CUSTOMER).blocked is False

        # ---- groups -------------------------------------------------------------------------
        hub.put_simulated_contact({"phoneNumber": FRIEND, "pushName": "Amigo"})
        group = hub.create_group(SALES, {"subject": "Equipo", "participants": [CUSTOMER]}).group
        gid = group.id
        assert hub.get_group(SALES, gid).group.subject == "Equipo"
        assert hub.list_groups(SALES).total >= 1
        assert hub.update_group(SALES, gid, {"subject": "Equipo SDK"}).group.subject == "Equipo SDK"
        assert hub.update_group_settings(SALES, gid, {"announce": True}).group.announce
        added = hub.add_participants(SALES, gid, {"participants": [FRIEND, SUPPORT_PHONE]})
        assert added.action == "add"
        assert hub.promote_participants(SALES, gid, {"participantId": FRIEND}).action == "promote"
        assert hub.demote_participants(SALES, gid, {"participantId": FRIEND}).action == "demote"
        assert hub.remove_participants(SALES, gid, {"participantId": FRIEND}).action == "remove"
        code = hub.get_invite_code(SALES, gid).invite_code
        assert code
        assert hub.revoke_invite_code(SALES, gid).invite_code != code
        hub.leave_group(SUPPORT, gid)
        new_code = hub.get_invite_code(SALES, gid).invite_code
        assert (
            hub.join_group_with_code({"sessionId": SUPPORT, "inviteCode": new_code}).group_id == gid
        )
        assert hub.leave_group(SUPPORT, gid).left

        # ---- statuses -----------------------------------------------------------------------
        mine = hub.post_status(SALES, {"type": "text", "text": "Abrimos a las 9"}).status
        assert mine.from_me and mine.is_active
        posted = hub.post_simulated_status(
            {
                "from": CUSTOMER,
                "type": "image",
                "base64": base64.b64encode(PNG).decode(),
                "mimetype": "image/png",
            }
        )
        assert SALES in posted.delivered_to
        theirs = eventually(
            lambda: [
                s
                for s in hub.list_statuses(SALES, from_me=False).statuses
                if s.status_id == posted.status_id
            ]
        )[0]
        assert hub.download_status_media(SALES, str(theirs.id)) == PNG
        assert hub.view_status(SALES, str(theirs.id)).status.viewed
        assert (
            hub.react_to_status(SALES, str(theirs.id), {"reaction": "👍"}).status.my_reaction
            == "👍"
        )
        assert hub.remove_status_reaction(SALES, str(theirs.id)).status.my_reaction in (None, "")
        assert hub.list_active_statuses(SALES).total >= 2
        viewed = hub.view_status_as_contact(mine.status_id or "", {"from": CUSTOMER})
        assert viewed.viewers == 1

        # ---- templates ----------------------------------------------------------------------
        template = hub.create_template(
            home, {"name": "sdk-welcome", "body": "Hola {{name}}", "category": "saludo"}
        ).template
        assert template.variables == ["name"]
        assert hub.list_templates(home).total >= 1
        assert hub.get_organization_template(home, template.id).template.name == "sdk-welcome"
        assert hub.get_template(template.id).template.id == template.id
        assert (
            hub.update_template(home, template.id, {"category": "bienvenida"}).template.category
            == "bienvenida"
        )
        assert hub.preview_template(template.id, {"variables": {"name": "Ana"}}).text == "Hola Ana"
        used = hub.use_template(
            template.id, {"sessionId": SALES, "to": CUSTOMER, "variables": {"name": "Ana"}}
        )
        assert used.template_id == template.id and used.message is not None
        assert hub.delete_template(home, template.id).deleted

        # ---- webhooks -----------------------------------------------------------------------
        webhook = hub.create_webhook(
            home, {"name": "crm", "url": receiver.url, "events": ["*"], "secret": "sdk-org-secret"}
        )
        assert hub.get_webhook(home, webhook.id).url == receiver.url
        assert hub.list_webhooks(home).total >= 1
        assert hub.update_webhook(home, webhook.id, {"name": "crm-2"}).name == "crm-2"
        assert hub.test_webhook(home, webhook.id).delivered
        assert hub.test_subscription(webhook.id).signed
        assert hub.test_session_webhook(SALES).delivered
        subscriptions = hub.list_subscriptions().subscriptions
        assert any(s.id == webhook.id for s in subscriptions)
        assert hub.enable_subscription(webhook.id).is_active
        delivered = eventually(lambda: hub.list_deliveries(status="succeeded").deliveries)
        detail = hub.get_delivery(delivered[0].id)
        assert detail.attempt_log
        assert hub.redeliver(detail.id).replay_of == detail.id
        assert hub.list_dead_letters().total >= 0
        since = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat()
        assert hub.replay({"since": since, "onlyFailed": True}).queued >= 0
        assert hub.delete_webhook(home, webhook.id).deleted
        # What the receiver got is signed for the session's secret, and parses.
        check = WebhookReceiver("sdk-session-secret")
        received = [d for d in receiver.of("message.received") if d.path.endswith("/sales")]
        assert received, "no message.received delivery reached the receiver"
        event = check.receive(received[0].body, received[0].headers)
        assert event is not None and event.event == "message.received"

        # ---- handover -----------------------------------------------------------------------
        assert hub.get_settings().organization_id == home
        assert hub.update_settings({"emergencyContact": "112"}).emergency_contact == "112"
        bot = hub.configure_bot(
            SALES,
            {
                "enabled": True,
                "options": [
                    {"key": "1", "label": "Agente", "action": "agent", "category": "ventas"}
                ],
            },
        )
        assert bot.configured and bot.enabled
        assert hub.get_bot(SALES).configured
        ticket = hub.open_ticket(SALES, {"phoneNumber": CUSTOMER, "notifyCrm": False})
        assert ticket.status == "pending"
        assert hub.chat_owner(SALES, CUSTOMER).owner == "pending"
        assert hub.list_tickets(status="pending").total >= 1
        assert hub.get_ticket(ticket.ticket_id).ticket_id == ticket.ticket_id
        assert hub.get_metrics().total_tickets >= 1
        crm = recorder.watch(InboxHub(gateway.url, token=gateway.crm_token))
        taken = crm.handover(
            {
                "ticketId": ticket.ticket_id,
                "userPhone": CUSTOMER,
                "handoverType": "bot_to_human",
                "agentId": "agent-1",
                "agentName": "Ana",
            }
        )
        assert taken.ticket_id == ticket.ticket_id and taken.data.owner == "human"
        relayed = crm.crm_send_message(
            {
                "ticketId": ticket.ticket_id,
                "userPhone": CUSTOMER,
                "agentId": "agent-1",
                "message": "Soy Ana",
            }
        )
        assert relayed.data.status in ("pending", "sent", "delivered", "read")
        assert crm.handover_status(ticket.ticket_id).status == "active"
        assert crm.handover_metrics().total_tickets >= 1
        crm.handover(
            {"ticketId": ticket.ticket_id, "userPhone": CUSTOMER, "handoverType": "human_to_bot"}
        )
        assert hub.delete_bot(SALES).configured is False

        # ---- the sandbox's own levers ---------------------------------------------------------
        call = hub.contact_calls({"from": CUSTOMER, "to": SALES}).call
        assert call.session_id == SALES and call.status in ("ringing", "rejected")
        assert hub.call_status(SALES, call.call_id).call.call_id == call.call_id
        assert hub.drop_connection(SUPPORT).session_id == SUPPORT
        eventually(lambda: hub.get_session_status(SUPPORT).is_connected)
        assert SALES in hub.drop_every_connection().dropped
        eventually(lambda: hub.get_session_status(SALES).is_connected)
        assert hub.logout_from_phone(SUPPORT).session_id == SUPPORT
        with pytest.raises(ValidationError) as invalid:
            hub.send_message(SALES, {"to": "", "message": "x"})
        assert invalid.value.code == "VALIDATION_ERROR" and invalid.value.field

        # ---- the end of the session's life --------------------------------------------------
        admin.logout({"refreshToken": refreshed.refresh_token})
        admin.close()
        crm.close()


def test_tickets_inspector_sinks_and_bridges(
    gateway: Gateway, receiver: Receiver, recorder: Recorder
) -> None:
    with recorder.watch(InboxHub(gateway.url, api_key=gateway.api_key)) as hub:
        # ---- a ticket given to an agent from the API, then back to the bot ------------------
        hub.put_simulated_contact({"phoneNumber": "34611100009", "pushName": "Tercero"})
        ticket = hub.open_ticket(SALES, {"phoneNumber": "34611100009", "notifyCrm": False})
        assigned = hub.assign_ticket(ticket.ticket_id, {"agentId": "agent-2", "agentName": "Eva"})
        assert assigned.ticket_id == ticket.ticket_id and assigned.assigned_agent.id == "agent-2"
        assert hub.close_ticket(ticket.ticket_id, {"resolved": True}).action == "returned"

        # ---- the webhook inspector: a real capture through its URL --------------------------
        inspector = hub.get_inspector()
        rotated = hub.rotate_inspector()
        assert rotated.token != inspector.token
        captured = httpx.post(
            f"{gateway.url}/api/webhooks/inspector/{rotated.token}",
            json={"id": "evt_sdk", "event": "webhook.test", "data": {}},
        )
        assert captured.status_code == 200, captured.text
        capture_id = captured.json()["data"]["captureId"]
        assert hub.list_captures().total == 1
        assert hub.get_capture(capture_id).capture.id == capture_id
        assert hub.clear_captures().deleted == 1

        # ---- a message broker sink (no broker listens: its test says so) -------------------
        sink = hub.create_sink(
            {"type": "nats", "url": f"nats://127.0.0.1:{free_port()}", "subjectPrefix": "sdk"}
        )
        assert hub.get_sink(sink.id).type == "nats"
        assert any(s.id == sink.id for s in hub.list_sinks().sinks)
        assert hub.update_sink(sink.id, {"name": "sdk-sink"}).name == "sdk-sink"
        assert hub.test_sink(sink.id).delivered is False
        assert hub.delete_sink(sink.id).deleted

        # ---- removing subscribers -----------------------------------------------------------
        home = hub.console_info().organization_id
        webhook = hub.create_webhook(home, {"name": "gone", "url": receiver.url + "/gone"})
        assert hub.remove_subscription(webhook.id).removed
        assert hub.remove_session_webhook(SUPPORT).removed
        assert hub.create_stream_ticket().ticket

        # ---- what the sandbox engine cannot do: Meta's templates; Chatwoot unreachable ------
        with pytest.raises(InboxHubError) as refused:
            hub.sync_meta_templates(SALES)
        assert refused.value.code == "ENGINE_NOT_SUPPORTED"
        assert hub.list_meta_templates(SALES, status="APPROVED").total == 0
        with pytest.raises(NotFoundError) as unknown_template:
            hub.get_meta_template(SALES, "welcome")
        assert unknown_template.value.field == "name"
        # A 502 is retried for a PUT; once is enough here.
        once = recorder.watch(InboxHub(gateway.url, api_key=gateway.api_key, retry=Retry(0)))
        with once, pytest.raises(InboxHubError) as unreachable:
            once.put_chatwoot(
                SALES,
                {
                    "baseUrl": f"http://127.0.0.1:{free_port()}",
                    "accountId": 1,
                    "inboxName": "SDK",
                    "apiAccessToken": "chatwoot-token",
                },
            )
        assert unreachable.value.code == "CHATWOOT_ERROR" and unreachable.value.field == "baseUrl"
        with pytest.raises(NotFoundError):
            hub.get_chatwoot(SALES)
        with pytest.raises(NotFoundError):
            hub.delete_chatwoot(SALES)


def test_every_operation_was_called(recorder: Recorder) -> None:
    missing = set(OPERATIONS) - recorder.called
    assert not missing, f"operations no test calls: {sorted(missing)}"

"""What the virtual phone (``/api/sandbox``) asks of the sandbox network as a whole.

``LocalWorld`` answers from a network in this process: the embedded sandbox, and the network
process (``server.py``), which answers the same calls for every gateway node. ``RemoteWorld``
(``remote.py``) makes those calls over the wire. Values are what travels on the wire: plain
JSON, datetimes and the engine contract's dataclasses.
"""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from inboxhub.engines.base import Outbound
from inboxhub.engines.sandbox.directory import (
    NOT_ON_WHATSAPP_PREFIX,
    Person,
    directory_of,
    number_exists,
    put_person,
    save_contact,
    user_info,
)
from inboxhub.engines.sandbox.messaging import messaging_of
from inboxhub.engines.sandbox.network import SandboxNetwork
from inboxhub.engines.sandbox.statuses import audience, post_status_as, view_status_as
from inboxhub.errors import NotFound, ValidationFailed

if TYPE_CHECKING:
    from inboxhub.engines.sandbox.client import SandboxClient

# What a session's client may be asked through ``call``: the engine contract and the sandbox's
# own plays of the phone. Nothing else is reachable by name.
SESSION_OPS = frozenset(
    {
        "connect",
        "disconnect",
        "logout",
        "request_pairing_code",
        "send_message",
        "edit_message",
        "revoke_message",
        "mark_read",
        "download_media",
        "is_on_whatsapp",
        "get_user_info",
        "get_contacts",
        "create_group",
        "get_group_info",
        "get_joined_groups",
        "set_group_subject",
        "set_group_description",
        "set_group_settings",
        "update_group_participants",
        "get_group_invite_link",
        "join_group_with_link",
        "leave_group",
        "post_status",
        "mark_status_viewed",
        "react_to_status",
        "send_presence",
        "set_blocked",
        "reject_call",
        "update_profile",
        # the phone and the outside world
        "link",
        "drop_connection",
        "remote_logout",
        "receive",
        "send_from_phone",
        "sent_to",
        "contact_receipt",
        "ring",
        "call_status",
    }
)


async def invoke(client: SandboxClient, op: str, args: Any, kwargs: dict[str, Any]) -> Any:
    """``op`` (one of ``SESSION_OPS``) on a session's client; some are plain functions."""
    if op not in SESSION_OPS:
        raise ValidationFailed(f"Unknown sandbox operation '{op}'", field="op")
    result = getattr(client, op)(*args, **kwargs)
    return await result if inspect.isawaitable(result) else result


class World(Protocol):
    async def resolve_login(
        self, qr: str | None, code: str | None, phone_number: str | None
    ) -> list[str]:
        """[sessionId, phone] of the session a scanned QR or typed pairing code belongs to."""
        ...

    async def device(self, target: str) -> list[str | None] | None:
        """[sessionId, phone] of a running sandbox session by its sessionId or linked number."""
        ...

    async def session_of_phone(self, phone: str) -> str | None:
        """The running session linked to ``phone``, connected or not."""
        ...

    async def call(self, session_id: str, op: str, *args: Any, **kwargs: Any) -> list[Any]:
        """[result, state] of ``op`` on a running session's client."""
        ...

    async def configure(
        self, receipt_before_send_returns: bool | None, not_on_whatsapp: list[str] | None
    ) -> dict[str, Any]: ...

    async def drop_all(self, session_ids: list[str]) -> list[str]:
        """Drop every connected session among ``session_ids``; the ones dropped."""
        ...

    async def put_contact(
        self,
        phone: str,
        profile: dict[str, Any],
        session_id: str | None,
        name: str | None,
        hide_number: bool,
    ) -> dict[str, Any]: ...

    async def post_status(
        self, poster: str, content: Outbound, posted_at: datetime | None
    ) -> dict[str, Any]: ...

    async def view_status(
        self, status_id: str, viewer: str, reaction: str | None
    ) -> dict[str, Any]: ...


class LocalWorld:
    def __init__(self, network: SandboxNetwork) -> None:
        self.network = network

    async def resolve_login(
        self, qr: str | None, code: str | None, phone_number: str | None
    ) -> list[str]:
        client, phone = self.network.resolve_login(qr=qr, code=code, phone_number=phone_number)
        return [client.session_id, phone]

    async def device(self, target: str) -> list[str | None] | None:
        client = self.network.client_for(target)
        return None if client is None else [client.session_id, client.phone_number]

    async def session_of_phone(self, phone: str) -> str | None:
        client = self.network.by_phone.get(phone)
        return None if client is None else client.session_id

    async def call(self, session_id: str, op: str, *args: Any, **kwargs: Any) -> list[Any]:
        client = self.network.clients.get(session_id)
        if client is None:
            raise NotFound(
                f"Session '{session_id}' is not running; connect it first", field="sessionId"
            )
        return [await invoke(client, op, args, kwargs), client.state]

    async def configure(
        self, receipt_before_send_returns: bool | None, not_on_whatsapp: list[str] | None
    ) -> dict[str, Any]:
        state = messaging_of(self.network)
        if receipt_before_send_returns is not None:
            state.receipt_before_send_returns = receipt_before_send_returns
        if not_on_whatsapp is not None:
            state.not_on_whatsapp = set(not_on_whatsapp)
        return {
            "receiptBeforeSendReturns": state.receipt_before_send_returns,
            "notOnWhatsApp": sorted(state.not_on_whatsapp),
        }

    async def drop_all(self, session_ids: list[str]) -> list[str]:
        mine = set(session_ids)
        dropped = [
            c for sid, c in list(self.network.clients.items()) if sid in mine and c.is_connected
        ]
        await asyncio.gather(*(client.drop_connection() for client in dropped))
        return sorted(c.session_id for c in dropped)

    async def put_contact(
        self,
        phone: str,
        profile: dict[str, Any],
        session_id: str | None,
        name: str | None,
        hide_number: bool,
    ) -> dict[str, Any]:
        network = self.network
        if not number_exists(network, phone):
            raise ValidationFailed(
                f"{phone} is not on WhatsApp (numbers starting with {NOT_ON_WHATSAPP_PREFIX} "
                "never are)",
                field="phoneNumber",
            )
        client = None
        if session_id:
            client = network.clients.get(session_id)
            if client is None:
                raise NotFound(
                    f"Session '{session_id}' is not running; connect it first", field="sessionId"
                )
        directory = directory_of(network)
        person = directory.people.get(phone) or Person(phone=phone)
        if profile or phone not in directory.people:
            put_person(network, replace(person, **profile))
        saved = None
        if client is not None:
            saved = save_contact(network, client, phone, name, hide_number=hide_number)
        info = user_info(network, phone)
        return {
            "phoneNumber": phone,
            "jid": info.jid,
            "lid": info.lid,
            "pushName": info.push_name,
            "about": info.about,
            "verifiedName": info.verified_name,
            "pictureUrl": info.picture_url,
            "businessProfile": info.business_profile,
            "savedBy": session_id if saved else None,
            "savedAs": saved.jid if saved else None,
        }

    async def post_status(
        self, poster: str, content: Outbound, posted_at: datetime | None
    ) -> dict[str, Any]:
        if poster in self.network.by_phone:
            raise ValidationFailed(
                "That number is a session: post its status with "
                "POST /api/status/sessions/{sessionId}",
                field="from",
            )
        status = post_status_as(self.network, poster, content, posted_at=posted_at)
        reached = [c.session_id for c in audience(self.network, poster)]
        return {
            "statusId": status.id,
            "from": poster,
            "postedAt": status.posted_at,
            "deliveredTo": reached,
        }

    async def view_status(
        self, status_id: str, viewer: str, reaction: str | None
    ) -> dict[str, Any]:
        status = view_status_as(self.network, status_id, viewer, reaction=reaction)
        return {"statusId": status.id, "viewers": len(status.viewers)}

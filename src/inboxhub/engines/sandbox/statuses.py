"""Sandbox statuses (stories): posted, delivered, viewed and reacted to across the network.

Who sees a status follows WhatsApp's default privacy, "My contacts": a session's status reaches
the other online sessions whose number it saved and that saved its number back (both address
books, ``POST /api/sandbox/contacts``). A simulated contact saves everyone back, so its status
(``POST /api/sandbox/statuses``) reaches every online session that saved its number. Sessions
offline when a status is posted do not get it later. A status lives 24 hours.

Views travel back to a poster that is a session as ``StatusViewed`` (WhatsApp's read receipt on
``status@broadcast``), reactions as a reaction message in the private chat, as on WhatsApp.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from inboxhub.engines.base import (
    EngineClient,
    Media,
    NotFoundOnEngine,
    NotPermitted,
    Outbound,
    SendResult,
    StatusText,
    Text,
)
from inboxhub.engines.events import InboundMessage, MediaInfo, MessageReceived, StatusViewed
from inboxhub.engines.sandbox.directory import (
    deliver,
    directory_of,
    now,
    online,
    phone_of,
    push_name_of,
    require_online,
    user_jid,
)
from inboxhub.errors import ValidationFailed

if TYPE_CHECKING:
    from inboxhub.engines.sandbox.client import SandboxClient
    from inboxhub.engines.sandbox.network import SandboxNetwork

STATUS_BROADCAST = "status@broadcast"
STATUS_LIFETIME = timedelta(hours=24)


@dataclass
class SandboxStatus:
    id: str
    poster: str  # phone
    posted_at: datetime
    content: Text | Media
    viewers: dict[str, datetime] = field(default_factory=dict)
    reactions: dict[str, str] = field(default_factory=dict)

    @property
    def expired(self) -> bool:
        return now() >= self.posted_at + STATUS_LIFETIME


def statuses_of(network: SandboxNetwork) -> dict[str, SandboxStatus]:
    statuses = network.state.get("statuses")
    if not isinstance(statuses, dict):
        statuses = network.state["statuses"] = {}
    for status_id in [s.id for s in statuses.values() if s.expired]:
        del statuses[status_id]
    return statuses


def audience(network: SandboxNetwork, poster: str) -> list[SandboxClient]:
    directory = directory_of(network)
    poster_is_session = poster in network.by_phone
    viewers = []
    for client in network.clients.values():
        phone = client.phone_number
        if not client.is_connected or not phone or phone == poster:
            continue
        if not directory.has_saved(phone, poster):
            continue
        if poster_is_session and not directory.has_saved(poster, phone):
            continue
        viewers.append(client)
    return viewers


def _inbound(status: SandboxStatus, push_name: str | None) -> InboundMessage:
    content = status.content
    message = InboundMessage(
        id=status.id,
        chat_id=STATUS_BROADCAST,
        sender_id=user_jid(status.poster),
        sender_phone=status.poster,
        from_me=False,
        timestamp=status.posted_at,
        type="text",
        push_name=push_name,
        is_status=True,
    )
    if isinstance(content, Media):
        message.type = content.kind
        message.caption = content.caption
        message.media = MediaInfo(
            mimetype=content.mimetype,
            size=len(content.data),
            filename=content.filename,
            data=content.data,
        )
    else:
        message.text = content.body
        if isinstance(content, StatusText):
            message.background_color = content.background_color
            message.font = content.font
    return message


def post_status_as(
    network: SandboxNetwork,
    poster: str,
    content: Outbound,
    *,
    posted_at: datetime | None = None,
) -> SandboxStatus:
    """Post a status for ``poster`` (a session's phone or a simulated contact) and deliver it."""
    if not isinstance(content, Text | Media) or (
        isinstance(content, Media) and content.kind not in ("image", "video")
    ):
        raise ValidationFailed("A status is a text, an image or a video", field="type")
    posted_at = posted_at or now()
    if posted_at + STATUS_LIFETIME <= now():
        raise ValidationFailed(
            "A status older than 24 hours has already expired", field="timestamp"
        )
    status = SandboxStatus(
        id="3EB0" + secrets.token_hex(9).upper(),
        poster=poster,
        posted_at=posted_at,
        content=content,
    )
    statuses_of(network)[status.id] = status
    message = _inbound(status, push_name_of(network, poster))
    for client in audience(network, poster):
        deliver(client, MessageReceived(session_id=client.session_id, message=message))
    return status


def view_status_as(
    network: SandboxNetwork, status_id: str, viewer: str, *, reaction: str | None = None
) -> SandboxStatus:
    """``viewer`` saw the status (and reacted with ``reaction``; "" takes a reaction back)."""
    status = statuses_of(network).get(status_id)
    if status is None:
        raise NotFoundOnEngine(f"Status '{status_id}' not found or expired", field="statusId")
    if viewer == status.poster:
        raise NotPermitted("A status is viewed and reacted to by others", field="statusId")
    directory = directory_of(network)
    if not directory.has_saved(viewer, status.poster) and viewer in network.by_phone:
        raise NotFoundOnEngine(f"Status '{status_id}' not found or expired", field="statusId")
    first_view = viewer not in status.viewers
    status.viewers.setdefault(viewer, now())
    if reaction is not None:
        if reaction:
            status.reactions[viewer] = reaction
        else:
            status.reactions.pop(viewer, None)
    poster = online(network, status.poster)
    if poster is None:
        return status
    if first_view:
        deliver(
            poster,
            StatusViewed(
                session_id=poster.session_id,
                status_id=status.id,
                viewer_id=user_jid(viewer),
                timestamp=now(),
            ),
        )
    if reaction is not None:
        # WhatsApp carries a status reaction to the poster alone, in their private chat.
        reacted = InboundMessage(
            id="3EB0" + secrets.token_hex(9).upper(),
            chat_id=user_jid(viewer),
            sender_id=user_jid(viewer),
            sender_phone=viewer,
            from_me=False,
            timestamp=now(),
            type="reaction",
            reaction=reaction,
            reaction_target_id=status.id,
            push_name=push_name_of(network, viewer),
        )
        deliver(poster, MessageReceived(session_id=poster.session_id, message=reacted))
    return status


class StatusesMixin(EngineClient):
    if TYPE_CHECKING:
        network: SandboxNetwork

    async def post_status(self, content: Outbound) -> SendResult:
        poster = require_online(self)
        status = post_status_as(self.network, poster, content)
        return SendResult(id=status.id, timestamp=status.posted_at)

    def _status_from(self, status_id: str, sender_id: str) -> str:
        viewer = require_online(self)
        status = statuses_of(self.network).get(status_id)
        if status is None or user_jid(status.poster) != user_jid(
            phone_of(self.network, sender_id) or ""
        ):
            raise NotFoundOnEngine(f"Status '{status_id}' not found or expired", field="statusId")
        return viewer

    async def mark_status_viewed(self, status_id: str, sender_id: str) -> None:
        view_status_as(self.network, status_id, self._status_from(status_id, sender_id))

    async def react_to_status(self, status_id: str, sender_id: str, emoji: str) -> SendResult:
        viewer = self._status_from(status_id, sender_id)
        view_status_as(self.network, status_id, viewer, reaction=emoji)
        return SendResult(id="3EB0" + secrets.token_hex(9).upper(), timestamp=now())

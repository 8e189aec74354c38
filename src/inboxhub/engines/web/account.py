"""What a web session says about itself and whom it hears: its profile, presence, typing,
blocking, calls."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

from neonize.exc import NeonizeError
from neonize.proto import Neonize_pb2 as neonize
from neonize.utils.enum import BlocklistAction, ChatPresence, ChatPresenceMedia
from neonize.utils.enum import Presence as NeonizePresence

from inboxhub.engines.base import NotConnected, Presence, ProfileChange, UserInfo
from inboxhub.engines.events import ProfileUpdated
from inboxhub.engines.web import operations
from inboxhub.engines.web.content import jid_text
from inboxhub.engines.web.operations import jid as neonize_jid
from inboxhub.engines.web.operations import user_info
from inboxhub.errors import ApiError, EngineNotSupported, ValidationFailed

if TYPE_CHECKING:
    from inboxhub.engines.web.session import WebSession

log = logging.getLogger(__name__)

# WhatsApp keeps profile pictures as square JPEGs of up to 640 px, and whatsmeow passes the bytes
# on as they are: anything else is refused by WhatsApp, or shown cropped as it decides.
_PICTURE_SIZE = 640

_CHAT = {
    "composing": (ChatPresence.CHAT_PRESENCE_COMPOSING, ChatPresenceMedia.CHAT_PRESENCE_MEDIA_TEXT),
    "recording": (
        ChatPresence.CHAT_PRESENCE_COMPOSING,
        ChatPresenceMedia.CHAT_PRESENCE_MEDIA_AUDIO,
    ),
    "paused": (ChatPresence.CHAT_PRESENCE_PAUSED, ChatPresenceMedia.CHAT_PRESENCE_MEDIA_TEXT),
}


def presence(session: WebSession, *, presence: Presence, chat_id: str | None) -> None:
    with session.live() as client:
        if presence == "available":
            client.send_presence(NeonizePresence.AVAILABLE)
        elif presence == "unavailable":
            client.send_presence(NeonizePresence.UNAVAILABLE)
        else:
            # whatsmeow shows typing only to contacts that see the account online.
            state, media = _CHAT[presence]
            client.send_chat_presence(neonize_jid(chat_id or "", field="chatId"), state, media)


def block(session: WebSession, *, jid: str, blocked: bool) -> list[str]:
    action = BlocklistAction.BLOCK if blocked else BlocklistAction.UNBLOCK
    with session.live() as client:
        blocklist = client.update_blocklist(neonize_jid(jid, field="contactId"), action)
    return sorted(jid_text(j) for j in blocklist.JIDs)


def report_profile(session: WebSession) -> None:
    """Tell the gateway the account's own profile: its about, picture and business mark."""
    own = session.own_jid()
    if own is None:
        return
    try:
        info = user_info(session, address=own)
    except (ApiError, NeonizeError) as exc:  # not connected any more, or WhatsApp refused
        log.info("%s: profile not read: %s", session.session_id, exc)
        return
    session.emit(
        ProfileUpdated(
            session_id=session.session_id,
            name=session.push_name or info.push_name,
            about=info.about or "",
            picture_url=info.picture_url or "",
            is_business=info.is_business,
        )
    )


def profile(session: WebSession, *, change: ProfileChange) -> UserInfo:
    """whatsmeow's SetPushName (an app-state change), SetStatusMessage and SetProfilePhoto, in that
    order; the profile as WhatsApp then shows it to contacts."""
    if change.remove_picture:
        # neonize hands whatsmeow an empty photo, never the "none" that removes it: WhatsApp
        # would refuse the request after the other parts had changed.
        raise EngineNotSupported(
            "The web engine cannot remove the profile picture; set another one instead",
            field="removePicture",
        )
    picture = profile_jpeg(change.picture.data) if change.picture is not None else None
    with session.live() as client:
        if change.name is not None:
            client.set_profile_name(change.name)
            session.push_name = change.name
        if change.about is not None:
            client.set_status_message(change.about)
        if picture is not None:
            client.set_profile_photo(picture)
    own = session.own_jid()
    if own is None:  # only a stop that came in between leaves a linked session without one
        raise NotConnected(f"Session '{session.session_id}' is not connected", field="sessionId")
    try:
        info = user_info(session, address=own)
    except (ApiError, NeonizeError) as exc:
        # The change is made: an answer that cannot be read back must not report it failed.
        log.info("%s: profile not read back: %s", session.session_id, exc)
        info = UserInfo(jid=own, about=change.about)
    # The push name is the account's own setting: the contact store may not know it yet.
    info.push_name = session.push_name or info.push_name
    return info


def profile_jpeg(data: bytes) -> bytes:
    """The picture as WhatsApp keeps it: the centre square, at most 640 px, as a JPEG."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            picture = image.convert("RGB")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise ValidationFailed("The picture is not an image", field="picture") from exc
    side = min(picture.size)
    left, top = (picture.width - side) // 2, (picture.height - side) // 2
    square = picture.crop((left, top, left + side, top + side))
    if side > _PICTURE_SIZE:
        square = square.resize((_PICTURE_SIZE, _PICTURE_SIZE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    square.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def reject_call(session: WebSession, *, call_id: str, caller_id: str) -> None:
    """whatsmeow's RejectCall, on the connection that got the offer. The caller's JID goes back
    exactly as the offer named it (a phone number's or an ``@lid`` one)."""
    user, _, server = caller_id.partition("@")
    if not user or not server:
        raise ValidationFailed(f"'{caller_id}' is not a caller's JID", field="callerId")
    caller = neonize.JID(
        User=user, Server=server, Device=0, RawAgent=0, Integrator=0, IsEmpty=False
    )
    with session.live() as client:
        client.reject_call(caller, call_id)


# Every operation the engine process runs for the gateway: the messaging ones and the account's.
OPERATIONS: dict[str, operations.Operation] = {
    **operations.OPERATIONS,
    "presence": presence,
    "block": block,
    "reject_call": reject_call,
    "profile": profile,
}

"""What a web session can be asked to do, as functions of the engine process's ``WebSession``.

Each runs on a worker thread of the engine process, inside ``session.live()`` (connected, and a
stop waits for it). neonize reports failures as exception classes carrying whatsmeow's error
string only; ``classify`` turns those strings into the gateway's errors.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from neonize.exc import NeonizeError
from neonize.proto import Neonize_pb2 as neonize
from neonize.utils.enum import MediaType, ParticipantChange, ReceiptType

from inboxhub.engines.base import (
    EngineError,
    EngineRateLimited,
    GroupAction,
    GroupInfo,
    GroupParticipant,
    Media,
    MessageRef,
    NotConnected,
    NotFoundOnEngine,
    NumberCheck,
    Outbound,
    ParticipantResult,
    SendResult,
    Text,
    UserInfo,
)
from inboxhub.engines.web import outbound
from inboxhub.engines.web.content import jid_text, to_datetime
from inboxhub.engines.web.jids import STATUS_BROADCAST, canonical_jid, phone_of
from inboxhub.engines.web.mapping import participant_jid
from inboxhub.engines.web.session import WebSession
from inboxhub.errors import ApiError, EngineNotSupported, ValidationFailed

Operation = Callable[..., Any]

_DOWNLOAD_TYPES = {
    "image": MediaType.MediaImage,
    "sticker": MediaType.MediaImage,
    "video": MediaType.MediaVideo,
    "audio": MediaType.MediaAudio,
    "document": MediaType.MediaDocument,
}
_ACTIONS = {
    "add": ParticipantChange.ADD,
    "remove": ParticipantChange.REMOVE,
    "promote": ParticipantChange.PROMOTE,
    "demote": ParticipantChange.DEMOTE,
}
# whatsmeow's per-participant result codes for group changes.
_PARTICIPANT_ERRORS = {
    403: "the person's privacy settings allow only invites",
    404: "not on WhatsApp",
    408: "left the group recently",
    409: "already a participant",
    500: "the group is full",
}


def classify(exc: NeonizeError) -> ApiError:
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    if any(
        marker in lowered
        for marker in (
            "not connected",
            "client is nil",
            "not logged in",
            "doesn't contain a device",
        )
    ):
        return NotConnected(f"The session is not connected: {text}", field="sessionId")
    if "rate-overlimit" in lowered or "429" in lowered:
        return EngineRateLimited(f"WhatsApp is rate limiting this number: {text}")
    if "item-not-found" in lowered or "404" in lowered:
        return NotFoundOnEngine(f"WhatsApp does not know it: {text}")
    return EngineError(f"WhatsApp refused the request: {text}")


def jid(value: str, field: str = "to") -> neonize.JID:
    canonical = canonical_jid(value)
    if canonical is None:
        from inboxhub.engines.base import InvalidRecipient

        raise InvalidRecipient(f"'{value}' is not a WhatsApp number or JID", field=field)
    user, _, server = canonical.partition("@")
    return neonize.JID(User=user, Server=server, Device=0, RawAgent=0, Integrator=0, IsEmpty=False)


def _sent(response: Any) -> SendResult:
    server_id = int(response.ServerID)
    return SendResult(
        id=str(response.ID),
        timestamp=to_datetime(response.Timestamp),
        raw={"serverId": server_id} if server_id else None,
    )


# ---- messaging --------------------------------------------------------------------------------


def send(
    session: WebSession, *, to: str, content: Outbound, reply_to: MessageRef | None = None
) -> SendResult:
    with session.live() as client:
        quoted = session.recent_message(reply_to.id) if reply_to else None
        mentions = content.mentions if isinstance(content, Text | Media) else []
        context = outbound.context_info(
            mentions=mentions, reply=reply_to, own_jid=session.own_jid(), quoted=quoted
        )
        message = outbound.build(client, content, context)
        response = client.send_message(jid(to), message)
    session.remember(str(response.ID), message)
    return _sent(response)


def edit(session: WebSession, *, target: MessageRef, text: str) -> SendResult:
    if not target.from_me:
        raise ValidationFailed("Only messages this session sent can be edited", field="messageId")
    with session.live() as client:
        from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import Message

        return _sent(
            client.edit_message(jid(target.chat_id), target.id, Message(conversation=text))
        )


def revoke(session: WebSession, *, target: MessageRef) -> None:
    with session.live() as client:
        client.send_message(jid(target.chat_id), outbound.revoke_message(target))


def mark_read(session: WebSession, *, chat_id: str, refs: list[MessageRef]) -> None:
    # One receipt per sender: in groups each message is acknowledged to its author.
    by_sender: dict[str, list[str]] = {}
    for ref in refs:
        if not ref.from_me:
            by_sender.setdefault(ref.sender_id or chat_id, []).append(ref.id)
    with session.live() as client:
        for sender, ids in by_sender.items():
            client.mark_read(*ids, chat=jid(chat_id), sender=jid(sender), receipt=ReceiptType.READ)


def download(session: WebSession, *, ref: dict[str, Any]) -> tuple[bytes, str]:
    try:
        media_type = _DOWNLOAD_TYPES[str(ref["kind"])]
        keys = [base64.b64decode(ref[k]) for k in ("fileEncSHA256", "fileSHA256", "mediaKey")]
        direct_path, length = str(ref["directPath"]), int(ref["fileLength"])
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise ValidationFailed("Not a media reference of the web engine", field="media") from exc
    with session.live() as client:
        try:
            data = client.download_media_with_path(
                direct_path, keys[0], keys[1], keys[2], length, media_type, media_type.to_mms()
            )
        except NeonizeError as exc:
            gone = _media_gone(exc)
            if gone is None:
                raise
            raise gone from None
    return bytes(data), str(ref.get("mimetype") or "application/octet-stream")


# whatsmeow's ErrMediaDownloadFailedWith403/404/410: WhatsApp's CDN no longer has the file.
_GONE = ("status code 403", "status code 404", "status code 410")


def _media_gone(exc: NeonizeError) -> NotFoundOnEngine | None:
    """The file expired on WhatsApp's servers. whatsmeow can ask the sender's phone to upload it
    again (a media retry receipt), but neonize 0.5.2 does not expose that call: media is kept on
    arrival so that this rarely matters."""
    text = str(exc)
    if any(marker in text for marker in _GONE):
        return NotFoundOnEngine(
            f"WhatsApp no longer serves this media ({text}); it was not kept on arrival",
            field="mediaId",
        )
    return None


# ---- directory --------------------------------------------------------------------------------


def is_on_whatsapp(session: WebSession, *, numbers: list[str]) -> list[NumberCheck]:
    queries = sorted({d for d in (_digits(n) for n in numbers) if d})
    with session.live() as client:
        answers = client.is_on_whatsapp(*(f"+{d}" for d in queries)) if queries else []
    return number_checks(numbers, answers)


def _digits(value: str) -> str:
    return "".join(ch for ch in value if "0" <= ch <= "9")


def number_checks(numbers: list[str], answers: Any) -> list[NumberCheck]:
    """whatsmeow's answers (``Query`` as asked, with ``+``) in the order the numbers were given."""
    found = {_digits(str(answer.Query)): answer for answer in answers}
    checks = []
    for number in numbers:
        answer = found.get(_digits(number))
        if answer is not None and answer.IsIn:
            checks.append(NumberCheck(number=number, exists=True, jid=jid_text(answer.JID)))
        else:
            checks.append(NumberCheck(number=number, exists=False))
    return checks


def user_info(session: WebSession, *, address: str) -> UserInfo:
    target = jid(address, field="jid")
    canonical = f"{target.User}@{target.Server}"
    with session.live() as client:
        users = client.get_user_info(target)
        info = users[0].UserInfo if users else None
        contact = client.contact.get_contact(target)
        picture = _picture_url(client, target)
        lid = None
        if phone_of(canonical):
            try:
                lid = jid_text(client.get_lid_from_pn(target)) or None
            except NeonizeError:
                lid = None
    verified = None
    if info is not None and info.HasField("VerifiedName"):
        verified = str(info.VerifiedName.Details.verifiedName) or None
    business = str(contact.BusinessName) or None
    return UserInfo(
        jid=canonical,
        name=str(contact.FullName or contact.FirstName) or None,
        push_name=str(contact.PushName) or None,
        verified_name=verified or business,
        about=(str(info.Status) or None) if info is not None else None,
        picture_url=picture,
        is_business=bool(verified or business),
        lid=lid,
    )


def _picture_url(client: Any, target: neonize.JID) -> str | None:
    try:
        picture = client.get_profile_picture(target, neonize.GetProfilePictureParams(Preview=False))
    except NeonizeError:  # no picture, or hidden by the person's privacy settings
        return None
    return str(picture.URL) or None


def contacts(session: WebSession) -> list[UserInfo]:
    with session.live() as client:
        entries = client.contact.get_all_contacts()
    result = []
    for entry in entries:
        info = entry.Info
        business = str(info.BusinessName) or None
        result.append(
            UserInfo(
                jid=jid_text(entry.JID),
                name=str(info.FullName or info.FirstName) or None,
                push_name=str(info.PushName) or None,
                verified_name=business,
                is_business=business is not None,
            )
        )
    return result


# ---- groups -----------------------------------------------------------------------------------


def group_of(info: Any) -> GroupInfo:
    owner = info.OwnerPN if info.OwnerPN.User else info.OwnerJID
    return GroupInfo(
        jid=jid_text(info.JID),
        subject=str(info.GroupName.Name),
        description=str(info.GroupTopic.Topic) or None,
        owner=jid_text(owner) or None,
        created_at=to_datetime(info.GroupCreated) if info.GroupCreated else None,
        participants=[
            GroupParticipant(
                jid=participant_jid(p),
                is_admin=bool(p.IsAdmin),
                is_super_admin=bool(p.IsSuperAdmin),
            )
            for p in info.Participants
        ],
        announce=bool(info.GroupAnnounce.IsAnnounce),
        locked=bool(info.GroupLocked.isLocked),
    )


def group_create(session: WebSession, *, subject: str, participants: list[str]) -> GroupInfo:
    members = [jid(p, field="participants") for p in participants]
    with session.live() as client:
        return group_of(client.create_group(subject, members))


def group_info(session: WebSession, *, group_id: str) -> GroupInfo:
    with session.live() as client:
        return group_of(client.get_group_info(jid(group_id, field="groupId")))


def groups(session: WebSession) -> list[GroupInfo]:
    with session.live() as client:
        return [group_of(g) for g in client.get_joined_groups()]


def group_subject(session: WebSession, *, group_id: str, subject: str) -> None:
    with session.live() as client:
        client.set_group_name(jid(group_id, field="groupId"), subject)


def group_description(session: WebSession, *, group_id: str, description: str) -> None:
    target = jid(group_id, field="groupId")
    with session.live() as client:
        # whatsmeow replaces a topic by the id of the one it knows is current.
        current = client.get_group_info(target).GroupTopic.TopicID
        client.set_group_topic(target, str(current), "", description)


def group_settings(
    session: WebSession, *, group_id: str, announce: bool | None, locked: bool | None
) -> None:
    target = jid(group_id, field="groupId")
    with session.live() as client:
        if announce is not None:
            client.set_group_announce(target, announce)
        if locked is not None:
            client.set_group_locked(target, locked)


def group_participants(
    session: WebSession, *, group_id: str, action: GroupAction, participants: list[str]
) -> list[ParticipantResult]:
    members = [jid(p, field="participants") for p in participants]
    with session.live() as client:
        changed = client.update_group_participants(
            jid(group_id, field="groupId"), members, _ACTIONS[action]
        )
    return participant_results(changed)


def participant_results(changed: Any) -> list[ParticipantResult]:
    results = []
    for p in changed:
        code = int(p.Error)
        ok = code in (0, 200)
        error = None if ok else _PARTICIPANT_ERRORS.get(code, f"WhatsApp error {code}")
        results.append(ParticipantResult(jid=participant_jid(p), ok=ok, error=error))
    return results


def group_invite(session: WebSession, *, group_id: str, reset: bool) -> str:
    with session.live() as client:
        return str(client.get_group_invite_link(jid(group_id, field="groupId"), revoke=reset))


def group_join(session: WebSession, *, code: str) -> str:
    with session.live() as client:
        return jid_text(client.join_group_with_link(code.strip()))


def group_leave(session: WebSession, *, group_id: str) -> None:
    with session.live() as client:
        client.leave_group(jid(group_id, field="groupId"))


# ---- statuses ---------------------------------------------------------------------------------


def status_post(session: WebSession, *, content: Outbound) -> SendResult:
    if not isinstance(content, Text) and not (
        isinstance(content, Media) and content.kind in ("image", "video", "audio")
    ):
        raise EngineNotSupported(
            "A WhatsApp status is text, an image, a video or a voice note", field="type"
        )
    with session.live() as client:
        message = outbound.build(client, content, None, status=True)
        return _sent(client.send_message(jid(STATUS_BROADCAST), message))


def status_view(session: WebSession, *, status_id: str, sender_id: str) -> None:
    with session.live() as client:
        client.mark_read(
            status_id,
            chat=jid(STATUS_BROADCAST),
            sender=jid(sender_id, field="senderId"),
            receipt=ReceiptType.READ,
        )


def status_react(session: WebSession, *, status_id: str, sender_id: str, emoji: str) -> SendResult:
    target = MessageRef(chat_id=STATUS_BROADCAST, id=status_id, from_me=False, sender_id=sender_id)
    with session.live() as client:
        # Sent to the poster alone: sending to status@broadcast would reach every contact.
        response = client.send_message(
            jid(sender_id, field="senderId"), outbound.reaction_message(target, emoji)
        )
    return _sent(response)


OPERATIONS: dict[str, Operation] = {
    "send": send,
    "edit": edit,
    "revoke": revoke,
    "mark_read": mark_read,
    "download": download,
    "is_on_whatsapp": is_on_whatsapp,
    "user_info": user_info,
    "contacts": contacts,
    "group_create": group_create,
    "group_info": group_info,
    "groups": groups,
    "group_subject": group_subject,
    "group_description": group_description,
    "group_settings": group_settings,
    "group_participants": group_participants,
    "group_invite": group_invite,
    "group_join": group_join,
    "group_leave": group_leave,
    "status_post": status_post,
    "status_view": status_view,
    "status_react": status_react,
}

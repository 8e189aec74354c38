"""Statuses (stories): the session's own, posted through the API, and its contacts', received from
the engine. A status is shown for 24 hours; viewers and reactions are kept with it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.contacts.service import phone_of
from inboxhub.db import Page, paginate, row_id_in, utcnow
from inboxhub.engines.base import Media, NotFoundOnEngine, NotPermitted, Outbound, StatusText
from inboxhub.envelope import iso
from inboxhub.errors import ApiError, NotFound, ValidationFailed
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import require_connected
from inboxhub.stories import media
from inboxhub.stories.models import Status, StatusView
from inboxhub.stories.schemas import StatusCreate

STATUS_LIFETIME = timedelta(hours=24)
STATUS_BROADCAST = "status@broadcast"


class StatusNotFound(NotFound):
    code = "STATUS_NOT_FOUND"


class StatusExpired(ApiError):
    status_code = 410
    code = "STATUS_EXPIRED"


class OwnStatus(ValidationFailed):
    code = "OWN_STATUS"


# ---- reading ------------------------------------------------------------------------------------


def media_path_url(session: WhatsAppSession, status: Status) -> str:
    return f"/api/status/sessions/{session.session_id}/statuses/{status.id}/media"


def describe(
    status: Status, session: WhatsAppSession, views: list[StatusView] | None = None
) -> dict[str, Any]:
    now = utcnow()
    data: dict[str, Any] = {
        "id": status.id,
        "statusId": status.whatsapp_id,
        "fromMe": status.from_me,
        "sender": status.sender_jid,
        "senderPhone": status.sender_phone,
        "senderName": status.sender_name,
        "type": status.type,
        "text": status.text,
        "caption": status.caption,
        "backgroundColor": status.background_color,
        "font": status.font,
        "mediaUrl": media_path_url(session, status) if status.media_path else status.media_url,
        "mimetype": status.media_mimetype,
        "size": status.media_size,
        "timestamp": iso(status.posted_at),
        "expiresAt": iso(status.expires_at),
        "isActive": status.expires_at > now,
        "viewed": status.viewed_at is not None,
        "viewedAt": iso(status.viewed_at),
        "myReaction": status.my_reaction,
    }
    if status.from_me:
        data["viewers"] = [
            {"id": v.viewer_jid, "viewedAt": iso(v.viewed_at), "reaction": v.reaction}
            for v in views or []
        ]
        data["viewCount"] = len(views or [])
        data["reactionCount"] = sum(1 for v in views or [] if v.reaction)
    return data


async def list_statuses(
    db: AsyncSession,
    session: WhatsAppSession,
    *,
    page: int,
    limit: int,
    active_only: bool,
    from_me: bool | None,
) -> tuple[list[Status], dict[int, list[StatusView]], Page]:
    stmt = select(Status).where(Status.session_id == session.id)
    if active_only:
        stmt = stmt.where(Status.expires_at > utcnow())
    if from_me is not None:
        stmt = stmt.where(Status.from_me.is_(from_me))
    stmt = stmt.order_by(Status.posted_at.desc(), Status.id.desc())
    statuses, pagination = await paginate(db, stmt, page=page, limit=limit)
    return statuses, await views_of(db, [s.id for s in statuses if s.from_me]), pagination


async def views_of(db: AsyncSession, status_ids: list[int]) -> dict[int, list[StatusView]]:
    views: dict[int, list[StatusView]] = {status_id: [] for status_id in status_ids}
    if status_ids:
        stmt = (
            select(StatusView)
            .where(StatusView.status_id.in_(status_ids))
            .order_by(StatusView.viewed_at, StatusView.id)
        )
        for view in (await db.execute(stmt)).scalars():
            views[view.status_id].append(view)
    return views


async def find_status(db: AsyncSession, session: WhatsAppSession, ref: str) -> Status:
    """A status of the session by WhatsApp's ``statusId``, else by its numeric ``id``."""
    stmt = select(Status).where(Status.session_id == session.id, Status.whatsapp_id == ref)
    status = (await db.execute(stmt)).scalar_one_or_none()
    if status is None and (status_pk := row_id_in(ref)) is not None:
        stmt = select(Status).where(Status.session_id == session.id, Status.id == status_pk)
        status = (await db.execute(stmt)).scalar_one_or_none()
    if status is None:
        raise StatusNotFound(f"Status '{ref}' not found", field="statusId")
    return status


# ---- posting ------------------------------------------------------------------------------------


async def _content(runtime: Runtime, body: StatusCreate) -> tuple[Outbound, bytes | None]:
    if body.type == "text":
        given = [(f, v) for f, v in (("text", body.text), ("content", body.content)) if v]
        if body.caption:
            given.append(("caption", body.caption))
        if len({v for _, v in given}) > 1:
            raise ValidationFailed(
                "Give a text status's text once: text, content or caption", field=given[1][0]
            )
        if not given:
            raise ValidationFailed("A text status needs text", field="text")
        field, text = given[0]
        if len(text) > 700:
            raise ValidationFailed(f"{field}: a text status holds 700 characters", field=field)
        if body.media_url or body.base64:
            raise ValidationFailed(
                "A text status has no media: use type image or video", field="type"
            )
        return StatusText(body=text, background_color=body.background_color, font=body.font), None
    if body.background_color or body.font is not None:
        field = "backgroundColor" if body.background_color else "font"
        raise ValidationFailed(f"{field} is for text statuses", field=field)
    if (body.media_url is None) == (body.base64 is None):
        raise ValidationFailed(
            f"An {body.type} status needs mediaUrl or base64 (one of them)", field="mediaUrl"
        )
    if body.media_url is not None:
        data, declared = await media.fetch_url(runtime.settings, body.media_url)
        field = "mediaUrl"
    else:
        data, declared, field = media.decode_base64(body.base64 or ""), None, "base64"
    kind = body.type
    mimetype = media.media_type(data, body.mimetype or declared, kind=kind, field=field)
    return Media(kind=kind, data=data, mimetype=mimetype, caption=body.caption), data


async def post_status(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, body: StatusCreate
) -> tuple[Status, list[StatusView]]:
    client = require_connected(runtime, session)
    content, data = await _content(runtime, body)
    result = await client.post_status(content)
    status = Status(
        organization_id=session.organization_id,
        session_id=session.id,
        whatsapp_id=result.id,
        from_me=True,
        sender_jid=f"{session.phone_number}@s.whatsapp.net",
        sender_phone=session.phone_number,
        sender_name=session.push_name,
        type=body.type,
        text=content.body if isinstance(content, StatusText) else None,
        caption=body.caption if body.type != "text" else None,
        background_color=body.background_color,
        font=body.font,
        media_url=body.media_url,
        posted_at=result.timestamp,
        expires_at=result.timestamp + STATUS_LIFETIME,
    )
    if isinstance(content, Media) and data is not None:
        status.media_mimetype = content.mimetype
        status.media_size = len(data)
        status.media_path = media.store(
            runtime.settings.media_dir, session.id, result.id, data, content.mimetype
        )
    db.add(status)
    await db.flush()
    await discard_expired_media(db, runtime, session)
    return status, []


async def discard_expired_media(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession
) -> None:
    """Statuses are not shown after 24 hours: their bytes go, the record stays."""
    stmt = (
        select(Status)
        .where(
            Status.session_id == session.id,
            Status.expires_at <= utcnow(),
            Status.media_path.is_not(None),
        )
        .limit(50)
    )
    for status in (await db.execute(stmt)).scalars():
        media.discard(runtime.settings.media_dir, status.media_path or "")
        status.media_path = None


# ---- viewing and reacting -----------------------------------------------------------------------


def _check_viewable(status: Status, now: datetime) -> None:
    if status.from_me:
        raise OwnStatus("This is the session's own status", field="statusId")
    if status.expires_at <= now:
        raise StatusExpired("The status expired (statuses last 24 hours)", field="statusId")


async def mark_viewed(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, status: Status
) -> Status:
    _check_viewable(status, utcnow())
    client = require_connected(runtime, session)
    try:
        await client.mark_status_viewed(status.whatsapp_id, status.sender_jid)
    except (NotFoundOnEngine, NotPermitted) as exc:
        raise StatusExpired("WhatsApp no longer has this status", field="statusId") from exc
    status.viewed_at = status.viewed_at or utcnow()
    return status


async def react(
    db: AsyncSession,
    runtime: Runtime,
    session: WhatsAppSession,
    status: Status,
    emoji: str,
) -> Status:
    """React with ``emoji``; ``""`` takes the reaction back."""
    _check_viewable(status, utcnow())
    client = require_connected(runtime, session)
    try:
        await client.react_to_status(status.whatsapp_id, status.sender_jid, emoji)
    except (NotFoundOnEngine, NotPermitted) as exc:
        raise StatusExpired("WhatsApp no longer has this status", field="statusId") from exc
    status.viewed_at = status.viewed_at or utcnow()
    status.my_reaction = emoji or None
    return status


def sender_phone(jid: str, phone: str | None) -> str | None:
    return phone or phone_of(jid)

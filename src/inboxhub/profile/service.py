"""The session's own WhatsApp profile: its name, about and picture, changed through its engine."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import commit_now
from inboxhub.engines.base import Media, ProfileChange, UserInfo
from inboxhub.errors import ValidationFailed
from inboxhub.media import service as media_service
from inboxhub.media.sources import MediaSource, resolve
from inboxhub.profile.schemas import PictureSource, ProfileUpdate
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import describe, require_connected


def _source(picture: str | PictureSource) -> MediaSource:
    if isinstance(picture, str):
        text = picture.strip()
        # A CRM holding the image already sends it inline, as browsers show pictures.
        if text.startswith("data:"):
            return MediaSource(field="picture", base64=text)
        return MediaSource(field="picture", url=text)
    return MediaSource(
        field="picture",
        url=picture.url,
        base64=picture.base64,
        buffer=picture.buffer,
        path=picture.path,
        media_id=picture.media_id,
        mimetype=picture.mimetype,
    )


async def _picture(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, picture: str | PictureSource
) -> Media:
    found = await resolve(
        db, runtime, organization_id=session.organization_id, source=_source(picture)
    )
    mimetype = media_service.settle_mimetype(
        "image", found.data, found.declared_mimetype, field="picture"
    )
    return Media(kind="image", data=found.data, mimetype=mimetype)


def _shown(info: UserInfo, change: ProfileChange) -> dict[str, Any]:
    """What the engine says contacts now see; a part it does not know stays as recorded."""
    shown: dict[str, Any] = {
        "name": info.push_name or change.name,
        "about": info.about if info.about is not None else change.about,
        "profilePictureUrl": info.picture_url,
        "isBusiness": info.is_business,
    }
    if change.remove_picture:
        shown["profilePictureUrl"] = ""
    return {key: value for key, value in shown.items() if value is not None}


async def update_profile(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, body: ProfileUpdate
) -> dict[str, Any]:
    if body.picture is not None and body.remove_picture:
        raise ValidationFailed("give picture or removePicture, not both", field="removePicture")
    client = require_connected(runtime, session)
    change = ProfileChange(name=body.name, about=body.about, remove_picture=body.remove_picture)
    if body.picture is not None:
        change.picture = await _picture(db, runtime, session, body.picture)
    # The engine may wait for its events to be recorded: hold no transaction meanwhile.
    await commit_now(db)
    info = await client.update_profile(change)
    session.profile = {**(session.profile or {}), **_shown(info, change)}
    if change.name is not None:
        session.push_name = change.name
    await db.flush()
    return {
        "sessionId": session.session_id,
        "profile": describe(runtime, session, detail=True)["profile"],
    }

"""The number's own profile on the Cloud API: what Meta lets a business change through the API."""

from __future__ import annotations

from typing import Any

from inboxhub.engines.base import ProfileChange, UserInfo
from inboxhub.errors import EngineNotSupported


def refuse_unsupported(change: ProfileChange) -> None:
    """Refuse, before anything is changed, what Meta does not change through the API."""
    if change.name is not None:
        # Meta reviews a business's display name before it is shown.
        raise EngineNotSupported(
            "The Cloud API engine cannot change the display name: request it in WhatsApp "
            "Manager, where Meta reviews it",
            field="name",
        )
    if change.picture is not None or change.remove_picture:
        # A picture goes through Meta's resumable upload of the app, which the session's token
        # and phone number id alone do not reach; nor can a picture be removed through the API.
        raise EngineNotSupported(
            "The Cloud API engine cannot change the profile picture: set it in WhatsApp Manager",
            field="picture" if change.picture is not None else "removePicture",
        )


def about_fields(change: ProfileChange) -> dict[str, Any]:
    """The body of ``POST /{phone-number-id}/whatsapp_business_profile`` for the change."""
    fields: dict[str, Any] = {"messaging_product": "whatsapp"}
    if change.about is not None:
        fields["about"] = change.about
    return fields


def own_info(profile: dict[str, Any], *, phone: str | None, name: str | None) -> UserInfo:
    """The number as its customers see it: a business account by definition."""
    return UserInfo(
        jid=f"{phone or ''}@s.whatsapp.net",
        push_name=name,
        verified_name=name,
        about=str(profile.get("about") or ""),
        picture_url=str(profile.get("profile_picture_url") or ""),
        is_business=True,
    )

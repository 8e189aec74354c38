from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from inboxhub.auth.schemas import CamelModel
from inboxhub.envelope import ReadModel
from inboxhub.sessions.schemas import SessionProfile

# WhatsApp's own limits: a profile name of 25 characters, an about of 139.
NAME_MAX = 25
ABOUT_MAX = 139


class PictureSource(CamelModel):
    """Where the picture's bytes are, as a message's media says it: one of them."""

    url: str | None = Field(default=None, max_length=4000)
    base64: str | None = Field(default=None, max_length=70_000_000, description="Or a data URL")
    buffer: Any = Field(default=None, description="A Node.js Buffer as JSON, or a byte list")
    path: str | None = Field(default=None, max_length=1000, description="In your media folder")
    media_id: str | int | None = Field(default=None, description="A file uploaded to /api/media")
    mimetype: str | None = Field(default=None, max_length=100)


class ProfileUpdate(CamelModel):
    """Any of the session's own name, about and picture; what is left out stays as it is."""

    name: str | None = Field(
        default=None,
        min_length=1,
        max_length=NAME_MAX,
        description="The name contacts see (push name); not changeable on the Cloud API",
    )
    about: str | None = Field(default=None, min_length=1, max_length=ABOUT_MAX)
    picture: str | PictureSource | None = Field(
        default=None,
        description="An image: its URL, a data URL, or `{url | base64 | mediaId | buffer | path}`",
    )
    remove_picture: bool = Field(
        default=False, description="Remove the profile picture (not with `picture`)"
    )

    @field_validator("picture", mode="before")
    @classmethod
    def _picture_shape(cls, value: Any) -> Any:
        # Checked here so that an error names ``picture``, not a branch of the union.
        if value is not None and not isinstance(value, str | dict):
            raise ValueError("give the picture as a URL, a data URL or an object")
        return value

    @field_validator("name", "about")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value

    @model_validator(mode="after")
    def _something(self) -> ProfileUpdate:
        parts = (self.name, self.about, self.picture)
        if all(part is None for part in parts) and not self.remove_picture:
            raise ValueError("give at least one of name, about, picture, removePicture")
        return self


# ---- answers ----------------------------------------------------------------------------------


class ProfileRead(ReadModel):
    session_id: str
    profile: SessionProfile

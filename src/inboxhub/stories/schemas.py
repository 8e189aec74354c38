from __future__ import annotations

from typing import Literal

from pydantic import Field

from inboxhub.auth.schemas import CamelModel

StatusType = Literal["text", "image", "video"]


class StatusCreate(CamelModel):
    """A text status (``text``, optional ``backgroundColor``/``font``) or an image/video status
    (``mediaUrl`` or ``base64``, optional ``caption``). A text status also takes its text as
    ``content`` or ``caption``, as integrators guess."""

    type: StatusType = "text"
    text: str | None = Field(default=None, min_length=1, max_length=700)
    content: str | None = Field(
        default=None, min_length=1, max_length=700, description="A text status's text (alias)"
    )
    caption: str | None = Field(default=None, max_length=1024)
    media_url: str | None = Field(default=None, max_length=2000)
    base64: str | None = Field(default=None, max_length=70_000_000, description="Media bytes")
    mimetype: str | None = Field(default=None, max_length=100)
    background_color: str | None = Field(
        default=None, pattern=r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$", description="#RRGGBB"
    )
    font: int | None = Field(default=None, ge=0, le=9, description="WhatsApp status font, 0-9")


class ReactionCreate(CamelModel):
    reaction: str = Field(min_length=1, max_length=20, description="An emoji, e.g. 👍")

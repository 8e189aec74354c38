from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from inboxhub.auth.schemas import CamelModel
from inboxhub.envelope import Omitted, Pagination, ReadModel

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


# ---- answers ----------------------------------------------------------------------------------


class StatusViewer(ReadModel):
    id: str = Field(description="The viewer's JID")
    viewed_at: str
    reaction: str | None


class StatusRead(ReadModel):
    """A status (story); the session's own ones list who saw them."""

    id: int
    status_id: str = Field(description="WhatsApp's id")
    from_me: bool
    sender: str
    sender_phone: str | None
    sender_name: str | None
    type: StatusType
    text: str | None
    caption: str | None
    background_color: str | None
    font: int | None
    media_url: str | None
    mimetype: str | None
    size: int | None
    timestamp: str
    expires_at: str
    is_active: bool
    viewed: bool
    viewed_at: str | None
    my_reaction: str | None
    viewers: list[StatusViewer] = Omitted
    view_count: int = Omitted
    reaction_count: int = Omitted


class StatusList(ReadModel):
    statuses: list[StatusRead]
    total: int
    pagination: Pagination


class StatusData(ReadModel):
    status: StatusRead


STATUS_MEDIA_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The status's image or video (plain bytes when its type could run)",
        "content": {
            "image/*": {"schema": {"type": "string", "format": "binary"}},
            "video/*": {"schema": {"type": "string", "format": "binary"}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}

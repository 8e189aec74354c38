"""Answers of the media library: files uploaded, sent and received."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from inboxhub.envelope import Pagination, ReadModel


class MediaFileRead(ReadModel):
    id: int
    media_id: int = Field(description="Same as id: send it as mediaId")
    session_id: str | None
    type: str = Field(examples=["image", "video", "audio", "document", "sticker"])
    source: str = Field(examples=["upload", "outbound", "inbound"])
    filename: str
    mimetype: str
    size: int | None
    sha256: str | None
    downloaded: bool = Field(description="The bytes are stored here (else fetched on download)")
    download_url: str = Field(description="With the X-API-Key header")
    url: str = Field(description="A signed link that needs no API key, for a while")
    created_at: str


class MediaFileList(ReadModel):
    media: list[MediaFileRead]
    total: int
    pagination: Pagination


class MediaFileData(ReadModel):
    media: MediaFileRead


class MediaUploaded(MediaFileData):
    media_id: int


class MediaDeleted(ReadModel):
    media_id: int
    deleted: bool


MEDIA_DOWNLOAD_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, as its bytes say it is (active types as plain bytes)",
        "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
    }
}

# The upload is read as it streams in (``upload.py``), not by a declared parameter.
UPLOAD_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        }
    },
}

"""Media files: what kind of file a byte string is, where it is kept, and who may see it.

Files live under ``settings.media_dir`` at ``<session pk>/<random hex><extension>``; the gateway
chooses every path itself, so no client input ever reaches the filesystem.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import uuid
from pathlib import Path
from typing import Any, Literal

import filetype
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import Page, paginate
from inboxhub.envelope import iso
from inboxhub.errors import NotFound, SessionNotConnected, ValidationFailed
from inboxhub.media import signing
from inboxhub.media.models import MediaFile
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession

MediaKind = Literal["image", "video", "audio", "document", "sticker"]
MEDIA_KINDS: tuple[MediaKind, ...] = ("image", "video", "audio", "document", "sticker")

# What WhatsApp itself accepts for each kind (documents take anything).
_ACCEPTED: dict[str, tuple[str, ...]] = {
    "image": ("image/jpeg", "image/png", "image/webp", "image/gif"),
    "sticker": ("image/webp",),
    "video": ("video/",),
    "audio": ("audio/", "application/ogg"),
}
# Types a browser runs or renders as a document: never served as such from the gateway's origin.
ACTIVE_TYPES = frozenset(
    {
        "image/svg+xml",
        "text/html",
        "application/xhtml+xml",
        "text/xml",
        "application/xml",
        "text/javascript",
        "application/javascript",
        "application/pdf",
    }
)
# Every file the gateway serves: no sniffing, no scripts, no same-origin powers.
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cache-Control": "private, max-age=3600",
}


def is_active(mimetype: str | None) -> bool:
    return (mimetype or "").split(";")[0].strip().lower() in ACTIVE_TYPES


def served_type(mimetype: str | None, data_head: bytes) -> str:
    """The type a stored file is served as: what its bytes are, else the declared type unless
    that type is active (then plain bytes)."""
    sniffed = filetype.guess_mime(data_head)
    if sniffed:
        declared = (mimetype or "").split(";")[0].strip().lower()
        # The declared type keeps its parameters (``audio/ogg; codecs=opus``) when it is right.
        return mimetype if mimetype and declared == sniffed else str(sniffed)
    if not mimetype or is_active(mimetype):
        return "application/octet-stream"
    return mimetype


_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "video/mp4": ".mp4",
    "video/3gpp": ".3gp",
    "video/quicktime": ".mov",
    "video/webm": ".webm",
    "audio/ogg": ".ogg",
    "application/ogg": ".ogg",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "audio/aac": ".aac",
    "audio/amr": ".amr",
    "audio/x-wav": ".wav",
    "audio/wav": ".wav",
    "application/pdf": ".pdf",
    "application/zip": ".zip",
    "text/plain": ".txt",
    "text/csv": ".csv",
}
_MIMETYPE = re.compile(r"^[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*$")
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")


# ---- what a file is ---------------------------------------------------------------------------


def sniff(data: bytes) -> str | None:
    """The mimetype the bytes themselves show (magic numbers), not what a client claims."""
    mime = filetype.guess_mime(data[:8192])
    return str(mime) if mime else None


def clean_mimetype(value: str | None) -> str | None:
    if not value:
        return None
    value = value.split(";", 1)[0].strip().lower()
    return value if _MIMETYPE.match(value) and len(value) <= 100 else None


def kind_of(mimetype: str) -> MediaKind:
    if mimetype.startswith("image/") and mimetype in _ACCEPTED["image"]:
        return "image"
    if mimetype.startswith("video/"):
        return "video"
    if mimetype.startswith("audio/") or mimetype == "application/ogg":
        return "audio"
    return "document"


def settle_mimetype(kind: str, data: bytes, declared: str | None, *, field: str) -> str:
    """The mimetype to send ``data`` with as ``kind``; refuses bytes that are not that kind."""
    if not data:
        raise ValidationFailed(f"{field}: the file is empty", field=field)
    sniffed = sniff(data)
    declared = clean_mimetype(declared)
    if kind == "document":
        return sniffed or declared or "application/octet-stream"
    # An .m4a voice note is an MP4 container: the magic numbers say video, the content is audio.
    if kind == "audio" and sniffed == "video/mp4":
        sniffed = "audio/mp4"
    if sniffed is None or not sniffed.startswith(_ACCEPTED[kind]):
        found = sniffed or "unrecognized data"
        allowed = ", ".join(p + ("*" if p.endswith("/") else "") for p in _ACCEPTED[kind])
        raise ValidationFailed(
            f"{field}: a {kind} must be {allowed}; the file is {found}", field=field
        )
    return sniffed


def extension_for(mimetype: str) -> str:
    return _EXTENSIONS.get(mimetype, ".bin")


def safe_filename(name: str | None, *, limit: int = 150) -> str | None:
    """A display name only (Content-Disposition, webhooks); never used to build a path."""
    if not name:
        return None
    name = _UNSAFE_NAME.sub("", name.replace("\\", "/").rsplit("/", 1)[-1]).strip().strip(".")
    if not name:
        return None
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) < 10 else name[:limit]
    return name


def default_filename(kind: str, mimetype: str) -> str:
    return f"{kind}-{uuid.uuid4().hex[:12]}{extension_for(mimetype)}"


# ---- keeping files ----------------------------------------------------------------------------


def local_path(runtime: Runtime, media: MediaFile) -> Path | None:
    if not media.storage_key:
        return None
    return runtime.settings.media_dir / media.storage_key


def incoming_dir(runtime: Runtime) -> Path:
    """Where uploads are written while they stream in (same filesystem: moved, never copied)."""
    path = runtime.settings.media_dir / ".incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _new_key(session_pk: int, mimetype: str) -> str:
    return f"{session_pk}/{uuid.uuid4().hex}{extension_for(mimetype)}"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".part")
    temp.write_bytes(data)
    os.replace(temp, path)


async def write_new(runtime: Runtime, session_pk: int, mimetype: str, data: bytes) -> str:
    """Write ``data`` as a new file of the session; returns its storage key."""
    key = _new_key(session_pk, mimetype)
    await asyncio.to_thread(_write, runtime.settings.media_dir / key, data)
    return key


async def save_bytes(
    db: AsyncSession,
    runtime: Runtime,
    *,
    session: WhatsAppSession,
    data: bytes,
    mimetype: str,
    kind: str,
    source: str,
    filename: str | None,
    engine_ref: dict[str, Any] | None = None,
) -> MediaFile:
    key = _new_key(session.id, mimetype)
    await asyncio.to_thread(_write, runtime.settings.media_dir / key, data)
    media = MediaFile(
        organization_id=session.organization_id,
        session_pk=session.id,
        kind=kind,
        source=source,
        filename=safe_filename(filename) or default_filename(kind, mimetype),
        mimetype=mimetype,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_key=key,
        engine_ref=engine_ref,
    )
    db.add(media)
    await db.flush()
    return media


async def adopt_file(
    db: AsyncSession,
    runtime: Runtime,
    *,
    session: WhatsAppSession,
    temp_path: Path,
    size: int,
    sha256: str,
    mimetype: str,
    filename: str | None,
) -> MediaFile:
    """Keep a file that was streamed to disk (an upload)."""
    kind = kind_of(mimetype)
    key = _new_key(session.id, mimetype)
    target = runtime.settings.media_dir / key
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temp_path, target)
    media = MediaFile(
        organization_id=session.organization_id,
        session_pk=session.id,
        kind=kind,
        source="upload",
        filename=safe_filename(filename) or default_filename(kind, mimetype),
        mimetype=mimetype,
        size=size,
        sha256=sha256,
        storage_key=key,
    )
    db.add(media)
    await db.flush()
    return media


def remember_remote(
    db: AsyncSession,
    *,
    session: WhatsAppSession,
    kind: str,
    mimetype: str,
    size: int | None,
    filename: str | None,
    sha256: str | None,
    engine_ref: dict[str, Any],
) -> MediaFile:
    """An inbound file the engine has not handed over yet: fetched on first download."""
    media = MediaFile(
        organization_id=session.organization_id,
        session_pk=session.id,
        kind=kind,
        source="inbound",
        filename=safe_filename(filename) or default_filename(kind, mimetype),
        mimetype=mimetype,
        size=size,
        sha256=sha256,
        storage_key=None,
        engine_ref=engine_ref,
    )
    db.add(media)
    return media


async def read_bytes(runtime: Runtime, media: MediaFile) -> bytes:
    path = local_path(runtime, media)
    if path is None or not path.is_file():
        raise NotFound(f"The file of media {media.id} is not available", field="mediaId")
    return await asyncio.to_thread(path.read_bytes)


async def materialize(db: AsyncSession, runtime: Runtime, media: MediaFile) -> Path:
    """The file on disk, downloading it through the session's engine the first time."""
    path = local_path(runtime, media)
    if path is not None and path.is_file():
        return path
    if not media.engine_ref:
        raise NotFound(f"The file of media {media.id} is no longer available", field="mediaFileId")
    if runtime.media_arrivals is not None:
        # Being downloaded since its message arrived: that download, not a second one.
        await runtime.media_arrivals.wait_for(media.id)
        await db.refresh(media)
        path = local_path(runtime, media)
        if path is not None and path.is_file():
            return path
    session = await db.get(WhatsAppSession, media.session_pk)
    client = runtime.pool.get(session.session_id) if session else None
    if session is None or client is None or not client.is_connected:
        raise SessionNotConnected(
            "The file has not been downloaded yet and its session is not connected",
            field="sessionId",
        )
    data, mimetype = await client.download_media(media.engine_ref)
    key = await write_new(runtime, media.session_pk, media.mimetype or mimetype, data)
    media.storage_key = key
    media.size = len(data)
    media.sha256 = hashlib.sha256(data).hexdigest()
    return runtime.settings.media_dir / key


# ---- finding and describing -------------------------------------------------------------------


def parse_media_ref(ref: str | int, *, field: str) -> int:
    """``12``, ``"12"`` or ``"media_12"`` (seed 02 writes media ids with that prefix)."""
    text = str(ref).strip().lower().removeprefix("media_")
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise NotFound(f"Media '{ref}' not found", field=field)
    return int(text)


async def find_media(
    db: AsyncSession, organization_id: int, ref: str | int, *, field: str = "mediaFileId"
) -> MediaFile:
    media = (
        await db.execute(
            select(MediaFile).where(
                MediaFile.id == parse_media_ref(ref, field=field),
                MediaFile.organization_id == organization_id,
            )
        )
    ).scalar_one_or_none()
    if media is None:
        raise NotFound(f"Media '{ref}' not found", field=field)
    return media


async def list_media(
    db: AsyncSession, session: WhatsAppSession, *, page: int, limit: int, kind: str | None
) -> tuple[list[MediaFile], Page]:
    stmt = select(MediaFile).where(MediaFile.session_pk == session.id).order_by(MediaFile.id.desc())
    if kind:
        stmt = stmt.where(MediaFile.kind == kind)
    return await paginate(db, stmt, page=page, limit=limit)


async def delete_media(db: AsyncSession, runtime: Runtime, media: MediaFile) -> None:
    path = local_path(runtime, media)
    await db.delete(media)
    await db.flush()
    if path is not None:
        await asyncio.to_thread(path.unlink, True)


def describe(
    runtime: Runtime, media: MediaFile, *, session_id: str | None = None
) -> dict[str, Any]:
    return {
        "id": media.id,
        "mediaId": media.id,
        "sessionId": session_id,
        "type": media.kind,
        "source": media.source,
        "filename": media.filename,
        "mimetype": media.mimetype,
        "size": media.size,
        "sha256": media.sha256,
        "downloaded": media.storage_key is not None,
        "downloadUrl": f"/api/media/{media.id}/download",
        "url": signing.signed_url(runtime, media.id),
        "createdAt": iso(media.created_at),
    }

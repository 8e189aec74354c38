"""Where the bytes of a message's media come from: a URL, base64, a buffer, a local path or an
uploaded file (``mediaId``). Every source is size-limited and its field is named in errors."""

from __future__ import annotations

import asyncio
import base64
import binascii
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub import __version__
from inboxhub.auth.service import is_operator
from inboxhub.errors import PayloadTooLarge, ValidationFailed
from inboxhub.media import service as media_service
from inboxhub.media.models import MediaFile
from inboxhub.runtime import Runtime
from inboxhub.ssrf import check_address, guard_url

_REDIRECTS = (301, 302, 303, 307, 308)
_MAX_REDIRECTS = 5


@dataclass(kw_only=True)
class MediaSource:
    """What a send body says about its file; ``field`` names it in errors (``message.image``)."""

    field: str
    url: str | None = None
    base64: str | None = None
    buffer: Any = None
    path: str | None = None
    media_id: str | int | None = None
    mimetype: str | None = None
    filename: str | None = None

    def given(self) -> list[str]:
        names = ("url", "base64", "buffer", "path", "media_id")
        return [n for n in names if getattr(self, n) not in (None, "")]


@dataclass(kw_only=True)
class ResolvedMedia:
    data: bytes
    declared_mimetype: str | None
    filename: str | None
    stored: MediaFile | None = None  # the upload a ``mediaId`` points at


def _too_large(field: str, limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"{field}: the file is larger than {limit // (1024 * 1024)} MB", field=field
    )


# ---- base64 and buffers -----------------------------------------------------------------------


def decode_base64(value: str, *, field: str, limit: int) -> bytes:
    text = value.strip()
    if text.startswith("data:") and "," in text:
        text = text.split(",", 1)[1]
    text = "".join(text.split())
    if len(text) * 3 // 4 > limit + 3:
        raise _too_large(field, limit)
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        try:
            data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError) as exc:
            raise ValidationFailed(f"{field}: not valid base64", field=field) from exc
    if len(data) > limit:
        raise _too_large(field, limit)
    return data


def decode_buffer(value: Any, *, field: str, limit: int) -> bytes:
    """A Node.js Buffer as JSON (``{"type": "Buffer", "data": [..]}``), a byte list, or base64."""
    if isinstance(value, str):
        return decode_base64(value, field=field, limit=limit)
    if isinstance(value, dict) and value.get("type") == "Buffer":
        value = value.get("data")
    if isinstance(value, list):
        if len(value) > limit:
            raise _too_large(field, limit)
        try:
            return bytes(value)
        except (TypeError, ValueError) as exc:
            raise ValidationFailed(f"{field}: a buffer holds bytes 0-255", field=field) from exc
    raise ValidationFailed(f"{field}: give base64 text or a Buffer object", field=field)


# ---- local files ------------------------------------------------------------------------------


# Folders of the media directory the gateway itself manages: never reachable by ``path``.
ORGANIZATION_FOLDERS = "organizations"
_MANAGED = ("statuses", ORGANIZATION_FOLDERS)


def read_local(
    runtime: Runtime, value: str, *, field: str, limit: int, organization_id: int, operator: bool
) -> tuple[bytes, str]:
    """A file the operator placed for an organization: in ``media/organizations/<its id>/``, or
    for the operator's organization anywhere in the media folder outside what the gateway keeps
    (session files, statuses, other organizations' folders). Every refusal reads the same, so
    nobody learns which paths exist."""
    refused = ValidationFailed(f"{field}: no such file in your media folder", field=field)
    media_dir = runtime.settings.media_dir.resolve()
    own = (media_dir / ORGANIZATION_FOLDERS / str(organization_id)).resolve()
    candidate = Path(value)
    if candidate.is_absolute():
        resolved = candidate.resolve()
    else:
        resolved = (own / candidate).resolve()
        if operator and not resolved.is_file():
            resolved = (media_dir / candidate).resolve()
    if not (resolved.is_relative_to(own) and resolved != own):
        if not operator or not resolved.is_relative_to(media_dir) or resolved == media_dir:
            raise refused
        first = resolved.relative_to(media_dir).parts[0]
        # Numbered folders and .incoming hold files the gateway keeps per session: use mediaId.
        if first.isdigit() or first.startswith(".") or first in _MANAGED:
            raise refused
    if not resolved.is_file():
        raise refused
    if resolved.stat().st_size > limit:
        raise _too_large(field, limit)
    return resolved.read_bytes(), resolved.name


# ---- URLs -------------------------------------------------------------------------------------


def _check_peer(response: httpx.Response, *, allow_private: bool, field: str) -> None:
    # The name was checked before connecting; this checks the address actually reached, so a
    # DNS answer that changed in between (rebinding) cannot smuggle in a private address.
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        check_address(str(peer[0]), allow_private=allow_private, field=field)


def _filename_of(url: str) -> str | None:
    name = PurePosixPath(unquote(urlsplit(url).path)).name
    return name or None


async def _download(
    client: httpx.AsyncClient, url: str, *, field: str, limit: int, allow_private: bool
) -> tuple[bytes, str | None, str]:
    current = url
    for _ in range(_MAX_REDIRECTS + 1):
        await guard_url(current, allow_private=allow_private, field=field)
        async with client.stream("GET", current) as response:
            _check_peer(response, allow_private=allow_private, field=field)
            if response.status_code in _REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise ValidationFailed(f"{field}: redirect without a location", field=field)
                current = str(response.url.join(location))
                continue
            if response.status_code >= 400:
                raise ValidationFailed(
                    f"{field}: the server answered HTTP {response.status_code}", field=field
                )
            declared = response.headers.get("content-length", "")
            if declared.isascii() and declared.isdigit() and int(declared) > limit:
                raise _too_large(field, limit)
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > limit:
                    raise _too_large(field, limit)
            return bytes(body), response.headers.get("content-type"), current
    raise ValidationFailed(f"{field}: too many redirects", field=field)


async def fetch_url(runtime: Runtime, url: str, *, field: str) -> tuple[bytes, str | None, str]:
    """GET a media URL: redirects followed by hand and each hop guarded, size and time bounded."""
    settings = runtime.settings
    timeout = settings.media_fetch_timeout_seconds
    headers = {"User-Agent": f"InboxHub/{__version__} (media fetch)", "Accept": "*/*"}
    try:
        async with (
            httpx.AsyncClient(
                follow_redirects=False,
                timeout=httpx.Timeout(timeout),
                trust_env=False,
                headers=headers,
            ) as client,
            asyncio.timeout(timeout),
        ):
            return await _download(
                client,
                url,
                field=field,
                limit=settings.media_max_bytes,
                allow_private=settings.allow_private_targets,
            )
    except TimeoutError as exc:
        raise ValidationFailed(
            f"{field}: the download took longer than {timeout:g} s", field=field
        ) from exc
    except httpx.HTTPError as exc:
        raise ValidationFailed(
            f"{field}: the URL could not be fetched ({type(exc).__name__})", field=field
        ) from exc


# ---- any source -------------------------------------------------------------------------------


async def resolve(
    db: AsyncSession, runtime: Runtime, *, organization_id: int, source: MediaSource
) -> ResolvedMedia:
    given = source.given()
    field = source.field
    if not given:
        raise ValidationFailed(
            f"{field}: give the file as url, base64, buffer, path or mediaId", field=field
        )
    if len(given) > 1:
        raise ValidationFailed(f"{field}: give only one of {', '.join(given)}", field=field)
    limit = runtime.settings.media_max_bytes
    if source.url:
        data, content_type, final_url = await fetch_url(runtime, source.url, field=f"{field}.url")
        return ResolvedMedia(
            data=data,
            declared_mimetype=source.mimetype or content_type,
            filename=source.filename or _filename_of(final_url),
        )
    if source.base64:
        data = decode_base64(source.base64, field=f"{field}.base64", limit=limit)
        return ResolvedMedia(data=data, declared_mimetype=source.mimetype, filename=source.filename)
    if source.buffer is not None:
        data = decode_buffer(source.buffer, field=f"{field}.buffer", limit=limit)
        return ResolvedMedia(data=data, declared_mimetype=source.mimetype, filename=source.filename)
    if source.path:
        data, name = await asyncio.to_thread(
            read_local,
            runtime,
            source.path,
            field=f"{field}.path",
            limit=limit,
            organization_id=organization_id,
            operator=await is_operator(db, organization_id),
        )
        return ResolvedMedia(
            data=data, declared_mimetype=source.mimetype, filename=source.filename or name
        )
    assert source.media_id is not None
    media_field = "mediaId" if field == "mediaId" else f"{field}.mediaId"
    stored = await media_service.find_media(db, organization_id, source.media_id, field=media_field)
    data = await media_service.read_bytes(runtime, stored)
    return ResolvedMedia(
        data=data,
        declared_mimetype=stored.mimetype,
        filename=source.filename or stored.filename,
        stored=stored,
    )

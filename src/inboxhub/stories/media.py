"""The bytes of image and video statuses: fetched from a URL (SSRF-guarded) or decoded from base64,
and kept under the media directory while the status lives."""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
from pathlib import Path
from urllib.parse import urljoin

import filetype
import httpx

from inboxhub.config import Settings
from inboxhub.errors import PayloadTooLarge, ValidationFailed
from inboxhub.media.service import is_active
from inboxhub.ssrf import guard_url

MAX_MEDIA_BYTES = 50 * 1024 * 1024  # seed 02: 50 MB per media file
_MAX_REDIRECTS = 3
_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class MediaUnavailable(ValidationFailed):
    code = "MEDIA_DOWNLOAD_FAILED"


async def fetch_url(settings: Settings, url: str, *, field: str = "mediaUrl") -> tuple[bytes, str]:
    """Download ``url``; every hop of a redirect is checked by the SSRF guard."""
    async with httpx.AsyncClient(timeout=_TIMEOUT, follow_redirects=False) as http:
        for _ in range(_MAX_REDIRECTS + 1):
            await guard_url(url, allow_private=settings.allow_private_targets, field=field)
            try:
                async with http.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code != 200:
                        raise MediaUnavailable(
                            f"{field} answered HTTP {response.status_code}", field=field
                        )
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > MAX_MEDIA_BYTES:
                        raise PayloadTooLarge("The media file is larger than 50 MB", field=field)
                    chunks, size = [], 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > MAX_MEDIA_BYTES:
                            raise PayloadTooLarge(
                                "The media file is larger than 50 MB", field=field
                            )
                        chunks.append(chunk)
                    mimetype = response.headers.get("content-type", "").split(";")[0].strip()
                    return b"".join(chunks), mimetype
            except httpx.HTTPError as exc:
                raise MediaUnavailable(
                    f"{field} could not be downloaded: {exc}", field=field
                ) from exc
    raise MediaUnavailable(f"{field} redirects too many times", field=field)


def decode_base64(value: str, *, field: str = "base64") -> bytes:
    # Accept data URLs ("data:image/png;base64,…") as CRMs often send them.
    payload = value.split(",", 1)[1] if value.startswith("data:") else value
    try:
        data = base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed(f"{field} is not valid base64", field=field) from exc
    if not data:
        raise ValidationFailed(f"{field} is empty", field=field)
    if len(data) > MAX_MEDIA_BYTES:
        raise PayloadTooLarge("The media file is larger than 50 MB", field=field)
    return data


def media_type(data: bytes, declared: str | None, *, kind: str, field: str) -> str:
    """The mimetype of an ``image`` or ``video``: sniffed, else declared; refused if not ``kind``."""
    guessed = filetype.guess_mime(data)
    mimetype = guessed or (declared or "").lower()
    # Bytes no sniffer recognizes are not taken for an active type on their word (an SVG).
    if not mimetype.startswith(f"{kind}/") or (not guessed and is_active(mimetype)):
        raise ValidationFailed(
            f"{field} is not an {kind} ({guessed or mimetype or 'unknown type'})", field=field
        )
    return mimetype


def store(media_dir: Path, session_pk: int, status_id: str, data: bytes, mimetype: str) -> str:
    """Write the bytes; returns the path relative to ``media_dir``."""
    safe_id = re.sub(r"[^A-Za-z0-9_-]", "_", status_id)[:100]
    extension = mimetypes.guess_extension(mimetype) or ".bin"
    relative = Path("statuses") / str(session_pk) / f"{safe_id}{extension}"
    target = media_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return relative.as_posix()


def resolve(media_dir: Path, relative: str) -> Path | None:
    """The stored file, never outside ``media_dir``."""
    root = media_dir.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def discard(media_dir: Path, relative: str) -> None:
    path = resolve(media_dir, relative)
    if path is not None:
        path.unlink(missing_ok=True)

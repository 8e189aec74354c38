"""Receiving an upload as it streams in: multipart is parsed chunk by chunk and the file part is
written straight to disk, so a file over the limit is refused at the limit, never read whole."""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from inboxhub.errors import PayloadTooLarge, ValidationFailed

# Room for the multipart framing and small form fields around the file.
_OVERHEAD = 1024 * 1024


@dataclass(kw_only=True)
class Upload:
    temp_path: Path
    size: int
    sha256: str
    filename: str | None
    content_type: str | None


class _FilePart:
    """python-multipart callbacks: keep the part named ``field``, skip the others."""

    def __init__(self, directory: Path, *, field: str, limit: int) -> None:
        self.directory = directory
        self.field = field
        self.limit = limit
        self.headers: dict[bytes, bytes] = {}
        self._header_name = b""
        self._header_value = b""
        self._writing: IO[bytes] | None = None
        self.path: Path | None = None
        self.size = 0
        self.digest = hashlib.sha256()
        self.filename: str | None = None
        self.content_type: str | None = None
        self.done = False

    def on_part_begin(self) -> None:
        self.headers = {}

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self._header_name.strip().lower()] = self._header_value.strip()
        self._header_name = self._header_value = b""

    def on_headers_finished(self) -> None:
        _, params = parse_options_header(self.headers.get(b"content-disposition", b""))
        if params.get(b"name") != self.field.encode() or self.done:
            return
        raw_name = params.get(b"filename")
        self.filename = raw_name.decode("utf-8", "replace") if raw_name else None
        ctype = self.headers.get(b"content-type")
        self.content_type = ctype.decode("latin-1") if ctype else None
        self.path = self.directory / f"{uuid.uuid4().hex}.part"
        self._writing = self.path.open("wb")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._writing is None:
            return
        self.size += end - start
        if self.size > self.limit:
            raise PayloadTooLarge(
                f"file: larger than the {self.limit // (1024 * 1024)} MB limit", field="file"
            )
        chunk = data[start:end]
        self.digest.update(chunk)
        self._writing.write(chunk)

    def on_part_end(self) -> None:
        if self._writing is not None:
            self._writing.close()
            self._writing = None
            self.done = True

    def discard(self) -> None:
        if self._writing is not None:
            self._writing.close()
            self._writing = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)


async def receive_upload(
    request: Request, *, directory: Path, limit: int, field: str = "file"
) -> Upload:
    ctype, params = parse_options_header(request.headers.get("content-type"))
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise ValidationFailed(
            f"Send the file as multipart/form-data in the field '{field}'", field=field
        )
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit + _OVERHEAD:
        raise PayloadTooLarge(
            f"{field}: larger than the {limit // (1024 * 1024)} MB limit", field=field
        )
    part = _FilePart(directory, field=field, limit=limit)
    callbacks = {
        "on_part_begin": part.on_part_begin,
        "on_header_field": part.on_header_field,
        "on_header_value": part.on_header_value,
        "on_header_end": part.on_header_end,
        "on_headers_finished": part.on_headers_finished,
        "on_part_data": part.on_part_data,
        "on_part_end": part.on_part_end,
    }
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit + _OVERHEAD:
                raise PayloadTooLarge(
                    f"{field}: larger than the {limit // (1024 * 1024)} MB limit", field=field
                )
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError as exc:
        part.discard()
        raise ValidationFailed(f"Malformed multipart body: {exc}", field=field) from exc
    except BaseException:
        part.discard()
        raise
    if not part.done or part.path is None:
        with contextlib.suppress(OSError):
            part.discard()
        raise ValidationFailed(f"No file in the multipart field '{field}'", field=field)
    if part.size == 0:
        part.discard()
        raise ValidationFailed(f"{field}: the file is empty", field=field)
    return Upload(
        temp_path=part.path,
        size=part.size,
        sha256=part.digest.hexdigest(),
        filename=part.filename,
        content_type=part.content_type,
    )

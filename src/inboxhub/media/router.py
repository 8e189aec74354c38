"""``/api/media``: seed 01's media endpoints (list, upload, info, download, delete)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.responses import FileResponse

from inboxhub.auth import service as auth_service
from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.db import DbSession
from inboxhub.envelope import answers, ok
from inboxhub.errors import Forbidden, InvalidApiKey, MissingApiKey, NotFound
from inboxhub.media import service, signing
from inboxhub.media.models import MediaFile
from inboxhub.media.schemas import (
    MEDIA_DOWNLOAD_ANSWER,
    UPLOAD_BODY,
    MediaDeleted,
    MediaFileData,
    MediaFileList,
    MediaUploaded,
)
from inboxhub.media.service import MediaKind
from inboxhub.media.upload import receive_upload
from inboxhub.routing import FeatureRouter
from inboxhub.sessions.dependencies import SessionByPath
from inboxhub.sessions.models import WhatsAppSession

router = FeatureRouter(prefix="/api/media", tags=["media"])

MediaRef = Annotated[str, Path(alias="mediaFileId", max_length=40)]


async def _session_id_of(db: DbSession, media: MediaFile) -> str | None:
    session = await db.get(WhatsAppSession, media.session_pk)
    return session.session_id if session else None


@router.get("/sessions/{sessionId}", responses=answers(MediaFileList))
async def list_media(
    session: SessionByPath,
    db: DbSession,
    runtime: RuntimeDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    type: MediaKind | None = None,
) -> dict[str, Any]:
    files, pagination = await service.list_media(db, session, page=page, limit=limit, kind=type)
    return ok(
        {
            "media": [service.describe(runtime, m, session_id=session.session_id) for m in files],
            "total": pagination.total,
            "pagination": pagination.as_dict(),
        }
    )


@router.post(
    "/sessions/{sessionId}/upload",
    status_code=201,
    responses=answers(MediaUploaded, 201),
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def upload_media(
    session: SessionByPath, request: Request, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Upload a file (multipart field ``file``, 50 MB at most) to send later with ``mediaId``."""
    upload = await receive_upload(
        request,
        directory=service.incoming_dir(runtime),
        limit=runtime.settings.media_max_bytes,
    )
    try:
        head = upload.temp_path.open("rb").read(8192)
        mimetype = (
            service.sniff(head)
            or service.clean_mimetype(upload.content_type)
            or "application/octet-stream"
        )
        media = await service.adopt_file(
            db,
            runtime,
            session=session,
            temp_path=upload.temp_path,
            size=upload.size,
            sha256=upload.sha256,
            mimetype=mimetype,
            filename=upload.filename,
        )
    finally:
        upload.temp_path.unlink(missing_ok=True)
    return ok(
        {
            "media": service.describe(runtime, media, session_id=session.session_id),
            "mediaId": media.id,
        },
        "Archivo subido correctamente",
    )


@router.get("/{mediaFileId}", responses=answers(MediaFileData))
async def get_media(
    ref: MediaRef, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    media = await service.find_media(db, principal.organization_id, ref)
    session_id = await _session_id_of(db, media)
    return ok({"media": service.describe(runtime, media, session_id=session_id)})


@router.get("/{mediaFileId}/download", response_class=FileResponse, responses=MEDIA_DOWNLOAD_ANSWER)
async def download_media(
    ref: MediaRef,
    request: Request,
    db: DbSession,
    runtime: RuntimeDep,
    expires: Annotated[int | None, Query(ge=0, le=2**40)] = None,
    signature: Annotated[str | None, Query(max_length=128)] = None,
) -> FileResponse:
    """Stream the file. With ``expires`` and ``signature`` (a link from a webhook) no API key."""
    if signature is not None or expires is not None:
        media_id = service.parse_media_ref(ref, field="mediaFileId")
        if (
            expires is None
            or signature is None
            or not signing.verify(runtime, media_id, expires, signature)
        ):
            raise Forbidden("This media link is invalid or has expired", field="signature")
        media = await db.get(MediaFile, media_id)
        if media is None:
            raise NotFound(f"Media '{ref}' not found", field="mediaFileId")
    else:
        raw = request.headers.get("x-api-key")
        if not raw:
            raise MissingApiKey("X-API-Key header (or a signed link) is required")
        api_key = await auth_service.authenticate_api_key(db, raw.strip())
        if api_key is None:
            raise InvalidApiKey("Invalid API key")
        media = await service.find_media(db, api_key.organization_id, ref)
    path = await service.materialize(db, runtime, media)
    with path.open("rb") as file:
        head = file.read(8192)
    return FileResponse(
        path,
        media_type=service.served_type(media.mimetype, head),
        filename=media.filename,
        # Served from the gateway's own origin: never let a browser run an uploaded file.
        headers=service.DOWNLOAD_HEADERS,
    )


@router.delete("/{mediaFileId}", responses=answers(MediaDeleted))
async def delete_media(
    ref: MediaRef, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    media = await service.find_media(db, principal.organization_id, ref)
    media_id = media.id
    await service.delete_media(db, runtime, media)
    return ok({"mediaId": media_id, "deleted": True}, "Archivo eliminado")

"""Media files: uploads to send later, and what messages carried in or out."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import AT, GATEWAY_URL, PAGE, SECONDS, SESSION_ID

MEDIA_ID = 21
# Signed for a week (MEDIA_URL_TTL_SECONDS) from the answer's moment.
_SIGNED = (
    f"{GATEWAY_URL}/api/media/{MEDIA_ID}/download?expires={SECONDS + 7 * 24 * 3600}"
    "&signature=9b2e4f6a8c0d1e3f5a7b9c2d4e6f8a0b1c3d5e7f9a2b4c6d8e0f1a3b5c7d9e2f"
)

MEDIA: dict[str, Any] = {
    "id": MEDIA_ID,
    "mediaId": MEDIA_ID,
    "sessionId": SESSION_ID,
    "type": "document",
    "source": "upload",
    "filename": "factura-PED-1042.pdf",
    "mimetype": "application/pdf",
    "size": 48213,
    "sha256": "3f1c9a7e5b2d8f4a6c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a",
    "downloaded": True,
    "downloadUrl": f"/api/media/{MEDIA_ID}/download",
    "url": _SIGNED,
    "createdAt": AT,
}

EXAMPLES: dict[str, Any] = {
    "MediaFileList": {"media": [MEDIA], "total": 1, "pagination": PAGE},
    "MediaFileData": {"media": MEDIA},
    "MediaUploaded": {"media": MEDIA, "mediaId": MEDIA_ID},
    "MediaDeleted": {"mediaId": MEDIA_ID, "deleted": True},
}

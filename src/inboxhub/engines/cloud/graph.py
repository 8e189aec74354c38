"""The Graph API calls the Cloud API engine makes, one method per endpoint, and its error shape.

Meta answers every failure with ``{"error": {"code", "error_subcode", "message", "error_data":
{"details"}, "is_transient", "fbtrace_id", …}}``; :class:`GraphError` keeps what the retry rules need.
The access token travels only in the ``Authorization`` header, never in a URL.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from inboxhub.ssrf import guard_url

MAX_MEDIA_BYTES = 100 * 1024 * 1024  # Meta's largest media (documents)
_MAX_REDIRECTS = 3


@dataclass
class GraphError(Exception):
    http_status: int
    code: int
    message: str
    subcode: int | None = None
    title: str | None = None
    details: str | None = None
    is_transient: bool = False
    fbtrace_id: str | None = None

    def __str__(self) -> str:
        return f"({self.code}) {self.details or self.message}"

    @classmethod
    def from_response(cls, response: httpx.Response) -> GraphError:
        try:
            body = response.json()
        except ValueError:
            body = None
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return cls(
                http_status=response.status_code,
                code=0,
                message=f"HTTP {response.status_code} without a Graph error body",
                is_transient=response.status_code >= 500,
            )
        data = error.get("error_data")
        details = data.get("details") if isinstance(data, dict) else None
        return cls(
            http_status=response.status_code,
            code=_int(error.get("code")) or 0,
            subcode=_int(error.get("error_subcode")),
            message=str(error.get("message") or ""),
            title=error.get("error_user_title") or None,
            details=str(details) if details else None,
            is_transient=bool(error.get("is_transient")),
            fbtrace_id=error.get("fbtrace_id") or None,
        )


class GraphUnreachable(Exception):
    """No answer from Graph. ``maybe_sent``: the request left, so it may have taken effect."""

    def __init__(self, message: str, *, maybe_sent: bool) -> None:
        super().__init__(message)
        self.maybe_sent = maybe_sent


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def sha256_matches(data: bytes, expected: str) -> bool:
    """Meta writes media hashes in hex (media endpoint) or base64 (webhooks): accept either."""
    digest = hashlib.sha256(data).digest()
    expected = expected.strip()
    return hmac.compare_digest(
        digest.hex().encode(), expected.lower().encode()
    ) or hmac.compare_digest(base64.b64encode(digest), expected.encode())


class GraphClient:
    """One business number's view of the Graph API."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        version: str,
        token: str,
        phone_number_id: str,
        allow_private: bool,
    ) -> None:
        self._http = http
        self.base_url = base_url.rstrip("/")
        self.version = version
        self._token = token
        self.phone_number_id = phone_number_id
        self._allow_private = allow_private

    def _url(self, path: str) -> str:
        return f"{self.base_url}/{self.version}/{path}"

    @property
    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    async def _call(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        try:
            response = await self._http.request(
                method, self._url(path), headers={**self._auth, **(headers or {})}, **kwargs
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise GraphUnreachable(
                f"Graph API unreachable: {type(exc).__name__}", maybe_sent=False
            ) from None
        except httpx.HTTPError as exc:
            raise GraphUnreachable(
                f"Graph API did not answer: {type(exc).__name__}", maybe_sent=True
            ) from None
        if response.status_code >= 400:
            raise GraphError.from_response(response)
        try:
            body = response.json()
        except ValueError:
            raise GraphError(
                http_status=response.status_code, code=0, message="Graph answered without JSON"
            ) from None
        return body if isinstance(body, dict) else {"data": body}

    async def check_base_url(self) -> None:
        await guard_url(
            self.base_url, allow_private=self._allow_private, field="engineOptions.graphBaseUrl"
        )

    # ---- endpoints ----------------------------------------------------------------------------

    async def phone_number(self) -> dict[str, Any]:
        """``GET /{phone-number-id}``: proves the token can use the number, and names it."""
        return await self._call(
            "GET",
            self.phone_number_id,
            params={"fields": "display_phone_number,verified_name,quality_rating,throughput"},
        )

    async def business_profile(self) -> dict[str, Any]:
        """``GET /{phone-number-id}/whatsapp_business_profile``: the number's about and picture,
        as its customers see them."""
        answer = await self._call(
            "GET",
            f"{self.phone_number_id}/whatsapp_business_profile",
            params={"fields": "about,profile_picture_url,description,vertical"},
        )
        data = answer.get("data")
        first = data[0] if isinstance(data, list) and data else {}
        return first if isinstance(first, dict) else {}

    async def update_business_profile(self, fields: dict[str, Any]) -> None:
        """``POST /{phone-number-id}/whatsapp_business_profile``: change the number's about."""
        await self._call(
            "POST",
            f"{self.phone_number_id}/whatsapp_business_profile",
            content=json.dumps(fields, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json"},
        )

    async def message_templates(self, waba_id: str, *, after: str | None = None) -> dict[str, Any]:
        """``GET /{waba-id}/message_templates``: one page of the business account's templates
        (``data`` and ``paging.cursors.after``)."""
        params = {
            "fields": "id,name,language,status,category,parameter_format,components,"
            "rejected_reason",
            "limit": "100",
        }
        if after:
            params["after"] = after
        return await self._call("GET", f"{waba_id}/message_templates", params=params)

    async def send(self, payload: dict[str, Any]) -> dict[str, Any]:
        """``POST /{phone-number-id}/messages`` (sends and read receipts)."""
        body = json.dumps(payload, ensure_ascii=False).encode()
        return await self._call(
            "POST",
            f"{self.phone_number_id}/messages",
            content=body,
            headers={"Content-Type": "application/json"},
        )

    async def upload(self, data: bytes, mimetype: str, filename: str) -> str:
        """``POST /{phone-number-id}/media`` (multipart): the media id to send by."""
        answer = await self._call(
            "POST",
            f"{self.phone_number_id}/media",
            data={"messaging_product": "whatsapp", "type": mimetype},
            files={"file": (filename, data, mimetype)},
        )
        media_id = answer.get("id")
        if not media_id:
            raise GraphError(http_status=200, code=0, message="Graph returned no media id")
        return str(media_id)

    async def media_info(self, media_id: str) -> dict[str, Any]:
        """``GET /{media-id}``: a short-lived download URL plus type, size and hash."""
        return await self._call("GET", media_id, params={"phone_number_id": self.phone_number_id})

    async def fetch(self, url: str, *, max_bytes: int = MAX_MEDIA_BYTES) -> tuple[bytes, str]:
        """Download a media URL Meta gave us, with the SSRF guard on every hop.

        The bearer token goes only to the host Meta named; a redirect elsewhere gets no token.
        """
        host = urlsplit(url).hostname
        for _ in range(_MAX_REDIRECTS + 1):
            await guard_url(url, allow_private=self._allow_private, field="media.url")
            headers = self._auth if urlsplit(url).hostname == host else {}
            try:
                async with self._http.stream("GET", url, headers=headers) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        await response.aread()
                        raise GraphError.from_response(response)
                    return await _read_capped(response, max_bytes)
            except httpx.HTTPError as exc:
                raise GraphUnreachable(
                    f"media download failed: {type(exc).__name__}", maybe_sent=False
                ) from None
        raise GraphError(http_status=310, code=0, message="too many redirects fetching media")


async def _read_capped(response: httpx.Response, max_bytes: int) -> tuple[bytes, str]:
    too_big = GraphError(http_status=413, code=0, message=f"media larger than {max_bytes} bytes")
    declared = _int(response.headers.get("content-length"))
    if declared is not None and declared > max_bytes:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise too_big
        chunks.append(chunk)
    mimetype = response.headers.get("content-type", "application/octet-stream")
    return b"".join(chunks), mimetype.split(";", 1)[0].strip()

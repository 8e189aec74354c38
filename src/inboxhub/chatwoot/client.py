"""Chatwoot's application API (``/api/v1/accounts/{account_id}/…``) over httpx.

Every request goes to a URL the SSRF guard has just checked, with redirects never followed, and
authenticates with the ``api_access_token`` header (the token is never put in a URL, a log line
or an error). Errors say whether trying again later can help: a 5xx, a 429 or no answer can; a
4xx will not.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from inboxhub import __version__
from inboxhub.errors import ApiError
from inboxhub.ssrf import guard_url

log = logging.getLogger(__name__)

USER_AGENT = f"InboxHub/{__version__}"


class ChatwootError(Exception):
    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status == 429 or self.status >= 500

    @property
    def gone(self) -> bool:
        return self.status == 404


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    mimetype: str


class ChatwootClient:
    def __init__(
        self,
        base_url: str,
        account_id: int,
        token: str,
        *,
        allow_private: bool,
        timeout: float = 15.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.account_id = account_id
        self.allow_private = allow_private
        self._http = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            headers={"api_access_token": token, "User-Agent": USER_AGENT},
        )

    async def __aenter__(self) -> ChatwootClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._http.aclose()

    def _url(self, path: str) -> str:
        return f"{self.base_url}/api/v1/accounts/{self.account_id}{path}"

    async def _request(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        url = self._url(path)
        try:
            await guard_url(url, allow_private=self.allow_private, field="baseUrl")
        except ApiError as exc:
            raise ChatwootError(exc.message, status=400) from exc
        try:
            answer = await self._http.request(
                method, url, json=json, data=data, files=files, params=params
            )
        except httpx.HTTPError as exc:
            raise ChatwootError(f"Chatwoot did not answer: {type(exc).__name__}") from exc
        if answer.status_code >= 300:
            excerpt = answer.text[:200].replace("\n", " ")
            raise ChatwootError(
                f"Chatwoot answered {answer.status_code} to {method} {path}: {excerpt}",
                status=answer.status_code,
            )
        if not answer.content:
            return {}
        try:
            return answer.json()
        except ValueError as exc:
            raise ChatwootError(f"Chatwoot answered {method} {path} with no JSON") from exc

    async def profile(self) -> dict[str, Any]:
        """The token's user (``GET /api/v1/profile``, outside the account's paths)."""
        url = f"{self.base_url}/api/v1/profile"
        try:
            await guard_url(url, allow_private=self.allow_private, field="baseUrl")
            answer = await self._http.get(url)
        except (ApiError, httpx.HTTPError):
            return {}
        if answer.status_code != 200:
            return {}
        try:
            result = answer.json()
        except ValueError:
            return {}
        return result if isinstance(result, dict) else {}

    # ---- inboxes ------------------------------------------------------------------------------

    async def get_inbox(self, inbox_id: int) -> dict[str, Any]:
        result: dict[str, Any] = await self._request("GET", f"/inboxes/{inbox_id}")
        return result

    async def create_inbox(self, name: str, webhook_url: str) -> dict[str, Any]:
        body = {"name": name, "channel": {"type": "api", "webhook_url": webhook_url}}
        result: dict[str, Any] = await self._request("POST", "/inboxes", json=body)
        return result

    async def point_inbox_webhook(self, inbox_id: int, webhook_url: str) -> dict[str, Any]:
        body = {"channel": {"webhook_url": webhook_url}}
        result: dict[str, Any] = await self._request("PATCH", f"/inboxes/{inbox_id}", json=body)
        return result

    # ---- contacts and conversations -----------------------------------------------------------

    async def search_contacts(self, query: str) -> list[dict[str, Any]]:
        result = await self._request("GET", "/contacts/search", params={"q": query})
        payload = result.get("payload") if isinstance(result, dict) else None
        return [c for c in payload or [] if isinstance(c, dict)]

    async def create_contact(
        self, *, inbox_id: int, name: str, identifier: str, phone_number: str | None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"inbox_id": inbox_id, "name": name, "identifier": identifier}
        if phone_number:
            body["phone_number"] = phone_number
        result = await self._request("POST", "/contacts", json=body)
        payload = result.get("payload", result) if isinstance(result, dict) else {}
        contact = payload.get("contact", payload) if isinstance(payload, dict) else {}
        return contact if isinstance(contact, dict) else {}

    async def create_contact_inbox(
        self, contact_id: int, *, inbox_id: int, source_id: str
    ) -> dict[str, Any]:
        body = {"inbox_id": inbox_id, "source_id": source_id}
        result: dict[str, Any] = await self._request(
            "POST", f"/contacts/{contact_id}/contact_inboxes", json=body
        )
        return result

    async def create_conversation(
        self, *, inbox_id: int, contact_id: int, source_id: str
    ) -> dict[str, Any]:
        body = {
            "source_id": source_id,
            "inbox_id": inbox_id,
            "contact_id": contact_id,
            "status": "open",
        }
        result: dict[str, Any] = await self._request("POST", "/conversations", json=body)
        return result

    async def toggle_status(self, conversation_id: int, status: str) -> None:
        await self._request(
            "POST", f"/conversations/{conversation_id}/toggle_status", json={"status": status}
        )

    # ---- messages -----------------------------------------------------------------------------

    async def create_message(
        self,
        conversation_id: int,
        *,
        content: str,
        message_type: str,
        source_id: str | None,
        in_reply_to: int | None = None,
        attachments: list[Attachment] | None = None,
    ) -> dict[str, Any]:
        path = f"/conversations/{conversation_id}/messages"
        if attachments:
            # Multipart, as Chatwoot's dashboard uploads: nested fields in Rails' notation.
            form: dict[str, Any] = {"content": content, "message_type": message_type}
            if source_id:
                form["source_id"] = source_id
            if in_reply_to is not None:
                form["content_attributes[in_reply_to]"] = str(in_reply_to)
            files = [("attachments[]", (a.filename, a.data, a.mimetype)) for a in attachments]
            result: dict[str, Any] = await self._request("POST", path, data=form, files=files)
            return result
        body: dict[str, Any] = {"content": content, "message_type": message_type, "private": False}
        if source_id:
            body["source_id"] = source_id
        if in_reply_to is not None:
            body["content_attributes"] = {"in_reply_to": in_reply_to}
        result = await self._request("POST", path, json=body)
        return result

    async def update_message_status(
        self, conversation_id: int, message_id: int, *, status: str, error: str | None
    ) -> None:
        """Only API-channel inboxes take it (``PATCH …/messages/{id}``)."""
        body: dict[str, Any] = {"status": status}
        if error:
            body["external_error"] = error[:250]
        await self._request(
            "PATCH", f"/conversations/{conversation_id}/messages/{message_id}", json=body
        )

    async def delete_message(self, conversation_id: int, message_id: int) -> None:
        await self._request("DELETE", f"/conversations/{conversation_id}/messages/{message_id}")

"""How an operation becomes an HTTP request and its answer a typed value (or an exception).

Retries: a request the gateway may not have acted on (connection refused, timeout before an
answer, 429, 502, 503, 504) is sent again after ``Retry-After`` or an exponential, jittered
pause, up to ``max_retries`` times, when repeating it is safe: reads, updates and deletes, and
sends, which carry an ``Idempotency-Key`` (one is made up when the caller gives none), so that
the gateway answers a repeated send with the first one's result instead of sending twice.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any, Literal, TypeAlias

import httpx
from pydantic import BaseModel, TypeAdapter

from inboxhub_client.errors import InboxHubError, error_from_response
from inboxhub_client.record import Record

FileContent: TypeAlias = bytes | IO[bytes]
Kind = Literal["json", "bytes", "text", "empty"]

_RETRY_STATUS = frozenset({429, 502, 503, 504})
_SAFE_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    path: str
    answer: Any = None
    kind: Kind = "json"
    # True: the answer is ``{"success", "message"?, "data"}`` and ``data`` is returned; False:
    # the body is the answer; None (no schema says): an envelope is recognised by its keys.
    envelope: bool | None = True
    idempotency_key: bool = False


@dataclass(frozen=True)
class Retry:
    """How many times to repeat a request that may be repeated, and how long to wait."""

    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 10.0

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        if response is not None:
            after = response.headers.get("retry-after", "")
            if after.strip().isdigit():
                return min(float(after), self.max_backoff)
        pause: float = min(self.backoff * 2**attempt, self.max_backoff)
        return pause * (0.5 + random.random() / 2)


class Request:
    """One call: URL, headers, body and whether it may be sent twice."""

    def __init__(
        self,
        operation: Operation,
        *,
        path: Mapping[str, Any],
        query: Mapping[str, Any],
        headers: Mapping[str, Any],
        body: Any = None,
        file: tuple[FileContent, str | None, str | None] | None = None,
    ) -> None:
        self.operation = operation
        url = operation.path
        for name, value in path.items():
            url = url.replace("{" + name + "}", _quote(value))
        self.url = url
        self.params = {k: _plain(v) for k, v in query.items() if v is not None}
        self.headers = {k: str(v) for k, v in headers.items() if v is not None}
        if operation.idempotency_key and "Idempotency-Key" not in self.headers:
            self.headers["Idempotency-Key"] = str(uuid.uuid4())
        self.json = _body(body) if body is not None else None
        self.files = None
        if file is not None:
            content, filename, content_type = file
            name = filename or getattr(content, "name", None) or "upload"
            self.files = {"file": (str(name).rsplit("/", 1)[-1], content, content_type)}
        self.repeatable = operation.method in _SAFE_METHODS or operation.idempotency_key

    def build(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        if self.files:
            for _, content, _ in self.files.values():
                if hasattr(content, "seek"):
                    content.seek(0)
        return http.build_request(
            self.operation.method,
            self.url,
            params=self.params,
            headers=self.headers,
            json=self.json,
            files=self.files,
        )

    def may_retry(self, attempt: int, retry: Retry, response: httpx.Response | None) -> bool:
        if attempt >= retry.max_retries:
            return False
        if response is None:
            return True  # see _send: only errors that leave the request unanswered get here
        return self.repeatable and response.status_code in _RETRY_STATUS

    def answer(self, response: httpx.Response) -> Any:
        if response.status_code >= 400:
            raise error_from_response(response)
        op = self.operation
        if op.kind == "empty":
            return None
        if op.kind == "bytes":
            return response.content
        if op.kind == "text":
            return response.text
        payload = response.json()
        if op.envelope or (op.envelope is None and _is_envelope(payload)):
            payload = payload.get("data") if isinstance(payload, dict) else payload
        if op.answer is None:
            return Record.wrap(payload)
        adapter = _ADAPTERS.get(op.answer)
        if adapter is None:
            adapter = _ADAPTERS[op.answer] = TypeAdapter(op.answer)
        return adapter.validate_python(payload)


def _is_envelope(payload: Any) -> bool:
    """The gateway's success envelope, as the seeds define it; the CRM's own answers put their
    fields beside ``data`` (``ticketId``…) and are returned whole."""
    return (
        isinstance(payload, dict)
        and payload.get("success") is True
        and "data" in payload
        and set(payload) <= {"success", "message", "data"}
    )


def _quote(value: Any) -> str:
    from urllib.parse import quote

    return quote(str(_plain(value)), safe="")


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(_plain(v)) for v in value)
    return value


def _body(body: Any) -> Any:
    if isinstance(body, BaseModel):
        return body.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(body, Mapping):
        return {k: _body(v) for k, v in body.items()}
    if isinstance(body, (list, tuple)):
        return [_body(v) for v in body]
    return body


def _unanswered(exc: httpx.TransportError, repeatable: bool) -> bool:
    """A failure after which the gateway cannot have acted, or may act twice harmlessly."""
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return True
    return repeatable


class SyncTransport:
    """The blocking side: ``httpx.Client``."""

    def __init__(self, http: httpx.Client, retry: Retry) -> None:
        self._http = http
        self._retry = retry

    def _call(self, operation: Operation, **parts: Any) -> Any:
        request = Request(operation, **parts)
        attempt = 0
        while True:
            try:
                response = self._http.send(request.build(self._http))
            except httpx.TransportError as exc:
                if not (
                    _unanswered(exc, request.repeatable)
                    and request.may_retry(attempt, self._retry, None)
                ):
                    raise InboxHubError.transport(exc) from exc
                time.sleep(self._retry.delay(attempt, None))
            else:
                if not request.may_retry(attempt, self._retry, response):
                    return request.answer(response)
                time.sleep(self._retry.delay(attempt, response))
            attempt += 1


class AsyncTransport:
    """The awaitable side: ``httpx.AsyncClient``."""

    def __init__(self, http: httpx.AsyncClient, retry: Retry) -> None:
        self._http = http
        self._retry = retry

    async def _call(self, operation: Operation, **parts: Any) -> Any:
        request = Request(operation, **parts)
        attempt = 0
        while True:
            try:
                response = await self._http.send(request.build(self._http))
            except httpx.TransportError as exc:
                if not (
                    _unanswered(exc, request.repeatable)
                    and request.may_retry(attempt, self._retry, None)
                ):
                    raise InboxHubError.transport(exc) from exc
                await asyncio.sleep(self._retry.delay(attempt, None))
            else:
                if not request.may_retry(attempt, self._retry, response):
                    return request.answer(response)
                await asyncio.sleep(self._retry.delay(attempt, response))
            attempt += 1

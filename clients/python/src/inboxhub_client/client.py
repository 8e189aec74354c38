"""``InboxHub`` (blocking) and ``AsyncInboxHub`` (asyncio): every operation as a typed method.

    with InboxHub("http://127.0.0.1:8084", api_key="ihk_…") as hub:
        session = hub.create_session({"sessionId": "sales", "sessionName": "Sales"})
        hub.send_message("sales", {"to": "34600000000", "message": "Hola"})
        for contact in hub.paginate(hub.list_contacts, "sales"):
            ...

    async with AsyncInboxHub(url, api_key=key) as hub:
        async for event in hub.events(types=["message"]):
            ...

Each method returns the answer's ``data``: a model of ``inboxhub_client.models`` where the API
document gives it a schema, else a ``Record`` (a dict that also reads its keys as snake_case
attributes); an error answer raises an ``InboxHubError`` subclass. ``api_key`` authenticates the WhatsApp routes
(``X-API-Key``); ``token`` (a JWT from ``login``, or the CRM token) the others.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from inboxhub_client._operations import AsyncOperations, SyncOperations
from inboxhub_client._transport import Retry
from inboxhub_client.errors import InboxHubError, error_from_response
from inboxhub_client.events import WebhookEvent, parse_event

T = TypeVar("T")
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def _headers(api_key: str | None, token: str | None, user_agent: str) -> dict[str, str]:
    headers = {"User-Agent": user_agent, "Accept": "application/json"}
    if api_key:
        headers["X-API-Key"] = api_key
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def _items(data: Any) -> list[Any]:
    """The list a page holds: its first list field (``sessions``, ``messages``…), in a typed
    model or in a ``Record``."""
    if isinstance(data, dict):
        values: Iterable[Any] = data.values()
    else:
        values = (getattr(data, name) for name in type(data).model_fields)
    for value in values:
        if isinstance(value, list):
            return value
    raise TypeError(f"{type(data).__name__} holds no list: not a paginated answer")


def _pages(data: Any) -> int:
    pagination = getattr(data, "pagination", None)
    return int(getattr(pagination, "pages", 1) or 1)


@dataclass(frozen=True)
class StreamEvent:
    """One event of ``/api/events/stream``: its position (``seq``), to resume after, and the
    event itself, as a webhook would deliver it."""

    seq: int
    type: str
    event: WebhookEvent


def _stream_params(
    session_id: str | None, types: list[str] | None, after: int | None
) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if session_id:
        params["sessionId"] = session_id
    if types:
        params["types"] = ",".join(types)
    if after is not None:
        params["lastEventId"] = after
    return params


class _Frames:
    """Server-sent events, line by line, into (seq, type, data) frames."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def feed(self, line: str) -> StreamEvent | None:
        if line == "":
            fields, self.fields = self.fields, {}
            if "data" not in fields:
                return None
            seq = int(fields.get("id") or 0)
            return StreamEvent(
                seq, fields.get("event", ""), parse_event(json.loads(fields["data"]))
            )
        if line.startswith(":"):
            return None  # a keep-alive comment
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        self.fields[name] = self.fields[name] + "\n" + value if name in self.fields else value
        return None


class InboxHub(SyncOperations):
    """The blocking client. ``http_client`` replaces the ``httpx.Client`` it makes."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        token: str | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        retry: Retry | None = None,
        http_client: httpx.Client | None = None,
        user_agent: str = "inboxhub-client-python",
    ) -> None:
        http = http_client or httpx.Client(base_url=base_url, timeout=timeout)
        http.headers.update(_headers(api_key, token, user_agent))
        super().__init__(http, retry or Retry())
        self._owns_http = http_client is None

    def __enter__(self) -> InboxHub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def paginate(
        self, method: Callable[..., Any], *args: Any, limit: int = 100, **kwargs: Any
    ) -> Iterator[Any]:
        """Every item of a paginated operation, fetching page after page as they are used."""
        page = 1
        while True:
            data = method(*args, page=page, limit=limit, **kwargs)
            items = _items(data)
            yield from items
            if not items or page >= _pages(data):
                return
            page += 1

    def events(
        self,
        *,
        session_id: str | None = None,
        types: list[str] | None = None,
        after: int | None = None,
    ) -> Iterator[StreamEvent]:
        """The organization's live events; ``after`` resumes after an event's ``seq``."""
        params = _stream_params(session_id, types, after)
        timeout = httpx.Timeout(None, connect=10.0)
        with self._http.stream(
            "GET", "/api/events/stream", params=params, timeout=timeout
        ) as response:
            if response.status_code >= 400:
                response.read()
                raise error_from_response(response)
            frames = _Frames()
            for line in response.iter_lines():
                event = frames.feed(line)
                if event is not None:
                    yield event


class AsyncInboxHub(AsyncOperations):
    """The asyncio client. ``http_client`` replaces the ``httpx.AsyncClient`` it makes (an
    ``httpx.AsyncClient(transport=httpx.ASGITransport(app))`` talks to an app in-process)."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        token: str | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        retry: Retry | None = None,
        http_client: httpx.AsyncClient | None = None,
        user_agent: str = "inboxhub-client-python",
    ) -> None:
        http = http_client or httpx.AsyncClient(base_url=base_url, timeout=timeout)
        http.headers.update(_headers(api_key, token, user_agent))
        super().__init__(http, retry or Retry())
        self._owns_http = http_client is None

    async def __aenter__(self) -> AsyncInboxHub:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def paginate(
        self, method: Callable[..., Awaitable[Any]], *args: Any, limit: int = 100, **kwargs: Any
    ) -> AsyncIterator[Any]:
        """Every item of a paginated operation, fetching page after page as they are used."""
        page = 1
        while True:
            data = await method(*args, page=page, limit=limit, **kwargs)
            items = _items(data)
            for item in items:
                yield item
            if not items or page >= _pages(data):
                return
            page += 1

    async def events(
        self,
        *,
        session_id: str | None = None,
        types: list[str] | None = None,
        after: int | None = None,
        reconnect: bool = True,
        reconnect_delay: float = 1.0,
    ) -> AsyncIterator[StreamEvent]:
        """The organization's live events, as an async iterator.

        A dropped connection is opened again after ``reconnect_delay`` seconds, resuming after
        the last event seen, so none is missed or repeated; error answers raise."""
        last = after
        timeout = httpx.Timeout(None, connect=10.0)
        while True:
            params = _stream_params(session_id, types, last)
            try:
                async with self._http.stream(
                    "GET", "/api/events/stream", params=params, timeout=timeout
                ) as response:
                    if response.status_code >= 400:
                        await response.aread()
                        raise error_from_response(response)
                    frames = _Frames()
                    async for line in response.aiter_lines():
                        event = frames.feed(line)
                        if event is not None:
                            last = event.seq
                            yield event
            except httpx.TransportError as exc:
                if not reconnect:
                    raise InboxHubError.transport(exc) from exc
            if not reconnect:
                return
            await asyncio.sleep(reconnect_delay)

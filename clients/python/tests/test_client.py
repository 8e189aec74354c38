"""The clients' behaviour: async calls, errors, retries with Idempotency-Key, pagination and the
event stream, against the real gateway (faults are injected between the client and it)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from inboxhub_client import (
    AsyncInboxHub,
    AuthenticationError,
    InboxHub,
    NotFoundError,
    RateLimitError,
    Retry,
    TransportError,
    UnavailableError,
    ValidationError,
)
from inboxhub_client.events import MessageReceived

from conftest import Gateway, eventually

SESSION, PHONE = "sdk-client", "34600300001"
CUSTOMER = "34611300001"
FAST = Retry(max_retries=3, backoff=0.01, max_backoff=0.05)


@pytest.fixture(scope="module")
def linked(gateway: Gateway) -> str:
    with InboxHub(gateway.url, api_key=gateway.api_key) as hub:
        created = hub.create_session({"sessionId": SESSION})
        qr = created.qr_text or eventually(lambda: hub.get_session_qr(SESSION).qr_text)
        hub.link_session({"qr": qr, "phoneNumber": PHONE})
        eventually(lambda: hub.get_session_status(SESSION).is_connected)
    return SESSION


class Faults(httpx.BaseTransport):
    """Answers the first ``failures`` requests itself (503, or a dropped connection), then
    passes requests on to the gateway; keeps every request it saw."""

    def __init__(self, failures: int, *, status: int = 503, drop: bool = False) -> None:
        self.failures = failures
        self.status = status
        self.drop = drop
        self.seen: list[httpx.Request] = []
        self.real = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if len(self.seen) <= self.failures:
            if self.drop:
                raise httpx.ConnectError("connection refused", request=request)
            body = {
                "success": False,
                "error": "busy",
                "message": "busy",
                "code": "DATABASE_UNAVAILABLE",
            }
            return httpx.Response(self.status, json=body, headers={"Retry-After": "0"})
        return self.real.handle_request(request)


@pytest.fixture
def faulty(gateway: Gateway) -> Iterator[tuple[InboxHub, Faults]]:
    faults = Faults(2)
    http = httpx.Client(base_url=gateway.url, transport=faults)
    with InboxHub(gateway.url, api_key=gateway.api_key, http_client=http, retry=FAST) as hub:
        yield hub, faults
    http.close()


def test_a_send_is_retried_with_one_idempotency_key(
    gateway: Gateway, linked: str, faulty: tuple[InboxHub, Faults]
) -> None:
    hub, faults = faulty
    sent = hub.send_message(linked, {"to": CUSTOMER, "message": "reintento"})
    assert sent.message is not None and sent.message.body == "reintento"
    keys = {r.headers["Idempotency-Key"] for r in faults.seen}
    assert len(faults.seen) == 3 and len(keys) == 1
    # Sent once: the gateway has one message with this text.
    with InboxHub(gateway.url, api_key=gateway.api_key) as plain:
        texts = [m.body for m in plain.list_messages(linked, from_me=True, limit=100).messages]
    assert texts.count("reintento") == 1


def test_a_repeated_key_answers_the_first_send(gateway: Gateway, linked: str) -> None:
    with InboxHub(gateway.url, api_key=gateway.api_key) as hub:
        first = hub.send_message(
            linked, {"to": CUSTOMER, "message": "una vez"}, idempotency_key="k-1"
        )
        again = hub.send_message(
            linked, {"to": CUSTOMER, "message": "una vez"}, idempotency_key="k-1"
        )
    assert first.message_id == again.message_id


def test_a_post_without_a_key_is_not_repeated_after_an_answer(gateway: Gateway) -> None:
    faults = Faults(1)
    http = httpx.Client(base_url=gateway.url, transport=faults)
    with (
        InboxHub(gateway.url, api_key=gateway.api_key, http_client=http, retry=FAST) as hub,
        pytest.raises(UnavailableError) as failed,
    ):
        hub.create_session({"sessionId": "sdk-not-twice"})
    http.close()
    assert failed.value.code == "DATABASE_UNAVAILABLE"
    assert len(faults.seen) == 1


def test_a_refused_connection_is_retried_even_for_a_post(gateway: Gateway) -> None:
    faults = Faults(2, drop=True)
    http = httpx.Client(base_url=gateway.url, transport=faults)
    with InboxHub(gateway.url, api_key=gateway.api_key, http_client=http, retry=FAST) as hub:
        created = hub.create_session({"sessionId": "sdk-after-refusal"})
        hub.delete_session(created.session_id)
    http.close()
    assert len(faults.seen) == 4


def test_retries_end(gateway: Gateway) -> None:
    faults = Faults(10, status=429)
    http = httpx.Client(base_url=gateway.url, transport=faults)
    with (
        InboxHub(gateway.url, api_key=gateway.api_key, http_client=http, retry=FAST) as hub,
        pytest.raises(RateLimitError) as limited,
    ):
        hub.list_sessions()
    http.close()
    assert len(faults.seen) == FAST.max_retries + 1
    assert limited.value.retry_after == 0


def test_errors_carry_the_gateways_codes(gateway: Gateway) -> None:
    with InboxHub(gateway.url, api_key=gateway.api_key) as hub:
        with pytest.raises(NotFoundError) as missing:
            hub.get_session("no-such-session")
        assert missing.value.code == "SESSION_NOT_FOUND" and missing.value.status == 404
        with pytest.raises(ValidationError) as invalid:
            hub.create_session({"sessionId": "bad id with spaces"})
        assert invalid.value.code == "VALIDATION_ERROR" and invalid.value.field == "sessionId"
    with InboxHub(gateway.url) as anonymous, pytest.raises(AuthenticationError) as unknown:
        anonymous.list_sessions()
    assert unknown.value.code == "MISSING_API_KEY"
    with (
        InboxHub("http://127.0.0.1:9", retry=Retry(max_retries=0)) as nowhere,
        pytest.raises(TransportError),
    ):
        nowhere.health()


async def test_the_async_client(gateway: Gateway, linked: str) -> None:
    async with AsyncInboxHub(gateway.url, api_key=gateway.api_key) as hub:
        status = await hub.get_session_status(linked)
        assert status.is_connected
        sessions = [s.session_id async for s in hub.paginate(hub.list_sessions, limit=1)]
        assert linked in sessions and len(sessions) == len(set(sessions))
        sent = await hub.send_message(linked, {"to": CUSTOMER, "message": "async"})
        assert sent.status in ("pending", "sent", "delivered", "read")


async def test_the_event_stream(gateway: Gateway, linked: str) -> None:
    async with AsyncInboxHub(gateway.url, api_key=gateway.api_key) as hub:
        stream = hub.events(session_id=linked, types=["message"])

        async def first_received() -> MessageReceived:
            async for item in stream:
                if isinstance(item.event, MessageReceived):
                    return item.event
            raise AssertionError("the stream ended")

        waiting = asyncio.create_task(first_received())
        await asyncio.sleep(0)
        # The stream starts live: write until the listener hears it.
        for _ in range(100):
            await hub.contact_writes({"from": CUSTOMER, "to": linked, "message": "en directo"})
            done, _ = await asyncio.wait({waiting}, timeout=0.2)
            if done:
                break
        event = await asyncio.wait_for(waiting, 10)
        await stream.aclose()
    assert event.data.message.content == "en directo"
    assert event.data.session_id == linked

"""Request bodies: credentials are checked before a body is read; no body is read past its limit."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.auth import API_KEY

MIB = 1024 * 1024


class Body:
    """A streamed body that counts how much of it the gateway pulled."""

    def __init__(self, chunks: int, chunk: bytes = b" " * MIB, head: bytes = b"") -> None:
        self.chunks, self.chunk, self.head = chunks, chunk, head
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.head:
            self.pulled += len(self.head)
            yield self.head
        for _ in range(self.chunks):
            self.pulled += len(self.chunk)
            yield self.chunk


JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("path", "headers", "code"),
    [
        ("/api/sessions", {}, "MISSING_API_KEY"),
        ("/api/sessions", {"X-API-Key": "ihk_" + "x" * 40}, "INVALID_API_KEY"),
        ("/api/messages/anything/send", {}, "MISSING_API_KEY"),
        ("/api/webhooks/replay", {}, "MISSING_API_KEY"),
        ("/api/organizations", {}, "MISSING_TOKEN"),
        ("/api/auth/logout", {}, "MISSING_TOKEN"),
        ("/api/crm/send-message", {}, "MISSING_TOKEN"),
    ],
)
async def test_no_credentials_no_body_read(anon, path, headers, code):
    body = Body(64)
    r = await anon.post(path, content=body, headers={**JSON, **headers})
    assert r.status_code == 401, r.text
    assert r.json()["code"] == code
    assert body.pulled == 0


async def test_a_body_past_the_limit_is_refused_while_it_streams(anon):
    body = Body(64, head=b'{"sessionId": "big", "sessionName": "')
    r = await anon.post("/api/sessions", content=body, headers={**JSON, "X-API-Key": API_KEY})
    assert r.status_code == 413, r.text
    assert r.json()["code"] == "PAYLOAD_TOO_LARGE"
    assert r.json()["success"] is False
    assert body.pulled <= 2 * MIB + 64


async def test_a_declared_length_past_the_limit_is_refused_at_once(anon):
    r = await anon.post(
        "/api/sessions",
        content=b"{" + b" " * (MIB + 10) + b"}",
        headers={**JSON, "X-API-Key": API_KEY},
    )
    assert r.status_code == 413
    assert r.json()["code"] == "PAYLOAD_TOO_LARGE"


async def test_login_body_is_limited(anon):
    body = Body(64, head=b'{"identifier": "')
    r = await anon.post("/api/auth/login", content=body, headers=JSON)
    assert r.status_code == 413
    assert body.pulled <= 2 * MIB + 64


async def test_meta_handover_webhook_counts_its_body(anon):
    body = Body(64)
    r = await anon.post("/api/crm/meta-handover-webhook", content=body, headers=JSON)
    assert r.status_code == 413
    assert body.pulled <= 2 * MIB


@pytest.fixture
def settings_overrides():
    return {"max_json_body_bytes": 4096}


async def test_the_limit_is_configurable_and_small_bodies_pass(client):
    r = await client.post("/api/sessions", json={"sessionId": "ok", "sessionName": "x" * 100})
    assert r.status_code == 201, r.text
    r = await client.post("/api/sessions", json={"sessionId": "big", "sessionName": "x" * 5000})
    assert r.status_code == 413
    assert r.json()["code"] == "PAYLOAD_TOO_LARGE"

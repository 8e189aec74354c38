"""Handover fixtures: a CRM stand-in (a real HTTP server on 127.0.0.1) and the gateway configured
to talk to it, with the CRM tokens the seed names."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.support import eventually
from tests.support.auth import bearer, login

CRM_API_TOKEN = "crm-token-" + "c" * 30
BOT_API_TOKEN = "bot-token-" + "b" * 30
BOT_SIGNATURE_SECRET = "bot-signing-secret-" + "s" * 20
VERIFY_TOKEN = "meta-verify-token"
META_APP_SECRET = "meta-app-secret-" + "m" * 20
CRM_META_APP_ID = "123456789"
EMERGENCY = "3242156679"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class CrmStandIn:
    """Records every request; answers agent requests with ``answer``, after ``fail_first`` 503s."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    answer: dict[str, Any] = field(default_factory=lambda: {"success": True})
    fail_first: int = 0
    # GET /files/<name>: what the CRM serves (an agent's attachments).
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    def to(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.path == path]

    async def wait_for(self, path: str, count: int = 1, timeout: float = 10.0) -> list[Received]:
        async def arrived() -> list[Received] | None:
            found = self.to(path)
            return found if len(found) >= count else None

        result: list[Received] = await eventually(arrived, timeout=timeout)
        return result

    async def handle(self, request: Request) -> Response:
        if request.method == "GET":
            name = request.url.path.removeprefix("/files/")
            if name not in self.files:
                return Response(status_code=404)
            data, mimetype = self.files[name]
            return Response(data, media_type=mimetype)
        received = Received(request.url.path, dict(request.headers), await request.body())
        self.requests.append(received)
        if request.url.path == "/api/bot/agent-request":
            if self.fail_first > 0:
                self.fail_first -= 1
                return JSONResponse({"success": False}, status_code=503)
            ticket_id = received.json.get("ticketId")
            return JSONResponse({**self.answer, "ticketId": ticket_id})
        return JSONResponse({"success": True})


@pytest.fixture
async def crm() -> AsyncIterator[CrmStandIn]:
    stand_in = CrmStandIn()
    app = Starlette(routes=[Route("/{path:path}", stand_in.handle, methods=["POST", "GET"])])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    await eventually(lambda: _started(server))
    stand_in.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        yield stand_in
    finally:
        server.should_exit = True
        await task
        sock.close()


async def _started(server: uvicorn.Server) -> bool:
    return server.started


@pytest.fixture
def handover_env(crm: CrmStandIn) -> dict[str, Any]:
    """The default organization's CRM connection, as the environment would give it."""
    return {
        "crm_base_url": crm.url,
        "crm_api_token": CRM_API_TOKEN,
        "bot_api_token": BOT_API_TOKEN,
        "bot_signature_secret": BOT_SIGNATURE_SECRET,
        "webhook_verify_token": VERIFY_TOKEN,
        "meta_webhook_secret": META_APP_SECRET,
        "crm_meta_app_id": CRM_META_APP_ID,
        "handover_emergency_contact": EMERGENCY,
        "handover_timer_interval_seconds": 0.05,
        # Webhook retries in fractions of a second.
        "webhook_retry_schedule": [0.05, 0.1, 0.2],
        "webhook_retry_jitter": 0.0,
        # Generous: the CRM stand-in shares the gateway's event loop on a possibly busy machine.
        "webhook_timeout_seconds": 10.0,
        "webhook_poll_interval_seconds": 0.2,
    }


@pytest.fixture
def settings_overrides(handover_env: dict[str, Any]) -> dict[str, Any]:
    return handover_env


@pytest.fixture
async def crm_client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The CRM calling the gateway with its bearer token."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://gateway.test", headers=bearer(CRM_API_TOKEN)
    ) as c:
        yield c


async def other_organization(anon: httpx.AsyncClient, name: str = "Other") -> str:
    """A second tenant; returns its API key."""
    h = bearer((await login(anon)).json()["data"]["accessToken"])
    r = await anon.post("/api/organizations", json={"name": name}, headers=h)
    org = r.json()["data"]["organization"]
    r = await anon.post(f"/api/organizations/{org['id']}/api-keys", json={"name": "k"}, headers=h)
    key: str = r.json()["data"]["apiKey"]["key"]
    return key

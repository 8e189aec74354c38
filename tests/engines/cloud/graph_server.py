"""A local stand-in for Meta's Graph API (Cloud API endpoints), served by uvicorn on 127.0.0.1.

It checks what Meta checks (bearer token, ``messaging_product``, one media source, known media
ids) and answers with Meta's documented bodies, including Graph errors that tests queue with
``fail_next``.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

FIXTURES = Path(__file__).parent / "fixtures"
PHONE_NUMBER_ID = "106540352242922"
DISPLAY_NUMBER = "+1 555-078-3881"
TOKEN = "EAAtest" + "x" * 40
WABA_ID = "102290129340398"
MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")


def graph_error(code: int | str) -> dict[str, Any]:
    """Meta's documented error body for ``code`` (fixtures/graph_errors.json)."""
    errors: dict[str, Any] = json.loads((FIXTURES / "graph_errors.json").read_text())
    return {"error": errors[str(code)]["error"]}


def _error_status(code: int | str) -> int:
    errors: dict[str, Any] = json.loads((FIXTURES / "graph_errors.json").read_text())
    return int(errors[str(code)]["http_status"])


@dataclass
class FakeGraph:
    base_url: str = ""
    token: str = TOKEN
    numbers: dict[str, dict[str, Any]] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    sent_at: list[float] = field(default_factory=list)
    send_attempts: int = 0
    uploads: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[int | str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)
    tampered: set[str] = field(default_factory=set)  # served with bytes that miss their hash
    profile: dict[str, Any] = field(default_factory=dict)
    profile_changes: list[dict[str, Any]] = field(default_factory=list)
    slow_sends: float = 0.0  # seconds each send takes before Meta answers
    slow_attachments: float = 0.0  # seconds each media file takes before its bytes come
    attachments_in_flight: int = 0
    most_attachments_in_flight: int = 0
    # The business account's templates (GET /{waba-id}/message_templates), a page at a time.
    waba_id: str = WABA_ID
    templates: list[dict[str, Any]] = field(default_factory=list)
    template_page_size: int = 3
    template_requests: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.token = TOKEN
            self.numbers = {
                PHONE_NUMBER_ID: {
                    "verified_name": "Inbox Hub Test",
                    "display_phone_number": DISPLAY_NUMBER,
                    "quality_rating": "GREEN",
                    "throughput": {"level": "STANDARD"},
                    "id": PHONE_NUMBER_ID,
                }
            }
            self.profile = {
                "about": "Pedidos de lunes a viernes",
                "profile_picture_url": "https://pps.whatsapp.net/v/t61/profile.jpg",
                "description": "Tienda de prueba",
                "vertical": "RETAIL",
            }
            self.profile_changes.clear()
            self.sent.clear()
            self.sent_at.clear()
            self.send_attempts = 0
            self.uploads.clear()
            self.failures.clear()
            self.versions.clear()
            self.tampered.clear()
            self.slow_sends = 0.0
            self.slow_attachments = 0.0
            self.attachments_in_flight = self.most_attachments_in_flight = 0
            templates = json.loads((FIXTURES / "message_templates.json").read_text())
            self.templates = templates["data"]
            self.template_requests.clear()

    def fail_next(self, code: int | str, times: int = 1) -> None:
        """The next ``times`` sends answer Meta's error ``code`` (a key of graph_errors.json)."""
        with self.lock:
            self.failures.extend([code] * times)

    def add_media(self, data: bytes, mimetype: str, media_id: str | None = None) -> str:
        """Media as a user would send it: it exists at Meta, the webhook only carries its id."""
        media_id = media_id or str(10**15 + len(self.uploads) + secrets.randbelow(10**6))
        with self.lock:
            self.uploads[media_id] = {"data": data, "mime_type": mimetype, "filename": None}
        return media_id

    # ---- HTTP ---------------------------------------------------------------------------------

    def _authorized(self, request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {self.token}"

    def _error(self, code: int | str) -> JSONResponse:
        return JSONResponse(graph_error(code), status_code=_error_status(code))

    async def node(self, request: Request) -> Response:
        self.versions.append(request.path_params["version"])
        if not self._authorized(request):
            return self._error(190)
        node_id = request.path_params["node"]
        if node_id in self.numbers:
            return JSONResponse(self.numbers[node_id])
        media = self.uploads.get(node_id)
        if media is None:
            return self._error("100_33")
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "url": f"{self.base_url}/whatsapp_business/attachments/?mid={node_id}&ext=1&hash=x",
                "mime_type": media["mime_type"],
                "sha256": hashlib.sha256(media["data"]).hexdigest(),
                "file_size": len(media["data"]),
                "id": node_id,
            }
        )

    async def business_profile(self, request: Request) -> Response:
        if not self._authorized(request):
            return self._error(190)
        if request.path_params["node"] not in self.numbers:
            return self._error("100_33")
        return JSONResponse({"data": [{**self.profile, "messaging_product": "whatsapp"}]})

    async def change_business_profile(self, request: Request) -> Response:
        """Meta's update: ``messaging_product`` and any of the profile's fields (about 1-139)."""
        if not self._authorized(request):
            return self._error(190)
        if request.path_params["node"] not in self.numbers:
            return self._error("100_33")
        body = await request.json()
        about = body.get("about")
        if body.get("messaging_product") != "whatsapp" or (
            about is not None and not 1 <= len(about) <= 139
        ):
            return self._error(100)
        with self.lock:
            self.profile_changes.append(body)
            if about is not None:
                self.profile["about"] = about
        return JSONResponse({"success": True})

    async def message_templates(self, request: Request) -> Response:
        """Meta's cursor paging: ``paging.cursors.after`` and a ``next`` URL while more remain."""
        if not self._authorized(request):
            return self._error(190)
        if request.path_params["node"] != self.waba_id:
            return self._error("100_33")
        query = dict(request.query_params)
        self.template_requests.append(query)
        start = int(query.get("after", "0") or 0)
        end = start + min(int(query.get("limit", "25")), self.template_page_size)
        page: dict[str, Any] = {"data": self.templates[start:end]}
        if self.templates:
            page["paging"] = {"cursors": {"before": str(start), "after": str(end)}}
        if end < len(self.templates):
            version = request.path_params["version"]
            page["paging"]["next"] = (
                f"{self.base_url}/{version}/{self.waba_id}/message_templates?after={end}"
            )
        return JSONResponse(page)

    async def attachment(self, request: Request) -> Response:
        if not self._authorized(request):
            return self._error(190)
        media = self.uploads.get(request.query_params.get("mid", ""))
        if media is None:
            return Response(status_code=404)
        data = media["data"] + (b"!" if request.query_params["mid"] in self.tampered else b"")
        with self.lock:
            self.attachments_in_flight += 1
            self.most_attachments_in_flight = max(
                self.most_attachments_in_flight, self.attachments_in_flight
            )
        try:
            await asyncio.sleep(self.slow_attachments)
        finally:
            with self.lock:
                self.attachments_in_flight -= 1
        return Response(data, media_type=media["mime_type"])

    async def upload(self, request: Request) -> Response:
        if not self._authorized(request):
            return self._error(190)
        if request.path_params["node"] not in self.numbers:
            return self._error("100_33")
        form = await request.form()
        upload = form.get("file")
        if form.get("messaging_product") != "whatsapp" or not isinstance(upload, UploadFile):
            return self._error(100)
        data = await upload.read()
        media_id = str(10**15 + secrets.randbelow(10**9))
        with self.lock:
            self.uploads[media_id] = {
                "data": data,
                "mime_type": form.get("type"),
                "filename": upload.filename,
            }
        return JSONResponse({"id": media_id})

    async def messages(self, request: Request) -> Response:
        if not self._authorized(request):
            return self._error(190)
        if request.path_params["node"] not in self.numbers:
            return self._error("100_33")
        body = await request.json()
        if self.slow_sends:
            await asyncio.sleep(self.slow_sends)
        with self.lock:
            self.send_attempts += 1
            failure = self.failures.pop(0) if self.failures else None
        if failure is not None:
            return self._error(failure)
        if body.get("messaging_product") != "whatsapp":
            return self._error(100)
        if body.get("status") == "read":
            with self.lock:
                self.sent.append(body)
            return JSONResponse({"success": True})
        if not self._valid_message(body):
            return self._error(100)
        with self.lock:
            self.sent.append(body)
            self.sent_at.append(time.monotonic())
        wamid = "wamid.HBgL" + secrets.token_urlsafe(24)
        message: dict[str, Any] = {"id": wamid}
        if body["type"] == "template":
            message["message_status"] = "accepted"
        user = body.get("to") or body.get("recipient")
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": user, "wa_id": user}],
                "messages": [message],
            }
        )

    def _valid_message(self, body: dict[str, Any]) -> bool:
        if ("to" in body) == ("recipient" in body):
            return False
        kind = body.get("type")
        value = body.get(kind) if isinstance(kind, str) else None
        if value is None:
            return False
        if kind == "text":
            return isinstance(value.get("body"), str) and len(value["body"]) <= 4096
        if kind in MEDIA_TYPES:
            if ("id" in value) == ("link" in value):
                return False
            return "link" in value or value["id"] in self.uploads
        if kind == "template":
            return bool(value.get("name")) and bool(value.get("language", {}).get("code"))
        if kind == "contacts":
            return all(c.get("name", {}).get("formatted_name") for c in value)
        if kind == "reaction":
            return bool(value.get("message_id")) and "emoji" in value
        if kind == "location":
            return "latitude" in value and "longitude" in value
        if kind == "interactive":
            return _valid_interactive(value)
        return False

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/whatsapp_business/attachments/", self.attachment, methods=["GET"]),
                Route("/{version}/{node}/messages", self.messages, methods=["POST"]),
                Route(
                    "/{version}/{node}/message_templates", self.message_templates, methods=["GET"]
                ),
                Route("/{version}/{node}/media", self.upload, methods=["POST"]),
                Route(
                    "/{version}/{node}/whatsapp_business_profile",
                    self.business_profile,
                    methods=["GET"],
                ),
                Route(
                    "/{version}/{node}/whatsapp_business_profile",
                    self.change_business_profile,
                    methods=["POST"],
                ),
                Route("/{version}/{node}", self.node, methods=["GET"]),
            ]
        )


def _valid_interactive(value: dict[str, Any]) -> bool:
    """Meta's limits on interactive messages (reply buttons, lists, CTA URL, flows)."""
    kind = value.get("type")
    body = value.get("body", {}).get("text")
    action = value.get("action", {})
    if not isinstance(body, str) or not 0 < len(body) <= 1024:
        return False
    if kind == "button":
        buttons = action.get("buttons", [])
        ids = [b.get("reply", {}).get("id") for b in buttons]
        titles = [b.get("reply", {}).get("title") or "" for b in buttons]
        return (
            1 <= len(buttons) <= 3
            and all(b.get("type") == "reply" for b in buttons)
            and len(set(ids)) == len(ids)
            and all(0 < len(t) <= 20 for t in titles)
        )
    if kind == "list":
        sections = action.get("sections", [])
        rows = [r for section in sections for r in section.get("rows", [])]
        return (
            0 < len(action.get("button", "")) <= 20
            and 1 <= len(sections) <= 10
            and 1 <= len(rows) <= 10
            and all(0 < len(r.get("title", "")) <= 24 for r in rows)
        )
    if kind == "cta_url":
        parameters = action.get("parameters", {})
        return action.get("name") == "cta_url" and str(parameters.get("url", "")).startswith(
            ("http://", "https://")
        )
    if kind == "flow":
        parameters = action.get("parameters", {})
        return (
            action.get("name") == "flow"
            and bool(parameters.get("flow_id") or parameters.get("flow_name"))
            and parameters.get("flow_message_version") == "3"
        )
    return False


class GraphServer:
    """uvicorn in a background thread on a free loopback port."""

    def __init__(self, fake: FakeGraph) -> None:
        self.fake = fake
        config = uvicorn.Config(
            fake.app(), host="127.0.0.1", port=0, log_level="warning", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="fake-graph", daemon=True)

    def start(self) -> str:
        self.thread.start()
        for _ in itertools.repeat(None, 500):
            if self.server.started:
                break
            time.sleep(0.01)
        else:
            raise RuntimeError("fake Graph API did not start")
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.fake.base_url = f"http://127.0.0.1:{port}"
        return self.fake.base_url

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

"""A Chatwoot on 127.0.0.1: the application API paths, bodies and answers the bridge uses, as
Chatwoot's OpenAPI document and controllers describe them, and the webhooks an API-channel inbox
sends (``message_created``, ``message_updated``, ``conversation_updated``,
``conversation_status_changed``), signed as Chatwoot 4.13+ signs them. Like Chatwoot, it fires
``message_created`` for every message, the bridge's own posts included, and marks a message
``failed`` when its webhook is not answered with a 2xx."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.support import eventually

TOKEN = "cw-user-token-" + "t" * 20
AGENT = {"id": 7, "name": "Ana Agent", "email": "ana@acme.test", "type": "user"}
TOKEN_USER = {"id": 99, "name": "Inbox Hub token user", "email": "api@acme.test", "type": "user"}


@dataclass
class Sent:
    """A webhook this Chatwoot sent, and how the gateway answered it."""

    payload: dict[str, Any]
    status: int
    answer: Any


@dataclass
class FakeChatwoot:
    url: str = ""
    # Where the gateway really listens (webhook URLs name its public address).
    gateway_url: str = ""
    account_id: int = 1
    inboxes: dict[int, dict[str, Any]] = field(default_factory=dict)
    contacts: dict[int, dict[str, Any]] = field(default_factory=dict)
    contact_inboxes: list[dict[str, Any]] = field(default_factory=list)
    conversations: dict[int, dict[str, Any]] = field(default_factory=dict)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    files: dict[int, tuple[str, bytes, str]] = field(default_factory=dict)
    webhooks: list[Sent] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    sign: bool = True
    drops_source_id: bool = False
    fail_next: int = 0  # answer this many API calls with 503
    _ids: int = 100
    _tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    def next_id(self) -> int:
        self._ids += 1
        return self._ids

    # ---- the API ------------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        path = request.url.path
        self.requests.append((request.method, path))
        if path.startswith("/rails/active_storage/blobs/redirect/"):
            # ActiveStorage answers a redirect to the file itself.
            return RedirectResponse(
                path.replace("/rails/active_storage/blobs/redirect/", "/files/"), 302
            )
        if path.startswith("/files/"):
            attachment_id = int(path.split("/")[2])
            _name, data, mimetype = self.files[attachment_id]
            return Response(data, media_type=mimetype)
        if request.headers.get("api_access_token") != TOKEN:
            return JSONResponse(
                {"errors": ["You need to sign in or sign up before continuing."]}, 401
            )
        if self.fail_next > 0:
            self.fail_next -= 1
            return JSONResponse({"error": "busy"}, 503)
        if path == "/api/v1/profile":
            return JSONResponse(
                {**TOKEN_USER, "accounts": [{"id": self.account_id, "role": "administrator"}]}
            )
        prefix = f"/api/v1/accounts/{self.account_id}"
        if not path.startswith(prefix):
            return JSONResponse({"error": "Resource could not be found"}, 404)
        parts = path.removeprefix(prefix).strip("/").split("/")
        return await self.route(request, request.method, parts)

    async def route(self, request: Request, method: str, parts: list[str]) -> Response:
        match method, parts:
            case "POST", ["inboxes"]:
                body = await request.json()
                inbox_id = self.next_id()
                channel = body.get("channel") or {}
                assert channel.get("type") == "api", body
                self.inboxes[inbox_id] = {
                    "id": inbox_id,
                    "name": body["name"],
                    "channel_type": "Channel::Api",
                    "webhook_url": channel.get("webhook_url"),
                    "secret": uuid.uuid4().hex,
                    "inbox_identifier": uuid.uuid4().hex,
                }
                return JSONResponse(self.inboxes[inbox_id])
            case "GET", ["inboxes", inbox_id] if int(inbox_id) in self.inboxes:
                return JSONResponse(self.inboxes[int(inbox_id)])
            case "PATCH", ["inboxes", inbox_id] if int(inbox_id) in self.inboxes:
                body = await request.json()
                inbox = self.inboxes[int(inbox_id)]
                inbox["webhook_url"] = (body.get("channel") or {}).get(
                    "webhook_url", inbox["webhook_url"]
                )
                return JSONResponse(inbox)
            case "GET", ["contacts", "search"]:
                q = request.query_params.get("q", "")
                found = [
                    c
                    for c in self.contacts.values()
                    if q
                    and (
                        q in (c["identifier"] or "")
                        or q in (c["phone_number"] or "")
                        or q in c["name"]
                    )
                ]
                return JSONResponse(
                    {"meta": {"count": len(found), "current_page": 1}, "payload": found}
                )
            case "POST", ["contacts"]:
                body = await request.json()
                phone = body.get("phone_number")
                if phone and any(c["phone_number"] == phone for c in self.contacts.values()):
                    return JSONResponse({"message": "Phone number has already been taken"}, 422)
                contact_id = self.next_id()
                self.contacts[contact_id] = {
                    "id": contact_id,
                    "name": body.get("name") or "",
                    "identifier": body.get("identifier"),
                    "phone_number": phone,
                    "email": None,
                    "type": "contact",
                }
                source = str(uuid.uuid4())
                self.contact_inboxes.append(
                    {"contact_id": contact_id, "inbox_id": body["inbox_id"], "source_id": source}
                )
                inbox = self.inboxes[body["inbox_id"]]
                return JSONResponse(
                    {
                        "payload": {
                            "contact": self.contacts[contact_id],
                            "contact_inbox": {"inbox": inbox, "source_id": source},
                        }
                    }
                )
            case "POST", ["contacts", contact_id, "contact_inboxes"]:
                body = await request.json()
                row = {
                    "id": self.next_id(),
                    "contact_id": int(contact_id),
                    "inbox_id": body["inbox_id"],
                    "source_id": body.get("source_id") or str(uuid.uuid4()),
                }
                self.contact_inboxes.append(row)
                return JSONResponse(row)
            case "POST", ["conversations"]:
                body = await request.json()
                conversation_id = self.next_id()
                self.conversations[conversation_id] = {
                    "id": conversation_id,
                    "inbox_id": body["inbox_id"],
                    "contact_id": body["contact_id"],
                    "source_id": body["source_id"],
                    "status": body.get("status") or "open",
                    "assignee": None,
                    "created_at": int(time.time()),
                }
                return JSONResponse(self.conversation_data(conversation_id))
            case "POST", ["conversations", conversation_id, "toggle_status"]:
                body = await request.json()
                conversation = self.conversations[int(conversation_id)]
                conversation["status"] = body["status"]
                return JSONResponse(
                    {
                        "meta": {},
                        "payload": {
                            "success": True,
                            "current_status": body["status"],
                            "conversation_id": int(conversation_id),
                        },
                    }
                )
            case "POST", ["conversations", conversation_id, "messages"]:
                return await self.create_message(request, int(conversation_id))
            case "PATCH", ["conversations", conversation_id, "messages", message_id]:
                conversation = self.conversations[int(conversation_id)]
                if self.inboxes[conversation["inbox_id"]]["channel_type"] != "Channel::Api":
                    return JSONResponse(
                        {"error": "Message status update is only allowed for API inboxes"}, 403
                    )
                body = await request.json()
                message = self.messages[int(message_id)]
                message["status"] = body["status"]
                if body.get("external_error"):
                    message["content_attributes"]["external_error"] = body["external_error"]
                return JSONResponse(self.message_data(message))
            case "DELETE", ["conversations", conversation_id, "messages", message_id]:
                message = self.messages.get(int(message_id))
                if message is None:
                    return JSONResponse({"error": "Resource could not be found"}, 404)
                message.update(content="This message was deleted", attachments=[])
                message["content_attributes"]["deleted"] = True
                self.fire(dict(self.message_data(message), event="message_updated"))
                return JSONResponse(self.message_data(message))
        return JSONResponse({"error": "Resource could not be found"}, 404)

    async def create_message(self, request: Request, conversation_id: int) -> Response:
        if conversation_id not in self.conversations:
            return JSONResponse({"error": "Resource could not be found"}, 404)
        attachments = []
        if request.headers.get("content-type", "").startswith("multipart/"):
            form = await request.form()
            body: dict[str, Any] = {
                k: v for k, v in form.items() if not k.startswith("attachments")
            }
            for upload in form.getlist("attachments[]"):
                data = await upload.read()
                attachments.append((upload.filename, data, upload.content_type))
            in_reply_to = body.pop("content_attributes[in_reply_to]", None)
            body["content_attributes"] = {"in_reply_to": int(in_reply_to)} if in_reply_to else {}
        else:
            body = await request.json()
        message = self.add_message(
            conversation_id,
            content=body.get("content") or "",
            message_type=body.get("message_type") or "outgoing",
            private=str(body.get("private")).lower() == "true",
            # Chatwoot versions before the message API took ``source_id`` drop it.
            source_id=None if self.drops_source_id else body.get("source_id"),
            content_attributes=dict(body.get("content_attributes") or {}),
            attachments=attachments,
            sender={
                "id": 99,
                "name": "Inbox Hub token user",
                "email": "api@acme.test",
                "type": "user",
            },
        )
        return JSONResponse(self.message_data(message))

    # ---- what it stores and shows -------------------------------------------------------------

    def add_message(self, conversation_id: int, **values: Any) -> dict[str, Any]:
        message_id = self.next_id()
        attachments = []
        for name, data, mimetype in values.pop("attachments", []):
            attachment_id = self.next_id()
            self.files[attachment_id] = (name, data, mimetype)
            kind = mimetype.split("/", 1)[0]
            attachments.append(
                {
                    "id": attachment_id,
                    "message_id": message_id,
                    "file_type": kind if kind in ("image", "audio", "video") else "file",
                    "account_id": self.account_id,
                    "extension": name.rsplit(".", 1)[-1] if "." in name else None,
                    "data_url": f"{self.url}/rails/active_storage/blobs/redirect/{attachment_id}/{name}",
                    "thumb_url": "",
                    "file_size": len(data),
                    "width": None,
                    "height": None,
                }
            )
        message = {
            "id": message_id,
            "conversation_id": conversation_id,
            "status": "sent",
            "attachments": attachments,
            "created_at": datetime.now(UTC).isoformat(),
            **values,
        }
        self.messages[message_id] = message
        if (
            message["message_type"] == "incoming"
            and self.conversations[conversation_id]["status"] == "resolved"
        ):
            self.conversations[conversation_id]["status"] = "open"  # Chatwoot reopens it
        self.fire(dict(self.message_data(message), event="message_created"))
        return message

    def contact_of(self, conversation: dict[str, Any]) -> dict[str, Any]:
        return self.contacts[conversation["contact_id"]]

    def conversation_data(self, conversation_id: int) -> dict[str, Any]:
        c = self.conversations[conversation_id]
        contact = self.contact_of(c)
        assignee = c["assignee"]
        return {
            "additional_attributes": {},
            "can_reply": True,
            "channel": "Channel::Api",
            "contact_inbox": {
                "contact_id": contact["id"],
                "inbox_id": c["inbox_id"],
                "source_id": c["source_id"],
                "hmac_verified": False,
            },
            "id": conversation_id,
            "inbox_id": c["inbox_id"],
            "messages": [],
            "labels": [],
            "meta": {
                "sender": {
                    **contact,
                    "thumbnail": "",
                    "additional_attributes": {},
                    "custom_attributes": {},
                },
                "assignee": None
                if assignee is None
                else {
                    **assignee,
                    "available_name": assignee["name"],
                    "availability_status": "online",
                    "thumbnail": "",
                },
                "team": None,
                "hmac_verified": False,
            },
            "status": c["status"],
            "custom_attributes": {},
            "snoozed_until": None,
            "unread_count": 0,
            "first_reply_created_at": None,
            "priority": None,
            "waiting_since": 0,
            "agent_last_seen_at": 0,
            "contact_last_seen_at": 0,
            "last_activity_at": int(time.time()),
            "timestamp": int(time.time()),
            "created_at": c["created_at"],
        }

    def message_data(self, m: dict[str, Any]) -> dict[str, Any]:
        conversation = self.conversations[m["conversation_id"]]
        inbox = self.inboxes[conversation["inbox_id"]]
        data = {
            "account": {"id": self.account_id, "name": "Acme"},
            "additional_attributes": {},
            "content_attributes": m["content_attributes"],
            "content_type": "text",
            "content": m["content"],
            "conversation": self.conversation_data(m["conversation_id"]),
            "created_at": m["created_at"],
            "id": m["id"],
            "inbox": {"id": inbox["id"], "name": inbox["name"]},
            "message_type": m["message_type"],
            "private": m["private"],
            "sender": m["sender"],
            "source_id": m["source_id"],
        }
        if m["attachments"]:
            data["attachments"] = m["attachments"]
        return data

    # ---- webhooks -----------------------------------------------------------------------------

    def fire(self, payload: dict[str, Any]) -> None:
        """Delivered in the background, as Chatwoot's Sidekiq job does."""
        task = asyncio.create_task(self.deliver(payload))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def deliver(self, payload: dict[str, Any]) -> Sent:
        conversation = payload.get("conversation") or payload
        inbox = self.inboxes[conversation["inbox_id"]]
        url = inbox["webhook_url"]
        # The gateway's public address stands for the server the test runs it on.
        url = self.gateway_url + "/api/" + url.split("/api/", 1)[1]
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", "X-Chatwoot-Delivery": str(uuid.uuid4())}
        if self.sign:
            ts = str(int(time.time()))
            digest = hmac.new(inbox["secret"].encode(), ts.encode() + b"." + body, hashlib.sha256)
            headers |= {
                "X-Chatwoot-Timestamp": ts,
                "X-Chatwoot-Signature": "sha256=" + digest.hexdigest(),
            }
        async with httpx.AsyncClient(timeout=10) as http:
            answer = await http.post(url, content=body, headers=headers)
        try:
            parsed = answer.json()
        except ValueError:
            parsed = answer.text
        sent = Sent(payload, answer.status_code, parsed)
        self.webhooks.append(sent)
        if answer.status_code >= 300 and payload["event"] == "message_created":
            # Webhooks::Trigger marks the message of a failed API-inbox webhook as failed.
            self.messages[payload["id"]]["status"] = "failed"
        return sent

    # ---- what the test's agent does -----------------------------------------------------------

    async def agent_says(
        self,
        conversation_id: int,
        text: str,
        *,
        private: bool = False,
        attachments: list[tuple[str, bytes, str]] | None = None,
        in_reply_to: int | None = None,
    ) -> Sent:
        """An agent's message from the dashboard; returns its webhook once answered."""
        before = len(self.webhooks)
        message = self.add_message(
            conversation_id,
            content=text,
            message_type="outgoing",
            private=private,
            source_id=None,
            content_attributes={"in_reply_to": in_reply_to} if in_reply_to else {},
            attachments=attachments or [],
            sender=AGENT,
        )
        return await self.webhook_for(message["id"], "message_created", after=before)

    async def webhook_for(self, object_id: int, event: str, *, after: int = 0) -> Sent:
        async def answered() -> Sent | None:
            for sent in self.webhooks[after:]:
                if sent.payload["event"] == event and sent.payload["id"] == object_id:
                    return sent
            return None

        result: Sent = await eventually(answered)
        return result

    async def change(
        self,
        conversation_id: int,
        *,
        assignee: dict[str, Any] | None = None,
        status: str | None = None,
    ) -> Sent:
        conversation = self.conversations[conversation_id]
        before = len(self.webhooks)
        changed = []
        if status is not None:
            changed.append(
                {"status": {"previous_value": conversation["status"], "current_value": status}}
            )
            conversation["status"] = status
            event = "conversation_status_changed"
        else:
            previous = conversation["assignee"]
            changed.append(
                {
                    "assignee_id": {
                        "previous_value": previous and previous["id"],
                        "current_value": assignee and assignee["id"],
                    }
                }
            )
            conversation["assignee"] = assignee
            event = "conversation_updated"
        self.fire(
            {
                **self.conversation_data(conversation_id),
                "event": event,
                "changed_attributes": changed,
            }
        )
        return await self.webhook_for(conversation_id, event, after=before)

    def in_conversation(self, conversation_id: int) -> list[dict[str, Any]]:
        return [m for m in self.messages.values() if m["conversation_id"] == conversation_id]

    async def settle(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


async def start_fake(
    gateway_url: str,
) -> tuple[FakeChatwoot, uvicorn.Server, socket.socket, asyncio.Task[None]]:
    fake = FakeChatwoot(gateway_url=gateway_url)
    app = Starlette(
        routes=[Route("/{path:path}", fake.handle, methods=["GET", "POST", "PATCH", "DELETE"])]
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))

    async def started() -> bool:
        return server.started

    await eventually(started)
    fake.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    return fake, server, sock, task

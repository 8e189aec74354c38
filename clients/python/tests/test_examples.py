"""The examples in ``examples/``, run: the seed-02 flow against the gateway, and each receiver
serving real deliveries the gateway signs and sends."""

from __future__ import annotations

import importlib.util
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from inboxhub_client import InboxHub
from inboxhub_client.events import MessageReceived, WebhookEvent
from werkzeug.serving import make_server

from conftest import Gateway, Receiver, eventually, free_port

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SECRET = "crm-webhook-secret"


def load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(
        f"example_{name.replace('/', '_')}", EXAMPLES / f"{name}.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_seed_02_flow(gateway: Gateway, receiver: Receiver) -> None:
    flow = load("integration_flow")
    args = flow.parser().parse_args(
        [
            "--url", gateway.url,
            "--api-key", gateway.api_key,
            "--email", gateway.admin_email,
            "--password", gateway.admin_password,
            "--session", "sdk-flow",
            "--to", "34611400001",
            "--sandbox", "--sandbox-phone", "34600400001",
            "--webhook-url", receiver.url,
            "--wait", "30",
        ]
    )  # fmt: skip
    result = flow.run(args)
    assert result["session"] == "sdk-flow" and result["sent"] and result["template"]
    assert isinstance(result["contacts"], list)
    assert result["webhook"]


def _session_delivering_to(gateway: Gateway, session_id: str, phone: str, url: str) -> InboxHub:
    hub = InboxHub(gateway.url, api_key=gateway.api_key)
    created = hub.create_session(
        {"sessionId": session_id, "webhookUrl": url, "webhookSecret": SECRET}
    )
    qr = created.qr_text or eventually(lambda: hub.get_session_qr(session_id).qr_text)
    hub.link_session({"qr": qr, "phoneNumber": phone})
    eventually(lambda: hub.get_session_status(session_id).is_connected)
    return hub


def _exercise(
    gateway: Gateway, url: str, handled: list[WebhookEvent], session_id: str, phone: str
) -> None:
    with _session_delivering_to(gateway, session_id, phone, url) as hub:
        hub.contact_writes({"from": "34611500001", "to": session_id, "message": "desde el ejemplo"})
        messages = eventually(lambda: [e for e in handled if isinstance(e, MessageReceived)])
        assert messages[0].data.message.content == "desde el ejemplo"
        # The gateway delivers it again (same event id): the receiver answers, handles nothing.
        done = eventually(
            lambda: (
                hub.list_deliveries(
                    session_id=session_id, event="message.received", status="succeeded"
                ).deliveries
            )
        )
        again = hub.redeliver(done[0].id)
        eventually(lambda: hub.get_delivery(again.id).status == "succeeded")
        assert len([e for e in handled if isinstance(e, MessageReceived)]) == 1
        assert hub.test_session_webhook(session_id).delivered
    forged = httpx.post(
        url, content=b'{"event":"message.received"}', headers={"X-Signature": "sha256=00"}
    )
    assert forged.status_code == 401


@pytest.fixture
def fastapi_receiver() -> Iterator[tuple[str, list[WebhookEvent]]]:
    handled: list[WebhookEvent] = []
    app = load("fastapi_receiver").create_app(SECRET, on_event=handled.append)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    eventually(lambda: server.started)
    try:
        yield f"http://127.0.0.1:{port}/webhooks/inboxhub", handled
    finally:
        server.should_exit = True
        thread.join(10)


def test_the_fastapi_receiver(
    gateway: Gateway, fastapi_receiver: tuple[str, list[WebhookEvent]]
) -> None:
    url, handled = fastapi_receiver
    _exercise(gateway, url, handled, "sdk-fastapi", "34600500001")


@pytest.fixture
def flask_receiver() -> Iterator[tuple[str, list[WebhookEvent]]]:
    handled: list[WebhookEvent] = []
    app = load("flask_receiver").create_app(SECRET, on_event=handled.append)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}/webhooks/inboxhub", handled
    finally:
        server.shutdown()
        thread.join(10)


def test_the_flask_receiver(
    gateway: Gateway, flask_receiver: tuple[str, list[WebhookEvent]]
) -> None:
    url, handled = flask_receiver
    _exercise(gateway, url, handled, "sdk-flask", "34600600001")


class _Cache:
    """What the hook uses of ``frappe.cache()`` (a ``redis.Redis``): SET NX EX and DELETE."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def set(self, name: str, value: str, nx: bool = False, ex: int | None = None) -> bool:
        if nx and name in self.keys:
            return False
        self.keys.add(name)
        return True

    def delete(self, name: str) -> None:
        self.keys.discard(name)


def test_the_frappe_hook(receiver: Receiver, gateway: Gateway) -> None:
    """The hook file under a stand-in ``frappe`` module, fed a real delivery."""
    # Its own path: organization webhooks deliver to the shared receiver too, signed otherwise.
    url = receiver.url + "/frappe"
    with _session_delivering_to(gateway, "sdk-frappe", "34600700001", url) as hub:
        hub.contact_writes({"from": "34611700001", "to": "sdk-frappe", "message": "para Frappe"})
    delivery = eventually(
        lambda: [d for d in receiver.of("message.received") if d.path.endswith("/frappe")]
    )[0]
    handled: list[WebhookEvent] = []
    cache = _Cache()
    frappe = types.ModuleType("frappe")
    frappe.conf = {"inboxhub_webhook_secret": SECRET}  # type: ignore[attr-defined]
    frappe.cache = lambda: cache  # type: ignore[attr-defined]
    frappe.whitelist = lambda **_: lambda f: f  # type: ignore[attr-defined]
    frappe.throw = lambda message: (_ for _ in ()).throw(RuntimeError(message))  # type: ignore[attr-defined]
    frappe.local = types.SimpleNamespace(response=types.SimpleNamespace())  # type: ignore[attr-defined]
    frappe.request = types.SimpleNamespace(  # type: ignore[attr-defined]
        get_data=lambda: delivery.body, headers=delivery.headers
    )
    frappe.get_hooks = lambda name, default=None: {"message.received": ["crm.on_message"]}  # type: ignore[attr-defined]
    frappe.get_attr = lambda path: handled.append  # type: ignore[attr-defined]
    jobs: list[dict[str, Any]] = []
    frappe.enqueue = lambda method, **kwargs: jobs.append({"method": method, **kwargs})  # type: ignore[attr-defined]
    sys.modules["frappe"] = frappe
    try:
        hook = load("frappe/inboxhub_webhook")
        assert hook.handle_webhook() == {"ok": True, "duplicate": False}
        assert hook.handle_webhook() == {"ok": True, "duplicate": True}
        assert len(jobs) == 1 and jobs[0]["method"].endswith(".process_event")
        hook.process_event(jobs[0]["payload"])
        assert isinstance(handled[0], MessageReceived)
        frappe.request.get_data = lambda: delivery.body + b" "  # type: ignore[attr-defined]
        assert hook.handle_webhook() == {"ok": False}
        assert frappe.local.response.http_status_code == 401  # type: ignore[attr-defined]
    finally:
        del sys.modules["frappe"]

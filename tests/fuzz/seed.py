"""One real object of each kind, created through the API before fuzzing starts.

Their ids (written to a JSON file) let the hooks aim generated requests at existing sessions,
messages, groups… so that the fuzzer exercises the code past the ``404``s.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

MAIN_SESSION = "fuzz-main"
# Lifecycle operations (logout, delete, restart…) get a session of their own, so that the one
# every other operation uses stays connected.
LIFECYCLE_SESSION = "fuzz-lifecycle"
SESSION_PHONE = "5491100000001"
LIFECYCLE_PHONE = "5491100000002"
CONTACT_PHONE = "5491155550000"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e5273de10000000049454e44ae426082"
)


def _data(response: httpx.Response) -> Any:
    if not response.is_success:
        raise SystemExit(
            f"seeding failed: {response.request.method} {response.request.url.path} "
            f"-> {response.status_code} {response.text[:500]}"
        )
    return response.json()["data"]


def _link(http: httpx.Client, session_id: str, phone: str) -> None:
    created = _data(
        http.post("/api/sessions", json={"sessionId": session_id, "sessionName": session_id})
    )
    _data(
        http.post(
            "/api/sandbox/link",
            json={"qr": created["qrText"], "phoneNumber": phone, "pushName": "Fuzz"},
        )
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if _data(http.get(f"/api/sessions/{session_id}/status"))["status"] == "connected":
            return
        time.sleep(0.05)
    raise SystemExit(f"seeding failed: session {session_id} did not connect")


def _create(http: httpx.Client, path: str, **kwargs: Any) -> Any:
    return _data(http.post(path, **kwargs))


def seed_objects(http: httpx.Client, login: dict[str, str]) -> dict[str, Any]:
    """Create the objects; returns the admin's token and the ids, by path parameter name."""
    token = _create(http, "/api/auth/login", json=login)["accessToken"]
    user = {"Authorization": f"Bearer {token}"}
    me = _data(http.get("/api/auth/me", headers=user))["user"]
    org = me["organizations"][0]["id"]
    _link(http, MAIN_SESSION, SESSION_PHONE)
    _link(http, LIFECYCLE_SESSION, LIFECYCLE_PHONE)

    def webhook() -> int:
        body = {"url": "http://127.0.0.1:9/fuzz", "events": ["message.received"]}
        return int(_create(http, f"/api/webhooks/organizations/{org}", json=body)["id"])

    def sink() -> int:
        # A closed loopback port, as the webhook's: nothing is published anywhere.
        body = {"type": "amqp", "url": "amqp://fuzz:fuzz@127.0.0.1:9/", "exchange": "fuzz"}
        return int(_create(http, "/api/webhooks/sinks", json=body)["id"])

    def template(name: str) -> int:
        body = {"name": name, "body": "Hola {{name}}, tu pedido {{order}}"}
        return int(
            _create(http, f"/api/templates/organizations/{org}", json=body)["template"]["id"]
        )

    def media() -> int:
        files = {"file": ("pixel.png", PNG, "image/png")}
        uploaded = _create(http, f"/api/media/sessions/{MAIN_SESSION}/upload", files=files)
        return int(uploaded["mediaId"])

    def group(subject: str) -> str:
        body = {"subject": subject, "participants": [CONTACT_PHONE]}
        return str(_create(http, f"/api/groups/sessions/{MAIN_SESSION}", json=body)["groupId"])

    webhook_id, spare_webhook_id = webhook(), webhook()
    _create(http, "/api/sandbox/contacts", json={"phoneNumber": CONTACT_PHONE, "pushName": "Ana"})
    incoming = _create(
        http,
        "/api/sandbox/messages",
        json={"from": CONTACT_PHONE, "to": SESSION_PHONE, "message": "hola"},
    )["message"]
    sent = _create(
        http, f"/api/messages/{MAIN_SESSION}/send", json={"to": CONTACT_PHONE, "message": "hola"}
    )["message"]
    status = _create(http, f"/api/status/sessions/{MAIN_SESSION}", json={"text": "hola"})
    ticket = _create(
        http, f"/api/handover/sessions/{MAIN_SESSION}/tickets", json={"phoneNumber": CONTACT_PHONE}
    )
    key = _create(http, f"/api/organizations/{org}/api-keys", json={"name": "fuzz"}, headers=user)
    invitation = _create(
        http,
        f"/api/organizations/{org}/members",
        json={"email": "fuzz-member@example.com", "role": "member"},
        headers=user,
    )["invitation"]
    member = _create(
        http,
        "/api/auth/invitations/accept",
        json={"token": invitation["token"], "password": "fuzz-member-pass"},
    )
    contact = _data(http.get(f"/api/contacts/{MAIN_SESSION}"))["contacts"][0]
    delivery = _data(http.get("/api/webhooks/deliveries"))["deliveries"][0]
    return {
        "token": token,
        "contactPhone": CONTACT_PHONE,
        "organization": org,
        "user": me["id"],
        # Whatever a logout revokes must not be the token every other request carries.
        "logoutToken": _create(http, "/api/auth/login", json=login)["accessToken"],
        "ids": {
            "sessionId": MAIN_SESSION,
            "id": MAIN_SESSION,
            "organizationId": org,
            "organization_id": org,
            "messageId": sent["id"],
            "chatId": incoming["chatId"],
            "phoneNumber": CONTACT_PHONE,
            "groupId": group("Fuzz"),
            "statusId": status["status"]["statusId"],
            "templateId": template("fuzz"),
            "webhookId": webhook_id,
            "sinkId": sink(),
            "mediaFileId": media(),
            "ticketId": ticket["ticketId"],
            "key_id": key["apiKey"]["id"],
            "user_id": member["userId"],
            "invitation_id": _create(
                http,
                f"/api/organizations/{org}/members",
                json={"email": "fuzz-invited@example.com", "role": "member"},
                headers=user,
            )["invitation"]["id"],
            "contactId": contact["id"],
            "deliveryId": delivery["id"],
        },
        "spares": {
            "id": LIFECYCLE_SESSION,
            "webhookId": spare_webhook_id,
            "sinkId": sink(),
            "templateId": template("fuzz-spare"),
            "mediaFileId": media(),
            "groupId": group("Fuzz spare"),
        },
    }

"""Reading messages: every filter, pagination, chats, one chat, statistics, unread."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.messages.conftest import CONTACT, SHOP
from tests.messages.helpers import b64, foreign_api_key, png_bytes

JID = f"{CONTACT}@s.whatsapp.net"
SECOND = "34622222222"
SECOND_JID = f"{SECOND}@s.whatsapp.net"


async def _conversation(client):
    """shop: 3 sent to CONTACT (2 text, 1 image), 2 received from CONTACT, 1 received from SECOND."""
    for text in ("uno", "dos"):
        await client.post("/api/messages/shop/send", json={"to": CONTACT, "message": text})
    await client.post(
        "/api/messages/shop/send",
        json={"to": CONTACT, "type": "image", "message": {"image": {"base64": b64(png_bytes())}}},
    )
    for text in ("tres", "cuatro"):
        await client.post(
            "/api/sandbox/messages",
            json={"from": CONTACT, "to": SHOP, "message": text, "pushName": "Juan"},
        )
    await client.post(
        "/api/sandbox/messages",
        json={"from": SECOND, "to": SHOP, "message": "otro", "pushName": "Ana"},
    )


async def _list(client, **params):
    r = await client.get("/api/messages/shop", params=params)
    assert r.status_code == 200, r.text
    return r.json()["data"]


async def test_filters_and_pagination(client, shop):
    await _conversation(client)
    everything = await _list(client)
    assert everything["total"] == 6
    assert everything["pagination"] == {"total": 6, "page": 1, "limit": 50, "pages": 1}
    # Newest first.
    assert [m["body"] for m in everything["messages"]][:2] == ["otro", "cuatro"]

    first = await _list(client, page=1, limit=4)
    second = await _list(client, page=2, limit=4)
    assert first["pagination"]["pages"] == 2
    assert len(first["messages"]) == 4 and len(second["messages"]) == 2
    assert {m["id"] for m in first["messages"]}.isdisjoint(m["id"] for m in second["messages"])

    assert (await _list(client, chatId=JID))["total"] == 5
    assert (await _list(client, chatId=SECOND))["total"] == 1  # a bare number works too
    assert (await _list(client, type="image"))["total"] == 1
    assert (await _list(client, type="text", fromMe="true"))["total"] == 2
    assert (await _list(client, fromMe="false"))["total"] == 3

    now = datetime.now(UTC)
    assert (await _list(client, startDate=(now - timedelta(minutes=5)).isoformat()))["total"] == 6
    assert (await _list(client, startDate=(now + timedelta(minutes=5)).isoformat()))["total"] == 0
    assert (await _list(client, endDate=(now - timedelta(days=2)).date().isoformat()))["total"] == 0
    assert (await _list(client, startDate=now.date().isoformat(), endDate=now.date().isoformat()))[
        "total"
    ] == 6

    r = await client.get("/api/messages/shop", params={"limit": 101})
    assert r.status_code == 400
    assert r.json()["code"] == "VALIDATION_ERROR"
    assert r.json()["field"] == "limit"
    r = await client.get("/api/messages/shop", params={"startDate": "ayer"})
    assert r.status_code == 400
    assert r.json()["field"] == "startDate"


async def test_chats_history_of_one_chat_and_unread(client, shop):
    await _conversation(client)
    chats = (await client.get("/api/messages/shop/chats")).json()["data"]
    assert chats["pagination"]["total"] == 2
    by_id = {c["chatId"]: c for c in chats["chats"]}
    assert by_id[JID]["unreadCount"] == 2
    assert by_id[JID]["name"] == "Juan"
    assert by_id[JID]["lastMessage"]["body"] == "cuatro"
    assert by_id[SECOND_JID]["unreadCount"] == 1
    assert chats["chats"][0]["chatId"] == SECOND_JID  # most recent conversation first

    history = (await client.get(f"/api/messages/shop/{JID}", params={"limit": 2})).json()["data"]
    assert history["pagination"]["total"] == 5
    assert [m["body"] for m in history["messages"]] == ["cuatro", "tres"]
    assert (await client.get(f"/api/messages/shop/{CONTACT}")).json()["data"]["total"] == 5

    unread = (await client.get("/api/messages/unread")).json()["data"]
    assert unread["total"] == 3
    assert unread["bySession"] == [{"sessionId": "shop", "unread": 3}]
    assert {m["sessionId"] for m in unread["messages"]} == {"shop"}

    r = await client.put(f"/api/messages/shop/{CONTACT}/read")
    assert r.json()["data"]["markedAsRead"] == 2
    unread = (await client.get("/api/messages/unread")).json()["data"]
    assert unread["total"] == 1
    assert unread["messages"][0]["body"] == "otro"
    assert {m["status"] for m in (await _list(client, chatId=JID, fromMe="false"))["messages"]} == {
        "read"
    }


async def test_stats(client, shop):
    await _conversation(client)
    today = datetime.now(UTC).date()
    r = await client.get(
        "/api/messages/shop/stats",
        params={"startDate": (today - timedelta(days=1)).isoformat(), "endDate": today.isoformat()},
    )
    assert r.status_code == 200, r.text
    stats = r.json()["data"]["stats"]
    assert stats["total"] == 6
    assert stats["sent"] == 3
    assert stats["received"] == 3
    assert stats["byType"] == {"text": 5, "image": 1}
    assert sum(stats["byStatus"].values()) == 6
    assert stats["byStatus"]["received"] == 3
    assert stats["byDay"] == [{"date": today.isoformat(), "sent": 3, "received": 3, "total": 6}]

    old = await client.get(
        "/api/messages/shop/stats", params={"startDate": "2020-01-01", "endDate": "2020-01-31"}
    )
    assert old.json()["data"]["stats"]["total"] == 0
    bad = await client.get(
        "/api/messages/shop/stats", params={"startDate": "2025-02-01", "endDate": "2025-01-01"}
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "startDate"


async def test_other_organizations_see_nothing(client, app, shop):
    await _conversation(client)
    foreign = {"X-API-Key": await foreign_api_key(app)}

    r = await client.get("/api/messages/shop", headers=foreign)
    assert r.status_code == 404
    assert r.json()["code"] == "SESSION_NOT_FOUND"
    send = await client.post(
        "/api/messages/shop/send", json={"to": CONTACT, "message": "x"}, headers=foreign
    )
    assert send.status_code == 404
    unread = (await client.get("/api/messages/unread", headers=foreign)).json()["data"]
    assert unread["total"] == 0
    media = (await _list(client, type="image"))["messages"][0]["media"]
    assert (await client.get(f"/api/media/{media['mediaId']}", headers=foreign)).status_code == 404
    assert (
        await client.get(f"/api/media/{media['mediaId']}/download", headers=foreign)
    ).status_code == 404
    assert (
        await client.delete(f"/api/media/{media['mediaId']}", headers=foreign)
    ).status_code == 404
    assert (await client.get(f"/api/media/{media['mediaId']}")).status_code == 200

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from inboxhub.webhooks.models import Event
from tests.stories.conftest import ANA, BOB, DAN, MP4, jid, png, save
from tests.stories.helpers import received, statuses
from tests.support import eventually


async def test_text_status_reaches_contacts_who_saved_each_other(client, app, friends):
    r = await client.post(
        "/api/status/sessions/ana",
        json={"type": "text", "text": "¡Abrimos hoy!", "backgroundColor": "#FF25D366", "font": 2},
    )
    assert r.status_code == 201, r.text
    mine = r.json()["data"]["status"]
    assert mine["fromMe"] is True
    assert mine["type"] == "text"
    assert mine["text"] == "¡Abrimos hoy!"
    assert (mine["backgroundColor"], mine["font"]) == ("#FF25D366", 2)
    assert mine["isActive"] is True
    assert mine["viewers"] == []
    posted = datetime.fromisoformat(mine["timestamp"])
    assert datetime.fromisoformat(mine["expiresAt"]) - posted == timedelta(hours=24)

    theirs = (await received(client, "bob"))[0]
    assert theirs["statusId"] == mine["statusId"]
    assert theirs["fromMe"] is False
    assert theirs["sender"] == jid(ANA)
    assert theirs["senderName"] == "Ana"
    assert (theirs["text"], theirs["backgroundColor"], theirs["font"]) == (
        "¡Abrimos hoy!",
        "#FF25D366",
        2,
    )
    assert theirs["viewed"] is False
    assert "viewers" not in theirs
    # Cid is in Ana's address book but has not saved Ana: WhatsApp does not show it to him.
    assert (await statuses(client, "cid"))["statuses"] == []
    async with app.state.database.sessionmaker() as db:
        events = (await db.execute(select(Event).where(Event.type == "status.received"))).scalars()
        payloads = [(e.session_id, e.payload["status"]["statusId"]) for e in events]
    assert payloads == [("bob", mine["statusId"])]


async def test_views_and_reactions_travel_back_to_the_poster(client, friends):
    mine = (
        await client.post("/api/status/sessions/ana", json={"type": "text", "text": "Hola"})
    ).json()["data"]["status"]
    theirs = (await received(client, "bob"))[0]
    base = f"/api/status/sessions/bob/statuses/{theirs['id']}"

    r = await client.post(f"{base}/view")
    assert r.status_code == 200, r.text
    assert r.json()["data"]["status"]["viewed"] is True

    async def ana_sees(reaction):
        own = (await statuses(client, "ana", fromMe="true"))["statuses"][0]
        return (
            own
            if [(v["id"], v["reaction"]) for v in own["viewers"]] == [(jid(BOB), reaction)]
            else None
        )

    await eventually(lambda: ana_sees(None))

    # By WhatsApp's status id too.
    r = await client.post(
        f"/api/status/sessions/bob/statuses/{theirs['statusId']}/reactions", json={"reaction": "👍"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["status"]["myReaction"] == "👍"
    own = await eventually(lambda: ana_sees("👍"))
    assert (own["viewCount"], own["reactionCount"]) == (1, 1)

    r = await client.delete(f"{base}/reactions")
    assert r.status_code == 200
    assert r.json()["data"]["status"]["myReaction"] is None
    await eventually(lambda: ana_sees(None))

    # A simulated contact sees Ana's status too.
    r = await client.post(
        f"/api/sandbox/statuses/{mine['statusId']}/views", json={"from": DAN, "reaction": "❤️"}
    )
    assert r.status_code == 200, r.text

    async def two_viewers():
        own = (await statuses(client, "ana", fromMe="true"))["statuses"][0]
        return own["viewers"] if len(own["viewers"]) == 2 else None

    viewers = await eventually(two_viewers)
    assert (viewers[1]["id"], viewers[1]["reaction"]) == (jid(DAN), "❤️")

    own_base = f"/api/status/sessions/ana/statuses/{mine['id']}"
    for method, path, body in (("POST", "/view", None), ("POST", "/reactions", {"reaction": "😀"})):
        r = await client.request(method, own_base + path, json=body)
        assert (r.status_code, r.json()["code"]) == (400, "OWN_STATUS")
    for ref in ("999999", "3EB0NOPE"):
        r = await client.post(f"/api/status/sessions/bob/statuses/{ref}/view")
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (
            404,
            "STATUS_NOT_FOUND",
            "statusId",
        )
    for body in ({}, {"reaction": ""}, {"reaction": "x" * 21}):
        r = await client.post(f"{base}/reactions", json=body)
        assert (r.status_code, r.json()["field"]) == (400, "reaction"), body

    await client.post("/api/sessions/bob/disconnect")
    r = await client.post(f"{base}/view")
    assert (r.status_code, r.json()["code"]) == (409, "SESSION_NOT_CONNECTED")


async def test_image_from_a_url_and_video_from_base64(client, friends, media_server):
    url, routes = media_server
    image = png()
    routes["/shop.png"] = (200, {"Content-Type": "image/png"}, image)
    routes["/moved"] = (302, {"Location": "/shop.png"}, b"")

    r = await client.post(
        "/api/status/sessions/ana",
        json={"type": "image", "mediaUrl": f"{url}/moved", "caption": "Nuevo escaparate"},
    )
    assert r.status_code == 201, r.text
    mine = r.json()["data"]["status"]
    assert (mine["type"], mine["caption"], mine["mimetype"], mine["size"]) == (
        "image",
        "Nuevo escaparate",
        "image/png",
        len(image),
    )
    theirs = (await received(client, "bob"))[0]
    assert (theirs["type"], theirs["caption"], theirs["mimetype"]) == (
        "image",
        "Nuevo escaparate",
        "image/png",
    )
    download = await client.get(theirs["mediaUrl"])
    assert download.status_code == 200
    assert download.content == image
    assert download.headers["content-type"] == "image/png"
    assert (await client.get(mine["mediaUrl"])).content == image

    r = await client.post(
        "/api/status/sessions/ana",
        json={"type": "video", "base64": base64.b64encode(MP4).decode(), "caption": "Tour"},
    )
    assert r.status_code == 201, r.text
    video = (await received(client, "bob", 2))[0]
    assert (video["type"], video["mimetype"]) == ("video", "video/mp4")
    assert (await client.get(video["mediaUrl"])).content == MP4


async def test_bad_statuses_are_refused_with_the_field(client, friends, media_server):
    url, routes = media_server
    routes["/notes.txt"] = (200, {"Content-Type": "text/plain"}, b"just text")
    routes["/metadata"] = (302, {"Location": "http://169.254.169.254/latest/"}, b"")
    image64 = base64.b64encode(png()).decode()
    cases = [
        ({"type": "poll", "text": "x"}, 400, "VALIDATION_ERROR", "type"),
        ({"type": "audio", "base64": image64}, 400, "VALIDATION_ERROR", "type"),
        ({"type": "text"}, 400, "VALIDATION_ERROR", "text"),
        ({"type": "text", "text": "x" * 701}, 400, "VALIDATION_ERROR", "text"),
        ({"type": "text", "text": "x", "base64": image64}, 400, "VALIDATION_ERROR", "type"),
        (
            {"type": "text", "text": "x", "backgroundColor": "green"},
            400,
            "VALIDATION_ERROR",
            "backgroundColor",
        ),
        ({"type": "text", "text": "x", "font": 12}, 400, "VALIDATION_ERROR", "font"),
        ({"type": "image"}, 400, "VALIDATION_ERROR", "mediaUrl"),
        (
            {"type": "image", "base64": image64, "mediaUrl": f"{url}/a.png"},
            400,
            "VALIDATION_ERROR",
            "mediaUrl",
        ),
        ({"type": "image", "base64": image64, "font": 1}, 400, "VALIDATION_ERROR", "font"),
        ({"type": "image", "base64": "%%%not base64%%%"}, 400, "VALIDATION_ERROR", "base64"),
        (
            {"type": "image", "base64": base64.b64encode(MP4).decode()},
            400,
            "VALIDATION_ERROR",
            "base64",
        ),
        ({"type": "video", "mediaUrl": f"{url}/notes.txt"}, 400, "VALIDATION_ERROR", "mediaUrl"),
        (
            {"type": "image", "mediaUrl": f"{url}/missing.png"},
            400,
            "MEDIA_DOWNLOAD_FAILED",
            "mediaUrl",
        ),
        (
            {"type": "image", "mediaUrl": "ftp://example.com/a.png"},
            400,
            "VALIDATION_ERROR",
            "mediaUrl",
        ),
        (
            {"type": "image", "mediaUrl": "http://169.254.169.254/x.png"},
            400,
            "URL_NOT_ALLOWED",
            "mediaUrl",
        ),
        ({"type": "image", "mediaUrl": f"{url}/metadata"}, 400, "URL_NOT_ALLOWED", "mediaUrl"),
    ]
    for body, status, code, field in cases:
        r = await client.post("/api/status/sessions/ana", json=body)
        got = (r.status_code, r.json()["code"], r.json().get("field"))
        assert got == (status, code, field), (body, r.json())
    assert (await statuses(client, "ana"))["statuses"] == []

    await client.post("/api/sessions/ana/disconnect")
    r = await client.post("/api/status/sessions/ana", json={"type": "text", "text": "x"})
    assert (r.status_code, r.json()["code"]) == (409, "SESSION_NOT_CONNECTED")


async def test_simulated_contacts_post_statuses_to_who_saved_them(client, friends):
    await save(client, "bob", DAN, pushName="Dan")
    r = await client.post(
        "/api/sandbox/statuses",
        json={
            "from": DAN,
            "type": "image",
            "base64": base64.b64encode(png()).decode(),
            "caption": "Playa",
        },
    )
    assert r.status_code == 201, r.text
    assert r.json()["data"]["deliveredTo"] == ["bob"]
    theirs = (await received(client, "bob"))[0]
    assert (theirs["sender"], theirs["senderName"], theirs["caption"]) == (jid(DAN), "Dan", "Playa")
    assert (await statuses(client, "ana"))["statuses"] == []
    # The poster is a contact of the session from now on.
    contacts = (await client.get("/api/contacts/bob")).json()["data"]["contacts"]
    assert jid(DAN) in [c["id"] for c in contacts]

    r = await client.post("/api/sandbox/statuses", json={"from": ANA, "text": "x"})
    assert (r.status_code, r.json()["field"]) == (400, "from")


async def test_only_the_last_24_hours_are_active(client, friends):
    await save(client, "bob", DAN, pushName="Dan")
    almost = datetime.now(UTC) - timedelta(hours=24) + timedelta(seconds=1)
    old = await client.post(
        "/api/sandbox/statuses",
        json={"from": DAN, "text": "de ayer", "timestamp": almost.isoformat()},
    )
    assert old.status_code == 201, old.text
    await client.post("/api/sandbox/statuses", json={"from": DAN, "text": "de hoy"})
    await received(client, "bob", 2)

    async def only_today():
        active = (await statuses(client, "bob", "/active"))["statuses"]
        return active if [s["text"] for s in active] == ["de hoy"] else None

    await eventually(only_today)
    everything = (await statuses(client, "bob"))["statuses"]
    assert [(s["text"], s["isActive"]) for s in everything] == [
        ("de hoy", True),
        ("de ayer", False),
    ]
    expired = everything[1]
    r = await client.post(f"/api/status/sessions/bob/statuses/{expired['id']}/view")
    assert (r.status_code, r.json()["code"]) == (410, "STATUS_EXPIRED")

    too_old = (datetime.now(UTC) - timedelta(hours=25)).isoformat()
    r = await client.post(
        "/api/sandbox/statuses", json={"from": DAN, "text": "x", "timestamp": too_old}
    )
    assert (r.status_code, r.json()["field"]) == (400, "timestamp")


async def test_listing_pages_newest_first(client, friends):
    for i in range(3):
        r = await client.post("/api/status/sessions/ana", json={"type": "text", "text": f"n{i}"})
        assert r.status_code == 201
    await received(client, "bob", 3)
    page = await statuses(client, "ana", limit=2)
    assert [s["text"] for s in page["statuses"]] == ["n2", "n1"]
    assert page["pagination"] == {"total": 3, "page": 1, "limit": 2, "pages": 2}
    assert [s["text"] for s in (await statuses(client, "ana", limit=2, page=2))["statuses"]] == [
        "n0"
    ]
    assert (await statuses(client, "ana", "/active", fromMe="false"))["statuses"] == []
    r = await client.get("/api/status/sessions/ana", params={"limit": 0})
    assert (r.status_code, r.json()["field"]) == (400, "limit")


async def test_other_organizations_see_nothing(client, other_org, friends):
    mine = (
        await client.post(
            "/api/status/sessions/ana",
            json={"type": "image", "base64": base64.b64encode(png()).decode()},
        )
    ).json()["data"]["status"]
    theirs = (await received(client, "bob"))[0]
    checks = [
        ("GET", "/api/status/sessions/ana", None),
        ("GET", "/api/status/sessions/ana/active", None),
        ("POST", "/api/status/sessions/ana", {"type": "text", "text": "x"}),
        ("GET", mine["mediaUrl"], None),
        ("POST", f"/api/status/sessions/bob/statuses/{theirs['id']}/view", None),
        ("POST", f"/api/status/sessions/bob/statuses/{theirs['id']}/reactions", {"reaction": "👍"}),
        ("DELETE", f"/api/status/sessions/bob/statuses/{theirs['id']}/reactions", None),
    ]
    for method, path, body in checks:
        r = await other_org.request(method, path, json=body)
        assert (r.status_code, r.json()["code"]) == (404, "SESSION_NOT_FOUND"), path

from __future__ import annotations

from sqlalchemy import select

from inboxhub.webhooks.models import Event
from tests.support import add_member, eventually, link_session
from tests.support.auth import admin_token

ANA = "34611111111"
BOB = "34622222222"


async def save(client, session_id: str, phone: str, **fields):
    r = await client.post(
        "/api/sandbox/contacts", json={"phoneNumber": phone, "sessionId": session_id, **fields}
    )
    assert r.status_code == 200, r.text
    return r.json()["data"]


async def contacts_of(client, session_id: str, **params):
    r = await client.get(f"/api/contacts/{session_id}", params=params)
    assert r.status_code == 200, r.text
    return r.json()["data"]


async def known(client, session_id: str, count: int):
    async def check():
        data = await contacts_of(client, session_id)
        return data if data["pagination"]["total"] == count else None

    return await eventually(check)


async def events(app, event_type: str) -> list[dict]:
    async with app.state.database.sessionmaker() as db:
        rows = (await db.execute(select(Event).where(Event.type == event_type))).scalars()
        return [row.payload for row in rows]


async def test_address_book_contacts_are_listed_with_their_profile(client, app):
    await link_session(client, "book", "34600000001")
    added = await save(client, "book", ANA, pushName="Ana", about="Disponible", name="Ana García")
    assert added["lid"].endswith("@lid")

    data = await known(client, "book", 1)
    contact = data["contacts"][0]
    assert contact["id"] == f"{ANA}@s.whatsapp.net"
    assert contact["name"] == "Ana García"
    assert contact["notify"] == "Ana"
    assert contact["phoneNumber"] == ANA
    assert contact["lid"] == added["lid"]
    assert contact["isUser"] is True
    assert contact["isGroup"] is False
    assert contact["isWAContact"] is True
    assert contact["inAddressBook"] is True
    assert contact["tags"] == []
    assert isinstance(contact["contactId"], int)
    assert data["pagination"] == {"total": 1, "page": 1, "limit": 50, "pages": 1}
    assert data["search"] is None

    # A profile change reaches every phone that saved the number.
    await client.post("/api/sandbox/contacts", json={"phoneNumber": ANA, "pushName": "Ana G."})

    async def renamed():
        return (await contacts_of(client, "book"))["contacts"][0]["notify"] == "Ana G."

    await eventually(renamed)
    assert any(
        e["contact"]["id"] == f"{ANA}@s.whatsapp.net" for e in await events(app, "contact.updated")
    )


async def test_list_pages_and_searches_by_name_or_number(client):
    await link_session(client, "pages", "34600000002")
    await save(client, "pages", "34611111101", name="Zoe Martín")
    await save(client, "pages", "34611111102", name="Alba Ruiz")
    await save(client, "pages", "34699999903", name="Carlos 50%_off")
    await known(client, "pages", 3)

    first = await contacts_of(client, "pages", limit=2)
    assert [c["name"] for c in first["contacts"]] == ["Alba Ruiz", "Carlos 50%_off"]
    assert first["pagination"] == {"total": 3, "page": 1, "limit": 2, "pages": 2}
    second = await contacts_of(client, "pages", limit=2, page=2)
    assert [c["name"] for c in second["contacts"]] == ["Zoe Martín"]

    assert [c["name"] for c in (await contacts_of(client, "pages", search="zoe"))["contacts"]] == [
        "Zoe Martín"
    ]
    by_number = await contacts_of(client, "pages", search="9999")
    assert [c["phoneNumber"] for c in by_number["contacts"]] == ["34699999903"]
    assert by_number["search"] == "9999"
    # LIKE wildcards in the search are literal characters.
    assert [c["name"] for c in (await contacts_of(client, "pages", search="%_"))["contacts"]] == [
        "Carlos 50%_off"
    ]

    r = await client.get("/api/contacts/pages", params={"limit": 101})
    assert r.status_code == 400
    assert r.json()["code"] == "VALIDATION_ERROR"
    assert r.json()["field"] == "limit"


async def test_search_asks_whatsapp_for_unknown_numbers(client):
    await link_session(client, "finder", "34600000003")
    await client.post("/api/sandbox/contacts", json={"phoneNumber": BOB, "pushName": "Bob"})

    r = await client.get(f"/api/contacts/finder/search/{BOB}")
    assert r.status_code == 200, r.text
    contact = r.json()["data"]["contact"]
    assert contact["id"] == f"{BOB}@s.whatsapp.net"
    assert contact["notify"] == "Bob"
    assert contact["isUser"] is True
    assert r.json()["data"]["exists"] is True
    # Found once, it is a contact of the session (and the JID form finds it too).
    assert (await contacts_of(client, "finder"))["pagination"]["total"] == 1
    again = await client.get(f"/api/contacts/finder/search/{BOB}@s.whatsapp.net")
    assert again.json()["data"]["contact"]["contactId"] == contact["contactId"]

    missing = await client.get("/api/contacts/finder/search/99912345678")
    assert missing.status_code == 404
    assert missing.json()["code"] == "NOT_ON_WHATSAPP"
    assert missing.json()["field"] == "phoneNumber"

    for bad in ("12ab45678", "123", "1234567890123456", "346@g.us"):
        r = await client.get(f"/api/contacts/finder/search/{bad}")
        assert r.status_code == 400, bad
        assert r.json()["code"] == "VALIDATION_ERROR"
        assert r.json()["field"] == "phoneNumber"

    # Offline, known numbers still answer; unknown ones need WhatsApp.
    await client.post("/api/sessions/finder/disconnect")
    assert (await client.get(f"/api/contacts/finder/search/{BOB}")).status_code == 200
    offline = await client.get("/api/contacts/finder/search/34633333333")
    assert offline.status_code == 409
    assert offline.json()["code"] == "SESSION_NOT_CONNECTED"


async def test_info_has_business_profile_about_and_picture(client):
    await link_session(client, "info", "34600000004")
    shop = "34644444444"
    profile = {"description": "Zapatería", "category": "Retail", "website": "https://shoes.test"}
    await client.post(
        "/api/sandbox/contacts",
        json={
            "phoneNumber": shop,
            "pushName": "Shoes",
            "verifiedName": "Shoes S.L.",
            "about": "Abierto 9-18",
            "pictureUrl": "https://pics.test/shoes.jpg",
            "businessProfile": profile,
        },
    )
    r = await client.get(f"/api/contacts/info/info/{shop}@s.whatsapp.net")
    assert r.status_code == 200, r.text
    contact = r.json()["data"]["contact"]
    assert contact["id"] == f"{shop}@s.whatsapp.net"
    assert contact["name"] == "Shoes S.L."
    assert contact["verifiedName"] == "Shoes S.L."
    assert contact["businessProfile"] == profile
    assert contact["isBusiness"] is True
    assert contact["status"] == "Abierto 9-18"
    assert contact["imgUrl"] == "https://pics.test/shoes.jpg"
    assert contact["lastSeen"] is None

    # The same person by lid or bare number.
    by_lid = await client.get(f"/api/contacts/info/info/{contact['lid']}")
    assert by_lid.json()["data"]["contact"]["contactId"] == contact["contactId"]
    by_number = await client.get(f"/api/contacts/info/info/{shop}")
    assert by_number.json()["data"]["contact"]["contactId"] == contact["contactId"]

    nobody = await client.get("/api/contacts/info/info/99900000000@s.whatsapp.net")
    assert nobody.status_code == 404
    assert nobody.json()["code"] == "NOT_ON_WHATSAPP"
    bad = await client.get("/api/contacts/info/info/not-a-number")
    assert bad.status_code == 400
    assert bad.json()["field"] == "contactId"

    # Offline, the gateway answers with what it knows, and 404 for the rest.
    await client.post("/api/sessions/info/disconnect")
    cached = await client.get(f"/api/contacts/info/info/{shop}")
    assert cached.json()["data"]["contact"]["verifiedName"] == "Shoes S.L."
    unknown = await client.get("/api/contacts/info/info/34655555555")
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "CONTACT_NOT_FOUND"


async def test_lid_and_number_of_one_person_are_one_contact(client):
    await link_session(client, "lids", "34600000005")
    hidden = await save(client, "lids", ANA, pushName="Ana", hideNumber=True)
    assert hidden["savedAs"] == hidden["lid"]
    first = (await known(client, "lids", 1))["contacts"][0]
    assert first["id"] == hidden["lid"]
    assert first["phoneNumber"] is None

    await save(client, "lids", ANA, name="Ana")

    async def merged():
        contacts = (await contacts_of(client, "lids"))["contacts"]
        return contacts if contacts[0]["id"] == f"{ANA}@s.whatsapp.net" else None

    contacts = await eventually(merged)
    assert len(contacts) == 1
    assert contacts[0]["contactId"] == first["contactId"]
    assert contacts[0]["lid"] == hidden["lid"]
    assert contacts[0]["phoneNumber"] == ANA


async def test_stats(client):
    await link_session(client, "stats", "34600000006")
    await save(client, "stats", ANA, name="Ana", pictureUrl="https://pics.test/a.jpg")
    await client.post("/api/sandbox/contacts", json={"phoneNumber": BOB, "verifiedName": "Bob SL"})
    await known(client, "stats", 1)
    assert (await client.get(f"/api/contacts/stats/search/{BOB}")).status_code == 200
    r = await client.get("/api/contacts/stats/stats")
    assert r.status_code == 200
    assert r.json()["data"]["stats"] == {
        "total": 2,
        "users": 2,
        "groups": 0,
        "wAContacts": 2,
        "withNames": 2,
        "withProfilePics": 1,
        "businesses": 1,
        "inAddressBook": 1,
    }


async def test_crm_fields_are_kept_and_returned(client, anon, app):
    await link_session(client, "crm", "34600000007")
    await save(client, "crm", ANA, name="Ana")
    contact = (await known(client, "crm", 1))["contacts"][0]
    auth = {"Authorization": f"Bearer {await admin_token(anon)}"}
    me = (await anon.get("/api/auth/me", headers=auth)).json()["data"]["user"]

    body = {
        "name": "Ana García López",
        "tags": ["cliente_vip", "madrid", "madrid"],
        "notes": "Cliente desde 2020, prefiere WhatsApp",
        "assignedToUserId": me["id"],
    }
    r = await client.put(f"/api/contacts/{contact['contactId']}", json=body)
    assert r.status_code == 200, r.text
    updated = r.json()["data"]["contact"]
    assert updated["name"] == "Ana García López"
    assert updated["tags"] == ["cliente_vip", "madrid"]
    assert updated["notes"] == body["notes"]
    assert updated["assignedToUserId"] == me["id"]
    assert updated["sessionId"] == "crm"
    listed = (await contacts_of(client, "crm"))["contacts"][0]
    assert listed["tags"] == ["cliente_vip", "madrid"]
    assert listed["name"] == "Ana García López"
    info = (await client.get(f"/api/contacts/crm/info/{ANA}")).json()["data"]["contact"]
    assert info["notes"] == body["notes"]
    # The address book sync does not overwrite the CRM's name.
    await save(client, "crm", ANA, name="Anita")
    await eventually(lambda: _true_after(events(app, "contact.updated"), lambda e: len(e) >= 3))
    assert (await contacts_of(client, "crm"))["contacts"][0]["name"] == "Ana García López"

    # By JID too; only the fields given change; null clears.
    r = await client.put(
        f"/api/contacts/{ANA}@s.whatsapp.net", json={"notes": None, "assignedToUserId": None}
    )
    assert r.status_code == 200, r.text
    cleared = r.json()["data"]["contact"]
    assert cleared["notes"] is None
    assert cleared["assignedToUserId"] is None
    assert cleared["tags"] == ["cliente_vip", "madrid"]
    assert any(
        e["contact"]["notes"] is None and e["sessionId"] == "crm"
        for e in await events(app, "contact.updated")
    )


async def _true_after(awaitable, predicate):
    return predicate(await awaitable)


async def test_crm_update_errors(client, anon, other_org):
    await link_session(client, "crm_a", "34600000008")
    await link_session(client, "crm_b", "34600000009")
    await save(client, "crm_a", ANA, name="Ana")
    await save(client, "crm_b", ANA, name="Ana")
    contact = (await known(client, "crm_a", 1))["contacts"][0]
    await known(client, "crm_b", 1)

    ambiguous = await client.put(f"/api/contacts/{ANA}@s.whatsapp.net", json={"notes": "x"})
    assert ambiguous.status_code == 409
    assert ambiguous.json()["code"] == "AMBIGUOUS_CONTACT"
    assert {d["sessionId"] for d in ambiguous.json()["details"]} == {"crm_a", "crm_b"}
    chosen = await client.put(
        f"/api/contacts/{ANA}@s.whatsapp.net", params={"sessionId": "crm_b"}, json={"notes": "x"}
    )
    assert chosen.status_code == 200
    assert chosen.json()["data"]["contact"]["sessionId"] == "crm_b"

    cases = [
        ("999999", {"notes": "x"}, 404, "CONTACT_NOT_FOUND", "contactId"),
        ("34699999999@s.whatsapp.net", {"notes": "x"}, 404, "CONTACT_NOT_FOUND", "contactId"),
        ("ana", {"notes": "x"}, 400, "VALIDATION_ERROR", "contactId"),
        (contact["contactId"], {}, 400, "VALIDATION_ERROR", "body"),
        (contact["contactId"], {"tags": ["x" * 51]}, 400, "VALIDATION_ERROR", "tags.0"),
        (contact["contactId"], {"tags": "vip"}, 400, "VALIDATION_ERROR", "tags"),
        (
            contact["contactId"],
            {"assignedToUserId": 4242},
            404,
            "USER_NOT_FOUND",
            "assignedToUserId",
        ),
        (
            contact["contactId"],
            {"assignedToUserId": "x"},
            400,
            "VALIDATION_ERROR",
            "assignedToUserId",
        ),
    ]
    for ref, body, status, code, field in cases:
        r = await client.put(f"/api/contacts/{ref}", json=body)
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (status, code, field), (
            ref,
            body,
        )

    # A user of another organization cannot be assigned.
    auth = {"Authorization": f"Bearer {await admin_token(anon)}"}
    other_org_id = other_org.headers["X-Organization-Id"]
    stranger = await add_member(
        anon, other_org_id, "stranger@example.com", "stranger-password", headers=auth
    )
    r = await client.put(
        f"/api/contacts/{contact['contactId']}", json={"assignedToUserId": stranger}
    )
    assert r.status_code == 404
    assert r.json()["code"] == "USER_NOT_FOUND"


async def test_other_organizations_see_nothing(client, other_org):
    await link_session(client, "mine", "34600000010")
    await save(client, "mine", ANA, name="Ana")
    contact = (await known(client, "mine", 1))["contacts"][0]

    for path in (
        "/api/contacts/mine",
        f"/api/contacts/mine/search/{ANA}",
        f"/api/contacts/mine/info/{ANA}",
        "/api/contacts/mine/stats",
    ):
        r = await other_org.get(path)
        assert r.status_code == 404, path
        assert r.json()["code"] == "SESSION_NOT_FOUND"
    for ref in (contact["contactId"], f"{ANA}@s.whatsapp.net"):
        r = await other_org.put(f"/api/contacts/{ref}", json={"notes": "mine now"})
        assert r.status_code == 404
        assert r.json()["code"] == "CONTACT_NOT_FOUND"
    r = await other_org.put(
        f"/api/contacts/{ANA}@s.whatsapp.net", params={"sessionId": "mine"}, json={"notes": "x"}
    )
    assert r.json()["code"] == "SESSION_NOT_FOUND"
    assert (await contacts_of(client, "mine"))["contacts"][0]["notes"] is None


async def test_one_rule_for_who_is_on_whatsapp(client):
    await link_session(client, "rule", "34600000011")
    r = await client.put("/api/sandbox/network", json={"notOnWhatsApp": ["34677777777"]})
    assert r.status_code == 200, r.text
    for number in ("99912345678", "34677777777"):
        search = await client.get(f"/api/contacts/rule/search/{number}")
        assert search.json()["code"] == "NOT_ON_WHATSAPP", number
        send = await client.post("/api/messages/rule/send", json={"to": number, "message": "x"})
        assert (send.status_code, send.json()["code"]) == (400, "INVALID_RECIPIENT"), number
        group = await client.post(
            "/api/groups/sessions/rule", json={"subject": "g", "participants": [number]}
        )
        assert group.json()["data"]["failed"][0]["code"] == "NOT_ON_WHATSAPP"
        saved = await client.post("/api/sandbox/contacts", json={"phoneNumber": number})
        assert (saved.status_code, saved.json()["field"]) == (400, "phoneNumber")

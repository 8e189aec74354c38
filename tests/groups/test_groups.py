from __future__ import annotations

from tests.groups.conftest import ANA, BOB, CID, DAN, heard, jid


async def details(client, session_id: str, group_id: str) -> dict:
    r = await client.get(f"/api/groups/sessions/{session_id}/groups/{group_id}")
    assert r.status_code == 200, r.text
    return r.json()["data"]["group"]


async def test_create_group_with_participants_across_sessions(client, app, trio):
    r = await client.post(
        "/api/groups/sessions/ana",
        json={
            "subject": "Ventas",
            "description": "Equipo comercial",
            "participants": [BOB, f"+{DAN[:2]} {DAN[2:]}", "99912345678", ANA],
        },
    )
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    group = data["group"]
    assert group["id"].endswith("@g.us")
    assert group["subject"] == "Ventas"
    assert group["description"] == group["desc"] == "Equipo comercial"
    assert group["owner"] == jid(ANA)
    assert group["size"] == 3
    assert [(p["id"], p["admin"]) for p in group["participants"]] == [
        (jid(ANA), "superadmin"),
        (jid(BOB), None),
        (jid(DAN), None),
    ]
    assert group["admins"] == [jid(ANA)]
    assert group["isAdmin"] is True
    assert data["failed"] == [
        {
            "id": "99912345678@s.whatsapp.net",
            "ok": False,
            "error": "not_on_whatsapp",
            "code": "NOT_ON_WHATSAPP",
        }
    ]
    created = await heard(app, "ana", "created")
    assert created["source"] == "api"
    assert created["groupId"] == group["id"]

    # Bob's phone is told; Bob's gateway records it and lists the group.
    told = await heard(app, "bob", "created")
    assert told["actor"] == jid(ANA)
    assert told["source"] == "whatsapp"
    assert jid(BOB) in told["participants"]
    listed = (await client.get("/api/groups/sessions/bob")).json()["data"]
    assert listed["source"] == "whatsapp"
    assert [(g["id"], g["subject"], g["isAdmin"]) for g in listed["groups"]] == [
        (group["id"], "Ventas", False)
    ]
    assert "participants" not in listed["groups"][0]
    assert listed["pagination"] == {"total": 1, "page": 1, "limit": 20, "pages": 1}
    # Cid was not added and does not see it.
    assert (await client.get("/api/groups/sessions/cid")).json()["data"]["groups"] == []
    r = await client.get(f"/api/groups/sessions/cid/groups/{group['id']}")
    assert r.status_code == 404
    assert r.json()["code"] == "GROUP_NOT_FOUND"


async def test_details_and_listing_fall_back_to_the_gateways_copy_offline(client, group):
    bob_view = await details(client, "bob", group)
    assert bob_view["isAdmin"] is False
    assert bob_view["size"] == 3
    # By the number part of the JID as well.
    assert (await details(client, "bob", group.split("@")[0]))["id"] == group

    await client.post("/api/sessions/bob/disconnect")
    r = await client.get(f"/api/groups/sessions/bob/groups/{group}")
    assert r.json()["data"]["source"] == "cache"
    assert r.json()["data"]["group"]["subject"] == "Equipo"
    listed = (await client.get("/api/groups/sessions/bob", params={"search": "equ"})).json()["data"]
    assert listed["source"] == "cache"
    assert [g["id"] for g in listed["groups"]] == [group]
    assert (await client.get("/api/groups/sessions/bob", params={"search": "zzz"})).json()["data"][
        "groups"
    ] == []

    # Changing needs WhatsApp.
    r = await client.put(f"/api/groups/sessions/bob/groups/{group}", json={"subject": "X"})
    assert r.status_code == 409
    assert r.json()["code"] == "SESSION_NOT_CONNECTED"
    r = await client.post("/api/groups/sessions/bob", json={"subject": "X"})
    assert r.json()["code"] == "SESSION_NOT_CONNECTED"


async def test_update_subject_description_and_settings(client, app, group):
    r = await client.put(
        f"/api/groups/sessions/ana/groups/{group}",
        json={"subject": "Equipo Madrid", "description": "Solo ventas"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["group"]["subject"] == "Equipo Madrid"
    assert (await heard(app, "ana", "description"))["source"] == "api"
    told = await heard(app, "bob", "subject")
    assert told["subject"] == "Equipo Madrid"
    assert (await details(client, "bob", group))["description"] == "Solo ventas"

    # Members edit the info of an unlocked group.
    r = await client.put(f"/api/groups/sessions/bob/groups/{group}", json={"description": ""})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["group"]["description"] is None

    r = await client.put(
        f"/api/groups/sessions/ana/groups/{group}/settings", json={"locked": True, "announce": True}
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["group"]["locked"] is True
    assert r.json()["data"]["group"]["restrict"] is True
    assert r.json()["data"]["group"]["announce"] is True
    settings = await heard(app, "bob", "settings")
    assert (settings["locked"], settings["announce"]) == (True, True)

    r = await client.put(f"/api/groups/sessions/bob/groups/{group}", json={"subject": "Mío"})
    assert r.status_code == 403
    assert r.json()["code"] == "NOT_GROUP_ADMIN"
    r = await client.put(
        f"/api/groups/sessions/bob/groups/{group}/settings", json={"locked": False}
    )
    assert r.json()["code"] == "NOT_GROUP_ADMIN"

    # Settings through the general update too.
    r = await client.put(f"/api/groups/sessions/ana/groups/{group}", json={"announce": False})
    assert r.json()["data"]["group"]["announce"] is False

    for body, field in (
        ({}, "body"),
        ({"subject": ""}, "subject"),
        ({"subject": "x" * 101}, "subject"),
        ({"locked": "maybe"}, "locked"),
    ):
        r = await client.put(f"/api/groups/sessions/ana/groups/{group}", json=body)
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (
            400,
            "VALIDATION_ERROR",
            field,
        ), body


async def test_add_promote_demote_remove(client, app, group):
    base = f"/api/groups/sessions/ana/groups/{group}"
    r = await client.post(f"{base}/participants", json={"participantId": jid(CID)})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["participants"] == [
        {"id": jid(CID), "ok": True, "error": None, "code": None}
    ]
    assert jid(CID) in [p["id"] for p in r.json()["data"]["group"]["participants"]]
    added = await heard(app, "cid", "add")
    assert added["participants"] == [jid(CID)]
    assert (await details(client, "cid", group))["subject"] == "Equipo"

    r = await client.post(f"{base}/promote", json={"participantId": BOB})
    assert r.status_code == 200, r.text
    assert sorted(r.json()["data"]["group"]["admins"]) == sorted([jid(ANA), jid(BOB)])
    assert (await heard(app, "cid", "promote"))["participants"] == [jid(BOB)]
    assert (await details(client, "bob", group))["isAdmin"] is True

    r = await client.post(f"{base}/demote", json={"participantId": BOB})
    assert r.json()["data"]["group"]["admins"] == [jid(ANA)]
    assert (await heard(app, "bob", "demote"))["participants"] == [jid(BOB)]

    # Several at once: one result each; the call succeeds when any did.
    r = await client.post(f"{base}/participants", json={"participants": [CID, "34622222222"]})
    assert r.status_code == 200
    assert [(p["ok"], p["code"]) for p in r.json()["data"]["participants"]] == [
        (False, "ALREADY_PARTICIPANT"),
        (True, None),
    ]

    r = await client.request("DELETE", f"{base}/participants", json={"participantId": DAN})
    assert r.status_code == 200, r.text
    r = await client.delete(f"{base}/participants", params={"participantId": "34622222222"})
    assert r.status_code == 200, r.text
    r = await client.request("DELETE", f"{base}/participants", json={"participantId": CID})
    assert r.status_code == 200
    await heard(app, "cid", "remove", participants=[jid(CID)])
    # Cid's gateway knows it is out.
    await client.post("/api/sessions/cid/disconnect")
    assert (await client.get("/api/groups/sessions/cid")).json()["data"]["groups"] == []
    assert [p["id"] for p in (await details(client, "ana", group))["participants"]] == [
        jid(ANA),
        jid(BOB),
    ]


async def test_participant_errors(client, group):
    base = f"/api/groups/sessions/ana/groups/{group}"
    cases = [
        (
            "post",
            "participants",
            {"participantId": BOB},
            409,
            "ALREADY_PARTICIPANT",
            "participantId",
        ),
        (
            "post",
            "participants",
            {"participantId": "99900000000"},
            404,
            "NOT_ON_WHATSAPP",
            "participantId",
        ),
        ("post", "promote", {"participantId": CID}, 400, "NOT_A_PARTICIPANT", "participantId"),
        ("post", "demote", {"participantId": CID}, 400, "NOT_A_PARTICIPANT", "participantId"),
        (
            "delete",
            "participants",
            {"participantId": CID},
            400,
            "NOT_A_PARTICIPANT",
            "participantId",
        ),
        (
            "post",
            "promote",
            {"participantId": "not-a-number"},
            400,
            "VALIDATION_ERROR",
            "participantId",
        ),
        (
            "post",
            "participants",
            {"participants": [CID, "12"]},
            400,
            "VALIDATION_ERROR",
            "participants.1",
        ),
        ("post", "participants", {"participants": []}, 400, "VALIDATION_ERROR", "participants"),
        ("post", "participants", {}, 400, "VALIDATION_ERROR", "body"),
        (
            "post",
            "participants",
            {"participantId": CID, "participants": [CID]},
            400,
            "VALIDATION_ERROR",
            "body",
        ),
        (
            "post",
            "participants",
            {"participantId": "34600000003@g.us"},
            400,
            "VALIDATION_ERROR",
            "participantId",
        ),
    ]
    for method, path, body, status, code, field in cases:
        r = await client.request(method.upper(), f"{base}/{path}", json=body)
        got = (r.status_code, r.json()["code"], r.json().get("field"))
        assert got == (status, code, field), (path, body, r.json())
    r = await client.delete(f"{base}/participants")
    assert (r.status_code, r.json()["field"]) == (400, "participantId")

    # Members who are not admins cannot manage participants; nobody removes the creator.
    r = await client.post(
        f"/api/groups/sessions/bob/groups/{group}/participants", json={"participantId": CID}
    )
    assert (r.status_code, r.json()["code"]) == (403, "NOT_GROUP_ADMIN")
    await client.post(f"{base}/promote", json={"participantId": BOB})
    r = await client.request(
        "DELETE",
        f"/api/groups/sessions/bob/groups/{group}/participants",
        json={"participantId": ANA},
    )
    assert (r.status_code, r.json()["code"]) == (403, "PARTICIPANT_FORBIDDEN")
    assert r.json()["details"][0]["error"] == "forbidden"


async def test_invite_codes_work_across_sessions(client, app, group):
    base = f"/api/groups/sessions/ana/groups/{group}"
    first = (await client.post(f"{base}/invite-code")).json()["data"]
    assert len(first["inviteCode"]) >= 20
    assert first["inviteLink"] == "https://chat.whatsapp.com/" + first["inviteCode"]
    assert (await client.post(f"{base}/invite-code")).json()["data"]["inviteCode"] == first[
        "inviteCode"
    ]
    assert (await details(client, "ana", group))["inviteCode"] == first["inviteCode"]
    r = await client.post(f"/api/groups/sessions/bob/groups/{group}/invite-code")
    assert (r.status_code, r.json()["code"]) == (403, "NOT_GROUP_ADMIN")

    r = await client.post(
        "/api/groups/join-with-code", json={"sessionId": "cid", "inviteCode": first["inviteLink"]}
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["groupId"] == group
    assert jid(CID) in [p["id"] for p in r.json()["data"]["group"]["participants"]]
    assert (await heard(app, "bob", "join"))["participants"] == [jid(CID)]
    assert (await heard(app, "cid", "join"))["source"] == "api"

    revoked = await client.post(f"{base}/invite-code/revoke")
    assert revoked.status_code == 200
    new_code = revoked.json()["data"]["inviteCode"]
    assert new_code != first["inviteCode"]
    await heard(app, "bob", "invite")
    await client.post(f"{base}/participants", json={"participantId": DAN})  # no-op guard
    await client.request("DELETE", f"{base}/participants", json={"participantId": CID})
    r = await client.post(
        "/api/groups/join-with-code", json={"sessionId": "cid", "inviteCode": first["inviteCode"]}
    )
    assert (r.status_code, r.json()["code"], r.json()["field"]) == (
        404,
        "INVITE_CODE_NOT_FOUND",
        "inviteCode",
    )
    r = await client.post(
        "/api/groups/join-with-code", json={"sessionId": "cid", "inviteCode": new_code}
    )
    assert r.status_code == 200
    for bad in ("ab", "not a code!", "https://evil.test/x"):
        r = await client.post(
            "/api/groups/join-with-code", json={"sessionId": "cid", "inviteCode": bad}
        )
        assert (r.status_code, r.json()["field"]) == (400, "inviteCode"), bad
    r = await client.post("/api/groups/join-with-code", json={"inviteCode": new_code})
    assert (r.status_code, r.json()["field"]) == (400, "sessionId")
    r = await client.post(
        "/api/groups/join-with-code", json={"sessionId": "nobody", "inviteCode": new_code}
    )
    assert (r.status_code, r.json()["code"]) == (404, "SESSION_NOT_FOUND")


async def test_leave(client, app, group):
    r = await client.post(f"/api/groups/sessions/bob/groups/{group}/leave")
    assert r.status_code == 200, r.text
    assert (await client.get("/api/groups/sessions/bob")).json()["data"]["groups"] == []
    assert (await heard(app, "ana", "leave"))["participants"] == [jid(BOB)]
    assert [p["id"] for p in (await details(client, "ana", group))["participants"]] == [
        jid(ANA),
        jid(DAN),
    ]
    r = await client.post(f"/api/groups/sessions/bob/groups/{group}/leave")
    assert (r.status_code, r.json()["code"]) == (404, "GROUP_NOT_FOUND")

    # The last admin leaving hands the group to the longest-standing member.
    await client.post(
        f"/api/groups/sessions/ana/groups/{group}/participants", json={"participantId": CID}
    )
    await client.post(f"/api/groups/sessions/ana/groups/{group}/leave")
    group_for_cid = await details(client, "cid", group)
    assert group_for_cid["admins"] == [jid(DAN)]


async def test_unknown_and_malformed_groups(client, trio):
    for gid in ("120363000000000000@g.us", "120363000000000000"):
        r = await client.get(f"/api/groups/sessions/ana/groups/{gid}")
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (
            404,
            "GROUP_NOT_FOUND",
            "groupId",
        )
        r = await client.put(f"/api/groups/sessions/ana/groups/{gid}", json={"subject": "x"})
        assert r.json()["code"] == "GROUP_NOT_FOUND"
        r = await client.post(
            f"/api/groups/sessions/ana/groups/{gid}/promote", json={"participantId": BOB}
        )
        assert r.json()["code"] == "GROUP_NOT_FOUND"
    for gid in ("abc", "34600000001@s.whatsapp.net", "12@g.us"):
        r = await client.get(f"/api/groups/sessions/ana/groups/{gid}")
        assert (r.status_code, r.json()["code"], r.json()["field"]) == (
            400,
            "VALIDATION_ERROR",
            "groupId",
        ), gid
    for body, field in (
        ({"participants": [BOB]}, "subject"),
        ({"subject": ""}, "subject"),
        ({"subject": "x", "participants": ["abc"]}, "participants.0"),
        ({"subject": "x", "participants": "34600000002"}, "participants"),
    ):
        r = await client.post("/api/groups/sessions/ana", json=body)
        assert (r.status_code, r.json()["field"]) == (400, field), body
    r = await client.get("/api/groups/sessions/ana", params={"limit": 500})
    assert (r.status_code, r.json()["field"]) == (400, "limit")
    r = await client.get("/api/groups/sessions/nobody")
    assert r.json()["code"] == "SESSION_NOT_FOUND"


async def test_other_organizations_see_nothing(client, other_org, group):
    code = (await client.post(f"/api/groups/sessions/ana/groups/{group}/invite-code")).json()[
        "data"
    ]["inviteCode"]
    checks = [
        ("GET", "/api/groups/sessions/ana", None),
        ("POST", "/api/groups/sessions/ana", {"subject": "x"}),
        ("GET", f"/api/groups/sessions/ana/groups/{group}", None),
        ("PUT", f"/api/groups/sessions/ana/groups/{group}", {"subject": "x"}),
        ("POST", f"/api/groups/sessions/ana/groups/{group}/participants", {"participantId": CID}),
        ("POST", f"/api/groups/sessions/ana/groups/{group}/invite-code", None),
        ("POST", f"/api/groups/sessions/ana/groups/{group}/leave", None),
        ("POST", "/api/groups/join-with-code", {"sessionId": "cid", "inviteCode": code}),
    ]
    for method, path, body in checks:
        r = await other_org.request(method, path, json=body)
        assert (r.status_code, r.json()["code"]) == (404, "SESSION_NOT_FOUND"), path
    assert (await details(client, "ana", group))["subject"] == "Equipo"

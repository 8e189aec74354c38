from __future__ import annotations

from tests.groups.conftest import ANA, BOB, jid
from tests.support import eventually


async def chat(client, session_id: str, group_id: str) -> list[dict]:
    r = await client.get(f"/api/messages/{session_id}", params={"chatId": group_id})
    assert r.status_code == 200, r.text
    messages: list[dict] = r.json()["data"]["messages"]
    return messages


async def arrived(client, session_id: str, group_id: str, body: str) -> dict:
    async def check():
        found = [m for m in await chat(client, session_id, group_id) if m["body"] == body]
        return found[0] if found else None

    message: dict = await eventually(check)
    return message


async def test_a_conversation_in_a_group_of_two_sessions(client, group):
    r = await client.post("/api/messages/ana/send", json={"to": group, "message": "Hola equipo"})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["message"]["chatId"] == group

    got = await arrived(client, "bob", group, "Hola equipo")
    assert (got["fromMe"], got["from"], got["pushName"]) == (False, jid(ANA), "Ana")

    r = await client.post("/api/messages/bob/send", json={"to": group, "message": "¡Hola Ana!"})
    assert r.status_code == 200, r.text
    reply = await arrived(client, "ana", group, "¡Hola Ana!")
    assert (reply["fromMe"], reply["from"]) == (False, jid(BOB))
    # Cid is not in the group: he hears nothing and cannot write to it.
    assert await chat(client, "cid", group) == []
    r = await client.post("/api/messages/cid/send", json={"to": group, "message": "¿Puedo?"})
    assert (r.status_code, r.json()["field"]) == (404, "to")

    # Announce-only: members read, only admins write.
    await client.put(f"/api/groups/sessions/ana/groups/{group}/settings", json={"announce": True})
    r = await client.post("/api/messages/bob/send", json={"to": group, "message": "¿Y yo?"})
    assert (r.status_code, r.json()["code"]) == (403, "FORBIDDEN")
    r = await client.post("/api/messages/ana/send", json={"to": group, "message": "Aviso"})
    assert r.status_code == 200
    await arrived(client, "bob", group, "Aviso")

    # Someone who left stops getting the group's messages.
    await client.post(f"/api/groups/sessions/bob/groups/{group}/leave")
    await client.post("/api/messages/ana/send", json={"to": group, "message": "Sin Bob"})

    async def routed():  # the network reports delivery once every member session has it
        return (await arrived(client, "ana", group, "Sin Bob"))["status"] == "delivered"

    await eventually(routed)
    assert "Sin Bob" not in [m["body"] for m in await chat(client, "bob", group)]


async def test_a_member_offline_gets_the_groups_messages_when_it_reconnects(client, group):
    await client.post("/api/sessions/bob/disconnect")
    r = await client.post("/api/messages/ana/send", json={"to": group, "message": "¿Reunión?"})
    assert r.status_code == 200, r.text
    assert await chat(client, "bob", group) == []

    await client.post("/api/sessions/bob/connect")
    got = await arrived(client, "bob", group, "¿Reunión?")
    assert (got["fromMe"], got["from"]) == (False, jid(ANA))

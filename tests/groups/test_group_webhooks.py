from __future__ import annotations

import pytest

from tests.groups.conftest import BOB, jid
from tests.webhooks.conftest import FAST, add_webhook
from tests.webhooks.receiver import Receiver


@pytest.mark.parametrize("settings_overrides", [FAST])
async def test_group_changes_reach_the_crm_as_signed_webhooks(client, trio):
    receiver = await Receiver().start()
    try:
        await add_webhook(client, receiver.url, events=["group"], secret="s3cret")
        r = await client.post(
            "/api/groups/sessions/ana", json={"subject": "Equipo", "participants": [BOB]}
        )
        group = r.json()["data"]["groupId"]
        await client.put(f"/api/groups/sessions/bob/groups/{group}", json={"subject": "Ventas"})

        received = await receiver.wait_for(4)
        seen = {(r.json()["data"]["sessionId"], r.json()["data"]["change"]) for r in received}
        # Each session reports its own changes and hears the other's.
        assert seen == {
            ("ana", "created"),
            ("bob", "created"),
            ("bob", "subject"),
            ("ana", "subject"),
        }
        for request in received:
            body = request.json()
            assert body["event"] == "group.updated"
            assert body["data"]["groupId"] == group
            assert request.headers["x-webhook-signature"].startswith("sha256=")
        by_ana = next(
            r.json()["data"]
            for r in received
            if r.json()["data"]["sessionId"] == "ana" and r.json()["data"]["change"] == "subject"
        )
        assert (by_ana["actor"], by_ana["subject"], by_ana["source"]) == (
            jid(BOB),
            "Ventas",
            "whatsapp",
        )
    finally:
        await receiver.stop()

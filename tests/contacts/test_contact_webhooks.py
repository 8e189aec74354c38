from __future__ import annotations

import pytest

from tests.support import link_session
from tests.webhooks.conftest import FAST, add_webhook
from tests.webhooks.receiver import Receiver


@pytest.mark.parametrize("settings_overrides", [FAST])
async def test_contact_changes_reach_the_crm(client):
    receiver = await Receiver().start()
    try:
        await link_session(client, "hooks", "34600000001")
        await add_webhook(client, receiver.url, events=["contact"])
        await client.post(
            "/api/sandbox/contacts",
            json={"phoneNumber": "34611111111", "sessionId": "hooks", "name": "Ana"},
        )
        synced = (await receiver.wait_for(1))[0].json()
        assert synced["event"] == "contact.updated"
        assert synced["data"]["contact"]["id"] == "34611111111@s.whatsapp.net"
        contact_id = synced["data"]["contact"]["contactId"]

        await client.put(f"/api/contacts/{contact_id}", json={"tags": ["vip"]})
        crm = (await receiver.wait_for(2))[1].json()
        assert (crm["event"], crm["data"]["contact"]["tags"]) == ("contact.updated", ["vip"])
    finally:
        await receiver.stop()

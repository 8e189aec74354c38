from __future__ import annotations

import pytest

from tests.stories.conftest import ANA, jid
from tests.webhooks.conftest import FAST, add_webhook
from tests.webhooks.receiver import Receiver


@pytest.mark.parametrize("settings_overrides", [FAST])
async def test_a_contacts_status_reaches_the_crm(client, friends):
    receiver = await Receiver().start()
    try:
        await add_webhook(client, receiver.url, events=["message"])
        await client.post("/api/status/sessions/ana", json={"type": "text", "text": "Hola"})
        body = (await receiver.wait_for(1))[0].json()
        assert body["event"] == "status.received"
        assert body["data"]["sessionId"] == "bob"
        assert (body["data"]["status"]["sender"], body["data"]["status"]["text"]) == (
            jid(ANA),
            "Hola",
        )
    finally:
        await receiver.stop()

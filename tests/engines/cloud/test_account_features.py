"""Presence, typing and blocking on a Cloud API session: not offered there."""

from __future__ import annotations

from tests.engines.cloud.conftest import create_cloud_session


async def test_presence_and_blocking_are_not_supported_on_the_cloud_api(client, graph):
    await create_cloud_session(client, graph, "meta_presence")
    for path, body in (
        ("/api/messages/meta_presence/presence", {"presence": "composing", "chatId": "346111"}),
        ("/api/contacts/meta_presence/34611111111/block", None),
    ):
        refused = await client.post(path, json=body)
        assert refused.status_code == 501, refused.text
        assert refused.json()["code"] == "ENGINE_NOT_SUPPORTED"

"""An engine that cannot post statuses or check numbers (Meta's Cloud API) answers 501."""

from __future__ import annotations

from tests.engines.cloud.conftest import create_cloud_session, graph, graph_server  # noqa: F401


async def test_statuses_and_number_checks_on_the_cloud_api_are_not_supported(client, graph):  # noqa: F811
    await create_cloud_session(client, graph, "meta_status")
    r = await client.post("/api/status/sessions/meta_status", json={"type": "text", "text": "Hola"})
    assert (r.status_code, r.json()["code"]) == (501, "ENGINE_NOT_SUPPORTED")
    r = await client.get("/api/contacts/meta_status/search/34611111111")
    assert (r.status_code, r.json()["code"]) == (501, "ENGINE_NOT_SUPPORTED")
    # What the gateway keeps still answers.
    assert (await client.get("/api/status/sessions/meta_status")).json()["data"]["statuses"] == []
    assert (await client.get("/api/contacts/meta_status")).json()["data"]["contacts"] == []

"""An engine that cannot manage groups (Meta's Cloud API) answers 501 ENGINE_NOT_SUPPORTED."""

from __future__ import annotations

from tests.engines.cloud.conftest import create_cloud_session, graph, graph_server  # noqa: F401


async def test_groups_on_the_cloud_api_are_not_supported(client, graph):  # noqa: F811
    await create_cloud_session(client, graph, "meta_groups")
    base = "/api/groups/sessions/meta_groups"
    calls = [
        ("GET", base, None),
        ("POST", base, {"subject": "Equipo", "participants": ["34600000002"]}),
        ("GET", f"{base}/groups/120363000000000001@g.us", None),
        ("PUT", f"{base}/groups/120363000000000001@g.us", {"subject": "x"}),
        (
            "POST",
            f"{base}/groups/120363000000000001@g.us/promote",
            {"participantId": "34600000002"},
        ),
        ("POST", f"{base}/groups/120363000000000001@g.us/invite-code", None),
        ("POST", f"{base}/groups/120363000000000001@g.us/leave", None),
        (
            "POST",
            "/api/groups/join-with-code",
            {"sessionId": "meta_groups", "inviteCode": "AbCdEfGhIjKlMnOpQrStUv"},
        ),
    ]
    for method, path, body in calls:
        r = await client.request(method, path, json=body)
        assert (r.status_code, r.json()["code"]) == (501, "ENGINE_NOT_SUPPORTED"), (path, r.text)

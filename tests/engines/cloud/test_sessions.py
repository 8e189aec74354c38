"""A Cloud API session over the HTTP API: token login, no QR, secrets never shown."""

from __future__ import annotations

from tests.engines.cloud.conftest import (
    APP_SECRET,
    VERIFY_TOKEN,
    cloud_options,
    create_cloud_session,
    status_of,
)
from tests.engines.cloud.graph_server import TOKEN
from tests.support import create_session, eventually


async def test_a_valid_token_connects_without_qr(client, graph):
    status = await create_cloud_session(client, graph, "meta_1")
    assert status["isConnected"] is True
    assert status["hasQR"] is False
    assert status["phoneNumber"] == "15550783881"
    session = (await client.get("/api/sessions/meta_1")).json()["data"]["session"]
    assert session["engine"] == "cloud"
    assert session["profile"]["name"] == "Inbox Hub Test"
    assert graph.versions and set(graph.versions) == {"v25.0"}

    qr = await client.get("/api/sessions/meta_1/qr")
    assert qr.status_code == 404
    assert qr.json()["code"] == "QR_NOT_AVAILABLE"


async def test_the_session_profile_is_the_numbers_business_profile(client, graph):
    await create_cloud_session(client, graph, "meta_1")

    async def profile() -> dict | None:
        session = (await client.get("/api/sessions/meta_1")).json()["data"]["session"]
        found: dict = session["profile"]
        return found if found.get("about") else None

    found = await eventually(profile)
    assert found["name"] == "Inbox Hub Test"
    assert found["about"] == "Pedidos de lunes a viernes"
    assert found["profilePictureUrl"] == "https://pps.whatsapp.net/v/t61/profile.jpg"
    assert found["isBusiness"] is True


async def test_secrets_never_come_back(client, graph):
    created = await client.post(
        "/api/sessions",
        json={"sessionId": "meta_2", "engine": "cloud", "engineOptions": cloud_options(graph)},
    )
    assert created.status_code == 201
    await eventually(lambda: _connected(client, "meta_2"))
    for response in (
        created,
        await client.get("/api/sessions"),
        await client.get("/api/sessions/meta_2"),
        await client.get("/api/sessions/meta_2/status"),
    ):
        for secret in (TOKEN, APP_SECRET, VERIFY_TOKEN):
            assert secret not in response.text


async def _connected(client, session_id):
    return (await status_of(client, session_id))["status"] == "connected"


async def test_a_refused_token_leaves_the_session_disconnected_with_the_reason(client, graph):
    await create_session(
        client,
        "meta_bad",
        engine="cloud",
        engineOptions=cloud_options(graph, accessToken="EAAwrong"),
    )

    async def refused():
        status = await status_of(client, "meta_bad")
        return status if status["lastDisconnectReason"] else None

    status = await eventually(refused)
    assert status["status"] == "disconnected"
    assert status["lastDisconnectReason"].startswith("invalid_credentials: 190")
    assert "EAAwrong" not in status["lastDisconnectReason"]

    # Fixed at Meta's side (the token is valid again): connecting again works.
    graph.token = "EAAwrong"
    assert (await client.post("/api/sessions/meta_bad/connect")).status_code == 200
    await eventually(lambda: _connected(client, "meta_bad"))


async def test_an_unknown_phone_number_id_is_a_clear_reason(client, graph):
    await create_session(
        client,
        "meta_nonum",
        engine="cloud",
        engineOptions=cloud_options(graph, phoneNumberId="106540352242923"),
    )

    async def refused():
        return (await status_of(client, "meta_nonum"))["lastDisconnectReason"]

    reason = await eventually(refused)
    assert reason.startswith("invalid_credentials: 100")
    assert "does not exist" in reason


async def test_an_unreachable_graph_is_retried_not_fatal(client, graph):
    await create_session(
        client,
        "meta_down",
        engine="cloud",
        engineOptions=cloud_options(graph, graphBaseUrl="http://127.0.0.1:9"),
    )

    async def unreachable():
        return (await status_of(client, "meta_down"))["lastDisconnectReason"]

    assert (await eventually(unreachable)).startswith("cloud_api_unreachable")
    assert (await client.get("/health")).status_code == 200
    assert (await client.post("/api/sessions/meta_down/disconnect")).status_code == 200
    assert (await status_of(client, "meta_down"))["status"] == "disconnected"


async def test_engine_options_are_checked_at_creation(client, graph):
    missing = await client.post(
        "/api/sessions",
        json={"sessionId": "meta_x", "engine": "cloud", "engineOptions": {"phoneNumberId": "1"}},
    )
    assert missing.status_code == 400
    assert missing.json()["code"] == "VALIDATION_ERROR"
    assert missing.json()["field"] == "engineOptions.accessToken"

    typo = await client.post(
        "/api/sessions",
        json={
            "sessionId": "meta_x",
            "engine": "cloud",
            "engineOptions": {**cloud_options(graph), "acessToken": "x"},
        },
    )
    assert typo.status_code == 400
    assert typo.json()["field"] == "engineOptions.acessToken"
    assert TOKEN not in typo.text

    bad_url = await client.post(
        "/api/sessions",
        json={
            "sessionId": "meta_x",
            "engine": "cloud",
            "engineOptions": cloud_options(graph, graphBaseUrl="file:///etc/passwd"),
        },
    )
    assert bad_url.status_code == 400
    assert bad_url.json()["field"] == "engineOptions.graphBaseUrl"
    assert (await client.get("/api/sessions/meta_x")).status_code == 404


async def test_pairing_code_is_not_a_cloud_api_thing(client, graph):
    await create_cloud_session(client, graph, "meta_pair")
    response = await client.post(
        "/api/sessions/meta_pair/pairing-code", json={"phoneNumber": "34600000001"}
    )
    assert response.status_code == 501
    body = response.json()
    assert body["code"] == "ENGINE_NOT_SUPPORTED"
    assert "access token" in body["error"]


async def test_disconnect_logout_and_connect_again(client, graph):
    await create_cloud_session(client, graph, "meta_cycle")
    assert (await client.post("/api/sessions/meta_cycle/disconnect")).status_code == 200
    assert (await status_of(client, "meta_cycle"))["status"] == "disconnected"
    assert (await client.post("/api/sessions/meta_cycle/connect")).status_code == 200
    await eventually(lambda: _connected(client, "meta_cycle"))

    assert (await client.post("/api/sessions/meta_cycle/logout")).status_code == 200
    status = await status_of(client, "meta_cycle")
    assert status["status"] == "disconnected"
    assert status["lastDisconnectReason"] == "logged_out"
    assert (await client.post("/api/sessions/meta_cycle/connect")).status_code == 200
    await eventually(lambda: _connected(client, "meta_cycle"))
    assert (await client.delete("/api/sessions/meta_cycle")).status_code == 200

"""The console's pages: served without credentials, holding no data, locked down by headers."""

from __future__ import annotations

import pytest

from tests.support.auth import ADMIN_EMAIL, API_KEY


async def test_root_redirects_to_the_console(anon):
    r = await anon.get("/")
    assert r.status_code in (302, 307)
    assert r.headers["location"] == "/dashboard"


async def test_console_page_is_a_shell_without_data(anon, client):
    await client.post("/api/sessions", json={"sessionId": "secret_shop"})
    r = await anon.get("/dashboard")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    body = r.text
    assert '<script type="module" src="/dashboard/static/js/app.js' in body
    for private in ("secret_shop", API_KEY, ADMIN_EMAIL):
        assert private not in body
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


async def test_static_files_have_their_types(anon):
    for path, kind in (
        ("js/app.js", "text/javascript"),
        ("css/console.css", "text/css"),
        ("icon.svg", "image/svg+xml"),
    ):
        r = await anon.get(f"/dashboard/static/{path}")
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith(kind)


async def test_static_files_stay_inside_the_static_folder(anon):
    for path in ("%2e%2e/router.py", "..%2frouter.py", "js/..%2f..%2frouter.py", "nope.js", "js"):
        r = await anon.get(f"/dashboard/static/{path}")
        assert r.status_code == 404, path
        assert r.json()["code"] == "NOT_FOUND"


async def test_info_needs_an_api_key(anon, client):
    r = await anon.get("/api/dashboard/info")
    assert r.status_code == 401
    assert r.json()["code"] == "MISSING_API_KEY"
    r = await anon.get("/api/dashboard/info", headers={"X-API-Key": "ihk_wrong"})
    assert r.status_code == 401
    assert r.json()["code"] == "INVALID_API_KEY"

    data = (await client.get("/api/dashboard/info")).json()["data"]
    assert data["sandbox"] is True
    assert data["defaultEngine"] == "sandbox"
    assert data["engines"] == ["sandbox"]
    assert data["organization"]["name"] == "Default"
    catalog = {e["name"]: e for e in data["engineCatalog"]}
    assert catalog["sandbox"]["usable"] and catalog["sandbox"]["default"]
    assert catalog["sandbox"]["hint"] is None
    # An engine not offered here says how to offer it.
    assert catalog["cloud"]["enabled"] is False
    assert "INBOXHUB_ENABLED_ENGINES" in catalog["cloud"]["hint"]
    # SQLite runs alone; on PostgreSQL the gateway is a node of a cluster (of one, here).
    assert data["cluster"]["mode"] in ("single", "cluster")
    assert data["cluster"]["operator"] is True
    features = data["features"]
    assert set(features) == {
        "messages",
        "webhooks",
        "eventStream",
        "sandboxMessages",
        "sandboxReceipts",
        "contacts",
        "groups",
        "templates",
        "handover",
        "inspector",
        "cluster",
    }
    assert features["cluster"] is True
    # Each says whether its API answers on this gateway.
    probes = {
        "messages": "/api/messages/nobody/chats",
        "webhooks": "/api/webhooks/deliveries",
        "sandboxMessages": "/api/sandbox/messages",
    }
    for feature, path in probes.items():
        method = client.post if feature == "sandboxMessages" else client.get
        answer = (await method(path)).json()
        mounted = answer.get("code") != "NOT_FOUND"
        assert features[feature] is mounted, (feature, answer)


async def test_info_names_the_organization_and_hides_the_cluster_from_tenants(anon):
    from tests.webhooks.conftest import second_organization

    _, key = await second_organization(anon)
    data = (await anon.get("/api/dashboard/info", headers={"X-API-Key": key})).json()["data"]
    assert data["organization"]["name"] == "Other"
    assert data["cluster"]["operator"] is False
    assert data["features"]["cluster"] is False


@pytest.mark.parametrize("settings_overrides", [{"engine": "cloud", "enabled_engines": []}])
async def test_a_gateway_without_the_sandbox_offers_no_virtual_phone(client):
    data = (await client.get("/api/dashboard/info")).json()["data"]
    assert data["engines"] == ["cloud"]
    assert data["sandbox"] is False
    features = data["features"]
    assert features["sandboxMessages"] is features["sandboxReceipts"] is False
    assert features["messages"] is features["webhooks"] is True
    answer = await client.post("/api/sandbox/messages", json={})
    assert answer.status_code == 404
    assert answer.json()["code"] == "NOT_FOUND"

"""A session's own proxy (``engineOptions.proxyUrl``): checked at creation, shown masked."""

from __future__ import annotations

import pytest

from tests.support import create_session

SECRET = "s3cr3t-pass"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://proxy.example.com:21", "the scheme must be http, https or socks5"),
        ("socks5://proxy.example.com", "the URL needs a port"),
        (f"http://ana:{SECRET}@proxy.example.com:99999", "not a valid URL"),
        (f"http://ana:{SECRET}@proxy.example.com:8080/path?x=1", "no path, query or fragment"),
        ("socks5://:1080", "not a valid URL"),
        (12, "a URL of at most 500 characters"),
    ],
)
async def test_a_bad_proxy_url_is_refused_naming_the_field(client, url, problem):
    for engine in ("sandbox", "web", "cloud"):
        options = {"proxyUrl": url}
        if engine == "cloud":
            options |= {"accessToken": "EAAx", "phoneNumberId": "1065"}
        r = await client.post(
            "/api/sessions",
            json={"sessionId": f"p_{engine}", "engine": engine, "engineOptions": options},
        )
        if r.status_code == 501:  # an engine that is not installed here
            continue
        assert r.status_code == 400, r.text
        body = r.json()
        assert body["code"] == "VALIDATION_ERROR"
        assert body["field"] == "engineOptions.proxyUrl"
        assert problem in body["error"]
        assert SECRET not in r.text
    assert (await client.get("/api/sessions")).json()["data"]["sessions"] == []


async def test_the_password_never_shows(client):
    url = f"socks5://ana:{SECRET}@proxy.example.com:1080"
    created = await create_session(client, "tienda", engineOptions={"proxyUrl": url})
    assert SECRET not in str(created)
    session = (await client.get("/api/sessions/tienda")).json()["data"]["session"]
    assert session["proxyUrl"] == "socks5://ana:***@proxy.example.com:1080"
    listed = await client.get("/api/sessions")
    assert SECRET not in listed.text

    plain = await create_session(
        client, "sin_clave", engineOptions={"proxyUrl": "http://10.0.0.5:3128"}
    )
    assert plain["proxyUrl"] == "http://10.0.0.5:3128"
    none = await create_session(client, "directa")
    assert none["proxyUrl"] is None

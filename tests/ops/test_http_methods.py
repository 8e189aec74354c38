"""A method a resource does not serve answers 405 naming every method it does serve, as the API
document lists them; a moment that is only a number is refused rather than read as Unix time."""

from __future__ import annotations

import re

import httpx

from tests.support.auth import API_KEY, admin_token, bearer

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _served(spec: dict, url: str) -> set[str]:
    """The documented methods of every path template the URL fits: templates overlap
    (``/api/contacts/{sessionId}`` and ``/api/contacts/{contactId}``)."""
    methods: set[str] = set()
    for path, item in spec["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", path), url):
            methods |= {m.upper() for m in item if m.upper() in _METHODS}
    return methods


async def test_405_names_every_method_of_the_resource(anon: httpx.AsyncClient) -> None:
    spec = (await anon.get("/openapi.json")).json()
    # Signed in both ways: credentials are checked before a body is read, so without them a
    # POST to a GET-only path would be answered 401 first.
    anon.headers.update({"X-API-Key": API_KEY, **bearer(await admin_token(anon))})
    checked = 0
    for path in spec["paths"]:
        url = path.replace("{", "").replace("}", "")  # any value fills a path parameter
        served = _served(spec, url)
        missing = [m for m in _METHODS if m not in served]
        if not missing:
            continue
        answer = await anon.request(missing[0], url)
        assert answer.status_code == 405, (path, answer.status_code)
        assert answer.json()["code"] == "METHOD_NOT_ALLOWED"
        allowed = {m.strip() for m in answer.headers["Allow"].split(",")} - {"HEAD", "OPTIONS"}
        assert allowed == served, path
        checked += 1
    # Paths served by several routes (GET and POST on one resource) are the ones that failed.
    assert checked > 50


async def test_a_bare_number_is_not_a_moment(client: httpx.AsyncClient) -> None:
    for since in ("0.5", "1700000000", " 12 "):
        answer = await client.get("/api/webhooks/deliveries", params={"since": since})
        assert answer.status_code == 400, since
        assert answer.json()["field"] == "since"
    ok = await client.get("/api/webhooks/deliveries", params={"since": "2026-05-01T10:00:00Z"})
    assert ok.status_code == 200


_WRONG = {
    "ApiKey": {"X-API-Key": "ihk_" + "x" * 40},
    "BearerJWT": {"Authorization": "Bearer not.a.token"},
    "CrmToken": {"Authorization": "Bearer not-the-crm-token"},
}


async def test_every_operation_that_declares_credentials_requires_them(
    anon: httpx.AsyncClient,
) -> None:
    # What schemathesis's ignored_auth and missing_required_header checks would prove, done here
    # once per operation: the fuzzer signs every request it sends, so it cannot.
    spec = (await anon.get("/openapi.json")).json()
    checked = 0
    for path, item in spec["paths"].items():
        url = path.replace("{", "").replace("}", "")
        for method, operation in item.items():
            requirements = operation.get("security", [])
            if not requirements or {} in requirements:
                continue  # open, or credentials optional (an invitation accepted by a newcomer)
            schemes = [name for requirement in requirements for name in requirement]
            for headers in [{}, *(_WRONG[name] for name in schemes)]:
                answer = await anon.request(method.upper(), url, headers=headers, json={})
                assert answer.status_code == 401, (method, path, headers, answer.status_code)
                assert answer.json()["code"].startswith(("MISSING_", "INVALID_")), (method, path)
            checked += 1
    assert checked > 150

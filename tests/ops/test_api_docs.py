"""The API reference works on a private network: its pages load their assets from the gateway,
declare how to authenticate, and start every request body from a working example."""

from __future__ import annotations

import json
import re

import httpx
from pydantic import BaseModel


async def test_pages_load_nothing_from_outside(anon: httpx.AsyncClient) -> None:
    for page in ("/api/docs", "/api/redoc"):
        html = (await anon.get(page)).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources, html
        assert all(s.startswith("/api/docs/assets/") for s in sources), sources
        assert "https://" not in html and "http://" not in html
        for source in sources:
            asset = await anon.get(source)
            assert asset.status_code == 200, source
            assert len(asset.content) > 1000
    assert (await anon.get("/api/docs/assets/../../openapi.json")).status_code == 404
    assert (await anon.get("/api/docs/assets/secret.txt")).status_code == 404


async def test_security_schemes_are_declared(anon: httpx.AsyncClient) -> None:
    doc = (await anon.get("/openapi.json")).json()
    schemes = doc["components"]["securitySchemes"]
    assert schemes["ApiKey"] == {
        **schemes["ApiKey"],
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
    }
    assert schemes["BearerJWT"]["scheme"] == "bearer"
    paths = doc["paths"]
    assert paths["/api/sessions"]["post"]["security"] == [{"ApiKey": []}]
    assert paths["/api/auth/me"]["get"]["security"] == [{"BearerJWT": []}]
    assert paths["/api/auth/login"]["post"]["security"] == []
    assert paths["/api/crm/handover"]["post"]["security"] == [{"CrmToken": []}]
    assert paths["/api/webhooks/inspector/{token}"]["post"]["security"] == []


def _models() -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        model = pending.pop()
        for sub in model.__subclasses__():
            if sub.__module__.startswith("inboxhub."):
                found[sub.__name__] = sub
            pending.append(sub)
    return found


async def test_every_request_body_has_an_example_that_validates(anon: httpx.AsyncClient) -> None:
    doc = (await anon.get("/openapi.json")).json()
    models = _models()
    checked = 0
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if content is None:
                continue
            examples = (
                [content["example"]]
                if "example" in content
                else [e["value"] for e in content.get("examples", {}).values()]
            )
            assert examples, f"{method.upper()} {path} has no example"
            schema = content["schema"]
            refs = [schema.get("$ref")] + [s.get("$ref") for s in schema.get("anyOf", [])]
            names = [r.rsplit("/", 1)[-1] for r in refs if r]
            for example in examples:
                for name in names:
                    models[name].model_validate(example)
                    checked += 1
    assert checked > 40


async def test_no_internal_notes(anon: httpx.AsyncClient) -> None:
    text = json.dumps((await anon.get("/openapi.json")).json())
    assert "seed" not in text.lower()

"""Without the ``web`` extra the gateway runs, and a web session is refused clearly."""

from __future__ import annotations

import sys

import pytest

from inboxhub.engines.registry import EngineNotInstalled, engine_class


@pytest.fixture
def without_neonize(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "neonize", None)  # import neonize -> ImportError
    for name in [m for m in sys.modules if m.startswith("inboxhub.engines.web")]:
        monkeypatch.delitem(sys.modules, name)


def test_registry_names_the_missing_package(without_neonize):
    with pytest.raises(EngineNotInstalled) as refused:
        engine_class("web")
    assert refused.value.code == "ENGINE_NOT_SUPPORTED"
    assert "neonize" in refused.value.message
    assert refused.value.field == "engine"


async def test_creating_a_web_session_answers_engine_not_supported(without_neonize, client):
    response = await client.post("/api/sessions", json={"sessionId": "nope", "engine": "web"})
    assert response.status_code == 400, response.text
    body = response.json()
    assert (body["code"], body["field"]) == ("ENGINE_NOT_SUPPORTED", "engine")
    assert "neonize" in body["error"]
    assert (await client.get("/api/sessions/nope")).status_code == 404
    assert (await client.get("/health")).status_code == 200

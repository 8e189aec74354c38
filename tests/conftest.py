"""Fixtures: a real database (SQLite, or PostgreSQL via INBOXHUB_TEST_DATABASE_URL), the app with its
lifespan, and HTTP clients speaking to it through the ASGI interface."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import settings as hypothesis_settings

from inboxhub.config import Settings
from inboxhub.migrate import upgrade
from inboxhub.models import import_all_models
from tests.support.auth import ADMIN_EMAIL, ADMIN_PASSWORD, API_KEY, admin_token
from tests.support.database import fresh_install, truncate
from tests.support.lifespan import reusable_app, running
from tests.support.workers import give_each_worker_its_database

# The ``processes`` fixture, for the tests that run gateways as child processes.
pytest_plugins = ["tests.support.processes"]

# Property tests check behaviour, not speed: no per-example deadline (a busy machine is slow).
hypothesis_settings.register_profile("inboxhub", deadline=None)
hypothesis_settings.load_profile("inboxhub")

# Tests build their settings from a clean environment: what a developer exported for their own
# gateway (INBOXHUB_PORT, FRAPPE_WEBHOOK_URL…) must not change what the tests see.
# The tests' own switches (INBOXHUB_TEST_DATABASE_URL…) stay.
_OWN_SETTINGS = ("INBOXHUB_", "FRAPPE_", "CRM_", "BOT_", "META_", "WEBHOOK_VERIFY_TOKEN")
_TEST_SWITCHES = ("INBOXHUB_TEST_", "INBOXHUB_SCREENSHOTS", "INBOXHUB_FUZZ_")
for _name in [n for n in os.environ if n.startswith(_OWN_SETTINGS)]:
    if not _name.startswith(_TEST_SWITCHES):
        del os.environ[_name]
give_each_worker_its_database()

# Older spellings, still imported by some tests: the helpers live in tests/support/.
_truncate = truncate


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("INBOXHUB_TEST_DATABASE_URL")
    if not url:
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    upgrade(url)
    import_all_models()
    return url


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Tests override settings by redefining this fixture (or parametrizing it)."""
    return {}


@pytest.fixture
def make_settings(database_url: str, tmp_path: Path) -> Callable[..., Settings]:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "data_dir": tmp_path / "data",
            "database_url": database_url,
            "api_key": API_KEY,
            "admin_email": ADMIN_EMAIL,
            "admin_password": ADMIN_PASSWORD,
            "jwt_secret": "test-jwt-secret-that-is-long-enough-for-hs256",
            "rate_limit_auth": "off",
            "rate_limit_user": "off",
            "rate_limit_session": "off",
            "rate_limit_messages": "off",
            "sandbox_qr_ttl_seconds": 20.0,
            "sandbox_reconnect_delay_seconds": 0.05,
            "allow_private_targets": True,
            # The suite reads the English words; tests/test_i18n.py covers the Spanish ones.
            "language": "en",
        }
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
async def app(
    make_settings: Callable[..., Settings], settings_overrides: dict[str, Any], database_url: str
) -> AsyncIterator[Any]:
    settings = make_settings(**settings_overrides)
    await fresh_install(database_url, settings)
    application = reusable_app(settings)
    async with running(application):
        yield application


def _hooks(app: Any) -> dict[str, list[Any]]:
    """With INBOXHUB_TEST_CHECK_ANSWERS=1, every answer is checked against the API document."""
    if os.environ.get("INBOXHUB_TEST_CHECK_ANSWERS") != "1":
        return {}
    from tests.contract import answer_hook

    return {"response": [answer_hook(app)]}


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://gateway.test",
        headers={"X-API-Key": API_KEY},
        event_hooks=_hooks(app),
    ) as c:
        yield c


@pytest.fixture
async def anon(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A client without credentials."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://gateway.test", event_hooks=_hooks(app)
    ) as c:
        yield c


@pytest.fixture
async def other_org(app: Any, anon: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """A client with the API key of a second organization (for tenant isolation tests).

    Its organization id is in ``client.headers["X-Organization-Id"]`` (a test-side note only)."""
    auth = {"Authorization": f"Bearer {await admin_token(anon)}"}
    org = await anon.post("/api/organizations", json={"name": "Other Org"}, headers=auth)
    assert org.status_code == 201, org.text
    org_id = org.json()["data"]["organization"]["id"]
    key = await anon.post(
        f"/api/organizations/{org_id}/api-keys", json={"name": "other"}, headers=auth
    )
    assert key.status_code == 201, key.text
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://gateway.test",
        event_hooks=_hooks(app),
        headers={
            "X-API-Key": key.json()["data"]["apiKey"]["key"],
            "X-Organization-Id": str(org_id),
        },
    ) as c:
        yield c

"""The app of a test: assembled once per test process, started and stopped as a server would,
with the time a busy machine needs."""

from __future__ import annotations

from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from inboxhub.app import assemble, attach, build_runtime, offers_sandbox
from inboxhub.config import Settings
from inboxhub.db import Database
from tests.support.auth import API_KEY

# asgi-lifespan's 5 s default is short for a start-up on a loaded 2-core CI machine.
_SECONDS = 30


def running(app: Any) -> LifespanManager:
    """``async with running(app):`` the app's lifespan, started and then stopped."""
    return LifespanManager(app, startup_timeout=_SECONDS, shutdown_timeout=_SECONDS)


def client_for(app: Any) -> httpx.AsyncClient:
    """A client of the organization's API key, talking to ``app`` in process."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://gateway.test",
        headers={"X-API-Key": API_KEY},
    )


# Routes, middleware and the API document are built once per test process (FastAPI builds each
# route's parameter models on its first request, a tenth of a second per test), and so is the
# database engine (SQLAlchemy compiles each statement once per engine); every test gets a fresh
# runtime (settings, caches, engines, data directory, pooled connections) attached to them.
_ASSEMBLED: dict[bool, FastAPI] = {}
_DATABASES: dict[str, Database] = {}


def reusable_app(settings: Settings) -> FastAPI:
    """The app for ``settings``, with a new runtime: what ``create_app`` gives, built faster."""
    sandbox = offers_sandbox(settings)
    if sandbox not in _ASSEMBLED:
        _ASSEMBLED[sandbox] = assemble(sandbox)
    application = _ASSEMBLED[sandbox]
    url = settings.resolved_database_url
    if url not in _DATABASES:
        _DATABASES[url] = Database(url)
    attach(application, build_runtime(settings, _DATABASES[url]))
    return application

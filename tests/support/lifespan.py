"""An app started and stopped as a server would, with the time a busy machine needs."""

from __future__ import annotations

from typing import Any

from asgi_lifespan import LifespanManager

# asgi-lifespan's 5 s default is short for a start-up on a loaded 2-core CI machine.
_SECONDS = 30


def running(app: Any) -> LifespanManager:
    """``async with running(app):`` the app's lifespan, started and then stopped."""
    return LifespanManager(app, startup_timeout=_SECONDS, shutdown_timeout=_SECONDS)

"""Sandbox statuses (stories): posted, viewed and reacted to across the network."""

from __future__ import annotations

from inboxhub.engines.base import EngineClient


class StatusesMixin(EngineClient):
    pass

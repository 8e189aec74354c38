"""Sandbox groups: members across sandbox sessions and simulated contacts, invite codes."""

from __future__ import annotations

from inboxhub.engines.base import EngineClient


class GroupsMixin(EngineClient):
    pass

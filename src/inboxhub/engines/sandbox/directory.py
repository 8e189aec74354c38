"""Sandbox directory: address books, number checks and user info."""

from __future__ import annotations

from inboxhub.engines.base import EngineClient


class DirectoryMixin(EngineClient):
    pass

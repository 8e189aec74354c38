"""Sandbox messaging: sends, receipts and inbound messages between sessions and simulated contacts."""

from __future__ import annotations

from inboxhub.engines.base import EngineClient


class MessagingMixin(EngineClient):
    pass

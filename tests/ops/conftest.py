"""CRM receivers for the crash and shutdown tests (``processes`` comes with tests/support)."""

from __future__ import annotations

from tests.webhooks.conftest import receivers

__all__ = ["receivers"]

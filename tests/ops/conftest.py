"""Real gateway and worker processes, and CRM receivers, for the crash and shutdown tests."""

from __future__ import annotations

from tests.webhooks.conftest import receivers
from tests.webhooks.test_crash import processes

__all__ = ["processes", "receivers"]

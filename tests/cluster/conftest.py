"""Real gateway processes (cluster nodes) for the cluster tests."""

from __future__ import annotations

from tests.webhooks.test_crash import processes

__all__ = ["processes"]

"""Who a WhatsApp request acts for: services take it to scope every query to one organization.

Beside the request dependencies that produce it (``dependencies.py``), but apart from them, so a
service can name its caller without importing HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Principal:
    """An API key's organization: every WhatsApp query is scoped by ``organization_id``."""

    organization_id: int
    api_key_id: int
    # A console key acts with its member's role (``member`` may not change the organization's
    # configuration); None for an organization key, which may do everything.
    role: str | None = None

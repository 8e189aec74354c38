"""Every feature's tables, imported so the metadata (and Alembic) sees them all."""

from __future__ import annotations

import importlib

FEATURES = (
    "auth",
    "sessions",
    "contacts",
    "webhooks",
    "messages",
    "media",
    "groups",
    "stories",
    "message_templates",
    "handover",
    "cloud_inbound",
)


def import_all_models() -> None:
    for feature in FEATURES:
        try:
            importlib.import_module(f"inboxhub.{feature}.models")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"inboxhub.{feature}", f"inboxhub.{feature}.models"):
                raise

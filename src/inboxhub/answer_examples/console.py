"""The web console's view of the gateway, and the health check monitors poll."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.auth import ORGANIZATION
from inboxhub.answer_examples.common import ORGANIZATION_ID

# A gateway on WhatsApp Web with the sandbox beside it; the Cloud API not turned on.
ENGINES = ["web", "sandbox"]

EXAMPLES: dict[str, Any] = {
    "ConsoleInfo": {
        "version": "0.1.0",
        "organizationId": ORGANIZATION_ID,
        "organization": {k: ORGANIZATION[k] for k in ("id", "name", "slug")},
        "engines": ENGINES,
        "engineCatalog": [
            {
                "name": "sandbox",
                "summary": "Built in: an in-process WhatsApp network for trying the gateway.",
                "installed": True,
                "enabled": True,
                "usable": True,
                "default": False,
                "hint": None,
            },
            {
                "name": "web",
                "summary": "WhatsApp Web (multi-device) with a real phone, like Baileys.",
                "installed": True,
                "enabled": True,
                "usable": True,
                "default": True,
                "hint": None,
            },
            {
                "name": "cloud",
                "summary": "Meta's official WhatsApp Cloud API: an access token and a phone "
                "number id.",
                "installed": True,
                "enabled": False,
                "usable": False,
                "default": False,
                "hint": 'Set INBOXHUB_ENABLED_ENGINES=\'["cloud","sandbox","web"]\' and '
                "restart the gateway.",
            },
        ],
        "defaultEngine": "web",
        "sandbox": True,
        "cluster": {"mode": "single", "operator": True},
        "features": {
            "messages": True,
            "webhooks": True,
            "eventStream": True,
            "sandboxMessages": True,
            "sandboxReceipts": True,
            "contacts": True,
            "groups": True,
            "templates": True,
            "handover": True,
            "inspector": True,
            "cluster": False,
        },
    },
    "HealthRead": {
        "status": "ok",
        "version": "0.1.0",
        "database": "ok",
        "engines": dict.fromkeys(ENGINES, "running"),
        "defaultEngine": "web",
        "sessions": {"connecting": 0.0, "qr_code": 1.0, "connected": 12.0, "disconnected": 0.0},
        "node": "gw-madrid-1",
        "cluster": False,
        "rateLimits": "per-node",
    },
}

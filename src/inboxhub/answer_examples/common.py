"""What every feature's examples share: one shop's session, its number and a customer's, the
organization, and moments written as the gateway writes them (UTC, milliseconds, ``Z``)."""

from __future__ import annotations

from typing import Any

AT = "2026-05-01T10:00:00.000Z"
SECONDS = 1777629600  # AT as the Unix seconds of the Meta-shaped and legacy payloads
LATER = "2026-05-01T10:04:31.482Z"
EXPIRES = "2026-05-02T10:00:00.000Z"

PAGE: dict[str, Any] = {"total": 1, "page": 1, "limit": 20, "pages": 1}

ORGANIZATION_ID = 1
SESSION_ID = "tienda_madrid"
SESSION_PHONE = "34600000001"
SESSION_JID = f"{SESSION_PHONE}@s.whatsapp.net"
CUSTOMER_PHONE = "34657032985"
CUSTOMER_JID = f"{CUSTOMER_PHONE}@s.whatsapp.net"
CUSTOMER_NAME = "Ana García"
GROUP_JID = "120363025246125486@g.us"
WAMID = "3EB0C767D26A1D8E5A2F41"
EVENT_ID = "evt_019de2fb1900a3f9c27d5e81b04c6d92"

GATEWAY_URL = "https://gateway.ejemplo.com"
CRM_URL = "https://crm.ejemplo.com"

"""The sandbox (virtual phone): simulated contacts that write, call, post statuses and send
receipts to sandbox sessions, and the simulated network's own settings."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import AT, CUSTOMER_JID, CUSTOMER_PHONE
from inboxhub.answer_examples.messages import INBOUND

# Sandbox routes take sandbox sessions only: a test twin of the shop's WhatsApp Web session.
SESSION_ID = "tienda_pruebas"
SESSION_PHONE = "34600000002"

# The sandbox's ids are shaped like WhatsApp Web's: ``3EB0`` and 18 hex digits.
_CONTACT_WAMID = "3EB05D1F8A2C4E6B9071C3"

EXAMPLES: dict[str, Any] = {
    "SandboxLinked": {
        "sessionId": SESSION_ID,
        "status": "connected",
        "phoneNumber": SESSION_PHONE,
        "pushName": "Tienda Pruebas",
    },
    "SandboxSessionState": {"sessionId": SESSION_ID, "status": "disconnected"},
    "SandboxDelivered": {
        "whatsappMessageId": _CONTACT_WAMID,
        "sessionId": SESSION_ID,
        "message": {
            **INBOUND,
            "sessionId": SESSION_ID,
            "whatsappMessageId": _CONTACT_WAMID,
            "quotedMessageId": None,
            "timestamp": AT,
        },
    },
    "SandboxReceipts": {
        "sessionId": SESSION_ID,
        "status": "read",
        "messageIds": ["3EB0C1E3A5F7092B4D6F81"],
    },
    "SandboxNetworkRead": {"receiptBeforeSendReturns": False, "notOnWhatsApp": ["34699887766"]},
    "SandboxDropped": {"dropped": [SESSION_ID]},
    "SimulatedContactRead": {
        "phoneNumber": CUSTOMER_PHONE,
        "jid": CUSTOMER_JID,
        "lid": "204815734612398@lid",
        "pushName": "Ana",
        "about": "Disponible",
        "verifiedName": None,
        "pictureUrl": None,
        "businessProfile": None,
        "savedBy": SESSION_ID,
        "savedAs": CUSTOMER_JID,
    },
    # The simulated world writes its own moment with pydantic (microseconds), not milliseconds.
    "SimulatedStatusPosted": {
        "statusId": "3EB0A7C2E94F1B3D5608E2",
        "from": CUSTOMER_PHONE,
        "postedAt": "2026-05-01T10:00:00.482913Z",
        "deliveredTo": [SESSION_ID],
    },
    "SimulatedStatusView": {"statusId": "3EB0B8D1F3A5C7E9024B6D", "viewers": 1},
    "SimulatedCallData": {
        "call": {
            "callId": "9F4C2A7E1B3D5F608A2C4E6B8D0F1A3C",
            "sessionId": SESSION_ID,
            "from": CUSTOMER_PHONE,
            "video": False,
            "status": "ringing",
            "at": AT,
        }
    },
}

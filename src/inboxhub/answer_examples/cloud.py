"""Meta's WhatsApp Cloud API: the message templates synced from Meta, and Meta's webhook."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import AT

# As Meta gives it: components and their examples untouched, names in Meta's upper case.
META_TEMPLATE: dict[str, Any] = {
    "id": "1843926071597724",
    "name": "pedido_listo",
    "language": "es_ES",
    "status": "APPROVED",
    "category": "UTILITY",
    "parameterFormat": "POSITIONAL",
    "components": [
        {"type": "HEADER", "format": "TEXT", "text": "Tu pedido está listo"},
        {
            "type": "BODY",
            "text": "Hola {{1}}, tu pedido {{2}} ya está listo para recoger en tienda.",
            "example": {"body_text": [["Ana", "PED-1042"]]},
        },
        {
            "type": "BUTTONS",
            "buttons": [{"type": "QUICK_REPLY", "text": "Ver horario"}],
        },
    ],
    "rejectedReason": None,
    "wabaId": "102290129340398",
    "syncedAt": AT,
}

EXAMPLES: dict[str, Any] = {
    "MetaTemplateList": {"templates": [META_TEMPLATE], "total": 1},
    "MetaTemplateLanguages": {
        "name": META_TEMPLATE["name"],
        "languages": [
            META_TEMPLATE,
            {
                **META_TEMPLATE,
                "id": "1843926071597725",
                "language": "en",
                "components": [
                    {
                        "type": "BODY",
                        "text": "Hi {{1}}, your order {{2}} is ready for pickup in store.",
                        "example": {"body_text": [["Ana", "PED-1042"]]},
                    }
                ],
            },
        ],
    },
    "MetaTemplateSync": {"total": 1, "approved": 1, "removed": 1, "templates": [META_TEMPLATE]},
    "CloudWebhookReceipt": {"received": 2, "duplicates": 0, "ignoredChanges": 0},
}

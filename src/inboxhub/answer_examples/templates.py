"""The organization's own message templates (texts with ``{{placeholders}}``)."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import AT, LATER, ORGANIZATION_ID, PAGE
from inboxhub.answer_examples.messages import MESSAGE, SEND_RESULT

TEMPLATE: dict[str, Any] = {
    "id": 9,
    "organizationId": ORGANIZATION_ID,
    "name": "pedido_listo",
    "category": "pedidos",
    "body": "Hola {{name}}, tu pedido {{order}} ya está listo para recoger en tienda.",
    "variables": ["name", "order"],
    "isActive": True,
    "usageCount": 128,
    "lastUsedAt": LATER,
    "createdAt": "2026-03-10T12:00:00.000Z",
    "updatedAt": "2026-04-02T08:45:00.000Z",
}

_TEXT = "Hola Ana, tu pedido PED-1042 ya está listo para recoger en tienda."

EXAMPLES: dict[str, Any] = {
    "TemplateList": {"templates": [TEMPLATE], "total": 1, "pagination": PAGE},
    "TemplateData": {"template": TEMPLATE},
    "TemplateDeleted": {"id": TEMPLATE["id"], "deleted": True},
    "TemplateRendered": {"templateId": TEMPLATE["id"], "text": _TEXT},
    # One recipient's answer; a list of recipients answers the bulk send's shape instead.
    "TemplateSendResult": {
        **SEND_RESULT,
        "message": {**MESSAGE, "body": _TEXT, "timestamp": AT},
        "templateId": TEMPLATE["id"],
    },
}

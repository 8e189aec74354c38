"""Handover: the bot's menu, tickets that pass a chat to a CRM's agent, and the CRM's own routes.

The CRM's routes answer beside the envelope (``ticketId``, the status's fields), as CRM clients
read them: ``WHOLE_ANSWERS`` holds those answers whole, keyed by their own schema's name."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import (
    AT,
    CRM_URL,
    CUSTOMER_JID,
    CUSTOMER_NAME,
    CUSTOMER_PHONE,
    LATER,
    ORGANIZATION_ID,
    PAGE,
    SESSION_ID,
)
from inboxhub.handover.menu import DEFAULT_TEXTS
from inboxhub.handover.schemas import BotConfig

TICKET_ID = "TK-2026-000123"
AGENT = {"id": "agent_001", "name": "María González"}
ASSIGNED_AT = "2026-05-01T10:01:12.530Z"

# What the CRM reads first: who holds the chat, since when.
STATUS: dict[str, Any] = {
    "ticketId": TICKET_ID,
    "status": "active",
    "assignedAgent": AGENT,
    "startTime": AT,
    "lastActivity": LATER,
    "messageCount": 6,
}

TICKET: dict[str, Any] = {
    **STATUS,
    "sessionId": SESSION_ID,
    "chatId": CUSTOMER_JID,
    "userPhone": CUSTOMER_PHONE,
    "owner": "human",
    "category": "soporte_agente",
    "priority": "media",
    "source": "bot",
    "serviceSuspended": False,
    "userContext": {
        "phoneNumber": CUSTOMER_PHONE,
        "customerId": "CLI-20931",
        "customerName": CUSTOMER_NAME,
        "isAuthenticated": True,
        "lastActivity": AT,
        "sessionInfo": {"hasActiveSession": True, "sessionStart": "2026-05-01T09:58:40.000Z"},
        "tags": ["cliente", "customer:CLI-20931", "authenticated"],
        "notes": None,
    },
    "metadata": {},
    "requestedAt": AT,
    "assignedAt": ASSIGNED_AT,
    "firstResponseAt": "2026-05-01T10:02:05.004Z",
    "closedAt": None,
    "closeReason": None,
    "assignDeadline": None,
    "idleDeadline": "2026-05-01T10:34:31.482Z",
}

PENDING: dict[str, Any] = {
    **TICKET,
    "status": "pending",
    "assignedAgent": None,
    "lastActivity": AT,
    "messageCount": 1,
    "owner": "pending",
    "source": "api",
    "assignedAt": None,
    "firstResponseAt": None,
    "assignDeadline": "2026-05-01T10:05:00.000Z",
    "idleDeadline": None,
}

_BOT = BotConfig.model_validate(
    {
        "greeting": "¡Hola {name}! Soy el asistente de Tiendas Ejemplo. Elige una opción:",
        "options": [
            {
                "key": "1",
                "label": "Horarios",
                "keywords": ["horario"],
                "reply": "De lunes a sábado, de 10:00 a 21:00.",
            },
            {
                "key": "2",
                "label": "Hablar con un agente",
                "keywords": ["agente", "persona"],
                "action": "agent",
                "category": "soporte_agente",
            },
        ],
    }
)


def _stats(count: int, average: float, median: float, p90: float) -> dict[str, Any]:
    return {"count": count, "averageSeconds": average, "medianSeconds": median, "p90Seconds": p90}


EXAMPLES: dict[str, Any] = {
    "HandoverSettingsRead": {
        "organizationId": ORGANIZATION_ID,
        "isDefaultOrganization": True,
        "crmBaseUrl": CRM_URL,
        "crmAgentNotificationUrl": f"{CRM_URL}/api/bot/agent-request",
        "crmApiTokenSet": True,
        "crmApiTokenHint": "…9f3a",
        "botApiTokenHint": "…c41e",
        "botSignatureSecretHint": "…c41e",
        "webhookVerifyTokenHint": None,
        "metaAppId": None,
        "metaAppSecretHint": None,
        "emergencyContact": "+34 910 000 000",
        "assignTimeoutSeconds": 300.0,
        "agentIdleTimeoutSeconds": 1800.0,
        "messages": dict(DEFAULT_TEXTS),
        "sources": {
            "crmBaseUrl": "organization",
            "crmApiToken": "organization",
            "botApiToken": "environment",
            "botSignatureSecret": "environment",
            "webhookVerifyToken": None,
            "metaAppId": None,
            "metaAppSecret": None,
        },
    },
    # The bot's row stamps its change with Python's own isoformat (microseconds, +00:00).
    "BotRead": {
        "sessionId": SESSION_ID,
        "configured": True,
        "enabled": True,
        "config": {
            **_BOT.model_dump(mode="json", by_alias=True, exclude={"enabled"}),
            "enabled": True,
        },
        "updatedAt": "2026-04-30T17:20:05.118204+00:00",
    },
    "TicketRead": PENDING,
    "TicketList": {"tickets": [TICKET], "total": 1, "pagination": PAGE},
    "TicketDetail": {
        **TICKET,
        "messages": [
            {
                "author": "user",
                "agentId": None,
                "type": "text",
                "content": "2",
                "messageId": "3A2E4C6A8B0D1F3E5A7C",
                "timestamp": AT,
            },
            {
                "author": "agent",
                "agentId": AGENT["id"],
                "type": "text",
                "content": "Hola Ana, soy María. ¿En qué te puedo ayudar?",
                "messageId": "3EB0A1B2C3D4E5F6071829",
                "timestamp": "2026-05-01T10:02:05.004Z",
            },
        ],
    },
    "TicketChange": {**TICKET, "action": "assigned"},
    "ChatOwnerRead": {
        "sessionId": SESSION_ID,
        "phoneNumber": CUSTOMER_PHONE,
        "owner": "human",
        "ticket": TICKET,
    },
    "HandoverMetrics": {
        "period": {"startDate": "2026-04-01T00:00:00.000Z", "endDate": AT},
        "totalTickets": 42,
        "byCategory": {
            "facturacion": {"total": 12, "pending": 0, "active": 1, "closed": 11},
            "soporte_agente": {"total": 30, "pending": 2, "active": 3, "closed": 25},
        },
        "byStatus": {"pending": 2, "active": 4, "closed": 36},
        "byPriority": {"alta": 5, "baja": 9, "media": 28},
        "timeToAssign": _stats(38, 74.215, 51.0, 162.4),
        "firstResponseTime": _stats(37, 38.9, 22.5, 95.0),
        "handoverDuration": _stats(34, 612.75, 480.0, 1325.6),
        "resolution": {
            "closed": 36,
            "resolved": 30,
            "unresolved": 2,
            "no_agent": 2,
            "agent_timeout": 1,
            "cancelled": 1,
            "resolutionRate": 0.8333,
        },
    },
    "MetaHandoverCounts": {"processed": 1, "ignored": 0},
}

# The CRM's answers, whole (``api_docs`` shows them as they are, with no envelope added).
WHOLE_ANSWERS: dict[str, Any] = {
    "CrmHandoverAnswer": {
        "success": True,
        "message": "Traspaso procesado correctamente",
        "data": {**TICKET, "assignedAt": ASSIGNED_AT, "action": "assigned"},
        "ticketId": TICKET_ID,
    },
    "CrmMessageAnswer": {
        "success": True,
        "message": "Mensaje enviado correctamente",
        "data": {
            "ticketId": TICKET_ID,
            "messageId": 57,
            "whatsappMessageId": "3EB0A1B2C3D4E5F6071829",
            "status": "sent",
        },
        "ticketId": TICKET_ID,
    },
    "CrmStatusAnswer": {**STATUS, "success": True, "data": STATUS},
}

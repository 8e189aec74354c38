"""Request-body examples of the API document (``/api/docs``): the customer's own examples where
their API reference has one, so that *Try it out* starts from a body that works.

Keyed by the body's schema name; ``NAMED_EXAMPLES`` holds bodies with several shapes.
"""

from __future__ import annotations

from typing import Any

_TO = "34657032985@s.whatsapp.net"
_SINCE = "2026-01-01T00:00:00Z"

SEND_EXAMPLES: dict[str, dict[str, Any]] = {
    "text": {"to": _TO, "message": "Hola, este es un mensaje de prueba", "type": "text"},
    "text, short form": {
        "to": "34612345678",
        "message": "Hola desde nuestro CRM! Tu pedido está listo.",
    },
    "several recipients": {
        "to": ["34612345678", "34687654321", "34611111111"],
        "message": "Promoción especial: 20% descuento hasta mañana!",
    },
    "image": {
        "to": _TO,
        "message": {
            "image": {"url": "https://ejemplo.com/imagen.jpg"},
            "caption": "Descripción de la imagen",
        },
        "type": "image",
    },
    "video": {
        "to": _TO,
        "message": {
            "video": {"url": "https://ejemplo.com/video.mp4"},
            "caption": "Descripción del video",
        },
        "type": "video",
    },
    "audio": {
        "to": _TO,
        "message": {"audio": {"url": "https://ejemplo.com/audio.mp3"}, "ptt": False},
        "type": "audio",
    },
    "document": {
        "to": _TO,
        "message": {
            "document": {
                "url": "https://ejemplo.com/documento.pdf",
                "fileName": "documento.pdf",
                "mimetype": "application/pdf",
            },
            "caption": "Descripción del documento",
        },
        "type": "document",
    },
    "location": {
        "to": _TO,
        "message": {
            "location": {
                "degreesLatitude": 40.4168,
                "degreesLongitude": -3.7038,
                "name": "Madrid",
                "address": "Plaza Mayor, Madrid",
            }
        },
        "type": "location",
    },
    "contact": {
        "to": _TO,
        "message": {
            "contacts": {
                "displayName": "Juan Pérez",
                "contacts": [
                    {
                        "vcard": "BEGIN:VCARD\nVERSION:3.0\nFN:Juan Pérez\n"
                        "TEL;TYPE=CELL:+34612345678\nEND:VCARD"
                    }
                ],
            }
        },
        "type": "contact",
    },
}

# Bodies with several shapes: one named example each.
NAMED_EXAMPLES: dict[str, dict[str, dict[str, Any]]] = {"SendMessageRequest": SEND_EXAMPLES}

EXAMPLES: dict[str, dict[str, Any]] = {
    "LoginRequest": {"identifier": "admin@inboxhub.local", "password": "<PASSWORD>"},
    "SinkCreate": {
        "type": "amqp",
        "url": "amqp://crm:<PASSWORD>@rabbit.internal:5672/inboxhub",
        "exchange": "inboxhub",
        "events": ["message", "message_status"],
        "secret": "s3cret",
    },
    "SinkUpdate": {"events": ["*"], "isActive": True},
    "ChatwootBridgeRequest": {
        "baseUrl": "https://chat.acme.com",
        "accountId": 1,
        "inboxName": "WhatsApp tienda",
        "apiAccessToken": "<CHATWOOT_ACCESS_TOKEN>",
        "signMessages": True,
        "reopenResolved": True,
        "importHistoryDays": 7,
    },
    "TicketAssign": {"agentId": "agent-7", "agentName": "Laura"},
    "TicketClose": {"resolved": True},
    "InvitationAccept": {
        "token": "<INVITATION_TOKEN>",
        "password": "una-clave-larga",
        "name": "Ana",
    },
    "RefreshRequest": {"refreshToken": "<refresh token from /api/auth/login>"},
    "LogoutRequest": {"refreshToken": "<refresh token from /api/auth/login>"},
    "ConsoleKeyRequest": {"organizationId": 1},
    "OrganizationCreate": {"name": "Tienda Online", "slug": "tienda-online"},
    "OrganizationUpdate": {"name": "Tienda Online SL"},
    "MemberAdd": {
        "email": "agente@example.com",
        "name": "María",
        "password": "<PASSWORD>",
        "role": "member",
    },
    "MemberUpdate": {"role": "admin"},
    "ApiKeyCreate": {"name": "CRM producción"},
    "SessionCreate": {
        "sessionId": "mi_sesion_123",
        "sessionName": "Mi Sesión",
        "phoneNumber": "34657032985",
        "webhookUrl": "https://tu-webhook.com/api/webhook",
        "webhookSecret": "tu_secreto_seguro",
        "webhookEvents": ["message", "message_status"],
    },
    "SessionUpdate": {
        "sessionName": "Mi Sesión",
        "webhookUrl": "https://tu-webhook.com/api/webhook",
        "webhookSecret": "tu_secreto_seguro",
        "webhookEvents": ["message", "message_status"],
        "rejectCalls": True,
        "rejectCallMessage": "No atendemos llamadas por WhatsApp; escríbenos por aquí.",
    },
    "ProfileUpdate": {
        "name": "Tienda Sol",
        "about": "Abierto de 9 a 18 h",
        "picture": {"url": "https://ejemplo.com/logo.jpg"},
    },
    "PairingCodeRequest": {"phoneNumber": "34657032985"},
    "FrappeConfigure": {"sendToFrappe": True},
    "EditMessageRequest": {"message": "Hola, tu pedido sale hoy"},
    "PresenceRequest": {"presence": "composing", "chatId": _TO},
    "ContactUpdate": {
        "name": "Juan Pérez",
        "tags": ["cliente", "customer:1042"],
        "notes": "Prefiere WhatsApp por la tarde",
    },
    "GroupCreate": {
        "subject": "Equipo de ventas",
        "participants": ["34612345678", "34687654321"],
        "description": "Coordinación de pedidos",
    },
    "JoinWithCode": {"sessionId": "mi_sesion_123", "inviteCode": "AbCdEfGhIjK"},
    "GroupUpdate": {"subject": "Equipo de ventas Madrid", "description": "Pedidos de Madrid"},
    "GroupSettings": {"announce": True, "locked": False},
    "ParticipantsChange": {"participants": ["34612345678"]},
    "StatusCreate": {
        "type": "text",
        "text": "Abrimos el domingo de 10 a 14 h",
        "backgroundColor": "#25D366",
    },
    "ReactionCreate": {"reaction": "👍"},
    "TemplateCreate": {
        "name": "pedido_listo",
        "category": "pedidos",
        "body": "Hola {{nombre}}, tu pedido {{pedido}} está listo para recoger.",
        "variables": ["nombre", "pedido"],
        "isActive": True,
    },
    "TemplateUpdate": {"body": "Hola {{nombre}}, tu pedido {{pedido}} ya está en camino."},
    "TemplatePreview": {"variables": {"nombre": "Ana", "pedido": "A-1001"}},
    "TemplateUse": {
        "sessionId": "mi_sesion_123",
        "to": "34612345678",
        "variables": {"nombre": "Ana", "pedido": "A-1001"},
    },
    "WebhookCreate": {
        "name": "CRM",
        "url": "https://tu-crm.com/webhooks/whatsapp",
        "events": ["message", "message_status"],
        "secret": "tu_secreto_seguro",
        "isActive": True,
    },
    "WebhookUpdate": {"events": ["*"], "isActive": True},
    "ReplayRequest": {"since": _SINCE, "onlyFailed": True},
    "HandoverSettingsUpdate": {
        "crmBaseUrl": "https://tu-crm.com",
        "crmApiToken": "<CRM_API_TOKEN, 16 characters or more>",
        "botApiToken": "<BOT_API_TOKEN>",
        "assignTimeoutSeconds": 300,
    },
    "BotConfig": {
        "greeting": "¡Hola {name}! ¿En qué podemos ayudarte?",
        "options": [
            {"key": "1", "label": "Horarios", "keywords": ["horario"], "reply": "De 8 a 18 h."},
            {
                "key": "2",
                "label": "Hablar con un agente",
                "keywords": ["agente", "soporte"],
                "action": "agent",
                "category": "soporte_agente",
                "priority": "media",
            },
        ],
    },
    "TicketOpen": {
        "phoneNumber": "573001234567",
        "category": "soporte_agente",
        "priority": "media",
    },
    "CrmHandover": {
        "ticketId": "TK-2025-001234",
        "userPhone": "573001234567",
        "handoverType": "bot_to_human",
        "agentId": "agent_001",
        "agentName": "María González",
    },
    "CrmSendMessage": {
        "ticketId": "TK-2025-001234",
        "userPhone": "573001234567",
        "agentId": "agent_001",
        "message": "Hola, soy María y te ayudaré con la reactivación de tu servicio.",
        "messageType": "text",
    },
    "LinkRequest": {
        "qr": "<qrText of the session>",
        "phoneNumber": "34600000001",
        "pushName": "Tienda",
    },
    "SandboxMessageRequest": {
        "from": "34611111111",
        "to": "mi_sesion_123",
        "type": "text",
        "message": "Hola, necesito información sobre mi pedido",
        "pushName": "Ana",
    },
    "SandboxReceiptRequest": {
        "from": "34611111111",
        "to": "mi_sesion_123",
        "all": True,
        "status": "read",
    },
    "SandboxNetworkSettings": {"notOnWhatsApp": ["34699999999"]},
    "SandboxCallRequest": {"from": "34611111111", "to": "tienda", "video": False},
    "SimulatedContact": {"phoneNumber": "34611111111", "pushName": "Ana", "about": "Disponible"},
    "SimulatedStatus": {"from": "34611111111", "type": "text", "text": "¡Buenos días!"},
    "SimulatedView": {"from": "34611111111", "reaction": "❤️"},
}

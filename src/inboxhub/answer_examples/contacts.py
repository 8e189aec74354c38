"""Contacts: WhatsApp's view of a number, and the CRM's own fields on it."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import (
    AT,
    CUSTOMER_JID,
    CUSTOMER_NAME,
    CUSTOMER_PHONE,
    LATER,
    PAGE,
    SESSION_ID,
)

CONTACT: dict[str, Any] = {
    "id": CUSTOMER_JID,
    "contactId": 7,
    "name": CUSTOMER_NAME,
    "verifiedName": None,
    "notify": "Ana",
    "pushName": "Ana",
    "phoneNumber": CUSTOMER_PHONE,
    "lid": "204815734612398@lid",
    "imgUrl": None,
    "isUser": True,
    "isGroup": False,
    "isWAContact": True,
    "isBusiness": False,
    "inAddressBook": True,
    "tags": ["cliente", "vip"],
    "notes": "Prefiere recoger los pedidos en la tienda de Gran Vía.",
    "assignedToUserId": 2,
    "createdAt": AT,
    "updatedAt": LATER,
    "sessionId": SESSION_ID,
}

EXAMPLES: dict[str, Any] = {
    "ContactList": {"contacts": [CONTACT], "total": 1, "pagination": PAGE, "search": None},
    "ContactFound": {"contact": CONTACT, "exists": True},
    "ContactInfoData": {
        "contact": {
            **CONTACT,
            "businessProfile": None,
            "status": "Disponible",
            "about": "Disponible",
            "lastSeen": "2026-05-01T09:58:12.000Z",
        }
    },
    "ContactStatsData": {
        "stats": {
            "total": 248,
            "users": 236,
            "groups": 12,
            "wAContacts": 231,
            "withNames": 198,
            "withProfilePics": 143,
            "businesses": 17,
            "inAddressBook": 164,
        }
    },
    "BlockChange": {
        "contactId": "34611223344@s.whatsapp.net",
        "blocked": True,
        "blocklist": ["34611223344@s.whatsapp.net"],
    },
    "SessionContactList": {
        "contacts": [
            {
                key: CONTACT[key]
                for key in (
                    "id",
                    "name",
                    "notify",
                    "verifiedName",
                    "phoneNumber",
                    "imgUrl",
                    "isUser",
                    "isGroup",
                    "isWAContact",
                )
            }
        ],
        "total": 1,
        "source": "whatsapp",
    },
}

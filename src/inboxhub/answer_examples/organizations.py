"""Organizations: their members and API keys (dates written by pydantic, as in ``auth``)."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.auth import INVITATION, ORGANIZATION, USER
from inboxhub.answer_examples.common import ORGANIZATION_ID

API_KEY: dict[str, Any] = {
    "id": 4,
    "name": "CRM producción",
    "prefix": "ihk_7fJq2LxN",
    "organizationId": ORGANIZATION_ID,
    "createdAt": "2026-03-02T09:20:41.907355Z",
    "lastUsedAt": "2026-05-01T09:59:58.130412Z",
    "revokedAt": None,
    "isActive": True,
}

MEMBER: dict[str, Any] = {
    "userId": USER["id"],
    "email": USER["email"],
    "name": USER["name"],
    "role": "admin",
    "createdAt": "2026-03-02T09:18:26.551730Z",
}

EXAMPLES: dict[str, Any] = {
    "OrganizationList": {"organizations": [{**ORGANIZATION, "role": "admin"}], "total": 1},
    "OrganizationData": {"organization": {**ORGANIZATION, "role": "admin"}},
    "OrganizationDeleted": {"id": 3, "deleted": True},
    "MemberList": {"members": [MEMBER], "total": 1},
    "MemberData": {"member": MEMBER},
    "MemberRemoved": {"userId": 3, "removed": True},
    "InvitationData": {
        "invitation": {**INVITATION, "token": "ihi_pX4vR8nK2qL6tW0yB3mD7fH1jS5aZ9cE_uGoIiNe4Qk"}
    },
    "ApiKeyList": {"apiKeys": [API_KEY], "total": 1},
    "ApiKeyData": {
        "apiKey": {**API_KEY, "revokedAt": "2026-05-01T10:00:00.218904Z", "isActive": False}
    },
    "ApiKeyCreatedData": {
        "apiKey": {
            **API_KEY,
            "id": 5,
            "name": "Automatizaciones",
            "prefix": "ihk_c8WmT1ya",
            "createdAt": "2026-05-01T10:00:00.218904Z",
            "lastUsedAt": None,
            "key": "ihk_c8WmT1yaRb5Vn3Kq9Lx2Pz7Hd4Fs6Gj0Nu8Ew1Ci-Tz",
        }
    },
}

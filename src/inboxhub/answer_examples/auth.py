"""Accounts: sign-in, the signed-in user, invitations and the console's own keys.

Rows of the accounts feature are written by pydantic (microseconds when there are some), not by
the gateway's millisecond writer: the examples show them as they come."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import ORGANIZATION_ID

ORG_CREATED = "2026-03-02T09:15:03.482113Z"

ORGANIZATION: dict[str, Any] = {
    "id": ORGANIZATION_ID,
    "name": "Tiendas Ejemplo",
    "slug": "tiendas-ejemplo",
    "isOperator": True,
    "createdAt": ORG_CREATED,
}

USER: dict[str, Any] = {
    "id": 2,
    "email": "lucia.martin@tiendasejemplo.es",
    "name": "Lucía Martín",
    "isSuperadmin": False,
    "organizations": [{**ORGANIZATION, "role": "admin"}],
}

TOKENS: dict[str, Any] = {
    "accessToken": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIyIiwidHlwIjoiYWNjZXNzIn0.…",
    "refreshToken": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIyIiwidHlwIjoicmVmcmVzaCJ9.…",
    "expiresIn": "24h",
    "tokenType": "Bearer",
}

INVITATION: dict[str, Any] = {
    "id": 5,
    "organizationId": ORGANIZATION_ID,
    "email": "javier.ruiz@tiendasejemplo.es",
    "role": "member",
    "createdAt": "2026-05-01T10:00:00.000Z",
    "expiresAt": "2026-05-08T10:00:00.000Z",
}

EXAMPLES: dict[str, Any] = {
    "LoginResult": {**TOKENS, "user": USER},
    "TokenPair": TOKENS,
    "LoggedOut": {"loggedOut": True},
    "UserData": {"user": USER},
    "InvitationList": {"invitations": [INVITATION], "total": 1},
    "InvitationCancelled": {"id": INVITATION["id"], "cancelled": True},
    "MembershipJoined": {
        "userId": 3,
        "email": INVITATION["email"],
        "organizationId": ORGANIZATION_ID,
        "role": "member",
    },
    "ConsoleKeyCreated": {
        "apiKey": {
            "id": 12,
            "key": "ihk_Q3vN8sKpW2xL7mZc4RtY9bHf6JdA1eGu0iOqSnVwXk8",
            "prefix": "ihk_Q3vN8sKp",
            "expiresAt": "2026-05-02T10:00:00Z",
        },
        "organization": {
            "id": ORGANIZATION_ID,
            "name": ORGANIZATION["name"],
            "slug": ORGANIZATION["slug"],
            "role": "admin",
        },
    },
    "ConsoleKeyRevoked": {"id": 12, "revoked": True},
}

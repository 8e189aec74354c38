"""Groups: the session's groups as WhatsApp (or the cached copy) describes them."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples.common import (
    AT,
    CUSTOMER_JID,
    GROUP_JID,
    LATER,
    PAGE,
    SESSION_JID,
)

COLLEAGUE_JID = "34622334455@s.whatsapp.net"
INVITE_CODE = "HfR3kLm9QzX2bN7wYpT4cD"

# As listings show a group; one group's own answers add its members and invite code.
GROUP: dict[str, Any] = {
    "id": GROUP_JID,
    "groupId": GROUP_JID,
    "subject": "Clientes VIP Madrid",
    "description": "Novedades y preventas para clientes de la tienda de Gran Vía",
    "desc": "Novedades y preventas para clientes de la tienda de Gran Vía",
    "owner": SESSION_JID,
    "creation": AT,
    "size": 3,
    "announce": True,
    "locked": True,
    "restrict": True,
    "isAdmin": True,
    "isMember": True,
    "updatedAt": LATER,
}


def _member(jid: str, admin: str | None) -> dict[str, Any]:
    return {
        "id": jid,
        "phoneNumber": jid.split("@", 1)[0],
        "admin": admin,
        "isAdmin": admin is not None,
        "isSuperAdmin": admin == "superadmin",
    }


GROUP_DETAIL: dict[str, Any] = {
    **GROUP,
    "participants": [
        _member(SESSION_JID, "superadmin"),
        _member(COLLEAGUE_JID, "admin"),
        _member(CUSTOMER_JID, None),
    ],
    "admins": [SESSION_JID, COLLEAGUE_JID],
    "inviteCode": INVITE_CODE,
}

EXAMPLES: dict[str, Any] = {
    "GroupList": {"groups": [GROUP], "total": 1, "pagination": PAGE, "source": "cache"},
    "GroupDetail": {"group": GROUP_DETAIL, "source": "whatsapp"},
    "GroupData": {"group": GROUP_DETAIL},
    "GroupCreated": {
        "group": {**GROUP_DETAIL, "inviteCode": None},
        "groupId": GROUP_JID,
        "failed": [
            {
                "id": "34699887766@s.whatsapp.net",
                "ok": False,
                "error": "not_on_whatsapp",
                "code": "NOT_ON_WHATSAPP",
            }
        ],
    },
    "GroupJoined": {"group": GROUP_DETAIL, "groupId": GROUP_JID},
    "GroupLeft": {"groupId": GROUP_JID, "left": True},
    "InviteCodeRead": {
        "groupId": GROUP_JID,
        "inviteCode": INVITE_CODE,
        "inviteLink": f"https://chat.whatsapp.com/{INVITE_CODE}",
    },
    "ParticipantsChanged": {
        "group": GROUP_DETAIL,
        "groupId": GROUP_JID,
        "action": "add",
        "participants": [{"id": CUSTOMER_JID, "ok": True, "error": None, "code": None}],
    },
}

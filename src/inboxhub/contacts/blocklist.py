"""Blocking and unblocking contacts: they can no longer call or write to the session's number."""

from __future__ import annotations

from typing import Any

from inboxhub.addressing import to_jid
from inboxhub.errors import ValidationFailed
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import require_connected


async def set_blocked(
    runtime: Runtime, session: WhatsAppSession, contact_ref: str, *, blocked: bool
) -> dict[str, Any]:
    jid = to_jid(contact_ref, field="contactId")
    if jid.endswith("@g.us"):
        raise ValidationFailed(
            "contactId must be a person (number or JID), not a group", field="contactId"
        )
    blocklist = await require_connected(runtime, session).set_blocked(jid, blocked=blocked)
    return {"contactId": jid, "blocked": blocked, "blocklist": blocklist}

"""Meta's thread control (``messaging_handovers``) mirrored onto tickets.

When a Meta app (the CRM's inbox, ``CRM_META_APP_ID``) takes a WhatsApp thread, the ticket named in
the thread control metadata (``{"ticket_id": "TK-…"}``) goes to a human; when control passes to
another app or is released, it comes back to the bot. Meta signs the raw body with the app secret
(``X-Hub-Signature-256: sha256=<hex>``) and has no timestamp, so the signature is all there is.
"""

from __future__ import annotations

import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.config import Settings
from inboxhub.errors import ApiError
from inboxhub.handover import service
from inboxhub.handover.settings import Effective
from inboxhub.handover.tickets import TicketNotFound, add_entry, find_ticket
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks import signing

log = logging.getLogger(__name__)

TO_HUMAN_EVENTS = {"pass_thread_control", "control_passed", "take_thread_control", "control_taken"}
TO_BOT_EVENTS = {"release_thread_control", "control_released", "request_thread_control_denied"}


class InvalidSignature(ApiError):
    status_code = 401
    code = "INVALID_SIGNATURE"


def signer_organizations(body: bytes, header: str | None, candidates: list[Effective]) -> list[int]:
    """The organizations whose Meta app secret produced this signature (usually exactly one)."""
    if not header or not header.startswith("sha256="):
        raise InvalidSignature(
            "X-Hub-Signature-256 header is required", field="X-Hub-Signature-256"
        )
    given = header.strip().lower().encode()
    matches = [
        eff.organization_id
        for eff in candidates
        if eff.meta_app_secret
        and hmac.compare_digest(given, signing.hex_signature(eff.meta_app_secret, body).encode())
    ]
    if not matches:
        raise InvalidSignature("Invalid X-Hub-Signature-256", field="X-Hub-Signature-256")
    return matches


@dataclass(frozen=True, kw_only=True)
class ThreadChange:
    event: str
    app_id: str | None
    ticket_id: str | None
    agent_id: str | None
    agent_name: str | None
    metadata: dict[str, Any]


def _metadata(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    if isinstance(raw, str) and raw.strip():
        try:
            parsed = json.loads(raw)
        except ValueError:
            return {"text": raw}
        return parsed if isinstance(parsed, dict) else {"value": parsed}
    return {}


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text[:200] or None


def thread_changes(payload: Any) -> list[ThreadChange]:
    """Every ``messaging_handovers`` change in a webhook body (``entry[].changes[].value``)."""
    changes: list[ThreadChange] = []
    entries = payload.get("entry") if isinstance(payload, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        items = entry.get("changes") if isinstance(entry, dict) else None
        for change in items if isinstance(items, list) else []:
            if not isinstance(change, dict) or change.get("field") != "messaging_handovers":
                continue
            value = change.get("value")
            value = value if isinstance(value, dict) else {}
            control = value.get("thread_control") or value.get("control_passed")
            control = control if isinstance(control, dict) else {}
            metadata = _metadata(control.get("metadata"))
            app = control.get("app_id") or control.get("new_owner_app_id")
            changes.append(
                ThreadChange(
                    event=str(value.get("event") or ""),
                    app_id=_text(app),
                    ticket_id=_text(metadata.get("ticket_id") or metadata.get("ticketId")),
                    agent_id=_text(metadata.get("agent_id") or metadata.get("agentId")),
                    agent_name=_text(metadata.get("agent_name") or metadata.get("agentName")),
                    metadata=metadata,
                )
            )
    return changes


def direction(change: ThreadChange, crm_app_id: str | None) -> str | None:
    """``to_human``, ``to_bot`` or None (an event that changes nothing here)."""
    if change.event in TO_HUMAN_EVENTS:
        if crm_app_id and change.app_id and change.app_id != crm_app_id:
            return "to_bot"  # control went to another app (the bot's own): the CRM let go
        return "to_human"
    if change.event in TO_BOT_EVENTS:
        return "to_bot"
    return None


def verify_token_matches(candidates: list[Effective], token: str) -> bool:
    return any(
        eff.webhook_verify_token
        and hmac.compare_digest(token.encode(), eff.webhook_verify_token.encode())
        for eff in candidates
    )


async def apply(
    db: AsyncSession, settings: Settings, signers: list[Effective], changes: list[ThreadChange]
) -> dict[str, int]:
    """Move each named ticket to the owner Meta reports; unknown or closed tickets are skipped
    (answering an error would only make Meta redeliver the same body for days)."""
    processed = ignored = 0
    for change in changes:
        outcome = None
        for eff in signers:
            outcome = await _apply_one(db, settings, eff, change)
            if outcome is not None:
                break
        if outcome:
            processed += 1
        else:
            ignored += 1
    return {"processed": processed, "ignored": ignored}


async def _apply_one(
    db: AsyncSession, settings: Settings, eff: Effective, change: ThreadChange
) -> bool | None:
    """True when applied, False when it changes nothing, None when the ticket is not this org's."""
    way = direction(change, eff.meta_app_id)
    if change.ticket_id is None:
        return False
    try:
        ticket = await find_ticket(db, eff.organization_id, change.ticket_id, for_update=True)
    except TicketNotFound:
        return None
    session = await db.get(WhatsAppSession, ticket.session_pk)
    if way is None or ticket.status == "closed" or session is None:
        return False
    await add_entry(db, ticket, author="system", content=f"meta: {change.event} ({change.app_id})")
    if way == "to_human":
        agent_id = change.agent_id or f"meta:{change.app_id or 'inbox'}"
        await service.assign(
            db,
            settings,
            session,
            ticket,
            agent_id=agent_id,
            agent_name=change.agent_name,
            metadata={"metaThreadControl": change.event},
        )
    else:
        await service.close(db, settings, session, ticket, reason="resolved")
    return True

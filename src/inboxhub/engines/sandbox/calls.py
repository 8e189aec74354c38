"""Calls in the sandbox: a contact rings a session, and the session may decline the call.

Nothing is heard: a call is an offer that rings until the session declines it (as WhatsApp's
RejectCall does) or it is left ringing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from inboxhub.engines.base import EngineClient, NotConnected, NotFoundOnEngine
from inboxhub.engines.events import CallReceived
from inboxhub.engines.sandbox.directory import user_jid

if TYPE_CHECKING:
    from inboxhub.engines.sandbox.network import SandboxNetwork


@dataclass
class SandboxCalls:
    # call id -> what the virtual phone reports about it
    calls: dict[str, dict[str, Any]] = field(default_factory=dict)


def calls_of(network: SandboxNetwork) -> SandboxCalls:
    state = network.state.get("calls")
    if not isinstance(state, SandboxCalls):
        state = network.state["calls"] = SandboxCalls()
    return state


class CallsMixin(EngineClient):
    network: SandboxNetwork

    async def ring(self, caller_phone: str, *, video: bool = False) -> dict[str, Any]:
        """A contact calls this session's number; returns once the call is recorded."""
        if not self.is_connected:
            raise NotConnected(f"Session '{self.session_id}' is not connected", field="to")
        call_id = secrets.token_hex(16).upper()
        caller, at = user_jid(caller_phone), datetime.now(UTC)
        call: dict[str, Any] = {
            "callId": call_id,
            "sessionId": self.session_id,
            "from": caller_phone,
            "video": video,
            "status": "ringing",
            "at": at,
        }
        calls_of(self.network).calls[call_id] = call
        await self.sink(
            CallReceived(
                session_id=self.session_id,
                call_id=call_id,
                caller_id=caller,
                caller_phone=caller_phone,
                is_video=video,
                timestamp=at,
            )
        )
        return call

    async def reject_call(self, call_id: str, caller_id: str) -> None:
        if not self.is_connected:
            raise NotConnected(f"Session '{self.session_id}' is not connected", field="sessionId")
        call = calls_of(self.network).calls.get(call_id)
        if call is None or call["sessionId"] != self.session_id:
            raise NotFoundOnEngine(f"Call '{call_id}' not found", field="callId")
        if user_jid(call["from"]) != caller_id:
            raise NotFoundOnEngine(
                f"Call '{call_id}' was not placed by {caller_id}", field="callId"
            )
        call["status"] = "rejected"

    def call_status(self, call_id: str) -> dict[str, Any]:
        call = calls_of(self.network).calls.get(call_id)
        if call is None or call["sessionId"] != self.session_id:
            raise NotFoundOnEngine(f"Call '{call_id}' not found", field="callId")
        return call

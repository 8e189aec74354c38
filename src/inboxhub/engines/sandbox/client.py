"""A sandbox session: logs in by QR or pairing code, drops and reconnects like WhatsApp Web."""

from __future__ import annotations

import asyncio
import base64
import logging
import secrets
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any

from inboxhub.engines.base import Capability, EventSink, SessionConfig
from inboxhub.engines.events import (
    EngineEvent,
    LoggedOut,
    PairSuccess,
    QRCode,
    SessionState,
    StateChanged,
)
from inboxhub.engines.sandbox.calls import CallsMixin
from inboxhub.engines.sandbox.directory import DirectoryMixin
from inboxhub.engines.sandbox.groups import GroupsMixin
from inboxhub.engines.sandbox.messaging import MessagingMixin, confirm_delivery
from inboxhub.engines.sandbox.network import Credentials, SandboxNetwork
from inboxhub.engines.sandbox.statuses import StatusesMixin

log = logging.getLogger(__name__)


class SandboxClient(MessagingMixin, DirectoryMixin, GroupsMixin, StatusesMixin, CallsMixin):
    capabilities = frozenset(Capability) - {Capability.TOKEN_LOGIN, Capability.TEMPLATES}

    def __init__(self, config: SessionConfig, sink: EventSink, network: SandboxNetwork) -> None:
        super().__init__(config, sink)
        self.network = network
        self._tasks: set[asyncio.Task[Any]] = set()
        self._login_task: asyncio.Task[None] | None = None

    # ---- plumbing -----------------------------------------------------------------------------

    def _spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro, name=f"sandbox:{self.session_id}:{name}")
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("sandbox task %s failed", task.get_name(), exc_info=task.exception())

    def cancel_tasks(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()
        self._login_task = None

    async def emit(self, event: EngineEvent) -> None:
        await self.sink(event)

    async def _set_state(self, state: SessionState, reason: str | None = None) -> None:
        self.state = state
        if state != "connected" and reason:
            self.last_disconnect_reason = reason
        if state != "qr_code":
            self.qr_code = None
            self.qr_expires_at = None
        self.last_activity = datetime.now(UTC)
        await self.emit(
            StateChanged(
                session_id=self.session_id,
                state=state,
                reason=reason,
                phone_number=self.phone_number,
                push_name=self.push_name,
            )
        )
        if state == "connected":
            self._spawn(self._collect_kept(), "redeliver")

    async def _collect_kept(self) -> None:
        """Like a phone coming back online: what the network kept for it arrives now, and the
        sessions whose messages it kept hear "delivered"."""
        kept = await self.network.mailbox.redeliver(self)
        confirm_delivery(self.network, self.session_id, kept)

    # ---- lifecycle ----------------------------------------------------------------------------

    async def connect(self) -> None:
        if self.state in ("connecting", "qr_code", "connected"):
            return
        await self._set_state("connecting")
        credentials = self.network.load_credentials(self.session_id)
        if credentials is not None:
            self._login_task = self._spawn(self._resume(credentials), "resume")
        else:
            self._login_task = self._spawn(self._show_qr_codes(), "qr")

    async def _resume(self, credentials: Credentials, delay: float = 0.0) -> None:
        if delay:
            await asyncio.sleep(delay)
        self.phone_number = credentials.phone_number
        self.push_name = credentials.push_name
        try:
            self.network.claim_phone(credentials.phone_number, self)
        except Exception:
            await self._set_state("disconnected", "phone_in_use")
            return
        self.network.clients[self.session_id] = self
        await self._set_state("connected")

    async def _show_qr_codes(self) -> None:
        for _ in range(self.network.qr_max_rotations):
            ref = self.network.new_qr_ref(self)
            keys = ",".join(base64.b64encode(secrets.token_bytes(32)).decode() for _ in range(3))
            self.qr_code = f"{ref},{keys}"
            self.qr_expires_at = datetime.now(UTC) + timedelta(seconds=self.network.qr_ttl)
            first = self.state != "qr_code"
            # The state itself changes with its own event (below), which is then already on its
            # way to the database when anyone sees ``qr_code``.
            await self.emit(
                QRCode(session_id=self.session_id, code=self.qr_code, expires_at=self.qr_expires_at)
            )
            if first:
                await self._set_state("qr_code")
            await asyncio.sleep(self.network.qr_ttl)
            self.network.qr_refs.pop(ref, None)
        self.network.forget_login(self)
        self._login_task = None
        await self._set_state("disconnected", "qr_timeout")

    async def link(self, phone_number: str, push_name: str | None) -> None:
        """The phone scanned this session's QR (or typed its pairing code)."""
        self.network.claim_phone(phone_number, self)
        if self._login_task is not None:
            self._login_task.cancel()
            self._login_task = None
        self.network.forget_login(self)
        self.phone_number = phone_number
        self.push_name = push_name
        self.network.save_credentials(self.session_id, Credentials(phone_number, push_name))
        await self.emit(
            PairSuccess(session_id=self.session_id, phone_number=phone_number, push_name=push_name)
        )
        await self._set_state("connected")

    async def request_pairing_code(self, phone_number: str) -> str:
        if self.state == "connected":
            from inboxhub.errors import Conflict

            raise Conflict("The session is already linked", field="phoneNumber")
        if self.state not in ("connecting", "qr_code"):
            await self.connect()
        return self.network.new_pairing_code(self, phone_number)

    async def disconnect(self) -> None:
        self.cancel_tasks()
        self.network.forget_login(self)
        self.network.release_phone(self)
        if self.state != "disconnected":
            await self._set_state("disconnected", "disconnected")

    async def logout(self) -> None:
        await self.disconnect()
        self.network.forget_credentials(self.session_id)
        self.network.mailbox.forget(self.session_id)
        self.phone_number = None
        self.last_disconnect_reason = "logged_out"
        await self.emit(LoggedOut(session_id=self.session_id, reason="logged_out"))

    # ---- fault injection (sandbox API) --------------------------------------------------------

    async def drop_connection(self) -> None:
        """The network went away: WhatsApp Web reconnects by itself, and so does this."""
        if self.state != "connected":
            return
        self.network.release_phone(self)
        await self._set_state("disconnected", "connection_lost")
        credentials = self.network.load_credentials(self.session_id)
        if credentials is not None:
            self._spawn(self._reconnect(credentials), "reconnect")

    async def _reconnect(self, credentials: Credentials) -> None:
        await asyncio.sleep(self.network.reconnect_delay)
        if self.state != "disconnected":
            return
        await self._set_state("connecting")
        await self._resume(credentials)

    async def remote_logout(self) -> None:
        """The user unlinked this device from the phone."""
        self.cancel_tasks()
        self.network.release_phone(self)
        self.network.forget_credentials(self.session_id)
        self.network.mailbox.forget(self.session_id)
        self.phone_number = None
        await self.emit(LoggedOut(session_id=self.session_id, reason="logged_out_from_phone"))
        await self._set_state("disconnected", "logged_out_from_phone")


__all__ = ["SandboxClient"]

"""The sandbox network: linked phones, login QR references, pairing codes and stored credentials."""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inboxhub.engines.base import Engine, EngineClient, EventSink, SessionConfig
from inboxhub.engines.sandbox.mailbox import Mailbox
from inboxhub.errors import Conflict, NotFound, ValidationFailed

if TYPE_CHECKING:
    from inboxhub.engines.base import EngineHost
    from inboxhub.engines.sandbox.client import SandboxClient
    from inboxhub.engines.sandbox.world import World

_PAIR_ALPHABET = "ABCDEFGHJKLMNPQRSTVWXYZ123456789"

log = logging.getLogger(__name__)


@dataclass
class Credentials:
    """What a linked sandbox device keeps, like whatsmeow's device store."""

    phone_number: str
    push_name: str | None = None


@dataclass
class SandboxNetwork:
    store_dir: Path
    qr_ttl: float
    qr_max_rotations: int
    reconnect_delay: float
    clients: dict[str, SandboxClient] = field(default_factory=dict)
    by_phone: dict[str, SandboxClient] = field(default_factory=dict)
    qr_refs: dict[str, SandboxClient] = field(default_factory=dict)
    pairing_codes: dict[str, tuple[SandboxClient, str]] = field(default_factory=dict)
    # Feature state shared by the sandbox's mixins (groups, statuses, address books…).
    state: dict[str, Any] = field(default_factory=dict)
    # What the network keeps for each session until it is stored (survives restarts).
    mailbox: Mailbox = field(init=False)
    # Every linked device's number, connected or not: what is sent to a device that is offline
    # waits for it, as on WhatsApp, instead of going to a simulated contact of that number.
    linked: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.mailbox = Mailbox(self.store_dir / "mailbox")
        self.linked = {}
        for path in sorted(self.store_dir.glob("*.json")):
            credentials = self.load_credentials(path.stem)
            if credentials is not None:
                self.linked[credentials.phone_number] = path.stem

    # ---- credentials --------------------------------------------------------------------------

    def _credentials_path(self, session_id: str) -> Path:
        return self.store_dir / f"{session_id}.json"

    def load_credentials(self, session_id: str) -> Credentials | None:
        path = self._credentials_path(session_id)
        try:
            data = json.loads(path.read_text())
            return Credentials(phone_number=data["phone_number"], push_name=data.get("push_name"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("unreadable sandbox credentials for session %s", session_id)
            return None

    def save_credentials(self, session_id: str, credentials: Credentials) -> None:
        self.store_dir.mkdir(parents=True, exist_ok=True)
        path = self._credentials_path(session_id)
        path.write_text(
            json.dumps(
                {"phone_number": credentials.phone_number, "push_name": credentials.push_name}
            )
        )
        path.chmod(0o600)
        self.linked[credentials.phone_number] = session_id

    def forget_credentials(self, session_id: str) -> None:
        self._credentials_path(session_id).unlink(missing_ok=True)
        for phone in [p for p, owner in self.linked.items() if owner == session_id]:
            del self.linked[phone]

    # ---- login --------------------------------------------------------------------------------

    def new_qr_ref(self, client: SandboxClient) -> str:
        ref = "2@" + secrets.token_urlsafe(24)
        self.qr_refs[ref] = client
        return ref

    def new_pairing_code(self, client: SandboxClient, phone_number: str) -> str:
        for code, (owner, _) in list(self.pairing_codes.items()):
            if owner is client:
                del self.pairing_codes[code]
        code = "".join(secrets.choice(_PAIR_ALPHABET) for _ in range(8))
        self.pairing_codes[code] = (client, phone_number)
        return code

    def forget_login(self, client: SandboxClient) -> None:
        for ref, owner in list(self.qr_refs.items()):
            if owner is client:
                del self.qr_refs[ref]
        for code, (owner, _) in list(self.pairing_codes.items()):
            if owner is client:
                del self.pairing_codes[code]

    def resolve_login(
        self, *, qr: str | None, code: str | None, phone_number: str | None
    ) -> tuple[SandboxClient, str]:
        """The session a scanned QR (or typed pairing code) belongs to, and the phone that links."""
        if qr:
            # The QR text is "ref,noiseKey,identityKey,advSecret" like WhatsApp's; the ref decides.
            client = self.qr_refs.get(qr.split(",", 1)[0].strip())
            if client is None:
                raise NotFound("This QR code is not valid or has expired", field="qr")
            if not phone_number:
                raise ValidationFailed(
                    "phoneNumber is required to scan a QR code", field="phoneNumber"
                )
            return client, phone_number
        if code:
            entry = self.pairing_codes.get(code.replace("-", "").strip().upper())
            if entry is None:
                raise NotFound("This pairing code is not valid or has expired", field="code")
            client, phone = entry
            if phone_number and phone_number != phone:
                raise ValidationFailed(
                    "The pairing code was requested for another number", field="phoneNumber"
                )
            return client, phone
        raise ValidationFailed(
            "Give the text of the QR code (qr) or a pairing code (code)", field="qr"
        )

    def claim_phone(self, phone_number: str, client: SandboxClient) -> None:
        owner = self.by_phone.get(phone_number)
        if owner is not None and owner is not client and owner.is_connected:
            raise Conflict(
                f"The number {phone_number} is already linked to session {owner.session_id}",
                field="phoneNumber",
            )
        self.by_phone[phone_number] = client

    def release_phone(self, client: SandboxClient) -> None:
        if client.phone_number and self.by_phone.get(client.phone_number) is client:
            del self.by_phone[client.phone_number]

    def client_for(self, target: str) -> SandboxClient | None:
        """A sandbox session by its sessionId or by the phone number it is linked to."""
        return self.clients.get(target) or self.by_phone.get(target.split("@", 1)[0].lstrip("+"))


def sandbox_engine(runtime: EngineHost) -> Engine:
    """The sandbox in this process, or a connection to the cluster's network process when
    ``INBOXHUB_SANDBOX_URL`` names one."""
    if runtime.settings.sandbox_url:
        from inboxhub.engines.sandbox.remote import RemoteSandboxEngine

        return RemoteSandboxEngine(runtime)
    return SandboxEngine(runtime)


class SandboxEngine(Engine):
    name = "sandbox"

    def __init__(self, runtime: EngineHost) -> None:
        from inboxhub.engines.sandbox.world import LocalWorld

        settings = runtime.settings
        self.network = SandboxNetwork(
            store_dir=settings.data_dir / "sandbox",
            qr_ttl=settings.sandbox_qr_ttl_seconds,
            qr_max_rotations=settings.sandbox_qr_max_rotations,
            reconnect_delay=settings.sandbox_reconnect_delay_seconds,
        )
        # What the virtual phone asks of the network as a whole.
        self.world: World = LocalWorld(self.network)

    def client(self, config: SessionConfig, sink: EventSink) -> EngineClient:
        from inboxhub.engines.sandbox.client import SandboxClient

        client = SandboxClient(config, sink, self.network)
        self.network.clients[config.session_id] = client
        return client

    async def stop(self) -> None:
        for client in list(self.network.clients.values()):
            client.cancel_tasks()
        self.network.clients.clear()
        self.network.by_phone.clear()
        self.network.mailbox.close()

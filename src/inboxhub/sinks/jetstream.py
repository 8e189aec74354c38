"""NATS JetStream through nats-py: subject ``{prefix}.{org}.{sessionId}.{event}``, and a publish
counts only once a stream has stored it (JetStream's acknowledgement). ``Nats-Msg-Id`` is the
event id, so the server drops a second copy of an event that a retry sends again."""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.errors import NoStreamResponseError

from inboxhub.sinks.addresses import DEFAULT_DESTINATION, SCHEMES, credentials, subject
from inboxhub.sinks.channel import BrokerChannel, PublishFailed, host_of
from inboxhub.ssrf import resolve_checked
from inboxhub.webhooks.queue import Job

log = logging.getLogger(__name__)


@dataclass
class NatsLink:
    client: Client
    jetstream: JetStreamContext


class JetStreamChannel(BrokerChannel[NatsLink]):
    sink_type = "nats"

    async def _open(self, url: str) -> NatsLink:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or SCHEMES["nats"][parts.scheme.lower()]
        user, password = credentials(url)
        auth: dict[str, str] = {}
        if user and password:
            auth = {"user": user, "password": password}
        elif user:
            auth = {"token": user}
        tls = ssl.create_default_context() if parts.scheme.lower() == "tls" else None
        shown = host_of(url)

        async def quiet(exc: Exception) -> None:
            # nats-py's default logs every error with its traceback; one line, host only.
            log.debug("NATS connection to %s: %s", shown, type(exc).__name__)

        error: Exception | None = None
        # The name is resolved once and each address checked; the client is given the address.
        for address in await resolve_checked(
            host, port, allow_private=self.settings.allow_private_targets
        ):
            literal = f"[{address}]" if ":" in address else address
            try:
                client = await nats.connect(
                    servers=[f"nats://{literal}:{port}"],
                    name="inboxhub",
                    # The next attempt reconnects, through the guard: no reconnecting on its
                    # own, nor to the other servers a cluster announces.
                    allow_reconnect=False,
                    connect_timeout=max(1, int(self.settings.webhook_timeout_seconds)),
                    tls=tls,
                    tls_hostname=host if tls else None,
                    error_cb=quiet,
                    **auth,
                )
            except Exception as exc:
                error = exc
                continue
            return NatsLink(client, client.jetstream(timeout=self.settings.webhook_timeout_seconds))
        raise PublishFailed(f"could not connect to {host}:{port}: {error}")

    def _usable(self, link: NatsLink) -> bool:
        return link.client.is_connected

    async def _close(self, link: NatsLink) -> None:
        await link.client.close()

    async def _publish(self, link: NatsLink, job: Job, headers: dict[str, str]) -> str:
        name = subject(
            job.destination or DEFAULT_DESTINATION,
            job.organization_id,
            job.session_id,
            job.event_type,
        )
        try:
            ack = await link.jetstream.publish(
                name, job.body, headers={**headers, "Nats-Msg-Id": job.event_id}
            )
        except NoStreamResponseError as exc:
            raise PublishFailed(f"no JetStream stream takes subject {name!r}") from exc
        stored = f"stored in stream {ack.stream!r} at sequence {ack.seq}"
        if ack.duplicate:
            return f"{stored}: already there (a retry's copy, dropped by the server)"
        return stored

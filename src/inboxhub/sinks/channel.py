"""What the two broker channels share: one connection per sink, kept open between deliveries,
opened again after a failure; each publish one attempt of a delivery, as a webhook's POST is.

A broker that is down fails every attempt fast (the connection is refused), and the outbox
retries them with its backoff; the deliveries wait in the database meanwhile. Concurrent
deliveries to a sink share one connection attempt: while the broker is down they do not each
knock on it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from inboxhub.config import Settings
from inboxhub.errors import ApiError
from inboxhub.sinks.addresses import guard, scrub
from inboxhub.webhooks.delivery import Response
from inboxhub.webhooks.queue import Job

log = logging.getLogger(__name__)

L = TypeVar("L")
# A connection attempt that failed this recently answers the deliveries waiting for it.
_FAILURE_MEMORY_SECONDS = 0.5
# A sink's connection unused this long is closed (the sink may be gone or changed).
_IDLE_SECONDS = 600.0


class PublishFailed(Exception):
    """The broker did not take the message (a negative confirm, an error from the stream)."""


def host_of(url: str | None) -> str:
    # Logs name the host only: the URL carries the broker's credentials.
    try:
        return urlsplit(url or "").hostname or "?"
    except ValueError:
        return "?"


@dataclass
class _Slot(Generic[L]):
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    link: L | None = None
    url: str | None = None
    failed_at: float = 0.0
    error: str | None = None
    used_at: float = field(default_factory=time.monotonic)


class BrokerChannel(ABC, Generic[L]):
    """Publishes a sink's deliveries; ``L`` is one open connection to its broker."""

    sink_type: str

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._slots: dict[int, _Slot[L]] = {}
        self._swept_at = time.monotonic()

    # ---- what each broker does ---------------------------------------------------------------

    @abstractmethod
    async def _open(self, url: str) -> L: ...

    @abstractmethod
    def _usable(self, link: L) -> bool: ...

    @abstractmethod
    async def _close(self, link: L) -> None: ...

    @abstractmethod
    async def _publish(self, link: L, job: Job, headers: dict[str, str]) -> str:
        """Publish and wait for the broker to take it; answers what the delivery log shows."""

    # ---- the attempt -------------------------------------------------------------------------

    async def send(self, job: Job) -> Response:
        started_at = datetime.now(UTC)
        clock = time.perf_counter()
        result = Response(started_at=started_at, duration_ms=0)
        url = job.url or ""
        try:
            # The whole attempt, connecting included, is bounded like a webhook's.
            async with asyncio.timeout(self.settings.webhook_timeout_seconds):
                link = await self._link(job.subscription_id, url)
                try:
                    headers = job.headers(timestamp=int(time.time()))
                    result.body = await self._publish(link, job, headers)
                    result.delivered = True
                except BaseException:
                    # Whatever state the connection is in, the next attempt starts afresh.
                    await self._drop(job.subscription_id, link)
                    raise
        except ApiError as exc:
            result.error = exc.message[:500]
        except TimeoutError:
            result.error = f"no answer within {self.settings.webhook_timeout_seconds:g} s"
        except PublishFailed as exc:
            result.error = scrub(str(exc), url)[:500]
        except Exception as exc:
            result.error = scrub(describe_error(exc), url)[:500]
        result.duration_ms = int((time.perf_counter() - clock) * 1000)
        self._sweep()
        return result

    async def _link(self, sink_id: int, url: str) -> L:
        slot = self._slots.setdefault(sink_id, _Slot())
        slot.used_at = time.monotonic()
        if slot.link is not None and slot.url == url and self._usable(slot.link):
            return slot.link
        async with slot.lock:
            if slot.link is not None and slot.url == url and self._usable(slot.link):
                return slot.link
            if slot.link is not None:
                old, slot.link = slot.link, None
                await self._quietly_close(old)
            recent = time.monotonic() - slot.failed_at < _FAILURE_MEMORY_SECONDS
            if slot.error is not None and slot.url == url and recent:
                raise PublishFailed(slot.error)
            slot.url = url
            try:
                # Checked at every connection: the name may resolve elsewhere by now.
                await guard(url, self.sink_type, allow_private=self.settings.allow_private_targets)
                slot.link = await self._open(url)
            except ApiError as exc:
                slot.failed_at, slot.error = time.monotonic(), exc.message
                raise
            except Exception as exc:
                slot.failed_at, slot.error = time.monotonic(), describe_error(exc)
                raise
            slot.error = None
            log.info("connected to the %s broker at %s", self.sink_type, host_of(url))
            return slot.link

    async def _drop(self, sink_id: int, link: L) -> None:
        slot = self._slots.get(sink_id)
        if slot is not None and slot.link is link:
            slot.link = None
        await self._quietly_close(link)

    async def _quietly_close(self, link: L) -> None:
        try:
            async with asyncio.timeout(2.0):
                await self._close(link)
        except Exception:  # a broken connection may fail to close; it is gone either way
            log.debug("closing a %s connection failed", self.sink_type, exc_info=True)

    def _sweep(self) -> None:
        now = time.monotonic()
        if now - self._swept_at < 60.0:
            return
        self._swept_at = now
        for sink_id, slot in list(self._slots.items()):
            if now - slot.used_at > _IDLE_SECONDS and not slot.lock.locked():
                del self._slots[sink_id]
                if slot.link is not None:
                    link = slot.link
                    task = asyncio.create_task(self._quietly_close(link))
                    _closing.add(task)
                    task.add_done_callback(_closing.discard)

    async def aclose(self) -> None:
        slots, self._slots = self._slots, {}
        for slot in slots.values():
            if slot.link is not None:
                await self._quietly_close(slot.link)


_closing: set[asyncio.Task[None]] = set()


def describe_error(exc: BaseException) -> str:
    text = str(exc)
    name = type(exc).__name__
    return f"{name}: {text}" if text else name

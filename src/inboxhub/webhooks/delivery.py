"""One HTTP attempt of a delivery, and what to do after it (retry when, give up, disable).

Requests go through ``transport.GuardedTransport``, which connects only to addresses the SSRF
guard has just checked. Redirects are never followed: a 3xx is a failed attempt, as the Standard
Webhooks spec says.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from inboxhub.config import Settings
from inboxhub.errors import ApiError
from inboxhub.ssrf import guard_url, private_allowed
from inboxhub.webhooks.transport import GuardedTransport, TransportError

EXCERPT_BYTES = 1024
log = logging.getLogger(__name__)


def _host(url: str) -> str:
    # Query strings may carry receivers' tokens: logs name the host only.
    return urlsplit(url).hostname or "?"


@dataclass
class Response:
    """How one attempt ended."""

    started_at: datetime
    duration_ms: int
    status_code: int | None = None
    body: str | None = None
    error: str | None = None
    retry_after: float | None = None
    # Taken by a receiver that answers without an HTTP status (a message broker's confirm).
    delivered: bool = False

    @property
    def ok(self) -> bool:
        if self.delivered:
            return True
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def gone(self) -> bool:
        return self.status_code == 410


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


class Sender:
    """POSTs signed bodies; one connection pool shared by every delivery of the process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.transport = GuardedTransport(
            allow_private=settings.allow_private_targets,
            own_base_url=settings.public_base_url,
        )

    async def aclose(self) -> None:
        await self.transport.aclose()

    async def post(self, url: str, *, body: bytes, headers: dict[str, str]) -> Response:
        started_at = datetime.now(UTC)
        clock = time.perf_counter()
        result = Response(started_at=started_at, duration_ms=0)
        try:
            allow = private_allowed(
                url,
                allow_private=self.settings.allow_private_targets,
                public_base_url=self.settings.public_base_url,
            )
            await guard_url(url, allow_private=allow, resolve=False)
            # The whole attempt, not each read, is bounded: a receiver that trickles bytes still fails.
            async with asyncio.timeout(self.settings.webhook_timeout_seconds):
                answer = await self.transport.post(url, body=body, headers=headers)
            result.status_code = answer.status_code
            result.retry_after = parse_retry_after(
                answer.headers.get("retry-after"), now=time.time()
            )
            result.body = answer.body[:EXCERPT_BYTES].decode("utf-8", "replace")
            if 300 <= answer.status_code < 400:
                location = answer.headers.get("location", "")
                result.error = f"redirect to {location[:200]!r} not followed"[:500]
        except ApiError as exc:
            result.error = exc.message[:500]
        except TimeoutError:
            result.error = f"no answer within {self.settings.webhook_timeout_seconds:g} s"
        except TransportError as exc:
            result.error = (f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)[
                :500
            ]
        except Exception as exc:
            # Whatever a receiver does, the attempt is logged and the worker carries on.
            log.exception("webhook attempt to %s failed unexpectedly", _host(url))
            result.error = f"unexpected error: {type(exc).__name__}"
        result.duration_ms = int((time.perf_counter() - clock) * 1000)
        return result


def retry_delay(settings: Settings, *, attempts: int, retry_after: float | None) -> float | None:
    """Seconds until the next attempt after ``attempts`` failed ones; None: dead-letter it."""
    schedule = settings.webhook_retry_schedule
    if attempts > len(schedule):
        return None
    delay = schedule[attempts - 1]
    jitter = settings.webhook_retry_jitter
    if jitter > 0 and delay > 0:
        delay *= random.uniform(1 - jitter, 1 + jitter)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.webhook_max_retry_after_seconds))
    return delay

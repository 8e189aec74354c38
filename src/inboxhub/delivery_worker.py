"""The webhook delivery worker: takes due deliveries from the outbox and sends them.

A claim loop takes due deliveries and starts one task per run (a chat's deliveries, sent one
after the other); a writer loop records the results in batches, one transaction per batch. A
commit that queued deliveries wakes the claim loop at once (in this process through the outbox
hook, from other processes through PostgreSQL ``NOTIFY``); a slow poll is only the backstop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from datetime import timedelta
from typing import Any

from inboxhub.config import Settings
from inboxhub.db import Database, utcnow
from inboxhub.metrics import Metrics
from inboxhub.sinks.channel import BrokerChannel
from inboxhub.sinks.delivery import open_channel
from inboxhub.webhooks import queue, results
from inboxhub.webhooks.delivery import Response, Sender
from inboxhub.webhooks.outbox import NOTIFY_CHANNEL
from inboxhub.webhooks.subscribers import BROKER_KINDS

log = logging.getLogger(__name__)

_BACKLOG_SECONDS = 10.0
_PURGE_SECONDS = 3600.0
_CLAIM_LINGER_SECONDS = 0.003


class DeliveryWorker:
    def __init__(
        self,
        settings: Settings,
        database: Database,
        metrics: Metrics,
        *,
        node_id: str | None = None,
    ) -> None:
        self.settings = settings
        self.database = database
        self.metrics = metrics
        self.token = queue.claim_token(node_id)
        self.sender = Sender(settings)
        # Subscriber kind -> the channel that publishes to its message broker instead of POSTing.
        self.channels: dict[str, BrokerChannel[Any]] = {}
        self._wake = asyncio.Event()
        self._results: list[results.Result] = []
        self._results_ready = asyncio.Event()
        # Claimed and not yet recorded: every delivery, and the runs by their head's id.
        self._in_flight: dict[int, queue.Job] = {}
        self._runs: dict[int, list[queue.Job]] = {}
        self._attempts: set[asyncio.Task[None]] = set()
        self._loops: list[asyncio.Task[None]] = []
        self._retry_at: float | None = None
        self._stopping = False
        self._stop = asyncio.Event()
        self._listen_connection: Any = None
        # Read by the metrics endpoint; refreshed by the housekeeping loop.
        self.backlog: dict[str, float] = {"pending": 0.0}
        self.backlog_age: dict[str, float] = {"seconds": 0.0}

    @property
    def in_flight(self) -> int:
        return len(self._runs)

    def wake(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        if self.database.is_sqlite:
            # SQLite has one worker: a claim left in the file is a dead process's.
            await queue.release(self.database, token=None)
        else:
            await self._listen()
        self._loops = [
            asyncio.create_task(self._claim_loop(), name="webhooks:claim"),
            asyncio.create_task(self._write_loop(), name="webhooks:write"),
            asyncio.create_task(self._housekeeping_loop(), name="webhooks:housekeeping"),
        ]

    async def stop(self, *, grace: float | None = None) -> None:
        """Finish what is in flight (for a moment), record it, give back the rest of the claims.

        The loops are never cancelled inside a transaction: they see ``_stopping`` and return.
        """
        self._stopping = True
        self._stop.set()
        self.wake()
        if not self._loops:
            await self._close_senders()
            return
        claim_loop, write_loop, housekeeping = self._loops
        await claim_loop
        log.info("webhook worker stopping: %d delivery run(s) in flight", len(self._runs))
        if grace is None:
            grace = min(self.settings.webhook_timeout_seconds, 5.0)
        if self._attempts:
            await asyncio.wait(set(self._attempts), timeout=grace)
        for task in list(self._attempts):
            task.cancel()
        await asyncio.gather(*self._attempts, return_exceptions=True)
        self._results_ready.set()
        await write_loop
        await housekeeping
        unfinished = [job.delivery_id for job in self._in_flight.values()]
        if unfinished:
            # Sent or not, these go out again: receivers drop duplicates by the event id.
            with contextlib.suppress(Exception):
                await queue.release(self.database, token=self.token, ids=unfinished)
        log.info("webhook worker stopped: %d delivery(ies) left for retry", len(unfinished))
        await self._close_senders()
        if self._listen_connection is not None:
            with contextlib.suppress(Exception):
                await self._listen_connection.close()
            self._listen_connection = None

    def _channel(self, kind: str) -> BrokerChannel[Any]:
        channel = self.channels.get(kind)
        if channel is None:
            channel = self.channels[kind] = open_channel(kind, self.settings)
        return channel

    async def _close_senders(self) -> None:
        await self.sender.aclose()
        for channel in self.channels.values():
            await channel.aclose()

    # ---- claiming ----------------------------------------------------------------------------

    async def _claim_loop(self) -> None:
        while not self._stopping:
            self._wake.clear()
            free = self.settings.webhook_max_in_flight - len(self._runs)
            if free > 0:
                try:
                    runs = await queue.claim(
                        self.database,
                        self.settings,
                        token=self.token,
                        limit=free,
                        in_flight=Counter(run[0].subscription_id for run in self._runs.values()),
                        exclude=set(self._in_flight),
                    )
                except Exception:
                    log.exception("could not claim webhook deliveries")
                    runs = []
                for run in runs:
                    self._dispatch(run)
            await self._idle()

    async def _idle(self) -> None:
        timeout = self.settings.webhook_poll_interval_seconds
        if self._retry_at is not None:
            until_retry = self._retry_at - time.monotonic()
            if until_retry <= 0:
                self._retry_at = None
                return
            timeout = min(timeout, until_retry)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)
            # Commits come in quick succession under load: one claim then takes them all.
            await asyncio.sleep(_CLAIM_LINGER_SECONDS)

    def _dispatch(self, run: list[queue.Job]) -> None:
        """One task per run: a chain's deliveries one after the other, on one connection."""
        head = run[0]
        for job in run:
            self._in_flight[job.delivery_id] = job
        self._runs[head.delivery_id] = run
        task = asyncio.create_task(self._attempt(run), name=f"webhooks:delivery:{head.delivery_id}")
        self._attempts.add(task)
        task.add_done_callback(self._attempts.discard)

    async def _read_answer(self, job: queue.Job, response: Response) -> None:
        """A feature that owns the subscriber may act on its answer (the CRM naming an agent)."""
        target = queue.feature_target(job.kind)
        if target is None or not response.ok:
            return
        try:
            await target.answered(self.database, self.settings, job, response)
        except Exception:  # the delivery succeeded all the same
            log.exception("could not read the answer to delivery %s", job.delivery_id)

    async def _attempt(self, run: list[queue.Job]) -> None:
        done: list[results.Result] = []
        try:
            for job in run:
                response = None
                channel = self._channel(job.kind) if job.kind in BROKER_KINDS else None
                sender = queue.feature_sender(job.kind)
                if job.url is not None and channel is not None:
                    response = await channel.send(job)
                elif sender is not None:
                    response = await sender.send(self.database, self.settings, job)
                elif job.url is not None:
                    response = await self.sender.post(
                        job.url, body=job.body, headers=job.headers(timestamp=int(time.time()))
                    )
                    await self._read_answer(job, response)
                done.append(results.Result(job=job, response=response))
                if response is not None and not response.ok:
                    break  # the rest of the chain waits for this one's retry
            done += [results.Result(job=j, response=None, skipped=True) for j in run[len(done) :]]
        finally:
            self._results.extend(done)
            self._results_ready.set()

    # ---- recording results -------------------------------------------------------------------

    async def _write_loop(self) -> None:
        while True:
            await self._results_ready.wait()
            self._results_ready.clear()
            if self._results:
                batch, self._results = self._results, []
                await self._flush(batch)
            if self._stopping and all(task.done() for task in self._attempts):
                return

    async def _flush(self, batch: list[results.Result]) -> None:
        completion = None
        # A database that went away (restart, failover) gets until half the claim lease: after
        # that the deliveries are claimed again and sent again, which receivers tolerate.
        deadline = time.monotonic() + self.settings.webhook_claim_lease_seconds / 2
        delay = 0.1
        while completion is None:
            try:
                completion = await results.complete(
                    self.database, self.settings, token=self.token, results=batch
                )
            except Exception:
                log.exception("could not record %d webhook result(s)", len(batch))
                if time.monotonic() + delay > deadline:
                    break
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
        if completion is not None:
            self._count(batch, completion)
        # Unrecorded results stay claimed until the lease ends, then go out again.
        for result in batch:
            self._in_flight.pop(result.job.delivery_id, None)
            self._runs.pop(result.job.delivery_id, None)
        if completion is not None and completion.retry_at is not None:
            due = time.monotonic() + max(0.0, (completion.retry_at - utcnow()).total_seconds())
            if self._retry_at is None or due < self._retry_at:
                self._retry_at = due
        # The next delivery of each finished chain is due now, and slots are free again.
        self.wake()

    def _count(self, batch: list[results.Result], completion: results.Completion) -> None:
        now = utcnow()
        for result in batch:
            outcome = completion.outcomes.get(result.job.delivery_id, "lost")
            self.metrics.deliveries.labels(outcome).inc()
            if outcome == "succeeded":
                latency = (now - result.job.created_at).total_seconds()
                self.metrics.delivery_latency.observe(max(latency, 0.0))

    # ---- other processes and housekeeping ----------------------------------------------------

    async def _listen(self) -> None:
        with contextlib.suppress(Exception):
            import asyncpg  # type: ignore[import-untyped]

            url = self.database.engine.url.set(drivername="postgresql")
            connection = await asyncpg.connect(url.render_as_string(hide_password=False))
            await connection.add_listener(NOTIFY_CHANNEL, lambda *_: self.wake())
            self._listen_connection = connection

    async def _housekeeping_loop(self) -> None:
        purged_at = 0.0
        while not self._stopping:
            try:
                pending, oldest = await queue.backlog(self.database)
                self.backlog["pending"] = float(pending)
                age = (utcnow() - oldest).total_seconds() if oldest else 0.0
                self.backlog_age["seconds"] = max(age, 0.0)
            except Exception:
                log.exception("could not measure the webhook backlog")
            days = self.settings.event_retention_days
            if days > 0 and time.monotonic() - purged_at >= _PURGE_SECONDS:
                purged_at = time.monotonic()
                try:
                    removed = await queue.purge(
                        self.database, older_than=utcnow() - timedelta(days=days)
                    )
                    if removed:
                        log.info("removed %d event(s) older than %d days", removed, days)
                except Exception:
                    log.exception("could not remove old events")
            if self._listen_connection is not None and self._listen_connection.is_closed():
                self._listen_connection = None
            if self._listen_connection is None and not self.database.is_sqlite:
                await self._listen()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), _BACKLOG_SECONDS)

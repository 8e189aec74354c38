"""The webhook feature's running parts and its periodic jobs, started with the gateway.

Deliveries run inside the server (``INBOXHUB_EMBEDDED_WORKER``, the default) or alone
(``inboxhub worker``); the worker itself is ``delivery_worker.DeliveryWorker``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from inboxhub.cache import shared_cache, watched
from inboxhub.cloud_inbound import service as cloud_inbound
from inboxhub.config import Settings
from inboxhub.db import Database
from inboxhub.delivery_worker import DeliveryWorker
from inboxhub.metrics import Metrics
from inboxhub.runtime import Runtime
from inboxhub.webhooks.bus import EventBus, Published
from inboxhub.webhooks.outbox import OutboxHooks, attach, detach
from inboxhub.webhooks.subscribers import SubscriberCaches

_SUBSCRIPTION_TABLES = watched("webhook_subscriptions")
_ORGANIZATION_TABLES = watched("organizations")
_PRUNE_SECONDS = 3600.0

log = logging.getLogger(__name__)


@dataclass
class Webhooks:
    """The feature's singletons, in ``runtime.webhooks`` while the gateway runs."""

    bus: EventBus
    worker: DeliveryWorker | None


async def _prune_cloud_notifications(runtime: Runtime) -> None:
    """Forget Meta's notifications and their dedupe keys once Meta can no longer redeliver them."""
    retention = timedelta(days=runtime.settings.cloud_webhook_retention_days)
    while True:
        try:
            async with runtime.database.sessionmaker() as db, db.begin():
                await cloud_inbound.prune(db, retention=retention)
        except Exception:  # the next round tries again; receiving must not depend on it
            log.exception("could not prune old Cloud API webhook notifications")
        await asyncio.sleep(_PRUNE_SECONDS)


async def start(runtime: Runtime) -> None:
    if "cloud" in (runtime.settings.engine, *runtime.settings.enabled_engines):
        runtime.cloud_pruning = asyncio.create_task(
            _prune_cloud_notifications(runtime), name="cloud:prune"
        )
    bus = EventBus()
    worker = (
        DeliveryWorker(
            runtime.settings, runtime.database, runtime.metrics, node_id=runtime.cluster.node_id
        )
        if runtime.settings.embedded_worker
        else None
    )
    if worker is not None:
        runtime.metrics.gauge(
            "inboxhub_webhook_outbox", "Webhook deliveries waiting", "", lambda: worker.backlog
        )
        runtime.metrics.gauge(
            "inboxhub_webhook_outbox_age_seconds",
            "How long the oldest waiting delivery has waited",
            "",
            lambda: worker.backlog_age,
        )

    def committed(events: list[Published], queued: bool) -> None:
        if events:
            bus.push(events)
            runtime.cluster.tell("events", {str(event.organization_id) for event in events})
        if queued and worker is not None:
            worker.wake()

    attach(
        runtime.database,
        OutboxHooks(
            settings=runtime.settings,
            on_commit=committed,
            subscribers=SubscriberCaches(
                organizations=shared_cache(
                    runtime, "organization_webhooks", _SUBSCRIPTION_TABLES, inserts=True
                ),
                sessions=shared_cache(
                    runtime, "session_webhooks", _SUBSCRIPTION_TABLES, inserts=True
                ),
                # The operator's organization decides, and the operator can change.
                frappe=shared_cache(runtime, "frappe_allowed", _ORGANIZATION_TABLES, inserts=True),
            ),
        ),
    )
    # Events other nodes committed reach this node's live streams through the database.
    runtime.cluster.announcer.on(
        "events", lambda orgs: bus.catch_up({int(org) for org in orgs if org.isdigit()} or None)
    )
    runtime.webhooks = Webhooks(bus=bus, worker=worker)
    if worker is not None:
        await worker.start()


async def stop(runtime: Runtime) -> None:
    pruning, runtime.cloud_pruning = runtime.cloud_pruning, None
    if pruning is not None:
        pruning.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pruning
    feature, runtime.webhooks = runtime.webhooks, None
    if feature is not None:
        feature.bus.shutdown()
        if feature.worker is not None:
            await feature.worker.stop()
    detach(runtime.database)


def end_streams(runtime: Runtime) -> None:
    """The gateway is asked to stop: live event streams end now (clients resume with
    ``Last-Event-ID``) instead of holding the stop until its grace period runs out."""
    if runtime.webhooks is not None:
        runtime.webhooks.bus.shutdown()


async def run_standalone(settings: Settings) -> None:
    """``inboxhub worker``: deliver webhooks until SIGINT/SIGTERM, without serving the API."""
    import signal

    from inboxhub.migrate import upgrade_async

    # Listening first: a stop asked for while the database is still being reached is a clean one.
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopped.set)
    await upgrade_async(settings.resolved_database_url)
    if stopped.is_set():
        return
    database = Database(settings.resolved_database_url, settings.database_pool_size)
    worker = DeliveryWorker(settings, database, Metrics())
    attach(
        database,
        OutboxHooks(settings=settings, on_commit=lambda _events, queued: worker.wake()),
    )
    await worker.start()
    log.info("webhook worker running")
    try:
        await stopped.wait()
    finally:
        await worker.stop()
        detach(database)
        await database.dispose()

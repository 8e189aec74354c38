"""The outbox as a queue: claiming due deliveries, giving claims back, measuring and pruning it.

Only the head of a chain (subscriber + ordering key) can be claimed: a delivery waits while an
earlier one of its chain is pending, whether that one is being sent, waiting for its next try or
belongs to a paused subscriber. On PostgreSQL several workers share the queue: candidates are
locked ``FOR UPDATE SKIP LOCKED`` and claimed with a lease. SQLite has a single worker.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import (
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.config import Settings
from inboxhub.db import Database, utcnow
from inboxhub.webhooks import queries, signing
from inboxhub.webhooks.models import Event, WebhookDelivery, WebhookSubscription
from inboxhub.webhooks.queries import PENDING

if TYPE_CHECKING:
    from inboxhub.webhooks.delivery import Response

log = logging.getLogger(__name__)

D = WebhookDelivery
S = WebhookSubscription
# Deliveries one claim takes at most (heads and the runs behind them).
_CLAIM_BUDGET = 2000


@dataclass
class Job:
    """A claimed delivery with everything needed to send it."""

    delivery_id: int
    subscription_id: int
    organization_id: int
    kind: str
    attempts: int
    ordering_key: str | None
    event_id: str
    event_type: str
    session_id: str | None
    created_at: datetime
    url: str | None
    secret: str | None
    body: bytes
    payload: dict[str, Any] = field(default_factory=dict)
    extra_headers: dict[str, str] = field(default_factory=dict)
    # A broker sink's exchange or subject prefix.
    destination: str | None = None

    def headers(self, *, timestamp: int) -> dict[str, str]:
        standard = signing.headers(
            event_id=self.event_id,
            event_type=self.event_type,
            session_id=self.session_id,
            body=self.body,
            secret=self.secret,
            timestamp=timestamp,
            attempt=self.attempts + 1,
        )
        return {**standard, **self.extra_headers}


class FeatureTarget(Protocol):
    """A subscriber kind another feature owns (the handover's CRM): it addresses and shapes each
    request when it is sent, and reads what the receiver answered."""

    async def shape(self, db: AsyncSession, settings: Settings, job: Job) -> None: ...

    async def answered(
        self, database: Database, settings: Settings, job: Job, response: Response
    ) -> None: ...


class FeatureSender(Protocol):
    """A subscriber kind another feature delivers itself, in its own requests (Chatwoot's API):
    the worker claims, orders, retries and logs its deliveries like any other."""

    async def send(self, database: Database, settings: Settings, job: Job) -> Response: ...


# Kind -> "module:attribute", imported when first needed (a standalone worker knows them too).
FEATURE_TARGETS = {"crm": "inboxhub.handover.delivery:crm_target"}
FEATURE_SENDERS = {"chatwoot": "inboxhub.chatwoot.delivery:chatwoot_sender"}


def _imported(ref: str) -> Any:
    module, _, attribute = ref.partition(":")
    return getattr(importlib.import_module(module), attribute)


def feature_target(kind: str) -> FeatureTarget | None:
    ref = FEATURE_TARGETS.get(kind)
    if ref is None:
        return None
    target: FeatureTarget = _imported(ref)
    return target


def feature_sender(kind: str) -> FeatureSender | None:
    ref = FEATURE_SENDERS.get(kind)
    if ref is None:
        return None
    sender: FeatureSender = _imported(ref)
    return sender


async def _followers(
    db: AsyncSession, settings: Settings, heads: list[int], now: datetime, *, lateral: bool
) -> dict[int, list[int]]:
    """For each head, the deliveries right behind it in its chain that can go in the same run.

    A run stops before anything not yet due or claimed elsewhere: order is never skipped over.
    """
    run = max(settings.webhook_chain_run, 1)
    if run == 1 or not heads:
        return {}
    # However long the backlog, one claim stays small enough to be quick.
    run = min(run, max(1, _CLAIM_BUDGET // len(heads)))
    statement = queries.FOLLOWERS_LATERAL if lateral else queries.FOLLOWERS
    rows = (await db.execute(statement, {"heads": heads, "run": run})).all()
    by_chain: dict[tuple[int, str], list[Any]] = {}
    for row in rows:
        by_chain.setdefault((row[3], row[4]), []).append(row)
    followers: dict[int, list[int]] = {}
    head_set = set(heads)
    for members in by_chain.values():
        head = members[0][0]
        if head not in head_set:
            continue
        taken = []
        for member in members[1:]:
            if member[1] > now or (member[2] is not None and member[2] >= now):
                break
            taken.append(member[0])
        followers[head] = taken
    return followers


async def claim(
    database: Database,
    settings: Settings,
    *,
    token: str,
    limit: int,
    in_flight: Counter[int],
    exclude: set[int],
) -> list[list[Job]]:
    """Claim up to ``limit`` runs: a chain's head and the deliveries right behind it, in order.

    On PostgreSQL the claim is written (a lease other workers respect). SQLite has a single
    worker, which keeps its claims in memory (``exclude``): claiming there costs no write, so
    no wait for the database's one writer.
    """
    now = utcnow()
    per_subscription = max(settings.webhook_max_in_flight_per_subscription, 1)
    full = [sid for sid, n in in_flight.items() if n >= per_subscription]
    busy = sum(in_flight.values()) if database.is_sqlite else 0
    heads = queries.heads(excluding=bool(full), lateral=not database.is_sqlite)
    params: dict[str, Any] = {"now": now, "due_limit": limit * 2 + busy}
    if full:
        params["full"] = full
    async with database.sessionmaker() as db, db.begin():
        picked: list[int] = []
        taken: Counter[int] = Counter()
        for delivery_id, subscription_id in (await db.execute(heads, params)).all():
            if delivery_id in exclude:
                continue
            if in_flight[subscription_id] + taken[subscription_id] >= per_subscription:
                continue
            picked.append(delivery_id)
            taken[subscription_id] += 1
            if len(picked) >= limit:
                break
        if not picked:
            return []
        followers = await _followers(db, settings, picked, now, lateral=not database.is_sqlite)
        ids = picked + [f for run in followers.values() for f in run]
        if database.is_sqlite:
            claimed = set(ids)
        else:
            lease = now + timedelta(seconds=settings.webhook_claim_lease_seconds)
            claimed = set(
                (
                    await db.execute(
                        update(D)
                        .where(
                            D.id.in_(ids),
                            D.status == PENDING,
                            or_(D.locked_until.is_(None), D.locked_until < now),
                        )
                        .values(locked_until=lease, lock_token=token)
                        .returning(D.id)
                        .execution_options(synchronize_session=False)
                    )
                ).scalars()
            )
    async with database.sessionmaker() as db:
        jobs = {job.delivery_id: job for job in await _jobs(db, settings, sorted(claimed))}
    runs = []
    for head in picked:
        if head not in jobs:
            continue
        run = [jobs[head]]
        for follower in followers.get(head, []):
            if follower not in jobs:
                break
            run.append(jobs[follower])
        runs.append(run)
    return runs


async def _jobs(db: AsyncSession, settings: Settings, ids: list[int]) -> list[Job]:
    if not ids:
        return []
    jobs = []
    for row in (await db.execute(queries.JOBS, {"ids": ids})).all():
        kind = row[5]
        if kind == "session":
            url, secret = row[13], row[14]
        elif kind == "frappe":
            url, secret = settings.frappe_webhook_url, settings.frappe_webhook_secret
        else:
            url, secret = row[6], row[7]
        body = signing.encode(
            signing.envelope(
                event_id=row[8],
                event_type=row[9],
                payload=row[11],
                created_at=row[12],
                session_id=row[10],
            )
        )
        jobs.append(
            Job(
                delivery_id=row[0],
                subscription_id=row[1],
                organization_id=row[2],
                kind=kind,
                attempts=row[3],
                ordering_key=row[4],
                event_id=row[8],
                event_type=row[9],
                session_id=row[10],
                created_at=row[12],
                url=url or None,
                secret=secret or None,
                body=body,
                payload=row[11],
                destination=row[15],
            )
        )
        target = feature_target(kind)
        if target is not None:
            await target.shape(db, settings, jobs[-1])
    return jobs


# ---- housekeeping -----------------------------------------------------------------------------


def claim_token(node_id: str | None) -> str:
    """A worker's mark on the deliveries it claims; a cluster node's begins with its own prefix,
    so that what a node claimed can be given back once that node is known to be gone."""
    return (_node_prefix(node_id) if node_id else "") + uuid.uuid4().hex[:20]


def _node_prefix(node_id: str) -> str:
    # Fixed length and no LIKE wildcards, whatever the node's name (host names hold "_").
    return hashlib.sha256(node_id.encode()).hexdigest()[:12]


async def release_claims_of(db: AsyncSession, node_ids: list[str]) -> int:
    """Give back the claims of nodes that are gone for certain (a restart took their place): their
    deliveries go out again now rather than once the claim lease runs out."""
    if not node_ids:
        return 0
    result = await db.execute(
        update(D)
        .where(
            D.status == PENDING,
            D.locked_until.is_not(None),
            or_(*(D.lock_token.startswith(_node_prefix(n)) for n in node_ids)),
        )
        .values(locked_until=None, lock_token=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def release(database: Database, *, token: str | None, ids: list[int] | None = None) -> None:
    """Give claims back: this worker's (at shutdown), or every claim (a lone SQLite worker's start)."""
    stmt = update(D).where(D.status == PENDING, D.locked_until.is_not(None))
    if token is not None:
        stmt = stmt.where(D.lock_token == token)
    if ids is not None:
        stmt = stmt.where(D.id.in_(ids))
    async with database.sessionmaker() as db, db.begin():
        await db.execute(
            stmt.values(locked_until=None, lock_token=None).execution_options(
                synchronize_session=False
            )
        )


async def backlog(database: Database) -> tuple[int, datetime | None]:
    """How many deliveries are pending and since when the oldest one waits."""
    async with database.sessionmaker() as db:
        count, oldest = (
            await db.execute(
                select(func.count(), func.min(D.created_at)).where(D.status == PENDING)
            )
        ).one()
    return int(count), oldest


async def purge(database: Database, *, older_than: datetime, batch: int = 5000) -> int:
    """Delete old events (their deliveries go with them) unless a delivery is still pending."""
    removed = 0
    while True:
        still_pending = exists().where(D.event_seq == Event.seq, D.status == PENDING)
        seqs = (
            select(Event.seq)
            .where(Event.created_at < older_than, ~still_pending)
            .order_by(Event.seq)
            .limit(batch)
        )
        async with database.sessionmaker() as db, db.begin():
            ids = list((await db.execute(seqs)).scalars())
            if ids:
                await db.execute(delete(Event).where(Event.seq.in_(ids)))
        removed += len(ids)
        if len(ids) < batch:
            return removed

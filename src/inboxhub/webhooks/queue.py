"""The outbox as a queue: claiming due deliveries and recording how their attempts ended.

Only the head of a chain (subscriber + ordering key) can be claimed: a delivery waits while an
earlier one of its chain is pending, whether that one is being sent, waiting for its next try or
belongs to a paused subscriber. On PostgreSQL several workers share the queue: candidates are
locked ``FOR UPDATE SKIP LOCKED`` and claimed with a lease. SQLite has a single worker.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    String,
    Table,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnClause

from inboxhub.config import Settings
from inboxhub.db import Database, utcnow
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks import signing
from inboxhub.webhooks.delivery import Response, retry_delay
from inboxhub.webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookSubscription
from inboxhub.webhooks.outbox import WEBHOOK_DISABLED, publish

log = logging.getLogger(__name__)

D = WebhookDelivery
S = WebhookSubscription
# Spelled as a literal so the planners use the partial "pending" indexes.
PENDING: ColumnClause[str] = literal_column("'pending'", String())


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

    def headers(self, *, timestamp: int) -> dict[str, str]:
        return signing.headers(
            event_id=self.event_id,
            event_type=self.event_type,
            session_id=self.session_id,
            body=self.body,
            secret=self.secret,
            timestamp=timestamp,
            attempt=self.attempts + 1,
        )


@dataclass
class Result:
    job: Job
    response: Response | None  # None: the subscriber has no address any more


async def claim(
    database: Database,
    settings: Settings,
    *,
    token: str,
    limit: int,
    in_flight: Counter[int],
    exclude: set[int],
) -> list[Job]:
    now = utcnow()
    per_subscription = max(settings.webhook_max_in_flight_per_subscription, 1)
    earlier = aliased(D)
    blocked = exists().where(
        earlier.status == PENDING,
        earlier.subscription_id == D.subscription_id,
        earlier.ordering_key == D.ordering_key,
        earlier.id < D.id,
    )
    stmt = (
        select(D.id, D.subscription_id)
        .join(S, S.id == D.subscription_id)
        .where(
            D.status == PENDING,
            D.next_attempt_at <= now,
            or_(D.locked_until.is_(None), D.locked_until < now),
            S.is_active.is_(True),
            or_(D.ordering_key.is_(None), ~blocked),
        )
        .order_by(D.next_attempt_at, D.id)
        .limit(limit * 2)
        .with_for_update(skip_locked=True, of=D)
    )
    full = [sid for sid, n in in_flight.items() if n >= per_subscription]
    if full:
        # A slow subscriber holds at most its share of the slots; the others keep flowing.
        stmt = stmt.where(D.subscription_id.not_in(full))
    async with database.sessionmaker() as db, db.begin():
        picked: list[int] = []
        taken: Counter[int] = Counter()
        for delivery_id, subscription_id in (await db.execute(stmt)).all():
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
        lease = now + timedelta(seconds=settings.webhook_claim_lease_seconds)
        claimed = (
            (
                await db.execute(
                    update(D)
                    .where(
                        D.id.in_(picked),
                        D.status == PENDING,
                        or_(D.locked_until.is_(None), D.locked_until < now),
                    )
                    .values(locked_until=lease, lock_token=token)
                    .returning(D.id)
                    .execution_options(synchronize_session=False)
                )
            )
            .scalars()
            .all()
        )
        return await _jobs(db, settings, list(claimed))


async def _jobs(db: AsyncSession, settings: Settings, ids: list[int]) -> list[Job]:
    if not ids:
        return []
    session = aliased(WhatsAppSession)
    stmt = (
        select(
            D.id,
            D.subscription_id,
            D.organization_id,
            D.attempts,
            D.ordering_key,
            S.kind,
            S.url,
            S.secret,
            Event.id,
            Event.type,
            Event.session_id,
            Event.payload,
            Event.created_at,
            session.webhook_url,
            session.webhook_secret,
        )
        .join(S, S.id == D.subscription_id)
        .join(Event, Event.seq == D.event_seq)
        .outerjoin(session, session.id == S.session_pk)
        .where(D.id.in_(ids))
        .order_by(D.id)
    )
    jobs = []
    for row in (await db.execute(stmt)).all():
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
            )
        )
    return jobs


# ---- results ----------------------------------------------------------------------------------


@dataclass
class Completion:
    retry_at: datetime | None  # the earliest retry this batch scheduled
    # delivery id -> succeeded | retrying | failed (dead-lettered) | cancelled
    outcomes: dict[int, str]


def _outcome(settings: Settings, result: Result, now: datetime) -> dict[str, Any]:
    job, response = result.job, result.response
    row: dict[str, Any] = {
        "b_id": job.delivery_id,
        "b_token": None,
        "b_attempts": job.attempts,
        "b_next": now,
        "b_delivered": None,
        "b_last": None,
        "b_status_code": None,
        "b_body": None,
        "b_duration": None,
    }
    if response is None:
        row.update(b_status="cancelled", b_error="the subscriber has no webhook URL any more")
        return row
    attempts = job.attempts + 1
    row.update(
        b_attempts=attempts,
        b_last=response.started_at,
        b_status_code=response.status_code,
        b_body=response.body,
        b_duration=response.duration_ms,
        b_error=response.error,
    )
    if response.ok:
        row.update(b_status="succeeded", b_delivered=now)
        return row
    delay = retry_delay(settings, attempts=attempts, retry_after=response.retry_after)
    if delay is None:
        row.update(b_status="failed")
    else:
        row.update(b_status="pending", b_next=now + timedelta(seconds=delay))
    return row


async def complete(
    database: Database, settings: Settings, *, token: str, results: list[Result]
) -> Completion:
    now = utcnow()
    rows = [_outcome(settings, r, now) for r in results]
    for row in rows:
        row["b_token"] = token
    retries = [row["b_next"] for row in rows if row["b_status"] == "pending"]
    try:
        await _write(database, settings, results, rows, now)
    except IntegrityError:
        # A delivery vanished meanwhile (its session was deleted): write the others one by one.
        for result, row in zip(results, rows, strict=True):
            try:
                await _write(database, settings, [result], [row], now)
            except IntegrityError:
                log.info("delivery %s is gone; its result is dropped", result.job.delivery_id)
    outcomes = {
        row["b_id"]: "retrying" if row["b_status"] == "pending" else row["b_status"] for row in rows
    }
    return Completion(retry_at=min(retries) if retries else None, outcomes=outcomes)


async def _write(
    database: Database,
    settings: Settings,
    results: list[Result],
    rows: list[dict[str, Any]],
    now: datetime,
) -> None:
    table = cast(Table, D.__table__)
    async with database.sessionmaker() as db, db.begin():
        await db.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.lock_token == bindparam("b_token"))
            .values(
                status=bindparam("b_status"),
                attempts=bindparam("b_attempts"),
                next_attempt_at=bindparam("b_next"),
                delivered_at=bindparam("b_delivered"),
                last_attempt_at=bindparam("b_last"),
                response_status=bindparam("b_status_code"),
                response_body=bindparam("b_body"),
                duration_ms=bindparam("b_duration"),
                error=bindparam("b_error"),
                locked_until=None,
                lock_token=None,
            ),
            rows,
        )
        attempted = [r for r in results if r.response is not None]
        if attempted:
            existing = set(
                (
                    await db.execute(
                        select(D.id).where(D.id.in_([r.job.delivery_id for r in attempted]))
                    )
                ).scalars()
            )
            attempts = [
                {
                    "delivery_id": r.job.delivery_id,
                    "attempt": r.job.attempts + 1,
                    "started_at": r.response.started_at,
                    "duration_ms": r.response.duration_ms,
                    "response_status": r.response.status_code,
                    "response_body": r.response.body,
                    "error": r.response.error,
                    "url": r.job.url,
                }
                for r in attempted
                if r.response is not None and r.job.delivery_id in existing
            ]
            if attempts:
                await db.execute(insert(WebhookAttempt), attempts)
        await _health(db, settings, attempted, now)


async def _health(
    db: AsyncSession, settings: Settings, results: list[Result], now: datetime
) -> None:
    """Track each subscriber's run of failures; disable it after 410 or days of failing."""
    succeeded = {r.job.subscription_id for r in results if r.response and r.response.ok}
    failed = {r.job.subscription_id for r in results if r.response and not r.response.ok}
    failed -= succeeded
    gone = {r.job.subscription_id: r.job for r in results if r.response and r.response.gone}
    if succeeded:
        await db.execute(
            update(S)
            .where(
                S.id.in_(succeeded),
                or_(
                    S.failing_since.is_not(None),
                    S.last_success_at.is_(None),
                    S.last_success_at < now - timedelta(seconds=10),
                ),
            )
            .values(failing_since=None, last_success_at=now)
            .execution_options(synchronize_session=False)
        )
    if not failed and not gone:
        return
    if failed:
        await db.execute(
            update(S)
            .where(S.id.in_(failed), S.failing_since.is_(None))
            .values(failing_since=now)
            .execution_options(synchronize_session=False)
        )
        await db.execute(
            update(S)
            .where(S.id.in_(failed))
            .values(last_failure_at=now)
            .execution_options(synchronize_session=False)
        )
    cutoff = now - timedelta(seconds=settings.webhook_disable_after_seconds)
    stale = select(S).where(
        S.is_active.is_(True),
        or_(S.id.in_(gone), S.id.in_(failed) & (S.failing_since <= cutoff)),
    )
    jobs = {r.job.subscription_id: r.job for r in results}
    for subscription in (await db.execute(stale)).scalars():
        job = jobs[subscription.id]
        if subscription.id in gone:
            reason = "the receiver answered 410 Gone"
        else:
            since = signing.iso(subscription.failing_since or now)
            reason = f"every delivery failed since {since}"
        await disable(db, subscription, reason=reason, url=job.url, session_id=job.session_id)


async def disable(
    db: AsyncSession,
    subscription: WebhookSubscription,
    *,
    reason: str,
    url: str | None,
    session_id: str | None,
) -> None:
    now = utcnow()
    subscription.is_active = False
    subscription.disabled_at = now
    subscription.disabled_reason = reason
    if subscription.kind != "organization":
        subscription.url = url  # a different address later revives it
    log.warning("webhook subscription %s disabled: %s", subscription.id, reason)
    await publish(
        db,
        organization_id=subscription.organization_id,
        event_type=WEBHOOK_DISABLED,
        payload={
            "subscriptionId": subscription.id,
            "kind": subscription.kind,
            "name": subscription.name,
            "sessionId": session_id,
            "reason": reason,
            "failingSince": signing.iso(subscription.failing_since)
            if subscription.failing_since
            else None,
            "disabledAt": signing.iso(now),
        },
    )


# ---- housekeeping -----------------------------------------------------------------------------


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

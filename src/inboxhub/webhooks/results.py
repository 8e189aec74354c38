"""How attempts ended, written back to the outbox: the next try, a dead letter, a disabled
subscriber (after a 410, or days of nothing but failures)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, Update, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.config import Settings
from inboxhub.db import Database, utcnow
from inboxhub.envelope import iso
from inboxhub.ssrf import hide_credentials
from inboxhub.webhooks.delivery import Response, retry_delay
from inboxhub.webhooks.event_names import WEBHOOK_DISABLED
from inboxhub.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from inboxhub.webhooks.outbox import publish
from inboxhub.webhooks.queue import Job
from inboxhub.webhooks.subscribers import ORGANIZATION_KINDS

log = logging.getLogger(__name__)

D = WebhookDelivery
S = WebhookSubscription
_DELIVERIES = cast(Table, D.__table__)
_d = _DELIVERIES.c


def _finish(*, owned: ColumnElement[bool]) -> Update:
    return (
        update(_DELIVERIES)
        .where(_d.id == bindparam("b_id"), _d.status == "pending", owned)
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
        )
    )


# Built once: every batch of results runs them. A claim this worker wrote (PostgreSQL), or on
# SQLite none at all: the lone worker keeps its claims in memory.
_FINISH = {
    "postgresql": _finish(owned=_d.lock_token == bindparam("b_token")),
    "sqlite": _finish(owned=_d.lock_token.is_(None)),
}
_STILL_THERE = select(_d.id).where(_d.id.in_(bindparam("ids", expanding=True)))
_RECORD_ATTEMPTS = insert(cast(Table, WebhookAttempt.__table__))
_HEALTH = select(S.id, S.last_success_at, S.failing_since, S.is_active).where(
    S.id.in_(bindparam("ids", expanding=True))
)


@dataclass
class Result:
    job: Job
    response: Response | None  # None: the subscriber has no address any more
    # Not sent: an earlier delivery of its run failed, so it waits its turn again.
    skipped: bool = False


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
    skipped = [r.job.delivery_id for r in results if r.skipped]
    results = [r for r in results if not r.skipped]
    rows = [_outcome(settings, r, now) for r in results]
    for row in rows:
        row["b_token"] = token
    retries = [row["b_next"] for row in rows if row["b_status"] == "pending"]
    try:
        await _write(database, settings, results, rows, skipped, token, now)
    except IntegrityError:
        # A delivery vanished meanwhile (its session was deleted): write the others one by one.
        for result, row in zip(results, rows, strict=True):
            try:
                await _write(database, settings, [result], [row], [], token, now)
            except IntegrityError:
                log.info("delivery %s is gone; its result is dropped", result.job.delivery_id)
        if skipped:
            await _write(database, settings, [], [], skipped, token, now)
    outcomes = {
        row["b_id"]: "retrying" if row["b_status"] == "pending" else row["b_status"] for row in rows
    }
    return Completion(retry_at=min(retries) if retries else None, outcomes=outcomes)


async def _write(
    database: Database,
    settings: Settings,
    results: list[Result],
    rows: list[dict[str, Any]],
    skipped: list[int],
    token: str,
    now: datetime,
) -> None:
    """One transaction; its reads come first because SQLite holds the write lock from the first
    write to the commit, and every other writer of the gateway waits for it meanwhile."""
    attempted = [r for r in results if r.response is not None]
    async with database.sessionmaker() as db, db.begin():
        existing: set[int] = set()
        if attempted:
            ids = [r.job.delivery_id for r in attempted]
            existing = set((await db.execute(_STILL_THERE, {"ids": ids})).scalars())
        health = await _health_plan(db, settings, attempted, now)
        if rows:
            finish = _FINISH["sqlite" if database.is_sqlite else "postgresql"]
            await db.execute(finish, rows)
        if skipped and not database.is_sqlite:
            await db.execute(
                update(D)
                .where(D.id.in_(skipped), D.lock_token == token)
                .values(locked_until=None, lock_token=None)
                .execution_options(synchronize_session=False)
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
                "url": hide_credentials(r.job.url),
            }
            for r in attempted
            if r.response is not None and r.job.delivery_id in existing
        ]
        if attempts:
            await db.execute(_RECORD_ATTEMPTS, attempts)
        await health.apply(db, now)


@dataclass
class _HealthPlan:
    """What a batch of results changes about its subscribers."""

    recovered: list[int]
    failing: list[int]
    first_failures: list[int]
    to_disable: list[tuple[int, str, Job]]

    async def apply(self, db: AsyncSession, now: datetime) -> None:
        if self.recovered:
            await db.execute(
                update(S)
                .where(S.id.in_(self.recovered))
                .values(failing_since=None, last_success_at=now)
                .execution_options(synchronize_session=False)
            )
        if self.failing:
            await db.execute(
                update(S)
                .where(S.id.in_(self.failing))
                .values(last_failure_at=now)
                .execution_options(synchronize_session=False)
            )
        if self.first_failures:
            await db.execute(
                update(S)
                .where(S.id.in_(self.first_failures), S.failing_since.is_(None))
                .values(failing_since=now)
                .execution_options(synchronize_session=False)
            )
        for subscription_id, reason, job in self.to_disable:
            subscription = await db.get(S, subscription_id)
            if subscription is not None:
                await disable(
                    db, subscription, reason=reason, url=job.url, session_id=job.session_id
                )


async def _health_plan(
    db: AsyncSession, settings: Settings, results: list[Result], now: datetime
) -> _HealthPlan:
    """Track each subscriber's run of failures; disable it after 410 or days of failing.

    A healthy subscriber costs no write: ``last_success_at`` moves at most once a minute.
    """
    plan = _HealthPlan([], [], [], [])
    if not results:
        return plan
    jobs = {r.job.subscription_id: r.job for r in results}
    succeeded = {r.job.subscription_id for r in results if r.response and r.response.ok}
    failed = {r.job.subscription_id for r in results if r.response and not r.response.ok}
    failed -= succeeded
    gone = {r.job.subscription_id for r in results if r.response and r.response.gone}
    subscriptions = {row.id: row for row in await db.execute(_HEALTH, {"ids": list(jobs)})}
    cutoff = now - timedelta(seconds=settings.webhook_disable_after_seconds)
    fresh = now - timedelta(seconds=60)
    for subscription_id, subscription in subscriptions.items():
        if subscription_id in succeeded:
            last = subscription.last_success_at
            if subscription.failing_since is not None or last is None or last < fresh:
                plan.recovered.append(subscription_id)
        if subscription_id in failed:
            plan.failing.append(subscription_id)
            if subscription.failing_since is None:
                plan.first_failures.append(subscription_id)
        if not subscription.is_active:
            continue
        if subscription_id in gone:
            plan.to_disable.append(
                (subscription_id, "the receiver answered 410 Gone", jobs[subscription_id])
            )
        elif subscription_id in failed and (subscription.failing_since or now) <= cutoff:
            since = iso(subscription.failing_since or now)
            reason = f"every delivery failed since {since}"
            plan.to_disable.append((subscription_id, reason, jobs[subscription_id]))
    return plan


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
    if subscription.kind not in ORGANIZATION_KINDS:
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
            "failingSince": iso(subscription.failing_since) if subscription.failing_since else None,
            "disabledAt": iso(now),
        },
    )

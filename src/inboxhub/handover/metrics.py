"""Handover metrics over the tickets requested in a period: volume by category and status, time to
assign, first agent response, handover duration and how tickets ended."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.envelope import iso
from inboxhub.errors import ValidationFailed
from inboxhub.handover.models import Ticket

STATUSES = ("pending", "active", "closed")
CLOSE_REASONS = ("resolved", "unresolved", "no_agent", "agent_timeout", "cancelled")


def parse_moment(value: str | None, *, field: str, end: bool) -> datetime | None:
    """A date (the whole day: an end date includes it) or an ISO 8601 date-time."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day, time.min, UTC)
            return moment + timedelta(days=1) if end else moment
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValidationFailed(
            f"{field} must be a date (YYYY-MM-DD) or an ISO 8601 date-time", field=field
        ) from exc
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def period(start: str | None, end: str | None, now: datetime) -> tuple[datetime, datetime]:
    """``[start, end)``; the last 30 days when not given."""
    until = parse_moment(end, field="endDate", end=True) or now
    since = parse_moment(start, field="startDate", end=False) or until - timedelta(days=30)
    if since >= until:
        raise ValidationFailed("startDate must be before endDate", field="startDate")
    return since, until


def _durations(pairs: list[tuple[datetime | None, datetime | None]]) -> dict[str, Any]:
    seconds = sorted(
        (later - earlier).total_seconds()
        for earlier, later in pairs
        if earlier is not None and later is not None
    )
    if not seconds:
        return {"count": 0, "averageSeconds": None, "medianSeconds": None, "p90Seconds": None}
    p90 = seconds[min(len(seconds) - 1, math.ceil(0.9 * len(seconds)) - 1)]
    return {
        "count": len(seconds),
        "averageSeconds": round(statistics.fmean(seconds), 3),
        "medianSeconds": round(statistics.median(seconds), 3),
        "p90Seconds": round(p90, 3),
    }


async def handover_metrics(
    db: AsyncSession, organization_id: int, since: datetime, until: datetime
) -> dict[str, Any]:
    stmt = select(
        Ticket.category,
        Ticket.status,
        Ticket.priority,
        Ticket.requested_at,
        Ticket.assigned_at,
        Ticket.first_response_at,
        Ticket.closed_at,
        Ticket.close_reason,
    ).where(
        Ticket.organization_id == organization_id,
        Ticket.requested_at >= since,
        Ticket.requested_at < until,
    )
    rows = (await db.execute(stmt)).all()
    by_category: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for row in rows:
        by_category[row.category][row.status] += 1
    statuses = Counter(row.status for row in rows)
    reasons = Counter(row.close_reason for row in rows if row.close_reason)
    closed = sum(reasons.values())
    return {
        "period": {"startDate": iso(since), "endDate": iso(until)},
        "totalTickets": len(rows),
        "byCategory": {
            category: {"total": sum(counts.values()), **counts}
            for category, counts in sorted(by_category.items())
        },
        "byStatus": {status: statuses.get(status, 0) for status in STATUSES},
        "byPriority": dict(sorted(Counter(row.priority for row in rows).items())),
        "timeToAssign": _durations([(r.requested_at, r.assigned_at) for r in rows]),
        "firstResponseTime": _durations([(r.assigned_at, r.first_response_at) for r in rows]),
        "handoverDuration": _durations(
            [(r.assigned_at, r.closed_at) for r in rows if r.status == "closed"]
        ),
        "resolution": {
            "closed": closed,
            **{reason: reasons.get(reason, 0) for reason in CLOSE_REASONS},
            "resolutionRate": round(reasons.get("resolved", 0) / closed, 4) if closed else None,
        },
    }

"""Reading messages: history with filters, chats, one chat, statistics, unread across sessions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.addressing import to_jid
from inboxhub.auth.principal import Principal
from inboxhub.contacts.models import Contact
from inboxhub.db import Page, paginate
from inboxhub.engines.cloud.client import CloudClient
from inboxhub.envelope import iso
from inboxhub.errors import ValidationFailed
from inboxhub.messages import payloads
from inboxhub.messages.models import Chat, Message
from inboxhub.messages.recorder import STATUS_BROADCAST
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_moment(value: str | None, *, field: str, end: bool = False) -> datetime | None:
    """ISO 8601. A bare date means the whole day: its start, or (``end``) the next day's start."""
    if value is None or value == "":
        return None
    text = value.strip()
    try:
        if _DATE_ONLY.match(text):
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return moment + timedelta(days=1) if end else moment
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValidationFailed(
            f"{field}: '{text[:40]}' is not an ISO 8601 date (2025-11-07 or 2025-11-07T04:25:04Z)",
            field=field,
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(kw_only=True)
class MessageFilters:
    chat_id: str | None = None
    type: str | None = None
    from_me: bool | None = None
    start: datetime | None = None
    end: datetime | None = None

    @classmethod
    def of(
        cls,
        *,
        chat_id: str | None,
        type: str | None,
        from_me: bool | None,
        start_date: str | None,
        end_date: str | None,
    ) -> MessageFilters:
        filters = cls(
            chat_id=to_jid(chat_id, field="chatId") if chat_id else None,
            type=type,
            from_me=from_me,
            start=parse_moment(start_date, field="startDate"),
            end=parse_moment(end_date, field="endDate", end=True),
        )
        if filters.start and filters.end and filters.start >= filters.end:
            raise ValidationFailed("startDate must be before endDate", field="startDate")
        return filters

    def apply(self, stmt: Select[Message]) -> Select[Message]:
        conditions: list[ColumnElement[bool]] = []
        if self.chat_id:
            conditions.append(Message.chat_id == self.chat_id)
        if self.type:
            conditions.append(Message.type == self.type)
        if self.from_me is not None:
            conditions.append(Message.from_me.is_(self.from_me))
        if self.start:
            conditions.append(Message.timestamp >= self.start)
        if self.end:
            # An ISO moment is inclusive; a bare end date already points past its day.
            conditions.append(Message.timestamp < self.end)
        return stmt.where(*conditions)


async def reactions_for(
    db: AsyncSession, session_pk: int, messages: list[Message]
) -> dict[str, list[dict[str, Any]]]:
    """Current reactions per WhatsApp id: the latest one of each person, removals dropped."""
    ids = [
        m.whatsapp_message_id for m in messages if m.whatsapp_message_id and m.type != "reaction"
    ]
    if not ids:
        return {}
    rows = (
        await db.execute(
            select(Message)
            .where(
                Message.session_pk == session_pk,
                Message.type == "reaction",
                Message.quoted_message_id.in_(ids),
            )
            .order_by(Message.timestamp, Message.id)
        )
    ).scalars()
    latest: dict[str, dict[str, dict[str, Any]]] = {}
    for r in rows:
        who = "me" if r.from_me else (r.sender_id or "")
        latest.setdefault(r.quoted_message_id or "", {})[who] = {
            "emoji": (r.content or {}).get("emoji", ""),
            "from": r.sender_id,
            "fromMe": r.from_me,
            "timestamp": iso(r.timestamp),
        }
    return {
        target: [r for r in by_sender.values() if r["emoji"]]
        for target, by_sender in latest.items()
    }


async def views(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, messages: list[Message]
) -> list[dict[str, Any]]:
    reactions = await reactions_for(db, session.id, messages)
    return [
        payloads.message_view(
            runtime,
            session.session_id,
            m,
            reactions=reactions.get(m.whatsapp_message_id or ""),
        )
        for m in messages
    ]


async def list_messages(
    db: AsyncSession,
    session: WhatsAppSession,
    filters: MessageFilters,
    *,
    page: int,
    limit: int,
) -> tuple[list[Message], Page]:
    stmt = filters.apply(
        select(Message)
        .where(Message.session_pk == session.id)
        .order_by(Message.timestamp.desc(), Message.id.desc())
    )
    return await paginate(db, stmt, page=page, limit=limit)


async def list_chats(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, *, page: int, limit: int
) -> tuple[list[dict[str, Any]], Page]:
    stmt = (
        select(Chat)
        .where(Chat.session_pk == session.id, Chat.chat_id != STATUS_BROADCAST)
        .order_by(Chat.last_message_at.desc().nulls_last(), Chat.id.desc())
    )
    chats, page_info = await paginate(db, stmt, page=page, limit=limit)
    last_ids = [c.last_message_pk for c in chats if c.last_message_pk]
    last = (
        {
            m.id: m
            for m in (await db.execute(select(Message).where(Message.id.in_(last_ids)))).scalars()
        }
        if last_ids
        else {}
    )
    jids = [c.chat_id for c in chats]
    contacts = (
        {
            c.jid: c
            for c in (
                await db.execute(
                    select(Contact).where(Contact.session_id == session.id, Contact.jid.in_(jids))
                )
            ).scalars()
        }
        if jids
        else {}
    )
    result = []
    for chat in chats:
        contact = contacts.get(chat.chat_id)
        message = last.get(chat.last_message_pk or 0)
        name = (contact.name or contact.push_name) if contact else None
        result.append(
            {
                "id": chat.chat_id,
                "chatId": chat.chat_id,
                "name": name or chat.name or chat.chat_id.split("@", 1)[0],
                "isGroup": chat.is_group,
                "unreadCount": chat.unread_count,
                "lastMessageAt": iso(chat.last_message_at),
                "timestamp": iso(chat.last_message_at),
                # When the contact last wrote, and (Cloud API) until when free-form messages
                # may go to them; templates may go at any time.
                "lastInboundAt": iso(chat.last_inbound_at),
                "serviceWindowExpiresAt": (
                    iso(chat.last_inbound_at + CloudClient.service_window)
                    if session.engine == "cloud" and chat.last_inbound_at
                    else None
                ),
                "lastMessage": (
                    payloads.message_view(runtime, session.session_id, message) if message else None
                ),
            }
        )
    return result, page_info


def _day(db: AsyncSession) -> ColumnElement[str]:
    if db.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", Message.timestamp), "YYYY-MM-DD")
    return func.substr(Message.timestamp, 1, 10)


async def stats(
    db: AsyncSession, session: WhatsAppSession, *, start: datetime | None, end: datetime | None
) -> dict[str, Any]:
    end = end or datetime.now(UTC)
    start = start or end - timedelta(days=7)
    if start >= end:
        raise ValidationFailed("startDate must be before endDate", field="startDate")
    scope = (Message.session_pk == session.id, Message.timestamp >= start, Message.timestamp < end)

    async def grouped(*columns: Any) -> list[tuple[Any, ...]]:
        stmt = select(*columns, func.count()).where(*scope).group_by(*columns)
        return [tuple(row) for row in (await db.execute(stmt)).all()]

    by_direction = dict(await grouped(Message.from_me))
    by_type = dict(await grouped(Message.type))
    by_status = dict(await grouped(Message.status))
    days: dict[str, dict[str, int]] = {}
    day = _day(db).label("day")
    for value, from_me, count in await grouped(day, Message.from_me):
        entry = days.setdefault(str(value), {"sent": 0, "received": 0, "total": 0})
        entry["sent" if from_me else "received"] += count
        entry["total"] += count
    sent, received = by_direction.get(True, 0), by_direction.get(False, 0)
    return {
        "stats": {
            "total": sent + received,
            "sent": sent,
            "received": received,
            "byType": by_type,
            "byStatus": by_status,
            "byDay": [{"date": d, **days[d]} for d in sorted(days)],
            "failed": by_status.get("failed", 0),
            "unread": by_status.get("received", 0),
        },
        "period": {"startDate": iso(start), "endDate": iso(end)},
        "sessionId": session.session_id,
    }


async def list_unread(
    db: AsyncSession, runtime: Runtime, principal: Principal, *, page: int, limit: int
) -> dict[str, Any]:
    conditions = (
        Message.organization_id == principal.organization_id,
        Message.status == "received",
        Message.from_me.is_(False),
        Message.is_history.is_(False),
        Message.type != "reaction",
        Message.chat_id != STATUS_BROADCAST,
    )
    stmt = select(Message).where(*conditions).order_by(Message.timestamp.desc(), Message.id.desc())
    rows, page_info = await paginate(db, stmt, page=page, limit=limit)
    counts = (
        await db.execute(
            select(WhatsAppSession.session_id, WhatsAppSession.id, func.count())
            .join(Message, Message.session_pk == WhatsAppSession.id)
            .where(*conditions)
            .group_by(WhatsAppSession.session_id, WhatsAppSession.id)
        )
    ).all()
    names = {pk: sid for sid, pk, _ in counts}
    return {
        "messages": [payloads.message_view(runtime, names.get(m.session_pk, ""), m) for m in rows],
        "total": page_info.total,
        "bySession": [{"sessionId": sid, "unread": n} for sid, _, n in counts],
        "pagination": page_info.as_dict(),
    }

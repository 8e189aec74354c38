"""The send's own records: the rows written before an engine hears of them, and the engine's
acceptance (WhatsApp's id, ``sent``). They go through the write queue (``writes.py``) in the same
ordered stream as the engine's receipts, so concurrent sends share transactions and statements
instead of queueing for SQLite's one writer, and a receipt that raced ahead of its acceptance is
always found.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import BigInteger, String, bindparam, delete, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.db import UtcDateTime, utcnow
from inboxhub.direct import Direct, among, as_columns, insert_ids, unnest_insert
from inboxhub.engines.events import Receipt, ReceiptStatus
from inboxhub.messages.chats import chat_touch, touch_chats, touches_of_sent
from inboxhub.messages.models import MESSAGES, EarlyReceipt, Message, written_message
from inboxhub.messages.receipts import record_receipts
from inboxhub.messages.send_status import early_receipt_index, publish_status
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.writes import RunHandler

_m = MESSAGES.c
_NOT_YET_SENT = ("queued", "pending", "failed")
# Every row of one statement names the same columns; a send refused up front comes with these.
_NO_ERROR = {"error": None, "error_code": None}
# Compiled once, run for every message of a run that the engine accepted.
_MARK_SENT = Direct(
    update(MESSAGES)
    .where(_m.id == bindparam("message_pk"))
    .values(
        whatsapp_message_id=bindparam("wamid", type_=String()),
        status="sent",
        error=None,
        error_code=None,
        # When it actually went out: a queued message waited for its turn.
        timestamp=bindparam("sent_at", type_=UtcDateTime()),
        updated_at=bindparam("now", type_=UtcDateTime()),
    )
)
# A confirmation for a message that already moved on (or failed for good) only adds the id.
_ADD_ID = Direct(
    update(MESSAGES)
    .where(_m.id == bindparam("message_pk"))
    .values(whatsapp_message_id=bindparam("wamid", type_=String()))
)
_STATUS = select(_m.id, _m.session_pk, _m.status)
_STATUS_OF = Direct(lambda database: _STATUS.where(among("pks", _m.id, BigInteger(), database)))
# PostgreSQL: the three above as one statement, which returns each message's status from
# before it (the messages of one run, each named once). What it changes is what
# ``record_sends_accepted`` works out from those statuses.
_NOT_YET = ", ".join(f"'{status}'" for status in _NOT_YET_SENT)
_ACCEPT = Direct(
    text(
        f"""
        WITH given AS (
            SELECT * FROM unnest(:pks, :session_pks, :wamids, :sent_at)
                AS g(pk, session_pk, wamid, sent_at)
        ), before AS (
            SELECT m.id, m.session_pk, m.status
            FROM messages m JOIN given ON m.id = given.pk AND m.session_pk = given.session_pk
        ), accepted AS (
            UPDATE messages m SET
                whatsapp_message_id = given.wamid,
                status = CASE WHEN before.status IN ({_NOT_YET}) THEN 'sent' ELSE m.status END,
                error = CASE WHEN before.status IN ({_NOT_YET}) THEN NULL ELSE m.error END,
                error_code = CASE
                    WHEN before.status IN ({_NOT_YET}) THEN NULL ELSE m.error_code END,
                "timestamp" = CASE
                    WHEN before.status IN ({_NOT_YET}) THEN given.sent_at ELSE m."timestamp" END,
                updated_at = CASE
                    WHEN before.status IN ({_NOT_YET}) THEN :now ELSE m.updated_at END
            FROM given JOIN before ON before.id = given.pk
            WHERE m.id = given.pk
        )
        SELECT id, session_pk, status FROM before
        """
    ).bindparams(
        bindparam("pks", type_=ARRAY(BigInteger())),
        bindparam("session_pks", type_=ARRAY(BigInteger())),
        bindparam("wamids", type_=ARRAY(String())),
        bindparam("sent_at", type_=ARRAY(UtcDateTime())),
        bindparam("now", type_=UtcDateTime()),
    )
)


@dataclass(kw_only=True)
class NewSends:
    """Messages the API was asked to send, written (``pending``, or ``queued`` past the rate)
    before any engine hears of them. ``stored`` holds the rows, with their ids, once committed."""

    session_id: str
    values: list[dict[str, Any]]
    stored: list[Message] = field(default_factory=list)


@dataclass(kw_only=True)
class SendAccepted:
    """The engine accepted a message the gateway sent: it now has WhatsApp's id."""

    session_id: str
    message_pk: int
    chat_id: str
    whatsapp_message_id: str
    timestamp: datetime
    # It waited in the pacer's queue: its chat last saw it when it was queued, long before.
    was_queued: bool = False


async def record_new_sends(
    db: AsyncSession, runtime: Runtime, items: list[tuple[WhatsAppSession, NewSends]]
) -> None:
    now = utcnow()
    rows_of = [
        [
            {"created_at": now, "updated_at": now, "is_history": False, **_NO_ERROR, **v}
            for v in event.values
        ]
        for _, event in items
    ]
    every = [v for rows in rows_of for v in rows]
    # On PostgreSQL the statement that inserts the rows touches their chats too: one round
    # trip fewer per batch.
    chats_touched = bool(every) and db.get_bind().dialect.name == "postgresql"
    if chats_touched:
        statement = _inserted_and_chats_touched(tuple(every[0]))
        inserted = await statement.fetch(db, {**as_columns(every), "now": now})
        ids = iter(sorted(row[0] for row in inserted))
    else:
        # On the table, not the ORM class: the ORM's bulk-insert machinery costs more than the
        # row.
        ids = iter(await insert_ids(db, MESSAGES, every))
    for (_, event), rows in zip(items, rows_of, strict=True):
        # Detached copies for the caller's answer; the rows themselves are written above.
        event.stored = [written_message(next(ids), v) for v in rows]
    if chats_touched:
        return
    touches = [
        chat_touch(session, chat_id=row.chat_id, message_pk=row.id, at=row.timestamp, now=now)
        for session, event in items
        for row in event.stored
        if row.type != "reaction"
    ]
    await touch_chats(db, touches)


@functools.cache
def _inserted_and_chats_touched(names: tuple[str, ...]) -> Direct:
    returning = ("id", "organization_id", "session_pk", "chat_id", "timestamp", "type")
    sent = unnest_insert(MESSAGES, names, returning).cte("sent")
    return Direct(select(sent.c.id).add_cte(sent, touches_of_sent(sent)))


async def record_sends_accepted(
    db: AsyncSession, runtime: Runtime, items: list[tuple[WhatsAppSession, SendAccepted]]
) -> None:
    pks = [event.message_pk for _, event in items]
    now = utcnow()
    # One statement reads and changes the messages, on PostgreSQL: a round trip fewer per batch.
    written = len(set(pks)) == len(pks) and db.get_bind().dialect.name == "postgresql"
    if written:
        given = {
            "pks": pks,
            "session_pks": [session.id for session, _ in items],
            "wamids": [event.whatsapp_message_id for _, event in items],
            "sent_at": [event.timestamp for _, event in items],
            "now": now,
        }
        rows = await _ACCEPT.fetch(db, given)
    else:
        rows = await _STATUS_OF.fetch(db, {"pks": pks})
    current = {pk: (session_pk, status) for pk, session_pk, status in rows}
    sent: list[tuple[WhatsAppSession, SendAccepted, str]] = []
    marks, ids_only = [], []
    for session, event in items:
        session_pk, status = current.get(event.message_pk, (None, None))
        if session_pk != session.id or status is None:
            continue  # deleted meanwhile, or not this session's
        params = {"message_pk": event.message_pk, "wamid": event.whatsapp_message_id}
        if status in _NOT_YET_SENT:
            marks.append({**params, "sent_at": event.timestamp, "now": now})
            sent.append((session, event, status))
            current[event.message_pk] = (session_pk, "sent")
        else:
            ids_only.append(params)
    if not written:
        await _MARK_SENT.execute_many(db, marks)
        await _ADD_ID.execute_many(db, ids_only)
    await touch_chats(
        db,
        [
            chat_touch(
                session, chat_id=event.chat_id, message_pk=event.message_pk, at=event.timestamp
            )
            for session, event, _ in sent
            if event.was_queued
        ],
    )
    index = early_receipt_index(runtime)
    for session, event, previous in sent:
        await publish_status(
            db,
            session,
            message_pk=event.message_pk,
            whatsapp_message_id=event.whatsapp_message_id,
            chat_id=event.chat_id,
            previous=previous,
            status="sent",
            at=event.timestamp,
            error=None,
        )
    for session, event in items:
        key = (session.id, event.whatsapp_message_id)
        if key in index:
            index.discard(key)
            await _apply_early_receipts(db, runtime, session, event)


async def _apply_early_receipts(
    db: AsyncSession, runtime: Runtime, session: WhatsAppSession, sent: SendAccepted
) -> None:
    """Receipts that came before the message had its id, applied now in the order they came."""
    wamid = sent.whatsapp_message_id
    waiting = EarlyReceipt.session_pk == session.id, EarlyReceipt.whatsapp_message_id == wamid
    early = (
        await db.execute(
            select(EarlyReceipt).where(*waiting).order_by(EarlyReceipt.timestamp, EarlyReceipt.id)
        )
    ).scalars()
    receipts = [
        Receipt(
            session_id=session.session_id,
            chat_id=sent.chat_id,
            message_ids=[wamid],
            status=cast(ReceiptStatus, r.status),
            error=r.error,
            error_code=r.error_code,
            error_details=r.error_details,
            timestamp=r.timestamp,
        )
        for r in early
    ]
    await db.execute(delete(EarlyReceipt).where(*waiting))
    await record_receipts(db, runtime, [(session, receipt) for receipt in receipts])


# Recorded a run at a time, before the engine events of the same run (``writes.WriteTable``):
# a receipt finds its message once the send is accepted, and a copy of a sent message finds it
# accepted, and stays a copy.
RUNS: dict[type, RunHandler] = {
    NewSends: record_new_sends,
    SendAccepted: record_sends_accepted,
}

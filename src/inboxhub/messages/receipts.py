"""Receipts (delivered, read, played, failed) for the messages of a session, a run at a time.

Receipts are the busiest events of a gateway that sends: every message brings at least one back.
The recorder hands over the receipts of a batch together, so the messages they name are read in
one query and moved by one statement, however many receipts and sessions there are (a gateway
with many numbers gets receipts for several of them in every batch).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Select,
    String,
    and_,
    bindparam,
    case,
    column,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeEngine

from inboxhub.db import UtcDateTime, row_id_in, utcnow
from inboxhub.direct import Along, Direct, among, pairs
from inboxhub.engines.events import Receipt
from inboxhub.messages.chats import read_one
from inboxhub.messages.models import MESSAGES, READ, RECEIVED, EarlyReceipt, Message
from inboxhub.messages.send_status import early_receipt_index, next_status, publish_status
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks.outbox import write_published

_m = MESSAGES.c

# A message's status after all of a run's receipts: one statement, run once per message moved.
# ``delivered_at``/``read_at`` keep the first time; the error is cleared by a delivery, set by a
# failure and left as it is by anything else (Meta's "sent").
_MOVE = Direct(
    update(MESSAGES)
    .where(_m.id == bindparam("message_pk"))
    .values(
        status=bindparam("new_status", type_=String()),
        updated_at=bindparam("now", type_=UtcDateTime()),
        delivered_at=func.coalesce(
            _m.delivered_at, bindparam("first_delivered", type_=UtcDateTime())
        ),
        read_at=func.coalesce(_m.read_at, bindparam("first_read", type_=UtcDateTime())),
        error=case(
            (bindparam("clears_error", type_=Boolean()), None),
            (bindparam("sets_error", type_=Boolean()), bindparam("new_error", type_=String())),
            else_=_m.error,
        ),
        error_code=case(
            (bindparam("clears_error", type_=Boolean()), None),
            (bindparam("sets_error", type_=Boolean()), bindparam("new_code", type_=String())),
            else_=_m.error_code,
        ),
    )
)


# PostgreSQL: the same for every message of the run in one statement, one array per value,
# which rides with the statement writing the run's events (``outbox.write_published``).
_MOVED: dict[str, tuple[str, TypeEngine[Any]]] = {
    "message_pk": ("moved_pks", BigInteger()),
    "new_status": ("moved_statuses", String()),
    "first_delivered": ("moved_delivered", UtcDateTime()),
    "first_read": ("moved_read", UtcDateTime()),
    "clears_error": ("moved_clearing", Boolean()),
    "sets_error": ("moved_setting", Boolean()),
    "new_error": ("moved_errors", String()),
    "new_code": ("moved_codes", String()),
}
_moves = (
    func.unnest(*(bindparam(name, type_=ARRAY(kind)) for name, kind in _MOVED.values()))
    .table_valued(*(column(key, kind) for key, (_, kind) in _MOVED.items()))
    .render_derived()
    .c
)
_MOVES = (
    update(MESSAGES)
    .where(_m.id == _moves.message_pk)
    .values(
        status=_moves.new_status,
        updated_at=bindparam("moved_at", type_=UtcDateTime()),
        delivered_at=func.coalesce(_m.delivered_at, _moves.first_delivered),
        read_at=func.coalesce(_m.read_at, _moves.first_read),
        error=case(
            (_moves.clears_error, None), (_moves.sets_error, _moves.new_error), else_=_m.error
        ),
        error_code=case(
            (_moves.clears_error, None),
            (_moves.sets_error, _moves.new_code),
            else_=_m.error_code,
        ),
    )
)


async def _move(db: AsyncSession, moves: list[dict[str, Any]], now: datetime) -> None:
    if not moves:
        return
    if db.get_bind().dialect.name != "postgresql":
        await _MOVE.execute_many(db, moves)
        return
    params = {name: [move[key] for move in moves] for key, (name, _) in _MOVED.items()}
    # With the events published so far, theirs included: one round trip fewer per batch.
    await write_published(db, along=Along(_MOVES, {**params, "moved_at": now}))


# What a run needs of the messages its receipts name; built once, like ``_MOVE``.
_COLUMNS = select(
    _m.id,
    _m.session_pk,
    _m.whatsapp_message_id,
    _m.chat_id,
    _m.status,
    _m.from_me,
    _m.type,
    _m.media,
)
_NAMED = _COLUMNS.where(_m.session_pk == bindparam("session_pk"))
_KNOWN_ONE = Direct(_NAMED.where(_m.whatsapp_message_id == bindparam("wamid")))


def _known_many(database: str) -> Select[Any]:
    """The messages of the pairs of two lists (session pk, WhatsApp's id), position by
    position."""
    if database == "postgresql":
        given = pairs(("session_pks", BigInteger()), ("wamids", String()))
        matches = and_(_m.session_pk == given.c.a, _m.whatsapp_message_id == given.c.b)
        return _COLUMNS.select_from(given).join(MESSAGES, matches)
    # SQLite looks up every pair of the two lists by the index on both; the pairs no receipt
    # named are left out after.
    return _COLUMNS.where(
        among("session_pks", _m.session_pk, BigInteger(), database),
        among("wamids", _m.whatsapp_message_id, String(), database),
    )


_KNOWN_MANY = Direct(_known_many)


# A message by the session's pk and WhatsApp's id.
_Key = tuple[int, str]


@dataclass
class _Known:
    """A message the receipts name, as the run has left it so far."""

    pk: int
    chat_id: str
    status: str
    from_me: bool
    voice: bool
    first_delivered: datetime | None = None
    first_read: datetime | None = None
    error: str | None = None
    error_code: str | None = None
    error_details: dict[str, Any] | None = None
    clears_error: bool = False
    sets_error: bool = False
    moved: bool = False
    ambiguous: bool = False  # failed without an answer; WhatsApp now says it went out

    def params(self, now: datetime) -> dict[str, Any]:
        return {
            "message_pk": self.pk,
            "new_status": self.status,
            "now": now,
            "first_delivered": self.first_delivered,
            "first_read": self.first_read,
            "clears_error": self.clears_error,
            "sets_error": self.sets_error,
            "new_error": self.error,
            "new_code": self.error_code,
        }


async def record_receipts(
    db: AsyncSession, runtime: Runtime, items: list[tuple[WhatsAppSession, Receipt]]
) -> None:
    """Apply receipts in the order they came, each change a ``message.status`` event; a status
    never moves backwards. A receipt for an id not known yet waits for the send to learn it."""
    known = await _load(db, [(s.id, wamid) for s, r in items for wamid in r.message_ids])
    index = early_receipt_index(runtime)
    for session, receipt in items:
        for wamid in dict.fromkeys(receipt.message_ids):
            key = (session.id, wamid)
            row = known.get(key)
            if row is None and receipt.reference:
                row = await _adopt(db, session, wamid, receipt.reference)
                if row is not None:
                    known[key] = row
            if row is None:
                db.add(
                    EarlyReceipt(
                        session_pk=session.id,
                        whatsapp_message_id=wamid,
                        status=receipt.status,
                        error=receipt.error,
                        error_code=receipt.error_code,
                        error_details=receipt.error_details,
                        timestamp=receipt.timestamp,
                    )
                )
                index.add(key)
            elif row.from_me:
                await _apply(db, session, wamid, row, receipt)
            elif receipt.status in ("read", "played") and row.status == RECEIVED:
                # The session itself read it (on the phone, or another linked device).
                message = await db.get(Message, row.pk)
                if message is not None:
                    await read_one(db, session, message, receipt.timestamp)
                row.status = READ
    now = utcnow()
    await _move(db, [row.params(now) for row in known.values() if row.moved], now)


async def _adopt(
    db: AsyncSession, session: WhatsAppSession, wamid: str, reference: str
) -> _Known | None:
    """A send that failed without WhatsApp's id (no answer, or an ambiguous one) that the
    engine now reports by our reference: it went out after all, and takes the id."""
    pk = row_id_in(reference)
    if pk is None:
        return None
    found = (
        await db.execute(
            _NAMED.where(
                _m.id == pk,
                _m.from_me.is_(True),
                _m.status == "failed",
                _m.whatsapp_message_id.is_(None),
            ),
            {"session_pk": session.id},
        )
    ).first()
    if found is None:
        return None
    await db.execute(update(MESSAGES).where(_m.id == pk).values(whatsapp_message_id=wamid))
    pk, _, _, chat_id, status, from_me, type_, media = found
    voice = type_ == "audio" and bool((media or {}).get("ptt"))
    return _Known(
        pk=pk, chat_id=chat_id, status=status, from_me=from_me, voice=voice, ambiguous=True
    )


async def _apply(
    db: AsyncSession, session: WhatsAppSession, wamid: str, row: _Known, receipt: Receipt
) -> None:
    # A send that failed only for want of an answer moves on like one still pending.
    current = "pending" if row.ambiguous else row.status
    target = next_status(current, receipt.status, voice=row.voice)
    if target is None:
        return
    previous, at = row.status, receipt.timestamp
    row.status, row.moved = target, True
    if row.ambiguous and target != "failed":
        row.error, row.clears_error, row.sets_error = None, True, False
        row.error_code = row.error_details = None
    row.ambiguous = False
    if target in ("delivered", "read", "played"):
        row.first_delivered = row.first_delivered or at
        row.error, row.clears_error, row.sets_error = None, True, False
        row.error_code = row.error_details = None
    if target in ("read", "played"):
        row.first_read = row.first_read or at
    if target == "failed":
        row.error, row.clears_error, row.sets_error = receipt.error or "failed", False, True
        row.error_code = receipt.error_code or "MESSAGE_REJECTED"
        row.error_details = receipt.error_details
    await publish_status(
        db,
        session,
        message_pk=row.pk,
        whatsapp_message_id=wamid,
        chat_id=row.chat_id,
        previous=previous,
        status=target,
        at=at,
        error=row.error,
        error_code=row.error_code,
        error_details=row.error_details,
    )


async def _load(db: AsyncSession, keys: list[_Key]) -> dict[_Key, _Known]:
    unique = list(dict.fromkeys(keys))
    if not unique:
        return {}
    # "=" for one id (nearly always when receipts trickle in): the plainest plan.
    if len(unique) == 1:
        ((session_pk, wamid),) = unique
        rows = await _KNOWN_ONE.fetch(db, {"session_pk": session_pk, "wamid": wamid})
    else:
        session_pks = [session_pk for session_pk, _ in unique]
        wamids = [wamid for _, wamid in unique]
        rows = await _KNOWN_MANY.fetch(db, {"session_pks": session_pks, "wamids": wamids})
    wanted = set(unique)
    return {
        (session_pk, wamid): _Known(
            pk=pk,
            chat_id=chat_id,
            status=status,
            from_me=from_me,
            voice=type_ == "audio" and bool((media or {}).get("ptt")),
        )
        for pk, session_pk, wamid, chat_id, status, from_me, type_, media in rows
        if (session_pk, wamid) in wanted
    }

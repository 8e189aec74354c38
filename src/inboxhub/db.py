"""Database: declarative base, async engine, the per-request transaction and pagination."""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, TypeVar

from fastapi import Depends, Path, Request
from pydantic import AfterValidator, BeforeValidator
from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Integer,
    MetaData,
    Select,
    event,
    func,
    select,
)
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool
from sqlalchemy.types import TypeDecorator

from inboxhub import json_text, sqlite

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the zone on its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        # SQLite stores text, written as SQLAlchemy's own SQLite type writes it (times compare as
        # text, so every row must have the one format): in one step, as a send writes several.
        return _sqlite_text


def _sqlite_text(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        # The zone's suffix cut off: cheaper than a naive copy of the time to format.
        return value.astimezone(UTC).isoformat(" ", "microseconds")[:26]
    return value.isoformat(" ", "microseconds")


# SQLite autoincrements only INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")
# The largest id either column holds: a bigger one in a URL is refused, not sent to the driver.
MAX_ROW_ID = 2**63 - 1


def row_id_in(ref: str) -> int | None:
    """``ref`` as a row id if it can be one: ASCII digits that fit the id column (a longer number
    or "²" can only be some other kind of reference)."""
    return int(ref) if ref.isascii() and ref.isdigit() and len(ref) < 19 else None


# A ``{…_id}`` path parameter naming a row by its id.
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]


def utc_moment(value: datetime) -> datetime:
    """A client's moment in UTC; one UTC cannot hold (``0001-01-01T00:00:00+14:00``) is refused
    as invalid input rather than overflowing later."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(
            "the moment is outside the range of dates (years 1 to 9999 in UTC)"
        ) from None


_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def iso_moment(value: object) -> object:
    """Refuse a bare number: pydantic would read it as Unix seconds, which the API document
    (``format: date-time``) does not promise and a client rarely means."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("an ISO 8601 date and time is expected, such as 2026-05-01T10:00:00Z")
    return value


# A datetime query parameter or body field, checked and in UTC.
Moment = Annotated[datetime, BeforeValidator(iso_moment), AfterValidator(utc_moment)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_conn: DBAPIConnection, _: ConnectionPoolEntry) -> None:
    cursor = dbapi_conn.cursor()
    # WAL lets readers run beside the single writer; busy_timeout waits for it instead of failing,
    # except on the event loop's thread, where a locked database must answer at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # A statement's journal and sorts in memory, not in a temporary file created and deleted
    # each time (several a second under load).
    cursor.execute("PRAGMA temp_store=MEMORY")
    inline = isinstance(getattr(dbapi_conn, "driver_connection", None), sqlite.LoopConnection)
    cursor.execute(f"PRAGMA busy_timeout={0 if inline else sqlite.BUSY_TIMEOUT_MS}")
    if inline:
        cursor.execute("PRAGMA wal_autocheckpoint=0")  # sqlite.Checkpointer's thread does it
    cursor.close()


def _closed_by_server(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """A pooled PostgreSQL connection the server has closed (a restart, a failover) is replaced
    before use.

    asyncpg learns of the close as it happens, so asking it costs nothing; SQLAlchemy's
    ``pool_pre_ping`` asks the server instead, three round trips (BEGIN, a ping, ROLLBACK)
    before every transaction, a third of a send's statements. A connection that dies silently
    (a cut network) fails its first statement, which the callers treat as the database being
    away (``DatabaseUnavailable``), and the pool replaces it."""
    raw = getattr(dbapi_connection, "_connection", None)
    if raw is not None and raw.is_closed():
        raise DisconnectionError("the server closed this connection")


class _SqliteSession(AsyncSession):
    """Closes as it leaves ``async with``, in the caller's own task.

    SQLAlchemy's ``AsyncSession`` closes in a task of its own, so that a cancellation cannot cut
    the close short halfway through its network round trips. On SQLite the close runs on the
    event loop's thread at once (``sqlite.LoopConnection``) and there is nothing to cut short,
    while that extra task costs every caller a full turn of the event loop behind every other
    ready task: on a busy gateway, milliseconds for each send and each batch of engine events.
    """

    async def __aexit__(self, type_: Any, value: Any, traceback: Any) -> None:
        # A session that holds no transaction and no rows has nothing to close, and closing
        # still costs a greenlet (a text send never touches its session).
        if self.in_transaction() or len(self.identity_map):
            await self.close()


class Database:
    def __init__(self, url: str, pool_size: int = 20, pool_timeout: float = 10.0) -> None:
        self.url = url
        kwargs: dict[str, Any] = {"json_serializer": json_text.dumps_text}
        # The most connections the pool opens, where this sets it (PostgreSQL).
        self.pool_limit: int | None = None
        if url.startswith("postgresql"):
            self.pool_limit = pool_size
            # No overflow: the pool's overflow connections are closed as they come back, so a
            # steady load above the pool's size opened and closed a connection per request (a
            # server process forked, authenticated and its types introspected: about 5 ms of
            # PostgreSQL's CPU each). Connections are opened as needed, then kept. A request
            # that waits ``pool_timeout`` for one gets a 503 with Retry-After.
            kwargs.update(pool_size=pool_size, max_overflow=0, pool_timeout=pool_timeout)
        path = make_url(url).database if url.startswith("sqlite") else None
        self._checkpointer: sqlite.Checkpointer | None = None
        # A file: its connections run their calls on the event loop (``sqlite.LoopConnection``).
        inline = bool(path and path != ":memory:" and not path.startswith("file:"))
        if inline and path:
            kwargs.update(async_creator=sqlite.connector(path))
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        if inline and path:
            # With the first connection, also after ``dispose`` (the engine serves on, as
            # SQLAlchemy's does): the log is folded back while anything may write to it.
            event.listen(self.engine.sync_engine, "connect", lambda *_: self._fold_log_back(path))
        else:
            event.listen(self.engine.sync_engine.pool, "checkout", _closed_by_server)
        self.sessionmaker = async_sessionmaker(
            self.engine,
            class_=_SqliteSession if inline else AsyncSession,
            expire_on_commit=False,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def connections(self) -> dict[str, float]:
        """The pool's connections by state, for ``/metrics``: ``in_use`` at ``pool_limit``
        means requests wait for one, and past the pool's timeout are told to retry."""
        pool = self.engine.pool
        if not isinstance(pool, QueuePool):
            return {}
        return {"in_use": float(pool.checkedout()), "idle": float(pool.checkedin())}

    def _fold_log_back(self, path: str) -> None:
        if self._checkpointer is None:
            self._checkpointer = sqlite.Checkpointer(path)

    async def dispose(self) -> None:
        """Closes the pooled connections; the database serves on, with new ones, if used again."""
        await self.engine.dispose()
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    database: Database = request.app.state.database
    async with database.sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        else:
            if session.in_transaction():  # a request that only read began none
                await session.commit()


# scope="function": the commit happens before the response leaves, so a 2xx means "stored".
DbSession = Annotated[AsyncSession, Depends(_request_session, scope="function")]

T = TypeVar("T")


@dataclass
class Page:
    total: int
    page: int
    limit: int

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.limit) if self.limit else 0

    def as_dict(self) -> dict[str, int]:
        return {"total": self.total, "page": self.page, "limit": self.limit, "pages": self.pages}


async def paginate(
    db: AsyncSession, stmt: Select[T], *, page: int, limit: int
) -> tuple[list[T], Page]:
    total = (
        await db.execute(select(func.count()).select_from(stmt.order_by(None).subquery()))
    ).scalar_one()
    rows = (await db.execute(stmt.limit(limit).offset((page - 1) * limit))).scalars().all()
    return list(rows), Page(total=total, page=page, limit=limit)


async def commit_now(db: AsyncSession) -> None:
    """Commit inside a request, for flows that must be durable before talking to an engine.

    Engine events are recorded by the session pool in transactions of its own, and SQLite has a
    single writer: a request must not hold an open write while it waits on an engine.
    """
    if db.in_transaction():
        await db.commit()

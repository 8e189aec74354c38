"""The write queue's busiest statements, run by asyncpg itself on PostgreSQL.

Through SQLAlchemy's asyncio layer a statement costs about half a millisecond of CPU on a small
machine (the greenlet hops of its DBAPI adapter, the execution context, the result object), ten
times what asyncpg alone takes for it: a write batch of nine statements spent more there than
on anything it wrote, and since every send is two batches' worth of statements, a send on
PostgreSQL cost a third more CPU than on SQLite. A :class:`Direct` statement is still written
with SQLAlchemy and compiled by it, once, with its types' bind processing; only its execution
goes to the driver, on the connection of the session's transaction, so it commits or rolls back
with everything else the batch writes.

Other databases run the same statement through the session as before. Tables written this way
are not ones any cache watches (``cache.watched``): the caches learn of writes from SQLAlchemy.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable, Table, bindparam, column, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter

_DRIVER = "inboxhub.direct.driver"


class Direct:
    """A statement run by the driver on PostgreSQL, through the session elsewhere.

    ``postgresql``: a form of the same statement for PostgreSQL alone, where it differs (an
    array parameter where other databases take an expanding IN list)."""

    def __init__(self, statement: Executable, *, postgresql: Executable | None = None) -> None:
        self.statement = statement
        self._postgresql = postgresql if postgresql is not None else statement
        self._compiled: tuple[str, list[_Bind]] | None = None

    def _compile(self, dialect: Dialect) -> tuple[str, list[_Bind]]:
        if self._compiled is None:
            assert isinstance(self._postgresql, ClauseElement)
            compiled = self._postgresql.compile(dialect=dialect)
            assert isinstance(compiled, SQLCompiler)
            self._compiled = (
                str(compiled),
                [
                    _Bind.of(name, compiled.binds[name], dialect)
                    for name in compiled.positiontup or []
                ],
            )
        return self._compiled

    def _args(self, dialect: Dialect, params: Mapping[str, Any]) -> list[Any]:
        _, binds = self._compile(dialect)
        return [bind.value(params) for bind in binds]

    async def fetch(self, db: AsyncSession, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        """The rows the statement returns, as tuples."""
        driver = await _driver(db)
        if driver is None:
            return (await db.execute(self.statement, params)).all()
        dialect = db.get_bind().dialect
        sql, _ = self._compile(dialect)
        return await driver.fetch(sql, *self._args(dialect, params))  # type: ignore[no-any-return]

    async def execute_many(self, db: AsyncSession, params: Sequence[Mapping[str, Any]]) -> None:
        """Run the statement once for each of ``params`` (one round trip on PostgreSQL)."""
        if not params:
            return
        driver = await _driver(db)
        if driver is None:
            await db.execute(self.statement, list(params))
            return
        dialect = db.get_bind().dialect
        sql, _ = self._compile(dialect)
        await driver.executemany(sql, [self._args(dialect, p) for p in params])


@dataclass(frozen=True, slots=True)
class _Bind:
    """One parameter of the compiled statement: the caller's, or a value written in it."""

    name: str
    process: Callable[[Any], Any] | None
    given: bool
    default: Any

    @classmethod
    def of(cls, name: str, bind: BindParameter[Any], dialect: Dialect) -> _Bind:
        given = bind.required or bind.callable is not None
        default = None if given else bind.effective_value
        return cls(name, bind.type.bind_processor(dialect), given, default)

    def value(self, params: Mapping[str, Any]) -> Any:
        value = params[self.name] if self.given or self.name in params else self.default
        return value if self.process is None else self.process(value)


async def insert_ids(
    db: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Insert ``rows`` (each naming the same columns) into ``table`` in one statement; returns
    their new ids (the table's autoincrementing ``id``), in the order of ``rows``."""
    if not rows:
        return []
    if await _driver(db) is None:
        statement = _insert(table, ("id",), ordered=True)
        return list((await db.execute(statement, list(rows))).scalars().all())
    # Ids come from the table's sequence as the rows go in, which is in the order given.
    return sorted(row[0] for row in await insert_rows(db, table, rows, "id"))


async def insert_rows(
    db: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]], *returning: str
) -> Sequence[Sequence[Any]]:
    """Insert ``rows`` (each naming the same columns) into ``table`` in one statement; returns
    the ``returning`` columns of each (if any), in no promised order."""
    if not rows:
        return []
    names = tuple(rows[0])
    if await _driver(db) is None:
        result = await db.execute(_insert(table, returning, ordered=False), list(rows))
        return result.all() if returning else []
    columns = {name: [row[name] for row in rows] for name in names}
    return await _unnest_insert(table, names, returning).fetch(db, columns)


@functools.cache
def _insert(table: Table, returning: tuple[str, ...], *, ordered: bool) -> Executable:
    if not returning:
        return insert(table)
    columns = [table.c[name] for name in returning]
    return insert(table).returning(*columns, sort_by_parameter_order=ordered)


@functools.cache
def _unnest_insert(table: Table, names: tuple[str, ...], returning: tuple[str, ...]) -> Direct:
    """The rows as one array per column: one statement whatever their number, where a VALUES
    list of each length is a statement of its own, prepared and planned anew."""
    arrays = [bindparam(name, type_=ARRAY(table.c[name].type)) for name in names]
    given = func.unnest(*arrays).table_valued(
        *(column(name, table.c[name].type) for name in names), with_ordinality="n"
    )
    given = given.render_derived()
    rows = select(*(given.c[name] for name in names)).order_by(given.c.n)
    statement = insert(table).from_select(names, rows)
    if returning:
        statement = statement.returning(*(table.c[name] for name in returning))
    return Direct(statement)


async def _driver(db: AsyncSession) -> Any:
    """The asyncpg connection under ``db``'s transaction (begun if need be), or None when the
    database is not PostgreSQL."""
    if db.get_bind().dialect.name != "postgresql":
        return None
    if db.new or db.dirty or db.deleted:
        await db.flush()  # as SQLAlchemy's autoflush would before any statement
    transaction = db.sync_session.get_transaction()
    known = db.info.get(_DRIVER)
    if transaction is not None and known is not None and known[0] is transaction:
        return known[1]
    connection = await db.connection()
    driver = (await connection.get_raw_connection()).driver_connection
    db.info[_DRIVER] = (db.sync_session.get_transaction(), driver)
    return driver

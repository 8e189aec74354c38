"""The write queue's busiest statements, run by the database driver itself.

Through SQLAlchemy's asyncio layer a statement costs a good deal of CPU next to what it does:
on PostgreSQL about half a millisecond on a small machine (the greenlet hops of its DBAPI
adapter, the execution context, the result object), ten times what asyncpg alone takes for it;
on SQLite, whose statements take microseconds, a few tenths. A write batch of nine statements
spent more there than on anything it wrote. A :class:`Direct` statement is still written with
SQLAlchemy and compiled by it, once per database, with its types' processing of parameters and
results; only its execution goes to the driver (asyncpg, or the SQLite connection), on the
connection of the session's transaction, so it commits or rolls back with everything else.

A statement is one text whatever the number of values it is given (``among``): a list rendered
into the text would be a new statement for each length, prepared and planned anew.

The tables written this way are not ones any cache watches (``cache.watched``): the caches learn
of writes from SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Executable,
    Insert,
    Table,
    any_,
    bindparam,
    column,
    func,
    insert,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.types import TypeEngine

_DRIVER = "inboxhub.direct.driver"
_POSTGRESQL = "postgresql"

Build = Callable[[str], Executable]
# A type's processing of one value, on its way to the driver or back from it.
Processor = Callable[[Any], Any]


def among(name: str, of: ColumnElement[Any], kind: TypeEngine[Any], database: str) -> Any:
    """``of IN`` the list given as parameter ``name``, as one statement text whatever its
    length: an array on PostgreSQL, a JSON array on SQLite."""
    if database == _POSTGRESQL:
        return of == any_(bindparam(name, type_=ARRAY(kind)))
    given = func.json_each(bindparam(name, type_=JSON()))
    return of.in_(select(literal_column("value")).select_from(given))


def pairs(first: tuple[str, TypeEngine[Any]], second: tuple[str, TypeEngine[Any]]) -> Any:
    """PostgreSQL: a table of the pairs given as two arrays of the same length (parameters
    ``first[0]`` and ``second[0]``), with columns ``a`` and ``b``. Joined to a table, each pair
    is looked up by that table's index on both columns, where two arrays (``among`` each) get a
    plan, once it is generic, that reads every row matching the first column."""
    (name_a, kind_a), (name_b, kind_b) = first, second
    given = func.unnest(
        bindparam(name_a, type_=ARRAY(kind_a)), bindparam(name_b, type_=ARRAY(kind_b))
    ).table_valued("a", "b")
    return given.render_derived()


class Direct:
    """A statement run by the driver. ``statement``: the statement, or a function of the
    database's name that builds it (where the databases need it written differently)."""

    def __init__(self, statement: Executable | Build) -> None:
        self._build: Build = statement if callable(statement) else (lambda _: statement)
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = _Compiled.of(self._build(dialect.name), dialect)
        return found

    async def fetch(self, db: AsyncSession, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        """The rows the statement returns, as tuples."""
        driver, dialect = await _driver(db)
        compiled = self._compile(dialect)
        args = compiled.args(params)
        if dialect.name == _POSTGRESQL:
            async with _lost(driver):
                rows = await driver.fetch(compiled.sql, *args)
        else:
            cursor = await driver.execute(compiled.sql, args)
            rows = await cursor.fetchall()
            await cursor.close()
        return compiled.rows(rows)

    async def execute_many(self, db: AsyncSession, params: Sequence[Mapping[str, Any]]) -> None:
        """Run the statement once for each of ``params`` (one round trip on PostgreSQL)."""
        if not params:
            return
        driver, dialect = await _driver(db)
        compiled = self._compile(dialect)
        args = [compiled.args(p) for p in params]
        if dialect.name == _POSTGRESQL:
            async with _lost(driver):
                await driver.executemany(compiled.sql, args)
        else:
            await (await driver.executemany(compiled.sql, args)).close()


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    binds: list[_Bind]
    # Per column returned, how the driver's value becomes the column type's (None: as it is).
    results: list[Processor | None] | None

    @classmethod
    def of(cls, statement: Executable, dialect: Dialect) -> _Compiled:
        assert isinstance(statement, ClauseElement)
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        binds = [
            _Bind.of(name, compiled.binds[name], dialect) for name in compiled.positiontup or []
        ]
        columns = getattr(statement, "exported_columns", ())
        # The dialect's own type (SQLite's DATETIME, asyncpg's JSON), as SQLAlchemy's execution
        # uses: the generic type's processing would hand SQLite a datetime that its driver then
        # writes in a format of its own, which sorts and compares apart from SQLAlchemy's.
        results = _result_processors([c.type for c in columns], dialect)
        return cls(str(compiled), binds, results)

    def args(self, params: Mapping[str, Any]) -> list[Any]:
        return [bind.value(params) for bind in self.binds]

    def rows(self, rows: Sequence[Sequence[Any]]) -> Sequence[Sequence[Any]]:
        return _processed(rows, self.results)


def _result_processors(
    types: Sequence[TypeEngine[Any]], dialect: Dialect
) -> list[Processor | None] | None:
    """How the driver's value of each column becomes its type's (None: no column needs it)."""
    results: list[Processor | None] = [
        kind.dialect_impl(dialect).result_processor(dialect, None) for kind in types
    ]
    return results if any(results) else None


def _processed(
    rows: Sequence[Sequence[Any]], results: list[Processor | None] | None
) -> Sequence[Sequence[Any]]:
    if results is None:
        return rows
    return [
        tuple(v if p is None else p(v) for v, p in zip(row, results, strict=True)) for row in rows
    ]


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
        return cls(name, bind.type.dialect_impl(dialect).bind_processor(dialect), given, default)

    def value(self, params: Mapping[str, Any]) -> Any:
        value = params[self.name] if self.given or self.name in params else self.default
        return value if self.process is None else self.process(value)


async def insert_ids(
    db: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Insert ``rows`` (each naming the same columns) into ``table`` in one statement; returns
    their new ids (the table's autoincrementing ``id``), in the order of ``rows``."""
    # Ids come from the table's sequence (PostgreSQL) or the next rowid (SQLite) as the rows go
    # in, which is in the order given.
    return sorted(row[0] for row in await insert_rows(db, table, rows, "id"))


@dataclass(frozen=True, slots=True)
class Along:
    """PostgreSQL: a statement that changes rows and returns nothing, run as a part of the next
    statement (``insert_rows``), a data-modifying CTE: one round trip for both. ``statement``
    is built once (it names a compiled statement); its parameters' names are not the table's
    columns."""

    statement: UpdateBase
    params: Mapping[str, Any]

    async def run(self, db: AsyncSession) -> None:
        """Alone, when there is nothing to run it with."""
        await _alone(self.statement).fetch(db, self.params)


async def insert_rows(
    db: AsyncSession,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *returning: str,
    along: Along | None = None,
) -> Sequence[Sequence[Any]]:
    """Insert ``rows`` (each naming the same columns) into ``table`` in one statement; returns
    the ``returning`` columns of each (if any), in no promised order. ``along``: PostgreSQL
    only, a statement run as a part of this one (or alone, without rows)."""
    if not rows:
        if along is not None:
            await along.run(db)
        return []
    names = tuple(rows[0])
    if db.get_bind().dialect.name != _POSTGRESQL:
        assert along is None, "a statement along another is PostgreSQL's"
        # SQLite: one statement of many VALUES, which SQLite parses in microseconds; its driver
        # cannot run one statement for many rows and return rows.
        if _defaults_given(table, names):
            return await _values_insert(db, table, rows, names, returning)
        result = await db.execute(_insert(table, returning), list(rows))
        return result.all() if returning else []
    if along is None:
        return await _unnest_insert(table, names, returning).fetch(db, as_columns(rows))
    statement = _unnest_insert_along(table, names, returning, along.statement)
    return await statement.fetch(db, {**as_columns(rows), **along.params})


def as_columns(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """The parameters of ``unnest_insert``: one list per column (each row names the same)."""
    return {name: [row[name] for row in rows] for name in rows[0]}


@functools.cache
def _insert(table: Table, returning: tuple[str, ...]) -> Executable:
    if not returning:
        return insert(table)
    return insert(table).returning(*(table.c[name] for name in returning))


# SQLite: rows per statement of many VALUES, well under its limit of parameters per statement.
_VALUES_ROWS = 200


async def _values_insert(
    db: AsyncSession,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    names: tuple[str, ...],
    returning: tuple[str, ...],
) -> Sequence[Sequence[Any]]:
    """SQLite: ``rows`` in statements of many VALUES written here and run by the driver.
    SQLAlchemy's own (``insertmanyvalues``) builds each row's parameters through its execution
    context, which cost a write batch more than SQLite took to insert the rows."""
    driver, dialect = await _driver(db)
    processors = _processors(table, names, returning, dialect)
    returned: list[Sequence[Any]] = []
    for start in range(0, len(rows), _VALUES_ROWS):
        chunk = rows[start : start + _VALUES_ROWS]
        args = [
            value if process is None else process(value)
            for row in chunk
            for value, process in zip((row[name] for name in names), processors.binds, strict=True)
        ]
        cursor = await driver.execute(_values_sql(table, names, returning, len(chunk)), args)
        returned.extend(await cursor.fetchall())
        await cursor.close()
    return _processed(returned, processors.results)


@dataclass(frozen=True, slots=True)
class _Processors:
    binds: list[Processor | None]
    results: list[Processor | None] | None


@functools.cache
def _processors(
    table: Table, names: tuple[str, ...], returning: tuple[str, ...], dialect: Dialect
) -> _Processors:
    binds: list[Processor | None] = [
        table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names
    ]
    return _Processors(binds, _result_processors([table.c[n].type for n in returning], dialect))


@functools.cache
def _values_sql(
    table: Table, names: tuple[str, ...], returning: tuple[str, ...], count: int
) -> str:
    row = "(" + ", ".join("?" * len(names)) + ")"
    sql = f'INSERT INTO "{table.name}" (' + ", ".join(f'"{n}"' for n in names) + ") VALUES "
    sql += ", ".join([row] * count)
    if returning:
        sql += " RETURNING " + ", ".join(f'"{n}"' for n in returning)
    return sql


@functools.cache
def _defaults_given(table: Table, names: tuple[str, ...]) -> bool:
    """Whether ``names`` holds every column that SQLAlchemy would fill in itself (a default
    computed in Python): only then may a statement name just ``names``."""
    return all(
        c.name in names
        for c in table.columns
        if c.default is not None and not c.default.is_sequence
    )


@functools.cache
def _unnest_insert(table: Table, names: tuple[str, ...], returning: tuple[str, ...]) -> Direct:
    return Direct(unnest_insert(table, names, returning))


@functools.cache
def _unnest_insert_along(
    table: Table, names: tuple[str, ...], returning: tuple[str, ...], along: UpdateBase
) -> Direct:
    return Direct(unnest_insert(table, names, returning).add_cte(along.cte("along")))


@functools.cache
def _alone(statement: UpdateBase) -> Direct:
    return Direct(statement)


@functools.cache
def unnest_insert(table: Table, names: tuple[str, ...], returning: tuple[str, ...]) -> Insert:
    """PostgreSQL: the rows as one array per column (``as_columns``), one statement whatever
    their number. The rows go in in the order given, so their new ids follow that order."""
    arrays = [bindparam(name, type_=ARRAY(table.c[name].type)) for name in names]
    given = func.unnest(*arrays).table_valued(
        *(column(name, table.c[name].type) for name in names), with_ordinality="n"
    )
    given = given.render_derived()
    rows = select(*(given.c[name] for name in names)).order_by(given.c.n)
    statement = insert(table).from_select(names, rows)
    if returning:
        statement = statement.returning(*(table.c[name] for name in returning))
    return statement


class ConnectionLost(ConnectionError):
    """The database connection closed under a statement run by the driver: the server went
    away, and callers wait for it or answer ``DATABASE_UNAVAILABLE`` (``errors.connection_lost``),
    as they do for the same loss seen through SQLAlchemy."""


@contextlib.asynccontextmanager
async def _lost(driver: Any) -> AsyncIterator[None]:
    try:
        yield
    except Exception as exc:
        if driver.is_closed():
            raise ConnectionLost("the database connection was lost") from exc
        raise


async def _driver(db: AsyncSession) -> tuple[Any, Dialect]:
    """The driver's connection under ``db``'s transaction (begun if need be), and its dialect."""
    if db.new or db.dirty or db.deleted:
        await db.flush()  # as SQLAlchemy's autoflush would before any statement
    transaction = db.sync_session.get_transaction()
    known = db.info.get(_DRIVER)
    if transaction is not None and known is not None and known[0] is transaction:
        return known[1], known[2]
    connection = await db.connection()
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    if connection.dialect.name == _POSTGRESQL and not driver.is_in_transaction():
        # SQLAlchemy's asyncpg adapter sends BEGIN with the first statement it runs itself; a
        # statement the driver runs alone would commit by itself, and a batch of them would be
        # kept in part when a later one fails. Begun through the adapter, the transaction is
        # the session's: its commit and rollback end it.
        adapter: Any = raw.dbapi_connection
        await adapter._start_transaction()
    db.info[_DRIVER] = (db.sync_session.get_transaction(), driver, connection.dialect)
    return driver, connection.dialect

"""Each test's database: emptied, then the rows of a first start put back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Table, event, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from inboxhub.auth.bootstrap import bootstrap
from inboxhub.config import Settings
from inboxhub.db import Base, Database
from inboxhub.migrate import upgrade_async

T = TypeVar("T")

# One engine per database for the whole test process: SQLAlchemy compiles a statement once per
# engine. No pool: nothing stays connected between tests.
_ENGINES: dict[str, AsyncEngine] = {}


def _engine(url: str) -> AsyncEngine:
    if url not in _ENGINES:
        _ENGINES[url] = create_async_engine(url, poolclass=NullPool)
    return _ENGINES[url]


async def truncate(url: str) -> None:
    """Empty every table, so the next start is a fresh install (bootstrap runs again)."""
    async with _engine(url).begin() as conn:
        await _empty(conn)


async def _empty(conn: AsyncConnection) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    if conn.dialect.name == "postgresql":
        # A database no gateway has migrated yet (a test that starts its own processes may run
        # first) has nothing to empty.
        existing = set(
            (
                await conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                )
            ).scalars()
        )
        tables = [t for t in tables if t in existing]
        if not tables:
            return
        quoted = ", ".join(f'"{t}"' for t in tables)
        await conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            await conn.execute(text(f'DELETE FROM "{table}"'))


# What bootstrap wrote into an empty database, by the credentials it was given: (table, rows).
_INSTALLED: dict[tuple[str, str, str], list[tuple[Table, list[dict[str, Any]]]]] = {}


async def fresh_install(url: str, settings: Settings) -> None:
    """The database as the gateway's first start leaves it, without paying for that start.

    Bootstrap hashes the admin's password with argon2 (slow on purpose, a tenth of a second);
    the rows it wrote for the first test with these credentials are copied back for the others,
    and the app's own bootstrap then finds everything in place. Settings that make bootstrap
    generate credentials (and print them) get a truly empty database instead."""
    if not (settings.api_key and settings.admin_email and settings.admin_password):
        await truncate(url)
        return
    key = (settings.api_key, settings.admin_email, settings.admin_password)
    async with _engine(url).begin() as conn:
        await _empty(conn)
        installed = _INSTALLED.get(key)
        if installed is None:
            async with AsyncSession(bind=conn) as db:
                assert await bootstrap(db, settings) == []
                await db.flush()
            _INSTALLED[key] = installed = [
                (table, [dict(row) for row in (await conn.execute(select(table))).mappings()])
                for table in Base.metadata.sorted_tables
            ]
        else:
            for table, rows in installed:
                if rows:
                    await conn.execute(table.insert(), rows)
                    await _continue_ids(conn, table, rows)


async def _continue_ids(conn: AsyncConnection, table: Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL's sequences go on after the copied ids, as after bootstrap's own inserts."""
    if conn.dialect.name != "postgresql":
        return  # SQLite's rowid goes on from the largest id by itself
    for column in table.primary_key.columns:
        values = [row[column.name] for row in rows if isinstance(row[column.name], int)]
        if values:
            await conn.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, :column), :value)"),
                {"table": f'"{table.name}"', "column": column.name, "value": max(values)},
            )


async def someone_waits_for_a_lock(database: Database) -> bool:
    """PostgreSQL: a transaction of this database is held on another's row lock right now (to
    line two transactions up in a test)."""
    async with database.sessionmaker() as db:
        waits = await db.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = current_database()"
            )
        )
        return bool(waits.scalar_one())


async def fresh_database(url: str | None) -> None:
    """PostgreSQL is shared by the suite: migrated and emptied, as a new install finds it."""
    if url:
        await upgrade_async(url)
        await truncate(url)


@contextmanager
def heard(target: Any, name: str, note: Callable[..., T]) -> Iterator[list[T]]:
    """What ``note`` makes of each SQLAlchemy event ``name`` on ``target`` (an engine, a pool)
    while the block runs."""
    seen: list[T] = []

    def listener(*args: Any) -> None:
        seen.append(note(*args))

    event.listen(target, name, listener)
    try:
        yield seen
    finally:
        event.remove(target, name, listener)

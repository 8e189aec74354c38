"""SQLite statements run on the event loop: a writer waiting for another one must not block it."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from inboxhub import sqlite
from inboxhub.db import Database
from tests.support import eventually


@pytest.fixture
async def database(database_url: str) -> Database:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's single-writer lock")
    db = Database(database_url)
    async with db.engine.begin() as conn:
        await conn.execute(text("CREATE TABLE IF NOT EXISTS writers_probe (n INTEGER)"))
        await conn.execute(text("DELETE FROM writers_probe"))
    yield db
    async with db.engine.begin() as conn:
        await conn.execute(text("DROP TABLE writers_probe"))
    await db.dispose()


@pytest.fixture
async def own_database(database_url: str, tmp_path: Path) -> AsyncIterator[tuple[str, Database]]:
    """A database file of its own, and its path: the suite's shared one has free pages that new
    rows would fill instead of growing the file."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's write-ahead log")
    path = str(tmp_path / "own.db")
    database = Database(f"sqlite+aiosqlite:///{path}")
    yield path, database
    await database.dispose()


def log_size(path: str) -> int:
    wal = Path(path + "-wal")
    return wal.stat().st_size if wal.exists() else 0


async def test_a_second_writer_waits_for_the_first_without_blocking_the_loop(
    database: Database,
) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticking = asyncio.create_task(ticker())
    first = await database.engine.connect()
    await first.begin()
    await first.execute(text("INSERT INTO writers_probe VALUES (1)"))  # holds the write lock

    async def second_writer() -> None:
        async with database.engine.begin() as conn:
            await conn.execute(text("INSERT INTO writers_probe VALUES (2)"))

    second = asyncio.create_task(second_writer())
    await asyncio.sleep(0.3)
    assert not second.done(), "the second writer cannot have written past the first one's lock"
    ticks_while_waiting = ticks
    await first.commit()
    await first.close()
    await asyncio.wait_for(second, 10)
    ticking.cancel()
    assert ticks_while_waiting >= 10, "the event loop was blocked while a writer waited"
    async with database.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT n FROM writers_probe ORDER BY n"))).all()
    assert [n for (n,) in rows] == [1, 2]


async def test_many_concurrent_write_transactions_all_commit(database: Database) -> None:
    async def writer(n: int) -> None:
        async with database.engine.begin() as conn:
            await conn.execute(text("INSERT INTO writers_probe VALUES (:n)"), {"n": n})
            # Another transaction gets the loop while this one holds the lock.
            await asyncio.sleep(0)
            await conn.execute(text("INSERT INTO writers_probe VALUES (:n)"), {"n": -n})

    await asyncio.wait_for(asyncio.gather(*(writer(n) for n in range(1, 41))), 60)
    async with database.engine.connect() as conn:
        count = (await conn.execute(text("SELECT count(*) FROM writers_probe"))).scalar_one()
    assert count == 80


async def test_the_log_is_folded_back_beside_the_loop_and_stays_small(
    own_database: tuple[str, Database],
) -> None:
    # The loop's connections never checkpoint (a commit that did would stall every request):
    # the checkpoint thread moves the rows into the database file, and the log starts over.
    path, database = own_database
    async with database.engine.begin() as conn:
        await conn.execute(text("CREATE TABLE writers_probe (n INTEGER)"))

    def sizes() -> tuple[int, int]:
        return Path(path).stat().st_size, log_size(path)

    async def write_and_fold_back() -> None:
        before, _ = sizes()
        largest_log = 0
        for _ in range(8):
            async with database.engine.begin() as conn:
                await conn.execute(
                    text("INSERT INTO writers_probe (n) SELECT value FROM json_each(:values)"),
                    {"values": json.dumps(list(range(20_000)))},
                )
            await asyncio.sleep(0.3)
            largest_log = max(largest_log, sizes()[1])

        async def folded_back() -> bool:
            return sizes()[0] > before + 1_000_000

        await eventually(folded_back, timeout=10)
        # 8 × ~0.5 MB were written; without checkpoints the log would hold all of it.
        assert largest_log < 3_000_000, largest_log

    await write_and_fold_back()
    # Disposed, then used again (as an engine may be): the checkpoints start again too.
    await database.dispose()
    await write_and_fold_back()


async def test_the_log_starts_over_under_a_steady_stream_of_writes(
    own_database: tuple[str, Database],
) -> None:
    # Under a steady load some commit lands while each checkpoint folds the log back, so a writer
    # never finds it wholly folded back and it is never started over: it grew to the limit, then
    # was truncated while every writer waited. Each round now ends by folding back the last
    # pages under the writers' lock, so the log starts over and stays as small as a round's
    # writes.
    path, database = own_database
    async with database.engine.begin() as conn:
        await conn.execute(text("CREATE TABLE blobs (b BLOB)"))
    loop = asyncio.get_running_loop()
    written = largest_log = 0
    deadline = loop.time() + 2.5
    while loop.time() < deadline:
        async with database.engine.begin() as conn:
            await conn.execute(text("INSERT INTO blobs VALUES (randomblob(16000))"))
        written += 16_000
        largest_log = max(largest_log, log_size(path))
        await asyncio.sleep(0.002)
    # Without a restart the log holds every write (more, with its frames' headers); with one
    # it holds a round's, or two or three when a reader stood in the way.
    assert largest_log < written / 2, (largest_log, written)


async def test_a_log_held_back_by_an_open_transaction_is_reported_once_then_truncated(
    own_database: tuple[str, Database],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A checkpoint that cannot finish says so in its result row, not by an error: without the
    # warning, a connection that keeps a read transaction open grows the log without a word.
    monkeypatch.setattr(sqlite, "_WAL_LIMIT_BYTES", 200_000)
    monkeypatch.setattr(sqlite, "_TRUNCATE_PATIENCE_MS", 100)
    monkeypatch.setattr(sqlite, "_HELD_BACK_PAUSE", 1.0)
    path, database = own_database
    async with database.engine.begin() as conn:
        await conn.execute(text("CREATE TABLE blobs (b BLOB)"))
        await conn.execute(text("INSERT INTO blobs VALUES (randomblob(10))"))
    reader = sqlite3.connect(path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM blobs").fetchall()  # holds its snapshot
        for _ in range(20):
            async with database.engine.begin() as conn:
                await conn.execute(text("INSERT INTO blobs VALUES (randomblob(16000))"))

        async def reported() -> int:
            return sum("cannot be folded back" in r.getMessage() for r in caplog.records)

        with caplog.at_level(logging.WARNING, logger="inboxhub.sqlite"):
            await eventually(reported, timeout=10)
            async with database.engine.begin() as conn:  # still held back: no second warning
                await conn.execute(text("INSERT INTO blobs VALUES (randomblob(16000))"))
            reader.execute("COMMIT")

            async def truncated() -> bool:
                return log_size(path) < 200_000

            await eventually(truncated, timeout=10)
            assert await reported() == 1
    finally:
        reader.close()

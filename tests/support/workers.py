"""Tests spread over processes (pytest-xdist): each worker gets a PostgreSQL database of its own.

The suite empties its database before every test and several tests start gateways that migrate
and bootstrap it, so two workers can never share one. The worker's database is the configured one
with the worker's name appended (``inboxhub_test`` → ``inboxhub_test_gw1``), created on first use;
SQLite needs nothing, each worker's temporary directory holds its own file."""

from __future__ import annotations

import asyncio
import os

import asyncpg
from sqlalchemy.engine import make_url

DATABASE_SWITCH = "INBOXHUB_TEST_DATABASE_URL"


def give_each_worker_its_database() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    configured = os.environ.get(DATABASE_SWITCH, "")
    if not worker or not configured.startswith("postgresql"):
        return
    url = make_url(configured)
    own = f"{url.database}_{worker}"
    shared = url.set(drivername="postgresql").render_as_string(hide_password=False)
    asyncio.run(_create(shared, own))
    os.environ[DATABASE_SWITCH] = url.set(database=own).render_as_string(hide_password=False)


async def _create(shared: str, name: str) -> None:
    conn = await asyncpg.connect(shared)
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()

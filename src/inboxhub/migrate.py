"""Applying Alembic migrations, from the CLI and at start-up."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine


def migrations_dir() -> Path:
    # Shipped inside the package: found from an installed wheel, whatever the working directory.
    return Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@functools.cache
def head_revision() -> str:
    """The schema revision this version of the gateway expects (read once: the scripts ship
    with the code)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("")).get_current_head()
    return head or ""


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


async def upgrade_async(url: str) -> None:
    # Alembic's async env runs its own event loop, so it gets a thread of its own.
    await asyncio.to_thread(upgrade, url)


async def stored_revisions(engine: AsyncEngine) -> list[str]:
    """The revisions the database says it is at; none if it has no schema yet or cannot say."""
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT version_num FROM alembic_version"))
            return [str(revision) for revision in rows.scalars()]
    except DBAPIError:
        return []


async def upgrade_unless_current(engine: AsyncEngine, url: str) -> None:
    """Start-up: one query when the schema is already current (the usual start), Alembic's
    upgrade otherwise, which loads every migration script and checks again under its lock."""
    if await stored_revisions(engine) != [head_revision()]:
        await upgrade_async(url)

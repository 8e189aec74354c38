"""``inboxhub doctor``: what stands between this installation and a running gateway, in words an
operator acts on. Each check answers a list of findings; none raises."""

from __future__ import annotations

import asyncio
import ctypes.util
import importlib.util
import shutil
import tempfile
from dataclasses import dataclass
from typing import Literal

import httpx
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from inboxhub.cluster.service import running_count
from inboxhub.config import Settings
from inboxhub.errors import ApiError
from inboxhub.migrate import alembic_config
from inboxhub.ratelimit import parse_limit

Level = Literal["ok", "warning", "problem"]


@dataclass(frozen=True, slots=True)
class Finding:
    level: Level
    topic: str
    text: str


def check_settings(settings: Settings) -> list[Finding]:
    found: list[Finding] = []
    for name in ("rate_limit_auth", "rate_limit_user", "rate_limit_session", "rate_limit_messages"):
        value = getattr(settings, name)
        try:
            parse_limit(value)
        except ApiError:
            found.append(
                Finding(
                    "problem",
                    "configuration",
                    f"INBOXHUB_{name.upper()}={value!r} is not a rate limit: write it like "
                    "'10/minute', '5/15minute' or 'off'",
                )
            )
    if settings.host not in ("127.0.0.1", "localhost", "::1") and not settings.public_url:
        found.append(
            Finding(
                "warning",
                "configuration",
                f"listening on {settings.host} without INBOXHUB_PUBLIC_URL: media links will "
                f"point at {settings.public_base_url}, which clients may not reach",
            )
        )
    if settings.trusted_proxies.strip() == "*":
        found.append(
            Finding(
                "warning",
                "configuration",
                "INBOXHUB_TRUSTED_PROXIES='*' believes X-Forwarded-For from anyone: list your "
                "proxies' addresses unless the gateway is reachable only through them",
            )
        )
    if not found:
        found.append(Finding("ok", "configuration", "settings read and valid"))
    return found


def check_data_dir(settings: Settings) -> list[Finding]:
    path = settings.data_dir.resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".doctor-"):
            pass
    except OSError as exc:
        return [
            Finding(
                "problem",
                "data directory",
                f"{path} is not writable ({exc.strerror or exc}): give the gateway's user write "
                "access, or point INBOXHUB_DATA_DIR elsewhere",
            )
        ]
    free = shutil.disk_usage(path).free
    if free < 512 * 1024 * 1024:
        return [
            Finding(
                "warning", "data directory", f"{path}: only {free // 2**20} MB free on its disk"
            )
        ]
    return [Finding("ok", "data directory", f"{path} is writable")]


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def check_database(settings: Settings) -> list[Finding]:
    url = settings.resolved_database_url
    shown = url.split("@")[-1] if "@" in url else url  # never print a password
    engine = create_async_engine(url)
    room: list[Finding] = []
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            current = await connection.run_sync(_revision)
            if not settings.is_sqlite:
                room = await _connection_room(connection, settings, current is not None)
    except Exception as exc:
        return [
            Finding(
                "problem",
                "database",
                f"cannot reach {shown}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}",
            )
        ]
    finally:
        await engine.dispose()
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    kind = "SQLite (single node)" if settings.is_sqlite else "PostgreSQL"
    if current is None:
        return [
            Finding(
                "warning",
                "database",
                f"{kind} at {shown} is reachable but empty: `inboxhub migrate` (or the first "
                "`inboxhub serve`) creates the schema",
            ),
            *room,
        ]
    if current != head:
        return [
            Finding(
                "problem",
                "database",
                f"schema at revision {current}, this version expects {head}: run `inboxhub "
                "migrate` (or start `inboxhub serve`, which migrates), or run the version that "
                "wrote it",
            )
        ]
    return [Finding("ok", "database", f"{kind} at {shown}, schema up to date ({head})"), *room]


# Besides its pool, a node holds a connection for its lease and announcements, one for the
# webhook queue's wake-ups, and one for a migration or a check at start.
_OWN_CONNECTIONS = 3


async def _connection_room(
    connection: AsyncConnection, settings: Settings, migrated: bool
) -> list[Finding]:
    """How many gateway processes the server's ``max_connections`` leaves room for, next to the
    nodes alive now: past it, a starting node cannot connect or a busy one cannot open what
    its pool may."""
    most = int((await connection.execute(text("SHOW max_connections"))).scalar_one())
    superuser = (
        await connection.execute(text("SELECT usesuper FROM pg_user WHERE usename = current_user"))
    ).scalar()
    if not superuser:
        most -= int(
            (await connection.execute(text("SHOW superuser_reserved_connections"))).scalar_one()
        )
    each = settings.database_pool_size + _OWN_CONNECTIONS
    fit = most // each
    live = await running_count(connection, settings.cluster_lease_seconds) if migrated else 0
    said = (
        f"room for {fit} gateway process{'' if fit == 1 else 'es'} of {each} connections each "
        f"(INBOXHUB_DATABASE_POOL_SIZE {settings.database_pool_size} + {_OWN_CONNECTIONS}) "
        f"in the {most} the server gives; {live} running now"
    )
    if live + 1 > fit:
        return [
            Finding(
                "warning",
                "connections",
                f"{said}: one more would not fit. Lower INBOXHUB_DATABASE_POOL_SIZE or raise "
                "PostgreSQL's max_connections",
            )
        ]
    return [Finding("ok", "connections", said)]


def check_engines(settings: Settings) -> list[Finding]:
    wanted = {settings.engine, *settings.enabled_engines}
    found = [Finding("ok", "engines", f"default engine: {settings.engine}")]
    if "web" in wanted:
        before = len(found)
        if importlib.util.find_spec("neonize") is None:
            found.append(
                Finding(
                    "problem",
                    "web engine",
                    "neonize is not installed: `pip install 'inboxhub[web]'`",
                )
            )
        if ctypes.util.find_library("magic") is None:
            found.append(
                Finding("problem", "web engine", "libmagic is missing (apt install libmagic1)")
            )
        if shutil.which("ffmpeg") is None:
            found.append(
                Finding(
                    "warning",
                    "web engine",
                    "ffmpeg is missing: voice notes and video thumbnails cannot be converted",
                )
            )
        if len(found) == before:
            found.append(Finding("ok", "web engine", "neonize, libmagic and ffmpeg present"))
    if "cloud" in wanted:
        found.extend(_check_graph(settings))
    return found


def _check_graph(settings: Settings) -> list[Finding]:
    url = settings.cloud_graph_base_url
    try:
        httpx.get(url, timeout=5.0)
    except httpx.HTTPError as exc:
        return [
            Finding(
                "problem",
                "cloud engine",
                f"Meta's Graph API at {url} is unreachable ({type(exc).__name__}): check the "
                "outbound network or proxy",
            )
        ]
    return [Finding("ok", "cloud engine", f"Graph API at {url} answers")]


def run(settings: Settings) -> list[Finding]:
    findings = check_settings(settings)
    findings += check_data_dir(settings)
    findings += asyncio.run(check_database(settings))
    findings += check_engines(settings)
    return findings

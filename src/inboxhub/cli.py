"""``inboxhub serve | worker | sandbox-network | migrate | doctor | config-reference | create-org |
create-api-key | create-user``."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import socket
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from pydantic import ValidationError

from inboxhub import __version__
from inboxhub.config import Settings

app = typer.Typer(help="Inbox Hub: self-hosted WhatsApp gateway for CRMs.", no_args_is_help=True)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"inboxhub {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit"
        ),
    ] = False,
) -> None:
    """Inbox Hub: self-hosted WhatsApp gateway for CRMs."""


def load_settings() -> Settings:
    """The settings, or a message naming each bad variable instead of a traceback."""
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = "INBOXHUB_" + "_".join(str(part) for part in error["loc"][:1]).upper()
            typer.echo(f"configuration: {name}: {error['msg']}", err=True)
        raise typer.Exit(2) from None


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (INBOXHUB_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port (INBOXHUB_PORT)")] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1, help="Node processes sharing the port (PostgreSQL only; use all cores)"
        ),
    ] = 1,
    reuse_port: Annotated[bool, typer.Option(hidden=True)] = False,
) -> None:
    """Run the gateway (API, engines, webhook delivery); on PostgreSQL, as a cluster node."""
    from inboxhub.cluster import processes

    settings = load_settings()
    if settings.is_sqlite:
        if workers > 1:
            typer.echo(
                "--workers needs PostgreSQL: SQLite is single-node (set INBOXHUB_DATABASE_URL)",
                err=True,
            )
            raise typer.Exit(2)
        try:
            lock = processes.hold_sqlite(settings.resolved_database_url)
        except processes.SingleNodeOnly as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
    if workers > 1:
        raise typer.Exit(processes.run_workers(workers, processes.worker_argv(host, port)))
    listen_host = host or settings.host
    try:
        public = processes.listening_socket(
            listen_host, port or settings.port, reuse_port=reuse_port
        )
        sockets = [public]
        if reuse_port and not settings.node_url:
            # Workers share the public port: each needs an address of its own for the others.
            internal = processes.listening_socket(listen_host, 0, reuse_port=False)
            sockets.append(internal)
    except OSError as exc:
        typer.echo(
            f"cannot listen on {listen_host}:{port or settings.port}: {exc.strerror}", err=True
        )
        raise typer.Exit(3) from None
    if reuse_port and not settings.node_url:
        settings = settings.model_copy(
            update={"node_url": processes.node_url(listen_host, internal)}
        )
    elif not settings.node_url:
        settings = settings.model_copy(update={"node_url": processes.node_url(listen_host, public)})
    _run_server(settings, sockets)
    if settings.is_sqlite:
        lock.close()


def _run_server(settings: Settings, sockets: list[socket.socket]) -> None:
    import uvicorn

    from inboxhub.app import create_app
    from inboxhub.logs import configure_logging
    from inboxhub.worker import end_streams

    configure_logging(settings)
    application = create_app(settings)
    proxies = settings.trusted_proxies.strip()

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            super().handle_exit(sig, frame)
            # Live event streams never end by themselves: end them now, or they would hold
            # the stop until the grace period runs out. Requests in flight still finish.
            with contextlib.suppress(RuntimeError):  # no loop running yet
                asyncio.get_running_loop().call_soon_threadsafe(
                    end_streams, application.state.runtime
                )

    config = uvicorn.Config(
        application,
        log_config=None,
        # Off unless it would print: uvicorn formats each access line's arguments before the
        # logger looks at its level.
        access_log=logging.getLogger("uvicorn.access").isEnabledFor(logging.INFO),
        timeout_graceful_shutdown=settings.shutdown_timeout_seconds,
        # X-Forwarded-For is believed only from the configured proxies (uvicorn's default
        # trusts 127.0.0.1, which lets a local caller rotate its address past the login limit).
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
    )
    # uvicorn stops in order, then raises the signal again for its previous handler: ours
    # makes that a normal exit (status 0) instead of a death by SIGTERM.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    tune_garbage_collector()
    server = Server(config)
    server.run(sockets=sockets)
    if not server.started:
        raise typer.Exit(3)  # could not start, as uvicorn.run exits


def tune_garbage_collector() -> None:
    """Modules, routes and schemas stay for the process's life: the collector need not walk them
    again. And each request leaves many short-lived objects (ORM rows, statements): collecting
    the young generation after 20,000 allocations instead of 700 costs far less CPU per request
    for a few more megabytes between collections."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


@app.command()
def worker() -> None:
    """Deliver webhooks without serving the API (several may share PostgreSQL).

    On SQLite run a single worker: set INBOXHUB_EMBEDDED_WORKER=false on the server first.
    """
    from inboxhub.logs import configure_logging
    from inboxhub.worker import run_standalone

    settings = load_settings()
    configure_logging(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    tune_garbage_collector()
    asyncio.run(run_standalone(settings))


@app.command("sandbox-network")
def sandbox_network(
    host: Annotated[str, typer.Option(help="Listen address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Listen port")] = 8090,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Where linked phones and kept messages live (INBOXHUB_DATA_DIR/sandbox)"),
    ] = None,
) -> None:
    """Run the sandbox's virtual WhatsApp network for every node of a cluster.

    Nodes connect to it with INBOXHUB_SANDBOX_URL=ws://HOST:PORT and the same
    INBOXHUB_SANDBOX_TOKEN as this process.
    """
    from inboxhub.engines.sandbox import server
    from inboxhub.logs import configure_logging

    settings = load_settings()
    if not settings.sandbox_token:
        typer.echo("INBOXHUB_SANDBOX_TOKEN is required: every node presents it", err=True)
        raise typer.Exit(2)
    configure_logging(settings)
    store_dir = data_dir or settings.data_dir / "sandbox"
    store_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    asyncio.run(
        server.run(
            host=host,
            port=port,
            store_dir=store_dir,
            token=settings.sandbox_token,
            qr_ttl=settings.sandbox_qr_ttl_seconds,
            qr_max_rotations=settings.sandbox_qr_max_rotations,
            reconnect_delay=settings.sandbox_reconnect_delay_seconds,
        )
    )


@app.command()
def migrate() -> None:
    """Apply database migrations."""
    from inboxhub.migrate import upgrade

    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.resolved_database_url)
    typer.echo("Database is up to date")


@app.command()
def doctor() -> None:
    """Check the configuration, database, data directory and engines; exit 1 on a problem."""
    from inboxhub.doctor import run

    findings = run(load_settings())
    marks = {"ok": "ok     ", "warning": "warning", "problem": "PROBLEM"}
    for finding in findings:
        typer.echo(f"{marks[finding.level]}  {finding.topic}: {finding.text}")
    problems = sum(finding.level == "problem" for finding in findings)
    if problems:
        typer.echo(f"{problems} problem(s) found", err=True)
        raise typer.Exit(1)
    typer.echo(f"inboxhub {__version__}: ready")


@app.command("config-reference")
def config_reference() -> None:
    """Print every setting, its default and meaning (the text of docs/configuration.md)."""
    from inboxhub.config_reference import render

    typer.echo(render(), nl=False)


async def _with_db(action: str, **kwargs: str) -> str:
    from inboxhub.auth import service
    from inboxhub.db import Database
    from inboxhub.migrate import upgrade_async

    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await upgrade_async(settings.resolved_database_url)
    database = Database(settings.resolved_database_url)
    try:
        async with database.sessionmaker() as db, db.begin():
            if action == "org":
                org = await service.create_organization(db, name=kwargs["name"])
                return f"Organization {org.name} created with id {org.id} (slug {org.slug})"
            if action == "key":
                _, raw = await service.create_api_key(
                    db, organization_id=int(kwargs["org"]), name=kwargs["name"]
                )
                return f"API key (shown once): {raw}"
            user = await service.create_user(
                db, email=kwargs["email"], password=kwargs["password"], name=kwargs.get("name")
            )
            if kwargs.get("org"):
                await service.add_member(
                    db,
                    organization_id=int(kwargs["org"]),
                    email=user.email,
                    role=kwargs["role"],
                    name=None,
                    password=None,
                )
            return f"User {user.email} created with id {user.id}"
    finally:
        await database.dispose()


@app.command("create-org")
def create_org(name: str) -> None:
    """Create an organization."""
    typer.echo(asyncio.run(_with_db("org", name=name)))


@app.command("create-api-key")
def create_api_key(
    organization_id: Annotated[int, typer.Option("--org", help="Organization id")],
    name: Annotated[str, typer.Option(help="A label for the key")] = "cli",
) -> None:
    """Create an API key for an organization (printed once)."""
    typer.echo(asyncio.run(_with_db("key", org=str(organization_id), name=name)))


@app.command("create-user")
def create_user(
    email: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True)],
    organization_id: Annotated[
        int | None, typer.Option("--org", help="Add to this organization")
    ] = None,
    role: Annotated[str, typer.Option(help="owner | admin | member")] = "member",
) -> None:
    """Create a user (and optionally add them to an organization)."""
    typer.echo(
        asyncio.run(
            _with_db(
                "user", email=email, password=password, org=str(organization_id or ""), role=role
            )
        )
    )


def main() -> None:
    app()

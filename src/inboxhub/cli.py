"""``inboxhub serve | worker | sandbox-network | migrate | doctor | config-reference | create-org |
create-api-key | create-user | reset-password``.

A mistake (a bad option, an unknown organization, a duplicate user, a setting that does not
parse) is answered with one line in words on stderr and exit status 1: never a traceback, which
could show a key's hash or a statement's parameters.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import socket
import sys
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Annotated, Any, NoReturn

import typer
from pydantic import ValidationError
from typer.exceptions import TyperException

from inboxhub import __version__
from inboxhub.config import Settings

app = typer.Typer(
    help="Inbox Hub: self-hosted WhatsApp gateway for CRMs.",
    no_args_is_help=True,
    # Pretty tracebacks print local variables: a key's hash, a password.
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Failure(Exception):
    """A mistake to answer with one line (exit status 1)."""


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


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


def load_settings(**overrides: Any) -> Settings:
    """The settings (command-line options win over the environment), or a line naming each bad
    variable instead of a traceback."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        for error in exc.errors():
            name = "INBOXHUB_" + "_".join(str(part) for part in error["loc"][:1]).upper()
            typer.echo(f"error: configuration: {name}: {error['msg']}", err=True)
        raise typer.Exit(1) from None


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (INBOXHUB_HOST)")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Listen port (INBOXHUB_PORT)")
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option(help="SQLite file, media and engine stores (INBOXHUB_DATA_DIR)")
    ] = None,
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

    # The options become settings, so that what the gateway says about itself (the inspector's
    # URL, media links) names the address it really listens on.
    settings = load_settings(host=host, port=port, data_dir=data_dir)
    host, port = settings.host, settings.port
    if settings.is_sqlite:
        if workers > 1:
            fail("--workers needs PostgreSQL: SQLite is single-node (set INBOXHUB_DATABASE_URL)")
        try:
            lock = processes.hold_sqlite(settings.resolved_database_url)
        except processes.SingleNodeOnly as exc:
            fail(str(exc))
    else:
        refusal = _refusal(settings)
        if refusal:
            fail(f"cannot join the cluster: {refusal}")
    if workers > 1:
        argv = [*processes.worker_argv(host, port), "--data-dir", str(settings.data_dir)]
        raise typer.Exit(processes.run_workers(workers, argv))
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
        fail(f"cannot listen on {listen_host}:{port or settings.port}: {exc.strerror}")
    if reuse_port and not settings.node_url:
        settings = settings.model_copy(
            update={"node_url": processes.node_url(listen_host, internal)}
        )
    elif not settings.node_url:
        settings = settings.model_copy(update={"node_url": processes.node_url(listen_host, public)})
    _run_server(settings, sockets)
    if settings.is_sqlite:
        lock.close()


def _refusal(settings: Settings) -> str | None:
    from inboxhub.cluster import processes
    from inboxhub.cluster.node import default_node_id

    try:
        return processes.other_revisions_live(
            settings.resolved_database_url,
            settings.node_id or default_node_id(),
            float(settings.cluster_lease_seconds),
        )
    except Exception as exc:  # the database away: the gateway's own start says it better
        logging.getLogger(__name__).debug("schema check skipped: %s", type(exc).__name__)
        return None


def _run_server(settings: Settings, sockets: list[socket.socket]) -> None:
    import uvicorn

    from inboxhub.app import create_app
    from inboxhub.http_protocol import HttpProtocol
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
        http=HttpProtocol,
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
        raise typer.Exit(1)  # could not start (uvicorn said why), as uvicorn.run exits


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
        fail("INBOXHUB_SANDBOX_TOKEN is required: every node presents it")
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
        fail(f"{problems} problem(s) found")
    typer.echo(f"inboxhub {__version__}: ready")


@app.command("config-reference")
def config_reference() -> None:
    """Print every setting, its default and meaning (the text of docs/configuration.md)."""
    from inboxhub.config_reference import render

    typer.echo(render(), nl=False)


async def _with_db(action: str, **kwargs: Any) -> str:
    """One change to the accounts, in one transaction; a mistake is a ``Failure`` in words."""
    from sqlalchemy import select

    from inboxhub.auth import service
    from inboxhub.auth.models import Organization, User
    from inboxhub.db import Database
    from inboxhub.errors import ApiError
    from inboxhub.migrate import upgrade_async

    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await upgrade_async(settings.resolved_database_url)
    database = Database(settings.resolved_database_url, settings.database_pool_size)

    async def organization(db: Any, organization_id: int | None) -> None:
        if organization_id is not None and await db.get(Organization, organization_id) is None:
            raise Failure(f"organization {organization_id} does not exist")

    try:
        async with database.sessionmaker() as db, db.begin():
            if action == "org":
                org = await service.create_organization(db, name=kwargs["name"])
                return f"Organization {org.name} created with id {org.id} (slug {org.slug})"
            if action == "key":
                await organization(db, kwargs["org"])
                _, raw = await service.create_api_key(
                    db, organization_id=kwargs["org"], name=kwargs["name"]
                )
                return f"API key (shown once): {raw}"
            if action == "password":
                email = kwargs["email"].strip().lower()
                user = (
                    await db.execute(select(User).where(User.email == email))
                ).scalar_one_or_none()
                if user is None:
                    raise Failure(f"no user with email {email}")
                user.password_hash = service.hash_password(kwargs["password"])
                user.is_active = True
                return f"Password of {user.email} changed"
            await organization(db, kwargs["org"])
            user = await service.create_user(
                db, email=kwargs["email"], password=kwargs["password"], name=kwargs.get("name")
            )
            if kwargs["org"] is not None:
                await service.add_member(
                    db,
                    organization_id=kwargs["org"],
                    email=user.email,
                    role=kwargs["role"],
                    name=None,
                    password=None,
                )
            return f"User {user.email} created with id {user.id}"
    except ApiError as exc:
        raise Failure(exc.message.rstrip(".")[:1].lower() + exc.message.rstrip(".")[1:]) from None
    finally:
        await database.dispose()


def _run(action: str, **kwargs: Any) -> None:
    try:
        typer.echo(asyncio.run(_with_db(action, **kwargs)))
    except Failure as exc:
        fail(str(exc))


@app.command("create-org")
def create_org(name: Annotated[str, typer.Argument(help="The organization's name")]) -> None:
    """Create an organization."""
    if not name.strip():
        fail("the organization's name is empty")
    _run("org", name=name.strip())


@app.command("create-api-key")
def create_api_key(
    organization_id: Annotated[int, typer.Option("--org", min=1, help="Organization id")],
    name: Annotated[str, typer.Option(help="A label for the key")] = "cli",
) -> None:
    """Create an API key for an organization (printed once)."""
    _run("key", org=organization_id, name=name)


class Role(StrEnum):
    owner = "owner"
    admin = "admin"
    member = "member"


PASSWORD_HELP = "The password; asked for (hidden, twice) when left out"


def _password(value: str) -> str:
    if len(value) < 8:
        fail("the password must have at least 8 characters")
    return value


@app.command("create-user")
def create_user(
    email: Annotated[str, typer.Argument(help="The user's email, their login")],
    password: Annotated[
        str,
        typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help=PASSWORD_HELP),
    ],
    organization_id: Annotated[
        int | None, typer.Option("--org", min=1, help="Add the user to this organization")
    ] = None,
    role: Annotated[Role, typer.Option(help="Role in --org")] = Role.member,
) -> None:
    """Create a user who signs in with email and password (optionally a member of --org)."""
    if "@" not in email:
        fail(f"{email!r} is not an email address")
    _run("user", email=email, password=_password(password), org=organization_id, role=role.value)


@app.command("reset-password")
def reset_password(
    email: Annotated[str, typer.Argument(help="The user's email")],
    password: Annotated[
        str,
        typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help=PASSWORD_HELP),
    ],
) -> None:
    """Give a user a new password (a lost admin password, for the operator of the server)."""
    _run("password", email=email, password=_password(password))


def main() -> None:
    """The ``inboxhub`` command: click's usage errors and anything unexpected become one line."""
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        code = 1
    except TyperException as exc:
        if exc.message.lstrip().startswith("Usage:"):  # no command given: the help
            typer.echo(exc.message)
        else:
            typer.echo(f"error: {exc.format_message()}", err=True)
        code = 1
    except OSError as exc:
        # The database (or a file) out of reach; the address is in the settings, not repeated.
        typer.echo(
            f"error: {exc.strerror or type(exc).__name__} (check INBOXHUB_DATABASE_URL)", err=True
        )
        code = 1
    except Exception as exc:
        # Only the kind of failure: its text may hold a statement's parameters.
        typer.echo(f"error: unexpected {type(exc).__name__}", err=True)
        code = 1
    sys.exit(code if isinstance(code, int) else 0)

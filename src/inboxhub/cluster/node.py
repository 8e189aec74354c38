"""This process as a cluster node: its lease, the sessions it drives, and what it hears from the
other nodes.

On PostgreSQL every ``inboxhub serve`` is a node. Every ``interval`` seconds it renews its lease,
takes its turn at the placement decisions (``service.place``) and reconciles: it connects the
sessions it owns and does not drive yet, lets go of those it drives but no longer owns, and hands
over those the placement moves elsewhere (disconnect first, then name the new owner, so that two
nodes never drive one WhatsApp session). Changes are announced with ``NOTIFY``, so the other
nodes act within milliseconds rather than at their next turn. On SQLite the node is alone and all
of this is off.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hmac
import logging
import os
import socket
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import httpx
from sqlalchemy import select

from inboxhub import __version__, cache
from inboxhub.cluster import service
from inboxhub.cluster.announcer import Announcer
from inboxhub.cluster.forwarding import ANSWER_NOT_PASSED_BACK, NODE_HEADER, node_credential
from inboxhub.cluster.relay import Relay
from inboxhub.db import row_id_in
from inboxhub.errors import SessionMoving
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks import queue as webhook_queue

if TYPE_CHECKING:
    from inboxhub.runtime import Runtime

log = logging.getLogger(__name__)

CHANNEL = "inboxhub_cluster"
_CONNECT_CONCURRENCY = 64


class NodeRefused(RuntimeError):
    """This node must not join the cluster (another schema revision is running)."""


def default_node_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class ClusterNode:
    def __init__(self, runtime_ref: Callable[[], Runtime], *, node_id: str, url: str) -> None:
        self._runtime = runtime_ref
        self.node_id = node_id
        self.url = url.rstrip("/")
        self.enabled = False
        self.draining = False
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopping = False
        self._listener: Any = None
        # sessionId or id -> (owner node, its URL); emptied whenever ownership changes.
        self._owners: dict[str, tuple[str | None, str | None]] = {}
        self._owner_loads = cache.Loads[str, tuple[str | None, str | None]]()
        self._renewed_since: float | None = None
        self.announcer = Announcer(node_id, self._notify)
        self.announcer.on("owners", self._owners_changed)
        self.schema_revision = ""
        self._http: httpx.AsyncClient | None = None
        self._relay: Relay | None = None

    @property
    def relay(self) -> Relay:
        """Requests with a whole body forwarded to the owners of sessions (``relay.py``)."""
        if self._relay is None:
            self._relay = Relay(ANSWER_NOT_PASSED_BACK)
        return self._relay

    @property
    def http(self) -> httpx.AsyncClient:
        """Requests forwarded to the owners of sessions (kept-alive connections between nodes).

        Made on first use: a node alone (SQLite) never forwards, and a client's TLS set-up costs
        a start-up some tens of milliseconds."""
        if self._http is None:
            self._http = httpx.AsyncClient(
                timeout=httpx.Timeout(120.0, connect=3.0),
                limits=httpx.Limits(max_connections=512, max_keepalive_connections=64),
            )
        return self._http

    # ---- life -----------------------------------------------------------------------------------

    @property
    def settings(self) -> Any:
        return self._runtime().settings

    @property
    def lease(self) -> float:
        return float(self.settings.cluster_lease_seconds)

    @property
    def interval(self) -> float:
        # Four renewals per lease: a node survives three lost ones before it is declared dead.
        return max(0.2, min(2.0, self.lease / 4))

    async def start(self, schema_revision: str) -> None:
        runtime = self._runtime()
        if runtime.database.is_sqlite:
            return
        self.schema_revision = schema_revision
        async with runtime.database.sessionmaker() as db, db.begin():
            others = await service.other_schema_revisions(
                db, self.node_id, schema_revision, self.lease
            )
            if others:
                names = ", ".join(f"{node} ({rev})" for node, rev in others)
                raise NodeRefused(
                    f"this node runs schema revision {schema_revision}, but live nodes run "
                    f"another: {names}. Upgrade every node together (stop them, migrate, start)."
                )
            info = service.NodeInfo(self.node_id, self.url, __version__, schema_revision)
            replaced = await service.succeed(db, info)
            # Its webhook deliveries too: they need not wait for their claims to run out.
            await webhook_queue.release_claims_of(db, replaced)
            await service.register(db, info)
        if replaced:
            log.warning(
                "cluster node %s takes the place of %s at %s", self.node_id, replaced, self.url
            )
        self.enabled = True
        engine = runtime.database.engine
        cache.announce_writes(engine, lambda tables: self.tell("cache", tables))
        self.announcer.on("cache", lambda tables: cache.clear_watching(engine, tables))
        self._renewed_since = time.monotonic()
        await self._listen()
        await self._turn()
        self._task = asyncio.create_task(self._run(), name="cluster-node")
        log.info("cluster node %s joined at %s", self.node_id, self.url)

    async def stop(self, *, hand_over: bool = True) -> None:
        """Leave the cluster: hand every session to the other nodes first (a graceful move)."""
        if not self.enabled:
            return
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        runtime = self._runtime()
        with contextlib.suppress(Exception):
            if hand_over:
                await self._hand_over_all()
            async with runtime.database.sessionmaker() as db, db.begin():
                await service.release(db, self.node_id)
                await service.leave(db, self.node_id)
            await self._notify_owners_now()
        await self.announcer.close()
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()
        if self._http is not None:
            await self._http.aclose()
            self._http = None
        if self._relay is not None:
            self._relay.close()
            self._relay = None
        cache.announce_writes(runtime.database.engine, None)
        self.enabled = False

    # ---- what other nodes say ---------------------------------------------------------------------

    async def _listen(self) -> None:
        import asyncpg  # type: ignore[import-untyped]

        url = self._runtime().database.engine.url.set(drivername="postgresql")
        try:
            connection = await asyncpg.connect(url.render_as_string(hide_password=False))
            await connection.add_listener(CHANNEL, self._heard)
        except Exception as exc:
            log.warning("cluster: cannot listen for other nodes yet (%s)", type(exc).__name__)
            return
        self._listener = connection

    def tell(self, kind: str, items: set[str]) -> None:
        """Announce to the other nodes (nothing to tell on a single node)."""
        if self.enabled:
            self.announcer.announce(kind, items)

    def _heard(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        self.announcer.heard(payload)

    def _owners_changed(self, _: set[str]) -> None:
        self._forget_owners()
        self._wake.set()

    async def _notify(self, payload: str) -> None:
        if self._listener is None or self._listener.is_closed():
            return
        with contextlib.suppress(Exception):
            await self._listener.execute("SELECT pg_notify($1, $2)", CHANNEL, payload)

    async def _notify_owners_now(self) -> None:
        self.announcer.announce("owners", {"*"})
        await self.announcer.close()

    # ---- the loop ---------------------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)
            self._wake.clear()
            try:
                await self._turn()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # The database may be away: sessions stay connected meanwhile (no other node
                # can take them while nobody can reach the database), and the lease is renewed
                # as soon as it is back.
                self._renewed_since = None
                log.warning("cluster turn failed (%s); retrying", type(exc).__name__)
            if self._listener is None or self._listener.is_closed():
                self._listener = None
                await self._listen()

    async def _turn(self) -> None:
        runtime = self._runtime()
        async with runtime.database.sessionmaker() as db, db.begin():
            draining = await service.renew(db, self.node_id)
            if draining is None:
                # Declared dead while away: the others own its sessions now. Join again.
                log.warning("cluster: node %s was declared dead; rejoining", self.node_id)
                await service.register(
                    db,
                    service.NodeInfo(self.node_id, self.url, __version__, self.schema_revision),
                )
                draining = False
        self.draining = draining
        now = time.monotonic()
        if self._renewed_since is None:
            self._renewed_since = now
        # Only a node that has itself renewed for a whole lease may declare others dead: after a
        # database outage every lease looks expired until its node has had a turn to renew.
        may_reap = now - self._renewed_since >= self.lease
        async with runtime.database.sessionmaker() as db, db.begin():
            placement = await service.place(
                db,
                lease_seconds=self.lease,
                max_moves=service.moves_per_run(self.settings.cluster_moves_per_minute, 60),
                may_reap=may_reap,
            )
        if placement is not None and (placement.dead or placement.placed or placement.moving):
            if placement.dead:
                log.warning(
                    "cluster: nodes %s stopped renewing; their sessions move", placement.dead
                )
            self._forget_owners()
            self.announcer.announce("owners", {"*"})
        await self.reconcile()

    async def reconcile(self) -> None:
        runtime = self._runtime()
        # Driven before the query: a session connected after it was claimed after it, and is not
        # let go by mistake.
        driven = list(runtime.pool.clients)
        async with runtime.database.sessionmaker() as db:
            owned = await service.owned_by(db, self.node_id)
        mine = {item.session_id for item in owned}
        for session_id in [s for s in driven if s not in mine]:
            log.info("cluster: session %s is driven elsewhere now; letting go", session_id)
            await runtime.pool.release(session_id)
        moves = [item for item in owned if item.target_node and item.target_node != self.node_id]
        for item in moves:
            await self._hand_over(item.pk, item.session_id, item.target_node or "")
        # A move to this node of a session it owns already is none (the placement calls it off).
        start = [
            item
            for item in owned
            if item.runs
            and item.target_node in (None, self.node_id)
            and runtime.pool.get(item.session_id) is None
        ]
        if start:
            await self._connect([item.pk for item in start])

    async def _connect(self, pks: list[int]) -> None:
        from inboxhub.messages.pacer import fail_unconfirmed
        from inboxhub.sessions.service import config_of

        runtime = self._runtime()
        async with runtime.database.sessionmaker() as db, db.begin():
            # Sends the last node began and WhatsApp never confirmed: it is gone (a node that
            # hands a session over first finishes the sends under way).
            await fail_unconfirmed(db, session_pks=pks)
            rows = (
                (await db.execute(select(WhatsAppSession).where(WhatsAppSession.id.in_(pks))))
                .scalars()
                .all()
            )
        gate = asyncio.Semaphore(_CONNECT_CONCURRENCY)

        async def connect(session: WhatsAppSession) -> None:
            async with gate:
                try:
                    await runtime.pool.connect(session.engine, config_of(session), taking_over=True)
                except Exception:
                    log.exception("cluster: could not connect session %s", session.session_id)

        await asyncio.gather(*(connect(session) for session in rows))
        if rows:
            log.info("cluster: node %s now drives %d more session(s)", self.node_id, len(rows))

    async def _hand_over(self, pk: int, session_id: str, target: str) -> None:
        runtime = self._runtime()
        await runtime.pool.release(session_id)
        async with runtime.database.sessionmaker() as db, db.begin():
            moved = await service.hand_over(db, pk, self.node_id, target)
        if moved:
            log.info("cluster: session %s handed over to %s", session_id, target)
            self._forget_owners()
            self.announcer.announce("owners", {"*"})

    async def _hand_over_all(self) -> None:
        runtime = self._runtime()
        async with runtime.database.sessionmaker() as db, db.begin():
            await service.set_draining(db, self.node_id)
            live = [n for n in await service.live_node_ids(db, self.lease) if n != self.node_id]
            owned = await service.owned_by(db, self.node_id)
            counts = await service.session_counts(db)
        if not live:
            return
        load = {node: counts.get(node, 0) for node in live}
        for item in owned:
            target = min(live, key=lambda n: load[n])
            load[target] += 1
            await self._hand_over(item.pk, item.session_id, target)

    # ---- ownership, for requests ----------------------------------------------------------------

    async def owner(self, ref: str) -> tuple[str | None, str | None]:
        """The node that drives the session named ``ref`` and its URL (cached until a change)."""
        cached = self._owners.get(ref)
        if cached is not None:
            return cached

        async def load() -> tuple[str | None, str | None]:
            async with self._runtime().database.sessionmaker() as db:
                return await service.owner_of(db, ref, row_id_in(ref))

        return await self._owner_loads.get(ref, load, self._keep_owner)

    def _keep_owner(self, ref: str, found: tuple[str | None, str | None]) -> None:
        if len(self._owners) > 50_000:
            self._owners.clear()
        self._owners[ref] = found

    def _forget_owners(self, *refs: str) -> None:
        """Ownership changed (of ``refs``, or of any session): look owners up again."""
        if refs:
            for ref in refs:
                self._owners.pop(ref, None)
        else:
            self._owners.clear()
        self._owner_loads.forget()

    async def announce_ownership(self) -> None:
        """Ownership changed here: every node (this one too) looks owners up again."""
        self._forget_owners()
        self._wake.set()
        self.announcer.announce("owners", {"*"})

    async def placement_target(self) -> tuple[str, str] | None:
        """Where a new session goes: the least loaded live node (None: this one). Read when
        asked (creations are rare), so that a burst of them spreads as it goes."""
        async with self._runtime().database.sessionmaker() as db:
            # A node one renewal late (a busy machine) still takes sessions: were it dead, the
            # request finds it unreachable and the session is made here instead.
            live = dict(await service.live_nodes(db, 2 * self.lease))
            counts = await service.session_counts(db)
        if not live:
            return None
        # Ties stay here (no hop); a draining node is not in the list, so it never wins.
        node = min(live, key=lambda n: (counts.get(n, 0), n != self.node_id))
        return None if node == self.node_id else (node, live[node])

    async def live_urls(self) -> dict[str, str]:
        async with self._runtime().database.sessionmaker() as db:
            return dict(await service.live_nodes(db, self.lease))

    @functools.cached_property
    def credential(self) -> bytes:
        """What proves a request comes from a node of this cluster (its ``NODE_HEADER``)."""
        return node_credential(self._runtime().issuer.secret).encode()

    def node_headers(self) -> dict[str, str]:
        return {NODE_HEADER: self.credential.decode()}

    def is_node_request(self, headers: Mapping[str, str]) -> bool:
        return hmac.compare_digest(headers.get(NODE_HEADER, "").encode(), self.credential)

    def drives(self, ref: str) -> bool:
        """This node drives the session named ``ref`` (by its sessionId) right now."""
        return self._runtime().pool.get(ref) is not None

    def forget_owner(self, ref: str) -> None:
        self._forget_owners(ref)

    async def claim(self, session_pk: int, session_id: str) -> None:
        """This node is about to drive the session (a connect or a login through its API)."""
        if not self.enabled:
            return
        async with self._runtime().database.sessionmaker() as db, db.begin():
            claimed = await service.claim(db, session_pk, self.node_id)
        if not claimed:
            raise SessionMoving(
                f"Session '{session_id}' is driven by another node; retry shortly",
                field="sessionId",
            )
        self._forget_owners(session_id, str(session_pk))
        self.announcer.announce("owners", {"*"})

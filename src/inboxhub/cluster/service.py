"""Cluster membership and session ownership, kept in PostgreSQL.

A node is alive while its ``heartbeat_at`` is younger than the lease, measured on the database's
clock (``now()``), so clock skew between nodes changes nothing. A session is driven by the node
named in ``owner_node``; every change of owner raises ``owner_token`` (the fencing token). The
decisions that span nodes (declaring a node dead, placing orphaned sessions, draining,
rebalancing) are taken by whichever node holds a transaction-scoped advisory lock: one at a time,
no election.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, case, delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from inboxhub.cluster.models import ClusterNode
from inboxhub.sessions.models import WhatsAppSession

# pg_try_advisory_xact_lock key of the cluster's placement decisions ("ihub" in ASCII).
PLACEMENT_LOCK = 0x69687562


@dataclass(frozen=True, slots=True)
class NodeInfo:
    node_id: str
    url: str
    version: str
    schema_revision: str


@dataclass(frozen=True, slots=True)
class Owned:
    """A session this node owns, as the reconcile loop needs it."""

    pk: int
    session_id: str
    token: int
    target_node: str | None
    runs: bool  # the user wants it running and it is linked (or linking)


def _lease(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


def _alive(lease_seconds: float) -> ColumnElement[bool]:
    return ClusterNode.heartbeat_at > func.now() - _lease(lease_seconds)


async def register(db: AsyncSession, node: NodeInfo) -> None:
    values = {
        "node_id": node.node_id,
        "url": node.url,
        "version": node.version,
        "schema_revision": node.schema_revision,
        "started_at": func.now(),
        "heartbeat_at": func.now(),
        "draining": False,
    }
    stmt = insert(ClusterNode).values(values)
    await db.execute(
        stmt.on_conflict_do_update(
            index_elements=[ClusterNode.node_id],
            set_={k: stmt.excluded[k] for k in values if k != "node_id"},
        )
    )


async def succeed(db: AsyncSession, node: NodeInfo) -> list[str]:
    """Take the place of the nodes registered at this node's URL: this process listens there now,
    so they are gone (a restart with a new pid), and their sessions need not wait for the lease
    to run out. Returns the nodes replaced."""
    predecessors = list(
        (
            await db.execute(
                delete(ClusterNode)
                .where(ClusterNode.url == node.url, ClusterNode.node_id != node.node_id)
                .returning(ClusterNode.node_id)
            )
        ).scalars()
    )
    if predecessors:
        await db.execute(
            update(WhatsAppSession)
            .where(WhatsAppSession.owner_node.in_(predecessors))
            .values(
                owner_node=node.node_id,
                target_node=None,
                owner_token=WhatsAppSession.owner_token + 1,
            )
        )
    return predecessors


async def other_schema_revisions(
    db: AsyncSession, node_id: str, revision: str, lease_seconds: float
) -> list[tuple[str, str]]:
    """Live nodes that run another schema revision: a node must not join beside them."""
    rows = await db.execute(
        select(ClusterNode.node_id, ClusterNode.schema_revision).where(
            _alive(lease_seconds),
            ClusterNode.node_id != node_id,
            ClusterNode.schema_revision != revision,
        )
    )
    return [(node, rev) for node, rev in rows.all()]


async def renew(db: AsyncSession, node_id: str) -> bool | None:
    """Renew this node's lease: whether it is draining, or None if the others declared it dead."""
    draining = await db.scalar(
        update(ClusterNode)
        .where(ClusterNode.node_id == node_id)
        .values(heartbeat_at=func.now())
        .returning(ClusterNode.draining)
    )
    return None if draining is None else bool(draining)


async def leave(db: AsyncSession, node_id: str) -> None:
    """A clean exit: the node's sessions are orphans at once, not after the lease."""
    await db.execute(delete(ClusterNode).where(ClusterNode.node_id == node_id))


async def set_draining(db: AsyncSession, node_id: str, draining: bool = True) -> bool:
    result = await db.execute(
        update(ClusterNode).where(ClusterNode.node_id == node_id).values(draining=draining)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def nodes(db: AsyncSession) -> list[tuple[ClusterNode, float]]:
    """Every registered node with its lease age in seconds, on the database's clock."""
    age = func.extract("epoch", func.now() - ClusterNode.heartbeat_at)
    rows = await db.execute(select(ClusterNode, age).order_by(ClusterNode.started_at))
    return [(node, float(seconds)) for node, seconds in rows.all()]


async def session_counts(db: AsyncSession) -> Counter[str]:
    rows = await db.execute(
        select(WhatsAppSession.owner_node, func.count())
        .where(WhatsAppSession.owner_node.is_not(None))
        .group_by(WhatsAppSession.owner_node)
    )
    return Counter({str(node): int(count) for node, count in rows.all() if node})


async def unowned_running(db: AsyncSession) -> int:
    """Sessions the user wants running that no node drives (between a death and a placement)."""
    count = await db.scalar(
        select(func.count()).where(
            WhatsAppSession.owner_node.is_(None),
            WhatsAppSession.auto_connect.is_(True),
            WhatsAppSession.phone_number.is_not(None),
        )
    )
    return int(count or 0)


async def running_count(db: AsyncSession | AsyncConnection, lease_seconds: float) -> int:
    """Nodes alive now, draining ones too (they still hold their connections)."""
    count = await db.scalar(
        select(func.count()).select_from(ClusterNode).where(_alive(lease_seconds))
    )
    return int(count or 0)


async def live_node_ids(db: AsyncSession, lease_seconds: float) -> list[str]:
    rows = await db.execute(
        select(ClusterNode.node_id).where(_alive(lease_seconds), ClusterNode.draining.is_(False))
    )
    return list(rows.scalars())


async def live_nodes(db: AsyncSession, lease_seconds: float) -> list[tuple[str, str]]:
    """Live nodes that take sessions: (node id, URL)."""
    rows = await db.execute(
        select(ClusterNode.node_id, ClusterNode.url).where(
            _alive(lease_seconds), ClusterNode.draining.is_(False)
        )
    )
    return [(node, url) for node, url in rows.all()]


async def least_loaded(db: AsyncSession, lease_seconds: float) -> str | None:
    """The live, non-draining node that owns the fewest sessions (ties: the oldest node)."""
    live = await live_node_ids(db, lease_seconds)
    if not live:
        return None
    counts = await session_counts(db)
    return min(live, key=lambda node: (counts.get(node, 0), live.index(node)))


async def owner_of(db: AsyncSession, ref: str, pk: int | None) -> tuple[str | None, str | None]:
    """The node that owns the session named ``ref`` (sessionId or id), and its URL."""
    condition = WhatsAppSession.session_id == ref
    if pk is not None:
        condition = or_(condition, WhatsAppSession.id == pk)
    row = (
        await db.execute(
            select(WhatsAppSession.owner_node, ClusterNode.url)
            .outerjoin(ClusterNode, ClusterNode.node_id == WhatsAppSession.owner_node)
            .where(condition)
            .order_by((WhatsAppSession.session_id == ref).desc())
            .limit(1)
        )
    ).first()
    return (row[0], row[1]) if row else (None, None)


async def claim(db: AsyncSession, session_pk: int, node_id: str) -> bool:
    """Make ``node_id`` the owner of a session no registered node drives (or that it owns)."""
    registered = select(ClusterNode.node_id).scalar_subquery()
    result = await db.execute(
        update(WhatsAppSession)
        .where(
            WhatsAppSession.id == session_pk,
            or_(
                WhatsAppSession.owner_node.is_(None),
                WhatsAppSession.owner_node == node_id,
                WhatsAppSession.owner_node.not_in(registered),
            ),
        )
        .values(
            owner_token=case(
                (WhatsAppSession.owner_node == node_id, WhatsAppSession.owner_token),
                else_=WhatsAppSession.owner_token + 1,
            ),
            owner_node=node_id,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def owned_by(db: AsyncSession, node_id: str) -> list[Owned]:
    rows = await db.execute(
        select(
            WhatsAppSession.id,
            WhatsAppSession.session_id,
            WhatsAppSession.owner_token,
            WhatsAppSession.target_node,
            and_(WhatsAppSession.auto_connect.is_(True), WhatsAppSession.phone_number.is_not(None)),
        ).where(WhatsAppSession.owner_node == node_id)
    )
    return [Owned(pk, sid, token, target, bool(runs)) for pk, sid, token, target, runs in rows]


async def hand_over(db: AsyncSession, session_pk: int, from_node: str, to_node: str) -> bool:
    """The old owner, once it has let go of the session, names the new one."""
    result = await db.execute(
        update(WhatsAppSession)
        .where(WhatsAppSession.id == session_pk, WhatsAppSession.owner_node == from_node)
        .values(owner_node=to_node, target_node=None, owner_token=WhatsAppSession.owner_token + 1)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def release(db: AsyncSession, node_id: str) -> None:
    """A node leaving hands its sessions to nobody: the placement gives them out again."""
    await db.execute(
        update(WhatsAppSession)
        .where(WhatsAppSession.owner_node == node_id)
        .values(owner_node=None, target_node=None, owner_token=WhatsAppSession.owner_token + 1)
    )


# ---- placement (one node at a time, under the advisory lock) -----------------------------------


@dataclass(slots=True)
class Placement:
    dead: list[str]
    placed: int
    moving: int


async def place(
    db: AsyncSession, *, lease_seconds: float, max_moves: int, may_reap: bool
) -> Placement | None:
    """Declare dead nodes dead, give their sessions (and any orphan) to the live nodes, start
    draining and rebalancing moves. None when another node is deciding right now."""
    if not await db.scalar(text(f"SELECT pg_try_advisory_xact_lock({PLACEMENT_LOCK})")):
        return None
    dead: list[str] = []
    if may_reap:
        dead = list(
            (
                await db.execute(
                    delete(ClusterNode).where(~_alive(lease_seconds)).returning(ClusterNode.node_id)
                )
            ).scalars()
        )
    # A node whose lease ran out but that nobody reaped yet still owns its sessions: after a
    # database outage, every lease looks expired until its node has renewed it.
    rows = (
        await db.execute(select(ClusterNode.node_id, ClusterNode.draining, _alive(lease_seconds)))
    ).all()
    known = [node for node, _, _ in rows]
    live = [node for node, draining, alive in rows if alive and not draining]
    draining = [node for node, is_draining, alive in rows if alive and is_draining]
    if not live:
        return Placement(dead, 0, 0)
    counts = await session_counts(db)
    load = {node: counts.get(node, 0) for node in live}

    def lightest(excluding: str | None = None) -> str:
        node = min((n for n in live if n != excluding), key=lambda n: load[n], default=live[0])
        load[node] += 1
        return node

    # Orphans: owned by nobody alive. Those the user wants running go to the lightest nodes.
    orphans = (
        (
            await db.execute(
                select(WhatsAppSession.id).where(
                    or_(
                        WhatsAppSession.owner_node.is_(None),
                        WhatsAppSession.owner_node.not_in(known),
                    ),
                    WhatsAppSession.auto_connect.is_(True),
                    WhatsAppSession.phone_number.is_not(None),
                )
            )
        )
        .scalars()
        .all()
    )
    for pk in orphans:
        await db.execute(
            update(WhatsAppSession)
            .where(WhatsAppSession.id == pk)
            .values(
                owner_node=lightest(),
                target_node=None,
                owner_token=WhatsAppSession.owner_token + 1,
            )
        )
    # Sessions of dead nodes that nobody wants running are simply unowned.
    await db.execute(
        update(WhatsAppSession)
        .where(WhatsAppSession.owner_node.not_in(known))
        .values(owner_node=None, target_node=None)
    )
    # A move whose destination died or began to drain is called off, and so is one whose
    # destination owns the session already.
    await db.execute(
        update(WhatsAppSession)
        .where(
            WhatsAppSession.target_node.is_not(None),
            or_(
                WhatsAppSession.target_node.not_in(live),
                WhatsAppSession.target_node == WhatsAppSession.owner_node,
            ),
        )
        .values(target_node=None)
    )
    moving = await _start_moves(db, live, draining, load, max_moves)
    return Placement(dead, len(orphans), moving)


async def _start_moves(
    db: AsyncSession,
    live: list[str],
    draining: list[str],
    load: dict[str, int],
    max_moves: int,
) -> int:
    in_flight = await db.scalar(
        select(func.count()).where(WhatsAppSession.target_node.is_not(None))
    )
    budget = max(0, max_moves - int(in_flight or 0))
    moves = 0
    # Draining nodes first: all their sessions leave, as fast as the budget allows.
    for node in draining:
        pks = (
            (
                await db.execute(
                    select(WhatsAppSession.id)
                    .where(
                        WhatsAppSession.owner_node == node, WhatsAppSession.target_node.is_(None)
                    )
                    .limit(budget - moves)
                )
            )
            .scalars()
            .all()
        )
        for pk in pks:
            target = min(live, key=lambda n: load[n])
            if await _start_move(db, pk, node, target):
                load[target] += 1
                moves += 1
    # Then evening out: from the most loaded live node to the least, while they differ by two.
    while moves < budget and len(live) > 1:
        heavy = max(live, key=lambda n: load[n])
        light = min(live, key=lambda n: load[n])
        if load[heavy] - load[light] < 2:
            break
        chosen = await db.scalar(
            select(WhatsAppSession.id)
            .where(
                WhatsAppSession.owner_node == heavy,
                WhatsAppSession.target_node.is_(None),
                # One being linked stays: its QR code lives on this node.
                WhatsAppSession.phone_number.is_not(None),
            )
            .order_by(WhatsAppSession.id.desc())
            .limit(1)
        )
        if chosen is None:
            break
        if not await _start_move(db, chosen, heavy, light):
            break  # its node is handing it over right now: the next run sees the new loads
        load[heavy] -= 1
        load[light] += 1
        moves += 1
    return moves


async def _start_move(db: AsyncSession, session_pk: int, owner: str, target: str) -> bool:
    """Name the session's next node, unless it changed hands since it was chosen: a draining node
    hands its sessions over while the placement runs, and a move started on a session its
    target already owns would never be made (nor the session started)."""
    result = await db.execute(
        update(WhatsAppSession)
        .where(
            WhatsAppSession.id == session_pk,
            WhatsAppSession.owner_node == owner,
            WhatsAppSession.target_node.is_(None),
        )
        .values(target_node=target)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def moves_per_run(moves_per_minute: int, interval_seconds: float) -> int:
    return max(1, math.ceil(moves_per_minute * interval_seconds / 60))

"""``/api/cluster``: the nodes, and the operator's levers (drain a node, rebalance now)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from inboxhub.auth.dependencies import RuntimeDep
from inboxhub.cluster import service
from inboxhub.cluster.access import require_operator
from inboxhub.cluster.schemas import ClusterRead, NodeDraining, NodeRead, Rebalanced
from inboxhub.db import DbSession
from inboxhub.envelope import answers, ok
from inboxhub.errors import ApiError, NotFound
from inboxhub.routing import FeatureRouter

router = FeatureRouter(prefix="/api/cluster", tags=["cluster"])


class NotClustered(ApiError):
    status_code = 409
    code = "NOT_CLUSTERED"


async def _operator(request: Request, db: DbSession, runtime: RuntimeDep) -> None:
    await require_operator(request, db, runtime)


Operator = Annotated[None, Depends(_operator)]


def _iso(value: Any) -> str:
    return str(value.isoformat(timespec="milliseconds").replace("+00:00", "Z"))


@router.get(
    "",
    summary="Nodes of the cluster and the sessions each drives",
    responses=answers(ClusterRead),
)
async def cluster(db: DbSession, runtime: RuntimeDep, _: Operator) -> dict[str, Any]:
    node = runtime.cluster
    lease = node.lease
    nodes: list[NodeRead] = []
    unowned = 0
    if node.enabled:
        counts = await service.session_counts(db)
        unowned = await service.unowned_running(db)
        for row, age in await service.nodes(db):
            nodes.append(
                NodeRead(
                    node_id=row.node_id,
                    url=row.url,
                    version=row.version,
                    alive=age < lease,
                    draining=row.draining,
                    sessions=counts.get(row.node_id, 0),
                    lease_age_seconds=round(age, 3),
                    started_at=_iso(row.started_at),
                    last_seen=_iso(row.heartbeat_at),
                    this_node=row.node_id == node.node_id,
                )
            )
    data = ClusterRead(
        mode="cluster" if node.enabled else "single",
        node_id=node.node_id,
        lease_seconds=lease,
        rate_limits="cluster" if runtime.settings.redis_url else "per-node",
        nodes=nodes,
        unowned_sessions=unowned,
    )
    return ok(data.model_dump(by_alias=True))


@router.post(
    "/rebalance",
    summary="Even out the sessions over the live nodes now",
    responses=answers(Rebalanced),
)
async def rebalance(db: DbSession, runtime: RuntimeDep, _: Operator) -> dict[str, Any]:
    node = runtime.cluster
    if not node.enabled:
        raise NotClustered("A single node (SQLite) has nothing to rebalance")
    placement = await service.place(
        db,
        lease_seconds=node.lease,
        max_moves=max(1, runtime.settings.cluster_moves_per_minute),
        may_reap=False,
    )
    if placement is None:
        return ok({"moving": 0, "placed": 0}, "Another node is placing sessions; try again")
    await db.commit()
    await node.announce_ownership()
    return ok({"moving": placement.moving, "placed": placement.placed}, "Rebalancing")


@router.post(
    "/nodes/{node_id}/drain",
    summary="Move every session off a node",
    responses=answers(NodeDraining),
)
async def drain(node_id: str, db: DbSession, runtime: RuntimeDep, _: Operator) -> dict[str, Any]:
    node = runtime.cluster
    if not node.enabled:
        raise NotClustered("A single node (SQLite) cannot be drained")
    if not await service.set_draining(db, node_id):
        raise NotFound(f"No node '{node_id}'", field="nodeId")
    await db.commit()
    await node.announce_ownership()
    return ok({"nodeId": node_id, "draining": True}, "The node hands its sessions over")

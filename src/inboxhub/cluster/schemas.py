from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from inboxhub.envelope import ReadModel


class NodeRead(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    node_id: str = Field(description="The node's name (INBOXHUB_NODE_ID)")
    url: str = Field(description="How the other nodes reach it")
    version: str
    alive: bool = Field(description="Renewed its lease within INBOXHUB_CLUSTER_LEASE_SECONDS")
    draining: bool
    sessions: int = Field(description="Sessions it owns")
    lease_age_seconds: float = Field(description="Seconds since it last renewed, database clock")
    started_at: str
    last_seen: str
    this_node: bool = Field(description="The node that answered this request")


class ClusterRead(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    mode: str = Field(description="`cluster` on PostgreSQL, `single` on SQLite")
    node_id: str
    lease_seconds: float
    rate_limits: str = Field(description="`cluster` with Redis, else `per-node`")
    nodes: list[NodeRead]
    unowned_sessions: int = Field(description="Sessions that should run but no node drives yet")


class Rebalanced(ReadModel):
    moving: int = Field(description="Sessions handed to another node")
    placed: int = Field(description="Sessions nobody drove, given a node")


class NodeDraining(ReadModel):
    node_id: str
    draining: bool

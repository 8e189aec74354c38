"""Cluster mode: the nodes that share the sessions on one PostgreSQL database."""

from __future__ import annotations

from typing import Any

NODE: dict[str, Any] = {
    "nodeId": "gw-madrid-1",
    "url": "http://10.0.1.11:3000",
    "version": "0.1.0",
    "alive": True,
    "draining": False,
    "sessions": 182,
    "leaseAgeSeconds": 1.204,
    "startedAt": "2026-04-30T22:00:05.000Z",
    "lastSeen": "2026-05-01T09:59:58.796Z",
    "thisNode": True,
}

EXAMPLES: dict[str, Any] = {
    "ClusterRead": {
        "mode": "cluster",
        "nodeId": NODE["nodeId"],
        "leaseSeconds": 10.0,
        "rateLimits": "cluster",
        "nodes": [NODE],
        "unownedSessions": 0,
    },
    "Rebalanced": {"moving": 2, "placed": 1},
    "NodeDraining": {"nodeId": "gw-madrid-2", "draining": True},
}

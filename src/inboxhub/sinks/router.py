"""``/api/webhooks/sinks``: an organization's message broker sinks (RabbitMQ, NATS JetStream).

Their deliveries are in the webhooks' delivery log (``subscriptionId`` = the sink's id), and
are redelivered and replayed there like any webhook's.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.db import MAX_ROW_ID, DbSession
from inboxhub.envelope import answers, ok
from inboxhub.routing import FeatureRouter
from inboxhub.sinks import service
from inboxhub.sinks.schemas import (
    SinkCreate,
    SinkDeleted,
    SinkList,
    SinkRead,
    SinkTestResult,
    SinkUpdate,
)

router = FeatureRouter(prefix="/api/webhooks/sinks", tags=["webhooks"])

SinkId = Annotated[int, Path(alias="sinkId", ge=1, le=MAX_ROW_ID)]


@router.post("", status_code=201, responses=answers(SinkRead, 201))
async def create_sink(
    body: SinkCreate, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    sink = await service.create_sink(db, runtime.settings, principal.organization_id, body)
    return ok(service.describe(sink), "Destino de eventos creado")


@router.get("", responses=answers(SinkList))
async def list_sinks(db: DbSession, principal: ApiKeyAuth) -> dict[str, Any]:
    items = [service.describe(s) for s in await service.list_sinks(db, principal.organization_id)]
    return ok({"sinks": items, "total": len(items)})


@router.get("/{sinkId}", responses=answers(SinkRead))
async def get_sink(sink_id: SinkId, db: DbSession, principal: ApiKeyAuth) -> dict[str, Any]:
    return ok(service.describe(await service.get_sink(db, principal.organization_id, sink_id)))


@router.put("/{sinkId}", responses=answers(SinkRead))
async def update_sink(
    sink_id: SinkId, body: SinkUpdate, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    sink = await service.get_sink(db, principal.organization_id, sink_id)
    sink = await service.update_sink(db, runtime.settings, sink, body)
    return ok(service.describe(sink), "Destino de eventos actualizado")


@router.delete("/{sinkId}", responses=answers(SinkDeleted))
async def delete_sink(sink_id: SinkId, db: DbSession, principal: ApiKeyAuth) -> dict[str, Any]:
    sink = await service.get_sink(db, principal.organization_id, sink_id)
    await db.delete(sink)
    return ok({"id": sink_id, "deleted": True}, "Destino de eventos eliminado")


@router.post("/{sinkId}/test", responses=answers(SinkTestResult))
async def test_sink(
    sink_id: SinkId, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Publish a signed ``webhook.test`` event now and answer with what the broker said."""
    sink = await service.get_sink(db, principal.organization_id, sink_id)
    result = await service.send_test(runtime.settings, sink)
    message = "Evento de prueba publicado" if result["delivered"] else "Publicación fallida"
    return ok(result, message)

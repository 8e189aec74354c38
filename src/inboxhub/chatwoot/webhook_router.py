"""``POST /api/chatwoot/{bridgeId}/webhook``: the events of a bridged Chatwoot inbox.

No API key: the unguessable ``bridgeId`` (and, from Chatwoot 4.13, its signature) authenticates
Chatwoot. The answer comes once what the event asks for is recorded.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Request

from inboxhub.auth.dependencies import RuntimeDep
from inboxhub.chatwoot import inbound
from inboxhub.chatwoot.schemas import ChatwootEventResult
from inboxhub.db import DbSession
from inboxhub.envelope import answers, ok
from inboxhub.errors import PayloadTooLarge
from inboxhub.routing import FeatureRouter

router = FeatureRouter(prefix="/api/chatwoot", tags=["chatwoot"])

BridgeIdPath = Annotated[str, Path(alias="bridgeId", min_length=8, max_length=64)]


@router.post("/{bridgeId}/webhook", responses=answers(ChatwootEventResult))
async def chatwoot_webhook(
    bridge_id: BridgeIdPath, request: Request, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    body = await request.body()
    if len(body) > inbound.MAX_BODY_BYTES:
        raise PayloadTooLarge("Webhook body too large", field="body")
    headers = {k.lower(): v for k, v in request.headers.items()}
    return ok(await inbound.handle(db, runtime, bridge_id, body, headers))

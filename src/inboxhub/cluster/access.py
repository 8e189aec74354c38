"""Who may see and steer the cluster: the operator (an instance administrator's JWT, or an API
key of the operator's organization). Tenants never see the nodes."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.auth.dependencies import api_key_principal
from inboxhub.auth.service import operator_organization_id, user_from_claims
from inboxhub.errors import Forbidden
from inboxhub.runtime import Runtime


async def require_operator(request: Request, db: AsyncSession, runtime: Runtime) -> None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        user = await user_from_claims(db, runtime.issuer.decode(token.strip(), "access"))
        if user.is_superadmin:
            return
        raise Forbidden("Only instance administrators may see the cluster")
    principal = await api_key_principal(request)
    if principal.organization_id != await operator_organization_id(db):
        raise Forbidden("Only the operator's organization may see the cluster")

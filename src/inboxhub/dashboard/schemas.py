from __future__ import annotations

from pydantic import Field

from inboxhub.auth.schemas import CamelModel


class ConsoleKeyRequest(CamelModel):
    organization_id: int | None = Field(
        default=None, ge=1, description="Organization to work in; the user's first one when absent"
    )

from __future__ import annotations

from pydantic import Field

from inboxhub.auth.schemas import CamelModel, Role
from inboxhub.envelope import ReadModel


class ConsoleKeyRequest(CamelModel):
    organization_id: int | None = Field(
        default=None, ge=1, description="Organization to work in; the user's first one when absent"
    )


# ---- answers ----------------------------------------------------------------------------------


class ConsoleKeyRead(ReadModel):
    id: int
    key: str = Field(description="Shown once; it expires with the sign-in")
    prefix: str
    expires_at: str


class ConsoleOrganization(ReadModel):
    id: int
    name: str
    slug: str
    role: Role


class ConsoleKeyCreated(ReadModel):
    api_key: ConsoleKeyRead
    organization: ConsoleOrganization


class ConsoleKeyRevoked(ReadModel):
    id: int
    revoked: bool


class OrganizationBrief(ReadModel):
    id: int
    name: str
    slug: str


class EngineOffer(ReadModel):
    name: str
    summary: str
    installed: bool
    enabled: bool
    usable: bool
    default: bool
    hint: str | None = Field(description="What would make it usable")


class ClusterBrief(ReadModel):
    mode: str = Field(examples=["single", "cluster"])
    operator: bool


class ConsoleFeatures(ReadModel):
    messages: bool
    webhooks: bool
    event_stream: bool
    sandbox_messages: bool
    sandbox_receipts: bool
    contacts: bool
    groups: bool
    templates: bool
    handover: bool
    inspector: bool
    cluster: bool


class ConsoleInfo(ReadModel):
    """What this gateway offers, so the console shows only what works here."""

    version: str
    organization_id: int
    organization: OrganizationBrief
    engines: list[str]
    engine_catalog: list[EngineOffer]
    default_engine: str
    sandbox: bool
    cluster: ClusterBrief
    features: ConsoleFeatures

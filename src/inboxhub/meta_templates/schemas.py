"""Answers of Meta's message templates (Cloud API sessions), as kept at the last sync."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from inboxhub.envelope import ReadModel


class MetaTemplateRead(ReadModel):
    id: str | None = Field(description="Meta's template id")
    name: str
    language: str
    status: str = Field(examples=["APPROVED", "PENDING", "REJECTED", "PAUSED"])
    category: str | None = Field(examples=["MARKETING", "UTILITY", "AUTHENTICATION"])
    parameter_format: str = Field(examples=["POSITIONAL", "NAMED"])
    components: list[dict[str, Any]] = Field(description="Meta's components, as Meta gives them")
    rejected_reason: str | None
    waba_id: str
    synced_at: str


class MetaTemplateSync(ReadModel):
    total: int
    approved: int
    removed: int = Field(description="Templates deleted at Meta since the last sync")
    templates: list[MetaTemplateRead]


class MetaTemplateList(ReadModel):
    templates: list[MetaTemplateRead]
    total: int


class MetaTemplateLanguages(ReadModel):
    name: str
    languages: list[MetaTemplateRead]

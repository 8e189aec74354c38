from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from inboxhub.auth.schemas import CamelModel

Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


class ContactUpdate(CamelModel):
    """The CRM's fields. Only the fields present change; ``null`` clears one."""

    name: str | None = Field(default=None, max_length=200)
    tags: list[Tag] | None = Field(default=None, max_length=50)
    notes: str | None = Field(default=None, max_length=5000)
    assigned_to_user_id: int | None = Field(
        default=None, ge=1, description="A user of the API key's organization"
    )

    @model_validator(mode="after")
    def _something(self) -> ContactUpdate:
        if not self.model_fields_set:
            raise ValueError("give at least one of name, tags, notes, assignedToUserId")
        return self

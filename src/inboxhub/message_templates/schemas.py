from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from inboxhub.auth.schemas import CamelModel

VariableName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Variables = dict[str, Any]


class TemplateCreate(CamelModel):
    name: str = Field(min_length=1, max_length=200)
    category: str | None = Field(default=None, max_length=100)
    body: str = Field(
        min_length=1,
        max_length=4096,
        description="Text with {{variable}} placeholders, e.g. 'Hola {{nombre}}'",
    )
    variables: list[VariableName] | None = Field(
        default=None,
        max_length=50,
        description="The placeholders the body uses; worked out from the body when absent",
    )
    is_active: bool = True


class TemplateUpdate(CamelModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    category: str | None = Field(default=None, max_length=100)
    body: str | None = Field(default=None, min_length=1, max_length=4096)
    variables: list[VariableName] | None = Field(default=None, max_length=50)
    is_active: bool | None = None


class TemplatePreview(CamelModel):
    variables: Variables = Field(default_factory=dict)


class TemplateRecipient(CamelModel):
    to: str = Field(min_length=1, max_length=100)
    variables: Variables = Field(
        default_factory=dict, description="This recipient's values, over the common ones"
    )


class TemplateUse(CamelModel):
    """Send the rendered template to one recipient or to up to 50."""

    session_id: str = Field(min_length=1, max_length=100)
    to: str | list[str | TemplateRecipient] = Field(
        description="A number/JID, or a list of them (or of {to, variables}), up to 50"
    )
    variables: Variables = Field(default_factory=dict, description="Values for every recipient")

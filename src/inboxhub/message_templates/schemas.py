from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from inboxhub.auth.schemas import CamelModel
from inboxhub.envelope import Pagination, ReadModel
from inboxhub.messages.schemas import BulkSent, MessageSent

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


# ---- answers ----------------------------------------------------------------------------------


class TemplateRead(ReadModel):
    id: int
    organization_id: int
    name: str
    category: str | None
    body: str = Field(examples=["Hola {{name}}, tu pedido {{order}} está listo"])
    variables: list[str] = Field(description="The placeholders the body uses")
    is_active: bool
    usage_count: int
    last_used_at: str | None
    created_at: str
    updated_at: str


class TemplateData(ReadModel):
    template: TemplateRead


class TemplateList(ReadModel):
    templates: list[TemplateRead]
    total: int
    pagination: Pagination


class TemplateDeleted(ReadModel):
    id: int
    deleted: bool


class TemplateRendered(ReadModel):
    template_id: int
    text: str


class TemplateSent(MessageSent):
    template_id: int


class TemplateBulkSent(BulkSent):
    batch_ids: list[str | None] = Field(description="One batch per group of recipients")
    template_id: int

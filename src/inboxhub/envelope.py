"""The seeds' answer shapes: the success envelope ``{"success": true, "message"?, "data"}`` and
the way every answer and webhook writes a moment (``2026-05-01T10:00:00.000Z``).

Handlers build their answers with ``ok`` (and the features' ``describe`` helpers); the read
schemas (``ReadModel`` subclasses in each feature's ``schemas.py``) only document them: a route
declares its answer with ``responses=answers(SomethingRead)``, and the answer itself is written as
it always was, without a validation pass (the tests and the fuzzer prove that both agree).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, Generic, Literal, TypeVar, overload

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel
from pydantic.json_schema import SkipJsonSchema

from inboxhub.i18n import translate

T = TypeVar("T")


def ok(data: Any, message: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"success": True}
    if message is not None:
        body["message"] = translate(message)
    body["data"] = data
    return body


@overload
def iso(value: datetime) -> str: ...
@overload
def iso(value: datetime | None) -> str | None: ...
def iso(value: datetime | None) -> str | None:
    """UTC with milliseconds and a ``Z``; None stays None."""
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z") if value else None


class ReadModel(BaseModel):
    """An answer's shape as the API document declares it: camelCase names, no other keys.

    A field without a default is always in the answer (``X | None`` when it may be null); one
    with a default (``Omitted``) is there only in some answers."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


# The default of a key that some answers leave out (never null when present).
Omitted: Any = Field(default=None, json_schema_extra=_no_default)


class Pagination(ReadModel):
    total: int = Field(description="Items in all pages")
    page: int
    limit: int
    pages: int


class Envelope(BaseModel, Generic[T]):
    """The success envelope of every JSON answer."""

    model_config = ConfigDict(extra="forbid")

    success: Literal[True] = Field(description="Errors answer the error envelope instead")
    message: str | SkipJsonSchema[None] = Field(
        default=None, description="A human-readable note, in the request's language"
    )
    data: T


@cache
def envelope_of(data: Any, name: str | None = None) -> type[BaseModel]:
    """``Envelope[data]`` under a name of its own (``SessionListEnvelope``; ``name`` for a
    union): the API document's schema names become the generated clients' type names."""
    name = name or getattr(data, "__name__", None)
    if name is None:
        raise TypeError(f"name the answer {data!r}")
    module = getattr(data, "__module__", __name__)
    named = type(f"{name}Envelope", (Envelope[data],), {"__module__": module})
    named.__qualname__ = named.__name__
    return named


def answers(
    data: Any,
    status: int = 200,
    *,
    description: str = "Successful Response",
    example: Any = None,
    name: str | None = None,
) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route whose ``status`` answer is ``ok(data)``: ``Envelope[data]``
    (and ``example`` as its ``data``). The route still serializes its ``ok(...)`` as it did."""
    declared: dict[str, Any] = {"model": envelope_of(data, name), "description": description}
    if example is not None:
        declared["content"] = {"application/json": {"example": {"success": True, "data": example}}}
    return {status: declared}

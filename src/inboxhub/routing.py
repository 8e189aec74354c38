"""The router every feature's endpoints hang from, and the body reader of the busiest routes."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.models import Schema
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Match, Mount
from starlette.types import Scope

M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=Callable[..., Any])


class FeatureRouter(APIRouter):
    """An ``APIRouter`` that turns away, at once, requests for paths none of its routes has.

    FastAPI tries a request against every route of every included router in turn until one
    matches; with some 160 routes that search cost more than many endpoints' own work. None of a
    router's routes can match a path outside its prefix, so that check stands for all of them;
    a router without a prefix checks the paths of its routes instead (what each starts with
    before its first parameter, or the whole path of one without parameters).
    """

    _paths: _Paths | None = None

    def self_served(self, path: str, *, methods: list[str], **kwargs: Any) -> Callable[[E], E]:
        """Registers the decorated endpoint as a ``SelfServedRoute`` (``kwargs``: as ``post``'s)."""

        def register(endpoint: E) -> E:
            self.add_api_route(
                path, endpoint, methods=methods, route_class_override=SelfServedRoute, **kwargs
            )
            return endpoint

        return register

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if "path" in scope and not self._has(get_route_path(scope)):
            return Match.NONE, {}
        return super().matches(scope)

    def _has(self, path: str) -> bool:
        if self.prefix:
            return path.startswith(self.prefix)
        paths = self._paths
        if paths is None or paths.routes != len(self.routes):
            # Known once the routes are in; counted again should one be added later.
            paths = self._paths = _Paths.of(self.routes)
        return path in paths.exact or path.startswith(paths.heads)


@dataclass(frozen=True, slots=True)
class _Paths:
    routes: int
    exact: frozenset[str]
    heads: tuple[str, ...]

    @classmethod
    def of(cls, routes: list[BaseRoute]) -> _Paths:
        exact: set[str] = set()
        heads: set[str] = set()
        for route in routes:
            path = getattr(route, "path", None)
            if not isinstance(path, str):
                heads.add("")  # a route of another kind (an included router): any path
            elif "{" in path or isinstance(route, Mount):
                heads.add(path.split("{", 1)[0])
            else:
                # Its path, and the same with or without the last slash, which the app
                # redirects to it.
                exact.update({path, path.rstrip("/"), path.rstrip("/") + "/"})
        return cls(len(routes), frozenset(exact), tuple(sorted(heads)))


class SelfServedRoute(APIRoute):
    """A route whose endpoint takes the request alone and returns its response: it reads its path
    parameters, headers and body itself (``json_body``) and answers a ``Response``.

    FastAPI's handler of a route solves its parameters and dependencies, records telemetry and
    encodes what the endpoint returns, even when there is nothing to solve or encode; on the
    busiest route that bookkeeping was a few per cent of a send's CPU. This one calls the endpoint
    and nothing else. The document describes the route as any other (``json_body_doc``), and the
    app's exception handlers answer what the endpoint raises, as they do for every route.
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        served = self.dependant
        declared = served.path_params + served.query_params + served.header_params
        if declared + served.cookie_params + served.body_params + served.dependencies:
            raise TypeError(f"{path}: a self-served endpoint takes the request alone")
        if served.request_param_name is None:
            raise TypeError(f"{path}: a self-served endpoint takes the request")

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        return cast(Callable[[Request], Coroutine[Any, Any, Response]], self.endpoint)


# Models of bodies that routes read themselves (``json_body``), for the OpenAPI document.
_SELF_READ_BODIES: set[type[BaseModel]] = set()


def json_body_doc(model: type[BaseModel], *parameters: dict[str, Any]) -> dict[str, Any]:
    """``openapi_extra`` of a route that reads its body with ``json_body``: documents the body
    (and ``parameters``, for those it reads from the request itself) as a declared one would be."""
    _SELF_READ_BODIES.add(model)
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref}}},
        "parameters": list(parameters),
    }


def document_schemas(app: FastAPI, *models: type[BaseModel]) -> None:
    """Adds to the document the schemas of ``json_body_doc`` bodies and of ``models`` (those the
    routes name by ``$ref`` only), with the models they use; the schemas stay in name order."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        components = schema.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        for model in _SELF_READ_BODIES:
            doc = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, definition in {**doc.pop("$defs", {}), model.__name__: doc}.items():
                schemas.setdefault(name, definition)
        for model in models:
            # Rendered as FastAPI renders a declared response model (no null defaults).
            doc = model.model_json_schema(
                ref_template="#/components/schemas/{model}", mode="serialization"
            )
            for name, definition in {**doc.pop("$defs", {}), model.__name__: doc}.items():
                rendered = jsonable_encoder(Schema(**definition), by_alias=True, exclude_none=True)
                schemas.setdefault(name, rendered)
        components["schemas"] = dict(sorted(schemas.items()))
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def list_paths_in_order(app: FastAPI, routers: Sequence[APIRouter]) -> None:
    """The document lists the paths of ``routers`` in their order, then the app's others, however
    the app orders its routes to try them."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        order = [getattr(r, "path_format", None) for router in routers for r in router.routes]
        rank = {path: i for i, path in reversed(list(enumerate(order)))}
        last = len(order)  # the app's other paths, in the order it has them
        paths = schema.get("paths", {})
        schema["paths"] = {p: paths[p] for p in sorted(paths, key=lambda p: rank.get(p, last))}
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


async def json_body(request: Request, model: type[M]) -> M:
    """The request's JSON body as ``model``, refused with the errors a declared body parameter
    gets.

    FastAPI's own body handling (content-type parsing, ``json.loads``, then validation, inside
    its dependency solver) costs more than a text send's whole work in the gateway; the busiest
    routes read their body here instead, in one validation from the raw bytes.
    """
    raw = await request.body()
    if not raw:
        raise RequestValidationError(
            [{"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}]
        )
    try:
        if not _is_json(request.headers.get("content-type")):
            return model.model_validate(raw, from_attributes=True)  # refused: not an object
        try:
            return model.model_validate_json(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            if first["type"] != "model_type" or first["loc"]:
                raise
            # JSON but not an object: validated again as Python for FastAPI's words for it.
            try:
                parsed = json.loads(raw)
            except ValueError:
                raise exc from None
            return model.model_validate(parsed, from_attributes=True)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        ) from None


def too_long(source: str, name: str, value: str, limit: int) -> RequestValidationError:
    """What a declared parameter with ``max_length=limit`` is refused with."""
    return RequestValidationError(
        [
            {
                "type": "string_too_long",
                "loc": (source, name),
                "msg": f"String should have at most {limit} characters",
                "input": value,
                "ctx": {"max_length": limit},
            }
        ]
    )


def _is_json(content_type: str | None) -> bool:
    if not content_type:
        return False
    mime = content_type.partition(";")[0].strip().lower()
    kind, _, subtype = mime.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))

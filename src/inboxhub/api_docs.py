"""The API reference at ``/api/docs`` (Swagger UI) and ``/api/redoc``, served with the assets
the ``fastapi-offline`` package ships: gateways on private networks have no CDN to load them from.

The document declares how each route authenticates (``X-API-Key``, a user's bearer JWT, the CRM's
bearer token), so that *Authorize* and *Try it out* work, and carries an example for every request
body (``api_examples.py``) and every JSON answer (``answer_examples/``).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from inboxhub.answer_examples import ANSWER_EXAMPLES, WHOLE_ANSWERS
from inboxhub.api_examples import EXAMPLES, NAMED_EXAMPLES
from inboxhub.errors import NotFound

DOCS_URL = "/api/docs"
REDOC_URL = "/api/redoc"
ASSETS_URL = "/api/docs/assets"
_ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}

SECURITY_SCHEMES: dict[str, Any] = {
    "ApiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "An organization's API key (printed at first start, or created under "
        "/api/organizations/{id}/api-keys)",
    },
    "BearerJWT": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A user's access token from POST /api/auth/login",
    },
    "CrmToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "The CRM's token (CRM_API_TOKEN, or the organization's crmApiToken)",
    },
}

# Routes that take no credentials of the gateway's: sign-in, Meta's and the inspector's inbound
# webhooks (checked by signature or token), health.
_OPEN = (
    "/api/auth/login",
    "/api/auth/refresh",
    "/api/cloud/webhook",
    "/api/crm/meta-handover-webhook",
)


def security_of(path: str) -> list[dict[str, list[str]]]:
    if path.startswith(_OPEN) or not path.startswith("/api/"):
        return []
    if path == "/api/chatwoot/{bridgeId}/webhook":
        return []  # Chatwoot is known by the bridge's unguessable id (and its signature)
    if path == "/api/auth/invitations/accept":
        # Signed in, the invited user joins; without an account, the body chooses a password.
        return [{}, {"BearerJWT": []}]
    if path.startswith("/api/auth/") or path.startswith("/api/organizations"):
        return [{"BearerJWT": []}]
    if path.startswith("/api/crm/"):
        return [{"CrmToken": []}]
    if path.startswith("/api/cluster"):
        return [{"ApiKey": []}, {"BearerJWT": []}]
    return [{"ApiKey": []}]


def _asset_dir() -> Path:
    return Path(str(files("fastapi_offline") / "static"))


def _examples(schema: dict[str, Any]) -> tuple[str, Any] | None:
    """The example(s) for a body schema (a ``$ref``, possibly inside ``anyOf`` with null)."""
    refs = [schema.get("$ref")] + [s.get("$ref") for s in schema.get("anyOf", [])]
    for ref in refs:
        name = ref.rsplit("/", 1)[-1] if ref else ""
        if name in NAMED_EXAMPLES:
            named = NAMED_EXAMPLES[name]
            return "examples", {label: {"value": body} for label, body in named.items()}
        if name in EXAMPLES:
            return "example", EXAMPLES[name]
    return None


def _declared_answers(operation: dict[str, Any]) -> None:
    """Handlers are annotated ``-> dict[str, Any]`` (FastAPI then writes their answer with
    pydantic's fast JSON path, unvalidated); FastAPI merges that free-form object into the schema
    that ``answers()`` declares. The declared schema alone is the answer's shape."""
    for response in operation.get("responses", {}).values():
        for media in response.get("content", {}).values():
            declared = media.get("schema", {})
            if "$ref" in declared and len(declared) > 1:
                media["schema"] = {"$ref": declared["$ref"]}
            if "example" not in media:
                example = _answer_example(
                    media.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
                )
                if example is not None:
                    media["example"] = example


def _answer_example(schema_name: str) -> Any:
    """An envelope's example from its ``data`` schema's; answers beside the envelope whole."""
    if schema_name in WHOLE_ANSWERS:
        return WHOLE_ANSWERS[schema_name]
    data = schema_name.removesuffix("Envelope")
    if data != schema_name and data in ANSWER_EXAMPLES:
        return {"success": True, "data": ANSWER_EXAMPLES[data]}
    return None


def _complete(schema: dict[str, Any]) -> dict[str, Any]:
    schema.setdefault("components", {}).setdefault("securitySchemes", {}).update(SECURITY_SCHEMES)
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            operation.setdefault("security", security_of(path))
            _declared_answers(operation)
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json")
            if body is not None and "example" not in body and "examples" not in body:
                found = _examples(body.get("schema", {}))
                if found is not None:
                    body[found[0]] = found[1]
    return schema


def install(app: FastAPI) -> None:
    """The reference pages and their assets; the document completed as above."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _complete(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    title = f"{app.title} API"

    @app.get(DOCS_URL, include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=title,
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
            swagger_ui_parameters={"persistAuthorization": True, "displayRequestDuration": True},
        )

    @app.get(REDOC_URL, include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=title,
            redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )

    @app.get(ASSETS_URL + "/{name}", include_in_schema=False)
    async def asset(name: str) -> FileResponse:
        media_type = _ASSETS.get(name)
        if media_type is None:
            raise NotFound("No such file", field="name")
        return FileResponse(
            _asset_dir() / name,
            media_type=media_type,
            headers={"Cache-Control": "public, max-age=86400"},
        )

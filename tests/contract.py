"""The API document as a contract: an answer checked against the schema its operation declares.

``AnswerChecker(spec).check(response)`` finds the operation of a response's request (method and
path template), the schema declared for its status (or its ``4XX``/``default`` range) and media
type, and validates the JSON body against it, with the document's components for ``$ref``s.
With ``INBOXHUB_TEST_CHECK_ANSWERS=1`` every answer the test clients receive is checked.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import jsonschema_rs

_PARAM = re.compile(r"\{[^}/]+\}")


def _media_match(mime: str, content: dict[str, Any]) -> str | None:
    """The declared media type that covers ``mime`` (exact, ``image/*`` or ``*/*``)."""
    kind = mime.partition("/")[0]
    for candidate in (mime, f"{kind}/*", "*/*"):
        if candidate in content:
            return candidate
    return None


class AnswerChecker:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.routes = [
            (
                re.compile(
                    "^"
                    + _PARAM.sub("[^/]+", re.escape(path).replace(r"\{", "{").replace(r"\}", "}"))
                    + "$"
                ),
                path,
            )
            for path in spec.get("paths", {})
        ]
        self._validators: dict[str, Any] = {}

    def operation(self, method: str, path: str) -> tuple[str, dict[str, Any]] | None:
        # Literal segments first, as the router's own order puts /chats before /{chatId}.
        candidates = [template for pattern, template in self.routes if pattern.match(path)]
        candidates.sort(key=lambda t: t.count("{"))
        for template in candidates:
            operation = self.spec["paths"][template].get(method.lower())
            if operation is not None:
                return template, operation
        return None

    def declared(self, operation: dict[str, Any], status: int) -> dict[str, Any] | None:
        responses = operation.get("responses", {})
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in responses:
                found: dict[str, Any] = responses[key]
                return found
        return None

    def validator(self, schema: dict[str, Any]) -> Any:
        key = repr(sorted(schema.items()))
        if key not in self._validators:
            document = {**schema, "components": self.spec.get("components", {})}
            self._validators[key] = jsonschema_rs.validator_for(document)
        return self._validators[key]

    def problems(self, method: str, path: str, status: int, media: str, body: bytes) -> list[str]:
        found = self.operation(method, path)
        if found is None:
            return []  # not a documented operation (docs pages, metrics)
        template, operation = found
        where = f"{method.upper()} {template} -> {status}"
        response = self.declared(operation, status)
        if response is None:
            return [f"{where}: status not declared"]
        content = response.get("content")
        if not content:
            return [] if not body else [f"{where}: a body where none is declared"]
        mime = media.partition(";")[0].strip().lower()
        declared = _media_match(mime, content)
        if declared is None:
            return [f"{where}: content type {mime!r} not declared ({list(content)})"]
        schema = content[declared].get("schema")
        if not schema or mime != "application/json":
            return []
        import json

        errors = self.validator(schema).iter_errors(json.loads(body))
        return [f"{where}: {e.instance_path}: {e.message}" for e in list(errors)[:5]]

    def check(self, response: httpx.Response) -> None:
        request = response.request
        problems = self.problems(
            request.method,
            request.url.path,
            response.status_code,
            response.headers.get("content-type", ""),
            response.content,
        )
        assert not problems, "\n".join(problems) + f"\nbody: {response.text[:2000]}"


def answer_hook(app: Any) -> Any:
    """An httpx response hook that checks every answer against ``app``'s document."""
    checker = AnswerChecker(app.openapi())

    async def hook(response: httpx.Response) -> None:
        if "text/event-stream" in response.headers.get("content-type", ""):
            return
        await response.aread()
        checker.check(response)

    return hook

"""Writes the SDK's typed layer from the gateway's OpenAPI document.

    make clients                                 # this, then the TypeScript types
    python clients/python/generate.py            # from the gateway in this checkout
    python clients/python/generate.py --check    # exit 1 when the committed files differ

Reads ``clients/openapi.json`` (written first from ``inboxhub.app.create_app`` unless
``--document`` names another file) and writes ``src/inboxhub_client/models.py`` (a pydantic
model per schema) and ``src/inboxhub_client/_operations.py`` (a typed method per operation, on
the sync and on the async client). The gateway's ``tests/clients/test_drift.py`` fails when
any of them is stale.
"""

from __future__ import annotations

import argparse
import json
import keyword
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DOCUMENT = HERE.parent / "openapi.json"
PACKAGE = HERE / "src" / "inboxhub_client"
# Attributes of pydantic's BaseModel that a field must not shadow.
_RESERVED = {"copy", "dict", "json", "schema", "construct", "validate", "fields"}
# The event stream has its own method (``events``): an answer that never ends. Meta calls the
# Cloud API's webhooks and the handover webhook, with bodies of its own: not a client's calls.
_SKIP = {
    "stream_events",
    "verify_meta_webhook",
    "meta_handover_webhook",
    "verify_session_webhook",
    "receive_session_webhook",
    "verify_app_webhook",
    "receive_app_webhook",
    # The inspector's capture URL and Chatwoot's webhook: other systems post there.
    "capture",
    "chatwoot_webhook",
}
# Where a route's function name says too little outside its router.
_RENAME = {
    "GET /api/templates/meta/{sessionId}": "list_meta_templates",
    "GET /api/templates/meta/{sessionId}/{name}": "get_meta_template",
    "POST /api/templates/meta/{sessionId}/sync": "sync_meta_templates",
    "POST /api/events/tickets": "create_stream_ticket",
}


# Settings the gateway reads from the environment: none of a developer's may change the document.
_GATEWAY_ENV = ("INBOXHUB_", "FRAPPE_", "CRM_", "BOT_", "META_", "WEBHOOK_VERIFY_TOKEN")


def gateway_document() -> dict[str, Any]:
    """The document of a gateway on the sandbox engine (its routes included), as ``create_app``
    builds it: no server is started, nothing of the environment is read."""
    from inboxhub.app import create_app
    from inboxhub.config import Settings

    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith(_GATEWAY_ENV)}
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            settings = Settings(
                data_dir=Path(data_dir), api_key="ihk_" + "0" * 40, engine="sandbox"
            )
            document: dict[str, Any] = create_app(settings).openapi()
    finally:
        os.environ.update(saved)
    return document


def snake(name: str) -> str:
    name = re.sub(r"[^0-9A-Za-z_]", "_", name)
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    name = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", name).lower()
    name = re.sub(r"_+", "_", name).strip("_")
    if keyword.iskeyword(name) or name in _RESERVED or name.startswith("model_"):
        name += "_"
    return name


def class_name(ref_name: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", ref_name.title() if "_" in ref_name else ref_name) or "Model"


def ref_name(schema: dict[str, Any]) -> str:
    return str(schema["$ref"]).rsplit("/", 1)[-1]


class Writer:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})

    # ---- models -------------------------------------------------------------------------------

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.schemas.get(ref_name(schema), {})
        return schema

    def is_envelope(self, schema: dict[str, Any]) -> bool:
        """The seeds' success envelope ``{"success", "message"?, "data"}``, whatever its name."""
        props = set(self.resolve(schema).get("properties", {}))
        return {"success", "data"} <= props <= {"success", "message", "data"}

    @staticmethod
    def is_untyped(schema: dict[str, Any]) -> bool:
        """A JSON object the document says nothing more about (``dict[str, Any]``)."""
        shaped = ("$ref", "properties", "items", "anyOf", "oneOf", "allOf", "enum", "const")
        return not any(k in schema for k in shaped) and schema.get("type", "object") == "object"

    def type_of(self, schema: dict[str, Any], prefix: str = "") -> str:
        if not schema:
            return "Any"
        if "$ref" in schema:
            return prefix + class_name(ref_name(schema))
        for key in ("anyOf", "oneOf"):
            if key in schema:
                parts = list(dict.fromkeys(self.type_of(s, prefix) for s in schema[key]))
                return " | ".join(p for p in parts if p != "None") + (
                    " | None" if "None" in parts else ""
                )
        if "allOf" in schema and len(schema["allOf"]) == 1:
            return self.type_of(schema["allOf"][0], prefix)
        if "const" in schema:
            return f"Literal[{schema['const']!r}]"
        if "enum" in schema:
            return "Literal[" + ", ".join(repr(v) for v in schema["enum"]) + "]"
        kind = schema.get("type")
        if isinstance(kind, list):
            return " | ".join(self.type_of({**schema, "type": k}, prefix) for k in kind)
        if kind == "string":
            return "bytes" if schema.get("format") == "binary" else "str"
        if kind == "integer":
            return "int"
        if kind == "number":
            return "float"
        if kind == "boolean":
            return "bool"
        if kind == "null":
            return "None"
        if kind == "array":
            return f"list[{self.type_of(schema.get('items', {}), prefix)}]"
        if kind == "object" or "properties" in schema:
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                return f"dict[str, {self.type_of(extra, prefix)}]"
            return "dict[str, Any]"
        return "Any"

    def model(self, name: str, schema: dict[str, Any]) -> list[str]:
        lines = [f"class {class_name(name)}(ApiModel):"]
        doc = schema.get("description")
        if doc:
            lines.append(f"    {_docstring(doc, 4)}")
        required = set(schema.get("required", []))
        props: dict[str, Any] = schema.get("properties", {})
        if not props:
            lines.append("    pass")
        for prop, spec in props.items():
            field = snake(prop)
            kind = self.type_of(spec)
            args = [] if field == prop else [f"alias={prop!r}"]
            if prop not in required:
                kind += "" if kind.endswith("| None") or kind in ("Any", "None") else " | None"
                args.insert(0, "default=None")
            desc = spec.get("description")
            if desc:
                args.append(f"description={' '.join(desc.split())!r}")
            value = f" = Field({', '.join(args)})" if args else ""
            lines.append(f"    {field}: {kind}{value}")
        return lines

    def models_module(self) -> str:
        out = [
            '"""Every schema of the gateway\'s OpenAPI document, as a pydantic model.',
            "",
            "Written by ``clients/python/generate.py``; do not edit.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from typing import Any, Literal",
            "",
            "from pydantic import BaseModel, ConfigDict, Field",
            "",
            "",
            "class ApiModel(BaseModel):",
            '    """Fields by their Python names or the API\'s; keys the gateway adds later are kept."""',
            "",
            '    model_config = ConfigDict(populate_by_name=True, extra="allow")',
            "",
        ]
        names = sorted(n for n in self.schemas if not self.is_envelope(self.schemas[n]))
        for name in names:
            out += ["", "", *self.model(name, self.schemas[name])]
        out += ["", ""]
        out += [f"{class_name(n)}.model_rebuild()" for n in names]
        return "\n".join(out) + "\n"

    # ---- operations ---------------------------------------------------------------------------

    def operations(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        for path, methods in self.document.get("paths", {}).items():
            for method, op in methods.items():
                suffix = re.sub(r"\W", "_", path) + "_" + method
                op_id = op["operationId"]
                name = op_id[: -len(suffix)] if op_id.endswith(suffix) else snake(op_id)
                name = _RENAME.get(f"{method.upper()} {path}", name)
                if name in _SKIP:
                    continue
                if name in seen:
                    tag = snake((op.get("tags") or ["other"])[0])
                    name = f"{tag.split('_')[-1]}_{name}"
                seen.add(name)
                found.append(self.operation(name, method, path, op))
        return found

    def operation(self, name: str, method: str, path: str, op: dict[str, Any]) -> dict[str, Any]:
        params = []
        for p in op.get("parameters", []):
            params.append(
                {
                    "name": p["name"],
                    "py": snake(p["name"]),
                    "in": p["in"],
                    "required": bool(p.get("required")),
                    "type": self.type_of(p.get("schema", {}), "models."),
                }
            )
        body = None
        request = op.get("requestBody")
        if request:
            content = request.get("content", {})
            if "multipart/form-data" in content:
                body = {"kind": "multipart", "required": True}
            else:
                schema = content.get("application/json", {}).get("schema", {})
                body = {
                    "kind": "json",
                    "required": bool(request.get("required")),
                    "type": self.type_of(schema, "models."),
                }
        # Typed where the document gives the answer a schema; a ``Record`` (a dict) where not,
        # its envelope then recognised when it comes.
        answer, status = "None", "200"
        kind, envelope = "empty", "False"
        for code, response in sorted(op.get("responses", {}).items()):
            if code.startswith("2"):
                status = code
                content = response.get("content", {})
                if "application/json" in content:
                    kind = "json"
                    schema = content["application/json"].get("schema", {})
                    if self.is_envelope(schema):
                        envelope = "True"
                        schema = self.resolve(schema)["properties"]["data"]
                    elif self.is_untyped(schema):
                        envelope = "None"
                    answer = (
                        "Record" if self.is_untyped(schema) else self.type_of(schema, "models.")
                    )
                elif "text/plain" in content:
                    kind, answer = "text", "str"
                elif content:
                    kind, answer = "bytes", "bytes"
                break
        return {
            "name": name,
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "description": op.get("description", ""),
            "params": params,
            "body": body,
            "answer": answer,
            "kind": kind,
            "envelope": envelope,
            "status": status,
        }

    def method(self, op: dict[str, Any], *, is_async: bool) -> list[str]:
        args: list[str] = ["self"]
        path_params = sorted(
            (p for p in op["params"] if p["in"] == "path"),
            key=lambda p: op["path"].index("{" + p["name"] + "}"),
        )
        others = [p for p in op["params"] if p["in"] != "path"]
        args += [f"{p['py']}: {p['type']}" for p in path_params]
        body = op["body"]
        if body and body["required"]:
            if body["kind"] == "multipart":
                args.append("file: FileContent")
            else:
                args.append(f"body: {body['type']} | Mapping[str, Any]")
        keyword_only: list[str] = []
        if body and not body["required"]:
            bt = body["type"].replace(" | None", "")
            args.append(f"body: {bt} | Mapping[str, Any] | None = None")
        for p in others:
            kind = p["type"] if p["type"].endswith("None") else p["type"] + " | None"
            keyword_only.append(f"{p['py']}: {kind} = None")
        if body and body["kind"] == "multipart":
            keyword_only += ["filename: str | None = None", "content_type: str | None = None"]
        if keyword_only:
            args += ["*", *keyword_only]
        ret = op["answer"]
        head = f"    {'async def' if is_async else 'def'} {op['name']}("
        signature = head + ", ".join(args) + f") -> {ret}:"
        if len(signature) > 100:
            signature = head + "\n" + "".join(f"        {a},\n" for a in args) + f"    ) -> {ret}:"
        lines = [signature]
        summary = (op["description"] or op["summary"] or "").strip()
        doc = f"``{op['method']} {op['path']}``" + (f": {summary}" if summary else ".")
        lines.append(f"        {_docstring(doc, 8)}")

        def mapping(where: str) -> str:
            items = [f"{p['name']!r}: {p['py']}" for p in op["params"] if p["in"] == where]
            return "{" + ", ".join(items) + "}"

        call = [
            f"OPERATIONS[{op['name']!r}]",
            f"path={mapping('path')}",
            f"query={mapping('query')}",
            f"headers={mapping('header')}",
        ]
        if body and body["kind"] == "json":
            call.append("body=body")
        if body and body["kind"] == "multipart":
            call.append("file=(file, filename, content_type)")
        await_ = "await " if is_async else ""
        lines.append(f"        answer = {await_}self._call(")
        lines += [f"            {c}," for c in call]
        lines.append("        )")
        if ret in ("Any", "None"):
            lines.append("        return answer" if ret == "Any" else "        return None")
        else:
            lines.append(f"        return cast({_quoted(ret)}, answer)")
        return lines

    def operations_module(self) -> str:
        ops = self.operations()
        out = [
            '"""A typed method per operation of the gateway\'s OpenAPI document.',
            "",
            "Written by ``clients/python/generate.py``; do not edit.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from collections.abc import Mapping",
            "from typing import Any, Literal, cast",
            "",
            "from inboxhub_client import models",
            "from inboxhub_client._transport import AsyncTransport, FileContent, Operation, SyncTransport",
            "from inboxhub_client.record import Record",
            "",
            "OPERATIONS: dict[str, Operation] = {",
        ]
        for op in ops:
            answer = op["answer"]
            model = "None"
            if op["kind"] == "json" and answer not in ("Any", "Record"):
                model = answer
            idem = any(p["name"].lower() == "idempotency-key" for p in op["params"])
            out.append(
                f"    {op['name']!r}: Operation({op['name']!r}, {op['method']!r}, {op['path']!r}, "
                f"answer={model}, kind={op['kind']!r}, envelope={op['envelope']}, "
                f"idempotency_key={idem}),"
            )
        out += ["}", "", ""]
        for is_async in (False, True):
            cls = "AsyncOperations" if is_async else "SyncOperations"
            base = "AsyncTransport" if is_async else "SyncTransport"
            out.append(f"class {cls}({base}):")
            out.append(
                f'    """Every operation, {"awaitable" if is_async else "blocking"}; '
                'each returns the answer\'s ``data``."""'
            )
            for op in ops:
                out += ["", *self.method(op, is_async=is_async)]
            out += ["", ""]
        return "\n".join(out).rstrip() + "\n"


def _docstring(text: str, indent: int) -> str:
    words = " ".join(text.replace('"""', "'''").split())
    width = 96 - indent
    lines: list[str] = []
    line = '"""'
    for word in words.split(" "):
        if len(line) + len(word) + 1 > width and line != '"""':
            lines.append(line)
            line = word
        else:
            line = f"{line}{'' if line == chr(34) * 3 else ' '}{word}"
    if line.endswith("\\"):
        line += " "
    pad = "\n" + " " * indent
    if not lines:
        return line + '"""'
    lines.append(line)
    return pad.join(lines) + pad + '"""'


def _quoted(annotation: str) -> str:
    return repr(annotation) if "models." in annotation or "[" in annotation else annotation


def render(document: dict[str, Any]) -> dict[Path, str]:
    writer = Writer(document)
    return {
        PACKAGE / "models.py": writer.models_module(),
        PACKAGE / "_operations.py": writer.operations_module(),
    }


def document_text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--document", type=Path, help="read this document instead")
    parser.add_argument("--check", action="store_true", help="only compare with what is there")
    args = parser.parse_args(argv)
    document = json.loads(args.document.read_text()) if args.document else gateway_document()
    files = {DOCUMENT: document_text(document), **render(document)}
    stale = [p for p, text in files.items() if not p.exists() or p.read_text() != text]
    if args.check:
        for path in stale:
            print(f"stale: {path.relative_to(HERE.parent.parent)}", file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        path.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

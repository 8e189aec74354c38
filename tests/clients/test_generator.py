"""The SDK generator on answers that have a schema: a typed return model where the document
gives one (inside the seeds' envelope or not), a ``Record`` where it does not."""

from __future__ import annotations

import ast
from typing import Any

from tests.clients.test_drift import generator


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/api/things/{thingId}": {
            "get": {
                "operationId": "get_thing_api_things__thingId__get",
                "parameters": [
                    {
                        "name": "thingId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {"200": _json(_ref("Ok_ThingRead_"))},
            },
            "delete": {
                "operationId": "delete_thing_api_things__thingId__delete",
                "parameters": [
                    {
                        "name": "thingId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {"204": {"description": "Deleted"}},
            },
        },
        "/api/things": {
            "get": {
                "operationId": "list_things_api_things_get",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "success": {"type": "boolean"},
                                "data": {"type": "array", "items": _ref("ThingRead")},
                            },
                        }
                    )
                },
            },
            "post": {
                "operationId": "create_thing_api_things_post",
                "requestBody": {"required": True, **_json(_ref("ThingCreate"))},
                "responses": {"201": _json({"type": "object", "additionalProperties": True})},
            },
        },
        "/api/crm/things": {
            "get": {
                "operationId": "crm_things_api_crm_things_get",
                "responses": {"200": _json(_ref("CrmThings"))},
            }
        },
    },
    "components": {
        "schemas": {
            "Ok_ThingRead_": {
                "type": "object",
                "properties": {
                    "success": {"type": "boolean", "const": True},
                    "message": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    "data": _ref("ThingRead"),
                },
                "required": ["success", "data"],
            },
            "ThingRead": {
                "type": "object",
                "properties": {
                    "thingId": {"type": "integer"},
                    "from": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "owner": {"anyOf": [_ref("Owner"), {"type": "null"}]},
                },
                "required": ["thingId", "from"],
            },
            "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
            "ThingCreate": {
                "type": "object",
                "properties": {"name": {"type": "string"}},
                "required": ["name"],
            },
            "CrmThings": {
                "type": "object",
                "properties": {
                    "success": {"type": "boolean"},
                    "ticketId": {"type": "string"},
                    "data": _ref("Owner"),
                },
            },
        }
    },
}


def test_typed_answers_become_models_and_untyped_ones_records() -> None:
    generate = generator()
    files = {path.name: text for path, text in generate.render(DOCUMENT).items()}
    models, operations = files["models.py"], files["_operations.py"]
    ast.parse(models)
    ast.parse(operations)
    # The envelope is no model of its own: its ``data`` is the answer.
    assert "class OkThingRead" not in models
    assert "class ThingRead(ApiModel):" in models
    assert "    thing_id: int = Field(alias='thingId')" in models
    assert "    from_: str = Field(alias='from')" in models
    assert "    owner: Owner | None = Field(default=None)" in models

    def entry(name: str) -> str:
        return next(line for line in operations.splitlines() if line.startswith(f"    {name!r}:"))

    assert "answer=models.ThingRead, kind='json', envelope=True" in entry("get_thing")
    assert "answer=list[models.ThingRead], kind='json', envelope=True" in entry("list_things")
    assert "answer=None, kind='json', envelope=None" in entry("create_thing")
    # A schema with fields beside ``data`` (the CRM's answers) is the answer itself.
    assert "answer=models.CrmThings, kind='json', envelope=False" in entry("crm_things")
    assert "kind='empty'" in entry("delete_thing")
    assert "def get_thing(self, thing_id: int) -> models.ThingRead:" in operations
    assert "async def list_things(self) -> list[models.ThingRead]:" in operations
    assert "def create_thing(self, body: models.ThingCreate | Mapping[str, Any]) -> Record:" in (
        operations
    )
    assert "def delete_thing(self, thing_id: int) -> None:" in operations


def test_the_output_is_deterministic() -> None:
    generate = generator()
    first = generate.render(DOCUMENT)
    assert generate.render(DOCUMENT) == first


def test_the_generated_models_read_an_answer() -> None:
    generate = generator()
    models = next(t for p, t in generate.render(DOCUMENT).items() if p.name == "models.py")
    namespace: dict[str, Any] = {"__name__": "generated_models"}
    exec(compile(models, "models.py", "exec"), namespace)
    thing = namespace["ThingRead"].model_validate(
        {"thingId": 7, "from": "34600000000", "owner": {"name": "Ana"}, "later": 1}
    )
    assert (thing.thing_id, thing.from_, thing.owner.name) == (7, "34600000000", "Ana")
    assert thing.model_extra == {"later": 1}  # keys the gateway adds later are kept

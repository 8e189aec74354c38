"""The API document is a contract: every operation declares the shape of its answers, and real
answers match what it declares (checked with the document itself, ``tests/contract.py``)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import Request

from inboxhub.config import Settings
from inboxhub.json_text import JsonAnswer
from inboxhub.routing import FeatureRouter
from tests.contract import AnswerChecker
from tests.support import eventually, link_session

# Answers that are not JSON get their own media types (files, a stream, Meta's challenge).
_OTHER_MEDIA = {
    "*/*",
    "image/*",
    "video/*",
    "application/octet-stream",
    "text/event-stream",
    "text/plain",
}
_ERROR_STATUSES = ("400", "401", "403", "404", "409", "429", "503")


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from inboxhub.app import create_app

    data_dir = tmp_path_factory.mktemp("document")
    app = create_app(Settings(data_dir=data_dir, database_url=f"sqlite+aiosqlite:///{data_dir}/d"))
    spec: dict[str, Any] = app.openapi()
    return spec


def _operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    ]


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def test_every_operation_declares_its_answer(document: dict[str, Any]) -> None:
    untyped = []
    for name, operation in _operations(document):
        success = {k: v for k, v in operation["responses"].items() if k.startswith("2")}
        if not success:
            untyped.append(f"{name}: no success status")
        for status, response in success.items():
            content = response.get("content", {})
            if not content:
                untyped.append(f"{name} {status}: no body declared")
            for media, declared in content.items():
                if media in _OTHER_MEDIA:
                    continue
                schema = declared.get("schema", {})
                resolved = _resolve(document, schema)
                # A named schema with its properties, never a free-form object.
                if "$ref" not in schema or not resolved.get("properties"):
                    untyped.append(f"{name} {status} {media}: {schema}")
    assert not untyped, "\n".join(untyped)


def test_answers_are_envelopes_of_named_schemas(document: dict[str, Any]) -> None:
    """``{"success": true, "data": …}`` (the CRM's routes add ``ticketId`` beside it), with
    nullable fields marked and no undeclared keys."""
    for name, operation in _operations(document):
        for status, response in operation["responses"].items():
            declared = response.get("content", {}).get("application/json")
            if not status.startswith("2") or declared is None:
                continue
            envelope = _resolve(document, declared["schema"])
            assert envelope["properties"]["success"].get("const") is True, name
            assert "data" in envelope["required"], name
            assert envelope.get("additionalProperties") is False, name


def test_every_error_status_declares_the_error_envelope(document: dict[str, Any]) -> None:
    for name, operation in _operations(document):
        if name == "GET /health":
            continue
        for status in _ERROR_STATUSES:
            response = operation["responses"].get(status)
            assert response is not None, f"{name}: {status} not declared"
            declared = response["content"]["application/json"]
            assert declared["schema"] == {"$ref": "#/components/schemas/ErrorBody"}, name
            assert declared["example"]["success"] is False, name


def test_every_json_answer_shows_an_example(document: dict[str, Any]) -> None:
    """Every JSON success answer shows an example (``answer_examples/``). Files, the event stream
    and Meta's plain-text challenge are not checked: they are declared under their own media types
    (``_OTHER_MEDIA``), with no JSON schema to give an example of."""
    missing = []
    for name, operation in _operations(document):
        for status, response in operation["responses"].items():
            declared = response.get("content", {}).get("application/json")
            if status.startswith("2") and declared is not None and "example" not in declared:
                missing.append(f"{name} {status}: {declared['schema'].get('$ref')}")
    assert not missing, "answers without an example:\n" + "\n".join(missing)


def test_every_answer_example_matches_its_schema(document: dict[str, Any]) -> None:
    checker = AnswerChecker(document)
    problems = []
    for name, operation in _operations(document):
        for status, response in operation["responses"].items():
            declared = response.get("content", {}).get("application/json", {})
            if "example" not in declared:
                continue
            errors = checker.validator(declared["schema"]).iter_errors(declared["example"])
            problems += [f"{name} {status}: {e.message} at {list(e.instance_path)}" for e in errors]
    assert not problems, "\n".join(problems)


def test_answer_examples_are_all_used(document: dict[str, Any]) -> None:
    """An example whose schema no operation answers any more (a renamed schema) is dead text."""
    from inboxhub.answer_examples import ANSWER_EXAMPLES, WHOLE_ANSWERS

    answered = {
        declared["schema"]["$ref"].rsplit("/", 1)[-1]
        for _, operation in _operations(document)
        for response in operation["responses"].values()
        for media, declared in response.get("content", {}).items()
        if media == "application/json" and "$ref" in declared.get("schema", {})
    }
    unused = [n for n in ANSWER_EXAMPLES if f"{n}Envelope" not in answered]
    unused += [n for n in WHOLE_ANSWERS if n not in answered]
    assert not unused, unused


# ---- real answers against the document ---------------------------------------------------------


@pytest.fixture
def checker(app: Any) -> AnswerChecker:
    return AnswerChecker(app.openapi())


async def test_real_answers_match_the_document(
    client: httpx.AsyncClient, anon: httpx.AsyncClient, checker: AnswerChecker
) -> None:
    session = await client.post(
        "/api/sessions",
        json={
            "sessionId": "contract",
            "sessionName": "Contract",
            "webhookUrl": "http://127.0.0.1:9/",
        },
    )
    checker.check(session)
    assert session.status_code == 201
    await link_session(client, "partner", "34600000902", push_name="Partner")
    linked = await client.post(
        "/api/sandbox/link",
        json={"qr": session.json()["data"]["qrText"], "phoneNumber": "34600000901"},
    )
    checker.check(linked)

    async def connected() -> bool:
        status = await client.get("/api/sessions/contract/status")
        checker.check(status)
        return bool(status.json()["data"]["status"] == "connected")

    await eventually(connected)
    checker.check(await client.get("/api/sessions/contract"))
    checker.check(await client.get("/api/sessions", params={"limit": 1}))

    sent = await client.post(
        "/api/messages/contract/send", json={"to": "34600000902", "message": "Hola"}
    )
    checker.check(sent)
    assert sent.status_code == 200, sent.text
    bulk = await client.post(
        "/api/messages/contract/send",
        json={"to": ["34600000902", "34600000903"], "message": "A todos"},
    )
    checker.check(bulk)
    inbound = await client.post(
        "/api/sandbox/messages",
        json={"from": "34600000904", "to": "contract", "type": "text", "message": "Buenas"},
    )
    checker.check(inbound)
    checker.check(await client.get("/api/messages/contract"))
    checker.check(await client.get("/api/messages/contract/chats"))

    contacts = await client.get("/api/contacts/contract", params={"limit": 1})
    checker.check(contacts)
    assert contacts.json()["data"]["pagination"]["limit"] == 1

    async def delivery_logged() -> httpx.Response | None:
        deliveries = await client.get("/api/webhooks/deliveries", params={"sessionId": "contract"})
        return deliveries if deliveries.json()["data"]["deliveries"] else None

    deliveries = await eventually(delivery_logged)
    checker.check(deliveries)
    first = deliveries.json()["data"]["deliveries"][0]["id"]
    checker.check(await client.get(f"/api/webhooks/deliveries/{first}"))

    # Errors: a missing session, bad input, no credentials.
    missing = await client.get("/api/sessions/nowhere")
    assert missing.status_code == 404
    checker.check(missing)
    invalid = await client.post("/api/messages/contract/send", json={"to": "", "message": 5})
    assert invalid.status_code == 400
    checker.check(invalid)
    unauthenticated = await anon.get("/api/sessions")
    assert unauthenticated.status_code == 401
    checker.check(unauthenticated)


def test_the_checker_sees_a_mismatch(document: dict[str, Any]) -> None:
    checker = AnswerChecker(document)
    wrong = b'{"success": true, "data": {"session": {"id": "one"}}}'
    problems = checker.problems("GET", "/api/sessions/x", 200, "application/json", wrong)
    assert any("sessionId" in p for p in problems), problems
    extra = b'{"success": true, "data": {"sessionId": "x", "deleted": true, "more": 1}}'
    problems = checker.problems("DELETE", "/api/sessions/x", 200, "application/json", extra)
    assert any("more" in p for p in problems), problems


def test_a_self_served_route_declares_nothing_fastapi_would_solve() -> None:
    """A self-served endpoint reads the request itself; a parameter it declared would never be
    read, so the route is refused when the app is built."""
    router = FeatureRouter(prefix="/api/example")

    async def with_a_query(request: Request, limit: int = 10) -> JsonAnswer:
        return JsonAnswer({})

    async def without_the_request() -> JsonAnswer:
        return JsonAnswer({})

    async def served(request: Request) -> JsonAnswer:
        return JsonAnswer({})

    with pytest.raises(TypeError, match="takes the request alone"):
        router.self_served("/{id}", methods=["POST"])(with_a_query)
    with pytest.raises(TypeError, match="takes the request"):
        router.self_served("/plain", methods=["POST"])(without_the_request)
    router.self_served("/served", methods=["POST"])(served)
    assert [getattr(route, "path", None) for route in router.routes] == ["/api/example/served"]

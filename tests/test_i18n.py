"""One language per answer: the words of every answer in Spanish or English, as
``Accept-Language`` asks (default ``INBOXHUB_LANGUAGE``); codes and fields never change."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import httpx
import pytest

from inboxhub.errors import ApiError
from inboxhub.i18n import negotiate
from inboxhub.i18n_catalog import CATALOG
from inboxhub.models import import_all_models

SRC = Path(__file__).resolve().parents[1] / "src" / "inboxhub"


def _error_classes() -> set[str]:
    import importlib
    import pkgutil

    import inboxhub

    for module in pkgutil.walk_packages(inboxhub.__path__, "inboxhub."):
        if ".migrations" not in module.name and ".engines.web" not in module.name:
            importlib.import_module(module.name)
    import_all_models()
    names, pending = set(), [ApiError]
    while pending:
        cls = pending.pop()
        names.add(cls.__name__)
        pending += cls.__subclasses__()
    return names


def _template(node: ast.expr) -> str | None:
    """The text as the catalog keys it: f-string parts as {0}, {1}…, literal braces doubled."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        parts, n = [], 0
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
            else:
                parts.append(f"{{{n}}}")
                n += 1
        return "".join(parts)
    return None


def _parse(source: str) -> ast.Module:
    """``ast.parse``, again when CPython 3.11 trips over its own recursion count.

    There, the count that the AST conversion checks is shared by every thread of the interpreter
    (python/cpython#106905): a thread of another library parsing at the same moment
    makes a sound file fail with ``SystemError: AST constructor recursion depth mismatch``."""
    for _ in range(4):
        try:
            return ast.parse(source)
        except SystemError:
            continue
    return ast.parse(source)


def texts_in_the_code() -> dict[str, str]:
    """Every error's words, every success message, every validator's words."""
    errors = _error_classes()
    found: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(_parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            text = None
            if (name in errors and node.args) or (
                name == "ValueError" and node.args and path.name == "schemas.py"
            ):
                text = _template(node.args[0])
            elif name == "ok" and len(node.args) > 1:
                text = _template(node.args[1])
            if text:
                found.setdefault(text, f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_every_text_of_the_code_is_in_both_languages() -> None:
    found = texts_in_the_code()
    assert len(found) > 300
    missing = {text: where for text, where in found.items() if text not in CATALOG}
    assert not missing, "add these to i18n_catalog.py:\n" + "\n".join(
        f"  {where}: {text!r}" for text, where in sorted(missing.items(), key=lambda i: i[1])
    )
    for source, (spanish, english) in CATALOG.items():
        # No part that the text does not have (a translation may leave a detail out).
        assert set(_fields(spanish)) | set(_fields(english)) <= set(_fields(source)), source


def _fields(text: str) -> list[str]:
    from string import Formatter

    return [f for _, f, _, _ in Formatter().parse(text) if f is not None]


@pytest.mark.parametrize(
    ("header", "default", "chosen"),
    [
        (None, "es", "es"),
        ("en-US,en;q=0.9", "es", "en"),
        ("fr-FR, es;q=0.5, en;q=0.4", "en", "es"),
        ("fr", "en", "en"),
        ("es;q=0, en", "es", "en"),
        ("*", "es", "es"),
    ],
)
def test_accept_language_is_negotiated(header: str | None, default: Any, chosen: str) -> None:
    assert negotiate(header, default) == chosen


async def test_answers_speak_the_asked_language(client: httpx.AsyncClient) -> None:
    es, en = {"Accept-Language": "es-ES,es;q=0.9"}, {"Accept-Language": "en"}
    created = await client.post("/api/sessions", json={"sessionId": "tienda"}, headers=es)
    assert created.json()["message"] == "Sesión creada"
    missing = await client.get("/api/sessions/nada", headers=es)
    assert missing.json()["code"] == "SESSION_NOT_FOUND"
    assert missing.json()["error"] == missing.json()["message"] == "Sesión 'nada' no encontrada"
    missing = await client.get("/api/sessions/nada", headers=en)
    assert missing.json()["code"] == "SESSION_NOT_FOUND"
    assert missing.json()["error"] == "Session 'nada' not found"
    bad = await client.post("/api/sessions", json={"sessionId": "x" * 300}, headers=es)
    assert bad.json()["code"] == "VALIDATION_ERROR"
    assert bad.json()["field"] == "sessionId"
    assert bad.json()["error"].startswith("sessionId: Debe cumplir el patrón")
    handover = await client.put(
        "/api/handover/sessions/tienda/bot",
        json={"options": [{"key": "1", "label": "Horarios", "reply": "De 8 a 18 h."}]},
        headers=en,
    )
    assert handover.status_code == 200, handover.text
    assert handover.json()["message"] == "Bot saved"
    handover = await client.put(
        "/api/handover/sessions/tienda/bot",
        json={"options": [{"key": "1", "label": "Horarios", "reply": "De 8 a 18 h."}]},
        headers=es,
    )
    assert handover.json()["message"] == "Bot guardado"


@pytest.mark.parametrize("settings_overrides", [{"language": "es"}])
async def test_the_configured_language_is_the_default(
    anon: httpx.AsyncClient, settings_overrides: dict[str, Any]
) -> None:
    answer = await anon.get("/api/sessions")
    assert answer.json()["code"] == "MISSING_API_KEY"
    assert answer.json()["error"] == "Se requiere la cabecera X-API-Key"
    token = await anon.get("/api/auth/me")
    assert token.json()["error"] == "Token de acceso requerido"  # the customer's own words

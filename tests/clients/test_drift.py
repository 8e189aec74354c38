"""The clients in ``clients/`` are made from the API as it is: the committed OpenAPI document is
the app's, and the Python SDK's generated modules are what the generator makes of it. Fast, no
network: an API change committed without regenerating the clients fails here."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
FIX = "run `make clients` (the Python SDK and the TypeScript types) and commit the result"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "inboxhub_sdk_generate", ROOT / "clients" / "python" / "generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_committed_document_is_the_apps() -> None:
    generate = generator()
    current = generate.document_text(generate.gateway_document())
    committed = generate.DOCUMENT.read_text()
    assert committed == current, f"clients/openapi.json differs from the app's /openapi.json: {FIX}"


def test_the_sdk_is_generated_from_the_committed_document() -> None:
    generate = generator()
    document = json.loads(generate.DOCUMENT.read_text())
    stale = [
        str(path.relative_to(ROOT))
        for path, text in generate.render(document).items()
        if not path.exists() or path.read_text() != text
    ]
    assert not stale, f"{stale} differ from what clients/openapi.json makes: {FIX}"

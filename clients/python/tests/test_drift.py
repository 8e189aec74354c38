"""The committed document and the SDK's generated layer are the gateway's, as it is now."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("sdk_generate", HERE / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["sdk_generate"] = module
    spec.loader.exec_module(module)
    return module


def test_document_and_sdk_match_the_gateway() -> None:
    generate = _generator()
    document = generate.gateway_document()
    expected = {generate.DOCUMENT: generate.document_text(document), **generate.render(document)}
    stale = [
        str(path.relative_to(HERE.parent.parent))
        for path, text in expected.items()
        if path.read_text() != text
    ]
    assert not stale, (
        f"{stale} differ from the gateway's API: run `python clients/python/generate.py` "
        "and commit the result"
    )

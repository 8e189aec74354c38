"""The JSON the gateway writes (answers, JSON columns) is the standard library's, only faster."""

from __future__ import annotations

import json

import pytest

from inboxhub.json_text import dumps

VALUES = [
    {"success": True, "data": {"message": "¿Qué tal? 👋", "n": 3, "f": 0.1, "none": None}},
    {"big": 2**70, "list": [1, "dos", 3.5]},  # past 64 bits: orjson refuses, json takes it
    {1: "int keys become strings"},
    [],
    "\u2028 line separator and \x00 control",
]


@pytest.mark.parametrize("value", VALUES)
def test_the_text_is_what_the_standard_library_writes(value: object) -> None:
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    assert dumps(value) == expected

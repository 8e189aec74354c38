"""JSON text as the gateway writes it: the API's answers and the database's JSON columns
(events, message contents, settings).

orjson writes it at a fraction of the standard library's cost, which every send paid several
times over (its answer, its event's payload, its content). What orjson refuses and the standard
library takes (an integer past 64 bits in a client's interactive message, say) is written by
the standard library instead: a client's JSON never becomes an error here. Reading stays with
the standard library, which keeps such an integer exact (orjson would make it a float).
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from starlette.responses import JSONResponse

# Keys that are not strings (an int) become strings, as the standard library writes them.
_OPTIONS = orjson.OPT_NON_STR_KEYS


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON (no spaces, characters as they are, not ``\\u`` escapes)."""
    try:
        return orjson.dumps(value, option=_OPTIONS)
    except orjson.JSONEncodeError:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.encode()


def dumps_text(value: Any) -> str:
    return dumps(value).decode()


class JsonAnswer(JSONResponse):
    """Every JSON answer of the API: the text Starlette's own would write, by orjson."""

    def render(self, content: Any) -> bytes:
        return dumps(content)

"""Engine values as JSON, for the sandbox's journal of kept letters and for its wire: what JSON
cannot hold by itself (datetimes, bytes, the engine's dataclasses) travels as a tagged object
that ``decode`` turns back. Only the engine's own dataclasses are ever built from a tag."""

from __future__ import annotations

import base64
import dataclasses
import json
from datetime import datetime
from typing import Any

import orjson

from inboxhub.engines import base, events


def classes(module: Any, kind: type) -> dict[str, type[Any]]:
    """The classes a module defines that are ``kind`` (any class for ``object``)."""
    return {
        name: cls
        for name, cls in vars(module).items()
        if isinstance(cls, type) and (issubclass(cls, kind) if kind is not object else True)
    }


_TYPES: dict[str, type[Any]] = {
    name: cls
    for module in (base, events)
    for name, cls in classes(module, object).items()
    if dataclasses.is_dataclass(cls)
}


def _tagged(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return {"__type__": type(value).__name__, **fields}
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} cannot be written as sandbox JSON")


# The encoders call ``_tagged`` only for what they cannot write themselves: cheaper than
# walking the whole value beforehand. orjson is told to leave dataclasses and datetimes to it
# (it would write them untagged); what orjson refuses (an integer past 64 bits) is written by
# the standard library's, the same text but for its escapes.
_PASS_TO_TAGGED = (
    orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
)
_encode_slowly = json.JSONEncoder(separators=(",", ":"), default=_tagged).encode


def encode_bytes(value: Any) -> bytes:
    """``value`` as UTF-8 JSON, with what JSON cannot hold by itself tagged."""
    try:
        return orjson.dumps(value, default=_tagged, option=_PASS_TO_TAGGED)
    except orjson.JSONEncodeError:
        return _encode_slowly(value).encode()


def encode(value: Any) -> str:
    return encode_bytes(value).decode()


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__datetime__" in value:
        return datetime.fromisoformat(value["__datetime__"])
    if "__bytes__" in value:
        return base64.b64decode(value["__bytes__"])
    decoded = {k: _decode(v) for k, v in value.items() if k != "__type__"}
    if "__type__" in value:
        cls = _TYPES.get(value["__type__"])
        if cls is None:
            raise ValueError(f"unknown type in sandbox JSON: {value['__type__']!r}")
        return cls(**decoded)
    return decoded


def decode(text: str | bytes) -> Any:
    return _decode(json.loads(text))

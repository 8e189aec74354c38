"""``Record``: the answer of an operation whose OpenAPI document gives no schema.

A plain ``dict`` with the API's keys (``record["sessionId"]``, ``json.dumps(record)``), which
also reads them as attributes by their Python names (``record.session_id``), the way the typed
models of ``inboxhub_client.models`` do; so code written against an untyped answer keeps working
when the gateway's document gains a schema for it and the SDK is regenerated. A key named like a
dict method (``items``, ``keys``…) reads as ``record["items"]`` or ``record.items_``.
"""

from __future__ import annotations

from typing import Any


def _camel(name: str) -> str:
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class Record(dict[str, Any]):
    """A JSON object; ``record.some_field`` reads ``"some_field"`` or ``"someField"``."""

    @classmethod
    def wrap(cls, value: Any) -> Any:
        """``value`` with every JSON object in it made a ``Record``."""
        if isinstance(value, dict):
            return cls({str(k): cls.wrap(v) for k, v in value.items()})
        if isinstance(value, list):
            return [cls.wrap(v) for v in value]
        return value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        for key in (name, name.rstrip("_"), _camel(name)):
            if key in self:
                return self[key]
        # A field the answer left out reads as None, as an optional model field does.
        return None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Record is read by attribute; set record[{name!r}] instead")

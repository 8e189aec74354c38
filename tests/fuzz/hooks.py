"""schemathesis hooks: aim generated requests at the seeded objects, spare the credentials.

Loaded by ``tests/fuzz/run.py`` through ``SCHEMATHESIS_HOOKS``; the ids come from the JSON file
named by ``INBOXHUB_FUZZ_IDS`` (written by ``tests/fuzz/seed.py``).
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from typing import Any

import schemathesis
from hypothesis import strategies as st

from inboxhub.handover.schemas import TEXT_KEYS

# Session operations that end or restart a connection: they get the spare session.
_LIFECYCLE = re.compile(
    r"^/api/(sessions/\{id\}/(connect|disconnect|restart|logout|pairing-code)|sandbox/sessions/)"
)
_UNUSED_ID = 2**31 - 1
_PEOPLE = {"to", "phoneNumber", "userPhone"}


@cache
def _seeded() -> dict[str, Any]:
    with open(os.environ["INBOXHUB_FUZZ_IDS"], encoding="utf-8") as f:
        seeded: dict[str, Any] = json.load(f)
    return seeded


def _destroys(method: str, path: str) -> bool:
    return method == "DELETE" or path.endswith("/leave") or bool(_LIFECYCLE.match(path))


def _aimed(method: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
    seeded = _seeded()
    ids = {**seeded["ids"], **(seeded["spares"] if _destroys(method, path) else {})}
    return {name: ids.get(name, value) for name, value in params.items()}


@schemathesis.hook
def flatmap_path_parameters(ctx: Any, path_parameters: dict[str, Any] | None) -> Any:
    """Half the generated cases name real objects, so the code behind the 404s runs too."""
    if not path_parameters or ctx.operation is None:
        return st.just(path_parameters)
    method, path = ctx.operation.method.upper(), ctx.operation.path
    return st.sampled_from([path_parameters, _aimed(method, path, path_parameters)])


# Any text, lone surrogates ("\\ud800": valid JSON, not text) and astral characters included:
# the schema's generators keep to well-formed strings, clients do not.
_ODD_TEXT = st.builds(
    lambda head, odd, tail: head + odd + tail,
    st.text(max_size=4),
    st.sampled_from(["\ud800", "\udfff", "\udc00\ud800", "\U0001f600", "\x00", "\u202e"]),
    st.text(max_size=4),
)
_ANY_TEXT = st.one_of(st.text(st.characters(codec=None), max_size=12), _ODD_TEXT)
_ANY_VALUE = st.one_of(
    _ANY_TEXT, st.integers(), st.none(), st.booleans(), st.lists(_ANY_TEXT, max_size=3)
)
# Keys the gateway knows (the seeded templates' placeholders; the handover texts), so that the
# values get past the key checks into rendering, storing and sending.
_KNOWN_KEYS = (st.sampled_from(["name", "order"]), st.sampled_from(TEXT_KEYS))
_ANY_DICT = st.one_of(
    *(
        st.dictionaries(keys, st.one_of(_ODD_TEXT, _ANY_TEXT), min_size=1, max_size=2)
        for keys in _KNOWN_KEYS
    ),
    st.dictionaries(_ANY_TEXT, _ANY_VALUE, min_size=1, max_size=4),
)


def _dict_fields(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Where a body holds objects (template variables, handover texts, engine options…),
    nested ones included."""
    found: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        if path:
            found.append(path)
        for key, item in value.items():
            found.extend(_dict_fields(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_dict_fields(item, (*path, index)))
    return found


def _replaced(body: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(body, dict):
        return {**body, head: _replaced(body.get(head), rest, new)}
    copy = list(body)
    copy[head] = _replaced(body[head], rest, new)
    return copy


def _unicode_dicts(operation: str, body: dict[str, Any]) -> Any:
    """The body (a third of the time), or with one of its free-form objects full of any text:
    those the operation declares (``dictFields``, from the OpenAPI document) and any other
    object the generator put in it."""
    declared = [(name,) for name in _seeded().get("dictFields", {}).get(operation, [])]
    paths = list(dict.fromkeys([*declared, *_dict_fields(body)]))
    if not paths:
        return st.just(body)
    replaced = st.tuples(st.sampled_from(paths), _ANY_DICT).map(lambda pair: _replaced(body, *pair))
    return st.one_of(st.just(body), replaced, replaced)


@schemathesis.hook
def flatmap_body(ctx: Any, body: Any) -> Any:
    """Half the bodies that name a person name the seeded contact: sends reach the engine. Half
    the bodies with free-form objects get arbitrary Unicode in one of them."""
    if not isinstance(body, dict) or ctx.operation is None:
        return st.just(body)
    operation = f"{ctx.operation.method.upper()} {ctx.operation.path}"
    if not _PEOPLE & body.keys():
        return _unicode_dicts(operation, body)
    phone = _seeded()["contactPhone"]
    aimed = {**body, **dict.fromkeys(_PEOPLE & body.keys(), phone)}
    return st.sampled_from([body, aimed]).flatmap(lambda b: _unicode_dicts(operation, b))


@schemathesis.hook
def before_call(ctx: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Sign in every request, and keep the fuzzer from revoking its own credentials."""
    seeded = _seeded()
    method, path, params = case.method.upper(), case.path, case.path_parameters or {}
    # A logout revokes the token it carries: it gets one of its own. The CRM has its own token.
    token = seeded["logoutToken"] if path == "/api/auth/logout" else seeded["token"]
    if path.startswith("/api/crm/"):
        token = seeded["crmToken"]
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    if path == "/api/webhooks/inspector/captures" and case.query:
        # ``wait`` holds the answer until a capture arrives: none will, and time is not checked.
        case.query.pop("wait", None)
    if method not in ("PUT", "DELETE") or not path.startswith("/api/organizations/"):
        return
    if path == "/api/organizations/{organization_id}" and method == "DELETE":
        if _as_id(params.get("organization_id")) == seeded["organization"]:
            params["organization_id"] = _UNUSED_ID
    elif path.endswith("/api-keys/{key_id}"):
        # Every key created before the spare one is the fuzzer's own (or the console's).
        key_id = _as_id(params.get("key_id"))
        if key_id is not None and key_id < seeded["ids"]["key_id"]:
            params["key_id"] = seeded["ids"]["key_id"]
    elif path.endswith("/members/{user_id}") and _as_id(params.get("user_id")) == seeded["user"]:
        params["user_id"] = seeded["ids"]["user_id"]


def _as_id(value: Any) -> int | None:
    """The id the gateway reads from a path value ("01", " 1", "1.0" all name 1)."""
    try:
        return int(float(str(value).strip()))
    except (ValueError, OverflowError):
        return None

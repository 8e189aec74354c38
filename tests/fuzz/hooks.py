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


@schemathesis.hook
def flatmap_body(ctx: Any, body: Any) -> Any:
    """Half the bodies that name a person name the seeded contact: sends reach the engine."""
    if not isinstance(body, dict) or not _PEOPLE & body.keys():
        return st.just(body)
    phone = _seeded()["contactPhone"]
    return st.sampled_from([body, {**body, **dict.fromkeys(_PEOPLE & body.keys(), phone)}])


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

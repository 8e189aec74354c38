"""Fuzz every operation of ``/openapi.json`` against a real gateway process.

``make fuzz`` (or ``python -m tests.fuzz.run``) starts ``inboxhub serve`` on the sandbox engine
with SQLite in a temporary data directory, links two sandbox sessions and creates one object of
each kind (message, group, status, template, webhook, media file, ticket) so that generated
requests reach the code behind the 404s, then runs ``schemathesis run`` over all operations,
authenticated with both ``X-API-Key`` and an admin's JWT. It fails on any 5xx and on any
response that the OpenAPI document does not declare (status code, content type, body schema).

The hooks in ``tests/fuzz/hooks.py`` make half the generated path parameters name those real
objects. Extra arguments are passed to ``schemathesis run`` (``--seed 1``, ``-n 50``,
``--include-path-regex /api/groups``…). ``--database-url`` runs the gateway on another database.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from tests.fuzz.seed import seed_objects
from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
API_KEY = "ihk_fuzz_" + "f" * 40
CRM_API_TOKEN = "fuzz-crm-token-" + "c" * 24
ADMIN_EMAIL = "fuzz-admin@example.com"
ADMIN_PASSWORD = "fuzzing-horse-battery"
# schemathesis's default checks but four, each left out for a reason that holds for this API:
# - missing_required_header, ignored_auth: every request here is signed (before_call in hooks.py);
#   tests/ops/test_http_methods.py sends each operation without and with wrong credentials.
# - negative_data_rejection: the hooks aim path parameters at seeded objects, so a case drawn as
#   invalid is often sent valid; bodies also take pydantic's lax forms (0 for false).
# - positive_data_acceptance: rules no schema states (a webhook host must resolve, a template's
#   variables, a phone's digits) answer 400 naming the field, as they should.
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "unsupported_method",
    "use_after_free",
    "ensure_resource_availability",
)


def _gateway_env(data_dir: Path, port: int, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INBOXHUB_", "FRAPPE_"))}
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        INBOXHUB_HOST="127.0.0.1",
        INBOXHUB_PORT=str(port),
        INBOXHUB_DATA_DIR=str(data_dir),
        INBOXHUB_ENGINE="sandbox",
        INBOXHUB_API_KEY=API_KEY,
        INBOXHUB_ADMIN_EMAIL=ADMIN_EMAIL,
        INBOXHUB_ADMIN_PASSWORD=ADMIN_PASSWORD,
        INBOXHUB_JWT_SECRET="fuzz-jwt-secret-that-is-long-enough-for-hs256",
        INBOXHUB_CRM_API_TOKEN=CRM_API_TOKEN,
        # Generated requests are many and fast: rate limits would answer most of them with 429.
        INBOXHUB_RATE_LIMIT_AUTH="off",
        INBOXHUB_RATE_LIMIT_USER="off",
        INBOXHUB_RATE_LIMIT_SESSION="off",
        INBOXHUB_RATE_LIMIT_MESSAGES="off",
        # The seeded webhook points at a closed loopback port; nothing leaves the machine.
        INBOXHUB_ALLOW_PRIVATE_TARGETS="true",
        INBOXHUB_SANDBOX_RECONNECT_DELAY_SECONDS="0.05",
        # Generated webhook URLs must not reach anywhere: deliveries wait far in the future.
        INBOXHUB_WEBHOOK_RETRY_SCHEDULE="[3600]",
        INBOXHUB_WEBHOOK_TIMEOUT_SECONDS="1",
        INBOXHUB_MEDIA_FETCH_TIMEOUT_SECONDS="2",
        INBOXHUB_LOG_LEVEL="WARNING",
    )
    if database_url:
        env["INBOXHUB_DATABASE_URL"] = database_url
    return env


def _wait_healthy(http: httpx.Client, server: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the gateway exited with {server.returncode} before it was ready")
        try:
            if http.get("/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"the gateway was not healthy within {timeout:.0f}s")


def _schemathesis(base_url: str, ids_file: Path, args: argparse.Namespace) -> int:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{base_url}/openapi.json",
        f"--checks={args.checks}",
        f"--header=X-API-Key: {API_KEY}",
        f"--max-examples={args.max_examples}",
        f"--workers={args.workers}",
        f"--phases={args.phases}",
        "--request-timeout=30",
        "--generation-database=none",
        "--suppress-health-check=all",
        "--no-color",
        # A server-sent event stream answers until the client leaves: nothing to check in time.
        "--exclude-path=/api/events/stream",
        *args.schemathesis_args,
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
        "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks",
        "INBOXHUB_FUZZ_IDS": str(ids_file),
    }
    return subprocess.run(command, env=env, check=False).returncode


def dict_fields(spec: dict[str, Any]) -> dict[str, list[str]]:
    """The free-form object fields of each operation's JSON body (``"POST /api/…": [names]``):
    the hooks fill them with arbitrary Unicode, which the schema's generators never produce."""
    components = spec.get("components", {}).get("schemas", {})

    def resolve(schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = components[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def free_form(schema: dict[str, Any]) -> bool:
        schema = resolve(schema)
        if "anyOf" in schema:
            return any(free_form(option) for option in schema["anyOf"])
        return schema.get("type") == "object" and "properties" not in schema

    found: dict[str, list[str]] = {}
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            body = resolve(content["application/json"].get("schema", {}))
            names = [n for n, s in body.get("properties", {}).items() if free_form(s)]
            if names:
                found[f"{method.upper()} {path}"] = names
    return found


def _server_tracebacks(log: Path) -> list[str]:
    text = log.read_text(errors="replace")
    return [block for block in text.split("\n\n") if "Traceback" in block]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--max-examples", type=int, default=15, help="generated cases per operation"
    )
    # One: on CPython 3.11, schemathesis's threads parsing source at once can trip
    # "SystemError: AST constructor recursion depth mismatch" inside hypothesis.
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--phases", default="examples,coverage,fuzzing")
    parser.add_argument("--checks", default=",".join(CHECKS), help="schemathesis checks to run")
    parser.add_argument("--database-url", help="run the gateway on this database (empty)")
    parser.add_argument("--keep", action="store_true", help="keep the data directory and log")
    args, args.schemathesis_args = parser.parse_known_args(argv)

    work = Path(tempfile.mkdtemp(prefix="inboxhub-fuzz-"))
    log = work / "gateway.log"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-c", "from inboxhub.cli import main; main()", "serve"],
            env=_gateway_env(work / "data", port, args.database_url),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        with httpx.Client(base_url=base_url, timeout=30, headers={"X-API-Key": API_KEY}) as http:
            _wait_healthy(http, server, timeout=60)
            seeded = seed_objects(http, {"identifier": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
            seeded["crmToken"] = CRM_API_TOKEN
            seeded["dictFields"] = dict_fields(http.get("/openapi.json").json())
        ids_file = work / "ids.json"
        ids_file.write_text(json.dumps(seeded, indent=2))
        status = _schemathesis(base_url, ids_file, args)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    tracebacks = _server_tracebacks(log)
    for block in tracebacks[:5]:
        sys.stderr.write(f"\n--- gateway traceback ---\n{block}\n")
    elapsed = time.monotonic() - started
    sys.stderr.write(f"fuzz: {elapsed:.0f}s, gateway log {log}\n")
    if tracebacks:
        sys.stderr.write(f"fuzz: the gateway logged {len(tracebacks)} traceback(s)\n")
        status = status or 1
    if not args.keep and status == 0:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())

"""Memory under oversized request bodies: 300 MB sent to a real gateway, without a key, to the
login, and with a key (past the JSON limit); the gateway's resident memory before, at its peak
and after.

    .venv/bin/python bench/bodies.py [--mb 300]
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from bench.gateway import API_KEY, Gateway, running_gateway

CHUNK = b" " * (1024 * 1024)


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


async def _body(mb: int) -> AsyncIterator[bytes]:
    yield b'{"sessionId": "x", "sessionName": "'
    for _ in range(mb):
        yield CHUNK


async def _send(gateway: Gateway, path: str, headers: dict[str, str], mb: int) -> str:
    async with httpx.AsyncClient(base_url=gateway.url, timeout=120) as http:
        try:
            r = await http.post(
                path, content=_body(mb), headers={"Content-Type": "application/json", **headers}
            )
            return f"{r.status_code} {r.json().get('code')}"
        except httpx.HTTPError as exc:  # the gateway closes the connection after its answer
            return f"closed ({type(exc).__name__})"


async def main(mb: int) -> None:
    with running_gateway() as gateway:
        before = gateway.rss_bytes()
        cases = [
            ("no key, POST /api/sessions", "/api/sessions", {}),
            ("login", "/api/auth/login", {}),
            ("valid key, POST /api/sessions", "/api/sessions", {"X-API-Key": API_KEY}),
        ]
        peak = _status(gateway.pid, "VmHWM")
        print(
            f"gateway RSS at rest: {before / 2**20:.0f} MB (peak so far {peak / 2**20:.0f} MB);"
            f" body: {mb} MB per request"
        )
        for label, path, headers in cases:
            answer = await _send(gateway, path, headers, mb)
            print(
                f"{label:32} -> {answer:28} RSS now {gateway.rss_bytes() / 2**20:.0f} MB,"
                f" peak {_status(gateway.pid, 'VmHWM') / 2**20:.0f} MB"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=300)
    asyncio.run(main(parser.parse_args().mb))

"""A throw-away gateway for benchmarks: ``inboxhub serve`` in a child process on a free port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import asyncpg  # type: ignore[import-untyped]
import httpx

API_KEY = "ihk_bench_" + "b" * 40
# The gateway runs this checkout's code, whatever the virtualenv has installed.
# The gateway's code: this checkout's, or another's (``compare.py --this-bench``).
SRC = os.environ.get("INBOXHUB_BENCH_SRC") or str(Path(__file__).resolve().parents[1] / "src")


async def fresh_database(server_url: str, name: str) -> str:
    """A database ``name`` created afresh on the PostgreSQL server of ``server_url`` (which
    names any of its databases); returns its URL."""
    admin = server_url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(admin)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return server_url.rsplit("/", 1)[0] + "/" + name


async def analyze(database_url: str) -> None:
    """Table statistics now, as PostgreSQL's autovacuum gathers them within a minute of a
    table's first rows (``autovacuum_naptime``). A benchmark on a database created for it
    measures a few seconds: without this, every statement would run for its whole length on
    plans made for empty tables (a lookup by id reading each row of the session)."""
    connection = await asyncpg.connect(
        database_url.replace("postgresql+asyncpg://", "postgresql://")
    )
    try:
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Gateway:
    url: str
    pid: int
    data_dir: Path
    # From spawning the process to its first healthy answer.
    start_seconds: float = 0.0

    def rss_bytes(self) -> int:
        """Resident memory of the gateway process (VmRSS)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def client(self, **kwargs: Any) -> httpx.AsyncClient:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        return httpx.AsyncClient(
            base_url=self.url, headers={"X-API-Key": API_KEY}, limits=limits, timeout=60, **kwargs
        )


@contextmanager
def running_gateway(
    data_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
    args: tuple[str, ...] = (),
    port: int | None = None,
    wrapper: tuple[str, ...] = (),
) -> Iterator[Gateway]:
    """``inboxhub serve`` until the block ends. A given ``data_dir`` is kept (a later gateway on
    it is a restart); without one a temporary directory is used and removed. ``wrapper``: a
    command the gateway runs under (``valgrind …``)."""
    keep = data_dir is not None
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="inboxhub-bench-"))
    port = port or free_port()
    environ = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")])),
        "INBOXHUB_DATA_DIR": str(data_dir),
        "INBOXHUB_PORT": str(port),
        "INBOXHUB_API_KEY": API_KEY,
        "INBOXHUB_ADMIN_EMAIL": "bench@example.com",
        "INBOXHUB_ADMIN_PASSWORD": "bench-password",
        "INBOXHUB_RATE_LIMIT_SESSION": "off",
        "INBOXHUB_RATE_LIMIT_MESSAGES": "off",
        "INBOXHUB_ALLOW_PRIVATE_TARGETS": "true",
        "INBOXHUB_LOG_LEVEL": "WARNING",
        **(env or {}),
    }
    exe = Path(sys.executable).with_name("inboxhub")
    # A file, not a pipe: nobody reads stderr while the gateway runs, and a full pipe blocks it.
    with tempfile.TemporaryFile() as log:
        spawned = time.perf_counter()
        process = subprocess.Popen(
            [*wrapper, str(exe), "serve", *args], env=environ, stdout=log, stderr=log
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, process, log)
            try:
                yield Gateway(
                    url=url,
                    pid=process.pid,
                    data_dir=data_dir,
                    start_seconds=time.perf_counter() - spawned,
                )
            except BaseException:
                sys.stderr.write("gateway log (end):\n" + _tail(log))
                raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
            if not keep:
                shutil.rmtree(data_dir, ignore_errors=True)


def _tail(log: IO[bytes]) -> str:
    log.seek(0)
    return log.read()[-6000:].decode(errors="replace")


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + 300
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("gateway did not start: " + _tail(log))
        time.sleep(0.05)


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


@contextmanager
def running_sandbox_network() -> Iterator[tuple[dict[str, str], int]]:
    """``inboxhub sandbox-network`` on a free port until the block ends: the environment that
    points a gateway at it, and its pid."""
    data_dir = Path(tempfile.mkdtemp(prefix="inboxhub-bench-network-"))
    port = free_port()
    token = "bench-sandbox-token"
    environ = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")])),
        "INBOXHUB_DATA_DIR": str(data_dir),
        "INBOXHUB_SANDBOX_TOKEN": token,
        "INBOXHUB_LOG_LEVEL": "WARNING",
    }
    exe = Path(sys.executable).with_name("inboxhub")
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [str(exe), "sandbox-network", "--port", str(port)], env=environ, stdout=log, stderr=log
        )
        try:
            _wait_healthy(f"http://127.0.0.1:{port}", process, log)
            yield (
                {"INBOXHUB_SANDBOX_URL": f"ws://127.0.0.1:{port}", "INBOXHUB_SANDBOX_TOKEN": token},
                process.pid,
            )
        finally:
            process.terminate()
            process.wait(10)
            shutil.rmtree(data_dir, ignore_errors=True)

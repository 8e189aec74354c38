"""A throw-away gateway for benchmarks: ``inboxhub serve`` in a child process on a free port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

API_KEY = "ihk_bench_" + "b" * 40


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

    def rss_bytes(self) -> int:
        """Resident memory of the gateway process (VmRSS)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def client(self, **kwargs: object) -> httpx.AsyncClient:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        return httpx.AsyncClient(
            base_url=self.url, headers={"X-API-Key": API_KEY}, limits=limits, timeout=60, **kwargs
        )  # type: ignore[arg-type]


@contextmanager
def running_gateway(**env: str) -> Iterator[Gateway]:
    data_dir = Path(tempfile.mkdtemp(prefix="inboxhub-bench-"))
    port = free_port()
    environ = {
        **os.environ,
        "INBOXHUB_DATA_DIR": str(data_dir),
        "INBOXHUB_PORT": str(port),
        "INBOXHUB_API_KEY": API_KEY,
        "INBOXHUB_ADMIN_EMAIL": "bench@example.com",
        "INBOXHUB_ADMIN_PASSWORD": "bench-password",
        "INBOXHUB_RATE_LIMIT_SESSION": "off",
        "INBOXHUB_RATE_LIMIT_MESSAGES": "off",
        "INBOXHUB_ALLOW_PRIVATE_TARGETS": "true",
        "INBOXHUB_LOG_LEVEL": "WARNING",
        **env,
    }
    exe = Path(sys.executable).with_name("inboxhub")
    process = subprocess.Popen(
        [str(exe), "serve"], env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "gateway did not start: "
                    + (process.stderr.read().decode() if process.stderr else "")
                )
            time.sleep(0.1)
        yield Gateway(url=url, pid=process.pid, data_dir=data_dir)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(data_dir, ignore_errors=True)


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]

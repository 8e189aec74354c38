"""A minimal HTTP/1.1 webhook receiver on 127.0.0.1 for benchmarks (keep-alive, answers 200)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any


class Receiver:
    def __init__(self, on_body: Callable[[dict[str, Any], float], None]) -> None:
        self.on_body = on_body
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{self.port}/hook"

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.decode("latin-1").split("\r\n")[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                body = await reader.readexactly(length) if length else b""
                arrived = time.perf_counter()
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: text/plain\r\n\r\nok"
                )
                await writer.drain()
                if body:
                    self.on_body(json.loads(body), arrived)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the gateway hung up, or the benchmark is over
        finally:
            writer.close()

"""An answer leaves in one write (``http_protocol.HttpProtocol``), and nothing is held back.

uvicorn's protocol runs as ``inboxhub serve`` runs it, fed bytes as a socket would feed it; the
transport stands in for the socket and keeps what was written, one entry per system call.
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route
from uvicorn.server import ServerState

from inboxhub.http_protocol import HttpProtocol
from tests.support.polling import eventually


async def _echo(request: Request) -> JSONResponse:
    return JSONResponse({"method": request.method, "body": (await request.body()).decode()})


async def _stream(_: Request) -> StreamingResponse:
    async def parts() -> Any:
        yield b"data: one\n\n"
        await asyncio.sleep(0)
        yield b"data: two\n\n"

    return StreamingResponse(parts(), media_type="text/event-stream")


APP = Starlette(
    routes=[
        Route("/echo", _echo, methods=["GET", "HEAD", "POST"]),
        Route("/stream", _stream),
    ]
)


class SocketLike(asyncio.Transport):
    """What ``inboxhub serve`` would have sent down the socket, one entry per write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))

    def writelines(self, list_of_data: Any) -> None:
        self.writes.append(b"".join(bytes(d) for d in list_of_data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(
            name, default
        )

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def _connect() -> tuple[HttpProtocol, SocketLike]:
    config = uvicorn.Config(APP, http=HttpProtocol, log_config=None, lifespan="off")
    config.load()
    protocol = HttpProtocol(config=config, server_state=ServerState(), app_state={})
    socket = SocketLike()
    protocol.connection_made(socket)
    return protocol, socket


async def _written(socket: SocketLike, count: int) -> list[bytes]:
    async def enough() -> bool:
        return len(socket.writes) >= count

    await eventually(enough, timeout=5)
    await asyncio.sleep(0)  # one more step: anything held back would show now
    return socket.writes


async def test_an_answer_is_one_write_holding_head_and_body() -> None:
    protocol, socket = _connect()
    protocol.data_received(b"GET /echo HTTP/1.1\r\nHost: x\r\n\r\n")
    (answer,) = await _written(socket, 1)
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert answer.endswith(b'\r\n\r\n{"method":"GET","body":""}')
    # The connection serves the next request the same way.
    protocol.data_received(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi")
    writes = await _written(socket, 2)
    assert len(writes) == 2 and writes[1].endswith(b'{"method":"POST","body":"hi"}')


async def test_a_head_without_a_body_still_leaves() -> None:
    protocol, socket = _connect()
    protocol.data_received(b"HEAD /echo HTTP/1.1\r\nHost: x\r\n\r\n")
    (answer,) = await _written(socket, 1)
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and answer.endswith(b"\r\n\r\n")


async def test_continue_is_sent_before_the_body_arrives() -> None:
    protocol, socket = _connect()
    protocol.data_received(
        b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
    )
    (interim,) = await _written(socket, 1)
    assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
    protocol.data_received(b"hello")
    writes = await _written(socket, 2)
    assert writes[1].startswith(b"HTTP/1.1 200 OK") and writes[1].endswith(b'"body":"hello"}')


async def test_an_answer_that_closes_the_connection_is_written_before_the_close() -> None:
    protocol, socket = _connect()
    protocol.data_received(b"GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    (answer,) = await _written(socket, 1)
    assert answer.endswith(b'{"method":"GET","body":""}')

    async def closed() -> bool:
        return socket.closed

    await eventually(closed, timeout=5)


async def test_a_stream_sends_its_head_with_its_first_part_and_each_part_as_it_comes() -> None:
    protocol, socket = _connect()
    protocol.data_received(b"GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
    writes = await _written(socket, 3)
    assert writes[0].startswith(b"HTTP/1.1 200 OK") and writes[0].endswith(b"data: one\n\n\r\n")
    assert b"data: two" in writes[1]
    assert writes[-1].endswith(b"0\r\n\r\n")

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PIL import Image

from tests.support import link_session

ANA = "34600000001"  # sessions "ana", "bob", "cid"
BOB = "34600000002"
CID = "34600000003"
DAN = "34611111111"  # a simulated contact

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jid(phone: str) -> str:
    return f"{phone}@s.whatsapp.net"


@pytest.fixture
def media_server() -> Iterator[tuple[str, dict[str, tuple[int, dict[str, str], bytes]]]]:
    """A local web server: ``routes[path] = (status, headers, body)``."""
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = routes.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", routes
    finally:
        server.shutdown()
        server.server_close()


async def save(client: Any, session_id: str, phone: str, **fields: Any) -> None:
    r = await client.post(
        "/api/sandbox/contacts", json={"phoneNumber": phone, "sessionId": session_id, **fields}
    )
    assert r.status_code == 200, r.text


@pytest.fixture
async def friends(client: Any) -> None:
    """Ana and Bob saved each other; Ana saved Cid, who did not save her back."""
    await link_session(client, "ana", ANA, push_name="Ana")
    await link_session(client, "bob", BOB, push_name="Bob")
    await link_session(client, "cid", CID, push_name="Cid")
    await save(client, "ana", BOB, name="Bob")
    await save(client, "bob", ANA, name="Ana")
    await save(client, "ana", CID, name="Cid")

"""A real gateway on a loopback port (uvicorn, in the test's event loop) and headless Chromium.

Chromium is Debian's (``apt-get install chromium``), driven by Playwright; nothing is downloaded.
Screenshots go to a temporary folder, or to ``INBOXHUB_SCREENSHOTS`` (``docs/screenshots``) to
refresh the committed ones.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from inboxhub.config import Settings
from tests.support import eventually
from tests.support.database import truncate
from tests.support.lifespan import reusable_app

CHROMIUM = Path("/usr/bin/chromium")
HAVE_CHROMIUM = CHROMIUM.exists()
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
async def gateway(
    make_settings: Callable[..., Settings], settings_overrides: dict[str, Any], database_url: str
) -> AsyncIterator[str]:
    """The whole gateway served over HTTP on 127.0.0.1 and a port the system picked."""
    await truncate(database_url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # The address it serves on is the one it gives out (the inspector's capture URL, media links).
    app = reusable_app(make_settings(**{"host": "127.0.0.1", "port": port, **settings_overrides}))
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, lifespan="on"))
    task = asyncio.create_task(server.serve(sockets=[sock]))

    async def started() -> bool:
        if task.done():
            task.result()  # surfaces a start-up failure
        return server.started

    try:
        await eventually(started, timeout=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=30)
        sock.close()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Any]:
    if not HAVE_CHROMIUM:
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    async_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
    async with async_api.async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def page(browser: Any, gateway: str) -> AsyncIterator[Any]:
    """A fresh browser tab on the gateway; a script error in the console fails the test."""
    context = await browser.new_context(
        base_url=gateway, viewport={"width": 1280, "height": 820}, color_scheme="light"
    )
    context.set_default_timeout(15_000)
    tab = await context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield tab
    finally:
        await context.close()
    assert not errors, f"script errors in the console: {errors}"


@pytest.fixture
def screenshot(tmp_path: Path) -> Callable[..., Any]:
    folder = Path(os.environ.get("INBOXHUB_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)

    async def take(tab: Any, name: str, *, full_page: bool = False) -> Path:
        from PIL import Image

        path = folder / f"{name}.png"
        # A picture of the page itself: from its top, without the passing toasts.
        await tab.evaluate(
            "window.scrollTo(0, 0); document.getElementById('toasts').replaceChildren()"
        )
        await tab.screenshot(path=str(path), full_page=full_page)
        # A few dozen flat colours say everything a UI screenshot shows, at a fraction of the size.
        with Image.open(path) as image:
            small = image.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE)
        small.save(path, optimize=True)
        return path

    return take

"""Steps the browser tests share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tests.support.auth import ADMIN_EMAIL, ADMIN_PASSWORD


async def sign_in(page: Any, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> None:
    from playwright.async_api import expect

    await page.goto("/dashboard")
    await page.get_by_label("Email", exact=True).fill(email)
    await page.get_by_label("Password", exact=True).fill(password)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.get_by_role("heading", name="Sessions", exact=True)).to_be_visible()


async def stored_key(page: Any) -> str:
    """The API key the console keeps in the tab's sessionStorage."""
    creds = await page.evaluate("JSON.parse(sessionStorage.getItem('inboxhub.console'))")
    key: str = creds["apiKey"]
    return key


def api_client(gateway: str, key: str) -> Any:
    """The gateway's API with a key, for a test's set-up and its checks."""
    import httpx

    return httpx.AsyncClient(base_url=gateway, headers={"X-API-Key": key}, timeout=15)


async def sign_in_with_key(page: Any, key: str) -> None:
    from playwright.async_api import expect

    await page.goto("/dashboard")
    await page.get_by_role("tab", name="API key").click()
    await page.get_by_label("API key", exact=True).fill(key)
    await page.get_by_role("button", name="Sign in with API key").click()
    await expect(page.get_by_role("heading", name="Sessions", exact=True)).to_be_visible()


async def go(page: Any, section: str) -> None:
    """Open a section from the main navigation, as a user would."""
    await page.get_by_role("navigation", name="Main").get_by_role("link", name=section).click()


# How often a page refreshes itself when the event stream is refused (live.js's pollMs).
POLL_MS = 5000


async def polled(page: Any, check: Callable[[float], Awaitable[None]]) -> None:
    """Move the page's clock (installed with ``page.clock.install()``) a poll ahead until
    ``check(timeout_ms)`` holds: a polling page is seen refreshing without waiting for it."""
    for _ in range(20):
        await page.clock.fast_forward(POLL_MS)
        try:
            await check(1000)
            return
        except AssertionError:
            continue
    await check(5000)

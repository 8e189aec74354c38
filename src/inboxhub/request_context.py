"""The context each HTTP request is served in: its id, its language, its line on ``/metrics``.

- Its id: the client's ``X-Request-ID`` when it sends a sane one, else a new one; on every log
  line written while serving the request (``logs.request_id``), and echoed in the answer.
- Its language: the best of ``Accept-Language`` the gateway speaks, for the words of its answer
  (``i18n.request_language``).
- Its count and time, by route template and status (``Metrics.count_request``).

One plain ASGI middleware sets all three (nothing buffered: streamed answers and event streams
pass through). A middleware layer costs every request about a microsecond on each call and on
each resumption of its awaits: as three layers they were some 2 % of a send's CPU.
"""

from __future__ import annotations

import re
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from inboxhub.i18n import language_of, request_language
from inboxhub.logs import request_id
from inboxhub.metrics import Metrics
from inboxhub.random_ids import hex_digits

_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_REQUEST_ID = b"x-request-id"
_ACCEPT_LANGUAGE = b"accept-language"


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given: str | None = None
        accept_language: str | None = None
        for name, value in scope.get("headers") or ():
            if name == _REQUEST_ID and given is None:
                given = value.decode("latin-1")
            elif name == _ACCEPT_LANGUAGE and accept_language is None:
                accept_language = value.decode("latin-1")
        rid = given if given and _SANE_ID.match(given) else hex_digits(32)
        id_token = request_id.set(rid)
        language_token = request_language.set(language_of(accept_language))
        status = 500

        async def answer(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [*message.get("headers", ()), (_REQUEST_ID, rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, answer)
        finally:
            request_language.reset(language_token)
            request_id.reset(id_token)
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            # The app's runtime, read per request: the middleware outlives any one runtime.
            metrics: Metrics = scope["app"].state.runtime.metrics
            metrics.count_request(
                scope["method"], route, str(status), time.perf_counter() - started
            )

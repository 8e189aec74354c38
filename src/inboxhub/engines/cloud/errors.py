"""What a Graph API error means for the message: wait and retry, or fail with which of our errors.

Meta advises deciding on ``error.code`` (never on titles, nor on the HTTP status: throttling is not
reliably a 429). Codes from Meta's error-code reference.
"""

from __future__ import annotations

from enum import Enum

from inboxhub.engines.base import (
    EngineError,
    EngineRateLimited,
    InvalidRecipient,
    MessageRejected,
    NotConnected,
    OutsideServiceWindow,
)
from inboxhub.engines.cloud.graph import GraphError


class Remedy(Enum):
    HOLD_NUMBER = "hold_number"  # the business number's throughput is spent: everyone waits
    HOLD_PAIR = "hold_pair"  # too many messages to this one user: only they wait
    HOLD_APP = "hold_app"  # the app's or account's API-call budget is spent
    RETRY = "retry"  # a transient fault on Meta's side
    FAIL = "fail"


THROUGHPUT = frozenset({130429})
PAIR_RATE = frozenset({131056})
APP_RATE = frozenset({4, 613, 80007})
TRANSIENT = frozenset({1, 2, 131000, 131016, 131057})
# The token or the number cannot be used: the session stops until an operator fixes it.
CREDENTIALS = frozenset({3, 10, 102, 190, 133010}) | frozenset(range(200, 300))
SERVICE_WINDOW = 131047
RECIPIENT = frozenset({131021, 131026, 131030})


def remedy(error: GraphError) -> Remedy:
    if error.code in THROUGHPUT:
        return Remedy.HOLD_NUMBER
    if error.code in PAIR_RATE:
        return Remedy.HOLD_PAIR
    if error.code in APP_RATE:
        return Remedy.HOLD_APP
    if error.code in TRANSIENT or error.is_transient or error.http_status >= 500:
        return Remedy.RETRY
    return Remedy.FAIL


def is_credentials_problem(error: GraphError) -> bool:
    return error.code in CREDENTIALS or (error.code == 0 and error.http_status in (401, 403))


def describe(error: GraphError) -> str:
    """One line for people: code, title and Meta's details (never a token or a payload)."""
    title = error.title or error.message
    if error.details and error.details not in title:
        return f"{error.code} {title}: {error.details}"
    return f"{error.code} {title}"


def engine_error(error: GraphError, *, retry_after: float | None = None) -> EngineError:
    """The error a client of our API sees for a Graph error that will not be retried (again)."""
    details = {
        "graphCode": error.code,
        "graphSubcode": error.subcode,
        "fbtraceId": error.fbtrace_id,
    }
    text = describe(error)
    if error.code == SERVICE_WINDOW:
        return OutsideServiceWindow(
            "More than 24 hours have passed since this contact last wrote to the number: WhatsApp "
            "only accepts an approved template message now (send type 'template'), or wait for "
            f"the contact to write again. Meta: {text}",
            field="to",
            details=details,
        )
    if error.code in RECIPIENT:
        return InvalidRecipient(
            f"WhatsApp cannot deliver to this recipient: {text}", field="to", details=details
        )
    if is_credentials_problem(error):
        return NotConnected(
            f"The Cloud API refused this session's credentials ({text}); fix the access token or "
            "phone number id in Meta's dashboard and reconnect the session",
            details=details,
        )
    kind = remedy(error)
    if kind in (Remedy.HOLD_NUMBER, Remedy.HOLD_PAIR, Remedy.HOLD_APP):
        seconds = max(1, round(retry_after or 1))
        return EngineRateLimited(
            f"WhatsApp is throttling this number: {text}. Retry later",
            details={**details, "retryAfter": seconds},
            headers={"Retry-After": str(seconds)},
        )
    if kind is Remedy.RETRY:
        return EngineError(f"The Cloud API failed to send, retry later: {text}", details=details)
    return MessageRejected(f"WhatsApp rejected the message: {text}", details=details)


def failure_of(error: dict[str, object]) -> tuple[str, dict[str, object]]:
    """A status webhook's ``errors[0]`` as our error code and Meta's own code and title.

    The same code a send refused at once would have answered with, so a CRM handles an
    asynchronous failure like a synchronous one.
    """
    code = error.get("code")
    graph_code = int(code) if isinstance(code, int | str) and str(code).isdigit() else 0
    data = error.get("error_data")
    details = data.get("details") if isinstance(data, dict) else None
    title = str(error.get("title") or error.get("message") or "") or None
    graph = GraphError(http_status=200, code=graph_code, message=title or "", title=title)
    ours = engine_error(graph).code
    if is_credentials_problem(graph):
        ours = MessageRejected.code  # the message failed; the session itself may still work
    return ours, {"graphCode": graph_code, "title": title, "details": details}

"""Why a session is not connected, in words an operator reads (and that fit the database)."""

from __future__ import annotations

_LIMIT = 200  # sessions.last_disconnect_reason is VARCHAR(200)


def reason_text(reason: str) -> str:
    return reason if len(reason) <= _LIMIT else reason[: _LIMIT - 1] + "…"


def connect_failure_reason(error: str | None) -> str:
    """Why a connect attempt ended."""
    if not error:
        return "connection_closed"
    lowered = error.lower()
    if any(s in lowered for s in ("dial", "no such host", "network is unreachable", "refused")):
        # Go wraps errors outside-in; the innermost part ("dial tcp: lookup …") says the most.
        start = lowered.find("dial tcp")
        return reason_text(
            f"no route to WhatsApp servers ({error[start:] if start >= 0 else error})"
        )
    return reason_text(f"connect failed: {error}")

"""The access log masks credentials in query strings."""

from __future__ import annotations

import logging

from inboxhub.logs import RedactQueryFilter


def test_access_lines_mask_tickets_keys_and_signatures():
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        (
            "127.0.0.1:5000",
            "GET",
            "/api/events/stream?ticket=evt_abc.123&types=message&apiKey=ihk_secret"
            "&x=1&signature=deadbeef&hub.verify_token=tok",
            "1.1",
            200,
        ),
        None,
    )
    RedactQueryFilter().filter(record)
    line = record.getMessage()
    for secret in ("evt_abc", "ihk_secret", "deadbeef", 'tok"'):
        assert secret not in line
    assert "types=message" in line and "x=1" in line

"""Helpers the tests share, by subject (``polling``, ``sessions``, ``auth``, ``processes``,
``ports``, ``signatures``). The common ones are importable from here directly."""

from tests.support.polling import eventually
from tests.support.sessions import (
    add_member,
    all_connected,
    create_session,
    each_still_receives,
    link_session,
    stored_states,
)

__all__ = [
    "add_member",
    "all_connected",
    "create_session",
    "each_still_receives",
    "eventually",
    "link_session",
    "stored_states",
]

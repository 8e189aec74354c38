"""Random digits for ids that must be unique but are not secrets, without a system call each.

``uuid4`` and ``secrets`` read the OS's random source on every call: on a busy gateway that was
about 1 % of a send's CPU for each id a request needs (its request id, the sandbox's message
id). Tokens, keys and anything a client must not guess keep using ``secrets``.
"""

from __future__ import annotations

import os
import random

_random = random.Random(os.urandom(32))
# A child process (``serve --workers``) must not repeat its parent's digits.
os.register_at_fork(after_in_child=lambda: _random.seed(os.urandom(32)))


def hex_digits(count: int) -> str:
    """``count`` random lowercase hex digits."""
    return f"{_random.getrandbits(count * 4):0{count}x}"

"""The ``web`` engine: WhatsApp Web multi-device through neonize, hosted in a supervised process.

Needs the ``web`` extra (``pip install 'inboxhub[web]'``). The gateway itself never imports
neonize: only the engine process and its adapter modules (``host``, ``session``, ``mapping``,
``outbound``, ``operations``) do. Without the extra, importing this package fails with an
ImportError naming neonize, which the engine registry reports as ENGINE_NOT_SUPPORTED.
"""

from __future__ import annotations

import importlib.util


def _neonize_installed() -> bool:
    try:
        return importlib.util.find_spec("neonize") is not None
    except (ImportError, ValueError):  # a broken or deliberately hidden installation
        return False


if not _neonize_installed():
    raise ModuleNotFoundError("No module named 'neonize'", name="neonize")

from inboxhub.engines.web.engine import WebEngine  # noqa: E402

__all__ = ["WebEngine"]

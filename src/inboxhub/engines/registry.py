"""Engine name -> implementation. Real engines import lazily: their extras may not be installed."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from inboxhub.engines.base import Engine, EngineHost
from inboxhub.errors import EngineNotSupported, ValidationFailed

ENGINES: dict[str, str] = {
    "sandbox": "inboxhub.engines.sandbox:sandbox_engine",
    "web": "inboxhub.engines.web:WebEngine",
    "cloud": "inboxhub.engines.cloud:CloudEngine",
}


class EngineNotInstalled(ValidationFailed):
    """Asking for an engine this installation lacks is a bad request, not a server fault."""

    code = EngineNotSupported.code


def engine_class(name: str) -> Callable[[EngineHost], Engine]:
    target = ENGINES.get(name)
    if target is None:
        raise EngineNotInstalled(f"Unknown engine '{name}'", field="engine")
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise EngineNotInstalled(
            f"The '{name}' engine is not installed here ({exc.name} is missing)", field="engine"
        ) from exc
    factory: Callable[[EngineHost], Engine] = getattr(module, attr)
    return factory


def create_engine(name: str, runtime: EngineHost) -> Engine:
    return engine_class(name)(runtime)

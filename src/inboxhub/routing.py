"""The router every feature's endpoints hang from."""

from __future__ import annotations

from fastapi import APIRouter
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope


class FeatureRouter(APIRouter):
    """An ``APIRouter`` that turns away, at once, requests outside its prefix.

    FastAPI tries a request against every route of every included router in turn until one
    matches; with some 160 routes that search cost more than many endpoints' own work. None of a
    router's routes can match a path outside its prefix, so that check stands for all of them.
    """

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if self.prefix and "path" in scope and not get_route_path(scope).startswith(self.prefix):
            return Match.NONE, {}
        return super().matches(scope)

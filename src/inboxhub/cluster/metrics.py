"""``/metrics`` of a cluster: one scrape of any node answers for every node, each series labelled
with its ``node``.

Nodes of ``serve --workers N`` share one public port, so a scrape reaches one of them at random;
and nodes come and go. Asking every live node for its own figures (over the node URLs, with the
node credential) gives Prometheus one stable target whatever the placement.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

import httpx
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import Metric
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

_TIMEOUT = 2.0


def labelled(text: str, node: str) -> list[Metric]:
    """The families of one node's exposition, every sample labelled with its node."""
    families = []
    for family in text_string_to_metric_families(text):
        family.samples = [
            sample._replace(labels={"node": node, **sample.labels}) for sample in family.samples
        ]
        families.append(family)
    return families


def merged(per_node: Iterable[list[Metric]]) -> bytes:
    """One exposition of several nodes' families: one HELP and TYPE per family."""
    by_name: dict[str, Metric] = {}
    for families in per_node:
        for family in families:
            known = by_name.get(family.name)
            if known is None:
                by_name[family.name] = family
            else:
                known.samples.extend(family.samples)
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Fixed(list(by_name.values())))
    return generate_latest(registry)


async def gather(
    http: httpx.AsyncClient, own: tuple[str, bytes], others: dict[str, str], headers: dict[str, str]
) -> bytes:
    """This node's figures and those of the other live nodes that answer in time."""

    async def fetch(node: str, url: str) -> list[Metric]:
        try:
            response = await http.get(f"{url}/metrics", headers=headers, timeout=_TIMEOUT)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            log.info("metrics of node %s not read (%s)", node, type(exc).__name__)
            return []
        return labelled(response.text, node)

    node, text = own
    fetched = await asyncio.gather(*(fetch(n, url) for n, url in others.items()))
    return merged([labelled(text.decode(), node), *fetched])


class _Fixed(Collector):
    def __init__(self, families: list[Metric]) -> None:
        self.families = families

    def collect(self) -> Iterable[Metric]:
        return self.families

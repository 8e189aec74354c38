"""Prometheus metrics at ``/metrics``: one registry per gateway, aggregates only (no tenant data).

Counters are bumped where things happen; gauges that describe state (sessions by state, outbox
depth and age) are read at scrape time, so they can never drift from the truth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

StateReader = Callable[[], dict[str, float]]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.http_requests = Counter(
            "inboxhub_http_requests",
            "HTTP requests served",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.http_latency = Histogram(
            "inboxhub_http_request_seconds",
            "HTTP request latency",
            ["method", "route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self.engine_events = Counter(
            "inboxhub_engine_events",
            "Events reported by engines and recorded",
            ["type"],
            registry=self.registry,
        )
        self.inbound_messages = Counter(
            "inboxhub_inbound_messages",
            "Messages received from WhatsApp",
            ["kind"],
            registry=self.registry,
        )
        self.media_arrivals = Counter(
            "inboxhub_media_arrivals",
            "Received files downloaded when their message arrived",
            ["outcome"],
            registry=self.registry,
        )
        self.sends = Counter(
            "inboxhub_sends", "Messages handed to engines", ["outcome"], registry=self.registry
        )
        self.reconnects = Counter(
            "inboxhub_session_reconnects",
            "Sessions that came back after a disconnect",
            registry=self.registry,
        )
        self.deliveries = Counter(
            "inboxhub_webhook_deliveries",
            "Webhook delivery attempts",
            ["outcome"],
            registry=self.registry,
        )
        self.delivery_latency = Histogram(
            "inboxhub_webhook_delivery_seconds",
            "Time from event to successful webhook delivery",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300, 3600),
            registry=self.registry,
        )
        # The write queue records every send's rows and every engine event, one batch (one
        # transaction) at a time: the rate of this histogram's sum is how busy it is, and near 1
        # the node has reached what its database can take.
        self.write_batches = Histogram(
            "inboxhub_write_batch_seconds",
            "Time the write queue took to record one batch, in one transaction",
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5),
            registry=self.registry,
        )
        self.writes = Counter(
            "inboxhub_writes",
            "Writes the write queue recorded (a send's rows, an engine event)",
            registry=self.registry,
        )
        self._gauges: list[tuple[str, str, str, StateReader]] = []
        self.registry.register(_StateCollector(self._gauges))
        # Each request's labelled series, kept: ``labels()`` checks and locks on every call.
        self._requests: dict[tuple[str, str, str], Counter] = {}
        self._latencies: dict[tuple[str, str], Histogram] = {}

    def count_request(self, method: str, route: str, status: str, seconds: float) -> None:
        counter = self._requests.get((method, route, status))
        if counter is None:
            counter = self._requests[method, route, status] = self.http_requests.labels(
                method, route, status
            )
        counter.inc()
        latency = self._latencies.get((method, route))
        if latency is None:
            latency = self._latencies[method, route] = self.http_latency.labels(method, route)
        latency.observe(seconds)

    def gauge(self, name: str, documentation: str, label: str, reader: StateReader) -> None:
        """A gauge whose labelled values are read from ``reader`` at each scrape."""
        self._gauges.append((name, documentation, label, reader))


class _StateCollector(Collector):
    def __init__(self, gauges: list[tuple[str, str, str, StateReader]]) -> None:
        self.gauges = gauges

    def collect(self) -> Iterable[Metric]:
        for name, documentation, label, reader in self.gauges:
            family = GaugeMetricFamily(name, documentation, labels=[label] if label else [])
            for key, value in reader().items():
                family.add_metric([key] if label else [], value)
            yield family

"""Settings read once from the environment (prefix ``INBOXHUB_``)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

EngineName = Literal["sandbox", "web", "cloud"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INBOXHUB_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8084
    data_dir: Path = Path("./data")
    database_url: str | None = None
    engine: EngineName = "sandbox"
    # Engines offered besides the default one (the sandbox routes exist only when it is enabled).
    enabled_engines: list[EngineName] = Field(default_factory=list)

    api_key: str | None = None
    admin_email: str | None = None
    admin_password: str | None = None
    jwt_secret: str | None = None
    jwt_access_ttl_seconds: int = 24 * 3600
    jwt_refresh_ttl_seconds: int = 30 * 24 * 3600

    allow_private_targets: bool = False

    frappe_webhook_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("FRAPPE_WEBHOOK_URL", "INBOXHUB_FRAPPE_WEBHOOK_URL"),
    )
    frappe_webhook_secret: str | None = Field(
        default=None,
        validation_alias=AliasChoices("FRAPPE_WEBHOOK_SECRET", "INBOXHUB_FRAPPE_WEBHOOK_SECRET"),
    )

    # Bot <-> CRM handover (seed 04). The CRM connection values are the default organization's;
    # every organization can override them through /api/handover/settings.
    crm_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("CRM_BASE_URL", "INBOXHUB_CRM_BASE_URL")
    )
    crm_agent_notification_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "CRM_AGENT_NOTIFICATION_URL", "INBOXHUB_CRM_AGENT_NOTIFICATION_URL"
        ),
    )
    crm_api_token: str | None = Field(
        default=None, validation_alias=AliasChoices("CRM_API_TOKEN", "INBOXHUB_CRM_API_TOKEN")
    )
    bot_api_token: str | None = Field(
        default=None, validation_alias=AliasChoices("BOT_API_TOKEN", "INBOXHUB_BOT_API_TOKEN")
    )
    bot_signature_secret: str | None = Field(
        default=None,
        validation_alias=AliasChoices("BOT_SIGNATURE_SECRET", "INBOXHUB_BOT_SIGNATURE_SECRET"),
    )
    webhook_verify_token: str | None = Field(
        default=None,
        validation_alias=AliasChoices("WEBHOOK_VERIFY_TOKEN", "INBOXHUB_WEBHOOK_VERIFY_TOKEN"),
    )
    crm_meta_app_id: str | None = Field(
        default=None, validation_alias=AliasChoices("CRM_META_APP_ID", "INBOXHUB_CRM_META_APP_ID")
    )
    meta_webhook_secret: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "META_WEBHOOK_SECRET", "META_APP_SECRET", "INBOXHUB_META_WEBHOOK_SECRET"
        ),
    )
    # Handover timing and fallback, for every organization unless it sets its own.
    handover_assign_timeout_seconds: float = 300.0
    handover_agent_idle_timeout_seconds: float = 1800.0
    handover_timer_interval_seconds: float = 5.0
    handover_emergency_contact: str | None = None

    rate_limit_auth: str = "5/15minute"
    rate_limit_user: str = "100/15minute"
    rate_limit_session: str = "30/minute"
    rate_limit_messages: str = "10/minute"

    # Sandbox timings: WhatsApp rotates a QR about every 20 s and gives up after a few.
    sandbox_qr_ttl_seconds: float = 20.0
    sandbox_qr_max_rotations: int = 6
    sandbox_reconnect_delay_seconds: float = 1.0

    # Cloud API engine (Meta). A session's engineOptions override version, base URL and throughput.
    cloud_api_version: str = "v25.0"
    cloud_graph_base_url: str = "https://graph.facebook.com"
    cloud_throughput_per_second: int = 80  # Meta's default per business number
    cloud_retry_attempts: int = 4  # sends refused for throughput or a transient fault
    cloud_retry_base_seconds: float = 1.0  # doubles on each retry
    cloud_pair_backoff_seconds: float = 6.0  # Meta's pair rate: ~1 message / 6 s to one user
    cloud_http_timeout_seconds: float = 20.0
    cloud_reconnect_delay_seconds: float = 30.0  # retry validation while Graph is unreachable
    cloud_webhook_retention_days: int = 14  # Meta redelivers for up to 7 days
    cloud_webhook_max_bytes: int = 3_000_000

    # Web engine (neonize in a supervised child process). A first connect that fails is retried
    # with a doubling delay; the child is restarted with a doubling delay when it dies.
    web_reconnect_initial_seconds: float = 2.0
    web_reconnect_max_seconds: float = 60.0
    web_restart_initial_seconds: float = 1.0
    web_restart_max_seconds: float = 30.0
    # whatsmeow shows QR codes for about 160 s in all; past this the login is abandoned.
    web_qr_timeout_seconds: float = 170.0
    web_request_timeout_seconds: float = 120.0
    # Starting or stopping a session is serialized; each start holds the line this long at most.
    web_start_settle_seconds: float = 1.0
    # The engine process is asked to answer this often; one that does not is killed and restarted.
    web_heartbeat_seconds: float = 15.0

    # Base of the links the gateway hands out (signed media URLs); default http://{host}:{port}.
    public_url: str | None = None
    media_max_bytes: int = 50 * 1024 * 1024
    media_fetch_timeout_seconds: float = 30.0
    media_url_ttl_seconds: int = 7 * 24 * 3600
    # How often the send pacer looks for queued messages when nothing wakes it earlier.
    messages_pacer_interval_seconds: float = 1.0
    # When set, /metrics requires "Authorization: Bearer <token>".
    metrics_token: str | None = None

    log_level: str = "INFO"
    log_json: bool = False
    # On SIGTERM/SIGINT: how long requests in flight get to finish before they are cancelled.
    shutdown_timeout_seconds: int = 10
    # Run webhook delivery inside the server process (a separate ``inboxhub worker`` is possible).
    embedded_worker: bool = True

    # Webhook delivery. Seed 01 waits 7 s per attempt; the retry delays follow Svix's schedule
    # (seconds before attempts 2, 3, …; about 27.5 h in all), each stretched or shrunk by the jitter.
    webhook_timeout_seconds: float = 7.0
    webhook_retry_schedule: list[float] = Field(
        default_factory=lambda: [5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0]
    )
    webhook_retry_jitter: float = 0.2
    webhook_max_retry_after_seconds: float = 86400.0
    # A subscriber whose every attempt failed for this long is disabled (an event says so).
    webhook_disable_after_seconds: float = 5 * 86400.0
    # Backstop only: commits that create deliveries wake the worker at once.
    webhook_poll_interval_seconds: float = 1.0
    # A claimed delivery whose worker died is taken over after this long.
    webhook_claim_lease_seconds: float = 60.0
    webhook_max_in_flight: int = 256
    webhook_max_in_flight_per_subscription: int = 32
    # Deliveries of one chat sent back to back in one claim (each still waits for the one before).
    webhook_chain_run: int = 100
    # Delivered or dead-lettered deliveries and their events are kept this long (0 = forever).
    event_retention_days: int = 30
    events_stream_heartbeat_seconds: float = 15.0

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'inboxhub.db').resolve()}"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def public_base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

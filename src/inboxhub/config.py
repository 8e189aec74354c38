"""Settings read once from the environment (prefix ``INBOXHUB_``)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

EngineName = Literal["sandbox", "web", "cloud"]
# A configured API key is the operator's credential: shorter ones are refused at start.
API_KEY_MIN_LENGTH = 32


class Settings(BaseSettings):
    """Every setting is read from the environment with the ``INBOXHUB_`` prefix (some also under the
    names the seeds use). Each attribute's docstring is its entry in ``docs/configuration.md``."""

    model_config = SettingsConfigDict(
        env_prefix="INBOXHUB_",
        extra="ignore",
        use_attribute_docstrings=True,
        # Many settings are secrets: an error names the variable, never its value.
        hide_input_in_errors=True,
    )

    host: str = "127.0.0.1"
    """Listen address. Use `0.0.0.0` in a container or behind a reverse proxy on another host."""
    port: int = 8084
    """Listen port."""
    data_dir: Path = Path("./data")
    """SQLite file, media files, engine credential stores and the generated JWT key."""
    database_url: str | None = None
    """`postgresql+asyncpg://user:pass@host/db` for production; unset: SQLite in the data dir."""
    database_pool_size: int = Field(default=20, ge=1, le=1000)
    """PostgreSQL: connections each gateway process keeps open at most (opened as needed, then
    kept; a request finding all in use waits for one). Every node and worker of a cluster has
    its own, plus about three connections of its own: keep their sum under the server's
    `max_connections` (100 by default)."""
    engine: EngineName = "sandbox"
    """Default engine for new sessions: `sandbox`, `web` (WhatsApp Web via neonize) or `cloud`."""
    enabled_engines: list[EngineName] = Field(default_factory=list)
    """Engines offered besides the default one, as a JSON list (`["web","cloud"]`). The sandbox
    routes exist only while the sandbox is enabled."""
    trusted_proxies: str = ""
    """Addresses of reverse proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed,
    comma-separated (`127.0.0.1`, `10.0.0.5,10.0.0.6`, `*` for any). Empty: the TCP peer is the
    client, so nobody can rotate a forged address past the login rate limit."""

    node_id: str | None = None
    """Cluster mode (PostgreSQL): this node's name among the nodes; default `<host>-<pid>`."""
    node_url: str | None = None
    """Cluster mode: how the other nodes reach this one; default `http://HOST:PORT` (with
    `serve --workers N`, each worker listens on a port of its own for them)."""
    cluster_lease_seconds: float = 10.0
    """Cluster mode: a node that has not renewed its lease for this long is dead, and the live
    nodes take its sessions over."""
    cluster_moves_per_minute: int = 12
    """Cluster mode: sessions moved to a node that joined (or away from a loaded one) per minute
    at most, so that a rebalance never becomes a reconnect storm."""
    redis_url: str | None = None
    """`redis://host:6379/0`: rate limits counted across every node. Unset: each node counts its
    own (`/health` says so)."""

    api_key: str | None = Field(default=None, min_length=API_KEY_MIN_LENGTH)
    """Bootstrap API key of the operator's organization, at least 32 characters (`openssl rand
    -hex 24`); generated at first start and printed once when unset."""
    admin_email: str | None = None
    """Bootstrap admin user's email (JWT login); generated at first start and printed once."""
    admin_password: str | None = None
    """Bootstrap admin user's password; generated at first start and printed once."""
    jwt_secret: str | None = None
    """JWT signing key; generated and kept in the data dir when unset (set it on every node)."""
    jwt_access_ttl_seconds: int = 24 * 3600
    """Lifetime of an access token."""
    jwt_refresh_ttl_seconds: int = 30 * 24 * 3600
    """Lifetime of a refresh token."""

    allow_private_targets: bool = False
    """Let webhooks and media URLs reach loopback and private networks (a CRM on the same host or
    LAN); link-local and cloud metadata addresses stay blocked."""

    frappe_webhook_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("FRAPPE_WEBHOOK_URL", "INBOXHUB_FRAPPE_WEBHOOK_URL"),
    )
    """The global CRM webhook for sessions with `sendToFrappe` (seed 01)."""
    frappe_webhook_secret: str | None = Field(
        default=None,
        validation_alias=AliasChoices("FRAPPE_WEBHOOK_SECRET", "INBOXHUB_FRAPPE_WEBHOOK_SECRET"),
    )
    """Secret that signs deliveries to the global CRM webhook."""
    frappe_webhook_shared: bool = False
    """Let every organization's sessions use the global CRM webhook (`sendToFrappe`). Off: it is
    the operator's organization's alone; other tenants give their sessions a `webhookUrl`."""

    crm_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("CRM_BASE_URL", "INBOXHUB_CRM_BASE_URL")
    )
    """Bot ↔ CRM handover (seed 04): the CRM's base URL, for the operator's organization; every
    organization can override the CRM values through `/api/handover/settings`."""
    crm_agent_notification_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "CRM_AGENT_NOTIFICATION_URL", "INBOXHUB_CRM_AGENT_NOTIFICATION_URL"
        ),
    )
    """Where the gateway tells the CRM that a conversation needs an agent."""
    crm_api_token: str | None = Field(
        default=None, validation_alias=AliasChoices("CRM_API_TOKEN", "INBOXHUB_CRM_API_TOKEN")
    )
    """Token the CRM presents on `/api/crm/*` (and the gateway presents to the CRM)."""
    bot_api_token: str | None = Field(
        default=None, validation_alias=AliasChoices("BOT_API_TOKEN", "INBOXHUB_BOT_API_TOKEN")
    )
    """Token of an external bot calling the handover API."""
    bot_signature_secret: str | None = Field(
        default=None,
        validation_alias=AliasChoices("BOT_SIGNATURE_SECRET", "INBOXHUB_BOT_SIGNATURE_SECRET"),
    )
    """Secret that signs the handover callbacks."""
    webhook_verify_token: str | None = Field(
        default=None,
        validation_alias=AliasChoices("WEBHOOK_VERIFY_TOKEN", "INBOXHUB_WEBHOOK_VERIFY_TOKEN"),
    )
    """Verify token answered to Meta's webhook subscription challenge."""
    crm_meta_app_id: str | None = Field(
        default=None, validation_alias=AliasChoices("CRM_META_APP_ID", "INBOXHUB_CRM_META_APP_ID")
    )
    """Meta app id of the CRM integration (seed 04)."""
    meta_webhook_secret: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "META_WEBHOOK_SECRET", "META_APP_SECRET", "INBOXHUB_META_WEBHOOK_SECRET"
        ),
    )
    """Meta app secret: verifies `X-Hub-Signature-256` on Meta's inbound webhooks."""
    handover_assign_timeout_seconds: float = 300.0
    """A handover no agent takes within this time falls back (to the bot or the emergency contact)."""
    handover_agent_idle_timeout_seconds: float = 1800.0
    """A conversation whose agent stays silent this long is handed back to the bot."""
    handover_timer_interval_seconds: float = 5.0
    """How often the handover timers are checked."""
    handover_emergency_contact: str | None = None
    """Phone number told to the customer when no agent can take the conversation."""

    rate_limit_auth: str = "5/15minute"
    """Logins per client IP (seed 02). Notation `N/second|minute|hour` (or `N/15minute`); `off`
    disables a limit."""
    rate_limit_user: str = "100/15minute"
    """Requests per user on JWT routes (seed 02)."""
    rate_limit_session: str = "30/minute"
    """Requests per WhatsApp session (seed 02)."""
    rate_limit_messages: str = "10/minute"
    """Messages sent per session (seed 02); bulk sends are paced to it."""

    sandbox_qr_ttl_seconds: float = 20.0
    """Sandbox: how long a QR lives before it rotates (WhatsApp's: about 20 s)."""
    sandbox_qr_max_rotations: int = 6
    """Sandbox: rotations before the login is abandoned, as WhatsApp gives up after a few."""
    sandbox_reconnect_delay_seconds: float = 1.0
    """Sandbox: delay before a dropped session reconnects."""
    sandbox_url: str | None = None
    """Sandbox: `ws://host:port` of the sandbox network process (`inboxhub sandbox-network`) that
    every node of a cluster connects its sandbox sessions to. Unset: the network runs inside this
    process (single node)."""
    sandbox_token: str | None = None
    """Sandbox: the shared token the sandbox network process requires of every gateway node."""

    cloud_api_version: str = "v25.0"
    """Cloud API: Graph API version (a session's `engineOptions` may override it)."""
    cloud_graph_base_url: str = "https://graph.facebook.com"
    """Cloud API: Graph base URL (a session's `engineOptions` may override it)."""
    cloud_throughput_per_second: int = 80
    """Cloud API: messages per second per business number (Meta's default: 80)."""
    cloud_retry_attempts: int = 4
    """Cloud API: attempts for a send refused for throughput or a transient fault."""
    cloud_retry_base_seconds: float = 1.0
    """Cloud API: first retry delay; doubles on each retry."""
    cloud_pair_backoff_seconds: float = 6.0
    """Cloud API: spacing of messages to one user (Meta's pair rate: about 1 every 6 s)."""
    cloud_http_timeout_seconds: float = 20.0
    """Cloud API: timeout of one Graph request."""
    cloud_reconnect_delay_seconds: float = 30.0
    """Cloud API: delay before validating the credentials again while Graph is unreachable."""
    cloud_webhook_retention_days: int = 14
    """Cloud API: days Meta's inbound payloads are kept (Meta redelivers for up to 7 days)."""
    cloud_webhook_max_bytes: int = 3_000_000
    """Cloud API: largest inbound webhook body accepted from Meta."""

    web_reconnect_initial_seconds: float = 2.0
    """Web engine: first delay before a failed connect is retried; doubles each time."""
    web_reconnect_max_seconds: float = 60.0
    """Web engine: longest delay between connect attempts."""
    web_restart_initial_seconds: float = 1.0
    """Web engine: first delay before a dead engine process is restarted; doubles each time."""
    web_restart_max_seconds: float = 30.0
    """Web engine: longest delay between engine process restarts."""
    web_qr_timeout_seconds: float = 170.0
    """Web engine: whatsmeow shows QR codes for about 160 s in all; past this the login is
    abandoned."""
    web_request_timeout_seconds: float = 120.0
    """Web engine: longest wait for one operation of the engine process."""
    web_start_settle_seconds: float = 1.0
    """Web engine: starting or stopping a session is serialized; each start holds the line this
    long at most."""
    web_heartbeat_seconds: float = 15.0
    """Web engine: the engine process is asked to answer this often; one that does not is killed
    and restarted."""
    web_sessions_per_process: int = Field(default=50, ge=1)
    """Web engine: sessions per engine process; a crash reconnects only its share."""
    web_renew_after_deletes: int = Field(default=50, ge=1)
    """Web engine: whatsmeow keeps a deleted session's store open until its process ends; a
    process that has forgotten this many is renewed (its other sessions reconnect from their
    stores)."""
    web_device_name: str = Field(default="Inbox Hub", min_length=1, max_length=50)
    """Web engine: what the phone's "Linked devices" list shows; a session's
    `engineOptions.deviceName` wins."""

    public_url: str | None = None
    """Base of the links the gateway hands out (signed media URLs); default
    `http://{host}:{port}`. Set it to the address clients reach, behind a proxy."""
    max_json_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    """Largest request body accepted, counted while it arrives (413 `PAYLOAD_TOO_LARGE`); file
    uploads (`multipart/form-data`) have their own limit, `INBOXHUB_MEDIA_MAX_BYTES`."""
    media_max_bytes: int = 50 * 1024 * 1024
    """Largest media file accepted (upload, URL or base64)."""
    media_fetch_timeout_seconds: float = 30.0
    """Timeout for fetching a media URL."""
    media_url_ttl_seconds: int = 7 * 24 * 3600
    """Lifetime of a signed media download link."""
    media_download_on_arrival: bool = True
    """Download received media as soon as its message is stored (WhatsApp's and Meta's links
    expire); false: on the first download through the API."""
    media_download_concurrency: int = Field(default=4, ge=1, le=64)
    """Received files downloaded at the same time (by the whole node)."""
    media_download_max_bytes: int = Field(default=50 * 1024 * 1024, ge=0)
    """Largest received file downloaded on arrival; larger ones are fetched on first download
    (0: none on arrival)."""
    messages_pacer_interval_seconds: float = 1.0
    """How often the send pacer looks for queued messages when nothing wakes it earlier."""
    metrics_token: str | None = None
    """When set, `/metrics` requires `Authorization: Bearer <token>`."""

    language: Literal["es", "en"] = "es"
    """Language of the answers' words (`message`, `error`) when the request's `Accept-Language`
    names none we have: `es` or `en`. Codes and field names never change with it."""

    log_level: str = "INFO"
    """`DEBUG`, `INFO`, `WARNING` or `ERROR`. The access log prints at `DEBUG`."""
    log_json: bool = False
    """One JSON object per log line (for log collectors)."""
    shutdown_timeout_seconds: int = 10
    """On SIGTERM/SIGINT: how long requests in flight get to finish before they are cancelled."""
    embedded_worker: bool = True
    """Run webhook delivery inside the server process (`inboxhub worker` runs it on its own)."""

    webhook_timeout_seconds: float = 7.0
    """Timeout of one webhook attempt (seed 01: 7 s)."""
    webhook_retry_schedule: list[float] = Field(
        default_factory=lambda: [5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0]
    )
    """Seconds before attempts 2, 3, … as a JSON list (Svix's schedule: about 27.5 h in all);
    then the delivery is dead-lettered."""
    webhook_retry_jitter: float = 0.2
    """Each retry delay is stretched or shrunk by up to this fraction."""
    webhook_max_retry_after_seconds: float = 86400.0
    """Longest `Retry-After` of a subscriber that is honoured."""
    webhook_disable_after_seconds: float = 5 * 86400.0
    """A subscriber whose every attempt failed for this long is disabled (an event says so)."""
    webhook_poll_interval_seconds: float = 1.0
    """Backstop only: commits that create deliveries wake the worker at once."""
    webhook_claim_lease_seconds: float = 60.0
    """A claimed delivery whose worker died is taken over after this long."""
    webhook_max_in_flight: int = 256
    """Deliveries in flight at once, per worker."""
    webhook_max_in_flight_per_subscription: int = 32
    """Deliveries in flight at once to one subscriber."""
    webhook_chain_run: int = 100
    """Deliveries of one chat sent back to back in one claim (each still waits for the one
    before)."""
    event_retention_days: int = 30
    """Delivered or dead-lettered deliveries and their events are kept this long (0 = forever)."""
    events_stream_heartbeat_seconds: float = 15.0
    """Heartbeat interval of the live event stream (keeps proxies from closing it)."""

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

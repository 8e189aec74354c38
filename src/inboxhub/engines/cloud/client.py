"""A Cloud API session: one business phone number reached through Meta's Graph API.

There is no QR and no socket: the session is "connected" once Meta accepts its access token for
its phone number id. Inbound traffic arrives by Meta's webhook (``cloud_inbound``), not here.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import mimetypes
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from inboxhub.engines.base import (
    Capability,
    EngineClient,
    EngineError,
    EngineTimeout,
    EventSink,
    Media,
    MessageRef,
    NotConnected,
    NotFoundOnEngine,
    Outbound,
    ProfileChange,
    SendResult,
    SessionConfig,
    UserInfo,
)
from inboxhub.engines.cloud import profile as own_profile
from inboxhub.engines.cloud.errors import (
    Remedy,
    describe,
    engine_error,
    is_credentials_problem,
    remedy,
)
from inboxhub.engines.cloud.graph import GraphClient, GraphError, GraphUnreachable, sha256_matches
from inboxhub.engines.cloud.options import CloudOptions, parse_options
from inboxhub.engines.cloud.outbound import message_payload, read_receipt, recipient
from inboxhub.engines.events import (
    LoggedOut,
    PairSuccess,
    ProfileUpdated,
    SessionState,
    StateChanged,
)
from inboxhub.errors import EngineNotSupported, ValidationFailed

if TYPE_CHECKING:
    from inboxhub.engines.cloud.engine import CloudEngine

log = logging.getLogger(__name__)

_REASON_LIMIT = 200  # sessions.last_disconnect_reason
_MAX_RECONNECT_DELAY = 300.0
_HIGH_THROUGHPUT = 1000  # Meta's upgraded throughput level ("HIGH")
_MAX_TEMPLATE_PAGES = 100  # of 100 templates each: more than Meta lets one account have
_WHY_NOT = {
    "link with a pairing code": "a Cloud API session signs in with the access token from Meta's "
    "dashboard, never with a QR or a pairing code",
    "edit messages": "Meta's Cloud API has no message editing",
    "delete messages for everyone": "Meta's Cloud API cannot delete a sent message",
    "check numbers": "Meta's Cloud API has no number lookup; send a template to reach a number",
    "read user info": "Meta's Cloud API does not expose WhatsApp user profiles",
    "list contacts": "a Cloud API number has no address book",
}


def _reason(text: str) -> str:
    return text if len(text) <= _REASON_LIMIT else text[: _REASON_LIMIT - 1] + "…"


class CloudClient(EngineClient):
    service_window = timedelta(hours=24)
    reads_up_to = True
    capabilities = frozenset(
        {
            Capability.TOKEN_LOGIN,
            Capability.MEDIA,
            Capability.REACTIONS,
            Capability.MARK_READ,
            Capability.TEMPLATES,
            Capability.INTERACTIVE,
        }
    )

    def __init__(self, config: SessionConfig, sink: EventSink, engine: CloudEngine) -> None:
        super().__init__(config, sink)
        self._engine = engine
        self._settings = engine.runtime.settings
        self._task: asyncio.Task[None] | None = None
        self._announcement: asyncio.Task[None] | None = None
        self._throughput: int | None = None
        self.options: CloudOptions | None = None
        self.options_error: str | None = None
        try:
            self.options = parse_options(config.options)
        except ValidationFailed as exc:
            self.options_error = exc.message

    def _unsupported(self, what: str) -> EngineNotSupported:
        why = _WHY_NOT.get(what)
        if why is None and "group" in what:
            why = "this engine does not manage WhatsApp groups (the web engine does)"
        if why is None and "status" in what:
            why = "Meta's Cloud API cannot post, view or react to statuses"
        return EngineNotSupported(
            f"The Cloud API engine cannot {what}: {why or 'Meta offers no such operation'}"
        )

    # ---- plumbing -----------------------------------------------------------------------------

    @property
    def graph(self) -> GraphClient:
        if self.options is None:
            raise NotConnected(f"Invalid engineOptions: {self.options_error}")
        options = self.options
        return GraphClient(
            self._engine.http_for(
                options.proxy_url.get_secret_value() if options.proxy_url else None
            ),
            base_url=options.graph_base_url or self._settings.cloud_graph_base_url,
            version=options.api_version or self._settings.cloud_api_version,
            token=options.access_token.get_secret_value(),
            phone_number_id=options.phone_number_id,
            allow_private=self._settings.allow_private_targets,
        )

    @property
    def per_second(self) -> int:
        if self.options is not None and self.options.throughput_per_second:
            return self.options.throughput_per_second
        return self._throughput or self._settings.cloud_throughput_per_second

    async def _set_state(self, state: SessionState, reason: str | None = None) -> None:
        self.state = state
        if state != "connected" and reason:
            self.last_disconnect_reason = _reason(reason)
        self.last_activity = datetime.now(UTC)
        await self.sink(
            StateChanged(
                session_id=self.session_id,
                state=state,
                reason=self.last_disconnect_reason if state != "connected" else None,
                phone_number=self.phone_number,
                push_name=self.push_name,
            )
        )

    # ---- lifecycle ----------------------------------------------------------------------------

    async def connect(self) -> None:
        if self.state in ("connecting", "connected"):
            return
        if self.options is None:
            await self._set_state("disconnected", f"invalid_engine_options: {self.options_error}")
            return
        await self._set_state("connecting")
        self._task = asyncio.create_task(self._validate(), name=f"cloud:{self.session_id}:connect")

    async def _validate(self) -> None:
        """Ask Graph for the phone number until it answers; a refused token stops for good."""
        delay = self._settings.cloud_reconnect_delay_seconds
        while True:
            try:
                await self.graph.check_base_url()
                number = await self.graph.phone_number()
            except ValidationFailed as exc:
                await self._set_state("disconnected", f"graph_url_not_allowed: {exc.message}")
                return
            except GraphError as exc:
                if is_credentials_problem(exc) or exc.code == 100:
                    await self._set_state("disconnected", f"invalid_credentials: {describe(exc)}")
                    return
                problem = f"cloud_api_unavailable: {describe(exc)}"
            except GraphUnreachable as exc:
                problem = f"cloud_api_unreachable: {exc}"
            else:
                await self._linked(number)
                return
            log.warning("session %s: %s; retrying in %.0fs", self.session_id, problem, delay)
            await self._set_state("disconnected", problem)
            await asyncio.sleep(delay)
            delay = min(delay * 2, _MAX_RECONNECT_DELAY)
            await self._set_state("connecting")

    async def _linked(self, number: dict[str, Any]) -> None:
        display = str(number.get("display_phone_number") or "")
        self.phone_number = "".join(ch for ch in display if "0" <= ch <= "9") or self.phone_number
        self.push_name = str(number.get("verified_name") or "") or None
        throughput = number.get("throughput")
        if isinstance(throughput, dict) and throughput.get("level") == "HIGH":
            self._throughput = _HIGH_THROUGHPUT
        if self.phone_number:
            await self.sink(
                PairSuccess(
                    session_id=self.session_id,
                    phone_number=self.phone_number,
                    push_name=self.push_name,
                    raw=number,
                )
            )
        await self._set_state("connected")
        await self._report_profile()

    async def _report_profile(self) -> None:
        """The number's business profile (about, picture): a business number by definition.
        Not having it (an older token without the permission) leaves the name alone."""
        try:
            profile = await self.graph.business_profile()
        except (GraphError, GraphUnreachable) as exc:
            log.info("session %s: business profile not read: %s", self.session_id, exc)
            profile = {}
        await self.sink(
            ProfileUpdated(
                session_id=self.session_id,
                name=self.push_name,
                about=str(profile.get("about") or ""),
                picture_url=str(profile.get("profile_picture_url") or ""),
                is_business=True,
            )
        )

    async def disconnect(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if self.state != "disconnected":
            await self._set_state("disconnected", "disconnected")

    async def logout(self) -> None:
        """Stop using the token. Meta keeps the number; a new connect validates it again."""
        await self.disconnect()
        self.phone_number = None
        self.last_disconnect_reason = "logged_out"
        await self.sink(LoggedOut(session_id=self.session_id, reason="logged_out"))

    async def _credentials_refused(self, error: GraphError) -> None:
        log.warning(
            "session %s: Cloud API refused the credentials (%s)", self.session_id, error.code
        )
        if self.state == "disconnected":
            return
        # Announced in the background: the caller may hold a database write (SQLite has one
        # writer) that the recorder would wait for.
        # The state and its reason change together: a status read in between sees both.
        reason = f"invalid_credentials: {describe(error)}"
        self.state, self.last_disconnect_reason = "disconnected", _reason(reason)
        announce = self._set_state("disconnected", reason)
        self._announcement = asyncio.create_task(announce, name=f"cloud:{self.session_id}:state")

    # ---- calls with pacing and retries --------------------------------------------------------

    async def _call(
        self,
        request: Callable[[], Awaitable[Any]],
        *,
        to: str | None = None,
        paced: bool = True,
        idempotent: bool = True,
        refused: Callable[[GraphError], EngineError] = engine_error,
    ) -> Any:
        """Run one Graph request, waiting out Meta's limits and retrying what may be retried.

        A send (``idempotent=False``) is retried only when Meta certainly did not take it: a
        throttling refusal (130429 and the other rate limits) or a connection that failed before
        the request went out. A timeout, a 5xx or a "something went wrong" after the request left
        is not retried: the Cloud API has no idempotency key, and a second attempt could deliver
        the message twice (the status webhook, which echoes our reference, tells what happened).
        """
        number = self.options.phone_number_id if self.options else ""
        base = self._settings.cloud_retry_base_seconds
        for attempt in range(self._settings.cloud_retry_attempts + 1):
            if paced:
                await self._engine.pacer.acquire(number, self.per_second, to)
            error: GraphError | None = None
            try:
                return await request()
            except GraphUnreachable as exc:
                if exc.maybe_sent and not idempotent:
                    raise EngineTimeout(
                        f"{exc}; the message may or may not have been sent (no retry, to avoid a "
                        "duplicate: its receipt will tell)"
                    ) from None
                kind = Remedy.RETRY
                failure = str(exc)
            except GraphError as exc:
                if is_credentials_problem(exc):
                    await self._credentials_refused(exc)
                    raise engine_error(exc) from None
                kind, error, failure = remedy(exc), exc, describe(exc)
                if kind is Remedy.FAIL:
                    raise refused(exc) from None
                if kind is Remedy.RETRY and not idempotent:
                    raise EngineError(
                        f"The Cloud API answered {failure}; the message may or may not have been "
                        "sent (not retried, to avoid a duplicate: its status webhook will tell)",
                        details=engine_error(exc).details,
                    ) from None
            delay = base * 2**attempt * (1 + random.random() / 10)
            if attempt == self._settings.cloud_retry_attempts:
                break
            if kind is Remedy.HOLD_PAIR and to is not None:
                delay = self._settings.cloud_pair_backoff_seconds * 2**attempt
                self._engine.pacer.hold_pair(number, to, delay)
            elif kind in (Remedy.HOLD_NUMBER, Remedy.HOLD_APP, Remedy.HOLD_PAIR):
                self._engine.pacer.hold_number(number, delay)
            else:
                await asyncio.sleep(delay)
            log.info(
                "Cloud API %s on number %s; retry %d in %.2fs", failure, number, attempt + 1, delay
            )
        if error is not None:
            raise engine_error(error, retry_after=delay)
        raise EngineError(f"The Cloud API could not be reached: {failure}")

    def _ready(self) -> GraphClient:
        if not self.is_connected:
            raise NotConnected(
                f"Session '{self.session_id}' is not connected"
                + (f" ({self.last_disconnect_reason})" if self.last_disconnect_reason else "")
            )
        return self.graph

    # ---- messaging ----------------------------------------------------------------------------

    async def send_message(
        self, to: str, content: Outbound, *, reply_to: MessageRef | None = None
    ) -> SendResult:
        graph = self._ready()
        target = recipient(to)
        media_object = (
            await self._media_object(graph, content) if isinstance(content, Media) else None
        )
        payload = message_payload(to, content, media_object=media_object, reply_to=reply_to)
        answer = await self._call(
            lambda: graph.send(payload), to=next(iter(target.values())), idempotent=False
        )
        messages = answer.get("messages") if isinstance(answer, dict) else None
        if not messages or not isinstance(messages[0], dict) or not messages[0].get("id"):
            raise EngineError("The Cloud API accepted the message but returned no message id")
        self.last_activity = datetime.now(UTC)
        return SendResult(id=str(messages[0]["id"]), timestamp=self.last_activity, raw=answer)

    async def _media_object(self, graph: GraphClient, media: Media) -> dict[str, str]:
        """Upload our bytes (Meta's preferred way), or hand Meta a public link to fetch."""
        if media.data:
            extension = mimetypes.guess_extension(media.mimetype) or ""
            filename = media.filename or f"{media.kind}{extension}"
            media_id = await self._call(
                lambda: graph.upload(media.data, media.mimetype, filename), paced=False
            )
            return {"id": str(media_id)}
        if media.link:
            return {"link": media.link}
        raise ValidationFailed("The media has neither content nor a link", field="media")

    async def mark_read(self, chat_id: str, refs: list[MessageRef]) -> None:
        """One Graph call for the newest incoming message: Meta marks the earlier ones of the
        conversation read with it. ``refs`` come oldest first."""
        graph = self._ready()
        incoming = [ref for ref in refs if not ref.from_me]
        if incoming:
            await self._call(functools.partial(graph.send, read_receipt(incoming[-1].id)))

    async def message_templates(self) -> list[dict[str, Any]]:
        """Every template of the session's WhatsApp Business Account, page after page."""
        graph = self._ready()
        waba_id = self.options.waba_id if self.options else None
        if not waba_id:
            raise ValidationFailed(
                "engineOptions.wabaId (the WhatsApp Business Account id) is needed to read "
                "its templates",
                field="engineOptions.wabaId",
            )
        templates: list[dict[str, Any]] = []
        after: str | None = None
        for _ in range(_MAX_TEMPLATE_PAGES):
            page = await self._call(
                functools.partial(graph.message_templates, waba_id, after=after), paced=False
            )
            data = page.get("data") if isinstance(page, dict) else None
            templates += [t for t in data if isinstance(t, dict)] if isinstance(data, list) else []
            paging = page.get("paging") if isinstance(page, dict) else None
            cursors = paging.get("cursors") if isinstance(paging, dict) else None
            after = cursors.get("after") if isinstance(cursors, dict) else None
            if not after or not isinstance(paging, dict) or not paging.get("next"):
                break
        return templates

    async def update_profile(self, change: ProfileChange) -> UserInfo:
        own_profile.refuse_unsupported(change)
        graph = self._ready()
        if change.about is not None:
            fields = own_profile.about_fields(change)
            await self._call(functools.partial(graph.update_business_profile, fields), paced=False)
        shown = await self._call(graph.business_profile, paced=False)
        return own_profile.own_info(shown, phone=self.phone_number, name=self.push_name)

    async def download_media(self, media_ref: dict[str, Any]) -> tuple[bytes, str]:
        """``GET /{media-id}`` for a short-lived URL, then the bytes with the bearer token."""
        media_id = media_ref.get("id")
        if not isinstance(media_id, str) or not media_id:
            raise ValidationFailed("This media has no Cloud API media id", field="media")
        graph = self.graph
        info = await self._call(
            lambda: graph.media_info(media_id), paced=False, refused=_media_gone
        )
        url = info.get("url") if isinstance(info, dict) else None
        if not isinstance(url, str) or not url:
            raise EngineError("The Cloud API returned no download URL for this media")
        try:
            data, served_type = await graph.fetch(url)
        except GraphError as exc:
            raise _media_gone(exc) from None
        except GraphUnreachable as exc:
            raise EngineError(str(exc)) from None
        expected = info.get("sha256") or media_ref.get("sha256")
        if isinstance(expected, str) and expected and not sha256_matches(data, expected):
            raise EngineError("The downloaded media does not match the hash Meta announced")
        mimetype = str(info.get("mime_type") or media_ref.get("mime_type") or served_type)
        return data, mimetype


def _media_gone(error: GraphError) -> EngineError:
    if error.http_status == 404 or error.code == 100:
        return NotFoundOnEngine(
            "Meta no longer has this media (received media is kept 7 days)", field="media"
        )
    return engine_error(error)

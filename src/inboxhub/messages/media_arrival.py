"""Received media, downloaded as soon as its message is stored.

WhatsApp's media links and Meta's Graph media URLs expire (WhatsApp's CDN drops a file after
some weeks, Meta keeps received media for 7 days): a file fetched only when a CRM first asks for
it may be gone by then. Once a batch of messages is committed, the files it announced are
fetched through the session's engine, a few at a time for the whole node, and kept under the
media directory. A file that cannot be fetched now stays known by the engine's reference and is
fetched again on its first download, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from inboxhub.engines import events as ev
from inboxhub.media import service
from inboxhub.media.models import MediaFile
from inboxhub.messages.models import Message
from inboxhub.sessions.models import WhatsAppSession

if TYPE_CHECKING:
    from collections.abc import Callable

    from inboxhub.runtime import Runtime

log = logging.getLogger(__name__)


def announced(writes: Iterable[Any]) -> list[tuple[str, str]]:
    """(sessionId, WhatsApp id) of the live messages in a committed batch whose file the engine
    still holds. A Cloud API notification carries its messages inside. History is left out: a
    phone's sync can bring thousands of old files, fetched when someone asks for one."""
    found: list[tuple[str, str]] = []
    for write in writes:
        inner = [item.event for _, item in getattr(write, "updates", None) or ()]
        for event in inner or [write]:
            if isinstance(event, ev.MessageReceived) and not event.history:
                media = event.message.media
                if media is not None and media.data is None and media.engine_ref:
                    found.append((event.session_id, event.message.id))
    return found


class MediaArrivals:
    def __init__(self, runtime_ref: Callable[[], Runtime]) -> None:
        self._runtime = runtime_ref
        self._gate: asyncio.Semaphore | None = None
        self._fetching: dict[int, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    # ---- what the write queue reports ---------------------------------------------------------

    def committed(self, writes: list[Any]) -> None:
        settings = self._runtime().settings
        if not settings.media_download_on_arrival or settings.media_download_max_bytes <= 0:
            return
        keys = announced(writes)
        if keys:
            self._spawn(self._fetch_announced(keys))

    async def _fetch_announced(self, keys: list[tuple[str, str]]) -> None:
        runtime = self._runtime()
        async with runtime.database.sessionmaker() as db:
            rows = await db.execute(
                select(MediaFile.id, MediaFile.size, Message.whatsapp_message_id)
                .join(Message, Message.media_id == MediaFile.id)
                .join(WhatsAppSession, WhatsAppSession.id == Message.session_pk)
                .where(
                    WhatsAppSession.session_id.in_({sid for sid, _ in keys}),
                    Message.whatsapp_message_id.in_({wamid for _, wamid in keys}),
                    MediaFile.storage_key.is_(None),
                )
            )
            pending = [(media_id, size) for media_id, size, _ in rows]
        cap = runtime.settings.media_download_max_bytes
        for media_id, size in pending:
            if size is not None and size > cap:
                log.info(
                    "media %s (%d bytes) is over the arrival cap: fetched on demand", media_id, size
                )
                continue
            self.fetch(media_id)

    # ---- fetching -----------------------------------------------------------------------------

    def fetch(self, media_id: int) -> asyncio.Task[None]:
        """Download one file (once, however many ask at the same time)."""
        task = self._fetching.get(media_id)
        if task is None:
            task = self._spawn(self._download(media_id))
            self._fetching[media_id] = task
            task.add_done_callback(lambda _: self._fetching.pop(media_id, None))
        return task

    async def wait_for(self, media_id: int) -> None:
        """If the file is being downloaded right now, until it is (a download waits for it
        instead of fetching the same file a second time)."""
        task = self._fetching.get(media_id)
        if task is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(task)

    async def _download(self, media_id: int) -> None:
        runtime = self._runtime()
        if self._gate is None:
            self._gate = asyncio.Semaphore(runtime.settings.media_download_concurrency)
        async with self._gate:
            async with runtime.database.sessionmaker() as db:
                media = await db.get(MediaFile, media_id)
                session = await db.get(WhatsAppSession, media.session_pk) if media else None
            if media is None or session is None or media.storage_key or not media.engine_ref:
                return
            client = runtime.pool.get(session.session_id)
            if client is None or not client.is_connected:
                log.info(
                    "media %s: session %s is not connected, fetched on demand",
                    media_id,
                    session.session_id,
                )
                return
            try:
                data, mimetype = await client.download_media(media.engine_ref)
            except Exception as exc:
                runtime.metrics.media_arrivals.labels("failed").inc()
                log.warning(
                    "media %s of session %s not downloaded on arrival: %s",
                    media_id,
                    session.session_id,
                    exc,
                )
                return
            cap = runtime.settings.media_download_max_bytes
            if len(data) > cap:
                runtime.metrics.media_arrivals.labels("too_large").inc()
                log.info(
                    "media %s is %d bytes, over the arrival cap: not kept", media_id, len(data)
                )
                return
            key = await service.write_new(
                runtime, media.session_pk, media.mimetype or mimetype, data
            )
            async with runtime.database.sessionmaker() as db, db.begin():
                kept = await db.execute(
                    update(MediaFile)
                    .where(MediaFile.id == media_id, MediaFile.storage_key.is_(None))
                    .values(
                        storage_key=key,
                        size=len(data),
                        sha256=hashlib.sha256(data).hexdigest(),
                    )
                )
            if not getattr(kept, "rowcount", 0):  # deleted, or fetched by a download meanwhile
                await asyncio.to_thread((runtime.settings.media_dir / key).unlink, True)
                return
            runtime.metrics.media_arrivals.labels("downloaded").inc()

    # ---- lifecycle ----------------------------------------------------------------------------

    def _spawn(self, coro: Any) -> asyncio.Task[None]:
        task: asyncio.Task[None] = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self) -> None:
        """Wait until every download started so far has ended (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        self._gate = None

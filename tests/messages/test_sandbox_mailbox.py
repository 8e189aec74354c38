"""What the sandbox network keeps for a session until it is stored: one journal per session that
is emptied as letters are handed over, survives a restart and a line cut short by a kill."""

from __future__ import annotations

import asyncio
import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path

from inboxhub.engines import events
from inboxhub.engines.sandbox import mailbox
from inboxhub.engines.sandbox.mailbox import Mailbox
from tests.messages.conftest import OTHER, SHOP
from tests.messages.helpers import wait_for_status
from tests.support import eventually

OTHER_JID = f"{OTHER}@s.whatsapp.net"


class Recipient:
    """A device as the mailbox sees it: a session id and somewhere to store events."""

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        self.stored: list[events.EngineEvent] = []

    async def emit(self, event: events.EngineEvent) -> None:
        self.stored.append(event)


def receipt(n: int) -> events.Receipt:
    return events.Receipt(
        session_id="shop",
        chat_id=OTHER_JID,
        message_ids=[f"3EB0{n:016X}"],
        status="delivered",
        timestamp=datetime(2026, 11, 26, 8, n // 60, n % 60, tzinfo=UTC),
    )


def journal_of(data_dir: Path, session_id: str) -> Path:
    return data_dir / "sandbox" / "mailbox" / session_id / "letters.journal"


async def test_journals_are_emptied_once_everything_is_stored(
    client, app, shop, other, monkeypatch
):
    monkeypatch.setattr(mailbox, "_EMPTY_AT_BYTES", 1024)
    sent = []
    for n in range(30):
        r = await client.post("/api/messages/shop/send", json={"to": OTHER, "message": f"m{n}"})
        assert r.status_code == 200, r.text
        sent.append(r.json()["data"]["message"]["id"])
    for message_id in sent:
        await wait_for_status(client, "shop", message_id, "delivered")
    data_dir = app.state.runtime.settings.data_dir
    # "other" kept the 30 messages, "shop" the 30 receipts: over 1 KB each, then emptied.

    async def emptied() -> bool:
        # A letter is let go once its write is committed, a moment after the status shows.
        paths = [journal_of(data_dir, session_id) for session_id in ("shop", "other")]
        return all(mailbox._kept_in(p) == {} and p.stat().st_size < 1024 for p in paths)

    await eventually(emptied)
    history = (await client.get(f"/api/messages/other/{SHOP}@s.whatsapp.net")).json()
    assert sorted(m["body"] for m in history["data"]["messages"]) == sorted(
        f"m{n}" for n in range(30)
    )


async def test_kept_letters_come_back_after_a_restart_in_order(tmp_path):
    device = Recipient("shop")
    before = Mailbox(tmp_path)
    letters = [before.post(device, receipt(n)) for n in range(3)]
    await before.hand_over(letters[:1])
    before.close()
    # A kill in the middle of the next write: half a line at the end of the journal.
    with journal_of_dir(tmp_path).open("ab") as journal:
        journal.write(b'+99999999999999999999-000000001 {"__type__":"Rece')

    after = Mailbox(tmp_path)
    device.stored.clear()
    await after.redeliver(device)
    assert device.stored == [receipt(1), receipt(2)]
    assert mailbox._kept_in(journal_of_dir(tmp_path)) == {}
    # Handed over once: a second reconnect finds nothing.
    await after.redeliver(device)
    assert device.stored == [receipt(1), receipt(2)]
    after.close()


async def test_a_journal_that_never_empties_is_rewritten_with_what_it_keeps(tmp_path, monkeypatch):
    monkeypatch.setattr(mailbox, "_COMPACT_AT_BYTES", 4096)
    device = Recipient("shop")
    box = Mailbox(tmp_path)
    waiting = box.post(device, receipt(0))  # never handed over: the journal never empties
    for n in range(1, 60):
        await box.hand_over([box.post(device, receipt(n))])
    path = journal_of_dir(tmp_path)
    assert path.stat().st_size < 4096
    assert list(mailbox._kept_in(path)) == [waiting.name]
    # Still appended to after the rewrite, and the kept letter is delivered once.
    late = box.post(device, receipt(60))
    box.release([waiting, late])
    device.stored.clear()
    await box.redeliver(device)
    assert device.stored == [receipt(0), receipt(60)]
    box.close()


async def test_letters_of_an_unlinked_device_are_gone(tmp_path):
    device = Recipient("shop")
    box = Mailbox(tmp_path)
    box.release([box.post(device, receipt(1))])
    box.forget("shop")
    assert not (tmp_path / "shop").exists()
    await box.redeliver(device)
    await asyncio.sleep(0)
    assert device.stored == []
    box.close()


def journal_of_dir(directory: Path) -> Path:
    return directory / "shop" / "letters.journal"


def open_journals() -> int:
    """Journal files this process holds open."""
    count = 0
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(FileNotFoundError):  # the listing's own descriptor
            count += os.readlink(fd).endswith(mailbox._JOURNAL)
    return count


async def test_only_the_busiest_journals_stay_open(tmp_path, monkeypatch):
    monkeypatch.setattr(mailbox, "_OPEN_JOURNALS", 2)
    box = Mailbox(tmp_path)
    devices = [Recipient(f"s{n}") for n in range(5)]
    waiting = []
    for round_ in range(3):
        for device in devices:
            waiting.append(box.post(device, receipt(round_)))
            assert open_journals() <= 2
    await box.hand_over(waiting[:5])  # each device's first letter, reopening closed journals
    assert open_journals() <= 2
    box.release(waiting)
    for device in devices:
        device.stored.clear()
        await box.redeliver(device)
        assert device.stored == [receipt(1), receipt(2)]
        assert open_journals() <= 2
    box.close()
    assert open_journals() == 0

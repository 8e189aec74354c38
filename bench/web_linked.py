"""Memory of linked, idle web sessions, in a process of its own (``web_engine_memory.py --linked``).

A session cannot be linked without a phone and WhatsApp's servers, so a linked one is
synthesised: a whatsmeow store holding what an account's keys come to, opened by Go, and a
stream of messages through neonize's own event dispatch (``client.event.execute``, as Go
delivers them), which fills the session's recent-message cache. Prints one JSON line.

    .venv/bin/python bench/web_linked.py 50
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

PRE_KEYS = 812  # what whatsmeow uploads at pairing
CONTACTS = 500
SENDER_KEYS = 60
APP_STATE_MACS = 3000
MESSAGES = 600  # more than the cache keeps
PREVIEW_EVERY = 5
PREVIEW_BYTES = 20_000


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmRSS"))
    return int(line.split()[1]) / 1024


def fill_store(path: Path, owner: str) -> None:
    """A linked account's keys, as whatsmeow keeps them (sizes as whatsmeow writes them)."""
    from neonize.client import ClientFactory

    ClientFactory.get_all_devices_from_db(str(path))  # Go creates the schema, and keeps it open
    rand = os.urandom
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.executemany(
            "INSERT INTO whatsmeow_pre_keys VALUES (?, ?, ?, ?)",
            [(owner, i, rand(32), True) for i in range(1, PRE_KEYS + 1)],
        )
        peers = [f"346{i:08d}.0" for i in range(CONTACTS)]
        db.executemany(
            "INSERT INTO whatsmeow_identity_keys VALUES (?, ?, ?)",
            [(owner, peer, rand(32)) for peer in peers],
        )
        db.executemany(
            "INSERT INTO whatsmeow_sessions VALUES (?, ?, ?)",
            [(owner, peer, rand(1500)) for peer in peers],
        )
        db.executemany(
            "INSERT INTO whatsmeow_sender_keys VALUES (?, ?, ?, ?)",
            [(owner, f"1203{i:014d}@g.us", peers[i], rand(400)) for i in range(SENDER_KEYS)],
        )
        db.executemany(
            "INSERT INTO whatsmeow_app_state_sync_keys VALUES (?, ?, ?, ?, ?)",
            [(owner, rand(6), rand(32), 1_700_000_000, rand(40)) for _ in range(20)],
        )
        db.executemany(
            "INSERT INTO whatsmeow_app_state_mutation_macs VALUES (?, ?, ?, ?, ?)",
            [(owner, "regular", i, rand(32), rand(32)) for i in range(APP_STATE_MACS)],
        )
        db.executemany(
            "INSERT INTO whatsmeow_contacts VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (owner, f"346{i:08d}@s.whatsapp.net", "Ana", f"Ana {i}", f"Ana{i}", "", "")
                for i in range(CONTACTS)
            ],
        )


def message_stream(session: Any) -> None:
    from neonize.events import EVENT_TO_INT, MessageEv
    from neonize.proto import Neonize_pb2 as N
    from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import (
        ExtendedTextMessage,
        ImageMessage,
        Message,
    )

    code = EVENT_TO_INT[MessageEv]
    for i in range(MESSAGES):
        peer = f"346{i % CONTACTS:08d}"
        if i % PREVIEW_EVERY == 0:
            message = Message(
                imageMessage=ImageMessage(
                    mimetype="image/jpeg",
                    caption=f"photo {i}",
                    JPEGThumbnail=os.urandom(PREVIEW_BYTES),
                    directPath="/v/t62.7118-24/abc",
                    mediaKey=os.urandom(32),
                    fileEncSHA256=os.urandom(32),
                    fileSHA256=os.urandom(32),
                    fileLength=180_000,
                )
            )
        else:
            text = f"message {i}: " + "hola, ¿tenéis la talla M? " * 4
            message = Message(extendedTextMessage=ExtendedTextMessage(text=text))
        source = N.MessageSource(
            Chat=N.JID(User=peer, Server="s.whatsapp.net"),
            Sender=N.JID(User=peer, Server="s.whatsapp.net", Device=2),
        )
        info = N.MessageInfo(
            MessageSource=source,
            ID=f"3EB0{i:016X}",
            Timestamp=1_700_000_000_000 + i,
            Pushname="Ana",
            Type="text",
        )
        data = MessageEv(Info=info, Message=message).SerializePartialToString()
        buffer = ctypes.create_string_buffer(data, len(data))
        session.client.event.execute(0, ctypes.addressof(buffer), len(data), code)


def main(count: int) -> dict[str, Any]:
    import logging

    logging.basicConfig(level=logging.ERROR, force=True)
    import neonize  # noqa: F401 - its import is the process's fixed cost

    from inboxhub.engines.web.gates import LifecycleGate
    from inboxhub.engines.web.session import SessionSettings, WebSession

    gc.collect()
    base = rss_mb()
    sessions = []
    gate = LifecycleGate()
    with tempfile.TemporaryDirectory() as directory:
        for i in range(count):
            store = Path(directory) / f"linked_{i}.db"
            fill_store(store, f"3460000{i:04d}@s.whatsapp.net")
        gc.collect()
        stores = rss_mb()
        for i in range(count):
            session = WebSession(
                f"linked_{i}",
                Path(directory) / f"linked_{i}.db",
                SessionSettings(),
                gate,
                lambda event: None,  # the gateway's side is not this process's memory
            )
            message_stream(session)
            sessions.append(session)
        gc.collect()
        after = rss_mb()
        kept = sum(len(s.recent) for s in sessions) / count
        kept_bytes = sum(sum(len(m) for m in s.recent.values()) for s in sessions) / count
    return {
        "linked_sessions": count,
        "rss_mb_neonize": round(base, 1),
        "mb_per_linked_store": round((stores - base) / count, 2),
        "mb_per_linked_cache": round((after - stores) / count, 2),
        "mb_per_linked_session": round((after - base) / count, 2),
        "recent_messages_kept": round(kept),
        "recent_kb_kept": round(kept_bytes / 1024),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)))
    sys.stdout.flush()
    os._exit(0)  # neonize's Go threads would keep the process alive

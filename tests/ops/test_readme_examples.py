"""Every ``curl`` example of README.md and docs/*.md runs as written against a fresh gateway.

The gateway starts as ``make run`` starts it: a new data directory, nothing configured, so it
generates its credentials and prints them once with the webhook inspector's address. Those printed
values fill the examples' placeholder lines (``KEY=ihk_…``, ``HOOK=…/whi_…``, ``PASSWORD=…``), as
a reader pastes them; the port is a free one instead of 8084. Each document's ``bash`` blocks run
in order in one shell (README first, whose walk-through the other documents continue), and a
``curl`` that gets an error answer fails the test. A block that needs what a fresh gateway cannot
have (a phone, Meta's credentials) says so in a ``<!-- not run by the README test: … -->`` comment
right before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import eventually
from tests.support.ports import free_port
from tests.support.processes import healthy

pytestmark = [
    pytest.mark.slow,
    # The examples are for a fresh `make run`, which is SQLite: the PostgreSQL run adds nothing.
    pytest.mark.skipif(
        bool(os.environ.get("INBOXHUB_TEST_DATABASE_URL")), reason="runs once, on SQLite"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
NOT_RUN = re.compile(r"<!-- not run by the README test: (.+?) -->")
PLACEHOLDER = re.compile(r"^(?P<name>[A-Z_]+)=\S*…\S*(?P<comment>\s+#.*)?$", re.M)

# Every curl of the examples goes through this: an answer with an HTTP error status, or the
# envelope's "success": false, stops the shell. A live stream (-N) runs in the background.
CURL = r"""
set -euo pipefail
curl() {
  case " $* " in
    *" -sN "*|*" -N "*)
      command curl --max-time 300 "$@" >>"$STREAM_LOG" 2>&1 &
      echo $! >>"$STREAM_PIDS"
      return 0;;
  esac
  local out status
  out=$(command curl --max-time 40 -w '\n%{http_code}' "$@")
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  printf '%s\n' "$out"
  if [ "$status" -ge 400 ] || [[ "$out" == *'"success":false'* ]]; then
    printf 'HTTP %s from: curl %s\n%s\n' "$status" "$*" "$out" >&2
    return 1
  fi
}
"""


@dataclass
class Block:
    document: Path
    line: int
    text: str
    skipped: str | None


def curl_blocks(document: Path) -> list[Block]:
    text = document.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"^```bash\n(.*?)^```", text, re.S | re.M):
        if "curl " not in match.group(1):
            continue
        before = text[: match.start()].rstrip().rsplit("\n", 1)[-1]
        reason = NOT_RUN.search(before)
        line = text.count("\n", 0, match.start()) + 1
        found.append(Block(document, line, match.group(1), reason.group(1) if reason else None))
    return found


@dataclass
class Gateway:
    port: int
    log: Path
    values: dict[str, str]


@pytest.fixture
async def fresh_gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INBOXHUB_")}
    env.update(INBOXHUB_PORT=str(port), INBOXHUB_DATA_DIR=str(tmp_path / "data"))
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "from inboxhub.cli import main; main()",
            "serve",
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=out,
        )
    try:
        await healthy(f"http://127.0.0.1:{port}")
        printed = log.read_text()
        values = {
            "KEY": _printed(r"API key \(X-API-Key\): (\S+)", printed),
            "PASSWORD": _printed(r"Admin login: \S+ / (\S+)", printed),
            "HOOK": _printed(r"Webhook inspector: (\S+)", printed),
        }
        yield Gateway(port, log, values)
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 30)


def _printed(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    assert match, f"not printed at first start: {pattern}\n{text[-3000:]}"
    return match.group(1)


def script(blocks: list[Block], gateway: Gateway, *, continues: bool) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group("name")
        assert name in gateway.values, f"no printed value for the placeholder {name}"
        return f"{name}={shlex.quote(gateway.values[name])}"

    parts = [CURL]
    if continues:  # the documents that continue the README's walk-through
        base = f"http://127.0.0.1:{gateway.port}"
        parts.append(
            f"KEY={shlex.quote(gateway.values['KEY'])}\nHOOK={shlex.quote(gateway.values['HOOK'])}\n"
            f"API={base}/api\n"
        )
    for block in blocks:
        text = PLACEHOLDER.sub(fill, block.text).replace(
            "127.0.0.1:8084", f"127.0.0.1:{gateway.port}"
        )
        parts.append(f"echo '## {block.document.name}:{block.line}' >&2\n{text}")
    return "\n".join(parts)


async def run(source: str, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        "bash",
        "-c",
        source,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 300)
    return int(process.returncode or 0), output.decode(errors="replace")


async def test_every_curl_example_runs_as_written(fresh_gateway: Gateway, tmp_path: Path) -> None:
    stream_log, pids = tmp_path / "stream.log", tmp_path / "stream.pids"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "STREAM_LOG": str(stream_log),
        "STREAM_PIDS": str(pids),
    }
    skipped: list[str] = []
    ran = 0
    try:
        for document in DOCUMENTS:
            blocks = curl_blocks(document)
            skipped += [f"{b.document.name}:{b.line}: {b.skipped}" for b in blocks if b.skipped]
            runnable = [b for b in blocks if not b.skipped]
            if not runnable:
                continue
            source = script(runnable, fresh_gateway, continues=document.name != "README.md")
            code, output = await run(source, env)
            assert code == 0, f"{document.name}: an example failed\n{output[-4000:]}"
            if document.name == "README.md":
                # The walk-through's point: a signed message.received, seen in the inspector.
                assert '"event":"message.received"' in output, output[-4000:]
                assert '"signature":{"status":"valid"' in output, output[-4000:]
            ran += len(runnable)

        # The README's live stream saw the captures of what the later examples sent.
        async def streamed() -> bool:
            return stream_log.exists() and "event: webhook.inspected" in stream_log.read_text()

        await eventually(streamed, timeout=20, interval=0.2)
    finally:
        if pids.exists():
            for pid in pids.read_text().split():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(pid), 15)
    assert ran >= 10
    # Only what a fresh gateway cannot do is left out, and each says why.
    assert len(skipped) <= 4, skipped


def test_the_walk_through_is_first_and_starts_with_make_run() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```bash\n(.*?)```", readme, re.S)
    assert first is not None
    lines = first.group(1).splitlines()
    assert lines[0].startswith("make run    # set up .venv and run the gateway")
    assert lines[1].startswith("make test   # set up .venv and run the whole test suite")

"""The ``inboxhub`` command answers every mistake with one line in words and exit status 1:
no traceback, nothing secret."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx
import pytest

from inboxhub.cli import main
from tests.support.auth import API_KEY
from tests.support.ports import free_port
from tests.support.processes import gateway_env, healthy


def run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["inboxhub", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INBOXHUB_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["create-api-key", "--org", "99"], "error: organization 99 does not exist"),
        (["create-api-key", "--org", "abc"], "error: Invalid value for '--org'"),
        (
            ["create-user", "x@example.com", "--password", "12345678", "--org", "7"],
            "organization 7",
        ),
        (["create-user", "x@example.com", "--password", "short"], "at least 8 characters"),
        (["create-user", "x@example.com", "--password", "12345678", "--role", "boss"], "--role"),
        (["create-user", "not-an-email", "--password", "12345678"], "not an email address"),
        (["reset-password", "nobody@example.com", "--password", "12345678"], "no user with"),
        (["create-org", " "], "name is empty"),
        (["no-such-command"], "No such command"),
        (["serve", "--port", "70000"], "--port"),
    ],
)
def test_a_mistake_is_one_line_and_status_1(
    args: list[str],
    says: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(args, monkeypatch, capsys)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("error: ")
    assert says in err
    assert "Traceback" not in err


def test_users_keys_and_a_lost_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["create-org", "Acme"], monkeypatch, capsys)
    assert (code, out) == (0, "Organization Acme created with id 1 (slug acme)\n")
    code, out, _ = run(["create-api-key", "--org", "1"], monkeypatch, capsys)
    assert code == 0
    assert out.startswith("API key (shown once): ihk_")
    args = ["create-user", "ana@example.com", "--password", "first-password", "--org", "1"]
    assert run(args, monkeypatch, capsys)[0] == 0
    code, _, err = run(args, monkeypatch, capsys)
    assert code == 1
    assert err == "error: a user with email ana@example.com already exists\n"
    reset = ["reset-password", "ANA@example.com", "--password", "second-password"]
    code, out, _ = run(reset, monkeypatch, capsys)
    assert (code, out) == (0, "Password of ana@example.com changed\n")


def test_a_bad_setting_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INBOXHUB_DATABASE_URL", "postgresql+asyncpg://u:hunter2@127.0.0.1:1/x")
    code, _, err = run(["create-org", "Acme"], monkeypatch, capsys)
    assert code == 1
    assert err.count("\n") == 1, err
    assert "hunter2" not in err


async def test_serve_takes_its_address_and_data_dir_from_the_command_line(tmp_path: Path) -> None:
    # Nothing in the environment names a port, host or folder: the options alone place the
    # gateway, and what it says about itself (the inspector's capture URL) names that address.
    port = free_port()
    data = tmp_path / "elsewhere"
    env = gateway_env(tmp_path, 1, None)
    for name in ("INBOXHUB_HOST", "INBOXHUB_PORT", "INBOXHUB_DATA_DIR"):
        del env[name]
    argv = ["serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data)]
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from inboxhub.cli import main; main()",
        *argv,
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        await healthy(base)
        async with httpx.AsyncClient(base_url=base, headers={"X-API-Key": API_KEY}) as api:
            inspector = (await api.get("/api/webhooks/inspector")).json()["data"]
        assert inspector["url"].startswith(f"{base}/api/webhooks/inspector/")
        assert (data / "inboxhub.db").exists()
        assert not (tmp_path / "data").exists()
    finally:
        proc.terminate()
        assert await asyncio.wait_for(proc.wait(), 30) == 0

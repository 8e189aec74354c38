"""What an installed gateway's operator meets first: the version, `inboxhub doctor`, and the
configuration reference that is generated from the settings class."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from inboxhub.cli import app
from inboxhub.config_reference import render
from tests.support.ports import free_port
from tests.support.processes import gateway_env, healthy

DOCS = Path(__file__).resolve().parents[2] / "docs"


def doctor(env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["doctor"], env=env)
    return result.exit_code, result.output


def test_version_comes_from_the_installed_distribution() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"inboxhub {version('inboxhub')}"


def test_configuration_reference_is_current() -> None:
    # Regenerate with `inboxhub config-reference > docs/configuration.md`.
    assert (DOCS / "configuration.md").read_text() == render()
    assert "| `INBOXHUB_DATABASE_URL` |" in render()
    assert "| `FRAPPE_WEBHOOK_URL` / `INBOXHUB_FRAPPE_WEBHOOK_URL` |" in render()


def test_doctor_passes_on_a_migrated_database(database_url: str, tmp_path: Path) -> None:
    code, output = doctor(
        {"INBOXHUB_DATABASE_URL": database_url, "INBOXHUB_DATA_DIR": str(tmp_path / "data")}
    )
    assert code == 0, output
    assert "schema up to date" in output
    assert output.strip().endswith("ready")


def test_doctor_says_how_many_nodes_postgresql_has_room_for(
    database_url: str, tmp_path: Path
) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite has one node, and no connections to count")
    env = {"INBOXHUB_DATABASE_URL": database_url, "INBOXHUB_DATA_DIR": str(tmp_path / "data")}
    code, output = doctor(env)
    assert code == 0, output
    assert "ok       connections: room for " in output
    assert "(INBOXHUB_DATABASE_POOL_SIZE 20 + 3)" in output
    # A pool no server's default max_connections holds: said before any node fails to connect.
    code, output = doctor({**env, "INBOXHUB_DATABASE_POOL_SIZE": "500"})
    assert code == 0, output
    assert "warning  connections: room for 0 gateway processes" in output
    assert "Lower INBOXHUB_DATABASE_POOL_SIZE or raise PostgreSQL's max_connections" in output


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("INBOXHUB_RATE_LIMIT_MESSAGES", "ten a minute", "is not a rate limit"),
        ("INBOXHUB_DATABASE_URL", "postgresql+asyncpg://u:hunter2@127.0.0.1:9/x", "cannot reach"),
    ],
)
def test_doctor_names_what_is_wrong(
    database_url: str, tmp_path: Path, variable: str, value: str, says: str
) -> None:
    env = {"INBOXHUB_DATABASE_URL": database_url, "INBOXHUB_DATA_DIR": str(tmp_path / "data")}
    code, output = doctor({**env, variable: value})
    assert code == 1, output
    assert says in output
    assert "hunter2" not in output  # a database password is never printed


def test_doctor_refuses_a_data_dir_it_cannot_write(database_url: str, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    code, output = doctor(
        {"INBOXHUB_DATABASE_URL": database_url, "INBOXHUB_DATA_DIR": str(blocker / "data")}
    )
    assert code == 1, output
    assert "is not writable" in output


def test_doctor_reports_an_old_schema(tmp_path: Path) -> None:
    from inboxhub.migrate import upgrade

    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0005_handover")
    code, output = doctor({"INBOXHUB_DATABASE_URL": url, "INBOXHUB_DATA_DIR": str(tmp_path)})
    assert code == 1, output
    assert "inboxhub migrate" in output


def test_a_bad_setting_is_named_not_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["doctor"], env={"INBOXHUB_PORT": "eighty"})
    assert result.exit_code == 1
    assert "INBOXHUB_PORT" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.parametrize(("trusted", "refused"), [("", True), ("127.0.0.1", False)])
async def test_forwarded_for_is_believed_only_from_trusted_proxies(
    processes: Any, tmp_path: Path, database_url: str, trusted: str, refused: bool
) -> None:
    """A caller that rotates X-Forwarded-For gets past the login limit only when its address is
    a configured proxy's: by default the TCP peer is the client."""
    port = free_port()
    env = gateway_env(
        tmp_path,
        port,
        None if database_url.startswith("sqlite") else database_url,
        INBOXHUB_RATE_LIMIT_AUTH="2/minute",
        INBOXHUB_TRUSTED_PROXIES=trusted,
    )
    await processes("serve", env).start()
    base = f"http://127.0.0.1:{port}"
    await healthy(base)
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        answers = [
            (
                await http.post(
                    "/api/auth/login",
                    # Another account each time: failures are also counted per account.
                    json={"identifier": f"nobody{n}@example.com", "password": "wrong-password"},
                    headers={"X-Forwarded-For": f"198.51.100.{n}"},
                )
            ).status_code
            for n in range(3)
        ]
    assert answers[:2] == [401, 401]
    assert (answers[2] == 429) is refused

"""The tables the code declares are the tables the migrations build: Alembic's autogenerate,
run against a database migrated to head, finds nothing to add, drop or change."""

from __future__ import annotations

import json
import subprocess
import sys

# In a fresh interpreter: the metadata holds only what ``import_all_models`` imports, not what
# other tests happened to import before.
_COMPARE = """
import asyncio, json, sys
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine
from inboxhub.db import Base
from inboxhub.models import import_all_models

import_all_models()

def diff(connection):
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [repr(change) for change in compare_metadata(context, Base.metadata)]

async def main():
    engine = create_async_engine(sys.argv[1])
    async with engine.connect() as connection:
        changes = await connection.run_sync(diff)
    await engine.dispose()
    print(json.dumps(changes))

asyncio.run(main())
"""


def test_autogenerate_finds_no_difference_between_models_and_migrations(
    database_url: str,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _COMPARE, database_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    changes = json.loads(done.stdout.strip().splitlines()[-1])
    assert changes == []

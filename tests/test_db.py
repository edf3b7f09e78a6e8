"""The migrations build exactly the schema the models describe, on first use, on either database."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from db import Base, open_database
from db.engine import alembic_config, head_revision
from db.search import is_search_object


def test_first_use_creates_the_schema_and_matches_the_models(
    tmp_path: Path, db_url_factory: Callable[..., str]
) -> None:
    database = open_database(db_url_factory(tmp_path / "new", migrated=False))
    try:
        tables = set(inspect(database.engine).get_table_names())
        assert {"review", "page", "harvest_run", "quarantined_entry", "review_change"} <= tables
        with database.engine.connect() as connection:
            # the full-text index (migration 0006) is raw SQL, not a model
            context = MigrationContext.configure(
                connection,
                opts={"include_name": lambda name, type_, _: not is_search_object(name)},
            )
            diff = compare_metadata(context, Base.metadata)
            assert diff == [], "models changed without a migration"
            if connection.dialect.name == "sqlite":
                assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        database.close()


def test_reopening_does_not_migrate_twice(
    tmp_path: Path, db_url_factory: Callable[..., str]
) -> None:
    url = db_url_factory(tmp_path, migrated=False)
    open_database(url).close()
    database = open_database(url)
    with database.engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    head = ScriptDirectory.from_config(alembic_config(database.engine)).get_current_head()
    database.close()
    assert versions == [(head,)]


def test_the_head_read_from_the_file_names_is_alembics_head(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'head.db'}")
    head = ScriptDirectory.from_config(alembic_config(database.engine)).get_current_head()
    database.close()
    assert head_revision() == head


def test_opening_a_database_already_at_head_does_not_load_alembic(
    tmp_path: Path, db_url_factory: Callable[..., str]
) -> None:
    url = db_url_factory(tmp_path)
    check = (
        "import sys, db; db.open_database(sys.argv[1]).close(); "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'alembic'))"
    )
    at_head = subprocess.run(
        [sys.executable, "-c", check, url], capture_output=True, text=True, check=True
    )
    assert at_head.stdout.strip() == "[]"
    # A new database still migrates (through Alembic) on first use.
    fresh = db_url_factory(tmp_path / "fresh", migrated=False)
    migrated = subprocess.run(
        [sys.executable, "-c", check, fresh], capture_output=True, text=True, check=True
    )
    assert "alembic.command" in migrated.stdout


@pytest.mark.skipif(
    not os.environ.get("SCR_DIGEST_TEST_PG_URL"),
    reason="PostgreSQL run skipped: set SCR_DIGEST_TEST_PG_URL (as .ci/run does) to run the "
    "suite on PostgreSQL",
)
def test_the_suite_is_running_on_postgresql(
    tmp_path: Path, db_url_factory: Callable[[Path], str]
) -> None:
    database = open_database(db_url_factory(tmp_path))
    try:
        assert database.engine.dialect.name == "postgresql"
    finally:
        database.close()

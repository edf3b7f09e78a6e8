"""The migrations build exactly the schema the models describe, on first use."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from db import Base, open_database


def test_first_use_creates_the_schema_and_matches_the_models(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'new' / 'x.db'}")
    try:
        tables = set(inspect(database.engine).get_table_names())
        assert {"review", "page", "harvest_run", "quarantined_entry", "review_change"} <= tables
        with database.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            assert diff == [], "models changed without a migration"
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        database.close()


def test_reopening_does_not_migrate_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    open_database(url).close()
    database = open_database(url)
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            ("0001",)
        ]
    database.close()

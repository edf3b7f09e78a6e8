"""Status values: enums in code, a CHECK in the database (migration 0007), on a real database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, MetaData, select, text, update
from sqlalchemy.exc import IntegrityError

from db import Database, Delivery, Digest, Recipient, Report, Review, open_database
from db.engine import alembic_config
from db.statuses import DigestStatus, OutboundStatus, ReportStatus

NOW = datetime(2026, 11, 10, 9, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path, db_url_factory) -> Iterator[Database]:
    database = open_database(db_url_factory(tmp_path))
    try:
        yield database
    finally:
        database.close()


def _rows(database: Database) -> None:
    with database.session() as session:
        review = Review(
            review_key="k",
            text_key="k",
            published_year=2026,
            area="Westshire",
            title="Child A",
            source_url="https://example.org/",
            content_hash="x",
        )
        session.add(review)
        session.flush()
        session.add(Report(review_id=review.id, url="https://example.org/a.pdf"))
        digest = Digest(month="2026-11", created_at=NOW, refreshed_at=NOW)
        recipient = Recipient(email="jo@agency.example", email_key="jo@agency.example", token="t")
        session.add_all([digest, recipient])
        session.flush()
        session.add(Delivery(digest_id=digest.id, recipient_id=recipient.id, email=recipient.email))


@pytest.mark.parametrize(
    ("model", "good"),
    [
        (Digest, DigestStatus.SENT),
        (Delivery, OutboundStatus.SKIPPED),
        (Report, ReportStatus.NEEDS_OCR),
    ],
)
def test_the_database_refuses_a_status_no_code_knows(database: Database, model, good) -> None:
    _rows(database)
    with database.session() as session:
        session.execute(update(model).values(status=good))
    with (
        pytest.raises(IntegrityError, match=f"ck_{model.__tablename__}_status"),
        database.session() as session,
    ):
        session.execute(update(model).values(status="snet"))
    with database.session() as session:
        assert session.scalar(select(model.status)) == good  # a plain string, equal to the enum


def test_defaults_are_the_first_states(database: Database) -> None:
    _rows(database)
    with database.session() as session:
        assert session.scalar(select(Digest.status)) == "draft"
        assert session.scalar(select(Delivery.status)) == "pending"
        assert session.scalar(select(Report.status)) == "pending"


def _rows_of_today(tmp_path: Path) -> Database:
    """``_rows`` written by today's models into a database at the newest revision."""
    today = open_database(f"sqlite:///{tmp_path / 'today.db'}")
    _rows(today)
    return today


def _copy_rows(source: Database, engine: Engine) -> None:
    """The rows, in the columns an older schema has (today's models know columns it lacks)."""
    old = MetaData()
    old.reflect(engine)
    with source.engine.connect() as reading, engine.begin() as writing:
        for name in ("review", "report", "digest", "recipient", "delivery"):
            columns = list(old.tables[name].c.keys())
            rows = reading.execute(text(f"SELECT {', '.join(columns)} FROM {name}")).mappings()
            insert = text(
                f"INSERT INTO {name} ({', '.join(columns)}) "
                f"VALUES ({', '.join(':' + column for column in columns)})"
            )
            writing.execute(insert, [dict(row) for row in rows])
    source.close()


def test_adding_the_checks_keeps_every_row_and_the_search_index(tmp_path: Path) -> None:
    """SQLite rebuilds each table to add its CHECK: rows that refer to a rebuilt table (items,
    deliveries) must survive it, and so must the full-text triggers on ``report``."""
    database = open_database(f"sqlite:///{tmp_path / 'old.db'}", migrate=False)
    engine = database.engine
    config = alembic_config(engine)
    command.upgrade(config, "0006")
    _copy_rows(_rows_of_today(tmp_path), engine)
    with database.session() as session:
        session.execute(
            text(
                "INSERT INTO digest_item (digest_id, review_id, position, included, added_at) "
                "SELECT d.id, r.id, 1, 1, :now FROM digest d, review r"
            ),
            {"now": NOW},
        )
        session.execute(update(Report).values(text="neglect in the family home"))
    command.upgrade(config, "head")
    with engine.connect() as connection:
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("review", "report", "digest", "digest_item", "recipient", "delivery")
        }
        assert set(counts.values()) == {1}, counts
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with database.session() as session:
        session.execute(update(Report).values(text="drowning"))
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT rowid FROM review_search WHERE review_search MATCH 'drowning'")
        ).all()
        assert len(found) == 1  # the triggers were made again
    command.downgrade(config, "0006")
    command.upgrade(config, "head")
    database.close()

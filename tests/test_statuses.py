"""Status values: enums in code, a CHECK in the database (migration 0007), on a real database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import insert, select, text, update
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
        # Only the columns the old schema has (the model has gained some since, e.g. 0011's).
        digest_id = session.execute(
            insert(Digest).values(month="2026-11", status="draft", created_at=NOW, refreshed_at=NOW)
        ).inserted_primary_key[0]
        recipient = Recipient(email="jo@agency.example", email_key="jo@agency.example", token="t")
        session.add(recipient)
        session.flush()
        session.add(Delivery(digest_id=digest_id, recipient_id=recipient.id, email=recipient.email))


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


def test_adding_the_checks_keeps_every_row_and_the_search_index(tmp_path: Path) -> None:
    """SQLite rebuilds each table to add its CHECK: rows that refer to a rebuilt table (items,
    deliveries) must survive it, and so must the full-text triggers on ``report``."""
    database = open_database(f"sqlite:///{tmp_path / 'old.db'}", migrate=False)
    engine = database.engine
    config = alembic_config(engine)
    command.upgrade(config, "0006")
    _rows(database)
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

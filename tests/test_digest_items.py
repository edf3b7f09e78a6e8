"""One table for what a digest offers (architecture.md: "digest_item (review or publication,
position, included)"): the database keeps exactly one of the two, and migration 0014 moves the
National learning rows of a database made before it into that table, losing nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from db import Database, Digest, DigestItem, Publication, open_database
from db.engine import alembic_config
from tests.faults import review_first_seen

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path, db_url_factory: Callable[[Path], str]) -> Iterator[Database]:
    db = open_database(db_url_factory(tmp_path))
    try:
        yield db
    finally:
        db.close()


def _publication(number: int) -> Publication:
    return Publication(
        base_path=f"/government/publications/p{number}",
        organisation="child-safeguarding-practice-review-panel",
        kind="briefing",
        title=f"Briefing {number}",
        public_timestamp=f"2026-11-0{number}T09:00:00Z",
        published_on=date(2026, 11, number),
        source_url="https://www.gov.uk/api/search.json",
        content_hash="x",
        first_seen_at=NOW,
        last_seen_at=NOW,
    )


def _rows(database: Database) -> tuple[int, list[int]]:
    """A digest offering one review and three publications (the second one left out)."""
    with database.session() as session:
        review = review_first_seen(NOW)
        publications = [_publication(number) for number in (1, 2, 3)]
        digest = Digest(month="2026-11", created_at=NOW, refreshed_at=NOW)
        session.add_all([review, digest, *publications])
        session.flush()
        digest.items.append(DigestItem(review_id=review.id, position=1, added_at=NOW))
        for position, publication in enumerate(publications, start=1):
            digest.items.append(
                DigestItem(
                    publication_id=publication.id,
                    position=position,
                    included=position != 2,
                    added_at=NOW,
                )
            )
        return review.id, [publication.id for publication in publications]


def _offered(database: Database) -> list[tuple[int | None, int | None, int, bool]]:
    with database.session() as session:
        digest = session.scalars(select(Digest)).one()
        return [
            (item.review_id, item.publication_id, item.position, item.included)
            for item in digest.items
        ]


def test_migration_0014_moves_the_national_learning_rows_into_digest_item(
    database: Database,
) -> None:
    """On SQLite (the default run) and on PostgreSQL (the PostgreSQL run)."""
    review_id, publication_ids = _rows(database)
    before = _offered(database)
    assert len(before) == 4
    config = alembic_config(database.engine)
    # Back to the schema of 0013: the publications' rows go to digest_publication.
    command.downgrade(config, "0013")
    with database.engine.begin() as connection:
        rows = connection.execute(
            text("SELECT publication_id, position, included FROM digest_publication")
        ).all()
        p1, p2, p3 = publication_ids
        assert sorted(rows) == [(p1, 1, 1), (p2, 2, 0), (p3, 3, 1)]
        assert connection.execute(text("SELECT review_id FROM digest_item")).all() == [(review_id,)]
    command.upgrade(config, "head")
    assert "digest_publication" not in inspect(database.engine).get_table_names()
    # Every item is back, the review's too (rebuilding the table cascaded no deletes).
    assert sorted(_offered(database), key=str) == sorted(before, key=str)
    if database.engine.dialect.name == "sqlite":
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.mark.parametrize("both", [True, False])
def test_an_item_offers_a_review_or_a_publication_never_both_nor_neither(
    database: Database, both: bool
) -> None:
    review_id, publication_ids = _rows(database)
    with database.session() as session:
        # Unoffered ones, so only the check can refuse the item.
        session.execute(text("DELETE FROM digest_item"))
    with pytest.raises(IntegrityError, match="digest_item_one_of"), database.session() as session:
        digest = session.scalars(select(Digest)).one()
        session.add(
            DigestItem(
                digest_id=digest.id,
                review_id=review_id if both else None,
                publication_id=publication_ids[0] if both else None,
                position=1,
                added_at=NOW,
            )
        )
    assert _offered(database) == []

"""digest_item publications: one table for what a digest offers, reviews and publications

Revision ID: 0014
Revises: 0013

architecture.md: "digest_item (review or publication, position, included)". ``digest_item``
gains ``publication_id`` (unique: a publication is offered once, ever), ``review_id`` becomes
nullable, and a check keeps exactly one of the two set. The rows of ``digest_publication``
(migration 0013) move into it, keeping their position, inclusion and time, and the table goes.

SQLite rebuilds ``digest_item`` in batch mode; env.py turns foreign keys off around it, so the
rebuild's drop cascades to nothing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.models

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONE_OF = "(review_id IS NULL) <> (publication_id IS NULL)"
COLUMNS = "digest_id, publication_id, position, included, added_at"


def upgrade() -> None:
    with op.batch_alter_table("digest_item") as batch:
        batch.alter_column("review_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("publication_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_digest_item_publication_id",
            "publication",
            ["publication_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_unique_constraint("uq_digest_item_publication_id", ["publication_id"])
        batch.create_check_constraint("digest_item_one_of", ONE_OF)
    op.execute(
        f"INSERT INTO digest_item ({COLUMNS}) SELECT {COLUMNS} FROM digest_publication ORDER BY id"
    )
    with op.batch_alter_table("digest_publication") as batch:
        batch.drop_index("ix_digest_publication_digest_id")
    op.drop_table("digest_publication")


def downgrade() -> None:
    op.create_table(
        "digest_publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest_id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("included", sa.Boolean(), nullable=False),
        sa.Column("added_at", db.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["digest_id"], ["digest.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["publication_id"], ["publication.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("publication_id"),
    )
    with op.batch_alter_table("digest_publication") as batch:
        batch.create_index("ix_digest_publication_digest_id", ["digest_id"])
    op.execute(
        f"INSERT INTO digest_publication ({COLUMNS}) SELECT {COLUMNS} FROM digest_item "
        "WHERE publication_id IS NOT NULL ORDER BY id"
    )
    op.execute("DELETE FROM digest_item WHERE publication_id IS NOT NULL")
    with op.batch_alter_table("digest_item") as batch:
        batch.drop_constraint("digest_item_one_of", type_="check")
        batch.drop_constraint("uq_digest_item_publication_id", type_="unique")
        batch.drop_constraint("fk_digest_item_publication_id", type_="foreignkey")
        batch.drop_column("publication_id")
        batch.alter_column("review_id", existing_type=sa.Integer(), nullable=False)

"""insight: national publications' tags, and the index "made before" keeps between runs

Revision ID: 0015
Revises: 0014

``publication_tag`` holds a publication's themes and agencies with their evidence, as
``review_tag`` does for a review; ``publication_insight`` the hash of what they were computed
from, so a rerun retags only what changed. ``recommendation_index`` is derived data: per review,
its recommendation items' analysed words, so that matching one new review does not analyse the
whole collection again (a deleted row is made again by the next update).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.models

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "publication_tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("axis", sa.String(length=20), nullable=False),
        sa.Column("concept_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "axis IN ('theme', 'agency', 'harm', 'age')", name="publication_tag_axis"
        ),
        sa.ForeignKeyConstraint(["publication_id"], ["publication.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("publication_id", "axis", "concept_id"),
    )
    op.create_index("ix_publication_tag_publication_id", "publication_tag", ["publication_id"])
    op.create_index("ix_publication_tag_concept_id", "publication_tag", ["concept_id"])
    op.create_table(
        "publication_insight",
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("tags_input", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["publication_id"], ["publication.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("publication_id"),
    )
    op.create_table(
        "recommendation_index",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.Column("updated_at", db.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("review_id"),
    )


def downgrade() -> None:
    op.drop_table("recommendation_index")
    op.drop_table("publication_insight")
    op.drop_index("ix_publication_tag_concept_id", table_name="publication_tag")
    op.drop_index("ix_publication_tag_publication_id", table_name="publication_tag")
    op.drop_table("publication_tag")

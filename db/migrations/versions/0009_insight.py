"""insight: review tags, recommendation items and their "made before" matches

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.models

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "review_tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("axis", sa.String(length=20), nullable=False),
        sa.Column("concept_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.CheckConstraint("axis IN ('theme', 'agency', 'harm', 'age')", name="review_tag_axis"),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_id", "axis", "concept_id"),
    )
    op.create_index("ix_review_tag_review_id", "review_tag", ["review_id"])
    op.create_index("ix_review_tag_concept_id", "review_tag", ["concept_id"])
    op.create_table(
        "recommendation_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint("source IN ('listing', 'report')", name="recommendation_item_source"),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_id", "source", "position"),
    )
    op.create_index("ix_recommendation_item_review_id", "recommendation_item", ["review_id"])
    op.create_table(
        "recommendation_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("earlier_item_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["recommendation_item.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["earlier_item_id"], ["recommendation_item.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id", "earlier_item_id"),
    )
    op.create_index("ix_recommendation_match_item_id", "recommendation_match", ["item_id"])
    op.create_index(
        "ix_recommendation_match_earlier_item_id", "recommendation_match", ["earlier_item_id"]
    )
    op.create_table(
        "review_insight",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("tags_input", sa.String(length=64), nullable=False),
        sa.Column("items_input", sa.String(length=64), nullable=False),
        sa.Column("updated_at", db.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("review_id"),
    )


def downgrade() -> None:
    op.drop_table("review_insight")
    op.drop_index("ix_recommendation_match_earlier_item_id", table_name="recommendation_match")
    op.drop_index("ix_recommendation_match_item_id", table_name="recommendation_match")
    op.drop_table("recommendation_match")
    op.drop_index("ix_recommendation_item_review_id", table_name="recommendation_item")
    op.drop_table("recommendation_item")
    op.drop_index("ix_review_tag_concept_id", table_name="review_tag")
    op.drop_index("ix_review_tag_review_id", table_name="review_tag")
    op.drop_table("review_tag")

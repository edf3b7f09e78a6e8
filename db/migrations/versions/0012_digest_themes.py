"""digest themes: the opening paragraph per draft, per-agency copies, recipients' agency type;
briefings: the edited text of a review's seven-minute briefing

Revision ID: 0012
Revises: 0011

``digest.theme_mode`` is ``auto`` (built from the reviews' themes and learning), ``custom``
(``digest.theme_text``, edited by the board office) or ``none`` (no opening paragraph).
``digest.variants`` holds, once approved, the bulletin as each agency type receives it (its
reviews first and marked): ``{agency_id: {"html": ..., "text": ...}}``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.models

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("digest") as batch:
        batch.add_column(
            sa.Column("theme_mode", sa.String(length=10), nullable=False, server_default="auto")
        )
        batch.add_column(sa.Column("theme_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("variants", sa.JSON(), nullable=True))
        batch.create_check_constraint(
            "digest_theme_mode", "theme_mode IN ('auto', 'custom', 'none')"
        )
    with op.batch_alter_table("recipient") as batch:
        batch.add_column(sa.Column("agency_type", sa.String(length=64), nullable=True))
    op.create_table(
        "briefing",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("updated_at", db.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=320), nullable=True),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("review_id"),
    )


def downgrade() -> None:
    op.drop_table("briefing")
    with op.batch_alter_table("recipient") as batch:
        batch.drop_column("agency_type")
    with op.batch_alter_table("digest") as batch:
        batch.drop_constraint("digest_theme_mode", type_="check")
        batch.drop_column("variants")
        batch.drop_column("theme_text")
        batch.drop_column("theme_mode")

"""who approved a digest; the scheduler's heartbeat

``digest.approved_by``: the console user's email, or the operating-system user who ran
``digest approve``. ``scheduler_heartbeat``: one row the running scheduler rewrites each minute
(and deletes when it stops), so ``status`` and the console say whether one is running.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.models

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column: a plain ALTER TABLE ADD COLUMN, even on SQLite (no table rebuild).
    op.add_column("digest", sa.Column("approved_by", sa.Text(), nullable=True))
    op.create_table(
        "scheduler_heartbeat",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("started_at", db.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seen_at", db.models.UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("scheduler_heartbeat")
    with op.batch_alter_table("digest") as batch:
        batch.drop_column("approved_by")

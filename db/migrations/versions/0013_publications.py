"""publications: national publications from GOV.UK, their attachments as reports

Revision ID: 0013
Revises: 0012

A ``publication`` table (issue 15), a ``digest_publication`` table (a digest's National learning
section), and ``report`` rows that belong to a review or to a publication: ``review_id``
becomes nullable and ``publication_id`` is added. The kinds are written out here rather than
read from ``db.statuses``: a migration must keep meaning what it meant when it ran.

SQLite rebuilds ``report`` in batch mode, so the full-text index's view and triggers
(migration 0006) are dropped first and made again after, as in migration 0007.
"""

import importlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.models

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = "kind IN ('national_review', 'annual_report', 'briefing', 'research', 'other')"

status_checks = importlib.import_module("db.migrations.versions.0007_status_checks")


def _when(name: str, nullable: bool) -> sa.Column:
    return sa.Column(name, db.models.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("base_path", sa.String(length=1000), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("public_timestamp", sa.String(length=40), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("document_type", sa.String(length=100), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("baseline", sa.Boolean(), nullable=False),
        _when("first_seen_at", False),
        _when("last_seen_at", False),
        sa.Column("first_run_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(KINDS, name="ck_publication_kind"),
        sa.ForeignKeyConstraint(["first_run_id"], ["harvest_run.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("base_path"),
    )
    with op.batch_alter_table("publication") as batch:
        batch.create_index("ix_publication_organisation", ["organisation"])
        batch.create_index("ix_publication_published_on", ["published_on"])
    op.create_table(
        "digest_publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest_id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("included", sa.Boolean(), nullable=False),
        _when("added_at", False),
        sa.ForeignKeyConstraint(["digest_id"], ["digest.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["publication_id"], ["publication.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("publication_id"),
    )
    with op.batch_alter_table("digest_publication") as batch:
        batch.create_index("ix_digest_publication_digest_id", ["digest_id"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        status_checks._drop_search_triggers_and_view()
    with op.batch_alter_table("report") as batch:
        batch.alter_column("review_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("publication_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("title", sa.Text(), nullable=True))
        batch.create_foreign_key(
            "fk_report_publication_id",
            "publication",
            ["publication_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_report_publication_id", ["publication_id"])
    if sqlite:
        status_checks._create_search_view_and_triggers()


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute("DELETE FROM report WHERE review_id IS NULL")
    if sqlite:
        status_checks._drop_search_triggers_and_view()
    with op.batch_alter_table("report") as batch:
        batch.drop_index("ix_report_publication_id")
        batch.drop_constraint("fk_report_publication_id", type_="foreignkey")
        batch.drop_column("title")
        batch.drop_column("publication_id")
        batch.alter_column("review_id", existing_type=sa.Integer(), nullable=False)
    if sqlite:
        status_checks._create_search_view_and_triggers()
    op.drop_table("digest_publication")
    op.drop_table("publication")

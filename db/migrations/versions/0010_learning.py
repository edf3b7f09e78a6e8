"""learning: feedback, CPD acknowledgements, follow-ups, reminders, board report mail, opens

Revision ID: 0010
Revises: 0009

The tables of the learning loop (issue 13). The status values are written out here rather than
read from ``db.statuses``: a migration must keep meaning what it meant when it ran.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.models

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTBOUND = "status IN ('pending', 'sending', 'sent', 'failed', 'skipped')"
OUTCOMES = "outcome IN ('done', 'partly', 'not_yet', 'dropped')"


def _when(name: str, nullable: bool) -> sa.Column:
    return sa.Column(name, db.models.UTCDateTime(timezone=True), nullable=nullable)


def _outbound() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        _when("claimed_at", True),
        _when("sent_at", True),
        _when("created_at", False),
    ]


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("digest_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=True),
        sa.Column("agency", sa.Text(), nullable=True),
        _when("submitted_at", False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("email_key", sa.String(length=320), nullable=True),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("team", sa.Text(), nullable=True),
        sa.Column("reviews", sa.JSON(), nullable=False),
        sa.Column("review_headings", sa.JSON(), nullable=False),
        sa.Column("shared_how", sa.JSON(), nullable=False),
        sa.Column("staff_reached", sa.Integer(), nullable=False),
        sa.Column("change", sa.Text(), nullable=True),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.Column("due", sa.String(length=10), nullable=True),
        sa.Column("confidence_before", sa.Integer(), nullable=False),
        sa.Column("confidence_after", sa.Integer(), nullable=False),
        sa.Column("cpd_minutes", sa.Integer(), nullable=False),
        sa.Column("consent_quote", sa.Boolean(), nullable=False),
        _when("erased_at", True),
        sa.ForeignKeyConstraint(["digest_id"], ["digest.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recipient_id"], ["recipient.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_digest_id", ["digest_id"], unique=False)
        batch_op.create_index("ix_feedback_recipient_id", ["recipient_id"], unique=False)
        batch_op.create_index("ix_feedback_submitted_at", ["submitted_at"], unique=False)
        batch_op.create_index("ix_feedback_email_key", ["email_key"], unique=False)

    op.create_table(
        "cpd_acknowledgement",
        *_outbound(),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(OUTBOUND, name="ck_cpd_acknowledgement_status"),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "feedback_followup",
        *_outbound(),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("barriers", sa.Text(), nullable=True),
        _when("answered_at", True),
        sa.CheckConstraint(OUTBOUND, name="ck_feedback_followup_status"),
        sa.CheckConstraint(OUTCOMES, name="ck_feedback_followup_outcome"),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("feedback_id"),
    )
    op.create_table(
        "feedback_reminder",
        *_outbound(),
        sa.Column("digest_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(OUTBOUND, name="ck_feedback_reminder_status"),
        sa.ForeignKeyConstraint(["digest_id"], ["digest.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recipient_id"], ["recipient.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("digest_id", "recipient_id"),
    )
    op.create_table(
        "board_report_mail",
        *_outbound(),
        sa.Column("period_from", sa.String(length=7), nullable=False),
        sa.Column("period_to", sa.String(length=7), nullable=False),
        sa.CheckConstraint(OUTBOUND, name="ck_board_report_mail_status"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("period_from", "period_to", "email"),
    )
    for table in ("cpd_acknowledgement", "feedback_followup", "feedback_reminder"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_status", ["status"], unique=False)
    with op.batch_alter_table("board_report_mail", schema=None) as batch_op:
        batch_op.create_index("ix_board_report_mail_status", ["status"], unique=False)
    with op.batch_alter_table("cpd_acknowledgement", schema=None) as batch_op:
        batch_op.create_index("ix_cpd_acknowledgement_feedback_id", ["feedback_id"], unique=False)
    with op.batch_alter_table("feedback_reminder", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_reminder_recipient_id", ["recipient_id"], unique=False)

    op.create_table(
        "report_open",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        _when("last_at", False),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agency", "review_id"),
    )
    with op.batch_alter_table("report_open", schema=None) as batch_op:
        batch_op.create_index("ix_report_open_review_id", ["review_id"], unique=False)


def downgrade() -> None:
    for table in (
        "report_open",
        "board_report_mail",
        "feedback_reminder",
        "feedback_followup",
        "cpd_acknowledgement",
        "feedback",
    ):
        op.drop_table(table)

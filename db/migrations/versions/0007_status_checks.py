"""status checks

Revision ID: 0007
Revises: 0006

A CHECK on each status column (``digest``, ``delivery``, ``report``), so a typo or a stray
hand edit cannot store a status no code knows. The values are written out here rather than
read from ``db.statuses``: a migration must keep meaning what it meant when it ran.

SQLite cannot add a CHECK to a table; batch mode rebuilds each table (copy, drop, rename),
with foreign keys off for the migration (db/migrations/env.py), or dropping ``digest`` would
cascade to its items and deliveries. Rebuilding ``report`` needs the full-text index's view and
triggers (migration 0006) out of the way while the table is renamed; they are made again
after, and the index itself keeps its rows (the reports' text does not change).
"""

import importlib
from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = {
    "digest": ("draft", "approved", "sending", "sent"),
    "delivery": ("pending", "sending", "sent", "failed", "skipped"),
    "report": ("pending", "ok", "empty", "needs_ocr", "failed"),
}

# A module name that starts with a digit cannot be imported with an import statement.
search = importlib.import_module("db.migrations.versions.0006_review_search")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _drop_search_triggers_and_view() -> None:
    for trigger in search.SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger.split()[2]}")
    op.execute("DROP VIEW IF EXISTS review_search_source")


def _create_search_view_and_triggers() -> None:
    op.execute(search.SQLITE_VIEW)
    for trigger in search.SQLITE_TRIGGERS:
        op.execute(trigger)


def upgrade() -> None:
    if _sqlite():
        _drop_search_triggers_and_view()
    for table, values in STATUSES.items():
        allowed = ", ".join(f"'{value}'" for value in values)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_check_constraint(f"ck_{table}_status", f"status IN ({allowed})")
    if _sqlite():
        _create_search_view_and_triggers()


def downgrade() -> None:
    if _sqlite():
        _drop_search_triggers_and_view()
    for table in reversed(STATUSES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"ck_{table}_status", type_="check")
    if _sqlite():
        _create_search_view_and_triggers()

"""The database: models, engine/session setup and Alembic migrations."""

from db.engine import Database, open_database
from db.models import (
    Base,
    HarvestRun,
    Page,
    QuarantinedEntry,
    Report,
    Review,
    ReviewChange,
    RobotsFile,
    utcnow,
)

__all__ = [
    "Base",
    "Database",
    "HarvestRun",
    "Page",
    "QuarantinedEntry",
    "Report",
    "Review",
    "ReviewChange",
    "RobotsFile",
    "open_database",
    "utcnow",
]

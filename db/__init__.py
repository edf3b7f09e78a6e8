"""The database: models, engine/session setup and Alembic migrations."""

from db.engine import Database, open_database
from db.models import (
    Alert,
    Base,
    ConsoleUser,
    Delivery,
    Digest,
    DigestItem,
    HarvestRun,
    LoginAttempt,
    Page,
    Publication,
    QuarantinedEntry,
    Recipient,
    Report,
    Review,
    ReviewChange,
    RobotsFile,
    utcnow,
)

__all__ = [
    "Alert",
    "Base",
    "ConsoleUser",
    "Database",
    "Delivery",
    "Digest",
    "DigestItem",
    "HarvestRun",
    "LoginAttempt",
    "Page",
    "Publication",
    "QuarantinedEntry",
    "Recipient",
    "Report",
    "Review",
    "ReviewChange",
    "RobotsFile",
    "open_database",
    "utcnow",
]

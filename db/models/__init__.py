"""SQLAlchemy 2 models: the tables named in architecture.md, one module per stage.

Every model is imported here, so ``Base.metadata`` (Alembic's target) and string references
between models see all of them.
"""

from db.models.base import Base, Outbound, UTCDateTime, utcnow
from db.models.digests import Delivery, Digest, DigestItem, Recipient
from db.models.insight import (
    PublicationInsight,
    PublicationTag,
    RecommendationIndex,
    RecommendationItem,
    RecommendationMatch,
    ReviewInsight,
    ReviewTag,
)
from db.models.learning import (
    BoardReportMail,
    Briefing,
    CpdAcknowledgement,
    Feedback,
    FeedbackReminder,
    FollowUp,
    ReportOpen,
)
from db.models.operations import Alert, ConsoleUser, LoginAttempt, SchedulerHeartbeat
from db.models.sources import (
    HarvestRun,
    Page,
    Publication,
    QuarantinedEntry,
    Report,
    Review,
    ReviewChange,
    RobotsFile,
)

__all__ = [
    "Alert",
    "Base",
    "BoardReportMail",
    "Briefing",
    "ConsoleUser",
    "CpdAcknowledgement",
    "Delivery",
    "Digest",
    "DigestItem",
    "Feedback",
    "FeedbackReminder",
    "FollowUp",
    "HarvestRun",
    "LoginAttempt",
    "Outbound",
    "Page",
    "Publication",
    "PublicationInsight",
    "PublicationTag",
    "QuarantinedEntry",
    "Recipient",
    "RecommendationIndex",
    "RecommendationItem",
    "RecommendationMatch",
    "Report",
    "ReportOpen",
    "Review",
    "ReviewChange",
    "ReviewInsight",
    "ReviewTag",
    "RobotsFile",
    "SchedulerHeartbeat",
    "UTCDateTime",
    "utcnow",
]

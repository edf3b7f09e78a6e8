"""Read-only views over the database in the shapes the CLI (and later the web console) show."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from db.models import HarvestRun, Page, QuarantinedEntry, Review

REVIEW_FIELDS = (
    "id",
    "published_year",
    "published_month",
    "area",
    "title",
    "summary",
    "background",
    "learning",
    "recommendations",
    "response",
    "model",
    "keywords",
    "report_url",
    "source_url",
    "first_seen_at",
    "baseline",
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def review_dict(review: Review, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(review, name) for name in REVIEW_FIELDS}
    data["first_seen_at"] = _iso(review.first_seen_at)
    data["report"] = None  # the overview report arrives with the reports stage
    if detail:
        data["sections"] = review.sections
        data["last_seen_at"] = _iso(review.last_seen_at)
        data["updated_at"] = _iso(review.updated_at)
        data["changes"] = [
            {
                "changed_at": _iso(change.changed_at),
                "fields": change.fields,
                "previous": change.previous,
            }
            for change in review.changes
        ]
    return data


def list_reviews(session: Session, since: tuple[int, int] | None = None) -> list[Review]:
    """Reviews, newest publication first; ``since`` keeps those published in or after (year, month).

    A review dated only by year counts as published in every month of that year.
    """
    query = select(Review)
    if since is not None:
        year, month = since
        query = query.where(
            or_(
                Review.published_year > year,
                (Review.published_year == year)
                & or_(Review.published_month.is_(None), Review.published_month >= month),
            )
        )
    query = query.order_by(
        Review.published_year.desc(),
        func.coalesce(Review.published_month, 0).desc(),
        Review.area,
        Review.title,
        Review.id,
    )
    return list(session.scalars(query))


def run_dict(run: HarvestRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "trigger": run.trigger,
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        "outcome": run.outcome,
        "counts": run.counts,
        "errors": run.errors,
    }


def status_report(session: Session, recent_runs: int = 5) -> dict[str, Any]:
    runs = session.scalars(
        select(HarvestRun).order_by(HarvestRun.id.desc()).limit(recent_runs)
    ).all()
    quarantined = session.scalars(
        select(QuarantinedEntry).order_by(QuarantinedEntry.page_url, QuarantinedEntry.id)
    ).all()
    pages = session.scalars(select(Page).order_by(Page.url)).all()
    reviews = session.scalar(select(func.count(Review.id))) or 0
    baseline = session.scalar(select(func.count(Review.id)).where(Review.baseline)) or 0
    return {
        "reviews": {"total": reviews, "baseline": baseline},
        "runs": [run_dict(run) for run in runs],
        "pages": [
            {
                "url": page.url,
                "last_status": page.last_status,
                "last_error": page.last_error,
                "entries": page.entry_count,
                "last_fetched_at": _iso(page.last_fetched_at),
                "last_updated": page.last_updated,
            }
            for page in pages
        ],
        "quarantined": [
            {
                "page_url": row.page_url,
                "heading": row.heading,
                "reason": row.reason,
                "first_seen_at": _iso(row.first_seen_at),
                "raw_text": row.raw_text,
            }
            for row in quarantined
        ],
    }

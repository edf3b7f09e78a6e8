"""reviews list|show: the harvested reviews."""

from __future__ import annotations

from typing import Any

import click

from commands.common import App, emit_json, emit_table, format_option, parse_since, pass_app
from common.fields import shown_label
from common.months import Month
from common.text import strip_invisible
from db import Review
from db.queries import list_reviews, review_dict
from db.search import search_all


def _published_since(review: Review, period: Month | None) -> bool:
    if period is None or review.published_year != period.year:
        return period is None or review.published_year > period.year
    return review.published_month is None or review.published_month >= period.month


@click.group()
def reviews() -> None:
    """List and show harvested reviews."""


@reviews.command("list")
@format_option("table", "json")
@click.option("--since", metavar="YYYY-MM", help="Only reviews published in or after this month.")
@click.option(
    "--search",
    metavar="TEXT",
    help='Full-text search of the listings and report text, best match first ("a phrase", '
    "OR, -word).",
)
@pass_app
def reviews_list(app: App, fmt: str, since: str | None, search: str | None) -> None:
    """List stored reviews, newest first (best match first with --search).

    Example: scr-digest reviews list --since 2025-01 --format json
    """
    period = parse_since(since)
    with app.database().session() as session:
        if search is None:
            found = list_reviews(session, period)
        else:
            found = [r for r in search_all(session, search) if _published_since(r, period)]
        rows = [review_dict(review) for review in found]
    if fmt == "json":
        emit_json(rows)
    else:
        emit_review_table(rows)


def emit_review_table(rows: list[dict[str, Any]]) -> None:
    table = []
    for row in rows:
        month = f"-{row['published_month']:02d}" if row["published_month"] else ""
        table.append(
            {
                **row,
                "published": f"{row['published_year']}{month}",
                "baseline": "yes" if row["baseline"] else "",
                "keywords": ", ".join(row["keywords"][:3]),
            }
        )
    emit_table(table, ["id", "published", "area", "title", "baseline", "keywords"])


@reviews.command("show")
@click.argument("review_id", type=int)
@format_option("text", "json")
@click.option("--with-text", is_flag=True, help="Include the overview report's full text.")
@pass_app
def reviews_show(app: App, review_id: int, fmt: str, with_text: bool) -> None:
    """Show one review with every section as published.

    Example: scr-digest reviews show 12 --format json
    """
    with app.database().session() as session:
        review = session.get(Review, review_id)
        if review is None:
            raise click.ClickException(f"no review with id {review_id}")
        data = review_dict(review, detail=True, with_text=with_text)
    if fmt == "json":
        emit_json(data)
        return
    click.echo(strip_invisible(f"{data['published_year']} – {data['area']} – {data['title']}"))
    for section in data["sections"]:
        # The bulletin's rule: "Recommendations: include" is shown "Recommendations".
        label = shown_label(section["label"]) or section["field"].capitalize()
        click.echo(f"\n{label}\n  {strip_invisible(section['text'])}")
    click.echo("")
    for name in ("report_url", "source_url", "first_seen_at", "baseline"):
        click.echo(f"{name}: {strip_invisible(data[name])}")
    for change in data["changes"]:
        click.echo(f"changed at {change['changed_at']}: {', '.join(change['fields'])}")
    report = data["report"]
    if report is not None:
        detail = f" ({report['reason']})" if report["reason"] else ""
        click.echo(
            f"\nOverview report: {report['status']}{strip_invisible(detail)}, "
            f"{report['pages'] or 0} "
            f"pages, {report['text_chars']:,} characters, sha256 {report['sha256']}"
        )
        for heading in report["headings"]:
            click.echo(f"  {strip_invisible(heading)}")
        for number, recommendation in enumerate(report["recommendations"], start=1):
            click.echo(f"  Recommendation {number}: {strip_invisible(recommendation)}")
        if with_text and report.get("text"):
            click.echo(f"\n{strip_invisible(report['text'])}")

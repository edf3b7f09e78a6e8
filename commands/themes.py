"""themes list|retag|trends: the taxonomy, tagging reviews with it, and theme trends."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from commands.common import App, emit_json, emit_table, format_option, pass_app
from common.exits import EXIT_BUSY
from common.text import strip_invisible
from db.locks import LockBusy
from db.queries import tag_counts
from insight.store import InsightCounts, refresh, stored_trends
from insight.taxonomy import OVERRIDE_FILE, Taxonomy, TaxonomyError, load
from insight.trends import chart_svg


def board_taxonomy(app: App) -> Taxonomy:
    try:
        return load(app.config.data_dir)
    except TaxonomyError as exc:
        raise click.ClickException(f"taxonomy: {strip_invisible(exc)}") from exc


def counts_line(counts: InsightCounts) -> str:
    return (
        f"{counts.reviews} reviews, {counts.reviews_tagged} tagged: tags {counts.tags_added} "
        f"added, "
        f"{counts.tags_changed} changed, {counts.tags_removed} removed; recommendation items "
        f"{counts.items_added} added, {counts.items_changed} changed, {counts.items_removed} "
        f"removed; made-before matches {counts.matches_added} added, {counts.matches_changed} "
        f"changed, {counts.matches_removed} removed; {counts.publications} national "
        f"publications, {counts.publications_tagged} tagged: tags "
        f"{counts.publication_tags_added} added, {counts.publication_tags_changed} changed, "
        f"{counts.publication_tags_removed} removed"
    )


def update_after_harvest(app: App) -> None:
    """Tag what a harvest or an extraction stored; a problem is a warning, not a failed harvest
    (the reviews are stored; ``themes retag`` catches up)."""
    try:
        refresh(app.database(), app.config)
    except (TaxonomyError, LockBusy) as exc:
        click.echo(f"warning: themes not updated: {strip_invisible(exc)}", err=True)


@click.group()
def themes() -> None:
    """Themes and agencies of the reviews, and their trends."""


@themes.command("list")
@format_option("table", "json")
@pass_app
def themes_list(app: App, fmt: str) -> None:
    """The taxonomy in use: every theme and agency with its id and how many reviews have it.

    Example: scr-digest themes list --format json
    """
    taxonomy = board_taxonomy(app)
    with app.database().session() as session:
        used = tag_counts(session)
    rows = [
        {
            "axis": c.axis,
            "id": c.id,
            "name": c.name,
            "reviews": used.get((c.axis, c.id), 0),
            "description": c.description,
        }
        for c in taxonomy.concepts
    ]
    if fmt == "json":
        emit_json(rows)
    else:
        emit_table(
            [{**row, "reviews": str(row["reviews"])} for row in rows],
            ["axis", "id", "reviews", "name"],
        )
        override = app.config.data_dir / OVERRIDE_FILE
        state = "in use" if override.is_file() else "none"
        click.echo(f"\nboard's taxonomy file: {override} ({state})")


@themes.command("retag")
@click.option("--wait", is_flag=True, help="Wait for a running update instead of exiting 4.")
@format_option("text", "json")
@pass_app
def themes_retag(app: App, wait: bool, fmt: str) -> None:
    """Tag every review and national publication again, split the reviews' recommendations
    and find what was made before.

    Run it after changing the board's taxonomy file; harvests and extractions do it for what
    they store. A rerun with nothing changed writes nothing.

    Example: scr-digest themes retag
    """
    board_taxonomy(app)  # a broken file is reported before anything starts
    try:
        counts = refresh(app.database(), app.config, rebuild=True, wait=wait)
    except LockBusy as exc:
        click.echo(f"Error: {strip_invisible(exc)}", err=True)
        sys.exit(EXIT_BUSY)
    if fmt == "json":
        emit_json(counts.as_dict())
    else:
        click.echo(counts_line(counts))


@themes.command("trends")
@click.option("--from", "start", type=int, metavar="YYYY", help="First year of publication.")
@click.option("--to", "end", type=int, metavar="YYYY", help="Last year of publication.")
@format_option("table", "json", "svg")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@pass_app
def themes_trends(app: App, start: int | None, end: int | None, fmt: str, out: Path | None) -> None:
    """Per theme, the number and share of reviews per year of publication.

    Example: scr-digest themes trends --from 2014 --format svg --out themes.svg
    """
    if start is not None and end is not None and start > end:
        raise click.BadParameter("--from is after --to", param_hint="--from")
    figures = stored_trends(app.database(), board_taxonomy(app), start=start, end=end)
    if fmt == "json":
        text = json.dumps(figures, indent=2, ensure_ascii=False)
    elif fmt == "svg":
        text = chart_svg(figures)
    else:
        text = trends_table(figures)
    if out is not None:
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    else:
        click.echo(text.rstrip("\n"))


def trends_table(figures: dict[str, Any]) -> str:
    """Themes down, years across: "reviews (share%)" per cell; themes no review has are left out."""
    years = [row["year"] for row in figures["years"]]
    totals = [row["reviews"] for row in figures["years"]]
    rows = [t for t in figures["themes"] if t["reviews"]]
    header = ["theme", *[str(year) for year in years]]
    lines = [header, ["(reviews)", *[str(total) for total in totals]]]
    for theme in rows:
        cells = [
            f"{p['reviews']} ({round(p['share'] * 100)}%)" if p["reviews"] else "-"
            for p in theme["by_year"]
        ]
        lines.append([theme["name"], *cells])
    if not rows:
        return "(no tagged reviews)"
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )

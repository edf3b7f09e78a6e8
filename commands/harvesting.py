"""harvest and reports: reading the source site and the archived overview reports."""

from __future__ import annotations

import sys

import click

from commands.common import App, emit_json, format_option, parse_since, pass_app, progress_bar
from commands.themes import update_after_harvest
from common.exits import EXIT_BUSY
from common.text import strip_invisible
from db.locks import LockBusy
from harvester.harvest import HarvestBusy, HarvestResult, PageOutcome, harvest
from harvester.reports import StorageError, reextract


def print_harvest(result: HarvestResult, fmt: str, *, pages_shown: bool = False) -> None:
    """The run's outcome; pages are listed unless they were printed as they finished."""
    if fmt == "json":
        emit_json(result.as_dict())
    else:
        if not pages_shown:
            for page in result.pages:
                click.echo(page_line(page))
        counts = result.counts
        click.echo(
            f"run {result.run_id}: {result.outcome}; pages {counts['pages_fetched']} fetched, "
            f"{counts['pages_unchanged']} unchanged, {counts['pages_skipped']} skipped, "
            f"{counts['pages_failed'] + counts['pages_layout_alarm']} failed; entries "
            f"{counts['entries_new']} new, {counts['entries_updated']} updated, "
            f"{counts['entries_unchanged']} unchanged, {counts['entries_quarantined']} "
            f"quarantined; reports {counts['reports_downloaded']} downloaded, "
            f"{counts['reports_extracted']} extracted, {counts['reports_needs_ocr']} need OCR, "
            f"{counts['reports_failed']} failed; {counts['requests']} requests"
        )
    for error in result.errors:
        click.echo(f"error: {strip_invisible(error)}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {strip_invisible(warning)}", err=True)


def page_line(page: PageOutcome) -> str:
    entries = page.entries
    detail = (
        (
            f"{entries.new} new, {entries.updated} updated, {entries.unchanged} unchanged, "
            f"{entries.quarantined} quarantined"
        )
        if page.status == "changed"
        else ""
    )
    return f"{page.status:<13} {strip_invisible(page.url)}  {detail}".rstrip()


@click.command("harvest")
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="URL",
    help="Listing page to read instead of the configured sources (repeatable).",
)
@click.option(
    "--govuk-org",
    "govuk_orgs",
    multiple=True,
    metavar="ORG",
    help="GOV.UK organisation (slug) to read instead of the configured ones (repeatable).",
)
@click.option("--no-govuk", is_flag=True, help="Do not read GOV.UK's national publications.")
@click.option(
    "--no-reports",
    is_flag=True,
    help="Store the listings only; do not download or extract overview reports.",
)
@click.option("--force", is_flag=True, help="Ignore conditional-request caches; parse every page.")
@click.option(
    "--since",
    metavar="YYYY-MM",
    help="Fetch overview reports only for reviews published in or after this month "
    "(listing pages are still read in full).",
)
@click.option(
    "--wait",
    is_flag=True,
    help="If another harvest is running against this database, wait for it instead of exiting 4.",
)
@format_option("text", "json")
@pass_app
def harvest_command(
    app: App,
    sources: tuple[str, ...],
    govuk_orgs: tuple[str, ...],
    no_govuk: bool,
    no_reports: bool,
    force: bool,
    since: str | None,
    wait: bool,
    fmt: str,
) -> None:
    """Read the listing pages and GOV.UK's national publications; store every entry.

    GOV.UK is read for the configured organisations (govuk_organisations), or those given
    with --govuk-org; --no-govuk skips it, and so does --source without --govuk-org (a run
    told which pages to read reads only those). Each source is read even when another fails.

    Exit status: 0 done (even if some entries were quarantined), 2 a source could not be
    fetched (or GOV.UK refused the search), 3 layout alarm (a page or a search yielded no or far
    fewer entries; nothing from it stored), 4 another harvest is running against this database
    (nothing done; see --wait), 1 any other error, such as a data directory that is full or
    read-only.

    Example: scr-digest harvest --source https://example.org/case-reviews/2016/
    """
    show_pages = fmt == "text"
    try:
        with progress_bar("overview reports") as on_report_progress:
            result = harvest(
                app.database(),
                app.config,
                sources=sources or None,
                govuk_organisations=() if no_govuk else (govuk_orgs or None),
                force=force,
                reports=not no_reports,
                on_page=(lambda page: click.echo(page_line(page))) if show_pages else None,
                since=parse_since(since),
                on_report_progress=on_report_progress,
                wait=wait,
            )
    except HarvestBusy as exc:
        click.echo(f"error: {strip_invisible(exc)}", err=True)
        sys.exit(EXIT_BUSY)
    except StorageError as exc:
        raise click.ClickException(
            f"{strip_invisible(exc)} (the harvest stopped; run it again once fixed)"
        ) from exc
    print_harvest(result, fmt, pages_shown=show_pages)
    update_after_harvest(app)
    sys.exit(result.exit_code)


@click.group()
def reports() -> None:
    """Work on archived overview reports."""


@reports.command("extract")
@click.option("--id", "review_id", type=int, help="Only the report of this review.")
@click.option("--failed", is_flag=True, help="Only reports whose extraction failed.")
@click.option("--all", "all_", is_flag=True, help="Every archived report (the default).")
@click.option("--wait", is_flag=True, help="Wait for a running harvest instead of exiting 4.")
@format_option("text", "json")
@pass_app
def reports_extract(
    app: App, review_id: int | None, failed: bool, all_: bool, wait: bool, fmt: str
) -> None:
    """Extract archived reports again, without the network.

    Reports whose bytes and extractor version are unchanged are not redone; failed ones are,
    and so are those that need OCR once OCR is installed.

    Example: scr-digest reports extract --failed
    """
    if sum((review_id is not None, failed, all_)) > 1:
        raise click.UsageError("give one of --id, --failed and --all")
    try:
        counts = reextract(
            app.database(), app.config, review_id=review_id, failed=failed, wait=wait
        )
    except LockBusy as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_BUSY)
    update_after_harvest(app)
    if fmt == "json":
        emit_json(counts.as_counts() | {"reports_unchanged": counts.skipped})
    else:
        click.echo(
            f"{counts.extracted} extracted, {counts.needs_ocr} need OCR, "
            f"{counts.failed} failed, {counts.skipped} unchanged and not redone"
        )

"""The ``scr-digest`` command: parse options, call one function, print. Nothing else lives here."""

from __future__ import annotations

import json
import logging
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click

import config as settings
from db import Database, Review, open_database
from db.queries import list_reviews, review_dict, status_report
from harvester.harvest import HarvestResult, PageOutcome, harvest

F = TypeVar("F", bound=Callable[..., Any])
# Scraped text is printed to terminals too: control characters could rewrite the screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class App:
    config: settings.Config
    _database: Database | None = field(default=None, repr=False)

    def database(self) -> Database:
        if self._database is None:
            try:
                self._database = open_database(self.config.db_url)
            except Exception as exc:  # any driver error: say which database and why, no traceback
                raise click.ClickException(
                    f"cannot open the database {self.config.db_url}: {exc}"
                ) from exc
        return self._database


pass_app = click.make_pass_decorator(App)


def format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format; json is for other programs.",
    )


def safe(text: object) -> str:
    return _CONTROL.sub("", "" if text is None else str(text))


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def emit_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    """Plain columns sized to the terminal: the last column is cut to fit, never wrapped."""
    if not rows:
        click.echo("(none)")
        return
    cells = [[safe(row.get(column, "")) for column in columns] for row in rows]
    widths = [
        max(len(column), *(len(line[i]) for line in cells)) for i, column in enumerate(columns)
    ]
    room = shutil.get_terminal_size((120, 24)).columns - sum(widths[:-1]) - 2 * (len(widths) - 1)
    widths[-1] = max(10, min(widths[-1], room))
    for line in [list(columns), *cells]:
        padded = [value[:width].ljust(width) for value, width in zip(line, widths, strict=True)]
        click.echo("  ".join(padded).rstrip())


def _since(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise click.BadParameter("expected YYYY-MM, for example 2025-01", param_hint="--since")
    return int(match.group(1)), int(match.group(2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="SCR_DIGEST_CONFIG",
    help="TOML settings file (env: SCR_DIGEST_CONFIG).",
)
@click.option("--db", help="Database URL (overrides SCR_DIGEST_DB).")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Data directory (overrides SCR_DIGEST_DATA_DIR).",
)
@click.option("-v", "--verbose", count=True, help="More logging: -v info, -vv debug.")
@click.version_option(settings.VERSION, prog_name="scr-digest")
@click.pass_context
def main(
    ctx: click.Context,
    config_path: Path | None,
    db: str | None,
    data_dir: Path | None,
    verbose: int,
) -> None:
    """Keep a safeguarding board up to date with newly published national case reviews.

    Example: scr-digest harvest && scr-digest reviews list --since 2025-01
    """
    try:
        config = settings.load(config_path).with_overrides(db=db, data_dir=data_dir)
    except settings.ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    level = {0: config.log_level.upper(), 1: "INFO"}.get(verbose, "DEBUG")
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app = App(config)
    ctx.obj = app
    ctx.call_on_close(lambda: app._database.close() if app._database else None)


def _print_harvest(result: HarvestResult, fmt: str, *, pages_shown: bool = False) -> None:
    """The run's outcome; pages are listed unless they were printed as they finished."""
    if fmt == "json":
        emit_json(result.as_dict())
    else:
        if not pages_shown:
            for page in result.pages:
                click.echo(_page_line(page))
        counts = result.counts
        click.echo(
            f"run {result.run_id}: {result.outcome}; pages {counts['pages_fetched']} fetched, "
            f"{counts['pages_unchanged']} unchanged, {counts['pages_skipped']} skipped, "
            f"{counts['pages_failed'] + counts['pages_layout_alarm']} failed; entries "
            f"{counts['entries_new']} new, {counts['entries_updated']} updated, "
            f"{counts['entries_unchanged']} unchanged, {counts['entries_quarantined']} "
            f"quarantined; {counts['requests']} requests"
        )
    for error in result.errors:
        click.echo(f"error: {safe(error)}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {safe(warning)}", err=True)


def _page_line(page: PageOutcome) -> str:
    entries = page.entries
    detail = (
        (
            f"{entries.new} new, {entries.updated} updated, {entries.unchanged} unchanged, "
            f"{entries.quarantined} quarantined"
        )
        if page.status == "changed"
        else ""
    )
    return f"{page.status:<13} {safe(page.url)}  {detail}".rstrip()


@main.command("harvest")
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="URL",
    help="Listing page to read instead of the configured sources (repeatable).",
)
@click.option(
    "--no-reports",
    is_flag=True,
    help="Do not follow report links (reports are not followed by this version yet).",
)
@click.option("--force", is_flag=True, help="Ignore conditional-request caches; parse every page.")
@format_option("text", "json")
@pass_app
def harvest_command(
    app: App, sources: tuple[str, ...], no_reports: bool, force: bool, fmt: str
) -> None:
    """Read the listing pages and store every review entry.

    Exit status: 0 done (even if some entries were quarantined), 2 a source could not be
    fetched, 3 layout alarm (a page yielded no or far fewer entries; nothing from it stored).

    Example: scr-digest harvest --source https://example.org/case-reviews/2016/
    """
    show_pages = fmt == "text"
    result = harvest(
        app.database(),
        app.config,
        sources=sources or None,
        force=force,
        on_page=(lambda page: click.echo(_page_line(page))) if show_pages else None,
    )
    _print_harvest(result, fmt, pages_shown=show_pages)
    sys.exit(result.exit_code)


@main.group()
def reviews() -> None:
    """List and show harvested reviews."""


@reviews.command("list")
@format_option("table", "json")
@click.option("--since", metavar="YYYY-MM", help="Only reviews published in or after this month.")
@pass_app
def reviews_list(app: App, fmt: str, since: str | None) -> None:
    """List stored reviews, newest first.

    Example: scr-digest reviews list --since 2025-01 --format json
    """
    period = _since(since)
    with app.database().session() as session:
        rows = [review_dict(review) for review in list_reviews(session, period)]
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
@click.option("--with-text", is_flag=True, help="Include the report's full text (reports stage).")
@pass_app
def reviews_show(app: App, review_id: int, fmt: str, with_text: bool) -> None:
    """Show one review with every section as published.

    Example: scr-digest reviews show 12 --format json
    """
    with app.database().session() as session:
        review = session.get(Review, review_id)
        if review is None:
            raise click.ClickException(f"no review with id {review_id}")
        data = review_dict(review, detail=True)
    if fmt == "json":
        emit_json(data)
        return
    click.echo(safe(f"{data['published_year']} – {data['area']} – {data['title']}"))
    for section in data["sections"]:
        label = section["label"] or section["field"].capitalize()
        click.echo(f"\n{safe(label)}\n  {safe(section['text'])}")
    click.echo("")
    for name in ("report_url", "source_url", "first_seen_at", "baseline"):
        click.echo(f"{name}: {safe(data[name])}")
    for change in data["changes"]:
        click.echo(f"changed at {change['changed_at']}: {', '.join(change['fields'])}")


@main.command("status")
@format_option("text", "json")
@pass_app
def status_command(app: App, fmt: str) -> None:
    """Recent runs, page health and quarantined entries.

    Example: scr-digest status --format json
    """
    with app.database().session() as session:
        report = status_report(session)
    if fmt == "json":
        emit_json(report)
        return
    totals = report["reviews"]
    click.echo(f"reviews: {totals['total']} stored, {totals['baseline']} baseline")
    click.echo("\nrecent harvests:")
    for run in report["runs"]:
        counts = run["counts"]
        summary = ", ".join(f"{key} {value}" for key, value in counts.items() if value)
        click.echo(f"  #{run['id']} {run['started_at']} {run['outcome']}: {summary}")
        for error in run["errors"]:
            click.echo(f"      {safe(error)}")
    click.echo("\npages:")
    for page in report["pages"]:
        click.echo(
            f"  {page['last_status'] or '-':<13} {page['entries'] or 0:>4} entries  "
            f"{safe(page['url'])}"
        )
    click.echo(f"\nquarantined entries: {len(report['quarantined'])}")
    for row in report["quarantined"]:
        click.echo(
            f"  {safe(row['heading'])}  ({safe(row['page_url'])})\n      {safe(row['reason'])}"
        )


@main.command("demo")
@click.option(
    "--dir",
    "demo_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("scr-digest-demo"),
    show_default=True,
    help="Where the demo's database goes; recreated on each run.",
)
def demo_command(demo_dir: Path) -> None:
    """Run the whole pipeline against the bundled sample site on 127.0.0.1 (no network).

    Example: scr-digest demo
    """
    from sample_site.demo import DemoError, run_demo

    try:
        report = run_demo(demo_dir)
    except DemoError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Sample site served at {report.site_url}; data in {report.demo_dir}/\n")
    click.echo(
        "First harvest (an empty database: the backlog is baseline, except the "
        "monthly update page):"
    )
    _print_harvest(report.first, "text")
    click.echo("\nStored reviews:")
    emit_review_table(report.reviews)
    click.echo(f"\nQuarantined entries: {len(report.quarantined)}")
    for row in report.quarantined:
        click.echo(f"  {safe(row['heading'])}: {safe(row['reason'])}")
    click.echo("\nSecond harvest (conditional requests; nothing changed):")
    _print_harvest(report.second, "text")
    click.echo(f"\nTry: scr-digest --data-dir {report.demo_dir} reviews show 1")

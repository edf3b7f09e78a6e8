"""The ``scr-digest`` command: parse options, call one function, print. Nothing else lives here."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy.exc import OperationalError

import config as settings
from db import Database, Review, open_database
from db.locks import LockBusy
from db.queries import list_reviews, review_dict, status_report
from db.search import search_all
from digest import recipients as recipient_list
from digest import workflow
from digest.mail import MailError, Transport, transport_for
from digest.records import Month
from harvester.harvest import EXIT_BUSY, HarvestBusy, HarvestResult, PageOutcome, harvest
from harvester.reports import StorageError, reextract

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


def _published_since(review: Review, period: tuple[int, int] | None) -> bool:
    if period is None or review.published_year != period[0]:
        return period is None or review.published_year > period[0]
    return review.published_month is None or review.published_month >= period[1]


class _Main(click.Group):
    """The command group, turning a refused write anywhere (disk full, read-only data directory,
    a database that cannot be written) into one line naming the path and the cause."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            logging.getLogger(__name__).debug("stopped by", exc_info=True)
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from exc
        except OperationalError as exc:  # SQLite: "database or disk is full", "readonly database"
            logging.getLogger(__name__).debug("stopped by", exc_info=True)
            raise click.ClickException(f"database error: {safe(exc.orig or exc)}") from exc


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
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
    if config.log_file and not any(
        getattr(handler, "baseFilename", None) == str(config.log_file.resolve())
        for handler in logging.getLogger().handlers
    ):
        config.log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(config.log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logging.getLogger().addHandler(handler)
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
            f"quarantined; reports {counts['reports_downloaded']} downloaded, "
            f"{counts['reports_extracted']} extracted, {counts['reports_needs_ocr']} need OCR, "
            f"{counts['reports_failed']} failed; {counts['requests']} requests"
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
    no_reports: bool,
    force: bool,
    since: str | None,
    wait: bool,
    fmt: str,
) -> None:
    """Read the listing pages and store every review entry.

    Exit status: 0 done (even if some entries were quarantined), 2 a source could not be
    fetched, 3 layout alarm (a page yielded no or far fewer entries; nothing from it stored),
    4 another harvest is running against this database (nothing done; see --wait), 1 any other
    error, such as a data directory that is full or read-only.

    Example: scr-digest harvest --source https://example.org/case-reviews/2016/
    """
    show_pages = fmt == "text"
    try:
        with progress_bar("overview reports") as on_report_progress:
            result = harvest(
                app.database(),
                app.config,
                sources=sources or None,
                force=force,
                reports=not no_reports,
                on_page=(lambda page: click.echo(_page_line(page))) if show_pages else None,
                since=_since(since),
                on_report_progress=on_report_progress,
                wait=wait,
            )
    except HarvestBusy as exc:
        click.echo(f"error: {safe(exc)}", err=True)
        sys.exit(EXIT_BUSY)
    except StorageError as exc:
        raise click.ClickException(
            f"{safe(exc)} (the harvest stopped; run it again once fixed)"
        ) from exc
    _print_harvest(result, fmt, pages_shown=show_pages)
    sys.exit(result.exit_code)


@main.group()
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
    period = _since(since)
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
    click.echo(safe(f"{data['published_year']} – {data['area']} – {data['title']}"))
    for section in data["sections"]:
        label = section["label"] or section["field"].capitalize()
        click.echo(f"\n{safe(label)}\n  {safe(section['text'])}")
    click.echo("")
    for name in ("report_url", "source_url", "first_seen_at", "baseline"):
        click.echo(f"{name}: {safe(data[name])}")
    for change in data["changes"]:
        click.echo(f"changed at {change['changed_at']}: {', '.join(change['fields'])}")
    report = data["report"]
    if report is not None:
        detail = f" ({report['reason']})" if report["reason"] else ""
        click.echo(
            f"\nOverview report: {report['status']}{safe(detail)}, {report['pages'] or 0} "
            f"pages, {report['text_chars']:,} characters, sha256 {report['sha256']}"
        )
        for heading in report["headings"]:
            click.echo(f"  {safe(heading)}")
        for number, recommendation in enumerate(report["recommendations"], start=1):
            click.echo(f"  Recommendation {number}: {safe(recommendation)}")
        if with_text and report.get("text"):
            click.echo(f"\n{safe(report['text'])}")


@main.group()
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

    Reports whose bytes and extractor version are unchanged are not redone; failed ones are.

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
    if fmt == "json":
        emit_json(counts.as_counts() | {"reports_unchanged": counts.skipped})
    else:
        click.echo(
            f"{counts.extracted} extracted, {counts.needs_ocr} need OCR, "
            f"{counts.failed} failed, {counts.skipped} unchanged and not redone"
        )


@main.command("status")
@format_option("text", "json")
@pass_app
def status_command(app: App, fmt: str) -> None:
    """Recent runs, page health, quarantined entries, the digest and its deliveries.

    Example: scr-digest status --format json
    """
    import scheduler

    with app.database().session() as session:
        report = status_report(session)
    report["schedule"] = scheduler.planned(app.database(), app.config)
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
    reports = report["reports"]
    counts = ", ".join(f"{n} {status}" for status, n in sorted(reports["counts"].items()))
    click.echo(f"\noverview reports: {counts or 'none yet'}")
    for row in reports["failed"]:
        state = "given up" if row["given_up"] else f"next try {row['next_attempt_at']}"
        click.echo(
            f"  review {row['review_id']}: {safe(row['reason'])} "
            f"({row['attempts']} tries; {state})\n      {safe(row['url'])}"
        )
    click.echo(f"\nquarantined entries: {len(report['quarantined'])}")
    for row in report["quarantined"]:
        click.echo(
            f"  {safe(row['heading'])}  ({safe(row['page_url'])})\n      {safe(row['reason'])}"
        )
    _print_digest_status(report)
    click.echo(f"\nnext scheduled runs ({app.config.timezone}; scr-digest schedule runs them):")
    for job in report["schedule"]:
        when = (job["next_run"] or "never")[:16].replace("T", " ")
        click.echo(f"  {job['id']:<8} {when}  {job['schedule']}")


@main.command("check")
@format_option("text", "json")
@pass_app
def check_command(app: App, fmt: str) -> None:
    """Check the database and the data directory for damage a crash or a disk could leave.

    SQLite's integrity and foreign-key checks (skipped on PostgreSQL, which says so); every
    archived report present with its recorded size and sha256; no half-written temporary files;
    no review, report or delivery twice. Deliveries in doubt are listed as warnings.
    Exit status: 0 healthy (warnings allowed), 1 problems found.

    Example: scr-digest check --format json
    """
    from db.integrity import check

    report = check(app.database().engine, app.config.data_dir)
    if fmt == "json":
        emit_json(report.as_dict())
    else:
        for line in report.checks:
            click.echo(f"checked: {line}")
        for finding in report.problems:
            click.echo(f"problem: {safe(finding.detail)}")
        for finding in report.warnings:
            click.echo(f"warning: {safe(finding.detail)}")
        click.echo("healthy" if report.healthy else f"{len(report.problems)} problem(s) found")
    sys.exit(0 if report.healthy else 1)


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
    if report.drafted is not None:
        drafted = report.drafted
        click.echo(
            f"\nDigest {drafted.month} drafted: {drafted.included} reviews to announce "
            "(the monthly update page's; the baseline is never announced)"
        )
        for path in drafted.outbox_files:
            click.echo(f"Draft bulletin for the board office: {path}")
    click.echo(f"\nTry: scr-digest --data-dir {report.demo_dir} reviews show 1")
    if report.config_file is not None:
        click.echo(f"     scr-digest --config {report.config_file} digest show")


def _print_digest_status(report: dict[str, Any]) -> None:
    people = report["recipients"]
    click.echo(
        f"\nrecipients: {people['active']} active, {people['unsubscribed']} unsubscribed, "
        f"{people['removed']} removed"
    )
    current = report["digest"]
    if current is None:
        click.echo("digest: none yet (scr-digest digest draft)")
    for digest in [current, *report["digests_unfinished"]] if current else []:
        reviews, deliveries = digest["reviews"], digest["deliveries"]
        click.echo(
            f"digest {digest['month']}: {digest['status']}; {reviews['included']} reviews "
            f"included, {reviews['excluded']} left out"
        )
        if digest["status"] in ("sending", "sent"):
            click.echo(
                "  deliveries: "
                + ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in deliveries.items())
            )
        for address in digest["in_doubt"]:
            click.echo(
                f"  in doubt: {address} (claimed, not confirmed: if no send is running, check "
                f"and use digest send --month {digest['month']} --resend-in-doubt)"
            )
        for row in digest["failed"]:
            click.echo(f"  failed: {row['email']}: {safe(row['error'])}")


# ---------------------------------------------------------------- the monthly digest


def _month(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Month | None:
    if value is None:
        return None
    try:
        return Month.parse(value)
    except ValueError:
        raise click.BadParameter("expected YYYY-MM, for example 2026-11") from None


def month_option(default_help: str, *, required: bool = False) -> Callable[[F], F]:
    return click.option(
        "--month",
        metavar="YYYY-MM",
        required=required,
        callback=_month,
        help=default_help,
    )


LATEST = "The digest's month; default: the latest digest."


def _transport(app: App) -> Transport:
    config = app.config
    try:
        return transport_for(
            config.smtp_url, config.data_dir / "outbox", timeout=config.smtp_timeout
        )
    except MailError as exc:
        raise click.ClickException(f"SMTP settings: {exc}") from exc


def _refused(exc: Exception) -> click.ClickException:
    return click.ClickException(safe(exc))


@main.group("digest")
def digest_group() -> None:
    """Draft, change, approve and send the monthly bulletin."""


@digest_group.command("draft")
@month_option("The bulletin's month; default: the current month (UTC).")
@pass_app
def digest_draft(app: App, month: Month | None) -> None:
    """Build or refresh the month's draft and mail it to the board office.

    New reviews are added; exclusions and the introduction are kept. The draft goes to
    SCR_DIGEST_BOARD_OFFICE with "[DRAFT]" in the subject and the commands to change and
    approve it (without a mail server, to the outbox in the data directory).

    Example: scr-digest digest draft --month 2026-11
    """
    try:
        result = workflow.draft(app.database(), app.config, _transport(app), month=month)
    except workflow.DigestError as exc:
        raise _refused(exc) from exc
    added = f"{len(result.added)} new review{'' if len(result.added) == 1 else 's'} added"
    state = "new draft" if result.created else "draft refreshed"
    click.echo(
        f"digest {result.month}: {state}; {added} ({result.included} included, "
        f"{result.excluded} left out)"
    )
    for warning in result.warnings:
        click.echo(f"warning: {safe(warning)}", err=True)
    if result.mail_error:
        click.echo(f"error: {safe(result.mail_error)}", err=True)
        sys.exit(2)
    if result.mailed_to:
        click.echo(f"draft mailed to {', '.join(result.mailed_to)}")
    for address, why in result.refused.items():
        click.echo(f"warning: {address} refused the draft: {safe(why)}", err=True)
    for path in result.outbox_files:
        click.echo(f"written to {path}")


@digest_group.command("show")
@month_option(LATEST)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html"]),
    default="text",
    show_default=True,
    help="The plain-text part or the HTML part, as sent.",
)
@pass_app
def digest_show(app: App, month: Month | None, fmt: str) -> None:
    """Print the bulletin as partner agencies receive it (the approved one once approved).

    The unsubscribe link shown is an example; each recipient's copy has their own. A summary
    line goes to stderr, so the output can be saved as it is.

    Example: scr-digest digest show --month 2026-11 --format html > bulletin.html
    """
    try:
        shown = workflow.show(app.database(), app.config, month=month)
    except workflow.DigestError as exc:
        raise _refused(exc) from exc
    click.echo(
        f"digest {shown.month}: {shown.status}; {shown.included} included, "
        f"{shown.excluded} left out",
        err=True,
    )
    if fmt == "html":
        click.echo(shown.rendered.html)
    else:
        click.echo(f"Subject: {safe(shown.rendered.subject)}\n")
        click.echo(shown.rendered.text, nl=False)


def _set_included(app: App, month: Month, review_ids: tuple[int, ...], included: bool) -> None:
    try:
        result = workflow.set_included(app.database(), month, review_ids, included=included)
    except workflow.DigestError as exc:
        raise _refused(exc) from exc
    verb = "included" if included else "left out"
    if result.changed:
        click.echo(f"{verb}: {', '.join(map(str, result.changed))}")
    if result.unchanged:
        click.echo(f"already {verb}: {', '.join(map(str, result.unchanged))}")
    click.echo(f"digest {result.month}: {result.included} included, {result.excluded} left out")


@digest_group.command("exclude")
@month_option("The draft's month.", required=True)
@click.argument("review_ids", metavar="REVIEW_ID...", type=int, nargs=-1, required=True)
@pass_app
def digest_exclude(app: App, month: Month, review_ids: tuple[int, ...]) -> None:
    """Leave reviews out of an unapproved draft (they are not offered again later).

    Example: scr-digest digest exclude --month 2026-11 12 15
    """
    _set_included(app, month, review_ids, False)


@digest_group.command("include")
@month_option("The draft's month.", required=True)
@click.argument("review_ids", metavar="REVIEW_ID...", type=int, nargs=-1, required=True)
@pass_app
def digest_include(app: App, month: Month, review_ids: tuple[int, ...]) -> None:
    """Put reviews left out of an unapproved draft back in.

    Example: scr-digest digest include --month 2026-11 12
    """
    _set_included(app, month, review_ids, True)


@digest_group.command("intro")
@month_option("The draft's month.", required=True)
@click.option(
    "--file",
    "intro_file",
    type=click.File("r", encoding="utf-8"),
    help="Plain text (blank lines between paragraphs); - reads standard input.",
)
@click.option("--reset", is_flag=True, help="Go back to the configured introduction.")
@pass_app
def digest_intro(app: App, month: Month, intro_file: Any, reset: bool) -> None:
    """Replace the introduction of an unapproved draft.

    Example: scr-digest digest intro --month 2026-11 --file intro.txt
    """
    if reset == (intro_file is not None):
        raise click.UsageError("give either --file or --reset")
    try:
        text = None if reset else intro_file.read()
        workflow.set_intro(app.database(), month, text)
    except workflow.DigestError as exc:
        raise _refused(exc) from exc
    except UnicodeDecodeError as exc:
        raise click.ClickException("the introduction file is not UTF-8 text") from exc
    click.echo(
        f"digest {month}: "
        + ("introduction reset to the configured one" if reset else "introduction replaced")
    )


@digest_group.command("move")
@month_option("The draft's month.", required=True)
@click.argument("review_id", metavar="REVIEW_ID", type=int)
@click.argument("direction", type=click.Choice(["up", "down"]))
@pass_app
def digest_move(app: App, month: Month, review_id: int, direction: str) -> None:
    """Move a review one place up or down in an unapproved draft.

    Example: scr-digest digest move --month 2026-11 12 up
    """
    try:
        result = workflow.move(app.database(), month, review_id, direction)
    except workflow.DigestError as exc:
        raise _refused(exc) from exc
    if result.moved:
        click.echo(f"digest {result.month}: review {review_id} is now number {result.position}")
    else:
        edge = "first" if direction == "up" else "last"
        click.echo(f"digest {result.month}: review {review_id} is already {edge}")


@digest_group.command("approve")
@month_option(LATEST)
@pass_app
def digest_approve(app: App, month: Month | None) -> None:
    """Approve the draft: freeze exactly what partner agencies will receive.

    Example: scr-digest digest approve --month 2026-11
    """
    try:
        result = workflow.approve(app.database(), app.config, month=month)
    except workflow.DigestError as exc:
        raise _refused(exc) from exc
    click.echo(
        f"digest {result.month}: approved with {result.included} "
        f"review{'' if result.included == 1 else 's'}; it can no longer change"
    )
    click.echo(f"send it with: scr-digest digest send --month {result.month}")


@digest_group.command("send")
@month_option(LATEST)
@click.option("--allow-empty", is_flag=True, help="Send even if it announces no reviews.")
@click.option(
    "--resend-in-doubt",
    is_flag=True,
    help="Also send the messages in doubt (a crash or lost connection left unconfirmed).",
)
@pass_app
def digest_send(app: App, month: Month | None, allow_empty: bool, resend_in_doubt: bool) -> None:
    """Send the approved bulletin to every active recipient, once each; safe to rerun.

    A rerun sends only what is missing. Exit status: 0 nothing left to send (permanent
    refusals are listed), 2 messages still pending or in doubt: run it again (see the message).

    Example: scr-digest digest send --month 2026-11
    """
    transport = _transport(app)
    try:
        with progress_bar("sending") as on_progress:
            result = workflow.send(
                app.database(),
                app.config,
                transport,
                month=month,
                allow_empty=allow_empty,
                resend_in_doubt=resend_in_doubt,
                on_progress=on_progress,
            )
    except workflow.DigestError as exc:
        raise _refused(exc) from exc
    counts = result.counts
    via = transport.describe()
    if result.connections is not None:
        via += f" ({result.connections} connection{'' if result.connections == 1 else 's'})"
    if result.complete and result.sent_now == 0:
        click.echo(f"digest {result.month}: nothing left to send")
    else:
        click.echo(f"digest {result.month}: {result.sent_now} sent now, through {via}")
    click.echo(
        "deliveries: "
        + ", ".join(
            f"{counts.get(status, 0)} {label}"
            for status, label in (
                ("sent", "sent"),
                ("failed", "failed"),
                ("skipped", "skipped"),
                ("pending", "pending"),
                ("sending", "in doubt"),
            )
        )
    )
    for address, why in result.failed:
        click.echo(f"failed: {address}: {safe(why)}", err=True)
    for address in result.in_doubt:
        click.echo(f"in doubt: {address}", err=True)
    if result.in_flight:
        click.echo(
            f"{result.in_flight} being sent now by another digest send, which finishes the digest"
        )
    for warning in result.warnings:
        click.echo(f"warning: {safe(warning)}", err=True)
    if result.archive:
        click.echo(f"archive: {result.archive}")
    if result.stopped:
        click.echo(f"error: {safe(result.stopped)}", err=True)
    sys.exit(result.exit_code)


@main.group("recipients")
def recipients_group() -> None:
    """The partner agency contacts who receive the bulletin."""


@recipients_group.command("import")
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def recipients_import(app: App, csv_file: Path) -> None:
    """Add or update recipients from a CSV file; nothing is imported if any row is invalid.

    Columns (header row): email, and optionally name, agency, keywords (a filter: terms
    separated by semicolons; the recipient then gets only bulletins with a matching review).
    Unsubscribed addresses are never reactivated.

    Example: scr-digest recipients import contacts.csv
    """
    try:
        result = recipient_list.import_csv(app.database(), csv_file)
    except recipient_list.RecipientError as exc:
        raise _refused(exc) from exc
    counts = result.as_dict()
    click.echo(
        f"{counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged"
    )
    for address in result.unsubscribed:
        click.echo(f"skipped: {address} unsubscribed and is not added again", err=True)


@recipients_group.command("add")
@click.argument("email")
@click.option("--name", help="The person's name.")
@click.option("--agency", help="Their agency.")
@click.option("--keywords", help="Only bulletins with a review on these (semicolon-separated).")
@click.option("--resubscribe", is_flag=True, help="They unsubscribed and asked to come back.")
@pass_app
def recipients_add(
    app: App,
    email: str,
    name: str | None,
    agency: str | None,
    keywords: str | None,
    resubscribe: bool,
) -> None:
    """Add one recipient (or update one already on the list).

    Example: scr-digest recipients add jo.bloggs@health.example.nhs.uk --agency "Health"
    """
    try:
        row, outcome = recipient_list.add(
            app.database(),
            email,
            name=name,
            agency=agency,
            keywords=keywords,
            resubscribe=resubscribe,
        )
    except recipient_list.RecipientError as exc:
        raise _refused(exc) from exc
    click.echo(f"{outcome}: {safe(row['email'])}")


@recipients_group.command("list")
@format_option("table", "json")
@click.option("--all", "everyone", is_flag=True, help="Include removed and unsubscribed ones.")
@pass_app
def recipients_list(app: App, fmt: str, everyone: bool) -> None:
    """List recipients.

    Example: scr-digest recipients list --all --format json
    """
    rows = recipient_list.list_recipients(app.database(), include_inactive=everyone)
    if fmt == "json":
        emit_json(rows)
        return
    emit_table(
        [{**row, "keywords": "; ".join(row["keywords"])} for row in rows],
        ["email", "name", "agency", "status", "keywords"],
    )


@recipients_group.command("remove")
@click.argument("email")
@pass_app
def recipients_remove(app: App, email: str) -> None:
    """Take a recipient off the list (adding them again brings them back).

    Example: scr-digest recipients remove jo.bloggs@health.example.nhs.uk
    """
    try:
        row = recipient_list.remove(app.database(), email)
    except recipient_list.RecipientError as exc:
        raise _refused(exc) from exc
    click.echo(f"removed: {safe(row['email'])}")


@main.command("unsubscribe")
@click.argument("token")
@pass_app
def unsubscribe_command(app: App, token: str) -> None:
    """Unsubscribe the recipient whose link carries TOKEN; they are never mailed again.

    Example: scr-digest unsubscribe p_J5eJV2XVjoCOLM8X3D58AoquuU6fTV
    """
    try:
        with app.database().session() as session:
            done = recipient_list.unsubscribe(session, token)
    except recipient_list.RecipientError as exc:
        raise _refused(exc) from exc
    if done.already:
        click.echo(f"{safe(done.email)} had already unsubscribed on {done.already:%d %B %Y}")
    else:
        click.echo(f"unsubscribed: {safe(done.email)}; no further bulletins will be sent")


# ---------------------------------------------------------------- the scheduler


@main.command("schedule")
@click.option("--list", "list_only", is_flag=True, help="Print each job and its next run; exit.")
@format_option("table", "json")
@pass_app
def schedule_command(app: App, list_only: bool, fmt: str) -> None:
    """Run the scheduler in the foreground: harvest, draft and deliver on time.

    Only one scheduler may run against a database: a second one exits with status 1.
    SIGTERM or Ctrl-C stops it after the running job. Failures are mailed to
    SCR_DIGEST_MAINTAINERS.

    Example: scr-digest schedule --list
    """
    import scheduler

    if list_only:
        jobs = scheduler.planned(app.database(), app.config)
        if fmt == "json":
            emit_json(jobs)
            return
        emit_table(
            [
                {
                    **job,
                    "job": job["id"],
                    f"next run ({app.config.timezone})": (job["next_run"] or "never")[:16].replace(
                        "T", " "
                    ),
                    "what": job["name"],
                }
                for job in jobs
            ],
            ["job", f"next run ({app.config.timezone})", "schedule", "what"],
        )
        return

    def ready(_scheduler: object) -> None:
        click.echo("scheduler running; SIGTERM or Ctrl-C stops it after the running job", err=True)

    try:
        scheduler.run(app.config, app.database(), on_ready=ready)
    except scheduler.SchedulerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("scheduler stopped", err=True)


# ---------------------------------------------------------------- the web console


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
@pass_app
def serve_command(app: App, host: str, port: int, threads: int) -> None:
    """Run the board office web console (waitress), by default on http://127.0.0.1:8080/.

    Publish it through a reverse proxy that handles HTTPS, and set SCR_DIGEST_CONSOLE_URL to
    the address people use (a path such as /scr-digest/ is fine). Create accounts with
    scr-digest users add.

    Example: scr-digest serve --port 8080
    """
    import waitress

    from web import create_app

    console = create_app(app.config, database=app.database())
    shown = app.config.console_url or f"http://{host}:{port}/"
    click.echo(f"web console on http://{host}:{port}/ (published as {shown}); Ctrl-C stops it")
    waitress.serve(console, host=host, port=port, threads=threads, ident="scr-digest")


@main.group("users")
def users_group() -> None:
    """Board office accounts for the web console."""


def _new_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_group.command("add")
@click.argument("email")
@click.option("--name", help="The person's name, shown in the console.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@pass_app
def users_add(app: App, email: str, name: str | None, password_stdin: bool) -> None:
    """Create a console account (the password is asked for twice; 12 characters or more).

    Example: scr-digest users add jo.smith@board.example.gov.uk --name "Jo Smith"
    """
    from web import accounts

    try:
        user = accounts.add_user(app.database(), email, _new_password(password_stdin), name=name)
    except accounts.AccountError as exc:
        raise _refused(exc) from exc
    click.echo(f"account added: {safe(user.email)}")


@users_group.command("list")
@format_option("table", "json")
@pass_app
def users_list(app: App, fmt: str) -> None:
    """List console accounts, removed ones too.

    Example: scr-digest users list --format json
    """
    from web import accounts

    users = [user.as_dict() for user in accounts.list_users(app.database())]
    if fmt == "json":
        emit_json(users)
        return
    emit_table(
        [
            {
                **user,
                "status": "active" if user["active"] else "removed",
                "last sign-in": (user["last_login_at"] or "never")[:16].replace("T", " "),
            }
            for user in users
        ],
        ["email", "name", "status", "last sign-in"],
    )


@users_group.command("remove")
@click.argument("email")
@pass_app
def users_remove(app: App, email: str) -> None:
    """Deactivate an account: it can no longer sign in and its sessions end.

    Example: scr-digest users remove jo.smith@board.example.gov.uk
    """
    from web import accounts

    try:
        user = accounts.remove_user(app.database(), email)
    except accounts.AccountError as exc:
        raise _refused(exc) from exc
    click.echo(f"account removed: {safe(user.email)}")


@users_group.command("passwd")
@click.argument("email")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@pass_app
def users_passwd(app: App, email: str, password_stdin: bool) -> None:
    """Set a new password for an account.

    Example: scr-digest users passwd jo.smith@board.example.gov.uk
    """
    from web import accounts

    try:
        user = accounts.set_password(app.database(), email, _new_password(password_stdin))
    except accounts.AccountError as exc:
        raise _refused(exc) from exc
    click.echo(f"password changed: {safe(user.email)}")


@contextlib.contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback ``(done, total)`` drawing a bar on stderr when it is a terminal;
    None (quiet) otherwise: under cron, systemd or a pipe nothing but the results is printed."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update

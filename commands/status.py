"""status and check: how the harvests, reports and digests stand, and whether the data is sound."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

import click

from commands.common import App, emit_json, format_option, pass_app, plural
from common.text import strip_invisible
from common.times import shown
from db import heartbeat, schedule
from db.engine import shown_url
from db.queries import status_report


@click.command("status")
@format_option("text", "json")
@pass_app
def status_command(app: App, fmt: str) -> None:
    """Recent runs, page health, quarantined entries, the digest and its deliveries.

    Example: scr-digest status --format json
    """
    with app.database().session() as session:
        report = status_report(session)
    report["schedule"] = schedule.planned(app.database(), app.config)
    beat = heartbeat.seen(app.database())
    report["scheduler"] = {
        "running": beat.running,
        "last_seen": beat.seen_at.isoformat() if beat.seen_at else None,
        "pid": beat.pid,
        "host": beat.host,
    }
    # Which database and folder these are: a relative path or a wrong --config shows here.
    report["database"] = shown_url(app.config.db_url)
    report["data_dir"] = str(app.config.data_dir)
    if fmt == "json":
        emit_json(report)
        return
    click.echo(f"database: {report['database']}")
    click.echo(f"data directory: {report['data_dir']}\n")
    totals = report["reviews"]
    click.echo(f"reviews: {totals['total']} stored, {totals['baseline']} baseline")
    click.echo("\nrecent harvests:")
    for run in report["runs"]:
        counts = run["counts"]
        summary = ", ".join(f"{key} {value}" for key, value in counts.items() if value)
        click.echo(f"  #{run['id']} {run['started_at']} {run['outcome']}: {summary}")
        for error in run["errors"]:
            click.echo(f"      {strip_invisible(error)}")
    click.echo("\npages:")
    for page in report["pages"]:
        click.echo(
            f"  {page['last_status'] or '-':<13} {page['entries'] or 0:>4} entries  "
            f"{'GOV.UK ' if page['source'] == 'govuk' else ''}{strip_invisible(page['url'])}"
        )
    reports = report["reports"]
    counts = ", ".join(f"{n} {status}" for status, n in sorted(reports["counts"].items()))
    click.echo(f"\noverview reports: {counts or 'none yet'}")
    for row in reports["failed"]:
        state = "given up" if row["given_up"] else f"next try {row['next_attempt_at']}"
        click.echo(
            f"  review {row['review_id']}: {strip_invisible(row['reason'])} "
            f"({row['attempts']} tries; {state})\n      {strip_invisible(row['url'])}"
        )
    click.echo(f"\nquarantined entries: {len(report['quarantined'])}")
    for row in report["quarantined"]:
        click.echo(
            f"  {strip_invisible(row['heading'])}  ({strip_invisible(row['page_url'])})\n"
            f"      {strip_invisible(row['reason'])}"
        )
    zone = app.config.timezone
    _print_digest_status(report, zone, beat.running)
    click.echo(f"\n{heartbeat.describe(beat, zone)}")
    click.echo(f"next scheduled runs ({zone}; scr-digest schedule runs them):")
    for job in report["schedule"]:
        when = (job["next_run"] or "never")[:16].replace("T", " ")
        click.echo(f"  {job['id']:<8} {when}  {job['schedule']}")


def _print_digest_status(report: dict[str, Any], zone: str, scheduler_running: bool) -> None:
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
        national = digest["publications"]
        if national["included"] or national["excluded"]:
            click.echo(
                f"  National learning: {plural(national['included'], 'publication')} "
                f"included, {national['excluded']} left out"
            )
        if digest["approved_at"]:
            by = f" by {digest['approved_by']}" if digest["approved_by"] else ""
            when = shown(datetime.fromisoformat(digest["approved_at"]), zone)
            click.echo(f"  approved{by} on {when}")
        if digest["status"] == "approved":
            click.echo(
                "  not sent yet: the scheduler sends it at its next send run"
                if scheduler_running
                else "  not sent yet; no scheduler running: send it with "
                f"scr-digest digest send --month {digest['month']}"
            )
        if digest["status"] in ("sending", "sent"):
            click.echo(
                "  deliveries: "
                + ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in deliveries.items())
            )
        for address in digest["in_doubt"]:
            click.echo(
                f"  in doubt: {address} (claimed, not confirmed: if no send is running, check "
                f"the mail server's log, then digest settle --month {digest['month']} "
                "--delivered or --not-delivered)"
            )
        for row in digest["failed"]:
            click.echo(f"  failed: {row['email']}: {strip_invisible(row['error'])}")
        for row in digest.get("skipped", []):
            click.echo(f"  skipped: {row['email']}: {strip_invisible(row['reason'] or '')}")


@click.command("check")
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
            click.echo(f"problem: {strip_invisible(finding.detail)}")
        for finding in report.warnings:
            click.echo(f"warning: {strip_invisible(finding.detail)}")
        click.echo("healthy" if report.healthy else f"{len(report.problems)} problem(s) found")
    sys.exit(0 if report.healthy else 1)

"""schedule, serve and demo: running the program, its console and the bundled sample site."""

from __future__ import annotations

import errno
import shutil
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from commands.common import App, emit_json, emit_table, format_option, pass_app
from commands.harvesting import print_harvest
from commands.reviews import emit_review_table
from common.text import strip_invisible
from db import schedule


@click.command("schedule")
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
    if list_only:
        jobs = schedule.planned(app.database(), app.config)
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
    import scheduler  # the stages the jobs run: loaded only when the scheduler starts

    def ready(_scheduler: object) -> None:
        click.echo("scheduler running; SIGTERM or Ctrl-C stops it after the running job", err=True)

    try:
        scheduler.run(app.config, app.database(), on_ready=ready)
    except scheduler.SchedulerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("scheduler stopped", err=True)


@click.command("serve")
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
    from waitress.server import create_server

    from web import create_app

    console = create_app(app.config, database=app.database())
    proxy = app.config.forwarding_proxy
    # Forwarded headers are read here, by waitress, from the one trusted proxy only (and
    # dropped from anyone else), so the sign-in limits count the real client's address.
    forwarding: dict[str, Any] = (
        {
            "trusted_proxy": proxy,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto x-forwarded-host",
        }
        if proxy
        else {}
    )
    try:  # binds the port now, so a busy one is said before anything claims to be serving
        server = create_server(
            console,
            host=host,
            port=port,
            threads=threads,
            ident="scr-digest",
            clear_untrusted_proxy_headers=True,
            **forwarding,
        )
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            other = port + 1 if port < 65535 else 8081
            raise click.ClickException(
                f"port {port} on {host} is already in use (another scr-digest serve, or another "
                f"program); choose a free one with --port, e.g. --port {other}"
            ) from exc
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        ) from exc
    shown = app.config.console_url or f"http://{host}:{port}/"
    if urlsplit(shown).hostname in ("127.0.0.1", "localhost", "::1"):
        shown = f"http://{host}:{port}/"  # a console on this machine is where it listens
    trusted = f"; forwarded headers believed from {proxy} only" if proxy else ""
    click.echo(
        f"web console on http://{host}:{port}/ (published as {shown}{trusted}); Ctrl-C stops it"
    )
    for line in _local_draft_links(app, host, port):
        click.echo(line)
    server.run()


def _local_draft_links(app: App, host: str, port: int) -> list[str]:
    """For a console on this machine (no console_url, or a loopback one): a link to each
    unapproved draft on the port this console really listens on, whatever console_url says."""
    from sqlalchemy import select

    from common.months import Month
    from db import Digest
    from digest.links import draft_link

    published = app.config.console_url
    if published and urlsplit(published).hostname not in ("127.0.0.1", "localhost", "::1"):
        return []
    shown_host = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    local = replace(app.config, console_url=f"http://{shown_host}:{port}/")
    with app.database().session() as session:
        months = session.scalars(
            select(Digest.month).where(Digest.status == "draft").order_by(Digest.month)
        ).all()
    return [
        f"the {month} draft, read-only without signing in: {draft_link(local, Month.parse(month))}"
        for month in months
    ]


@click.command("demo")
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
    print_harvest(report.first, "text")
    click.echo("\nStored reviews:")
    emit_review_table(report.reviews)
    click.echo(f"\nQuarantined entries: {len(report.quarantined)}")
    for row in report.quarantined:
        click.echo(f"  {strip_invisible(row['heading'])}: {strip_invisible(row['reason'])}")
    click.echo(
        "\nSecond harvest (conditional requests; nothing changed on the listing pages, and "
        "one new national publication on GOV.UK):"
    )
    print_harvest(report.second, "text")
    me = _invoked_as()
    config_file = report.config_file
    needs_ocr = report.first.counts.get("reports_needs_ocr", 0)
    if needs_ocr:
        again = f"{me} --config {config_file} reports extract --all"
        click.echo(
            f"\n{needs_ocr} scanned report(s) have no text layer and need OCR: "
            f"{_ocr_missing(again)}"
        )
    if report.drafted is not None:
        drafted = report.drafted
        click.echo(
            f"\nDigest {drafted.month} drafted: {drafted.included} reviews to announce "
            "(the monthly update page's; the baseline is never announced)"
        )
        for title in report.national:
            click.echo(f"National learning: {strip_invisible(title)}")
        for path in drafted.outbox_files:
            click.echo(f"Draft bulletin for the board office: {path}")
        if report.draft_url:
            click.echo(f"The draft in the console (read-only, no sign-in): {report.draft_url}")
    click.echo(
        f"{report.recipients} sample partner contacts are on the list; "
        + ", ".join(path.name for path in report.files)
        + f" are in {report.demo_dir}/ for the README's walkthrough."
    )
    history = report.history
    if history is not None:
        click.echo(
            f"\nLast month's bulletin ({history.month.label}, approved in the demo's "
            f"history) went to the {history.sent} partner contacts, into the outbox; it "
            f"announced {', '.join(strip_invisible(h) for h in history.reviews)}"
        )
        if history.feedback_url:
            click.echo(
                f"Its feedback form, as {history.recipient} received it (it opens while "
                f"serve runs, below): {history.feedback_url}"
            )
    click.echo(f"\nTry: {me} --config {config_file} reviews show 1")
    click.echo(f"     {me} --config {config_file} digest show")
    click.echo(f"     {me} --config {config_file} users add you@example.org")
    click.echo(
        f"     {me} --config {config_file} serve"
        "   # it prints the draft's link for the port it runs on"
    )


def _invoked_as() -> str:
    """How to run this program again from here: ``scr-digest`` when that is on the PATH and is
    this one, else the path it was started by (``.venv/bin/scr-digest`` after ``make demo``)."""
    started = Path(sys.argv[0])
    if started.name != "scr-digest" or not started.exists():
        return "scr-digest"
    found = shutil.which("scr-digest")
    if found and Path(found).resolve() == started.resolve():
        return "scr-digest"
    if not started.is_absolute():
        return str(started)  # as typed, from this folder: .venv/bin/scr-digest
    try:
        return str(started.relative_to(Path.cwd()))
    except ValueError:
        return str(started)


def _ocr_missing(again: str) -> str:
    """What to install for OCR, then ``again`` (the command, as it can be run from here)."""
    import importlib.util

    missing = []
    if importlib.util.find_spec("ocrmypdf") is None:
        missing.append("the ocr extra (pip install 'scr-digest[ocr]')")
    if shutil.which("tesseract") is None:
        missing.append("Debian's tesseract (apt-get install tesseract-ocr tesseract-ocr-eng)")
    needed = " and ".join(missing) or "OCR was switched off (ocr setting)"
    return f"install {needed}, then run: {again}" if missing else needed

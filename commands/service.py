"""schedule, serve and demo: running the program, its console and the bundled sample site."""

from __future__ import annotations

from pathlib import Path

import click

from commands.common import App, emit_json, emit_table, format_option, pass_app
from commands.harvesting import print_harvest
from commands.reviews import emit_review_table
from common.text import strip_invisible


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
    import waitress

    from web import create_app

    console = create_app(app.config, database=app.database())
    shown = app.config.console_url or f"http://{host}:{port}/"
    click.echo(f"web console on http://{host}:{port}/ (published as {shown}); Ctrl-C stops it")
    waitress.serve(console, host=host, port=port, threads=threads, ident="scr-digest")


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
    from sample_site.demo import DEMO_PARTNER, DemoError, run_demo

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
    click.echo("\nSecond harvest (conditional requests; nothing changed):")
    print_harvest(report.second, "text")
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
        click.echo(f"     scr-digest --config {report.config_file} users add you@example.org")
        click.echo(
            f"     scr-digest --config {report.config_file} serve"
            "   # then open the draft link in the outbox mail"
        )
    if report.feedback_link:
        click.echo(f"\nFeedback form of the bulletin sent to {DEMO_PARTNER} (while serve runs):")
        click.echo(f"  {report.feedback_link}")

"""report board: the six-monthly report on learning from case reviews, for the board."""

from __future__ import annotations

from pathlib import Path

import click

from commands.common import App, _month, pass_app
from common.months import Month
from learning import board
from learning.report import Period


@click.group("report")
def report_group() -> None:
    """Reports on the learning loop."""


@report_group.command("board")
@click.option("--from", "start", metavar="YYYY-MM", callback=_month, help="First month.")
@click.option("--to", "end", metavar="YYYY-MM", callback=_month, help="Last month.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(board.FORMATS),
    default="html",
    show_default=True,
    help="html (charts as SVG), docx (the board paper to edit), json (for checks), csv "
    "(one row per answer).",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.option("--with-names", is_flag=True, help="csv: include names and emails.")
@pass_app
def report_board(
    app: App, start: Month | None, end: Month | None, fmt: str, out: Path | None, with_names: bool
) -> None:
    """The report to the board; default: the last complete half-year.

    Example: scr-digest report board --from 2026-01 --to 2026-06 --format docx --out board.docx
    """
    try:
        period = Period.of(start, end, Month.current(app.config.timezone))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    body = board.render(app.database(), app.config, period, fmt, with_names=with_names)
    if out is not None:
        out.write_bytes(body)
        click.echo(f"wrote {out} ({period.label})")
    elif fmt == "docx":
        raise click.ClickException("a Word document needs --out FILE")
    else:
        click.echo(body.decode("utf-8"), nl=False)

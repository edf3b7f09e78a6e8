"""briefing: a review's seven-minute briefing, as HTML or a Word document."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from commands.common import App, pass_app
from commands.themes import board_taxonomy
from common.text import strip_invisible
from config import Config
from db import Database
from insight import questions as question_bank
from insight.taxonomy import Taxonomy
from learning import briefing as briefings


def briefing_choices(config: Config, taxonomy: Taxonomy) -> briefings.Choices:
    """Insight's question bank and agency patterns, and the config's links, for a briefing."""
    try:
        bank = question_bank.load(config.data_dir)
    except question_bank.QuestionBankError as exc:
        raise briefings.BriefingError(str(exc)) from exc
    return briefings.Choices(
        questions=bank.choose,
        agencies_of=lambda text: question_bank.recommendation_agencies(taxonomy, text),
        links=config.briefing_links,
    )


def make_briefing(
    database: Database, config: Config, taxonomy: Taxonomy, review_id: int
) -> tuple[briefings.BriefingInput, briefings.Briefing]:
    """The review's briefing with the board office's kept edits."""
    choices = briefing_choices(config, taxonomy)
    with database.session() as session:
        data = briefings.load_input(session, review_id, choices)
        edits = briefings.stored_edits(session, review_id)
    return data, briefings.build(data, edits)


@click.command("briefing")
@click.argument("review_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(briefings.FORMATS), default="html", show_default=True
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (a Word document needs one unless standard output is redirected).",
)
@pass_app
def briefing_command(app: App, review_id: int, fmt: str, out: Path | None) -> None:
    """A seven-minute briefing on one review: What happened; Why it matters; Key learning; What
    it means for practice; Questions for reflection; Find out more. Edits made in the console
    are kept.

    Example: scr-digest briefing 12 --format docx --out child-h-briefing.docx
    """
    try:
        _, made = make_briefing(app.database(), app.config, board_taxonomy(app), review_id)
    except briefings.BriefingError as exc:
        raise click.ClickException(strip_invisible(str(exc))) from exc
    if fmt == "docx":
        data = briefings.to_docx(made, app.config.board_name)
        if out is None and sys.stdout.isatty():
            raise click.UsageError("a Word document goes to a file: give --out FILE.docx")
        if out is None:
            sys.stdout.buffer.write(data)
        else:
            out.write_bytes(data)
            click.echo(f"briefing written to {out}")
        return
    html = briefings.to_html(made, app.config.board_name)
    if out is None:
        click.echo(html, nl=False)
    else:
        out.write_text(html, encoding="utf-8")
        click.echo(f"briefing written to {out}")

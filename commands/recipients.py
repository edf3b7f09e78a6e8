"""recipients import|add|list|remove and unsubscribe: who receives the bulletin."""

from __future__ import annotations

from pathlib import Path

import click

from commands.common import App, emit_json, emit_table, format_option, pass_app, refused
from commands.themes import board_taxonomy
from common.text import strip_invisible
from digest import recipients as recipient_list


def agency_types(app: App) -> set[str]:
    """The agency ids of the board's taxonomy (the default one plus its own file)."""
    return {concept.id for concept in board_taxonomy(app).axis("agency")}


@click.group("recipients")
def recipients_group() -> None:
    """The partner agency contacts who receive the bulletin."""


@recipients_group.command("import")
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def recipients_import(app: App, csv_file: Path) -> None:
    """Add or update recipients from a CSV file; nothing is imported if any row is invalid.

    Columns (header row): email, and optionally name, agency, agency_type (a taxonomy agency
    id such as health, police or education: the reviews addressed to it come first in their
    bulletin), keywords (a filter: terms separated by semicolons; the recipient then gets only
    bulletins with a matching review).
    Unsubscribed addresses are never reactivated.

    Example: scr-digest recipients import contacts.csv
    """
    try:
        result = recipient_list.import_csv(app.database(), csv_file, agency_types(app))
    except recipient_list.RecipientError as exc:
        raise refused(exc) from exc
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
@click.option(
    "--agency-type",
    help="A taxonomy agency id (health, police, education, …; see themes list): the reviews "
    "addressed to it come first in their bulletin.",
)
@click.option("--keywords", help="Only bulletins with a review on these (semicolon-separated).")
@click.option("--resubscribe", is_flag=True, help="They unsubscribed and asked to come back.")
@pass_app
def recipients_add(
    app: App,
    email: str,
    name: str | None,
    agency: str | None,
    agency_type: str | None,
    keywords: str | None,
    resubscribe: bool,
) -> None:
    """Add one recipient (or update one already on the list).

    Example: scr-digest recipients add jo.bloggs@health.example.nhs.uk --agency-type health
    """
    try:
        row, outcome = recipient_list.add(
            app.database(),
            email,
            name=name,
            agency=agency,
            keywords=keywords,
            resubscribe=resubscribe,
            agency_kind=agency_type,
            agency_types=agency_types(app) if agency_type else None,
        )
    except recipient_list.RecipientError as exc:
        raise refused(exc) from exc
    click.echo(f"{outcome}: {strip_invisible(row['email'])}")


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
        ["email", "name", "agency", "agency_type", "status", "keywords"],
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
        raise refused(exc) from exc
    click.echo(f"removed: {strip_invisible(row['email'])}")


@click.command("unsubscribe")
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
        raise refused(exc) from exc
    if done.already:
        click.echo(
            f"{strip_invisible(done.email)} had already unsubscribed on {done.already:%d %B %Y}"
        )
    else:
        click.echo(
            f"unsubscribed: {strip_invisible(done.email)}; no further bulletins will be sent"
        )

"""publications list|show|exclude|include|move: national publications read from GOV.UK."""

from __future__ import annotations

from typing import Any

import click

from commands.common import (
    App,
    emit_json,
    emit_table,
    format_option,
    month_option,
    pass_app,
    refused,
)
from common.months import Month
from common.text import strip_invisible
from db import Publication
from db.queries import list_publications, publication_dict
from digest import drafting
from digest.state import DigestError


@click.group()
def publications() -> None:
    """List and show national publications read from GOV.UK."""


@publications.command("list")
@format_option("table", "json")
@pass_app
def publications_list(app: App, fmt: str) -> None:
    """List stored national publications, newest first.

    Example: scr-digest publications list --format json
    """
    with app.database().session() as session:
        rows = [publication_dict(publication) for publication in list_publications(session)]
    if fmt == "json":
        emit_json(rows)
        return
    table: list[dict[str, Any]] = [
        {
            **row,
            "baseline": "yes" if row["baseline"] else "",
            "attachments": str(len(row["attachments"])),
        }
        for row in rows
    ]
    emit_table(
        table, ["id", "published", "organisation", "kind", "title", "attachments", "baseline"]
    )


@publications.command("show")
@click.argument("publication_id", type=int)
@format_option("text", "json")
@pass_app
def publications_show(app: App, publication_id: int, fmt: str) -> None:
    """Show one national publication, its themes and agencies, and its attachments.

    The JSON adds each tag with its evidence (which words of which field matched).

    Example: scr-digest publications show 3 --format json
    """
    with app.database().session() as session:
        publication = session.get(Publication, publication_id)
        if publication is None:
            raise click.ClickException(f"no publication with id {publication_id}")
        data = publication_dict(publication, detail=True)
    if fmt == "json":
        emit_json(data)
        return
    click.echo(strip_invisible(f"{data['published']} – {data['organisation']} – {data['title']}"))
    if data["description"]:
        click.echo(f"\n  {strip_invisible(data['description'])}")
    click.echo("")
    for name in ("kind", "url", "first_seen_at", "baseline"):
        click.echo(f"{name}: {strip_invisible(data[name])}")
    for axis, label in (("theme", "themes"), ("agency", "relevant to")):
        names = [strip_invisible(tag["name"]) for tag in data["tags"] if tag["axis"] == axis]
        if names:
            click.echo(f"{label}: {', '.join(names)}")
    if not data["attachments"]:
        click.echo("\nNo PDF attachments (read it on its page).")
    for attachment in data["attachments"]:
        detail = f" ({attachment['reason']})" if attachment["reason"] else ""
        click.echo(
            f"\nAttachment: {strip_invisible(attachment['title'] or attachment['url'])}\n"
            f"  {strip_invisible(attachment['url'])}\n"
            f"  {attachment['status']}{strip_invisible(detail)}, {attachment['pages'] or 0} pages"
        )


def _set_included(app: App, month: Month, ids: tuple[int, ...], included: bool) -> None:
    try:
        result = drafting.set_included(
            app.database(),
            month,
            ids,
            included=included,
            kind=drafting.PUBLICATION,
            zone=app.config.timezone,
        )
    except DigestError as exc:
        raise refused(exc) from exc
    verb = "included" if included else "left out"
    for publication_id in result.changed:
        click.echo(f"{verb}: publication {publication_id}")
    for publication_id in result.unchanged:
        click.echo(f"already {verb}: publication {publication_id}")


@publications.command("exclude")
@month_option("The draft's month.", required=True)
@click.argument("publication_ids", metavar="PUBLICATION_ID...", type=int, nargs=-1, required=True)
@pass_app
def publications_exclude(app: App, month: Month, publication_ids: tuple[int, ...]) -> None:
    """Leave national publications out of a draft's National learning section.

    Example: scr-digest publications exclude --month 2026-11 3
    """
    _set_included(app, month, publication_ids, False)


@publications.command("include")
@month_option("The draft's month.", required=True)
@click.argument("publication_ids", metavar="PUBLICATION_ID...", type=int, nargs=-1, required=True)
@pass_app
def publications_include(app: App, month: Month, publication_ids: tuple[int, ...]) -> None:
    """Put left-out national publications back into a draft's National learning section.

    Example: scr-digest publications include --month 2026-11 3
    """
    _set_included(app, month, publication_ids, True)


@publications.command("move")
@month_option("The draft's month.", required=True)
@click.argument("publication_id", metavar="PUBLICATION_ID", type=int)
@click.argument("direction", type=click.Choice(["up", "down"]))
@pass_app
def publications_move(app: App, month: Month, publication_id: int, direction: str) -> None:
    """Move a national publication one place up or down in a draft's National learning section.

    Example: scr-digest publications move --month 2026-11 3 up
    """
    try:
        result = drafting.move(
            app.database(),
            month,
            publication_id,
            direction,
            kind=drafting.PUBLICATION,
            zone=app.config.timezone,
        )
    except DigestError as exc:
        raise refused(exc) from exc
    edge = "first" if direction == "up" else "last"
    click.echo(
        f"publication {publication_id} moved {direction}"
        if result.moved
        else f"publication {publication_id} is already {edge}"
    )

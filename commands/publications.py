"""publications list|show: national publications read from GOV.UK."""

from __future__ import annotations

from typing import Any

import click

from commands.common import App, emit_json, emit_table, format_option, pass_app
from common.text import strip_invisible
from db import Publication
from db.queries import list_publications, publication_dict


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
    """Show one national publication and its attachments.

    Example: scr-digest publications show 3 --format json
    """
    with app.database().session() as session:
        publication = session.get(Publication, publication_id)
        if publication is None:
            raise click.ClickException(f"no publication with id {publication_id}")
        data = publication_dict(publication)
    if fmt == "json":
        emit_json(data)
        return
    click.echo(strip_invisible(f"{data['published']} – {data['organisation']} – {data['title']}"))
    if data["description"]:
        click.echo(f"\n  {strip_invisible(data['description'])}")
    click.echo("")
    for name in ("kind", "url", "first_seen_at", "baseline"):
        click.echo(f"{name}: {strip_invisible(data[name])}")
    if not data["attachments"]:
        click.echo("\nNo PDF attachments (read it on its page).")
    for attachment in data["attachments"]:
        detail = f" ({attachment['reason']})" if attachment["reason"] else ""
        click.echo(
            f"\nAttachment: {strip_invisible(attachment['title'] or attachment['url'])}\n"
            f"  {strip_invisible(attachment['url'])}\n"
            f"  {attachment['status']}{strip_invisible(detail)}, {attachment['pages'] or 0} pages"
        )

"""feedback list|show|export|erase|send-due: the answers practitioners gave, and the loop's mail."""

from __future__ import annotations

from pathlib import Path

import click

from commands.common import (
    App,
    emit_json,
    emit_table,
    format_option,
    mail_transport,
    month_option,
    pass_app,
    refused,
)
from common.months import Month
from learning import feedback as answers
from learning import outbound
from mail.errors import MailError


@click.group("feedback")
def feedback_group() -> None:
    """Practitioners' answers to the bulletins' feedback form."""


@feedback_group.command("list")
@month_option("Only answers to this month's bulletin.")
@format_option("table", "json")
@pass_app
def feedback_list(app: App, month: Month | None, fmt: str) -> None:
    """The answers, oldest first (names and emails in json only: personal data).

    Example: scr-digest feedback list --month 2026-11 --format json
    """
    rows = answers.list_answers(app.database(), month=month)
    if fmt == "json":
        emit_json([row.as_dict() for row in rows])
        return
    emit_table(
        [
            {
                "id": str(row.id),
                "month": row.month,
                "agency": row.agency or "",
                "minutes": str(row.cpd_minutes),
                "confidence": f"{row.confidence_before}→{row.confidence_after}",
                "follow-up": row.followup or "",
                "change": "(erased)" if row.erased and not row.change else row.change or "",
            }
            for row in rows
        ],
        ("id", "month", "agency", "minutes", "confidence", "follow-up", "change"),
    )


@feedback_group.command("show")
@click.argument("feedback_id", metavar="ID", type=int)
@click.option("--resend", is_flag=True, help="Mail the CPD record to the respondent again.")
@format_option("text", "json")
@pass_app
def feedback_show(app: App, feedback_id: int, resend: bool, fmt: str) -> None:
    """One answer in full; --resend mails its CPD record again (through send-due's machinery).

    Example: scr-digest feedback show 12 --resend
    """
    found = answers.list_answers(app.database(), ids=[feedback_id])
    if not found:
        raise click.ClickException(f"there is no answer {feedback_id}")
    data = found[0].as_dict()
    if fmt == "json":
        emit_json(data)
    else:
        for key, value in data.items():
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            click.echo(f"{key}: {'' if shown is None else shown}")
    if resend:
        try:
            address = answers.resend_record(app.database(), feedback_id)
        except answers.FeedbackError as exc:
            raise refused(exc) from exc
        sent = outbound.send_acknowledgements(app.database(), app.config, mail_transport(app))
        click.echo(f"CPD record sent again to {address}" if sent else "CPD record owed; not sent")


@feedback_group.command("export")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="CSV file to write.")
@click.option("--with-names", is_flag=True, help="Include names and emails (personal data).")
@pass_app
def feedback_export(app: App, out: Path | None, with_names: bool) -> None:
    """Every answer as CSV, one row each (without names or emails unless --with-names).

    Example: scr-digest feedback export --out answers.csv
    """
    text = answers.to_csv(answers.list_answers(app.database()), with_names=with_names)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}")


@feedback_group.command("erase")
@click.argument("email")
@pass_app
def feedback_erase(app: App, email: str) -> None:
    """Erase one person's details from every answer now (a subject's request); counts stay.

    Example: scr-digest feedback erase jo.bloggs@health.example
    """
    try:
        erased = answers.erase_person(app.database(), email)
    except answers.FeedbackError as exc:
        raise refused(exc) from exc
    click.echo(f"erased the details of {erased} answer{'s' if erased != 1 else ''}")


@feedback_group.command("send-due")
@click.option("--resend-in-doubt", is_flag=True, help="Send again messages left in doubt.")
@pass_app
def feedback_send_due(app: App, resend_in_doubt: bool) -> None:
    """Send what the loop owes now: CPD records, follow-ups, reminders, the board report; and
    erase personal details past feedback_retention_months. Safe to rerun at any time.

    Example: scr-digest feedback send-due
    """
    erased = answers.apply_retention(app.database(), app.config)
    try:
        result = outbound.send_due(
            app.database(), app.config, mail_transport(app), resend_in_doubt=resend_in_doubt
        )
    except MailError as exc:
        raise refused(exc) from exc
    owed = result.owed
    click.echo(
        f"{result.sent_now} sent ({owed.followups} follow-ups, {owed.reminders} reminders, "
        f"{owed.board_reports} board reports newly due); {erased} answers erased by retention"
    )
    for line in result.stopped:
        click.echo(line, err=True)
    for kind, count in result.in_doubt.items():
        click.echo(f"{kind}: {count} in doubt (send again with --resend-in-doubt)", err=True)
    if result.stopped or result.in_doubt:
        raise SystemExit(2)

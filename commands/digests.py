"""digest draft|show|exclude|include|intro|themes|move|approve|send: the monthly bulletin."""

from __future__ import annotations

import sys
from typing import Any

import click

from commands.common import (
    LATEST,
    App,
    mail_transport,
    month_option,
    os_user,
    pass_app,
    plural,
    progress_bar,
    refused,
)
from commands.recipients import agency_types
from common.months import Month
from common.text import strip_invisible
from common.times import shown
from db import heartbeat
from db.statuses import OutboundStatus
from digest import drafting, sending
from digest import recipients as recipient_list
from digest import themes as digest_themes_module
from digest.state import DigestError


@click.group("digest")
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
        result = drafting.draft(app.database(), app.config, mail_transport(app), month=month)
    except DigestError as exc:
        raise refused(exc) from exc
    added = f"{len(result.added)} new review{'' if len(result.added) == 1 else 's'} added"
    state = "new draft" if result.created else "draft refreshed"
    click.echo(
        f"digest {result.month}: {state}; {added} ({result.included} included, "
        f"{result.excluded} left out)"
    )
    for warning in result.warnings:
        click.echo(f"warning: {strip_invisible(warning)}", err=True)
    if result.mail_error:
        click.echo(f"error: {strip_invisible(result.mail_error)}", err=True)
        sys.exit(2)
    if result.mailed_to:
        click.echo(f"draft mailed to {', '.join(result.mailed_to)}")
    for address, why in result.refused.items():
        click.echo(f"warning: {address} refused the draft: {strip_invisible(why)}", err=True)
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
@click.option(
    "--agency-type",
    help="The copy a recipient of this agency type receives (a taxonomy agency id: health, "
    "police, education, …; see themes list): the reviews addressed to it first and marked.",
)
@pass_app
def digest_show(app: App, month: Month | None, fmt: str, agency_type: str | None) -> None:
    """Print the bulletin as partner agencies receive it (the approved one once approved).

    The unsubscribe link shown is an example; each recipient's copy has their own. A summary
    line goes to stderr, so the output can be saved as it is.

    Example: scr-digest digest show --month 2026-11 --format html > bulletin.html
    Example: scr-digest digest show --month 2026-11 --agency-type health
    """
    try:
        wanted = recipient_list.agency_type(agency_type, agency_types(app)) if agency_type else None
        shown = drafting.show(app.database(), app.config, month=month, agency_type=wanted)
    except (DigestError, ValueError) as exc:
        raise refused(exc) from exc
    copy = f"; the copy for agency type {wanted}" if wanted else ""
    click.echo(
        f"digest {shown.month}: {shown.status}; {shown.included} included, "
        f"{shown.excluded} left out{copy}",
        err=True,
    )
    if fmt == "html":
        click.echo(shown.rendered.html)
    else:
        click.echo(f"Subject: {strip_invisible(shown.rendered.subject)}\n")
        click.echo(shown.rendered.text, nl=False)


def _set_included(app: App, month: Month, review_ids: tuple[int, ...], included: bool) -> None:
    try:
        result = drafting.set_included(
            app.database(), month, review_ids, included=included, zone=app.config.timezone
        )
    except DigestError as exc:
        raise refused(exc) from exc
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
        drafting.set_intro(app.database(), month, text, zone=app.config.timezone)
    except DigestError as exc:
        raise refused(exc) from exc
    except UnicodeDecodeError as exc:
        raise click.ClickException("the introduction file is not UTF-8 text") from exc
    click.echo(
        f"digest {month}: "
        + ("introduction reset to the configured one" if reset else "introduction replaced")
    )


@digest_group.command("themes")
@month_option("The draft's month.", required=True)
@click.option(
    "--file",
    "themes_file",
    type=click.File("r", encoding="utf-8"),
    help="The board's own opening paragraph (plain text); - reads standard input.",
)
@click.option(
    "--auto", "auto", is_flag=True, help="Build it from the reviews' themes and learning."
)
@click.option("--none", "none_", is_flag=True, help="No opening paragraph.")
@pass_app
def digest_themes(app: App, month: Month, themes_file: Any, auto: bool, none_: bool) -> None:
    """Set the opening paragraph of an unapproved draft: what the month's reviews teach.

    Without an option, print the paragraph the draft carries and the generated one.

    Example: scr-digest digest themes --month 2026-11 --file themes.txt
    """
    chosen = [
        name for name, given in (("file", themes_file), ("auto", auto), ("none", none_)) if given
    ]
    if len(chosen) > 1:
        raise click.UsageError("give one of --file, --auto or --none")
    try:
        if not chosen:
            found = digest_themes_module.themes(app.database(), month)
        else:
            mode = {"file": "custom", "auto": "auto", "none": "none"}[chosen[0]]
            text = themes_file.read() if themes_file is not None else None
            found = digest_themes_module.set_themes(
                app.database(), month, mode, text, zone=app.config.timezone
            )
    except DigestError as exc:
        raise refused(exc) from exc
    except UnicodeDecodeError as exc:
        raise click.ClickException("the file is not UTF-8 text") from exc
    what = {"auto": "generated", "custom": "the board's own", "none": "none"}[found.mode]
    click.echo(f"digest {found.month}: opening paragraph: {what}")
    if found.text:
        click.echo(strip_invisible(found.text))
    if found.mode != "auto" and found.generated and not chosen:
        click.echo(f"generated: {strip_invisible(found.generated)}")


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
        result = drafting.move(
            app.database(), month, review_id, direction, zone=app.config.timezone
        )
    except DigestError as exc:
        raise refused(exc) from exc
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

    Says how many recipients will receive it (refused when nobody would) and records who
    approved it (the operating-system user running the command).

    Example: scr-digest digest approve --month 2026-11
    """
    try:
        result = drafting.approve(
            app.database(),
            app.config,
            month=month,
            approved_by=os_user(),
            require_recipients=True,
        )
    except DigestError as exc:
        raise refused(exc) from exc
    click.echo(
        f"digest {result.month}: approved with {result.included} "
        f"review{'' if result.included == 1 else 's'}, for {plural(result.recipients, 'recipient')}"
        f", by {result.approved_by or 'an unknown user'} on "
        f"{shown(result.approved_at, app.config.timezone)}; it can no longer change"
    )
    if result.filtered_out:
        click.echo(
            f"not for {plural(result.filtered_out, 'recipient')} whose keyword filter matches "
            "none of its reviews"
        )
    beat = heartbeat.seen(app.database())
    command = f"scr-digest digest send --month {result.month}"
    if beat.running:
        click.echo(
            f"{heartbeat.describe(beat, app.config.timezone)}: it sends the bulletin at its "
            f"next send run; to send it now: {command}"
        )
    else:
        click.echo(f"no scheduler running: send it with: {command}")


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
    transport = mail_transport(app)
    try:
        with progress_bar("sending") as on_progress:
            result = sending.send(
                app.database(),
                app.config,
                transport,
                month=month,
                allow_empty=allow_empty,
                resend_in_doubt=resend_in_doubt,
                on_progress=on_progress,
            )
    except DigestError as exc:
        raise refused(exc) from exc
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
                (OutboundStatus.SENT, "sent"),
                (OutboundStatus.FAILED, "failed"),
                (OutboundStatus.SKIPPED, "skipped"),
                (OutboundStatus.PENDING, "pending"),
                (OutboundStatus.SENDING, "in doubt"),
            )
        )
    )
    for address, why in result.skipped:
        click.echo(f"skipped: {address}: {strip_invisible(why)}")
    for address, why in result.failed:
        click.echo(f"failed: {address}: {strip_invisible(why)}", err=True)
    for address in result.in_doubt:
        click.echo(f"in doubt: {address}", err=True)
    if result.in_flight:
        click.echo(
            f"{result.in_flight} being sent now by another digest send, which finishes the digest"
        )
    for warning in result.warnings:
        click.echo(f"warning: {strip_invisible(warning)}", err=True)
    if result.archive:
        click.echo(f"archive: {result.archive}")
    if result.stopped:
        click.echo(f"error: {strip_invisible(result.stopped)}", err=True)
    sys.exit(result.exit_code)


@digest_group.command("settle")
@month_option(LATEST)
@click.option(
    "--delivered/--not-delivered",
    default=None,
    help="The mail server took these messages (mark them sent), or did not (the next send "
    "sends them, with the same Message-ID).",
)
@click.argument("emails", nargs=-1, required=True)
@pass_app
def digest_settle(
    app: App, month: Month | None, delivered: bool | None, emails: tuple[str, ...]
) -> None:
    """Decide messages left in doubt by a crash, after checking the mail server's log.

    Only addresses in doubt are accepted, and only while no send is running.

    Example: scr-digest digest settle --month 2026-11 --delivered jo@police.example
    """
    if delivered is None:
        raise click.UsageError(
            "say what the mail server's log shows: --delivered or --not-delivered"
        )
    try:
        result = sending.settle_in_doubt(app.database(), month, emails, delivered=delivered)
    except DigestError as exc:
        raise refused(exc) from exc
    outcome = "marked sent" if delivered else "back to pending (the next digest send sends them)"
    click.echo(f"digest {result.month}: {len(result.settled)} {outcome}")
    if result.complete:
        click.echo(f"digest {result.month}: every delivery is settled; the digest is sent")

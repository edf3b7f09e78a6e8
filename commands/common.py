"""What every command module shares: the App object, the shared options and the output helpers."""

from __future__ import annotations

import contextlib
import getpass
import json
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click

import config as settings
from common.months import Month
from common.text import strip_invisible
from db import Database, open_database
from db.engine import shown_url, without_password
from mail.errors import MailError
from mail.settings import transport_from_config
from mail.transports import Transport

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class App:
    config: settings.Config
    _database: Database | None = field(default=None, repr=False)

    def database(self) -> Database:
        if self._database is None:
            try:
                self._database = open_database(self.config.db_url)
            except Exception as exc:  # any driver error: say which database and why, no traceback
                url = self.config.db_url  # its password, if any, is never printed
                raise click.ClickException(
                    f"cannot open the database {shown_url(url)}: {without_password(exc, url)}"
                ) from exc
        return self._database


pass_app = click.make_pass_decorator(App)


def format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format; json is for other programs.",
    )


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def emit_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    """Plain columns sized to the terminal: the last column is cut to fit, never wrapped."""
    if not rows:
        click.echo("(none)")
        return
    cells = [[strip_invisible(row.get(column, "")) for column in columns] for row in rows]
    widths = [
        max(len(column), *(len(line[i]) for line in cells)) for i, column in enumerate(columns)
    ]
    room = shutil.get_terminal_size((120, 24)).columns - sum(widths[:-1]) - 2 * (len(widths) - 1)
    widths[-1] = max(10, min(widths[-1], room))
    for line in [list(columns), *cells]:
        line[-1] = _fit(line[-1], widths[-1])
        padded = [value[:width].ljust(width) for value, width in zip(line, widths, strict=True)]
        click.echo("  ".join(padded).rstrip())


def _fit(value: str, width: int) -> str:
    """``value`` in ``width`` characters: cut after a whole word, with an ellipsis."""
    if len(value) <= width:
        return value
    cut = value[: width - 1]
    if " " in cut and not value[width - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;") + "…"


def parse_since(value: str | None) -> Month | None:
    if value is None:
        return None
    try:
        return Month.parse(value)
    except ValueError:
        raise click.BadParameter(
            "expected YYYY-MM, for example 2025-01", param_hint="--since"
        ) from None


def _month(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Month | None:
    if value is None:
        return None
    try:
        return Month.parse(value)
    except ValueError:
        raise click.BadParameter("expected YYYY-MM, for example 2026-11") from None


def month_option(default_help: str, *, required: bool = False) -> Callable[[F], F]:
    return click.option(
        "--month",
        metavar="YYYY-MM",
        required=required,
        callback=_month,
        help=default_help,
    )


LATEST = "The digest's month; default: the latest digest."


def mail_transport(app: App) -> Transport:
    try:
        return transport_from_config(app.config)
    except MailError as exc:
        raise click.ClickException(f"SMTP settings: {exc}") from exc


def os_user() -> str | None:
    """Who runs this command, as the operating system knows them (recorded as the approver)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no password entry for this uid
        return None


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def refused(exc: Exception) -> click.ClickException:
    return click.ClickException(strip_invisible(exc))


@contextlib.contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback ``(done, total)`` drawing a bar on stderr when it is a terminal;
    None (quiet) otherwise: under cron, systemd or a pipe nothing but the results is printed."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update

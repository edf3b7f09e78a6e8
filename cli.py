"""The ``scr-digest`` command: parse options, call one function, print. Nothing else lives here.

This module is the entry point: the ``main`` group with the global options, logging and the
one-line errors; the commands themselves live in the per-area modules of ``commands/``.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

import config as settings
from common.text import strip_invisible

__all__ = ["main"]

# Each command's module, imported only when that command runs: a command starts without
# loading every other stage (the web console, the scheduler, the mail code), and so does each
# extraction worker, which re-imports this module when spawned under the console script.
# In the order they were defined when they all lived here (help lists them sorted).
COMMANDS = {
    "harvest": "commands.harvesting:harvest_command",
    "reviews": "commands.reviews:reviews",
    "reports": "commands.harvesting:reports",
    "publications": "commands.publications:publications",
    "status": "commands.status:status_command",
    "check": "commands.status:check_command",
    "demo": "commands.service:demo_command",
    "digest": "commands.digests:digest_group",
    "recipients": "commands.recipients:recipients_group",
    "unsubscribe": "commands.recipients:unsubscribe_command",
    "schedule": "commands.service:schedule_command",
    "serve": "commands.service:serve_command",
    "users": "commands.users:users_group",
    "themes": "commands.themes:themes",
    "feedback": "commands.feedback:feedback_group",
    "report": "commands.report:report_group",
    "briefing": "commands.briefing:briefing_command",
}


class _Main(click.Group):
    """The command group, loading each command when it is asked for (click's "lazy group"
    pattern), and turning a refused write anywhere (disk full, read-only data directory, a
    database that cannot be written) into one line naming the path and the cause."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command) and command.name == cmd_name
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as other command-line tools do.
            # stdout points at /dev/null from here, so the exit's own flush cannot fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(141)  # 128 + SIGPIPE, what a shell reports for a killed pipeline writer
        except OSError as exc:
            logging.getLogger(__name__).debug("stopped by", exc_info=True)
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from exc
        except Exception as exc:
            if not _is_database_error(exc):
                raise
            logging.getLogger(__name__).debug("stopped by", exc_info=True)
            raise click.ClickException(
                f"database error: {strip_invisible(getattr(exc, 'orig', None) or exc)}"
            ) from exc


def _is_database_error(exc: Exception) -> bool:
    """SQLite's "database or disk is full", "readonly database" and their kind. SQLAlchemy is
    looked up, not imported: if no command has loaded it, no database error can have come."""
    errors = sys.modules.get("sqlalchemy.exc")
    return errors is not None and isinstance(exc, errors.OperationalError)


class _TerminalFormatter(logging.Formatter):
    def __init__(self, *, detailed: bool) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s: %(message)s" if detailed else "%(message)s"
        )
        self.detailed = detailed

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text if self.detailed else f"{record.levelname.lower()}: {text}"


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="SCR_DIGEST_CONFIG",
    help="TOML settings file (env: SCR_DIGEST_CONFIG).",
)
@click.option("--db", help="Database URL (overrides SCR_DIGEST_DB).")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Data directory (overrides SCR_DIGEST_DATA_DIR).",
)
@click.option("-v", "--verbose", count=True, help="More logging: -v info, -vv debug.")
@click.version_option(settings.VERSION, prog_name="scr-digest")
@click.pass_context
def main(
    ctx: click.Context,
    config_path: Path | None,
    db: str | None,
    data_dir: Path | None,
    verbose: int,
) -> None:
    """Keep a safeguarding board up to date with newly published national case reviews.

    Example: scr-digest harvest && scr-digest reviews list --since 2025-01
    """
    try:
        config = settings.load(config_path).with_overrides(db=db, data_dir=data_dir)
    except settings.ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    level = {0: config.log_level.upper(), 1: "INFO"}.get(verbose, "DEBUG")
    # On the terminal a warning reads "warning: …"; -v adds the time and the logger's name,
    # and the log file always has them.
    if not logging.getLogger().handlers:
        terminal = logging.StreamHandler(sys.stderr)
        terminal.setFormatter(_TerminalFormatter(detailed=verbose > 0))
        logging.getLogger().addHandler(terminal)
        logging.getLogger().setLevel(level)
    if config.log_file and not any(
        getattr(handler, "baseFilename", None) == str(config.log_file.resolve())
        for handler in logging.getLogger().handlers
    ):
        config.log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(config.log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logging.getLogger().addHandler(handler)
    from commands.common import App

    app = App(config)
    ctx.obj = app
    ctx.call_on_close(lambda: app._database.close() if app._database else None)

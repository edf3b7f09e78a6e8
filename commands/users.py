"""users add|list|remove|passwd: board office accounts for the web console."""

from __future__ import annotations

import sys

import click

from commands.common import App, emit_json, emit_table, format_option, pass_app, refused
from common.text import strip_invisible


@click.group("users")
def users_group() -> None:
    """Board office accounts for the web console."""


def _new_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_group.command("add")
@click.argument("email")
@click.option("--name", help="The person's name, shown in the console.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@pass_app
def users_add(app: App, email: str, name: str | None, password_stdin: bool) -> None:
    """Create a console account (the password is asked for twice; 12 characters or more).

    Example: scr-digest users add jo.smith@board.example.gov.uk --name "Jo Smith"
    """
    from web import accounts

    try:
        user = accounts.add_user(app.database(), email, _new_password(password_stdin), name=name)
    except accounts.AccountError as exc:
        raise refused(exc) from exc
    click.echo(f"account added: {strip_invisible(user.email)}")


@users_group.command("list")
@format_option("table", "json")
@pass_app
def users_list(app: App, fmt: str) -> None:
    """List console accounts, removed ones too.

    Example: scr-digest users list --format json
    """
    from web import accounts

    users = [user.as_dict() for user in accounts.list_users(app.database())]
    if fmt == "json":
        emit_json(users)
        return
    emit_table(
        [
            {
                **user,
                "status": "active" if user["active"] else "removed",
                "last sign-in": (user["last_login_at"] or "never")[:16].replace("T", " "),
            }
            for user in users
        ],
        ["email", "name", "status", "last sign-in"],
    )


@users_group.command("remove")
@click.argument("email")
@pass_app
def users_remove(app: App, email: str) -> None:
    """Deactivate an account: it can no longer sign in and its sessions end.

    Example: scr-digest users remove jo.smith@board.example.gov.uk
    """
    from web import accounts

    try:
        user = accounts.remove_user(app.database(), email)
    except accounts.AccountError as exc:
        raise refused(exc) from exc
    click.echo(f"account removed: {strip_invisible(user.email)}")


@users_group.command("passwd")
@click.argument("email")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@pass_app
def users_passwd(app: App, email: str, password_stdin: bool) -> None:
    """Set a new password for an account.

    Example: scr-digest users passwd jo.smith@board.example.gov.uk
    """
    from web import accounts

    try:
        user = accounts.set_password(app.database(), email, _new_password(password_stdin))
    except accounts.AccountError as exc:
        raise refused(exc) from exc
    click.echo(f"password changed: {strip_invisible(user.email)}")

"""Web console sign-in: accounts, passwords, sessions, CSRF and the sign-in rate limit.

CSRF protection is on in these tests, as in production; forms are posted with the token a
browser would have read from the page.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie

import pytest
import time_machine
from click.testing import CliRunner
from console_helpers import (
    OFFICER,
    PASSWORD,
    console_of,
    csrf_token,
    make_user,
    post_form,
    seed_draft,
    sign_in,
)
from flask import Flask
from flask.testing import FlaskClient

from cli import main
from common.months import Month
from digest import drafting
from web import accounts

WRONG = "Wrong email address or password."


def _cookie(response) -> SimpleCookie:  # type: ignore[no-untyped-def]
    cookie = SimpleCookie()
    for header in response.headers.getlist("Set-Cookie"):
        cookie.load(header)
    return cookie


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/drafts/").status_code == 200


# ---------------------------------------------------------------- the form and passwords


def test_sign_in_form_is_labelled_and_signs_in(console_app: Flask) -> None:
    make_user(console_of(console_app).database)
    client = console_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert '<label for="email">Email</label>' in page and 'id="email"' in page
    assert '<label for="password">Password</label>' in page and 'id="password"' in page
    assert '<button type="submit">Sign in</button>' in page

    response = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/drafts/"
    assert _signed_in(client)


@pytest.mark.parametrize(
    ("email", "password"),
    [(OFFICER, "not the right password"), ("nobody@board.example", PASSWORD)],
    ids=["wrong password", "unknown account"],
)
def test_wrong_password_and_unknown_account_get_the_same_answer(
    console_app: Flask, email: str, password: str
) -> None:
    make_user(console_of(console_app).database)
    client = console_app.test_client()
    response = sign_in(client, email, password)
    assert response.status_code == 401
    assert WRONG in response.get_data(as_text=True)
    assert not _signed_in(client)


def test_email_is_case_insensitive_and_removed_accounts_cannot_sign_in(console_app: Flask) -> None:
    database = console_of(console_app).database
    make_user(database)
    client = console_app.test_client()
    assert sign_in(client, OFFICER.upper()).status_code == 302
    other = console_app.test_client()
    accounts.remove_user(database, OFFICER)
    assert not _signed_in(client)  # the open session ends with the account
    assert sign_in(other).status_code == 401


def test_a_new_password_ends_existing_sessions(console_app: Flask) -> None:
    database = console_of(console_app).database
    make_user(database)
    client = console_app.test_client()
    sign_in(client)
    assert _signed_in(client)
    accounts.set_password(database, OFFICER, "a completely new password")
    assert not _signed_in(client)
    assert sign_in(client, password="a completely new password").status_code == 302


# ---------------------------------------------------------------- sessions and cookies


def test_session_cookie_is_httponly_and_samesite_lax(console_app: Flask) -> None:
    make_user(console_of(console_app).database)
    response = sign_in(console_app.test_client())
    morsel = _cookie(response)["scr_digest_session"]
    assert morsel["httponly"] and morsel["samesite"] == "Lax"
    assert not morsel["secure"]  # plain http on 127.0.0.1: a Secure cookie would never return


def test_session_cookie_is_secure_and_scoped_behind_an_https_console_url(
    console_app_factory,
) -> None:
    app = console_app_factory(console_url="https://board.example.gov.uk/scr-digest/")
    make_user(console_of(app).database)
    client = app.test_client()
    base = "https://board.example.gov.uk"
    token = csrf_token_https(client, base)
    response = client.post(
        "/scr-digest/login",
        base_url=base,
        data={"csrf_token": token, "email": OFFICER, "password": PASSWORD},
        headers={"Referer": f"{base}/scr-digest/login"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/scr-digest/drafts/"
    morsel = _cookie(response)["scr_digest_session"]
    assert morsel["secure"] and morsel["httponly"] and morsel["samesite"] == "Lax"
    assert morsel["path"] == "/scr-digest"
    page = client.get("/scr-digest/drafts/", base_url=base)
    assert page.status_code == 200
    assert 'action="/scr-digest/logout"' in page.get_data(as_text=True)


def csrf_token_https(client: FlaskClient, base: str) -> str:
    page = client.get("/scr-digest/login", base_url=base).get_data(as_text=True)
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def test_a_proxy_that_strips_the_prefix_still_gets_prefixed_links(console_app_factory) -> None:
    app = console_app_factory(console_url="http://board.example/scr-digest")
    page = app.test_client().get("/login").get_data(as_text=True)
    assert 'action="/scr-digest/login"' in page
    assert 'href="/scr-digest/static/console.css"' in page


def test_signing_in_starts_a_fresh_session(console_app: Flask) -> None:
    make_user(console_of(console_app).database)
    client = console_app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["user_id"]


def test_sign_out_is_a_post_with_csrf(signed_in_client: FlaskClient) -> None:
    assert signed_in_client.get("/logout").status_code == 405
    assert signed_in_client.post("/logout").status_code == 400  # no token: refused
    assert _signed_in(signed_in_client)
    response = post_form(signed_in_client, "/logout", page="/drafts/")
    assert response.status_code == 302
    assert not _signed_in(signed_in_client)


def test_forms_without_a_csrf_token_are_refused(console_app: Flask) -> None:
    make_user(console_of(console_app).database)
    client = console_app.test_client()
    response = client.post("/login", data={"email": OFFICER, "password": PASSWORD})
    assert response.status_code == 400
    assert "did not come from this console" in response.get_data(as_text=True)
    assert not _signed_in(client)
    forged = client.post(
        "/login", data={"csrf_token": "forged", "email": OFFICER, "password": PASSWORD}
    )
    assert forged.status_code == 400
    assert sign_in(client).status_code == 302


def test_next_never_leads_off_the_site(console_app: Flask) -> None:
    make_user(console_of(console_app).database)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        client = console_app.test_client()
        token = csrf_token(client)
        response = client.post(
            "/login",
            data={"csrf_token": token, "email": OFFICER, "password": PASSWORD, "next": target},
        )
        assert response.headers["Location"] == "/drafts/", target


def test_anonymous_visitors_are_sent_to_sign_in_and_see_nothing(console_app: Flask) -> None:
    seed_draft(console_app, "Child Q secret title")
    client = console_app.test_client()
    for path in ("/", "/drafts/", "/drafts/2026-11", "/drafts/2026-11/approve"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login?next="), path
        assert "Child Q" not in response.get_data(as_text=True)
    token = csrf_token(client)  # a real token from the login page: still not enough
    for action in ("exclude", "include", "move", "intro", "approve", "send"):
        response = client.post(
            f"/drafts/2026-11/{action}",
            data={"csrf_token": token, "review_id": "1", "direction": "up", "intro": "x"},
        )
        assert response.status_code == 302 and "/login" in response.headers["Location"], action
    console = console_of(console_app)  # and nothing changed
    state = drafting.draft_state(console.database, console.config, Month(2026, 11))
    assert state.status == "draft" and state.intro_is_custom is False
    assert all(item.included for item in state.items)


# ---------------------------------------------------------------- rate limit


def test_five_failures_lock_the_account_for_fifteen_minutes(console_app: Flask) -> None:
    make_user(console_of(console_app).database)
    make_user(console_of(console_app).database, "colleague@board.example")
    start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client = console_app.test_client()
        for _ in range(5):
            assert sign_in(client, password="guess guess guess").status_code == 401
        refused = sign_in(client)  # even the right password
        assert refused.status_code == 429
        assert "Too many failed sign-in attempts. Try again in 15 minutes" in refused.get_data(
            as_text=True
        )
        assert not _signed_in(client)
        # Another account from the same address is not locked by these five.
        assert sign_in(console_app.test_client(), "colleague@board.example").status_code == 302
        traveller.shift(timedelta(minutes=15, seconds=1))
        assert sign_in(client).status_code == 302


def test_twenty_failures_from_one_address_lock_it_out(console_app: Flask) -> None:
    make_user(console_of(console_app).database)
    with time_machine.travel(datetime(2026, 11, 27, 9, 0, tzinfo=UTC), tick=False):
        client = console_app.test_client()
        for number in range(20):
            response = sign_in(client, f"guess{number}@board.example", "guess guess guess")
            assert response.status_code == 401
        assert sign_in(client).status_code == 429
        # The same account from another address is fine (the account had no failures).
        other = console_app.test_client()
        token = csrf_token(other)
        response = other.post(
            "/login",
            data={"csrf_token": token, "email": OFFICER, "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "10.0.0.7"},
        )
        assert response.status_code == 302


# ---------------------------------------------------------------- users commands


def _cli(tmp_path, *args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        main,
        ["--db", f"sqlite:///{tmp_path / 'cli.db'}", "--data-dir", str(tmp_path), *args],
        input=stdin,
        env={"SCR_DIGEST_CONFIG": ""},
    )


def test_users_add_list_passwd_remove(tmp_path) -> None:
    added = _cli(
        tmp_path,
        "users",
        "add",
        OFFICER,
        "--name",
        "Jo Smith",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert f"account added: {OFFICER}" in added.output

    short = _cli(tmp_path, "users", "add", "b@board.example", "--password-stdin", stdin="short\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    again = _cli(tmp_path, "users", "add", OFFICER, "--password-stdin", stdin=PASSWORD + "\n")
    assert again.exit_code == 1 and "already has an account" in again.output
    mismatch = _cli(
        tmp_path,
        "users",
        "add",
        "c@board.example",
        stdin="first password 1\nsecond password 2\nfirst password 1\nfirst password 1\n",
    )
    assert mismatch.exit_code == 0, mismatch.output  # asked again after the mismatch

    listed = json.loads(_cli(tmp_path, "users", "list", "--format", "json").output)
    assert [(u["email"], u["name"], u["active"]) for u in listed] == [
        ("c@board.example", None, True),
        (OFFICER, "Jo Smith", True),
    ]
    assert "password" not in json.dumps(listed)

    changed = _cli(
        tmp_path, "users", "passwd", OFFICER, "--password-stdin", stdin="another long password\n"
    )
    assert changed.exit_code == 0, changed.output
    removed = _cli(tmp_path, "users", "remove", OFFICER)
    assert removed.exit_code == 0 and f"account removed: {OFFICER}" in removed.output
    table = _cli(tmp_path, "users", "list").output
    assert "removed" in table and "Jo Smith" in table


def test_users_add_account_signs_in_to_the_console(tmp_path, console_app: Flask) -> None:
    config = console_of(console_app).config
    result = CliRunner().invoke(
        main,
        [
            "--db",
            config.db_url,
            "--data-dir",
            str(config.data_dir),
            "users",
            "add",
            OFFICER,
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert sign_in(console_app.test_client()).status_code == 302


# ---------------------------------------------------------------- the secret key


def test_secret_key_is_made_once_private_and_reused(console_app_factory, tmp_path) -> None:
    from web import create_app

    app = console_app_factory()
    config = console_of(app).config
    key_file = config.data_dir / "secret_key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    again = create_app(config, database=console_of(app).database)
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]
    make_user(console_of(app).database)
    client = app.test_client()
    sign_in(client)
    cookie = client.get_cookie("scr_digest_session")
    assert cookie is not None
    restarted = again.test_client()
    restarted.set_cookie("scr_digest_session", cookie.value)
    assert _signed_in(restarted)  # a restart does not sign everyone out

    status = _cli_status(config)
    assert app.config["SECRET_KEY"] not in status


def _cli_status(config) -> str:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        main,
        ["--db", config.db_url, "--data-dir", str(config.data_dir), "status", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    return result.output

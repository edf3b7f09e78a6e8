"""Sign-in limits hold when attempts arrive at the same moment (threads of one console, or
several console processes on one PostgreSQL database): count-then-record is atomic."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from db import open_database
from web import accounts

PASSWORD = "correct horse battery"


def _race(attempts: list[tuple[str, str]], database: accounts.Database) -> dict[str, int]:
    """Start every (account, address) attempt with a wrong password at the same instant."""
    start = threading.Barrier(len(attempts))
    outcomes: dict[str, int] = {"checked": 0, "refused": 0}
    lock = threading.Lock()

    def attempt(account: str, address: str) -> None:
        start.wait()
        try:
            accounts.authenticate(database, account, "a wrong password", address)
        except accounts.TooManyAttempts:
            outcome = "refused"
        except accounts.SignInFailed:
            outcome = "checked"
        else:
            outcome = "signed in"
        with lock:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1

    threads = [threading.Thread(target=attempt, args=pair) for pair in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_simultaneous_guesses_at_one_account_never_pass_the_limit(
    tmp_path: Path, db_url_factory: Callable[[Path], str]
) -> None:
    database = open_database(db_url_factory(tmp_path))
    try:
        accounts.add_user(database, "jo@board.example", PASSWORD)
        for _ in range(accounts.ACCOUNT_LIMIT - 2):  # two guesses left
            with pytest.raises(accounts.SignInFailed):
                accounts.authenticate(database, "jo@board.example", "wrong", "192.0.2.1")
        outcomes = _race([("jo@board.example", f"192.0.2.{10 + i}") for i in range(10)], database)
        # Exactly the two guesses that were left had their password checked; the rest refused.
        assert outcomes == {"checked": 2, "refused": 8}
    finally:
        database.close()


def test_simultaneous_guesses_from_one_address_never_pass_the_limit(
    tmp_path: Path, db_url_factory: Callable[[Path], str]
) -> None:
    database = open_database(db_url_factory(tmp_path))
    try:
        for i in range(accounts.ADDRESS_LIMIT - 3):  # three guesses left for this address
            with pytest.raises(accounts.SignInFailed):
                accounts.authenticate(database, f"guess{i}@board.example", "wrong", "198.51.100.9")
        outcomes = _race([(f"other{i}@board.example", "198.51.100.9") for i in range(10)], database)
        assert outcomes == {"checked": 3, "refused": 7}
    finally:
        database.close()

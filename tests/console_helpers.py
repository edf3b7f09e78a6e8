"""Fixtures and helpers for the web console tests (exposed to every test by conftest.py).

- ``console_app``: a console on a fresh database (db_url_factory: SQLite, or PostgreSQL when
  SCR_DIGEST_TEST_PG_URL is set), TESTING on and CSRF protection ON, as in production;
- ``console_app_factory(**settings)``: the same with other settings (console_url, smtp_url …);
- ``signed_in_client``: a test client signed in, through the real form, as ``OFFICER``;
- ``make_user(database, email, password)``, ``sign_in(client, email, password)``,
  ``csrf_token(client, path)`` and ``post_form(client, path, data, page=…)``.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from common.months import Month
from config import Config
from db import Database, Review, open_database
from digest import drafting
from web import create_app
from web.accounts import User, add_user
from web.context import EXTENSION, Console

OFFICER = "officer@board.example"
PASSWORD = "correct horse battery"
OFFICE = "office@board.example"

_TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def make_user(database: Database, email: str = OFFICER, password: str = PASSWORD) -> User:
    return add_user(database, email, password, name="Test Officer")


def console_of(app: Flask) -> Console:
    return app.extensions[EXTENSION]  # type: ignore[no-any-return]


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token from a form on ``path``, as a browser would have it."""
    page = client.get(path)
    match = _TOKEN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token in the page at {path} ({page.status_code})"
    return match.group(1)


def post_form(
    client: FlaskClient, path: str, data: dict[str, Any] | None = None, *, page: str | None = None
) -> TestResponse:
    """POST ``data`` to ``path`` with the CSRF token from ``page`` (default: ``path``)."""
    fields = {"csrf_token": csrf_token(client, page or path), **(data or {})}
    return client.post(path, data=fields)


def sign_in(client: FlaskClient, email: str = OFFICER, password: str = PASSWORD) -> TestResponse:
    return post_form(client, "/login", {"email": email, "password": password})


NOV = Month(2026, 11)


def add_review(database: Database, title: str, *, month: Month = NOV, **fields: Any) -> int:
    """A harvested, announceable review first seen in ``month`` (fields override defaults)."""
    first_seen = datetime(month.year, month.month, 10, 9, 0, tzinfo=UTC)
    values: dict[str, Any] = {
        "review_key": f"key-{uuid.uuid4().hex}",
        "text_key": f"2026|westshire|{title}".lower(),
        "published_year": 2026,
        "published_month": None,
        "area": "Westshire",
        "title": title,
        "summary": f"Summary of the review of {title}.",
        "learning": f"Learning from {title}.",
        "keywords": ["neglect"],
        "sections": [],
        "report_url": "https://reports.example.org/report.pdf",
        "source_url": "https://source.example.org/case-reviews",
        "content_hash": hashlib.sha256(title.encode()).hexdigest(),
        "baseline": False,
        "first_seen_at": first_seen,
        "last_seen_at": first_seen,
    }
    values.update(fields)
    with database.session() as session:
        review = Review(**values)
        session.add(review)
        session.flush()
        return review.id


def seed_draft(app: Flask, *titles: str, month: Month = NOV) -> dict[str, int]:
    """Reviews first seen in ``month`` and its draft (stored, not mailed); title → review id."""
    console = console_of(app)
    ids = {title: add_review(console.database, title, month=month) for title in titles}
    drafting.draft(console.database, console.config, None, month=month)
    return ids


def _config(tmp_path: Path, db_url: str, **settings: Any) -> Config:
    base: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "db": db_url,
        "board_office": (OFFICE,),
        "board_name": "Westshire Safeguarding Children Partnership",
        "request_delay": 0.0,
        "smtp_retry_delay": 0.0,
    }
    base.update(settings)
    return Config(**base)


@pytest.fixture
def console_app_factory(
    tmp_path: Path, db_url_factory: Callable[[Path], str]
) -> Iterator[Callable[..., Flask]]:
    databases: list[Database] = []

    def make(**settings: Any) -> Flask:
        directory = tmp_path / f"console{len(databases)}"
        directory.mkdir()
        config = _config(directory, db_url_factory(directory), **settings)
        database = open_database(config.db_url)
        databases.append(database)
        app = create_app(config, database=database)
        app.config.update(TESTING=True, WTF_CSRF_ENABLED=True)
        return app

    yield make
    for database in databases:
        database.close()


@pytest.fixture
def console_app(console_app_factory: Callable[..., Flask]) -> Flask:
    return console_app_factory()


@pytest.fixture
def signed_in_client(console_app: Flask) -> FlaskClient:
    make_user(console_of(console_app).database)
    client = console_app.test_client()
    response = sign_in(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client

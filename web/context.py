"""What a request needs from the rest of scr-digest: the settings and the database."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from config import Config
from db import Database

EXTENSION = "scr_digest"


@dataclass(frozen=True)
class Console:
    config: Config
    database: Database


def console() -> Console:
    """The running console's settings and database (kept in ``app.extensions``)."""
    return current_app.extensions[EXTENSION]

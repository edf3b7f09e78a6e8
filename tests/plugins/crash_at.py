"""``scr-digest`` killed with SIGKILL at an exact place: the crash tests' plugin, never shipped.

    python -m tests.plugins.crash_at POINT[:N] scr-digest-arguments...

runs the command line as ``cli.main`` would and kills the process the N-th time (default 1) it
reaches POINT. No timing from outside could hit these places reliably, and the product carries no
hook for them: the plugin listens to SQLAlchemy's own session events.

Points:

- ``page-written``: a listing page's reviews and its page row are flushed to the database in the
  page's transaction, which is not yet committed.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

import cli
from db import Page


def _page_written(session: Session) -> bool:
    # A page's own transaction is the only one that flushes its row as "changed"
    # (harvester.harvest._harvest_page); the other outcomes are recorded with other statuses.
    return any(isinstance(row, Page) and row.last_status == "changed" for row in session.dirty)


POINTS: dict[str, Callable[[Session], bool]] = {"page-written": _page_written}


def install(point: str, nth: int) -> None:
    """Kill this process the ``nth`` time a flush reaches ``point``."""
    reached = POINTS[point]
    seen = 0

    @event.listens_for(Session, "after_flush")
    def _maybe_crash(session: Session, _flush: UOWTransaction) -> None:
        nonlocal seen
        if reached(session):
            seen += 1
            if seen == nth:
                os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    point, _, nth = sys.argv.pop(1).partition(":")
    install(point, int(nth or 1))
    cli.main()


if __name__ == "__main__":
    main()

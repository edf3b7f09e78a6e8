"""The scheduler's heartbeat: one row it rewrites each minute and deletes when it stops.

``status`` and the console read it to say whether a scheduler is actually running, instead of
promising what a scheduler would do. A row not rewritten for ``STALE`` (a scheduler killed, or
its machine gone) means none is running.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from common.times import clock, shown
from db.engine import Database
from db.models import SchedulerHeartbeat, utcnow

EVERY = 60.0  # seconds between beats
STALE = timedelta(minutes=3)  # three beats missed: no scheduler is running
_ROW = 1


@dataclass(frozen=True)
class SchedulerSeen:
    running: bool
    seen_at: datetime | None  # the last beat, if any row is left
    pid: int | None = None
    host: str | None = None


def beat(database: Database, started_at: datetime, now: datetime | None = None) -> None:
    """Record that this process's scheduler is alive now."""
    now = now or utcnow()
    with database.session() as session:
        row = session.get(SchedulerHeartbeat, _ROW)
        if row is None:
            row = SchedulerHeartbeat(id=_ROW)
            session.add(row)
        row.pid, row.host = os.getpid(), socket.gethostname()[:255]
        row.started_at, row.seen_at = started_at, now


def stopped(database: Database) -> None:
    """This process's scheduler stopped: no heartbeat is left behind."""
    with database.session() as session:
        session.execute(
            delete(SchedulerHeartbeat).where(
                SchedulerHeartbeat.id == _ROW, SchedulerHeartbeat.pid == os.getpid()
            )
        )


def seen(database: Database, now: datetime | None = None) -> SchedulerSeen:
    """Whether a scheduler is running, by its last beat."""
    now = now or utcnow()
    with database.session() as session:
        row = session.scalar(select(SchedulerHeartbeat).where(SchedulerHeartbeat.id == _ROW))
        if row is None:
            return SchedulerSeen(False, None)
        return SchedulerSeen(now - row.seen_at <= STALE, row.seen_at, row.pid, row.host)


def describe(state: SchedulerSeen, zone: str) -> str:
    """``scheduler running (last seen 23:10)`` or ``no scheduler running``, in ``zone``."""
    if state.running and state.seen_at is not None:
        return f"scheduler running (last seen {clock(state.seen_at, zone)})"
    if state.seen_at is not None:
        return f"no scheduler running (the last one was seen {shown(state.seen_at, zone)})"
    return "no scheduler running"

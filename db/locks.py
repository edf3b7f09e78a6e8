"""Named locks per database, held by one process at a time: one scheduler, one harvest, one send.

On PostgreSQL a session advisory lock (``pg_try_advisory_lock``) on a connection held while the
lock is, so it holds across machines and is released by the server when the process dies (even
by ``kill -9``). On SQLite an ``flock`` on ``<database file>.<name>.lock`` beside the database
(one machine, as the SQLite file is), which the kernel drops with the process. An in-memory
SQLite database needs none: no other process can see it.

The holder writes who it is (pid, host, since when) into the lock file, or into its connection's
``application_name`` on PostgreSQL, so the process refused can say who is in the way.

``shared=True`` takes the lock in shared mode: several holders at once, each able to ask how many
others there are (``others``). ``digest send`` uses it on PostgreSQL, where senders share the work
and one finishing first must not mistake the others' messages in flight for messages in doubt.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

# pg_try_advisory_lock keys: any fixed 64-bit numbers; the first spells "scrdgst" in ASCII and is
# the scheduler's key from before the locks were shared, so old and new schedulers exclude each
# other too.
PG_KEYS = {
    "scheduler": 0x73637264677374,
    "harvest": 0x73637264677375,
    "send": 0x73637264677376,
    "insight": 0x73637264677377,
}
# What to tell the process refused, per lock.
ADVICE = {
    "scheduler": "stop it first",
    "harvest": "let it finish, or run this one with --wait",
    "send": "let it finish",
    "insight": "let it finish, or run this one with --wait",
}


class LockBusy(Exception):
    """The lock is held by another process; ``str()`` says who, since when, and what to do."""

    def __init__(self, name: str, holder: str | None, where: str) -> None:
        self.name = name
        self.holder = holder
        who = f" {holder}" if holder else ""
        advice = ADVICE.get(name, "let it finish")
        super().__init__(
            f"another {name} is already running against this database{who} ({where}); {advice}"
        )


class LockError(Exception):
    """The lock cannot be taken at all (an unsupported database)."""


def _stamp() -> str:
    return f"since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC, pid {os.getpid()} on {_host()}"


def _host() -> str:
    return socket.gethostname().split(".")[0][:20]


class DatabaseLock:
    """One named lock on ``engine``'s database; a context manager. ``acquire`` raises
    ``LockBusy`` when another process holds it, or waits for it with ``wait=True``."""

    def __init__(self, engine: Engine, name: str, *, shared: bool = False) -> None:
        if name not in PG_KEYS:
            raise ValueError(f"unknown lock {name!r}; known: {', '.join(PG_KEYS)}")
        self.engine = engine
        self.name = name
        self.shared = shared
        self._file: TextIO | None = None
        self._connection: Connection | None = None

    @property
    def key(self) -> int:
        return PG_KEYS[self.name]

    def lock_path(self) -> Path | None:
        url = make_url(str(self.engine.url))
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            return None
        return Path(f"{url.database}.{self.name}.lock")

    def describe(self) -> str:
        if self.engine.dialect.name == "sqlite":
            return f"lock file {self.lock_path()}"
        url = self.engine.url.render_as_string(hide_password=True)
        return f"PostgreSQL advisory lock {self.key} on {url}"

    @property
    def held(self) -> bool:
        return self._file is not None or self._connection is not None

    def acquire(self, *, wait: bool = False) -> DatabaseLock:
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            self._acquire_postgres(wait)
        elif dialect == "sqlite":
            self._acquire_file(wait)
        else:
            raise LockError(f"locks work on SQLite and PostgreSQL, not {dialect}")
        return self

    # -- PostgreSQL

    def _acquire_postgres(self, wait: bool) -> None:
        mode = "_shared" if self.shared else ""
        connection = self.engine.connect()
        try:
            # Who holds it, for the message another process gets (63 bytes at most).
            me = f"scr-digest {self.name} pid {os.getpid()} on {_host()}"[:63]
            connection.execute(
                text("SELECT set_config('application_name', :me, false)"), {"me": me}
            )
            connection.commit()
            taken = bool(
                connection.execute(
                    text(f"SELECT pg_try_advisory_lock{mode}(:key)"), {"key": self.key}
                ).scalar()
            )
            if not taken and wait:
                log.warning("waiting for %s", self._busy(connection))
                connection.execute(text(f"SELECT pg_advisory_lock{mode}(:key)"), {"key": self.key})
                taken = True
            connection.commit()  # the lock is the session's: no transaction left open for days
        except BaseException:
            connection.close()
            raise
        if not taken:
            busy = self._busy(connection)
            connection.close()
            raise busy
        self._connection = connection

    def _holders(self, connection: Connection) -> list[tuple[str, datetime | None, int]]:
        """(application_name, backend_start, pid) of every session holding this lock."""
        rows = connection.execute(
            text(
                "SELECT a.application_name, a.backend_start, a.pid FROM pg_locks l "
                "JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                "AND l.classid = :hi AND l.objid = :lo AND l.database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            ),
            {"hi": (self.key >> 32) & 0xFFFFFFFF, "lo": self.key & 0xFFFFFFFF},
        ).all()
        return [(row[0] or "", row[1], row[2]) for row in rows]

    def _busy(self, connection: Connection) -> LockBusy:
        holder = None
        with contextlib.suppress(Exception):  # the message is a courtesy: never fail on it
            for name, started, _pid in self._holders(connection):
                if started is not None:
                    since = started.astimezone(UTC)
                    holder = f"since {since:%Y-%m-%d %H:%M:%S} UTC, " + (
                        name.split(f"scr-digest {self.name} ", 1)[-1] or "pid unknown"
                    )
                    break
            connection.rollback()
        return LockBusy(self.name, holder, self.describe())

    # -- SQLite (a file beside the database)

    def _acquire_file(self, wait: bool) -> None:
        path = self.lock_path()
        if path is None:
            return  # an in-memory database: no other process can see it
        handle = path.open("a+", encoding="utf-8")
        mode = fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX
        try:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    raise self._file_busy(handle) from None
                log.warning("waiting for %s", self._file_busy(handle))
                fcntl.flock(handle, mode)
        except BaseException:
            handle.close()
            raise
        if not self.shared:
            handle.seek(0)
            handle.truncate()
            handle.write(_stamp())
            handle.flush()
        self._file = handle

    def _file_busy(self, handle: TextIO) -> LockBusy:
        handle.seek(0)
        return LockBusy(self.name, handle.read().strip() or None, self.describe())

    # -- looking without taking

    def holder(self) -> str | None:
        """Who holds the lock now, as the refusal would name them, or None when it is free.

        On PostgreSQL this only reads ``pg_locks``; on SQLite it has to try the lock (shared,
        for an instant), the one way ``flock`` answers."""
        if self.held:
            return f"this process (pid {os.getpid()})"
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as connection:
                holders = self._holders(connection)
            if not holders:
                return None
            name, started, pid = holders[0]
            since = f"since {started.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC, " if started else ""
            return since + (name.split(f"scr-digest {self.name} ", 1)[-1] or f"backend {pid}")
        path = self.lock_path()
        if path is None or not path.exists():
            return None
        with path.open("r", encoding="utf-8") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return handle.read().strip() or "another process"
            fcntl.flock(handle, fcntl.LOCK_UN)
        return None

    # -- others

    def others(self) -> int:
        """How many other processes hold this shared lock now (PostgreSQL; 0 otherwise)."""
        if self._connection is not None:
            holders = self._holders(self._connection)
            self._connection.rollback()
            backend = self._connection.execute(text("SELECT pg_backend_pid()")).scalar()
            self._connection.rollback()
            return sum(1 for _name, _start, pid in holders if pid != backend)
        # flock cannot count holders (and converting a shared lock to test for them would drop
        # it for a moment): on SQLite, where senders take the lock exclusively, there are none.
        return 0

    def release(self) -> None:
        if self._connection is not None:
            mode = "_shared" if self.shared else ""
            with contextlib.suppress(Exception):
                self._connection.execute(
                    text(f"SELECT pg_advisory_unlock{mode}(:key)"), {"key": self.key}
                )
                self._connection.commit()
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None
        if self._file is not None:
            if not self.shared:
                with contextlib.suppress(OSError):
                    self._file.truncate(0)
            self._file.close()  # closing the descriptor drops the flock
            self._file = None

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

"""Engine and session setup; migrations run on first use so a new data directory just works."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, Engine, Result, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from common.links import redact_url
from db.files import private_dir, private_file

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (status, the web console) run during a harvest; busy_timeout makes a
    # second writer wait instead of failing at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def head_revision() -> str:
    """The newest migration's revision, read from the file names: the chain is linear and each
    file is named for its revision (``0015_publication_tags.py`` is revision "0015"), which
    ``tests/test_db.py`` checks against Alembic's own reading of the scripts."""
    return max(
        path.name[:4] for path in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    )


def _at_head(engine: Engine) -> bool:
    """The database is already at the newest revision: nothing to migrate, so Alembic (a third
    of a command's start-up) is never imported. Any doubt (no version table yet, another
    revision, several) is left to Alembic."""
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no version table: a new database
        return False
    return [row[0] for row in versions] == [head_revision()]


def alembic_config(engine: Engine) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        with self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


class DatabaseTooNew(Exception):
    """The database was migrated by a newer scr-digest than this one; the message says so."""


def _refuse_newer(engine: Engine, cfg: AlembicConfig) -> None:
    """A revision this copy has no migration for was written by a newer version: say that,
    instead of Alembic's "Can't locate revision identified by …"."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    known = {revision.revision for revision in ScriptDirectory.from_config(cfg).walk_revisions()}
    unknown = [revision for revision in current if revision not in known]
    if unknown:
        engine.dispose()
        raise DatabaseTooNew(
            "this database was written by a newer version of scr-digest "
            f"(revision {', '.join(unknown)}); upgrade scr-digest"
        )


def shown_url(url: str) -> str:
    """The database URL fit to print: any password replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not even a URL: hide whatever looks like a password in it
        return redact_url(url)


def without_password(text: object, url: str) -> str:
    """``text`` (an error message, say) with the URL's password hidden wherever it appears."""
    shown = str(text).replace(url, shown_url(url))
    try:
        password = make_url(url).password
    except Exception:
        password = None
    if password:
        shown = shown.replace(str(password), "***")
    return redact_url(shown)


def open_database(url: str, *, migrate: bool = True) -> Database:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        # The file holds password hashes, addresses and tokens: its folder 0700, the file
        # (and so its -wal and -shm) 0600 when they are made.
        path = Path(parsed.database)
        private_dir(path.parent)
        private_file(path)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate and not _at_head(engine):
        from alembic import command

        cfg = alembic_config(engine)
        _refuse_newer(engine, cfg)
        command.upgrade(cfg, "head")
    return Database(engine, sessionmaker(engine, expire_on_commit=False))


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE matched (``Session.execute`` is typed to return any ``Result``)."""
    return cast("CursorResult[Any]", result).rowcount


_SQLITE_FULL = 13  # sqlite3.SQLITE_FULL: "database or disk is full" (ENOSPC, max_page_count)
_PG_DISK_FULL = "53100"  # PostgreSQL's disk_full


def is_disk_full(exc: BaseException) -> bool:
    """The database refused a write because its disk (or its size limit) is full."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlite_errorcode", None) == _SQLITE_FULL:
        return True
    return getattr(orig, "sqlstate", None) == _PG_DISK_FULL

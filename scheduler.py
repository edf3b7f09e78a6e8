"""The scheduler: APScheduler 3 jobs that harvest, draft and deliver, and alert on failure.

``scr-digest schedule`` runs ``run()``: a ``BlockingScheduler`` in the foreground with three
jobs, stored in the application database (table ``scheduler_job``, created by APScheduler's
``SQLAlchemyJobStore``; the Alembic migrations leave it alone):

- ``harvest`` (``harvest_schedule``, daily 06:00): ``harvester.harvest.harvest``;
- ``draft`` (``draft_schedule``, the 1st at 08:00): the month's draft, when it has none yet;
- ``send`` (``send_schedule``, every 15 minutes): approved digests not yet sent, and sends cut
  short with messages still pending, so approving is enough.

Schedules are cron expressions in the board's time zone (``timezone``, Europe/London). Jobs
coalesce, run one instance at a time and may start up to a day late, so a machine that was off
at 06:00 harvests once when it comes back, not zero or five times. Restarting keeps each job's
stored next run time (unless its schedule changed), so the run missed while down is not lost.
A monthly draft missed while down is made on start-up.

Job functions are referenced as ``scheduler:run_harvest_job`` and so on and take no arguments:
the job store holds only the schedule, never settings or secrets; the running scheduler hands
the jobs its configuration.

One scheduler per database: the "scheduler" lock of ``db.locks`` (on PostgreSQL a session
advisory lock held for the scheduler's life, so it holds across machines; on SQLite an
exclusive ``flock`` on ``<database file>.scheduler.lock``). A second scheduler refuses with
``SchedulerBusy``. The harvest job also takes the "harvest" lock, as ``scr-digest harvest``
does: when a harvest started by hand is still running, the scheduled one is skipped (logged,
and the maintainers told), never run alongside it. SIGTERM and SIGINT stop the
scheduler after the running job finishes.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import exists, or_, select
from sqlalchemy.exc import SQLAlchemyError

import alerts
from common.exits import EXIT_BUSY
from common.months import Month
from config import Config
from db import Database, Delivery, Digest, heartbeat
from db.locks import PG_KEYS, DatabaseLock, LockBusy, LockError
from db.schedule import JOB_TABLE, JOBS
from db.statuses import DigestStatus, OutboundStatus
from digest import drafting, sending
from digest.state import DigestError
from harvester.harvest import HarvestBusy, harvest
from insight.store import insight_step
from mail.settings import transport_from_config
from mail.transports import Transport

log = logging.getLogger(__name__)

JOBSTORE = "default"
MISFIRE_GRACE = int(timedelta(days=1).total_seconds())
PG_LOCK_KEY = PG_KEYS["scheduler"]


class SchedulerError(Exception):
    """The scheduler cannot start; the message says why."""


class SchedulerBusy(SchedulerError):
    """Another scheduler already runs against this database."""


# ---------------------------------------------------------------- the jobs


@dataclass
class Runtime:
    """What the jobs work with: set by ``configure`` for the life of the scheduler."""

    config: Config
    database: Database

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.config.timezone)

    def transport(self) -> Transport:
        return transport_from_config(self.config)

    def alert(self, problem: alerts.Problem | None, key: str) -> None:
        if problem is None:
            alerts.resolve(self.database, key)
        else:
            alerts.notify(self.database, self.config, problem)

    # -- harvest

    def harvest(self) -> int:
        try:
            result = harvest(self.database, self.config, trigger="scheduler")
        except HarvestBusy as exc:
            # Another harvest (started by hand, say) is doing the work: skip this one. The alert
            # repeats only every alert_repeat_days while the same harvest holds the lock, so a
            # stuck one is noticed and a one-off overlap costs one mail at most.
            log.warning("scheduled harvest skipped: %s", exc)
            self.alert(alerts.error_problem("harvest:busy", "harvest", exc), "harvest:busy")
            return EXIT_BUSY
        self.alert(None, "harvest:busy")
        log.info("scheduled harvest: run %s %s", result.run_id, result.outcome)
        insight_step(self.database, self.config)
        self.alert(alerts.harvest_problem(result), "harvest")
        with self.database.session() as session:
            self.alert(alerts.reports_problem(session), "reports")
        return result.exit_code

    # -- draft

    def current_month(self, now: datetime | None = None) -> Month:
        return Month.current(self.zone, now)

    def has_digest(self, month: Month) -> bool:
        with self.database.session() as session:
            return bool(session.scalar(select(exists().where(Digest.month == str(month)))))

    def draft_due(self, now: datetime | None = None) -> bool:
        """True when this month's draft time has passed and the month has no digest yet."""
        now = now or datetime.now(UTC)
        month = self.current_month(now)
        start = datetime(month.year, month.month, 1, tzinfo=self.zone)
        first = JOBS[1].trigger(self.config).get_next_fire_time(None, start)
        return first is not None and first <= now and not self.has_digest(month)

    def draft(self) -> bool:
        """Draft this month's digest unless it has one (made by hand, or by an earlier run)."""
        month = self.current_month()
        if self.has_digest(month):
            log.info("digest %s exists already: no scheduled draft", month)
            return False
        try:
            result = drafting.draft(self.database, self.config, self.transport(), month=month)
        except DigestError as exc:
            self.alert(alerts.error_problem("draft", f"draft of the {month} digest", exc), "draft")
            return False
        if result.mail_error:
            problem = alerts.error_problem(
                "draft", f"mailing the {month} draft", RuntimeError(result.mail_error)
            )
            self.alert(problem, "draft")
        else:
            alerts.resolve(self.database, "draft")
        log.info("digest %s drafted: %s reviews included", month, result.included)
        return True

    # -- send

    def months_to_send(self) -> list[Month]:
        pending = exists().where(
            Delivery.digest_id == Digest.id, Delivery.status == OutboundStatus.PENDING
        )
        with self.database.session() as session:
            months = session.scalars(
                select(Digest.month)
                .where(
                    or_(
                        Digest.status == DigestStatus.APPROVED,
                        (Digest.status == DigestStatus.SENDING) & pending,
                    )
                )
                .order_by(Digest.month)
            ).all()
        return [Month.parse(month) for month in months]

    def send(self) -> list[sending.SendResult]:
        results = []
        for month in self.months_to_send():
            key = f"send:{month}"
            try:
                result = sending.send(self.database, self.config, self.transport(), month=month)
            except DigestError as exc:
                self.alert(alerts.error_problem(key, f"send of the {month} digest", exc), key)
                continue
            log.info("digest %s: %s sent now", month, result.sent_now)
            self.alert(alerts.send_problem(result), key)
            results.append(result)
        return results


_runtime: Runtime | None = None


def _current() -> Runtime:
    if _runtime is None:
        raise SchedulerError("scheduler jobs run only inside scr-digest schedule")
    return _runtime


def _guarded(key: str, action: str, work: Callable[[Runtime], Any]) -> Any:
    """Run one job; an unexpected error is mailed to the maintainers, then raised for the log."""
    runtime = _current()
    try:
        return work(runtime)
    except Exception as exc:
        alerts.notify(runtime.database, runtime.config, alerts.error_problem(key, action, exc))
        raise


def run_harvest_job() -> int:
    return _guarded("harvest:error", "harvest", Runtime.harvest)


def run_draft_job() -> bool:
    return _guarded("draft:error", "monthly draft", Runtime.draft)


def run_send_job() -> int:
    return len(_guarded("send:error", "delivery of approved digests", Runtime.send))


def _feedback(runtime: Runtime) -> int:
    from learning import feedback, outbound

    feedback.apply_retention(runtime.database, runtime.config)
    return outbound.send_due(runtime.database, runtime.config, runtime.transport()).sent_now


def run_feedback_job() -> int:
    """``scr-digest feedback send-due``, on schedule (the board report included)."""
    return int(_guarded("feedback:error", "the learning loop's mail", _feedback))


# ---------------------------------------------------------------- wiring


def job_store(database: Database) -> SQLAlchemyJobStore:
    return SQLAlchemyJobStore(engine=database.engine, tablename=JOB_TABLE)


def configure(
    scheduler: BaseScheduler,
    config: Config,
    database: Database,
    *,
    executor: Any = None,
) -> Runtime:
    """Give ``scheduler`` the job store, the defaults and the three jobs; returns the runtime.

    A job already stored keeps its next run time when its schedule is unchanged, so a run
    missed while the scheduler was down still happens (once: jobs coalesce).
    """
    global _runtime
    _runtime = Runtime(config, database)
    zone = zoneinfo.ZoneInfo(config.timezone)
    store = job_store(database)
    scheduler.configure(
        jobstores={JOBSTORE: store},
        executors={"default": executor or ThreadPoolExecutor(max_workers=3)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": MISFIRE_GRACE,
        },
        timezone=zone,
    )
    store.start(scheduler, JOBSTORE)  # to read what is stored; start() repeats it harmlessly
    for spec in JOBS:
        trigger = spec.trigger(config)
        stored = store.lookup_job(spec.id)
        keep: dict[str, Any] = {}
        if stored is not None and repr(stored.trigger) == repr(trigger):
            keep["next_run_time"] = stored.next_run_time
        scheduler.add_job(
            spec.func,
            trigger,
            id=spec.id,
            name=spec.name,
            jobstore=JOBSTORE,
            replace_existing=True,
            **keep,
        )
    return _runtime


def catch_up(runtime: Runtime, now: datetime | None = None) -> bool:
    """Make this month's draft if its time passed while the scheduler was down."""
    if runtime.draft_due(now):
        log.warning("this month's draft was missed while the scheduler was down: drafting now")
        return runtime.draft()
    return False


# ---------------------------------------------------------------- one scheduler per database


class SchedulerLock:
    """Held for the scheduler's life; ``acquire`` raises ``SchedulerBusy`` when taken.

    The "scheduler" lock of ``db.locks`` (an advisory lock on PostgreSQL, a lock file beside an
    SQLite database)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._lock = DatabaseLock(database.engine, "scheduler")

    def describe(self) -> str:
        return self._lock.describe()

    def lock_path(self) -> Path | None:
        return self._lock.lock_path()

    def acquire(self) -> SchedulerLock:
        try:
            self._lock.acquire()
        except LockBusy as exc:
            raise SchedulerBusy(str(exc)) from None
        except LockError as exc:
            raise SchedulerError(f"the scheduler needs SQLite or PostgreSQL: {exc}") from None
        return self

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> SchedulerLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


class _Stop(Exception):
    """Raised in the main thread by SIGTERM/SIGINT to leave the scheduler's loop."""


@dataclass
class _StopRequest:
    """A SIGTERM/SIGINT received: raised as ``_Stop`` at once, or, while ``deferred`` (the
    catch-up runs its jobs in this thread), only noted, so the running job finishes first."""

    deferred: bool = False
    signal: str | None = None


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[_StopRequest]:
    request = _StopRequest()

    def handler(signum: int, _frame: FrameType | None) -> None:
        request.signal = signal.Signals(signum).name
        if not request.deferred:
            raise _Stop(request.signal)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield request
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


class Heartbeat:
    """A thread that writes the scheduler's heartbeat (``db.heartbeat``) each minute while it
    runs, and removes it when the scheduler stops."""

    def __init__(self, database: Database, every: float = heartbeat.EVERY) -> None:
        self.database = database
        self.every = every
        self.started_at = datetime.now(UTC)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="heartbeat", daemon=True)

    def _beat(self) -> None:
        try:
            heartbeat.beat(self.database, self.started_at)
        except SQLAlchemyError as exc:  # a busy or full database: the next beat tries again
            log.warning("the scheduler's heartbeat was not recorded: %s", exc)

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self._beat()

    def start(self) -> Heartbeat:
        self._beat()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        try:
            heartbeat.stopped(self.database)
        except SQLAlchemyError as exc:
            log.warning("the scheduler's heartbeat was not removed: %s", exc)


def run(
    config: Config,
    database: Database,
    *,
    scheduler_factory: Callable[[], BaseScheduler] = BlockingScheduler,
    on_ready: Callable[[BaseScheduler], None] | None = None,
) -> None:
    """Run the scheduler until SIGTERM/SIGINT; raises ``SchedulerBusy`` if one already runs."""
    with SchedulerLock(database) as lock:
        log.info("scheduler holds the %s", lock.describe())
        scheduler = scheduler_factory()
        runtime = configure(scheduler, config, database)
        beating = Heartbeat(database).start()
        try:
            # Signals are ours from the first beat: a scheduler stopped while it catches up
            # still removes its heartbeat (or status and the console would say it runs).
            with _stop_on_signals() as stop:
                stop.deferred = True
                catch_up(runtime)
                stop.deferred = False
                if stop.signal is not None:
                    log.warning("%s: stopping after the running job", stop.signal)
                    return
                if on_ready is not None:
                    on_ready(scheduler)
                try:
                    scheduler.start()
                except (_Stop, KeyboardInterrupt) as stopped:
                    log.warning("%s: stopping after the running job", stopped or "interrupted")
                finally:
                    if scheduler.running:
                        scheduler.shutdown(wait=True)
        finally:
            beating.stop()

"""The scheduler on a controlled clock: jobs fire once, misfires coalesce, missed drafts are made,
and only one scheduler runs against a database.

The clock is time-machine's; the scheduler is APScheduler's own machinery driven by hand
(``ManualScheduler.run_pending`` is one pass of the loop a BlockingScheduler runs) with the
debug executor, so jobs run in the test's thread and nothing sleeps.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from click.testing import CliRunner
from sqlalchemy import func, select

import config as config_module
import scheduler
from cli import main
from config import Config
from db import Database, Digest, HarvestRun, open_database
from sample_site.server import SiteServer
from tests.manual_scheduler import ManualScheduler

LONDON = ZoneInfo("Europe/London")


@dataclass
class Env:
    config: Config
    database: Database
    site: SiteServer

    def scheduler(self) -> ManualScheduler:
        sched = ManualScheduler()
        scheduler.configure(sched, self.config, self.database, executor=DebugExecutor())
        sched.start()
        return sched

    def count(self, model: type, *where: object) -> int:
        with self.database.session() as session:
            return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


@pytest.fixture
def env(tmp_path: Path, db_url_factory: Callable[[Path], str], site_factory) -> Iterator[Env]:
    root = tmp_path / "site"
    root.mkdir()
    site = site_factory(root)  # every page a 404: a harvest fails at once, without retries
    config = Config(
        data_dir=tmp_path,
        db=db_url_factory(tmp_path),
        sources=(site.url("/case-reviews/recently-published-case-reviews"),),
        govuk_organisations=(),
        request_delay=0.0,
        retries=1,
        contact="tests@example.invalid",
        board_office=("office@board.example",),
    )
    database = open_database(config.db_url)
    try:
        yield Env(config, database, site)
    finally:
        scheduler._runtime = None
        database.close()


def at(text: str) -> datetime:
    """A London wall-clock time."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def harvests(env: Env) -> int:
    return env.count(HarvestRun, HarvestRun.trigger == "scheduler")


def test_the_daily_harvest_fires_once(env: Env) -> None:
    with time_machine.travel(at("2026-11-10 05:00"), tick=False) as clock:
        sched = env.scheduler()
        sched.run_pending()
        assert harvests(env) == 0
        clock.move_to(at("2026-11-10 06:00:01"))
        sched.run_pending()
        sched.run_pending()
        assert harvests(env) == 1
        clock.move_to(at("2026-11-10 23:59"))
        sched.run_pending()
        assert harvests(env) == 1
        clock.move_to(at("2026-11-11 06:00:30"))
        sched.run_pending()
        assert harvests(env) == 2
        sched.shutdown()


def test_misfires_coalesce_after_downtime(env: Env) -> None:
    with time_machine.travel(at("2026-11-10 05:00"), tick=False) as clock:
        first = env.scheduler()
        first.run_pending()
        first.shutdown()  # the machine goes off before 06:00 …
        clock.move_to(at("2026-11-13 09:00"))  # … and is back three days later
        second = env.scheduler()
        second.run_pending()
        second.run_pending()
        assert harvests(env) == 1  # one run, not three (and not zero)
        jobs = {job.id: job for job in second.get_jobs()}
        assert jobs["harvest"].next_run_time == at("2026-11-14 06:00")
        second.shutdown()


def test_a_changed_schedule_replaces_the_stored_one(env: Env) -> None:
    with time_machine.travel(at("2026-11-10 05:00"), tick=False):
        env.scheduler().shutdown()
        # as a setting is read: crontab's weekday 1 is Monday (APScheduler 3 alone says Tuesday)
        monday = config_module.load(environ={"SCR_DIGEST_HARVEST_SCHEDULE": "30 4 * * 1"})
        env.config = Config(**{**env.config.__dict__, "harvest_schedule": monday.harvest_schedule})
        sched = env.scheduler()
        assert sched.get_job("harvest").next_run_time == at("2026-11-16 04:30")
        sched.shutdown()


def test_the_monthly_draft_missed_while_down_is_made_on_start(env: Env) -> None:
    with time_machine.travel(at("2026-11-03 12:00"), tick=False):
        runtime = scheduler.configure(ManualScheduler(), env.config, env.database)
        assert runtime.draft_due()
        assert scheduler.catch_up(runtime) is True
        assert env.count(Digest, Digest.month == "2026-11") == 1
        assert scheduler.catch_up(runtime) is False  # made once
    outbox = sorted((env.config.data_dir / "outbox").glob("*.eml"))
    assert len(outbox) == 1  # the draft went to the board office once


def test_no_draft_before_the_draft_day(env: Env) -> None:
    config = Config(**{**env.config.__dict__, "draft_schedule": "0 8 5 * *"})
    with time_machine.travel(at("2026-11-03 12:00"), tick=False):
        runtime = scheduler.configure(ManualScheduler(), config, env.database)
        assert not runtime.draft_due()
        assert scheduler.catch_up(runtime) is False
    with time_machine.travel(at("2026-11-05 08:00"), tick=False):
        assert runtime.draft_due()


def test_the_scheduled_draft_runs_on_its_day(env: Env) -> None:
    with time_machine.travel(at("2026-11-30 20:00"), tick=False) as clock:
        sched = env.scheduler()
        clock.move_to(at("2026-12-01 08:00:05"))
        sched.run_pending()
        assert env.count(Digest, Digest.month == "2026-12") == 1
        sched.shutdown()


# ---------------------------------------------------------------- one scheduler per database


def test_a_second_scheduler_is_refused(env: Env) -> None:
    with scheduler.SchedulerLock(env.database):
        other = open_database(env.config.db_url)
        try:
            with pytest.raises(scheduler.SchedulerBusy, match="already running"):
                scheduler.SchedulerLock(other).acquire()
        finally:
            other.close()
    with scheduler.SchedulerLock(env.database):  # released: the next one may start
        pass


def test_schedule_command_refuses_while_another_runs(env: Env) -> None:
    with scheduler.SchedulerLock(env.database):
        result = CliRunner().invoke(main, ["--db", env.config.db_url, "schedule"])
    assert result.exit_code == 1
    assert "another scheduler is already running against this database" in result.output


def test_schedule_list_prints_each_job_with_its_next_run(env: Env) -> None:
    runner = CliRunner()
    with time_machine.travel(at("2026-11-10 05:00"), tick=False):
        result = runner.invoke(
            main, ["--db", env.config.db_url, "schedule", "--list"], env={"COLUMNS": "120"}
        )
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == [
            "job       next run (Europe/London)  schedule      what",
            "harvest   2026-11-10 06:00          0 6 * * *     harvest the listing pages",
            "draft     2026-12-01 08:00          0 8 1 * *     draft the month's digest",
            "send      2026-11-10 05:00          */15 * * * *  deliver approved digests",
            "feedback  2026-11-10 05:00          */15 * * * *  send what the learning loop owes",
        ]
        result = runner.invoke(
            main, ["--db", env.config.db_url, "schedule", "--list", "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        assert '"next_run": "2026-11-10T06:00:00+00:00"' in result.output


def test_sigterm_stops_the_scheduler_after_the_running_job(env: Env) -> None:
    """A real BlockingScheduler in this process: SIGTERM ends ``run`` cleanly, lock released."""
    ready = threading.Event()

    def on_ready(_sched: BaseScheduler) -> None:
        ready.set()
        threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM)).start()

    scheduler.run(env.config, env.database, scheduler_factory=BlockingScheduler, on_ready=on_ready)
    assert ready.is_set()
    with scheduler.SchedulerLock(env.database):  # the lock was released
        pass


def test_a_second_schedule_process_exits_non_zero(env: Env, tmp_path: Path) -> None:
    if "postgresql" in env.config.db_url:
        pytest.skip("covered in-process above; one subprocess run on SQLite is enough")
    with scheduler.SchedulerLock(env.database):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from cli import main; main()",
                "--db",
                env.config.db_url,
                "schedule",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=Path(__file__).resolve().parents[1],
            env={**os.environ, "SCR_DIGEST_DATA_DIR": str(tmp_path)},
        )
    assert done.returncode == 1
    assert "already running" in done.stderr


def test_jobs_refuse_to_run_outside_the_scheduler() -> None:
    scheduler._runtime = None
    with pytest.raises(scheduler.SchedulerError):
        scheduler.run_harvest_job()


def test_stored_next_run_survives_a_restart(env: Env) -> None:
    with time_machine.travel(at("2026-11-10 05:00"), tick=False) as clock:
        env.scheduler().shutdown()
        clock.shift(timedelta(hours=30))
        sched = env.scheduler()
        # the stored 06:00 of the 10th is kept (overdue), not replaced by the 12th
        assert sched.get_job("harvest").next_run_time == at("2026-11-10 06:00")
        sched.shutdown()


def test_status_shows_the_next_scheduled_runs(env: Env) -> None:
    runner = CliRunner()
    with time_machine.travel(at("2026-11-10 05:00"), tick=False):
        env.scheduler().shutdown()  # stores the jobs
        text = runner.invoke(main, ["--db", env.config.db_url, "status"]).output
        report = runner.invoke(main, ["--db", env.config.db_url, "status", "--format", "json"])
    assert "next scheduled runs (Europe/London; scr-digest schedule runs them):" in text
    assert "  harvest  2026-11-10 06:00  0 6 * * *" in text
    jobs = {job["id"]: job for job in json.loads(report.output)["schedule"]}
    assert jobs["draft"]["next_run"] == "2026-12-01T08:00:00+00:00" and jobs["draft"]["stored"]

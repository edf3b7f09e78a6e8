"""The scheduler's plan: its jobs, the setting holding each one's cron expression, and when each
runs next, as the job table stores it. Apart from ``scheduler.py`` so that ``status`` and
``schedule --list`` can read the plan without loading the stages the jobs run."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import inspect, text

from config import Config
from db.engine import Database

JOB_TABLE = "scheduler_job"


@dataclass(frozen=True)
class JobSpec:
    id: str
    name: str
    func: str  # importable module:function reference
    setting: str  # the config setting holding its cron expression

    def schedule(self, config: Config) -> str:
        return str(getattr(config, self.setting))

    def trigger(self, config: Config) -> CronTrigger:
        return CronTrigger.from_crontab(
            self.schedule(config), timezone=zoneinfo.ZoneInfo(config.timezone)
        )


JOBS = (
    JobSpec(
        "harvest", "harvest the listing pages", "scheduler:run_harvest_job", "harvest_schedule"
    ),
    JobSpec("draft", "draft the month's digest", "scheduler:run_draft_job", "draft_schedule"),
    JobSpec("send", "deliver approved digests", "scheduler:run_send_job", "send_schedule"),
    # the learning loop's mail (CPD records, follow-ups, reminders, and the board report in
    # board_report_months) and its retention, on the delivery schedule
    JobSpec(
        "feedback",
        "send what the learning loop owes",
        "scheduler:run_feedback_job",
        "send_schedule",
    ),
)


def planned(database: Database, config: Config, now: datetime | None = None) -> list[dict]:
    """Each job with its schedule and next run: the stored one when the scheduler has run
    (it may be overdue while the scheduler is stopped), else the next time the schedule gives."""
    now = now or datetime.now(UTC)
    zone = zoneinfo.ZoneInfo(config.timezone)
    stored: dict[str, float | None] = {}
    if inspect(database.engine).has_table(JOB_TABLE):
        with database.engine.connect() as connection:
            rows = connection.execute(text(f"SELECT id, next_run_time FROM {JOB_TABLE}"))
            stored = {row[0]: row[1] for row in rows}
    jobs = []
    for spec in JOBS:
        stamp = stored.get(spec.id)
        if stamp is not None:
            next_run = datetime.fromtimestamp(stamp, zone)
        else:
            next_run = spec.trigger(config).get_next_fire_time(None, now)
        jobs.append(
            {
                "id": spec.id,
                "name": spec.name,
                "schedule": spec.schedule(config),
                "timezone": config.timezone,
                "next_run": next_run.astimezone(zone).isoformat() if next_run else None,
                "stored": spec.id in stored,
            }
        )
    return jobs

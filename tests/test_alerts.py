"""Maintainers get one email per problem, through the real SMTP transport, not one per day."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from apscheduler.executors.debug import DebugExecutor
from sqlalchemy import select

import alerts
import scheduler
from config import Config
from db import Alert, Database, Report, Review, open_database
from digest.sending import SendResult
from harvester.harvest import HarvestResult
from tests.manual_scheduler import ManualScheduler

LONDON = ZoneInfo("Europe/London")


@dataclass
class Env:
    config: Config
    database: Database
    smtp: object


@pytest.fixture
def env(
    tmp_path: Path, db_url_factory: Callable[[Path], str], site_factory, smtp_server
) -> Iterator[Env]:
    root = tmp_path / "site"
    root.mkdir()
    site = site_factory(root)  # every page a 404: each harvest fails the same way
    config = Config(
        data_dir=tmp_path,
        db=db_url_factory(tmp_path),
        sources=(site.url("/case-reviews/recently-published-case-reviews"),),
        govuk_organisations=(),
        request_delay=0.0,
        retries=1,
        contact="tests@example.invalid",
        mail_from="scr-digest@board.example",
        smtp_url=smtp_server.url,
        maintainers=("ops@board.example", "dev@board.example"),
    )
    database = open_database(config.db_url)
    try:
        yield Env(config, database, smtp_server)
    finally:
        scheduler._runtime = None
        database.close()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def failed_harvest(errors: list[str], exit_code: int = 2) -> HarvestResult:
    return HarvestResult(1, "failed", exit_code, {}, errors, [], [])


def test_a_daily_failure_is_alerted_once_to_the_real_smtp_server(env: Env) -> None:
    with time_machine.travel(at("2026-11-10 05:00"), tick=False) as clock:
        sched = ManualScheduler()
        scheduler.configure(sched, env.config, env.database, executor=DebugExecutor())
        sched.start()
        for day in (10, 11, 12):
            clock.move_to(at(f"2026-11-{day} 06:00:05"))
            sched.run_pending()
        sched.shutdown()
    messages = env.smtp.messages
    assert len(messages) == 1
    mail = messages[0]
    assert sorted(mail.rcpt_tos) == ["dev@board.example", "ops@board.example"]
    assert mail.message["Subject"] == "scr-digest: harvest failed (a source unreachable)"
    assert "recently-published-case-reviews" in mail.message.get_body(("plain",)).get_content()
    with env.database.session() as session:
        row = session.scalar(select(Alert).where(Alert.key == "harvest"))
        assert row.suppressed == 2


def test_a_changed_problem_is_sent_at_once_and_an_old_one_again_after_a_week(env: Env) -> None:
    now = at("2026-11-10 06:00")
    notify = alerts.notify
    problem = alerts.harvest_problem(failed_harvest(["a"]))
    assert notify(env.database, env.config, problem, now=now) == "sent"
    assert notify(env.database, env.config, problem, now=now + timedelta(days=6)) == "suppressed"
    changed = alerts.harvest_problem(failed_harvest(["a", "b"]))
    assert notify(env.database, env.config, changed, now=now + timedelta(days=6)) == "sent"
    later = now + timedelta(days=13, hours=1)
    assert notify(env.database, env.config, changed, now=later) == "sent"
    assert len(env.smtp.messages) == 3


def test_a_cleared_problem_is_news_again_when_it_returns(env: Env) -> None:
    now = at("2026-11-10 06:00")
    problem = alerts.harvest_problem(failed_harvest(["a"]))
    assert alerts.notify(env.database, env.config, problem, now=now) == "sent"
    alerts.resolve(env.database, "harvest")
    assert alerts.notify(env.database, env.config, problem, now=now) == "sent"
    assert len(env.smtp.messages) == 2


def test_a_mail_failure_is_not_recorded_so_the_next_run_tries_again(env: Env) -> None:
    env.smtp.handler.accept_limit = 0
    env.smtp.handler.refusal = "554 5.7.1 no"
    problem = alerts.harvest_problem(failed_harvest(["a"]))
    assert alerts.notify(env.database, env.config, problem) == "failed"
    env.smtp.handler.accept_limit = None
    assert alerts.notify(env.database, env.config, problem) == "sent"


def test_without_maintainers_nothing_is_mailed(env: Env) -> None:
    config = replace(env.config, maintainers=())
    problem = alerts.harvest_problem(failed_harvest(["a"]))
    assert alerts.notify(env.database, config, problem) == "no_maintainers"
    assert env.smtp.messages == []


def test_what_counts_as_a_problem(env: Env) -> None:
    assert alerts.harvest_problem(HarvestResult(1, "ok", 0, {}, [], [], [])) is None
    assert "layout alarm" in alerts.harvest_problem(failed_harvest(["x"], 3)).subject
    assert alerts.send_problem(SendResult(month="2026-11", complete=True)) is None
    doubt = alerts.send_problem(SendResult(month="2026-11", in_doubt=["a@b.example"]))
    assert doubt.key == "send:2026-11" and "in doubt: a@b.example" in doubt.body
    with env.database.session() as session:
        assert alerts.reports_problem(session) is None
        review = Review(
            review_key="k",
            text_key="k",
            published_year=2025,
            area="Westshire",
            title="Child A",
            source_url="https://example.org/",
            report_url="https://example.org/a.pdf",
            content_hash="x",
        )
        session.add(review)
        session.flush()
        session.add(
            Report(
                review_id=review.id,
                url="https://example.org/a.pdf",
                status="failed",
                reason="HTTP 404",
                attempts=5,
                given_up=True,
            )
        )
        session.flush()
        problem = alerts.reports_problem(session)
    assert problem is not None and problem.subject == "scr-digest: 1 overview report given up"


def test_the_send_job_delivers_an_approved_digest_and_alerts_a_failure_once(env: Env) -> None:
    from common.months import Month
    from digest import drafting
    from digest import recipients as recipient_list

    config = replace(env.config, board_office=("office@board.example",))
    with env.database.session() as session:
        session.add(
            Review(
                review_key="k1",
                text_key="k1",
                published_year=2026,
                area="Westshire",
                title="Child A",
                summary="Summary.",
                source_url="https://example.org/",
                content_hash="x",
                first_seen_at=at("2026-11-02 09:00"),
            )
        )
    for address in ("one@agency.example", "two@agency.example", "gone@agency.example"):
        recipient_list.add(env.database, address)
    env.smtp.handler.reject["gone@agency.example"] = "550 5.1.1 no such user"
    with time_machine.travel(at("2026-11-10 09:00"), tick=False) as clock:
        runtime = scheduler.configure(ManualScheduler(), config, env.database)
        drafting.draft(env.database, config, None, month=Month(2026, 11))
        assert runtime.send() == []  # a draft is not sent
        drafting.approve(env.database, config, month=Month(2026, 11))
        sched = ManualScheduler()
        scheduler.configure(sched, config, env.database, executor=DebugExecutor())
        sched.start()
        clock.move_to(at("2026-11-10 09:15:01"))
        sched.run_pending()
        clock.move_to(at("2026-11-10 09:30:01"))
        sched.run_pending()
        sched.shutdown()
    delivered = sorted(to for mail in env.smtp.messages for to in mail.rcpt_tos)
    assert delivered == [
        "dev@board.example",
        "one@agency.example",
        "ops@board.example",
        "two@agency.example",
    ]
    alert = next(m for m in env.smtp.messages if "ops@board.example" in m.rcpt_tos)
    assert alert.message["Subject"] == (
        "scr-digest: the 2026-11 bulletin was not delivered to everyone"
    )
    assert "failed: gone@agency.example" in alert.message.get_body(("plain",)).get_content()


def test_a_job_that_crashes_is_alerted(env: Env, monkeypatch) -> None:
    scheduler.configure(ManualScheduler(), env.config, env.database)

    def broken(_runtime: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(scheduler.Runtime, "harvest", broken)
    with pytest.raises(RuntimeError):
        scheduler.run_harvest_job()
    [mail] = env.smtp.messages
    assert mail.message["Subject"] == "scr-digest: harvest failed"
    assert "disk full" in mail.message.get_body(("plain",)).get_content()

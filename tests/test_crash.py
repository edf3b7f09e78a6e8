"""``kill -9`` during a harvest, in real ``scr-digest`` processes against the real local site:
mid-download, mid-extraction and mid-commit. Each rerun must finish the work with no review,
report or delivery twice, no half-written file left, and a database that passes the integrity
check. (A crash during ``digest send`` is test_digest_workflow.py's
test_a_crash_leaves_one_message_in_doubt_resent_only_on_request.)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import Database, HarvestRun, Report, Review, open_database
from db.integrity import check
from sample_site.server import Scripted, SiteServer
from tests.faults import (
    LISTING,
    ROOT,
    alive,
    assert_consistent,
    build_site,
    cli,
    cli_env,
    descendants,
    make_pdf,
    part_files,
    run,
    slow_pdf,
    wait_for,
)

GOOD = make_pdf(["Westshire partnership reviewed the help given to Child A."])
SLOW_DOWNLOAD = make_pdf(["Westshire partnership reviewed the help given to Child B."], 3000)


@dataclass
class Env:
    site: SiteServer
    database: Database
    db_url: str
    data_dir: Path

    def environ(self, **settings: object) -> dict[str, str]:
        return cli_env(self.db_url, self.data_dir, **settings)

    def harvest(self, *args: str) -> list[str]:
        return cli("harvest", "--source", self.site.url(LISTING), *args)

    def reports(self) -> dict[str, Report]:
        with self.database.session() as session:
            rows = session.execute(select(Review.title, Report).join(Report)).all()
        return dict(rows)

    def runs(self) -> list[str]:
        with self.database.session() as session:
            return list(session.scalars(select(HarvestRun.outcome).order_by(HarvestRun.id)))

    def count(self, model: type) -> int:
        with self.database.session() as session:
            return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def env(tmp_path: Path, db_url_factory: Callable[[Path], str], site_factory) -> Iterator[Env]:
    root = tmp_path / "site"
    build_site(
        root,
        {
            "Child A": ("/r/a.pdf", GOOD),
            "Child B": ("/r/slow.pdf", SLOW_DOWNLOAD),
            "Child C": ("/r/busy.pdf", slow_pdf(200_000)),
        },
    )
    site = site_factory(root)
    db_url = db_url_factory(tmp_path)
    database = open_database(db_url)
    try:
        yield Env(site, database, db_url, tmp_path / "data")
    finally:
        database.close()


def crash_at(point: str, *args: str) -> list[str]:
    """``scr-digest *args``, killed at ``point`` by the crash plugin (tests/plugins/crash_at.py)."""
    return [sys.executable, "-m", "tests.plugins.crash_at", point, *args]


def cpu_seconds(pid: int) -> float:
    """The CPU time ``pid`` has used so far (from /proc; Linux), 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime and stime, fields 14 and 15 of proc(5), counted after the ")" from field 3
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


def test_kill_mid_download_leaves_a_partial_file_the_rerun_removes(env: Env) -> None:
    # Child B's report trickles in 64 bytes every 0.1 s (about a minute in all), once.
    env.site.script("/r/slow.pdf", [Scripted(200, SLOW_DOWNLOAD, drip=0.1, drip_size=64)])
    process = subprocess.Popen(
        env.harvest(), env=env.environ(extract_timeout=5), cwd=ROOT, stderr=subprocess.DEVNULL
    )
    try:
        partial = wait_for(
            lambda: [p for p in part_files(env.data_dir) if p.stat().st_size > 0],
            "a half-downloaded report",
        )
    finally:
        _kill(process)
    assert partial[0].exists()  # what the crash left behind
    assert env.runs() == ["running"]

    done = run(env.harvest(), env.environ(extract_timeout=5))
    assert done.returncode == 0, done.stderr
    assert not partial[0].exists()
    reports = env.reports()
    assert reports["Child A"].status == reports["Child B"].status == "ok", {
        t: (r.status, r.reason) for t, r in reports.items()
    }
    assert reports["Child B"].bytes == len(SLOW_DOWNLOAD)
    assert env.runs() == ["interrupted", "ok"]
    assert env.count(Review) == 3 and env.count(Report) == 3
    assert_consistent(env.database, env.data_dir)


def test_kill_mid_extraction_takes_the_workers_down_and_the_rerun_skips_the_download(
    env: Env,
) -> None:
    """A worker busy for minutes on a pathological PDF must not outlive a harvest killed -9."""
    process = subprocess.Popen(
        env.harvest(),
        env=env.environ(extract_timeout=600, extract_workers=1),
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:

        def only_busy_left() -> bool:
            reports = env.reports()
            busy = reports.get("Child C")
            done = [reports.get(title) for title in ("Child A", "Child B")]
            return (
                busy is not None
                and busy.archive_path is not None
                and all(report is not None and report.status == "ok" for report in done)
            )

        wait_for(only_busy_left, "Child C's report archived, the others extracted", timeout=120)
        workers = descendants(process.pid)
        assert workers, "no extraction worker was running"
        # The one worker has nothing else to do: once it computes, it is extracting Child C.
        start = {pid: cpu_seconds(pid) for pid in workers}
        wait_for(
            lambda: any(cpu_seconds(pid) - start[pid] >= 0.3 for pid in workers),
            "a worker busy extracting Child C's report",
        )
    finally:
        _kill(process)
    # Linux kills the orphans at once (PR_SET_PDEATHSIG); without it they ran on for minutes.
    wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to die", timeout=30)
    assert env.reports()["Child C"].status == "pending"  # archived, not extracted

    env.site.clear_requests()
    done = run(env.harvest(), env.environ(extract_timeout=2, extract_workers=1))
    assert done.returncode == 0, done.stderr
    report = env.reports()["Child C"]
    # The archived copy was extracted (and timed out, as it should): not downloaded again.
    assert report.status == "failed" and "timed out" in (report.reason or "")
    assert not any(seen.path == "/r/busy.pdf" for seen in env.site.requests)
    assert env.runs() == ["interrupted", "ok"]
    assert env.count(Review) == 3 and env.count(Report) == 3
    assert_consistent(env.database, env.data_dir)


def test_kill_mid_commit_loses_only_the_uncommitted_page(env: Env) -> None:
    second = "/case-reviews/more"
    (env.site.root / "case-reviews" / "more.html").write_text(
        "<h3>2024 – Eastshire – Child D</h3><p>A fictional summary.</p>"
        "<h3>2024 – Eastshire – Child E</h3><p>Another one.</p>"
    )
    args = ["harvest", "--source", env.site.url(LISTING), "--source", env.site.url(second)]
    args.append("--no-reports")
    # Killed after the second page's rows are written, before they are committed.
    crashed = run(crash_at("page-written:2", *args), env.environ())
    assert crashed.returncode == -signal.SIGKILL
    with env.database.session() as session:
        titles = set(session.scalars(select(Review.title)))
    assert titles == {"Child A", "Child B", "Child C"}  # the first page's commit stands
    assert env.runs() == ["running"]
    assert check(env.database.engine, env.data_dir).healthy

    done = run(cli(*args), env.environ())
    assert done.returncode == 0, done.stderr
    with env.database.session() as session:
        titles = set(session.scalars(select(Review.title)))
    assert titles == {"Child A", "Child B", "Child C", "Child D", "Child E"}
    assert env.runs() == ["interrupted", "ok"]
    assert_consistent(env.database, env.data_dir)


def test_check_command_reports_what_a_crash_left(env: Env) -> None:
    """``scr-digest check``: exit 1 naming a half-written file and a changed archive copy."""
    done = run(env.harvest(), env.environ(extract_timeout=2))
    assert done.returncode == 0, done.stderr
    healthy = run(cli("check"), env.environ())
    assert healthy.returncode == 0, healthy.stdout
    assert healthy.stdout.rstrip().endswith("healthy")

    stale = env.data_dir / "reports" / ".download-crash.part"
    stale.write_bytes(b"%PDF-1.4 half")
    archive_path = env.reports()["Child A"].archive_path
    assert archive_path is not None
    archived = env.data_dir / archive_path
    archived.write_bytes(archived.read_bytes() + b"tampered")
    found = run(cli("check", "--format", "json"), env.environ())
    assert found.returncode == 1
    report = json.loads(found.stdout)
    problems = " ".join(p["detail"] for p in report["problems"])
    assert str(stale) in problems and str(archived) in problems
    if env.db_url.startswith("sqlite"):
        assert "PRAGMA integrity_check" in " ".join(report["checks"])
    else:
        assert any("skipped on postgresql" in line for line in report["checks"])
    os.unlink(stale)

"""Maintainer tools: ``harvest --since`` limits report fetching; the log file setting."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from cli import main
from common.months import Month
from db import Review, open_database, utcnow
from harvester.reports import reports_to_fetch


def test_since_limits_the_reports_fetched_to_reviews_published_since(
    tmp_path: Path, db_url_factory: Callable[[Path], str]
) -> None:
    database = open_database(db_url_factory(tmp_path))
    dates = {"old": (2024, 12), "year-only": (2025, None), "before": (2025, 2), "since": (2025, 3)}
    try:
        with database.session() as session:
            for title, (year, month) in dates.items():
                session.add(
                    Review(
                        review_key=title,
                        text_key=title,
                        published_year=year,
                        published_month=month,
                        area="Westshire",
                        title=title,
                        source_url="https://example.org/",
                        report_url=f"https://example.org/{title}.pdf",
                        content_hash=title,
                    )
                )
        with database.session() as session:
            every = reports_to_fetch(session, utcnow())
            since = reports_to_fetch(session, utcnow(), Month(2025, 3))
    finally:
        database.close()
    assert len(every) == 4
    assert sorted(link.rsplit("/", 1)[1] for _, link, _ in since) == [
        "since.pdf",
        "year-only.pdf",
    ]


def test_harvest_since_must_be_a_month(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "harvest", "--since", "2025"])
    assert result.exit_code == 2 and "expected YYYY-MM" in result.output


def test_the_log_file_setting_appends_the_log(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "scr-digest.log"
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        result = CliRunner().invoke(
            main,
            ["--data-dir", str(tmp_path), "status"],
            env={"SCR_DIGEST_LOG_FILE": str(log_file), "SCR_DIGEST_LOG_LEVEL": "INFO"},
        )
        assert result.exit_code == 0, result.output
        logging.getLogger("scr-digest-test").warning("written to the log file")
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                handler.close()
                root.removeHandler(handler)
    assert "written to the log file" in log_file.read_text(encoding="utf-8")


def test_progress_bars_only_on_a_terminal(monkeypatch) -> None:
    import io
    import sys

    from commands.common import progress_bar

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress_bar("sending") as update:
        assert update is None  # cron, systemd, a pipe: quiet

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    with progress_bar("sending") as update:
        assert update is not None
        update(0, 3)
        update(3, 3)

"""The command line as users and other programs drive it: exit codes, JSON shapes, messages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from demo_helpers import DemoRun

from cli import main
from sample_site import LISTING_PATHS
from sample_site.server import SiteServer

JSON_FIELDS = {
    "id",
    "published_year",
    "published_month",
    "area",
    "title",
    "summary",
    "background",
    "learning",
    "recommendations",
    "response",
    "model",
    "keywords",
    "report_url",
    "source_url",
    "first_seen_at",
    "baseline",
}


@pytest.fixture
def run(tmp_path: Path, db_url_factory):
    runner = CliRunner()
    env = {
        "SCR_DIGEST_REQUEST_DELAY": "0",
        "SCR_DIGEST_RETRIES": "1",
        "SCR_DIGEST_DB": db_url_factory(tmp_path),
        "SCR_DIGEST_CONFIG": "",
    }

    def invoke(*args: str) -> Result:
        return runner.invoke(
            main, ["--data-dir", str(tmp_path), *args], env=env, catch_exceptions=False
        )

    return invoke


def _sources(site: SiteServer) -> list[str]:
    return [arg for path in LISTING_PATHS[:5] for arg in ("--source", site.url(path))]


def test_harvest_then_list_and_show_as_json(run, site: SiteServer) -> None:
    result = run("harvest", "--no-reports", *_sources(site))
    assert result.exit_code == 0, result.output
    assert "entries 25 new" in result.output
    listed = run("reviews", "list", "--format", "json")
    rows = json.loads(listed.output)
    assert len(rows) == 25
    assert all(set(row) >= JSON_FIELDS for row in rows)
    assert all(isinstance(row["keywords"], list) for row in rows)
    since = json.loads(run("reviews", "list", "--since", "2025-01", "--format", "json").output)
    assert since and all(row["published_year"] >= 2025 for row in since)
    shown = json.loads(run("reviews", "show", str(rows[0]["id"]), "--format", "json").output)
    assert shown["title"] == rows[0]["title"] and shown["sections"]
    text = run("reviews", "show", str(rows[0]["id"])).output
    assert f"{rows[0]['published_year']} – {rows[0]['area']} – {rows[0]['title']}" in text


def test_status_shows_runs_and_quarantined_entries(run, site: SiteServer) -> None:
    run("harvest", "--no-reports", *_sources(site))
    status = run("status")
    assert "2012 – Child Z" in status.output and "no '<area> – <title>' parts" in status.output
    report = json.loads(run("status", "--format", "json").output)
    assert report["runs"][0]["outcome"] == "ok"
    assert report["quarantined"][0]["heading"] == "2012 – Child Z"


def test_unreachable_source_exits_2_with_one_line(run, closed_port_url: str) -> None:
    result = run("harvest", "--source", closed_port_url + "/case-reviews/x")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and closed_port_url in errors[0]


def test_layout_alarm_exits_3(run, site: SiteServer) -> None:
    page = "/case-reviews/recently-published-case-reviews"
    assert run("harvest", "--no-reports", "--source", site.url(page)).exit_code == 0
    site.set_body(page, "<html><body><p>We have redesigned this page.</p></body></html>")
    result = run("harvest", "--no-reports", "--source", site.url(page))
    assert result.exit_code == 3
    assert site.url(page) in result.stderr and "layout" in result.stderr


def test_bad_input_is_a_message_not_a_traceback(run) -> None:
    result = run("reviews", "list", "--since", "2025-13")
    assert result.exit_code == 2 and "expected YYYY-MM" in result.output
    missing = run("reviews", "show", "999")
    assert missing.exit_code == 1 and "no review with id 999" in missing.output


def test_demo_runs_the_pipeline_on_the_sample_site(tmp_path: Path, demo_run: DemoRun) -> None:
    result = demo_run.result
    assert result.exit_code == 0, result.output
    assert "Stored reviews:" in result.output
    assert "2025   Harbourside" in result.output or "Harbourside" in result.output
    assert "not_modified" in result.output and "disallowed" in result.stderr
    assert (demo_run.demo_dir / "scr-digest.db").exists()
    # a second demo run starts afresh; a directory the demo did not make is refused
    demo_dir = tmp_path / "demo"
    shutil.copytree(demo_run.demo_dir, demo_dir)
    assert CliRunner().invoke(main, ["demo", "--dir", str(demo_dir)]).exit_code == 0
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    refused = CliRunner().invoke(main, ["demo", "--dir", str(other)])
    assert refused.exit_code == 1 and (other / "notes.txt").exists()

"""Small things a user sees: labels shown one way everywhere, snippets and cut columns,
a closed pipe, warnings on the terminal, the unsubscribed page."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner
from console_helpers import add_review, console_of
from flask import Flask
from flask.testing import FlaskClient
from serve_helpers import SCR_DIGEST, cli_env
from sqlalchemy import select

from cli import main
from db import Recipient
from digest import recipients
from sample_site.server import SiteServer

SECTIONS = [
    {"field": "learning", "label": "Key issues include:", "text": "Information sharing."},
    {"field": "recommendations", "label": "Recommendations: include", "text": "Train staff."},
]


def test_labels_lose_their_include_in_the_console_and_reviews_show(
    signed_in_client: FlaskClient, console_app: Flask
) -> None:
    database = console_of(console_app).database
    review_id = add_review(database, "Child K", sections=SECTIONS)
    page = signed_in_client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "<h3>Key issues</h3>" in page and "<h3>Recommendations</h3>" in page
    assert "Key issues include" not in page and "Recommendations: include" not in page

    config = console_of(console_app).config
    shown = CliRunner().invoke(
        main,
        [
            "--db",
            config.db_url,
            "--data-dir",
            str(config.data_dir),
            "reviews",
            "show",
            str(review_id),
        ],
    )
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert "Key issues" in lines and "Recommendations" in lines
    assert "Key issues include" not in shown.output
    assert "Recommendations: include" not in shown.output


def test_search_snippets_have_one_ellipsis_at_each_end(
    signed_in_client: FlaskClient, console_app: Flask
) -> None:
    filler = " ".join(f"word{i}" for i in range(200))
    add_review(
        console_of(console_app).database,
        "Child L",
        learning=f"{filler} drowning in the bath was not foreseen {filler}",
    )
    page = signed_in_client.get("/reviews?q=drowning").get_data(as_text=True)
    assert "<mark>drowning</mark>" in page
    assert "……" not in page and "… …" not in page


def test_reviews_list_cuts_keywords_after_a_whole_word_with_an_ellipsis(
    console_app: Flask,
) -> None:
    config = console_of(console_app).config
    add_review(
        console_of(console_app).database,
        "Child M",
        keywords=["child sexual exploitation", "information sharing", "neglect"],
    )
    listed = CliRunner().invoke(
        main,
        ["--db", config.db_url, "--data-dir", str(config.data_dir), "reviews", "list"],
        terminal_width=60,
        env={"COLUMNS": "60"},
    )
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.output.splitlines() if "Child M" in line)
    keywords = row.split("Child M", 1)[1].strip()
    assert keywords.endswith("…")
    assert "child sexual exploitation, information sharing, neglect".startswith(
        keywords[:-1].rstrip(" ,")
    )
    assert keywords[:-1].rstrip(" ,").split()[-1] in {
        "child",
        "sexual",
        "exploitation",
        "information",
        "sharing",
    }


def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [SCR_DIGEST, "reviews", "list"],
        env=cli_env(tmp_path / "data", f"sqlite:///{tmp_path / 'scr.db'}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # what `| head` does once it has its lines
    errors = process.stderr.read()
    process.wait(60)
    assert errors == ""  # no "Error: Broken pipe", no traceback


def test_warnings_read_as_sentences_on_the_terminal(tmp_path: Path, site: SiteServer) -> None:
    env = cli_env(tmp_path / "data", f"sqlite:///{tmp_path / 'scr.db'}", request_delay="0")
    result = subprocess.run(
        [
            SCR_DIGEST,
            "harvest",
            "--no-reports",
            "--source",
            site.url("/case-reviews/monthly-case-reviews-update"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "warning: no contact address in the User-Agent" in result.stderr
    assert "WARNING" not in result.stderr and "harvester.harvest:" not in result.stderr


def test_the_unsubscribed_page_says_how_to_reach_the_board_office(console_app: Flask) -> None:
    database = console_of(console_app).database
    recipients.add(database, "jo@health.example")
    with database.session() as session:
        token = session.scalar(select(Recipient.token))
    page = console_app.test_client().post(f"/unsubscribe/{token}").get_data(as_text=True)
    assert "You are unsubscribed" in page
    assert "ask the board office (office@board.example)" in page

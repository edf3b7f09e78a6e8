"""Seven-minute briefings: the fixed sections in HTML and in the Word document, questions from
the bank by theme, the board office's edits kept per review (CLI and console)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from console_helpers import add_review, console_of, csrf_token
from flask import Flask
from flask.testing import FlaskClient
from test_bulletin_insight import made_before, tag

from cli import main
from db import open_database
from insight.questions import QuestionBank, default_bank, load, recommendation_agencies
from insight.taxonomy import default_taxonomy
from learning import briefing as briefings

SECTIONS = [
    "What happened",
    "Why it matters",
    "Key learning",
    "What it means for practice",
    "Questions for reflection",
    "Find out more",
]
VOICE = "How do we make sure the child's lived experience is recorded and shapes the plan?"


def test_questions_are_chosen_by_theme_three_to_five() -> None:
    bank = QuestionBank(
        {"a": ("a1", "a2"), "b": ("b1",), "c": ("c1", "c2", "c3")}, ("g1", "g2", "g3")
    )
    assert bank.choose(["a", "b", "c"]) == ["a1", "b1", "c1", "a2", "c2"]
    assert bank.choose(["b"]) == ["b1", "g1", "g2"]
    assert bank.choose([]) == ["g1", "g2", "g3"]
    assert default_bank().choose(["voice_of_child"])[0] == VOICE
    assert set(briefings.SECTIONS) == set(SECTIONS)


def test_a_boards_file_replaces_a_themes_questions(tmp_path: Path) -> None:
    (tmp_path / "questions.toml").write_text('[themes]\nneglect = ["Our own question?"]\n')
    assert load(tmp_path).choose(["neglect"])[0] == "Our own question?"
    assert load(tmp_path).choose(["voice_of_child"])[0] == VOICE


def test_recommendations_are_grouped_by_the_agencies_they_address() -> None:
    taxonomy = default_taxonomy()
    assert "police" in recommendation_agencies(taxonomy, "Police should record every call.")
    assert recommendation_agencies(taxonomy, "Everyone should do better.") == []


@pytest.fixture
def review_id(tmp_path: Path, db_url_factory) -> tuple[int, str]:
    url = db_url_factory(tmp_path)
    database = open_database(url)
    try:
        earlier = add_review(database, "Child H", published_year=2016, baseline=True)
        rid = add_review(
            database,
            "Child Q",
            summary="A six-year-old was neglected for years.",
            learning="seeing the child on their own; checking what parents say",
            recommendations="Police should share reports of domestic abuse with schools.",
            report_url="https://reports.example.org/child-q.pdf",
        )
        tag(database, rid, ["The voice of the child", "Neglect"], ["police"])
        made_before(
            database, rid, [earlier], "Police should share reports of domestic abuse with schools."
        )
    finally:
        database.close()
    return rid, url


def test_the_cli_briefing_has_the_sections_in_html_and_docx(
    tmp_path: Path, review_id: tuple[int, str]
) -> None:
    rid, url = review_id
    env = {
        "SCR_DIGEST_DB": url,
        "SCR_DIGEST_CONFIG": "",
        "SCR_DIGEST_BOARD_NAME": "Westshire Safeguarding Children Partnership",
        "SCR_DIGEST_BRIEFING_LINKS": "Local neglect procedure https://procedures.example.org/neglect",
    }
    runner = CliRunner()
    html = runner.invoke(main, ["--data-dir", str(tmp_path), "briefing", str(rid)], env=env)
    assert html.exit_code == 0, html.output
    page = html.output
    headings = [f"<h2>{n}. {title}</h2>" for n, title in enumerate(SECTIONS, start=1)]
    assert [page.index(h) for h in headings] == sorted(page.index(h) for h in headings)
    assert "Seven-minute briefing: 2026 – Westshire – Child Q" in page
    assert "<p>A six-year-old was neglected for years.</p>" in page
    assert "This review is about the voice of the child and neglect." in page
    assert "<li>2016, Westshire – Child H</li>" in page
    assert "<li>Seeing the child on their own.</li>" in page
    assert "<p>For police and schools:</p>" in page
    assert "<li>Police should share reports of domestic abuse with schools.</li>" in page
    assert f"<li>{VOICE}</li>".replace("'", "&#39;") in page
    assert '<a href="https://procedures.example.org/neglect">Local neglect procedure</a>' in page
    assert '<a href="https://reports.example.org/child-q.pdf">Overview report</a>' in page
    assert "@page { size: A4" in page

    out = tmp_path / "b.docx"
    made = runner.invoke(
        main,
        ["--data-dir", str(tmp_path), "briefing", str(rid), "--format", "docx", "--out", str(out)],
        env=env,
    )
    assert made.exit_code == 0, made.output
    document = docx.Document(io.BytesIO(out.read_bytes()))
    heads = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert heads == SECTIONS
    texts = [p.text for p in document.paragraphs]
    assert "Seven-minute briefing: 2026 – Westshire – Child Q" in texts
    assert VOICE in texts
    assert "Local neglect procedure: https://procedures.example.org/neglect" in texts

    missing = runner.invoke(main, ["--data-dir", str(tmp_path), "briefing", "999"], env=env)
    assert missing.exit_code == 1 and "there is no review 999" in missing.output


def test_the_console_keeps_edits_per_review(
    console_app: Flask, signed_in_client: FlaskClient
) -> None:
    database = console_of(console_app).database
    rid = add_review(database, "Child Q", learning="seeing the child on their own")
    tag(database, rid, ["Neglect"], ["police"])
    other = add_review(database, "Child R")
    path = f"/reviews/{rid}/briefing"
    page = signed_in_client.get(path).get_data(as_text=True)
    assert "Seven-minute briefing: 2026 – Westshire – Child Q" in page
    assert f'href="/reviews/{rid}/briefing.docx"' in page
    form = {f"section-{n}": "" for n in range(1, 7)}
    form["section-1"] = "Our own account of what happened."
    saved = signed_in_client.post(
        path, data={"csrf_token": csrf_token(signed_in_client, path), **form, "action": "save"}
    )
    assert saved.status_code == 302
    html = signed_in_client.get(f"{path[:-9]}/briefing.html").get_data(as_text=True)
    assert "<p>Our own account of what happened.</p>" in html
    assert "<h2>3. Key learning</h2>" in html and "Seeing the child on their own." in html
    assert "Our own account" not in signed_in_client.get(
        f"/reviews/{other}/briefing.html"
    ).get_data(as_text=True)
    word = signed_in_client.get(f"/reviews/{rid}/briefing.docx")
    assert word.headers["Content-Disposition"].endswith('briefing.docx"')
    document = docx.Document(io.BytesIO(word.data))
    assert "Our own account of what happened." in [p.text for p in document.paragraphs]
    reset = signed_in_client.post(
        path, data={"csrf_token": csrf_token(signed_in_client, path), "action": "reset"}
    )
    assert reset.status_code == 302
    again = signed_in_client.get(f"/reviews/{rid}/briefing.html").get_data(as_text=True)
    assert "Our own account" not in again
    assert signed_in_client.get("/reviews/999/briefing").status_code == 404

"""The bulletin reads insight's tables: "Relevant to", "made before", the opening paragraph per
draft (digest themes) and each agency type's copy, driven through the CLI to the file outbox."""

from __future__ import annotations

import email
import hashlib
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner, Result

from cli import main
from db import Database, Review, open_database
from db.models import RecommendationItem, RecommendationMatch, ReviewTag

SEEN = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
NAMES = {"health": "health", "police": "police", "education": "schools"}
THEME_IDS = {"The voice of the child": "voice_of_child"}


def add_review(database: Database, title: str, year: int = 2026, **fields: object) -> int:
    values: dict[str, object] = {
        "review_key": f"key-{title}",
        "text_key": f"{year}|westshire|{title}".lower(),
        "published_year": year,
        "area": "Westshire",
        "title": title,
        "summary": f"Summary of {title}.",
        "learning": f"Learning from {title}.",
        "keywords": ["neglect"],
        "sections": [],
        "source_url": "https://source.example.org/case-reviews",
        "content_hash": hashlib.sha256(title.encode()).hexdigest(),
        "baseline": year < 2026,
        "first_seen_at": SEEN,
        "last_seen_at": SEEN,
    }
    values.update(fields)
    with database.session() as session:
        review = Review(**values)
        session.add(review)
        session.flush()
        return review.id


def tag(database: Database, review_id: int, themes: list[str], agencies: list[str]) -> None:
    """What insight.store writes (the digest stage only reads it)."""
    with database.session() as session:
        for position, name in enumerate(themes):
            session.add(
                ReviewTag(
                    review_id=review_id,
                    axis="theme",
                    concept_id=THEME_IDS.get(name, name.lower().replace(" ", "_")),
                    name=name,
                    position=position,
                )
            )
        for position, agency in enumerate(agencies):
            session.add(
                ReviewTag(
                    review_id=review_id,
                    axis="agency",
                    concept_id=agency,
                    name=NAMES[agency],
                    position=position,
                )
            )


def made_before(database: Database, review_id: int, earlier: list[int], text: str = "x") -> None:
    with database.session() as session:
        item = RecommendationItem(review_id=review_id, source="listing", position=0, text=text)
        session.add(item)
        session.flush()
        for rank, other in enumerate(earlier):
            old = RecommendationItem(review_id=other, source="listing", position=0, text="y")
            session.add(old)
            session.flush()
            session.add(
                RecommendationMatch(
                    item_id=item.id, earlier_item_id=old.id, rank=rank, score=0.9, method="t"
                )
            )


@pytest.fixture
def run(tmp_path: Path, db_url_factory):
    runner = CliRunner()
    env = {
        "SCR_DIGEST_DB": db_url_factory(tmp_path),
        "SCR_DIGEST_CONFIG": "",
        "SCR_DIGEST_SMTP_URL": "",
        "SCR_DIGEST_BOARD_OFFICE": "board.office@westshire-scp.example",
        "SCR_DIGEST_FROM": "learning@westshire-scp.example",
        "SCR_DIGEST_BOARD_NAME": "Westshire Safeguarding Children Partnership",
    }

    def invoke(*args: str, **extra_env: str) -> Result:
        return runner.invoke(main, ["--data-dir", str(tmp_path), *args], env={**env, **extra_env})

    invoke.db_url = env["SCR_DIGEST_DB"]  # type: ignore[attr-defined]
    return invoke


def sent(tmp_path: Path, to: str) -> EmailMessage:
    for path in sorted(tmp_path.rglob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=default)
        if to in str(message["To"]) and not str(message["Subject"]).startswith("[DRAFT]"):
            assert isinstance(message, EmailMessage)
            return message
    raise AssertionError(f"nothing sent to {to}")


def text_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return part.get_content().replace("\r\n", "\n")


def test_the_bulletin_shows_insight_and_each_agency_gets_its_reviews_first(
    run, tmp_path: Path
) -> None:
    assert run("check").exit_code in (0, 1)  # creates the database
    database = open_database(run.db_url)
    try:
        old = [add_review(database, f"Child {n}", year) for n, year in (("H", 2014), ("J", 2019))]
        first = add_review(database, "Child A", learning="screening of referrals; more")
        second = add_review(database, "Child B", learning="the value of chronologies")
        tag(database, first, ["Information sharing", "Neglect"], ["police"])
        tag(database, second, ["Information sharing"], ["health", "education"])
        made_before(database, first, old)
    finally:
        database.close()

    assert run("recipients", "add", "hv@nhs.example", "--agency-type", "health").exit_code == 0
    refused = run("recipients", "add", "x@example.org", "--agency-type", "plumbers")
    assert refused.exit_code == 1 and "'plumbers' is not an agency type" in refused.output
    csv_file = tmp_path / "contacts.csv"
    csv_file.write_text("email,agency_type\ncop@police.example,police\nall@example.org,\n")
    assert run("recipients", "import", str(csv_file)).exit_code == 0
    listed = run("recipients", "list").output
    assert "agency_type" in listed and "health" in listed and "police" in listed

    assert run("digest", "draft", "--month", "2026-11").exit_code == 0
    preview = run("digest", "show", "--month", "2026-11", "--agency-type", "health")
    assert preview.exit_code == 0, preview.output
    assert "the copy for agency type health" in preview.output  # the summary line (stderr)
    assert preview.output.index("Child B") < preview.output.index("Child A")
    assert preview.output.count("** For your agency **") == 1
    assert preview.output.index("** For your agency **") < preview.output.index("Child A")
    common_preview = run("digest", "show", "--month", "2026-11").output
    assert common_preview.index("Child A") < common_preview.index("Child B")
    assert "For your agency" not in common_preview
    html_preview = run(
        "digest", "show", "--month", "2026-11", "--agency-type", "police", "--format", "html"
    ).output
    assert html_preview.count("For your agency") == 1
    unknown = run("digest", "show", "--month", "2026-11", "--agency-type", "plumbers")
    assert unknown.exit_code == 1 and "'plumbers' is not an agency type" in unknown.output
    shown = run("digest", "themes", "--month", "2026-11")
    assert shown.exit_code == 0, shown.output
    generated = (
        "This month brings two new case reviews. Between them they teach about information "
        "sharing (two of them) and neglect. Their learning includes screening of referrals; the "
        "value of chronologies. Please read the ones that touch on your work and consider what "
        "they mean for your own practice and for your agency."
    )
    assert shown.output == f"digest 2026-11: opening paragraph: generated\n{generated}\n"

    own = tmp_path / "themes.txt"
    own.write_text("Joined up risk management\nacross children and adult services.\n")
    done = run("digest", "themes", "--month", "2026-11", "--file", str(own))
    assert done.output == (
        "digest 2026-11: opening paragraph: the board's own\n"
        "Joined up risk management across children and adult services.\n"
    )
    assert run("digest", "themes", "--month", "2026-11", "--none").exit_code == 0
    assert "This month brings" not in run("digest", "show", "--month", "2026-11").output
    both = run("digest", "themes", "--month", "2026-11", "--none", "--auto")
    assert both.exit_code == 2
    assert run("digest", "themes", "--month", "2026-11", "--file", str(own)).exit_code == 0

    assert run("digest", "approve", "--month", "2026-11").exit_code == 0
    approved = run("digest", "show", "--month", "2026-11", "--agency-type", "health").output
    assert approved.index("Child B") < approved.index("Child A")  # the stored health copy
    assert approved.count("** For your agency **") == 1
    housing = run("digest", "show", "--month", "2026-11", "--agency-type", "housing").output
    assert "For your agency" not in housing  # no review addresses it: the common copy
    assert run("digest", "themes", "--month", "2026-11", "--auto").exit_code == 1
    assert run("digest", "send", "--month", "2026-11").exit_code == 0

    common = text_of(sent(tmp_path, "all@example.org"))
    assert "Joined up risk management across children and adult services." in common
    assert common.index("Child A") < common.index("Child B")
    assert "Relevant to: police\n" in common
    assert "Relevant to: health, schools\n" in common
    assert "A similar recommendation was made in 2 earlier reviews since 2014.\n" in common
    assert "For your agency" not in common

    health = text_of(sent(tmp_path, "hv@nhs.example"))
    assert health.index("Child B") < health.index("Child A")
    assert health.count("** For your agency **") == 1
    assert health.index("** For your agency **") < health.index("Child A")
    police = text_of(sent(tmp_path, "cop@police.example"))
    assert police.index("Child A") < police.index("Child B")
    assert police.count("** For your agency **") == 1


def draft_mail(tmp_path: Path) -> EmailMessage:
    """The newest draft mailed to the board office (the file outbox keeps every one)."""
    drafts = []
    for path in sorted(tmp_path.rglob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
        message = email.message_from_bytes(path.read_bytes(), policy=default)
        if str(message["Subject"]).startswith("[DRAFT]"):
            assert isinstance(message, EmailMessage)
            drafts.append(message)
    assert drafts, "no draft was mailed"
    return drafts[-1]


def test_the_board_offices_draft_says_which_recommendations_were_made_before(
    run, tmp_path: Path
) -> None:
    assert run("check").exit_code in (0, 1)  # creates the database
    safer_sleep = (
        "Safer sleep advice should be repeated at every health visiting contact in the first "
        "six months"
    )
    database = open_database(run.db_url)
    try:
        add_review(database, "Child H", 2016, recommendations=safer_sleep)
        add_review(database, "Baby <L>", 2019, area="Northdale", recommendations=safer_sleep)
        add_review(
            database,
            "Child A",
            recommendations=(
                "Health visitors should repeat safer sleep advice at each contact during the "
                "first six months; Dentists should receive training on recognising female "
                "genital mutilation"
            ),
        )
        add_review(database, "Child B", recommendations="Schools should keep attendance data")
    finally:
        database.close()
    assert run("themes", "retag").exit_code == 0  # real matching, as after a harvest
    assert run("digest", "draft", "--month", "2026-11").exit_code == 0

    message = draft_mail(tmp_path)
    text = text_of(message)
    opening = text.split("=" * 78)[0]
    assert (
        "  - 2026 – Westshire – Child A\n"
        "      “Health visitors should repeat safer sleep advice at each contact during\n"
        "      the first six months” – made before in 2016, Westshire – Child H; 2019,\n"
        "      Northdale – Baby <L>.\n"
        "  - 2026 – Westshire – Child B\n"
    ) in opening
    assert "Dentists" not in opening  # nothing similar: no line
    html_part = message.get_body(("html",))
    assert html_part is not None
    html = html_part.get_content()
    lines = [
        li.text_content()
        for li in lxml.html.fromstring(html).xpath("//li")
        if "made before in" in li.text_content() and not li.xpath(".//li")
    ]
    assert lines == [
        "“Health visitors should repeat safer sleep advice at each contact during the first "
        "six months” – made before in 2016, Westshire – Child H; 2019, Northdale – Baby <L>."
    ]
    assert "Baby &lt;L&gt;." in html
    assert "Baby <L>" not in html
    # what partners receive is unchanged: the bulletin's own one line, no item texts
    bulletin = text.split("=" * 78)[1]
    assert "A similar recommendation was made in 2 earlier reviews since 2016." in bulletin
    assert "made before in" not in bulletin

"""The learning loop (issue 13): the feedback form, CPD acknowledgements, follow-ups and
reminders exactly once over a real SMTP server, report opens, retention and erasure, and the
board report's numbers on a seeded data set (JSON exact, Word tables, HTML chart)."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from pdfminer.high_level import extract_text
from sqlalchemy import func, select

from cli import main
from common.months import Month
from config import Config
from db import Database, Delivery, Digest, DigestItem, Recipient, Review, open_database
from db.models import (
    CpdAcknowledgement,
    Feedback,
    FeedbackReminder,
    FollowUp,
    ReportOpen,
    ReviewTag,
)
from db.statuses import DigestStatus, OutboundStatus
from learning import board, outbound
from learning import feedback as answers
from learning.form import validate
from learning.report import Period
from mail.links import Signer
from mail.transports import SMTPSettings, SMTPTransport
from web import create_app

CONSOLE = "http://console.test.localhost"
SENT = (datetime.now(UTC) - timedelta(days=2)).replace(microsecond=0)
MONTH = Month.containing(SENT, "UTC")
PERIOD = Period(MONTH, MONTH)
AGENCIES = ("Health", "Police", "Education")


@dataclass
class Seed:
    database: Database
    config: Config
    digest_id: int
    reviews: list[int]
    recipients: dict[str, int]  # email → id

    def token(self, email: str, digest_id: int | None = None) -> str:
        return Signer.of(self.config).feedback_token(
            self.recipients[email], digest_id or self.digest_id
        )


def _review(session: Any, n: int) -> Review:
    review = Review(
        review_key=f"key-{n}",
        text_key=f"2026|westshire|child {n}",
        published_year=2026,
        area="Westshire",
        title=f"Child {n}",
        summary="A summary.",
        keywords=[],
        sections=[],
        report_url=f"https://reports.example.org/child-{n}.pdf",
        source_url="https://source.example.org/",
        content_hash=f"{n:064d}",
    )
    session.add(review)
    session.flush()
    return review


def seed_bulletin(
    database: Database, month: str, sent_at: datetime, recipients: dict[str, int], n: int
) -> tuple[int, list[int]]:
    """A bulletin that went out: two reviews, delivered (sent) to every recipient given."""
    with database.session() as session:
        digest = Digest(
            month=month,
            status=DigestStatus.SENT,
            send_started_at=sent_at,
            sent_at=sent_at,
            subject="s",
            html="h",
            text="t",
            unsubscribe_placeholder="p",
        )
        session.add(digest)
        session.flush()
        reviews = [_review(session, n * 10 + i) for i in (1, 2)]
        for position, review in enumerate(reviews):
            session.add(DigestItem(digest_id=digest.id, review_id=review.id, position=position))
        for email, recipient_id in recipients.items():
            session.add(
                Delivery(
                    digest_id=digest.id,
                    recipient_id=recipient_id,
                    email=email,
                    status=OutboundStatus.SENT,
                )
            )
        return digest.id, [r.id for r in reviews]


@pytest.fixture
def seed(tmp_path: Path, db_url_factory: Callable[[Path], str], smtp_server: Any) -> Iterator[Seed]:
    config = Config(
        data_dir=tmp_path / "data",
        db=db_url_factory(tmp_path),
        board_name="Westshire Safeguarding Children Partnership",
        board_office=("office@board.example",),
        mail_from="learning@westshire-scp.example",
        console_url=CONSOLE,
        smtp_url=smtp_server.url,
        smtp_retry_delay=0.0,
        secret_key="test key, not a secret",
    )
    database = open_database(config.db_url)
    recipients = {}
    with database.session() as session:
        for i, agency in enumerate(AGENCIES * 2):
            email = f"contact{i}@{agency.lower()}.example"
            row = Recipient(email=email, email_key=email, agency=agency, token=f"tok{i}")
            session.add(row)
            session.flush()
            recipients[email] = row.id
    digest_id, reviews = seed_bulletin(database, str(MONTH), SENT, recipients, 1)
    yield Seed(database, config, digest_id, reviews, recipients)
    database.close()


def form_values(review_ids: list[int], **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Pat Example",
        "email": "pat@health.example",
        "role": "Health visitor",
        "team": "0-19 team",
        "reviews": [str(r) for r in review_ids],
        "shared_how": ["team_meeting", "supervision"],
        "staff_reached": "12",
        "change": "Ask about the father's role at every visit.",
        "owner": "Team lead",
        "due": "2026-06-30",
        "confidence_before": "2",
        "confidence_after": "4",
        "cpd_minutes": "45",
        "consent_quote": "yes",
    }
    values.update(overrides)
    return values


def _lists(values: dict[str, Any]) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in values.items()}


# ---------------------------------------------------------------- the form, pure


def test_the_form_says_what_is_wrong_with_each_field() -> None:
    answer, errors = validate(
        _lists(
            form_values(
                [],
                email="not an address",
                staff_reached="-3",
                due="31/06/2026",
                confidence_after="9",
                cpd_minutes="lots",
                reviews=["1", "99"],
                shared_how=["osmosis"],
            )
        ),
        [1, 2],
    )
    assert answer is None
    assert set(errors) == {
        "email",
        "staff_reached",
        "due",
        "confidence_after",
        "cpd_minutes",
        "reviews",
        "shared_how",
    }
    assert "YYYY-MM-DD" in errors["due"] and "whole number" in errors["staff_reached"]
    answer, errors = validate(_lists(form_values([2, 1], email="")), [1, 2])
    assert errors == {} and answer is not None
    assert answer.reviews == (1, 2) and answer.email is None and answer.consent_quote


# ---------------------------------------------------------------- the console


def test_an_answer_through_the_console_gets_its_cpd_record_exactly_once(
    seed: Seed, smtp_server: Any
) -> None:
    app = create_app(seed.config, database=seed.database)
    client = app.test_client()
    path = f"/feedback/{seed.token('contact0@health.example')}"
    page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html.count("<h1") == 1
    for name in ("name", "email", "role", "team", "staff_reached", "change", "owner", "due"):
        assert f'<label for="{name}"' in html and f'name="{name}"' in html
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token is not None
    # bad input: the page says what is wrong, and keeps what was typed
    bad = client.post(
        path,
        data={"csrf_token": token.group(1), **form_values(seed.reviews, staff_reached="many")},
    )
    kept = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "whole number" in kept
    assert 'value="Pat Example"' in kept and "Ask about the father&#39;s role" in kept
    assert 'value="many"' in kept and 'value="team_meeting" checked' in kept
    # without the CSRF token: refused
    assert client.post(path, data=form_values(seed.reviews)).status_code == 400
    done = client.post(path, data={"csrf_token": token.group(1), **form_values(seed.reviews)})
    assert done.status_code == 303
    confirmation = client.get(done.headers["Location"])
    text = confirmation.get_data(as_text=True)
    pdf_link = re.search(r'href="([^"]+\.pdf)"', text)
    assert pdf_link is not None
    pdf = client.get(pdf_link.group(1))
    assert pdf.mimetype == "application/pdf"
    assert "Pat Example" in extract_text(io.BytesIO(pdf.data))
    # the acknowledgement goes once, whoever sends (the console's thread, then send-due)
    outbound.send_due(
        seed.database, seed.config, SMTPTransport(SMTPSettings.from_url(smtp_server.url))
    )
    outbound.send_due(
        seed.database, seed.config, SMTPTransport(SMTPSettings.from_url(smtp_server.url))
    )
    _wait_for(lambda: len(smtp_server.messages) >= 1)
    mails = [m.message for m in smtp_server.messages]
    assert [m["To"] for m in mails] == ["pat@health.example"]
    (attachment,) = list(mails[0].iter_attachments())
    record = extract_text(io.BytesIO(attachment.get_content()))
    assert "Pat Example" in record and "45 minutes" in record and "Child 11" in record
    with seed.database.session() as session:
        row = session.scalars(select(Feedback)).one()
        assert row.agency == "Health" and row.reference in record
        assert session.scalar(select(func.count()).select_from(CpdAcknowledgement)) == 1


def _wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_tampered_unknown_and_closed_links(seed: Seed) -> None:
    client = create_app(seed.config, database=seed.database).test_client()
    token = seed.token("contact1@police.example")
    assert client.get(f"/feedback/{token[:-2]}xx").status_code == 404
    other = Signer("another key").feedback_token(seed.recipients["contact1@police.example"], 1)
    missing = client.get(f"/feedback/{other}")
    assert missing.status_code == 404 and "not valid" in missing.get_data(as_text=True)
    closed_config = replace(seed.config, feedback_open_days=1)
    closed = create_app(closed_config, database=seed.database).test_client()
    page = closed.get(f"/feedback/{token}").get_data(as_text=True)
    assert "has closed" in page and "office@board.example" in page


def test_report_links_count_opens_per_agency_and_redirect(seed: Seed) -> None:
    client = create_app(seed.config, database=seed.database).test_client()
    review = seed.reviews[0]
    for email in ("contact0@health.example", "contact3@health.example", "contact1@police.example"):
        response = client.get(f"/r/{seed.token(email)}/{review}")
        assert response.status_code == 302
        assert response.headers["Location"] == "https://reports.example.org/child-11.pdf"
    assert client.get(f"/r/{seed.token('contact0@health.example')}/999999").status_code == 404
    assert client.get(f"/r/nonsense/{review}").status_code == 404
    with seed.database.session() as session:
        counts = dict(session.execute(select(ReportOpen.agency, ReportOpen.count)).all())
    assert counts == {"Health": 2, "Police": 1}


# ---------------------------------------------------------------- follow-ups and reminders


def _answer(seed: Seed, link_of: str, at: datetime, **overrides: Any) -> int:
    context = answers.form_context(
        seed.database,
        seed.config,
        Signer.of(seed.config).read_feedback_token(seed.token(link_of)),
        at,
    )
    assert context is not None
    answer, errors = validate(_lists(form_values(seed.reviews, **overrides)), seed.reviews)
    assert answer is not None, errors
    return answers.submit(seed.database, context, answer, at).feedback_id


def test_follow_ups_and_reminders_go_once_each(seed: Seed, smtp_server: Any) -> None:
    _answer(seed, "contact0@health.example", SENT + timedelta(days=2), email="pat@health.example")
    _answer(seed, "contact3@health.example", SENT + timedelta(days=2), email="", change="")
    with seed.database.session() as session:
        police = session.get(Recipient, seed.recipients["contact4@police.example"])
        assert police is not None
        police.active = False  # unsubscribed: never reminded
    transport = lambda: SMTPTransport(SMTPSettings.from_url(smtp_server.url))  # noqa: E731
    outbound.send_due(seed.database, seed.config, transport(), now=SENT + timedelta(days=3))
    assert [m.message["Subject"].split(": ", 1)[1] for m in smtp_server.messages] == [
        "your CPD record " + m.message["Subject"].rsplit(" ", 1)[1] for m in smtp_server.messages
    ]
    smtp_server.messages.clear()
    # 21 days on: reminders to the active recipients of agencies without an answer
    for _ in range(2):
        outbound.send_due(seed.database, seed.config, transport(), now=SENT + timedelta(days=22))
    reminded = sorted(m.rcpt_tos[0] for m in smtp_server.messages)
    assert reminded == [
        "contact1@police.example",
        "contact2@education.example",
        "contact5@education.example",
    ]
    link = re.search(
        r"(http\S+/feedback/\S+)",
        smtp_server.messages[0].message.get_body(("plain",)).get_content(),
    )
    assert link is not None
    smtp_server.messages.clear()
    # 90 days after the answer that named a change: one follow-up, answered through its link
    for _ in range(2):
        outbound.send_due(seed.database, seed.config, transport(), now=SENT + timedelta(days=93))
    (followup,) = smtp_server.messages
    assert followup.rcpt_tos == ["pat@health.example"]
    body = followup.message.get_body(("plain",)).get_content()
    url = re.search(r"http\S+(/follow-up/\S+)", body)
    assert url is not None and "father's role" in body
    client = create_app(seed.config, database=seed.database).test_client()
    page = client.get(url.group(1)).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf is not None
    assert (
        client.post(
            url.group(1), data={"csrf_token": csrf.group(1), "outcome": "bogus"}
        ).status_code
        == 400
    )
    done = client.post(
        url.group(1),
        data={"csrf_token": csrf.group(1), "outcome": "partly", "evidence": "Audit in May"},
    )
    assert done.status_code == 200
    with seed.database.session() as session:
        assert session.scalars(select(FollowUp.outcome)).all() == ["partly"]
        assert session.scalar(select(func.count()).select_from(FeedbackReminder)) == 3


# ---------------------------------------------------------------- retention and erasure


def test_retention_erases_personal_details_and_keeps_the_counts(seed: Seed) -> None:
    old = _answer(seed, "contact0@health.example", SENT, consent_quote="")
    quoted = _answer(seed, "contact1@police.example", SENT, email="sam@police.example")
    recent = _answer(seed, "contact2@education.example", SENT + timedelta(days=800))
    period = PERIOD
    before = board.build(seed.database, period)["how_well"]
    erased = answers.apply_retention(seed.database, seed.config, SENT + timedelta(days=760))
    assert erased == 2
    rows = {r.id: r for r in answers.list_answers(seed.database)}
    assert rows[old].name is None and rows[old].email is None and rows[old].change is None
    assert rows[quoted].name is None and rows[quoted].change  # consented: the quote stays
    assert rows[recent].name == "Pat Example"
    after = board.build(seed.database, period)["how_well"]
    assert after == before
    assert answers.erase_person(seed.database, "PAT@health.example") == 1
    assert answers.list_answers(seed.database, ids=[recent])[0].email is None


# ---------------------------------------------------------------- the board report


def _seed_report(seed: Seed) -> None:
    """Two answers from Health (one recipient twice), one from Police; Education silent."""
    _answer(seed, "contact0@health.example", SENT, staff_reached="10", cpd_minutes="30")
    _answer(
        seed,
        "contact0@health.example",
        SENT,
        staff_reached="5",
        cpd_minutes="60",
        confidence_before="1",
        confidence_after="5",
        consent_quote="",
        change="Use the chronology tool.",
    )
    _answer(seed, "contact1@police.example", SENT, staff_reached="0", cpd_minutes="15", change="")
    client = create_app(seed.config, database=seed.database).test_client()
    client.get(f"/r/{seed.token('contact1@police.example')}/{seed.reviews[1]}")
    # outside the period: not counted
    seed_bulletin(
        seed.database, str(MONTH.following()), SENT + timedelta(days=40), seed.recipients, 2
    )


# (concept id, display name, taxonomy position) as insight stores them
NEGLECT, DOMESTIC, MENTAL = (
    ("neglect", "Neglect", 0),
    ("domestic_abuse", "Domestic abuse", 3),
    ("parental_mental_health", "Parental mental health", 5),
)


def _tag(seed: Seed) -> None:
    """Theme tags: the period's first review is about neglect and domestic abuse, its second
    about neglect; a review of the next month's bulletin (outside the period) and an older
    review announced by no bulletin are about parental mental health and neglect."""
    with seed.database.session() as session:
        later = session.scalars(
            select(Review.id).where(Review.id.not_in(seed.reviews)).order_by(Review.id)
        ).all()
        older = _review(session, 99)
        older.published_year = 2019
        tags = {
            seed.reviews[0]: (NEGLECT, DOMESTIC),
            seed.reviews[1]: (NEGLECT,),
            later[0]: (MENTAL,),
            older.id: (MENTAL, NEGLECT),
        }
        for review_id, themes in tags.items():
            for concept, name, position in themes:
                session.add(
                    ReviewTag(
                        review_id=review_id,
                        axis="theme",
                        concept_id=concept,
                        name=name,
                        position=position,
                    )
                )
            session.add(  # an agency tag is not a theme
                ReviewTag(review_id=review_id, axis="agency", concept_id="health", name="Health")
            )


def test_the_report_numbers_are_exact(seed: Seed) -> None:
    _seed_report(seed)
    untagged = board.build(seed.database, PERIOD)
    assert untagged["themes"] == [] and untagged["themes_trends"] is None
    assert "Themes of the period" not in board.to_html(untagged, seed.config)
    _tag(seed)
    report = board.build(seed.database, PERIOD)
    assert report["period"] == {"from": str(MONTH), "to": str(MONTH)}
    much, well, diff = report["how_much"], report["how_well"], report["what_difference"]
    assert (much["bulletins"], much["reviews_announced"], much["recipients"]) == (1, 2, 6)
    assert much["opens_by_agency"] == {"Police": 1}
    assert well["responses"] == 3
    assert well["responses_by_agency"] == {"Health": 2, "Police": 1}
    assert well["response_rate_by_agency"] == {"Education": 0.0, "Health": 0.5, "Police": 0.5}
    assert (well["staff_reached"], well["cpd_minutes"]) == (15, 105)
    assert well["confidence_before_mean"] == round((2 + 1 + 2) / 3, 2)
    assert well["confidence_after_mean"] == round((4 + 5 + 4) / 3, 2)
    assert diff["changes"] == [
        "Ask about the father's role at every visit.",
        "Use the chronology tool.",
    ]
    assert diff["quotes"] == ["Ask about the father's role at every visit."]
    assert diff["followups"] == {"done": 0, "partly": 0, "not_yet": 0, "dropped": 0}
    assert report["agencies_without_response"] == ["Education"]
    assert report["themes"] == [
        {"id": "neglect", "name": "Neglect", "reviews": 2},
        {"id": "domestic_abuse", "name": "Domestic abuse", "reviews": 1},
    ]
    trend = report["themes_trends"]
    assert [t["id"] for t in trend["themes"]] == ["neglect", "domestic_abuse"]
    assert (trend["from"], trend["to"]) == (2019, 2026)
    assert [t["reviews"] for t in trend["themes"]] == [3, 1]  # every stored review, by year
    assert "Pat Example" not in board.to_json(report)


def test_the_word_document_and_the_html_chart(seed: Seed, tmp_path: Path) -> None:
    _seed_report(seed)
    _tag(seed)
    runner = CliRunner()
    out = tmp_path / "board.docx"
    env = {"SCR_DIGEST_DB": seed.config.db_url, "SCR_DIGEST_DATA_DIR": str(seed.config.data_dir)}
    result = runner.invoke(
        main,
        [
            "report",
            "board",
            "--from",
            str(MONTH),
            "--to",
            str(MONTH),
            "--format",
            "docx",
            "--out",
            str(out),
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    assert ["Bulletins sent", "1"] in tables[0] and ["Recipients", "6"] in tables[0]
    assert ["Health", "2", "50.0%"] in tables[2] and ["Education", "0", "0.0%"] in tables[2]
    assert ["CPD minutes recorded", "105"] in tables[3]
    assert tables[-1][0] == ["Theme", "Reviews announced"]
    assert tables[-1][1:] == [["Neglect", "2"], ["Domestic abuse", "1"]]
    report = board.build(seed.database, PERIOD)
    pictures = len(board.charts(report)) + 1  # and the themes' trends chart
    assert len(document.inline_shapes) == pictures, "the charts are pictures in the document"
    assert any(p.text == board.THEMES_CHART for p in document.paragraphs)
    html = runner.invoke(
        main,
        ["report", "board", "--from", str(MONTH), "--to", str(MONTH), "--format", "html"],
        env=env,
    )
    assert html.exit_code == 0 and "<svg" in html.output and 'class="chart"' in html.output
    assert "Pat Example" not in html.output
    themes = html.output[html.output.index("<h2>Themes of the period</h2>") :]
    assert '<td>Neglect</td><td class="n">2</td>' in themes
    chart = themes[themes.index('class="chart themes-chart"') :]
    chart = chart[: chart.index("</figure>")]
    assert "<svg" in chart and "Domestic abuse" in chart and "Parental mental" not in chart
    js = runner.invoke(
        main,
        ["report", "board", "--from", str(MONTH), "--to", str(MONTH), "--format", "json"],
        env=env,
    )
    assert '"responses": 3' in js.output


# ---------------------------------------------------------------- the board report by mail


def test_the_scheduled_job_mails_the_board_report_once_in_a_report_month(
    seed: Seed, smtp_server: Any, tmp_path: Path
) -> None:
    from apscheduler.executors.debug import DebugExecutor

    import scheduler
    from tests.manual_scheduler import ManualScheduler

    this_month = Month.current(seed.config.timezone)
    period = Period.last_complete_half(this_month)
    # a bulletin in the half-year the report covers, with two answers from Health
    sent_at = datetime(period.end.year, period.end.month, 10, 9, tzinfo=UTC)
    digest_id, reviews = seed_bulletin(seed.database, str(period.end), sent_at, seed.recipients, 3)
    signer = Signer.of(seed.config)
    for minutes in ("20", "40"):
        bound = signer.read_feedback_token(
            signer.feedback_token(seed.recipients["contact0@health.example"], digest_id)
        )
        assert bound is not None
        context = answers.form_context(seed.database, seed.config, bound, sent_at)
        assert context is not None
        answer, _ = validate(_lists(form_values(reviews, email="", cpd_minutes=minutes)), reviews)
        assert answer is not None
        answers.submit(seed.database, context, answer, sent_at + timedelta(days=1))
    config = replace(
        seed.config,
        board_report_months=(this_month.month,),
        board_office=("office@board.example", "chair@board.example"),
    )

    sched = ManualScheduler()
    try:
        scheduler.configure(sched, config, seed.database, executor=DebugExecutor())
        sched.start()
        sched.modify_job("feedback", jobstore=scheduler.JOBSTORE, next_run_time=datetime.now(UTC))
        sched.run_pending()
    finally:
        sched.shutdown()
        scheduler._runtime = None
    reports = [m for m in smtp_server.messages if "report to the board" in m.message["Subject"]]
    assert sorted(m.rcpt_tos[0] for m in reports) == ["chair@board.example", "office@board.example"]
    mail = reports[0].message
    assert period.label in mail["Subject"]
    assert "answers: 2" in mail.get_body(("plain",)).get_content()
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_filename() == f"board-report-{period.start}-to-{period.end}.docx"
    document = Document(io.BytesIO(attachment.get_content()))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["Bulletins sent", "1"] in rows and ["CPD minutes recorded", "60"] in rows
    assert ["Health", "2", "50.0%"] in rows  # two answers, one of Health's two contacts
    assert "Pat Example" not in "\n".join(p.text for p in document.paragraphs)

    # the same month again, by hand and on schedule: nothing more for the board office
    env = {
        "SCR_DIGEST_CONFIG": "",
        "SCR_DIGEST_DB": config.db_url,
        "SCR_DIGEST_DATA_DIR": str(config.data_dir),
        "SCR_DIGEST_SMTP_URL": smtp_server.url,
        "SCR_DIGEST_CONSOLE_URL": CONSOLE,
        "SCR_DIGEST_SECRET_KEY": config.secret_key or "",
        "SCR_DIGEST_MAIL_FROM": config.mail_from or "",
        "SCR_DIGEST_BOARD_OFFICE": "office@board.example,chair@board.example",
        "SCR_DIGEST_BOARD_REPORT_MONTHS": str(this_month.month),
    }
    again = CliRunner().invoke(main, ["feedback", "send-due"], env=env)
    assert again.exit_code == 0, again.output
    assert "0 board reports newly due" in again.output
    outbound.send_due(seed.database, config, SMTPTransport(SMTPSettings.from_url(smtp_server.url)))
    after = [m for m in smtp_server.messages if "report to the board" in m.message["Subject"]]
    assert len(after) == 2
    # outside board_report_months, nothing is owed at all
    other = replace(config, board_report_months=((this_month.month % 12) + 1,))
    assert outbound.make_owed(seed.database, other, datetime.now(UTC)).board_reports == 0


# ---------------------------------------------------------------- the demo


def test_the_demo_prints_a_feedback_link_that_opens_the_form_in_its_console(
    demo_run: Any, tmp_path: Path
) -> None:
    from email import message_from_bytes, policy
    from urllib.parse import urlsplit

    from tests.serve_helpers import Browser, start_serve

    result = demo_run.result
    assert result.exit_code == 0, result.output
    found = re.search(r"^Its feedback form, as (\S+) received it .*: (\S+)$", result.output, re.M)
    assert found is not None, result.output
    recipient, link = found.groups()
    # the link is the one that recipient's copy of last month's bulletin carries
    outbox = demo_run.demo_dir / "outbox"
    (mail,) = outbox.glob(f"*-{recipient}-*.eml")
    bulletin = message_from_bytes(mail.read_bytes(), policy=policy.default)
    assert Month.current("Europe/London").preceding().label in str(bulletin["Subject"])
    assert link in bulletin.get_body(("plain",)).get_content()
    # the demo's console, as `scr-digest serve` runs it on the demo's settings (on a copy)
    demo = tmp_path / "demo"
    shutil.copytree(demo_run.demo_dir, demo)
    served = start_serve(
        demo, f"sqlite:///{demo / 'scr-digest.db'}", config=str(demo / "scr-digest.toml")
    )
    try:
        visitor = Browser(served.port)
        path = urlsplit(link).path
        page = visitor.request("GET", path)
        assert page.status == 200, page.body
        assert "What did you take from the" in page.body
        for name in ("name", "email", "staff_reached", "change", "due", "cpd_minutes"):
            assert f'<label for="{name}"' in page.body and f'name="{name}"' in page.body
        assert 'name="reviews"' in page.body and "Young person K" in page.body
        answer = visitor.post(
            path,
            {
                **{k: v for k, v in form_values([]).items() if not isinstance(v, list)},
                "reviews": re.findall(r'name="reviews" value="(\d+)"', page.body)[0],
                "shared_how": "reading",
            },
        )
        assert answer.status == 303, answer.body
    finally:
        served.stop()

"""The monthly workflow (drafting, sending) on a real database, mailing a real SMTP server
on 127.0.0.1 (aiosmtpd).

Messages are asserted on as the server received them, parsed: parts, headers, content.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, update

from cli import main
from common.months import Month
from config import Config
from db import Database, Delivery, Digest, DigestItem, Recipient, Review, open_database
from db.locks import DatabaseLock
from db.queries import status_report
from digest import drafting, sending
from digest import recipients as recipient_list
from digest.state import EXAMPLE_TOKEN, DigestError
from harvester.harvest import harvest
from mail import outbox
from mail.links import Signer
from mail.transports import FileTransport, SMTPSettings, SMTPTransport
from sample_site import LISTING_PATHS
from sample_site.server import SiteServer

ROOT = Path(__file__).resolve().parents[1]
OCT, NOV, DEC = Month(2026, 10), Month(2026, 11), Month(2026, 12)
BASE = "https://westshire-scp.example/scr-digest"
OFFICE = "board.office@westshire-scp.example"


def body(message, kind: str) -> str:
    """A part's text as the recipient reads it (the wire's CRLF line ends made plain)."""
    return message.get_body((kind,)).get_content().replace("\r\n", "\n")


def seen(month: Month, day: int = 10) -> datetime:
    return datetime(month.year, month.month, day, 9, 0, tzinfo=UTC)


@dataclass
class Env:
    database: Database
    config: Config
    smtp: object  # tests.conftest.SMTPServer
    tmp: Path
    reviews_added: int = 0

    def transport(self) -> SMTPTransport:
        assert self.config.smtp_url
        return SMTPTransport(SMTPSettings.from_url(self.config.smtp_url, timeout=5))

    def add_review(
        self,
        title: str,
        *,
        first_seen: datetime,
        baseline: bool = False,
        keywords: tuple[str, ...] = ("neglect",),
        **fields: object,
    ) -> int:
        self.reviews_added += 1
        values: dict[str, object] = {
            "review_key": f"key-{self.reviews_added}-{title}",
            "text_key": f"2026|westshire|{title}".lower(),
            "published_year": 2026,
            "published_month": None,
            "area": "Westshire",
            "title": title,
            "summary": f"Summary of the review of {title}.",
            "learning": f"Learning from {title}.",
            "keywords": list(keywords),
            "sections": [],
            "report_url": f"https://reports.example.org/{title.replace(' ', '-').lower()}.pdf",
            "source_url": "https://source.example.org/case-reviews",
            "content_hash": hashlib.sha256(title.encode()).hexdigest(),
            "baseline": baseline,
            "first_seen_at": first_seen,
            "last_seen_at": first_seen,
        }
        values.update(fields)
        with self.database.session() as session:
            review = Review(**values)
            session.add(review)
            session.flush()
            return review.id

    def add_recipients(self, *emails: str, keywords: str | None = None) -> None:
        for email in emails:
            recipient_list.add(self.database, email, name=email.split("@")[0], keywords=keywords)

    def draft(self, month: Month, **kwargs: object) -> drafting.DraftResult:
        return drafting.draft(self.database, self.config, self.transport(), month=month, **kwargs)

    def send(self, month: Month, **kwargs: object) -> sending.SendResult:
        return sending.send(self.database, self.config, self.transport(), month=month, **kwargs)

    def deliveries(self, month: Month) -> dict[str, str]:
        with self.database.session() as session:
            rows = session.execute(
                select(Delivery.email, Delivery.status)
                .join(Digest, Digest.id == Delivery.digest_id)
                .where(Digest.month == str(month))
            ).all()
        return dict(rows)

    def received(self, subject_prefix: str = "") -> list:
        return [
            m for m in self.smtp.messages if str(m.message["Subject"]).startswith(subject_prefix)
        ]


@pytest.fixture
def env(tmp_path: Path, db_url_factory, smtp_server) -> Iterator[Env]:
    config = Config(
        data_dir=tmp_path,
        db=db_url_factory(tmp_path),
        board_name="Westshire Safeguarding Children Partnership",
        board_office=(OFFICE,),
        mail_from="learning@westshire-scp.example",
        smtp_url=smtp_server.url,
        smtp_timeout=5.0,
        smtp_retries=2,
        smtp_retry_delay=0.01,
        console_url=BASE,
    )
    database = open_database(config.db_url)
    try:
        yield Env(database, config, smtp_server, tmp_path)
    finally:
        database.close()


def _tokens(env: Env) -> dict[str, str]:
    with env.database.session() as session:
        return dict(session.execute(select(Recipient.email, Recipient.token)).all())


# ---------------------------------------------------------------- the whole way, for real


def test_harvest_draft_approve_send_over_smtp(env: Env) -> None:
    with SiteServer() as site:
        config = replace(
            env.config,
            sources=tuple(site.url(path) for path in LISTING_PATHS),
            govuk_organisations=(),
            request_delay=0.0,
            contact="tests@example.invalid",
        )
        harvest(env.database, config, reports=False)
    with env.database.session() as session:
        announced = session.scalars(select(Review).where(Review.baseline.is_(False))).all()
        baseline_titles = set(session.scalars(select(Review.title).where(Review.baseline)))
        ids = {review.title: review.id for review in announced}
    assert len(ids) == 4
    month = Month.current("Europe/London")

    drafted = env.draft(month)
    assert drafted.created and sorted(drafted.added) == sorted(ids.values())
    assert drafted.mailed_to == (OFFICE,)
    (draft_mail,) = env.smtp.messages
    draft_message = draft_mail.message
    assert draft_mail.rcpt_tos == [OFFICE]
    assert str(draft_message["Subject"]).startswith("[DRAFT] Westshire Safeguarding Children")
    draft_text = body(draft_message, "plain")
    assert f"scr-digest digest approve --month {month}" in draft_text
    assert f"scr-digest digest exclude --month {month} REVIEW_ID..." in draft_text
    assert all(f"#{review_id} " in draft_text for review_id in ids.values())

    drafting.set_included(env.database, month, [ids["Baby L"]], included=False, zone="UTC")
    drafting.approve(env.database, env.config, month=month)
    env.add_recipients("jo@health.example", "sam@police.example", "alex@school.example")
    result = env.send(month)
    assert result.exit_code == 0 and result.sent_now == 3 and result.connections == 1
    assert len(env.smtp.handler.sessions) == 2  # the draft's session, then one for all three

    tokens = _tokens(env)
    bulletins = env.received("Westshire")
    assert sorted(m.rcpt_tos[0] for m in bulletins) == sorted(tokens)
    message_ids = set()
    for mail in bulletins:
        message = mail.message
        address = mail.rcpt_tos[0]
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
        assert str(message["Subject"]) == (
            f"Westshire Safeguarding Children Partnership: Learning from national case reviews "
            f"— {month.label}"
        )
        assert message["To"].addresses[0].addr_spec == address
        assert message["From"].addresses[0].addr_spec == "learning@westshire-scp.example"
        assert message["Date"] and message["Message-ID"].endswith("@westshire-scp.example>")
        message_ids.add(message["Message-ID"])
        assert message["List-Id"] == (
            '"Westshire Safeguarding Children Partnership learning bulletin" '
            "<learning-bulletin.westshire-scp.example>"
        )
        link = f"{BASE}/unsubscribe/{tokens[address]}"
        assert message["List-Unsubscribe"] == f"<{link}>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text = body(message, "plain")
        html = body(message, "html")
        assert link in text and f'href="{link}"' in html
        others = [t for a, t in tokens.items() if a != address]
        assert not any(token in text or token in html for token in others)
        for title, review_id in ids.items():
            heading = f"2025 – {next(r.area for r in announced if r.id == review_id)} – {title}"
            present = title != "Baby L"
            assert (heading in text) is present, heading
            assert (heading in html) is present, heading
        assert not any(title in text for title in baseline_titles - set(ids))
        assert "Read the overview report" in html and "<script" not in html
    assert len(message_ids) == 3
    with env.database.session() as session:
        stored = set(session.scalars(select(Delivery.message_id)))
    assert stored == message_ids


def test_partners_get_exactly_what_was_approved(env: Env) -> None:
    review_id = env.add_review("Child A", first_seen=seen(NOV))
    env.draft(NOV)
    drafting.approve(env.database, env.config, month=NOV)
    approved_text = drafting.show(env.database, env.config, month=NOV).rendered.text
    # after approval the source edits the entry and the board changes its settings
    with env.database.session() as session:
        session.execute(update(Review).where(Review.id == review_id).values(summary="EDITED LATER"))
    env.config = replace(env.config, intro="A NEW INTRODUCTION", board_name="Renamed Board")
    env.add_recipients("jo@health.example")
    assert env.send(NOV).complete
    (mail,) = env.received("Westshire")
    text = body(mail.message, "plain")
    link = f"{BASE}/unsubscribe/{_tokens(env)['jo@health.example']}"
    # each copy also carries its own feedback link and report links (signed: recipient, digest)
    token = re.search(r"/feedback/(\S+)", text)
    assert token is not None and token.group(1) != EXAMPLE_TOKEN
    assert Signer.of(env.config).read_feedback_token(token.group(1)) is not None
    assert text == (
        approved_text.replace(f"{BASE}/unsubscribe/{EXAMPLE_TOKEN}", link)
        .replace(f"/feedback/{EXAMPLE_TOKEN}", f"/feedback/{token.group(1)}")
        .replace(f"/r/{EXAMPLE_TOKEN}/", f"/r/{token.group(1)}/")
    )
    assert "EDITED LATER" not in text and "A NEW INTRODUCTION" not in text


def test_scraped_markup_arrives_escaped_and_bad_links_dropped(env: Env) -> None:
    env.add_review(
        "Child <b>X</b>",
        first_seen=seen(NOV),
        summary='<script>alert("x")</script> and <a href="javascript:alert(1)">a link</a>',
        report_url="javascript:alert(document.cookie)",
        keywords=("neglect", "<img src=x onerror=alert(1)>"),
    )
    env.draft(NOV)
    drafting.approve(env.database, env.config, month=NOV)
    env.add_recipients("jo@health.example")
    env.send(NOV)
    for mail in env.smtp.messages:  # the draft and the bulletin
        html = body(mail.message, "html")
        assert "<script" not in html and "<img" not in html and "<b>X" not in html
        assert "&lt;script&gt;" in html and "Child &lt;b&gt;X&lt;/b&gt;" in html
        assert '&lt;a href="javascript:alert(1)"&gt;' in html  # shown as text, not a link
        links = re.findall(r'<a\b[^>]*\shref="([^"]*)"', html)
        assert links and all(re.match(r"https?://", link) for link in links), links
        assert "Read the overview report" not in html
        text = body(mail.message, "plain")
        assert "Child <b>X</b>" in text  # plain text is shown as text, never interpreted


# ---------------------------------------------------------------- selection across months


def test_each_review_is_announced_once_and_the_baseline_never(env: Env) -> None:
    old = env.add_review("Old backlog", first_seen=seen(OCT, 1), baseline=True)
    a = env.add_review("Child A", first_seen=seen(OCT))
    b = env.add_review("Child B", first_seen=seen(OCT, 20))
    late = env.add_review("Child L", first_seen=seen(NOV, 2))
    october = env.draft(OCT)
    assert october.added == [a, b]  # Child L was first seen after October
    drafting.set_included(env.database, OCT, [b], included=False, zone="UTC")
    with pytest.raises(DigestError, match="baseline"):
        drafting.set_included(env.database, OCT, [old], included=True, zone="UTC")
    with pytest.raises(DigestError, match="first seen after October 2026"):
        drafting.set_included(env.database, OCT, [late], included=True, zone="UTC")
    c = env.add_review("Child C", first_seen=seen(OCT, 28))
    refreshed = env.draft(OCT)  # picks up C, keeps B excluded
    assert refreshed.added == [c] and refreshed.included == 2 and refreshed.excluded == 1
    drafting.approve(env.database, env.config, month=OCT)

    november = env.draft(NOV)
    assert november.added == [late]  # not A, B (excluded in October) or C, never the baseline
    with pytest.raises(DigestError, match="belongs to the 2026-10 digest"):
        drafting.set_included(env.database, NOV, [b], included=True, zone="UTC")
    assert env.draft(NOV).added == []  # a refresh adds nothing twice
    d = env.add_review("Child D", first_seen=seen(NOV, 25))
    assert env.draft(DEC).added == [d]  # November's draft exists, but D goes to the first after
    with env.database.session() as session:
        per_review = session.execute(
            select(DigestItem.review_id, func.count()).group_by(DigestItem.review_id)
        ).all()
        assert all(count == 1 for _, count in per_review)
        assert old not in {review_id for review_id, _ in per_review}


def test_draft_warns_about_an_older_unapproved_draft(env: Env) -> None:
    env.add_review("Child A", first_seen=seen(OCT))
    env.draft(OCT)
    result = env.draft(NOV)
    assert any("2026-10 digest is still an unapproved draft" in w for w in result.warnings)


# ---------------------------------------------------------------- approval


def test_approving_twice_or_editing_after_approval_is_refused(env: Env) -> None:
    review_id = env.add_review("Child A", first_seen=seen(NOV))
    env.draft(NOV)
    drafting.set_intro(env.database, NOV, "Our own words for November.", zone="UTC")
    drafting.approve(env.database, env.config, month=NOV)
    with env.database.session() as session:
        frozen = session.scalar(select(Digest).where(Digest.month == "2026-11"))
        assert frozen is not None and frozen.status == "approved"
        assert frozen.text is not None and "Our own words for November." in frozen.text
        before = (frozen.subject, frozen.html, frozen.text, frozen.content_hash)
    with pytest.raises(DigestError, match=r"already approved on .*changes nothing"):
        drafting.approve(env.database, env.config, month=NOV)
    frozen_message = r"approved on .* and is frozen: partners receive exactly what was approved"
    for change in (
        lambda: drafting.set_included(env.database, NOV, [review_id], included=False, zone="UTC"),
        lambda: drafting.set_intro(env.database, NOV, "Changed", zone="UTC"),
        lambda: drafting.set_intro(env.database, NOV, None, zone="UTC"),
        lambda: env.draft(NOV),
    ):
        with pytest.raises(DigestError, match=frozen_message):
            change()
    with env.database.session() as session:
        after = session.scalar(select(Digest).where(Digest.month == "2026-11"))
        assert after is not None
        assert (after.subject, after.html, after.text, after.content_hash) == before


def test_sending_a_draft_or_to_nobody_is_refused(env: Env) -> None:
    env.add_review("Child A", first_seen=seen(NOV))
    env.draft(NOV)
    with pytest.raises(DigestError, match="is a draft: approve it first"):
        env.send(NOV)
    drafting.approve(env.database, env.config, month=NOV)
    with pytest.raises(DigestError, match="no active recipients"):
        env.send(NOV)  # would otherwise be "sent" to nobody, for good
    assert drafting.show(env.database, env.config, month=NOV).status == "approved"


def test_an_empty_month_says_so_and_needs_allow_empty(env: Env) -> None:
    result = env.draft(NOV)
    assert result.included == 0
    draft_text = body(env.smtp.messages[0].message, "plain")
    assert "No new national case reviews have been published since the last bulletin." in (
        draft_text
    )
    assert "scr-digest digest send --month 2026-11 --allow-empty" in draft_text
    drafting.approve(env.database, env.config, month=NOV)
    env.add_recipients("jo@health.example")
    with pytest.raises(DigestError, match=r"announces no reviews.*--allow-empty"):
        env.send(NOV)
    assert env.deliveries(NOV) == {}  # refused before anything was recorded
    assert env.send(NOV, allow_empty=True).complete
    assert env.deliveries(NOV) == {"jo@health.example": "sent"}


# ---------------------------------------------------------------- exactly once, despite trouble


def _approved(env: Env, recipients: int) -> list[str]:
    env.add_review("Child A", first_seen=seen(NOV))
    env.draft(NOV)
    drafting.approve(env.database, env.config, month=NOV)
    emails = [f"person{n:02d}@agency.example" for n in range(recipients)]
    env.add_recipients(*emails)
    env.smtp.messages.clear()
    env.smtp.handler.sessions.clear()
    return emails


def test_a_send_cut_short_by_the_server_resumes_without_duplicates(env: Env) -> None:
    emails = _approved(env, 8)
    env.smtp.handler.accept_limit = 3  # then "421 … closing the connection", as long as it lasts
    first = env.send(NOV)
    assert first.exit_code == 2 and first.sent_now == 3
    assert first.stopped is not None and "421" in first.stopped
    assert first.counts == {"sent": 3, "pending": 5} and first.in_doubt == []
    assert drafting.show(env.database, env.config, month=NOV).status == "sending"
    env.smtp.handler.accept_limit = None
    second = env.send(NOV)
    assert second.exit_code == 0 and second.sent_now == 5 and second.complete
    assert sorted(m.rcpt_tos[0] for m in env.smtp.messages) == emails  # each exactly once
    assert len({m.message["Message-ID"] for m in env.smtp.messages}) == 8
    third = env.send(NOV)
    assert third.sent_now == 0 and third.complete and len(env.smtp.messages) == 8
    assert drafting.show(env.database, env.config, month=NOV).status == "sent"


def test_an_outage_stops_the_run_and_a_rerun_finishes_it(
    env: Env, smtp_server_factory, closed_port_url: str
) -> None:
    emails = _approved(env, 4)
    port = closed_port_url.rsplit(":", 1)[1]
    down = replace(env.config, smtp_url=f"smtp://127.0.0.1:{port}")
    result = sending.send(env.database, down, SMTPTransport(SMTPSettings.from_url(down.smtp_url)))
    assert result.exit_code == 2 and result.sent_now == 0
    assert result.stopped is not None and "cannot talk to" in result.stopped
    assert set(env.deliveries(NOV).values()) == {"pending"}
    assert env.send(NOV).complete
    assert sorted(m.rcpt_tos[0] for m in env.smtp.messages) == emails


def test_a_refused_address_is_marked_and_the_others_still_go(env: Env) -> None:
    emails = _approved(env, 5)
    env.smtp.handler.reject[emails[1]] = "550 5.1.1 <person01@agency.example>: no such user"
    result = env.send(NOV)
    assert result.complete and result.exit_code == 0 and result.sent_now == 4
    assert result.failed == [
        (emails[1], f"{emails[1]} refused: 550 5.1.1 <{emails[1]}>: no such user")
    ]
    assert sorted(m.rcpt_tos[0] for m in env.smtp.messages) == [e for e in emails if e != emails[1]]
    assert len(env.smtp.handler.sessions) == 1
    assert env.send(NOV).sent_now == 0  # permanent: not tried again
    with env.database.session() as session:
        digest = status_report(session)["digest"]
    assert digest["deliveries"]["failed"] == 1 and digest["failed"][0]["email"] == emails[1]


def test_a_temporary_refusal_is_retried_then_left_for_the_next_run(env: Env) -> None:
    emails = _approved(env, 3)
    env.smtp.handler.reject[emails[0]] = "450 4.2.1 Mailbox busy, try later"
    sleeps: list[float] = []
    result = sending.send(env.database, env.config, env.transport(), month=NOV, sleep=sleeps.append)
    assert sleeps == [0.01, 0.02]  # smtp_retries = 2, doubling from smtp_retry_delay
    assert result.exit_code == 2 and result.sent_now == 2 and result.stopped is None
    assert env.deliveries(NOV)[emails[0]] == "pending"
    del env.smtp.handler.reject[emails[0]]
    again = env.send(NOV)
    assert again.complete and again.sent_now == 1
    assert sorted(m.rcpt_tos[0] for m in env.smtp.messages) == emails


def _send_killed_on_the_third_message(env: Env) -> list[str]:
    """Five recipients; ``digest send`` is killed after the server has the third message and
    before it answers, so that delivery is in doubt. Returns the recipients' addresses."""
    emails = _approved(env, 5)
    command = [
        sys.executable, "-c", "import cli; cli.main()", "--data-dir", str(env.tmp),
        "digest", "send", "--month", "2026-11",
    ]  # fmt: skip
    environ = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SCR_DIGEST_DB": env.config.db_url,
        "SCR_DIGEST_SMTP_URL": env.smtp.url,
        "SCR_DIGEST_FROM": "learning@westshire-scp.example",
        "SCR_DIGEST_CONFIG": "",
    }
    process = subprocess.Popen(command, env=environ, cwd=ROOT, stderr=subprocess.PIPE)

    def crash_on_the_third(mail) -> None:
        if len(env.smtp.messages) == 2:  # the server has the third message; before it says 250:
            process.kill()
            process.wait()

    env.smtp.handler.before_accept = crash_on_the_third
    assert process.wait(timeout=60) != 0
    env.smtp.handler.before_accept = None
    assert [m.rcpt_tos[0] for m in env.smtp.messages] == emails[:3]
    assert list(env.deliveries(NOV).values()).count("sending") == 1
    return emails


def test_a_crash_leaves_one_message_in_doubt_resent_only_on_request(env: Env) -> None:
    emails = _send_killed_on_the_third_message(env)
    rerun = env.send(NOV)
    assert rerun.sent_now == 2 and rerun.in_doubt == [emails[2]]
    assert (
        rerun.exit_code == 2 and rerun.stopped is not None and "--resend-in-doubt" in rerun.stopped
    )
    with env.database.session() as session:
        report = status_report(session)["digest"]
    assert report["deliveries"]["in_doubt"] == 1 and report["in_doubt"] == [emails[2]]
    assert sorted(m.rcpt_tos[0] for m in env.smtp.messages) == emails  # no one twice yet

    resent = env.send(NOV, resend_in_doubt=True)
    assert resent.complete and resent.sent_now == 1
    copies = [m for m in env.smtp.messages if m.rcpt_tos == [emails[2]]]
    assert len(copies) == 2  # the doubt resolved by sending again, as asked
    assert copies[0].message["Message-ID"] == copies[1].message["Message-ID"]  # so clients dedupe
    assert len(env.smtp.messages) == 6


def test_a_message_in_doubt_is_settled_by_hand_without_resending(env: Env) -> None:
    emails = _send_killed_on_the_third_message(env)
    with pytest.raises(DigestError, match="not in doubt"):
        sending.settle_in_doubt(env.database, NOV, [emails[0]], delivered=True)  # already sent
    with (
        DatabaseLock(env.database.engine, "send"),
        pytest.raises(DigestError, match="no send is running"),
    ):
        sending.settle_in_doubt(env.database, NOV, [emails[2]], delivered=True)
    # The mail server's log shows it took the third message: mark it sent, send the rest.
    settled = sending.settle_in_doubt(env.database, NOV, [emails[2].upper()], delivered=True)
    assert settled.settled == [emails[2]] and not settled.complete
    rerun = env.send(NOV)
    assert rerun.complete and rerun.sent_now == 2 and rerun.in_doubt == []
    assert sorted(m.rcpt_tos[0] for m in env.smtp.messages) == emails  # nobody twice
    assert set(env.deliveries(NOV).values()) == {"sent"}


def test_a_message_in_doubt_that_never_arrived_goes_with_the_next_send(env: Env) -> None:
    emails = _send_killed_on_the_third_message(env)
    env.send(NOV)  # the other two go; the third stays in doubt
    result = sending.settle_in_doubt(env.database, NOV, [emails[2]], delivered=False)
    assert result.settled == [emails[2]]
    again = env.send(NOV)
    assert again.complete and again.sent_now == 1
    copies = [m for m in env.smtp.messages if m.rcpt_tos == [emails[2]]]
    assert len(copies) == 2 and copies[0].message["Message-ID"] == copies[1].message["Message-ID"]


def test_digest_settle_command(env: Env) -> None:
    emails = _send_killed_on_the_third_message(env)
    settle = ["--db", env.config.db_url, "--data-dir", str(env.tmp), "digest", "settle"]
    runner = CliRunner()
    undecided = runner.invoke(main, [*settle, emails[2]])
    assert undecided.exit_code == 2 and "--delivered or --not-delivered" in undecided.output
    typo = runner.invoke(main, [*settle, "--delivered", emails[0]])
    assert typo.exit_code == 1 and "is not in doubt" in typo.output
    done = runner.invoke(main, [*settle, "--month", "2026-11", "--delivered", emails[2]])
    assert done.exit_code == 0, done.output
    assert "1 marked sent" in done.output
    assert list(env.deliveries(NOV).values()).count("sending") == 0


def test_two_senders_never_claim_the_same_delivery(env: Env) -> None:
    _approved(env, 1)
    with env.database.session() as session:
        digest = session.scalar(select(Digest).where(Digest.month == "2026-11"))
        assert digest is not None
        sending.start_sending(session, digest, False, datetime.now(UTC))
        kind = sending.Bulletins.of(digest, env.config)
        (delivery_id,) = session.scalars(select(Delivery.id))
    first = outbox.claim(env.database, kind, delivery_id, "pending")
    second = outbox.claim(env.database, kind, delivery_id, "pending")
    assert first is not None and second is None


# ---------------------------------------------------------------- recipients


def test_unsubscribed_recipients_are_never_mailed_again(env: Env) -> None:
    env.add_review("Child A", first_seen=seen(NOV), keywords=("neglect",))
    env.add_recipients("ann@agency.example", "ben@agency.example", "cat@agency.example")
    env.add_recipients("filtered@agency.example", keywords="drowning")
    env.draft(NOV)
    drafting.approve(env.database, env.config, month=NOV)
    tokens = _tokens(env)
    with env.database.session() as session:
        recipient_list.unsubscribe(session, tokens["ben@agency.example"])

    def cat_unsubscribes_meanwhile(mail) -> None:
        with env.database.session() as session:
            recipient_list.unsubscribe(session, tokens["cat@agency.example"])

    env.smtp.handler.before_accept = cat_unsubscribes_meanwhile
    result = env.send(NOV)
    assert result.complete
    assert [m.rcpt_tos[0] for m in env.received("Westshire")] == ["ann@agency.example"]
    assert env.deliveries(NOV) == {
        "ann@agency.example": "sent",
        "cat@agency.example": "skipped",  # unsubscribed after the send began
        "filtered@agency.example": "skipped",  # its filter matches none of the reviews
    }

    # a later import of the old list does not bring them back, nor does a plain add
    csv = env.tmp / "list.csv"
    csv.write_text("email,name\nben@agency.example,Ben\ncat@agency.example,Cat\n")
    imported = recipient_list.import_csv(env.database, csv)
    assert imported.unsubscribed == ["ben@agency.example", "cat@agency.example"]
    with pytest.raises(recipient_list.RecipientError, match="--resubscribe"):
        recipient_list.add(env.database, "ben@agency.example")
    env.add_review("Child B", first_seen=seen(DEC))
    env.draft(DEC)
    drafting.approve(env.database, env.config, month=DEC)
    env.smtp.messages.clear()
    assert env.send(DEC).complete
    assert [m.rcpt_tos[0] for m in env.smtp.messages] == ["ann@agency.example"]
    assert env.deliveries(DEC) == {
        "ann@agency.example": "sent",
        "filtered@agency.example": "skipped",
    }  # the unsubscribed have no delivery row at all


# ---------------------------------------------------------------- archive and failures


def test_the_archive_keeps_every_sent_bulletin(env: Env) -> None:
    env.add_review("Child A", first_seen=seen(OCT))
    env.add_recipients("jo@health.example")
    for month in (OCT, NOV):
        env.draft(month)
        drafting.approve(env.database, env.config, month=month)
        env.send(month, allow_empty=True)
    archive = env.tmp / "archive"
    assert sorted(p.name for p in archive.iterdir()) == [
        "2026-10.html",
        "2026-11.html",
        "feed.xml",
        "index.html",
    ]
    with env.database.session() as session:
        stored = session.scalar(select(Digest.archive_html).where(Digest.month == "2026-10"))
    assert (archive / "2026-10.html").read_text(encoding="utf-8") == stored
    index = (archive / "index.html").read_text(encoding="utf-8")
    assert index.index("November 2026") < index.index("October 2026")
    token = _tokens(env)["jo@health.example"]
    for path in archive.iterdir():
        content = path.read_text(encoding="utf-8")
        assert token not in content and "scr-digest-unsubscribe-" not in content
    feed = ElementTree.parse(archive / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}link").get("href") for e in entries] == ["2026-11.html", "2026-10.html"]
    assert all(
        e.find(f"{atom}id").text.startswith("tag:westshire-scp.example,2026:") for e in entries
    )


def test_a_draft_that_cannot_be_mailed_is_still_stored(env: Env, closed_port_url: str) -> None:
    env.add_review("Child A", first_seen=seen(NOV))
    port = closed_port_url.rsplit(":", 1)[1]
    down = SMTPTransport(SMTPSettings.from_url(f"smtp://127.0.0.1:{port}", timeout=2))
    result = drafting.draft(env.database, env.config, down, month=NOV)
    assert result.mail_error is not None and "stored but not mailed" in result.mail_error
    assert drafting.show(env.database, env.config, month=NOV).included == 1


def test_without_a_mail_server_the_draft_goes_to_the_outbox(env: Env) -> None:
    env.add_review("Child A", first_seen=seen(NOV))
    outbox = FileTransport(env.tmp / "outbox")
    result = drafting.draft(env.database, replace(env.config, smtp_url=None), outbox, month=NOV)
    (path,) = result.outbox_files
    assert path.parent == env.tmp / "outbox" and b"[DRAFT]" in path.read_bytes().split(b"\n\n")[0]

"""The draft mailed to the board office is for a person (issue 12, item 13): it opens with the
console link and the reviews by heading, no internal ids; the commands, with the review
numbers they need, are in a short section for maintainers at the end.

Sent by a real ``digest draft`` through a real SMTP server. The snapshots
(tests/snapshots/draft.*) hold the draft's own parts (its opening and its maintainers' section),
not the bulletin between them, which tests/test_digest_render.py's snapshots cover. When a
change is intended, look at the diff and rewrite them with UPDATE_SNAPSHOTS=1.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import lxml.html
from click.testing import CliRunner
from conftest import SMTPServer

from cli import main
from db import open_database
from tests.faults import review_first_seen

SNAPSHOTS = Path(__file__).parent / "snapshots"
RULE = "=" * 78
CONSOLE = "https://westshire-scp.example/scr-digest"


def _part(message: EmailMessage, subtype: str) -> str:
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}":
            return str(part.get_content()).replace("\r\n", "\n")
    raise AssertionError(f"no text/{subtype} part")


def _stable(text: str, ids: dict[int, str]) -> str:
    text = re.sub(r"key=[A-Za-z0-9._-]+", "key=KEY", text)
    for review_id, name in ids.items():
        text = re.sub(rf"#{review_id}\b", f"#{name}", text)
    return text


def _matches_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no snapshot {name}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} differs; if the change is intended, rerun with UPDATE_SNAPSHOTS=1"
    )


def test_the_draft_email_opens_with_the_link_and_the_reviews_and_ends_with_the_commands(
    tmp_path: Path, smtp_server: SMTPServer
) -> None:
    url = f"sqlite:///{tmp_path / 'scr.db'}"
    database = open_database(url)
    seen = datetime(2026, 11, 10, 9, tzinfo=UTC)
    try:
        with database.session() as session:
            for n, title in enumerate(("Child A", "Child B", "Child C")):
                review = review_first_seen(seen)
                review.review_key, review.text_key = f"key-{n}", f"2026|westshire|{title}"
                review.title = title
                session.add(review)
    finally:
        database.close()

    def run(*args: str) -> str:
        result = CliRunner().invoke(
            main,
            ["--db", url, "--data-dir", str(tmp_path), *args],
            env={
                "SCR_DIGEST_CONFIG": "",
                "SCR_DIGEST_SMTP_URL": smtp_server.url,
                "SCR_DIGEST_FROM": "learning@westshire.example",
                "SCR_DIGEST_BOARD_OFFICE": "office@westshire.example",
                "SCR_DIGEST_CONSOLE_URL": CONSOLE,
            },
        )
        assert result.exit_code == 0, result.output
        return result.output

    run("digest", "draft", "--month", "2026-11")
    ids = {
        review["id"]: review["title"].replace(" ", "_").upper()
        for review in json.loads(run("reviews", "list", "--format", "json"))
    }
    by_title = {name: review_id for review_id, name in ids.items()}
    run("digest", "exclude", "--month", "2026-11", str(by_title["CHILD_C"]))
    smtp_server.messages.clear()
    run("digest", "draft", "--month", "2026-11")
    (mail,) = smtp_server.messages
    message = mail.message
    assert str(message["Subject"]).startswith("[DRAFT] ")

    text = _part(message, "plain")
    opening, *_bulletin, maintainers = text.split(f"\n{RULE}\n")
    lines = [line for line in opening.splitlines() if line.strip()]
    assert lines[0] == "DRAFT FOR APPROVAL: not yet sent to partner agencies"
    link_at = next(n for n, line in enumerate(lines) if line.strip().startswith(CONSOLE))
    assert lines[link_at].strip().startswith(f"{CONSOLE}/drafts/2026-11?key=")
    assert link_at <= 3  # the link first, after the one line saying what this is
    assert link_at < lines.index("  - 2026 – Westshire – Child A")  # then the reviews
    assert "  - 2026 – Westshire – Child A" in opening
    assert not re.search(r"#\d", opening), opening  # no internal ids for the person
    assert "scr-digest digest" not in opening  # no commands either
    assert maintainers.lstrip().startswith("For maintainers: the same from the command line")
    assert f"#{by_title['CHILD_A']} 2026 – Westshire – Child A" in maintainers
    assert "scr-digest digest approve --month 2026-11" in maintainers
    _matches_snapshot("draft_opening.txt", _stable(opening, ids) + "\n")
    _matches_snapshot("draft_maintainers.txt", _stable(maintainers, ids))

    html = lxml.html.fromstring(_part(message, "html"))
    boxes = html.xpath("//div[h2]")
    first, last = boxes[0], boxes[-1]
    assert first.xpath("string(h2)") == "Draft for approval: not yet sent to partner agencies"
    link = first.xpath(".//a")[0]
    assert link.get("href").startswith(f"{CONSOLE}/drafts/2026-11?key=")
    assert not re.search(r"#\d", first.text_content())
    assert last.xpath("string(h2)") == "For maintainers: the same from the command line"
    for name, box in (("draft_opening.html", first), ("draft_maintainers.html", last)):
        _matches_snapshot(
            name, _stable(lxml.html.tostring(box, encoding="unicode"), ids).strip() + "\n"
        )

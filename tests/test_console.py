"""The web console's draft pages, signed draft links, archive and unsubscribe pages.

Every change goes through the same digest functions as the CLI, so the tests check what
``digest show`` (the workflow's own rendering) returns after each click.
"""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
import time_machine
from click.testing import CliRunner
from console_helpers import (
    NOV,
    add_review,
    console_of,
    csrf_token,
    make_user,
    post_form,
    seed_draft,
    sign_in,
)
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from cli import main
from common.months import Month
from db import Recipient
from digest import drafting, sending
from digest import recipients as recipient_list
from digest.links import draft_link
from mail.transports import SMTPSettings, SMTPTransport
from web.drafts import sender

DRAFT = "/drafts/2026-11"
TITLES = ("Child A", "Child B", "Child C")


def heading(title: str) -> str:
    return f"2026 – Westshire – {title}"


def shown_text(app: Flask, month: Month = NOV) -> str:
    console = console_of(app)
    return drafting.show(console.database, console.config, month=month).rendered.text


def order_in(text: str, titles: tuple[str, ...] = TITLES) -> list[str]:
    found = [(text.find(heading(t)), t) for t in titles if heading(t) in text]
    return [title for _, title in sorted(found)]


def page(client: FlaskClient, path: str = DRAFT) -> lxml.html.HtmlElement:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return lxml.html.fromstring(response.get_data(as_text=True))


def button(tree: lxml.html.HtmlElement, name: str) -> lxml.html.HtmlElement | None:
    """The button with this accessible name (aria-label, else its text)."""
    for element in tree.iter("button"):
        if (element.get("aria-label") or element.text_content().strip()) == name:
            return element
    return None


def click(client: FlaskClient, name: str, path: str = DRAFT, **extra: str):  # type: ignore[no-untyped-def]
    """Submit the form holding the named button, as a browser would."""
    tree = page(client, path)
    target = button(tree, name)
    assert target is not None, f"no button {name!r} on {path}"
    form = next(target.iterancestors("form"))
    data = {i.get("name"): i.get("value") or "" for i in form.iter("input") if i.get("name")}
    data.update({t.get("name"): t.text or "" for t in form.iter("textarea")})
    if target.get("name"):
        data[target.get("name")] = target.get("value") or ""
    data.update(extra)
    if (form.get("method") or "get").lower() == "get":
        return client.get(form.get("action"), query_string=data)
    return client.post(form.get("action"), data=data)


@pytest.fixture
def drafted(console_app: Flask) -> dict[str, int]:
    return seed_draft(console_app, *TITLES)


# ---------------------------------------------------------------- the draft page


def test_draft_page_shows_the_bulletin_exactly_as_digest_show_renders_it(
    signed_in_client: FlaskClient, console_app: Flask, drafted: dict[str, int]
) -> None:
    tree = page(signed_in_client)
    assert [h.text_content() for h in tree.iter("h1")] == ["November 2026 bulletin"]
    (frame,) = tree.iter("iframe")
    console = console_of(console_app)
    shown = drafting.show(console.database, console.config, month=NOV)
    assert frame.get("srcdoc") == shown.rendered.html
    assert frame.get("sandbox") == ""  # no scripts, no same-origin
    for title in TITLES:
        assert button(tree, f"Exclude: {heading(title)}") is not None
    # Only the moves that can happen: the first review cannot go up, the last cannot go down.
    assert button(tree, f"Move up: {heading('Child A')}") is None
    assert button(tree, f"Move down: {heading('Child A')}") is not None
    assert button(tree, f"Move up: {heading('Child B')}") is not None
    assert button(tree, f"Move down: {heading('Child B')}") is not None
    assert button(tree, f"Move up: {heading('Child C')}") is not None
    assert button(tree, f"Move down: {heading('Child C')}") is None
    assert tree.get_element_by_id("intro").tag == "textarea"
    # The section is headed "Introduction"; the field's label does not say it again.
    assert tree.get_element_by_id("intro-heading").text_content() == "Introduction"
    assert tree.xpath('//label[@for="intro"]')[0].text_content() == "Text of the introduction"
    assert button(tree, "Save introduction") is not None
    assert button(tree, "Approve…") is not None


def test_drafts_list_links_each_month(signed_in_client: FlaskClient, drafted) -> None:
    tree = page(signed_in_client, "/drafts/")
    links = {a.text_content(): a.get("href") for a in tree.iter("a")}
    assert links["November 2026"] == DRAFT
    assert "Draft" in tree.text_content() and "3 included" in tree.text_content()


def test_exclude_include_move_and_intro_change_what_digest_show_returns(
    signed_in_client: FlaskClient, console_app: Flask, drafted: dict[str, int]
) -> None:
    assert order_in(shown_text(console_app)) == ["Child A", "Child B", "Child C"]

    response = click(signed_in_client, f"Exclude: {heading('Child B')}")
    assert response.status_code == 302
    assert order_in(shown_text(console_app)) == ["Child A", "Child C"]
    tree = page(signed_in_client)
    assert f"Review {drafted['Child B']} left out." in tree.text_content()
    assert button(tree, f"Include: {heading('Child B')}") is not None

    click(signed_in_client, f"Include: {heading('Child B')}")
    assert order_in(shown_text(console_app)) == ["Child A", "Child B", "Child C"]

    click(signed_in_client, f"Move up: {heading('Child C')}")
    assert order_in(shown_text(console_app)) == ["Child A", "Child C", "Child B"]
    click(signed_in_client, f"Move down: {heading('Child A')}")
    assert order_in(shown_text(console_app)) == ["Child C", "Child A", "Child B"]
    assert button(page(signed_in_client), f"Move up: {heading('Child C')}") is None
    # A stale page's move of the first review up is refused kindly.
    post_form(
        signed_in_client,
        f"{DRAFT}/move",
        {"review_id": str(drafted["Child C"]), "direction": "up"},
        page=DRAFT,
    )
    assert "is already first" in page(signed_in_client).text_content()

    click(signed_in_client, "Save introduction", intro="Our own words for this month.")
    assert "Our own words for this month." in shown_text(console_app)
    click(signed_in_client, "Save introduction", intro="   ")
    assert "The introduction is empty" in page(signed_in_client).text_content()
    click(signed_in_client, "Use the standard introduction")
    text = shown_text(console_app)
    assert "Our own words" not in text and "Each month this bulletin lists" in text


def test_digest_move_command_reorders_the_draft(console_app: Flask, drafted) -> None:
    config = console_of(console_app).config
    args = ["--db", config.db_url, "--data-dir", str(config.data_dir), "digest"]
    moved = CliRunner().invoke(
        main, [*args, "move", "--month", "2026-11", str(drafted["Child C"]), "up"]
    )
    assert moved.exit_code == 0, moved.output
    assert "is now number 2" in moved.output
    shown = CliRunner().invoke(main, [*args, "show", "--month", "2026-11"])
    assert order_in(shown.output) == ["Child A", "Child C", "Child B"]
    drafting.approve(console_of(console_app).database, config, month=NOV)
    refused = CliRunner().invoke(
        main, [*args, "move", "--month", "2026-11", str(drafted["Child C"]), "up"]
    )
    assert refused.exit_code == 1 and "frozen" in refused.output


def test_approve_asks_first_then_freezes_the_page(
    signed_in_client: FlaskClient, console_app: Flask, drafted: dict[str, int]
) -> None:
    recipient_list.add(console_of(console_app).database, "jo@health.example")  # someone gets it
    confirm = click(signed_in_client, "Approve…")
    assert confirm.status_code == 200
    tree = lxml.html.fromstring(confirm.get_data(as_text=True))
    assert [h.text_content() for h in tree.iter("h1")] == ["Approve the November 2026 bulletin?"]
    assert (
        drafting.draft_state(
            console_of(console_app).database, console_of(console_app).config, NOV
        ).status
        == "draft"
    )  # asking changed nothing

    response = click(signed_in_client, "Approve", path=f"{DRAFT}/approve")
    assert response.status_code == 302
    tree = page(signed_in_client)
    text = tree.text_content()
    assert "Approved" in text and "approved with 3 reviews" in text
    assert button(tree, "Send now") is not None
    for gone in (
        f"Exclude: {heading('Child A')}",
        f"Move up: {heading('Child B')}",
        "Save introduction",
        "Approve…",
    ):
        assert button(tree, gone) is None, gone
    assert not tree.xpath("//textarea")

    before = shown_text(console_app)
    token = csrf_token(signed_in_client, DRAFT)
    for action, data in (
        ("exclude", {"review_id": str(drafted["Child A"])}),
        ("move", {"review_id": str(drafted["Child B"]), "direction": "up"}),
        ("intro", {"intro": "Too late"}),
        ("approve", {}),
    ):
        refused = signed_in_client.post(f"{DRAFT}/{action}", data={"csrf_token": token, **data})
        assert refused.status_code == 302
        flashed = page(signed_in_client).text_content()
        assert "frozen" in flashed or "already approved" in flashed, action
    assert shown_text(console_app) == before


def test_actions_need_a_csrf_token(signed_in_client: FlaskClient, console_app, drafted) -> None:
    review_id = str(drafted["Child A"])
    refused = signed_in_client.post(f"{DRAFT}/exclude", data={"review_id": review_id})
    assert refused.status_code == 400
    assert order_in(shown_text(console_app)) == list(TITLES)
    done = post_form(signed_in_client, f"{DRAFT}/exclude", {"review_id": review_id}, page=DRAFT)
    assert done.status_code == 302
    assert order_in(shown_text(console_app)) == ["Child B", "Child C"]


def test_unknown_months_and_reviews(signed_in_client: FlaskClient, drafted) -> None:
    assert signed_in_client.get("/drafts/2026-12").status_code == 404
    assert signed_in_client.get("/drafts/not-a-month").status_code == 404
    response = post_form(signed_in_client, f"{DRAFT}/exclude", {"review_id": "9999"}, page=DRAFT)
    assert response.status_code == 302
    assert "There is no review 9999" in page(signed_in_client).text_content()


# ---------------------------------------------------------------- send now


def test_send_now_delivers_over_smtp_and_shows_progress(console_app_factory, smtp_server) -> None:
    app = console_app_factory(smtp_url=smtp_server.url, smtp_timeout=5.0)
    seed_draft(app, *TITLES)
    database = console_of(app).database
    for email in ("jo@health.example", "sam@police.example", "alex@school.example"):
        recipient_list.add(database, email)
    make_user(database)
    client = app.test_client()
    sign_in(client)
    click(client, "Approve", path=f"{DRAFT}/approve")
    assert "Not sent yet" in page(client).text_content()

    response = click(client, "Send now")
    assert response.status_code == 302
    sender(app).wait(NOV, timeout=60)
    text = page(client).text_content()
    assert "Delivered to 3 of 3" in text and "Sending is complete" in text
    assert "Status: Sent" in text
    assert button(page(client), "Send now") is None
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == [
        "alex@school.example",
        "jo@health.example",
        "sam@police.example",
    ]


def test_the_page_refreshes_itself_while_sending(console_app_factory, smtp_server) -> None:
    app = console_app_factory(smtp_url=smtp_server.url, smtp_timeout=10.0)
    seed_draft(app, *TITLES)
    database = console_of(app).database
    for email in ("jo@health.example", "sam@police.example"):
        recipient_list.add(database, email)
    drafting.approve(database, console_of(app).config, month=NOV)
    make_user(database)
    client = app.test_client()
    sign_in(client)
    release = threading.Event()
    smtp_server.handler.before_accept = lambda _mail: release.wait(8)
    try:
        click(client, "Send now")
        for _ in range(200):  # until the thread has recorded the deliveries (it then waits)
            body = client.get(DRAFT).get_data(as_text=True)
            if "of 2" in body:
                break
            time.sleep(0.05)
        # The target is explicit: after "Send now" the address ends in #delivery, and
        # browsers treat a bare refresh of a fragment address as a jump within the page.
        assert f'<meta http-equiv="refresh" content="3; url={DRAFT}">' in body
        assert "Sending…" in body and "Delivered to 0 of 2" in body
        assert button(lxml.html.fromstring(body), "Send now") is None  # no second start
    finally:
        release.set()
    sender(app).wait(NOV, timeout=60)
    body = client.get(DRAFT).get_data(as_text=True)
    assert "Delivered to 2 of 2" in body and 'http-equiv="refresh"' not in body


def test_send_now_shows_failures(console_app_factory, smtp_server) -> None:
    app = console_app_factory(smtp_url=smtp_server.url, smtp_timeout=5.0)
    seed_draft(app, *TITLES)
    database = console_of(app).database
    for email in ("jo@health.example", "gone@police.example"):
        recipient_list.add(database, email)
    smtp_server.handler.reject["gone@police.example"] = "550 5.1.1 No such user here"
    drafting.approve(database, console_of(app).config, month=NOV)
    make_user(database)
    client = app.test_client()
    sign_in(client)
    click(client, "Send now")
    sender(app).wait(NOV, timeout=60)
    tree = page(client)
    text = tree.text_content()
    assert "Delivered to 1 of 2" in text
    assert "gone@police.example" in text and "No such user here" in text


def test_send_now_refusal_is_shown(console_app_factory, smtp_server) -> None:
    app = console_app_factory(smtp_url=smtp_server.url)
    seed_draft(app, *TITLES)
    drafting.approve(console_of(app).database, console_of(app).config, month=NOV)
    make_user(console_of(app).database)
    client = app.test_client()
    sign_in(client)
    click(client, "Send now")
    sender(app).wait(NOV, timeout=60)
    assert "there are no active recipients" in page(client).text_content()
    assert smtp_server.messages == []


# ---------------------------------------------------------------- signed draft links


def _key(app: Flask, month: Month = NOV) -> str:
    link = draft_link(console_of(app).config, month)
    assert link is not None
    return parse_qs(urlsplit(link).query)["key"][0]


@pytest.fixture
def linked_app(console_app_factory) -> Flask:
    app = console_app_factory(console_url="http://board.example/console/")
    seed_draft(app, *TITLES)
    return app


def test_the_draft_email_carries_a_signed_link(linked_app: Flask) -> None:
    console = console_of(linked_app)
    result = drafting.draft(console.database, console.config, None, month=NOV)
    links = re.findall(
        r"http://board\.example/console/drafts/2026-11\?key=\S+", result.preview.text
    )
    assert links, result.preview.text[:1500]
    assert 'href="http://board.example/console/drafts/2026-11?key=' in result.preview.html
    path = urlsplit(links[0])
    response = linked_app.test_client().get(f"{path.path}?{path.query}")
    assert response.status_code == 200
    assert heading("Child A") in response.get_data(as_text=True)


def test_a_valid_link_shows_the_draft_read_only(linked_app: Flask) -> None:
    client = linked_app.test_client()
    tree = page(client, f"/console{DRAFT}?key={_key(linked_app)}")
    text = tree.text_content()
    assert heading("Child A") in text
    assert "Sign in to change or approve it" in text
    assert not list(tree.iter("textarea"))
    assert [b for b in tree.iter("button") if b.text_content().strip() != "Sign out"] == []
    # The key does not open actions: they still need a session.
    token = csrf_token(client, "/console/login")
    response = client.post(
        f"/console{DRAFT}/exclude?key={_key(linked_app)}",
        data={"csrf_token": token, "review_id": "1"},
    )
    assert response.status_code == 302 and "/console/login" in response.headers["Location"]
    assert order_in(shown_text(linked_app)) == list(TITLES)


def test_tampered_other_month_and_expired_links_are_refused(linked_app: Flask) -> None:
    client = linked_app.test_client()
    key = _key(linked_app)
    tampered = key[:-2] + ("AA" if not key.endswith("AA") else "BB")
    for bad, why in (
        (tampered, "not valid"),
        (_key(linked_app, Month(2026, 10)), "another month"),
        ("", None),
    ):
        response = client.get(f"/console{DRAFT}?key={bad}")
        body = response.get_data(as_text=True)
        if why is None:
            assert response.status_code == 302  # no key at all: the sign-in page
            continue
        assert response.status_code == 403, bad
        assert why in body and heading("Child A") not in body

    with time_machine.travel(timedelta(days=14, minutes=1)):
        response = client.get(f"/console{DRAFT}?key={key}")
    assert response.status_code == 403
    body = response.get_data(as_text=True)
    assert "expired" in body and "14 days" in body and heading("Child A") not in body
    with time_machine.travel(timedelta(days=13)):
        assert client.get(f"/console{DRAFT}?key={key}").status_code == 200


# ---------------------------------------------------------------- unsubscribe


def _token(app: Flask, email: str) -> str:
    with console_of(app).database.session() as session:
        return str(session.scalar(select(Recipient.token).where(Recipient.email == email)))


def _active(app: Flask, email: str = "jo@health.example") -> bool:
    with console_of(app).database.session() as session:
        return bool(session.scalar(select(Recipient.active).where(Recipient.email == email)))


def test_unsubscribe_get_asks_and_post_unsubscribes(console_app: Flask) -> None:
    recipient_list.add(console_of(console_app).database, "jo@health.example")
    token = _token(console_app, "jo@health.example")
    client = console_app.test_client()
    tree = page(client, f"/unsubscribe/{token}")
    assert _active(console_app)  # a mail scanner following the link changes nothing
    assert button(tree, "Unsubscribe") is not None
    response = click(client, "Unsubscribe", path=f"/unsubscribe/{token}")
    assert response.status_code == 200
    assert "jo@health.example will receive no further bulletins" in response.get_data(as_text=True)
    assert not _active(console_app)
    again = client.post(f"/unsubscribe/{token}")
    assert "had already unsubscribed" in again.get_data(as_text=True)


def test_one_click_unsubscribe_from_the_mail_header_works_without_csrf(
    console_app_factory, smtp_server
) -> None:
    app = console_app_factory(
        console_url="https://board.example/scr-digest/",
        smtp_url=smtp_server.url,
        mail_from="learning@board.example",
    )
    seed_draft(app, *TITLES)
    console = console_of(app)
    recipient_list.add(console.database, "jo@health.example")
    drafting.approve(console.database, console.config, month=NOV)
    transport = SMTPTransport(SMTPSettings.from_url(smtp_server.url, timeout=5))
    sending.send(console.database, console.config, transport, month=NOV)
    (mail,) = smtp_server.messages
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(mail.message["List-Unsubscribe"]).strip("<>")
    assert link.startswith("https://board.example/scr-digest/unsubscribe/")
    # What a mail provider does (RFC 8058): a bare POST, no cookies, no CSRF token.
    response = app.test_client().post(
        urlsplit(link).path,
        base_url="https://board.example",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not _active(app)


def test_unknown_unsubscribe_token_reveals_nothing(console_app: Flask) -> None:
    recipient_list.add(console_of(console_app).database, "jo@health.example")
    client = console_app.test_client()
    missing = client.get("/no-such-page")
    for response in (
        client.get("/unsubscribe/not-a-real-token"),
        client.post(
            "/unsubscribe/not-a-real-token",
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        ),
        client.get("/unsubscribe/" + "x" * 300),
    ):
        assert response.status_code == 404
        assert response.get_data() == missing.get_data()
    assert _active(console_app)


# ---------------------------------------------------------------- archive and feed


def test_archive_and_feed_after_a_send(console_app_factory, smtp_server) -> None:
    app = console_app_factory(smtp_url=smtp_server.url)
    client = app.test_client()
    assert "No bulletin has been sent yet" in client.get("/archive/").get_data(as_text=True)
    assert client.get("/archive/feed.xml").status_code == 404
    seed_draft(app, *TITLES)
    console = console_of(app)
    recipient_list.add(console.database, "jo@health.example")
    drafting.approve(console.database, console.config, month=NOV)
    transport = SMTPTransport(SMTPSettings.from_url(smtp_server.url, timeout=5))
    sending.send(console.database, console.config, transport, month=NOV)

    index = client.get("/archive/")
    assert index.status_code == 200
    tree = lxml.html.fromstring(index.get_data(as_text=True))
    assert {a.get("href") for a in tree.iter("a")} >= {"2026-11.html", "feed.xml"}
    bulletin = client.get("/archive/2026-11.html")
    assert bulletin.status_code == 200 and bulletin.mimetype == "text/html"
    assert heading("Child B") in bulletin.get_data(as_text=True)
    assert "unsubscribe" not in bulletin.get_data(as_text=True).lower()
    feed = client.get("/archive/feed.xml")
    assert feed.status_code == 200
    assert feed.headers["Content-Type"].startswith("application/atom+xml")
    assert b"<entry>" in feed.data and b"2026-11.html" in feed.data
    assert client.get("/archive/../secret_key").status_code == 404
    assert client.get("/archive/secret_key").status_code == 404
    assert client.get("/archive/2026-12.html").status_code == 404


# ---------------------------------------------------------------- hostile review content


HOSTILE = {
    "title": 'Child <script>alert("title")</script> X',
    "area": '<img src=x onerror="alert(1)">Shire',
    "summary": 'Read <a href="javascript:alert(2)" onclick="alert(3)">this</a>.',
    "learning": "<iframe src=javascript:alert(4)></iframe>",
    "report_url": "javascript:alert(5)",
    "keywords": ['<svg onload="alert(6)">'],
}


def _assert_inert(markup: str, where: str) -> None:
    tree = lxml.html.fromstring(markup)
    assert not tree.xpath("//script[not(@src)]"), where
    assert not tree.xpath("//svg | //img[@onerror]"), where
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, element.tag, name)
            if name in ("href", "src", "action"):
                assert not value.strip().lower().startswith("javascript:"), (where, value)
        if element.tag == "iframe" and element.get("srcdoc"):
            _assert_inert(element.get("srcdoc"), f"{where} (preview)")
        elif element.tag == "iframe":
            raise AssertionError(f"{where}: an iframe from scraped text")


def test_hostile_review_content_is_escaped_on_every_console_page(
    console_app_factory, smtp_server
) -> None:
    app = console_app_factory(smtp_url=smtp_server.url, console_url="http://board.example/")
    console = console_of(app)
    hostile_id = add_review(
        console.database, HOSTILE["title"], **{k: v for k, v in HOSTILE.items() if k != "title"}
    )
    seed_draft(app, "Child A")
    make_user(console.database)
    client = app.test_client()
    sign_in(client)
    reader = app.test_client()

    def check_all(paths: list[str], who: FlaskClient) -> None:
        for path in paths:
            response = who.get(path)
            assert response.status_code == 200, path
            body = response.get_data(as_text=True)
            _assert_inert(body, path)
            assert '<script>alert("title")' not in body

    check_all(["/drafts/", DRAFT, f"{DRAFT}/approve"], client)
    check_all([f"{DRAFT}?key={_key(app)}"], reader)
    text = page(client).text_content()
    assert 'Child <script>alert("title")</script> X' in text  # shown as text, not dropped
    click(client, f"Exclude: 2026 – {HOSTILE['area']} – {HOSTILE['title']}")
    click(client, f"Include: 2026 – {HOSTILE['area']} – {HOSTILE['title']}")
    assert f"Review {hostile_id} put back in" in page(client).text_content()
    recipient_list.add(console.database, "jo@health.example")
    click(client, "Approve", path=f"{DRAFT}/approve")
    click(client, "Send now")
    sender(app).wait(NOV, timeout=60)
    assert "Delivered to 1 of 1" in page(client).text_content()
    check_all(["/drafts/", DRAFT, "/archive/", "/archive/2026-11.html"], client)
    token = _token(app, "jo@health.example")
    check_all(["/archive/", "/archive/2026-11.html", f"/unsubscribe/{token}"], reader)

"""A draft opened through the signed link in the draft email keeps working while the page
refreshes itself during a send: the refresh keeps the link's key."""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qs, urlsplit

from console_helpers import NOV, console_of, seed_draft

from digest import drafting, recipients, sending
from digest.links import draft_link
from mail.settings import transport_for


def test_the_refresh_during_a_send_keeps_the_signed_links_key(console_app_factory, smtp_server):  # type: ignore[no-untyped-def]
    app = console_app_factory(
        smtp_url=smtp_server.url, console_url="http://127.0.0.1/", smtp_retries=0
    )
    seed_draft(app, "Child A")
    database, config = console_of(app).database, console_of(app).config
    for email in ("jo@health.example", "sam@police.example"):
        recipients.add(database, email)
    drafting.approve(database, config, month=NOV)
    smtp_server.handler.accept_limit = 0  # 421: the server is unavailable, the send stops
    # The send stops with the deliveries pending: what the page's refresh is for.
    with contextlib.suppress(Exception):
        sending.send(database, config, transport_for(config.smtp_url, config.data_dir / "o"))
    state = drafting.draft_state(database, config, NOV)
    assert state.status == "sending" and state.progress["deliveries"]["pending"] == 2

    link = draft_link(config, NOV)
    assert link is not None
    key = parse_qs(urlsplit(link).query)["key"][0]
    reader = app.test_client()  # not signed in: the link is all it has
    page = reader.get(urlsplit(link).path, query_string={"key": key})
    assert page.status_code == 200
    refresh = re.search(
        r'http-equiv="refresh" content="3; url=([^"]+)"', page.get_data(as_text=True)
    )
    assert refresh, "the page refreshes while the send is unfinished"
    target = refresh.group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(target).query)["key"] == [key]
    again = reader.get(target)
    assert again.status_code == 200  # still the draft, not the sign-in page
    assert "You are reading this draft through the link" in again.get_data(as_text=True)

"""The shared helpers in ``common/``: one list of invisible characters, one way to show a link,
one redaction, one ``Month`` with "this month" on the board's calendar."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner

from cli import main
from common.emails import check_email, mask_emails
from common.fields import REVIEW_FIELDS, STORED_FIELDS, TEXT_FIELDS, shown_label
from common.links import ascii_link, redact_url, web_link
from common.months import MONTH_NAMES, Month
from common.text import INVISIBLE, clean_text, strip_invisible

NOV = Month(2026, 11)


def test_month_round_trips_and_bounds() -> None:
    assert Month.parse("2026-11") == NOV and str(NOV) == "2026-11"
    for month in (Month(1999, 1), Month(2026, 9), Month(9999, 12)):
        assert Month.parse(str(month)) == month
    assert NOV.label == "November 2026" and MONTH_NAMES[10] == "November"
    assert NOV.start == datetime(2026, 11, 1, tzinfo=UTC)
    assert NOV.end == datetime(2026, 12, 1, tzinfo=UTC)
    assert Month(2026, 12).following() == Month(2027, 1)
    for bad in ("2026-13", "2026-1", "26-11", "November"):
        with pytest.raises(ValueError, match="YYYY-MM"):
            Month.parse(bad)


def test_this_month_is_the_boards_month() -> None:
    # 23:30 UTC on 31 July is 00:30 on 1 August in London's summer time: already August.
    late = datetime(2026, 7, 31, 23, 30, tzinfo=UTC)
    assert Month.containing(late, "Europe/London") == Month(2026, 8)
    assert Month.containing(late, "UTC") == Month(2026, 7)
    # In winter London is on UTC.
    assert Month.containing(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "Europe/London") == Month(
        2026, 12
    )
    assert Month.current("Europe/London", late) == Month(2026, 8)


def test_digest_draft_without_month_drafts_the_boards_month(tmp_path: Path, db_url_factory) -> None:
    env = {
        "SCR_DIGEST_DB": db_url_factory(tmp_path),
        "SCR_DIGEST_CONFIG": "",
        "SCR_DIGEST_TIMEZONE": "Europe/London",
        "SCR_DIGEST_BOARD_OFFICE": "",
    }
    runner = CliRunner()
    with time_machine.travel(datetime(2026, 7, 31, 23, 30, tzinfo=UTC), tick=False):
        drafted = runner.invoke(main, ["--data-dir", str(tmp_path), "digest", "draft"], env=env)
    assert drafted.exit_code == 0, drafted.output
    assert "2026-08" in drafted.output or "August 2026" in drafted.output, drafted.output
    shown = runner.invoke(
        main, ["--data-dir", str(tmp_path), "digest", "show", "--month", "2026-08"], env=env
    )
    assert shown.exit_code == 0 and "August 2026" in shown.output, shown.output
    july = runner.invoke(
        main, ["--data-dir", str(tmp_path), "digest", "show", "--month", "2026-07"], env=env
    )
    assert july.exit_code != 0, july.output


def test_one_list_of_invisible_characters() -> None:
    # The list is the union of the two the harvester and digest once kept apart: every control
    # character but tab and newline (carriage returns, NEL and the line/paragraph separators
    # included), bidi controls, zero-width characters, the BOM, tag characters, fillers.
    for code in range(0x20000):
        char = chr(code)
        if unicodedata.category(char) == "Cc" and char not in "\t\n":
            assert INVISIBLE.fullmatch(char), f"U+{code:04X} is not on the list"
    hidden = "\r\x0b\x0c\x1b\x85\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202e"
    hidden += "\u2028\u2029\u2060\u2066\u2069\u3164\ufe0f\ufeff\U000e0041\U000e007f"
    for char in hidden:
        assert INVISIBLE.fullmatch(char), f"U+{ord(char):04X} is not on the list"
    shown = "\t\n Aa0.,;:!?'\"()£€–—‘’“”…éßøЖж中"
    assert not any(INVISIBLE.fullmatch(char) for char in shown)


def test_strip_invisible_and_clean_text() -> None:
    assert strip_invisible("exe\u202e.fdp\u200b") == "exe.fdp"
    assert strip_invisible(None) == ""
    assert strip_invisible("a\tb\nc ") == "a\tb\nc "  # layout is kept, only the hidden goes
    # A line separator or carriage return between words still separates them.
    assert clean_text(" a\u2028b\rc\u00a0 \u200b d\n") == "a b c d"
    assert clean_text("Child\u00adren\ufeff") == "Children"


def test_links() -> None:
    assert web_link("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", "data:text/html,x", "ftp://example.org/", "https:///x", 3):
        assert web_link(bad) is None and ascii_link(bad) is None
    assert (
        ascii_link("report.pdf", "https://example.org/list/")
        == "https://example.org/list/report.pdf"
    )
    assert ascii_link("https://nspcc.org.uk@elsewhere.example/x") == "https://elsewhere.example/x"
    assert ascii_link("https://nspcc.\u043erg.uk/x") == "https://nspcc.xn--rg-emc.uk/x"
    assert ascii_link("https://example.org/\u202eevil") == "https://example.org/evil"


def test_redaction_and_masking() -> None:
    assert redact_url("smtp://user:s3cr%40t@host:587?starttls=true") == (
        "smtp://user:***@host:587?starttls=true"
    )
    assert redact_url("https://a:b@host:8080/p?q=1") == "https://a:***@host:8080/p?q=1"
    assert redact_url("cannot reach smtp://u:pw@relay.example:25 (refused)") == (
        "cannot reach smtp://u:***@relay.example:25 (refused)"
    )
    assert redact_url("https://host/p") == "https://host/p"
    assert mask_emails("refused jo.bloggs@health.example") == "refused j***@health.example"


def test_check_email() -> None:
    assert check_email(" jo@health.example ") == "jo@health.example"
    for bad in ("", "jo", "jo@localhost", "jo@@x.example", "a" * 65 + "@x.example"):
        with pytest.raises(ValueError):
            check_email(bad)


def test_field_names_and_labels() -> None:
    assert TEXT_FIELDS == (
        "summary",
        "background",
        "learning",
        "recommendations",
        "response",
        "model",
    )
    assert set(TEXT_FIELDS) <= set(STORED_FIELDS) and set(TEXT_FIELDS) <= set(REVIEW_FIELDS)
    assert shown_label("Key issues include:") == "Key issues"
    assert shown_label("Recommendations: include") == "Recommendations"
    assert shown_label("includes:") == ""

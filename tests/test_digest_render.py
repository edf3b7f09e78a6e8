"""Rendering the bulletin: escaping, links, wrapping, themes, and a stored snapshot.

The snapshot (tests/snapshots/bulletin.*) is the bulletin as partners read it. When a change to
the templates is intended, look at the diff and rewrite them with UPDATE_SNAPSHOTS=1.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from db.queries import ReviewInsightSummary
from digest.records import Bulletin, DraftNotes, Entry, Link, Month, Section
from digest.render import WIDTH, for_agency, render, taught_themes, theme_sentence

SNAPSHOTS = Path(__file__).parent / "snapshots"
UNSUBSCRIBE = "https://westshire-scp.example/scr-digest/unsubscribe/TOKEN123"


def review(review_id: int = 1, **changes: object) -> SimpleNamespace:
    values: dict[str, object] = {
        "id": review_id,
        "published_year": 2026,
        "area": "Harbourside",
        "title": "Child A",
        "summary": "Injuries to a four-month-old girl.",
        "background": None,
        "learning": "seeing fathers; following up bruising.",
        "recommendations": "review the bruising protocol.",
        "response": None,
        "model": None,
        "keywords": ["non-accidental injuries", "fathers"],
        "report_url": "https://reports.example.org/child-a.pdf",
        "sections": [
            {"label": None, "field": "summary", "text": "…"},
            {"label": "Key issues: include:", "field": "learning", "text": "…"},
            {"label": "Recommendations:", "field": "recommendations", "text": "…"},
        ],
    }
    values.update(changes)
    return SimpleNamespace(**values)


def bulletin(*entries: Entry, **changes: object) -> Bulletin:
    values: dict[str, object] = {
        "board_name": "Westshire Safeguarding Children Partnership",
        "month": Month(2026, 11),
        "intro": "Our introduction.\n\nA second paragraph.",
        "entries": entries,
    }
    values.update(changes)
    return Bulletin(**values)  # type: ignore[arg-type]


def test_entry_labels_follow_the_source_without_include() -> None:
    entry = Entry.from_review(
        review(
            background="Family history.",
            response="Accepted.",
            model="SCIE.",
            sections=[
                {"label": "Learning themes include:", "field": "learning", "text": "…"},
                {"label": None, "field": "recommendations", "text": "Makes recommendations …"},
                {"label": "Partnership comment:", "field": None, "text": "Noted by the board."},
            ],
            recommendations="Makes recommendations on training.",
        )
    )
    assert entry.heading == "2026 – Harbourside – Child A"
    assert [(s.label, s.text) for s in entry.sections] == [
        ("Background", "Family history."),
        ("Learning themes", "seeing fathers; following up bruising."),
        (None, "Makes recommendations on training."),
        ("Response", "Accepted."),
        ("Model", "SCIE."),
        ("Partnership comment", "Noted by the board."),
        ("Keywords", "non-accidental injuries, fathers"),
    ]
    assert Entry.from_review(review()).sections[0] == Section("Key issues", review().learning)


def test_scraped_text_is_escaped_and_only_web_links_are_links() -> None:
    hostile = Entry.from_review(
        review(
            title="Child <b>X</b>",
            summary='<script>alert("x")</script> & <img src=x onerror=alert(1)>',
            learning="Learning \x1b[2J with a terminal escape",
            report_url="javascript:alert(document.cookie)",
        )
    )
    assert hostile.report_url is None
    data_link = Entry.from_review(review(report_url="data:text/html,<script>x</script>"))
    assert data_link.report_url is None
    rendered = render(
        bulletin(
            hostile,
            data_link,
            national_summaries=Link.parse_all(
                ["Bad javascript:alert(1)", "Good summary | https://example.org/s.pdf"]
            ),
            survey_url="javascript:alert(2)",
        ),
        unsubscribe_url=UNSUBSCRIBE,
    )
    html = rendered.html
    assert "<script" not in html and "<img" not in html and "<b>X" not in html
    assert "&lt;script&gt;" in html and "Child &lt;b&gt;X&lt;/b&gt;" in html
    assert "javascript:" not in html and "data:text" not in html
    assert "Read the overview report" not in html  # neither review has a usable link
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == ["https://example.org/s.pdf", UNSUBSCRIBE]
    assert "\x1b" not in html and "\x1b" not in rendered.text
    assert "Tell us what you learned" not in html  # no usable survey address: no block


def test_plain_text_fits_80_columns() -> None:
    long_text = " ".join(["safeguarding"] * 60)
    entry = Entry.from_review(review(summary=long_text, learning=long_text))
    text = render(bulletin(entry), unsubscribe_url=UNSUBSCRIBE + "X" * 80).text
    for line in text.splitlines():
        assert len(line) <= WIDTH or re.fullmatch(r"\S+", line.strip()), line


def insight(themes: list[str], agencies: list[str], before: tuple[int, ...] = ()):
    names = {"education": "schools", "childrens_social_care": "children's social care"}
    return ReviewInsightSummary(
        themes=tuple((name.lower().replace(" ", "_"), name) for name in themes),
        agencies=tuple((a, names.get(a, a)) for a in agencies),
        earlier_years=before,
    )


def test_opening_paragraph_says_what_the_reviews_teach() -> None:
    entries = [
        Entry.from_review(
            review(1, keywords=["CSE"], learning="screening of referrals; chronologies")
        ).with_insight(insight(["Information sharing", "The voice of the child"], ["police"])),
        Entry.from_review(review(2, learning="joined up risk management. More.")).with_insight(
            insight(["Assessment of risk", "Information sharing"], ["health"])
        ),
        Entry.from_review(review(3, learning=None)).with_insight(
            insight(["Assessment of risk", "Exploitation"], [])
        ),
    ]
    # shared themes first (each by how many reviews have it), then in the reviews' order
    assert taught_themes(entries) == [
        ("Information sharing", 2),
        ("Assessment of risk", 2),
        ("The voice of the child", 1),
        ("Exploitation", 1),
    ]
    assert theme_sentence(entries) == (
        "This month brings three new case reviews. Between them they teach about information "
        "sharing (two of them), assessment of risk (two of them), the voice of the child and "
        "exploitation. Their learning includes screening of referrals; joined up risk "
        "management. Please read the ones that touch on your work and consider what they mean "
        "for your own practice and for your agency."
    )
    # never the keyword list
    assert "CSE" not in (theme_sentence(entries) or "")
    single = theme_sentence([Entry.from_review(review(keywords=[]))])
    assert single == (
        "This month brings one new case review. Its learning includes seeing fathers. Please "
        "read the ones that touch on your work and consider what they mean for your own "
        "practice and for your agency."
    )
    assert theme_sentence([]) is None


def test_the_draft_can_replace_or_remove_the_opening_paragraph() -> None:
    entry = Entry.from_review(review()).with_insight(insight(["Neglect"], []))
    own = render(
        bulletin(entry, theme_mode="custom", theme_text="Joined up risk\nmanagement."),
        unsubscribe_url=UNSUBSCRIBE,
    )
    assert '<p class="theme" style="' in own.html and "Joined up risk management." in own.html
    assert "It teaches about" not in own.text and "Joined up risk management." in own.text
    none = render(bulletin(entry, theme_mode="none"), unsubscribe_url=UNSUBSCRIBE)
    assert "This month brings" not in none.text and 'class="theme"' not in none.html
    assert "No new national case reviews" not in none.text


def test_each_review_says_who_it_is_relevant_to_and_what_was_made_before() -> None:
    entry = Entry.from_review(review()).with_insight(
        insight(["Neglect"], ["health", "police", "education"], (2014, 2016, 2019))
    )
    rendered = render(bulletin(entry), unsubscribe_url=UNSUBSCRIBE)
    assert "Relevant to: health, police, schools\n" in rendered.text
    assert "A similar recommendation was made in 3 earlier reviews since 2014.\n" in rendered.text
    assert "<strong>Relevant to:</strong> health, police, schools</p>" in rendered.html
    once = entry.with_insight(insight([], [], (2016,)))
    assert (
        once.made_before_line == "A similar recommendation was made in an earlier review, in 2016"
    )
    off = render(bulletin(entry, made_before_in_bulletin=False), unsubscribe_url=UNSUBSCRIBE)
    assert "A similar recommendation" not in off.text + off.html
    bare = render(bulletin(Entry.from_review(review())), unsubscribe_url=UNSUBSCRIBE)
    assert "Relevant to" not in bare.text and "A similar" not in bare.text


def test_an_agency_types_copy_puts_its_reviews_first_and_marks_them() -> None:
    first = Entry.from_review(review(1, title="Child A")).with_insight(insight([], ["police"]))
    second = Entry.from_review(review(2, title="Child B")).with_insight(
        insight([], ["health", "police"])
    )
    assert [e.review_id for e in for_agency([first, second], "health")] == [2, 1]
    assert [e.for_you for e in for_agency([first, second], "health")] == [True, False]
    assert [e.review_id for e in for_agency([first, second], None)] == [1, 2]
    text = render(bulletin(first, second, agency_type="health"), unsubscribe_url="#").text
    assert text.index("Child B") < text.index("Child A")
    assert text.count("** For your agency **") == 1
    assert text.index("** For your agency **") < text.index("Relevant to: health, police")
    common = render(bulletin(first, second), unsubscribe_url="#").text
    assert "For your agency" not in common and common.index("Child A") < common.index("Child B")


def test_an_empty_month_says_so() -> None:
    rendered = render(bulletin(), unsubscribe_url=UNSUBSCRIBE)
    assert "No new national case reviews have been published since the last bulletin." in (
        rendered.text
    )
    assert "No new national case reviews" in rendered.html


def test_draft_and_archive_variants() -> None:
    notes = DraftNotes(
        status="draft",
        included=((1, "2026 – Harbourside – Child A"),),
        excluded=((9, "2026 – Eastmoor – Child Z"),),
        commands=(("Approve it", "scr-digest digest approve --month 2026-11"),),
    )
    drafted = render(bulletin(Entry.from_review(review())), unsubscribe_url="#", draft=notes)
    assert drafted.subject.startswith("[DRAFT] Westshire Safeguarding Children Partnership:")
    for part in (drafted.text, drafted.html):
        assert "scr-digest digest approve --month 2026-11" in part
        assert "#9 2026 – Eastmoor – Child Z" in part
    archived = render(bulletin(Entry.from_review(review())), unsubscribe_url="PH", archive=True)
    assert "PH" not in archived.html and 'href="index.html"' in archived.html


def _snapshot_bulletin() -> Bulletin:
    entries = (
        Entry.from_review(
            review(
                1,
                background="Mother had recently moved into her own tenancy; her new partner "
                "spent much of his time there.",
                response="The partnership accepted the findings.",
                sections=[
                    {"label": "Key issues:", "field": "learning", "text": "…"},
                    {"label": "Recommendations:", "field": "recommendations", "text": "…"},
                ],
            )
        ).with_insight(
            insight(
                ["Physical abuse and injuries", "Fathers, carers and the whole family"],
                ["health", "childrens_social_care"],
                (2014, 2016, 2019),
            )
        ),
        Entry.from_review(
            review(
                2,
                published_year=2025,
                area="Eastmoor",
                title="Young person K",
                summary="Criminal exploitation of a 15-year-old boy who was often missing.",
                learning="treating missing episodes as a sign of exploitation",
                recommendations=None,
                model="Systems approach.",
                keywords=["child criminal exploitation", "missing children"],
                report_url=None,
                sections=[{"label": "Learning includes:", "field": "learning", "text": "…"}],
            )
        ).with_insight(insight(["Exploitation"], ["police", "education"])),
    )
    return bulletin(
        *entries,
        national_summaries=Link.parse_all(["Triennial analysis https://example.org/triennial"]),
        survey_url="https://example.org/survey",
        cpd_note="Responding counts towards CPD.",
        contact_details="Partnership business unit\nboard.office@westshire-scp.example",
    )


@pytest.mark.parametrize("part", ["subject", "text", "html"])
def test_bulletin_snapshot(part: str) -> None:
    rendered = render(_snapshot_bulletin(), unsubscribe_url=UNSUBSCRIBE)
    actual = {"subject": rendered.subject + "\n", "text": rendered.text, "html": rendered.html}
    actual = actual[part]
    path = (
        SNAPSHOTS
        / {"subject": "bulletin.subject", "text": "bulletin.txt", "html": "bulletin.html"}[part]
    )
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert actual == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if the change is intended, rerun with UPDATE_SNAPSHOTS=1"
    )

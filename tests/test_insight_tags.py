"""Tagging, the taxonomy file and recommendation items, on entries written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from insight.items import Item, review_items, split_listing
from insight.tagging import PublicationText, ReviewText, ids, tag_publication, tag_review
from insight.taxonomy import TaxonomyError, default_taxonomy, load

ENTRY = ReviewText(
    keywords=("domestic abuse", "schools"),
    summary="Emotional abuse of a 9-year-old boy who lived with domestic abuse for several years.",
    learning="police call-outs to the home were not shared with the boy’s school; "
    "nobody asked the boy about his daily life.",
    recommendations="the partnership should extend its scheme for notifying schools after "
    "domestic abuse incidents; GPs should ask about domestic abuse when a parent attends.",
)


def test_exact_themes_and_agencies_of_a_hand_written_entry() -> None:
    tags = tag_review(ENTRY, default_taxonomy())
    assert ids(tags, "theme") == [
        "information_sharing",
        "voice_of_child",
        "domestic_abuse",
        "education",
    ]
    assert ids(tags, "agency") == ["health", "police", "education", "partnership"]


def test_each_tag_keeps_its_evidence() -> None:
    tags = {(t.axis, t.id): t for t in tag_review(ENTRY, default_taxonomy())}
    assert tags[("theme", "domestic_abuse")].evidence_json() == [
        {"field": "keywords", "words": ["domestic abuse"]},
        {"field": "summary", "words": ["domestic abuse"]},
        {"field": "recommendations", "words": ["domestic abuse"]},
    ]
    assert tags[("agency", "police")].evidence_json() == [
        {"field": "learning", "words": ["police"]}
    ]
    assert tags[("agency", "health")].evidence_json() == [
        {"field": "recommendations", "words": ["GPs"]}
    ]


def test_agencies_come_from_learning_and_recommendations_only() -> None:
    story = ReviewText(
        summary="The police found the child at home; the GP had seen her the week before.",
        learning="professionals accepted the mother’s account at face value.",
    )
    tags = tag_review(story, default_taxonomy())
    assert ids(tags, "agency") == []
    assert ids(tags, "theme") == ["professional_curiosity"]


def test_a_theme_only_in_the_report_findings_needs_two_phrases() -> None:
    once = ReviewText(report_findings="One home visit noted that the house was cold.")
    twice = ReviewText(
        report_findings="The home conditions were poor. Neglect was not recognised for months."
    )
    assert ids(tag_review(once, default_taxonomy()), "theme") == []
    assert ids(tag_review(twice, default_taxonomy()), "theme") == ["neglect"]


def test_nothing_to_read_gives_no_tags() -> None:
    assert tag_review(ReviewText(), default_taxonomy()) == []


def test_the_board_extends_and_overrides_the_taxonomy(tmp_path: Path) -> None:
    (tmp_path / "taxonomy.toml").write_text(
        """
[[theme]]
id = "neglect"
name = "Neglect and poverty"
add_words = ["food bank"]

[[theme]]
id = "online_harm"
remove = true

[[theme]]
id = "bullying"
name = "Bullying"
words = ["bullying", "bullied"]

[[agency]]
id = "faith_groups"
name = "faith groups"
words = ["church", "mosque"]
""",
        encoding="utf-8",
    )
    taxonomy = load(tmp_path)
    entry = ReviewText(
        summary="The family relied on a food bank; the girl was bullied online.",
        recommendations="the church should know how to make a referral.",
    )
    tags = tag_review(entry, taxonomy)
    assert [(t.id, t.name) for t in tags if t.axis == "theme"] == [
        ("neglect", "Neglect and poverty"),
        ("bullying", "Bullying"),
    ]
    assert ids(tags, "agency") == ["faith_groups"]
    assert taxonomy.fingerprint != default_taxonomy().fingerprint


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[theme]]\nid = 'x'\n", "a new entry needs a name"),
        ("[[theme]]\nid = 'neglect'\npatterns = ['(']\n", "bad pattern"),
        ("[[topic]]\nid = 'x'\n", "unknown section"),
        ("[[theme]\n", "taxonomy.toml"),
    ],
)
def test_a_broken_taxonomy_file_is_refused_with_the_reason(
    tmp_path: Path, text: str, problem: str
) -> None:
    (tmp_path / "taxonomy.toml").write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=problem):
        load(tmp_path)


def test_listing_recommendations_split_on_semicolons_and_numbers() -> None:
    assert split_listing(
        "a multi-agency exploitation panel; training for practitioners on the signs of "
        "grooming; and a review of how missing episodes are recorded."
    ) == [
        "A multi-agency exploitation panel",
        "Training for practitioners on the signs of grooming",
        "A review of how missing episodes are recorded",
    ]
    assert split_listing(
        "1. GPs should record who has parental responsibility. 2) Schools should share "
        "attendance data with social care."
    ) == [
        "GPs should record who has parental responsibility",
        "Schools should share attendance data with social care",
    ]


def test_a_paragraph_without_separators_is_one_item() -> None:
    text = (
        "Makes recommendations for health visiting, children’s social care and the local "
        "housing authority, including closer joint working."
    )
    assert split_listing(text) == [text.rstrip(".")]
    assert split_listing(None) == []
    assert split_listing("  ;  and ; ") == []


def test_items_from_both_sources_are_numbered_per_source() -> None:
    assert review_items(
        "the partnership should audit assessments; schools should review attendance.",
        ["The partnership should audit a sample of assessments.", "  "],
    ) == [
        Item("listing", 1, "The partnership should audit assessments"),
        Item("listing", 2, "Schools should review attendance"),
        Item("report", 1, "The partnership should audit a sample of assessments"),
    ]


# ------------------------------------------------------------------ national publications

BABIES = PublicationText(
    title="Safeguarding babies at home: a national review",
    description="The panel's national review of serious incidents involving babies under one, "
    "for health visitors, midwives and the police.",
    attachment_recommendations=(
        "Partnerships should review their pre-birth pathways.",
        "Police forces should tell health visitors about domestic abuse incidents in homes with "
        "a baby.",
    ),
    attachment_text="Professionals did not always share information about the home, and "
    "information sharing between midwives and GPs was slow. Fathers were rarely seen. The "
    "report mentions neglect once.",
)


def test_exact_themes_and_agencies_of_a_hand_written_publication() -> None:
    tags = tag_publication(BABIES, default_taxonomy())
    assert ids(tags, "theme") == ["information_sharing", "domestic_abuse", "babies"]
    # GPs are only mentioned in the report's text, not addressed: not an agency tag
    assert ids(tags, "agency") == ["health", "police", "partnership"]
    evidence = {tag.id: tag.evidence_json() for tag in tags}
    assert evidence["information_sharing"] == [
        {"field": "attachment_text", "words": ["information sharing", "share information"]}
    ]
    assert evidence["police"] == [
        {"field": "description", "words": ["police"]},
        {"field": "attachment_recommendations", "words": ["Police"]},
    ]


def test_a_theme_named_once_in_a_publications_text_alone_is_not_a_tag() -> None:
    once = PublicationText(
        title="Annual report 2025",
        description="What the panel saw in the reviews it received.",
        attachment_text="Fathers were rarely seen. Neglect was mentioned in one review.",
    )
    assert tag_publication(once, default_taxonomy()) == []
    twice = PublicationText(
        title="Annual report 2025",
        attachment_text="Neglect was common; the neglect of older children was often missed "
        "and chronic neglect went on for years.",
    )
    assert ids(tag_publication(twice, default_taxonomy()), "theme") == []  # one phrase, thrice
    online = PublicationText(
        title="Briefing paper: online harm and older children",
        description="A briefing for practitioners on online harm and social media.",
    )
    assert [(t.axis, t.id) for t in tag_publication(online, default_taxonomy())] == [
        ("theme", "online_harm")
    ]

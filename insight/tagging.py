"""Tagging (pure): a review's fields and report text in, themes and agencies with evidence out.

Themes are read from every field; agencies only from the learning and the recommendations
(listing and report), because an agency is tagged when the learning or a recommendation
addresses it, not when the story mentions it. The report's findings are long and mention much
in passing, so a theme found only there needs two different matched phrases.

A national publication (GOV.UK) is tagged the same way from its title, description and
attachments: themes from all of them, agencies from the title, the description and the
attachments' numbered recommendations (a national review's full text discusses every agency);
a theme found only in the attachments' text needs two different phrases, as report findings do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from common.text import clean_text
from insight.taxonomy import Concept, Taxonomy

THEME_FIELDS = (
    "keywords",
    "summary",
    "background",
    "learning",
    "recommendations",
    "report_recommendations",
    "report_findings",
)
AGENCY_FIELDS = ("learning", "recommendations", "report_recommendations")
FIELDS_BY_AXIS = {"theme": THEME_FIELDS, "agency": AGENCY_FIELDS}
# A theme seen only in these long fields needs this many different phrases.
WEAK_FIELDS = {"report_findings": 2}
MAX_WORDS = 5  # evidence kept per field

PUBLICATION_THEME_FIELDS = ("title", "description", "attachment_recommendations", "attachment_text")
PUBLICATION_FIELDS_BY_AXIS = {
    "theme": PUBLICATION_THEME_FIELDS,
    "agency": ("title", "description", "attachment_recommendations"),
}
PUBLICATION_WEAK_FIELDS = {"attachment_text": 2}


def _field_text(value: Any) -> str:
    if isinstance(value, tuple):
        return " \n".join(clean_text(str(part)) for part in value)
    return clean_text(value or "")


@dataclass(frozen=True)
class ReviewText:
    """What tagging reads: the listing's fields and, when extracted, the report's."""

    keywords: tuple[str, ...] = ()
    summary: str | None = None
    background: str | None = None
    learning: str | None = None
    recommendations: str | None = None
    report_findings: str | None = None
    report_recommendations: tuple[str, ...] = ()

    def text(self, name: str) -> str:
        return _field_text(getattr(self, name))


@dataclass(frozen=True)
class PublicationText:
    """What tagging reads of a national publication: its search result and, when extracted,
    its attachments (their text and numbered recommendations, all attachments together)."""

    title: str = ""
    description: str | None = None
    attachment_recommendations: tuple[str, ...] = ()
    attachment_text: str | None = None

    def text(self, name: str) -> str:
        return _field_text(getattr(self, name))


@dataclass(frozen=True)
class Evidence:
    field: str
    words: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "words": list(self.words)}


@dataclass(frozen=True)
class Tag:
    axis: str
    id: str
    name: str
    position: int  # the concept's place in the taxonomy: tags are listed in that order
    evidence: tuple[Evidence, ...] = field(default=())

    def evidence_json(self) -> list[dict[str, Any]]:
        return [item.as_dict() for item in self.evidence]


def _normalise(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _keyword_hits(concept: Concept, keywords: Sequence[str]) -> list[str]:
    wanted = {term.casefold() for term in concept.keywords}
    return [kw for kw in keywords if clean_text(kw).casefold() in wanted]


def _text_hits(concept: Concept, text: str) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    for regex in concept.compiled:
        for match in regex.finditer(text):
            words = clean_text(match.group(0))
            if words and words.casefold() not in seen:
                seen.add(words.casefold())
                found.append(words)
    return found


def tag_review(review: ReviewText, taxonomy: Taxonomy) -> list[Tag]:
    """Every theme and agency the review is about, in taxonomy order, each with its evidence."""
    texts = {name: _normalise(review.text(name)) for name in THEME_FIELDS}
    keywords = [_normalise(keyword) for keyword in review.keywords]
    return _tags(texts, keywords, taxonomy, FIELDS_BY_AXIS, WEAK_FIELDS)


def tag_publication(publication: PublicationText, taxonomy: Taxonomy) -> list[Tag]:
    """Every theme and agency a national publication is about, as ``tag_review`` does."""
    texts = {name: _normalise(publication.text(name)) for name in PUBLICATION_THEME_FIELDS}
    return _tags(texts, [], taxonomy, PUBLICATION_FIELDS_BY_AXIS, PUBLICATION_WEAK_FIELDS)


def _tags(
    texts: dict[str, str],
    keywords: Sequence[str],
    taxonomy: Taxonomy,
    fields_by_axis: dict[str, tuple[str, ...]],
    weak_fields: dict[str, int],
) -> list[Tag]:
    tags: list[Tag] = []
    for position, concept in enumerate(taxonomy.concepts):
        evidence: list[Evidence] = []
        strong = False
        for name in fields_by_axis.get(concept.axis, ()):
            hits = _text_hits(concept, texts[name])
            if name == "keywords":
                hits = _keyword_hits(concept, keywords) + [
                    hit for hit in hits if hit.casefold() not in {k.casefold() for k in keywords}
                ]
                hits = list(dict.fromkeys(hits))
            if not hits:
                continue
            evidence.append(Evidence(name, tuple(hits[:MAX_WORDS])))
            if len(hits) >= weak_fields.get(name, 1):
                strong = True
        if strong:
            tags.append(Tag(concept.axis, concept.id, concept.name, position, tuple(evidence)))
    return tags


def ids(tags: Sequence[Tag], axis: str) -> list[str]:
    return [tag.id for tag in tags if tag.axis == axis]

"""A GOV.UK-like Search and Content API over our own fictional national publications.

Served by ``sample_site.server`` at ``/api/search.json`` and ``/api/content/<base path>``, with
the parameters and answer shapes of GOV.UK's (``filter_organisations``, ``order``, ``count``,
``start``, ``fields``, ``filter_public_timestamp``, ``q``; unknown parameters answer 422). The
publications are invented: several kinds, PDF attachments under ``/government/uploads/``, one
HTML-only publication and one malformed search result (no link, no date).

Tests add publications with ``GovukApi.add`` (a new publication newest-first, as GOV.UK orders).

``python -m sample_site.govuk`` writes the attachments' small PDFs into the sample pages.
"""

from __future__ import annotations

import copy
import json
import sys
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

PAGES = Path(__file__).parent / "pages"
UPLOADS = "/government/uploads/system/uploads/attachment_data/file"

PANEL = {
    "slug": "child-safeguarding-practice-review-panel",
    "title": "Child Safeguarding Practice Review Panel",
    "acronym": "CSPRP",
    "link": "/government/organisations/child-safeguarding-practice-review-panel",
}
DFE = {
    "slug": "department-for-education",
    "title": "Department for Education",
    "acronym": "DfE",
    "link": "/government/organisations/department-for-education",
}

SEARCH_PARAMETERS = frozenset(
    {"filter_organisations", "order", "count", "start", "fields", "filter_public_timestamp", "q"}
)
RETURN_FIELDS = frozenset(
    {
        "title",
        "description",
        "link",
        "public_timestamp",
        "format",
        "display_type",
        "content_store_document_type",
        "organisations",
    }
)
MAX_COUNT = 1500


@dataclass(frozen=True)
class Attachment:
    number: int
    filename: str
    title: str
    pages: tuple[str, ...] = ()  # one paragraph a page; empty for an HTML attachment

    @property
    def url(self) -> str:
        return f"{UPLOADS}/{self.number}/{self.filename}"


@dataclass(frozen=True)
class Publication:
    slug: str
    title: str
    description: str
    public_timestamp: str  # ISO 8601 with offset, as GOV.UK gives it
    document_type: str  # content_store_document_type
    display_type: str
    organisation: Mapping[str, str]
    attachments: tuple[Attachment, ...] = ()
    body: str = ""  # the publication page's HTML summary (``details.body``)
    malformed: bool = False  # the search result lacks its link and date

    @property
    def link(self) -> str:
        return f"/government/publications/{self.slug}"

    def result(self, fields: Sequence[str]) -> dict[str, Any]:
        full: dict[str, Any] = {
            "title": self.title,
            "description": self.description,
            "link": self.link,
            "public_timestamp": self.public_timestamp,
            "format": "publication",
            "display_type": self.display_type,
            "content_store_document_type": self.document_type,
            "organisations": [dict(self.organisation)],
        }
        if self.malformed:
            del full["link"], full["public_timestamp"]
        shown = {name: full[name] for name in fields if name in full}
        shown["_id"] = full.get("link", "")
        shown["index"] = "govuk"
        shown["document_type"] = "edition"
        return shown

    def content(self) -> dict[str, Any]:
        attachments = [
            {
                "attachment_type": "file" if attachment.pages else "html",
                "content_type": "application/pdf" if attachment.pages else "text/html",
                "filename": attachment.filename,
                "id": str(attachment.number),
                "number_of_pages": len(attachment.pages) or None,
                "title": attachment.title,
                "url": attachment.url if attachment.pages else f"{self.link}/{attachment.filename}",
            }
            for attachment in self.attachments
        ]
        return {
            "base_path": self.link,
            "content_id": str(uuid.uuid5(uuid.NAMESPACE_URL, self.link)),
            "title": self.title,
            "description": self.description,
            "document_type": self.document_type,
            "schema_name": "publication",
            "first_published_at": self.public_timestamp,
            "public_updated_at": self.public_timestamp,
            "locale": "en",
            "details": {
                "attachments": attachments,
                "documents": [
                    f'<section class="attachment">{a["title"]}</section>' for a in attachments
                ],
                "body": self.body or f"<p>{self.description}</p>",
            },
            "links": {"organisations": [dict(self.organisation)]},
        }


def _pages(title: str, *paragraphs: str) -> tuple[str, ...]:
    return (f"{title}. Executive summary. {paragraphs[0]}", *paragraphs[1:])


PUBLICATIONS: tuple[Publication, ...] = (
    Publication(
        "riverside-lessons-national-review",
        "Riverside lessons: a national review of safeguarding babies at home",
        "The panel's national review of serious incidents involving babies under one in the "
        "fictional county of Riverside.",
        "2026-06-18T09:30:00.000+01:00",
        "independent_report",
        "Independent report",
        PANEL,
        (
            Attachment(
                9001001,
                "Riverside_lessons_national_review.pdf",
                "Riverside lessons: national review",
                _pages(
                    "Riverside lessons",
                    "Professionals did not always share what they knew about the home.",
                    "Recommendations. 1. Partnerships should review their pre-birth pathways.",
                ),
            ),
        ),
    ),
    Publication(
        "panel-annual-report-2025",
        "Child Safeguarding Practice Review Panel: annual report 2025",
        "What the panel saw in the rapid reviews and local reviews it received in 2025.",
        "2026-04-02T10:00:00.000+01:00",
        "corporate_report",
        "Corporate report",
        PANEL,
        (
            Attachment(
                9001002,
                "Panel_annual_report_2025.pdf",
                "Annual report 2025",
                _pages(
                    "Annual report 2025",
                    "The panel received 300 rapid reviews from partnerships this year.",
                ),
            ),
        ),
    ),
    Publication(
        "briefing-paper-online-harm",
        "Briefing paper: online harm and older children",
        "A short briefing for practitioners on the panel's learning about online harm.",
        "2026-02-11T09:30:00.000+00:00",
        "guidance",
        "Guidance",
        PANEL,
        (),
        "<p>This briefing is published as an HTML page only.</p>",
    ),
    Publication(
        "unreadable-result",
        "An index entry without its link",
        "A result the search index returns without a link or a date.",
        "2025-12-01T09:30:00.000+00:00",
        "guidance",
        "Guidance",
        PANEL,
        malformed=True,
    ),
    Publication(
        "thematic-review-neglect-adolescents",
        "Thematic review: neglect of adolescents",
        "The panel's thematic review of neglect of adolescents in the fictional north-east.",
        "2025-10-07T09:30:00.000+01:00",
        "independent_report",
        "Independent report",
        PANEL,
        (
            Attachment(
                9001003,
                "Thematic_review_neglect_adolescents.pdf",
                "Thematic review: neglect of adolescents",
                _pages(
                    "Neglect of adolescents",
                    "Older children's neglect was often seen as a choice they made.",
                ),
            ),
        ),
    ),
    Publication(
        "triennial-analysis-case-reviews-2022-2024",
        "Pathways through harm: triennial analysis of case reviews 2022 to 2024",
        "The fictional triennial analysis of local case reviews, for the Department.",
        "2025-07-15T09:30:00.000+01:00",
        "research",
        "Research and analysis",
        DFE,
        (
            Attachment(
                9002001,
                "Pathways_through_harm_triennial_analysis.pdf",
                "Pathways through harm: full report",
                _pages(
                    "Pathways through harm",
                    "Serious case reviews show recurring themes of information sharing.",
                ),
            ),
        ),
    ),
    Publication(
        "school-funding-statistics",
        "School funding statistics: financial year 2025",
        "Statistics on school funding, not about case reviews.",
        "2025-06-01T09:30:00.000+01:00",
        "official_statistics",
        "Official Statistics",
        DFE,
    ),
)

# Published "next": what a test or the demo adds after the baseline to see one new publication.
NEW_PUBLICATION = Publication(
    "national-review-exploitation-2026",
    "National review: criminal exploitation of children in transit",
    "The panel's national review of children exploited while travelling between fictional towns.",
    "2026-11-20T09:30:00.000+00:00",
    "independent_report",
    "Independent report",
    PANEL,
    (
        Attachment(
            9001004,
            "National_review_exploitation_in_transit.pdf",
            "National review: criminal exploitation in transit",
            _pages(
                "Exploitation in transit",
                "Transport staff were rarely part of local safeguarding arrangements.",
                "Recommendations. 1. Partnerships should include transport operators.",
            ),
        ),
    ),
)


class GovukApi:
    """The API's answers: ``search(query)`` and ``content(base_path)`` give (status, JSON)."""

    def __init__(self, publications: Sequence[Publication] = PUBLICATIONS) -> None:
        self._lock = threading.Lock()
        self._publications = list(publications)

    def add(self, publication: Publication) -> None:
        with self._lock:
            self._publications.append(publication)

    def clear(self) -> None:
        with self._lock:
            self._publications.clear()

    def _ordered(self) -> list[Publication]:
        with self._lock:
            return sorted(self._publications, key=lambda p: p.public_timestamp, reverse=True)

    def search(self, query: str) -> tuple[int, bytes]:
        params = parse_qs(query, keep_blank_values=True)
        unknown = sorted(set(params) - SEARCH_PARAMETERS)
        if unknown:
            return _error(422, f"unknown parameters: {', '.join(unknown)}")
        fields = params.get("fields", [])
        bad_fields = sorted(set(fields) - RETURN_FIELDS)
        if bad_fields:
            return _error(422, f"fields not recognised: {', '.join(bad_fields)}")
        order = params.get("order", ["-public_timestamp"])[0]
        if order not in ("-public_timestamp", "public_timestamp"):
            return _error(422, f'"{order}" is not a valid sort field')
        try:
            count = int(params.get("count", ["10"])[0])
            start = int(params.get("start", ["0"])[0])
        except ValueError:
            return _error(422, "count and start must be whole numbers")
        if not 0 <= count <= MAX_COUNT or start < 0:
            return _error(422, f"count must be 0 to {MAX_COUNT} and start at least 0")
        organisations = set(params.get("filter_organisations", []))
        words = " ".join(params.get("q", [])).lower().split()
        since = params.get("filter_public_timestamp", [""])[0].removeprefix("from:")
        matching = [
            pub
            for pub in self._ordered()
            if (not organisations or pub.organisation["slug"] in organisations)
            and all(word in f"{pub.title} {pub.description}".lower() for word in words)
            and (not since or pub.public_timestamp[:10] >= since)
        ]
        if order == "public_timestamp":
            matching.reverse()
        page = matching[start : start + count]
        answer = {
            "results": [pub.result(fields) for pub in page],
            "total": len(matching),
            "start": start,
            "facets": {},
            "suggested_queries": [],
        }
        return 200, json.dumps(answer, indent=1).encode()

    def content(self, base_path: str) -> tuple[int, bytes]:
        for pub in self._ordered():
            if pub.link == base_path and not pub.malformed:
                return 200, json.dumps(pub.content(), indent=1).encode()
        return _error(404, "not found")


def _error(status: int, message: str) -> tuple[int, bytes]:
    return status, json.dumps({"error": message}).encode()


def copy_of(publication: Publication, **changes: Any) -> Publication:
    """A publication with some fields changed (tests: another new one)."""
    clone = copy.copy(publication)
    for name, value in changes.items():
        object.__setattr__(clone, name, value)
    return clone


def write_pdfs(root: Path = PAGES) -> list[Path]:
    """Write every attachment's small PDF under ``root`` (reportlab; a maintainer's tool)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    written = []
    for pub in (*PUBLICATIONS, NEW_PUBLICATION):
        for attachment in pub.attachments:
            if not attachment.pages:
                continue
            path = root / attachment.url.lstrip("/")
            path.parent.mkdir(parents=True, exist_ok=True)
            pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
            pdf.setTitle(attachment.title)
            for text in attachment.pages:
                y = 780
                pdf.setFont("Helvetica-Bold", 14)
                pdf.drawString(60, y + 20, attachment.title)
                pdf.setFont("Helvetica", 11)
                for sentence in text.split(". "):
                    pdf.drawString(60, y - 20, sentence.strip().rstrip(".") + ".")
                    y -= 18
                pdf.showPage()
            pdf.save()
            written.append(path)
    return written


if __name__ == "__main__":
    for written in write_pdfs():
        print(written.relative_to(PAGES))
    sys.exit(0)

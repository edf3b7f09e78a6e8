"""Plain records the digest stage works on: a month, a review as the bulletin shows it, a bulletin.

No I/O and no database here: ``Entry.from_review`` reads any object with a review's attributes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from common.fields import shown_label
from common.links import web_link
from common.months import Month
from common.text import strip_invisible


@dataclass(frozen=True)
class Section:
    label: str | None  # None: the text stands alone ("Makes recommendations …")
    text: str


@dataclass(frozen=True)
class Entry:
    """One review as the bulletin shows it."""

    review_id: int
    heading: str  # <year> – <area> – <title>
    summary: str | None
    sections: tuple[Section, ...]
    keywords: tuple[str, ...]
    learning: str | None = None
    report_url: str | None = None  # http(s) only
    # Where report_url leads when it goes through the console's open counter (the source's
    # report): the reader is told when that is an internationalised (xn--) host.
    report_destination: str | None = None
    # From the insight tables (``with_insight``): theme and agency display names, agency ids,
    # the years of the earlier reviews that made a similar recommendation, and whether the
    # recipient's agency type is among the agencies addressed.
    themes: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    agency_ids: tuple[str, ...] = ()
    made_before: tuple[int, ...] = ()
    for_you: bool = False

    @classmethod
    def from_review(cls, review: Any) -> Entry:
        """Background, learning, recommendations, response, model, any section of its own, keywords.

        Learning and recommendations keep the label the source printed ("Key issues",
        "Learning themes", "Recommendations to the partnership"), without a trailing
        "include:"; the others get their canonical label.
        """
        published = {
            item.get("field"): item.get("label")
            for item in reversed(list(review.sections or []))
            if isinstance(item, Mapping)
        }
        sections: list[Section] = []

        def add(field_name: str, default_label: str) -> None:
            text = strip_invisible(getattr(review, field_name)).strip()
            if not text:
                return
            label: str | None = default_label
            if field_name in ("learning", "recommendations"):
                if field_name in published and published[field_name] is None:
                    label = None  # "Makes recommendations …": a sentence of its own
                else:
                    label = shown_label(published.get(field_name)) or default_label
            sections.append(Section(label, text))

        add("background", "Background")
        add("learning", "Learning")
        add("recommendations", "Recommendations")
        add("response", "Response")
        add("model", "Model")
        for item in review.sections or []:
            if (
                isinstance(item, Mapping)
                and item.get("field") is None
                and strip_invisible(item.get("text")).strip()
            ):
                sections.append(
                    Section(
                        shown_label(item.get("label")) or None,
                        strip_invisible(item["text"]).strip(),
                    )
                )
        keywords = tuple(
            k for k in (strip_invisible(k).strip() for k in review.keywords or []) if k
        )
        if keywords:
            sections.append(Section("Keywords", ", ".join(keywords)))
        area, title = strip_invisible(review.area).strip(), strip_invisible(review.title).strip()
        heading = f"{review.published_year} – {area} – {title}"
        return cls(
            review_id=review.id,
            heading=heading,
            summary=strip_invisible(review.summary).strip() or None,
            sections=tuple(sections),
            keywords=keywords,
            learning=strip_invisible(review.learning).strip() or None,
            report_url=web_link(review.report_url),
        )

    def with_insight(self, insight: Any) -> Entry:
        """This entry with a ``db.queries.ReviewInsightSummary``'s themes, agencies, made before."""
        return replace(
            self,
            themes=tuple(strip_invisible(name).strip() for _, name in insight.themes),
            agencies=tuple(strip_invisible(name).strip() for _, name in insight.agencies),
            agency_ids=tuple(concept_id for concept_id, _ in insight.agencies),
            made_before=tuple(insight.earlier_years),
        )

    @property
    def made_before_line(self) -> str | None:
        """ "A similar recommendation was made in 3 earlier reviews since 2014"; None if none."""
        if not self.made_before:
            return None
        count, first = len(self.made_before), min(self.made_before)
        if count == 1:
            return f"A similar recommendation was made in an earlier review, in {first}"
        return f"A similar recommendation was made in {count} earlier reviews since {first}"


@dataclass(frozen=True)
class Link:
    title: str
    url: str

    @classmethod
    def parse_all(cls, entries: Iterable[str]) -> tuple[Link, ...]:
        """Settings entries "Title https://address" (a "|" before the address is allowed)."""
        links = []
        for entry in entries:
            title, _, url = strip_invisible(entry).strip().rpartition(" ")
            title = title.strip().rstrip("|").strip()
            if title and web_link(url):
                links.append(cls(title, url))
        return tuple(links)


@dataclass(frozen=True)
class NationalEntry:
    """One national publication (GOV.UK) as the bulletin's National learning section shows it."""

    publication_id: int
    title: str
    published: str  # "18 June 2026"
    organisation: str
    description: str | None
    url: str  # the publication's page, http(s) only
    agencies: tuple[str, ...] = ()  # display names of the agencies it addresses (insight)


@dataclass(frozen=True)
class Bulletin:
    board_name: str
    month: Month
    intro: str
    entries: tuple[Entry, ...]
    national_summaries: tuple[Link, ...] = ()
    national: tuple[NationalEntry, ...] = ()  # new national publications (digest.national)
    survey_url: str | None = None
    cpd_note: str = ""
    contact_details: str | None = None
    # Each recipient's own links into the console (issue 13), placeholders until sending:
    # the feedback form, and ``<report_link>/<review id>`` for each "Read the overview report".
    feedback_url: str | None = None
    report_link: str | None = None
    # The opening paragraph: "auto" (built from the reviews' themes and learning), "custom"
    # (``theme_text``) or "none".
    theme_mode: str = "auto"
    theme_text: str | None = None
    made_before_in_bulletin: bool = True
    # One agency type's copy: its reviews first, marked "For your agency".
    agency_type: str | None = None


@dataclass(frozen=True)
class DraftNotes:
    """What the board office needs beside the preview: what is in, what is out, what to run."""

    status: str
    included: tuple[tuple[int, str], ...]  # (review id, heading)
    excluded: tuple[tuple[int, str], ...]
    commands: tuple[tuple[str, str], ...]  # (what it does, the command)
    warnings: tuple[str, ...] = field(default_factory=tuple)
    console_link: str | None = None  # signed link to the draft in the web console
    console_link_days: int = 0  # how long that link stays valid
    # The National learning section's publications: (publication id, title).
    publications_included: tuple[tuple[int, str], ...] = ()
    publications_excluded: tuple[tuple[int, str], ...] = ()
    # per included review: its recommendations made before, and where (db.queries)
    made_before: Mapping[int, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str

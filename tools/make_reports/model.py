"""The shapes the report data is written in: agencies, children, themes, layouts, reviews."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Agency:
    """One service in a chronology. ``actions`` and ``outcomes`` are joined by a semicolon."""

    name: str  # as listed in prose: "the health visiting service"
    worker: str  # the subject of an event sentence: "the health visitor"
    label: str  # table column
    pattern: str  # what repeats when a case drifts: "missed health visiting contacts"
    actions: tuple[str, ...]
    outcomes: tuple[str, ...]
    # The children's ages, in years, at which this service sees them (negative: before birth).
    ages: tuple[float, float] = (-1, 18)


@dataclass(frozen=True)
class Child:
    name: str
    pronoun: str  # "he" / "she"
    born: date  # so that no one sees a baby before its birth or a toddler at school


@dataclass(frozen=True)
class Theme:
    title: str
    text: str  # the review's own finding, two or three sentences


@dataclass(frozen=True)
class Layout:
    columns: int = 1
    long: bool = False
    font: str = "Times-Roman"
    font_size: float = 11.0
    leading: float = 15.5
    page_number: str = "Page {n} of {m}"  # or "Page {n}" or "{n}"
    official: bool = False  # "OFFICIAL" at the top and bottom of each page
    header: str = "left"  # left | centre | split (two parts on one baseline)
    rec_label: bool = True  # "Recommendation 1: …" rather than "1. …"
    table: bool = False
    events: int = 24  # chronology length: the main control on page count


@dataclass(frozen=True)
class Review:
    stem: str
    year: int
    month: int
    area: str | None  # None: an anonymised review
    subject: str
    children: tuple[Child, ...]
    adults: tuple[str, ...]  # first is "the mother" in every review
    agencies: tuple[str, ...]
    start: tuple[int, int]  # (year, month) the period under review begins
    end: tuple[int, int]  # (year, month) of the incident that ends it
    incident: str
    family: str
    themes: tuple[Theme, ...]
    recommendations: tuple[str, ...]
    layout: Layout = field(default_factory=Layout)
    kind: str = ""  # derived from the year unless given
    body: str = ""  # derived from area and year unless given
    title_note: str = ""  # an extra title-page line
    patient: str = ""  # the adult in treatment, for adult services' events
    avoid: tuple[str, ...] = ()  # chronology phrases that do not fit this child

    @property
    def modern(self) -> bool:
        return self.year >= 2019

    @property
    def review_kind(self) -> str:
        if self.kind:
            return self.kind
        return "local child safeguarding practice review" if self.modern else "serious case review"

    @property
    def body_name(self) -> str:
        if self.body:
            return self.body
        if self.area is None:
            return "Local Safeguarding Children Board"
        if self.modern:
            return f"{self.area} Safeguarding Children Partnership"
        return f"{self.area} Local Safeguarding Children Board"

    @property
    def board(self) -> str:
        return "the partnership" if self.modern else "the LSCB"

    @property
    def plural(self) -> bool:
        return len(self.children) > 1

    @property
    def path(self) -> str:
        return f"reports/{self.stem}.pdf"

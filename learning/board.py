"""The board report read from the database and written out: HTML (charts as inline SVG), Word
(charts as PNG; the board office edits it into the board paper), JSON and CSV.

``load`` is the one query side; ``learning.report.compute`` does the counting.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from common.months import Month
from common.text import strip_invisible
from common.trends import TaggedReview
from common.trends import chart as trends_chart
from config import Config
from db import Database, Delivery, Digest, Recipient, Review
from db.models import Feedback, FollowUp, ReportOpen, ReviewTag
from db.statuses import DigestStatus, OutboundStatus
from learning.feedback import heading, list_answers, to_csv
from learning.form import SHARED_HOW
from learning.report import (
    AnswerRow,
    BulletinRow,
    DeliveryRow,
    OpenRow,
    Period,
    ReportData,
    compute,
)

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = ("html", "docx", "json", "csv")


def load(database: Database, period: Period) -> ReportData:
    with database.session() as session:
        digests = session.scalars(
            select(Digest)
            .where(
                Digest.status.in_((DigestStatus.SENDING, DigestStatus.SENT)),
                Digest.month >= str(period.start),
                Digest.month <= str(period.end),
            )
            .order_by(Digest.month)
        ).all()
        ids = [d.id for d in digests]
        bulletins, headings = [], {}
        for digest in digests:
            included = digest.included_reviews
            bulletins.append(BulletinRow(digest.id, digest.month, tuple(r.id for r in included)))
            headings.update({r.id: heading(r) for r in included})
        deliveries = tuple(
            DeliveryRow(digest_id, recipient_id, agency)
            for digest_id, recipient_id, agency in session.execute(
                select(Delivery.digest_id, Delivery.recipient_id, Recipient.agency)
                .join(Recipient, Recipient.id == Delivery.recipient_id)
                .where(Delivery.digest_id.in_(ids), Delivery.status == OutboundStatus.SENT)
            )
        )
        answers = tuple(
            AnswerRow(
                id=f.id,
                digest_id=f.digest_id,
                recipient_id=f.recipient_id,
                agency=f.agency,
                reviews=tuple(int(r) for r in f.reviews or []),
                shared_how=tuple(str(s) for s in f.shared_how or []),
                staff_reached=f.staff_reached,
                cpd_minutes=f.cpd_minutes,
                confidence_before=f.confidence_before,
                confidence_after=f.confidence_after,
                change=f.change,
                consent_quote=f.consent_quote,
                followup=outcome,
            )
            for f, outcome in session.execute(
                select(Feedback, FollowUp.outcome)
                .outerjoin(FollowUp, FollowUp.feedback_id == Feedback.id)
                .where(Feedback.digest_id.in_(ids))
            )
        )
        reviews = list(headings)
        opens = tuple(
            OpenRow(agency, review_id, count)
            for agency, review_id, count in session.execute(
                select(ReportOpen.agency, ReportOpen.review_id, ReportOpen.count).where(
                    ReportOpen.review_id.in_(reviews)
                )
            )
        )
        names, review_themes, tagged = _themes(session)
    return ReportData(
        period,
        tuple(bulletins),
        deliveries,
        answers,
        opens,
        headings,
        theme_names=names,
        review_themes=review_themes,
        tagged=tagged,
    )


def _themes(
    session: Session,
) -> tuple[tuple[tuple[str, str], ...], dict[int, tuple[str, ...]], tuple[TaggedReview, ...]]:
    """Insight's theme tags as stored (names included, so no taxonomy is read here)."""
    years = dict(session.execute(select(Review.id, Review.published_year)).all())
    by_review: dict[int, list[str]] = {}
    places: dict[str, tuple[int, str]] = {}
    for review_id, concept_id, name, position in session.execute(
        select(ReviewTag.review_id, ReviewTag.concept_id, ReviewTag.name, ReviewTag.position)
        .where(ReviewTag.axis == "theme")
        .order_by(ReviewTag.review_id, ReviewTag.position)
    ):
        by_review.setdefault(review_id, []).append(concept_id)
        if concept_id not in places or position < places[concept_id][0]:
            places[concept_id] = (position, name)
    names = tuple(
        (concept_id, name) for concept_id, (_, name) in sorted(places.items(), key=lambda i: i[1])
    )
    tagged = tuple(
        TaggedReview(year, tuple(by_review.get(review_id, ()))) for review_id, year in years.items()
    )
    return names, {r: tuple(t) for r, t in by_review.items()}, tagged


def build(database: Database, period: Period) -> dict[str, Any]:
    return compute(load(database, period))


# ---------------------------------------------------------------- charts


@dataclass(frozen=True)
class Chart:
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    second: tuple[float, ...] | None = None  # a second series (confidence after)
    legend: tuple[str, str] = ("", "")


def charts(report: dict[str, Any]) -> list[Chart]:
    well = report["how_well"]
    found = []
    rates = well["response_rate_by_agency"]
    if rates:
        found.append(
            Chart(
                "Response rate by agency (%)",
                tuple(rates),
                tuple(round(100 * v, 1) for v in rates.values()),
            )
        )
    if well["responses"]:
        before = well["confidence_before_distribution"]
        after = well["confidence_after_distribution"]
        found.append(
            Chart(
                "Confidence applying the learning (1 = not at all, 5 = completely)",
                tuple(before),
                tuple(float(v) for v in before.values()),
                tuple(float(v) for v in after.values()),
                ("before", "after"),
            )
        )
    opens = report["how_much"]["opens_by_agency"]
    if opens:
        found.append(
            Chart(
                "Reports opened, by agency", tuple(opens), tuple(float(v) for v in opens.values())
            )
        )
    return found


def _figure(chart: Chart, fmt: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    pyplot.rcParams["svg.fonttype"] = "none"  # text stays text in the SVG (readable, smaller)
    figure, axes = pyplot.subplots(figsize=(6.4, 0.5 + 0.4 * max(3, len(chart.labels))))
    try:
        positions = list(range(len(chart.labels)))
        if chart.second is None:
            axes.barh(positions, chart.values, color="#1c3d5a")
        else:
            axes.barh([p - 0.2 for p in positions], chart.values, 0.4, label=chart.legend[0])
            axes.barh([p + 0.2 for p in positions], chart.second, 0.4, label=chart.legend[1])
            axes.legend()
        axes.set_yticks(positions, [strip_invisible(label)[:40] for label in chart.labels])
        axes.invert_yaxis()
        axes.set_title(chart.title, fontsize=10)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format=fmt, dpi=150, metadata={"Date": None} if fmt == "svg" else {})
        return out.getvalue()
    finally:
        pyplot.close(figure)


def svg(chart: Chart) -> str:
    text = _figure(chart, "svg").decode("utf-8")
    return text[text.index("<svg") :]


THEMES_CHART = "Themes of the period's reviews: share of each year's reviews, nationally"


def themes_chart(report: dict[str, Any], fmt: str) -> Markup | bytes | None:
    """The trends chart of the period's themes (issue 14's, over every stored review): SVG
    markup for the page, PNG bytes for the Word document; None when no review is tagged."""
    figures = report.get("themes_trends")
    if not figures or not figures["themes"]:
        return None
    image = trends_chart(figures, fmt=fmt, title=THEMES_CHART)
    if fmt != "svg":
        return image
    text = image.decode("utf-8")
    return Markup(text[text.index("<svg") :])


# ---------------------------------------------------------------- HTML


def _finalize(value: object) -> object:
    """Printed values lose invisible characters; markup built here (the charts) is kept."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_invisible(value)
    return value


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    return env


def _context(report: dict[str, Any], config: Config) -> dict[str, Any]:
    return {
        "r": report,
        "board_name": strip_invisible(config.board_name).strip(),
        "from_label": _label(report["period"]["from"]),
        "to_label": _label(report["period"]["to"]),
        "shared_labels": SHARED_HOW,
        "outcome_labels": {
            "done": "Done",
            "partly": "Partly",
            "not_yet": "Not yet",
            "dropped": "Dropped",
        },
    }


def _label(text: str) -> str:
    return Month.parse(text).label


def to_html(report: dict[str, Any], config: Config, *, fragment: bool = False) -> str:
    """A standalone page (``fragment``: the body only, for the console's Reports page)."""
    context = _context(report, config)
    context["charts"] = [(chart.title, Markup(svg(chart))) for chart in charts(report)]
    context["themes_chart"] = themes_chart(report, "svg")
    context["themes_chart_title"] = THEMES_CHART
    context["fragment"] = fragment
    return _environment().get_template("board_report.html").render(context)


# ---------------------------------------------------------------- Word


def to_docx(report: dict[str, Any], config: Config) -> bytes:
    from docx import Document
    from docx.shared import Inches

    board = strip_invisible(config.board_name).strip()
    period = f"{_label(report['period']['from'])} to {_label(report['period']['to'])}"
    document = Document()
    document.core_properties.title = f"Learning from case reviews: report to the board, {period}"
    document.core_properties.author = board
    document.add_heading("Learning from case reviews: report to the board", 0)
    document.add_paragraph(f"{board}. Period: {period}.")

    def table(headers: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        grid = document.add_table(rows=1, cols=len(headers))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, headers, strict=True):
            cell.text = text
        for row in rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = "" if value is None else str(value)

    much, well, diff = report["how_much"], report["how_well"], report["what_difference"]
    document.add_heading("How much did we do", 1)
    table(
        ("Measure", "Number"),
        [
            ("Bulletins sent", much["bulletins"]),
            ("Reviews announced", much["reviews_announced"]),
            ("Recipients", much["recipients"]),
        ],
    )
    document.add_paragraph()
    agencies = sorted(set(much["recipients_by_agency"]) | set(much["opens_by_agency"]))
    table(
        ("Agency", "Recipients", "Reports opened"),
        [
            (a, much["recipients_by_agency"].get(a, 0), much["opens_by_agency"].get(a, 0))
            for a in agencies
        ],
    )
    document.add_heading("How well did we do it", 1)
    table(
        ("Agency", "Answers", "Response rate"),
        [
            (
                a,
                well["responses_by_agency"].get(a, 0),
                f"{100 * well['response_rate_by_agency'].get(a, 0):.1f}%",
            )
            for a in sorted(set(well["responses_by_agency"]) | set(well["response_rate_by_agency"]))
        ],
    )
    document.add_paragraph()
    table(
        ("Measure", "Value"),
        [
            ("Answers", well["responses"]),
            ("Staff reached", well["staff_reached"]),
            ("CPD minutes recorded", well["cpd_minutes"]),
            ("Confidence before (mean, 1–5)", well["confidence_before_mean"]),
            ("Confidence after (mean, 1–5)", well["confidence_after_mean"]),
        ],
    )
    if well["shared_how"]:
        document.add_paragraph()
        table(
            ("How the learning was shared", "Answers"),
            [(SHARED_HOW.get(k, k), v) for k, v in well["shared_how"].items()],
        )
    for chart in charts(report):
        document.add_picture(io.BytesIO(_figure(chart, "png")), width=Inches(6))
    document.add_heading("What difference did it make", 1)
    table(
        ("Follow-up outcome", "Answers"),
        [(k.replace("_", " ").capitalize(), v) for k, v in diff["followups"].items()],
    )
    document.add_paragraph(f"Changes reported: {len(diff['changes'])}.")
    if diff["quotes"]:
        document.add_heading("In their words (quoted with consent, anonymously)", 2)
        for quote in diff["quotes"]:
            document.add_paragraph(strip_invisible(quote), style="Quote")
    document.add_heading("Agencies without an answer", 1)
    without = report["agencies_without_response"]
    document.add_paragraph(", ".join(without) if without else "Every agency answered.")
    if report["themes"]:
        document.add_heading("Themes of the period", 1)
        table(
            ("Theme", "Reviews announced"),
            [(strip_invisible(t["name"]), t["reviews"]) for t in report["themes"]],
        )
        picture = themes_chart(report, "png")
        if isinstance(picture, bytes):
            document.add_picture(io.BytesIO(picture), width=Inches(6.5))
            document.add_paragraph(THEMES_CHART)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def answers_csv(database: Database, period: Period, *, with_names: bool = False) -> str:
    rows = [row for row in list_answers(database) if row.month in period]
    return to_csv(rows, with_names=with_names)


def render(
    database: Database, config: Config, period: Period, fmt: str, *, with_names: bool = False
) -> bytes:
    if fmt == "csv":
        return answers_csv(database, period, with_names=with_names).encode("utf-8")
    report = build(database, period)
    if fmt == "json":
        return to_json(report).encode("utf-8")
    if fmt == "docx":
        return to_docx(report, config)
    if fmt == "html":
        return to_html(report, config).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")

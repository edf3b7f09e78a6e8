"""Composing one report: its blocks of headings, paragraphs, recommendations and tables."""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from common.months import MONTH_NAMES as MONTHS
from tools.make_reports.agencies import AGENCIES
from tools.make_reports.model import Agency, Review
from tools.make_reports.prose import (
    AGENCY_EXTRA,
    CONCLUSION,
    EXEC_CLOSE,
    FAMILY_EXTRA,
    FAMILY_INVOLVEMENT,
    FINDING_GENERIC,
    FRAMING,
    METHOD_NEW,
    METHOD_OLD,
    OPPORTUNITIES,
    QUOTES,
    REC_INTRO,
    REFERENCES,
    WHY_NEW,
    WHY_OLD,
)
from tools.make_reports.reviews import REVIEWERS

SEASONS: tuple[str, ...] = ("winter", "winter", "spring", "spring", "spring", "summer")
SEASONS += ("summer", "summer", "autumn", "autumn", "autumn", "winter")


def _day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


_MARKS = re.compile(r"^((?:<[^>]+>)*)(.*)$", re.DOTALL)
# An outcome that names a thing needs an action that mentions it: no "the letter was filed"
# after a home visit.
_NEEDS = {
    "the letter": ("letter", "wrote to"),
    "the consultation": ("consultation",),
    "the visit": ("visit",),
    "the meeting": ("meeting",),
    "the notification": ("notification",),
    "the referral": ("referral",),
    "the appointment": ("appointment", "check-up"),
    "the assessment": ("assessment",),
    "the missed contact": ("missed", "no reply"),
    "the screen": ("screen",),
    "the questionnaire": ("questionnaire",),
    "the report": ("report",),
    "the plan": ("plan",),
    "the case": ("case",),
    "the request": ("asked",),
    "the officers": ("attended", "welfare"),
    "the record notes that the home": ("home visit", "visited"),
    "the accommodation": ("placed", "moved"),
    "the new address": ("placed", "moved"),
    "the routine question": ("booking", "antenatal", "postnatal"),
    "the observation": ("noticed", "noted", "recorded"),
    "a course of antibiotics": ("cough", "rash", "temperature"),
    "the explanation": ("fall", "burn", "injury", "bruise", "mark"),
}


def _marks(template: str) -> tuple[set[str], str]:
    """Split a template into its markers and its text: ``"<pre><once>text"``."""
    match = _MARKS.match(template)
    assert match is not None
    return set(re.findall(r"<([^>]+)>", match.group(1))), match.group(2)


def _unmark(template: str) -> str:
    return _marks(template)[1]


def _compatible(action: str, outcome: str) -> bool:
    text = _unmark(action)
    return all(
        any(word in text for word in words)
        for thing, words in _NEEDS.items()
        if _unmark(outcome).startswith(thing)
    )


@dataclass(frozen=True)
class Event:
    when: date
    agency: Agency
    action: str
    outcome: str
    child: str
    age: float  # the child's, on the day
    adult: str
    other: str
    sentence: str


@dataclass(frozen=True)
class Block:
    kind: str  # h1 | h2 | para | rec | table
    text: str = ""
    number: int = 0
    rows: tuple[tuple[str, ...], ...] = ()


class Writer:
    """Draws sentences for one report, never the same one twice."""

    def __init__(self, review: Review) -> None:
        self.review = review
        self.rng = random.Random(zlib.crc32(review.stem.encode()))
        self.used: set[str] = set()
        self.reviewer = REVIEWERS[zlib.crc32(review.stem.encode()) % len(REVIEWERS)]
        self.values = {
            "subject": review.subject,
            "children": "the children" if review.plural else review.subject,
            "body": review.body_name,
            "board": review.board,
            "Board": cap_first(review.board),
            "area": review.area or "the area",
            "kind": review.review_kind,
            "start": f"{MONTHS[review.start[1] - 1]} {review.start[0]}",
            "end": f"{MONTHS[review.end[1] - 1]} {review.end[0]}",
            "reviewer": self.reviewer,
        }
        self._pools: dict[str, list[str]] = {}
        self._once: set[str] = set()
        end = date(review.end[0], review.end[1], 1)
        self._oldest = max((end - c.born).days / 365.25 for c in review.children)
        self.events = self._events(review.layout.events)
        self._unreferenced = list(self.events)
        self.rng.shuffle(self._unreferenced)

    def fill(self, template: str, **extra: str) -> str:
        return template.format(**{**self.values, **extra})

    def fresh(self, sentence: str) -> bool:
        if sentence in self.used:
            return False
        self.used.add(sentence)
        return True

    def take(self, name: str, pool: Sequence[str], n: int) -> list[str]:
        """``n`` unused sentences from ``pool``; chronology references once it runs dry."""
        if name not in self._pools:
            shuffled = list(pool)
            self.rng.shuffle(shuffled)
            self._pools[name] = shuffled
        out: list[str] = []
        remaining = self._pools[name]
        while len(out) < n and remaining:
            template = remaining.pop()
            if not self._fits(template, self._oldest):
                continue
            sentence = self.fill(_unmark(template))
            if self.fresh(sentence):
                out.append(sentence)
        while len(out) < n:
            out.append(self.reference())
        return out

    def reference(self) -> str:
        while True:
            event = self._unreferenced.pop() if self._unreferenced else self.rng.choice(self.events)
            # Nobody asks a baby about life at home, or speaks to the mother about an unborn child.
            fitting = [
                o
                for o in OPPORTUNITIES
                if "{child}" not in o or event.age >= (4 if "ask" in o else 0)
            ]
            opportunity = self.fill(
                self.rng.choice(fitting),
                child=event.child,
                adult=event.adult,
                other=event.other,
            )
            sentence = self.fill(
                self.rng.choice(REFERENCES),
                date=_day(event.when),
                opportunity=opportunity,
                pattern=event.agency.pattern,
                worker=event.agency.worker,
                action=event.action,
                other=event.other,
            )
            if self.fresh(sentence):
                return sentence

    def _events(self, count: int) -> list[Event]:
        review, rng = self.review, self.rng
        first = date(review.start[0], review.start[1], 1)
        last = date(review.end[0], review.end[1], 1) - timedelta(days=1)
        span = (last - first).days
        days: set[date] = set()
        while len(days) < min(count, span // 2):
            day = first + timedelta(days=rng.randrange(span))
            # Contacts happen on working days; police and hospital contacts are the exception
            # but the chronology does not need them.
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            if day >= first:
                days.add(day)
        agencies = [AGENCIES[key] for key in review.agencies]
        events = []
        for when in sorted(days):
            # Every (service, child) pair that fits the child's age on the day.
            options = [
                (agency, child, (when - child.born).days / 365.25)
                for agency in agencies
                for child in review.children
                if agency.ages[0] <= (when - child.born).days / 365.25 <= agency.ages[1]
            ]
            for _attempt in range(100):
                agency, child, age = rng.choice(options)
                adult = rng.choice(review.adults)
                other = rng.choice([a for a in agencies if a is not agency]).name
                names = {
                    "child": child.name,
                    "adult": adult,
                    "patient": review.patient or adult,
                    "other": other,
                }
                actions = [a for a in agency.actions if self._fits(a, age)]
                if not actions:
                    continue
                chosen = rng.choice(actions)
                outcomes = [
                    o for o in agency.outcomes if self._fits(o, age) and _compatible(chosen, o)
                ]
                if outcomes:
                    break
            else:
                raise ValueError(f"{review.stem}: no service fits the children on {when}")
            picked = rng.choice(outcomes)
            self._once |= {chosen, picked}
            action = _unmark(chosen).format(**names)
            outcome = _unmark(picked).format(**names)
            if rng.random() < 0.5:
                sentence = f"On {_day(when)} {agency.worker} {action}; {outcome}."
            else:
                sentence = f"{cap_first(agency.worker)} {action} on {_day(when)}, and {outcome}."
            self.used.add(sentence)
            events.append(
                Event(when, agency, action, outcome, child.name, age, adult, other, sentence)
            )
        return events

    def _fits(self, template: str, age: float) -> bool:
        """Whether a template suits a child of this age (years; negative before birth).

        Markers: ``<pre>``/``<post>`` before/after the birth, ``<N+>`` aged N or more,
        ``<once>`` at most once per report.
        """
        marks, text = _marks(template)
        if any(phrase in text for phrase in self.review.avoid):
            return False
        if "once" in marks and template in self._once:
            return False
        if "pre" in marks and age >= 0:
            return False
        if ("post" in marks or "{child}" in text) and age < 0:
            return False
        for mark in marks:
            if mark.endswith("+") and age < float(mark[:-1]):
                return False
        return "baby" not in text or 0 <= age <= 1

    def framing(self, event: Event) -> str | None:
        sentence = self.fill(
            self.rng.choice(FRAMING),
            season=SEASONS[event.when.month - 1],
            year=str(event.when.year),
            agency=event.agency.name,
        )
        return sentence if self.fresh(sentence) else None


def _paragraph(sentences: Iterable[str]) -> Block:
    return Block("para", " ".join(sentences))


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?”’])\s+(?=[A-Z“‘])", text)


def compose(review: Review) -> tuple[list[Block], Writer]:
    """The body of the report (everything after the title page) as blocks, in reading order."""
    w = Writer(review)
    rng = w.rng
    lay = review.layout
    blocks: list[Block] = []
    section = [0, 0]

    def h1(title: str) -> None:
        section[0] += 1
        section[1] = 0
        blocks.append(Block("h1", f"{section[0]} {title}"))

    def h2(title: str) -> None:
        section[1] += 1
        blocks.append(Block("h2", f"{section[0]}.{section[1]} {title}"))

    def para(*parts: str | list[str]) -> None:
        sentences: list[str] = []
        for part in parts:
            sentences.extend([part] if isinstance(part, str) else part)
        blocks.append(_paragraph(sentences))

    why, method = (WHY_NEW, METHOD_NEW) if review.modern else (WHY_OLD, METHOD_OLD)
    scale = 2 if lay.long else 1

    h1("Introduction")
    h2("Why this review was carried out")
    para(
        f"This report sets out the findings of the {review.review_kind} commissioned by "
        f"{review.body_name} about {review.subject}.",
        f"The name {review.subject} is used to protect the privacy of the "
        f"{'children' if review.plural else 'child'} and the family.",
        w.take("why", why, 2),
    )
    para(w.take("why", why, 3))
    if lay.long:
        h2("Scope of the review")
        para(
            w.fill(
                "The review considered the involvement of agencies with the family between {start} "
                "and {end}, together with relevant earlier history."
            ),
            w.take("generic", FINDING_GENERIC, 3),
        )
    h2("Methodology" if lay.long else "Scope and methodology")
    if not lay.long:
        para(
            w.fill(
                "The review considered the involvement of agencies with the family between {start} "
                "and {end}, together with relevant earlier history."
            ),
            w.take("method", method, 3),
        )
    para(w.take("method", method, 3 if not lay.long else 6))
    h2("Involvement of the family")
    para(w.take("family", FAMILY_INVOLVEMENT, 3 + scale))

    h1("Executive summary")
    para(
        review.incident,
        f"This {review.review_kind} was commissioned by {review.body_name} to understand how "
        f"agencies had worked with the family and what could be learnt for the future.",
    )
    para(
        "The review’s main findings concern "
        + ", ".join(t.title[0].lower() + t.title[1:] for t in review.themes[:-1])
        + " and "
        + review.themes[-1].title[0].lower()
        + review.themes[-1].title[1:]
        + ".",
        w.take("generic", FINDING_GENERIC, 3 if lay.long else 2),
    )
    para(
        w.take("exec", EXEC_CLOSE, 1),
        f"The review makes {len(review.recommendations)} recommendations, which are set out in "
        f"section 5.",
    )

    h1("Background")
    h2("The family")
    para(review.family, w.take("family_extra", FAMILY_EXTRA, 2))
    h2("Agency involvement")
    names = [AGENCIES[key].name for key in review.agencies]
    para(
        "The following agencies had contact with the family during the period under review and "
        "contributed to this report: " + ", ".join(names[:-1]) + " and " + names[-1] + ".",
        w.take("agency_extra", AGENCY_EXTRA, 2),
    )
    if lay.table:
        h2("Summary of agency contacts")
        para(
            "Table 1 summarises the contacts that the review panel judged most significant. Each "
            "is described more fully, with its context, in the sections that follow.",
            w.take("generic", FINDING_GENERIC, 2),
        )
        step = max(1, len(w.events) // 32)
        rows = [("Date", "Agency", "Contact", "Outcome")]
        rows += [
            (
                e.when.strftime("%d/%m/%Y"),
                e.agency.label,
                cap_first(e.action) + ".",
                cap_first(e.outcome) + ".",
            )
            for e in w.events[::step][:32]
        ]
        blocks.append(
            Block(
                "table",
                f"Table 1: Significant agency contacts, {review.start[0]} to {review.end[0]}",
                rows=tuple(rows),
            )
        )

    def chronology(events: list[Event]) -> None:
        i = 0
        while i < len(events):
            size = rng.randint(3, 5)
            chunk = events[i : i + size]
            i += size
            lead = w.framing(chunk[0]) if rng.random() < 0.4 else None
            para(([lead] if lead else []) + [e.sentence for e in chunk])

    if lay.long:
        years = sorted({e.when.year for e in w.events})
        for year in years:
            h2(f"Events during {year}")
            chronology([e for e in w.events if e.when.year == year])
            for _ in range(rng.randint(1, 2)):
                para(w.take("generic", FINDING_GENERIC, 1), w.reference(), w.reference())
    else:
        h2("Key events")
        chronology(w.events)

    h1("Findings")
    para(
        "This section sets out the review’s findings. Each begins with what happened and goes on "
        "to consider why, and what that means for practice across " + w.values["area"] + ".",
    )
    for number, theme in enumerate(review.themes, start=1):
        h2(theme.title)
        para(_sentences(theme.text), w.take("generic", FINDING_GENERIC, rng.randint(1, 2)))
        para(w.reference(), w.take("generic", FINDING_GENERIC, 1), w.reference())
        for _ in range(rng.randint(7, 9) if lay.long else rng.randint(0, 1)):
            para(
                w.take("generic", FINDING_GENERIC, rng.randint(1, 2)),
                w.reference(),
                w.reference(),
                w.take("generic", FINDING_GENERIC, 1),
            )
        closing = w.take("quotes", QUOTES, 1) if rng.random() < 0.6 else []
        if number <= len(review.recommendations):
            closing.append(f"This finding is addressed by recommendation {number}.")
        para(closing, w.take("generic", FINDING_GENERIC, 1))

    h1("Recommendations")
    para(w.take("rec_intro", REC_INTRO, 2 if lay.long else 1))
    for number, text in enumerate(review.recommendations, start=1):
        label = f"Recommendation {number}:" if lay.rec_label else f"{number}."
        blocks.append(Block("rec", text, number, rows=((label,),)))

    h1("Conclusion")
    para(w.take("conclusion", CONCLUSION, 3))
    if lay.long:
        para(w.take("conclusion", CONCLUSION, 3))
    return blocks, w

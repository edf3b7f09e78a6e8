"""The sample site's overview reports: PDFs behind every ``/reports/…`` link, with ground truth.

The harvester follows each review's report link, downloads the PDF and extracts its text; this
module makes those PDFs so that extraction can be tested and measured against a known answer.
Every report is fictional (the places and children of the sample site, written here), laid out
like a real serious case review or child safeguarding practice review: a title page, a running
header and footer on every other page, numbered headings, justified text with sentences running
over page ends, words hyphenated at line ends, curly quotes and a numbered list of
recommendations. Two are long (40+ pages): one in one column with a table, one in two columns.

Alongside the reports it writes:

- ``tests/expected/reports/<stem>.json``, the ground truth for each report (below);
- one scanned report (page images, no text layer): ``reports/2016-stoke-under-hill-child-b.pdf``;
- a library catalogue page in front of one PDF: ``catalogue/2014-westshire-baby-g.html``;
- hostile files in ``reports/hostile/``: truncated, encrypted, an HTML error page and a PNG, each
  named ``.pdf``.

Large files are never committed: ``write_huge_pdf`` and ``write_many_pages_pdf`` make them at
test time.

Ground truth keys: ``path``, ``pages``, ``columns``, ``headings`` (numbered, in order, as
printed), ``recommendations`` (text without the "Recommendation 1:"/"1." label),
``header_footer_lines`` (running header parts, "OFFICIAL", and every "Page n of m"/"Page n" the
footers print; bare-number footers cannot be listed, see ``page_number_format``),
``paragraphs`` (every body paragraph after the title page in reading order, recommendations
with their printed label; table cells and captions excluded), ``executive_summary`` (its first
paragraph) and ``scanned``; plus ``title``, ``page_number_format``, ``title_page`` (lines) and
``tables`` (caption and rows). Texts are as written, before typesetting: curly quotes and real
hyphens ("multi-agency") are kept, line-end hyphens that split a word are not, and whitespace is
collapsed to single spaces.

Deterministic: fixed seeds and reportlab's ``invariant`` mode give the same bytes on every run.

    python -m sample_site.make_reports [--out DIR] [--expected DIR] [--catalogue DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape as html_escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import colors, pdfencrypt
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
DEFAULT_OUT = PAGES / "reports"
DEFAULT_CATALOGUE = PAGES / "catalogue"
DEFAULT_EXPECTED = HERE.parent / "tests" / "expected" / "reports"

SCANNED_STEM = "2016-stoke-under-hill-child-b"
CATALOGUE_STEM = "2014-westshire-baby-g"
ENCRYPTED_PASSWORD = "westshire"
TRUNCATED_FROM = "2012-eastmoor-child-c"
TRUNCATED_FRACTION = 0.6
CREATOR = "scr-digest sample_site.make_reports"

WIDTH, HEIGHT = A4
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SEASONS = ("winter", "winter", "spring", "spring", "spring", "summer")
SEASONS += ("summer", "summer", "autumn", "autumn", "autumn", "winter")


# --------------------------------------------------------------------------- agencies


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


# Actions carry no commas of their own so that they read inside a longer sentence too.
# Placeholders: {child}, {adult}, {patient} (the adult in treatment), {other} (another agency).
# "<pre>" and "<post>" mark what can only happen before or after the child's birth.
AGENCIES: dict[str, Agency] = {
    "hv": Agency(
        "the health visiting service",
        "the health visitor",
        "Health visiting",
        "missed health visiting contacts",
        (
            "carried out a home visit and saw {child} with {adult}",
            "completed a developmental review of {child} at the child health clinic",
            "attempted a planned home visit but there was no reply at the door",
            "telephoned {adult} after a clinic appointment for {child} was missed",
            "discussed the family with the named nurse for safeguarding in supervision",
            "visited to give advice about feeding and weight gain",
        ),
        (
            "no concerns were recorded about the care of {child}",
            "a further visit was planned for six weeks’ time",
            "{adult} said that the family was managing well",
            "the missed contact was recorded but it was not followed up",
            "the record notes that the home was cold and that there was little food in the kitchen",
            "the health visitor planned to tell {other} but there is no record that this happened",
        ),
        ages=(-0.4, 5),
    ),
    "gp": Agency(
        "the GP practice",
        "the GP",
        "GP practice",
        "appointments that were not attended",
        (
            "saw {child} with a cough and a raised temperature",
            "reviewed {adult} about low mood and poor sleep",
            "received a letter from the hospital about a missed outpatient appointment for {child}",
            "saw {adult} for a routine medication review",
            "held a telephone consultation with {adult} about a rash on {child}’s arms",
        ),
        (
            "no safeguarding concerns were identified",
            "the letter was filed without further action",
            "{adult} was advised to return if things did not improve",
            "a course of antibiotics was prescribed and a review was booked for the following week",
            "the consultation was brief and {child} was not seen",
        ),
    ),
    "school": Agency(
        "the school",
        "the designated safeguarding lead at the school",
        "School",
        "late arrivals and absences from school",
        (
            "recorded that {child} had arrived late and without a coat",
            "met {adult} to discuss {child}’s attendance",
            "recorded a comment by {child} that there was ‘nothing for tea’ at home",
            "asked the early help team for support for the family",
            "noted that {child} appeared tired and withdrawn in class",
            "held a review of {child}’s attendance after it fell below ninety per cent",
        ),
        (
            "{adult} promised that things would improve",
            "the concern was logged on the school’s safeguarding system",
            "the decision was to monitor the situation",
            "a letter was sent home but no reply was received",
            "{child} was given breakfast at the school’s morning club",
            "the information was not shared with {other}",
        ),
        ages=(4, 18),
    ),
    "nursery": Agency(
        "the nursery",
        "the nursery manager",
        "Nursery",
        "absences from nursery",
        (
            "recorded that {child} had not attended for five sessions in a row",
            "noticed a bruise on {child}’s forearm and asked {adult} about it",
            "noted that {child} arrived hungry and in clothes that had not been changed",
            "met {adult} to talk about {child}’s speech and language",
            "recorded that {child} had been collected late for the third time in a month",
        ),
        (
            "{adult} gave an explanation that was accepted",
            "the observation was recorded in the setting’s safeguarding log",
            "the nursery decided that the concern did not yet meet the threshold for a referral",
            "{adult} agreed to a referral to the speech and language therapy service",
            "the key worker was asked to keep a closer eye on {child}",
        ),
        ages=(1, 5),
    ),
    "csc": Agency(
        "children’s social care",
        "children’s social care",
        "Children’s social care",
        "referrals that were closed without a service",
        (
            "received a referral from {other}",
            "completed a child and family assessment",
            "held a child in need meeting attended by {other}",
            "visited the home and spoke with {adult}",
            "closed the case after the plan was judged to have been completed",
            "held a strategy discussion with the police and health colleagues",
        ),
        (
            "the assessment recommended a child in need plan",
            "the outcome was advice and information only",
            "<4+>{child} was not seen alone during the visit",
            "the threshold for a child protection enquiry was judged not to be met",
            "a manager agreed the decision and the reasons were recorded",
            "a plan was agreed but no date was set for its review",
        ),
    ),
    "police": Agency(
        "the police",
        "the police",
        "Police",
        "calls to the police",
        (
            "attended the home after a neighbour reported shouting",
            "<10+>received a report that {child} was missing",
            "completed a domestic abuse risk assessment with {adult}",
            "sent a notification to children’s social care",
            "carried out a welfare check at the address",
        ),
        (
            "the risk was assessed as standard",
            "no offences were disclosed",
            "<10+>{child} was found safe later the same evening",
            "the notification was screened and no further action was taken",
            "the officers recorded that the home was in a poor state",
        ),
    ),
    "ed": Agency(
        "the emergency department",
        "staff in the emergency department",
        "Emergency department",
        "attendances at the emergency department",
        (
            "saw {child} after a fall at home",
            "treated {child} for a small burn to the hand",
            "treated {adult} for an injury to the wrist",
            "saw {child} with a high temperature and signs of dehydration",
        ),
        (
            "the explanation given was accepted as consistent with the injury",
            "a notification was sent to {other}",
            "the safeguarding checklist was not completed",
            "{child} was discharged the same day",
        ),
    ),
    "midwife": Agency(
        "the midwifery service",
        "the community midwife",
        "Midwifery",
        "missed antenatal appointments",
        (
            "<pre><once>completed the booking appointment with the mother",
            "<pre>saw the mother for an antenatal check",
            "<post>carried out a postnatal visit at home",
            "<pre>asked the specialist midwife for vulnerable women to see the mother",
        ),
        (
            "the mother did not disclose any concerns",
            "the routine question about domestic abuse was not asked because another adult was "
            "present",
            "<post>the visit went well and the baby was feeding",
            "the request was accepted but the first appointment was not offered until after the "
            "birth",
        ),
        ages=(-0.75, 0.1),
    ),
    "camhs": Agency(
        "the children’s mental health service",
        "the children’s mental health service",
        "Children’s mental health",
        "letters from the mental health service",
        (
            "received a referral for {child} from the GP",
            "wrote to {adult} to confirm that {child} was on the waiting list",
            "offered {child} an initial appointment",
            "reviewed the referral for {child} at its weekly triage meeting",
        ),
        (
            "the referral was accepted as routine",
            "the appointment was not attended and a letter was sent",
            "the expected wait was given as six months",
            "no contact was made with the school",
        ),
        ages=(5, 18),
    ),
    "housing": Agency(
        "the housing service",
        "the housing officer",
        "Housing",
        "moves between addresses",
        (
            "placed the family in temporary accommodation",
            "moved the family to a different temporary address",
            "visited the property after a complaint about damp",
            "wrote to {adult} about rent arrears",
        ),
        (
            "the new address was not shared with health services",
            "the accommodation was a single room with a shared kitchen",
            "the needs of the children were not recorded",
            "a repairs request was made",
        ),
    ),
    "adult_mh": Agency(
        "the community mental health team",
        "the care coordinator",
        "Adult mental health",
        "missed mental health appointments",
        (
            "reviewed {patient} at an outpatient appointment",
            "received a referral for {patient} from the GP",
            "telephoned {patient} after a missed appointment",
            "visited {patient} at home with a consultant psychiatrist",
        ),
        (
            "the record did not mention the children in the household",
            "{patient} said that the children were ‘fine’",
            "there is no record of who was looking after the children",
            "a further appointment was offered in two months",
        ),
    ),
    "substance": Agency(
        "the drug and alcohol service",
        "the recovery worker",
        "Drug and alcohol service",
        "missed treatment appointments",
        (
            "saw {patient} for a key-work session",
            "completed a review of {patient}’s treatment plan",
            "received a positive test result for {patient}",
            "recorded that {patient} had missed two appointments",
        ),
        (
            "the section of the form about children was left blank",
            "{patient} reported that drinking had reduced",
            "there was no contact with children’s services",
            "the plan was updated but the children were not mentioned",
        ),
    ),
    "residential": Agency(
        "the children’s home",
        "staff at the children’s home",
        "Children’s home",
        "late returns to the children’s home",
        (
            "reported {child} missing to the police",
            "recorded that {child} had come back late with new clothes",
            "held a placement review with the social worker",
            "noted that {child} had been collected by an older man in a car",
            "updated the risk assessment for {child}",
        ),
        (
            "{child} refused to say where they had been",
            "the information was passed to {other}",
            "the placement was described as settled",
            "the record was not seen by the police until several weeks later",
        ),
        ages=(10, 18),
    ),
    "early_help": Agency(
        "the early help service",
        "the family support worker",
        "Early help",
        "early help plans that were opened and closed",
        (
            "began a programme of weekly home visits",
            "held a team around the family meeting",
            "closed the early help plan",
            "visited with vouchers for the food bank",
            "helped {adult} to draw up a morning routine for the children",
        ),
        (
            "{adult} engaged well and the visits were described as positive",
            "the meeting was attended by {other}",
            "the plan was closed because {adult} no longer wished to take part",
            "improvements were noted in the condition of the home",
        ),
    ),
    "school_nurse": Agency(
        "the school nursing service",
        "the school nurse",
        "School nursing",
        "health concerns raised at school",
        (
            "saw {child} at a drop-in session",
            "measured {child}’s height and weight",
            "received a notification of an emergency department attendance for {child}",
            "wrote to {adult} about {child}’s need for dental treatment",
        ),
        (
            "{child}’s weight had fallen since the previous measurement",
            "the notification was filed with no further action",
            "{adult} did not reply",
            "the school nurse planned a follow-up contact at the next term",
        ),
        ages=(4, 18),
    ),
    "paediatrics": Agency(
        "the community paediatric service",
        "the community paediatrician",
        "Community paediatrics",
        "outpatient appointments that were not attended",
        (
            "saw {child} at an outpatient clinic",
            "wrote to the GP after reviewing {child}",
            "noted that {child} had not been brought to two appointments",
            "asked the dietitian to review {child}’s feeding plan",
        ),
        (
            "{adult} gave a detailed account of the care at home",
            "the letter was copied to {adult} but not to the school",
            "a new appointment was sent by post",
            "{child}’s weight was not recorded at the appointment",
        ),
        ages=(0, 18),
    ),
    "childminder": Agency(
        "the childminder",
        "the childminder",
        "Childminder",
        "concerns noticed by the childminder",
        (
            "noticed a mark on {child}’s face",
            "recorded that {child} had become withdrawn",
            "called the children’s services front door for advice",
            "asked {adult} about a change in {child}’s behaviour",
        ),
        (
            "{adult} said that {child} had fallen in the park",
            "the childminder was advised to monitor the situation",
            "the conversation was recorded in the childminder’s log",
            "{child} settled later in the day",
        ),
        ages=(0, 5),
    ),
    "yos": Agency(
        "the youth offending service",
        "the youth offending team worker",
        "Youth offending service",
        "missed appointments with the youth offending team",
        (
            "completed an assessment of {child}",
            "met {child} for a supervision session",
            "attended a planning meeting about {child}",
            "wrote a report for the court about {child}",
        ),
        (
            "the assessment noted a history of low mood",
            "{child} said that he was worried about where he would live",
            "the plan did not include an address for {child}",
            "the report recommended a period of supervision in the community",
        ),
        ages=(10, 18),
    ),
    "custody": Agency(
        "the young offender institution",
        "staff at the young offender institution",
        "Young offender institution",
        "concerns recorded in custody",
        (
            "completed a reception health screen for {child}",
            "opened a self-harm support plan for {child}",
            "held a sentence planning meeting for {child}",
            "recorded that {child} had received no visits for a month",
        ),
        (
            "the screen noted previous self-harm",
            "the plan was closed after two weeks",
            "the meeting noted that no address had been found",
            "the record was not shared with the home local authority",
        ),
        ages=(10, 18),
    ),
    "sexual_health": Agency(
        "the sexual health service",
        "the sexual health nurse",
        "Sexual health",
        "visits to the sexual health clinic",
        (
            "saw {child} at a drop-in clinic",
            "completed a risk screening questionnaire with {child}",
            "saw {child} for a follow-up appointment",
        ),
        (
            "{child} was accompanied by an older man who waited outside",
            "the questionnaire indicated a high level of risk",
            "{child} did not give the name of her partner",
        ),
        ages=(13, 18),
    ),
    "da_service": Agency(
        "the domestic abuse service",
        "the domestic abuse worker",
        "Domestic abuse service",
        "incidents of domestic abuse",
        (
            "completed a risk assessment with {adult}",
            "began a programme of support with {adult}",
            "discussed {adult} at the multi-agency risk assessment conference",
            "closed the case after {adult} chose to stay in the relationship",
        ),
        (
            "the risk was assessed as high",
            "a safety plan was agreed",
            "the needs of the children were discussed only briefly",
            "{adult} was given information about the service’s helpline",
        ),
    ),
    "dentist": Agency(
        "the dental practice",
        "the dentist",
        "Dental practice",
        "dental appointments that were not attended",
        (
            "saw {child} with toothache",
            "sent a reminder to {adult} about a check-up for {child}",
            "noted extensive decay in {child}’s teeth",
        ),
        (
            "a course of treatment was planned",
            "the appointment was not kept",
            "the practice removed {child} from its list after three missed appointments",
        ),
        ages=(1, 18),
    ),
    "youth_service": Agency(
        "the youth service",
        "the youth worker",
        "Youth service",
        "concerns raised by the youth service",
        (
            "met {child} at a drop-in session",
            "saw {child} with a group of older young people in the town centre",
            "shared information about {child} with the police",
        ),
        (
            "{child} said that he had a job delivering parcels",
            "the information was added to the police intelligence system",
            "{child} agreed to meet the youth worker again",
        ),
        ages=(11, 18),
    ),
    "ld_team": Agency(
        "the adult learning disability team",
        "the learning disability nurse",
        "Learning disability team",
        "missed contacts with the learning disability team",
        (
            "completed an assessment of {patient}’s support needs",
            "visited {patient} at home to explain a letter from the housing service",
            "<once>closed the case after {patient} moved to the other local authority area",
        ),
        (
            "the assessment recommended easy-read versions of important letters",
            "{patient} said that she did not understand what the social worker wanted her to do",
            "the case was not transferred to the other area’s team",
        ),
    ),
}


# --------------------------------------------------------------------------- reviews


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


def _old(**kw: object) -> Layout:
    """2012-2014 house style: Times, centred header, a bare page number."""
    base: dict[str, object] = {"header": "centre", "page_number": "{n}", "rec_label": False}
    base.update(kw)
    return Layout(**base)  # type: ignore[arg-type]


def _new(**kw: object) -> Layout:
    """Partnership house style: Helvetica, "OFFICIAL" marking, "Page n of m"."""
    base: dict[str, object] = {
        "font": "Helvetica",
        "font_size": 10.5,
        "leading": 15.0,
        "official": True,
    }
    base.update(kw)
    return Layout(**base)  # type: ignore[arg-type]


M = "the mother"
F = "the father"

REVIEWS: tuple[Review, ...] = (
    Review(
        "2012-eastmoor-child-c",
        2012,
        4,
        "Eastmoor",
        "Child C",
        (Child("Child C", "he", date(2010, 6, 10)),),
        (M,),
        ("midwife", "hv", "gp", "housing", "school", "csc", "ed"),
        (2009, 11),
        (2010, 9),
        "Child C died in September 2010, when he was three months old. At the time of his death "
        "he had been left in the care of his fourteen-year-old half-brother, referred to in this "
        "report as Sibling 1, while the mother was away from the home for several hours. The "
        "post-mortem examination did not establish a clear cause of death, and no criminal "
        "charges were brought.",
        "Child C lived with his mother and Sibling 1. The mother had moved to Eastmoor from a "
        "neighbouring county during her pregnancy after the breakdown of a relationship, and the "
        "family were placed in temporary accommodation by the housing authority. Sibling 1 "
        "attended a local secondary school, where he was known as a quiet and conscientious pupil "
        "whose attendance had begun to fall. The mother had few friends or relatives in the area "
        "and told practitioners that she relied on her older son for help with the baby.",
        (
            Theme(
                "Support for the family after the birth",
                "The mother was discharged from midwifery care ten days after the birth, and the "
                "first contact from the health visitor did not take place for a further three "
                "weeks. During that period no practitioner saw Child C, and the family’s isolation "
                "was not recognised as a risk in itself.",
            ),
            Theme(
                "The expectations placed on an older sibling",
                "Several practitioners knew that Sibling 1 often looked after his baby brother, "
                "yet "
                "none of them asked whether this was a safe or fair arrangement for a boy of "
                "fourteen. His falling attendance was treated as a matter for the school’s "
                "attendance procedures rather than as a possible sign of the pressure he was under "
                "at home.",
            ),
            Theme(
                "Families in temporary accommodation",
                "The family moved twice in four months, and each move broke the link with health "
                "services because the housing authority had no routine way of telling the health "
                "visiting team about a new address. Practitioners in housing did not see "
                "themselves as having a role in safeguarding the children they placed.",
            ),
        ),
        (
            "Eastmoor LSCB should ask the housing authority and the health visiting service to "
            "agree a protocol under which the health visitor is told within five working days when "
            "a family with a child under five is placed in, or moved between, temporary "
            "accommodation.",
            "The health visiting service should make sure that the new birth visit takes place "
            "within fourteen days of the birth for every family, including families who have moved "
            "since the booking appointment, and that any delay is reported to a manager.",
            "Children’s social care and schools should make sure that assessments consider whether "
            "older siblings are carrying caring responsibilities beyond their age, and that each "
            "young person in that position is offered a young carer’s assessment.",
            "The LSCB should include the learning from this review in its multi-agency training on "
            "neglect and on the needs of families with a new baby, and should report to the Board "
            "on attendance at that training within twelve months.",
        ),
        _old(events=40),
    ),
    Review(
        "2012-westshire-child-q",
        2012,
        6,
        "Westshire",
        "Child Q",
        (Child("Child Q", "she", date(2001, 11, 1)),),
        (M,),
        ("school", "substance", "police", "gp", "csc", "school_nurse"),
        (2009, 9),
        (2011, 3),
        "Child Q was nine years old when she was made the subject of a child protection plan in "
        "March 2011 under the category of neglect. Over the previous eighteen months neighbours "
        "had found her at home on her own on at least four occasions, sometimes late in the "
        "evening, and twice called the police. Her mother had a long history of alcohol misuse and "
        "was receiving treatment from the community alcohol service throughout the period under "
        "review.",
        "Child Q lived with her mother in a rented flat on the edge of Westshire’s county town. "
        "Her father lived abroad and had no contact with her. The mother had been drinking heavily "
        "since her late teens and had completed two detoxification programmes, each followed by a "
        "period of relapse. Child Q was described by her teachers as bright, watchful and eager to "
        "please, and she rarely spoke about her life at home.",
        (
            Theme(
                "Assessing the impact of parental alcohol misuse",
                "Each assessment of the family concentrated on the mother’s drinking and her "
                "motivation to change, and much less on what daily life was like for Child Q. "
                "Periods when the mother was abstinent were taken as evidence that the risk had "
                "reduced, even though relapse had followed each of them.",
            ),
            Theme(
                "Communication between adult treatment services and schools",
                "The alcohol service knew that the mother had relapsed on three occasions when the "
                "school did not, and the school knew that Child Q was frequently late and hungry "
                "when the alcohol service did not. Neither agency had a reason, in its own "
                "procedures, to contact the other.",
            ),
            Theme(
                "Responding to reports from neighbours",
                "The calls made by neighbours were each dealt with as a single event. Police "
                "officers who attended found Child Q safe and well, waited for the mother to "
                "return and recorded the incident, but the notifications sent to children’s social "
                "care were screened separately and were not seen together until late in 2010.",
            ),
            Theme(
                "Hearing from Child Q",
                "Child Q was seen by many professionals but spoken to alone by very few of them. "
                "When she was asked directly, she said that she worried about her mother and that "
                "she did not like being at home at night on her own.",
            ),
        ),
        (
            "The LSCB should issue practice guidance on assessing the impact of parental alcohol "
            "misuse on children, which makes clear that periods of abstinence must be weighed "
            "against the history of relapse.",
            "The community alcohol service should ask every adult client whether they care for "
            "children, record the name of each child’s school, and seek consent to share "
            "information with that school.",
            "Westshire Police and children’s social care should review how repeated notifications "
            "about the same child are identified, so that a pattern of incidents is seen as a "
            "whole rather than as separate events.",
            "Schools should make sure that a child who is regularly late, hungry or tired is "
            "spoken to on their own and that the child’s account is recorded in their own words.",
        ),
        _old(rec_label=True, events=45),
        patient=M,
    ),
    Review(
        "2012-northdale-young-person-n",
        2012,
        9,
        "Northdale",
        "Young person N",
        (Child("Young person N", "he", date(1996, 5, 1)),),
        (M,),
        ("csc", "residential", "police", "school", "camhs"),
        (2009, 6),
        (2011, 11),
        "Young person N died in November 2011 when he was struck by a car on a main road some "
        "distance from his placement. He was fifteen years old and had been reported missing by "
        "the staff of his children’s home on the previous afternoon. The driver of the car was not "
        "found to be at fault.",
        "Young person N became looked after by Northdale County Council at the age of twelve, "
        "after a period of neglect at home and a breakdown in his relationship with his mother. In "
        "the three years that followed he lived in six different placements, including two foster "
        "homes, a placement outside the county and, finally, a children’s home in the north of "
        "Northdale. He kept in touch with his mother and his younger sister, and he often spoke of "
        "wanting to return to live with them.",
        (
            Theme(
                "Placement stability",
                "Each of the six placement moves was made for a reason that made sense at the "
                "time, "
                "but taken together they left Young person N without a stable adult relationship "
                "during the most important years of his adolescence. Two of the moves were made at "
                "short notice because no longer-term placement was available.",
            ),
            Theme(
                "The response to missing episodes",
                "Young person N was reported missing thirty-one times during the period under "
                "review. Most episodes were short, and he usually returned of his own accord, "
                "which led to a sense among practitioners that his going missing was predictable "
                "and therefore less worrying.",
            ),
            Theme(
                "Return interviews and the young person’s voice",
                "Return interviews were offered after only a third of the missing episodes, and "
                "the ones that took place were carried out by staff he did not know well. He told "
                "one worker that he went missing ‘to see my mum’, but that explanation was not "
                "explored with the mother or used in care planning.",
            ),
        ),
        (
            "Northdale County Council should review its sufficiency strategy for looked after "
            "adolescents so that emergency moves are the exception, and should report to the LSCB "
            "on the number of placement moves made at less than a week’s notice.",
            "The LSCB should make sure that its runaway and missing from home protocol requires a "
            "multi-agency meeting after a third missing episode within ninety days, whatever the "
            "apparent reason for the episodes.",
            "Children’s social care should commission an independent return interview service, so "
            "that every looked after young person who has been missing is offered a conversation "
            "with a trusted adult within seventy-two hours.",
            "Care plans for looked after young people should record the young person’s own wishes "
            "about contact with their family, and show how those wishes have been weighed in "
            "decisions about placement.",
        ),
        _old(events=60),
    ),
    Review(
        "2012-kingsbridge-lowfield-baby-r",
        2012,
        11,
        "Kingsbridge and Lowfield",
        "Baby R",
        (Child("Baby R", "she", date(2010, 10, 20)),),
        (M, "the mother’s partner"),
        ("hv", "gp", "ed", "csc", "police", "housing"),
        (2010, 10),
        (2011, 8),
        "Baby R died in hospital in August 2011, at the age of ten months, from head and abdominal "
        "injuries. Her mother’s partner was later convicted of her murder. The family had moved to "
        "Kingsbridge from another part of the country four months before her death.",
        "Baby R lived with her mother, who was twenty years old, and, from the spring of 2011, "
        "with "
        "the mother’s new partner. The mother had been known to children’s services in her "
        "previous area as a teenager and had been supported by a specialist midwife during her "
        "pregnancy. The partner was not the father of Baby R; he had moved into the household "
        "shortly before the family came to Kingsbridge and Lowfield, and little was known about "
        "him by any local agency.",
        (
            Theme(
                "Transfer of health records between areas",
                "Baby R’s health records took eleven weeks to arrive from the previous area, and "
                "when they did arrive they did not include the specialist midwife’s notes about "
                "the "
                "mother’s vulnerability. The health visitor who first met the family therefore "
                "treated them as a family with no additional needs.",
            ),
            Theme(
                "Assessing new partners",
                "No agency asked who the mother’s partner was, where he had lived before or "
                "whether "
                "he had any history that might be relevant to the safety of a baby. He was present "
                "at several contacts but was described in the records only as ‘partner present’.",
            ),
            Theme(
                "Bruising and minor injuries in a baby",
                "Baby R was seen twice with bruising before her death: once by the GP and once in "
                "the emergency department. On both occasions the explanation given was accepted, "
                "and neither contact prompted a referral, although local guidance treated any "
                "bruising in a baby who was not yet fully mobile as a cause for concern.",
            ),
        ),
        (
            "The LSCB should seek assurance from health providers that the transfer of records for "
            "children under five who move into the area is completed within two weeks, and that "
            "any additional needs identified in the previous area are flagged to the receiving "
            "health visitor.",
            "Agencies should record the name and date of birth of any adult who joins a household "
            "with a baby or young child, and the LSCB should publish guidance on when checks "
            "should be made with the police and with the previous area.",
            "All health practitioners who see babies should follow the LSCB’s guidance on bruising "
            "in non-mobile children, and health providers should audit compliance with that "
            "guidance every year.",
            "Children’s social care should make sure that when a family with a history of "
            "involvement moves into the area, information from the previous local authority is "
            "requested and considered before any decision about the level of support is made.",
        ),
        _old(rec_label=True, events=35),
    ),
    Review(
        "2012-orphan",
        2012,
        2,
        None,
        "Child Z",
        (Child("Child Z", "she", date(2009, 3, 1)),),
        (M, F),
        ("nursery", "hv", "gp", "ed", "csc", "police"),
        (2010, 1),
        (2011, 6),
        "Child Z was two years old when she was admitted to hospital in June 2011 with a fractured "
        "arm and extensive bruising to her back and legs. Medical opinion was that the injuries "
        "had been inflicted on more than one occasion. Her father was later convicted of assault, "
        "and Child Z now lives with relatives.",
        "Child Z lived with her mother and father and an older brother, who was five years old. "
        "The parents had been together for several years and presented to professionals as a "
        "close and caring couple. The father worked long and irregular hours, and the mother had "
        "told her GP that she was finding it difficult to cope with two small children.",
        (
            Theme(
                "Explanations for injuries",
                "Child Z was seen by three different agencies with minor injuries in the six "
                "months "
                "before her admission to hospital. Each explanation given by the parents was "
                "plausible on its own, and none of the practitioners knew about the injuries seen "
                "by the others.",
            ),
            Theme(
                "The nursery’s concerns",
                "Nursery staff recorded changes in Child Z’s behaviour, including flinching when "
                "an "
                "adult raised an arm, but the nursery did not feel confident that these "
                "observations were enough to make a referral. The staff member who noticed them "
                "told the review that she did not want to be seen to be accusing a family who were "
                "‘so nice’.",
            ),
            Theme(
                "Fathers and male carers",
                "Almost all contact with the family was with the mother. The father was rarely "
                "seen, and no assessment considered his history, his stress at work or his role in "
                "caring for the children.",
            ),
        ),
        (
            "The LSCB should make sure that the emergency department, GP practices and the health "
            "visiting service can see when a young child has attended another health setting with "
            "an injury in the previous six months.",
            "Early years providers should receive training on recording and reporting patterns of "
            "behaviour that may indicate abuse, and the LSCB should make sure that nursery "
            "managers "
            "know how to seek advice before making a referral.",
            "Every agency should review its assessment templates so that fathers and male carers "
            "are named, seen and assessed in their own right, and the LSCB should audit a sample "
            "of assessments against this standard.",
            "The LSCB should remind practitioners, through its newsletter and training programme, "
            "that a plausible explanation for a single injury does not remove the need to consider "
            "the pattern of injuries over time.",
        ),
        _old(events=30),
    ),
    Review(
        "2014-unnamed-board-child-d",
        2014,
        12,
        None,
        "Child D",
        (Child("Child D", "she", date(2005, 12, 1)),),
        (M, F),
        ("paediatrics", "school", "gp", "csc", "ed", "school_nurse"),
        (2011, 4),
        (2013, 5),
        "Child D was seven years old when she was admitted to hospital in May 2013, severely "
        "underweight and with pressure sores that had not been treated. She has cerebral palsy and "
        "relies on adults for all of her personal care. She has since made a good recovery and "
        "now lives with foster carers who are experienced in caring for disabled children.",
        "Child D lived with her mother, her father and two younger brothers. Both parents "
        "described themselves as her main carers, and the father had given up work to look after "
        "her. The family were well known to a wide range of health and education services because "
        "of Child D’s disability, and the parents were regarded by many practitioners as "
        "knowledgeable and committed advocates for their daughter.",
        (
            Theme(
                "Reliance on the parents’ reports",
                "Much of what professionals knew about Child D’s health came from her parents "
                "rather than from direct observation. When her weight was not recorded at a clinic "
                "appointment, the parents’ assurance that she was eating well was accepted without "
                "question.",
            ),
            Theme(
                "Cancelled appointments",
                "Fourteen health appointments were cancelled or not attended in the two years "
                "before Child D’s admission to hospital. Each was rebooked, often at the parents’ "
                "request, but no professional stepped back to ask what the cancellations meant for "
                "her.",
            ),
            Theme(
                "Coordination between professionals",
                "At least eleven professionals from seven agencies were involved with Child D. "
                "Each "
                "held part of the picture, and each assumed that someone else, usually the "
                "paediatrician, was coordinating the whole.",
            ),
            Theme(
                "Child D’s voice",
                "Child D communicates using a picture board and some signs. Few of the "
                "professionals who saw her had the skills or the time to communicate with her "
                "directly, so her own experience was largely unheard.",
            ),
        ),
        (
            "The LSCB should make sure that a lead professional is named for every disabled child "
            "who has a child protection plan, and that the lead professional’s role is understood "
            "by every agency involved.",
            "Health providers should treat repeated cancellation of appointments for a disabled "
            "child as a possible safeguarding concern, and should have a clear procedure for "
            "sharing that concern with the child’s other professionals.",
            "The LSCB should commission training on communicating with disabled children who use "
            "alternative methods of communication, and should make sure that it is available to "
            "social workers, school staff and health practitioners.",
            "Assessments of disabled children should include direct observation of the child’s "
            "care, including weight and skin condition where relevant, and should not rely solely "
            "on the accounts of parents.",
        ),
        _old(header="split", page_number="Page {n}", rec_label=True, events=50),
        title_note="Prepared by the NSPCC on behalf of the Local Safeguarding Children Board",
        avoid=("comment by", "drop-in", "refused to say"),
    ),
    Review(
        "2014-northdale-young-person-s",
        2014,
        9,
        "Northdale",
        "Young person S",
        (Child("Young person S", "she", date(1997, 2, 1)),),
        (M, F),
        ("police", "csc", "school", "camhs", "sexual_health", "school_nurse"),
        (2011, 1),
        (2013, 6),
        "Between 2011 and 2013 Young person S, who was fourteen years old when the concerns first "
        "arose, was sexually exploited by a group of adult men in Northdale. She went missing from "
        "home on many occasions during this period, and she was often found in the company of "
        "older men. Five men were later convicted of offences against her and against other "
        "girls.",
        "Young person S lived with her mother, her father and two younger siblings. Her parents "
        "reported her missing each time she failed to come home and repeatedly asked the police "
        "and children’s social care for help. The family’s own efforts to protect her, including "
        "moving her to a different school, were not always recognised by the professionals "
        "working with them.",
        (
            Theme(
                "Missing episodes seen as separate incidents",
                "Young person S was reported missing on twenty-three occasions, and each report "
                "was "
                "dealt with by whichever police officer or social worker was on duty at the time. "
                "The missing reports were not brought together, so the pattern of where she went "
                "and who she was with was not seen.",
            ),
            Theme(
                "The language of ‘choice’",
                "Records described Young person S as ‘putting herself at risk’ and as ‘choosing’ "
                "to "
                "spend time with older men. This language reflected a belief that she was making "
                "her own decisions, and it obscured the fact that she was a child being groomed "
                "and "
                "controlled by adults.",
            ),
            Theme(
                "Sharing intelligence about the adults involved",
                "The police held intelligence about two of the men who were later convicted, and "
                "children’s social care held information about the addresses where Young person S "
                "was found. Neither agency had a route for bringing this information together "
                "until "
                "the exploitation team was set up in 2013.",
            ),
        ),
        (
            "Northdale LSCB should establish a multi-agency child sexual exploitation panel, "
            "meeting at least monthly, to consider children at risk of exploitation and to share "
            "intelligence about adults and locations of concern.",
            "The LSCB should commission training for practitioners in all agencies on the signs of "
            "grooming and exploitation, including the ways in which exploited children may appear "
            "to consent to what is happening to them.",
            "Northdale Police and children’s social care should review how missing episodes are "
            "recorded, so that the history of previous episodes, the places a child has been found "
            "and the people they were with are visible at every new report.",
            "The LSCB should issue guidance on the language used to describe exploited children in "
            "records and reports, so that children are not described as making choices about their "
            "own abuse.",
        ),
        _old(header="split", page_number="Page {n}", events=110),
        kind="multi-agency learning review",
    ),
    Review(
        "2014-kingsbridge-lowfield-children-x-y",
        2014,
        7,
        "Kingsbridge and Lowfield",
        "Children X and Y",
        (Child("Child X", "he", date(2008, 11, 1)), Child("Child Y", "he", date(2006, 10, 1))),
        (M, F),
        ("hv", "nursery", "school", "early_help", "csc", "gp", "housing"),
        (2010, 9),
        (2013, 2),
        "Children X and Y, two brothers aged four and six, were removed from their parents’ care "
        "in February 2013 and placed with their maternal grandparents. Social workers who visited "
        "the home found it in a very poor condition, with little food, no working heating and "
        "rubbish in every room. Both boys were significantly delayed in their speech and language "
        "and in their physical development.",
        "The brothers lived with their mother and father in a privately rented house in Lowfield. "
        "Both parents had left school without qualifications, and the father had been out of work "
        "for several years because of a back injury. The family had been known to services since "
        "the birth of Child Y, the older brother, and there had been three previous periods of "
        "involvement by children’s social care, each ending when the home conditions improved.",
        (
            Theme(
                "Becoming used to the home conditions",
                "Practitioners who visited the home regularly came to see its condition as normal "
                "for this family. Photographs taken by a new social worker in January 2013 showed "
                "conditions that had been present for years, but which had not been described in "
                "such stark terms before.",
            ),
            Theme(
                "Measuring development over time",
                "The boys’ development was checked at the routine reviews, and each check noted "
                "some delay. The checks were not compared with one another, so the growing gap "
                "between the boys and their peers was not recognised as evidence of neglect.",
            ),
            Theme(
                "Early help and stepping down",
                "Each period of involvement by children’s social care ended with a step-down to "
                "early help, and each early help plan ended when the family stopped engaging. The "
                "cycle of improvement and relapse was described in the records, but it did not "
                "lead to a different response.",
            ),
        ),
        (
            "The LSCB should adopt a neglect screening tool that is used by all agencies and "
            "provide multi-agency training on its use, including on the use of photographs and "
            "scaled scores to record home conditions over time.",
            "The health visiting and school nursing services should make sure that developmental "
            "assessments are compared with earlier assessments, and that a pattern of delay is "
            "shared with the child’s other professionals.",
            "Children’s social care should review the cases of children who have been referred "
            "three or more times in two years for neglect, so that decisions about stepping down "
            "are informed by the whole history.",
            "The LSCB should seek assurance that kinship carers who take on the care of neglected "
            "children receive an assessment of their own support needs within a month of the "
            "children’s placement.",
        ),
        _old(header="split", page_number="Page {n}", rec_label=True, events=120),
    ),
    Review(
        "2014-westshire-baby-g",
        2014,
        5,
        "Westshire",
        "Baby G",
        (Child("Baby G", "he", date(2012, 7, 25)),),
        (M, F),
        ("midwife", "hv", "gp", "csc", "police", "ed"),
        (2012, 1),
        (2012, 10),
        "Baby G died in October 2012, at the age of eleven weeks, from a head injury. His father "
        "was later convicted of manslaughter. In the weeks before his death a neighbour had twice "
        "contacted children’s social care to say that she was worried about the amount of "
        "shouting she could hear from the family’s flat.",
        "Baby G was the first child of his mother, who was nineteen, and his father, who was "
        "twenty-two. The parents did not live together during the pregnancy, but the father moved "
        "into the mother’s flat shortly after the birth. The father had spent much of his own "
        "childhood in care in another local authority area, a fact that was known to the midwife "
        "but not to any other agency.",
        (
            Theme(
                "The father’s history",
                "The pre-birth assessment focused on the mother, who was young and lived alone, "
                "and "
                "did not consider the father, who was not living with her at the time. His own "
                "experience of care, and the difficulties he had described to the midwife, were "
                "not explored.",
            ),
            Theme(
                "Concerns raised by a neighbour",
                "The neighbour’s two calls were each recorded as a contact and passed to the "
                "health "
                "visitor for information. Neither call was discussed with the family, and the "
                "health visitor did not know that the second call had been made.",
            ),
            Theme(
                "Supporting young parents",
                "Both parents were young and had limited support from their own families. Services "
                "were offered to the mother, but the father was not included in any of the support "
                "that was offered, and there was no discussion of how he was coping with a crying "
                "baby.",
            ),
        ),
        (
            "Pre-birth assessments should explore the history of both parents, including fathers "
            "who do not live with the mother, and should record whether either parent has been "
            "looked after as a child.",
            "Children’s social care should make sure that repeated contacts from members of the "
            "public about the same child are identified, discussed with a manager and followed up "
            "with the family.",
            "Westshire LSCB should promote guidance on coping with a crying baby and make sure "
            "that "
            "it is offered to fathers and male carers as well as to mothers.",
            "The LSCB should seek assurance that midwifery services share relevant information "
            "about fathers with the health visiting service at the handover of care.",
        ),
        _old(events=30),
    ),
    Review(
        "2014-eastmoor-child-f",
        2014,
        3,
        "Eastmoor",
        "Child F",
        (Child("Child F", "he", date(2004, 9, 1)),),
        (M, F),
        ("school", "police", "csc", "gp", "school_nurse", "early_help"),
        (2011, 1),
        (2013, 1),
        "Child F, who was eight years old, told a teaching assistant in January 2013 that his "
        "father had hit him with a belt. A medical examination found old and new bruises. Over the "
        "previous two years his teachers had noticed that he had become withdrawn, that his "
        "attendance had fallen and that he was frightened of getting things wrong.",
        "Child F lived with his mother and father and his younger sister. The police had been "
        "called to the home on five occasions because of arguments between the parents, and on "
        "two of those occasions the mother had injuries. The father was described by school staff "
        "as charming and articulate; the mother was rarely seen at the school.",
        (
            Theme(
                "Escalating the school’s concerns",
                "The school made two referrals to children’s social care, both of which were "
                "closed "
                "after an assessment. Staff at the school continued to be worried, but they did "
                "not "
                "know how to challenge the decision and did not use the LSCB’s escalation policy.",
            ),
            Theme(
                "Speaking to the child alone",
                "Child F was seen during both assessments, but on each occasion one of his parents "
                "was present. He was never asked, on his own and in a setting where he felt safe, "
                "what life at home was like.",
            ),
            Theme(
                "Domestic abuse and the risk to the child",
                "The domestic abuse between the parents was treated as a matter between adults. "
                "The "
                "police notifications to children’s social care were screened without reference to "
                "the school’s concerns, so the link between the violence at home and the changes "
                "in Child F’s behaviour was not made.",
            ),
        ),
        (
            "Eastmoor LSCB should make sure that schools have clear routes for escalating concerns "
            "when they disagree with a decision made by children’s social care, and that the "
            "escalation policy is included in designated safeguarding lead training.",
            "Children’s social care should make sure that every child who is the subject of an "
            "assessment is seen alone, unless there is a recorded reason why this is not "
            "possible.",
            "When a police notification about domestic abuse is screened, the screening should "
            "include information from the child’s school, so that the impact on the child can be "
            "considered.",
            "The LSCB should audit a sample of assessments closed with no further action after a "
            "referral from a school, to test whether the school’s concerns were fully addressed.",
        ),
        _old(header="split", page_number="Page {n}", rec_label=True, events=55),
    ),
    Review(
        "2016-westshire-child-h",
        2016,
        4,
        "Westshire",
        "Child H",
        (Child("Child H", "he", date(2012, 3, 1)),),
        (M,),
        ("hv", "nursery", "housing", "ed", "csc", "early_help"),
        (2013, 3),
        (2014, 7),
        "Child H died at home in July 2014, when he was two years old, from the effects of "
        "malnutrition and dehydration. His mother was later convicted of child cruelty. He had not "
        "been seen by any professional for more than three months before his death.",
        "Child H lived with his mother, who was a single parent. She had moved to Westshire from a "
        "city in the north of England in the spring of 2013, after the end of a relationship, and "
        "knew nobody in the area. She had a history of depression, for which she had been treated "
        "by her previous GP, but neither she nor Child H registered with a GP after the move.",
        (
            Theme(
                "Children not registered with a GP",
                "Because the family were not registered with a GP, there was no single place where "
                "information about Child H’s health was brought together. The health visiting "
                "service had no reliable way of knowing that a child had moved into the area.",
            ),
            Theme(
                "Absence from nursery",
                "Child H stopped attending his nursery in April 2014. The nursery sent two letters "
                "to the family address but did not tell the health visitor, because it did not "
                "regard non-attendance at a funded place as a safeguarding concern.",
            ),
            Theme(
                "Missed health visiting contacts",
                "Three health visiting contacts were missed in the year before Child H’s death. "
                "Each was recorded as ‘no access’, and the case was eventually transferred to a "
                "universal caseload with no further contact planned.",
            ),
            Theme(
                "Isolation and maternal mental health",
                "The mother’s isolation and her history of depression were known to the housing "
                "officer and, briefly, to the health visitor, but they were not seen as factors "
                "that might affect her ability to care for a young child.",
            ),
        ),
        (
            "The LSCB should set up a process for identifying and tracing children under five who "
            "move into the area and are not registered with a GP, involving health visiting, "
            "housing and early years services.",
            "Nurseries and other early years providers should report unexplained absence of more "
            "than two weeks to the child’s health visitor, and the LSCB should include this "
            "expectation in its guidance for early years settings.",
            "The health visiting service should review its ‘no access’ procedure, so that a child "
            "who has not been seen after two attempts is discussed with a safeguarding supervisor "
            "before any decision to close or transfer the case.",
            "Housing services should ask about the mental health and support networks of single "
            "parents placed in new accommodation, and should know how to refer them to local "
            "support.",
        ),
        Layout(official=True, rec_label=False, events=45),
    ),
    Review(
        "2016-anonymous-children-p-q-r",
        2016,
        10,
        None,
        "Children P, Q and R",
        (
            Child("Child P", "she", date(2000, 3, 1)),
            Child("Child Q", "she", date(2002, 6, 1)),
            Child("Child R", "she", date(2005, 1, 1)),
        ),
        (M, "the stepfather"),
        ("school", "school_nurse", "csc", "gp", "police", "housing"),
        (2011, 9),
        (2014, 5),
        "In May 2014 the eldest of three sisters, referred to here as Child P, told a school nurse "
        "that her stepfather had been sexually abusing her for several years. Her sisters, Child Q "
        "and Child R, later made similar disclosures. The stepfather was convicted of a number of "
        "serious sexual offences and was sentenced to fourteen years in prison.",
        "The girls lived with their mother and stepfather. The family moved frequently, both "
        "within the area and between areas, and the three girls had attended six schools between "
        "them in four years. The stepfather was the parent who usually attended meetings, and he "
        "was seen by many professionals as the more capable and organised of the two adults.",
        (
            Theme(
                "Reassurance from apparent cooperation",
                "The stepfather attended every meeting, returned calls promptly and was quick to "
                "agree with whatever was proposed. Professionals were reassured by this, and his "
                "cooperation became evidence in itself that the family did not need further help.",
            ),
            Theme(
                "Seeing children on their own",
                "The girls were seldom seen on their own. When they were, it was usually at school "
                "and for a specific purpose, such as a health check, rather than to talk about "
                "their lives at home.",
            ),
            Theme(
                "Indirect disclosures",
                "Child Q made several comments at school over a period of eighteen months that, "
                "with hindsight, were attempts to tell someone what was happening. They were "
                "recorded as examples of unusual or inappropriate behaviour rather than recognised "
                "as possible disclosures.",
            ),
        ),
        (
            "The LSCB should commission training for school staff on recognising indirect "
            "disclosures of sexual abuse, including comments, drawings and changes in behaviour.",
            "Children’s social care should issue guidance on seeing children alone during "
            "assessments, and on recording the reasons when this has not been possible.",
            "Schools should make sure that safeguarding records transfer promptly when a child "
            "moves school, and that the receiving school reviews the records within ten school "
            "days.",
            "The LSCB should remind practitioners that a parent’s cooperation with services does "
            "not in itself reduce the risk to children, and should include this learning in its "
            "training on sexual abuse within the family.",
        ),
        Layout(columns=2, font_size=10.0, leading=13.0, page_number="{n}", events=120),
    ),
    Review(
        "2016-harbourside-young-person-d",
        2016,
        8,
        "Harbourside",
        "Young person D",
        (Child("Young person D", "he", date(1998, 3, 1)),),
        (M,),
        ("yos", "csc", "custody", "camhs", "police", "gp"),
        (2014, 6),
        (2015, 9),
        "Young person D took his own life in September 2015, five weeks after he was released from "
        "a young offender institution. He was seventeen years old. He had been looked after by "
        "Harbourside City Council under a voluntary arrangement for two years before he was "
        "remanded in custody.",
        "Young person D grew up with his mother and two older brothers. His relationship with his "
        "mother broke down when he was fourteen, and he was accommodated by the local authority at "
        "her request. He had a long history of low mood and self-harm, and he had been assessed by "
        "the children’s mental health service when he was thirteen, but he had not taken up the "
        "support offered at the time.",
        (
            Theme(
                "Planning for release from custody",
                "Planning for Young person D’s release did not start until ten days before the "
                "date "
                "on which he was due to leave custody. As a result, there was no confirmed "
                "address, "
                "no appointment with a mental health practitioner and no agreed plan for who would "
                "meet him at the gate.",
            ),
            Theme(
                "Confusion about looked after status",
                "There was uncertainty, shared by several agencies, about whether Young person D "
                "was still a looked after child once he had been remanded and then sentenced. This "
                "uncertainty meant that nobody was clear who was responsible for his care planning "
                "on release.",
            ),
            Theme(
                "Mental health needs",
                "Young person D’s history of self-harm was recorded in the custody records and in "
                "the youth offending team’s assessments, but no specialist mental health "
                "assessment "
                "was completed before his release and none was arranged for afterwards.",
            ),
        ),
        (
            "The youth offending service and children’s social care should agree joint "
            "resettlement "
            "plans for every young person leaving custody, starting at least six weeks before the "
            "release date.",
            "Harbourside City Council should issue clear guidance on the looked after status of "
            "children who are remanded or sentenced, and on the duties that continue after their "
            "release.",
            "The children’s mental health service should make sure that every young person with a "
            "history of self-harm who is leaving custody is offered a mental health assessment "
            "within seven days of release.",
            "The LSCB should seek assurance that its partners have learnt from this review and "
            "should receive a report on the resettlement of young people from custody every six "
            "months for two years.",
        ),
        Layout(official=True, header="split", events=50),
    ),
    Review(
        "2016-northdale-baby-e",
        2016,
        11,
        "Northdale",
        "Baby E",
        (Child("Baby E", "she", date(2015, 1, 2)),),
        (M, F),
        ("midwife", "hv", "substance", "gp", "csc"),
        (2014, 5),
        (2015, 2),
        "Baby E died in February 2015, when she was six weeks old, while sleeping in the same bed "
        "as her father. A toxicology report showed that her father had taken heroin and diazepam "
        "on "
        "the evening before her death. The coroner recorded that the death was unexplained, and "
        "that co-sleeping in these circumstances was a significant risk.",
        "Baby E was the first child of her parents, who had been together for five years. Both had "
        "misused drugs for many years. During the pregnancy they were prescribed methadone by the "
        "drug treatment service and were offered additional support by a specialist midwife. They "
        "lived in a one-bedroom flat, and a cot had been provided by a local charity.",
        (
            Theme(
                "Safer sleep advice",
                "Safer sleep advice was given to the mother by the midwife before the birth and "
                "once by the health visitor after the birth. The advice was not repeated, it was "
                "not given to the father, and it did not address the particular risk of sharing a "
                "bed after taking drugs or alcohol.",
            ),
            Theme(
                "Adult services and the new baby",
                "The drug treatment service knew that the mother was pregnant, but it was not told "
                "of the birth and it did not ask. The father’s keyworker was unaware that there "
                "was "
                "a baby in the household.",
            ),
            Theme(
                "Assessment of the parents’ drug use",
                "The pre-birth assessment concluded that the parents’ drug use was stable and did "
                "not present a risk that required a child protection plan. It did not consider "
                "what "
                "would happen if either parent used drugs on top of their prescription, which both "
                "had done in the past.",
            ),
        ),
        (
            "Drug and alcohol services should ask every adult client about children in the "
            "household, including expected babies, and should share safer sleep information with "
            "every client who has a child under one.",
            "The health visiting service should make sure that safer sleep advice is given to both "
            "parents and that it is repeated at every contact during the first six months of a "
            "baby’s life.",
            "Midwifery services should notify the drug treatment service of the birth of a baby to "
            "a parent who is in treatment, with the parent’s consent, or without it where the risk "
            "to the baby justifies this.",
            "Pre-birth assessments of parents who misuse drugs should consider the risk of relapse "
            "and of use on top of prescribed medication, and should include a contingency plan "
            "for both.",
        ),
        Layout(official=True, rec_label=False, events=35),
        patient=F,
    ),
    Review(
        "2024-harbourside-young-person-e",
        2024,
        3,
        "Harbourside",
        "Young person E",
        (Child("Young person E", "she", date(2006, 9, 1)),),
        (M,),
        ("residential", "police", "csc", "school", "camhs", "sexual_health"),
        (2021, 4),
        (2023, 2),
        "Young person E was sixteen years old when, in February 2023, she told staff at her "
        "children’s home that she had been sexually exploited by two adult men over a period of "
        "eighteen months. Both men were later convicted of serious offences against her. At the "
        "time, Young person E was living in a children’s home more than a hundred miles from "
        "Harbourside.",
        "Young person E came into the care of Harbourside City Council at the age of thirteen, "
        "after her relationship with her mother broke down. She had lived in four placements "
        "before moving to the children’s home in 2021, which was chosen because no suitable "
        "placement was available nearer to home. She kept in touch with her mother and her younger "
        "brother by telephone, but visits were infrequent because of the distance.",
        (
            Theme(
                "The impact of distance",
                "Moving to a placement so far from home left Young person E isolated from her "
                "friends, her family and the professionals who knew her. She told the review that "
                "she felt ‘dumped’ and that she did not know anyone she could trust in the new "
                "area.",
            ),
            Theme(
                "Sharing information about adults who posed a risk",
                "Police in the area where Young person E was placed held information about one of "
                "the men who was later convicted. This was not shared with the children’s home "
                "until several weeks after staff first reported that she was spending time with "
                "him.",
            ),
            Theme(
                "Seeing the signs of exploitation",
                "Staff at the home recorded many of the signs of exploitation, including "
                "unexplained gifts, new phones and late returns, but these were seen as typical "
                "teenage behaviour. The home’s own risk assessment was not updated for six months.",
            ),
        ),
        (
            "Harbourside Safeguarding Children Partnership should work with neighbouring "
            "partnerships to agree a protocol for sharing intelligence about the exploitation of "
            "looked after children placed out of area, including the role of the police in both "
            "areas.",
            "Harbourside City Council should make sure that every decision to place a child more "
            "than twenty miles from home is agreed by a senior manager, and that the reasons and "
            "the plans to maintain the child’s relationships are recorded.",
            "Children’s homes used by the council should review and update each young person’s "
            "risk assessment whenever there is a missing episode or a concern about exploitation.",
            "The partnership should seek the views of young people placed out of area about the "
            "support they receive, and should use those views to shape its sufficiency strategy.",
        ),
        _new(rec_label=False, events=65),
    ),
    Review(
        "2024-kingsbridge-lowfield-child-t",
        2024,
        6,
        "Kingsbridge and Lowfield",
        "Child T",
        (Child("Child T", "he", date(2019, 4, 1)),),
        (M,),
        ("childminder", "hv", "gp", "police", "csc", "ed"),
        (2021, 5),
        (2022, 9),
        "In September 2022 Child T, who was three years old, was found by his childminder to have "
        "bruising to his face, ears and arms. A child protection medical concluded that the "
        "injuries had been caused deliberately. The mother’s partner was later convicted of "
        "causing actual bodily harm to Child T.",
        "Child T lived with his mother and, from the beginning of 2022, with his mother’s partner. "
        "The partner had previous convictions for violence against a former partner and her "
        "child, but he had not registered his new address and none of the agencies working with "
        "the family knew that he was living there. Child T attended a childminder three days a "
        "week while his mother worked.",
        (
            Theme(
                "Professional curiosity about new adults in the household",
                "Several practitioners heard references to a new partner, including from Child T "
                "himself, who talked about ‘mummy’s friend’. None asked who the partner was, "
                "whether he lived at the address or what his role was in caring for Child T.",
            ),
            Theme(
                "Police checks on new partners",
                "The partnership had no agreed expectation about when a check should be requested "
                "with the police about a new adult in a household with a young child. The health "
                "visitor told the review that she had not known that such checks were possible.",
            ),
            Theme(
                "Listening to early years providers",
                "The childminder raised a concern about a bruise on Child T’s arm in July 2022. "
                "Her "
                "call was taken as a request for advice, and she was told to monitor the "
                "situation, which left her unsure whether she had been right to call.",
            ),
        ),
        (
            "The partnership should issue practice guidance on ‘unseen men’ and on new adults in a "
            "household, and should check through audit how the guidance is used in child "
            "protection assessments.",
            "The partnership should make clear when practitioners should request a check with the "
            "police about a new adult in a household with a young child, and how such a request "
            "should be made.",
            "Children’s social care should make sure that a call from an early years provider "
            "about an injury to a child is treated as a referral unless the provider is clear "
            "that they are seeking advice only.",
            "The partnership should work with the local early years network to promote the role "
            "of childminders in safeguarding and to offer them access to multi-agency safeguarding "
            "training.",
        ),
        _new(header="split", events=40),
    ),
    Review(
        "2024-northdale-children-e-and-f",
        2024,
        9,
        "Northdale",
        "Children E and F",
        (Child("Child E", "she", date(2010, 10, 1)), Child("Child F", "she", date(2014, 9, 1))),
        (M, F),
        ("police", "school", "csc", "gp", "school_nurse", "da_service"),
        (2020, 9),
        (2023, 3),
        "Child E and Child F, two sisters who were twelve and eight years old, lived with domestic "
        "abuse between their parents for several years. In March 2023 the younger girl told a "
        "teacher that she was frightened to go home. Both girls were found to have suffered "
        "significant emotional harm, and their father has since left the family home.",
        "The girls lived with their mother and father in a village in the south of Northdale. The "
        "police had been called to the home eleven times between 2020 and 2023, usually late at "
        "night or at weekends. The mother was supported by a domestic abuse service for a period "
        "in 2021 but decided to remain in the relationship.",
        (
            Theme(
                "Notifying schools after domestic abuse incidents",
                "The partnership’s scheme for notifying schools after a police call-out operated "
                "only on weekdays during term time. Eight of the eleven call-outs took place at "
                "weekends or in the school holidays, so the girls’ schools were not told about "
                "them.",
            ),
            Theme(
                "The girls’ lived experience",
                "Records described the domestic abuse in terms of the adults’ relationship and the "
                "mother’s safety. Much less attention was paid to what the girls saw and heard, "
                "and "
                "to the effect on their sleep, their friendships and their learning.",
            ),
            Theme(
                "Support for the older sister",
                "Child E was described by her school as ‘mature’ and as a protective older sister. "
                "She told the review that she had spent many evenings looking after her younger "
                "sister while her parents argued, and that nobody had asked her how she was.",
            ),
        ),
        (
            "The partnership should extend its scheme for notifying schools after domestic abuse "
            "incidents to weekends and school holidays, and should evaluate its effect within a "
            "year.",
            "Schools should make sure that a notification about domestic abuse leads to a "
            "conversation with the child by a trusted member of staff on the next school day.",
            "Assessments where domestic abuse is a factor should describe the child’s experience "
            "in "
            "the child’s own words wherever possible, and the partnership should audit a sample of "
            "assessments against this standard.",
            "The partnership should make sure that young people who care for younger siblings "
            "during domestic abuse incidents are identified and offered support in their own "
            "right.",
        ),
        _new(rec_label=False, official=False, events=100),
    ),
    Review(
        "2024-westshire-child-u",
        2024,
        11,
        "Westshire",
        "Child U",
        (Child("Child U", "he", date(2012, 11, 1)),),
        (M, F),
        ("paediatrics", "school", "gp", "csc", "ed", "school_nurse"),
        (2021, 1),
        (2023, 4),
        "Child U died in hospital in April 2023, at the age of ten, from complications of a chest "
        "infection. He had complex health needs, including a neurological condition, epilepsy and "
        "difficulties with swallowing, and he relied on his parents for all aspects of his care. "
        "In the two years before his death he had not been brought to twenty-three hospital "
        "appointments.",
        "Child U lived with his mother, his father and his older sister. Both parents had given up "
        "work to care for him, and they described feeling exhausted and unsupported, particularly "
        "after the withdrawal of overnight respite care during the pandemic. Child U attended a "
        "special school, where staff knew him well and described a boy who loved music and the "
        "company of other children.",
        (
            Theme(
                "Hearing from disabled children directly",
                "Child U communicated through facial expression, sounds and some eye-gaze "
                "technology. Most professionals relied on his parents to interpret his wishes and "
                "feelings, and few had the time or the training to communicate with him directly.",
            ),
            Theme(
                "Missed appointments as a possible sign of neglect",
                "Missed appointments were recorded in each service as ‘did not attend’ and were "
                "rebooked. Nobody counted the total, and the language used in the records placed "
                "responsibility on Child U rather than on the adults who were expected to bring "
                "him.",
            ),
            Theme(
                "A shared plan between specialist and universal services",
                "Child U was known to at least fourteen professionals in hospital, community and "
                "education services. There was no single plan for his care, and no professional "
                "was identified as the person who held the whole picture.",
            ),
        ),
        (
            "Health providers in Westshire should agree a “was not brought” policy for disabled "
            "children and children with complex health needs, and share it with the partnership "
            "within six months.",
            "The partnership should make sure that every child with complex health needs who is "
            "known to three or more specialist services has a named lead professional and a single "
            "shared care plan.",
            "Training for practitioners working with disabled children should include "
            "communicating with children who do not use speech, and the partnership should check "
            "that this training is available across agencies.",
            "The integrated care board should review the availability of respite care for families "
            "of children with complex health needs and report its findings to the partnership.",
        ),
        _new(events=60),
        avoid=("comment by", "drop-in", "refused to say"),
    ),
    Review(
        "2025-eastmoor-child-w",
        2025,
        5,
        "Eastmoor",
        "Child W",
        (Child("Child W", "he", date(2018, 9, 1)),),
        (M,),
        ("school", "adult_mh", "gp", "csc", "early_help", "school_nurse"),
        (2022, 9),
        (2024, 1),
        "Child W, a five-year-old boy, was made the subject of a child protection plan for neglect "
        "in January 2024. For more than a year before that, his school had noticed that he was "
        "often late, that he was hungry when he arrived and that he came to school in clothing "
        "that was unsuitable for the winter weather. His mother was living with severe depression "
        "and was receiving treatment from the community mental health team.",
        "Child W lived with his mother in a flat on the first floor of a small block. His father "
        "had little contact with him. The mother had experienced periods of depression since her "
        "teens, and her illness became more severe after the death of her own mother in 2022. "
        "Child W was described by school staff as a kind and gentle boy who worried about his "
        "mother and often asked to go home early to check on her.",
        (
            Theme(
                "Focusing on the adult rather than the child",
                "The mental health services working with the mother gave her good care and kept in "
                "regular contact with her. Their records, however, contain almost nothing about "
                "Child W, and there was no discussion of how the mother’s illness was affecting "
                "his "
                "daily life.",
            ),
            Theme(
                "The child’s daily experience",
                "School staff saw Child W every day and had a clear picture of what his mornings "
                "were like. That picture was shared with early help but did not reach the mental "
                "health team, who continued to hear from the mother that her son was ‘doing fine’.",
            ),
            Theme(
                "Early help and escalation",
                "The early help plan was kept open for nine months, during which time the concerns "
                "did not reduce. The decision to refer to children’s social care was made only "
                "when "
                "a new family support worker took over and looked at the history afresh.",
            ),
        ),
        (
            "Adult mental health services should record the children of every parent they treat, "
            "and should consider and record the impact of the parent’s illness on each child at "
            "every review.",
            "The partnership should make sure that early help plans for children affected by "
            "parental mental illness are reviewed at least every three months and escalated when "
            "concerns do not reduce.",
            "Schools should be invited to contribute to reviews of parents’ mental health care "
            "where the parent consents, and the partnership should promote this through its "
            "guidance on think family practice.",
            "The partnership should include the learning from this review in its multi-agency "
            "training on neglect and on parental mental health.",
        ),
        _new(header="split", rec_label=False, events=50),
        patient=M,
    ),
    Review(
        "2025-eastmoor-young-person-k",
        2025,
        7,
        "Eastmoor",
        "Young person K",
        (Child("Young person K", "he", date(2008, 5, 1)),),
        (M,),
        ("police", "school", "csc", "yos", "youth_service", "camhs"),
        (2022, 9),
        (2023, 11),
        "Young person K, a fifteen-year-old boy, was reported missing from home eleven times "
        "during 2023. In November of that year he was found by police in another county, in a flat "
        "used for the supply of drugs, with a quantity of heroin and crack cocaine. He was "
        "initially arrested, and it was several weeks before he was recognised as a victim of "
        "criminal exploitation.",
        "Young person K lived with his mother and two younger siblings in a town in the east of "
        "Eastmoor. He had been a good attender at primary school but his attendance fell sharply "
        "after he moved to secondary school, and he was permanently excluded in the spring of "
        "2023. His mother asked for help on several occasions, telling professionals that she felt "
        "she was ‘losing him’.",
        (
            Theme(
                "Missing episodes as a sign of exploitation",
                "Each missing episode was reported and recorded, but the episodes were not "
                "considered together until after Young person K was found in another county. His "
                "absences followed a clear pattern, with longer episodes after weekends and school "
                "holidays.",
            ),
            Theme(
                "Return home interviews",
                "Return home interviews were offered after most of the missing episodes, but they "
                "were carried out by different workers each time. Young person K told the review "
                "that he ‘wasn’t going to tell a stranger anything’.",
            ),
            Theme(
                "Exclusion from school",
                "Young person K’s permanent exclusion removed the one setting in which he was seen "
                "every day. The alternative provision that was offered was part-time, and his "
                "attendance there was poor from the start.",
            ),
            Theme(
                "Safeguarding as young people approach adulthood",
                "Some practitioners described Young person K as ‘streetwise’ and as someone who "
                "knew "
                "what he was doing. This view made it harder to see him as a child in need of "
                "protection.",
            ),
        ),
        (
            "The partnership should review its missing children protocol so that repeated missing "
            "episodes prompt a multi-agency discussion about the possibility of exploitation.",
            "The partnership should make sure that police, schools and youth services share "
            "intelligence about exploitation at an early stage, including through the contextual "
            "safeguarding panel.",
            "Return home interviews should, wherever possible, be carried out by the same worker, "
            "chosen with the young person’s views in mind.",
            "The local authority should seek assurance that schools consider the risk of "
            "exploitation before a decision to exclude a pupil permanently, and that a safety plan "
            "is in place when exclusion goes ahead.",
        ),
        _new(events=110),
    ),
    Review(
        "2025-harbourside-child-a",
        2025,
        7,
        "Harbourside",
        "Child A",
        (Child("Child A", "she", date(2023, 10, 5)),),
        (M, F),
        ("midwife", "hv", "gp", "ed", "csc", "police"),
        (2023, 4),
        (2024, 2),
        "In February 2024 Child A, a four-month-old girl, was taken to hospital by her parents "
        "with a swollen leg. Investigations found a fracture of the thigh bone and older fractures "
        "to several ribs. Her father was later convicted of causing her grievous bodily harm, and "
        "she now lives with her maternal grandmother.",
        "Child A was the first child of her mother and father, who had been together for two "
        "years. The mother had a history of anxiety, and the father had been known to children’s "
        "social care as a child, although this was not known to the professionals working with "
        "the family. The father worked nights and was often asleep when professionals visited the "
        "home.",
        (
            Theme(
                "Seeing and hearing from fathers",
                "Almost every professional contact was with the mother. The father was rarely "
                "seen, "
                "and when he was present he was not asked about his own history, his mental health "
                "or how he was coping with a young baby.",
            ),
            Theme(
                "Unexplained bruising in a non-mobile baby",
                "In December 2023 the health visitor saw a small bruise on Child A’s cheek. The "
                "mother said that it had been caused by a dummy clip, and the health visitor "
                "accepted the explanation without seeking advice, although the partnership’s "
                "guidance said that any bruise in a non-mobile baby should lead to a referral.",
            ),
            Theme(
                "Sharing information before birth",
                "Midwifery services knew about the father’s history because the mother mentioned "
                "it at the booking appointment. This information was not shared with children’s "
                "social care or passed to the health visitor at the handover of care.",
            ),
        ),
        (
            "The safeguarding partnership should review its guidance on bruising in non-mobile "
            "babies and check that it is used consistently by GPs, emergency departments and "
            "health visitors.",
            "Midwifery and health visiting services should record the details of both parents and "
            "should ask both about their own history, their mental health and their support "
            "networks.",
            "The partnership should agree a standard for sharing information about parents’ "
            "histories between midwifery and children’s social care before the birth of a baby.",
            "The partnership should develop, with local fathers, a campaign to promote the role of "
            "fathers in the care of babies and to make services more welcoming to them.",
        ),
        _new(rec_label=False, events=35),
    ),
    Review(
        "2025-northdale-baby-l",
        2025,
        3,
        "Northdale",
        "Baby L",
        (Child("Baby L", "he", date(2023, 8, 20)),),
        (M, F),
        ("midwife", "hv", "housing", "gp", "police"),
        (2023, 1),
        (2023, 10),
        "Baby L died in October 2023, when he was seven weeks old, while sleeping on a sofa with "
        "his father. Both parents had been drinking alcohol on the evening before. The family were "
        "living in temporary accommodation at the time, in a single room with one double bed and "
        "no space for a cot.",
        "Baby L was the second child of his parents. His older sister was three. The family had "
        "been evicted from their previous home in the summer of 2023 because of rent arrears, and "
        "they moved into temporary accommodation two weeks before Baby L was born. Both parents "
        "had "
        "drunk heavily at times in the past, but neither was receiving treatment.",
        (
            Theme(
                "Safer sleep advice for parents who drink",
                "Safer sleep advice was given by the midwife and the health visitor, but it did "
                "not "
                "address the increased risk of sleeping with a baby after drinking alcohol. "
                "Neither "
                "practitioner asked the parents about their drinking after the birth.",
            ),
            Theme(
                "Asking about sleeping arrangements",
                "The health visitor who carried out the new birth visit did not see where Baby L "
                "slept. The record states that safer sleep was ‘discussed’, but there is no record "
                "of what was said or of the parents’ response.",
            ),
            Theme(
                "Temporary accommodation",
                "The family’s room was too small for a cot, and the housing officer who arranged "
                "the placement did not know that a baby was due. The parents told the review that "
                "they felt they had no choice but to share a bed or a sofa with their son.",
            ),
        ),
        (
            "The partnership should make sure that safer sleep conversations are recorded at every "
            "contact in the first three months of a baby’s life, including where the baby sleeps "
            "and the parents’ use of alcohol and drugs.",
            "Housing officers should receive safer sleep training, and the housing authority "
            "should "
            "make sure that no family with a baby is placed in accommodation without space for a "
            "cot.",
            "Midwifery and health visiting services should ask about alcohol use after the birth, "
            "using a recognised screening tool, and should tailor safer sleep advice to the "
            "answer.",
            "The partnership should work with the housing authority to make sure that it is told "
            "when a pregnant woman or a family with a baby is placed in temporary accommodation.",
        ),
        _new(events=30),
    ),
    Review(
        "2025-northdale-child-v",
        2025,
        8,
        "Northdale",
        "Child V",
        (Child("Child V", "she", date(2009, 11, 1)),),
        (M, F),
        ("camhs", "school", "gp", "ed", "school_nurse"),
        (2023, 3),
        (2024, 4),
        "In April 2024 Child V, a fourteen-year-old girl, was admitted to hospital after a serious "
        "act of self-harm. She had been waiting for seven months for an assessment by the "
        "children’s mental health service. Some weeks before, she had told a teacher that she felt "
        "“invisible” at home and at school.",
        "Child V lives with her mother, her father and her younger brother. Her parents describe a "
        "happy and lively girl whose mood changed over the course of 2023, after the end of a "
        "close friendship and a period of online bullying. They sought help from the GP and the "
        "school and were told that she had been referred to the mental health service and would "
        "be contacted.",
        (
            Theme(
                "Managing waiting lists",
                "Child V was placed on a waiting list in September 2023 and remained there for "
                "seven months. During that time nobody from the mental health service contacted "
                "her "
                "or her family to check how she was, and there was no route for her risk to be "
                "reassessed.",
            ),
            Theme(
                "The role of school pastoral staff",
                "School pastoral staff saw Child V regularly and were worried about her. They were "
                "not invited to contribute to planning and did not know that she was still waiting "
                "for an assessment.",
            ),
            Theme(
                "Recording the child’s own words",
                "Child V’s description of feeling “invisible” was recorded by her teacher but was "
                "not passed on. She told the review that she wanted professionals to “actually "
                "listen and then do something”.",
            ),
        ),
        (
            "The integrated care board should report to the partnership every quarter on waiting "
            "times for children’s mental health assessments, including the number of children who "
            "have waited more than eighteen weeks.",
            "The children’s mental health service should make sure that every child on its waiting "
            "list has a named professional who keeps in touch with the child and their family at "
            "least monthly.",
            "Schools should be invited to contribute to the planning for any pupil who is waiting "
            "for a mental health assessment, and the partnership should agree how this will "
            "happen.",
            "Practitioners in all agencies should record a child’s own words when the child "
            "describes how they feel, and pass them on when they make a referral.",
        ),
        _new(header="centre", page_number="{n}", events=45),
    ),
    # The two long reports: many years of chronology, more findings, six recommendations.
    Review(
        "2025-westshire-children-m-and-n",
        2025,
        4,
        "Westshire",
        "Children M and N",
        (Child("Child M", "he", date(2013, 8, 1)), Child("Child N", "he", date(2016, 11, 1))),
        (M, F),
        (
            "school",
            "gp",
            "school_nurse",
            "csc",
            "early_help",
            "ed",
            "hv",
            "dentist",
            "housing",
            "police",
        ),
        (2017, 9),
        (2023, 2),
        "In February 2023 Child N, who was then six years old, was admitted to hospital with a "
        "severe infection of his foot that had been left untreated for several weeks. Doctors also "
        "found that he and his nine-year-old brother, Child M, had extensive tooth decay, head "
        "lice "
        "and untreated eczema. Both boys were made the subject of child protection plans, and they "
        "now live with foster carers.",
        "Child M and Child N lived with their mother and father in a rented house in a market town "
        "in the west of Westshire. The family had been known to children’s services since 2017, "
        "when the health visitor first raised concerns about the condition of the home. The father "
        "had a long-term back condition and had not worked for several years; the mother worked "
        "part-time in a care home. Both parents loved their sons and were proud of them, and both "
        "told the review that they had not understood how serious the situation had become.",
        (
            Theme(
                "Drift in child in need planning",
                "The family were the subject of child in need plans on four separate occasions "
                "between 2018 and 2022. Each plan was closed when the parents had made some "
                "improvements, and each time the improvements faded within months.",
            ),
            Theme(
                "The cumulative impact of neglect",
                "Each referral was assessed on its own facts. No assessment brought together the "
                "full history of the family’s involvement with services, so the long-term harm to "
                "the boys was never set out in a single place.",
            ),
            Theme(
                "School attendance as an indicator of need",
                "Child M’s attendance fell to seventy-eight per cent in the school year 2021 to "
                "2022, and Child N’s to seventy-four per cent. The school’s attendance data was "
                "accurate and up-to-date, but it was used to manage attendance rather than to "
                "understand what was happening at home.",
            ),
            Theme(
                "Health care and missed appointments",
                "The boys were not brought to eleven dental, optician and clinic appointments "
                "between 2019 and 2022. Each service managed its own missed appointments, and none "
                "of them knew the scale of the problem across the others.",
            ),
            Theme(
                "The children’s lived experience",
                "The boys’ own experience of daily life was rarely recorded. When Child M was "
                "asked "
                "by his teacher in 2022 what he had eaten the previous evening, he said “nothing, "
                "because there wasn’t anything”, and the comment was recorded but not acted on.",
            ),
            Theme(
                "Working with parents who appeared to cooperate",
                "The parents were friendly, apologetic and quick to agree with professionals. This "
                "made it hard for practitioners to hold on to their concerns, and some described "
                "feeling that pressing further would damage a good working relationship.",
            ),
            Theme(
                "Supervision and management oversight",
                "Decisions to close the child in need plans were agreed by managers, but the "
                "records of those decisions rarely show that the history of previous closures was "
                "considered. The supervision of the allocated social workers focused on tasks and "
                "deadlines.",
            ),
            Theme(
                "Good practice",
                "There were examples of good practice throughout the period, including the school "
                "nurse’s persistent efforts to arrange dental treatment and the family support "
                "worker’s warm relationship with both boys.",
            ),
        ),
        (
            "Westshire Safeguarding Children Partnership should promote the use of a single "
            "neglect assessment tool across all agencies, with multi-agency training and a clear "
            "expectation that the tool is used at every assessment where neglect is a concern.",
            "Children’s social care should audit how decisions to close child in need plans are "
            "agreed, including whether the history of previous plans has been considered, and "
            "report the findings to the partnership.",
            "The partnership should agree how school attendance data will be shared with "
            "children’s social care and health services when a child known to services has "
            "attendance below ninety per cent.",
            "Health providers should agree a ‘was not brought’ approach for children’s "
            "appointments, so that a pattern of missed appointments across services is identified "
            "and shared.",
            "Every assessment of a child who may be experiencing neglect should include a summary "
            "of the family’s history with services and a description of the child’s daily life in "
            "the child’s own words.",
            "The partnership should review the supervision arrangements for social workers holding "
            "child in need cases, so that supervision includes reflective discussion of cumulative "
            "harm as well as case management.",
        ),
        Layout(long=True, official=True, table=True, events=520),
    ),
    Review(
        "2025-kingsbridge-lowfield-children-p-q-r",
        2025,
        8,
        "Kingsbridge and Lowfield",
        "Children P, Q and R",
        (
            Child("Child P", "she", date(2011, 12, 1)),
            Child("Child Q", "he", date(2015, 9, 1)),
            Child("Child R", "she", date(2021, 2, 1)),
        ),
        (M,),
        (
            "csc",
            "nursery",
            "school",
            "hv",
            "gp",
            "police",
            "da_service",
            "housing",
            "early_help",
            "ld_team",
        ),
        (2017, 4),
        (2023, 5),
        "In May 2023 Child P, Child Q and Child R, who were then eleven, seven and two years old, "
        "were removed from their mother’s care after staff at Child R’s nursery raised concerns "
        "about her weight, her speech and her frequent absences. All three children were found to "
        "have experienced long-term neglect and emotional abuse. They now live together with "
        "foster carers, and they see their mother regularly.",
        "The children lived with their mother, who has a learning disability. Until 2020 the "
        "household also included the mother’s former partner, the father of Child Q and Child R, "
        "who was abusive towards the mother and was convicted of assaulting her in 2019. Between "
        "2017 and 2023 the family moved between Kingsbridge and Lowfield five times, often after "
        "the loss of a tenancy, and each move brought a transfer of their case between the two "
        "local authorities.",
        (
            Theme(
                "Transferring cases between the two local authorities",
                "Each time the family moved, the receiving authority began a new assessment. "
                "Transfers took between six and fourteen weeks to complete, and in the meantime no "
                "authority was clearly responsible for the children.",
            ),
            Theme(
                "Holding the whole history",
                "Kingsbridge and Lowfield each held only part of the family’s history. No single "
                "chronology existed until this review was commissioned, and practitioners in each "
                "authority described seeing ‘a family with a few issues’ rather than children who "
                "had been neglected for years.",
            ),
            Theme(
                "Sharing the outcome of strategy discussions",
                "In 2021 Kingsbridge held a strategy discussion after Child P disclosed that her "
                "mother’s former partner had visited the house. The outcome was not shared with "
                "Lowfield when the family moved a month later, so the new social worker began her "
                "assessment without knowing about the concern.",
            ),
            Theme(
                "Adapting communication to the mother’s needs",
                "The mother’s learning disability was known to most agencies, but letters, plans "
                "and written agreements were rarely adapted for her. She told the review that she "
                "often did not understand what was expected of her and was too embarrassed to say "
                "so.",
            ),
            Theme(
                "The legacy of domestic abuse",
                "The domestic abuse the mother experienced from her former partner had a lasting "
                "effect on her confidence and on her capacity to care for the children. After he "
                "left the household, professionals tended to treat the domestic abuse as a matter "
                "that had been resolved.",
            ),
            Theme(
                "The children’s voices",
                "Child P was articulate and often spoke for her brother and sister. Her account of "
                "family life was frequently taken as the account of all three children, so the "
                "particular experiences of Child Q and Child R went unheard.",
            ),
            Theme(
                "The nursery’s role",
                "The nursery that raised the concerns in 2023 had kept careful records of Child "
                "R’s "
                "attendance, weight and development. Its referral was clear and well evidenced, "
                "and "
                "it is an example of the value of early years providers in identifying neglect.",
            ),
            Theme(
                "Housing and the family’s frequent moves",
                "Each of the family’s five moves followed a housing crisis, and each move "
                "disrupted "
                "the children’s schooling and health care. Housing services in both areas were "
                "aware of the children but did not see their role as including the children’s "
                "safety.",
            ),
        ),
        (
            "Kingsbridge and Lowfield Safeguarding Children Partnership should agree a joint "
            "protocol for transferring open cases across the boundary between the two local "
            "authorities, including timescales and a requirement that the receiving authority "
            "holds a transfer meeting within fifteen working days.",
            "The partnership should make sure that the outcome of every strategy discussion is "
            "shared with any other local authority to which the family moves within twelve months, "
            "and that this requirement is included in both authorities’ procedures.",
            "Assessments and plans for parents with learning disabilities should use accessible "
            "formats, and practitioners should check the parent’s understanding at every review "
            "meeting.",
            "The partnership should make sure that a single chronology is kept for families who "
            "move between the two local authorities, which both authorities can add to and see.",
            "Practitioners should seek the views of each child in a sibling group separately, and "
            "the partnership should audit a sample of assessments of sibling groups against this "
            "standard.",
            "Housing services in both authorities should be represented on the partnership’s "
            "neglect subgroup and should receive training on recognising and reporting neglect.",
        ),
        Layout(
            columns=2,
            long=True,
            font_size=10.5,
            leading=13.5,
            page_number="{n}",
            official=True,
            header="split",
            rec_label=False,
            events=900,
        ),
        patient=M,
    ),
)

REVIEWERS = (
    "Dr Miriam Halloway",
    "Jonathan Pryce",
    "Ann Seddon",
    "Rajesh Mistry",
    "Catherine Oduya",
    "Peter Whitlam",
    "Dr Sarah Kettle",
    "Eleanor Fitch",
)


# --------------------------------------------------------------------------- prose pools
#
# Placeholders: {subject} ("Child Q", "Children M and N"), {children} (the subject, or "the
# children" for a sibling group), {body}, {board} ("the LSCB" / "the partnership"), {Board},
# {area}, {kind}, {start} and {end} (the period under review), {reviewer}. Each sentence is used at
# most once per report, so that a reader of the ground truth can align sentences one to one.

WHY_OLD = (
    "{body} decided to carry out a {kind} after considering the circumstances at a meeting of its "
    "serious case review subcommittee.",
    "The criteria in the statutory guidance then in force were met because abuse or neglect was "
    "known or suspected and there was cause for concern about the way in which agencies had worked "
    "together.",
    "The independent chair of {board} agreed with the subcommittee’s recommendation, and the "
    "national panel of independent experts was told of the decision.",
    "The review was asked to establish what lessons could be learnt about the way in which local "
    "professionals and organisations work individually and together to safeguard children.",
    "A {kind} is not an inquiry into how a child died or was harmed, nor into who is culpable; "
    "those are matters for the coroner and the criminal courts.",
    "The review was conducted in parallel with a police investigation, and the timetable was "
    "extended so that the criminal proceedings were not prejudiced.",
)
WHY_NEW = (
    "The case was notified to the national Child Safeguarding Practice Review Panel, and a rapid "
    "review was held within fifteen working days.",
    "The rapid review concluded that the criteria for a {kind} were met, and the national panel "
    "agreed with that decision.",
    "The safeguarding partners in {area} (the local authority, the integrated care board and the "
    "police) commissioned an independent reviewer to lead the work.",
    "The purpose of a review of this kind is not to apportion blame, but to identify improvements "
    "that are needed to safeguard and promote the well-being of children.",
    "The review was carried out alongside a criminal investigation, and its publication was "
    "delayed until the trial had concluded.",
    "The safeguarding partners agreed terms of reference which set out the questions the review "
    "should answer.",
)
METHOD_OLD = (
    "Each agency that had contact with the family provided a chronology and an individual "
    "management review analysing its involvement.",
    "The individual management reviews were written by managers who had no direct involvement in "
    "the case, and each was signed off by a senior manager of the agency concerned.",
    "A review panel of senior managers from the agencies involved met six times to oversee the "
    "work, test emerging findings and agree the recommendations.",
    "The overview author read the individual management reviews and the agency chronologies, "
    "met the authors and asked a number of follow-up questions.",
    "A half-day learning event was held for the practitioners and first-line managers who had "
    "worked with the family.",
    "The overview author, {reviewer}, is independent of the agencies involved in this case and of "
    "{body}.",
)
METHOD_NEW = (
    "The review followed a systems approach, which seeks to understand why actions and decisions "
    "made sense to practitioners at the time rather than judging them with hindsight.",
    "Each agency that had contact with the family provided a chronology and a short report "
    "analysing its involvement.",
    "A learning event was held for the practitioners and first-line managers who had worked with "
    "the family, and their contributions have shaped the findings of this report.",
    "A review panel of senior managers from the agencies involved met five times to oversee the "
    "work, test emerging findings and agree the recommendations.",
    "The reviewer, {reviewer}, read case records, met managers individually and considered "
    "relevant national research and the findings of earlier local reviews.",
    "Practitioners were open and reflective in describing their work, and the reviewer is "
    "grateful for the time they gave to the review.",
)
FAMILY_INVOLVEMENT = (
    "The reviewer wrote to the family at the start of the review to explain its purpose and to "
    "invite their views.",
    "The mother met the reviewer on two occasions and spoke openly about her experience of the "
    "services she had received.",
    "Contact with the family was delayed until the criminal proceedings had concluded, so that "
    "nothing the review did could affect them.",
    "The family’s contributions have been invaluable in understanding what help felt like from "
    "their side.",
    "Where members of the family are quoted in this report, they have agreed to the use of their "
    "words.",
    "Some members of the family chose not to take part, and the review has respected that "
    "decision.",
)
FAMILY_EXTRA = (
    "The review considered the family’s ethnicity, culture and faith, and found no evidence that "
    "these affected the way services were offered to them.",
    "The family are White British and English is their first language.",
    "To protect the privacy of {children}, this report does not give the names of the schools, "
    "health settings or teams involved.",
    "Members of the wider family lived some distance away and had little contact with the "
    "household during the period under review.",
)
AGENCY_EXTRA = (
    "Most of the contact was with universal services, and for long periods no specialist service "
    "was involved.",
    "The level of contact varied a great deal over the period, with bursts of activity after each "
    "new concern and long gaps in between.",
    "The chronology that follows is a summary; the full combined chronology ran to more than a "
    "hundred pages.",
    "Only the contacts that are significant for the findings of this review are described here.",
)
FINDING_GENERIC = (
    "Practitioners described feeling that they were working on their own, with little sense of a "
    "shared plan for {children}.",
    "Records were often detailed about what adults said, and much less detailed about what "
    "{children} were seen to do or heard to say.",
    "It is easy, with hindsight, to see a pattern that was not visible at the time, and this "
    "review has tried hard to avoid that trap.",
    "There was a tendency to accept explanations at face value without checking them against the "
    "information held by other agencies.",
    "Supervision records show that the case was discussed, but the discussions focused on tasks "
    "rather than on the cumulative picture of risk.",
    "The learning event heard that caseloads were high during this period and that several posts "
    "in the team were vacant or covered by temporary staff.",
    "Thresholds for intervention were understood differently by different agencies, which led to "
    "frustration and, at times, to concerns not being referred at all.",
    "When concerns were passed to children’s social care, the response was proportionate to the "
    "information shared, but the information shared was incomplete.",
    "Professional challenge was rare, and the escalation policy was not used at any point during "
    "the period under review.",
    "The review found examples of committed and caring practice, and these should be recognised "
    "alongside the shortcomings described here.",
    "Information was shared, but often by letter or email, and rarely in a conversation in which "
    "its meaning could be explored.",
    "Some practitioners were unsure whether they were allowed to share information without "
    "consent, and so did not share it.",
    "The review has not found that any single decision would have changed the outcome, but it has "
    "found a series of missed chances to understand what was happening.",
    "The records of several agencies use the phrase ‘no concerns’ in circumstances where the "
    "practitioner did not in fact have enough information to reach that view.",
    "Multi-agency meetings were well attended in the early stages, but attendance fell away as "
    "time went on and some meetings were cancelled.",
    "Plans tended to list the services that would be offered rather than the changes that were "
    "needed for {children}.",
    "The family’s circumstances changed frequently, and assessments struggled to keep up with "
    "those changes.",
    "A well-being check that relies on a conversation at the front door cannot give a reliable "
    "picture of a child’s life.",
    "Practitioners who knew the family well had useful knowledge that was not always sought by "
    "those making decisions.",
    "The focus on securing the parents’ engagement sometimes pushed the needs of {children} into "
    "the background.",
    "This is a familiar finding in reviews of this kind, and it shows how hard it is to keep a "
    "child in view when adults’ needs are pressing.",
    "Managers told the review that they relied on the judgement of experienced practitioners, "
    "which is reasonable, but it meant that some decisions were not tested.",
    "Electronic record systems did not always make it easy to see the history of a case, and "
    "important information was held in attached documents rather than in the records themselves.",
    "Where practitioners did escalate their concerns, they were usually right to do so, and their "
    "persistence made a difference.",
    "The language used in some records was vague, and terms such as ‘chaotic’ and ‘volatile’ were "
    "used without describing what had actually been seen.",
    "Practitioners generally had a good understanding of their own agency’s procedures, but a much "
    "weaker understanding of what other agencies could offer.",
    "Decision-making was sometimes driven by the availability of services rather than by an "
    "analysis of need.",
    "The safeguarding leads within each agency were consulted on some occasions, and their advice "
    "was sound, but it was not always followed up.",
    "The review panel agreed that these issues are not unique to this family and are likely to be "
    "found in work with other families across {area}.",
    "Several agencies had a well-developed understanding of part of the family’s life, but none "
    "had an understanding of the whole.",
    "The absence of a lead professional meant that no one was responsible for pulling the "
    "information together.",
    "Records made after home visits were often brief and did not describe the condition of the "
    "home or the interaction between parent and child.",
    "Practitioners spoke warmly of {children} and clearly cared about what happened to them.",
    "Written agreements with the family were used, but they were not always realistic, and there "
    "was little discussion of what would happen if they were not kept.",
    "Opportunities for reflective supervision were limited, and practitioners said that they "
    "valued the chance to think about the case that the learning event provided.",
    "The agencies involved have already made a number of changes as a result of their own "
    "reviews of their involvement, and these are welcomed.",
    "Referrals were sometimes made without a clear statement of what the referrer was worried "
    "about and what they hoped would happen next.",
    "Good relationships between practitioners and the family were an asset, but they could also "
    "make it harder to name concerns directly.",
    "Daily pressure on duty and assessment teams meant that the time available for each new "
    "contact was short.",
    "The review found no evidence that practitioners lacked commitment; the difficulties it "
    "describes are largely about systems and the conditions in which people work.",
    "It is important to remember that the family were also living in poverty, and that the cost "
    "of travel, food and heating affected the choices available to them.",
    "Follow-up of actions agreed at meetings was inconsistent, and minutes were sometimes "
    "circulated weeks after the meeting had taken place.",
    "An efficient flow of information between agencies depends on relationships as much as on "
    "procedures, and those relationships were weakened by frequent changes of staff.",
    "The back office systems that support referrals were not designed with multi-agency work in "
    "mind, and practitioners found workarounds of their own.",
    "Day-to-day practice was often better than the records suggest, but the records are what other "
    "practitioners relied on.",
    "A child-centred approach means asking what a decision will mean for the child, and that "
    "question was not always asked.",
    "Face-to-face contact with {children} was less frequent than the plans required.",
    "No agency had a complete, up-to-date picture of who was living in the household.",
    "The review heard that newly qualified staff were given complex cases without the level of "
    "support that the case required.",
)
QUOTES = (
    "One practitioner told the review: “I knew something wasn’t right, but I couldn’t put my "
    "finger on it, and I didn’t know who to tell.”",
    "A manager reflected that “we were always responding to the latest incident and never had "
    "time to step back”.",
    "Another practitioner said that the family were ‘always polite and always had an answer’, "
    "which made it hard to hold on to a sense of concern.",
    "<4+>A teacher said: “We saw the children every day. I wish someone had asked us what we saw.”",
    "One health practitioner described the case as “a jigsaw where everyone had a piece but nobody "
    "had the box”.",
    "A social worker told the learning event: “By the time I got to know the family, the case was "
    "being closed.”",
    "Practitioners described the pressure of ‘keeping the door open’ with parents who could "
    "withdraw their consent at any time.",
    "One participant at the learning event said that she had felt ‘reassured by the paperwork’ "
    "rather than by what she had seen.",
    "A police officer commented that “each call looked small on its own”.",
    "A family support worker said: “I thought the social worker knew. It turned out she didn’t.”",
    "One manager described the team’s approach at the time as “hoping the next visit would be "
    "better”.",
    "A school nurse said that she had ‘felt like a nuisance’ for raising the same concern again.",
)
CONCLUSION = (
    "This review has described a family who were known to many services, and children whose "
    "experience was not fully understood by any of them.",
    "The findings are not new, and they echo those of reviews carried out elsewhere; the challenge "
    "for {board} is to make sure that the learning leads to lasting change.",
    "The review is grateful to the practitioners and managers who gave their time and spoke "
    "honestly about their work.",
    "{Board} will monitor the implementation of the recommendations through its learning and "
    "improvement subgroup and will publish a progress report.",
    "The reviewer hopes that this report will be read by practitioners across {area}, and that it "
    "will help them to keep the child at the centre of their work.",
    "It is important to recognise the changes that agencies have already made since the events "
    "described here.",
)
REC_INTRO = (
    "The review makes the following recommendations to {body} and its member agencies.",
    "{Board} should ask each agency to report on its progress within six months of publication.",
    "Each recommendation is linked to one or more of the findings in the previous section.",
)
EXEC_CLOSE = (
    "The review found that practitioners worked hard to support the family, but that their work "
    "was not brought together in a way that kept {children} in view.",
    "Many of the issues identified here are familiar from national research and from other "
    "reviews, and they are not easily solved by changes to procedure alone.",
)
FRAMING = (
    "During the {season} of {year} most contact with the family was through {agency}.",
    "The {season} of {year} brought a period of greater contact with services.",
    "Little changed for the family in the {season} of {year}, and most contact with services was "
    "routine.",
    "In the {season} of {year} several agencies were in contact with the family at the same time.",
    "The events of the {season} of {year} are described in more detail because of their "
    "significance for the findings.",
)
# References back to the chronology; the date makes each one unique.
REFERENCES = (
    "The contact on {date} was a missed opportunity to {opportunity}.",
    "The decision recorded on {date} made sense at the time, given what was known, but it was not "
    "revisited when new information emerged.",
    "By {date} the pattern of {pattern} should have prompted a multi-agency discussion.",
    "What happened on {date}, when {worker} {action}, is a good example of the difficulty "
    "described in this section.",
    "Had the information recorded on {date} been shared, {other} would have been able to "
    "{opportunity}.",
    "The review has looked closely at the events of {date}, when {worker} {action}.",
    "Practitioners at the learning event agreed that the contact on {date} should have been "
    "discussed with a safeguarding lead.",
    "The significance of the contact on {date} was not recognised at the time.",
)
OPPORTUNITIES = (
    "ask {child} directly about life at home",
    "share the concern with {other}",
    "call a multi-agency meeting",
    "seek advice from a safeguarding lead",
    "look again at the family’s history as a whole",
    "check whether {adult} was receiving the support that had been agreed",
    "speak to {adult} about the impact on {child}",
)

# Words the layout may break at line ends, as a typesetter's dictionary would; anything not here
# breaks between two consonants, and only for some words, so that most lines end whole.
_BREAKS = {
    w.replace("|", ""): tuple(w.split("|"))
    for w in (
        "safe|guard|ing",
        "pro|fes|sion|als",
        "in|for|ma|tion",
        "as|sess|ment",
        "as|sess|ments",
        "prac|ti|tion|ers",
        "re|spon|si|bil|i|ties",
        "com|mu|ni|ca|tion",
        "ap|point|ment",
        "ap|point|ments",
        "re|la|tion|ship",
        "un|der|stand|ing",
        "rec|om|men|da|tions",
        "ar|range|ments",
        "ac|com|mo|da|tion",
        "de|vel|op|ment",
        "de|part|ment",
        "ex|pe|ri|ence",
        "part|ner|ship",
        "or|gan|i|sa|tions",
        "at|ten|dance",
        "su|per|vi|sion",
        "man|age|ment",
        "sig|nif|i|cant",
        "con|sid|ered",
        "com|mu|ni|ty",
        "ex|ploi|ta|tion",
        "en|vi|ron|ment",
        "cir|cum|stances",
        "con|sul|ta|tion",
        "in|de|pend|ent",
        "emer|gen|cy",
        "par|tic|u|lar|ly",
        "op|por|tu|ni|ty",
        "in|ter|ven|tion",
        "im|prove|ments",
        "con|cerns",
        "tem|po|rary",
        "re|fer|ral",
        "re|fer|rals",
        "dis|cus|sion",
        "chro|nol|o|gy",
    )
}
_VOWELS = set("aeiouy")
# Consonant pairs that stay together at a break ("re-flect", not "ref-lect").
_CLUSTERS = frozenset(
    [
        "th",
        "sh",
        "ch",
        "ph",
        "wh",
        "ck",
        "ng",
        "qu",
        "bl",
        "cl",
        "fl",
        "gl",
        "pl",
        "br",
        "cr",
        "dr",
        "fr",
        "gr",
        "pr",
        "tr",
        "ct",
        "st",
        "sp",
    ]
)


def hyphenate(word: str) -> list[tuple[str, str]]:
    """Break points for reportlab's ``hyphenationLang`` hook, longest head first.

    Words with a hyphen of their own ("multi-agency") may break after it, as real layouts do;
    the extractor then has to tell "multi-" + "agency" from "assess-" + "ment".
    """
    if "-" in word:
        parts = word.split("-")
        if any(len(p) < 2 for p in parts):
            return []
        return [
            ("-".join(parts[:i]) + "-", "-".join(parts[i:])) for i in range(len(parts) - 1, 0, -1)
        ]
    if not word.isalpha() or not word.islower():
        return []
    if word in _BREAKS:
        syllables = _BREAKS[word]
        cuts = [len("".join(syllables[:i])) for i in range(1, len(syllables))]
    else:
        if len(word) < 9 or zlib.crc32(word.encode()) % 3:
            return []
        cuts = [
            i
            for i in range(3, len(word) - 2)
            if word[i - 1] not in _VOWELS
            and word[i] not in _VOWELS
            and word[i - 2] in _VOWELS
            and word[i + 1] in _VOWELS
            and word[i - 1 : i + 1] not in _CLUSTERS
        ]
    return [(word[:c], word[c:]) for c in reversed(cuts) if 2 <= c <= len(word) - 3]


# --------------------------------------------------------------------------- composing a report


def _day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _cap(text: str) -> str:
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
            "Board": _cap(review.board),
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
                sentence = f"{_cap(agency.worker)} {action} on {_day(when)}, and {outcome}."
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
                _cap(e.action) + ".",
                _cap(e.outcome) + ".",
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


# --------------------------------------------------------------------------- typesetting

_BOLD = {"Times-Roman": "Times-Bold", "Helvetica": "Helvetica-Bold"}
_ITALIC = {"Times-Roman": "Times-Italic", "Helvetica": "Helvetica-Oblique"}


def _collapse(text: str) -> str:
    return " ".join(text.split())


def kind_title(review: Review) -> str:
    return " ".join(
        word if word in {"of", "and"} else _cap(word) for word in review.review_kind.split()
    )


def header_parts(review: Review) -> tuple[str, ...]:
    if review.layout.header == "split":
        return (review.body_name, f"{review.subject}: {review.review_kind}")
    if review.modern:
        return (f"{review.body_name} — {review.subject}: {review.review_kind}",)
    return (f"{review.body_name} — {_cap(review.review_kind)}: {review.subject}",)


def title_lines(review: Review, reviewer: str) -> list[str]:
    lines = [review.body_name, kind_title(review), review.subject, "Overview report"]
    if review.title_note:
        lines.append(review.title_note)
    role = "Independent reviewer" if review.modern else "Independent overview author"
    lines += [f"{role}: {reviewer}", f"Published {MONTHS[review.month - 1]} {review.year}"]
    return lines


@dataclass(frozen=True)
class _Geometry:
    left: float
    right: float
    top: float
    bottom: float
    gutter: float

    @property
    def width(self) -> float:
        return WIDTH - self.left - self.right

    @property
    def height(self) -> float:
        return HEIGHT - self.top - self.bottom


def _geometry(layout: Layout) -> _Geometry:
    if layout.columns == 2:
        return _Geometry(18 * mm, 18 * mm, 24 * mm, 20 * mm, 8 * mm)
    return _Geometry(27 * mm, 27 * mm, 26 * mm, 24 * mm, 0)


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest size (down to 6pt) at which a header line fits: long area names are long."""
    while size > 6 and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def _page_furniture(
    review: Review, total: int, pages_seen: list[int]
) -> Callable[[pdfcanvas.Canvas, BaseDocTemplate], None]:
    lay = review.layout
    geo = _geometry(lay)
    parts = header_parts(review)
    font = "Helvetica"

    def draw(canv: pdfcanvas.Canvas, _doc: BaseDocTemplate) -> None:
        number = canv.getPageNumber()
        pages_seen.append(number)
        canv.saveState()
        head_y = HEIGHT - geo.top + 9 * mm
        if lay.official:
            canv.setFont("Helvetica-Bold", 8)
            canv.drawCentredString(WIDTH / 2, HEIGHT - 8 * mm, "OFFICIAL")
            canv.drawCentredString(WIDTH / 2, 6 * mm, "OFFICIAL")
        if len(parts) == 2:
            size = _fit(parts[0] + "    " + parts[1], font, 8, geo.width)
            canv.setFont(font, size)
            canv.drawString(geo.left, head_y, parts[0])
            canv.drawRightString(WIDTH - geo.right, head_y, parts[1])
        else:
            size = _fit(parts[0], font, 8, geo.width)
            canv.setFont(font, size)
            if lay.header == "centre":
                canv.drawCentredString(WIDTH / 2, head_y, parts[0])
            else:
                canv.drawString(geo.left, head_y, parts[0])
        canv.setStrokeColor(colors.grey)
        canv.setLineWidth(0.4)
        canv.line(geo.left, head_y - 2.5 * mm, WIDTH - geo.right, head_y - 2.5 * mm)
        canv.setFont(font, 8.5)
        label = lay.page_number.format(n=number, m=total)
        if lay.page_number == "{n}":
            canv.drawCentredString(WIDTH / 2, 12 * mm, label)
        else:
            canv.drawRightString(WIDTH - geo.right, 12 * mm, label)
        canv.restoreState()

    return draw


def _title_decoration(canv: pdfcanvas.Canvas, _doc: BaseDocTemplate) -> None:
    # A drawn emblem, no text: the title page carries no running header or footer.
    canv.saveState()
    canv.setFillColor(colors.HexColor("#1f4e79"))
    canv.rect(0, HEIGHT - 28 * mm, WIDTH, 28 * mm, stroke=0, fill=1)
    canv.setFillColor(colors.HexColor("#9dc3e6"))
    canv.circle(WIDTH - 35 * mm, HEIGHT - 14 * mm, 8 * mm, stroke=0, fill=1)
    canv.setFillColor(colors.white)
    canv.circle(WIDTH - 35 * mm, HEIGHT - 14 * mm, 4 * mm, stroke=0, fill=1)
    canv.restoreState()


def _flowables(review: Review, blocks: Sequence[Block], reviewer: str) -> list[Flowable]:
    lay = review.layout
    bold, italic = _BOLD[lay.font], _ITALIC[lay.font]
    size, leading = lay.font_size, lay.leading
    body = ParagraphStyle(
        "body",
        fontName=lay.font,
        fontSize=size,
        leading=leading,
        alignment=TA_JUSTIFY,
        spaceAfter=leading * 0.55,
        hyphenationLang=hyphenate,
    )
    numbered = ParagraphStyle(
        "numbered", parent=body, leftIndent=size * 2.2, bulletIndent=0, bulletFontName=lay.font
    )
    h1 = ParagraphStyle(
        "h1",
        fontName=bold,
        fontSize=size + 4,
        leading=size + 8,
        spaceBefore=leading,
        spaceAfter=leading * 0.5,
        keepWithNext=1,
        alignment=TA_LEFT,
    )
    h2 = ParagraphStyle(
        "h2",
        parent=h1,
        fontSize=size + 1.5,
        leading=size + 5,
        spaceBefore=leading * 0.6,
        spaceAfter=leading * 0.35,
    )
    caption = ParagraphStyle(
        "caption",
        parent=body,
        fontName=italic,
        fontSize=size - 1,
        alignment=TA_LEFT,
        keepWithNext=1,
    )
    cell = ParagraphStyle("cell", fontName=lay.font, fontSize=8.5, leading=10.5)
    cell_head = ParagraphStyle("cell_head", parent=cell, fontName=bold)

    lines = title_lines(review, reviewer)
    title_styles = {
        0: ParagraphStyle("t0", fontName=bold, fontSize=20, leading=26, spaceAfter=18),
        1: ParagraphStyle("t1", fontName=lay.font, fontSize=16, leading=22, spaceAfter=10),
        2: ParagraphStyle("t2", fontName=bold, fontSize=34, leading=42, spaceAfter=14),
        3: ParagraphStyle("t3", fontName=lay.font, fontSize=16, leading=22, spaceAfter=40),
    }
    small = ParagraphStyle("ts", fontName=lay.font, fontSize=12, leading=17, spaceAfter=4)
    story: list[Flowable] = [Spacer(1, 45 * mm)]
    story += [Paragraph(xml_escape(t), title_styles.get(i, small)) for i, t in enumerate(lines)]
    story += [NextPageTemplate("body"), PageBreak()]

    geo = _geometry(lay)
    frame_width = (geo.width - geo.gutter) / lay.columns
    for block in blocks:
        text = xml_escape(block.text)
        if block.kind == "h1":
            story.append(Paragraph(text, h1))
        elif block.kind == "h2":
            story.append(Paragraph(text, h2))
        elif block.kind == "para":
            story.append(Paragraph(text, body))
        elif block.kind == "rec":
            label = block.rows[0][0]
            if lay.rec_label:
                story.append(Paragraph(f"<b>{xml_escape(label)}</b> {text}", body))
            else:
                story.append(Paragraph(text, numbered, bulletText=label))
        elif block.kind == "table":
            story.append(Paragraph(text, caption))
            head, *rows = block.rows
            data = [[Paragraph(xml_escape(c), cell_head) for c in head]]
            data += [[Paragraph(xml_escape(c), cell) for c in row] for row in rows]
            widths = [frame_width * f for f in (0.15, 0.19, 0.33, 0.33)]
            table = Table(data, colWidths=widths, repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [table, Spacer(1, leading)]
    return story


def render(review: Review, blocks: Sequence[Block], reviewer: str, total: int) -> tuple[bytes, int]:
    """The PDF bytes and its page count; ``total`` is what "Page n of m" prints as m."""
    lay = review.layout
    geo = _geometry(lay)
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        invariant=1,
        title=f"{review.subject}: {review.review_kind}",
        author=reviewer,
        subject=review.body_name,
        creator=CREATOR,
        leftMargin=geo.left,
        rightMargin=geo.right,
        topMargin=geo.top,
        bottomMargin=geo.bottom,
    )
    title_frame = Frame(
        25 * mm, 20 * mm, WIDTH - 50 * mm, HEIGHT - 60 * mm, id="title", showBoundary=0
    )
    column = (geo.width - geo.gutter) / lay.columns
    frames = [
        Frame(
            geo.left + i * (column + geo.gutter),
            geo.bottom,
            column,
            geo.height,
            id=f"col{i}",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        for i in range(lay.columns)
    ]
    pages_seen: list[int] = []
    doc.addPageTemplates(
        [
            PageTemplate("title", [title_frame], onPage=_title_decoration),
            PageTemplate("body", frames, onPage=_page_furniture(review, total, pages_seen)),
        ]
    )
    doc.build(_flowables(review, blocks, reviewer))
    return buf.getvalue(), max(pages_seen, default=1)


def ground_truth(review: Review, blocks: Sequence[Block], reviewer: str, pages: int) -> dict:
    lay = review.layout
    paragraphs: list[str] = []
    recommendations: list[str] = []
    headings: list[str] = []
    tables: list[dict] = []
    executive_summary = ""
    last_heading = ""
    for block in blocks:
        if block.kind in {"h1", "h2"}:
            headings.append(block.text)
            last_heading = block.text
        elif block.kind == "para":
            paragraphs.append(_collapse(block.text))
            if last_heading.endswith("Executive summary") and not executive_summary:
                executive_summary = paragraphs[-1]
        elif block.kind == "rec":
            recommendations.append(_collapse(block.text))
            paragraphs.append(_collapse(f"{block.rows[0][0]} {block.text}"))
        elif block.kind == "table":
            tables.append(
                {
                    "caption": block.text,
                    "rows": [list(r) for r in block.rows],
                    "after": last_heading,
                }
            )
    furniture = list(header_parts(review))
    if lay.official:
        furniture.append("OFFICIAL")
    if "Page" in lay.page_number:
        furniture += [lay.page_number.format(n=n, m=pages) for n in range(2, pages + 1)]
    return {
        "path": review.path,
        "title": f"{review.area or 'Anonymous'} – {review.subject}",
        "pages": pages,
        "columns": lay.columns,
        "scanned": False,
        "headings": headings,
        "recommendations": recommendations,
        "header_footer_lines": furniture,
        "page_number_format": lay.page_number,
        "executive_summary": executive_summary,
        "title_page": title_lines(review, reviewer),
        "paragraphs": paragraphs,
        "tables": tables,
    }


def build_report(review: Review) -> tuple[bytes, dict]:
    blocks, writer = compose(review)
    # The first pass only counts pages, for "Page n of m"; the furniture never moves the text.
    _, pages = render(review, blocks, writer.reviewer, 0)
    data, again = render(review, blocks, writer.reviewer, pages)
    assert again == pages, (review.stem, pages, again)
    return data, ground_truth(review, blocks, writer.reviewer, pages)


# --------------------------------------------------------------------------- the scanned report

SCANNED_TITLE = (
    "Stoke-under-Hill Local Safeguarding Children Board",
    "Serious Case Review",
    "Child B",
    "Overview report",
    "Published June 2016",
)
SCANNED_PAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Executive summary",
        (
            "In the autumn of 2015 Child B, a girl of five months, was admitted to hospital with "
            "a fractured skull and bruising to her chest. Her father later admitted causing the "
            "injuries and received a prison sentence.",
            "The father had a history of violence in previous relationships. This was known to "
            "the probation service, which supervised him after an earlier conviction, but it was "
            "not known to children’s services or to the health visitor.",
            "An initial child protection conference was held in the summer of 2015 after a "
            "referral from the emergency department. The probation service was not invited to "
            "the conference and did not send a report, so the conference did not hear about the "
            "father’s history.",
        ),
    ),
    (
        "Recommendations",
        (
            "1. The Board should make sure that adult-facing services attend child protection "
            "conferences when they hold relevant information about a parent.",
            "2. The probation service should check, at the start of supervision, whether the "
            "person being supervised lives with or has contact with children.",
            "3. Children’s social care should ask the probation service for information about "
            "any adult in a household where a child protection enquiry is under way.",
            "4. The Board should revise its information sharing protocol so that it covers "
            "adult-facing services, and should audit its use after one year.",
        ),
    ),
)
SCAN_DPI = 150


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def scanned_images() -> list[Image.Image]:
    """Three page images, as a photocopied report fed through a scanner would give them."""
    size = (round(8.27 * SCAN_DPI), round(11.69 * SCAN_DPI))
    margin = round(1.0 * SCAN_DPI)
    fonts = {s: ImageFont.load_default(size=s) for s in (22, 30, 40, 56)}
    rng = random.Random(20160601)
    pages: list[Image.Image] = []

    title_page = Image.new("L", size, 250)
    draw = ImageDraw.Draw(title_page)
    y = round(3.0 * SCAN_DPI)
    for text, font_size, gap in zip(
        SCANNED_TITLE, (30, 30, 56, 30, 22), (60, 90, 90, 140, 0), strict=True
    ):
        draw.text((margin, y), text, font=fonts[font_size], fill=20)
        y += font_size + gap
    pages.append(title_page)

    for number, (heading, paragraphs) in enumerate(SCANNED_PAGES, start=2):
        page = Image.new("L", size, 250)
        draw = ImageDraw.Draw(page)
        draw.text(
            (margin, round(0.5 * SCAN_DPI)), "Serious Case Review: Child B", font=fonts[22], fill=60
        )
        y = margin + 20
        draw.text((margin, y), heading, font=fonts[40], fill=20)
        y += 80
        for text in paragraphs:
            for line in _wrap(draw, text, fonts[22], size[0] - 2 * margin):
                draw.text((margin, y), line, font=fonts[22], fill=20)
                y += 34
            y += 22
        draw.text((size[0] // 2 - 10, size[1] - margin // 2), str(number), font=fonts[22], fill=60)
        pages.append(page)

    scans = []
    for page in pages:
        # A slight skew and a scatter of specks: what OCR has to cope with, from a fixed seed.
        angle = rng.uniform(-0.6, 0.6)
        page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=250)
        draw = ImageDraw.Draw(page)
        for _ in range(400):
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            draw.point((x, y), fill=rng.randrange(90, 200))
        scans.append(page)
    return scans


def build_scanned() -> bytes:
    buf = io.BytesIO()
    canv = pdfcanvas.Canvas(buf, pagesize=A4, invariant=1)
    canv.setTitle("Serious Case Review: Child B")
    canv.setCreator(CREATOR)
    for image in scanned_images():
        jpeg = io.BytesIO()
        image.save(jpeg, format="JPEG", quality=55, optimize=True)
        jpeg.seek(0)
        # A JPEG reader is embedded as it is (DCTDecode), like a scanner's output.
        canv.drawImage(ImageReader(jpeg), 0, 0, WIDTH, HEIGHT)
        canv.showPage()
    canv.save()
    return buf.getvalue()


def scanned_truth() -> dict:
    return {
        "path": f"reports/{SCANNED_STEM}.pdf",
        "title": "Stoke-under-Hill – Child B",
        "pages": 1 + len(SCANNED_PAGES),
        "columns": 1,
        "scanned": True,
        "headings": [],
        "recommendations": [],
        "header_footer_lines": [],
        "page_number_format": "{n}",
        "executive_summary": "",
        "title_page": [],
        "paragraphs": [],
        "tables": [],
        # What OCR should recover, for the optional OCR path.
        "ocr_phrases": ["Child B", "Executive summary", "Recommendations", "probation service"],
    }


# --------------------------------------------------------------------------- the catalogue page


def catalogue_page(review: Review, pdf_bytes: int) -> str:
    """A library "publication details" page whose one PDF link is the report.

    The summary and subjects are written for ``CATALOGUE_STEM`` (Baby G).
    """
    size_kb = max(1, round(pdf_bytes / 1024))
    title = f"{review.subject}: {review.review_kind}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html_escape(title)} | Library catalogue</title>
<link rel="stylesheet" href="/static/catalogue.css">
</head>
<body>
<header class="site-header">
<a href="/">Home</a>
<a href="/case-reviews/recently-published-case-reviews">Case reviews</a>
<a href="/catalogue/search?q=serious+case+review">Search the catalogue</a>
</header>
<nav class="breadcrumb"><a href="/">Home</a> &gt;
<a href="/catalogue/search">Library catalogue</a> &gt; Publication details</nav>
<main>
<h1>{html_escape(title)}</h1>
<table class="record">
<tr><th>Title</th><td>{html_escape(review.body_name)} serious case review:
{html_escape(review.subject)}. Overview report</td></tr>
<tr><th>Author</th><td>{html_escape(review.body_name)}</td></tr>
<tr><th>Published</th><td>{MONTHS[review.month - 1]} {review.year}</td></tr>
<tr><th>Publisher</th><td>{html_escape(review.body_name)}</td></tr>
<tr><th>Series</th><td>Case reviews</td></tr>
<tr><th>Subjects</th><td>Child deaths; infants; fathers; head injuries</td></tr>
<tr><th>Shelfmark</th><td>SCR/{review.year}/WES/014</td></tr>
</table>
<h2>Summary</h2>
<p>Overview report of the serious case review into the death of an 11-week-old baby from a head
injury in 2012. Considers pre-birth assessment, the father’s own history of being in care and the
response to concerns raised by a neighbour. Makes recommendations to the board and its partner
agencies.</p>
<h2>Available formats</h2>
<ul class="downloads">
<li><a class="download" href="/{review.path}">Download the overview report</a>
(PDF, {size_kb} KB)</li>
</ul>
<p><a href="/preventing-abuse/child-protection-system/case-reviews/2014/">Back to case reviews
published in 2014</a></p>
</main>
<footer><a href="/privacy">Privacy</a> <a href="/accessibility">Accessibility</a></footer>
</body>
</html>
"""


# --------------------------------------------------------------------------- hostile files


def encrypted_pdf() -> bytes:
    buf = io.BytesIO()
    encryption = pdfencrypt.StandardEncryption(
        ENCRYPTED_PASSWORD, ownerPassword="owner-" + ENCRYPTED_PASSWORD
    )
    canv = pdfcanvas.Canvas(buf, pagesize=A4, invariant=1, encrypt=encryption)
    canv.setFont("Helvetica-Bold", 16)
    canv.drawString(72, 760, "1 Introduction")
    canv.setFont("Helvetica", 11)
    canv.drawString(
        72, 736, "This draft report is protected by a password and must not be extracted."
    )
    canv.showPage()
    canv.save()
    return buf.getvalue()


HTML_ERROR_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Page not found</title></head>
<body>
<h1>Sorry, we can’t find that page</h1>
<p>The document you asked for may have been moved or removed. Case review reports are removed
five years after publication.</p>
<p><a href="/">Return to the home page</a></p>
</body>
</html>
"""


def not_a_pdf() -> bytes:
    image = Image.new("RGB", (64, 48), (31, 78, 121))
    ImageDraw.Draw(image).rectangle((8, 8, 56, 40), outline=(255, 255, 255), width=3)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def write_huge_pdf(path: Path, megabytes: float) -> Path:
    """A valid one-page PDF of about ``megabytes`` MB: one big uncompressed grey image.

    The image bytes are pseudo-random, so the file cannot be compressed in transit either.
    """
    width = 1024
    rows = max(1, round(megabytes * 1024 * 1024 / width))
    rng = random.Random(5)
    content = (
        b"q 495 0 0 640 50 100 cm /Im1 Do Q\n"
        b"BT /F1 12 Tf 50 780 Td (This file is deliberately large.) Tj ET\n"
    )
    offsets: list[int] = []
    with open(path, "wb") as out:

        def obj(body: bytes) -> None:
            offsets.append(out.tell())
            out.write(f"{len(offsets)} 0 obj\n".encode() + body + b"\nendobj\n")

        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        obj(b"<< /Type /Catalog /Pages 2 0 R >>")
        obj(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        obj(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
            b" /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >> >>"
        )
        obj(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        obj(b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream")
        offsets.append(out.tell())
        out.write(
            b"6 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d"
            b" /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n"
            % (width, rows, width * rows)
        )
        left = width * rows
        while left:
            chunk = min(left, 1 << 20)
            out.write(rng.randbytes(chunk))
            left -= chunk
        out.write(b"\nendstream\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(
            b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(offsets) + 1, xref)
        )
    return path


def write_many_pages_pdf(path: Path, pages: int) -> Path:
    """A valid PDF of ``pages`` tiny pages, each saying which page it is (for page-cap tests)."""
    canv = pdfcanvas.Canvas(str(path), pagesize=(200, 100), invariant=1)
    for number in range(1, pages + 1):
        canv.setFont("Helvetica", 10)
        canv.drawString(20, 50, f"Sheet {number} of {pages}.")
        canv.showPage()
    canv.save()
    return path


# --------------------------------------------------------------------------- writing it all


def review_by_stem(stem: str) -> Review:
    for review in REVIEWS:
        if review.stem == stem:
            return review
    raise KeyError(stem)


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _write_json(path: Path, truth: dict) -> Path:
    return _write(path, json.dumps(truth, ensure_ascii=False, indent=2) + "\n")


def write_reports(
    out: Path,
    expected: Path | None = None,
    catalogue: Path | None = None,
    only: Iterable[str] | None = None,
) -> list[Path]:
    """Write the reports (all, or the stems in ``only``) and, when given a place, their extras.

    The scanned report, the catalogue page and the hostile files are written when ``only`` is
    None or names them (``SCANNED_STEM``, ``"catalogue"``, ``"hostile"``).
    """
    wanted = set(only) if only is not None else None
    written: list[Path] = []
    built: dict[str, bytes] = {}

    def want(name: str) -> bool:
        return wanted is None or name in wanted

    # The truncated file is cut from a real report, and the catalogue page prints its PDF's size.
    needed = {TRUNCATED_FROM} if want("hostile") else set()
    needed |= {CATALOGUE_STEM} if catalogue is not None and want("catalogue") else set()
    for review in REVIEWS:
        if not (want(review.stem) or review.stem in needed):
            continue
        data, truth = build_report(review)
        built[review.stem] = data
        if want(review.stem):
            written.append(_write(out / f"{review.stem}.pdf", data))
            if expected is not None:
                written.append(_write_json(expected / f"{review.stem}.json", truth))
    if want(SCANNED_STEM):
        written.append(_write(out / f"{SCANNED_STEM}.pdf", build_scanned()))
        if expected is not None:
            written.append(_write_json(expected / f"{SCANNED_STEM}.json", scanned_truth()))
    if catalogue is not None and want("catalogue"):
        page = catalogue_page(review_by_stem(CATALOGUE_STEM), len(built[CATALOGUE_STEM]))
        written.append(_write(catalogue / f"{CATALOGUE_STEM}.html", page))
    if want("hostile"):
        hostile = out / "hostile"
        source = built[TRUNCATED_FROM]
        cut = source[: int(len(source) * TRUNCATED_FRACTION)]
        written.append(_write(hostile / "truncated.pdf", cut))
        written.append(_write(hostile / "encrypted.pdf", encrypted_pdf()))
        written.append(_write(hostile / "html-as-pdf.pdf", HTML_ERROR_PAGE))
        written.append(_write(hostile / "not-a-pdf.pdf", not_a_pdf()))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_site.make_reports", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="reports directory")
    parser.add_argument(
        "--expected",
        type=Path,
        default=None,
        help="ground-truth directory (default: tests/expected/reports for the default --out, "
        "else OUT/expected)",
    )
    parser.add_argument(
        "--catalogue",
        type=Path,
        default=None,
        help="catalogue page directory (default: a 'catalogue' directory beside OUT)",
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    expected = args.expected or (
        DEFAULT_EXPECTED if out.resolve() == DEFAULT_OUT.resolve() else out / "expected"
    )
    catalogue = args.catalogue or out.resolve().parent / "catalogue"
    for path in write_reports(out, expected, catalogue):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

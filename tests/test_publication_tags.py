"""National publications are tagged with the reviews' taxonomy: from the title, the description
and the extracted attachments, after each harvest and by ``themes retag``; the JSON gains
``themes`` and ``agencies``, and the draft's National learning section says who each is for.

Real harvests of the sample site's GOV.UK-like API (real PDF extraction) through the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from cli import main
from db import Publication, open_database
from insight.store import update
from insight.taxonomy import default_taxonomy
from sample_site.govuk import NEW_PUBLICATION, copy_of
from sample_site.server import SiteServer

ORGANISATIONS = "child-safeguarding-practice-review-panel,department-for-education"
MISSING = copy_of(
    NEW_PUBLICATION,
    slug="national-review-children-missing-from-home",
    title="National review: children missing from home",
    description="The panel's national review for police forces and health visitors of children "
    "who went missing from home and were exploited.",
)


@pytest.fixture
def run(tmp_path: Path, db_url_factory) -> Iterator[Callable[..., Result]]:
    with SiteServer() as site:
        env = {
            "SCR_DIGEST_DB": db_url_factory(tmp_path),
            "SCR_DIGEST_CONFIG": "",
            "SCR_DIGEST_SMTP_URL": "",
            "SCR_DIGEST_REQUEST_DELAY": "0",
            "SCR_DIGEST_CONTACT": "test@example.org",
            "SCR_DIGEST_GOVUK_BASE_URL": site.base_url,
            "SCR_DIGEST_GOVUK_ORGANISATIONS": ORGANISATIONS,
            "SCR_DIGEST_SOURCES": site.url("/case-reviews/monthly-case-reviews-update"),
        }

        def invoke(*args: str) -> Result:
            return CliRunner().invoke(main, ["--data-dir", str(tmp_path), *args], env=env)

        invoke.site = site  # type: ignore[attr-defined]
        invoke.db_url = env["SCR_DIGEST_DB"]  # type: ignore[attr-defined]
        yield invoke


def listed(run: Callable[..., Result]) -> dict[str, dict[str, list[str]]]:
    result = run("publications", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return {
        row["title"]: {"themes": row["themes"], "agencies": row["agencies"]}
        for row in json.loads(result.output)
    }


def test_a_harvest_tags_national_publications_and_the_draft_says_who_they_are_for(
    run,
) -> None:
    first = run("harvest")
    assert first.exit_code == 0, first.output
    tags = listed(run)
    assert tags["Riverside lessons: a national review of safeguarding babies at home"] == {
        "themes": ["babies"],
        "agencies": [],
    }
    assert tags["Thematic review: neglect of adolescents"] == {
        "themes": ["neglect"],
        "agencies": [],
    }
    assert tags["Briefing paper: online harm and older children"] == {
        "themes": ["online_harm"],
        "agencies": [],
    }
    assert tags["Child Safeguarding Practice Review Panel: annual report 2025"] == {
        "themes": [],
        "agencies": [],
    }

    run.site.govuk.add(MISSING)  # type: ignore[attr-defined]
    assert run("harvest").exit_code == 0
    assert listed(run)[MISSING.title] == {
        "themes": ["exploitation"],
        "agencies": ["health", "police"],
    }
    new_id = next(
        row["id"]
        for row in json.loads(run("publications", "list", "--format", "json").output)
        if row["title"] == MISSING.title
    )
    shown = json.loads(run("publications", "show", str(new_id), "--format", "json").output)
    exploitation = next(tag for tag in shown["tags"] if tag["id"] == "exploitation")
    assert {"field": "description", "words": ["exploited"]} in exploitation["evidence"]
    # the attachment's extracted text is read too: the PDF's title page names it
    assert {"field": "attachment_text", "words": ["Exploitation"]} in exploitation["evidence"]
    text = run("publications", "show", str(new_id)).output
    assert "themes: Exploitation\n" in text and "relevant to: health, police\n" in text

    assert run("digest", "draft", "--month", "2026-11").exit_code == 0
    bulletin = run("digest", "show", "--month", "2026-11").output
    national = bulletin.split("National learning\n", 1)[1]
    assert (
        "- National review: children missing from home\n"
        "  20 November 2026 · Child Safeguarding Practice Review Panel\n"
        "  Relevant to: health, police\n"
    ) in national
    html = run("digest", "show", "--month", "2026-11", "--format", "html").output
    assert "<strong>Relevant to:</strong> health, police</p>" in html


def test_tags_follow_a_changed_publication_and_a_rerun_writes_nothing(run) -> None:
    assert run("harvest").exit_code == 0
    database = open_database(run.db_url)  # type: ignore[attr-defined]
    taxonomy = default_taxonomy()
    try:
        again = update(database, taxonomy)
        assert (again.publications, again.publications_tagged) == (6, 0)
        with database.session() as session:
            annual = session.scalar(
                select(Publication).where(Publication.title.startswith("Child Safeguarding"))
            )
            assert annual is not None
            annual.description = "What the panel learned about domestic abuse, for schools."
        changed = update(database, taxonomy)
        assert (changed.publications_tagged, changed.publication_tags_added) == (1, 3)
    finally:
        database.close()
    assert listed(run)["Child Safeguarding Practice Review Panel: annual report 2025"] == {
        "themes": ["domestic_abuse", "education"],
        "agencies": ["education"],
    }
    retag = run("themes", "retag", "--format", "json")
    assert retag.exit_code == 0, retag.output
    counts = json.loads(retag.output)
    assert counts["publications_tagged"] == 6  # retag redoes every one
    assert (counts["publication_tags_added"], counts["publication_tags_removed"]) == (0, 0)

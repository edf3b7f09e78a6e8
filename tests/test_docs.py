"""The README is generated from the code where it can be, and checked against it where not."""

from __future__ import annotations

import re

from tools.update_readme import README, render

ROOT = README.parent


def test_readme_is_up_to_date() -> None:
    current = README.read_text(encoding="utf-8")
    assert render(current) == current, "run: python -m tools.update_readme"


def _fault_matrix() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Fault matrix\n(.*?)(?=^## )", text, re.S | re.M)
    assert section, "README.md has no '## Fault matrix' section"
    return [line for line in section.group(1).splitlines() if line.startswith("| ")]


def test_every_fault_in_the_matrix_names_a_test_that_exists() -> None:
    # The matrix is the board's evidence that nothing is lost: a row citing a test that was
    # renamed or deleted would be a claim with nothing behind it.
    rows = [
        row
        for row in _fault_matrix()
        if not row.startswith(("| fault |", "| --- |")) and not set(row) <= set("|- ")
    ]
    assert len(rows) >= 30
    for row in rows:
        cited = re.findall(r"(tests/[\w/]+\.py)::(\w+)", row)
        assert cited, f"row cites no test: {row}"
        for path, name in cited:
            source = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).exists() else ""
            assert re.search(rf"^(async )?def {name}\(", source, re.M), f"{path}::{name} not found"

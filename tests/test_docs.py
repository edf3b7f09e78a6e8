"""The README's settings table and command reference are generated from the code and current."""

from __future__ import annotations

from tools.update_readme import README, render


def test_readme_is_up_to_date() -> None:
    current = README.read_text(encoding="utf-8")
    assert render(current) == current, "run: python -m tools.update_readme"

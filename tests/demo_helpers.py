"""One ``scr-digest demo`` shared by the tests that read what it printed and wrote (a fixture of
every test, through conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli import main


@dataclass(frozen=True)
class DemoRun:
    """``scr-digest demo`` as a user runs it: its output and the directory it filled."""

    result: Result
    demo_dir: Path


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """One ``scr-digest demo`` for the tests that read what it printed and wrote (each demo
    harvests and extracts the whole sample site, the suite's costliest step); tests that
    change the demo's directory work on a copy."""
    demo_dir = tmp_path_factory.mktemp("demo-run") / "demo"
    result = CliRunner().invoke(main, ["demo", "--dir", str(demo_dir)], catch_exceptions=False)
    return DemoRun(result, demo_dir)

"""One ``scr-digest demo`` shared by the tests that read what it printed and wrote (a fixture of
every test, through conftest.py)."""

from __future__ import annotations

import fcntl
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main


@dataclass(frozen=True)
class DemoResult:
    """What ``scr-digest demo`` printed: click's ``Result``, reduced to what a file can keep."""

    exit_code: int
    output: str  # stdout and stderr as the terminal shows them, interleaved
    stdout: str
    stderr: str


@dataclass(frozen=True)
class DemoRun:
    """``scr-digest demo`` as a user runs it: its output and the directory it filled."""

    result: DemoResult
    demo_dir: Path


def _run_demo(demo_dir: Path) -> DemoResult:
    result = CliRunner().invoke(main, ["demo", "--dir", str(demo_dir)], catch_exceptions=False)
    return DemoResult(result.exit_code, result.output, result.stdout, result.stderr)


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> DemoRun:
    """One ``scr-digest demo`` for the tests that read what it printed and wrote (each demo
    harvests and extracts the whole sample site, the suite's costliest step); tests that
    change the demo's directory work on a copy. Under xdist the workers share one run (the
    pattern of xdist's documentation): the first to ask makes it under a lock, the others
    read what it printed from a file beside it."""
    if worker_id == "master":  # no xdist: this process is the only one
        demo_dir = tmp_path_factory.mktemp("demo-run") / "demo"
        return DemoRun(_run_demo(demo_dir), demo_dir)
    shared = tmp_path_factory.getbasetemp().parent / "demo-run"
    shared.mkdir(exist_ok=True)
    demo_dir, printed = shared / "demo", shared / "printed.json"
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not printed.exists():
            printed.write_text(json.dumps(asdict(_run_demo(demo_dir))), encoding="utf-8")
    return DemoRun(DemoResult(**json.loads(printed.read_text(encoding="utf-8"))), demo_dir)
